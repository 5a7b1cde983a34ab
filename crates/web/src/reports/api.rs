//! `/api/v1`: the indicator catalogue, indicator tables and their export,
//! exchange rates and SDG 10.7.1.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::reports::catalogue::{Dimension, Measure, Unit, INDICATORS};
use satuatap_core::reports::dhis2::Dhis2Mapping;
use satuatap_core::reports::exchange::{NewRate, Rate};
use satuatap_core::reports::headline::Headline;
use satuatap_core::reports::sdgs::{SdgFilter, SdgReport};
use satuatap_core::reports::tables::ReportTable;

use super::params::{date, ExportFormat, HeadlineParams, TableParams};
use satuatap_core::{Error, FieldError};
use serde::{Deserialize, Serialize};

use crate::api::{optional, ApiJson, ApiQuery};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RateQuery {
    /// ISO 4217 code.
    currency: Option<String>,
}

/// The recorded exchange rates to rupiah, newest first.
#[utoipa::path(get, path = "/api/v1/exchange-rates", tag = "reports",
    params(RateQuery),
    responses((status = 200, body = Vec<Rate>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn rates(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<RateQuery>,
) -> Result<Json<Vec<Rate>>, AppError> {
    Ok(Json(state.app.rates(&call, q.currency.as_deref().filter(|c| !c.trim().is_empty())).await?))
}

/// Record (or correct) the rate of a currency from a day (administrators).
#[utoipa::path(put, path = "/api/v1/exchange-rates", tag = "reports",
    request_body = NewRate,
    responses((status = 200, body = Rate), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_rate(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewRate>,
) -> Result<Json<Rate>, AppError> {
    Ok(Json(state.app.put_rate(&call, &input).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Imported {
    /// Rates recorded.
    pub imported: u64,
}

/// Import exchange rates from a CSV file (`currency,date,idr_per_unit,source`, a header first):
/// all of them, or none when a line is refused (`field` names it: `rows[<line>].<column>`).
#[utoipa::path(post, path = "/api/v1/exchange-rates/import", tag = "reports",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, body = Imported),
        (status = 403, body = ErrorBody),
        (status = 422, description = "`missing_column`, `not_csv`, or a line's field", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn import_rates(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    body: Body,
) -> Result<Json<Imported>, AppError> {
    let bytes = axum::body::to_bytes(body, 2 * 1024 * 1024)
        .await
        .map_err(|_| AppError(Error::Invalid(vec![FieldError::new("file", "too_large_mb").with("max", 2)])))?;
    let rows = super::csv_rates::read(&bytes)?;
    Ok(Json(Imported { imported: state.app.import_rates(&call, &rows).await? }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SdgQuery {
    /// A district (regency) code, e.g. `32.09`.
    pub(crate) district: Option<String>,
    /// First departures on or after this day (`YYYY-MM-DD`).
    pub(crate) from: Option<String>,
    /// …and on or before this day.
    pub(crate) to: Option<String>,
}

impl SdgQuery {
    pub(crate) fn filter(&self) -> Result<SdgFilter, AppError> {
        Ok(SdgFilter {
            district: optional(&self.district, |v| AreaCode::parse("district", v))?,
            from: optional(&self.from, |v| date("from", v))?,
            to: optional(&self.to, |v| date("to", v))?,
        })
    }
}

/// SDG indicator 10.7.1: recruitment cost borne by the worker as a proportion of her first
/// month's earnings abroad (n, mean, median, quartiles, share above one month), overall and by
/// sex, destination, occupation group and sector; small groups suppressed.
#[utoipa::path(get, path = "/api/v1/reports/sdg-10-7-1", tag = "reports",
    params(SdgQuery),
    responses((status = 200, body = SdgReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn sdg(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<SdgQuery>,
) -> Result<Json<SdgReport>, AppError> {
    Ok(Json(state.app.sdg_10_7_1(&call, &q.filter()?).await?))
}

/// An indicator of the catalogue, in the caller's language.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IndicatorView {
    pub code: &'static str,
    pub name: String,
    pub definition: String,
    pub unit: Unit,
    /// What it may be broken down by (`period` always).
    pub dimensions: Vec<Dimension>,
    /// The records it is counted from.
    pub sources: Vec<&'static str>,
    /// GBV or trafficking: a higher suppression threshold, never by organisation.
    pub sensitive: bool,
    /// Whether the indicator tables compute it (else listed, or on a page of its own).
    pub available: bool,
    /// Where to see it: the dashboard, or its own page; none when not computed yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

pub(crate) fn indicator_views(state: &AppState, lang: crate::i18n::Lang) -> Vec<IndicatorView> {
    INDICATORS
        .iter()
        .map(|i| IndicatorView {
            code: i.code,
            name: state.i18n.t(lang, &format!("indicator-{}", i.code)),
            definition: state.i18n.t(lang, &format!("indicator-{}-definition", i.code)),
            unit: i.unit,
            dimensions: i.dimension_codes(),
            sources: i.sources.to_vec(),
            sensitive: i.sensitive,
            available: i.available(),
            page: match i.measure {
                _ if i.available() => Some(format!("/reports?indicator={}", i.code)),
                Measure::OwnPage { path } => Some(path.to_string()),
                _ => None,
            },
        })
        .collect()
}

/// The indicator catalogue: code, name and definition (in the language of `Accept-Language`),
/// unit, dimensions, sources.
#[utoipa::path(get, path = "/api/v1/reports/indicators", tag = "reports",
    responses((status = 200, body = Vec<IndicatorView>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn indicators(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    headers: HeaderMap,
) -> Result<Json<Vec<IndicatorView>>, AppError> {
    satuatap_core::access::AuthCheck::new(satuatap_core::access::Permission::ReportsAggregate).check(&call.actor)?;
    Ok(Json(indicator_views(&state, crate::page::api_lang(&headers))))
}

/// One indicator as a table: rows by the `by` dimension, columns by sex where the indicator has
/// it, margins, a trend by month; counts under the threshold `k` suppressed (`"suppressed"`),
/// with as many others as it takes that none can be worked out. A coordinator reads her
/// district, a supervisor what her organisation did.
#[utoipa::path(get, path = "/api/v1/reports/table", tag = "reports",
    params(TableParams),
    responses((status = 200, body = ReportTable), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn table(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<TableParams>,
) -> Result<Json<ReportTable>, AppError> {
    Ok(Json(state.app.report_table(&call, &q.request()?).await?))
}

/// The table as a file (`format=csv` or `xlsx`), with translated headers, suppressed counts
/// marked; audited with its filters and rows.
#[utoipa::path(get, path = "/api/v1/reports/export", tag = "reports",
    params(ExportFormat, TableParams),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn export(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    super::export::respond(&state, &call, crate::page::api_lang(&headers), raw.as_deref().unwrap_or_default()).await
}

/// The programme's headline for a period: people served by sex, family members, women reached,
/// people organised and trained, village information centres, local regulations — each the
/// total of its indicator's table (same scope, same suppression). What the caller's scope
/// cannot read is left out.
#[utoipa::path(get, path = "/api/v1/reports/headline", tag = "reports",
    params(HeadlineParams),
    responses((status = 200, body = Headline), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn headline(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<HeadlineParams>,
) -> Result<Json<Headline>, AppError> {
    Ok(Json(state.app.headline(&call, &q.request()?).await?))
}

/// The DHIS2 mapping: the data set, each district's organisation unit, each indicator's (and
/// disaggregation's) data element and category option combo, by code.
#[utoipa::path(get, path = "/api/v1/reports/dhis2/mapping", tag = "reports",
    responses((status = 200, body = Dhis2Mapping), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn dhis2_mapping(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Dhis2Mapping>, AppError> {
    Ok(Json(state.app.dhis2_mapping(&call).await?))
}

/// Replace the whole DHIS2 mapping (administrators). Refusals name the line:
/// `org_units[<i>].<field>`, `elements[<i>].<field>`.
#[utoipa::path(put, path = "/api/v1/reports/dhis2/mapping", tag = "reports",
    request_body = Dhis2Mapping,
    responses((status = 200, body = Dhis2Mapping), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_dhis2_mapping(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<Dhis2Mapping>,
) -> Result<Json<Dhis2Mapping>, AppError> {
    Ok(Json(state.app.put_dhis2_mapping(&call, &input).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Dhis2Query {
    /// `202601`, `2026Q1` or `2026`.
    pub period: String,
    /// `json` (dataValueSets, the default) or `adx`.
    pub format: Option<String>,
    /// One mapped district (regency) code; else every mapped district the caller reports on.
    pub district: Option<String>,
}

/// A period for DHIS2: a `dataValueSets` document (JSON) or ADX (XML), identifiers by code;
/// suppressed figures and zeros (unless the element stores zeros) left out. Audited as an export.
#[utoipa::path(get, path = "/api/v1/reports/dhis2", tag = "reports",
    params(Dhis2Query),
    responses(
        (status = 200, description = "The file", content(
            (super::dhis2::DataValueSet = "application/json"),
            (String = "application/adx+xml"),
        )),
        (status = 403, body = ErrorBody),
        (status = 422, description = "A bad period or format, a district not mapped, or no mapping yet (`dhis2_not_configured`)", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn dhis2(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<Dhis2Query>,
) -> Result<Response, AppError> {
    let district = q.district.as_deref().filter(|d| !d.trim().is_empty());
    super::dhis2::respond(&state, &call, &q.period, district, q.format.as_deref().unwrap_or_default()).await
}
