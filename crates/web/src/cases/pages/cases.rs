//! Case pages: "my work", a supervisor's caseload, and the case page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use satuatap_core::access::{Ctx, Permission};
use satuatap_core::cases::actions::CaseAction;
use satuatap_core::cases::case::Transition;
use satuatap_core::cases::record::CASELOAD_LIST;
use satuatap_core::cases::record::{Case, CaseTask};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::referrals::referral::Need;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::cases::pages::complaint_section::{self, ComplaintSection, IncomingView, TransferSection};
pub(crate) use crate::cases::pages::refused::Refused;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, Choice, PageCtx};
use crate::state::AppState;

/// A case in a list.
pub struct CaseRow {
    id: Uuid,
    person: String,
    kind: String,
    stage: String,
    risk: String,
    due: String,
    overdue: bool,
    restricted: bool,
}

pub struct TaskRow {
    case_id: Uuid,
    id: Uuid,
    what: String,
    due: String,
    done: bool,
    overdue: bool,
}

/// The rows of cases whose people's names were read already (one audited
/// read for a page of several lists).
fn named_rows(ctx: &PageCtx, cases: &[Case], names: &std::collections::HashMap<Uuid, String>) -> Vec<CaseRow> {
    let now = chrono::Utc::now();
    cases
        .iter()
        .map(|c| CaseRow {
            id: c.id,
            person: names.get(&c.person_id).cloned().unwrap_or_default(),
            kind: ctx.label("case-kind", c.kind.as_str()),
            stage: ctx.label("case-stage", c.stage.as_str()),
            risk: ctx.label("risk", c.risk.as_str()),
            due: c.first_action_due.format("%Y-%m-%d %H:%M").to_string(),
            overdue: c.first_action_overdue(now),
            restricted: c.restricted,
        })
        .collect()
}

fn task_rows(tasks: &[CaseTask]) -> Vec<TaskRow> {
    let today = chrono::Utc::now().date_naive();
    tasks
        .iter()
        .map(|t| TaskRow {
            case_id: t.case_id,
            id: t.id,
            what: t.what.clone(),
            due: t.due.map(|d| d.to_string()).unwrap_or_default(),
            done: t.done_at.is_some(),
            overdue: t.done_at.is_none() && t.due.is_some_and(|d| d < today),
        })
        .collect()
}

/// How many of her open cases "my work" shows on a page, and how many
/// cases (or tasks) each list of the caseload shows before "show all".
const SHOWN: u32 = 25;

#[derive(Template)]
#[template(path = "cases/my_work.html")]
struct MyWorkPage {
    ctx: PageCtx,
    cases: Vec<CaseRow>,
    /// Pages through the open cases.
    pager: crate::page::Pager,
    overdue: Vec<TaskRow>,
    due: Vec<TaskRow>,
    /// Which task lists were cut at [`SHOWN`] (overdue, due): each then
    /// links to the whole lists.
    tasks_more: [bool; 2],
    can_supervise: bool,
    /// Transfers waiting for the supervisor's organisation.
    incoming_transfers: usize,
    /// Closures waiting for the supervisor's decision (the first of them).
    approvals: Vec<CaseRow>,
    /// More closures wait than are shown (the caseload shows them all).
    approvals_more: bool,
    /// Who waits at the organisation's desk (hand-overs and visits).
    entries: Vec<crate::registry::pages::queue::EntryView>,
    back: &'static str,
    referrals: crate::referrals::pages::referrals::WorkView,
}

#[derive(serde::Deserialize, Default)]
pub struct WorkQuery {
    /// Where the page of open cases starts.
    offset: Option<u64>,
    /// `all`: every open task, not the first [`SHOWN`] of each list.
    tasks: Option<String>,
}

