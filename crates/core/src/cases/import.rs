//! Bulk import of cases (historical records, the synthetic demo cases of
//! the benchmarks): records are checked, written in batches in one
//! transaction, and recorded by one audit entry with counts only.

use std::collections::BTreeMap;

use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, Ctx};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::{CaseStage, CaseStatus};
use crate::cases::record::ApprovalStatus;
use crate::error::{Error, FieldError, Result};
use crate::registry::consent::{ConsentPurpose, ConsentStatus};
use crate::repo::{CaseImportRecord, CaseImportSession};

/// What a case import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseImportSummary {
    pub cases: u64,
    /// Cases per kind code.
    pub by_kind: BTreeMap<String, u64>,
    pub restricted: u64,
    pub closed: u64,
    pub tasks: u64,
    pub approvals: u64,
    pub incidents: u64,
    pub consents: u64,
}

/// Writes checked cases in one transaction; the system only.
pub struct CaseImporter<'a> {
    app: &'a App,
    ctx: Ctx,
    session: Option<Box<dyn CaseImportSession>>,
    summary: CaseImportSummary,
}

impl App {
    /// A bulk importer of cases (the command line: historical and demo data).
    pub fn case_importer(&self, ctx: &Ctx) -> Result<CaseImporter<'_>> {
        if !matches!(ctx.actor, Actor::System) {
            return Err(Error::Forbidden);
        }
        Ok(CaseImporter { app: self, ctx: ctx.clone(), session: None, summary: CaseImportSummary::default() })
    }

    /// Ids of people of a district (not merged), at most `limit`: whom a
    /// case import may open cases for. The system only.
    pub async fn people_of_district(&self, ctx: &Ctx, district: &AreaCode, limit: u32) -> Result<Vec<Uuid>> {
        if !matches!(ctx.actor, Actor::System) {
            return Err(Error::Forbidden);
        }
        self.store.people_of_district(district, limit).await
    }
}

/// The rules every imported case keeps, as the services would have kept
/// them: need-to-know from the start for GBV and trafficking, a closed case
/// in the closed stage with its date and reason, the first-action deadline
/// after the opening, its tasks, approval, incident and consent its own.
pub fn check_record(r: &CaseImportRecord) -> std::result::Result<(), FieldError> {
    let c = &r.case;
    let bad = |field: &str| Err(FieldError::new(field, "inconsistent"));
    if (c.kind.restricted_from_start() || !c.trafficking_dimensions.is_empty()) && !c.restricted {
        return bad("restricted");
    }
    let closed = c.status == CaseStatus::Closed;
    if closed != (c.stage == CaseStage::Closed)
        || closed != c.closed_at.is_some()
        || closed != c.closure_reason.is_some()
    {
        return bad("status");
    }
    if c.first_action_due < c.opened_at || c.closed_at.is_some_and(|at| at < c.opened_at) {
        return bad("opened_at");
    }
    if r.tasks.iter().any(|t| t.case_id != c.id) {
        return bad("tasks");
    }
    match (&r.approval, c.pending_approval) {
        (Some(a), pending) if a.case_id != c.id || (a.status == ApprovalStatus::Pending) != (pending == Some(a.id)) => {
            return bad("approval");
        }
        (None, Some(_)) => return bad("pending_approval"),
        _ => {}
    }
    if r.incident.as_ref().is_some_and(|i| i.case_id != c.id || i.narrative.is_some()) {
        return bad("incident");
    }
    if let Some(k) = &r.consent {
        if k.person_id != c.person_id
            || k.purpose != ConsentPurpose::ShareWithPartners
            || k.status != ConsentStatus::Given
            || k.organisation_id != Some(c.organisation_id)
        {
            return bad("consent");
        }
    }
    Ok(())
}

