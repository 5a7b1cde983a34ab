//! A case as stored, what creates and moves it, and its work items (tasks,
//! notes, approvals).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::cases::case::{
    CaseKind, CaseStage, CaseStatus, ClosureReason, ForcedLabourIndicator, LabourCategory, RiskLevel,
    TraffickingDimension,
};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Case {
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: CaseKind,
    pub status: CaseStatus,
    pub stage: CaseStage,
    pub risk: RiskLevel,
    /// The user responsible.
    pub owner_id: Uuid,
    /// The organisation holding the case.
    pub organisation_id: Uuid,
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    /// Need-to-know: owner, assigned users and the holding organisation's supervisors.
    pub restricted: bool,
    pub assigned: Vec<Uuid>,
    /// Needs found at assessment.
    pub needs: Vec<String>,
    pub labour_categories: Vec<LabourCategory>,
    pub forced_labour_indicators: Vec<ForcedLabourIndicator>,
    pub trafficking_dimensions: Vec<TraffickingDimension>,
    pub opened_at: DateTime<Utc>,
    /// From the risk and the district's SOP.
    pub first_action_due: DateTime<Utc>,
    pub first_action_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closure_reason: Option<ClosureReason>,
    pub outcome: Option<String>,
    /// A request waiting for a supervisor (e.g. to close).
    pub pending_approval: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

impl Case {
    /// Its need-to-know (meaningful when it is restricted).
    pub fn restriction(&self) -> crate::access::Restriction {
        crate::access::Restriction {
            owner: self.owner_id,
            organisation: self.organisation_id,
            assigned: self.assigned.clone(),
        }
    }

    /// No first action yet and its deadline passed.
    pub fn first_action_overdue(&self, now: DateTime<Utc>) -> bool {
        self.first_action_at.is_none() && self.status == CaseStatus::Open && self.first_action_due < now
    }
}

/// A case to open (JSON names are the API's).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub person_id: Uuid,
    /// `labour_complaint`, `gbv`, `trafficking`, `other_protection`.
    #[schema(value_type = crate::cases::case::CaseKind)]
    pub kind: String,
    /// `high`, `medium` (default) or `low`: sets the first-action deadline.
    #[schema(value_type = Option<crate::cases::case::RiskLevel>)]
    pub risk: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::LabourCategory>)]
    pub labour_categories: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::ForcedLabourIndicator>)]
    pub forced_labour_indicators: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::TraffickingDimension>)]
    pub trafficking_dimensions: Vec<String>,
}

