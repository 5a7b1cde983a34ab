//! `/api/v1/offices`.

use axum::extract::State;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::organisations::organisation::{OfficeDetail, OfficeFilter, OfficeKind, OfficeSummary};
use satuatap_core::paging::Page;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{optional, ApiPath, ApiQuery, Paging};
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
