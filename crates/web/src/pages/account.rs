//! The signed-in user's own account.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::{render, PageCtx};
use crate::auth::{session_removal, CallCtx};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageCtx,
    username: String,
    roles: String,
    organisation: String,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let user = call.actor.user().ok_or(AppError(satuatap_core::Error::Unauthenticated))?;
    let organisation = state.app.organisation(user.organisation_id).await?.organisation;
    let roles = user.roles.iter().map(|r| ctx.label("role", r.as_str())).collect::<Vec<_>>().join(", ");
    render(&AccountPage {
        username: user.username.clone(),
        roles,
        organisation: format!("{} ({})", organisation.name, organisation.code),
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
