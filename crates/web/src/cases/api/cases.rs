//! `/api/v1/cases`: cases by the coordinated SOP.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::cases::case::{CaseStatus, Transition};
use satuatap_core::cases::record::{
    Approval, Case, CaseFilter, CaseNote, CaseTask, Decision, MyWork, NewCase, NewTask, SopDeadlines, TimelineEvent,
    TransitionInput,
};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::CaseMention;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{optional, ApiJson, ApiPath, ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Open a case for a person. GBV and trafficking cases are restricted.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases",
    request_body = NewCase,
    responses(
        (status = 201, body = Case),
        (status = 403, description = "Not allowed, or `consent_required` for the person", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewCase>,
) -> Result<(StatusCode, Json<Case>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.open_case(&call, &input).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// `open` or `closed`.
    status: Option<String>,
    person_id: Option<Uuid>,
}

/// Cases within the caller's scope (restricted ones only with need-to-know), newest first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    params(CaseQuery, Paging),
    responses((status = 200, body = Page<Case>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<CaseQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Case>>, AppError> {
    let filter = CaseFilter {
        status: optional(&q.status, |v| CaseStatus::parse("status", v))?,
        person_id: q.person_id,
        ..Default::default()
    };
    Ok(Json(state.app.cases(&call, filter, paging.request()?).await?))
}

/// One case (404 for a restricted case outside need-to-know).
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Case), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(state.app.case(&call, id).await?))
}

async fn apply(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    id: Uuid,
    t: Transition,
    input: TransitionInput,
) -> Result<Json<Case>, AppError> {
    Ok(Json(state.app.move_case(call, id, t, &input).await?))
}

/// A JSON body that may be left out, or be `null` (moves without details).
fn optional_body(body: &[u8]) -> Result<TransitionInput, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(TransitionInput::default());
    }
    serde_json::from_slice::<Option<TransitionInput>>(body)
        .map(Option::unwrap_or_default)
        .map_err(|e| AppError(satuatap_core::Error::Invalid(vec![crate::error::json_data_problem(&e.to_string())])))
}

macro_rules! transition {
    ($name:ident, $path:literal, $t:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "cases",
            params(("id" = Uuid, Path)),
            request_body = Option<TransitionInput>,
            responses(
                (status = 200, body = Case),
                (status = 404, body = ErrorBody),
                (status = 409, description = "`invalid_transition` (with `allowed`) or `approval_pending`", body = ErrorBody),
                (status = 422, body = ErrorBody),
            ),
            security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            CallCtx(call, _): CallCtx,
            ApiPath(id): ApiPath<Uuid>,
            body: axum::body::Bytes,
        ) -> Result<Json<Case>, AppError> {
            apply(&state, &call, id, $t, optional_body(&body)?).await
        }
    };
}

transition!(assess, "/api/v1/cases/{id}/assess", Transition::Assess, "Assess: the risk and needs found.");
transition!(plan, "/api/v1/cases/{id}/plan", Transition::Plan, "Plan: the actions (what, who, by when) become tasks.");
transition!(start_services, "/api/v1/cases/{id}/start_services", Transition::StartServices, "Services under way.");
transition!(follow_up, "/api/v1/cases/{id}/follow_up", Transition::FollowUp, "Follow-up.");
transition!(
    close,
    "/api/v1/cases/{id}/close",
    Transition::Close,
    "Close with a reason; a restricted or high-risk case waits for a supervisor's approval (`pending_approval`)."
);
transition!(reopen, "/api/v1/cases/{id}/reopen", Transition::Reopen, "Reopen a closed case (`outcome`: why).");

/// A supervisor approves or rejects a request (not their own).
#[utoipa::path(post, path = "/api/v1/cases/{id}/approvals/{approval}", tag = "cases",
    params(("id" = Uuid, Path), ("approval" = Uuid, Path)),
    request_body = Decision,
    responses((status = 200, body = Case), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath((id, approval)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<Decision>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(state.app.decide(&call, id, approval, &input).await?))
}

