//! The audit log: its page and its API.

pub(crate) mod api;
pub(crate) mod pages;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    Routes::new().api(Access::Permission(Permission::AuditRead), routes!(api::audit)).get(
        "/admin/audit",
        Access::Permission(Permission::AuditRead),
        pages::audit,
    )
}
