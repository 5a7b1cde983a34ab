//! The service directory: browse and search services by category and area,
//! one service (its organisation, where and when, how to reach it), and the
//! forms to add and edit a service (`DirectoryManage` in its area).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use satuatap_core::access::{Actor, AuthCheck, Permission, Scope};
use satuatap_core::areas::area::{AreaCode, AreaLevel};
use satuatap_core::directory::model::{
    Language, NewContact, NewLocation, NewSchedule, NewService, PhoneKind, ServiceCategory, ServiceDetail,
    ServiceFilter, ServiceGroup, ServiceStatus, Weekday,
};
use satuatap_core::organisations::organisation::{OrgKind, OrganisationFilter};
use satuatap_core::paging::PageRequest;
use satuatap_core::{Error, FieldError};
use serde::Deserialize;
use uuid::Uuid;

use crate::areas::picker::{read_codes, show_labels};
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{
    district_choices, field_errors, optional, render, render_again, some, Choice, ListShape, PageCtx, Pager,
};
use crate::state::AppState;

/// Rows of opening hours and of phone lines the form offers.
const HOURS_ROWS: usize = 3;
const CONTACT_ROWS: usize = 3;

/// A category filter: one category, or a whole group.
enum CategoryFilter {
    Category(ServiceCategory),
    Group(ServiceGroup),
}

fn category_filter(raw: &str) -> Result<CategoryFilter, FieldError> {
    raw.parse::<ServiceCategory>()
        .map(CategoryFilter::Category)
        .or_else(|()| raw.parse::<ServiceGroup>().map(CategoryFilter::Group))
        .map_err(|()| FieldError::new("category", "unknown_code").with("value", raw))
}

use satuatap_core::directory::catalogue::{may_manage, may_manage_somewhere};

// ---- browse ------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    category: Option<String>,
    within: Option<String>,
    offset: Option<u64>,
}

pub struct GroupChoice {
    pub code: String,
    pub label: String,
    /// "All of <group>", for the filter.
    pub all_label: String,
    pub selected: bool,
    pub items: Vec<Choice>,
}

pub struct Row {
    pub id: Uuid,
    pub name: String,
    pub organisation_id: Uuid,
    pub organisation: String,
    pub area: String,
    pub categories: Vec<String>,
    pub status: Option<String>,
    pub free: bool,
}

/// The list page's shape (`list.html`).
const LIST: ListShape = ListShape {
    action: "/directory",
    trigger: "input changed delay:300ms from:#q, change from:select, submit",
    none: "directory-none",
};

#[derive(Template)]
#[template(path = "directory/directory.html")]
struct ListPage {
    ctx: PageCtx,
    list: ListShape,
    q: String,
    groups: Vec<GroupChoice>,
    districts: Vec<Choice>,
    items: Vec<Row>,
    pager: Pager,
    can_add: bool,
}

