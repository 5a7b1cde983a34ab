//! Repository traits: what the core needs from storage. The storage crate
//! implements them for SQLite and PostgreSQL alike.

use async_trait::async_trait;
use uuid::Uuid;

use chrono::{DateTime, Utc};

use crate::areas::area::{Area, AreaCode, AreaFilter};
use crate::audit::chain::{AuditEntry, AuditRecord};
use crate::error::Result;
use crate::identity::users::{Role, SessionRecord, TokenRecord, UserFilter, UserRecord, UserSummary};
use crate::organisations::organisation::{
    Office, OfficeFilter, OfficeOverview, OfficeSummary, Organisation, OrganisationFilter, OrganisationSummary,
};
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
}

#[async_trait]
pub trait OrganisationRepository: Send + Sync {
    /// Fails with `Conflict { code: "duplicate_code" }` when the code is taken.
    async fn insert_organisation(&self, org: &Organisation, audit: &AuditRecord) -> Result<()>;
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
    async fn get_office(&self, id: Uuid) -> Result<Option<Office>>;
    async fn get_office_by_code(&self, code: &str) -> Result<Option<Office>>;
    async fn list_offices(&self, filter: &OfficeFilter, page: PageRequest) -> Result<Page<OfficeSummary>>;
    /// Records that an organisation serves at an office (idempotent).
    async fn add_office_member(&self, office_id: Uuid, organisation_id: Uuid, audit: &AuditRecord) -> Result<()>;
    async fn office_members(&self, office_id: Uuid) -> Result<Vec<OrganisationSummary>>;
    /// Every LTSA-MRC office with its counts, in one query.
    async fn ltsa_overview(&self) -> Result<Vec<OfficeOverview>>;
    /// Offices an organisation runs or serves at.
    async fn offices_of_organisation(&self, organisation_id: Uuid) -> Result<Vec<OfficeSummary>>;
}

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
}

