//! What the areas need from storage.

use async_trait::async_trait;

use crate::areas::area::{Area, AreaCode, AreaFilter, AreaLevel, AreaMatch};
use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::paging::{Page, PageRequest};

#[async_trait]
pub trait AreaRepository: Send + Sync {
    /// Inserts or renames the given areas in one transaction. Parents must
    /// come before their children in the slice or exist already.
    async fn upsert_areas(&self, areas: &[Area], audit: &AuditRecord) -> Result<u64>;
    async fn get_area(&self, code: &AreaCode) -> Result<Option<Area>>;
    /// The areas among `codes` that exist, in the order of `codes`.
    async fn get_areas(&self, codes: &[AreaCode]) -> Result<Vec<Area>>;
    async fn list_areas(&self, filter: &AreaFilter, page: PageRequest) -> Result<Page<Area>>;
    async fn count_children(&self, code: &AreaCode) -> Result<u64>;
    /// Areas of `levels` whose name and the names of the two areas above it
    /// contain every word (case-insensitive): exact names first, then names
    /// that start with the words, then higher levels, then by name.
    async fn search_areas(&self, words: &[String], levels: &[AreaLevel], limit: u32) -> Result<Vec<AreaMatch>>;
}