fn group_choices(ctx: &PageCtx, selected: &str) -> Vec<GroupChoice> {
    ServiceGroup::ALL
        .iter()
        .map(|g| GroupChoice {
            code: g.as_str().into(),
            label: ctx.label("service-group", g.as_str()),
            all_label: ctx.t_args("directory-all-of-group", &[("group", &ctx.label("service-group", g.as_str()))]),
            selected: g.as_str() == selected,
            items: Choice::list(ctx, "service-category", g.categories().map(ServiceCategory::as_str), selected),
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let category = optional(&query.category, category_filter)?;
    let within = optional(&query.within, |v| AreaCode::parse("within", v))?;
    let mut filter = ServiceFilter { within: within.clone(), q: query.q.clone(), ..Default::default() };
    let category_code = match category {
        Some(CategoryFilter::Category(c)) => {
            filter.category = Some(c);
            c.as_str()
        }
        Some(CategoryFilter::Group(g)) => {
            filter.group = Some(g);
            g.as_str()
        }
        None => "",
    };
    let page = state.app.services(&filter, PageRequest::new(None, query.offset)).await?;
    let q = query.q.clone().unwrap_or_default();
    let pager = ctx.pager(
        &page,
        "/directory",
        &[
            ("q", q.as_str()),
            ("category", category_code),
            ("within", within.as_ref().map(AreaCode::as_str).unwrap_or("")),
        ],
    );
    let items = page
        .items
        .into_iter()
        .map(|s| Row {
            categories: s.categories.iter().map(|c| ctx.label("service-category", c.as_str())).collect(),
            status: (s.status != ServiceStatus::Active).then(|| ctx.label("service-status", s.status.as_str())),
            id: s.id,
            name: s.name,
            organisation_id: s.organisation_id,
            organisation: s.organisation_name,
            area: s.area_name,
            free: s.free,
        })
        .collect();
    let districts = district_choices(&state, within.as_ref()).await?;
    let can_add = may_manage_somewhere(&call.actor);
    let groups = group_choices(&ctx, category_code);
    render(&ListPage { ctx, list: LIST, q, groups, districts, items, pager, can_add })
}

// ---- one service -------------------------------------------------------------

pub struct HoursView {
    pub days: String,
    pub opens_at: String,
    pub closes_at: String,
    pub note: Option<String>,
}

pub struct ContactView {
    pub label: String,
    pub phone: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "directory/directory_service.html")]
struct ShowPage {
    ctx: PageCtx,
    d: ServiceDetail,
    status: String,
    active: bool,
    categories: Vec<String>,
    languages: Vec<String>,
    hours: Vec<HoursView>,
    contacts: Vec<ContactView>,
    can_edit: bool,
}

fn days_label(ctx: &PageCtx, days: &[Weekday]) -> String {
    days.iter().map(|d| ctx.label("weekday", d.as_str())).collect::<Vec<_>>().join(", ")
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let d = state.app.service(id).await?;
    let s = &d.service;
    let page = ShowPage {
        status: ctx.label("service-status", s.status.as_str()),
        active: s.status == ServiceStatus::Active,
        categories: s.categories.iter().map(|c| ctx.label("service-category", c.as_str())).collect(),
        languages: s.languages.iter().map(|l| ctx.label("spoken-language", l.as_str())).collect(),
        hours: s
            .hours
            .iter()
            .map(|h| HoursView {
                days: days_label(&ctx, &h.days),
                opens_at: h.opens_at.clone(),
                closes_at: h.closes_at.clone(),
                note: h.note.clone(),
            })
            .collect(),
        contacts: d
            .contacts
            .iter()
            .map(|c| ContactView {
                label: c.label.clone().unwrap_or_else(|| ctx.label("phone-kind", c.kind.as_str())),
                phone: c.phone.clone(),
                kind: ctx.label("phone-kind", c.kind.as_str()),
            })
            .collect(),
        can_edit: may_manage(&call.actor, &s.area_code),
        ctx,
        d,
    };
    render(&page)
}

// ---- add and edit ------------------------------------------------------------

/// The form's fields as typed (kept when the form comes back). Repeated
/// rows (hours, locations, phone lines) are parallel lists.
#[derive(Deserialize, Default)]
pub struct ServiceForm {
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    eligibility: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    free: bool,
    #[serde(default)]
    fees: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    hours_days_0: Vec<String>,
    #[serde(default)]
    hours_days_1: Vec<String>,
    #[serde(default)]
    hours_days_2: Vec<String>,
    #[serde(default)]
    opens_at: Vec<String>,
    #[serde(default)]
    closes_at: Vec<String>,
    #[serde(default)]
    hours_note: Vec<String>,
    /// Other existing locations where the service is given.
    #[serde(default)]
    location_ids: Vec<String>,
    #[serde(default)]
    location_id: Vec<String>,
    #[serde(default)]
    location_name: Vec<String>,
    #[serde(default)]
    location_address: Vec<String>,
    #[serde(default)]
    location_area_code: Vec<String>,
    #[serde(default)]
    location_postal_code: Vec<String>,
    #[serde(default)]
    location_latitude: Vec<String>,
    #[serde(default)]
    location_longitude: Vec<String>,
    #[serde(default)]
    contact_label: Vec<String>,
    #[serde(default)]
    contact_phone: Vec<String>,
    #[serde(default)]
    contact_kind: Vec<String>,
}

fn at(list: &[String], i: usize) -> String {
    list.get(i).map(|s| s.trim().to_string()).unwrap_or_default()
}

impl ServiceForm {
    fn days(&self, i: usize) -> &[String] {
        match i {
            0 => &self.hours_days_0,
            1 => &self.hours_days_1,
            _ => &self.hours_days_2,
        }
    }

    fn location_rows(&self) -> usize {
        [&self.location_id, &self.location_name, &self.location_address, &self.location_area_code]
            .iter()
            .map(|l| l.len())
            .max()
            .unwrap_or(0)
    }

    fn to_input(&self) -> Result<NewService, Error> {
        let mut errors = Vec::new();
        let mut hours = Vec::new();
        for i in 0..HOURS_ROWS {
            let days: Vec<String> = self.days(i).iter().filter_map(|d| some(d)).collect();
            let (opens, closes, note) = (at(&self.opens_at, i), at(&self.closes_at, i), at(&self.hours_note, i));
            if days.is_empty() && opens.is_empty() && closes.is_empty() && note.is_empty() {
                continue;
            }
            hours.push(NewSchedule { days, opens_at: opens, closes_at: closes, note: some(&note) });
        }
        let mut locations = Vec::new();
        for i in 0..self.location_rows() {
            let (name, address, area) =
                (at(&self.location_name, i), at(&self.location_address, i), at(&self.location_area_code, i));
            if name.is_empty() && address.is_empty() && area.is_empty() {
                // A blank row; a blank known location is taken off the service.
                continue;
            }
            let n = locations.len();
            let id = match some(&at(&self.location_id, i)) {
                None => None,
                Some(raw) => match Uuid::parse_str(&raw) {
                    Ok(id) => Some(id),
                    Err(_) => {
                        errors.push(FieldError::new(format!("locations[{n}].id"), "unknown_location"));
                        None
                    }
                },
            };
            let mut coordinate = |field: &str, raw: String| match some(&raw) {
                None => None,
                Some(v) => match v.replace(',', ".").parse::<f64>() {
                    Ok(x) => Some(x),
                    Err(_) => {
                        errors.push(FieldError::new(format!("locations[{n}].{field}"), "invalid_number"));
                        None
                    }
                },
            };
            let latitude = coordinate("latitude", at(&self.location_latitude, i));
            let longitude = coordinate("longitude", at(&self.location_longitude, i));
            locations.push(NewLocation {
                id,
                name,
                address,
                area_code: area,
                postal_code: some(&at(&self.location_postal_code, i)),
                latitude,
                longitude,
            });
        }
        let mut contacts = Vec::new();
        for i in 0..CONTACT_ROWS.max(self.contact_phone.len()) {
            let (label, phone) = (at(&self.contact_label, i), at(&self.contact_phone, i));
            if label.is_empty() && phone.is_empty() {
                continue;
            }
            contacts.push(NewContact { label: some(&label), phone, kind: some(&at(&self.contact_kind, i)) });
        }
        let mut location_ids = Vec::new();
        for (i, raw) in self.location_ids.iter().filter_map(|r| some(r)).enumerate() {
            match Uuid::parse_str(&raw) {
                Ok(id) => location_ids.push(id),
                Err(_) => errors.push(FieldError::new(format!("location_ids[{i}]"), "unknown_location")),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(NewService {
            organisation_code: self.organisation_code.clone(),
            name: self.name.clone(),
            description: some(&self.description),
            status: some(&self.status),
            categories: self.categories.iter().filter_map(|c| some(c)).collect(),
            area_code: some(&self.area_code),
            eligibility: some(&self.eligibility),
            languages: self.languages.iter().filter_map(|l| some(l)).collect(),
            free: self.free,
            fees: some(&self.fees),
            email: some(&self.email),
            url: some(&self.url),
            hours,
            location_ids,
            locations,
            contacts,
        })
    }

    /// The form of a stored service.
    fn of(d: &ServiceDetail) -> Self {
        let s = &d.service;
        let mut f = ServiceForm {
            organisation_code: d.organisation.code.clone(),
            name: s.name.clone(),
            description: s.description.clone().unwrap_or_default(),
            status: s.status.as_str().into(),
            categories: s.categories.iter().map(|c| c.as_str().to_string()).collect(),
            area_code: s.area_code.as_str().into(),
            eligibility: s.eligibility.clone().unwrap_or_default(),
            languages: s.languages.iter().map(|l| l.as_str().to_string()).collect(),
            free: s.free,
            fees: s.fees.clone().unwrap_or_default(),
            email: s.email.clone().unwrap_or_default(),
            url: s.url.clone().unwrap_or_default(),
            ..Default::default()
        };
        for (i, h) in s.hours.iter().take(HOURS_ROWS).enumerate() {
            let days = h.days.iter().map(|d| d.as_str().to_string()).collect();
            match i {
                0 => f.hours_days_0 = days,
                1 => f.hours_days_1 = days,
                _ => f.hours_days_2 = days,
            }
            f.opens_at.push(h.opens_at.clone());
            f.closes_at.push(h.closes_at.clone());
            f.hours_note.push(h.note.clone().unwrap_or_default());
        }
        for l in &d.locations {
            f.location_id.push(l.id.to_string());
            f.location_name.push(l.name.clone());
            f.location_address.push(l.address.clone());
            f.location_area_code.push(l.area_code.as_str().into());
            f.location_postal_code.push(l.postal_code.clone().unwrap_or_default());
            f.location_latitude.push(l.latitude.map(|x| x.to_string()).unwrap_or_default());
            f.location_longitude.push(l.longitude.map(|x| x.to_string()).unwrap_or_default());
        }
        for c in &d.contacts {
            f.contact_label.push(c.label.clone().unwrap_or_default());
            f.contact_phone.push(c.phone.clone());
            f.contact_kind.push(c.kind.as_str().into());
        }
        f
    }
}

pub struct HoursRow {
    pub name: String,
    pub days: Vec<Choice>,
    pub opens_at: String,
    pub closes_at: String,
    pub note: String,
}

pub struct LocationRow {
    pub id: String,
    pub name: String,
    pub address: String,
    pub area_code: String,
    pub postal_code: String,
    pub latitude: String,
    pub longitude: String,
}

pub struct ContactRow {
    pub label: String,
    pub phone: String,
    pub kinds: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "directory/directory_form.html")]
struct FormPage {
    ctx: PageCtx,
    title: String,
    action: String,
    back: String,
    errors: Vec<String>,
    f: ServiceForm,
    organisations: Vec<Choice>,
    statuses: Vec<Choice>,
    groups: Vec<GroupChoice>,
    languages: Vec<Choice>,
    hours: Vec<HoursRow>,
    locations: Vec<LocationRow>,
    other_locations: Vec<Choice>,
    contacts: Vec<ContactRow>,
}

fn checks(
    ctx: &PageCtx,
    list: &str,
    codes: impl IntoIterator<Item = &'static str>,
    selected: &[String],
) -> Vec<Choice> {
    codes
        .into_iter()
        .map(|c| Choice { code: c.into(), label: ctx.label(list, c), selected: selected.iter().any(|s| s == c) })
        .collect()
}

/// The regency whose organisations and locations the form offers.
fn form_district(call: &Actor, f: &ServiceForm, org_area: Option<&AreaCode>) -> Option<AreaCode> {
    let from_form = AreaCode::parse("area_code", &f.area_code).ok().and_then(|a| a.regency());
    from_form
        .or_else(|| org_area.and_then(AreaCode::regency))
        .or_else(|| call.user().and_then(|u| u.home_area.regency()))
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    call: &Actor,
    ctx: PageCtx,
    title: String,
    action: String,
    back: String,
    mut f: ServiceForm,
    errors: Vec<String>,
) -> Result<FormPage, AppError> {
    show_labels(state, std::slice::from_mut(&mut f.area_code)).await?;
    show_labels(state, &mut f.location_area_code).await?;
    // Organisations the user may add services for: their district's, or
    // (administrators) every one, placement agencies and employers aside.
    let scope_all = call.scope_of(Permission::DirectoryManage) == Some(Scope::All);
    let home = call.user().and_then(|u| u.home_area.regency());
    let within = if scope_all { None } else { home.clone() };
    let orgs =
        state.app.organisations(&OrganisationFilter { within, ..Default::default() }, PageRequest::first(500)).await?;
    let mut org_area = None;
    let mut organisations: Vec<Choice> = orgs
        .items
        .into_iter()
        .filter(|o| !matches!(o.kind, OrgKind::PlacementAgency | OrgKind::Employer))
        .map(|o| {
            let selected = o.code == f.organisation_code;
            if selected {
                org_area = Some(o.area_code.clone());
            }
            Choice { selected, label: format!("{} ({})", o.name, o.code), code: o.code }
        })
        .collect();
    if !f.organisation_code.is_empty() && org_area.is_none() {
        if let Ok(o) = state.app.organisation_by_code(&f.organisation_code).await {
            org_area = Some(o.area_code.clone());
            organisations.insert(0, Choice { selected: true, label: format!("{} ({})", o.name, o.code), code: o.code });
        }
    }
    let current: Vec<String> = f.location_id.iter().filter(|i| !i.trim().is_empty()).cloned().collect();
    let other_locations = match form_district(call, &f, org_area.as_ref()) {
        Some(district) => state
            .app
            .locations_within(&district)
            .await?
            .into_iter()
            .filter(|l| !current.contains(&l.id.to_string()))
            .map(|l| Choice {
                selected: f.location_ids.contains(&l.id.to_string()),
                label: format!("{} — {}", l.name, l.address),
                code: l.id.to_string(),
            })
            .collect(),
        None => Vec::new(),
    };
    let weekday_codes = || Weekday::ALL.iter().map(|d| d.as_str());
    let hours = (0..HOURS_ROWS)
        .map(|i| HoursRow {
            name: format!("hours_days_{i}"),
            days: checks(&ctx, "weekday", weekday_codes(), f.days(i)),
            opens_at: at(&f.opens_at, i),
            closes_at: at(&f.closes_at, i),
            note: at(&f.hours_note, i),
        })
        .collect();
    let rows = f.location_rows();
    let mut locations: Vec<LocationRow> = (0..rows)
        .map(|i| LocationRow {
            id: at(&f.location_id, i),
            name: at(&f.location_name, i),
            address: at(&f.location_address, i),
            area_code: at(&f.location_area_code, i),
            postal_code: at(&f.location_postal_code, i),
            latitude: at(&f.location_latitude, i),
            longitude: at(&f.location_longitude, i),
        })
        .filter(|l| !(l.id.is_empty() && l.name.is_empty() && l.address.is_empty() && l.area_code.is_empty()))
        .collect();
    locations.push(LocationRow {
        id: String::new(),
        name: String::new(),
        address: String::new(),
        area_code: String::new(),
        postal_code: String::new(),
        latitude: String::new(),
        longitude: String::new(),
    });
    let contacts = (0..CONTACT_ROWS.max(f.contact_phone.len()))
        .map(|i| {
            let kind = at(&f.contact_kind, i);
            ContactRow {
                label: at(&f.contact_label, i),
                phone: at(&f.contact_phone, i),
                kinds: Choice::list(&ctx, "phone-kind", PhoneKind::ALL.iter().map(|k| k.as_str()), &kind),
            }
        })
        .collect();
    let status = if f.status.is_empty() { "active".to_string() } else { f.status.clone() };
    let groups: Vec<GroupChoice> = ServiceGroup::ALL
        .iter()
        .map(|g| GroupChoice {
            code: g.as_str().into(),
            label: ctx.label("service-group", g.as_str()),
            all_label: String::new(),
            selected: false,
            items: checks(&ctx, "service-category", g.categories().map(ServiceCategory::as_str), &f.categories),
        })
        .collect();
    Ok(FormPage {
        statuses: Choice::list(&ctx, "service-status", ServiceStatus::ALL.iter().map(|s| s.as_str()), &status),
        languages: checks(&ctx, "spoken-language", Language::ALL.iter().map(|l| l.as_str()), &f.languages),
        groups,
        hours,
        locations,
        other_locations,
        contacts,
        organisations,
        ctx,
        title,
        action,
        back,
        errors,
        f,
    })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    /// The organisation to add a service for, by code.
    organisation: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let f = ServiceForm {
        organisation_code: q.organisation.unwrap_or_default().trim().to_ascii_uppercase(),
        free: true,
        languages: vec!["id".into()],
        ..Default::default()
    };
    let title = ctx.t("directory-add");
    let page = form_page(
        &state,
        &call.actor,
        ctx,
        title,
        "/directory/services/new".into(),
        "/directory".into(),
        f,
        Vec::new(),
    )
    .await?;
    render(&page)
}

pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    axum_extra::extract::Form(mut f): axum_extra::extract::Form<ServiceForm>,
) -> Result<Response, AppError> {
    let mut picked =
        read_codes(&state, &ctx, "area_code", &AreaLevel::ALL, std::slice::from_mut(&mut f.area_code)).await?;
    picked.extend(read_codes(&state, &ctx, "locations-area_code", &AreaLevel::ALL, &mut f.location_area_code).await?);
    let outcome = match f.to_input() {
        Ok(_) if !picked.is_empty() => Err(Error::Invalid(Vec::new())),
        Ok(input) => state.app.create_service(&call, &input).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(d) => Ok(Redirect::to(&format!("/directory/services/{}", d.service.id)).into_response()),
        Err(e) => {
            let mut errors = picked;
            errors.extend(field_errors(&state, &ctx, e)?);
            let title = ctx.t("directory-add");
            render_again(
                &form_page(
                    &state,
                    &call.actor,
                    ctx,
                    title,
                    "/directory/services/new".into(),
                    "/directory".into(),
                    f,
                    errors,
                )
                .await?,
            )
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let d = state.app.service(id).await?;
    AuthCheck::new(Permission::DirectoryManage).in_area(&d.service.area_code).check(&call.actor)?;
    let title = ctx.t_args("directory-edit", &[("name", &d.service.name)]);
    let (action, back) = (format!("/directory/services/{id}/edit"), format!("/directory/services/{id}"));
    render(&form_page(&state, &call.actor, ctx, title, action, back, ServiceForm::of(&d), Vec::new()).await?)
}

pub async fn update(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(mut f): axum_extra::extract::Form<ServiceForm>,
) -> Result<Response, AppError> {
    let mut picked =
        read_codes(&state, &ctx, "area_code", &AreaLevel::ALL, std::slice::from_mut(&mut f.area_code)).await?;
    picked.extend(read_codes(&state, &ctx, "locations-area_code", &AreaLevel::ALL, &mut f.location_area_code).await?);
    let outcome = match f.to_input() {
        Ok(_) if !picked.is_empty() => Err(Error::Invalid(Vec::new())),
        Ok(input) => state.app.update_service(&call, id, &input).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/directory/services/{id}")).into_response()),
        Err(e) => {
            let mut errors = picked;
            errors.extend(field_errors(&state, &ctx, e)?);
            let d = state.app.service(id).await?;
            let title = ctx.t_args("directory-edit", &[("name", &d.service.name)]);
            let (action, back) = (format!("/directory/services/{id}/edit"), format!("/directory/services/{id}"));
            render_again(&form_page(&state, &call.actor, ctx, title, action, back, f, errors).await?)
        }
    }
}
