//! Villages and community: village registration, departure and return
//! notices, early warnings.

pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    let read = Access::Permission(Permission::CommunityRead);
    let write = Access::Permission(Permission::CommunityWrite);
    let verify = Access::Permission(Permission::CommunityVerify);
    let handle = Access::Permission(Permission::WarningsHandle);
    Routes::new()
        .api(write, routes!(api::register))
        .api(read, routes!(api::registrations))
        .api(read, routes!(api::registration))
        .api(verify, routes!(api::decide))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::expected))
        .api(write, routes!(api::departure))
        .api(write, routes!(api::arrival))
        .api(read, routes!(api::notices))
        .api(write, routes!(api::raise))
        // Readers of the village and handlers of warnings alike; the service
        // applies need-to-know.
        .api(Access::SignedIn, routes!(api::warnings))
        .api(Access::SignedIn, routes!(api::warning))
        .api(handle, routes!(api::acknowledge))
        .api(handle, routes!(api::end))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::record_activity))
        // Readers of the village or district, and the organisations that run activities.
        .api(Access::SignedIn, routes!(api::activities))
        .api(Access::SignedIn, routes!(api::activity))
        .api(write, routes!(api::add_member))
        .api(read, routes!(api::roster))
        .api(write, routes!(api::end_member))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::join))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::memberships))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::leave))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::add_action))
        .api(Access::SignedIn, routes!(api::actions))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::close_action))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::add_regulation))
        .api(read, routes!(api::regulations))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::add_forum_member))
        .api(read, routes!(api::forum_members))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::end_forum_member))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::record_campaign))
        // Readers of the area and the organisations that run campaigns.
        .api(Access::SignedIn, routes!(api::campaigns))
        .api(Access::Permission(Permission::PeopleWrite), routes!(api::record_contact))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::contacts))
        .api(Access::Permission(Permission::ActivitiesWrite), routes!(api::record_test))
        // Readers of the district and those who run tests.
        .api(Access::SignedIn, routes!(api::tests))
        .api(Access::SignedIn, routes!(api::test))
        .get("/community", Access::SignedIn, pages::home::show)
        .get("/people/{id}/village-registration", write, pages::registrations::form)
        .post("/people/{id}/village-registration", write, pages::registrations::save)
        .get("/village-registrations/{id}", read, pages::registrations::show)
        .post("/village-registrations/{id}/decision", verify, pages::registrations::decide)
        .get("/expected-visitors", Access::Permission(Permission::PeopleRead), pages::home::expected)
        .get("/people/{id}/departure", write, pages::notices::departure_form)
        .post("/people/{id}/departure", write, pages::notices::departure_save)
        .get("/people/{id}/return", write, pages::notices::return_form)
        .post("/people/{id}/return", write, pages::notices::return_save)
        .get("/warnings", Access::SignedIn, pages::warnings::list)
        .get("/warnings/new", write, pages::warnings::new_form)
        .post("/warnings/new", write, pages::warnings::create)
        .get("/warnings/{id}", Access::SignedIn, pages::warnings::show)
        .post("/warnings/{id}/acknowledge", handle, pages::warnings::acknowledge)
        .post("/warnings/{id}/end", handle, pages::warnings::end)
        .get("/activities", Access::SignedIn, pages::activities::list)
        .get("/activities/new", Access::Permission(Permission::ActivitiesWrite), pages::activities::new_form)
        .post("/activities/new", Access::Permission(Permission::ActivitiesWrite), pages::activities::create)
        .get("/activities/{id}", Access::SignedIn, pages::activities::show)
        .get("/campaigns", Access::SignedIn, pages::campaigns::list)
        .post("/campaigns", Access::Permission(Permission::ActivitiesWrite), pages::campaigns::record)
        .get("/people/{id}/memberships", Access::Permission(Permission::ActivitiesWrite), pages::memberships::show)
        .post("/people/{id}/memberships", Access::Permission(Permission::ActivitiesWrite), pages::memberships::join)
        .post(
            "/people/{id}/memberships/{membership}/end",
            Access::Permission(Permission::ActivitiesWrite),
            pages::memberships::leave,
        )
        .get("/forum", Access::SignedIn, pages::forum::show)
        .post("/forum", Access::Permission(Permission::ActivitiesWrite), pages::forum::add)
        .post("/forum/{id}/close", Access::Permission(Permission::ActivitiesWrite), pages::forum::close)
        .post("/forum/members", Access::Permission(Permission::ActivitiesWrite), pages::forum::add_member)
        .post("/forum/members/{id}/end", Access::Permission(Permission::ActivitiesWrite), pages::forum::end_member)
        .get("/regulations", read, pages::forum::regulations)
        .post("/regulations", Access::Permission(Permission::ActivitiesWrite), pages::forum::add_regulation)
        .get("/hotline", Access::Permission(Permission::PeopleRead), pages::hotline::show)
        .post("/hotline", Access::Permission(Permission::PeopleWrite), pages::hotline::record)
        .get("/competency-tests", Access::SignedIn, pages::competency::list)
        .post("/competency-tests", Access::Permission(Permission::ActivitiesWrite), pages::competency::record)
        .get("/competency-tests/{id}", Access::SignedIn, pages::competency::show)
        .get("/task-force", read, pages::roster::show)
        .post("/task-force", write, pages::roster::add)
        .post("/task-force/{id}/end", write, pages::roster::end)
}
