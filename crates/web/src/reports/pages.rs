//! `/reports/sdg-10-7-1`: SDG 10.7.1 with its conventions; and
//! `/admin/exchange-rates`: the rates it converts with, one at a time or a
//! CSV file at once.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::{AuthCheck, Permission, Scope};
use satuatap_core::reports::exchange::{NewRate, Rate};
use satuatap_core::reports::sdgs::{SdgReport, SdgRow};
use serde::Deserialize;

use super::api::SdgQuery;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{district_choices, field_errors, form_refusals, render, render_again, Choice, PageCtx};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    currency: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    idr_per_unit: String,
    #[serde(default)]
    source: String,
    /// The pasted file, for the import form.
    #[serde(default)]
    csv: String,
}

#[derive(Template)]
#[template(path = "reports/exchange_rates.html")]
struct RatesPage {
    ctx: PageCtx,
    rates: Vec<Rate>,
    f: RateForm,
    errors: Vec<String>,
}

async fn rates_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    f: RateForm,
    errors: Vec<String>,
) -> Result<RatesPage, AppError> {
    let rates = state.app.rates(call, None).await?;
    Ok(RatesPage { ctx, rates, f, errors })
}

/// `GET /admin/exchange-rates`.
pub async fn rates(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&rates_page(&state, &call, ctx, RateForm::default(), Vec::new()).await?)
}

/// `POST /admin/exchange-rates`: one rate.
pub async fn put_rate(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<RateForm>,
) -> Result<Response, AppError> {
    let input = NewRate {
        currency: f.currency.clone(),
        date: f.date.clone(),
        idr_per_unit: f.idr_per_unit.clone(),
        source: f.source.clone(),
    };
    match state.app.put_rate(&call, &input).await {
        Ok(_) => Ok(Redirect::to("/admin/exchange-rates").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&rates_page(&state, &call, ctx, f, errors).await?)
        }
    }
}

/// `POST /admin/exchange-rates/import`: the pasted CSV file, all or nothing.
pub async fn import_rates(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<RateForm>,
) -> Result<Response, AppError> {
    let result = match super::csv_rates::read(f.csv.as_bytes()) {
        Ok(rows) => state.app.import_rates(&call, &rows).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/exchange-rates").into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            render_again(&rates_page(&state, &call, ctx, f, errors).await?)
        }
    }
}

/// A row of a breakdown as shown: n, mean, median, Q1, Q3 and the share
/// above a month, formatted; none of them when suppressed.
pub struct Shown {
    group: String,
    suppressed: bool,
    cells: Vec<Option<String>>,
}

/// A table of the page: its caption and rows.
pub struct Breakdown {
    title: String,
    rows: Vec<Shown>,
}

fn figure(v: Option<f64>) -> Option<String> {
    v.map(|x| format!("{x:.2}"))
}

fn shown(row: &SdgRow, label: String) -> Shown {
    let f = row.figures.as_ref();
    Shown {
        group: label,
        suppressed: row.n.is_suppressed(),
        cells: vec![
            row.n.value().map(|n| n.to_string()),
            f.and_then(|s| figure(s.mean)),
            f.and_then(|s| figure(s.median)),
            f.and_then(|s| figure(s.q1)),
            f.and_then(|s| figure(s.q3)),
            f.and_then(|s| s.share_above_one_month).map(|x| format!("{:.0}%", x * 100.0)),
        ],
    }
}

#[derive(Template)]
#[template(path = "reports/sdg.html")]
struct SdgPage {
    ctx: PageCtx,
    districts: Vec<Choice>,
    all_districts: bool,
    from: String,
    to: String,
    overall: Shown,
    breakdowns: Vec<Breakdown>,
    without_earnings: Option<i64>,
    without_rate: Option<i64>,
    k: i64,
    errors: Vec<String>,
}

fn country(ctx: &PageCtx, code: &str) -> String {
    let key = format!("country-{code}");
    if ctx.has(&key) {
        format!("{} ({code})", ctx.t(&key))
    } else {
        code.to_string()
    }
}

fn labelled(ctx: &PageCtx, list: &str, code: &str) -> String {
    let key = format!("{list}-{code}");
    if ctx.has(&key) {
        ctx.t(&key)
    } else {
        ctx.t("report-unknown")
    }
}

/// `GET /reports/sdg-10-7-1[?district=&from=&to=]`.
pub async fn sdg(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<SdgQuery>,
) -> Result<Response, AppError> {
    let all_districts =
        AuthCheck::new(Permission::ReportsAggregate).check(&call.actor).is_ok_and(|s| s.covers(Scope::All));
    let (report, errors): (Option<SdgReport>, Vec<String>) = match q.filter() {
        Ok(filter) => match state.app.sdg_10_7_1(&call, &filter).await {
            Ok(r) => (Some(r), Vec::new()),
            Err(e) => (None, field_errors(&state, &ctx, e)?),
        },
        Err(AppError(e)) => (None, field_errors(&state, &ctx, e)?),
    };
    let selected = q.filter().ok().and_then(|f| f.district);
    let districts = if all_districts { district_choices(&state, selected.as_ref()).await? } else { Vec::new() };
    let report = match report {
        Some(r) => r,
        None => {
            // The filter was refused: the page again with its messages and an empty report.
            let empty = state.app.sdg_10_7_1(&call, &Default::default()).await?;
            return render_again(&page(ctx, districts, all_districts, &q, empty, errors));
        }
    };
    render(&page(ctx, districts, all_districts, &q, report, errors))
}

fn page(
    ctx: PageCtx,
    districts: Vec<Choice>,
    all_districts: bool,
    q: &SdgQuery,
    r: SdgReport,
    errors: Vec<String>,
) -> SdgPage {
    let breakdowns = vec![
        Breakdown {
            title: ctx.t("sdg-by-sex"),
            rows: r.by_sex.iter().map(|row| shown(row, labelled(&ctx, "sex", &row.group))).collect(),
        },
        Breakdown {
            title: ctx.t("sdg-by-destination"),
            rows: r.by_destination.iter().map(|row| shown(row, country(&ctx, &row.group))).collect(),
        },
        Breakdown {
            title: ctx.t("sdg-by-occupation"),
            rows: r
                .by_occupation_group
                .iter()
                .map(|row| shown(row, labelled(&ctx, "occupation-group", &row.group)))
                .collect(),
        },
        Breakdown {
            title: ctx.t("sdg-by-sector"),
            rows: r.by_sector.iter().map(|row| shown(row, labelled(&ctx, "sector", &row.group))).collect(),
        },
    ];
    SdgPage {
        overall: shown(&r.overall, ctx.t("report-all")),
        breakdowns,
        without_earnings: r.without_earnings.value(),
        without_rate: r.without_rate.value(),
        k: r.k,
        districts,
        all_districts,
        from: q.from.clone().unwrap_or_default(),
        to: q.to.clone().unwrap_or_default(),
        ctx,
        errors,
    }
}
