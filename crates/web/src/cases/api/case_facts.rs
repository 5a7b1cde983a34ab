//! A case's classification, restriction and GBV incident.

use axum::extract::State;
use axum::Json;
use satuatap_core::cases::record::{Case, Classification, Incident, NewIncident};
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Set the complaint categories and the forced-labour and trafficking
/// indicators; trafficking indicators restrict the case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/classify", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = Classification,
    responses((status = 200, body = Case), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn classify(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Classification>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(state.app.classify_case(&call, id, &input).await?))
}

/// The owner restricts a case that shows forced-labour or trafficking indicators.
#[utoipa::path(post, path = "/api/v1/cases/{id}/restrict", tag = "cases",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Case),
        (status = 403, description = "Only the owner", body = ErrorBody),
        (status = 409, description = "`already_restricted` or `no_indicators`", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn restrict(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(state.app.restrict_case(&call, id).await?))
}

/// Record or correct the GBV incident (the type follows from the answers).
#[utoipa::path(put, path = "/api/v1/cases/{id}/incident", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewIncident,
    responses(
        (status = 200, body = Incident),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`not_a_gbv_case`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn put_incident(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewIncident>,
) -> Result<Json<Incident>, AppError> {
    Ok(Json(state.app.record_incident(&call, id, &input).await?))
}

/// The GBV incident of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/incident", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Incident), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn incident(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Incident>, AppError> {
    Ok(Json(state.app.incident(&call, id).await?))
}
