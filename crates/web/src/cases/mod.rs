pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::create))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::list))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::show))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::assess))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::plan))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::start_services))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::follow_up))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::close))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::reopen))
        .api(Access::Permission(Permission::CasesSupervise), routes!(api::cases::decide))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::approvals))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::assign))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::add_task))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::tasks))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::task_done))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::cases::add_note))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::notes))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::timeline))
        .api(Access::Permission(Permission::CasesRead), routes!(api::cases::my_work))
        .api(Access::Permission(Permission::PeopleRead), routes!(api::cases::of_person))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::case_facts::classify))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::case_facts::restrict))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::case_facts::put_incident))
        .api(Access::Permission(Permission::CasesRead), routes!(api::case_facts::incident))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::complaints::put))
        .api(Access::Permission(Permission::CasesRead), routes!(api::complaints::show))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::complaints::add_session))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::complaints::settle))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::complaints::escalate))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::complaints::request))
        .api(Access::Permission(Permission::CasesRead), routes!(api::complaints::of_case))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::complaints::incoming))
        .api(Access::Permission(Permission::CasesSupervise), routes!(api::complaints::accept))
        .api(Access::Permission(Permission::CasesSupervise), routes!(api::complaints::decline))
        .api(Access::Permission(Permission::CasesSupervise), routes!(api::cases::caseload))
        .api(Access::Permission(Permission::CasesWrite), routes!(api::attachments::upload))
        .api(Access::Permission(Permission::CasesRead), routes!(api::attachments::list))
        .api(Access::Permission(Permission::CasesRead), routes!(api::attachments::download))
        .api(Access::SignedIn, routes!(api::cases::sop))
        .api(Access::Permission(Permission::DirectoryManage), routes!(api::cases::set_sop))
        .get("/cases", Access::Permission(Permission::CasesRead), pages::cases::my_work)
        .get("/cases/caseload", Access::Permission(Permission::CasesSupervise), pages::cases::caseload)
        .get("/cases/{id}", Access::Permission(Permission::CasesRead), pages::cases::show)
        .get("/people/{id}/cases/new", Access::Permission(Permission::CasesWrite), pages::case_forms::new_form)
        .post("/people/{id}/cases/new", Access::Permission(Permission::CasesWrite), pages::case_forms::open)
        .post("/cases/{id}/move/assess", Access::Permission(Permission::CasesWrite), pages::case_forms::assess)
        .post("/cases/{id}/move/plan", Access::Permission(Permission::CasesWrite), pages::case_forms::plan)
        .post(
            "/cases/{id}/move/start_services",
            Access::Permission(Permission::CasesWrite),
            pages::case_forms::start_services,
        )
        .post("/cases/{id}/move/follow_up", Access::Permission(Permission::CasesWrite), pages::case_forms::follow_up)
        .post("/cases/{id}/move/close", Access::Permission(Permission::CasesWrite), pages::case_forms::close)
        .post("/cases/{id}/move/reopen", Access::Permission(Permission::CasesWrite), pages::case_forms::reopen)
        .post("/cases/{id}/notes", Access::Permission(Permission::CasesWrite), pages::case_forms::add_note)
        .post("/cases/{id}/incident", Access::Permission(Permission::CasesWrite), pages::case_forms::incident)
        .post_upload(
            "/cases/{id}/attachments",
            Access::Permission(Permission::CasesWrite),
            pages::case_forms::upload,
            satuatap_core::cases::attachment::MAX_BYTES + 64 * 1024,
        )
        .get(
            "/cases/{id}/attachments/{attachment}",
            Access::Permission(Permission::CasesRead),
            pages::case_forms::download,
        )
        .post("/cases/{id}/tasks", Access::Permission(Permission::CasesWrite), pages::case_forms::add_task)
        .post("/cases/{id}/tasks/{task}/done", Access::Permission(Permission::CasesWrite), pages::case_forms::task_done)
        .post(
            "/cases/{id}/approvals/{approval}",
            Access::Permission(Permission::CasesSupervise),
            pages::case_forms::decide,
        )
        .post("/cases/{id}/complaint", Access::Permission(Permission::CasesWrite), pages::complaint_forms::complaint)
        .post(
            "/cases/{id}/complaint/sessions",
            Access::Permission(Permission::CasesWrite),
            pages::complaint_forms::session,
        )
        .post(
            "/cases/{id}/complaint/settlement",
            Access::Permission(Permission::CasesWrite),
            pages::complaint_forms::settlement,
        )
        .post(
            "/cases/{id}/complaint/escalations",
            Access::Permission(Permission::CasesWrite),
            pages::complaint_forms::escalation,
        )
        .post("/cases/{id}/transfer", Access::Permission(Permission::CasesWrite), pages::complaint_forms::transfer)
        .post("/transfers/{id}/accept", Access::Permission(Permission::CasesSupervise), pages::complaint_forms::accept)
        .post(
            "/transfers/{id}/decline",
            Access::Permission(Permission::CasesSupervise),
            pages::complaint_forms::decline,
        )
}
