//! The desk queue of an office: who waits at which desk, called, served.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::registry::visit::QueueStatus;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::state::AppState;

pub struct EntryView {
    visit_id: Uuid,
    desk: String,
    desk_code: String,
    person_id: Uuid,
    person: String,
    status: String,
    status_code: &'static str,
    since: String,
    purpose: Option<String>,
}

#[derive(Template)]
#[template(path = "registry/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    office_id: Uuid,
    office_name: String,
    entries: Vec<EntryView>,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let entries = state.app.queue(&call, id).await?;
    let office = state.app.office(id).await?;
    let entries = entries
        .into_iter()
        .map(|e| EntryView {
            visit_id: e.desk.visit_id,
            desk: e.desk.organisation_name,
            desk_code: e.desk.organisation_code,
            person_id: e.person_id,
            person: e.person_name,
            status: ctx.label("queue", e.desk.status.as_str()),
            status_code: e.desk.status.as_str(),
            since: e.desk.queued_at.format("%H:%M").to_string(),
            purpose: e.purpose,
        })
        .collect();
    render(&QueuePage { ctx, office_id: id, office_name: office.office.name, entries })
}

#[derive(Deserialize)]
pub struct StepForm {
    to: String,
}

/// `POST /offices/{id}/queue/{visit}/{desk}` with `to=called|served`.
pub async fn step(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path((office, visit, desk)): Path<(Uuid, Uuid, String)>,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    let to = QueueStatus::parse("to", &form.to).map_err(|e| AppError(satuatap_core::Error::Invalid(vec![e])))?;
    state.app.advance_queue(&call, visit, &desk, to).await?;
    Ok(Redirect::to(&format!("/offices/{office}/queue")).into_response())
}
