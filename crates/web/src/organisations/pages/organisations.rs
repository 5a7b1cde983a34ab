//! Organisations browser.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use satuatap_core::access::Actor;
use satuatap_core::areas::area::{Area, AreaCode};
use satuatap_core::organisations::organisation::{
    NewOrganisation, OrgKind, Organisation, OrganisationChanges, OrganisationFilter, OrganisationSummary,
};
use satuatap_core::organisations::rules::{may_manage, may_manage_somewhere};
use satuatap_core::paging::PageRequest;
use satuatap_core::{Error, FieldError};
use serde::Deserialize;
use uuid::Uuid;

use crate::areas::picker::AreaField;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{district_choices, field_errors, optional, render, render_again, Choice, ListShape, PageCtx, Pager};
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
    can_add: bool,
}

pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
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
    let can_add = may_manage_somewhere(&call.actor);
    render(&ListPage { ctx, list: LIST, q, kinds, districts, items, pager, can_add })
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
    can_edit: bool,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
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
        can_edit: may_manage(&call.actor, &detail.organisation.area_code),
        kind_label: ctx.label("org-kind", detail.organisation.kind.as_str()),
        ctx,
        org: detail.organisation,
        area: detail.area,
        parent: detail.parent,
        offices,
    })
}

// ---- add and edit ------------------------------------------------------------

/// The organisation form's fields as typed (kept when the form comes back).
#[derive(Deserialize, Default)]
pub struct OrgForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    parent_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
}

impl OrgForm {
    fn to_new(&self) -> NewOrganisation {
        NewOrganisation {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            area_code: self.area_code.clone(),
            parent_code: Some(self.parent_code.clone()),
            phone: Some(self.phone.clone()),
            email: Some(self.email.clone()),
            address: Some(self.address.clone()),
        }
    }

    /// Every field as typed: what is left empty is cleared.
    fn to_changes(&self) -> OrganisationChanges {
        OrganisationChanges {
            name: Some(self.name.clone()),
            kind: Some(self.kind.clone()),
            area_code: Some(self.area_code.clone()),
            parent_code: Some(self.parent_code.clone()),
            phone: Some(self.phone.clone()),
            email: Some(self.email.clone()),
            address: Some(self.address.clone()),
        }
    }
}

/// The messages of a refused form: its field errors, or a code already
/// taken; anything else goes to the error page.
pub(crate) fn form_messages(state: &AppState, ctx: &PageCtx, e: Error) -> Result<Vec<String>, AppError> {
    match e {
        Error::Conflict { code, field: Some(field) } => {
            Ok(vec![crate::error::field_message(&state.i18n, ctx.lang, &FieldError::new(field, code))])
        }
        e => field_errors(state, ctx, e),
    }
}

/// Organisations to choose from in a form, "name (code)", `selected` chosen:
/// those of the actor's district and those above any district, or every
/// one for whom manages everywhere.
pub(crate) async fn organisation_choices(
    state: &AppState,
    actor: &Actor,
    selected: &str,
) -> Result<Vec<Choice>, AppError> {
    let everywhere = actor.scope_of(satuatap_core::access::Permission::OrganisationsManage)
        == Some(satuatap_core::access::Scope::All);
    let home = actor.user().and_then(|u| u.home_area.regency());
    let all =
        state.app.organisations(&OrganisationFilter::default(), PageRequest::first(PageRequest::MAX_LIMIT)).await?;
    let selected = selected.trim().to_ascii_uppercase();
    let mut choices: Vec<Choice> = all
        .items
        .into_iter()
        .filter(|o| {
            everywhere || o.area_code.regency().is_none() || o.area_code.regency() == home || o.code == selected
        })
        .map(|o| Choice { selected: o.code == selected, label: format!("{} ({})", o.name, o.code), code: o.code })
        .collect();
    if !selected.is_empty() && !choices.iter().any(|c| c.selected) {
        if let Ok(o) = state.app.organisation_by_code(&selected).await {
            choices.insert(0, Choice { selected: true, label: format!("{} ({})", o.name, o.code), code: o.code });
        }
    }
    Ok(choices)
}

