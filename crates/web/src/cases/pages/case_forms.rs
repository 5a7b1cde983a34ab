//! Forms of the case pages: opening a case from a person's page, the moves
//! of the workflow, notes, tasks and approvals. Each calls the same service
//! as the API; a refused input shows the case page again (422) with the
//! form filled with what was typed and its messages next to it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::cases::case::{CaseKind, ForcedLabourIndicator, LabourCategory, RiskLevel, Transition};
use satuatap_core::cases::record::{Decision, NewCase, NewTask, TransitionInput};
use satuatap_core::registry::person::Person;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::cases::pages::cases::{move_form, show_again};
use crate::cases::pages::refused::Refused;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

fn to_case(id: Uuid, anchor: &str) -> Response {
    Redirect::to(&format!("/cases/{id}#{anchor}")).into_response()
}

#[derive(Template)]
#[template(path = "cases/case_new.html")]
struct NewCasePage {
    ctx: PageCtx,
    p: Person,
    /// The kind chosen in the first step; `None` shows the choice of kind.
    kind: Option<Choice>,
    kinds: Vec<Choice>,
    risks: Vec<Choice>,
    /// Only the lists that apply to the kind (`CaseKind::classifications`).
    categories: Vec<Checked>,
    indicators: Vec<Checked>,
    errors: Vec<String>,
}

/// A checkbox of a code list, ticked or not.
struct Checked {
    code: String,
    label: String,
    checked: bool,
}

fn checks<'a>(ctx: &PageCtx, list: &str, codes: impl IntoIterator<Item = &'a str>, ticked: &[String]) -> Vec<Checked> {
    codes
        .into_iter()
        .map(|c| Checked { code: c.to_string(), label: ctx.label(list, c), checked: ticked.iter().any(|t| t == c) })
        .collect()
}

