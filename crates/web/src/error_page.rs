//! Error responses as people and programs see them: the one layer that
//! renders every error in the caller's language, a JSON body for the API and
//! a friendly page for browsers. It sits above both the HTTP plumbing
//! (`error.rs`, `auth.rs`) and the page helpers (`page.rs`).

use std::sync::Arc;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use satuatap_core::{Error, FieldError};

use crate::auth::Caller;
use crate::error::{error_body, error_for_status, error_message, field_message, ErrorInfo};
use crate::observe::current_op_id;
use crate::page::{api_lang, page_lang, sign_in_url, PageCtx};
use crate::state::AppState;

/// Renders every error response in the caller's language: JSON under
/// `/api/` and for the operational endpoints, a friendly page elsewhere.
pub async fn render_errors(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let wants_json = path.starts_with("/api/") || matches!(path, "/healthz" | "/readyz" | "/metrics");
    // The API's messages follow `Accept-Language`; a page follows the
    // account's setting (applied with the caller below), else the cookie.
    let lang = api_lang(request.headers());
    let method = request.method().clone();
    let ctx = (!wants_json).then(|| PageCtx::from_request(&state, &request, page_lang(request.headers())));
    let response = next.run(request).await;
    let status = response.status();
    let error = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.0.clone(),
        // A bare error status from axum itself (no route, wrong method);
        // an answer that carries its own body is left alone, except a body
        // over the limit, which axum's extractors and the limit layer answer
        // in plain text.
        None if (status.is_client_error() || status.is_server_error())
            && (!response.headers().contains_key(axum::http::header::CONTENT_TYPE)
                || status == StatusCode::PAYLOAD_TOO_LARGE) =>
        {
            Arc::new(error_for_status(status))
        }
        None => return response,
    };
    let op_id = current_op_id();
    let mut out = match ctx {
        None => (status, axum::Json(error_body(&state.i18n, lang, &error, &op_id))).into_response(),
        // A page that needs a signed-in user sends the browser to sign in.
        Some(ctx) if matches!(*error, Error::Unauthenticated) && method == axum::http::Method::GET => {
            axum::response::Redirect::to(&sign_in_url(ctx.here())).into_response()
        }
        Some(mut ctx) => {
            if let Some(caller) = response.extensions().get::<Caller>() {
                ctx.set_caller(caller);
            }
            error_page(ctx, status, &error, &op_id)
        }
    };
    // Keep headers set by the handler (e.g. Allow on 405), not its body.
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: String,
    message: String,
    fields: Vec<String>,
    op_id: String,
}

/// The friendly page for an error, in the user's language, with the
/// operation id to quote.
pub fn error_page(ctx: PageCtx, status: StatusCode, error: &Error, op_id: &str) -> Response {
    let title_key = match status.as_u16() {
        404 => "error-title-not-found",
        401 => "error-title-unauthenticated",
        403 => "error-title-forbidden",
        409 => "error-title-conflict",
        413 => "error-title-too-large",
        429 => "error-title-too-many",
        s if (400..500).contains(&s) => "error-title-invalid",
        _ => "error-title-internal",
    };
    let (message, fields) = match error {
        Error::Invalid(errors) => (
            ctx.t("error-invalid"),
            errors.iter().map(|e: &FieldError| field_message(ctx.i18n(), ctx.lang, e)).collect(),
        ),
        other => (error_message(ctx.i18n(), ctx.lang, other), Vec::new()),
    };
    let page =
        ErrorPage { title: ctx.t(title_key), ctx, status: status.as_u16(), message, fields, op_id: op_id.to_string() };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page did not render");
            (status, op_id.to_string()).into_response()
        }
    }
}
