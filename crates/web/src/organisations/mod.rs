pub(crate) mod api;
pub(crate) mod pages;

use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Public, routes!(api::organisations::list))
        .api(Access::Public, routes!(api::organisations::show))
        .api(Access::Public, routes!(api::offices::list))
        .api(Access::Public, routes!(api::offices::show))
        .get("/organisations", Access::Public, pages::organisations::list)
        .get("/organisations/{id}", Access::Public, pages::organisations::show)
        .get("/offices", Access::Public, pages::offices::list)
        .get("/offices/{id}", Access::Public, pages::offices::show)
}
