//! A form kept when its session ended, given back after signing in; and the
//! keep-alive that typing in a form sends.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use satuatap_core::access::Actor;
use satuatap_core::identity::draft::FormDraft;
use serde::Deserialize;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::routes::Access;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "identity/session_draft.html")]
struct DraftPage {
    ctx: PageCtx,
    draft: Option<DraftView>,
}

struct DraftView {
    action: String,
    return_to: String,
    fields: Vec<DraftField>,
}

struct DraftField {
    name: String,
    value: String,
    label: String,
    kind: FieldKind,
}

#[derive(PartialEq, Eq)]
enum FieldKind {
    Hidden,
    Line,
    Text,
}

#[derive(Deserialize)]
pub struct DraftQuery {
    draft: Option<String>,
}

/// `GET /session/draft?draft=…`: the form that met the ended session, filled
/// in as it was sent, for the user to check and send again (it is not sent
/// on its own: the user confirms). Once shown, the draft is deleted.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<DraftQuery>,
) -> Result<Response, AppError> {
    let actor = call.actor.clone();
    let draft = match q.draft.filter(|d| !d.is_empty()) {
        Some(id) => state.app.take_draft(&call, &id, |action| may_send(&actor, action)).await?,
        None => None,
    };
    let status = if draft.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    let draft = draft.map(|d| view(&ctx, d));
    Ok((status, render(&DraftPage { ctx, draft })?).into_response())
}

fn view(ctx: &PageCtx, d: FormDraft) -> DraftView {
    let fields = d
        .fields
        .into_iter()
        .map(|(name, value)| {
            let kind = if is_hidden(&name, &value) {
                FieldKind::Hidden
            } else if value.contains('\n')
                || value.chars().count() > 80
                || matches!(name.as_str(), "text" | "note" | "narrative" | "reason" | "feedback" | "description")
            {
                FieldKind::Text
            } else {
                FieldKind::Line
            };
            let key = format!("field-{name}");
            let label = if ctx.has(&key) { ctx.t(&key) } else { ctx.t_args("draft-field", &[("name", name.as_str())]) };
            DraftField { name, value, label, kind }
        })
        .collect();
    let return_to = if crate::language::is_local_path(&d.return_to) { d.return_to } else { "/".into() };
    DraftView { action: d.action, return_to, fields }
}

/// Fields a form carries without showing them: identifiers and versions.
fn is_hidden(name: &str, value: &str) -> bool {
    uuid::Uuid::parse_str(value).is_ok() || name == "version" || name == "next" || name.ends_with("_id")
}

/// Whether `actor` may send a form to `action` (the access its route
/// declares): decides who may have a draft whose session was unknown.
fn may_send(actor: &Actor, action: &str) -> bool {
    match crate::declared_access("POST", action) {
        None => false,
        Some(Access::Public) => true,
        Some(Access::SignedIn) => actor.user().is_some(),
        Some(Access::Permission(p)) => actor.user().is_some() && actor.scope_of(p).is_some(),
    }
}

/// `POST /session/keep-alive` (CSRF checked): the page's script sends it,
/// at most every few minutes, while the user types; signing the request in
/// is what renews the session. Answers how long the session may now idle.
pub async fn keep_alive(CallCtx(_, caller): CallCtx) -> Response {
    let idle = caller.auth.as_ref().and_then(|a| a.idle).map_or(0, |d| d.num_seconds());
    (StatusCode::OK, [(axum::http::header::CACHE_CONTROL, "no-store")], idle.to_string()).into_response()
}
