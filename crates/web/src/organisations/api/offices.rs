//! `/api/v1/offices`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::organisations::organisation::{
    NewOffice, OfficeChanges, OfficeDetail, OfficeFilter, OfficeKind, OfficeMember, OfficeSummary,
};
use satuatap_core::paging::Page;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{optional, ApiJson, ApiPath, ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficeQuery {
    /// `ltsa_mrc_office` or `village_information_centre`.
    kind: Option<String>,
    /// Only offices in this area or inside it.
    within: Option<String>,
    /// Only offices run by this organisation.
    organisation_id: Option<Uuid>,
}

/// List offices.
#[utoipa::path(get, path = "/api/v1/offices", tag = "offices",
    params(OfficeQuery, Paging),
    responses(
        (status = 200, body = Page<OfficeSummary>),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<OfficeQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<OfficeSummary>>, AppError> {
    let filter = OfficeFilter {
        kind: optional(&query.kind, |v| OfficeKind::parse("kind", v))?,
        within: optional(&query.within, |v| AreaCode::parse("within", v))?,
        organisation_id: query.organisation_id,
    };
    Ok(Json(state.app.offices(&filter, paging.request()?).await?))
}

/// One office with its operator and the organisations serving there.
#[utoipa::path(get, path = "/api/v1/offices/{id}", tag = "offices",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = OfficeDetail),
        (status = 404, body = ErrorBody),
    ))]
pub async fn show(State(state): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> Result<Json<OfficeDetail>, AppError> {
    Ok(Json(state.app.office(id).await?))
}

/// Add an office run by an organisation, which serves under its roof from the start (national
/// administrators anywhere, district coordinators in their district).
#[utoipa::path(post, path = "/api/v1/offices", tag = "offices",
    request_body = NewOffice,
    responses(
        (status = 201, body = OfficeDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed in the office's area", body = ErrorBody),
        (status = 409, description = "The code is taken; `field` is `code`", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewOffice>,
) -> Result<(StatusCode, Json<OfficeDetail>), AppError> {
    let office = state.app.create_office(&call, &input).await?;
    Ok((StatusCode::CREATED, Json(state.app.office(office.id).await?)))
}

/// Change an office: the fields sent (an empty phone is cleared); the code stays. A new operator
/// joins the roof.
#[utoipa::path(patch, path = "/api/v1/offices/{id}", tag = "offices",
    params(("id" = Uuid, Path)),
    request_body = OfficeChanges,
    responses(
        (status = 200, body = OfficeDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed where the office is or would be", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(changes): ApiJson<OfficeChanges>,
) -> Result<Json<OfficeDetail>, AppError> {
    let office = state.app.update_office(&call, id, &changes).await?;
    Ok(Json(state.app.office(office.id).await?))
}

/// Add an organisation under the office's roof (a desk); adding one that serves there already
/// changes nothing.
#[utoipa::path(post, path = "/api/v1/offices/{id}/members", tag = "offices",
    params(("id" = Uuid, Path)),
    request_body = OfficeMember,
    responses(
        (status = 200, body = OfficeDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed in the office's area", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "The organisation is unknown", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn add_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(member): ApiJson<OfficeMember>,
) -> Result<Json<OfficeDetail>, AppError> {
    let office = state.app.add_office_member(&call, id, &member.organisation_code).await?;
    Ok(Json(state.app.office(office.id).await?))
}

/// Take an organisation from under the office's roof (not its operator).
#[utoipa::path(post, path = "/api/v1/offices/{id}/members/remove", tag = "offices",
    params(("id" = Uuid, Path)),
    request_body = OfficeMember,
    responses(
        (status = 200, body = OfficeDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed in the office's area", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "Unknown, not serving there, or the operator", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn remove_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(member): ApiJson<OfficeMember>,
) -> Result<Json<OfficeDetail>, AppError> {
    let office = state.app.remove_office_member(&call, id, &member.organisation_code).await?;
    Ok(Json(state.app.office(office.id).await?))
}
