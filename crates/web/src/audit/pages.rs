//! The audit log's page: the entries a reader may know of, newest first,
//! filtered by action (every action the log records), entity and id.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::AuditFilter;
use serde::Deserialize;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{optional, render, Choice, ListShape, PageCtx, Pager};
use crate::state::AppState;

pub struct AuditRow {
    seq: i64,
    at: String,
    actor_name: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    details: String,
}

const LIST: ListShape = ListShape { action: "/admin/audit", trigger: "change from:select, submit", none: "audit-none" };

#[derive(Template)]
#[template(path = "audit/admin_audit.html")]
struct AuditPage {
    ctx: PageCtx,
    list: ListShape,
    /// Every action the log records, the chosen one selected.
    actions: Vec<Choice>,
    entity: String,
    entity_id: String,
    items: Vec<AuditRow>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    action: Option<String>,
    entity: Option<String>,
    entity_id: Option<String>,
    offset: Option<u64>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

pub async fn audit(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let filter = AuditFilter {
        actor_id: None,
        action: optional(&q.action, |v| AuditAction::parse("action", v))?,
        entity: optional(&q.entity, |v| AuditEntity::parse("entity", v))?,
        entity_id: non_empty(&q.entity_id),
        ..Default::default()
    };
    let page = state.app.audit_log(&call, &filter, PageRequest::new(None, q.offset)).await?;
    let (action, entity, entity_id) = (
        filter.action.map(AuditAction::as_str).unwrap_or_default().to_string(),
        filter.entity.map(AuditEntity::as_str).unwrap_or_default().to_string(),
        filter.entity_id.clone().unwrap_or_default(),
    );
    let actions = Choice::list(&ctx, "audit-action", AuditAction::ALL.iter().map(|a| a.as_str()), &action);
    let pager =
        ctx.pager(&page, "/admin/audit", &[("action", &action), ("entity", &entity), ("entity_id", &entity_id)]);
    let items = page
        .items
        .into_iter()
        .map(|e| AuditRow {
            seq: e.seq,
            at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor_name: e.actor_name,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            details: e.details.to_string(),
        })
        .collect();
    render(&AuditPage { ctx, list: LIST, actions, entity, entity_id, items, pager })
}
