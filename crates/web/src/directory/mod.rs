pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Public, routes!(api::list))
        .api(Access::Public, routes!(api::show))
        .api(Access::Permission(Permission::DirectoryManage), routes!(api::create))
        .api(Access::Permission(Permission::DirectoryManage), routes!(api::update))
        .api(Access::Public, routes!(api::hsds))
        .get("/directory", Access::Public, pages::list)
        .get("/directory/services/new", Access::Permission(Permission::DirectoryManage), pages::new_form)
        .post("/directory/services/new", Access::Permission(Permission::DirectoryManage), pages::create)
        .get("/directory/services/{id}", Access::Public, pages::show)
        .get("/directory/services/{id}/edit", Access::Permission(Permission::DirectoryManage), pages::edit_form)
        .post("/directory/services/{id}/edit", Access::Permission(Permission::DirectoryManage), pages::update)
}
