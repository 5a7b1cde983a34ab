//! `/api/v1/referrals`: referrals from cases to services, the districts'
//! referral pathways, and in-app notifications.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use satuatap_core::paging::Page;
use satuatap_core::referrals::referral::{
    NewPathway, NewReferral, Notification, Pathway, ReferralAction, ReferralLink, ReferralStatus, ReferralView,
};
use satuatap_core::{ReferralBox, ReferralWork};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{optional, ApiJson, ApiPath, ApiQuery, Paging};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// Send a referral from a case to a service. Needs the person's `referral`
/// consent naming the service's organisation (else 422 `consent_required`),
/// unless a supervisor gives `override_reason`.
#[utoipa::path(post, path = "/api/v1/referrals", tag = "referrals",
    request_body = NewReferral,
    responses(
        (status = 201, body = ReferralView),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`case_closed`", body = ErrorBody),
        (status = 422, description = "Invalid input, or `consent_required`", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiJson(input): ApiJson<NewReferral>,
) -> Result<(StatusCode, Json<ReferralView>), AppError> {
    let sent = state.app.send_referral(&call, &input).await?;
    // The answer shows what was sent and shared: a read of its own.
    Ok((StatusCode::CREATED, Json(state.app.referral(&call, sent.id).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// `sent` (by the caller's organisation, default) or `received`.
    #[serde(rename = "box")]
    #[param(rename = "box")]
    which: Option<String>,
    /// `sent`, `accepted`, `declined`, `completed` or `cancelled`.
    status: Option<String>,
}

/// Referrals the caller's organisation sent (of cases the caller may read)
/// or received, newest first.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals",
    params(ReferralQuery, Paging),
    responses((status = 200, body = Page<ReferralView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiQuery(q): ApiQuery<ReferralQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Page<ReferralView>>, AppError> {
    let which = match q.which.as_deref().map(str::trim) {
        None | Some("") | Some("sent") => ReferralBox::Sent,
        Some("received") => ReferralBox::Received,
        Some(other) => {
            return Err(AppError(satuatap_core::Error::Invalid(vec![satuatap_core::FieldError::new(
                "box",
                "unknown_code",
            )
            .with("value", other)])))
        }
    };
    let statuses = optional(&q.status, |s| ReferralStatus::parse("status", s))?.into_iter().collect();
    Ok(Json(state.app.referrals(&call, which, statuses, paging.request()?).await?))
}

/// One referral. The receiver reads what was shared once it has accepted.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ReferralView), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ReferralView>, AppError> {
    Ok(Json(state.app.referral(&call, id).await?))
}

/// The text of an answer: a decline's reason, a completion's feedback.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralAnswer {
    /// Decline: why (required). Cancel: why (optional).
    pub reason: Option<String>,
    /// Complete: the provider's feedback for the case (required).
    pub feedback: Option<String>,
}

macro_rules! answer {
    ($name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "referrals",
                    params(("id" = Uuid, Path)),
                    request_body(content = ReferralAnswer, description = "Optional for accept and cancel"),
                    responses(
                        (status = 200, body = ReferralView),
                        (status = 403, body = ErrorBody),
                        (status = 404, body = ErrorBody),
                        (status = 409, description = "`invalid_transition` with the `allowed` moves", body = ErrorBody),
                        (status = 422, body = ErrorBody),
                    ),
                    security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            CallCtx(call, _): CallCtx,
            ApiPath(id): ApiPath<Uuid>,
            body: axum::body::Bytes,
        ) -> Result<Json<ReferralView>, AppError> {
            // A body is optional (accept needs none).
            let answer = if body.iter().all(u8::is_ascii_whitespace) {
                ReferralAnswer::default()
            } else {
                Json::<ReferralAnswer>::from_bytes(&body).map_err(AppError::from)?.0
            };
            let text = match $action {
                ReferralAction::Complete => answer.feedback,
                _ => answer.reason,
            };
            state.app.answer_referral(&call, id, $action, text.as_deref()).await?;
            // The answer shows the referral as it now is: a read of its own.
            Ok(Json(state.app.referral(&call, id).await?))
        }
    };
}

answer!(accept, "/api/v1/referrals/{id}/accept", ReferralAction::Accept, "The receiving organisation accepts.");
answer!(
    decline,
    "/api/v1/referrals/{id}/decline",
    ReferralAction::Decline,
    "The receiving organisation declines, saying why (`reason`)."
);
answer!(
    complete,
    "/api/v1/referrals/{id}/complete",
    ReferralAction::Complete,
    "The receiving organisation reports completion with its `feedback` for the case."
);
answer!(cancel, "/api/v1/referrals/{id}/cancel", ReferralAction::Cancel, "The sender cancels.");

/// The link (and printed-form code) of a referral to an outside provider.
#[utoipa::path(get, path = "/api/v1/referrals/{id}/link", tag = "referrals",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ReferralLink), (status = 404, body = ErrorBody), (status = 409, description = "`no_link`: the receiver answers in the app", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn link(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ReferralLink>, AppError> {
    Ok(Json(state.app.referral_link(&call, id).await?))
}

/// A new link for an open referral to an outside provider; the old one stops working.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/link", tag = "referrals",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ReferralLink), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn renew_link(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ReferralLink>, AppError> {
    Ok(Json(state.app.renew_referral_link(&call, id).await?))
}

/// The caller's referral work: overdue referrals sent, the organisation's
/// inbox, the organisation's overdue referrals (supervisors), notifications.
#[utoipa::path(get, path = "/api/v1/referrals/work", tag = "referrals",
    responses((status = 200, body = ReferralWork), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn work(State(state): State<AppState>, CallCtx(call, _): CallCtx) -> Result<Json<ReferralWork>, AppError> {
    Ok(Json(state.app.referral_work(&call).await?))
}

/// The referrals of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/referrals", tag = "referrals",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ReferralView>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn of_case(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<ReferralView>>, AppError> {
    Ok(Json(state.app.case_referrals(&call, id).await?))
}

/// For the needs recorded on a case, the providers of the district's pathways, in order.
#[utoipa::path(get, path = "/api/v1/cases/{id}/referral-suggestions", tag = "referrals",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Pathway>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn suggestions(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Pathway>>, AppError> {
    Ok(Json(state.app.referral_suggestions(&call, id).await?))
}

/// A district's referral pathways: for every need, the providers in order.
#[utoipa::path(get, path = "/api/v1/districts/{code}/pathways", tag = "referrals",
    params(("code" = String, Path, example = "32.09")),
    responses((status = 200, body = Vec<Pathway>), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn pathways(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<Pathway>>, AppError> {
    Ok(Json(state.app.pathways(&code).await?))
}

/// Set a district's pathway for a need (its district coordinators, administrators).
#[utoipa::path(put, path = "/api/v1/districts/{code}/pathways/{need}", tag = "referrals",
    params(("code" = String, Path, example = "32.09"), ("need" = String, Path, example = "gbv_shelter")),
    request_body = NewPathway,
    responses((status = 200, body = Pathway), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_pathway(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath((code, need)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<NewPathway>,
) -> Result<Json<Pathway>, AppError> {
    Ok(Json(state.app.set_pathway(&call, &code, &need, &input).await?))
}

/// The caller's notifications (and their organisation's), unread first.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "referrals",
    responses((status = 200, body = Vec<Notification>), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn notifications(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
) -> Result<Json<Vec<Notification>>, AppError> {
    Ok(Json(state.app.notifications(&call).await?))
}

/// Mark a notification read.
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read", tag = "referrals",
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn read_notification(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    state.app.read_notification(&call, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
