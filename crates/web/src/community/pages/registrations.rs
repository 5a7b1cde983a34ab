//! Registering a prospective migrant worker in her village, the
//! registration's page and the village's decision.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::registration::{may_decide, NewDecision, NewRegistration, Registration};
use satuatap_core::registry::episode::Sector;
use satuatap_core::registry::family::Relationship;
use satuatap_core::registry::person::Person;
use serde::Deserialize;
use uuid::Uuid;

use super::country;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{
    agency_choices, destination_choices, field_errors, form_refusals, local_time, render, render_again, some, Choice,
    PageCtx,
};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct RegistrationForm {
    #[serde(default)]
    destination: String,
    #[serde(default)]
    destination_other: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    occupation: String,
    #[serde(default)]
    agency_code: String,
    #[serde(default)]
    job_offer: Option<String>,
    #[serde(default)]
    job_offer_date: String,
    #[serde(default)]
    permission_relative: String,
    #[serde(default)]
    permission_relation: String,
    #[serde(default)]
    permission_acknowledged_by: String,
    #[serde(default)]
    permission_acknowledged_on: String,
    #[serde(default)]
    seen_ktp: Option<String>,
    #[serde(default)]
    seen_family_card: Option<String>,
    #[serde(default)]
    seen_passport: Option<String>,
}

impl RegistrationForm {
    fn input(&self, person_id: Uuid) -> NewRegistration {
        NewRegistration {
            person_id,
            destination: some(&self.destination_other).or_else(|| some(&self.destination)).unwrap_or_default(),
            sector: some(&self.sector),
            occupation: some(&self.occupation),
            agency_code: some(&self.agency_code),
            job_offer: self.job_offer.is_some(),
            job_offer_date: some(&self.job_offer_date),
            permission_relative: some(&self.permission_relative),
            permission_relation: some(&self.permission_relation),
            permission_acknowledged_by: some(&self.permission_acknowledged_by),
            permission_acknowledged_on: some(&self.permission_acknowledged_on),
            seen_ktp: self.seen_ktp.is_some(),
            seen_family_card: self.seen_family_card.is_some(),
            seen_passport: self.seen_passport.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "community/registration_form.html")]
struct FormPage {
    ctx: PageCtx,
    p: Person,
    destinations: Vec<Choice>,
    sectors: Vec<Choice>,
    agencies: Vec<Choice>,
    relations: Vec<Choice>,
    f: RegistrationForm,
    errors: Vec<String>,
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    p: Person,
    f: RegistrationForm,
    errors: Vec<String>,
) -> Result<FormPage, AppError> {
    Ok(FormPage {
        destinations: destination_choices(&ctx, &f.destination),
        sectors: Choice::list(&ctx, "sector", Sector::ALL.iter().map(|s| s.as_str()), &f.sector),
        agencies: agency_choices(&state.app, &f.agency_code).await?,
        relations: Choice::list(
            &ctx,
            "relationship",
            Relationship::ALL.iter().map(|s| s.as_str()),
            &f.permission_relation,
        ),
        ctx,
        p,
        f,
        errors,
    })
}

/// `GET /people/{id}/village-registration`.
pub async fn form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    render(&form_page(&state, ctx, p, RegistrationForm::default(), Vec::new()).await?)
}

/// `POST /people/{id}/village-registration`: to the registration's page,
/// or the form again with its messages.
pub async fn save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<RegistrationForm>,
) -> Result<Response, AppError> {
    match state.app.register_prospective(&call, &f.input(id)).await {
        Ok(r) => Ok(Redirect::to(&format!("/village-registrations/{}", r.id)).into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.person(&call, id).await?;
            render_again(&form_page(&state, ctx, p, f, errors).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "community/registration.html")]
struct ShowPage {
    ctx: PageCtx,
    r: Registration,
    village: String,
    destination: String,
    created: String,
    decided: Option<String>,
    may_decide: bool,
    reason: String,
    errors: Vec<String>,
}

async fn show_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    r: Registration,
    reason: String,
    errors: Vec<String>,
) -> Result<ShowPage, AppError> {
    let zone = state.app.time_zone();
    let village = super::Villages::of(state, [&r.village_code]).await?.name(&r.village_code);
    Ok(ShowPage {
        village,
        destination: country(&ctx, r.destination.as_str()),
        created: local_time(&ctx, zone, r.created_at),
        decided: r.decided_at.map(|at| local_time(&ctx, zone, at)),
        may_decide: may_decide(&call.actor, &r),
        ctx,
        r,
        reason,
        errors,
    })
}

/// `GET /village-registrations/{id}`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let r = state.app.registration(&call, id).await?;
    render(&show_page(&state, &call, ctx, r, String::new(), Vec::new()).await?)
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /village-registrations/{id}/decision`.
pub async fn decide(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let input = NewDecision { decision: f.decision.clone(), reason: some(&f.reason) };
    match state.app.decide_registration(&call, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/village-registrations/{id}")).into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            let r = state.app.registration(&call, id).await?;
            render_again(&show_page(&state, &call, ctx, r, f.reason, errors).await?)
        }
    }
}
