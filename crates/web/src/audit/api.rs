//! `/api/v1/audit`: the audit log, within need-to-know.

use axum::extract::State;
use axum::Json;
use satuatap_core::audit::chain::AuditEntry;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::paging::Page;
use satuatap_core::repo::AuditFilter;
use serde::Deserialize;

use crate::api::{optional, ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `sign_in_failed`, `create`.
    action: Option<String>,
    /// e.g. `user`, `organisation`.
    entity: Option<String>,
    entity_id: Option<String>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "users",
    params(AuditQuery, Paging),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn audit(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<AuditQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    // Documented as text; only the codes the log writes are accepted.
    let filter = AuditFilter {
        action: optional(&q.action, |v| AuditAction::parse("action", v))?,
        entity: optional(&q.entity, |v| AuditEntity::parse("entity", v))?,
        entity_id: q.entity_id,
        ..Default::default()
    };
    Ok(Json(state.app.audit_log(&call, &filter, paging.request()?).await?))
}
