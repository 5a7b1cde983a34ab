//! A case with everything its page shows, read with one check of the reader
//! and one audit entry (not one per part).

use uuid::Uuid;

use crate::access::{Ctx, Permission};
use crate::app::App;
use crate::cases::actions::{allowed_actions, CaseAction};
use crate::cases::attachment::Attachment;
use crate::cases::case::CaseKind;
use crate::cases::complaint::{Complaint, Transfer, TransferStatus};
use crate::cases::record::{Approval, Case, CaseNote, CaseTask, Incident, TimelineEvent};
use crate::error::Result;
use crate::referrals::referral::ReferralView;

/// A case and its parts, as a reader who may read the case sees them.
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub case: Case,
    pub tasks: Vec<CaseTask>,
    pub notes: Vec<CaseNote>,
    pub approvals: Vec<Approval>,
    pub timeline: Vec<TimelineEvent>,
    /// GBV cases: the incident, once recorded.
    pub incident: Option<Incident>,
    pub attachments: Vec<Attachment>,
    /// Labour complaints: the complaint, once recorded.
    pub complaint: Option<Complaint>,
    pub transfers: Vec<Transfer>,
    pub referrals: Vec<ReferralView>,
    /// The person's name as the reader may see it (empty when the reader
    /// may not read people): read within the case's one read.
    pub person_name: String,
    /// What the reader may do now.
    pub actions: Vec<CaseAction>,
}

impl CaseFile {
    pub fn may(&self, action: CaseAction) -> bool {
        self.actions.contains(&action)
    }
}

impl App {
    /// The case and all its parts: the reader is checked (need-to-know,
    /// scope) and the read audited once, as [`App::case`] does.
    pub async fn case_file(&self, ctx: &Ctx, id: Uuid) -> Result<CaseFile> {
        let case = self.case(ctx, id).await?;
        let incident = if case.kind == CaseKind::Gbv { self.incident_of(id).await? } else { None };
        let complaint = if case.kind == CaseKind::LabourComplaint { self.store.get_complaint(id).await? } else { None };
        let transfers = self.store.transfers_of_case(id).await?;
        let transfer_pending = transfers.iter().any(|t| t.status == TransferStatus::Requested);
        let person_name = if ctx.actor.scope_of(Permission::PeopleRead).is_some() {
            self.names_seen(ctx, &[case.person_id]).await?.0.remove(&case.person_id).unwrap_or_default()
        } else {
            String::new()
        };
        Ok(CaseFile {
            actions: allowed_actions(&ctx.actor, &case, transfer_pending),
            person_name,
            tasks: self.store.tasks_of(id).await?,
            notes: self.opened_notes(id).await?,
            approvals: self.store.approvals_of(id).await?,
            timeline: self.timeline_of(id).await?,
            incident,
            attachments: self.store.attachments_of(id).await?,
            complaint,
            transfers,
            referrals: self.referrals_of_case(id).await?,
            case,
        })
    }
}