pub async fn my_work(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<WorkQuery>,
) -> Result<Response, AppError> {
    let request = PageRequest::new(Some(SHOWN), q.offset);
    let work = state.app.my_work(&call, request).await?;
    let can_supervise = call.actor.scope_of(Permission::CasesSupervise).is_some();
    let incoming_transfers =
        if can_supervise { complaint_section::incoming_transfers(&state.app, &call).await?.len() } else { 0 };
    let mut approvals =
        if can_supervise { state.app.caseload(&call, SHOWN + 1).await?.pending_approvals } else { Vec::new() };
    let approvals_more = shorten(&mut approvals);
    // The names of both lists in one audited read.
    let ids: Vec<Uuid> = work.cases.iter().chain(&approvals).map(|c| c.person_id).collect();
    let names = state.app.person_names(&call, &ids).await.unwrap_or_default();
    let entries = match call.actor.scope_of(Permission::PeopleRead) {
        Some(_) => state
            .app
            .waiting_at_my_desk(&call)
            .await?
            .into_iter()
            .map(|e| crate::registry::pages::queue::EntryView::new(&ctx, e))
            .collect(),
        None => Vec::new(),
    };
    let referrals = crate::referrals::pages::referrals::WorkView::of(&state.app, &call, &ctx).await?;
    let page = Page { items: work.cases, total: work.cases_total, limit: request.limit, offset: request.offset };
    let (mut overdue, mut due) = (work.tasks_overdue, work.tasks_due);
    let tasks_more =
        if q.tasks.as_deref() == Some("all") { [false; 2] } else { [shorten(&mut overdue), shorten(&mut due)] };
    render(&MyWorkPage {
        approvals: named_rows(&ctx, &approvals, &names),
        approvals_more,
        entries,
        back: "work",
        cases: named_rows(&ctx, &page.items, &names),
        pager: ctx.pager(&page, "/cases", &[("tasks", q.tasks.as_deref().unwrap_or_default())]),
        overdue: task_rows(&overdue),
        due: task_rows(&due),
        tasks_more,
        can_supervise,
        incoming_transfers,
        referrals,
        ctx,
    })
}

/// Cuts a list read one longer than [`SHOWN`] back to it; whether it was longer.
fn shorten<T>(list: &mut Vec<T>) -> bool {
    let more = list.len() > SHOWN as usize;
    list.truncate(SHOWN as usize);
    more
}

#[derive(Template)]
#[template(path = "cases/caseload.html")]
pub(crate) struct CaseloadPage {
    ctx: PageCtx,
    by_stage: Vec<(String, u64)>,
    late: Vec<CaseRow>,
    without_action: Vec<CaseRow>,
    approvals: Vec<CaseRow>,
    overdue_tasks: Vec<TaskRow>,
    /// Which lists were cut at [`SHOWN`] (late, without action, approvals,
    /// overdue tasks): each then links to the whole lists.
    more: [bool; 4],
    /// Transfers to the organisation waiting for an answer.
    incoming: Vec<IncomingView>,
    referrals: crate::referrals::pages::referrals::WorkView,
    /// The transfer whose answer was refused, what was typed, why.
    refused_transfer: Option<Uuid>,
    typed_comment: String,
    errors: Vec<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct CaseloadQuery {
    /// `1`: the whole lists (up to [`CASELOAD_LIST`] each), not their first
    /// [`SHOWN`].
    all: Option<u8>,
}

pub async fn caseload(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<CaseloadQuery>,
) -> Result<Response, AppError> {
    render(&caseload_page(&state, &call, ctx, None, q.all == Some(1)).await?)
}

/// An answer to a transfer refused: which, what was typed, why.
pub(crate) struct TransferRefusal {
    pub(crate) id: Uuid,
    pub(crate) comment: String,
    pub(crate) errors: Vec<String>,
}

pub(crate) async fn caseload_page(
    state: &AppState,
    call: &Ctx,
    ctx: PageCtx,
    refused: Option<TransferRefusal>,
    all: bool,
) -> Result<CaseloadPage, AppError> {
    let mut load = state.app.caseload(call, if all { CASELOAD_LIST } else { SHOWN + 1 }).await?;
    let more = if all {
        [false; 4]
    } else {
        [
            shorten(&mut load.first_action_overdue),
            shorten(&mut load.without_action),
            shorten(&mut load.pending_approvals),
            shorten(&mut load.overdue_tasks),
        ]
    };
    // The names of the three lists in one audited read.
    let ids: Vec<Uuid> = [&load.first_action_overdue, &load.without_action, &load.pending_approvals]
        .into_iter()
        .flatten()
        .map(|c| c.person_id)
        .collect();
    let names = state.app.person_names(call, &ids).await.unwrap_or_default();
    let incoming = complaint_section::incoming_transfers(&state.app, call).await?;
    let referrals = crate::referrals::pages::referrals::WorkView::of(&state.app, call, &ctx).await?;
    let (refused_transfer, typed_comment, errors) = match refused {
        Some(r) => (Some(r.id), r.comment, r.errors),
        None => (None, String::new(), Vec::new()),
    };
    Ok(CaseloadPage {
        referrals,
        incoming: complaint_section::incoming_views(&state.app, &incoming).await?,
        by_stage: load.open_by_stage.iter().map(|(s, n)| (ctx.label("case-stage", s.as_str()), *n)).collect(),
        late: named_rows(&ctx, &load.first_action_overdue, &names),
        without_action: named_rows(&ctx, &load.without_action, &names),
        approvals: named_rows(&ctx, &load.pending_approvals, &names),
        overdue_tasks: task_rows(&load.overdue_tasks),
        more,
        refused_transfer,
        typed_comment,
        errors,
        ctx,
    })
}

impl CaseloadPage {
    /// Whether the answer to transfer `id` is the one refused.
    fn refused_here(&self, id: &Uuid) -> bool {
        self.refused_transfer.as_ref() == Some(id)
    }
}

pub struct NoteView {
    at: String,
    text: String,
}

pub struct ApprovalView {
    id: Uuid,
    status: String,
    pending: bool,
    what: String,
    comment: String,
}

#[derive(Template)]
#[template(path = "cases/case.html")]
struct CasePage {
    ctx: PageCtx,
    c: Case,
    person: String,
    kind: String,
    stage: String,
    risk: String,
    status: String,
    organisation: String,
    overdue: bool,
    needs: String,
    classification: Vec<String>,
    tasks: Vec<TaskRow>,
    /// Tasks not done yet (shown on the closed section).
    open_tasks: usize,
    notes: Vec<NoteView>,
    /// (id, name, type and size)
    attachments: Vec<(Uuid, String, String)>,
    approvals: Vec<ApprovalView>,
    /// (when, event, who)
    timeline: Vec<(String, String, String)>,
    is_gbv: bool,
    /// (type, delay, perpetrator, narrative) once recorded.
    incident: Option<(String, String, String, String)>,
    contexts: Vec<Choice>,
    perpetrators: Vec<Choice>,
    /// The workflow's moves the reader may make now.
    moves: Vec<Transition>,
    risks: Vec<Choice>,
    reasons: Vec<Choice>,
    /// What the reader may do (from core).
    actions: Vec<CaseAction>,
    /// Respondent, claims and mediation, on a labour complaint.
    complaint: Option<ComplaintSection>,
    transfers: TransferSection,
    /// The case's referrals, and whether the reader may send one.
    referrals: Vec<crate::referrals::pages::referrals::ReferralRow>,
    /// The pathway needs to pick at assessment.
    need_choices: Vec<Choice>,
    /// The form refused, shown again with what was typed.
    refused: Option<Refused>,
    /// Its messages (for `form_errors.html`).
    errors: Vec<String>,
}

/// The id of the case page's form of a move.
pub(crate) fn move_form(t: Transition) -> &'static str {
    match t {
        Transition::Assess => "assess-form",
        Transition::Plan => "plan-form",
        Transition::Close => "close-form",
        Transition::Reopen => "reopen-form",
        _ => "moves",
    }
}

