//! Who is calling: a bearer token, a session cookie, or nobody; and CSRF
//! protection for every state-changing request that a browser could be
//! tricked into sending.

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use satuatap_core::access::{Actor, Ctx};
use satuatap_core::identity::secrets::{constant_time_eq, new_secret};
use satuatap_core::{Authenticated, Error};

use crate::error::AppError;
use crate::observe::current_op_id;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "satuatap_session";
/// Before sign-in, forms are protected by this cookie (double submit).
pub const CSRF_COOKIE: &str = "satuatap_csrf";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The caller, as resolved for this request.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    pub auth: Option<Authenticated>,
    /// The secret of the session cookie, when signed in through one.
    pub session_secret: Option<String>,
    /// The pre-session CSRF token of the browser, if it has one.
    pub pre_session_csrf: Option<String>,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        match &self.auth {
            Some(a) => Actor::User(a.user.clone()),
            None => Actor::Anonymous,
        }
    }

    /// The token forms must carry: the session's, else the pre-session one.
    pub fn csrf_token(&self) -> Option<&str> {
        self.auth.as_ref().and_then(|a| a.csrf_token.as_deref()).or(self.pre_session_csrf.as_deref())
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
}

/// Resolves the caller and checks CSRF; runs before routing.
pub async fn resolve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let jar = CookieJar::from_headers(&parts.headers);
    let mut caller =
        Caller { pre_session_csrf: jar.get(CSRF_COOKIE).map(|c| c.value().to_string()), ..Default::default() };
    let by_token = bearer(&parts).map(str::to_string);
    if let Some(token) = &by_token {
        match state.app.authenticate_token(token).await {
            Ok(auth) => caller.auth = Some(auth),
            Err(e) => return AppError(e).into_response(),
        }
    } else if let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()) {
        match state.app.authenticate_session(&secret).await {
            Ok(auth) => {
                caller.auth = Some(auth);
                caller.session_secret = Some(secret);
            }
            // The cookie of an ended session is left in place: it opens
            // nothing, and a form sent with it later is kept for its user
            // only (see `ended_session`); signing in replaces it.
            Err(Error::Unauthenticated) => {}
            Err(e) => return AppError(e).into_response(),
        }
    }
    let mut request = Request::from_parts(parts.clone(), body);
    if by_token.is_none() && is_unsafe(&parts.method) {
        let api_without_cookies = parts.uri.path().starts_with("/api/") && caller.session_secret.is_none();
        if !api_without_cookies {
            let (verdict, rebuilt) = csrf_ok(&mut parts, request, caller.csrf_token()).await;
            match verdict {
                Csrf::Ok => {}
                // A page form sent after its session ended: keep what was
                // typed and send the browser to sign in (not a refusal).
                Csrf::Refused
                    if caller.auth.is_none()
                        && !parts.uri.path().starts_with("/api/")
                        && crate::form_needs_sign_in(parts.uri.path()) =>
                {
                    let secret = jar.get(SESSION_COOKIE).map(|c| c.value().to_string());
                    return ended_session(&state, &parts, rebuilt, secret).await;
                }
                Csrf::Refused => {
                    tracing::warn!(op_id = %current_op_id(), "CSRF check failed");
                    return AppError(Error::Forbidden).into_response();
                }
                Csrf::TooLarge => return AppError(Error::PayloadTooLarge).into_response(),
            }
            request = rebuilt;
        }
    }
    request.extensions_mut().insert(caller.clone());
    let mut response = next.run(request).await;
    // For the error pages, which are rendered outside this layer.
    response.extensions_mut().insert(caller);
    response
}

/// Answers a page form that met an ended (or missing) session: what it
/// carried is kept as a draft (URL-encoded forms only; a file must be chosen
/// again) and the browser is sent to sign in, with the draft's id. Nothing
/// of the form is logged.
async fn ended_session(state: &AppState, parts: &Parts, request: Request, secret: Option<String>) -> Response {
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let return_to = referring_page(parts).unwrap_or_else(|| "/".to_string());
    let mut draft_id = None;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        if let Ok(bytes) = to_bytes(request.into_body(), MAX_FORM_BYTES).await {
            let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes)
                .filter(|(k, _)| k != CSRF_FIELD && !is_secret_field(k))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let draft = satuatap_core::identity::draft::FormDraft {
                action: parts.uri.path().to_string(),
                return_to: return_to.clone(),
                fields,
            };
            let ctx = satuatap_core::access::Ctx::anonymous(current_op_id().to_string());
            match state.app.keep_draft(&ctx, secret.as_deref(), draft).await {
                Ok(id) => draft_id = id,
                Err(e) => tracing::error!(op_id = %current_op_id(), error = %e, "a draft was not kept"),
            }
        }
    }
    tracing::info!(op_id = %current_op_id(), kept = draft_id.is_some(), "a form met an ended session");
    let mut query = vec![("next", return_to.as_str())];
    match &draft_id {
        Some(id) => query.push(("draft", id.as_str())),
        None => query.push(("ended", "1")),
    }
    let url = format!("/sign-in?{}", form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish());
    // htmx follows a redirect inside the page; tell it to go there instead.
    if parts.headers.contains_key("hx-request") {
        let mut r = axum::http::StatusCode::NO_CONTENT.into_response();
        if let Ok(v) = url.parse() {
            r.headers_mut().insert("hx-redirect", v);
        }
        r
    } else {
        axum::response::Redirect::to(&url).into_response()
    }
}

