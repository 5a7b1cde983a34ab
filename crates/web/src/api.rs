//! The JSON API under `/api/v1`, documented by OpenAPI from these handlers.

use crate::areas::api as areas;
use crate::cases::api::attachments;
use crate::cases::api::case_facts;
use crate::cases::api::cases;
use crate::cases::api::complaints;
use crate::directory::api as directory;
use crate::identity::api::auth;
use crate::identity::api::users as admin;
use crate::ops;
use crate::organisations::api::offices;
use crate::organisations::api::organisations;
use crate::referrals::api as referrals;
use crate::registry::api::episodes;
use crate::registry::api::families;
use crate::registry::api::people;
use crate::registry::api::visits;

use axum::extract::{FromRequest, FromRequestParts};
use utoipa::OpenApi;
use utoipa_axum::routes;

use satuatap_core::access::Permission;

use crate::error::AppError;
use crate::routes::{Access, Routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Satu Atap API",
        description = "Information system of the gender-responsive One-Roof Integrated Services offices for \
                       migrant workers (LTSA-MRC). Errors are `{\"error\": {\"code\", \"message\", \"field\", \
                       \"operation_id\"}}`; messages follow `Accept-Language` (`id` default, `en`). A body \
                       over its limit (2 MB of JSON) answers 413 `payload_too_large`.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "areas", description = "Kemendagri areas: province, regency/city, kecamatan, village"),
        (name = "organisations", description = "Organisations under and around the one roof"),
        (name = "offices", description = "LTSA-MRC offices and village information centres"),
        (name = "directory", description = "The service directory and its Open Referral HSDS export"),
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "auth", description = "Bearer tokens and the signed-in user"),
        (name = "users", description = "Users, roles and the audit log"),
        (name = "people", description = "The person registry"),
        (name = "visits", description = "Visits to an office and the desk queue"),
        (name = "cases", description = "Cases by the coordinated SOP"),
        (name = "referrals", description = "Referrals to services, referral pathways, notifications"),
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the bearer token scheme that protected operations name.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub fn routes() -> Routes {
    Routes::with_openapi(ApiDoc::openapi())
        .api(Access::Public, routes!(areas::list))
        .api(Access::Public, routes!(areas::show))
        .api(Access::Public, routes!(organisations::list))
        .api(Access::Public, routes!(organisations::show))
        .api(Access::Public, routes!(offices::list))
        .api(Access::Public, routes!(offices::show))
        .api(Access::Public, routes!(directory::list))
        .api(Access::Public, routes!(directory::show))
        .api(Access::Permission(Permission::DirectoryManage), routes!(directory::create))
        .api(Access::Permission(Permission::DirectoryManage), routes!(directory::update))
        .api(Access::Public, routes!(directory::hsds))
        .api(Access::Public, routes!(auth::token))
        .api(Access::SignedIn, routes!(auth::revoke))
        .api(Access::SignedIn, routes!(auth::me))
        .api(Access::Permission(Permission::UsersRead), routes!(admin::users))
        .api(Access::Permission(Permission::UsersManage), routes!(admin::create_user))
        .api(Access::Permission(Permission::CasesSupervise), routes!(admin::confirm_user))
        .api(Access::Permission(Permission::CasesSupervise), routes!(admin::refuse_user))
        .api(Access::Permission(Permission::RolesRead), routes!(admin::roles))
        .api(Access::Permission(Permission::AuditRead), routes!(admin::audit))
        .api(Access::Permission(Permission::PeopleWrite), routes!(people::create))
        .api(Access::Permission(Permission::PeopleRead), routes!(people::list))
        .api(Access::Permission(Permission::PeopleRead), routes!(people::matches))
        .api(Access::Permission(Permission::PeopleWrite), routes!(people::add_consent))
        .api(Access::Permission(Permission::PeopleRead), routes!(people::consents))
        .api(Access::Permission(Permission::PeopleWrite), routes!(visits::create))
        .api(Access::Permission(Permission::PeopleRead), routes!(visits::list))
        .api(Access::Permission(Permission::PeopleRead), routes!(visits::queue))
        .api(Access::Permission(Permission::PeopleWrite), routes!(visits::call))
        .api(Access::Permission(Permission::PeopleWrite), routes!(visits::serve))
        .api(Access::Permission(Permission::PeopleRead), routes!(people::show))
        .api(Access::Permission(Permission::PeopleMerge), routes!(people::merge))
        .api(Access::Permission(Permission::PeopleWrite), routes!(episodes::create))
        .api(Access::Permission(Permission::PeopleRead), routes!(episodes::list))
        .api(Access::Permission(Permission::PeopleWrite), routes!(families::add_relative))
        .api(Access::Permission(Permission::PeopleRead), routes!(families::relatives))
        .api(Access::Permission(Permission::PeopleWrite), routes!(families::create_household))
        .api(Access::Permission(Permission::PeopleRead), routes!(families::household))
        .api(Access::Permission(Permission::PeopleWrite), routes!(families::add_member))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::create))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::list))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::show))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::assess))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::plan))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::start_services))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::follow_up))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::close))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::reopen))
        .api(Access::Permission(Permission::CasesSupervise), routes!(cases::decide))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::approvals))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::assign))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::add_task))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::tasks))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::task_done))
        .api(Access::Permission(Permission::CasesWrite), routes!(cases::add_note))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::notes))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::timeline))
        .api(Access::Permission(Permission::CasesRead), routes!(cases::my_work))
        .api(Access::Permission(Permission::PeopleRead), routes!(cases::of_person))
        .api(Access::Permission(Permission::CasesWrite), routes!(case_facts::classify))
        .api(Access::Permission(Permission::CasesWrite), routes!(case_facts::restrict))
        .api(Access::Permission(Permission::CasesWrite), routes!(case_facts::put_incident))
        .api(Access::Permission(Permission::CasesRead), routes!(case_facts::incident))
        .api(Access::Permission(Permission::CasesWrite), routes!(complaints::put))
        .api(Access::Permission(Permission::CasesRead), routes!(complaints::show))
        .api(Access::Permission(Permission::CasesWrite), routes!(complaints::add_session))
        .api(Access::Permission(Permission::CasesWrite), routes!(complaints::settle))
        .api(Access::Permission(Permission::CasesWrite), routes!(complaints::escalate))
        .api(Access::Permission(Permission::CasesWrite), routes!(complaints::request))
        .api(Access::Permission(Permission::CasesRead), routes!(complaints::of_case))
        .api(Access::Permission(Permission::CasesWrite), routes!(complaints::incoming))
        .api(Access::Permission(Permission::CasesSupervise), routes!(complaints::accept))
        .api(Access::Permission(Permission::CasesSupervise), routes!(complaints::decline))
        .api(Access::Permission(Permission::CasesSupervise), routes!(cases::caseload))
        .api(Access::Permission(Permission::CasesWrite), routes!(attachments::upload))
        .api(Access::Permission(Permission::CasesRead), routes!(attachments::list))
        .api(Access::Permission(Permission::CasesRead), routes!(attachments::download))
        .api(Access::SignedIn, routes!(cases::sop))
        .api(Access::Permission(Permission::DirectoryManage), routes!(cases::set_sop))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::create))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::list))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::work))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::show))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::accept))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::decline))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::complete))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::cancel))
        .api(Access::Permission(Permission::ReferralsManage), routes!(referrals::link, referrals::renew_link))
        .api(Access::Permission(Permission::CasesRead), routes!(referrals::of_case))
        .api(Access::Permission(Permission::CasesRead), routes!(referrals::suggestions))
        .api(Access::Permission(Permission::DirectoryRead), routes!(referrals::pathways))
        .api(Access::Permission(Permission::DirectoryManage), routes!(referrals::set_pathway))
        .api(Access::SignedIn, routes!(referrals::notifications))
        .api(Access::SignedIn, routes!(referrals::read_notification))
        .api(Access::Public, routes!(ops::healthz))
        .api(Access::Public, routes!(ops::readyz))
        .api(Access::Permission(Permission::OpsMetrics), routes!(ops::metrics))
}

/// `Query` whose rejection is our error (422 naming the parameter).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// `Path` whose rejection is our error (404).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// `Json` body whose rejection is our error (422 naming the body).
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `limit` and `offset` of a list request.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items per page (1–500, default 50).
    pub limit: Option<u32>,
    /// Items to skip.
    pub offset: Option<u64>,
}

impl Paging {
    pub fn request(&self) -> satuatap_core::paging::PageRequest {
        satuatap_core::paging::PageRequest::new(self.limit, self.offset)
    }
}

/// Parses an optional query value, ignoring an empty one.
pub fn optional<T>(
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, satuatap_core::FieldError>,
) -> Result<Option<T>, AppError> {
    crate::page::optional(raw, parse)
}
