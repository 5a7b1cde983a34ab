pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    let manage = || Access::Permission(Permission::OrganisationsManage);
    Routes::new()
        .api(Access::Public, routes!(api::organisations::list))
        .api(Access::Public, routes!(api::organisations::show))
        .api(manage(), routes!(api::organisations::create))
        .api(manage(), routes!(api::organisations::update))
        .api(Access::Public, routes!(api::offices::list))
        .api(Access::Public, routes!(api::offices::show))
        .api(manage(), routes!(api::offices::create))
        .api(manage(), routes!(api::offices::update))
        .api(manage(), routes!(api::offices::add_member))
        .api(manage(), routes!(api::offices::remove_member))
        .get("/organisations", Access::Public, pages::organisations::list)
        .get("/organisations/new", manage(), pages::organisations::new_form)
        .post("/organisations/new", manage(), pages::organisations::create)
        .get("/organisations/{id}", Access::Public, pages::organisations::show)
        .get("/organisations/{id}/edit", manage(), pages::organisations::edit_form)
        .post("/organisations/{id}/edit", manage(), pages::organisations::update)
        .get("/offices", Access::Public, pages::offices::list)
        .get("/offices/new", manage(), pages::offices::new_form)
        .post("/offices/new", manage(), pages::offices::create)
        .get("/offices/{id}", Access::Public, pages::offices::show)
        .get("/offices/{id}/edit", manage(), pages::offices::edit_form)
        .post("/offices/{id}/edit", manage(), pages::offices::update)
        .post("/offices/{id}/members", manage(), pages::offices::add_member)
        .post("/offices/{id}/members/remove", manage(), pages::offices::remove_member)
}
