//! `/api/v1`: exchange rates and SDG 10.7.1.

use axum::body::Body;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::reports::exchange::{NewRate, Rate};
use satuatap_core::reports::sdgs::{SdgFilter, SdgReport};
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

pub(crate) fn date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "invalid_date").with("value", raw.trim()))
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
