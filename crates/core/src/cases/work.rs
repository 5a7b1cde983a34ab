//! Work on a case: assignment, tasks, confidential notes, supervisor
//! approvals, the timeline, "my work", and the SOP deadlines.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::{CaseStage, CaseStatus};
use crate::cases::record::{
    Approval, ApprovalStatus, Case, CaseFilter, CaseNote, CaseTask, Decision, MyWork, NewTask, SealedNote,
    SopDeadlines, TimelineEvent, Verdict,
};
use crate::error::{Error, FieldError, Result, Validator};
use crate::identity::users::RestrictedAccess;
use crate::paging::PageRequest;
use crate::repo::AuditFilter;
use crate::text::optional_text;

use crate::cases::record::{CASELOAD_LIST, MY_CASES};

/// A case as others see it on a person's page.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CaseMention {
    pub case_id: Uuid,
    pub organisation_id: Uuid,
    pub restricted: bool,
    /// False: the viewer only learns that it exists and who holds it.
    pub readable: bool,
    /// Only when readable.
    pub case: Option<Case>,
}

impl App {
    /// Adds a user to a case (they then need to know); by those who may work on it.
    pub async fn assign_case(&self, ctx: &Ctx, id: Uuid, username: &str) -> Result<Case> {
        let mut case = self.workable_case(ctx, id).await?;
        let user = self
            .store
            .get_user_by_username(username.trim())
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| Error::invalid("username", "unknown_user"))?;
        if case.restricted {
            // Need-to-know widens only by its owner or the holding
            // organisation's supervisors, and only within that organisation
            // (others are reached by a consent-gated referral).
            if !case.restriction().may_steward(&ctx.actor) {
                return Err(Error::denied("not_case_steward", None));
            }
            if user.organisation_id != case.organisation_id || user.restricted_access != RestrictedAccess::Confirmed {
                return Err(Error::invalid("username", "not_in_holding_organisation"));
            }
        }
        if user.id == case.owner_id || case.assigned.contains(&user.id) {
            return Err(Error::Conflict { code: "already_assigned", field: Some("username".into()) });
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Assign,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "user": user.id }),
        );
        self.store.assign_case(&case, user.id, &audit).await?;
        case.assigned.push(user.id);
        Ok(case)
    }

    pub async fn add_task(&self, ctx: &Ctx, id: Uuid, input: &NewTask) -> Result<CaseTask> {
        let mut case = self.workable_case(ctx, id).await?;
        if case.status == CaseStatus::Closed {
            return Err(Error::Conflict { code: "case_closed", field: None });
        }
        let by = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        let mut v = Validator::new();
        let task = self.new_task(&mut v, "task", &case, input, by).await?;
        v.finish()?;
        let task = task.ok_or_else(|| Error::internal("validator passed without a task"))?;
        let now = Utc::now();
        case.first_action_at.get_or_insert(now);
        case.updated_at = now;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::TaskAdded,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "task_id": task.id }),
        );
        self.store.save_case(&case, std::slice::from_ref(&task), None, &audit).await?;
        Ok(task)
    }

    pub async fn complete_task(&self, ctx: &Ctx, id: Uuid, task_id: Uuid) -> Result<()> {
        let case = self.workable_case(ctx, id).await?;
        let task =
            self.store.tasks_of(id).await?.into_iter().find(|t| t.id == task_id).ok_or(Error::not_found("task"))?;
        if task.done_at.is_some() {
            return Err(Error::Conflict { code: "already_done", field: None });
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::TaskDone,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "task_id": task_id }),
        );
        self.store.complete_task(&case, task_id, Utc::now(), &audit).await
    }

    pub async fn case_tasks(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<CaseTask>> {
        self.case(ctx, id).await?;
        self.store.tasks_of(id).await
    }

    /// Adds a confidential note: sealed before it reaches the database.
    pub async fn add_note(&self, ctx: &Ctx, id: Uuid, text: &str) -> Result<CaseNote> {
        let mut case = self.workable_case(ctx, id).await?;
        let text = optional_text("text", Some(text), 20_000)
            .map_err(|e| Error::Invalid(vec![e]))?
            .ok_or_else(|| Error::invalid("text", "required"))?;
        let note_id = Uuid::now_v7();
        let now = Utc::now();
        let sealed = SealedNote {
            id: note_id,
            case_id: id,
            sealed: self.keyring()?.seal(&text, &note_id.to_string())?,
            author_id: ctx.actor.user_id(),
            created_at: now,
        };
        case.first_action_at.get_or_insert(now);
        case.updated_at = now;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::NoteAdded,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "note_id": note_id }),
        );
        self.store.insert_note(&case, &sealed, &audit).await?;
        Ok(CaseNote { id: note_id, case_id: id, text, author_id: sealed.author_id, created_at: now })
    }

    /// The notes of a case, opened for a reader who needs to know.
    pub async fn case_notes(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<CaseNote>> {
        self.case(ctx, id).await?;
        self.opened_notes(id).await
    }

    /// The notes of a case opened (for a reader already checked).
    pub(crate) async fn opened_notes(&self, id: Uuid) -> Result<Vec<CaseNote>> {
        let keyring = self.keyring()?;
        self.store
            .notes_of(id)
            .await?
            .into_iter()
            .map(|n| {
                Ok(CaseNote {
                    text: keyring.open(&n.sealed, &n.id.to_string())?,
                    id: n.id,
                    case_id: n.case_id,
                    author_id: n.author_id,
                    created_at: n.created_at,
                })
            })
            .collect()
    }

    pub async fn case_approvals(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<Approval>> {
        self.case(ctx, id).await?;
        self.store.approvals_of(id).await
    }

    /// A supervisor of the holding organisation approves or rejects a
    /// request (not their own); approving a closure closes the case.
    pub async fn decide(&self, ctx: &Ctx, id: Uuid, approval_id: Uuid, input: &Decision) -> Result<Case> {
        let mut case = self.readable_case(ctx, id).await?;
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        AuthCheck::new(Permission::CasesSupervise).in_organisation(case.organisation_id).check(&ctx.actor)?;
        let mut approval = self
            .store
            .get_approval(approval_id)
            .await?
            .filter(|a| a.case_id == id)
            .ok_or(Error::not_found("approval"))?;
        if approval.status != ApprovalStatus::Pending {
            return Err(Error::Conflict { code: "already_decided", field: None });
        }
        if approval.requested_by == user.id {
            return Err(Error::Conflict { code: "own_request", field: None });
        }
        let mut v = Validator::new();
        let verdict = v.check(Verdict::parse("decision", &input.decision));
        let approve = verdict == Some(Verdict::Approve);
        let comment = v.check(optional_text("comment", input.comment.as_deref(), 1000)).flatten();
        if verdict == Some(Verdict::Reject) && comment.is_none() {
            v.push(FieldError::new("comment", "required"));
        }
        v.finish()?;
        let now = Utc::now();
        approval.status = if approve { ApprovalStatus::Approved } else { ApprovalStatus::Rejected };
        approval.decided_by = Some(user.id);
        approval.decided_at = Some(now);
        approval.comment = comment;
        case.pending_approval = None;
        case.updated_at = now;
        if approve {
            case.status = CaseStatus::Closed;
            case.stage = CaseStage::Closed;
            case.closed_at = Some(now);
            case.closure_reason = approval.closure_reason;
            case.outcome = approval.outcome.clone();
        }
        let action = if approve { AuditAction::Approve } else { AuditAction::Reject };
        let audit = AuditRecord::new(
            ctx,
            action,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "approval_id": approval.id, "kind": approval.kind }),
        );
        self.store.save_case(&case, &[], Some(&approval), &audit).await?;
        Ok(case)
    }

    /// Everything that happened to a case, oldest first (from the audit log).
    pub async fn case_timeline(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<TimelineEvent>> {
        self.case(ctx, id).await?;
        self.timeline_of(id).await
    }

    /// A case's timeline (for a reader already checked).
    pub(crate) async fn timeline_of(&self, id: Uuid) -> Result<Vec<TimelineEvent>> {
        let filter =
            AuditFilter { entity: Some(AuditEntity::Case), entity_id: Some(id.to_string()), ..Default::default() };
        let mut events = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.store.list_audit(&filter, PageRequest { limit: 500, offset }).await?;
            let n = page.items.len() as u64;
            events.extend(
                page.items.into_iter().filter(|e| e.action != AuditAction::Read.as_str()).map(|e| TimelineEvent {
                    at: e.at,
                    event: e.action,
                    actor_name: e.actor_name,
                    details: e.details,
                }),
            );
            offset += n;
            if n == 0 || offset >= page.total {
                break;
            }
        }
        events.reverse();
        Ok(events)
    }

    /// The caller's open cases (a page of them, with how many in all) and
    /// open tasks (due and overdue).
    pub async fn my_work(&self, ctx: &Ctx, page: PageRequest) -> Result<MyWork> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        AuthCheck::new(Permission::CasesRead).check(&ctx.actor)?;
        let filter = CaseFilter {
            user_id: Some(user.id),
            status: Some(CaseStatus::Open),
            need_to_know: crate::access::NeedToKnow::of(&ctx.actor),
            ..Default::default()
        };
        let page = PageRequest { limit: page.limit.clamp(1, MY_CASES), offset: page.offset };
        let cases = self.store.list_cases(&filter, page).await?;
        let today = Utc::now().date_naive();
        let (tasks_overdue, tasks_due) =
            self.store.open_tasks_of_user(user.id).await?.into_iter().partition(|t| t.due.is_some_and(|d| d < today));
        Ok(MyWork { cases_total: cases.total, cases: cases.items, tasks_due, tasks_overdue })
    }

    /// The caller's organisation's caseload (supervisors): open cases per
    /// stage, late first actions (most late first), cases without action,
    /// overdue tasks and closures awaiting a decision, each list at most
    /// `shown` long (and never over [`CASELOAD_LIST`]). Restricted cases are
    /// counted and listed for the organisation's supervisors, who need to know.
    pub async fn caseload(&self, ctx: &Ctx, shown: u32) -> Result<crate::cases::record::Caseload> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        AuthCheck::new(Permission::CasesSupervise).in_organisation(user.organisation_id).check(&ctx.actor)?;
        let now = Utc::now();
        let shown = shown.clamp(1, CASELOAD_LIST);
        // Restricted cases only for a confirmed supervisor (need-to-know).
        let restricted = user.confirmed_supervisor();
        let mut load = self.store.caseload_of(user.organisation_id, now, shown, restricted).await?;
        load.overdue_tasks =
            self.store.overdue_tasks_of_organisation(user.organisation_id, now.date_naive(), restricted, shown).await?;
        Ok(load)
    }

    /// The cases of a person as the viewer may see them: restricted cases
    /// outside need-to-know are left out altogether (no "held by"); other
    /// cases out of scope show only that they exist and who holds them.
    pub async fn cases_of_person(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<CaseMention>> {
        self.person(ctx, person_id).await?;
        self.case_mentions(ctx, person_id).await
    }

    /// The cases of a person as the viewer may see them, for a reader of the
    /// person already checked (no audit entry of its own).
    pub(crate) async fn case_mentions(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<CaseMention>> {
        let filter = CaseFilter {
            person_id: Some(person_id),
            need_to_know: crate::access::NeedToKnow::of(&ctx.actor),
            ..Default::default()
        };
        let all = self.store.list_cases(&filter, PageRequest { limit: 100, offset: 0 }).await?.items;
        let protective = self.protective().await?;
        Ok(all
            .into_iter()
            .filter_map(|c| {
                let readable = crate::cases::read_rule::may_read(&ctx.actor, &c);
                // A case held by a crisis centre (or shelter, police unit,
                // hospital) is not mentioned outside it unless readable.
                if !readable && !protective.may_mention(Some(c.organisation_id), &ctx.actor) {
                    return None;
                }
                Some(CaseMention {
                    case_id: c.id,
                    organisation_id: c.organisation_id,
                    restricted: c.restricted,
                    readable,
                    case: readable.then_some(c),
                })
            })
            .collect())
    }

    /// Attaches a file to a case: a PDF or an image (by content), at most
    /// [`crate::cases::attachment::MAX_BYTES`], sealed before storage.
    pub async fn attach(
        &self,
        ctx: &Ctx,
        id: Uuid,
        name: &str,
        bytes: &[u8],
    ) -> Result<crate::cases::attachment::Attachment> {
        self.workable_case(ctx, id).await?;
        let file_name = crate::cases::attachment::clean_name(name).map_err(|e| Error::Invalid(vec![e]))?;
        if bytes.is_empty() {
            return Err(Error::invalid("file", "required"));
        }
        if bytes.len() > crate::cases::attachment::MAX_BYTES {
            return Err(Error::Invalid(vec![FieldError::new("file", "too_large_mb").with("max", 10)]));
        }
        let content_type = crate::cases::attachment::content_type_of(bytes)
            .ok_or_else(|| Error::Invalid(vec![FieldError::new("file", "file_type")]))?;
        let attachment = crate::cases::attachment::Attachment {
            id: Uuid::now_v7(),
            case_id: id,
            file_name,
            content_type: content_type.to_string(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            uploaded_by: ctx.actor.user_id(),
            created_at: Utc::now(),
        };
        let sealed = self.keyring()?.seal_bytes(bytes, &format!("attachment:{}", attachment.id))?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AttachmentAdded,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "attachment_id": attachment.id, "content_type": content_type, "size": attachment.size }),
        );
        self.store.insert_attachment(&attachment, &sealed, &audit).await?;
        Ok(attachment)
    }

    pub async fn attachments(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<crate::cases::attachment::Attachment>> {
        self.case(ctx, id).await?;
        self.store.attachments_of(id).await
    }

    /// An attachment's content, for a reader of the case; every download is audited.
    pub async fn attachment(
        &self,
        ctx: &Ctx,
        id: Uuid,
        attachment_id: Uuid,
    ) -> Result<(crate::cases::attachment::Attachment, Vec<u8>)> {
        self.case(ctx, id).await?;
        let (meta, sealed) = self
            .store
            .get_attachment(attachment_id)
            .await?
            .filter(|(a, _)| a.case_id == id)
            .ok_or(Error::not_found("attachment"))?;
        let bytes = self.keyring()?.open_bytes(&sealed, &format!("attachment:{attachment_id}"))?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AttachmentRead,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "attachment_id": attachment_id }),
        );
        self.store.append_audit(&audit).await?;
        Ok((meta, bytes))
    }

    /// Records that a case was opened earlier than it was entered (loading
    /// historical cases, the demo); the deadline follows. The system only.
    pub async fn backdate_case(&self, ctx: &Ctx, id: Uuid, opened_at: chrono::DateTime<Utc>) -> Result<Case> {
        if !matches!(ctx.actor, crate::access::Actor::System) {
            return Err(Error::Forbidden);
        }
        let mut case = self.store.get_case(id).await?.ok_or(Error::not_found("case"))?;
        let deadlines = self.store.sop_deadlines(&case.district_code).await?.unwrap_or_default();
        case.opened_at = opened_at;
        case.first_action_due = opened_at + chrono::Duration::hours(i64::from(deadlines.hours(case.risk)));
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Backdate,
            AuditEntity::Case,
            Some(id.to_string()),
            json!({ "opened_at": opened_at }),
        );
        self.store.set_case_opened(id, case.opened_at, case.first_action_due, &audit).await?;
        Ok(case)
    }

    /// Re-seals every confidential text sealed with an older key with the
    /// current one (after a new key is put first in the key file). Returns
    /// how many were re-sealed. Command line only.
    pub async fn reseal(&self, ctx: &Ctx) -> Result<u64> {
        if !matches!(ctx.actor, crate::access::Actor::System) {
            return Err(Error::Forbidden);
        }
        let keyring = self.keyring()?;
        let mut changed = Vec::new();
        for (kind, id, sealed) in self.store.sealed_texts().await? {
            if keyring.is_stale(&sealed) {
                let bound = match kind {
                    "note" => id.to_string(),
                    "incident" => format!("incident:{id}"),
                    other => crate::referrals::service::bound(other.trim_start_matches("referral_"), id),
                };
                let plain = keyring.open(&sealed, &bound)?;
                changed.push((kind, id, keyring.seal(&plain, &bound)?));
            }
        }
        if changed.is_empty() {
            return Ok(0);
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Reseal,
            AuditEntity::SealedText,
            None,
            json!({ "count": changed.len(), "key": keyring.current_id() }),
        );
        self.store.reseal(&changed, &audit).await?;
        Ok(changed.len() as u64)
    }

    /// The first-action deadlines of a district (the defaults until set).
    pub async fn sop_deadlines(&self, district: &AreaCode) -> Result<SopDeadlines> {
        Ok(self.store.sop_deadlines(district).await?.unwrap_or_default())
    }

    /// Sets a district's SOP deadlines (district coordinators, administrators).
    pub async fn set_sop_deadlines(&self, ctx: &Ctx, district: &str, d: &SopDeadlines) -> Result<SopDeadlines> {
        let area = self.existing_area("district", district).await?;
        if area.code.regency().as_ref() != Some(&area.code) {
            return Err(Error::invalid("district", "regency_required"));
        }
        AuthCheck::new(Permission::DirectoryManage).in_area(&area.code).check(&ctx.actor)?;
        let mut v = Validator::new();
        for (field, hours) in
            [("high_hours", d.high_hours), ("medium_hours", d.medium_hours), ("low_hours", d.low_hours)]
        {
            if !(1..=24 * 90).contains(&hours) {
                v.push(FieldError::new(field, "out_of_range").with("min", 1).with("max", 24 * 90));
            }
        }
        v.finish()?;
        let audit = AuditRecord::new(ctx, AuditAction::Update, AuditEntity::Sop, Some(area.code.to_string()), json!(d));
        self.store.put_sop_deadlines(&area.code, d, &audit).await?;
        Ok(*d)
    }
}
