//! `/api/v1/users`, `/api/v1/roles`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::identity::users::{NewUser, Role, UserFilter, UserSummary};
use satuatap_core::paging::Page;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath, ApiQuery, Paging};
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
    Ok(Json(state.app.users(&call, filter, paging.request()?).await?))
}

/// A new user. The roles given must be within the caller's own
/// permissions and scopes, the organisation and home area within their
/// reach (`403 role_not_held` otherwise, recorded in the audit log). The
/// account reaches no restricted record until a supervisor of its
/// organisation confirms it.
#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    request_body = NewUser,
    responses((status = 201, body = UserSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserSummary>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.create_user(&call, &input).await?)))
}

/// A supervisor of the account's organisation confirms it for restricted
/// records (GBV and trafficking cases, confidential registrations).
#[utoipa::path(post, path = "/api/v1/users/{id}/confirm", tag = "users",
    params(("id" = Uuid, Path, description = "The user")),
    responses((status = 200, body = UserSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn confirm_user(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<UserSummary>, AppError> {
    Ok(Json(state.app.decide_restricted_access(&call, id, true).await?))
}

/// A supervisor of the account's organisation refuses (or withdraws) its
/// access to restricted records.
#[utoipa::path(post, path = "/api/v1/users/{id}/refuse", tag = "users",
    params(("id" = Uuid, Path, description = "The user")),
    responses((status = 200, body = UserSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn refuse_user(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<UserSummary>, AppError> {
    Ok(Json(state.app.decide_restricted_access(&call, id, false).await?))
}

/// The roles and their permissions (data).
#[utoipa::path(get, path = "/api/v1/roles", tag = "users",
    responses((status = 200, body = Vec<Role>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn roles(State(state): State<AppState>, CallCtx(call, _): CallCtx) -> Result<Json<Vec<Role>>, AppError> {
    Ok(Json(state.app.roles(&call).await?))
}