impl NewCasePage {
    /// The form for `f.kind` (or the choice of kind), filled with `f`.
    fn new(ctx: PageCtx, p: Person, f: &NewCaseForm, errors: Vec<String>) -> Self {
        let kind = CaseKind::parse("kind", f.kind.trim()).ok();
        let applies = kind.map(CaseKind::classifications);
        let risk = if f.risk.is_empty() { "medium" } else { f.risk.as_str() };
        NewCasePage {
            kind: kind.map(|k| Choice {
                code: k.as_str().into(),
                label: ctx.label("case-kind", k.as_str()),
                selected: true,
            }),
            kinds: Choice::list(&ctx, "case-kind", CaseKind::ALL.iter().map(|k| k.as_str()), f.kind.trim()),
            risks: Choice::list(&ctx, "risk", RiskLevel::ALL.iter().map(|r| r.as_str()), risk),
            categories: match applies {
                Some(a) if a.labour_categories => {
                    checks(&ctx, "labour", LabourCategory::ALL.iter().map(|l| l.as_str()), &f.labour_categories)
                }
                _ => Vec::new(),
            },
            indicators: match applies {
                Some(a) if a.forced_labour_indicators => checks(
                    &ctx,
                    "ilo",
                    ForcedLabourIndicator::ALL.iter().map(|i| i.as_str()),
                    &f.forced_labour_indicators,
                ),
                _ => Vec::new(),
            },
            errors,
            ctx,
            p,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct KindQuery {
    #[serde(default)]
    kind: String,
}

/// Opening a case in two steps, each a plain form: the kind, then what
/// applies to it.
pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Query(q): Query<KindQuery>,
) -> Result<Response, AppError> {
    let p = state.app.shared_person(&call, id).await?;
    render(&NewCasePage::new(ctx, p, &NewCaseForm { kind: q.kind, ..Default::default() }, Vec::new()))
}

#[derive(Deserialize, Serialize, Default)]
pub struct NewCaseForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    risk: String,
    #[serde(default)]
    labour_categories: Vec<String>,
    #[serde(default)]
    forced_labour_indicators: Vec<String>,
}

pub async fn open(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<NewCaseForm>,
) -> Result<Response, AppError> {
    let input = NewCase {
        person_id: id,
        kind: f.kind.clone(),
        risk: some(&f.risk),
        labour_categories: f.labour_categories.clone(),
        forced_labour_indicators: f.forced_labour_indicators.clone(),
        trafficking_dimensions: Vec::new(),
    };
    match state.app.open_case(&call, &input).await {
        Ok(case) => Ok(to_case(case.id, "moves")),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.shared_person(&call, id).await?;
            render_again(&NewCasePage::new(ctx, p, &f, errors))
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct MoveForm {
    #[serde(default)]
    risk: String,
    /// Needs of the referral pathways, picked.
    #[serde(default)]
    need: Vec<String>,
    /// Other needs, separated by commas.
    #[serde(default)]
    needs: String,
    #[serde(default)]
    what: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    outcome: String,
}

/// A move of the workflow from the case page, back to its moves.
async fn move_case(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    id: Uuid,
    t: Transition,
    f: MoveForm,
) -> Result<Response, AppError> {
    let input = TransitionInput {
        risk: some(&f.risk),
        needs: f.need.iter().filter_map(|n| some(n)).chain(f.needs.split(',').filter_map(some)).collect(),
        actions: match some(&f.what) {
            Some(what) => vec![NewTask { what, who: some(&f.who), due: some(&f.due) }],
            None => Vec::new(),
        },
        reason: some(&f.reason),
        outcome: some(&f.outcome),
    };
    match state.app.move_case(call, id, t, &input).await {
        Ok(_) => Ok(to_case(id, "moves")),
        Err(e) => show_again(state, call, ctx, id, Refused::of(move_form(t), &f), e).await,
    }
}

/// The page handlers of the moves, one literal route each
/// (`POST /cases/{id}/move/assess`, …).
macro_rules! move_handlers {
    ($($name:ident => $t:expr),+ $(,)?) => {$(
        #[doc = concat!("`POST /cases/{id}/move/", stringify!($name), "`")]
        pub async fn $name(
            State(state): State<AppState>,
            CallCtx(call, _): CallCtx,
            ctx: PageCtx,
            Path(id): Path<Uuid>,
            axum_extra::extract::Form(f): axum_extra::extract::Form<MoveForm>,
        ) -> Result<Response, AppError> {
            move_case(&state, &call, ctx, id, $t, f).await
        }
    )+};
}
move_handlers!(
    assess => Transition::Assess,
    plan => Transition::Plan,
    start_services => Transition::StartServices,
    follow_up => Transition::FollowUp,
    close => Transition::Close,
    reopen => Transition::Reopen,
);

#[derive(Deserialize, Serialize, Default)]
pub struct NoteForm {
    #[serde(default)]
    text: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<NoteForm>,
) -> Result<Response, AppError> {
    match state.app.add_note(&call, id, &f.text).await {
        Ok(_) => Ok(to_case(id, "notes")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("add-note", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct TaskForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    due: String,
}

pub async fn add_task(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<TaskForm>,
) -> Result<Response, AppError> {
    let input = NewTask { what: f.what.clone(), who: some(&f.who), due: some(&f.due) };
    match state.app.add_task(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "tasks")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("add-task", &f), e).await,
    }
}

pub async fn task_done(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path((id, task)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    state.app.complete_task(&call, id, task).await?;
    Ok(to_case(id, "tasks"))
}

#[derive(Deserialize, Serialize, Default)]
pub struct IncidentForm {
    /// The classification questions answered yes (by name).
    #[serde(default)]
    yes: Vec<String>,
    #[serde(default)]
    contexts: Vec<String>,
    #[serde(default)]
    incident_date: String,
    #[serde(default)]
    first_report_date: String,
    #[serde(default)]
    perpetrator_relationship: String,
    #[serde(default)]
    reporting_consent: String,
    #[serde(default)]
    narrative: String,
}

/// `POST /cases/{id}/incident`: the GBV incident (the type follows the answers).
pub async fn incident(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<IncidentForm>,
) -> Result<Response, AppError> {
    let yes = |q: &str| f.yes.iter().any(|y| y == q);
    let input = satuatap_core::cases::record::NewIncident {
        answers: satuatap_core::cases::case::GbvAnswers {
            penetration: yes("penetration"),
            unwanted_sexual_contact: yes("unwanted_sexual_contact"),
            physical_assault: yes("physical_assault"),
            forced_marriage: yes("forced_marriage"),
            denial_of_resources: yes("denial_of_resources"),
            psychological_abuse: yes("psychological_abuse"),
        },
        contexts: f.contexts.clone(),
        incident_date: f.incident_date.clone(),
        first_report_date: f.first_report_date.clone(),
        perpetrator_relationship: some(&f.perpetrator_relationship),
        reporting_consent: f.reporting_consent == "yes",
        narrative: some(&f.narrative),
    };
    match state.app.record_incident(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "incident")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("incident-form", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

pub async fn decide(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path((id, approval)): Path<(Uuid, Uuid)>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let input = Decision { decision: f.decision.clone(), comment: some(&f.comment) };
    match state.app.decide(&call, id, approval, &input).await {
        Ok(_) => Ok(to_case(id, "approvals")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("approvals", &f), e).await,
    }
}

/// `POST /cases/{id}/attachments`: a file from the page's upload form.
pub async fn upload(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    form: axum::extract::Multipart,
) -> Result<Response, AppError> {
    match attach(&state, &call, id, form).await {
        Ok(()) => Ok(to_case(id, "attachments")),
        // A file cannot be put back in its field: the form comes back empty.
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("add-attachment", &()), e).await,
    }
}

async fn attach(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    id: Uuid,
    mut form: axum::extract::Multipart,
) -> Result<(), satuatap_core::Error> {
    let invalid = |code| satuatap_core::Error::invalid("file", code);
    while let Some(field) = form.next_field().await.map_err(|_| invalid("unreadable_upload"))? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("file").to_string();
            let bytes = field.bytes().await.map_err(|_| {
                satuatap_core::Error::Invalid(vec![
                    satuatap_core::FieldError::new("file", "too_large_mb").with("max", 10)
                ])
            })?;
            state.app.attach(call, id, &name, &bytes).await?;
            return Ok(());
        }
    }
    Err(invalid("required"))
}

/// `GET /cases/{id}/attachments/{attachment}`: the file, for readers of the case.
pub async fn download(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path((id, attachment)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let (meta, bytes) = state.app.attachment(&call, id, attachment).await?;
    Ok(crate::cases::api::attachments::file_response(&meta, bytes))
}
