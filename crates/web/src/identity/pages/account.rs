//! The signed-in user's own account.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::auth::{session_removal, CallCtx};
use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "identity/account.html")]
struct AccountPage {
    ctx: PageCtx,
    username: String,
    roles: String,
    organisation: String,
    totp_enrolled: bool,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let user = call.actor.user().ok_or(AppError(satuatap_core::Error::Unauthenticated))?;
    let organisation = state.app.organisation(user.organisation_id).await?.organisation;
    let totp_enrolled = state.app.has_totp(&call).await?;
    let roles = user.roles.iter().map(|r| ctx.label("role", r.as_str())).collect::<Vec<_>>().join(", ");
    render(&AccountPage {
        username: user.username.clone(),
        roles,
        organisation: format!("{} ({})", organisation.name, organisation.code),
        totp_enrolled,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

/// `POST /account/password`: every session ends; sign in with the new one.
pub async fn change_password(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    state.app.change_password(&call, &form.current_password, &form.new_password).await?;
    Ok((jar.add(session_removal()), Redirect::to("/sign-in")).into_response())
}

#[derive(Template)]
#[template(path = "identity/account_totp.html")]
struct TotpPage {
    ctx: PageCtx,
    secret: String,
    url: String,
}

/// `POST /account/totp`: a new secret to enter in an authenticator app.
pub async fn start_totp(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let (secret, url) = state.app.begin_totp(&call)?;
    render(&TotpPage { ctx, secret, url })
}

#[derive(Deserialize)]
pub struct ConfirmTotpForm {
    secret: String,
    code: String,
}

/// `POST /account/totp/confirm`: stores the secret once a code matches.
pub async fn confirm_totp(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Form(form): Form<ConfirmTotpForm>,
) -> Result<Response, AppError> {
    state.app.confirm_totp(&call, &form.secret, &form.code).await?;
    Ok(Redirect::to("/account").into_response())
}
