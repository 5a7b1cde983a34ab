//! `/forum`: the forum's members (with the women migrant workers' seat),
//! its action items (open first, overdue marked), the forms to seat a
//! member, record a decision and close an item; `/regulations`: the
//! register of local regulations.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::{AuthCheck, Permission, Scope};
use satuatap_core::community::activity::ActivityTopic;
use satuatap_core::community::forum::{
    ForumAction, ForumMember, ForumSeat, NewActionClosure, NewForumAction, NewForumMember, NewRegulation, Regulation,
    RegulationLevel, RegulationStatus,
};
use satuatap_core::community::roster::NewEnd;
use satuatap_core::Error;
use serde::Deserialize;
use uuid::Uuid;

use super::Villages;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{form_refusals, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    owner_code: String,
    #[serde(default)]
    due_on: String,
}

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    seat: String,
    #[serde(default)]
    representative: String,
    #[serde(default)]
    joined_on: String,
}

#[derive(Template)]
#[template(path = "community/forum.html")]
struct ForumPage {
    ctx: PageCtx,
    actions: Vec<ForumAction>,
    members: Vec<ForumMember>,
    /// No one holds the women migrant workers' seat now.
    seat_empty: bool,
    seats: Vec<Choice>,
    may_write: bool,
    f: ActionForm,
    m: MemberForm,
    errors: Vec<String>,
}

fn runs_forum(call: &satuatap_core::access::Ctx) -> bool {
    AuthCheck::new(Permission::ActivitiesWrite).check(&call.actor).is_ok_and(|s| s.covers(Scope::District))
}

async fn forum_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    f: ActionForm,
    m: MemberForm,
    errors: Vec<String>,
) -> Result<ForumPage, AppError> {
    let actions = state.app.forum_actions(call).await?;
    // Partners who own action items but read no district see only those.
    let members = match state.app.forum_members(call).await {
        Ok(list) => list,
        Err(Error::Forbidden) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let seat_empty = !members.iter().any(|m| m.left_on.is_none() && m.seat == ForumSeat::WomenMigrantWorkers);
    let seats = Choice::list(&ctx, "forum-seat", ForumSeat::ALL.iter().map(|c| c.as_str()), &m.seat);
    Ok(ForumPage { ctx, actions, members, seat_empty, seats, may_write: runs_forum(call), f, m, errors })
}

/// `GET /forum`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&forum_page(&state, &call, ctx, ActionForm::default(), MemberForm::default(), Vec::new()).await?)
}

/// `POST /forum`: an action item recorded, or the form again.
pub async fn add(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<ActionForm>,
) -> Result<Response, AppError> {
    let input = NewForumAction {
        decision: f.decision.clone(),
        owner_code: f.owner_code.clone(),
        due_on: f.due_on.clone(),
        meeting_id: None,
    };
    match state.app.add_forum_action(&call, &input).await {
        Ok(_) => Ok(Redirect::to("/forum").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&forum_page(&state, &call, ctx, f, MemberForm::default(), errors).await?)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct CloseForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    evidence: String,
}

/// `POST /forum/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(c): Form<CloseForm>,
) -> Result<Response, AppError> {
    let input = NewActionClosure { status: c.status, evidence: some(&c.evidence) };
    match state.app.close_forum_action(&call, id, &input).await {
        Ok(_) => Ok(Redirect::to("/forum").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&forum_page(&state, &call, ctx, ActionForm::default(), MemberForm::default(), errors).await?)
        }
    }
}

/// `POST /forum/members`: an organisation seated, or the form again.
pub async fn add_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(m): Form<MemberForm>,
) -> Result<Response, AppError> {
    let input = NewForumMember {
        organisation_code: m.organisation_code.clone(),
        seat: m.seat.clone(),
        representative: some(&m.representative),
        joined_on: m.joined_on.clone(),
    };
    match state.app.add_forum_member(&call, &input).await {
        Ok(_) => Ok(Redirect::to("/forum#forum-members").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&forum_page(&state, &call, ctx, ActionForm::default(), m, errors).await?)
        }
    }
}

/// `POST /forum/members/{id}/end`: a member left.
pub async fn end_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(e): Form<super::EndForm>,
) -> Result<Response, AppError> {
    match state.app.end_forum_member(&call, id, &NewEnd { date: e.date }).await {
        Ok(_) => Ok(Redirect::to("/forum#forum-members").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&forum_page(&state, &call, ctx, ActionForm::default(), MemberForm::default(), errors).await?)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct RegulationForm {
    #[serde(default)]
    level: String,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    issued_on: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    topic: String,
}

pub struct RegulationRow {
    title: String,
    number: Option<String>,
    issued_on: Option<String>,
    level: String,
    place: String,
    status: String,
}

#[derive(Template)]
#[template(path = "community/regulations.html")]
struct RegulationsPage {
    ctx: PageCtx,
    rows: Vec<RegulationRow>,
    levels: Vec<Choice>,
    statuses: Vec<Choice>,
    topics: Vec<Choice>,
    may_write: bool,
    f: RegulationForm,
    errors: Vec<String>,
}

async fn regulations_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    mut f: RegulationForm,
    errors: Vec<String>,
) -> Result<RegulationsPage, AppError> {
    let list: Vec<Regulation> = state.app.regulations(call).await?;
    let villages = Villages::of(state, list.iter().map(|r| &r.area_code)).await?;
    if f.area_code.is_empty() {
        f.area_code = call.actor.user().map(|u| u.home_area.as_str().to_string()).unwrap_or_default();
    }
    let rows = list
        .iter()
        .map(|r| RegulationRow {
            title: r.title.clone(),
            number: r.number.clone(),
            issued_on: r.issued_on.map(|d| d.to_string()),
            level: ctx.label("regulation-level", r.level.as_str()),
            place: villages.name(&r.area_code),
            status: ctx.label("regulation-status", r.status.as_str()),
        })
        .collect();
    Ok(RegulationsPage {
        rows,
        levels: Choice::list(&ctx, "regulation-level", RegulationLevel::ALL.iter().map(|c| c.as_str()), &f.level),
        statuses: Choice::list(&ctx, "regulation-status", RegulationStatus::ALL.iter().map(|c| c.as_str()), &f.status),
        topics: Choice::list(&ctx, "activity-topic", ActivityTopic::ALL.iter().map(|c| c.as_str()), &f.topic),
        may_write: AuthCheck::new(Permission::ActivitiesWrite)
            .check(&call.actor)
            .is_ok_and(|s| s == Scope::Own || s.covers(Scope::District)),
        ctx,
        f,
        errors,
    })
}

/// `GET /regulations`.
pub async fn regulations(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&regulations_page(&state, &call, ctx, RegulationForm::default(), Vec::new()).await?)
}

/// `POST /regulations`.
pub async fn add_regulation(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<RegulationForm>,
) -> Result<Response, AppError> {
    let input = NewRegulation {
        level: f.level.clone(),
        area_code: f.area_code.clone(),
        number: some(&f.number),
        issued_on: some(&f.issued_on),
        title: f.title.clone(),
        status: f.status.clone(),
        topic: some(&f.topic),
    };
    match state.app.add_regulation(&call, &input).await {
        Ok(_) => Ok(Redirect::to("/regulations").into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            render_again(&regulations_page(&state, &call, ctx, f, errors).await?)
        }
    }
}