/// Fields never kept in a draft: passwords and one-time codes.
fn is_secret_field(name: &str) -> bool {
    name.contains("password") || name == "totp"
}

/// The local page a form was sent from (its `Referer`, when it is this site).
fn referring_page(parts: &Parts) -> Option<String> {
    let referer: axum::http::Uri = parts.headers.get(header::REFERER)?.to_str().ok()?.parse().ok()?;
    let host = parts.headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if referer.authority().map(|a| a.as_str()) != host {
        return None;
    }
    let page = referer.path_and_query()?.as_str();
    (page.starts_with('/') && !page.starts_with("//") && !page.starts_with("/sign-in")).then(|| page.to_string())
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The largest form body (URL-encoded) a page accepts.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

enum Csrf {
    Ok,
    Refused,
    /// The form is larger than a form may be (its token was not read).
    TooLarge,
}

impl From<bool> for Csrf {
    fn from(ok: bool) -> Self {
        if ok {
            Csrf::Ok
        } else {
            Csrf::Refused
        }
    }
}

/// Compares the expected token with the `x-csrf-token` header, the `csrf`
/// field of a form body (the body is read and handed on unchanged), or for a
/// multipart upload the `csrf` parameter of the URL.
async fn csrf_ok(parts: &mut Parts, request: Request, expected: Option<&str>) -> (Csrf, Request) {
    let Some(expected) = expected else { return (Csrf::Refused, request) };
    if let Some(given) = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return (constant_time_eq(given, expected).into(), request);
    }
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("multipart/form-data") {
        // A file upload: the token rides in the form's action URL, so that
        // the (large) body need not be read here.
        let given = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned())
        });
        return (given.is_some_and(|g| constant_time_eq(&g, expected)).into(), request);
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return (Csrf::Refused, request);
    }
    let (rparts, body) = request.into_parts();
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let verdict = if is_length_limit(e) { Csrf::TooLarge } else { Csrf::Refused };
            return (verdict, Request::from_parts(rparts, Body::empty()));
        }
    };
    let given = form_urlencoded::parse(&bytes).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned());
    let ok = given.is_some_and(|g| constant_time_eq(&g, expected));
    (ok.into(), Request::from_parts(rparts, Body::from(bytes)))
}

/// Whether reading a body failed because it is over the limit (the limit's
/// error may come wrapped in axum's, once or twice).
fn is_length_limit(e: axum::Error) -> bool {
    let mut inner = e.into_inner();
    loop {
        if inner.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        match inner.downcast::<axum::Error>() {
            Ok(e) => inner = e.into_inner(),
            Err(_) => return false,
        }
    }
}

/// The cookie that carries the pre-session CSRF token (set by the sign-in page).
pub fn pre_session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build((CSRF_COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .build()
}

pub fn new_csrf_token() -> String {
    new_secret()
}

/// The session cookie.
pub fn session_cookie(secret: &str, expires: chrono::DateTime<chrono::Utc>, secure: bool) -> Cookie<'static> {
    let mut c = Cookie::build((SESSION_COOKIE, secret.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if let Ok(t) = time::OffsetDateTime::from_unix_timestamp(expires.timestamp()) {
        c.set_expires(t);
    }
    c
}

pub fn session_removal() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").removal().build()
}

/// The services' context for this request: the caller and the operation id.
pub struct CallCtx(pub Ctx, pub Caller);

impl FromRequestParts<AppState> for CallCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let caller = parts.extensions.get::<Caller>().cloned().unwrap_or_default();
        Ok(CallCtx(Ctx::new(caller.actor(), current_op_id()), caller))
    }
}
