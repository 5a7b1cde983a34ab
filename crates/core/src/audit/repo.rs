//! What the audit log needs from storage.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::audit::chain::{AuditEntry, AuditRecord};
use crate::error::Result;
use crate::paging::{Page, PageRequest};

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    /// Who acted, by the username written in the entry.
    pub actor_name: Option<String>,
    pub action: Option<crate::audit::AuditAction>,
    pub entity: Option<crate::audit::AuditEntity>,
    pub entity_id: Option<String>,
    /// Entries about this person: herself, her cases and her visits.
    pub person_id: Option<Uuid>,
    /// Entries about this case and its referrals.
    pub case_id: Option<Uuid>,
    /// From this day on, inclusive, a day of the office's time zone
    /// ([`crate::App::audit_log`] turns the days into `since` and `before`).
    pub from: Option<NaiveDate>,
    /// Up to this day, inclusive, a day of the office's time zone.
    pub to: Option<NaiveDate>,
    /// What the store filters on: written at or after `since` …
    pub since: Option<DateTime<Utc>>,
    /// … and before `before`.
    pub before: Option<DateTime<Utc>>,
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

/// The records an audit page names, looked up in one batch per kind.
#[derive(Debug, Clone, Default)]
pub struct AuditNameIds {
    pub users: Vec<Uuid>,
    pub offices: Vec<Uuid>,
    pub services: Vec<Uuid>,
    pub referrals: Vec<Uuid>,
}

/// What [`AuditRepository::audit_names`] found (unknown ids are left out).
#[derive(Debug, Clone, Default)]
pub struct AuditNameRows {
    /// Id, display name, username.
    pub users: Vec<(Uuid, String, String)>,
    pub offices: Vec<(Uuid, String)>,
    pub services: Vec<(Uuid, String)>,
    /// Id, its case, the name of the service it asks for.
    pub referrals: Vec<(Uuid, Uuid, String)>,
}

#[async_trait]
pub trait AuditRepository: Send + Sync {
    /// Appends one entry on its own (reads, failed sign-ins).
    async fn append_audit(&self, record: &AuditRecord) -> Result<AuditEntry>;
    /// Newest first.
    async fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>>;
    /// The names of users, offices, services and referrals an audit page
    /// names (no need-to-know here: the caller decides what to show).
    async fn audit_names(&self, ids: &AuditNameIds) -> Result<AuditNameRows>;
    /// Entries after `seq`, oldest first, for verification.
    async fn audit_after(&self, seq: i64, limit: u32) -> Result<Vec<AuditEntry>>;
    /// The audit key and the checkpoint kept outside the database (`None`:
    /// the store keeps an unkeyed chain, e.g. in unit code).
    async fn audit_seal(&self) -> Result<Option<crate::audit::seal::AuditSealState>>;
}
