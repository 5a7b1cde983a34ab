//! Areas browser: Indonesia → province → regency/city → kecamatan → village,
//! with the organisations and offices in each.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use satuatap_core::areas::area::{Area, AreaFilter, AreaLevel};
use satuatap_core::organisations::organisation::{OfficeFilter, OrganisationFilter};
use satuatap_core::paging::PageRequest;
use serde::Deserialize;

use crate::error::AppError;
use crate::organisations::pages::offices::Row as OfficeRow;
use crate::organisations::pages::organisations::Row as OrgRow;
use crate::page::{encode, render, PageCtx, Pager};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct AreaQuery {
    q: Option<String>,
    offset: Option<u64>,
}

#[derive(Template)]
#[template(path = "areas/areas.html")]
struct AreaPage {
    ctx: PageCtx,
    title: String,
    code: Option<String>,
    level_label: Option<String>,
    ancestors: Vec<Area>,
    offices: Vec<OfficeRow>,
    organisations: Vec<OrgRow>,
    more_organisations_url: Option<String>,
    children_label: Option<String>,
    base_url: String,
    q: String,
    children: Vec<Area>,
    pager: Pager,
}

const ORGS_SHOWN: u32 = 20;

/// `GET /areas`: the provinces.
pub async fn root(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<AreaQuery>,
) -> Result<Response, AppError> {
    let filter = AreaFilter { level: Some(AreaLevel::Province), name: query.q.clone(), ..Default::default() };
    let page = state.app.areas(&filter, PageRequest::new(Some(100), query.offset)).await?;
    let q = query.q.unwrap_or_default();
    let pager = ctx.pager(&page, "/areas", &[("q", q.as_str())]);
    render(&AreaPage {
        title: ctx.t("areas-indonesia"),
        code: None,
        level_label: None,
        ancestors: Vec::new(),
        offices: Vec::new(),
        organisations: Vec::new(),
        more_organisations_url: None,
        children_label: Some(ctx.t("area-children-province")),
        base_url: "/areas".into(),
        q,
        children: page.items,
        pager,
        ctx,
    })
}

/// `GET /areas/{code}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(query): Query<AreaQuery>,
) -> Result<Response, AppError> {
    let detail = state.app.area(&code).await?;
    let area = detail.area;
    let base_url = format!("/areas/{}", area.code);
    let q = query.q.clone().unwrap_or_default();
    let (children, pager, children_label) = match area.level.child() {
        Some(child) => {
            let filter = AreaFilter { parent: Some(area.code.clone()), name: query.q.clone(), ..Default::default() };
            let page = state.app.areas(&filter, PageRequest::new(Some(100), query.offset)).await?;
            let pager = ctx.pager(&page, &base_url, &[("q", q.as_str())]);
            (page.items, pager, Some(ctx.t(&format!("area-children-{}", child.as_str()))))
        }
        None => (Vec::new(), Pager { total: 0, text: String::new(), prev_url: None, next_url: None }, None),
    };
    // Organisations and offices are listed from the regency down.
    let (organisations, more_organisations_url, offices) = if area.level >= AreaLevel::Regency {
        let orgs = state
            .app
            .organisations(
                &OrganisationFilter { within: Some(area.code.clone()), ..Default::default() },
                PageRequest::first(ORGS_SHOWN),
            )
            .await?;
        let more = (orgs.total > u64::from(ORGS_SHOWN))
            .then(|| format!("/organisations?{}", encode(&[("within", area.code.as_str())])));
        let offices = state
            .app
            .offices(&OfficeFilter { within: Some(area.code.clone()), ..Default::default() }, PageRequest::first(100))
            .await?;
        (
            orgs.items.into_iter().map(|o| OrgRow::new(&ctx, o)).collect(),
            more,
            offices.items.into_iter().map(|o| OfficeRow::new(&ctx, o)).collect(),
        )
    } else {
        (Vec::new(), None, Vec::new())
    };
    render(&AreaPage {
        title: area.name.clone(),
        code: Some(area.code.as_str().to_string()),
        level_label: Some(ctx.t(&format!("area-level-{}", area.level.as_str()))),
        ancestors: detail.ancestors,
        offices,
        organisations,
        more_organisations_url,
        children_label,
        base_url,
        q,
        children,
        pager,
        ctx,
    })
}
