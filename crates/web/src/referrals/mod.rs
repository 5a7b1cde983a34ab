pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::create))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::list))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::work))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::show))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::accept))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::decline))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::complete))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::cancel))
        .api(Access::Permission(Permission::ReferralsManage), routes!(api::link, api::renew_link))
        .api(Access::Permission(Permission::CasesRead), routes!(api::of_case))
        .api(Access::Permission(Permission::CasesRead), routes!(api::suggestions))
        .api(Access::Permission(Permission::DirectoryRead), routes!(api::pathways))
        .api(Access::Permission(Permission::DirectoryManage), routes!(api::set_pathway))
        .api(Access::SignedIn, routes!(api::notifications))
        .api(Access::SignedIn, routes!(api::read_notification))
        .get("/cases/{id}/referrals/new", Access::Permission(Permission::ReferralsManage), pages::referrals::new_form)
        .post("/cases/{id}/referrals/new", Access::Permission(Permission::ReferralsManage), pages::referrals::send)
        .get("/referrals", Access::Permission(Permission::ReferralsManage), pages::referrals::list)
        .get("/referrals/{id}", Access::Permission(Permission::ReferralsManage), pages::referrals::show)
        .get("/referrals/{id}/print", Access::Permission(Permission::ReferralsManage), pages::referrals::print)
        .post("/referrals/{id}/link", Access::Permission(Permission::ReferralsManage), pages::referrals::renew_link)
        .post("/referrals/{id}/accept", Access::Permission(Permission::ReferralsManage), pages::referrals::accept)
        .post("/referrals/{id}/decline", Access::Permission(Permission::ReferralsManage), pages::referrals::decline)
        .post("/referrals/{id}/complete", Access::Permission(Permission::ReferralsManage), pages::referrals::complete)
        .post("/referrals/{id}/cancel", Access::Permission(Permission::ReferralsManage), pages::referrals::cancel)
        .post("/notifications/{id}/read", Access::SignedIn, pages::referrals::read_notification)
        .get("/r", Access::Public, pages::referral_link::code_form)
        .post("/r", Access::Public, pages::referral_link::code)
        .get("/r/{token}", Access::Public, pages::referral_link::show)
        .post("/r/{token}/accept", Access::Public, pages::referral_link::accept)
        .post("/r/{token}/decline", Access::Public, pages::referral_link::decline)
        .post("/r/{token}/complete", Access::Public, pages::referral_link::complete)
        .get("/districts/{code}/pathways", Access::Permission(Permission::DirectoryRead), pages::pathways::show)
        .post(
            "/districts/{code}/pathways/{need}",
            Access::Permission(Permission::DirectoryManage),
            pages::pathways::save,
        )
}
