pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Public, routes!(api::auth::token))
        .api(Access::SignedIn, routes!(api::auth::revoke))
        .api(Access::SignedIn, routes!(api::auth::me))
        .api(Access::Permission(Permission::UsersRead), routes!(api::users::users))
        .api(Access::Permission(Permission::UsersManage), routes!(api::users::create_user))
        .api(Access::Permission(Permission::CasesSupervise), routes!(api::users::confirm_user))
        .api(Access::Permission(Permission::CasesSupervise), routes!(api::users::refuse_user))
        .api(Access::Permission(Permission::RolesRead), routes!(api::users::roles))
        .get("/sign-in", Access::Public, pages::session::form)
        .post("/sign-in", Access::Public, pages::session::sign_in)
        .post("/sign-out", Access::SignedIn, pages::session::sign_out)
        .post("/sign-out-everywhere", Access::SignedIn, pages::session::sign_out_everywhere)
        .get("/session/draft", Access::SignedIn, pages::drafts::show)
        .post("/session/keep-alive", Access::SignedIn, pages::drafts::keep_alive)
        .get("/account", Access::SignedIn, pages::account::show)
        .post("/account/password", Access::SignedIn, pages::account::change_password)
        .post("/account/language", Access::SignedIn, pages::account::set_language)
        .post("/account/totp", Access::SignedIn, pages::account::start_totp)
        .post("/account/totp/confirm", Access::SignedIn, pages::account::confirm_totp)
        .post("/admin/roles/{role}/totp", Access::Permission(Permission::UsersManage), pages::users::set_role_totp)
        .get("/admin/users", Access::Permission(Permission::UsersRead), pages::users::users)
        .post("/admin/users", Access::Permission(Permission::UsersManage), pages::users::create_user)
        .post("/admin/users/{username}/status", Access::Permission(Permission::UsersManage), pages::users::set_status)
        .post("/admin/users/{id}/access", Access::Permission(Permission::CasesSupervise), pages::users::decide_access)
        .get("/admin/roles", Access::Permission(Permission::RolesRead), pages::users::roles)
}
