//! Offices browser: LTSA-MRC offices and village information centres.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use satuatap_core::areas::area::{Area, AreaCode};
use satuatap_core::organisations::organisation::{
    Office, OfficeFilter, OfficeKind, OfficeSummary, OrganisationSummary,
};
use satuatap_core::paging::PageRequest;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::organisations::pages::organisations::Row as OrgRow;
use crate::page::{district_choices, optional, render, Choice, ListShape, PageCtx, Pager};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    kind: Option<String>,
    within: Option<String>,
    offset: Option<u64>,
}

pub struct Row {
    pub id: Uuid,
    pub name: String,
    pub kind_label: String,
    pub area_code: String,
    pub area_name: String,
}

impl Row {
    pub fn new(ctx: &PageCtx, o: OfficeSummary) -> Self {
        Self {
            kind_label: ctx.label("office-kind", o.kind.as_str()),
            id: o.id,
            name: o.name,
            area_code: o.area_code.as_str().to_string(),
            area_name: o.area_name,
        }
    }
}

/// The list page's shape (`list.html`).
const LIST: ListShape = ListShape { action: "/offices", trigger: "change from:select, submit", none: "offices-none" };

#[derive(Template)]
#[template(path = "organisations/offices.html")]
struct ListPage {
    ctx: PageCtx,
    list: ListShape,
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
    let kind = optional(&query.kind, |v| OfficeKind::parse("kind", v))?;
    let within = optional(&query.within, |v| AreaCode::parse("within", v))?;
    let filter = OfficeFilter { kind, within: within.clone(), organisation_id: None };
    let page = state.app.offices(&filter, PageRequest::new(None, query.offset)).await?;
    let pager = ctx.pager(
        &page,
        "/offices",
        &[
            ("kind", kind.map(OfficeKind::as_str).unwrap_or("")),
            ("within", within.as_ref().map(AreaCode::as_str).unwrap_or("")),
        ],
    );
    let kinds = OfficeKind::ALL
        .iter()
        .map(|k| Choice {
            code: k.as_str().into(),
            label: ctx.label("office-kind", k.as_str()),
            selected: Some(*k) == kind,
        })
        .collect();
    let districts = district_choices(&state, within.as_ref()).await?;
    let items = page.items.into_iter().map(|o| Row::new(&ctx, o)).collect();
    render(&ListPage { ctx, list: LIST, kinds, districts, items, pager })
}

#[derive(Template)]
#[template(path = "organisations/office.html")]
struct ShowPage {
    ctx: PageCtx,
    office: Office,
    pub kind_label: String,
    area: Area,
    ancestors: Vec<Area>,
    operator: OrganisationSummary,
    members: Vec<OrgRow>,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let detail = state.app.office(id).await?;
    let members = detail.members.into_iter().map(|m| OrgRow::new(&ctx, m)).collect();
    render(&ShowPage {
        kind_label: ctx.label("office-kind", detail.office.kind.as_str()),
        ctx,
        office: detail.office,
        area: detail.area,
        ancestors: detail.ancestors,
        operator: detail.operator,
        members,
    })
}