#[derive(Template)]
#[template(path = "organisations/organisation_form.html")]
struct FormPage {
    ctx: PageCtx,
    title: String,
    action: String,
    back: String,
    /// Editing: the code is shown, not typed.
    editing: bool,
    errors: Vec<String>,
    f: OrgForm,
    area: AreaField,
    kinds: Vec<Choice>,
    parents: Vec<Choice>,
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
    f: OrgForm,
    area: Option<AreaField>,
    errors: Vec<String>,
) -> Result<FormPage, AppError> {
    let area = match area {
        Some(a) => a,
        None => area_field(&ctx).showing_text(state, &f.area_code).await?,
    };
    let kinds = Choice::list(&ctx, "org-kind", OrgKind::ALL.iter().map(|k| k.as_str()), &f.kind);
    let parents = organisation_choices(state, actor, &f.parent_code).await?;
    Ok(FormPage { ctx, title, action, back, editing, errors, f, area, kinds, parents })
}

/// `GET /organisations/new`.
pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let area_code = call.actor.user().and_then(|u| u.home_area.regency()).map(|a| a.as_str().to_string());
    let f = OrgForm { area_code: area_code.unwrap_or_default(), ..Default::default() };
    let title = ctx.t("organisation-add");
    let page = form_page(
        &state,
        &call.actor,
        ctx,
        title,
        "/organisations/new".into(),
        "/organisations".into(),
        false,
        f,
        None,
        Vec::new(),
    )
    .await?;
    render(&page)
}

/// `POST /organisations/new`.
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    axum::Form(mut f): axum::Form<OrgForm>,
) -> Result<Response, AppError> {
    let mut area = area_field(&ctx);
    let picked = area.read_into(&state, &ctx, &mut f.area_code).await?;
    let result = if picked.is_empty() {
        state.app.create_organisation(&call, &f.to_new()).await.map_err(Some)
    } else {
        Err(None)
    };
    match result {
        Ok(org) => Ok(Redirect::to(&format!("/organisations/{}", org.id)).into_response()),
        Err(e) => {
            let errors = match e {
                Some(e) => form_messages(&state, &ctx, e)?,
                None => picked,
            };
            let title = ctx.t("organisation-add");
            let (action, back) = ("/organisations/new".to_string(), "/organisations".to_string());
            render_again(&form_page(&state, &call.actor, ctx, title, action, back, false, f, Some(area), errors).await?)
        }
    }
}

fn form_of(o: &Organisation, parent_code: Option<String>) -> OrgForm {
    OrgForm {
        code: o.code.clone(),
        name: o.name.clone(),
        kind: o.kind.as_str().into(),
        area_code: o.area_code.as_str().into(),
        parent_code: parent_code.unwrap_or_default(),
        address: o.address.clone().unwrap_or_default(),
        phone: o.phone.clone().unwrap_or_default(),
        email: o.email.clone().unwrap_or_default(),
    }
}

/// `GET /organisations/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let d = state.app.organisation(id).await?;
    if !may_manage(&call.actor, &d.organisation.area_code) {
        return Err(AppError(Error::Forbidden));
    }
    let title = ctx.t_args("organisation-edit", &[("name", &d.organisation.name)]);
    let (action, back) = (format!("/organisations/{id}/edit"), format!("/organisations/{id}"));
    let f = form_of(&d.organisation, d.parent.map(|p| p.code));
    render(&form_page(&state, &call.actor, ctx, title, action, back, true, f, None, Vec::new()).await?)
}

/// `POST /organisations/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum::Form(mut f): axum::Form<OrgForm>,
) -> Result<Response, AppError> {
    let mut area = area_field(&ctx);
    let picked = area.read_into(&state, &ctx, &mut f.area_code).await?;
    let result = if picked.is_empty() {
        state.app.update_organisation(&call, id, &f.to_changes()).await.map_err(Some)
    } else {
        Err(None)
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/organisations/{id}")).into_response()),
        Err(e) => {
            let errors = match e {
                Some(e) => form_messages(&state, &ctx, e)?,
                None => picked,
            };
            let d = state.app.organisation(id).await?;
            f.code = d.organisation.code.clone();
            let title = ctx.t_args("organisation-edit", &[("name", &d.organisation.name)]);
            let (action, back) = (format!("/organisations/{id}/edit"), format!("/organisations/{id}"));
            render_again(&form_page(&state, &call.actor, ctx, title, action, back, true, f, Some(area), errors).await?)
        }
    }
}

/// The area field of the form: any level, required.
fn area_field(ctx: &PageCtx) -> AreaField {
    AreaField::new(ctx, "area_code", None, true)
}
