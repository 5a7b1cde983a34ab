//! What the community module needs from storage: registrations, notices
//! (departures and returns) and early warnings.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::community::notice::Notice;
use crate::community::registration::{ExpectedVisitor, Registration, RegistrationStatus};
use crate::community::warning::{Warning, WarningOutcome};
use crate::error::Result;
use crate::paging::{Page, PageRequest};
use crate::referrals::referral::OutboxMail;

/// Which community records a list shows: within an area (a village, a
/// district), of a person, in a state.
#[derive(Debug, Clone, Default)]
pub struct CommunityFilter {
    /// The village, or an area the village lies in.
    pub within: Option<AreaCode>,
    pub person_id: Option<Uuid>,
    pub status: Option<RegistrationStatus>,
}

#[async_trait]
pub trait RegistrationRepository: Send + Sync {
    async fn insert_registration(&self, r: &Registration, audit: &AuditRecord) -> Result<()>;
    async fn get_registration(&self, id: Uuid) -> Result<Option<Registration>>;
    /// Newest first.
    async fn list_registrations(&self, filter: &CommunityFilter, page: PageRequest) -> Result<Page<Registration>>;
    /// Verifies or returns a submitted registration; false when it was no
    /// longer submitted.
    async fn decide_registration(
        &self,
        id: Uuid,
        status: RegistrationStatus,
        reason: Option<&str>,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<bool>;
    /// People of the district's villages verified by their village, or
    /// returned and referred to the office, and not seen at an office of the
    /// district since; oldest first.
    async fn expected_visitors(&self, district: &AreaCode, limit: u32) -> Result<Vec<ExpectedVisitor>>;
}

#[async_trait]
pub trait NoticeRepository: Send + Sync {
    /// A notice, and for a return the warning raised with it (and its
    /// e-mails), in one transaction.
    async fn insert_notice(
        &self,
        n: &Notice,
        warning: Option<(&Warning, &[OutboxMail])>,
        audit: &[AuditRecord],
    ) -> Result<()>;
    /// Newest first.
    async fn list_notices(&self, filter: &CommunityFilter, page: PageRequest) -> Result<Page<Notice>>;
    /// The date of a person's last departure.
    async fn last_departure(&self, person_id: Uuid) -> Result<Option<NaiveDate>>;
}

/// Which activities a list shows: of villages (or districts) within an
/// area, or organised by an organisation (either), of a kind.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub within: Option<AreaCode>,
    pub organiser_id: Option<Uuid>,
    /// Every activity (a reader of every area).
    pub all: bool,
    pub kind: Option<crate::community::activity::ActivityKind>,
}

#[async_trait]
pub trait ActivityRepository: Send + Sync {
    async fn insert_activity(&self, a: &crate::community::activity::Activity, audit: &AuditRecord) -> Result<()>;
    async fn get_activity(&self, id: Uuid) -> Result<Option<crate::community::activity::Activity>>;
    /// Newest first.
    async fn list_activities(
        &self,
        filter: &ActivityFilter,
        page: PageRequest,
    ) -> Result<Page<crate::community::activity::Activity>>;
}

