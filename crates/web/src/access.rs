//! Access declarations, enforced per route and checked globally: a response
//! from a route that was added without declaring its access is replaced by
//! an internal error, so an undeclared route fails closed (and fails tests).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use satuatap_core::Error;
use serde::Serialize;

use crate::auth::Caller;
use crate::error::AppError;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone, signed in or not: health checks, static files, sign-in, the
    /// public directory of organisations and areas (no personal data).
    Public,
    /// Any signed-in user (their own account, sign-out).
    SignedIn,
    /// Signed-in users holding this permission (at some scope; the service
    /// then checks the scope against the record).
    Permission(satuatap_core::access::Permission),
}

/// Marks a response that went through an access check.
#[derive(Clone, Copy, Debug)]
pub struct Checked(pub Access);

/// The per-route check (added by [`crate::routes::Routes`]).
pub async fn enforce(State(access): State<Access>, request: Request, next: Next) -> Response {
    let actor =
        request.extensions().get::<Caller>().map(Caller::actor).unwrap_or(satuatap_core::access::Actor::Anonymous);
    let refusal = match access {
        Access::Public => None,
        Access::SignedIn => actor.user().is_none().then_some(Error::Unauthenticated),
        Access::Permission(p) => match (&actor, actor.scope_of(p)) {
            (satuatap_core::access::Actor::Anonymous, _) => Some(Error::Unauthenticated),
            (_, None) => Some(Error::Forbidden),
            (_, Some(_)) => None,
        },
    };
    let mut response = match refusal {
        None => next.run(request).await,
        Some(e) => AppError(e).into_response(),
    };
    response.extensions_mut().insert(Checked(access));
    response
}

/// The global guard: every answer must come from a declared route (or the
/// not-found fallback, which marks itself).
pub async fn require_declared(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.extensions().get::<Checked>().is_some() {
        return response;
    }
    AppError(Error::internal("route answered without a declared access")).into_response()
}
