//! Handing a person over from the front desk to a partner serving at the
//! same office (`App::hand_over`): the partners, whether her consent to
//! share with each is in force (with the way to record it), and the form.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::registry::person::Person;
use satuatap_core::registry::visit::NewHandOver;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{form_refusals, render, render_again, some, PageCtx};
use crate::state::AppState;

pub struct PartnerView {
    code: String,
    name: String,
    office: String,
    consent: bool,
    selected: bool,
}

#[derive(Template)]
#[template(path = "registry/person_handover.html")]
struct HandOverPage {
    ctx: PageCtx,
    p: Person,
    partners: Vec<PartnerView>,
    f: HandOverForm,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct HandOverForm {
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    purpose: String,
}

async fn page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    p: Person,
    f: HandOverForm,
    errors: Vec<String>,
) -> Result<HandOverPage, AppError> {
    let partners = state
        .app
        .hand_over_partners(call, p.id)
        .await?
        .into_iter()
        .map(|h| PartnerView {
            selected: h.organisation.code == f.organisation_code,
            code: h.organisation.code,
            name: h.organisation.name,
            office: h.office_name,
            consent: h.consent,
        })
        .collect();
    Ok(HandOverPage { ctx, p, partners, f, errors })
}

/// `GET /people/{id}/handover`.
pub async fn form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    render(&page(&state, &call, ctx, p, HandOverForm::default(), Vec::new()).await?)
}

/// `POST /people/{id}/handover`: back to her page's visits, or the form
/// with its messages.
pub async fn save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<HandOverForm>,
) -> Result<Response, AppError> {
    let input = NewHandOver { organisation_code: f.organisation_code.clone(), purpose: some(&f.purpose) };
    match state.app.hand_over(&call, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}#visits")).into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            let p = state.app.person(&call, id).await?;
            render_again(&page(&state, &call, ctx, p, f, errors).await?)
        }
    }
}
