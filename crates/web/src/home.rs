//! The home page. Signed in, it starts with the caller's work — who waits
//! at the desk, overdue tasks, referrals and approvals waiting — and the
//! first steps of what the caller's roles do (the permissions decide, as in
//! the navigation); then the one-roof offices and where to go next.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use satuatap_core::access::{Ctx, Permission};
use satuatap_core::organisations::organisation::OfficeOverview;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::state::AppState;

/// A count of work waiting, with where to do it.
pub struct Waiting {
    label: String,
    count: usize,
    href: String,
}

/// A first step of the caller's roles.
pub struct Step {
    label: String,
    href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    offices: Vec<OfficeOverview>,
    /// Signed in: the work waiting (empty counts left out).
    waiting: Vec<Waiting>,
    steps: Vec<Step>,
    signed_in: bool,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let offices = state.app.ltsa_overview().await?;
    let signed_in = call.actor.user().is_some();
    let (waiting, steps) = if signed_in { start(&state, &call, &ctx).await? } else { (Vec::new(), Vec::new()) };
    render(&HomePage { ctx, offices, waiting, steps, signed_in })
}

async fn start(state: &AppState, call: &Ctx, ctx: &PageCtx) -> Result<(Vec<Waiting>, Vec<Step>), AppError> {
    let may = |p: Permission| call.actor.scope_of(p).is_some();
    let app = &state.app;
    let mut waiting = Vec::new();
    let mut count = |key: &str, count: usize, href: &str| {
        if count > 0 {
            waiting.push(Waiting { label: ctx.t(key), count, href: href.into() });
        }
    };
    if may(Permission::PeopleRead) {
        count("work-my-desk", app.waiting_at_my_desk(call).await?.len(), "/cases#my-desk");
    }
    if may(Permission::CasesRead) {
        let work = app.my_work(call, satuatap_core::paging::PageRequest { limit: 1, offset: 0 }).await?;
        count("work-overdue", work.tasks_overdue.len(), "/cases#overdue");
        count("work-cases", usize::try_from(work.cases_total).unwrap_or(usize::MAX), "/cases#my-cases");
    }
    if may(Permission::CasesSupervise) {
        count(
            "work-approvals",
            app.caseload(call, satuatap_core::cases::record::CASELOAD_LIST).await?.pending_approvals.len(),
            "/cases#approvals",
        );
    }
    if may(Permission::ReferralsManage) {
        let referrals = crate::referrals::pages::referrals::WorkView::of(app, call, ctx).await?;
        count("work-referrals-overdue", referrals.overdue.len(), "/cases#referrals-overdue");
        count("work-referrals-inbox", referrals.inbox.len(), "/cases#referrals-inbox");
    }
    if may(Permission::CommunityRead) || may(Permission::WarningsHandle) {
        let open = app.warnings(call, true).await?;
        let mine: Vec<_> = open.iter().filter(|w| w.may_handle(&call.actor)).collect();
        count("work-warnings-overdue", mine.iter().filter(|w| w.overdue).count(), "/warnings");
        count(
            "work-warnings-waiting",
            mine.iter().filter(|w| w.acknowledged_at.is_none() && !w.overdue).count(),
            "/warnings",
        );
    }
    if call
        .actor
        .scope_of(Permission::ActivitiesWrite)
        .is_some_and(|s| s.covers(satuatap_core::access::Scope::District))
    {
        let overdue = app.forum_actions(call).await?.iter().filter(|a| a.overdue).count();
        count("work-forum-overdue", overdue, "/forum");
    }
    let district_people =
        call.actor.scope_of(Permission::PeopleRead).is_some_and(|s| s.covers(satuatap_core::access::Scope::District));
    if may(Permission::CommunityRead) && district_people {
        count("expected-title", app.expected_visitors(call).await?.len(), "/expected-visitors");
    }
    let mut steps = Vec::new();
    let mut step = |label: String, href: String| steps.push(Step { label, href });
    if may(Permission::PeopleWrite) {
        step(ctx.t("home-step-find"), "/people".into());
        step(ctx.t("people-register"), "/people/new".into());
        if let Some(u) = call.actor.user() {
            for o in app.organisation(u.organisation_id).await?.offices.into_iter().take(2) {
                step(format!("{} · {}", ctx.t("queue-title"), o.name), format!("/offices/{}/queue", o.id));
            }
        }
    } else if may(Permission::PeopleRead) {
        step(ctx.t("home-step-find"), "/people".into());
    }
    if may(Permission::CasesRead) {
        step(ctx.t("work-title"), "/cases".into());
    }
    if may(Permission::CasesSupervise) {
        step(ctx.t("caseload-title"), "/cases/caseload".into());
    }
    if may(Permission::ReferralsManage) {
        step(ctx.t("nav-referrals"), "/referrals".into());
    }
    if may(Permission::CommunityWrite) {
        step(ctx.t("community-title"), "/community".into());
        step(ctx.t("warning-new-title"), "/warnings/new".into());
    }
    if may(Permission::CommunityRead) || may(Permission::WarningsHandle) {
        step(ctx.t("warnings-title"), "/warnings".into());
    }
    if may(Permission::ActivitiesWrite) {
        step(ctx.t("activity-new-title"), "/activities/new".into());
    }
    if call
        .actor
        .scope_of(Permission::PeopleWrite)
        .is_some_and(|s| s.covers(satuatap_core::access::Scope::Organisation))
    {
        step(ctx.t("hotline-title"), "/hotline".into());
    }
    if may(Permission::UsersManage) {
        step(ctx.t("nav-admin"), "/admin/users".into());
    }
    if may(Permission::OrganisationsManage) {
        step(ctx.t("nav-organisations"), "/organisations".into());
        step(ctx.t("nav-offices"), "/offices".into());
    }
    if may(Permission::DirectoryManage) {
        step(ctx.t("nav-directory"), "/directory".into());
    }
    if may(Permission::AuditRead) {
        step(ctx.t("nav-audit"), "/admin/audit".into());
    }
    Ok((waiting, steps))
}
