//! The person registry for the front desk: search, register (warned of
//! likely duplicates first), and the person page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::Permission;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::paging::PageRequest;
use satuatap_core::registry::episode::MigrationStage;
use satuatap_core::registry::matching::LIKELY;
use satuatap_core::registry::person::{Education, MaritalStatus};
use satuatap_core::registry::person::{NewPerson, Person, Sex};
use satuatap_core::repo::PersonFilter;
use satuatap_core::Error;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::{field_message, AppError};
use crate::page::{optional, render, some, Choice, ListShape, PageCtx, Pager};
use crate::state::AppState;

pub struct Row {
    id: Uuid,
    name: String,
    sex: String,
    born: String,
    village: Option<String>,
    stage: Option<String>,
}

/// The list page's shape (`list.html`).
const LIST: ListShape = ListShape {
    action: "/people",
    trigger: "input changed delay:400ms from:#q, change from:select, change from:input[name=within], submit",
    none: "people-none",
};

#[derive(Template)]
#[template(path = "registry/people.html")]
struct ListPage {
    ctx: PageCtx,
    list: ListShape,
    q: String,
    within: String,
    sexes: Vec<Choice>,
    stages: Vec<Choice>,
    items: Vec<Row>,
    pager: Pager,
    can_register: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    sex: Option<String>,
    stage: Option<String>,
    within: Option<String>,
    offset: Option<u64>,
}

