pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::people::create))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::people::list))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::people::matches))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::people::add_consent))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::people::consents))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::visits::create))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::visits::list))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::visits::queue))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::visits::call))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::visits::serve))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::visits::hand_over))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::visits::my_desk))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::people::show))
        .api(Access::Permission(Permission::PeopleMerge), routes!(api::people::merge))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::episodes::create))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::episodes::list))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::families::add_relative))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::families::relatives))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::families::create_household))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::families::household))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::families::add_member))
        .get("/offices/{id}/queue", Access::Permission(Permission::PeopleRead), pages::queue::show)
        .post("/offices/{id}/queue/{visit}/{desk}", Access::Permission(Permission::PeopleWrite), pages::queue::step)
        .get("/people", Access::Permission(Permission::PeopleRead), pages::people::list)
        .get("/people/new", Access::Permission(Permission::PeopleWrite), pages::people::new_form)
        .post("/people/new", Access::Permission(Permission::PeopleWrite), pages::people::create)
        .get("/people/{id}", Access::Permission(Permission::PeopleRead), pages::person::show)
        .post("/people/{id}/merge", Access::Permission(Permission::PeopleMerge), pages::person_forms::merge)
        .post(
            "/people/{id}/household",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::form_household,
        )
        .get(
            "/people/{id}/consents/new",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::consent_form,
        )
        .post(
            "/people/{id}/consents/new",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::consent_save,
        )
        .get("/people/{id}/handover", Access::Permission(Permission::PeopleWrite), pages::handover::form)
        .post("/people/{id}/handover", Access::Permission(Permission::PeopleWrite), pages::handover::save)
        .get("/people/{id}/visits/new", Access::Permission(Permission::PeopleWrite), pages::person_forms::visit_form)
        .post("/people/{id}/visits/new", Access::Permission(Permission::PeopleWrite), pages::person_forms::visit_save)
        .get(
            "/people/{id}/episodes/new",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::episode_form,
        )
        .post(
            "/people/{id}/episodes/new",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::episode_save,
        )
        .get(
            "/people/{id}/relatives/new",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::relative_form,
        )
        .post(
            "/people/{id}/relatives/new",
            Access::Permission(Permission::PeopleWrite),
            pages::person_forms::relative_save,
        )
}
