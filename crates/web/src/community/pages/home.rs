//! `/community`: the village's page — its registrations, departures and
//! returns, and its warnings.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use satuatap_core::access::{AuthCheck, Permission};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::CommunityFilter;

use super::{NoticeRow, RegistrationRow, Villages, WarningRow};
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "community/home.html")]
struct HomePage {
    ctx: PageCtx,
    registrations: Vec<RegistrationRow>,
    registrations_total: u64,
    notices: Vec<NoticeRow>,
    warnings: Vec<WarningRow>,
    may_write: bool,
    may_record: bool,
    may_read: bool,
}

/// `GET /community`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let zone = state.app.time_zone();
    let has = |p: Permission| AuthCheck::new(p).check(&call.actor).is_ok();
    let (registrations, notices) = if has(Permission::CommunityRead) {
        (
            state.app.registrations(&call, CommunityFilter::default(), PageRequest::first(20)).await?,
            state.app.notices(&call, CommunityFilter::default(), PageRequest::first(20)).await?,
        )
    } else {
        (Page::empty(), Page::empty())
    };
    let warnings = state.app.warnings(&call, false).await?;
    let villages = Villages::of(
        &state,
        registrations.items.iter().map(|r| &r.village_code).chain(warnings.iter().map(|w| &w.village_code)),
    )
    .await?;
    let may_write = has(Permission::CommunityWrite);
    render(&HomePage {
        registrations: registrations.items.iter().map(|r| RegistrationRow::new(&ctx, zone, r, &villages)).collect(),
        registrations_total: registrations.total,
        notices: notices.items.iter().map(|n| NoticeRow::new(&ctx, n)).collect(),
        warnings: warnings.iter().take(50).map(|w| WarningRow::new(&ctx, zone, w, &villages)).collect(),
        may_write,
        may_record: has(Permission::ActivitiesWrite),
        may_read: has(Permission::CommunityRead),
        ctx,
    })
}

pub struct ExpectedRow {
    person_id: uuid::Uuid,
    person: String,
    village: String,
    reason: String,
    since: String,
}

#[derive(Template)]
#[template(path = "community/expected.html")]
struct ExpectedPage {
    ctx: PageCtx,
    rows: Vec<ExpectedRow>,
}

/// `GET /expected-visitors`: who the district office expects.
pub async fn expected(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let zone = state.app.time_zone();
    let expected = state.app.expected_visitors(&call).await?;
    let villages = Villages::of(&state, expected.iter().map(|e| &e.village_code)).await?;
    let rows = expected
        .into_iter()
        .map(|e| ExpectedRow {
            person_id: e.person_id,
            person: e.person_name,
            village: villages.name(&e.village_code),
            reason: ctx.label("expected", e.reason.as_str()),
            since: crate::page::local_time(&ctx, zone, e.since),
        })
        .collect();
    render(&ExpectedPage { ctx, rows })
}
