//! `/reports`: the dashboard — one indicator at a time, filtered by period,
//! place, sex and age group, with its trend by month and its breakdown as
//! SVG charts and as the table they draw; `/reports/indicators`: the
//! catalogue; `/reports/export`: the table as CSV or XLSX.

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::response::Response;
use satuatap_core::access::{AuthCheck, Permission, Scope};
use satuatap_core::community::activity::AgeGroup;
use satuatap_core::reports::catalogue::{indicator, Dimension, INDICATORS};

use super::api::{indicator_views, IndicatorView};
use super::chart::{bars, Chart, ChartText};
use super::params::{HeadlineParams, TableParams};
use super::view::{Labeller, ShownHeadline, ShownTable};
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{district_choices, field_errors, render, render_again, Choice, PageCtx};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "reports/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    q: TableParams,
    indicators: Vec<Choice>,
    dimensions: Vec<Choice>,
    districts: Vec<Choice>,
    sexes: Vec<Choice>,
    age_groups: Vec<Choice>,
    all_districts: bool,
    errors: Vec<String>,
    table: Option<ShownTable>,
    headline: Option<ShownHeadline>,
    trend: Option<Chart>,
    breakdown: Option<Chart>,
    k: i64,
    sensitive_left_out: bool,
    can_export: bool,
    can_lines: bool,
    export_query: String,
    indicator_code: String,
}

fn choices(items: impl IntoIterator<Item = (String, String)>, selected: &str) -> Vec<Choice> {
    items.into_iter().map(|(code, label)| Choice { selected: code == selected, code, label }).collect()
}

/// `GET /reports[?indicator=&period=&from=&to=&by=&district=&sex=&age_group=]`.
pub async fn dashboard(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    // Unknown parameters are ignored on the page (the API refuses them).
    let raw = raw.unwrap_or_default();
    let mut q: TableParams = known_params(&raw);
    if q.indicator.trim().is_empty() {
        q.indicator = "people_served".into();
    }
    let scope = AuthCheck::new(Permission::ReportsAggregate).check(&call.actor)?;
    let all_districts = scope.covers(Scope::All);
    let can_export = AuthCheck::new(Permission::ReportsExport).check(&call.actor).is_ok();
    let l = Labeller { i18n: &state.i18n, lang: ctx.lang };
    let ind = indicator(q.indicator.trim());
    let indicators = choices(
        INDICATORS
            .iter()
            .filter(|i| i.available())
            .map(|i| (i.code.to_string(), l.t(&format!("indicator-{}", i.code)))),
        q.indicator.trim(),
    );
    let dimensions = choices(
        ind.map(|i| i.dimension_codes())
            .unwrap_or_default()
            .into_iter()
            .filter(|d| *d != Dimension::Period)
            .map(|d| (d.as_str().to_string(), l.t(&format!("dimension-{}", d.as_str())))),
        q.by.as_deref().unwrap_or_default(),
    );
    let sexes = choices(
        ["female", "male"].iter().map(|s| (s.to_string(), l.t(&format!("sex-{s}")))),
        q.sex.as_deref().unwrap_or_default(),
    );
    let age_groups = choices(
        AgeGroup::ALL.iter().map(|a| (a.as_str().to_string(), l.t(&format!("age-group-{}", a.as_str())))),
        q.age_group.as_deref().unwrap_or_default(),
    );
    let selected = q.district.as_deref().and_then(|d| satuatap_core::areas::area::AreaCode::parse("district", d).ok());
    let districts = if all_districts { district_choices(&state, selected.as_ref()).await? } else { Vec::new() };
    // The table and the headline of its period and place, asked together.
    let hq = HeadlineParams {
        period: q.period.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        district: q.district.clone(),
    };
    let (result, headline) = match (q.request(), hq.request()) {
        (Ok(req), Ok(hreq)) => {
            let (table, headline) = state.app.table_and_headline(&call, &req, &hreq).await;
            (table.map_err(AppError), Some(headline))
        }
        (Err(e), _) | (Ok(_), Err(e)) => (Err(e), None),
    };
    let export_query = form_urlencoded::Serializer::new(String::new()).extend_pairs(q.pairs()).finish();
    let mut page = DashboardPage {
        indicator_code: q.indicator.trim().to_string(),
        ctx,
        q,
        indicators,
        dimensions,
        districts,
        sexes,
        age_groups,
        all_districts,
        errors: Vec::new(),
        table: None,
        headline: None,
        trend: None,
        breakdown: None,
        k: state.app.suppression_k(),
        sensitive_left_out: false,
        can_export,
        can_lines: satuatap_core::reports::lines::may_export_lines(&call.actor),
        export_query,
    };
    match result {
        Ok(t) => {
            // The table's question was valid, so was the headline's.
            if let Some(headline) = headline {
                page.headline = Some(l.headline(&headline?));
            }
            let shown = l.table(&t);
            let unit = shown.unit.clone();
            page.trend = Some(bars(
                ChartText {
                    id: "chart-trend",
                    title: format!("{} — {}", shown.title, l.t("report-trend")),
                    desc: l.t("report-chart-desc"),
                    x_label: l.t("report-month"),
                    y_label: unit.clone(),
                    mark: shown.mark.clone(),
                },
                &shown
                    .trend
                    .iter()
                    .map(|p| (p.label.clone(), p.value, p.value.text(l.lang, &shown.mark)))
                    .collect::<Vec<_>>(),
            ));
            if t.by.is_some() && !shown.rows.is_empty() {
                page.breakdown = Some(bars(
                    ChartText {
                        id: "chart-breakdown",
                        title: format!("{} — {}", shown.title, shown.row_header),
                        desc: l.t("report-chart-desc"),
                        x_label: shown.row_header.clone(),
                        y_label: unit,
                        mark: shown.mark.clone(),
                    },
                    &shown
                        .rows
                        .iter()
                        .map(|r| (r.label.clone(), r.total, r.total.text(l.lang, &shown.mark)))
                        .collect::<Vec<_>>(),
                ));
            }
            page.k = t.k;
            page.sensitive_left_out = t.sensitive_left_out;
            page.table = Some(shown);
            render(&page)
        }
        Err(AppError(e)) => {
            page.errors = field_errors(&state, &page.ctx, e)?;
            render_again(&page)
        }
    }
}

/// The page's query, leniently: what it does not know is left out.
fn known_params(raw: &str) -> TableParams {
    let known: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .filter(|(k, _)| {
            matches!(k.as_str(), "indicator" | "period" | "from" | "to" | "by")
                || TableParams::default().filters().iter().any(|(name, _)| name == k)
        })
        .collect();
    let text = form_urlencoded::Serializer::new(String::new()).extend_pairs(known).finish();
    format!("/?{text}")
        .parse::<axum::http::Uri>()
        .ok()
        .and_then(|uri| Query::<TableParams>::try_from_uri(&uri).ok())
        .map(|Query(q)| q)
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "reports/indicators.html")]
struct CataloguePage {
    ctx: PageCtx,
    indicators: Vec<IndicatorView>,
}

impl CataloguePage {
    fn dimension(&self, d: &Dimension) -> String {
        self.ctx.t(&format!("dimension-{}", d.as_str()))
    }
}

/// `GET /reports/indicators`.
pub async fn catalogue(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, AppError> {
    let indicators = indicator_views(&state, ctx.lang);
    render(&CataloguePage { ctx, indicators })
}

/// `GET /reports/export?format=csv|xlsx&…`.
pub async fn export(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    super::export::respond(&state, &call, ctx.lang, raw.as_deref().unwrap_or_default()).await
}
