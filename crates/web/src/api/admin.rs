//! `/api/v1/users`, `/api/v1/roles`, `/api/v1/audit`.

use axum::extract::State;
use axum::Json;
use satuatap_core::audit::AuditEntry;
use satuatap_core::paging::Page;
use satuatap_core::repo::AuditFilter;
use satuatap_core::users::{Role, UserFilter, UserSummary};
use serde::Deserialize;

use super::{ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of the user name or display name.
    q: Option<String>,
}

/// Users within the caller's scope (all, their district, or their organisation).
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    params(UserQuery, Paging),
    responses((status = 200, body = Page<UserSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn users(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<UserQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<UserSummary>>, AppError> {
    let filter = UserFilter { query: q.q, ..Default::default() };
    Ok(Json(state.app.users(&call, filter, paging.request()).await?))
}

/// The roles and their permissions (data).
#[utoipa::path(get, path = "/api/v1/roles", tag = "users",
    responses((status = 200, body = Vec<Role>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn roles(State(state): State<AppState>, CallCtx(call, _): CallCtx) -> Result<Json<Vec<Role>>, AppError> {
    Ok(Json(state.app.roles(&call).await?))
}

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
    let filter = AuditFilter { actor_id: None, action: q.action, entity: q.entity, entity_id: q.entity_id };
    Ok(Json(state.app.audit_log(&call, &filter, paging.request()).await?))
}
