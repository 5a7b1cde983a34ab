//! Repository traits: what the core needs from storage. The storage crate
//! implements them for SQLite and PostgreSQL alike.

use async_trait::async_trait;
use uuid::Uuid;

use crate::area::{Area, AreaCode, AreaFilter};
use crate::error::Result;
use crate::organisation::{
    Office, OfficeFilter, OfficeOverview, OfficeSummary, Organisation, OrganisationFilter,
    OrganisationSummary,
};
use crate::paging::{Page, PageRequest};

#[async_trait]
pub trait AreaRepository: Send + Sync {
    /// Inserts or renames the given areas in one transaction. Parents must
    /// come before their children in the slice or exist already.
    async fn upsert_areas(&self, areas: &[Area]) -> Result<u64>;
    async fn get_area(&self, code: &AreaCode) -> Result<Option<Area>>;
    /// The areas among `codes` that exist, in the order of `codes`.
    async fn get_areas(&self, codes: &[AreaCode]) -> Result<Vec<Area>>;
    async fn list_areas(&self, filter: &AreaFilter, page: PageRequest) -> Result<Page<Area>>;
    async fn count_children(&self, code: &AreaCode) -> Result<u64>;
}

#[async_trait]
pub trait OrganisationRepository: Send + Sync {
    /// Fails with `Conflict { code: "duplicate_code" }` when the code is taken.
    async fn insert_organisation(&self, org: &Organisation) -> Result<()>;
    async fn get_organisation(&self, id: Uuid) -> Result<Option<Organisation>>;
    async fn get_organisation_by_code(&self, code: &str) -> Result<Option<Organisation>>;
    async fn organisation_summaries(&self, ids: &[Uuid]) -> Result<Vec<OrganisationSummary>>;
    async fn list_organisations(
        &self,
        filter: &OrganisationFilter,
        page: PageRequest,
    ) -> Result<Page<OrganisationSummary>>;
}

#[async_trait]
pub trait OfficeRepository: Send + Sync {
    async fn insert_office(&self, office: &Office) -> Result<()>;
    async fn get_office(&self, id: Uuid) -> Result<Option<Office>>;
    async fn list_offices(
        &self,
        filter: &OfficeFilter,
        page: PageRequest,
    ) -> Result<Page<OfficeSummary>>;
    /// Records that an organisation serves at an office (idempotent).
    async fn add_office_member(&self, office_id: Uuid, organisation_id: Uuid) -> Result<()>;
    async fn office_members(&self, office_id: Uuid) -> Result<Vec<OrganisationSummary>>;
    /// Every LTSA-MRC office with its counts, in one query.
    async fn ltsa_overview(&self) -> Result<Vec<OfficeOverview>>;
    /// Offices an organisation runs or serves at.
    async fn offices_of_organisation(&self, organisation_id: Uuid) -> Result<Vec<OfficeSummary>>;
}

/// Everything the core needs from storage.
#[async_trait]
pub trait Store: AreaRepository + OrganisationRepository + OfficeRepository {
    /// `sqlite` or `postgres`: for logs and `/readyz` only, never for logic.
    fn engine(&self) -> &'static str;
    /// Checks that the database answers.
    async fn ping(&self) -> Result<()>;
}