#[async_trait]
pub trait RosterRepository: Send + Sync {
    async fn insert_task_force_member(
        &self,
        m: &crate::community::roster::TaskForceMember,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn get_task_force_member(&self, id: Uuid) -> Result<Option<crate::community::roster::TaskForceMember>>;
    /// Of villages within the area (all without one): serving first, by village and name.
    async fn task_force_members(
        &self,
        within: Option<&AreaCode>,
    ) -> Result<Vec<crate::community::roster::TaskForceMember>>;
    async fn end_task_force_member(&self, id: Uuid, on: NaiveDate, audit: &AuditRecord) -> Result<()>;
}

#[async_trait]
pub trait MembershipRepository: Send + Sync {
    async fn insert_membership(&self, m: &crate::community::membership::Membership, audit: &AuditRecord) -> Result<()>;
    async fn get_membership(&self, id: Uuid) -> Result<Option<crate::community::membership::Membership>>;
    /// A person's memberships, newest first.
    async fn memberships_of(&self, person_id: Uuid) -> Result<Vec<crate::community::membership::Membership>>;
    async fn end_membership(&self, id: Uuid, on: NaiveDate, audit: &AuditRecord) -> Result<()>;
}

#[async_trait]
pub trait ForumRepository: Send + Sync {
    async fn insert_forum_action(&self, a: &crate::community::forum::ForumAction, audit: &AuditRecord) -> Result<()>;
    async fn get_forum_action(&self, id: Uuid) -> Result<Option<crate::community::forum::ForumAction>>;
    /// Of the district, or owned by the organisation (either; all for `all`):
    /// open first, by due date.
    async fn forum_actions(
        &self,
        district: Option<&AreaCode>,
        owner: Option<Uuid>,
        all: bool,
    ) -> Result<Vec<crate::community::forum::ForumAction>>;
    async fn close_forum_action(
        &self,
        id: Uuid,
        status: crate::community::forum::ActionStatus,
        on: NaiveDate,
        evidence: Option<&str>,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn insert_regulation(&self, r: &crate::community::forum::Regulation, audit: &AuditRecord) -> Result<()>;
    /// Of areas within `within` and of `district` itself (all without either).
    async fn regulations(
        &self,
        within: Option<&AreaCode>,
        district: Option<&AreaCode>,
    ) -> Result<Vec<crate::community::forum::Regulation>>;
    async fn insert_forum_member(&self, m: &crate::community::forum::ForumMember, audit: &AuditRecord) -> Result<()>;
    async fn get_forum_member(&self, id: Uuid) -> Result<Option<crate::community::forum::ForumMember>>;
    /// The forum's members (all districts without one), seated first.
    async fn forum_members(&self, district: Option<&AreaCode>) -> Result<Vec<crate::community::forum::ForumMember>>;
    async fn end_forum_member(&self, id: Uuid, on: NaiveDate, audit: &AuditRecord) -> Result<()>;
}

#[async_trait]
pub trait CampaignRepository: Send + Sync {
    async fn insert_campaign(&self, c: &crate::community::campaign::Campaign, audit: &AuditRecord) -> Result<()>;
    /// Matching the filter's area and organiser (its kind is moot), newest first.
    async fn list_campaigns(
        &self,
        filter: &ActivityFilter,
        page: PageRequest,
    ) -> Result<Page<crate::community::campaign::Campaign>>;
}

#[async_trait]
pub trait HotlineRepository: Send + Sync {
    async fn insert_hotline_contact(
        &self,
        c: &crate::community::hotline::HotlineContact,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Those the organisation answered, newest first.
    async fn hotline_contacts(
        &self,
        organisation_id: Uuid,
        page: PageRequest,
    ) -> Result<Page<crate::community::hotline::HotlineContact>>;
}

#[async_trait]
pub trait CompetencyRepository: Send + Sync {
    async fn insert_competency_test(
        &self,
        t: &crate::community::competency::CompetencyTest,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn get_competency_test(&self, id: Uuid) -> Result<Option<crate::community::competency::CompetencyTest>>;
    /// Of the district (all without one), newest first.
    async fn competency_tests(
        &self,
        district: Option<&AreaCode>,
    ) -> Result<Vec<crate::community::competency::CompetencyTest>>;
}

/// Which warnings an inbox shows, before the need-to-know rule.
#[derive(Debug, Clone, Default)]
pub struct WarningFilter {
    /// Of villages within this area.
    pub within: Option<AreaCode>,
    /// Every warning (a reader of every area); the parties below are then moot.
    pub all: bool,
    /// Named to this partner (or, with `within`, either).
    pub partner_id: Option<Uuid>,
    /// Raised by this user.
    pub raised_by: Option<Uuid>,
    /// Not ended yet.
    pub open_only: bool,
}

#[async_trait]
pub trait WarningRepository: Send + Sync {
    /// A warning and the e-mails telling of it.
    async fn insert_warning(&self, w: &Warning, mails: &[OutboxMail], audit: &AuditRecord) -> Result<()>;
    /// Warnings not acknowledged by their deadline and not chased yet.
    async fn overdue_warnings(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Warning>>;
    /// Marks a warning chased, with the reminders; false when it was
    /// acknowledged or chased meanwhile.
    async fn mark_warning_overdue(&self, id: Uuid, mails: &[OutboxMail], audit: &AuditRecord) -> Result<bool>;
    async fn get_warning(&self, id: Uuid) -> Result<Option<Warning>>;
    /// Warnings matching any of the filter's parties, most urgent first
    /// (open before ended, by deadline); at most `limit`.
    async fn list_warnings(&self, filter: &WarningFilter, limit: u32) -> Result<Vec<Warning>>;
    /// False when it was acknowledged already.
    async fn acknowledge_warning(
        &self,
        id: Uuid,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<bool>;
    /// False when it had ended already.
    #[allow(clippy::too_many_arguments)]
    async fn end_warning(
        &self,
        id: Uuid,
        outcome: WarningOutcome,
        note: Option<&str>,
        case_id: Option<Uuid>,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<bool>;
}
