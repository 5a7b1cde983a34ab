//! Complaints and mediation on labour cases; transfers of cases between
//! organisations (and districts).

use chrono::{NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::{CaseKind, CaseStatus};
use crate::cases::complaint::{
    Claim, Complaint, Escalation, EscalationChannel, MediationResult, MediationSession, NewComplaint, NewEscalation,
    NewSession, NewSettlement, NewTransfer, Settlement, Transfer, TransferStatus,
};
use crate::cases::record::Case;
use crate::error::{Error, FieldError, Result, Validator};
use crate::money::Currency;
use crate::organisations::organisation::{OrgKind, OrganisationFilter, OrganisationSummary};
use crate::paging::PageRequest;
use crate::text::optional_text;

/// The kinds of organisation that hold cases, and so may receive a transfer.
pub const CASE_HOLDER_KINDS: [OrgKind; 4] =
    [OrgKind::TradeUnion, OrgKind::CrisisCentre, OrgKind::Ngo, OrgKind::DistrictGovernment];

fn past_date(v: &mut Validator, field: &str, raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    let today = Utc::now().date_naive();
    v.check(
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid_date").with("value", raw))
            .and_then(|d| if d > today { Err(FieldError::new(field, "future_date")) } else { Ok(d) }),
    )
}

impl App {
    async fn labour_case(&self, ctx: &Ctx, id: Uuid) -> Result<Case> {
        let case = self.workable_case(ctx, id).await?;
        if case.kind != CaseKind::LabourComplaint {
            return Err(Error::Conflict { code: "not_a_labour_case", field: None });
        }
        Ok(case)
    }

    async fn complaint_of(&self, id: Uuid) -> Result<Complaint> {
        self.store.get_complaint(id).await?.ok_or(Error::not_found("complaint"))
    }

    /// Names the respondent and the claims of a labour case.
    pub async fn set_complaint(&self, ctx: &Ctx, id: Uuid, input: &NewComplaint) -> Result<Complaint> {
        self.labour_case(ctx, id).await?;
        let mut v = Validator::new();
        let respondent_organisation_id =
            match input.respondent_organisation_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => None,
                Some(code) => match self.store.get_organisation_by_code(&code.to_ascii_uppercase()).await? {
                    Some(o) => Some(o.id),
                    None => {
                        v.push(FieldError::new("respondent_organisation_code", "unknown_organisation"));
                        None
                    }
                },
            };
        let respondent_name =
            v.check(optional_text("respondent_name", input.respondent_name.as_deref(), 200)).flatten();
        if respondent_organisation_id.is_none() && respondent_name.is_none() && v.is_empty() {
            v.push(FieldError::new("respondent_name", "required"));
        }
        let mut claims = Vec::new();
        for (i, c) in input.claims.iter().enumerate() {
            let item = v.check(optional_text(&format!("claims[{i}].item"), Some(&c.item), 200)).flatten();
            if item.is_none() {
                v.push(FieldError::new(format!("claims[{i}].item"), "required"));
            }
            let amount = v.check(c.amount.parse(&format!("claims[{i}].amount")));
            let currency = v.check(Currency::parse(&format!("claims[{i}].currency"), &c.currency));
            if let (Some(item), Some(amount), Some(currency)) = (item, amount, currency) {
                claims.push(Claim { item, amount, currency: currency.as_str().to_string() });
            }
        }
        v.finish()?;
        let mut complaint = self.store.get_complaint(id).await?.unwrap_or(Complaint {
            case_id: id,
            respondent_organisation_id: None,
            respondent_name: None,
            claims: Vec::new(),
            sessions: Vec::new(),
            settlement: None,
            escalations: Vec::new(),
            updated_at: Utc::now(),
        });
        complaint.respondent_organisation_id = respondent_organisation_id;
        complaint.respondent_name = respondent_name;
        complaint.claims = claims;
        complaint.updated_at = Utc::now();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::ComplaintRecorded,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "claims": complaint.claims.len() }),
        );
        self.store.put_complaint(&complaint, &audit).await?;
        Ok(complaint)
    }

    pub async fn complaint(&self, ctx: &Ctx, id: Uuid) -> Result<Complaint> {
        self.case(ctx, id).await?;
        self.complaint_of(id).await
    }

    pub async fn add_mediation_session(&self, ctx: &Ctx, id: Uuid, input: &NewSession) -> Result<Complaint> {
        self.labour_case(ctx, id).await?;
        self.complaint_of(id).await?;
        let mut v = Validator::new();
        let date = past_date(&mut v, "date", &input.date);
        let parties = v.check(optional_text("parties", Some(&input.parties), 500)).flatten();
        if parties.is_none() {
            v.push(FieldError::new("parties", "required"));
        }
        let result = v.check(MediationResult::parse("result", &input.result));
        let note = v.check(optional_text("note", input.note.as_deref(), 2000)).flatten();
        v.finish()?;
        let (Some(date), Some(parties), Some(result)) = (date, parties, result) else {
            return Err(Error::internal("validator passed with missing fields"));
        };
        let session = MediationSession { id: Uuid::now_v7(), date, parties, result, note };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Mediation,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "result": result }),
        );
        self.store.add_session(id, &session, &audit).await?;
        self.complaint_of(id).await
    }

    pub async fn settle(&self, ctx: &Ctx, id: Uuid, input: &NewSettlement) -> Result<Complaint> {
        self.labour_case(ctx, id).await?;
        self.complaint_of(id).await?;
        let mut v = Validator::new();
        let date = past_date(&mut v, "date", &input.date);
        let amount = v.check(input.amount_recovered.parse("amount_recovered"));
        let currency = v.check(Currency::parse("currency", &input.currency));
        let terms = v.check(optional_text("terms", input.terms.as_deref(), 2000)).flatten();
        v.finish()?;
        let (Some(date), Some(amount_recovered), Some(currency)) = (date, amount, currency) else {
            return Err(Error::internal("validator passed with missing fields"));
        };
        let settlement = Settlement { date, amount_recovered, currency, terms };
        let audit = AuditRecord::new(ctx, AuditAction::Settlement, AuditEntity::Case, Some(id.to_string()), json!({}));
        self.store.put_settlement(id, &settlement, &audit).await?;
        self.complaint_of(id).await
    }

    pub async fn escalate(&self, ctx: &Ctx, id: Uuid, input: &NewEscalation) -> Result<Complaint> {
        self.labour_case(ctx, id).await?;
        self.complaint_of(id).await?;
        let mut v = Validator::new();
        let channel = v.check(EscalationChannel::parse("channel", &input.channel));
        let date = past_date(&mut v, "date", &input.date);
        let reference = v.check(optional_text("reference", input.reference.as_deref(), 100)).flatten();
        v.finish()?;
        let (Some(channel), Some(date)) = (channel, date) else {
            return Err(Error::internal("validator passed with missing fields"));
        };
        let escalation = Escalation { id: Uuid::now_v7(), channel, date, reference };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Escalation,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "channel": channel }),
        );
        self.store.add_escalation(id, &escalation, &audit).await?;
        self.complaint_of(id).await
    }

    /// Asks another organisation (in this or another district) to take the case over.
    pub async fn request_transfer(&self, ctx: &Ctx, id: Uuid, input: &NewTransfer) -> Result<Transfer> {
        let case = self.workable_case(ctx, id).await?;
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        if case.restricted && !case.restriction().may_steward(&ctx.actor) {
            // Only its owner or the holding organisation's supervisors hand a restricted case on.
            return Err(Error::denied("not_case_steward", None));
        }
        if case.status == CaseStatus::Closed {
            return Err(Error::Conflict { code: "case_closed", field: None });
        }
        let mut v = Validator::new();
        let reason = v.check(optional_text("reason", Some(&input.reason), 1000)).flatten();
        if reason.is_none() {
            v.push(FieldError::new("reason", "required"));
        }
        let to = self.store.get_organisation_by_code(&input.organisation_code.trim().to_ascii_uppercase()).await?;
        match &to {
            None => v.push(FieldError::new("organisation_code", "unknown_organisation")),
            Some(o) if o.id == case.organisation_id => {
                v.push(FieldError::new("organisation_code", "same_organisation"))
            }
            Some(o) if !CASE_HOLDER_KINDS.contains(&o.kind) => {
                v.push(FieldError::new("organisation_code", "cannot_hold_cases"))
            }
            Some(_) => {}
        }
        v.finish()?;
        let (Some(to), Some(reason)) = (to, reason) else {
            return Err(Error::internal("validator passed with missing fields"));
        };
        if self.store.transfers_of_case(id).await?.iter().any(|t| t.status == TransferStatus::Requested) {
            return Err(Error::Conflict { code: "transfer_pending", field: None });
        }
        let transfer = Transfer {
            id: Uuid::now_v7(),
            case_id: id,
            from_organisation_id: case.organisation_id,
            to_organisation_id: to.id,
            reason,
            status: TransferStatus::Requested,
            requested_by: user.id,
            requested_at: Utc::now(),
            decided_by: None,
            decided_at: None,
            comment: None,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::TransferRequested,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "transfer_id": transfer.id, "to": to.id }),
        );
        self.store.insert_transfer(&transfer, &audit).await?;
        Ok(transfer)
    }

    /// The organisations a case may be transferred to, of every district (the
    /// directory is public), by area then name.
    pub async fn transfer_destinations(&self) -> Result<Vec<OrganisationSummary>> {
        let mut all = Vec::new();
        for kind in CASE_HOLDER_KINDS {
            let filter = OrganisationFilter { kind: Some(kind), ..Default::default() };
            all.extend(self.store.list_organisations(&filter, PageRequest::first(PageRequest::MAX_LIMIT)).await?.items);
        }
        all.sort_by(|a, b| (&a.area_code, a.name.to_lowercase()).cmp(&(&b.area_code, b.name.to_lowercase())));
        Ok(all)
    }

    /// Transfers waiting for the caller's organisation (no case content).
    pub async fn incoming_transfers(&self, ctx: &Ctx) -> Result<Vec<Transfer>> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        AuthCheck::new(Permission::CasesWrite).check(&ctx.actor)?;
        self.store.incoming_transfers(user.organisation_id).await
    }

    pub async fn case_transfers(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<Transfer>> {
        self.case(ctx, id).await?;
        self.store.transfers_of_case(id).await
    }

    /// The receiving organisation's supervisor accepts (taking the case
    /// over, as its owner) or declines with a reason.
    pub async fn decide_transfer(
        &self,
        ctx: &Ctx,
        transfer_id: Uuid,
        accept: bool,
        comment: Option<&str>,
    ) -> Result<Transfer> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?.clone();
        let mut transfer = self
            .store
            .get_transfer(transfer_id)
            .await?
            .filter(|t| t.to_organisation_id == user.organisation_id)
            .ok_or(Error::not_found("transfer"))?;
        AuthCheck::new(Permission::CasesSupervise).in_organisation(transfer.to_organisation_id).check(&ctx.actor)?;
        if transfer.status != TransferStatus::Requested {
            return Err(Error::Conflict { code: "already_decided", field: None });
        }
        let comment = optional_text("comment", comment, 1000).map_err(|e| Error::Invalid(vec![e]))?;
        if !accept && comment.is_none() {
            return Err(Error::invalid("comment", "required"));
        }
        let now = Utc::now();
        transfer.status = if accept { TransferStatus::Accepted } else { TransferStatus::Declined };
        transfer.decided_by = Some(user.id);
        transfer.decided_at = Some(now);
        transfer.comment = comment;
        let moved = if accept {
            let mut case = self.store.get_case(transfer.case_id).await?.ok_or(Error::not_found("case"))?;
            let to = self
                .store
                .get_organisation(transfer.to_organisation_id)
                .await?
                .ok_or_else(|| Error::internal("transfer to a missing organisation"))?;
            case.organisation_id = to.id;
            case.owner_id = user.id;
            case.assigned.clear();
            case.district_code = to.area_code.regency().unwrap_or_else(|| case.district_code.clone());
            case.updated_at = now;
            Some(case)
        } else {
            None
        };
        let district: Option<&AreaCode> = moved.as_ref().map(|c| &c.district_code);
        let audit = AuditRecord::new(
            ctx,
            if accept { AuditAction::TransferAccepted } else { AuditAction::TransferDeclined },
            AuditEntity::Case,
            Some(transfer.case_id.to_string()),
            json!({ "transfer_id": transfer.id, "district": district }),
        );
        self.store.decide_transfer(&transfer, moved.as_ref(), &audit).await?;
        Ok(transfer)
    }
}