impl CaseImporter<'_> {
    /// Checks and writes records (in the import's one transaction). A record
    /// that breaks a rule refuses the batch, naming the case.
    pub async fn write(&mut self, records: &[CaseImportRecord]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        for r in records {
            check_record(r).map_err(|e| Error::Invalid(vec![e.with("case", r.case.id.to_string())]))?;
        }
        let session = match &mut self.session {
            Some(s) => s,
            None => self.session.insert(self.app.store.begin_case_import().await?),
        };
        session.insert_cases(records).await?;
        let s = &mut self.summary;
        for r in records {
            s.cases += 1;
            *s.by_kind.entry(r.case.kind.as_str().to_string()).or_default() += 1;
            s.restricted += u64::from(r.case.restricted);
            s.closed += u64::from(r.case.status == CaseStatus::Closed);
            s.tasks += r.tasks.len() as u64;
            s.approvals += u64::from(r.approval.is_some());
            s.incidents += u64::from(r.incident.is_some());
            s.consents += u64::from(r.consent.is_some());
        }
        Ok(())
    }

    /// Commits everything written, with one audit entry (counts only).
    pub async fn commit(self, source: &str) -> Result<CaseImportSummary> {
        let Some(session) = self.session else { return Ok(self.summary) };
        let s = &self.summary;
        let audit = AuditRecord::new(
            &self.ctx,
            AuditAction::Import,
            AuditEntity::Case,
            None,
            json!({
                "source": source,
                "cases": s.cases,
                "by_kind": s.by_kind,
                "restricted": s.restricted,
                "closed": s.closed,
                "tasks": s.tasks,
                "approvals": s.approvals,
                "incidents": s.incidents,
                "consents": s.consents,
            }),
        );
        session.commit(&audit).await?;
        Ok(self.summary)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::*;
    use crate::cases::case::{CaseKind, ClosureReason, RiskLevel};
    use crate::cases::record::Case;

    fn record(kind: CaseKind) -> CaseImportRecord {
        let now = Utc::now();
        let case = Case {
            id: Uuid::now_v7(),
            person_id: Uuid::now_v7(),
            kind,
            status: CaseStatus::Open,
            stage: CaseStage::Intake,
            risk: RiskLevel::Medium,
            owner_id: Uuid::now_v7(),
            organisation_id: Uuid::now_v7(),
            district_code: AreaCode::parse("d", "32.09").unwrap(),
            restricted: kind.restricted_from_start(),
            assigned: Vec::new(),
            needs: Vec::new(),
            labour_categories: Vec::new(),
            forced_labour_indicators: Vec::new(),
            trafficking_dimensions: Vec::new(),
            opened_at: now,
            first_action_due: now + Duration::hours(72),
            first_action_at: None,
            closed_at: None,
            closure_reason: None,
            outcome: None,
            pending_approval: None,
            updated_at: now,
        };
        CaseImportRecord { case, tasks: Vec::new(), approval: None, incident: None, consent: None }
    }

    #[test]
    fn imported_cases_keep_the_rules_of_the_services() {
        assert_eq!(check_record(&record(CaseKind::LabourComplaint)), Ok(()));
        assert_eq!(check_record(&record(CaseKind::Gbv)), Ok(()));
        let mut open_gbv = record(CaseKind::Gbv);
        open_gbv.case.restricted = false;
        assert_eq!(check_record(&open_gbv).map_err(|e| e.field), Err("restricted".to_string()));
        let mut half_closed = record(CaseKind::LabourComplaint);
        half_closed.case.status = CaseStatus::Closed;
        assert_eq!(check_record(&half_closed).map_err(|e| e.field), Err("status".to_string()));
        half_closed.case.stage = CaseStage::Closed;
        half_closed.case.closed_at = Some(half_closed.case.opened_at + Duration::days(3));
        half_closed.case.closure_reason = Some(ClosureReason::NeedsMet);
        assert_eq!(check_record(&half_closed), Ok(()));
        let mut early = record(CaseKind::OtherProtection);
        early.case.first_action_due = early.case.opened_at - Duration::hours(1);
        assert_eq!(check_record(&early).map_err(|e| e.field), Err("opened_at".to_string()));
        let mut dangling = record(CaseKind::LabourComplaint);
        dangling.case.pending_approval = Some(Uuid::now_v7());
        assert_eq!(check_record(&dangling).map_err(|e| e.field), Err("pending_approval".to_string()));
    }
}
