//! Early warnings: raising one, the inbox, a warning's page, acknowledging
//! and ending it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::warning::{
    NewWarning, NewWarningEnd, Warning, WarningKind, WarningOutcome, WarningUrgency,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{Villages, WarningRow};
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, form_refusals, local_time, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct WarningForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    partner_code: String,
    #[serde(default)]
    summary: String,
}

#[derive(Template)]
#[template(path = "community/warning_form.html")]
struct FormPage {
    ctx: PageCtx,
    kinds: Vec<Choice>,
    urgencies: Vec<Choice>,
    partners: Vec<Choice>,
    person_name: Option<String>,
    f: WarningForm,
    errors: Vec<String>,
}

async fn form_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    f: WarningForm,
    errors: Vec<String>,
) -> Result<FormPage, AppError> {
    let person_name = match f.person.parse::<Uuid>() {
        Ok(id) => Some(state.app.person(call, id).await?.full_name),
        Err(_) => None,
    };
    let partners = state
        .app
        .warning_partners(call)
        .await?
        .into_iter()
        .map(|o| Choice { selected: o.code == f.partner_code, label: o.name, code: o.code })
        .collect();
    Ok(FormPage {
        kinds: Choice::list(&ctx, "warning-kind", WarningKind::ALL.iter().map(|k| k.as_str()), &f.kind),
        urgencies: Choice::list(&ctx, "warning-urgency", WarningUrgency::ALL.iter().map(|k| k.as_str()), &f.urgency),
        partners,
        person_name,
        ctx,
        f,
        errors,
    })
}

#[derive(Deserialize)]
pub struct NewQuery {
    person: Option<String>,
}

/// `GET /warnings/new[?person=ID]`.
pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let f = WarningForm { person: q.person.unwrap_or_default(), urgency: "normal".into(), ..Default::default() };
    render(&form_page(&state, &call, ctx, f, Vec::new()).await?)
}

/// `POST /warnings/new`: to the warning's page, or the form again.
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<WarningForm>,
) -> Result<Response, AppError> {
    let person_id = match some(&f.person) {
        None => None,
        Some(raw) => match raw.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => return Err(AppError(satuatap_core::Error::invalid("person", "invalid_id"))),
        },
    };
    let input = NewWarning {
        kind: f.kind.clone(),
        urgency: f.urgency.clone(),
        village_code: None,
        person_id,
        partner_code: some(&f.partner_code),
        summary: f.summary.clone(),
    };
    match state.app.raise_warning(&call, &input).await {
        Ok(w) => Ok(Redirect::to(&format!("/warnings/{}", w.id)).into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            render_again(&form_page(&state, &call, ctx, f, errors).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "community/warnings.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<WarningRow>,
    open_only: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    all: Option<String>,
}

/// `GET /warnings`: the inbox, open ones first.
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let open_only = q.all.is_none();
    let zone = state.app.time_zone();
    let warnings = state.app.warnings(&call, open_only).await?;
    let villages = Villages::of(&state, warnings.iter().map(|w| &w.village_code)).await?;
    let rows = warnings.iter().map(|w| WarningRow::new(&ctx, zone, w, &villages)).collect();
    render(&ListPage { ctx, rows, open_only })
}

pub struct CaseChoice {
    id: Uuid,
    label: String,
}

#[derive(Template)]
#[template(path = "community/warning.html")]
struct ShowPage {
    ctx: PageCtx,
    w: Warning,
    row: WarningRow,
    raised: String,
    acknowledged: Option<String>,
    may_handle: bool,
    /// A case may be opened for her person from here.
    may_open_case: bool,
    outcomes: Vec<Choice>,
    cases: Vec<CaseChoice>,
    note: String,
    errors: Vec<String>,
}

async fn show_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    w: Warning,
    end: EndForm,
    errors: Vec<String>,
) -> Result<ShowPage, AppError> {
    let zone = state.app.time_zone();
    let cases = state
        .app
        .warning_cases(call, &w)
        .await?
        .into_iter()
        .map(|c| {
            let opened = local_time(&ctx, zone, c.opened_at);
            CaseChoice { id: c.id, label: format!("{} · {opened}", ctx.label("case-kind", c.kind.as_str())) }
        })
        .collect::<Vec<_>>();
    let outcomes = WarningOutcome::ALL
        .iter()
        .filter(|o| **o != WarningOutcome::CaseOpened || !cases.is_empty())
        .map(|o| o.as_str());
    let villages = Villages::of(state, [&w.village_code]).await?;
    Ok(ShowPage {
        row: WarningRow::new(&ctx, zone, &w, &villages),
        raised: local_time(&ctx, zone, w.raised_at),
        acknowledged: w.acknowledged_at.map(|at| local_time(&ctx, zone, at)),
        may_handle: w.outcome.is_none() && w.may_handle(&call.actor),
        may_open_case: w.outcome.is_none()
            && w.person_name.is_some()
            && satuatap_core::access::AuthCheck::new(satuatap_core::access::Permission::CasesWrite)
                .check(&call.actor)
                .is_ok(),
        outcomes: Choice::list(&ctx, "warning-outcome", outcomes, &end.outcome),
        cases,
        note: end.note,
        ctx,
        w,
        errors,
    })
}

/// `GET /warnings/{id}`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let w = state.app.warning(&call, id).await?;
    render(&show_page(&state, &call, ctx, w, EndForm::default(), Vec::new()).await?)
}

/// `POST /warnings/{id}/acknowledge`.
pub async fn acknowledge(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    match state.app.acknowledge_warning(&call, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/warnings/{id}")).into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            let w = state.app.warning(&call, id).await?;
            render_again(&show_page(&state, &call, ctx, w, EndForm::default(), errors).await?)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct EndForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    case_id: String,
    #[serde(default)]
    note: String,
}

/// `POST /warnings/{id}/end`.
pub async fn end(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<EndForm>,
) -> Result<Response, AppError> {
    let input =
        NewWarningEnd { outcome: f.outcome.clone(), case_id: f.case_id.parse::<Uuid>().ok(), note: some(&f.note) };
    match state.app.end_warning(&call, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/warnings/{id}")).into_response()),
        Err(e) => {
            let errors = form_refusals(&state, &ctx, e)?;
            let w = state.app.warning(&call, id).await?;
            render_again(&show_page(&state, &call, ctx, w, f, errors).await?)
        }
    }
}
