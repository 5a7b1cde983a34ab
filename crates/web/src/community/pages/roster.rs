//! `/task-force`: the village's task-force roster, with the form to add a
//! member and the button to record that one stopped serving.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::activity::AttendeeSex;
use satuatap_core::community::roster::{NewEnd, NewTaskForceMember, TaskForceOrigin, TaskForceRole};
use serde::Deserialize;
use uuid::Uuid;

use super::Villages;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{form_refusals, render, render_again, Choice, PageCtx};
use crate::state::AppState;

pub struct MemberRow {
    id: Uuid,
    name: String,
    role: String,
    sex: String,
    origin: String,
    village: String,
    since: String,
    until: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    origin: String,
    #[serde(default)]
    active_from: String,
}

#[derive(Template)]
#[template(path = "community/roster.html")]
struct RosterPage {
    ctx: PageCtx,
    rows: Vec<MemberRow>,
    roles: Vec<Choice>,
    sexes: Vec<Choice>,
    origins: Vec<Choice>,
    may_write: bool,
    f: MemberForm,
    errors: Vec<String>,
}

async fn page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    f: MemberForm,
    errors: Vec<String>,
) -> Result<RosterPage, AppError> {
    let members = state.app.task_force(call).await?;
    let villages = Villages::of(state, members.iter().map(|m| &m.village_code)).await?;
    let rows = members
        .iter()
        .map(|m| MemberRow {
            id: m.id,
            name: m.name.clone(),
            role: ctx.label("task-force-role", m.role.as_str()),
            sex: ctx.label("sex", m.sex.as_str()),
            origin: ctx.label("task-force-origin", m.origin.as_str()),
            village: villages.name(&m.village_code),
            since: m.active_from.to_string(),
            until: m.active_to.map(|d| d.to_string()),
        })
        .collect();
    let may_write = satuatap_core::access::AuthCheck::new(satuatap_core::access::Permission::CommunityWrite)
        .check(&call.actor)
        .is_ok();
    Ok(RosterPage {
        rows,
        roles: Choice::list(&ctx, "task-force-role", TaskForceRole::ALL.iter().map(|c| c.as_str()), &f.role),
        sexes: Choice::list(&ctx, "sex", AttendeeSex::ALL.iter().map(|c| c.as_str()), &f.sex),
        origins: Choice::list(&ctx, "task-force-origin", TaskForceOrigin::ALL.iter().map(|c| c.as_str()), &f.origin),
        may_write,
        ctx,
        f,
        errors,
    })
}

/// `GET /task-force`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&page(&state, &call, ctx, MemberForm::default(), Vec::new()).await?)
}

/// `POST /task-force`: a member added, or the form again.
pub async fn add(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    let input = NewTaskForceMember {
        name: f.name.clone(),
        role: f.role.clone(),
        sex: f.sex.clone(),
        origin: f.origin.clone(),
        active_from: f.active_from.clone(),
        village_code: None,
    };
    match state.app.add_task_force_member(&call, &input).await {
        Ok(_) => Ok(Redirect::to("/task-force").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&page(&state, &call, ctx, f, errors).await?)
        }
    }
}

/// `POST /task-force/{id}/end`.
pub async fn end(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(e): Form<super::EndForm>,
) -> Result<Response, AppError> {
    match state.app.end_task_force_member(&call, id, &NewEnd { date: e.date }).await {
        Ok(_) => Ok(Redirect::to("/task-force").into_response()),
        Err(err) => {
            let errors = form_refusals(&state, &ctx, err)?;
            render_again(&page(&state, &call, ctx, MemberForm::default(), errors).await?)
        }
    }
}
