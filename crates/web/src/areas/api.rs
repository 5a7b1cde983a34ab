//! `/api/v1/areas`.

use axum::extract::State;
use axum::Json;
use satuatap_core::areas::area::{Area, AreaCode, AreaDetail, AreaFilter, AreaLevel};
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
