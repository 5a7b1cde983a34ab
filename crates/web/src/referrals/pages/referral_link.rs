//! The pages of outside providers without accounts: a referral's link
//! (`/r/{token}`) to acknowledge, decline or report completion, and `/r` to
//! type the code of a printed referral form. Public routes: the link or the
//! code is the credential, and the services audit every use.

use std::time::Instant;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use satuatap_core::referrals::referral::{LinkView, ReferralAction};
use satuatap_core::Error;
use serde::Deserialize;

use crate::auth::{new_csrf_token, pre_session_cookie, CallCtx};
use crate::code_guard::{Attempt, ClientAddr};
use crate::error::AppError;
use crate::observe::current_op_id;
use crate::page::{render, some, PageCtx};
use crate::state::AppState;

/// Gives a browser without a session the CSRF token its forms carry.
fn with_csrf(state: &AppState, ctx: &mut PageCtx, jar: CookieJar) -> CookieJar {
    if ctx.csrf.is_empty() {
        let token = new_csrf_token();
        ctx.csrf = token.clone();
        jar.add(pre_session_cookie(&token, state.settings.secure_cookies))
    } else {
        jar
    }
}

#[derive(Template)]
#[template(path = "referrals/referral_link.html")]
struct LinkPage {
    ctx: PageCtx,
    token: String,
    v: LinkView,
    status: String,
    urgency: String,
    need: String,
    sex: String,
}

fn link_page(ctx: PageCtx, token: String, v: LinkView) -> LinkPage {
    LinkPage {
        status: ctx.label("referral-status", v.status.as_str()),
        urgency: ctx.label("urgency", v.urgency.as_str()),
        need: v.need.map(|n| ctx.label("need", n.as_str())).unwrap_or_default(),
        sex: v.person.sex.as_deref().map(|s| ctx.label("sex", s)).unwrap_or_default(),
        token,
        v,
        ctx,
    }
}

/// `GET /r/{token}`: what the provider needs to know, and its answers.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    mut ctx: PageCtx,
    jar: CookieJar,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let v = state.app.referral_by_link(&call, &token).await?;
    let jar = with_csrf(&state, &mut ctx, jar);
    Ok((jar, render(&link_page(ctx, token, v))?).into_response())
}

#[derive(Deserialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    text: String,
}

/// An answer through the link, back to the link's page.
async fn answer(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    token: &str,
    action: ReferralAction,
    f: &AnswerForm,
) -> Result<Response, AppError> {
    state.app.answer_by_link(call, token, action, some(&f.text).as_deref()).await?;
    Ok(Redirect::to(&format!("/r/{token}#done")).into_response())
}

/// `POST /r/{token}/accept`: the provider accepts.
pub async fn accept(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(token): Path<String>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, &token, ReferralAction::Accept, &f).await
}

/// `POST /r/{token}/decline`: the provider declines, saying why.
pub async fn decline(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(token): Path<String>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, &token, ReferralAction::Decline, &f).await
}

/// `POST /r/{token}/complete`: the provider reports completion with its feedback.
pub async fn complete(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(token): Path<String>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, &token, ReferralAction::Complete, &f).await
}

#[derive(Template)]
#[template(path = "referrals/referral_code.html")]
struct CodePage {
    ctx: PageCtx,
}

/// `GET /r`: type the code of a printed referral form.
pub async fn code_form(State(state): State<AppState>, mut ctx: PageCtx, jar: CookieJar) -> Result<Response, AppError> {
    let jar = with_csrf(&state, &mut ctx, jar);
    Ok((jar, render(&CodePage { ctx })?).into_response())
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /r`: the code's link, if it is current. Too many wrong codes from
/// one address, or from everyone, and the page refuses for a while (429),
/// even the right code (see `code_guard`).
pub async fn code(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ClientAddr(client): ClientAddr,
    axum::Form(f): axum::Form<CodeForm>,
) -> Result<Response, AppError> {
    let ticket = match state.code_guard.attempt(client, Instant::now()) {
        Attempt::Allowed(ticket) => ticket,
        Attempt::Refused { retry_after, new_lockout } => {
            if let Some(scope) = new_lockout {
                tracing::warn!(op_id = %current_op_id(), scope = scope.as_str(), "referral codes: too many wrong");
                state.app.record_code_lockout(&call, scope.as_str()).await?;
            }
            // Whole seconds, rounded up.
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            return Ok(([(header::RETRY_AFTER, seconds.to_string())], AppError(Error::TooManyAttempts)).into_response());
        }
    };
    let found = state.app.link_by_code(&call, &f.code).await;
    // Only a wrong code counts (not an expired link, not a fault of ours).
    if !matches!(found, Err(Error::Invalid(_))) {
        state.code_guard.forgive(ticket);
    }
    Ok(Redirect::to(&format!("/r/{}", found?)).into_response())
}
