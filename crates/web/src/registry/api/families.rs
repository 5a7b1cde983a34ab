//! Family members and households.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::registry::family::{Household, NewHousehold, NewRelative, Relative};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Link a registered relative to a person.
#[utoipa::path(post, path = "/api/v1/people/{id}/relatives", tag = "people",
    params(("id" = Uuid, Path)),
    request_body = NewRelative,
    responses(
        (status = 201, body = Relative),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_linked`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn add_relative(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewRelative>,
) -> Result<(StatusCode, Json<Relative>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_relative(&call, id, &input).await?)))
}

/// A person's relatives, with what each is to the person.
#[utoipa::path(get, path = "/api/v1/people/{id}/relatives", tag = "people",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Relative>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn relatives(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Relative>>, AppError> {
    Ok(Json(state.app.relatives(&call, id).await?))
}

/// Form a household around its head.
#[utoipa::path(post, path = "/api/v1/households", tag = "people",
    request_body = NewHousehold,
    responses((status = 201, body = Household), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_household(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewHousehold>,
) -> Result<(StatusCode, Json<Household>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.create_household(&call, &input).await?)))
}

/// A household and its members.
#[utoipa::path(get, path = "/api/v1/households/{id}", tag = "people",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Household), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn household(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Household>, AppError> {
    Ok(Json(state.app.household(&call, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    pub person_id: Uuid,
}

/// Add a registered person to a household (they leave any earlier one).
#[utoipa::path(post, path = "/api/v1/households/{id}/members", tag = "people",
    params(("id" = Uuid, Path)),
    request_body = NewMember,
    responses((status = 200, body = Household), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewMember>,
) -> Result<Json<Household>, AppError> {
    Ok(Json(state.app.add_household_member(&call, id, input.person_id).await?))
}
