//! `/api/v1`: village registrations, departure and return notices, early warnings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::community::activity::{Activity, ActivityKind, NewActivity};
use satuatap_core::community::campaign::{Campaign, NewCampaign};
use satuatap_core::community::competency::{CompetencyTest, NewCompetencyTest};
use satuatap_core::community::forum::{
    ForumAction, ForumMember, NewActionClosure, NewForumAction, NewForumMember, NewRegulation, Regulation,
};
use satuatap_core::community::hotline::{HotlineContact, NewHotlineContact};
use satuatap_core::community::membership::{Membership, NewMembership};
use satuatap_core::community::notice::{NewDeparture, NewReturn, Notice};
use satuatap_core::community::registration::{
    ExpectedVisitor, NewDecision, NewRegistration, Registration, RegistrationStatus,
};
use satuatap_core::community::roster::{NewEnd, NewTaskForceMember, TaskForceMember};
use satuatap_core::community::warning::{NewWarning, NewWarningEnd, Warning};
use satuatap_core::paging::Page;
use satuatap_core::repo::CommunityFilter;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{optional, ApiJson, ApiPath, ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Register a prospective migrant worker in her village (the person is
/// found or registered first, with the duplicate check).
#[utoipa::path(post, path = "/api/v1/village-registrations", tag = "community",
    request_body = NewRegistration,
    responses(
        (status = 201, body = Registration),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such person (or not one the caller may see)", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewRegistration>,
) -> Result<(StatusCode, Json<Registration>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.register_prospective(&call, &input).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationQuery {
    /// `submitted`, `verified` or `returned`.
    status: Option<String>,
    /// A village, or an area the village lies in (within the caller's own).
    within: Option<String>,
    /// Of one person.
    person_id: Option<Uuid>,
}

/// Registrations of the caller's village (or district), newest first.
#[utoipa::path(get, path = "/api/v1/village-registrations", tag = "community",
    params(RegistrationQuery, Paging),
    responses((status = 200, body = Page<Registration>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn registrations(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<RegistrationQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Registration>>, AppError> {
    let filter = CommunityFilter {
        status: optional(&q.status, |v| RegistrationStatus::parse("status", v))?,
        within: optional(&q.within, |v| AreaCode::parse("within", v))?,
        person_id: q.person_id,
    };
    Ok(Json(state.app.registrations(&call, filter, paging.request()?).await?))
}

/// One registration (every read is audited).
#[utoipa::path(get, path = "/api/v1/village-registrations/{id}", tag = "community",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Registration), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn registration(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Registration>, AppError> {
    Ok(Json(state.app.registration(&call, id).await?))
}

/// The village verifies a submitted registration, or returns it with a reason.
#[utoipa::path(post, path = "/api/v1/village-registrations/{id}/decision", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewDecision,
    responses(
        (status = 200, body = Registration),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_decided`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewDecision>,
) -> Result<Json<Registration>, AppError> {
    Ok(Json(state.app.decide_registration(&call, id, &input).await?))
}

/// Who the caller's district office expects: verified registrations and
/// returnees referred by their village, not seen at the office since.
#[utoipa::path(get, path = "/api/v1/expected-visitors", tag = "community",
    responses((status = 200, body = Vec<ExpectedVisitor>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn expected(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<ExpectedVisitor>>, AppError> {
    Ok(Json(state.app.expected_visitors(&call).await?))
}

/// Record that a person of the caller's village left.
#[utoipa::path(post, path = "/api/v1/people/{id}/departures", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewDeparture,
    responses((status = 201, body = Notice), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn departure(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewDeparture>,
) -> Result<(StatusCode, Json<Notice>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_departure(&call, id, &input).await?)))
}

/// Record that a person of the caller's village came back; with needs, raise
/// a warning or refer her to the LTSA-MRC in the same step.
#[utoipa::path(post, path = "/api/v1/people/{id}/returns", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewReturn,
    responses(
        (status = 201, body = Notice),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "e.g. `before_departure`, `future_date`", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn arrival(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewReturn>,
) -> Result<(StatusCode, Json<Notice>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_return(&call, id, &input).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// A village, or an area the village lies in (within the caller's own).
    within: Option<String>,
    /// Of one person.
    person_id: Option<Uuid>,
}

/// Departures and returns of the caller's village (or district), newest first.
#[utoipa::path(get, path = "/api/v1/notices", tag = "community",
    params(NoticeQuery, Paging),
    responses((status = 200, body = Page<Notice>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn notices(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<NoticeQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Notice>>, AppError> {
    let filter = CommunityFilter {
        within: optional(&q.within, |v| AreaCode::parse("within", v))?,
        person_id: q.person_id,
        status: None,
    };
    Ok(Json(state.app.notices(&call, filter, paging.request()?).await?))
}

/// Raise an early warning to the district (and the partner named).
#[utoipa::path(post, path = "/api/v1/warnings", tag = "community",
    request_body = NewWarning,
    responses((status = 201, body = Warning), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn raise(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewWarning>,
) -> Result<(StatusCode, Json<Warning>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.raise_warning(&call, &input).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningQuery {
    /// Leave out the warnings that ended (default false).
    open: Option<bool>,
}

/// The warnings the caller may see, the most pressing first.
#[utoipa::path(get, path = "/api/v1/warnings", tag = "community",
    params(WarningQuery),
    responses((status = 200, body = Vec<Warning>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn warnings(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<WarningQuery>,
) -> Result<Json<Vec<Warning>>, AppError> {
    Ok(Json(state.app.warnings(&call, q.open.unwrap_or(false)).await?))
}

/// One warning (every read is audited).
#[utoipa::path(get, path = "/api/v1/warnings/{id}", tag = "community",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Warning), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn warning(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Warning>, AppError> {
    Ok(Json(state.app.warning(&call, id).await?))
}

/// An empty body (`{}`): nothing else is accepted.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoBody {}

/// Acknowledge a warning (no body, or `{}`).
#[utoipa::path(post, path = "/api/v1/warnings/{id}/acknowledge", tag = "community",
    params(("id" = Uuid, Path)),
    request_body(content = Option<NoBody>, description = "None, or `{}`"),
    responses(
        (status = 200, body = Warning),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_acknowledged`", body = ErrorBody),
        (status = 422, description = "A body with fields", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn acknowledge(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    body: axum::body::Bytes,
) -> Result<Json<Warning>, AppError> {
    // No body is needed; one that is sent must be `{}`.
    if !body.iter().all(u8::is_ascii_whitespace) {
        let _ = Json::<NoBody>::from_bytes(&body).map_err(AppError::from)?;
    }
    Ok(Json(state.app.acknowledge_warning(&call, id).await?))
}

/// End a warning: a case opened for it, referred, or closed with a reason.
#[utoipa::path(post, path = "/api/v1/warnings/{id}/end", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewWarningEnd,
    responses(
        (status = 200, body = Warning),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_ended`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn end(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewWarningEnd>,
) -> Result<Json<Warning>, AppError> {
    Ok(Json(state.app.end_warning(&call, id, &input).await?))
}

/// Record an activity and who came.
#[utoipa::path(post, path = "/api/v1/activities", tag = "community",
    request_body = NewActivity,
    responses((status = 201, body = Activity), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn record_activity(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewActivity>,
) -> Result<(StatusCode, Json<Activity>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_activity(&call, &input).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// `task_force_meeting`, `info_session`, `consultations`, `outreach_event`, `training`, `forum_meeting`.
    kind: Option<String>,
}

/// The activities the caller may read (of her village or district, or run
/// by her organisation), newest first.
#[utoipa::path(get, path = "/api/v1/activities", tag = "community",
    params(ActivityQuery, Paging),
    responses((status = 200, body = Page<Activity>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn activities(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<ActivityQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Activity>>, AppError> {
    let kind = optional(&q.kind, |v| ActivityKind::parse("kind", v))?;
    Ok(Json(state.app.activities(&call, kind, paging.request()?).await?))
}

/// One activity (every read is audited).
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "community",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Activity), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn activity(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Activity>, AppError> {
    Ok(Json(state.app.activity(&call, id).await?))
}

/// Add a member to a village's task-force roster.
#[utoipa::path(post, path = "/api/v1/task-force-members", tag = "community",
    request_body = NewTaskForceMember,
    responses((status = 201, body = TaskForceMember), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewTaskForceMember>,
) -> Result<(StatusCode, Json<TaskForceMember>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_task_force_member(&call, &input).await?)))
}

/// The task-force roster of the caller's village (or district).
#[utoipa::path(get, path = "/api/v1/task-force-members", tag = "community",
    responses((status = 200, body = Vec<TaskForceMember>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn roster(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<TaskForceMember>>, AppError> {
    Ok(Json(state.app.task_force(&call).await?))
}

/// A member stops serving on the task force.
#[utoipa::path(post, path = "/api/v1/task-force-members/{id}/end", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewEnd,
    responses(
        (status = 200, body = TaskForceMember),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_ended`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn end_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewEnd>,
) -> Result<Json<TaskForceMember>, AppError> {
    Ok(Json(state.app.end_task_force_member(&call, id, &input).await?))
}

/// She joined a union or a migrant workers' association.
#[utoipa::path(post, path = "/api/v1/people/{id}/memberships", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewMembership,
    responses(
        (status = 201, body = Membership),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_member`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn join(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewMembership>,
) -> Result<(StatusCode, Json<Membership>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.join_union(&call, id, &input).await?)))
}

/// Her memberships, newest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/memberships", tag = "community",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Membership>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn memberships(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Membership>>, AppError> {
    Ok(Json(state.app.memberships(&call, id).await?))
}

/// She left the union or association.
#[utoipa::path(post, path = "/api/v1/memberships/{id}/end", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewEnd,
    responses(
        (status = 200, body = Membership),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_ended`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn leave(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewEnd>,
) -> Result<Json<Membership>, AppError> {
    Ok(Json(state.app.leave_union(&call, id, &input).await?))
}

/// Record a decision of the district's forum as an action item (the coordinator).
#[utoipa::path(post, path = "/api/v1/forum-actions", tag = "community",
    request_body = NewForumAction,
    responses((status = 201, body = ForumAction), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_action(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewForumAction>,
) -> Result<(StatusCode, Json<ForumAction>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_forum_action(&call, &input).await?)))
}

/// The forum's action items of the caller's district, or owned by her organisation.
#[utoipa::path(get, path = "/api/v1/forum-actions", tag = "community",
    responses((status = 200, body = Vec<ForumAction>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn actions(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<ForumAction>>, AppError> {
    Ok(Json(state.app.forum_actions(&call).await?))
}

/// Close an action item: done (with its evidence) or dropped.
#[utoipa::path(post, path = "/api/v1/forum-actions/{id}/close", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewActionClosure,
    responses(
        (status = 200, body = ForumAction),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_closed`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn close_action(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewActionClosure>,
) -> Result<Json<ForumAction>, AppError> {
    Ok(Json(state.app.close_forum_action(&call, id, &input).await?))
}

/// Add a local regulation to the register.
#[utoipa::path(post, path = "/api/v1/regulations", tag = "community",
    request_body = NewRegulation,
    responses((status = 201, body = Regulation), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_regulation(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewRegulation>,
) -> Result<(StatusCode, Json<Regulation>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_regulation(&call, &input).await?)))
}

/// The local regulations of the caller's village (with its district's) or district.
#[utoipa::path(get, path = "/api/v1/regulations", tag = "community",
    responses((status = 200, body = Vec<Regulation>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn regulations(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<Regulation>>, AppError> {
    Ok(Json(state.app.regulations(&call).await?))
}

/// Record a hotline call or message answered by the caller's organisation
/// (anonymous unless `person_id` names her).
#[utoipa::path(post, path = "/api/v1/hotline-contacts", tag = "community",
    request_body = NewHotlineContact,
    responses((status = 201, body = HotlineContact), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn record_contact(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewHotlineContact>,
) -> Result<(StatusCode, Json<HotlineContact>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_hotline_contact(&call, &input).await?)))
}

/// The hotline contacts the caller's organisation answered, newest first.
#[utoipa::path(get, path = "/api/v1/hotline-contacts", tag = "community",
    params(Paging),
    responses((status = 200, body = Page<HotlineContact>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn contacts(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<HotlineContact>>, AppError> {
    Ok(Json(state.app.hotline_contacts(&call, paging.request()?).await?))
}

/// Record a competency test session and its candidates' results.
#[utoipa::path(post, path = "/api/v1/competency-tests", tag = "community",
    request_body = NewCompetencyTest,
    responses((status = 201, body = CompetencyTest), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn record_test(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewCompetencyTest>,
) -> Result<(StatusCode, Json<CompetencyTest>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_competency_test(&call, &input).await?)))
}

/// The competency tests of the caller's district, newest first (candidates not named).
#[utoipa::path(get, path = "/api/v1/competency-tests", tag = "community",
    responses((status = 200, body = Vec<CompetencyTest>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn tests(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<CompetencyTest>>, AppError> {
    Ok(Json(state.app.competency_tests(&call).await?))
}

/// One competency test (every read is audited).
#[utoipa::path(get, path = "/api/v1/competency-tests/{id}", tag = "community",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CompetencyTest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn test(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CompetencyTest>, AppError> {
    Ok(Json(state.app.competency_test(&call, id).await?))
}

/// Seat an organisation in the district's Tripartite Plus Forum (the coordinator).
#[utoipa::path(post, path = "/api/v1/forum-members", tag = "community",
    request_body = NewForumMember,
    responses(
        (status = 201, body = ForumMember),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`already_seated`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn add_forum_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewForumMember>,
) -> Result<(StatusCode, Json<ForumMember>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.add_forum_member(&call, &input).await?)))
}

/// The members of the caller's district forum, seated first.
#[utoipa::path(get, path = "/api/v1/forum-members", tag = "community",
    responses((status = 200, body = Vec<ForumMember>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn forum_members(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<ForumMember>>, AppError> {
    Ok(Json(state.app.forum_members(&call).await?))
}

/// A member leaves the forum.
#[utoipa::path(post, path = "/api/v1/forum-members/{id}/end", tag = "community",
    params(("id" = Uuid, Path)),
    request_body = NewEnd,
    responses(
        (status = 200, body = ForumMember),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_ended`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn end_forum_member(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewEnd>,
) -> Result<Json<ForumMember>, AppError> {
    Ok(Json(state.app.end_forum_member(&call, id, &input).await?))
}

/// Record an online campaign with the reach and engagement the platform reported.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "community",
    request_body = NewCampaign,
    responses((status = 201, body = Campaign), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn record_campaign(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewCampaign>,
) -> Result<(StatusCode, Json<Campaign>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_campaign(&call, &input).await?)))
}

/// The online campaigns the caller may read (of her area, or run by her organisation), newest first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "community",
    params(Paging),
    responses((status = 200, body = Page<Campaign>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn campaigns(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Campaign>>, AppError> {
    Ok(Json(state.app.campaigns(&call, paging.request()?).await?))
}
