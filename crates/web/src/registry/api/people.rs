//! `/api/v1/people`: the person registry.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::paging::Page;
use satuatap_core::registry::consent::{Consent, NewConsent};
use satuatap_core::registry::episode::MigrationStage;
use satuatap_core::registry::matching::Candidate;
use satuatap_core::registry::nik::NikMismatch;
use satuatap_core::registry::person::{NewPerson, Person, Sex};
use satuatap_core::repo::PersonFilter;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::{optional, ApiJson, ApiPath, ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct RegisteredPerson {
    #[serde(flatten)]
    person: Person,
    /// Things to double-check: `nik_sex_mismatch`, `nik_birth_date_mismatch`.
    warnings: Vec<&'static str>,
    /// Records that may be the same person (saved anyway).
    possible_duplicates: Vec<Candidate>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MatchResult {
    /// Best first, at most 10; score 0.8 or more: likely the same person.
    candidates: Vec<Candidate>,
}

/// Who might this be? The same body as a registration; nothing is saved.
#[utoipa::path(post, path = "/api/v1/people/match", tag = "people",
    request_body = NewPerson,
    responses((status = 200, body = MatchResult), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn matches(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewPerson>,
) -> Result<Json<MatchResult>, AppError> {
    Ok(Json(MatchResult { candidates: state.app.match_person(&call, &input).await? }))
}

/// Register a person.
#[utoipa::path(post, path = "/api/v1/people", tag = "people",
    request_body = NewPerson,
    responses(
        (status = 201, body = RegisteredPerson),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewPerson>,
) -> Result<(StatusCode, Json<RegisteredPerson>), AppError> {
    let r = state.app.register_person(&call, &input).await?;
    let warnings = r
        .warnings
        .iter()
        .map(|w| match w {
            NikMismatch::Sex => "nik_sex_mismatch",
            NikMismatch::BirthDate => "nik_birth_date_mismatch",
        })
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(RegisteredPerson { person: r.person, warnings, possible_duplicates: r.possible_duplicates }),
    ))
}

/// One person (every read is audited).
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Person), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Person>, AppError> {
    Ok(Json(state.app.person(&call, id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// A name (old and new spellings alike), a NIK or a phone number.
    q: Option<String>,
    /// `female` or `male`.
    sex: Option<String>,
    /// A village, or an area the village lies in.
    within: Option<String>,
    /// Current migration stage: `prospective`, `pre_departure`, `abroad`, `returnee`, `family_member`.
    stage: Option<String>,
}

/// Search people within the caller's scope.
#[utoipa::path(get, path = "/api/v1/people", tag = "people",
    params(PeopleQuery, Paging),
    responses((status = 200, body = Page<Person>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<PeopleQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<Person>>, AppError> {
    let filter = PersonFilter {
        sex: optional(&q.sex, |v| Sex::parse("sex", v))?,
        within: optional(&q.within, |v| AreaCode::parse("within", v))?,
        stage: optional(&q.stage, |v| MigrationStage::parse("stage", v))?,
        ..Default::default()
    };
    Ok(Json(state.app.people(&call, q.q.as_deref(), filter, paging.request()?).await?))
}

/// Record consent given or withdrawn for a purpose.
#[utoipa::path(post, path = "/api/v1/people/{id}/consents", tag = "people",
    params(("id" = Uuid, Path)),
    request_body = NewConsent,
    responses(
        (status = 201, body = Consent),
        (status = 404, body = ErrorBody),
        (status = 422, description = "e.g. `consent_not_given`, `withdrawn_before_given`", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn add_consent(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewConsent>,
) -> Result<(StatusCode, Json<Consent>), AppError> {
    Ok((StatusCode::CREATED, Json(state.app.record_consent(&call, id, &input).await?)))
}

/// A person's consent history, oldest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/consents", tag = "people",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Consent>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn consents(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Consent>>, AppError> {
    Ok(Json(state.app.consents(&call, id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The record to merge into this one (it stays stored, marked merged).
    pub duplicate_id: Uuid,
}

/// Merge a duplicate record into this one: everything of both is kept.
#[utoipa::path(post, path = "/api/v1/people/{id}/merge", tag = "people",
    params(("id" = Uuid, Path)),
    request_body = MergeRequest,
    responses(
        (status = 200, description = "The merged record", body = Person),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`person_merged`: one of the two was merged already", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn merge(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MergeRequest>,
) -> Result<Json<Person>, AppError> {
    Ok(Json(state.app.merge_people(&call, id, input.duplicate_id).await?))
}
