//! The signed-in user's own account.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use satuatap_core::access::Ctx;
use satuatap_core::identity::users::Language;

use crate::auth::{session_removal, CallCtx};
use crate::error::AppError;
use crate::language::{is_local_path, lang_cookie};
use crate::page::{field_errors, render, render_again, Choice, PageCtx};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "identity/account.html")]
struct AccountPage {
    ctx: PageCtx,
    username: String,
    roles: String,
    organisation: String,
    totp_enrolled: bool,
    /// The choices of the language form (the first: not chosen).
    languages: Vec<Choice>,
    /// Why the language form was refused.
    errors: Vec<String>,
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, caller): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let chosen = caller.auth.as_ref().and_then(|a| a.language).map_or("", Language::as_str);
    render(&account_page(&state, &call, ctx, chosen, Vec::new()).await?)
}

/// The account page, the language form showing `chosen` (what was sent, on
/// a refused form) and `errors`.
async fn account_page(
    state: &AppState,
    call: &Ctx,
    ctx: PageCtx,
    chosen: &str,
    errors: Vec<String>,
) -> Result<AccountPage, AppError> {
    let user = call.actor.user().ok_or(AppError(satuatap_core::Error::Unauthenticated))?;
    let organisation = state.app.organisation(user.organisation_id).await?.organisation;
    let totp_enrolled = state.app.has_totp(call).await?;
    let roles = user.roles.iter().map(|r| ctx.label("role", r.as_str())).collect::<Vec<_>>().join(", ");
    let mut languages =
        vec![Choice { code: String::new(), label: ctx.t("user-language-none"), selected: chosen.is_empty() }];
    languages.extend(Choice::list(&ctx, "user-language", Language::ALL.iter().map(|l| l.as_str()), chosen));
    Ok(AccountPage {
        username: user.username.clone(),
        roles,
        organisation: format!("{} ({})", organisation.name, organisation.code),
        totp_enrolled,
        languages,
        errors,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    language: String,
    /// Where to go next (the page whose header switch was used).
    next: Option<String>,
}

/// `POST /account/language`: keeps the language of the pages with the
/// account (from the account page's form and the header's switch), and in
/// this browser's cookie, then goes back. An unknown language comes back
/// to the account page with its message.
pub async fn set_language(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    jar: CookieJar,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    match state.app.set_language(&call, &form.language).await {
        Ok(language) => {
            let jar = match language {
                Some(l) => jar.add(lang_cookie(&state, l.into())),
                None => jar,
            };
            let target = form.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/account".to_string());
            Ok((jar, Redirect::to(&target)).into_response())
        }
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            render_again(&account_page(&state, &call, ctx, form.language.trim(), errors).await?)
        }
    }
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
