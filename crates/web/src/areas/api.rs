//! `/api/v1/areas`.

use axum::extract::State;
use axum::Json;
use satuatap_core::areas::area::{Area, AreaCode, AreaDetail, AreaFilter, AreaLevel, AreaMatch};
use satuatap_core::paging::Page;
use satuatap_core::FieldError;
use serde::Deserialize;

use crate::api::{optional, ApiPath, ApiQuery, Paging};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    /// Areas directly inside this one (e.g. `32.09` lists its kecamatan).
    parent: Option<String>,
    /// `province`, `regency`, `district` (kecamatan) or `village`.
    level: Option<String>,
    /// Part of the name, case-insensitive.
    q: Option<String>,
}

/// List areas.
#[utoipa::path(get, path = "/api/v1/areas", tag = "areas",
    params(AreaQuery, Paging),
    responses(
        (status = 200, description = "A page of areas, by code", body = Page<Area>),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AreaQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Area>>, AppError> {
    let filter = AreaFilter {
        parent: optional(&query.parent, |v| AreaCode::parse("parent", v))?,
        level: optional(&query.level, |v| {
            v.parse::<AreaLevel>().map_err(|()| FieldError::new("level", "unknown_code").with("value", v))
        })?,
        name: query.q,
    };
    Ok(Json(state.app.areas(&filter, paging.request()?).await?))
}

/// One area, with the areas above it.
#[utoipa::path(get, path = "/api/v1/areas/{code}", tag = "areas",
    params(("code" = String, Path, description = "Kemendagri code, e.g. `32.09.01.2008`")),
    responses(
        (status = 200, body = AreaDetail),
        (status = 404, description = "No such area", body = ErrorBody),
    ))]
pub async fn show(State(state): State<AppState>, ApiPath(code): ApiPath<String>) -> Result<Json<AreaDetail>, AppError> {
    Ok(Json(state.app.area(&code).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AreaSearch {
    /// Words of the names of the area and the areas above it, e.g.
    /// `dompyong gebang`.
    #[param(max_length = 200)]
    q: String,
    /// Only areas of this level.
    #[param(value_type = Option<AreaLevel>)]
    level: Option<String>,
}

/// The areas found by the area picker.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AreaMatches {
    /// At most 20, exact names first.
    pub items: Vec<AreaMatch>,
}

/// Search areas by name, as the area picker does.
#[utoipa::path(get, path = "/api/v1/areas/search", tag = "areas",
    params(AreaSearch),
    responses(
        (status = 200, description = "The areas whose names fit, best first", body = AreaMatches),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AreaSearch>,
) -> Result<Json<AreaMatches>, AppError> {
    let levels = match optional(&query.level, |v| {
        v.parse::<AreaLevel>().map_err(|()| FieldError::new("level", "unknown_code").with("value", v))
    })? {
        Some(l) => vec![l],
        None => AreaLevel::ALL.to_vec(),
    };
    if query.q.chars().count() > 200 {
        return Err(AppError(satuatap_core::Error::Invalid(vec![FieldError::new("q", "too_long").with("max", 200)])));
    }
    Ok(Json(AreaMatches { items: state.app.search_areas(&query.q, &levels, 20).await? }))
}
