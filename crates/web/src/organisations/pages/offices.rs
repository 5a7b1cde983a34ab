//! Offices browser: LTSA-MRC offices and village information centres.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use satuatap_core::access::protective::may_open_queue;
use satuatap_core::access::Actor;
use satuatap_core::areas::area::{Area, AreaCode};
use satuatap_core::organisations::organisation::{
    NewOffice, Office, OfficeChanges, OfficeFilter, OfficeKind, OfficeSummary, OrganisationFilter, OrganisationSummary,
};
use satuatap_core::organisations::rules::{may_manage, may_manage_somewhere};
use satuatap_core::paging::PageRequest;
use satuatap_core::referrals::referral::may_see_pathways;
use satuatap_core::Error;
use serde::Deserialize;
use uuid::Uuid;

use crate::areas::picker::AreaField;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::organisations::pages::organisations::{form_messages, organisation_choices, Row as OrgRow};
use crate::page::{district_choices, optional, render, render_again, Choice, ListShape, PageCtx, Pager};
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
    can_add: bool,
}

pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
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
    let can_add = may_manage_somewhere(&call.actor);
    render(&ListPage { ctx, list: LIST, kinds, districts, items, pager, can_add })
}

/// An organisation under the roof, and whether it may be taken from it
/// here (not the operator; only by whom may manage the office).
pub struct MemberRow {
    pub row: OrgRow,
    pub removable: bool,
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
    members: Vec<MemberRow>,
    errors: Vec<String>,
    can_edit: bool,
    can_queue: bool,
    /// The district's pathways page, for an LTSA-MRC office and whom may see it.
    pathways: Option<String>,
    /// Organisations of the office's district not yet under its roof.
    candidates: Vec<Choice>,
}

async fn show_page(
    state: &AppState,
    actor: &Actor,
    ctx: PageCtx,
    id: Uuid,
    errors: Vec<String>,
) -> Result<ShowPage, AppError> {
    let detail = state.app.office(id).await?;
    let can_edit = may_manage(actor, &detail.office.area_code);
    let member_ids: Vec<Uuid> = detail.members.iter().map(|m| m.id).collect();
    let can_queue = may_open_queue(actor, detail.office.organisation_id, &member_ids);
    let district = detail.office.area_code.regency();
    let pathways = match (&district, detail.office.kind) {
        (Some(d), OfficeKind::LtsaMrcOffice) if may_see_pathways(actor) => Some(format!("/districts/{d}/pathways")),
        _ => None,
    };
    let candidates = match (&district, can_edit) {
        (Some(d), true) => {
            let filter = OrganisationFilter { within: Some(d.clone()), ..Default::default() };
            state
                .app
                .organisations(&filter, PageRequest::first(PageRequest::MAX_LIMIT))
                .await?
                .items
                .into_iter()
                .filter(|o| !member_ids.contains(&o.id))
                .map(|o| Choice { selected: false, label: format!("{} ({})", o.name, o.code), code: o.code })
                .collect()
        }
        _ => Vec::new(),
    };
    let operator_id = detail.office.organisation_id;
    let members = detail
        .members
        .into_iter()
        .map(|m| MemberRow { removable: can_edit && m.id != operator_id, row: OrgRow::new(&ctx, m) })
        .collect();
    Ok(ShowPage {
        kind_label: ctx.label("office-kind", detail.office.kind.as_str()),
        ctx,
        office: detail.office,
        area: detail.area,
        ancestors: detail.ancestors,
        operator: detail.operator,
        members,
        errors,
        can_edit,
        can_queue,
        pathways,
        candidates,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    render(&show_page(&state, &call.actor, ctx, id, Vec::new()).await?)
}

// ---- the organisations under the roof ------------------------------------------

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    organisation_code: String,
}

/// `POST /offices/{id}/members`: adds a desk; a refusal comes back on the
/// office's page.
pub async fn add_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<MemberForm>,
) -> Result<Response, AppError> {
    match state.app.add_office_member(&call, id, &f.organisation_code).await {
        Ok(_) => Ok(Redirect::to(&format!("/offices/{id}")).into_response()),
        Err(e) => {
            let errors = form_messages(&state, &ctx, e)?;
            render_again(&show_page(&state, &call.actor, ctx, id, errors).await?)
        }
    }
}

/// `POST /offices/{id}/members/remove`.
pub async fn remove_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<MemberForm>,
) -> Result<Response, AppError> {
    match state.app.remove_office_member(&call, id, &f.organisation_code).await {
        Ok(_) => Ok(Redirect::to(&format!("/offices/{id}")).into_response()),
        Err(e) => {
            let errors = form_messages(&state, &ctx, e)?;
            render_again(&show_page(&state, &call.actor, ctx, id, errors).await?)
        }
    }
}

// ---- add and edit ------------------------------------------------------------

/// The office form's fields as typed (kept when the form comes back).
#[derive(Deserialize, Default)]
pub struct OfficeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
}

impl OfficeForm {
    fn to_new(&self) -> NewOffice {
        NewOffice {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            area_code: self.area_code.clone(),
            organisation_code: self.organisation_code.clone(),
            address: self.address.clone(),
            phone: Some(self.phone.clone()),
        }
    }

