//! `/people/{id}/memberships`: the unions and associations she joined, the
//! form to record another, and her leaving.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::membership::{Membership, NewMembership};
use satuatap_core::community::roster::NewEnd;
use satuatap_core::registry::person::Person;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{form_refusals, render, render_again, some, PageCtx};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct JoinForm {
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    joined_on: String,
    #[serde(default)]
    facilitated_by_code: String,
}

#[derive(Template)]
#[template(path = "community/memberships.html")]
struct MembershipsPage {
    ctx: PageCtx,
    p: Person,
    memberships: Vec<Membership>,
    f: JoinForm,
    errors: Vec<String>,
}

async fn page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    id: Uuid,
    f: JoinForm,
    errors: Vec<String>,
) -> Result<MembershipsPage, AppError> {
    let p = state.app.person(call, id).await?;
    let memberships = state.app.memberships(call, id).await?;
    Ok(MembershipsPage { ctx, p, memberships, f, errors })
}

/// `GET /people/{id}/memberships`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    render(&page(&state, &call, ctx, id, JoinForm::default(), Vec::new()).await?)
}

/// `POST /people/{id}/memberships`.
pub async fn join(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<JoinForm>,
) -> Result<Response, AppError> {
    let input = NewMembership {
        organisation_code: f.organisation_code.clone(),
        joined_on: f.joined_on.clone(),
        facilitated_by_code: some(&f.facilitated_by_code),
    };
    match state.app.join_union(&call, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}/memberships")).into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&page(&state, &call, ctx, id, f, errors).await?)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct LeaveForm {
    #[serde(default)]
    date: String,
}

/// `POST /people/{id}/memberships/{membership}/end`.
pub async fn leave(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path((id, membership)): Path<(Uuid, Uuid)>,
    Form(l): Form<LeaveForm>,
) -> Result<Response, AppError> {
    match state.app.leave_union(&call, membership, &NewEnd { date: l.date }).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}/memberships")).into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&page(&state, &call, ctx, id, JoinForm::default(), errors).await?)
        }
    }
}
