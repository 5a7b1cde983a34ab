//! `/api/v1/organisations`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::organisations::organisation::{
    NewOrganisation, OrgKind, OrganisationChanges, OrganisationDetail, OrganisationFilter, OrganisationSummary,
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
pub struct OrganisationQuery {
    /// Organisation kind code (e.g. `trade_union`).
    kind: Option<String>,
    /// Only organisations in this area or inside it (e.g. `32.09`).
    within: Option<String>,
    /// Part of the name or code, case-insensitive.
    q: Option<String>,
}

/// List organisations.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations",
    params(OrganisationQuery, Paging),
    responses(
        (status = 200, body = Page<OrganisationSummary>),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<OrganisationQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<OrganisationSummary>>, AppError> {
    let filter = OrganisationFilter {
        kind: optional(&query.kind, |v| OrgKind::parse("kind", v))?,
        within: optional(&query.within, |v| AreaCode::parse("within", v))?,
        query: query.q,
    };
    Ok(Json(state.app.organisations(&filter, paging.request()?).await?))
}

/// One organisation with its area and offices.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = OrganisationDetail),
        (status = 404, body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<OrganisationDetail>, AppError> {
    Ok(Json(state.app.organisation(id).await?))
}

/// Add an organisation (national administrators anywhere, district coordinators in their
/// district). Answers the organisation as `GET` shows it.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations",
    request_body = NewOrganisation,
    responses(
        (status = 201, body = OrganisationDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed in the organisation's area", body = ErrorBody),
        (status = 409, description = "The code is taken; `field` is `code`", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, Json<OrganisationDetail>), AppError> {
    let org = state.app.create_organisation(&call, &input).await?;
    Ok((StatusCode::CREATED, Json(state.app.organisation(org.id).await?)))
}

/// Change an organisation: the fields sent (an empty optional field is cleared); the code stays.
#[utoipa::path(patch, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = Uuid, Path)),
    request_body = OrganisationChanges,
    responses(
        (status = 200, body = OrganisationDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed where the organisation is or would be", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(changes): ApiJson<OrganisationChanges>,
) -> Result<Json<OrganisationDetail>, AppError> {
    let org = state.app.update_organisation(&call, id, &changes).await?;
    Ok(Json(state.app.organisation(org.id).await?))
}
