//! What the audit log needs from storage.

use async_trait::async_trait;
use uuid::Uuid;

use crate::audit::chain::{AuditEntry, AuditRecord};
use crate::error::Result;
use crate::paging::{Page, PageRequest};

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    pub action: Option<crate::audit::AuditAction>,
    pub entity: Option<crate::audit::AuditEntity>,
    pub entity_id: Option<String>,
    /// Leave out the entries this reader may not know of (none: all).
    pub hidden_from: Option<AuditReader>,
}

/// A reader of the audit log, for leaving out entries about restricted
/// work, need-to-know people and protective organisations beside a person.
#[derive(Debug, Clone, Default)]
pub struct AuditReader {
    pub need_to_know: crate::access::NeedToKnow,
    /// Protective organisations other than the reader's own.
    pub protective_elsewhere: Vec<Uuid>,
}

#[async_trait]
pub trait AuditRepository: Send + Sync {
    /// Appends one entry on its own (reads, failed sign-ins).
    async fn append_audit(&self, record: &AuditRecord) -> Result<AuditEntry>;
    /// Newest first.
    async fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>>;
    /// Entries after `seq`, oldest first, for verification.
    async fn audit_after(&self, seq: i64, limit: u32) -> Result<Vec<AuditEntry>>;
    /// The audit key and the checkpoint kept outside the database (`None`:
    /// the store keeps an unkeyed chain, e.g. in unit code).
    async fn audit_seal(&self) -> Result<Option<crate::audit::seal::AuditSealState>>;
}
