//! Migration episodes under a person.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::registry::episode::{Episode, NewEpisode};
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Record a migration episode (the person's stage follows their latest).
#[utoipa::path(post, path = "/api/v1/people/{id}/episodes", tag = "people",
    params(("id" = Uuid, Path)),
    request_body = NewEpisode,
    responses(
        (status = 201, body = Episode),
        (status = 403, description = "`consent_required`: not shared with the caller's organisation", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`person_merged`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewEpisode>,
) -> Result<(StatusCode, Json<Episode>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_episode(&call, id, &input).await?)))
}

/// A person's migration episodes, oldest departure first.
#[utoipa::path(get, path = "/api/v1/people/{id}/episodes", tag = "people",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Episode>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Episode>>, AppError> {
    Ok(Json(state.app.episodes(&call, id).await?))
}
