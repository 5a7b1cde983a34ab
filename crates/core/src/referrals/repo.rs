//! What referrals need from storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::paging::{Page, PageRequest};

/// Referrals: their rows, their answers, their deadlines.
#[async_trait]
pub trait ReferralRepository: Send + Sync {
    /// Stores a new referral with its notifications and e-mails.
    async fn insert_referral(
        &self,
        referral: &crate::referrals::referral::ReferralRecord,
        notifications: &[crate::referrals::referral::Notification],
        mails: &[crate::referrals::referral::OutboxMail],
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn get_referral(&self, id: Uuid) -> Result<Option<crate::referrals::referral::ReferralRecord>>;
    async fn referral_by_code_hash(
        &self,
        code_hash: &str,
    ) -> Result<Option<crate::referrals::referral::ReferralRecord>>;
    /// Newest first.
    async fn list_referrals(
        &self,
        filter: &crate::referrals::referral::ReferralFilter,
        page: PageRequest,
    ) -> Result<Page<crate::referrals::referral::ReferralRecord>>;
    /// Open referrals (sent or accepted) past a deadline at `now`, oldest first.
    async fn overdue_referrals(
        &self,
        filter: &crate::referrals::referral::ReferralFilter,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<crate::referrals::referral::ReferralRecord>>;
    /// Stores a referral's new state (status, answer, link) with its
    /// notifications and e-mails. Fails with `Conflict { code: "stale" }`
    /// when its status is no longer `expected` (two answers at once).
    async fn update_referral(
        &self,
        referral: &crate::referrals::referral::ReferralRecord,
        expected: crate::referrals::referral::ReferralStatus,
        notifications: &[crate::referrals::referral::Notification],
        mails: &[crate::referrals::referral::OutboxMail],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Sets when a referral was sent and its deadlines (loading historical referrals, the demo).
    async fn set_referral_dates(
        &self,
        id: Uuid,
        sent_at: DateTime<Utc>,
        answer_due: DateTime<Utc>,
        completion_due: chrono::NaiveDate,
        audit: &AuditRecord,
    ) -> Result<()>;
}

/// The districts' referral pathways.
#[async_trait]
pub trait PathwayRepository: Send + Sync {
    /// A district's pathways, every need, steps in order.
    async fn pathways(&self, district: &AreaCode) -> Result<Vec<crate::referrals::referral::Pathway>>;
    async fn put_pathway(
        &self,
        district: &AreaCode,
        need: crate::referrals::referral::Need,
        service_ids: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<()>;
}

/// Notifications to users and organisations.
#[async_trait]
pub trait NotificationRepository: Send + Sync {
    /// Unread first, newest first: a user's own and their organisation's.
    async fn notifications_for(
        &self,
        user_id: Uuid,
        organisation_id: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<crate::referrals::referral::Notification>>;
    /// Marks read; false when it is not the user's (or their organisation's).
    async fn mark_notification_read(
        &self,
        id: Uuid,
        user_id: Uuid,
        organisation_id: Option<Uuid>,
        at: DateTime<Utc>,
    ) -> Result<bool>;
}

/// The outbox: e-mails waiting to be sent.
#[async_trait]
pub trait OutboxRepository: Send + Sync {
    /// E-mails not sent yet and not given up, oldest first.
    async fn pending_mails(&self, limit: u32) -> Result<Vec<crate::referrals::referral::OutboxMail>>;
    /// Records an attempt: sent, or the error (no personal data).
    async fn record_mail_attempt(&self, id: Uuid, at: DateTime<Utc>, error: Option<&str>) -> Result<()>;
}
