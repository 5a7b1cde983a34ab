//! What the service directory needs from storage.

use async_trait::async_trait;
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::paging::{Page, PageRequest};

/// The service directory.
#[async_trait]
pub trait DirectoryRepository: Send + Sync {
    /// Stores a service, new or changed, with its categories, hours, contacts
    /// and places (replacing the old ones), and the given locations (new or
    /// corrected), in one transaction with its audit entry.
    async fn save_service(
        &self,
        record: &crate::directory::model::ServiceRecord,
        locations: &[crate::directory::model::Location],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// A service with its categories and hours.
    async fn get_service(&self, id: Uuid) -> Result<Option<crate::directory::model::Service>>;
    async fn service_contacts(&self, id: Uuid) -> Result<Vec<crate::directory::model::ServiceContact>>;
    async fn service_places(&self, id: Uuid) -> Result<Vec<crate::directory::model::ServicePlace>>;
    /// By name.
    async fn list_services(
        &self,
        filter: &crate::directory::model::ServiceFilter,
        page: PageRequest,
    ) -> Result<Page<crate::directory::model::ServiceSummary>>;
    /// The locations among `ids` that exist, with their area names.
    async fn get_locations(&self, ids: &[Uuid]) -> Result<Vec<crate::directory::model::Location>>;
    /// Locations in an area or inside it, by name, at most `limit`.
    async fn locations_within(&self, area: &AreaCode, limit: u32) -> Result<Vec<crate::directory::model::Location>>;
    /// The whole directory in a stable order: organisations by code,
    /// locations and services by name and id.
    async fn directory_snapshot(&self) -> Result<crate::directory::model::DirectorySnapshot>;
    /// Upserts organisations, locations and services (with everything that
    /// belongs to them) by id, in one transaction with one audit entry.
    async fn import_directory(
        &self,
        directory: &crate::directory::model::DirectorySnapshot,
        audit: &AuditRecord,
    ) -> Result<()>;
}
