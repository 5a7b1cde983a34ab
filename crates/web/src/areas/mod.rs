pub(crate) mod api;
pub(crate) mod pages;
pub(crate) mod picker;

use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Public, routes!(api::list))
        .api(Access::Public, routes!(api::search))
        .api(Access::Public, routes!(api::show))
        .get("/areas", Access::Public, pages::root)
        .get("/areas/{code}", Access::Public, pages::show)
}