#[async_trait]
pub trait SessionRepository: Send + Sync {
    async fn get_session(&self, id_hash: &str) -> Result<Option<SessionRecord>>;
    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()>;
    async fn revoke_session(&self, id_hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()>;
    /// Revokes every session and token of a user; returns how many.
    async fn revoke_all(&self, user_id: Uuid, at: DateTime<Utc>, audit: &AuditRecord) -> Result<u64>;
    async fn insert_token(&self, token: &TokenRecord, audit: &AuditRecord) -> Result<()>;
    async fn get_token(&self, token_hash: &str) -> Result<Option<TokenRecord>>;
    async fn revoke_token(&self, token_hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<bool>;
}

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

#[async_trait]
pub trait RestrictionRepository: Send + Sync {
    /// Marks a record restricted (idempotent: the owner and organisation are
    /// replaced).
    async fn put_restriction(
        &self,
        entity: &str,
        entity_id: &str,
        r: &crate::access::Restriction,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn get_restriction(&self, entity: &str, entity_id: &str) -> Result<Option<crate::access::Restriction>>;
    async fn add_assignee(&self, entity: &str, entity_id: &str, user_id: Uuid, audit: &AuditRecord) -> Result<()>;
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Name tokens (canonical): every one must start a token of a name.
    pub name_tokens: Vec<String>,
    pub nik: Option<String>,
    pub phone: Option<String>,
    /// The village, or an area the village lies in.
    pub within: Option<AreaCode>,
    pub sex: Option<crate::registry::person::Sex>,
    /// Scope: only people of this district (regency) …
    pub district: Option<AreaCode>,
    /// … or registered by this organisation …
    pub registered_by_organisation: Option<Uuid>,
    /// … or by this user.
    pub registered_by: Option<Uuid>,
    pub stage: Option<crate::registry::episode::MigrationStage>,
    /// Need-to-know people are left out unless the reader needs to know
    /// (the default leaves them all out).
    pub need_to_know: crate::access::NeedToKnow,
    /// A search by NIK or phone finds only people whose details this
    /// organisation may see (registered by it, or sharing with it): it
    /// never confirms a withheld detail.
    pub details_of: Option<Uuid>,
}

#[async_trait]
pub trait PersonRepository: Send + Sync {
    async fn insert_person(
        &self,
        person: &crate::registry::person::Person,
        name_tokens: &[String],
        blocking_keys: &[String],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// People who share a NIK, a phone or a blocking key with a
    /// registration, within the scope in `filter` (its name, NIK and phone
    /// fields are ignored); at most `limit`, newest first.
    async fn match_candidates(
        &self,
        nik: Option<&str>,
        phones: &[String],
        blocking_keys: &[String],
        filter: &PersonFilter,
        limit: u32,
    ) -> Result<Vec<crate::registry::person::Person>>;
    async fn get_person(&self, id: Uuid) -> Result<Option<crate::registry::person::Person>>;
    /// People not merged into another, best first by name.
    async fn list_people(
        &self,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> Result<Page<crate::registry::person::Person>>;
    /// Stores `survivor` (with what it took from the duplicate), marks the
    /// duplicate as merged into it and moves the duplicate's episodes,
    /// consents, visits and family links to it.
    async fn merge_people(
        &self,
        survivor: &crate::registry::person::Person,
        duplicate_id: Uuid,
        name_tokens: &[String],
        blocking_keys: &[String],
        shares: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// What ties a reader to each of `ids` (only people with a tie are
    /// named): a sharing consent in force for their organisation, a
    /// restricted case of hers they need to know.
    async fn person_ties(
        &self,
        ids: &[Uuid],
        user_id: Uuid,
        organisation_id: Uuid,
        supervisor: bool,
    ) -> Result<std::collections::HashMap<Uuid, crate::access::PersonTies>>;
    /// Records merged into `id`.
    async fn merged_into(&self, id: Uuid) -> Result<Vec<crate::registry::person::Person>>;
    /// What lists need of the people among `ids` (unknown ids are left out).
    async fn person_labels(&self, ids: &[Uuid]) -> Result<Vec<PersonLabel>>;
}

/// A person's name and what decides who may read it.
#[derive(Debug, Clone)]
pub struct PersonLabel {
    pub id: Uuid,
    pub full_name: String,
    pub district_code: AreaCode,
    pub village_code: Option<AreaCode>,
    pub registered_by_organisation: Uuid,
    pub registered_by: Option<Uuid>,
    pub confidential: bool,
}

impl PersonLabel {
    pub fn subject(&self) -> crate::access::PersonSubject<'_> {
        crate::access::PersonSubject {
            district_code: &self.district_code,
            village_code: self.village_code.as_ref(),
            registered_by_organisation: self.registered_by_organisation,
            registered_by: self.registered_by,
            confidential: self.confidential,
        }
    }
}

#[async_trait]
pub trait EpisodeRepository: Send + Sync {
    /// Stores an episode and sets the person's current stage.
    async fn insert_episode(
        &self,
        episode: &crate::registry::episode::Episode,
        stage: Option<crate::registry::episode::MigrationStage>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Oldest departure first.
    async fn episodes_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::episode::Episode>>;
}

#[async_trait]
pub trait FamilyRepository: Send + Sync {
    /// Stores a link; a relative without a stage becomes a `family_member`.
    /// Stores a link; with `mark_relative`, a relative without a stage
    /// becomes `family_member`.
    async fn insert_family_link(
        &self,
        link: &crate::registry::family::FamilyLink,
        mark_relative: bool,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Both directions, as seen from `person_id`.
    async fn relatives_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::family::Relative>>;
    /// Stores a household and sets it on its members.
    async fn insert_household(&self, household: &crate::registry::family::Household, audit: &AuditRecord)
        -> Result<()>;
    async fn add_household_member(&self, household_id: Uuid, person_id: Uuid, audit: &AuditRecord) -> Result<()>;
    async fn get_household(&self, id: Uuid) -> Result<Option<crate::registry::family::Household>>;
}

#[async_trait]
pub trait ConsentRepository: Send + Sync {
    /// Stores a consent; `shared` (for a sharing consent) says whether
    /// sharing with its organisation is in force afterwards.
    async fn insert_consent(
        &self,
        consent: &crate::registry::consent::Consent,
        shared: Option<bool>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Oldest first.
    async fn consents_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::consent::Consent>>;
    /// The consents of several people for one purpose.
    async fn consents_for(
        &self,
        person_ids: &[Uuid],
        purpose: crate::registry::consent::ConsentPurpose,
    ) -> Result<Vec<crate::registry::consent::Consent>>;
}

#[async_trait]
pub trait VisitRepository: Send + Sync {
    async fn insert_visit(&self, visit: &crate::registry::visit::Visit, audit: &AuditRecord) -> Result<()>;
    async fn get_visit(&self, id: Uuid) -> Result<Option<crate::registry::visit::Visit>>;
    /// Newest first.
    async fn visits_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::visit::Visit>>;
    /// Desks not yet served at an office, first come first.
    async fn office_queue(&self, office_id: Uuid) -> Result<Vec<crate::registry::visit::QueueEntry>>;
    async fn set_desk_status(
        &self,
        visit_id: Uuid,
        organisation_id: Uuid,
        status: crate::registry::visit::QueueStatus,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
}

#[async_trait]
pub trait CaseRepository: Send + Sync {
    /// Stores a new case (and, when restricted, its need-to-know record).
    async fn insert_case(&self, case: &crate::cases::record::Case, audit: &AuditRecord) -> Result<()>;
    async fn get_case(&self, id: Uuid) -> Result<Option<crate::cases::record::Case>>;
    /// Newest first.
    async fn list_cases(
        &self,
        filter: &crate::cases::record::CaseFilter,
        page: PageRequest,
    ) -> Result<Page<crate::cases::record::Case>>;
    /// Saves a case's new state with the tasks it gained and the approval
    /// it opened or decided.
    async fn save_case(
        &self,
        case: &crate::cases::record::Case,
        new_tasks: &[crate::cases::record::CaseTask],
        approval: Option<&crate::cases::record::Approval>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Adds a user to a case (and to its need-to-know when restricted).
    async fn assign_case(&self, case: &crate::cases::record::Case, user_id: Uuid, audit: &AuditRecord) -> Result<()>;
    async fn tasks_of(&self, case_id: Uuid) -> Result<Vec<crate::cases::record::CaseTask>>;
    /// Open tasks of an organisation's open cases due before `before`.
    async fn overdue_tasks_of_organisation(
        &self,
        organisation_id: Uuid,
        before: chrono::NaiveDate,
        restricted: bool,
    ) -> Result<Vec<crate::cases::record::CaseTask>>;
    /// Open tasks of a user, earliest due first.
    async fn open_tasks_of_user(&self, user_id: Uuid) -> Result<Vec<crate::cases::record::CaseTask>>;
    /// An organisation's open cases for its caseload: the count per stage,
    /// and at most `limit` cases of each list (first action late, most late
    /// first; no action yet, earliest deadline first; closure waiting for a
    /// decision, oldest request first). Overdue tasks are left empty.
    async fn caseload_of(
        &self,
        organisation_id: Uuid,
        now: DateTime<Utc>,
        limit: u32,
        restricted: bool,
    ) -> Result<crate::cases::record::Caseload>;
    async fn complete_task(
        &self,
        case: &crate::cases::record::Case,
        task_id: Uuid,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn insert_note(
        &self,
        case: &crate::cases::record::Case,
        note: &crate::cases::record::SealedNote,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Oldest first.
    async fn notes_of(&self, case_id: Uuid) -> Result<Vec<crate::cases::record::SealedNote>>;
    async fn get_approval(&self, id: Uuid) -> Result<Option<crate::cases::record::Approval>>;
    async fn approvals_of(&self, case_id: Uuid) -> Result<Vec<crate::cases::record::Approval>>;
    /// Stores the classification and restriction of a case (a case newly
    /// restricted gets its need-to-know record with its users).
    async fn classify_case(&self, case: &crate::cases::record::Case, audit: &AuditRecord) -> Result<()>;
    /// Stores a case's incident (narrative already sealed).
    async fn put_incident(
        &self,
        incident: &crate::cases::record::Incident,
        sealed_narrative: Option<&str>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// The incident with its narrative still sealed.
    async fn get_incident(&self, case_id: Uuid) -> Result<Option<(crate::cases::record::Incident, Option<String>)>>;
    async fn sop_deadlines(&self, district: &AreaCode) -> Result<Option<crate::cases::record::SopDeadlines>>;
    /// Sets when a case was opened and its first-action deadline (loading historical cases).
    async fn set_case_opened(
        &self,
        id: Uuid,
        opened_at: DateTime<Utc>,
        first_action_due: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn insert_attachment(
        &self,
        attachment: &crate::cases::attachment::Attachment,
        sealed: &[u8],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Newest first, without content.
    async fn attachments_of(&self, case_id: Uuid) -> Result<Vec<crate::cases::attachment::Attachment>>;
    /// One attachment with its sealed content.
    async fn get_attachment(&self, id: Uuid) -> Result<Option<(crate::cases::attachment::Attachment, Vec<u8>)>>;
    /// Every sealed text: (`note` or `incident`, record id, sealed text).
    async fn sealed_texts(&self) -> Result<Vec<(&'static str, Uuid, String)>>;
    /// Replaces sealed texts (same shape) in one transaction.
    async fn reseal(&self, texts: &[(&'static str, Uuid, String)], audit: &AuditRecord) -> Result<()>;
    async fn put_sop_deadlines(
        &self,
        district: &AreaCode,
        deadlines: &crate::cases::record::SopDeadlines,
        audit: &AuditRecord,
    ) -> Result<()>;
}

#[async_trait]
pub trait ComplaintRepository: Send + Sync {
    /// The complaint with its sessions, settlement and escalations.
    async fn get_complaint(&self, case_id: Uuid) -> Result<Option<crate::cases::complaint::Complaint>>;
    /// Stores the respondent and claims (the rest is kept).
    async fn put_complaint(&self, complaint: &crate::cases::complaint::Complaint, audit: &AuditRecord) -> Result<()>;
    async fn add_session(
        &self,
        case_id: Uuid,
        session: &crate::cases::complaint::MediationSession,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn put_settlement(
        &self,
        case_id: Uuid,
        settlement: &crate::cases::complaint::Settlement,
        audit: &AuditRecord,
    ) -> Result<()>;
    async fn add_escalation(
        &self,
        case_id: Uuid,
        escalation: &crate::cases::complaint::Escalation,
        audit: &AuditRecord,
    ) -> Result<()>;
}

#[async_trait]
pub trait TransferRepository: Send + Sync {
    async fn insert_transfer(&self, transfer: &crate::cases::complaint::Transfer, audit: &AuditRecord) -> Result<()>;
    async fn get_transfer(&self, id: Uuid) -> Result<Option<crate::cases::complaint::Transfer>>;
    /// Oldest first.
    async fn transfers_of_case(&self, case_id: Uuid) -> Result<Vec<crate::cases::complaint::Transfer>>;
    /// Requests waiting for an organisation's answer.
    async fn incoming_transfers(&self, organisation_id: Uuid) -> Result<Vec<crate::cases::complaint::Transfer>>;
    /// Stores the decision; on acceptance the case moves (organisation,
    /// owner, district, need-to-know) in the same transaction.
    async fn decide_transfer(
        &self,
        transfer: &crate::cases::complaint::Transfer,
        moved: Option<&crate::cases::record::Case>,
        audit: &AuditRecord,
    ) -> Result<()>;
}

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
    /// A district's pathways, every need, steps in order.
    async fn pathways(&self, district: &AreaCode) -> Result<Vec<crate::referrals::referral::Pathway>>;
    async fn put_pathway(
        &self,
        district: &AreaCode,
        need: crate::referrals::referral::Need,
        service_ids: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<()>;
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
    /// E-mails not sent yet and not given up, oldest first.
    async fn pending_mails(&self, limit: u32) -> Result<Vec<crate::referrals::referral::OutboxMail>>;
    /// Records an attempt: sent, or the error (no personal data).
    async fn record_mail_attempt(&self, id: Uuid, at: DateTime<Utc>, error: Option<&str>) -> Result<()>;
    /// Sets when a referral was sent and its deadlines (loading historical referrals, the demo).
    async fn set_referral_dates(
        &self,
        id: Uuid,
        sent_at: DateTime<Utc>,
        answer_due: DateTime<Utc>,
        completion_due: chrono::NaiveDate,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Whether an organisation has active users (then it answers in the app).
    async fn organisation_has_users(&self, organisation_id: Uuid) -> Result<bool>;
}

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

/// A person ready to be stored by an import.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub person: crate::registry::person::Person,
    pub tokens: Vec<String>,
    pub keys: Vec<String>,
    pub episode: Option<crate::registry::episode::Episode>,
}

/// One open import transaction.
#[async_trait]
pub trait ImportSession: Send {
    /// Writes checked records (taken, so that storage may encode them on
    /// other threads).
    async fn insert_batch(&mut self, records: Vec<ImportRecord>) -> Result<()>;
    /// Appends `audit` and commits; dropping the session instead rolls back.
    async fn commit(self: Box<Self>, audit: &AuditRecord) -> Result<()>;
}

/// A case ready to be stored by a bulk case import, with what belongs to it.
#[derive(Debug, Clone)]
pub struct CaseImportRecord {
    /// Its assigned users get need-to-know too when it is restricted.
    pub case: crate::cases::record::Case,
    pub tasks: Vec<crate::cases::record::CaseTask>,
    /// A closure request, pending or decided.
    pub approval: Option<crate::cases::record::Approval>,
    /// The GBV incident (narrative not recorded).
    pub incident: Option<crate::cases::record::Incident>,
    /// The person's consent to share with the holding organisation.
    pub consent: Option<crate::registry::consent::Consent>,
}

/// One open case-import transaction.
#[async_trait]
pub trait CaseImportSession: Send {
    async fn insert_cases(&mut self, records: &[CaseImportRecord]) -> Result<()>;
    /// Appends `audit` and commits; dropping the session instead rolls back.
    async fn commit(self: Box<Self>, audit: &AuditRecord) -> Result<()>;
}

#[async_trait]
pub trait ImportRepository: Send + Sync {
    async fn begin_import(&self) -> Result<Box<dyn ImportSession>>;
    /// Which of these NIKs belong to a stored person.
    async fn registered_niks(&self, niks: &[String]) -> Result<Vec<String>>;
    /// Bulk case import: many cases per statement, all in one transaction.
    async fn begin_case_import(&self) -> Result<Box<dyn CaseImportSession>>;
    /// Ids of people of a district not merged into another, at most `limit`.
    async fn people_of_district(&self, district: &AreaCode, limit: u32) -> Result<Vec<Uuid>>;
}

/// Everything the core needs from storage.
#[async_trait]
pub trait Store:
    AreaRepository
    + OrganisationRepository
    + OfficeRepository
    + UserRepository
    + SessionRepository
    + AuditRepository
    + RestrictionRepository
    + PersonRepository
    + ConsentRepository
    + VisitRepository
    + EpisodeRepository
    + FamilyRepository
    + ImportRepository
    + CaseRepository
    + ComplaintRepository
    + TransferRepository
    + DirectoryRepository
    + ReferralRepository
{
    /// `sqlite` or `postgres`: for logs and `/readyz` only, never for logic.
    fn engine(&self) -> &'static str;
    /// Checks that the database answers.
    async fn ping(&self) -> Result<()>;
}