impl CasePage {
    fn may(&self, action: CaseAction) -> bool {
        self.actions.contains(&action)
    }

    /// Whether a move's form shows open: the next step (the first move), or
    /// the one refused; the others open on demand.
    fn open_move(&self, m: &Transition, first: bool) -> bool {
        first || self.refused(move_form(*m))
    }

    /// Whether `form` is the one refused (its messages are shown in it).
    fn refused(&self, form: &str) -> bool {
        self.refused.as_ref().is_some_and(|r| r.form == form)
    }

    /// What was typed in `field` of `form` when it was refused, else empty.
    fn typed(&self, form: &str, field: &str) -> String {
        match &self.refused {
            Some(r) if r.form == form => r.values(field).join(", "),
            _ => String::new(),
        }
    }

    /// Whether `value` was picked in `field` of the refused `form`.
    fn picked(&self, form: &str, field: &str, value: &str) -> bool {
        match &self.refused {
            Some(r) if r.form == form => r.values(field).iter().any(|v| v == value),
            _ => false,
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    render(&case_page(&state, &call, ctx, id, None, Vec::new()).await?)
}

/// The case page again after a form of it was refused: 422, the page with
/// the form filled with what was typed and its messages next to it. An
/// error that is not about the input shows the error page.
pub(crate) async fn show_again(
    state: &AppState,
    call: &Ctx,
    ctx: PageCtx,
    id: Uuid,
    refused: Refused,
    e: satuatap_core::Error,
) -> Result<Response, AppError> {
    let errors = field_errors(state, &ctx, e)?;
    render_again(&case_page(state, call, ctx, id, Some(refused), errors).await?)
}

async fn case_page(
    state: &AppState,
    call: &Ctx,
    ctx: PageCtx,
    id: Uuid,
    refused: Option<Refused>,
    errors: Vec<String>,
) -> Result<CasePage, AppError> {
    let app = &state.app;
    // One check of the reader, one audited read, for every part of the page.
    let file = app.case_file(call, id).await?;
    let may_transfer = file.may(CaseAction::Transfer);
    let c = file.case;
    let organisation = app.organisation_names(&[c.organisation_id]).await?.pop().map(|(_, n)| n).unwrap_or_default();
    let classification = c
        .labour_categories
        .iter()
        .map(|l| ctx.label("labour", l.as_str()))
        .chain(c.forced_labour_indicators.iter().map(|i| ctx.label("ilo", i.as_str())))
        .chain(c.trafficking_dimensions.iter().map(|d| ctx.label("trafficking", d.as_str())))
        .collect();
    let notes = file
        .notes
        .into_iter()
        .map(|n| NoteView { at: n.created_at.format("%Y-%m-%d %H:%M").to_string(), text: n.text })
        .collect();
    let approvals = file
        .approvals
        .into_iter()
        .map(|a| ApprovalView {
            id: a.id,
            pending: a.status == satuatap_core::cases::record::ApprovalStatus::Pending,
            status: ctx.label("approval-status", a.status.as_str()),
            what: a.closure_reason.map(|r| ctx.label("closure-reason", r.as_str())).unwrap_or_default(),
            comment: a.comment.unwrap_or_default(),
        })
        .collect();
    let timeline =
        file.timeline.into_iter().map(|e| (e.at.format("%Y-%m-%d %H:%M").to_string(), e.event, e.actor_name)).collect();
    let is_gbv = c.kind == satuatap_core::cases::case::CaseKind::Gbv;
    let incident = file.incident.map(|i| {
        (
            ctx.label("gbv-type", i.gbv_type.as_str()),
            ctx.label("delay", i.reporting_delay.as_str()),
            i.perpetrator_relationship.map(|p| ctx.label("perpetrator", p.as_str())).unwrap_or_default(),
            i.narrative.unwrap_or_default(),
        )
    });
    let mut moves: Vec<Transition> = file
        .actions
        .iter()
        .filter_map(|a| match a {
            CaseAction::Move(t) => Some(*t),
            _ => None,
        })
        .collect();
    // The SOP's next step first; the others open on demand.
    let next = satuatap_core::cases::case::next_step(c.stage);
    moves.sort_by_key(|m| *m != next);
    let complaint = if c.kind == satuatap_core::cases::case::CaseKind::LabourComplaint {
        let typed = refused.as_ref().filter(|r| r.form == "complaint-form");
        Some(complaint_section::complaint_section(app, &ctx, file.complaint.as_ref(), typed).await?)
    } else {
        None
    };
    let transfers = complaint_section::transfer_section(app, &ctx, &c, &file.transfers, may_transfer).await?;
    let referrals =
        file.referrals.iter().map(|v| crate::referrals::pages::referrals::ReferralRow::of(&ctx, v, false)).collect();
    let page = CasePage {
        complaint,
        transfers,
        referrals,
        need_choices: Choice::list(&ctx, "need", Need::ALL.iter().map(|n| n.as_str()), ""),
        person: file.person_name,
        kind: ctx.label("case-kind", c.kind.as_str()),
        stage: ctx.label("case-stage", c.stage.as_str()),
        risk: ctx.label("risk", c.risk.as_str()),
        status: ctx.label("case-status", c.status.as_str()),
        overdue: c.first_action_overdue(chrono::Utc::now()),
        // Pathway needs by their label, others as written.
        needs: c
            .needs
            .iter()
            .map(|n| n.parse::<Need>().map(|k| ctx.label("need", k.as_str())).unwrap_or_else(|()| n.clone()))
            .collect::<Vec<_>>()
            .join(", "),
        organisation,
        classification,
        open_tasks: file.tasks.iter().filter(|t| t.done_at.is_none()).count(),
        tasks: task_rows(&file.tasks),
        notes,
        attachments: file
            .attachments
            .into_iter()
            .map(|a| (a.id, a.file_name, format!("{}, {} KB", a.content_type, (a.size + 1023) / 1024)))
            .collect(),
        approvals,
        timeline,
        is_gbv,
        incident,
        contexts: Choice::list(
            &ctx,
            "gbv-context",
            satuatap_core::cases::case::GbvContext::ALL.iter().map(|c| c.as_str()),
            "",
        ),
        perpetrators: Choice::list(
            &ctx,
            "perpetrator",
            satuatap_core::cases::case::PerpetratorRelationship::ALL.iter().map(|p| p.as_str()),
            "",
        ),
        moves,
        risks: Choice::list(
            &ctx,
            "risk",
            satuatap_core::cases::case::RiskLevel::ALL.iter().map(|r| r.as_str()),
            refused
                .as_ref()
                .filter(|r| r.form == "assess-form")
                .and_then(|r| r.values("risk").pop())
                .as_deref()
                .unwrap_or(c.risk.as_str()),
        ),
        reasons: Choice::list(
            &ctx,
            "closure-reason",
            satuatap_core::cases::case::ClosureReason::ALL.iter().map(|r| r.as_str()),
            "",
        ),
        actions: file.actions,
        c,
        ctx,
        refused,
        errors,
    };
    Ok(page)
}
