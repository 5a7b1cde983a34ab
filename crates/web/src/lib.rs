//! Satu Atap web layer: the JSON API under `/api/v1`, its OpenAPI
//! description, and the server-rendered pages. Both call the same core
//! services.

pub mod access;
pub mod api;
pub mod areas;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod code_guard;
pub mod community;
pub mod directory;
pub mod error;
pub mod error_page;
pub mod home;
pub mod i18n;
pub mod identity;
pub mod language;
pub mod mail;
pub mod observe;
pub mod openapi;
pub mod ops;
pub mod organisations;
pub mod page;
pub mod referrals;
pub mod registry;
pub mod reports;
pub mod routes;
pub mod site;
pub mod state;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::Router;
use satuatap_core::App;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::openapi::OpenApi;

pub use routes::{Access, RouteInfo};
pub use state::{AppState, WebSettings};

use crate::assets::Assets;
use crate::i18n::{I18n, LocaleError};
use crate::observe::Metrics;

/// Builds the state shared by all handlers.
pub fn state(app: App, settings: WebSettings) -> Result<AppState, LocaleError> {
    let metrics = Arc::new(Metrics::new(app.engine()));
    Ok(AppState {
        app,
        i18n: Arc::new(I18n::load()?),
        metrics,
        assets: Arc::new(Assets::new()),
        settings: Arc::new(settings),
        code_guard: Arc::new(code_guard::CodeGuard::new(code_guard::CodeLimits::default())),
    })
}

/// Every route of the application with its declared access, and the OpenAPI
/// description generated from the API handlers.
pub fn routes() -> (Router<AppState>, Vec<RouteInfo>, OpenApi) {
    // Each domain declares its own routes, pages and API alike.
    let all = api::routes()
        .merge(site::routes())
        .merge(areas::routes())
        .merge(organisations::routes())
        .merge(identity::routes())
        .merge(audit::routes())
        .merge(registry::routes())
        .merge(cases::routes())
        .merge(referrals::routes())
        .merge(community::routes())
        .merge(directory::routes())
        .merge(reports::routes());
    let (api_router, mut table) = all.into_parts();
    let (api_router, openapi) = api_router.split_for_parts();
    table.push(RouteInfo { method: "GET".into(), path: "/api/openapi.json".into(), access: Access::Public });
    let openapi_json = openapi.to_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    let router = Router::new().merge(api_router).route(
        "/api/openapi.json",
        axum::routing::get(move || {
            let doc = openapi_json.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], doc) }
        })
        .layer(middleware::from_fn_with_state(Access::Public, access::enforce)),
    );
    (router, table, openapi)
}

/// The route table, built once (for questions asked outside the router).
fn route_table() -> &'static [RouteInfo] {
    static TABLE: std::sync::OnceLock<Vec<RouteInfo>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| routes().1)
}

/// The access declared by the route of `method` that matches `path`
/// (literal segments before `{parameters}`), if there is one.
pub(crate) fn declared_access(method: &str, path: &str) -> Option<Access> {
    let given: Vec<&str> = path.trim_matches('/').split('/').collect();
    route_table()
        .iter()
        .filter(|r| r.method == method)
        .filter_map(|r| {
            let segments: Vec<&str> = r.path.trim_matches('/').split('/').collect();
            if segments.len() != given.len() {
                return None;
            }
            let mut literal = 0;
            for (s, g) in segments.iter().zip(&given) {
                if s.starts_with('{') && s.ends_with('}') {
                    continue;
                }
                if s != g {
                    return None;
                }
                literal += 1;
            }
            Some((literal, r.access))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, access)| access)
}

/// Whether a form sent to `path` needs a signed-in user (then a form that
/// meets an ended session is kept rather than refused).
pub(crate) fn form_needs_sign_in(path: &str) -> bool {
    matches!(declared_access("POST", path), Some(Access::SignedIn | Access::Permission(_)))
}

/// The whole application: routes plus the layers every response goes through.
pub fn app(state: AppState) -> Router {
    let (router, _, _) = routes();
    app_from(router, state)
}

/// Wraps a router in the layers every response goes through. Public so that
/// a test can show that a route added without declaring access fails closed.
pub fn app_from(router: Router<AppState>, state: AppState) -> Router {
    router
        .fallback(site::not_found)
        .layer(middleware::from_fn(access::require_declared))
        .layer(middleware::from_fn_with_state(state.clone(), auth::resolve))
        // Inside the error rendering, so that its 413 is an error like the others.
        .layer(RequestBodyLimitLayer::new(satuatap_core::cases::attachment::MAX_BYTES + 1024 * 1024))
        .layer(middleware::from_fn_with_state(state.clone(), error_page::render_errors))
        .layer(middleware::from_fn_with_state(state.metrics.clone(), observe::observe))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(security_headers::content_security_policy())
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(middleware::from_fn_with_state(state.settings.clone(), security_headers::caching_and_transport))
        .with_state(state)
}

mod security_headers {
    use std::sync::Arc;

    use axum::extract::{Request, State};
    use axum::http::{header, HeaderValue};
    use axum::middleware::Next;
    use axum::response::Response;
    use tower_http::set_header::SetResponseHeaderLayer;

    use crate::state::WebSettings;

    /// No inline script or style, nothing from elsewhere, no framing.
    pub fn content_security_policy() -> SetResponseHeaderLayer<HeaderValue> {
        SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
            ),
        )
    }

    /// Nothing but the static files (content-hashed, cached for a year) may
    /// be stored by a browser or a proxy: every page and API answer may
    /// carry personal data, and office PCs are shared. Over HTTPS
    /// (`secure_cookies`), browsers are told to come back only over HTTPS.
    pub async fn caching_and_transport(
        State(settings): State<Arc<WebSettings>>,
        request: Request,
        next: Next,
    ) -> Response {
        let is_static = request.uri().path().starts_with("/static/");
        let mut response = next.run(request).await;
        let headers = response.headers_mut();
        if !is_static || !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        if settings.secure_cookies {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
        }
        response
    }
}

/// How long open connections may take to finish once shutdown starts.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(35);

/// Serves the application on `listener` until `shutdown` completes, over
/// HTTP/1.1. A client has `header_timeout` to send the head of each request
/// (from the connection's start, or from the end of its previous request): a
/// connection that never finishes its headers is closed instead of held.
/// Handlers can read the peer's address (`ConnectInfo<SocketAddr>`). On
/// shutdown no new connection is taken, idle ones close and requests under
/// way finish (within `SHUTDOWN_GRACE`).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};

    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(state.settings.header_timeout);
    let router = app(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            tower::Service::call(&mut router.clone(), request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                // A client that went away or was too slow with its headers.
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open at shutdown were dropped");
    }
    Ok(())
}

/// A failed `accept`: a connection that died before it was taken is
/// skipped; anything else (e.g. out of file descriptors) is logged and
/// retried after a pause rather than in a busy loop.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
        tracing::error!(error = %e, "cannot accept a connection");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
