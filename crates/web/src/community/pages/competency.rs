//! `/competency-tests`: the district's sessions, one session with its
//! candidates, and the form to record one (candidates by NIK).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::competency::{CompetencyResult, CompetencyTest, NewCandidate, NewCompetencyTest};
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::PersonFilter;
use satuatap_core::FieldError;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, Choice, PageCtx};
use crate::state::AppState;

/// Rows of candidates the form offers.
const ROWS: usize = 5;

pub struct CandidateRow {
    nik: String,
    results: Vec<Choice>,
    certificate: String,
}

#[derive(Template)]
#[template(path = "community/competency_tests.html")]
struct ListPage {
    ctx: PageCtx,
    tests: Vec<CompetencyTest>,
    may_record: bool,
    date: String,
    occupation: String,
    training_centre: String,
    assessor: String,
    rows: Vec<CandidateRow>,
    errors: Vec<String>,
}

fn may_record(call: &satuatap_core::access::Ctx) -> bool {
    use satuatap_core::access::{AuthCheck, Permission, Scope};
    AuthCheck::new(Permission::ActivitiesWrite).check(&call.actor).is_ok_and(|s| s.covers(Scope::Organisation))
        && AuthCheck::new(Permission::PeopleRead).check(&call.actor).is_ok()
}

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

async fn list_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    pairs: &[(String, String)],
    errors: Vec<String>,
) -> Result<ListPage, AppError> {
    let tests = state.app.competency_tests(call).await?;
    let codes = || CompetencyResult::ALL.iter().map(|r| r.as_str());
    let rows = (0..ROWS)
        .map(|i| CandidateRow {
            nik: field(pairs, &format!("nik.{i}")),
            results: Choice::list(&ctx, "competency-result", codes(), &field(pairs, &format!("result.{i}"))),
            certificate: field(pairs, &format!("certificate.{i}")),
        })
        .collect();
    Ok(ListPage {
        tests,
        may_record: may_record(call),
        date: field(pairs, "date"),
        occupation: field(pairs, "occupation"),
        training_centre: field(pairs, "training_centre"),
        assessor: field(pairs, "assessor"),
        rows,
        ctx,
        errors,
    })
}

/// `GET /competency-tests`.
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&list_page(&state, &call, ctx, &[], Vec::new()).await?)
}

/// `POST /competency-tests`: candidates found by NIK; to the session's page, or the form again.
pub async fn record(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut problems = Vec::new();
    let mut candidates = Vec::new();
    for i in 0..ROWS {
        let nik = field(&pairs, &format!("nik.{i}"));
        if nik.trim().is_empty() {
            continue;
        }
        let found = state.app.people(&call, Some(nik.trim()), PersonFilter::default(), PageRequest::first(2)).await?;
        match found.items.as_slice() {
            [p] => candidates.push(NewCandidate {
                person_id: p.id,
                result: field(&pairs, &format!("result.{i}")),
                certificate_number: Some(field(&pairs, &format!("certificate.{i}"))).filter(|c| !c.trim().is_empty()),
            }),
            _ => {
                problems.push(FieldError::new(format!("candidates[{i}].nik"), "unknown_nik").with("value", nik.trim()))
            }
        }
    }
    let mut errors: Vec<String> =
        problems.iter().map(|e| crate::error::field_message(&state.i18n, ctx.lang, e)).collect();
    if errors.is_empty() {
        let input = NewCompetencyTest {
            date: field(&pairs, "date"),
            occupation: field(&pairs, "occupation"),
            training_centre: field(&pairs, "training_centre"),
            assessor: field(&pairs, "assessor"),
            candidates,
        };
        match state.app.record_competency_test(&call, &input).await {
            Ok(t) => return Ok(Redirect::to(&format!("/competency-tests/{}", t.id)).into_response()),
            Err(e) => errors = field_errors(&state, &ctx, e)?,
        }
    }
    render_again(&list_page(&state, &call, ctx, &pairs, errors).await?)
}

#[derive(Template)]
#[template(path = "community/competency_test.html")]
struct ShowPage {
    ctx: PageCtx,
    t: CompetencyTest,
}

/// `GET /competency-tests/{id}`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let t = state.app.competency_test(&call, id).await?;
    render(&ShowPage { ctx, t })
}