pub(crate) fn born(ctx: &PageCtx, p: &Person) -> String {
    match (p.birth_date, p.estimated_age) {
        (Some(d), _) => d.to_string(),
        (None, Some(a)) => ctx.t_args("people-about-age", &[("age", &a.to_string())]),
        (None, None) => String::new(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let sex = optional(&q.sex, |v| Sex::parse("sex", v))?;
    let stage = optional(&q.stage, |v| MigrationStage::parse("stage", v))?;
    let within = optional(&q.within, |v| AreaCode::parse("within", v))?;
    let filter = PersonFilter { sex, stage, within: within.clone(), ..Default::default() };
    let page = state.app.people(&call, q.q.as_deref(), filter, PageRequest::new(None, q.offset)).await?;
    let query = q.q.unwrap_or_default();
    let within = within.map(|w| w.to_string()).unwrap_or_default();
    let pager = ctx.pager(
        &page,
        "/people",
        &[
            ("q", query.as_str()),
            ("sex", sex.map(Sex::as_str).unwrap_or("")),
            ("stage", stage.map(MigrationStage::as_str).unwrap_or("")),
            ("within", within.as_str()),
        ],
    );
    let items = page
        .items
        .iter()
        .map(|p| Row {
            id: p.id,
            name: p.full_name.clone(),
            sex: ctx.label("sex", p.sex.as_str()),
            born: born(&ctx, p),
            village: p.village_code.as_ref().map(|c| c.to_string()),
            stage: p.stage.map(|s| ctx.label("stage", s.as_str())),
        })
        .collect();
    let sexes = Sex::ALL
        .iter()
        .map(|s| Choice { code: s.as_str().into(), label: ctx.label("sex", s.as_str()), selected: Some(*s) == sex })
        .collect();
    let stages = Choice::list(
        &ctx,
        "stage",
        MigrationStage::ALL.iter().map(|s| s.as_str()),
        stage.map(MigrationStage::as_str).unwrap_or(""),
    );
    let can_register = call.actor.scope_of(Permission::PeopleWrite).is_some();
    render(&ListPage { ctx, list: LIST, q: query, within, sexes, stages, items, pager, can_register })
}

/// The form's fields as typed (kept when the form comes back).
#[derive(Deserialize, Default)]
pub struct PersonForm {
    #[serde(default)]
    full_name: String,
    /// Other names, separated by commas.
    #[serde(default)]
    other_names: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    estimated_age: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    phone: String,
    /// Further phone numbers, separated by commas.
    #[serde(default)]
    other_phones: String,
    #[serde(default)]
    village_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    marital_status: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    disability: String,
    #[serde(default)]
    note: String,
    /// Need-to-know registration (a survivor).
    #[serde(default)]
    confidential: bool,
    /// Set when the desk has seen the possible duplicates and saves anyway.
    #[serde(default)]
    confirm: bool,
}

impl PersonForm {
    fn to_input(&self) -> Result<NewPerson, Error> {
        let estimated_age = match some(&self.estimated_age) {
            None => None,
            Some(a) => Some(a.parse::<i64>().map_err(|_| Error::invalid("estimated_age", "out_of_range"))?),
        };
        Ok(NewPerson {
            full_name: self.full_name.clone(),
            sex: self.sex.clone(),
            birth_date: some(&self.birth_date),
            estimated_age,
            nik: some(&self.nik),
            phone: some(&self.phone),
            village_code: some(&self.village_code),
            address: some(&self.address),
            other_names: self.other_names.split(',').filter_map(some).collect(),
            other_phones: self.other_phones.split(',').filter_map(some).collect(),
            marital_status: some(&self.marital_status),
            education: some(&self.education),
            disability: some(&self.disability),
            note: some(&self.note),
            confidential: self.confidential,
        })
    }
}

pub struct DuplicateView {
    id: Uuid,
    name: String,
    label: String,
    score: String,
    reasons: String,
}

#[derive(Template)]
#[template(path = "registry/person_form.html")]
struct FormPage {
    ctx: PageCtx,
    marital: Vec<Choice>,
    education: Vec<Choice>,
    f: PersonForm,
    errors: Vec<String>,
    duplicates: Vec<DuplicateView>,
}

fn form_page(ctx: PageCtx, f: PersonForm, errors: Vec<String>, duplicates: Vec<DuplicateView>) -> FormPage {
    FormPage {
        marital: Choice::list(&ctx, "marital", MaritalStatus::ALL.iter().map(|m| m.as_str()), &f.marital_status),
        education: Choice::list(&ctx, "education", Education::ALL.iter().map(|m| m.as_str()), &f.education),
        ctx,
        f,
        errors,
        duplicates,
    }
}

pub async fn new_form(ctx: PageCtx) -> Result<Response, AppError> {
    render(&form_page(ctx, PersonForm::default(), Vec::new(), Vec::new()))
}

/// `POST /people/new`: warns of possible duplicates before saving.
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<PersonForm>,
) -> Result<Response, AppError> {
    let again =
        |ctx: PageCtx, f: PersonForm, errors: Vec<String>, duplicates: Vec<DuplicateView>, status: StatusCode| {
            render(&form_page(ctx, f, errors, duplicates)).map(|page| (status, page).into_response())
        };
    let input = match f.to_input() {
        Ok(i) => i,
        Err(Error::Invalid(fe)) => {
            let errors = fe.iter().map(|e| field_message(&state.i18n, ctx.lang, e)).collect();
            return again(ctx, f, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        Err(e) => return Err(AppError(e)),
    };
    let outcome = if f.confirm { Ok(Vec::new()) } else { state.app.match_person(&call, &input).await };
    match outcome {
        Ok(candidates) if !candidates.is_empty() => {
            let mut duplicates = Vec::new();
            for c in candidates {
                let name = state.app.person(&call, c.person_id).await.map(|p| p.full_name).unwrap_or_default();
                duplicates.push(DuplicateView {
                    id: c.person_id,
                    name,
                    label: ctx.t(if c.score >= LIKELY { "people-likely" } else { "people-possibly" }),
                    score: format!("{:.2}", c.score),
                    reasons: c.reasons.iter().map(|r| ctx.label("match-reason", r)).collect::<Vec<_>>().join(", "),
                });
            }
            again(ctx, f, Vec::new(), duplicates, StatusCode::OK)
        }
        Ok(_) => match state.app.register_person(&call, &input).await {
            Ok(r) => Ok(Redirect::to(&format!("/people/{}", r.person.id)).into_response()),
            Err(Error::Invalid(fe)) => {
                let errors = fe.iter().map(|e| field_message(&state.i18n, ctx.lang, e)).collect();
                again(ctx, f, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => Err(AppError(e)),
        },
        Err(Error::Invalid(fe)) => {
            let errors = fe.iter().map(|e| field_message(&state.i18n, ctx.lang, e)).collect();
            again(ctx, f, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(AppError(e)),
    }
}
