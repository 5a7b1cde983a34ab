//! Signing in and out.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::CookieJar;
use satuatap_core::Error;
use serde::Deserialize;

use crate::auth::{new_csrf_token, pre_session_cookie, session_cookie, session_removal, CallCtx};
use crate::error::AppError;
use crate::language::is_local_path;
use crate::page::{render, PageCtx};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "identity/sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    next: String,
    username: String,
    error: Option<String>,
    /// Why the user is here again: their session ended (and whether what
    /// they typed was kept).
    notice: Option<String>,
    /// The id of the draft kept for them, carried through the form.
    draft: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
    draft: Option<String>,
    ended: Option<String>,
}

/// A draft id as the server makes them (anything else is ignored).
fn safe_draft(draft: Option<String>) -> String {
    draft
        .filter(|d| {
            !d.is_empty() && d.len() <= 64 && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .unwrap_or_default()
}

/// Where a browser goes once signed in: the kept draft first, if any.
fn after_sign_in(next: Option<String>, draft: &str) -> String {
    if draft.is_empty() {
        safe_next(next)
    } else {
        format!("/session/draft?{}", crate::page::encode(&[("draft", draft)]))
    }
}

fn safe_next(next: Option<String>) -> String {
    next.filter(|n| is_local_path(n) && !n.starts_with("/sign-in")).unwrap_or_else(|| "/".into())
}

/// `GET /sign-in`: the form, with a pre-session CSRF token.
pub async fn form(
    State(state): State<AppState>,
    mut ctx: PageCtx,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let draft = safe_draft(q.draft);
    if ctx.user.is_some() {
        return Ok(Redirect::to(&after_sign_in(q.next, &draft)).into_response());
    }
    let mut jar = jar;
    if ctx.csrf.is_empty() {
        let token = new_csrf_token();
        jar = jar.add(pre_session_cookie(&token, state.settings.secure_cookies));
        ctx.csrf = token;
    }
    let notice = if !draft.is_empty() {
        Some(ctx.t("sign-in-session-ended-kept"))
    } else if q.ended.is_some() {
        Some(ctx.t("sign-in-session-ended"))
    } else {
        None
    };
    let page =
        render(&SignInPage { ctx, next: safe_next(q.next), username: String::new(), error: None, notice, draft })?;
    Ok((jar, page).into_response())
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    totp: Option<String>,
    next: Option<String>,
    draft: Option<String>,
}

/// `POST /sign-in` (CSRF checked before it runs).
pub async fn sign_in(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let draft = safe_draft(form.draft);
    let (status, key) = match state.app.sign_in(&call, &form.username, &form.password, form.totp.as_deref()).await {
        Ok(session) => {
            let cookie = session_cookie(&session.secret, session.expires_at, state.settings.secure_cookies);
            return Ok((jar.add(cookie), Redirect::to(&after_sign_in(form.next, &draft))).into_response());
        }
        // The same answer whatever was wrong.
        Err(Error::Unauthenticated) => (StatusCode::UNAUTHORIZED, "sign-in-failed"),
        Err(Error::Invalid(_)) => (StatusCode::UNAUTHORIZED, "sign-in-totp-needed"),
        Err(Error::Conflict { code: "totp_enrolment_required", .. }) => {
            (StatusCode::FORBIDDEN, "sign-in-totp-enrolment")
        }
        Err(e) => return Err(AppError(e)),
    };
    let notice = (!draft.is_empty()).then(|| ctx.t("sign-in-session-ended-kept"));
    let page =
        SignInPage { next: safe_next(form.next), username: form.username, error: Some(ctx.t(key)), notice, draft, ctx };
    Ok((status, render(&page)?).into_response())
}

/// `POST /sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    CallCtx(call, caller): CallCtx,
    jar: CookieJar,
) -> Result<Response, AppError> {
    if let Some(secret) = &caller.session_secret {
        state.app.sign_out(&call, secret).await?;
    }
    Ok((jar.add(session_removal()), Redirect::to("/")).into_response())
}

/// `POST /sign-out-everywhere`: every session and token of the user.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    jar: CookieJar,
) -> Result<Response, AppError> {
    state.app.sign_out_everywhere(&call).await?;
    Ok((jar.add(session_removal()), Redirect::to("/sign-in")).into_response())
}
