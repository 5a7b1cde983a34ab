//! `/api/v1/organisations`.

use axum::extract::State;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::organisations::organisation::{
    OrgKind, OrganisationDetail, OrganisationFilter, OrganisationSummary,
};
use satuatap_core::paging::Page;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{optional, ApiPath, ApiQuery, Paging};
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
