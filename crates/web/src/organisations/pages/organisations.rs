//! Organisations browser.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use satuatap_core::areas::area::{Area, AreaCode};
use satuatap_core::organisations::organisation::{OrgKind, Organisation, OrganisationFilter, OrganisationSummary};
use satuatap_core::paging::PageRequest;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::page::{district_choices, optional, render, Choice, ListShape, PageCtx, Pager};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    kind: Option<String>,
    within: Option<String>,
    offset: Option<u64>,
}

pub struct Row {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind_label: String,
    pub area_name: String,
}

impl Row {
    pub fn new(ctx: &PageCtx, o: OrganisationSummary) -> Self {
        Self {
            kind_label: ctx.label("org-kind", o.kind.as_str()),
            id: o.id,
            code: o.code,
            name: o.name,
            area_name: o.area_name,
        }
    }
}

/// The list page's shape (`list.html`).
const LIST: ListShape = ListShape {
    action: "/organisations",
    trigger: "input changed delay:300ms from:#q, change from:select, submit",
    none: "organisations-none",
};

#[derive(Template)]
#[template(path = "organisations/organisations.html")]
struct ListPage {
    ctx: PageCtx,
    list: ListShape,
    q: String,
    kinds: Vec<Choice>,
    districts: Vec<Choice>,
    items: Vec<Row>,
    pager: Pager,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let kind = optional(&query.kind, |v| OrgKind::parse("kind", v))?;
    let within = optional(&query.within, |v| AreaCode::parse("within", v))?;
    let filter = OrganisationFilter { kind, within: within.clone(), query: query.q.clone() };
    let page = state.app.organisations(&filter, PageRequest::new(None, query.offset)).await?;
    let q = query.q.clone().unwrap_or_default();
    let pager = ctx.pager(
        &page,
        "/organisations",
        &[
            ("q", q.as_str()),
            ("kind", kind.map(OrgKind::as_str).unwrap_or("")),
            ("within", within.as_ref().map(AreaCode::as_str).unwrap_or("")),
        ],
    );
    let kinds = OrgKind::ALL
        .iter()
        .map(|k| Choice {
            code: k.as_str().into(),
            label: ctx.label("org-kind", k.as_str()),
            selected: Some(*k) == kind,
        })
        .collect();
    let districts = district_choices(&state, within.as_ref()).await?;
    let items = page.items.into_iter().map(|o| Row::new(&ctx, o)).collect();
    render(&ListPage { ctx, list: LIST, q, kinds, districts, items, pager })
}

pub struct OfficeRow {
    pub id: Uuid,
    pub name: String,
    pub kind_label: String,
    pub area_name: String,
}

#[derive(Template)]
#[template(path = "organisations/organisation.html")]
struct ShowPage {
    ctx: PageCtx,
    org: Organisation,
    pub kind_label: String,
    area: Area,
    parent: Option<OrganisationSummary>,
    offices: Vec<OfficeRow>,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let detail = state.app.organisation(id).await?;
    let offices = detail
        .offices
        .into_iter()
        .map(|o| OfficeRow {
            kind_label: ctx.label("office-kind", o.kind.as_str()),
            id: o.id,
            name: o.name,
            area_name: o.area_name,
        })
        .collect();
    render(&ShowPage {
        kind_label: ctx.label("org-kind", detail.organisation.kind.as_str()),
        ctx,
        org: detail.organisation,
        area: detail.area,
        parent: detail.parent,
        offices,
    })
}