/// The approvals asked for on a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/approvals", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Approval>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn approvals(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Approval>>, AppError> {
    Ok(Json(state.app.case_approvals(&call, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub username: String,
}

/// Assign a user to a case (they then need to know).
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = Assignment,
    responses((status = 200, body = Case), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn assign(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Assignment>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(state.app.assign_case(&call, id, &input.username).await?))
}

/// Add a task with a due date.
#[utoipa::path(post, path = "/api/v1/cases/{id}/tasks", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewTask,
    responses((status = 201, body = CaseTask), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_task(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewTask>,
) -> Result<(StatusCode, Json<CaseTask>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_task(&call, id, &input).await?)))
}

/// The tasks of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/tasks", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<CaseTask>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn tasks(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<CaseTask>>, AppError> {
    Ok(Json(state.app.case_tasks(&call, id).await?))
}

/// Mark a task done.
#[utoipa::path(post, path = "/api/v1/cases/{id}/tasks/{task}/done", tag = "cases",
    params(("id" = Uuid, Path), ("task" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn task_done(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath((id, task)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, AppError> {
    state.app.complete_task(&call, id, task).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub text: String,
}

/// Add a confidential note (sealed at rest).
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", tag = "cases",
    params(("id" = Uuid, Path)),
    request_body = NewNote,
    responses((status = 201, body = CaseNote), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_note(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewNote>,
) -> Result<(StatusCode, Json<CaseNote>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_note(&call, id, &input.text).await?)))
}

/// The notes of a case, oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notes", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<CaseNote>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn notes(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<CaseNote>>, AppError> {
    Ok(Json(state.app.case_notes(&call, id).await?))
}

/// Everything that happened to a case, oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/timeline", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<TimelineEvent>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn timeline(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<TimelineEvent>>, AppError> {
    Ok(Json(state.app.case_timeline(&call, id).await?))
}

/// The caller's open cases and tasks (due and overdue).
#[utoipa::path(get, path = "/api/v1/me/work", tag = "cases",
    responses((status = 200, body = MyWork), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn my_work(State(state): State<AppState>, CallCtx(call, _): CallCtx) -> Result<Json<MyWork>, AppError> {
    use satuatap_core::cases::record::MY_CASES;
    Ok(Json(state.app.my_work(&call, PageRequest { limit: MY_CASES, offset: 0 }).await?))
}

/// A person's cases as the caller may see them: restricted ones outside
/// need-to-know only show that they exist and which organisation holds them.
#[utoipa::path(get, path = "/api/v1/people/{id}/cases", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<CaseMention>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn of_person(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<CaseMention>>, AppError> {
    Ok(Json(state.app.cases_of_person(&call, id).await?))
}

/// A district's first-action deadlines (hours per risk).
#[utoipa::path(get, path = "/api/v1/districts/{code}/sop", tag = "cases",
    params(("code" = String, Path, description = "Regency code, e.g. 32.09")),
    responses((status = 200, body = SopDeadlines), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn sop(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<SopDeadlines>, AppError> {
    let area = state.app.existing_area("district", &code).await?;
    Ok(Json(state.app.sop_deadlines(&area.code).await?))
}

/// Set a district's first-action deadlines.
#[utoipa::path(put, path = "/api/v1/districts/{code}/sop", tag = "cases",
    params(("code" = String, Path)),
    request_body = SopDeadlines,
    responses((status = 200, body = SopDeadlines), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_sop(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(input): ApiJson<SopDeadlines>,
) -> Result<Json<SopDeadlines>, AppError> {
    Ok(Json(state.app.set_sop_deadlines(&call, &code, &input).await?))
}

/// The caller's organisation's caseload (supervisors).
#[utoipa::path(get, path = "/api/v1/caseload", tag = "cases",
    responses((status = 200, body = satuatap_core::cases::record::Caseload), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn caseload(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<satuatap_core::cases::record::Caseload>, AppError> {
    Ok(Json(state.app.caseload(&call, satuatap_core::cases::record::CASELOAD_LIST).await?))
}
