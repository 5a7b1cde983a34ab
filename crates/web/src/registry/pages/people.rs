//! The person registry for the front desk: search, register (warned of
//! likely duplicates first), and the person page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::Permission;
use satuatap_core::areas::area::{AreaCode, AreaLevel};
use satuatap_core::paging::PageRequest;
use satuatap_core::registry::episode::MigrationStage;
use satuatap_core::registry::matching::LIKELY;
use satuatap_core::registry::person::{Education, MaritalStatus};
use satuatap_core::registry::person::{NewPerson, Person, Sex};
use satuatap_core::repo::PersonFilter;
use satuatap_core::Error;
use serde::Deserialize;
use uuid::Uuid;

use crate::areas::picker::{AreaField, AreaRead};
use crate::auth::CallCtx;
use crate::error::{field_message, AppError};
use crate::page::{encode, optional, render, some, Choice, ListShape, PageCtx, Pager};
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
    within: AreaField,
    /// When the area typed fits several: each with the link that filters by it.
    choices: Vec<(String, String)>,
    errors: Vec<String>,
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
    // The area filter takes a name too; a name that fits several areas
    // offers them as links.
    let mut within_field = AreaField::new(&ctx, "within", None, false);
    let (within, problems) = match within_field.read(&state, &ctx, q.within.as_deref().unwrap_or("")).await? {
        AreaRead::Code(code) => (optional(&code, |v| AreaCode::parse("within", v))?, Vec::new()),
        AreaRead::Again(problems) => (None, problems),
    };
    let filter = PersonFilter { sex, stage, within: within.clone(), ..Default::default() };
    // An area not understood lists nobody rather than everybody.
    let page = if problems.is_empty() {
        state.app.people(&call, q.q.as_deref(), filter, PageRequest::new(None, q.offset)).await?
    } else {
        satuatap_core::paging::Page { items: Vec::new(), total: 0, limit: 0, offset: 0 }
    };
    let query = q.q.unwrap_or_default();
    let within_code = within.map(|w| w.to_string()).unwrap_or_default();
    let villages: Vec<AreaCode> = page.items.iter().filter_map(|p| p.village_code.clone()).collect();
    let villages = state.app.area_names(&villages).await?;
    let pager = ctx.pager(
        &page,
        "/people",
        &[
            ("q", query.as_str()),
            ("sex", sex.map(Sex::as_str).unwrap_or("")),
            ("stage", stage.map(MigrationStage::as_str).unwrap_or("")),
            ("within", within_code.as_str()),
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
            village: p.village_code.as_ref().map(|c| villages.get(c).cloned().unwrap_or_else(|| c.to_string())),
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
    let choices = std::mem::take(&mut within_field.choices)
        .into_iter()
        .map(|m| {
            let link = encode(&[
                ("q", query.as_str()),
                ("sex", sex.map(Sex::as_str).unwrap_or("")),
                ("stage", stage.map(MigrationStage::as_str).unwrap_or("")),
                ("within", m.area.code.as_str()),
            ]);
            (m.label, format!("/people?{link}"))
        })
        .collect();
    let within = within_field;
    render(&ListPage {
        ctx,
        list: LIST,
        q: query,
        within,
        choices,
        errors: problems,
        sexes,
        stages,
        items,
        pager,
        can_register,
    })
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
    village: AreaField,
    marital: Vec<Choice>,
    education: Vec<Choice>,
    f: PersonForm,
    errors: Vec<String>,
    duplicates: Vec<DuplicateView>,
}

fn form_page(
    ctx: PageCtx,
    f: PersonForm,
    village: AreaField,
    errors: Vec<String>,
    duplicates: Vec<DuplicateView>,
) -> FormPage {
    FormPage {
        village,
        marital: Choice::list(&ctx, "marital", MaritalStatus::ALL.iter().map(|m| m.as_str()), &f.marital_status),
        education: Choice::list(&ctx, "education", Education::ALL.iter().map(|m| m.as_str()), &f.education),
        ctx,
        f,
        errors,
        duplicates,
    }
}

fn village_field(ctx: &PageCtx) -> AreaField {
    AreaField::new(ctx, "village_code", Some(AreaLevel::Village), false)
}

pub async fn new_form(ctx: PageCtx) -> Result<Response, AppError> {
    let village = village_field(&ctx);
    render(&form_page(ctx, PersonForm::default(), village, Vec::new(), Vec::new()))
}

/// `POST /people/new`: warns of possible duplicates before saving.
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<PersonForm>,
) -> Result<Response, AppError> {
    let mut village = village_field(&ctx);
    let picked = village.read(&state, &ctx, &f.village_code).await?;
    let again =
        |ctx: PageCtx, f: PersonForm, errors: Vec<String>, duplicates: Vec<DuplicateView>, status: StatusCode| {
            render(&form_page(ctx, f, village, errors, duplicates)).map(|page| (status, page).into_response())
        };
    let mut input = match f.to_input() {
        Ok(i) => i,
        Err(Error::Invalid(fe)) => {
            let errors = fe.iter().map(|e| field_message(&state.i18n, ctx.lang, e)).collect();
            return again(ctx, f, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        Err(e) => return Err(AppError(e)),
    };
    match picked {
        AreaRead::Code(code) => input.village_code = code,
        AreaRead::Again(errors) => return again(ctx, f, errors, Vec::new(), StatusCode::UNPROCESSABLE_ENTITY),
    }
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
