//! Cases: opening, reading within scope and need-to-know, lists, and the
//! moves of the SOP workflow.

use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, NeedToKnow, Permission, Scope};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::{
    allowed, next_stage, CaseKind, CaseStage, CaseStatus, ClosureReason, ForcedLabourIndicator, LabourCategory,
    RiskLevel, TraffickingDimension, Transition,
};
use crate::cases::read_rule::may_read;
use crate::cases::record::{
    Approval, ApprovalKind, ApprovalStatus, Case, CaseFilter, CaseTask, NewCase, NewTask, TransitionInput,
};
use crate::error::{Error, FieldError, Moves, Result, Validator};
use crate::paging::{Page, PageRequest};
use crate::text::optional_text;

fn risk(v: &mut Validator, raw: Option<&str>) -> Option<RiskLevel> {
    raw.map(str::trim).filter(|s| !s.is_empty()).and_then(|r| v.check(RiskLevel::parse("risk", r)))
}

impl App {
    /// Opens a case for a person; GBV and trafficking cases are restricted
    /// from the start. The first-action deadline follows the risk and the
    /// district's SOP.
    pub async fn open_case(&self, ctx: &Ctx, input: &NewCase) -> Result<Case> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?.clone();
        let mut v = Validator::new();
        let kind = v.check(CaseKind::parse("kind", &input.kind));
        let risk = risk(&mut v, input.risk.as_deref()).unwrap_or(RiskLevel::Medium);
        let labour_categories = v.codes("labour_categories", &input.labour_categories, LabourCategory::parse);
        let forced_labour_indicators =
            v.codes("forced_labour_indicators", &input.forced_labour_indicators, ForcedLabourIndicator::parse);
        let trafficking_dimensions =
            v.codes("trafficking_dimensions", &input.trafficking_dimensions, TraffickingDimension::parse);
        if let Some(k) = kind {
            k.classifications().check(
                &mut v,
                input.labour_categories.len(),
                input.forced_labour_indicators.len(),
                input.trafficking_dimensions.len(),
            );
        }
        v.finish()?;
        let kind = kind.ok_or_else(|| Error::internal("validator passed without a kind"))?;
        let restricted = kind.restricted_from_start() || !trafficking_dimensions.is_empty();
        if restricted && !user.restricted_access {
            return Err(Error::denied("restricted_access_pending", None));
        }
        let person =
            self.readable_person(ctx, input.person_id).await.and_then(crate::registry::people::shared).map_err(
                |e| match e {
                    Error::NotFound { .. } => Error::invalid("person_id", "unknown_person"),
                    e => e,
                },
            )?;
        if person.merged_into.is_some() {
            return Err(Error::Conflict { code: "person_merged", field: Some("person_id".into()) });
        }
        AuthCheck::new(Permission::CasesWrite)
            .in_area(&person.district_code)
            .in_organisation(user.organisation_id)
            .check(&ctx.actor)?;
        let now = Utc::now();
        let deadlines = self.store.sop_deadlines(&person.district_code).await?.unwrap_or_default();
        let case = Case {
            id: Uuid::now_v7(),
            person_id: person.id,
            kind,
            status: CaseStatus::Open,
            stage: CaseStage::Intake,
            risk,
            owner_id: user.id,
            organisation_id: user.organisation_id,
            district_code: person.district_code.clone(),
            restricted,
            assigned: Vec::new(),
            needs: Vec::new(),
            labour_categories,
            forced_labour_indicators,
            trafficking_dimensions,
            opened_at: now,
            first_action_due: now + Duration::hours(i64::from(deadlines.hours(risk))),
            first_action_at: None,
            closed_at: None,
            closure_reason: None,
            outcome: None,
            pending_approval: None,
            updated_at: now,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Case,
            Some(case.id.to_string()),
            json!({ "person_id": case.person_id, "kind": case.kind, "risk": case.risk, "restricted": case.restricted }),
        );
        self.store.insert_case(&case, &audit).await?;
        Ok(case)
    }

    /// One case, read: restricted ones only for those who need to know
    /// (others get not-found); the rest within the reader's scope. The one
    /// audited read of a case: every read is recorded (a refused read of a
    /// restricted case too). Commands use [`App::readable_case`], which
    /// records nothing.
    pub async fn case(&self, ctx: &Ctx, id: Uuid) -> Result<Case> {
        let case = self.store.get_case(id).await?.ok_or(Error::not_found("case"))?;
        // The one rule; outside it, exactly "not found".
        let readable = may_read(&ctx.actor, &case);
        if !readable && !case.restricted {
            return Err(Error::not_found("case"));
        }
        let action = if readable { AuditAction::Read } else { AuditAction::ReadRefused };
        let details = if case.restricted { json!({ "restricted": true }) } else { json!({}) };
        self.store
            .append_audit(&AuditRecord::new(ctx, action, AuditEntity::Case, Some(id.to_string()), details))
            .await?;
        if readable {
            Ok(case)
        } else {
            Err(Error::not_found("case"))
        }
    }

    /// The guard of commands on a case: the case if the caller may read it,
    /// else exactly "not found". Pure but for fetching the row: it writes no
    /// audit entry (the command records its own change).
    pub(crate) async fn readable_case(&self, ctx: &Ctx, id: Uuid) -> Result<Case> {
        let case = self.store.get_case(id).await?.ok_or(Error::not_found("case"))?;
        if may_read(&ctx.actor, &case) {
            Ok(case)
        } else {
            Err(Error::not_found("case"))
        }
    }

    /// A case the caller may work on: readable, and within their writing
    /// scope. A guard: it writes no audit entry.
    pub(crate) async fn workable_case(&self, ctx: &Ctx, id: Uuid) -> Result<Case> {
        let case = self.readable_case(ctx, id).await?;
        let scope = AuthCheck::new(Permission::CasesWrite).check(&ctx.actor)?;
        if !in_scope(&ctx.actor, scope, &case) {
            return Err(Error::Forbidden);
        }
        Ok(case)
    }

    /// Cases within the caller's scope, newest first. Restricted cases appear
    /// only to those who need to know.
    pub async fn cases(&self, ctx: &Ctx, filter: CaseFilter, page: PageRequest) -> Result<Page<Case>> {
        let filter = self.readable_cases(ctx, filter)?;
        self.store.list_cases(&filter, page).await
    }

    /// `filter` narrowed to the cases the caller may read: their scope,
    /// and restricted cases only within need-to-know (left out before
    /// counting, so no total betrays them).
    pub(crate) fn readable_cases(&self, ctx: &Ctx, mut filter: CaseFilter) -> Result<CaseFilter> {
        let scope = AuthCheck::new(Permission::CasesRead).check(&ctx.actor)?;
        if let Some(u) = ctx.actor.user() {
            match scope {
                Scope::All => {}
                Scope::District => filter.district = Some(u.home_area.regency().ok_or(Error::Forbidden)?),
                Scope::Organisation => filter.organisation_id = Some(u.organisation_id),
                Scope::Own => filter.user_id = Some(u.id),
            }
        }
        filter.need_to_know = NeedToKnow::of(&ctx.actor);
        Ok(filter)
    }

    /// Applies a move of the workflow; a move the stage does not allow is a
    /// conflict that names the allowed ones. Closing a restricted or
    /// high-risk case asks a supervisor first.
    pub async fn move_case(&self, ctx: &Ctx, id: Uuid, t: Transition, input: &TransitionInput) -> Result<Case> {
        let mut case = self.workable_case(ctx, id).await?;
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        if !allowed(case.stage).contains(&t) {
            return Err(Error::InvalidTransition { allowed: Moves::of(allowed(case.stage)) });
        }
        if case.pending_approval.is_some() {
            return Err(Error::Conflict { code: "approval_pending", field: None });
        }
        let now = Utc::now();
        let mut v = Validator::new();
        let mut tasks = Vec::new();
        let mut details = json!({ "from": case.stage });
        // A code is checked against its list whatever the move, so that a
        // wrong one is refused even where this move does not use the field.
        if t != Transition::Assess {
            risk(&mut v, input.risk.as_deref());
        }
        if let Some(r) = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty() && t != Transition::Close) {
            v.check(ClosureReason::parse("reason", r));
        }
        match t {
            Transition::Assess => {
                if let Some(r) = risk(&mut v, input.risk.as_deref()) {
                    case.risk = r;
                }
                case.needs = input
                    .needs
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| v.check(optional_text(&format!("needs[{i}]"), Some(n), 200)).flatten())
                    .collect();
                details["risk"] = json!(case.risk);
            }
            Transition::Plan => {
                if input.actions.is_empty() {
                    v.push(FieldError::new("actions", "required"));
                }
                for (i, a) in input.actions.iter().enumerate() {
                    if let Some(task) = self.new_task(&mut v, &format!("actions[{i}]"), &case, a, user_id).await? {
                        tasks.push(task);
                    }
                }
                details["actions"] = json!(tasks.len());
            }
            Transition::Close => {
                let reason = match input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                    None => {
                        v.push(FieldError::new("reason", "required"));
                        None
                    }
                    Some(r) => v.check(ClosureReason::parse("reason", r)),
                };
                let outcome = v.check(optional_text("outcome", input.outcome.as_deref(), 1000)).flatten();
                std::mem::replace(&mut v, Validator::new()).finish()?;
                let reason = reason.ok_or_else(|| Error::internal("validator passed without a reason"))?;
                details["reason"] = json!(reason);
                if case.restricted || case.risk == RiskLevel::High {
                    let a = Approval {
                        id: Uuid::now_v7(),
                        case_id: case.id,
                        kind: ApprovalKind::Closure,
                        status: ApprovalStatus::Pending,
                        closure_reason: Some(reason),
                        outcome,
                        requested_by: user_id,
                        requested_at: now,
                        decided_by: None,
                        decided_at: None,
                        comment: None,
                    };
                    case.pending_approval = Some(a.id);
                    case.updated_at = now;
                    case.first_action_at.get_or_insert(now);
                    let audit = AuditRecord::new(
                        ctx,
                        AuditAction::CloseRequested,
                        AuditEntity::Case,
                        Some(case.id.to_string()),
                        details,
                    );
                    self.store.save_case(&case, &[], Some(&a), &audit).await?;
                    return Ok(case);
                }
                case.status = CaseStatus::Closed;
                case.closed_at = Some(now);
                case.closure_reason = Some(reason);
                case.outcome = outcome;
            }
            Transition::Reopen => {
                let why = v.check(optional_text("outcome", input.outcome.as_deref(), 1000)).flatten();
                if why.is_none() {
                    v.push(FieldError::new("outcome", "required"));
                }
                case.status = CaseStatus::Open;
                case.closed_at = None;
                case.closure_reason = None;
                case.outcome = None;
            }
            Transition::StartServices | Transition::FollowUp => {}
        }
        v.finish()?;
        case.stage = next_stage(t);
        case.updated_at = now;
        case.first_action_at.get_or_insert(now);
        details["to"] = json!(case.stage);
        let audit = AuditRecord::new(ctx, AuditAction::from(t), AuditEntity::Case, Some(case.id.to_string()), details);
        self.store.save_case(&case, &tasks, None, &audit).await?;
        Ok(case)
    }

    /// A task of a case from its input (`who` a user of the system).
    pub(crate) async fn new_task(
        &self,
        v: &mut Validator,
        field: &str,
        case: &Case,
        input: &NewTask,
        by: Uuid,
    ) -> Result<Option<CaseTask>> {
        let what = v.check(optional_text(&format!("{field}.what"), Some(&input.what), 300)).flatten();
        if what.is_none() {
            v.push(FieldError::new(format!("{field}.what"), "required"));
        }
        let due = match input.due.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => v.check(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| FieldError::new(format!("{field}.due"), "invalid_date").with("value", d)),
            ),
        };
        let assignee = match input.who.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            None => Some(case.owner_id),
            // Only someone who may read the case: a task never carries the
            // case (its id, its text) to anyone outside it.
            Some(username) => match self.store.get_user_by_username(username).await? {
                Some(u) if !u.disabled => {
                    let id = u.id;
                    let assignee = crate::access::Actor::User(self.user_with_grants(u).await?);
                    if crate::cases::read_rule::may_read(&assignee, case) {
                        Some(id)
                    } else {
                        v.push(FieldError::new(format!("{field}.who"), "not_on_case").with("value", username));
                        None
                    }
                }
                _ => {
                    v.push(FieldError::new(format!("{field}.who"), "unknown_user").with("value", username));
                    None
                }
            },
        };
        Ok(match (what, assignee) {
            (Some(what), Some(assignee_id)) => Some(CaseTask {
                id: Uuid::now_v7(),
                case_id: case.id,
                what,
                assignee_id,
                due,
                done_at: None,
                created_by: Some(by),
                created_at: Utc::now(),
            }),
            _ => None,
        })
    }
}

pub(crate) use crate::cases::read_rule::in_scope;
