//! Complaints and mediation on labour cases; transfers of cases.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::cases::complaint::{
    Complaint, NewComplaint, NewEscalation, NewSession, NewSettlement, NewTransfer, Transfer,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Name the respondent (placement agency or employer) and the claims.
#[utoipa::path(put, path = "/api/v1/cases/{id}/complaint", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewComplaint,
    responses((status = 200, body = Complaint), (status = 404, body = ErrorBody), (status = 409, description = "`not_a_labour_case`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewComplaint>,
) -> Result<Json<Complaint>, AppError> {
    Ok(Json(state.app.set_complaint(&call, id, &input).await?))
}

/// The complaint, its mediation sessions, settlement and escalations.
#[utoipa::path(get, path = "/api/v1/cases/{id}/complaint", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Complaint), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Complaint>, AppError> {
    Ok(Json(state.app.complaint(&call, id).await?))
}

/// Record a mediation session.
#[utoipa::path(post, path = "/api/v1/cases/{id}/complaint/sessions", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewSession,
    responses((status = 201, body = Complaint), (status = 404, body = ErrorBody), (status = 409, description = "`not_a_labour_case`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_session(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewSession>,
) -> Result<(StatusCode, Json<Complaint>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_mediation_session(&call, id, &input).await?)))
}

/// Record the settlement and the amount recovered.
#[utoipa::path(post, path = "/api/v1/cases/{id}/complaint/settlement", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewSettlement,
    responses((status = 200, body = Complaint), (status = 404, body = ErrorBody), (status = 409, description = "`not_a_labour_case`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn settle(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewSettlement>,
) -> Result<Json<Complaint>, AppError> {
    Ok(Json(state.app.settle(&call, id, &input).await?))
}

/// Record an escalation to a formal channel (BP3MI, labour inspection, police, court).
#[utoipa::path(post, path = "/api/v1/cases/{id}/complaint/escalations", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewEscalation,
    responses((status = 201, body = Complaint), (status = 404, body = ErrorBody), (status = 409, description = "`not_a_labour_case`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn escalate(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewEscalation>,
) -> Result<(StatusCode, Json<Complaint>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.escalate(&call, id, &input).await?)))
}

/// Ask another organisation (of this or another district) to take the case over.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transfer", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewTransfer,
    responses((status = 201, body = Transfer), (status = 404, body = ErrorBody), (status = 409, description = "`transfer_pending`, `case_closed`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn request(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewTransfer>,
) -> Result<(StatusCode, Json<Transfer>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.request_transfer(&call, id, &input).await?)))
}

/// The transfers of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/transfers", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Transfer>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn of_case(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Transfer>>, AppError> {
    Ok(Json(state.app.case_transfers(&call, id).await?))
}

/// Transfers waiting for the caller's organisation.
#[utoipa::path(get, path = "/api/v1/transfers/incoming", tag = "cases",
    responses((status = 200, body = Vec<Transfer>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn incoming(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<Transfer>>, AppError> {
    Ok(Json(state.app.incoming_transfers(&call).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferAnswer {
    /// Required when declining.
    pub comment: Option<String>,
}

/// Accept a transfer: the case moves here, the accepting supervisor owns it.
#[utoipa::path(post, path = "/api/v1/transfers/{id}/accept", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Transfer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn accept(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Transfer>, AppError> {
    Ok(Json(state.app.decide_transfer(&call, id, true, None).await?))
}

/// Decline a transfer, saying why.
#[utoipa::path(post, path = "/api/v1/transfers/{id}/decline", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = TransferAnswer,
    responses((status = 200, body = Transfer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn decline(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<TransferAnswer>,
) -> Result<Json<Transfer>, AppError> {
    Ok(Json(state.app.decide_transfer(&call, id, false, input.comment.as_deref()).await?))
}
