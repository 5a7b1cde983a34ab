//! The person registry for the front desk: search, register (warned of
//! likely duplicates first), and the person page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::Permission;
use satuatap_core::matching::LIKELY;
use satuatap_core::nik::NikMismatch;
use satuatap_core::paging::PageRequest;
use satuatap_core::person::{NewPerson, Person, Sex};
use satuatap_core::repo::PersonFilter;
use satuatap_core::Error;
use serde::Deserialize;
use uuid::Uuid;

use super::{optional, render, Choice, PageCtx, Pager};
use crate::auth::CallCtx;
use crate::error::{field_message, AppError};
use crate::state::AppState;

pub struct Row {
    id: Uuid,
    name: String,
    sex: String,
    born: String,
    village: Option<String>,
}

#[derive(Template)]
#[template(path = "people.html")]
struct ListPage {
    ctx: PageCtx,
    q: String,
    sexes: Vec<Choice>,
    items: Vec<Row>,
    pager: Pager,
    can_register: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    sex: Option<String>,
    offset: Option<u64>,
}

fn born(ctx: &PageCtx, p: &Person) -> String {
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
    let filter = PersonFilter { sex, ..Default::default() };
    let page = state.app.people(&call, q.q.as_deref(), filter, PageRequest::new(None, q.offset)).await?;
    let query = q.q.unwrap_or_default();
    let pager = ctx.pager(&page, "/people", &[("q", query.as_str()), ("sex", sex.map(Sex::as_str).unwrap_or(""))]);
    let items = page
        .items
        .iter()
        .map(|p| Row {
            id: p.id,
            name: p.full_name.clone(),
            sex: ctx.label("sex", p.sex.as_str()),
            born: born(&ctx, p),
            village: p.village_code.as_ref().map(|c| c.to_string()),
        })
        .collect();
    let sexes = Sex::ALL
        .iter()
        .map(|s| Choice { code: s.as_str().into(), label: ctx.label("sex", s.as_str()), selected: Some(*s) == sex })
        .collect();
    let can_register = call.actor.scope_of(Permission::PeopleWrite).is_some();
    render(&ListPage { ctx, q: query, sexes, items, pager, can_register })
}

/// The form's fields as typed (kept when the form comes back).
#[derive(Deserialize, Default)]
pub struct PersonForm {
    #[serde(default)]
    full_name: String,
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
    #[serde(default)]
    village_code: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    note: String,
    /// Set when the desk has seen the possible duplicates and saves anyway.
    #[serde(default)]
    confirm: bool,
}

fn some(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
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
            note: some(&self.note),
            ..Default::default()
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
#[template(path = "person_form.html")]
struct FormPage {
    ctx: PageCtx,
    f: PersonForm,
    errors: Vec<String>,
    duplicates: Vec<DuplicateView>,
}

pub async fn new_form(ctx: PageCtx) -> Result<Response, AppError> {
    render(&FormPage { ctx, f: PersonForm::default(), errors: Vec::new(), duplicates: Vec::new() })
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
            render(&FormPage { ctx, f, errors, duplicates }).map(|page| (status, page).into_response())
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

#[derive(Template)]
#[template(path = "person.html")]
struct ShowPage {
    ctx: PageCtx,
    p: Person,
    sex: String,
    village: Option<String>,
    warnings: Vec<String>,
    /// (when, channel, desks)
    visits: Vec<(String, String, String)>,
    /// (date, purpose, status, method)
    consents: Vec<(String, String, String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    let village = match &p.village_code {
        Some(code) => Some(match state.app.area(code.as_str()).await {
            Ok(a) => format!("{} ({})", a.area.name, code),
            Err(_) => code.to_string(),
        }),
        None => None,
    };
    let warnings = p
        .nik
        .as_deref()
        .and_then(|n| satuatap_core::nik::Nik::parse("nik", n, chrono::Utc::now().date_naive()).ok())
        .map(|n| {
            let sex = match p.sex {
                Sex::Female => satuatap_core::nik::NikSex::Female,
                Sex::Male => satuatap_core::nik::NikSex::Male,
            };
            n.mismatches(Some(sex), p.birth_date)
                .into_iter()
                .map(|m| {
                    ctx.t(match m {
                        NikMismatch::Sex => "people-warning-nik-sex",
                        NikMismatch::BirthDate => "people-warning-nik-birth-date",
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let visits = state
        .app
        .visits(&call, id)
        .await?
        .into_iter()
        .map(|v| {
            (
                v.at.format("%Y-%m-%d %H:%M").to_string(),
                ctx.label("channel", v.channel.as_str()),
                v.desks.iter().map(|d| d.organisation_name.as_str()).collect::<Vec<_>>().join(", "),
            )
        })
        .collect();
    let consents = state
        .app
        .consents(&call, id)
        .await?
        .into_iter()
        .rev()
        .map(|c| {
            (
                c.date.to_string(),
                ctx.label("consent-purpose", c.purpose.as_str()),
                ctx.label("consent-status", c.status.as_str()),
                ctx.label("consent-method", c.method.as_str()),
            )
        })
        .collect();
    render(&ShowPage { sex: ctx.label("sex", p.sex.as_str()), village, warnings, visits, consents, p, ctx })
}