/// What a move of the workflow carries (JSON body of the POST).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionInput {
    /// Assess: the risk found.
    #[schema(value_type = Option<crate::cases::case::RiskLevel>)]
    pub risk: Option<String>,
    /// Assess: the needs found.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Plan: the actions (what, who, by when).
    #[serde(default)]
    pub actions: Vec<NewTask>,
    /// Close: `needs_met`, `referred_accepted`, `client_withdrew`, `client_unreachable`,
    /// `transferred`, `deceased`, `other`.
    #[schema(value_type = Option<crate::cases::case::ClosureReason>)]
    pub reason: Option<String>,
    /// Close: the outcome; reopen: why.
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// What is to be done.
    pub what: String,
    /// Who: a user name (default: the case owner).
    pub who: Option<String>,
    /// By when: `YYYY-MM-DD`.
    pub due: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseTask {
    pub id: Uuid,
    pub case_id: Uuid,
    pub what: String,
    pub assignee_id: Uuid,
    pub due: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A confidential note, opened for a reader with need-to-know.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseNote {
    pub id: Uuid,
    pub case_id: Uuid,
    pub text: String,
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A note as stored: the text sealed.
#[derive(Debug, Clone)]
pub struct SealedNote {
    pub id: Uuid,
    pub case_id: Uuid,
    pub sealed: String,
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

code_list! {
    /// Labels: `approval-kind-<code>`.
    ApprovalKind {
        Closure = "closure",
    }
}

code_list! {
    /// Labels: `approval-status-<code>`.
    ApprovalStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Approval {
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: ApprovalKind,
    pub status: ApprovalStatus,
    /// For a closure: the reason and outcome asked for.
    pub closure_reason: Option<ClosureReason>,
    pub outcome: Option<String>,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

code_list! {
    /// A supervisor's answer to an approval request.
    Verdict {
        Approve = "approve",
        Reject = "reject",
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `approve` or `reject`.
    #[schema(value_type = Verdict)]
    pub decision: String,
    /// Required when rejecting.
    pub comment: Option<String>,
}

/// The first-action deadlines of a district's SOP, in hours per risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SopDeadlines {
    pub high_hours: i32,
    pub medium_hours: i32,
    pub low_hours: i32,
}

impl Default for SopDeadlines {
    /// 24 hours, 3 days, 7 days.
    fn default() -> Self {
        SopDeadlines { high_hours: 24, medium_hours: 72, low_hours: 168 }
    }
}

impl SopDeadlines {
    pub fn hours(&self, risk: RiskLevel) -> i32 {
        match risk {
            RiskLevel::High => self.high_hours,
            RiskLevel::Medium => self.medium_hours,
            RiskLevel::Low => self.low_hours,
        }
    }
}

/// One event of a case's timeline (from the audit log).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimelineEvent {
    pub at: DateTime<Utc>,
    /// e.g. `create`, `assess`, `note_added`, `task_done`, `close_requested`, `approve`.
    pub event: String,
    pub actor_name: String,
    pub details: serde_json::Value,
}

/// How many cases (or tasks) each list of a caseload shows at most.
pub const CASELOAD_LIST: u32 = 200;

/// How many of the caller's open cases "my work" lists at most (the API's
/// whole list; pages show a page of them).
pub const MY_CASES: u32 = 500;

/// The caller's case work.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct MyWork {
    /// Open cases owned by or assigned to the caller, newest first (at most
    /// 500; a page on the pages).
    pub cases: Vec<Case>,
    /// How many open cases in all.
    pub cases_total: u64,
    pub tasks_due: Vec<CaseTask>,
    pub tasks_overdue: Vec<CaseTask>,
}

/// Filter of case lists.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only these cases (e.g. the cases an audit page names).
    pub ids: Option<Vec<Uuid>>,
    pub organisation_id: Option<Uuid>,
    pub district: Option<AreaCode>,
    /// Owned by or assigned to.
    pub user_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub status: Option<CaseStatus>,
    /// Restricted cases are left out unless the reader needs to know (the
    /// default leaves them all out).
    pub need_to_know: crate::access::NeedToKnow,
}

/// The GBV incident of a case, as received.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIncident {
    /// The classification questions, answered in order; the type follows.
    pub answers: crate::cases::case::GbvAnswers,
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::GbvContext>)]
    pub contexts: Vec<String>,
    /// `YYYY-MM-DD`.
    pub incident_date: String,
    /// `YYYY-MM-DD`: when it was first reported (to anyone).
    pub first_report_date: String,
    #[schema(value_type = Option<crate::cases::case::PerpetratorRelationship>)]
    pub perpetrator_relationship: Option<String>,
    /// Consent to count the incident in non-identifiable statistics.
    #[serde(default)]
    pub reporting_consent: bool,
    /// What happened, in the survivor's words (sealed at rest).
    pub narrative: Option<String>,
}

/// The GBV incident of a case (GBVIMS).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Incident {
    pub case_id: Uuid,
    pub answers: crate::cases::case::GbvAnswers,
    /// Derived from the answers, never picked.
    pub gbv_type: crate::cases::case::GbvType,
    pub contexts: Vec<crate::cases::case::GbvContext>,
    pub incident_date: NaiveDate,
    pub first_report_date: NaiveDate,
    pub reporting_delay: crate::cases::case::ReportingDelay,
    pub perpetrator_relationship: Option<crate::cases::case::PerpetratorRelationship>,
    pub reporting_consent: bool,
    /// Opened for readers with need-to-know.
    pub narrative: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// What changes a case's classification.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::LabourCategory>)]
    pub labour_categories: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::ForcedLabourIndicator>)]
    pub forced_labour_indicators: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::cases::case::TraffickingDimension>)]
    pub trafficking_dimensions: Vec<String>,
}

/// An organisation's caseload, for its supervisors.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Caseload {
    /// Open cases per stage.
    pub open_by_stage: Vec<(CaseStage, u64)>,
    /// Open cases whose first action is late.
    pub first_action_overdue: Vec<Case>,
    /// Open cases with no action recorded yet (deadline not passed).
    pub without_action: Vec<Case>,
    /// Open tasks past their due date.
    pub overdue_tasks: Vec<CaseTask>,
    /// Closures waiting for a decision.
    pub pending_approvals: Vec<Case>,
}
