//! The desk queue of an office: who waits at which desk, called, served.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::registry::visit::{QueueEntry, QueueStatus};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::state::AppState;

/// A line of a queue as shown (`registry/queue_rows.html`).
pub struct EntryView {
    pub(crate) office_id: Uuid,
    pub(crate) visit_id: Uuid,
    pub(crate) desk: String,
    pub(crate) desk_code: String,
    pub(crate) person_id: Uuid,
    pub(crate) person: String,
    pub(crate) status: String,
    pub(crate) status_code: &'static str,
    pub(crate) since: String,
    pub(crate) purpose: Option<String>,
}

#[derive(Template)]
#[template(path = "registry/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    office_id: Uuid,
    office_name: String,
    entries: Vec<EntryView>,
    /// Where a step returns: the office's queue (empty) or "my work".
    back: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let entries = state.app.queue(&call, id).await?;
    let office = state.app.office(id).await?;
    let entries = entries.into_iter().map(|e| EntryView::new(&ctx, e)).collect();
    render(&QueuePage { ctx, office_id: id, office_name: office.office.name, entries, back: "" })
}

impl EntryView {
    pub(crate) fn new(ctx: &PageCtx, e: QueueEntry) -> Self {
        EntryView {
            office_id: e.office_id,
            visit_id: e.desk.visit_id,
            desk: e.desk.organisation_name,
            desk_code: e.desk.organisation_code,
            person_id: e.person_id,
            person: e.person_name,
            status: ctx.label("queue", e.desk.status.as_str()),
            status_code: e.desk.status.as_str(),
            since: e.desk.queued_at.format("%H:%M").to_string(),
            purpose: e.purpose,
        }
    }
}

#[derive(Deserialize)]
pub struct StepForm {
    to: String,
    /// `work` to come back to "my work" rather than the office's queue.
    #[serde(default)]
    back: String,
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
    if form.back == "work" {
        return Ok(Redirect::to("/cases#my-desk").into_response());
    }
    Ok(Redirect::to(&format!("/offices/{office}/queue")).into_response())
}
