//! What cases need from storage: cases and their work, complaints, transfers, restrictions,
//! bulk loading.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::paging::{Page, PageRequest};

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

/// Cases: their rows, their users, the moves of the workflow, the caseload.
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
    /// The same cases in the order of their ids, the `limit` after `after`
    /// (a line list's pages).
    async fn cases_after(
        &self,
        filter: &crate::cases::record::CaseFilter,
        after: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<crate::cases::record::Case>>;
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
    /// Sets when a case was opened and its first-action deadline (loading historical cases).
    async fn set_case_opened(
        &self,
        id: Uuid,
        opened_at: DateTime<Utc>,
        first_action_due: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
}

/// The work on a case: tasks, sealed notes, approvals.
#[async_trait]
pub trait CaseWorkRepository: Send + Sync {
    async fn tasks_of(&self, case_id: Uuid) -> Result<Vec<crate::cases::record::CaseTask>>;
    /// Open tasks of an organisation's open cases due before `before`.
    async fn overdue_tasks_of_organisation(
        &self,
        organisation_id: Uuid,
        before: chrono::NaiveDate,
        restricted: bool,
        limit: u32,
    ) -> Result<Vec<crate::cases::record::CaseTask>>;
    /// Open tasks of a user, earliest due first.
    async fn open_tasks_of_user(&self, user_id: Uuid) -> Result<Vec<crate::cases::record::CaseTask>>;
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
}

/// The facts of a case: its classification (and restriction) and its GBV incident.
#[async_trait]
pub trait CaseFactRepository: Send + Sync {
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
}

/// Files attached to cases, sealed.
#[async_trait]
pub trait AttachmentRepository: Send + Sync {
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
}

/// The SOP's first-action deadlines per district.
#[async_trait]
pub trait SopRepository: Send + Sync {
    async fn sop_deadlines(&self, district: &AreaCode) -> Result<Option<crate::cases::record::SopDeadlines>>;
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

/// Bulk loading of cases.
#[async_trait]
pub trait CaseImportRepository: Send + Sync {
    /// Bulk case import: many cases per statement, all in one transaction.
    async fn begin_case_import(&self) -> Result<Box<dyn CaseImportSession>>;
}
