//! Visits and desk queues.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::registry::visit::{NewHandOver, NewVisit, QueueEntry, QueueStatus, Visit};
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Log a visit and queue the person at desks of the office.
#[utoipa::path(post, path = "/api/v1/people/{id}/visits", tag = "visits",
    params(("id" = Uuid, Path)),
    request_body = NewVisit,
    responses((status = 201, body = Visit), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewVisit>,
) -> Result<(StatusCode, Json<Visit>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_visit(&call, id, &input).await?)))
}

/// A person's visits, newest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/visits", tag = "visits",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Visit>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Visit>>, AppError> {
    Ok(Json(state.app.visits(&call, id).await?))
}

/// Who is waiting at which desk of an office.
#[utoipa::path(get, path = "/api/v1/offices/{id}/queue", tag = "visits",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<QueueEntry>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn queue(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<QueueEntry>>, AppError> {
    Ok(Json(state.app.queue(&call, id).await?))
}

/// Call a waiting visitor to a desk.
#[utoipa::path(post, path = "/api/v1/visits/{id}/desks/{desk}/call", tag = "visits",
    params(("id" = Uuid, Path), ("desk" = String, Path, description = "Organisation code of the desk")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, description = "Not waiting", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn call(
    State(state): State<AppState>,
    CallCtx(ctx, _): CallCtx,
    ApiPath((id, desk)): ApiPath<(Uuid, String)>,
) -> Result<StatusCode, AppError> {
    state.app.advance_queue(&ctx, id, &desk, QueueStatus::Called).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark a visitor served at a desk.
#[utoipa::path(post, path = "/api/v1/visits/{id}/desks/{desk}/serve", tag = "visits",
    params(("id" = Uuid, Path), ("desk" = String, Path, description = "Organisation code of the desk")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, description = "Served already", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn serve(
    State(state): State<AppState>,
    CallCtx(ctx, _): CallCtx,
    ApiPath((id, desk)): ApiPath<(Uuid, String)>,
) -> Result<StatusCode, AppError> {
    state.app.advance_queue(&ctx, id, &desk, QueueStatus::Served).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hand a person over to a partner serving at the caller's office: she is
/// queued at the partner's desk once her consent to share with it is in
/// force (else 422 `consent_required`).
#[utoipa::path(post, path = "/api/v1/people/{id}/handovers", tag = "visits",
    params(("id" = Uuid, Path)),
    request_body = NewHandOver,
    responses(
        (status = 201, description = "Queued at the partner's desk", body = Visit),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already waiting at that desk", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn hand_over(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewHandOver>,
) -> Result<(StatusCode, Json<Visit>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.hand_over(&call, id, &input).await?)))
}

/// Who waits at the caller's organisation's desk, at every office.
#[utoipa::path(get, path = "/api/v1/me/desk", tag = "visits",
    responses((status = 200, body = Vec<QueueEntry>)),
    security(("bearer" = [])))]
pub async fn my_desk(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<QueueEntry>>, AppError> {
    Ok(Json(state.app.waiting_at_my_desk(&call).await?))
}
