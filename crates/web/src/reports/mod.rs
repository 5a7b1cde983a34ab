//! Indicators and reports: the dashboard and the catalogue, tables and
//! their export, SDG 10.7.1 and the exchange rates it converts with.

pub(crate) mod api;
mod chart;
pub(crate) mod csv_rates;
mod dashboard;
pub mod dhis2;
mod export;
mod lines;
pub(crate) mod pages;
mod params;
mod view;

use satuatap_core::access::Permission;
use utoipa_axum::routes;

use crate::routes::{Access, Routes};

/// The routes of this domain, pages and API, each with who may call it.
pub(crate) fn routes() -> Routes {
    let read = Access::Permission(Permission::ReportsAggregate);
    let manage = Access::Permission(Permission::ReportsManage);
    let export = Access::Permission(Permission::ReportsExport);
    Routes::new()
        .api(read, routes!(api::indicators))
        .api(read, routes!(api::table))
        .api(read, routes!(api::headline))
        .api(export, routes!(api::export))
        .get("/reports", read, dashboard::dashboard)
        .get("/reports/indicators", read, dashboard::catalogue)
        .get("/reports/export", export, dashboard::export)
        .api(read, routes!(api::rates))
        .api(manage, routes!(api::put_rate))
        .api(manage, routes!(api::import_rates))
        .api(read, routes!(api::sdg))
        .get("/admin/exchange-rates", manage, pages::rates)
        .post("/admin/exchange-rates", manage, pages::put_rate)
        .post("/admin/exchange-rates/import", manage, pages::import_rates)
        .get("/reports/sdg-10-7-1", read, pages::sdg)
        .api(export, routes!(api::dhis2))
        .api(export, routes!(api::dhis2_mapping))
        .api(manage, routes!(api::put_dhis2_mapping))
        .get("/reports/dhis2", export, dhis2::page)
        .get("/reports/dhis2/export", export, dhis2::download)
        .get("/admin/dhis2", manage, dhis2::mapping)
        .api(export, routes!(lines::lines))
        .get("/reports/lines", export, lines::page)
        .get("/reports/lines/export", export, lines::download)
        .post("/admin/dhis2", manage, dhis2::put_mapping)
}