    fn to_changes(&self) -> OfficeChanges {
        OfficeChanges {
            name: Some(self.name.clone()),
            kind: Some(self.kind.clone()),
            area_code: Some(self.area_code.clone()),
            organisation_code: Some(self.organisation_code.clone()),
            address: Some(self.address.clone()),
            phone: Some(self.phone.clone()),
        }
    }
}

#[derive(Template)]
#[template(path = "organisations/office_form.html")]
struct FormPage {
    ctx: PageCtx,
    title: String,
    action: String,
    back: String,
    editing: bool,
    errors: Vec<String>,
    f: OfficeForm,
    area: AreaField,
    kinds: Vec<Choice>,
    operators: Vec<Choice>,
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    actor: &Actor,
    ctx: PageCtx,
    title: String,
    action: String,
    back: String,
    editing: bool,
    f: OfficeForm,
    area: Option<AreaField>,
    errors: Vec<String>,
) -> Result<FormPage, AppError> {
    let area = match area {
        Some(a) => a,
        None => area_field(&ctx).showing_text(state, &f.area_code).await?,
    };
    let kinds = Choice::list(&ctx, "office-kind", OfficeKind::ALL.iter().map(|k| k.as_str()), &f.kind);
    let operators = organisation_choices(state, actor, &f.organisation_code).await?;
    Ok(FormPage { ctx, title, action, back, editing, errors, f, area, kinds, operators })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    /// The organisation that will run the office, by code.
    organisation: Option<String>,
}

/// `GET /offices/new`.
pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let area_code = call.actor.user().and_then(|u| u.home_area.regency()).map(|a| a.as_str().to_string());
    let f = OfficeForm {
        organisation_code: q.organisation.unwrap_or_default().trim().to_ascii_uppercase(),
        kind: OfficeKind::LtsaMrcOffice.as_str().into(),
        area_code: area_code.unwrap_or_default(),
        ..Default::default()
    };
    let title = ctx.t("office-add");
    let (action, back) = ("/offices/new".to_string(), "/offices".to_string());
    render(&form_page(&state, &call.actor, ctx, title, action, back, false, f, None, Vec::new()).await?)
}

/// `POST /offices/new`.
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    axum::Form(mut f): axum::Form<OfficeForm>,
) -> Result<Response, AppError> {
    let mut area = area_field(&ctx);
    let picked = area.read_into(&state, &ctx, &mut f.area_code).await?;
    let result =
        if picked.is_empty() { state.app.create_office(&call, &f.to_new()).await.map_err(Some) } else { Err(None) };
    match result {
        Ok(office) => Ok(Redirect::to(&format!("/offices/{}", office.id)).into_response()),
        Err(e) => {
            let errors = match e {
                Some(e) => form_messages(&state, &ctx, e)?,
                None => picked,
            };
            let title = ctx.t("office-add");
            let (action, back) = ("/offices/new".to_string(), "/offices".to_string());
            render_again(&form_page(&state, &call.actor, ctx, title, action, back, false, f, Some(area), errors).await?)
        }
    }
}

/// `GET /offices/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let d = state.app.office(id).await?;
    if !may_manage(&call.actor, &d.office.area_code) {
        return Err(AppError(Error::Forbidden));
    }
    let o = &d.office;
    let f = OfficeForm {
        code: o.code.clone(),
        name: o.name.clone(),
        kind: o.kind.as_str().into(),
        area_code: o.area_code.as_str().into(),
        organisation_code: d.operator.code.clone(),
        address: o.address.clone(),
        phone: o.phone.clone().unwrap_or_default(),
    };
    let title = ctx.t_args("office-edit", &[("name", &o.name)]);
    let (action, back) = (format!("/offices/{id}/edit"), format!("/offices/{id}"));
    render(&form_page(&state, &call.actor, ctx, title, action, back, true, f, None, Vec::new()).await?)
}

/// `POST /offices/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum::Form(mut f): axum::Form<OfficeForm>,
) -> Result<Response, AppError> {
    let mut area = area_field(&ctx);
    let picked = area.read_into(&state, &ctx, &mut f.area_code).await?;
    let result = if picked.is_empty() {
        state.app.update_office(&call, id, &f.to_changes()).await.map_err(Some)
    } else {
        Err(None)
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/offices/{id}")).into_response()),
        Err(e) => {
            let errors = match e {
                Some(e) => form_messages(&state, &ctx, e)?,
                None => picked,
            };
            let d = state.app.office(id).await?;
            f.code = d.office.code.clone();
            let title = ctx.t_args("office-edit", &[("name", &d.office.name)]);
            let (action, back) = (format!("/offices/{id}/edit"), format!("/offices/{id}"));
            render_again(&form_page(&state, &call.actor, ctx, title, action, back, true, f, Some(area), errors).await?)
        }
    }
}

/// The area field of the form: any level, required.
fn area_field(ctx: &PageCtx) -> AreaField {
    AreaField::new(ctx, "area_code", None, true)
}
