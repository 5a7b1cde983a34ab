//! What users, sign-in and sessions need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::identity::draft::DraftRecord;
use crate::identity::users::{Role, SessionRecord, TokenRecord, UserFilter, UserRecord, UserSummary};
use crate::paging::{Page, PageRequest};

#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Fails with `Conflict { code: "duplicate_username" }` when taken.
    async fn insert_user(
        &self,
        user: &UserRecord,
        notifications: &[crate::referrals::referral::Notification],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Confirms or refuses an account's access to restricted records, with
    /// the notices to the organisation's supervisors.
    async fn set_restricted_access(
        &self,
        id: Uuid,
        state: crate::identity::users::RestrictedAccess,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        notifications: &[crate::referrals::referral::Notification],
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn get_user(&self, id: Uuid) -> Result<Option<UserRecord>>;
    async fn get_user_by_username(&self, username: &str) -> Result<Option<UserRecord>>;
    async fn list_users(&self, filter: &UserFilter, page: PageRequest) -> Result<Page<UserSummary>>;
    async fn set_user_disabled(&self, id: Uuid, disabled: bool, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()>;
    async fn set_password(&self, id: Uuid, hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()>;
    /// The language of the pages the user chose (`None`: not chosen).
    async fn set_user_language(
        &self,
        id: Uuid,
        language: Option<crate::identity::users::Language>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Counts a failed sign-in (and locks until `locked_until` if set).
    async fn record_failed_sign_in(
        &self,
        id: Option<Uuid>,
        attempts: i32,
        locked_until: Option<DateTime<Utc>>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Resets the failure count and opens the session, in one transaction.
    async fn record_sign_in(&self, session: &SessionRecord, audit: &AuditRecord) -> Result<()>;
    async fn roles(&self) -> Result<Vec<Role>>;
    async fn set_totp_secret(&self, id: Uuid, secret: Option<&str>, audit: &AuditRecord) -> Result<()>;
    async fn set_role_requires_totp(
        &self,
        role: crate::access::RoleCode,
        required: bool,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Whether an organisation has active users (then it answers in the app).
    async fn organisation_has_users(&self, organisation_id: Uuid) -> Result<bool>;
}

#[async_trait]
pub trait SessionRepository: Send + Sync {
    async fn get_session(&self, id_hash: &str) -> Result<Option<SessionRecord>>;
    /// A session with its user (one question: every page asks it).
    async fn get_session_user(&self, id_hash: &str) -> Result<Option<(SessionRecord, UserRecord)>>;
    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()>;
    async fn revoke_session(&self, id_hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()>;
    /// Revokes every session and token of a user; returns how many.
    async fn revoke_all(&self, user_id: Uuid, at: DateTime<Utc>, audit: &AuditRecord) -> Result<u64>;
    async fn insert_token(&self, token: &TokenRecord, audit: &AuditRecord) -> Result<()>;
    async fn get_token(&self, token_hash: &str) -> Result<Option<TokenRecord>>;
    /// A token with its user (one question: every API request asks it).
    async fn get_token_user(&self, token_hash: &str) -> Result<Option<(TokenRecord, UserRecord)>>;
    async fn revoke_token(&self, token_hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<bool>;
    /// Keeps a draft, first deleting the expired ones; `false` (not kept)
    /// when `max_live` drafts are already kept.
    async fn insert_draft(&self, draft: &DraftRecord, max_live: i64, audit: &AuditRecord) -> Result<bool>;
    /// A draft not yet expired at `now`.
    async fn get_draft(&self, id_hash: &str, now: DateTime<Utc>) -> Result<Option<DraftRecord>>;
    /// Deletes a draft; `false` when it was already gone (then nothing is
    /// audited).
    async fn delete_draft(&self, id_hash: &str, audit: &AuditRecord) -> Result<bool>;
}
