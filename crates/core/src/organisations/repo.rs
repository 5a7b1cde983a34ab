//! What organisations and offices need from storage.

use async_trait::async_trait;
use uuid::Uuid;

use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::organisations::organisation::{
    Office, OfficeFilter, OfficeOverview, OfficeSummary, Organisation, OrganisationFilter, OrganisationSummary,
};
use crate::paging::{Page, PageRequest};

#[async_trait]
pub trait OrganisationRepository: Send + Sync {
    /// Fails with `Conflict { code: "duplicate_code" }` when the code is taken.
    async fn insert_organisation(&self, org: &Organisation, audit: &AuditRecord) -> Result<()>;
    async fn update_organisation(&self, org: &Organisation, audit: &AuditRecord) -> Result<()>;
    async fn get_organisation(&self, id: Uuid) -> Result<Option<Organisation>>;
    async fn get_organisation_by_code(&self, code: &str) -> Result<Option<Organisation>>;
    async fn organisation_summaries(&self, ids: &[Uuid]) -> Result<Vec<OrganisationSummary>>;
    async fn list_organisations(
        &self,
        filter: &OrganisationFilter,
        page: PageRequest,
    ) -> Result<Page<OrganisationSummary>>;
    /// Organisations of one of `kinds`, or offering a service of one of
    /// `categories` in the directory.
    async fn organisations_by_kind_or_service(
        &self,
        kinds: &[crate::organisations::organisation::OrgKind],
        categories: &[crate::directory::model::ServiceCategory],
    ) -> Result<std::collections::HashSet<Uuid>>;
}

#[async_trait]
pub trait OfficeRepository: Send + Sync {
    async fn insert_office(&self, office: &Office, audit: &AuditRecord) -> Result<()>;
    async fn update_office(&self, office: &Office, audit: &AuditRecord) -> Result<()>;
    async fn get_office(&self, id: Uuid) -> Result<Option<Office>>;
    async fn get_office_by_code(&self, code: &str) -> Result<Option<Office>>;
    async fn list_offices(&self, filter: &OfficeFilter, page: PageRequest) -> Result<Page<OfficeSummary>>;
    /// Records that an organisation serves at an office (idempotent).
    async fn add_office_member(&self, office_id: Uuid, organisation_id: Uuid, audit: &AuditRecord) -> Result<()>;
    /// Takes an organisation from an office's roof; false when it did not
    /// serve there (then nothing is audited).
    async fn remove_office_member(&self, office_id: Uuid, organisation_id: Uuid, audit: &AuditRecord) -> Result<bool>;
    async fn office_members(&self, office_id: Uuid) -> Result<Vec<OrganisationSummary>>;
    /// Every LTSA-MRC office with its counts, in one query.
    async fn ltsa_overview(&self) -> Result<Vec<OfficeOverview>>;
    /// Offices an organisation runs or serves at.
    async fn offices_of_organisation(&self, organisation_id: Uuid) -> Result<Vec<OfficeSummary>>;
}
