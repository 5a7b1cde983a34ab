//! What every JSON API handler shares: the OpenAPI document's title, tags and security, the
//! extractors whose rejections are our errors, paging; and the operational routes (health,
//! readiness, metrics). Each domain declares its own API routes (`<domain>::routes`).

use crate::ops;

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
        (name = "reports", description = "Indicators and reports: SDG 10.7.1 and exchange rates"),
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

/// `limit` and `offset` of a list request. Values outside the documented
/// bounds are refused (422 naming the parameter), not quietly clamped.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items per page (1–500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// Items to skip (0–1,000,000,000, default 0).
    #[param(minimum = 0, maximum = 1_000_000_000_i64)]
    pub offset: Option<u64>,
}

impl Paging {
    /// The largest `offset` accepted: far beyond any district's records, and
    /// within every engine's integer.
    pub const MAX_OFFSET: u64 = 1_000_000_000;

    pub fn request(&self) -> Result<satuatap_core::paging::PageRequest, AppError> {
        use satuatap_core::paging::PageRequest;
        let mut problems = Vec::new();
        if let Some(limit) = self.limit.filter(|l| !(1..=PageRequest::MAX_LIMIT).contains(l)) {
            problems.push(
                satuatap_core::FieldError::new("limit", "out_of_range")
                    .with("min", 1)
                    .with("max", PageRequest::MAX_LIMIT)
                    .with("value", limit),
            );
        }
        if let Some(offset) = self.offset.filter(|o| *o > Self::MAX_OFFSET) {
            problems.push(
                satuatap_core::FieldError::new("offset", "out_of_range")
                    .with("min", 0)
                    .with("max", Self::MAX_OFFSET)
                    .with("value", offset),
            );
        }
        if problems.is_empty() {
            Ok(PageRequest::new(self.limit, self.offset))
        } else {
            Err(AppError(satuatap_core::Error::Invalid(problems)))
        }
    }
}

/// Parses an optional query value, ignoring an empty one.
pub fn optional<T>(
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, satuatap_core::FieldError>,
) -> Result<Option<T>, AppError> {
    crate::page::optional(raw, parse)
}
