//! `/api/v1/audit`: the audit log, within need-to-know.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use satuatap_core::audit::chain::AuditEntry;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::paging::Page;
use satuatap_core::repo::AuditFilter;
use serde::Deserialize;
use uuid::Uuid;

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
    /// Entries about this person: herself, her cases and her visits.
    person_id: Option<Uuid>,
    /// Entries about this case and its referrals.
    case_id: Option<Uuid>,
    /// Entries by this user.
    actor_id: Option<Uuid>,
    /// From this day on, inclusive: `YYYY-MM-DD`, a day of the office's time
    /// zone (the server's `time_zone`, default Asia/Jakarta). Times in the
    /// answer are UTC.
    from: Option<NaiveDate>,
    /// Up to this day, inclusive: `YYYY-MM-DD`, a day of the office's time zone.
    to: Option<NaiveDate>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "users",
    params(AuditQuery, Paging),
    responses((status = 200, body = Page<AuditEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "A parameter is invalid", body = ErrorBody)),
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
        person_id: q.person_id,
        case_id: q.case_id,
        actor_id: q.actor_id,
        from: q.from,
        to: q.to,
        ..Default::default()
    };
    Ok(Json(state.app.audit_log(&call, &filter, paging.request()?).await?))
}
