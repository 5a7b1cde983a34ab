//! `/api/v1/auth` and `/api/v1/me`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};
use satuatap_core::access::{Grant, RoleCode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::ApiJson;
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    username: String,
    password: String,
    /// Six digits from an authenticator app, when the user has enrolled one.
    #[serde(default)]
    totp: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    /// Send it as `Authorization: Bearer <token>`.
    token: String,
    expires_at: DateTime<Utc>,
}

/// Exchange a user name and password for a bearer token.
///
/// Wrong credentials answer 401 the same way whether the user exists or not.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 201, body = TokenResponse),
        (status = 401, description = "Wrong credentials, or the account is locked or disabled", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn token(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), AppError> {
    let t = state.app.issue_token(&call, &req.username, &req.password, req.totp.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(TokenResponse { token: t.token, expires_at: t.expires_at })))
}

/// Revoke the bearer token this request carries.
#[utoipa::path(post, path = "/api/v1/auth/revoke", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(AppError(satuatap_core::Error::Unauthenticated))?;
    state.app.revoke_token(&call, token.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    id: Uuid,
    username: String,
    organisation_id: Uuid,
    home_area_code: String,
    roles: Vec<RoleCode>,
    grants: Vec<Grant>,
}

/// The signed-in user, their roles and what they may do.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn me(CallCtx(call, _): CallCtx) -> Result<Json<Me>, AppError> {
    let u = call.actor.user().ok_or(AppError(satuatap_core::Error::Unauthenticated))?;
    Ok(Json(Me {
        id: u.id,
        username: u.username.clone(),
        organisation_id: u.organisation_id,
        home_area_code: u.home_area.as_str().to_string(),
        roles: u.roles.clone(),
        grants: u.grants.clone(),
    }))
}
