//! `/api/v1/directory`: the service directory (public knowledge, like the
//! organisation directory) and its Open Referral HSDS 3.x export.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::directory::model::{
    NewService, ServiceCategory, ServiceDetail, ServiceFilter, ServiceGroup, ServiceStatus, ServiceSummary,
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
pub struct ServiceQuery {
    /// Category code, e.g. `shelter`.
    category: Option<String>,
    /// Category group: `administrative`, `information`, `counselling`, `protection`, `empowerment`.
    group: Option<String>,
    /// Services of this area, inside it, or serving it from above (e.g. `32.09` also finds the
    /// province's services and those of its villages).
    within: Option<String>,
    /// Only this organisation's services.
    organisation_id: Option<Uuid>,
    /// `active`, `inactive`, `defunct`, `temporarily_closed`.
    status: Option<String>,
    /// Part of the service's or the organisation's name, or of the description.
    q: Option<String>,
}

/// List and search services.
#[utoipa::path(get, path = "/api/v1/directory/services", tag = "directory",
    params(ServiceQuery, Paging),
    responses(
        (status = 200, body = Page<ServiceSummary>),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ServiceQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<ServiceSummary>>, AppError> {
    let filter = ServiceFilter {
        category: optional(&query.category, |v| ServiceCategory::parse("category", v))?,
        group: optional(&query.group, |v| ServiceGroup::parse("group", v))?,
        within: optional(&query.within, |v| AreaCode::parse("within", v))?,
        organisation_id: query.organisation_id,
        status: optional(&query.status, |v| ServiceStatus::parse("status", v))?,
        q: query.q,
    };
    Ok(Json(state.app.services(&filter, paging.request()?).await?))
}

/// One service with its organisation, area, locations and phone lines.
#[utoipa::path(get, path = "/api/v1/directory/services/{id}", tag = "directory",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ServiceDetail), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> Result<Json<ServiceDetail>, AppError> {
    Ok(Json(state.app.service(id).await?))
}

/// Add a service (district coordinators for their district, administrators).
#[utoipa::path(post, path = "/api/v1/directory/services", tag = "directory",
    request_body = NewService,
    responses(
        (status = 201, body = ServiceDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed in the service's area", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewService>,
) -> Result<(StatusCode, Json<ServiceDetail>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.create_service(&call, &input).await?)))
}

/// Replace a service: its fields, hours, phone lines and locations.
#[utoipa::path(put, path = "/api/v1/directory/services/{id}", tag = "directory",
    params(("id" = Uuid, Path)),
    request_body = NewService,
    responses(
        (status = 200, body = ServiceDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not allowed in the service's area", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewService>,
) -> Result<Json<ServiceDetail>, AppError> {
    Ok(Json(state.app.update_service(&call, id, &input).await?))
}

/// The whole directory as one Open Referral HSDS 3.x document: organizations with their
/// locations and services (service_at_locations, phones, schedules, languages, service_areas,
/// cost_options, taxonomy terms as attributes), the taxonomy and its terms. Labels follow
/// `Accept-Language`.
#[utoipa::path(get, path = "/api/v1/directory/hsds", tag = "directory",
    responses((status = 200, description = "HSDS 3.x document", body = Object)))]
pub async fn hsds(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<serde_json::Value>, AppError> {
    let lang = crate::page::api_lang(&headers);
    let i18n = state.i18n.clone();
    let label = move |key: &str| i18n.t(lang, key);
    Ok(Json(state.app.hsds_export(&label, lang.code()).await?))
}
