//! The route table. Every route is added through [`Routes`], which makes it
//! declare who may call it; the table is kept for tests and for the access
//! check.

use axum::handler::Handler;
use axum::http::Method;
use axum::middleware;
use axum::routing::{self, MethodRouter};
use serde::Serialize;
use utoipa::openapi::path::PathItem;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// Declared beside its enforcement (`access.rs`); every domain's `routes()`
/// names it from here.
pub use crate::access::Access;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize)]
pub struct RouteInfo {
    pub method: String,
    pub path: String,
    pub access: Access,
}

pub struct Routes {
    router: OpenApiRouter<AppState>,
    table: Vec<RouteInfo>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Self { router: OpenApiRouter::new(), table: Vec::new() }
    }

    /// Starts from a document carrying the API's title, version and tags.
    pub fn with_openapi(doc: utoipa::openapi::OpenApi) -> Self {
        Self { router: OpenApiRouter::with_openapi(doc), table: Vec::new() }
    }

    /// A route documented in the OpenAPI description (`#[utoipa::path]`).
    pub fn api(mut self, access: Access, (schemas, mut paths, method_router): UtoipaMethodRouter<AppState>) -> Self {
        for item in paths.paths.values_mut() {
            crate::openapi::document_answers(item, access);
        }
        for (path, item) in &paths.paths {
            for method in methods_of(item) {
                self.table.push(RouteInfo { method: method.to_string(), path: path.clone(), access });
            }
        }
        let method_router = method_router.layer(middleware::from_fn_with_state(access, crate::access::enforce));
        self.router = self.router.routes((schemas, paths, method_router));
        self
    }

    /// A page or other undocumented route answering GET.
    pub fn get<H, T>(self, path: &str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, access, routing::get(handler))
    }

    /// A form target answering POST.
    pub fn post<H, T>(self, path: &str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, access, routing::post(handler))
    }

    /// A POST route whose handler reads a multipart form (a file) up to `limit` bytes.
    pub fn post_upload<H, T>(self, path: &str, access: Access, handler: H, limit: usize) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, access, routing::post(handler).layer(axum::extract::DefaultBodyLimit::max(limit)))
    }

    fn add(mut self, method: Method, path: &str, access: Access, method_router: MethodRouter<AppState>) -> Self {
        self.table.push(RouteInfo { method: method.to_string(), path: path.to_string(), access });
        self.router = self
            .router
            .route(path, method_router.layer(middleware::from_fn_with_state(access, crate::access::enforce)));
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn into_parts(self) -> (OpenApiRouter<AppState>, Vec<RouteInfo>) {
        (self.router, self.table)
    }
}

fn methods_of(item: &PathItem) -> Vec<Method> {
    let mut methods = Vec::new();
    if item.get.is_some() {
        methods.push(Method::GET);
    }
    if item.post.is_some() {
        methods.push(Method::POST);
    }
    if item.put.is_some() {
        methods.push(Method::PUT);
    }
    if item.patch.is_some() {
        methods.push(Method::PATCH);
    }
    if item.delete.is_some() {
        methods.push(Method::DELETE);
    }
    methods
}
