//! Around referrals: the district's pathways and the providers they suggest
//! for a case's needs, follow-up of overdue referrals, in-app notifications,
//! and the outbox worker that e-mails them.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::referrals::referral::{
    MailToSend, Mailer, Need, NewPathway, Notification, NotificationKind, OutboxRun, Pathway, ReferralFilter,
    ReferralStatus, ReferralView,
};
use crate::referrals::service::Side;

/// Referral work of a user: what they sent that is overdue, what waits in
/// their organisation's inbox, the organisation's overdue referrals (for
/// supervisors), and unread notifications.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct ReferralWork {
    pub overdue_sent: Vec<ReferralView>,
    pub inbox: Vec<ReferralView>,
    /// Only for supervisors.
    pub organisation_overdue: Vec<ReferralView>,
    pub notifications: Vec<Notification>,
}

/// Most steps a pathway may have.
const MAX_STEPS: usize = 10;

impl App {
    /// A district's referral pathways: every need, its providers in order.
    pub async fn pathways(&self, district: &str) -> Result<Vec<Pathway>> {
        let area = self.existing_area("district", district).await?;
        if area.code.regency().as_ref() != Some(&area.code) {
            return Err(Error::invalid("district", "regency_required"));
        }
        let mut stored = self.store.pathways(&area.code).await?;
        Ok(Need::ALL
            .iter()
            .map(|need| match stored.iter().position(|p| p.need == *need) {
                Some(i) => stored.swap_remove(i),
                None => Pathway { need: *need, steps: Vec::new() },
            })
            .collect())
    }

    /// Sets a district's pathway for a need (district coordinators of the
    /// district, administrators).
    pub async fn set_pathway(&self, ctx: &Ctx, district: &str, need: &str, input: &NewPathway) -> Result<Pathway> {
        let need = Need::parse("need", need).map_err(|e| Error::Invalid(vec![e]))?;
        let area = self.existing_area("district", district).await?;
        if area.code.regency().as_ref() != Some(&area.code) {
            return Err(Error::invalid("district", "regency_required"));
        }
        AuthCheck::new(Permission::DirectoryManage).in_area(&area.code).check(&ctx.actor)?;
        if input.service_ids.len() > MAX_STEPS {
            return Err(Error::Invalid(vec![
                crate::error::FieldError::new("service_ids", "too_many").with("max", MAX_STEPS)
            ]));
        }
        let mut ids: Vec<Uuid> = Vec::new();
        for (i, id) in input.service_ids.iter().enumerate() {
            if ids.contains(id) {
                return Err(Error::invalid(format!("service_ids[{i}]"), "repeated"));
            }
            if self.store.get_service(*id).await?.is_none() {
                return Err(Error::invalid(format!("service_ids[{i}]"), "unknown_service"));
            }
            ids.push(*id);
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Pathway,
            Some(format!("{}:{}", area.code, need.as_str())),
            json!({ "steps": ids.len() }),
        );
        self.store.put_pathway(&area.code, need, &ids, &audit).await?;
        self.pathways(area.code.as_str())
            .await?
            .into_iter()
            .find(|p| p.need == need)
            .ok_or_else(|| Error::internal("pathway just stored is missing"))
    }

    /// For the needs recorded on a case (those that are pathway needs), the
    /// district's active providers in order, other organisations only.
    pub async fn referral_suggestions(&self, ctx: &Ctx, case_id: Uuid) -> Result<Vec<Pathway>> {
        let case = self.case(ctx, case_id).await?;
        let needs: Vec<Need> = case.needs.iter().filter_map(|n| n.parse::<Need>().ok()).collect();
        if needs.is_empty() {
            return Ok(Vec::new());
        }
        let district = case.district_code.regency().unwrap_or_else(|| case.district_code.clone());
        Ok(self
            .store
            .pathways(&district)
            .await?
            .into_iter()
            .filter(|p| needs.contains(&p.need))
            .map(|mut p| {
                p.steps.retain(|s| s.active && s.organisation_id != case.organisation_id);
                p
            })
            .collect())
    }

    /// The caller's referral work (see [`ReferralWork`]).
    pub async fn referral_work(&self, ctx: &Ctx) -> Result<ReferralWork> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let mut work = ReferralWork::default();
        if ctx.actor.scope_of(Permission::ReferralsManage).is_none() {
            return Ok(work);
        }
        let now = Utc::now();
        // Of cases the caller may still read (a supervisor's need-to-know, a transfer).
        let readable = ctx
            .actor
            .scope_of(Permission::CasesRead)
            .map(|_| self.readable_cases(ctx, crate::cases::record::CaseFilter::default()))
            .transpose()?;
        if readable.is_some() {
            let mine =
                ReferralFilter { sent_by: Some(user.id), readable_cases: readable.clone(), ..Default::default() };
            for r in self.store.overdue_referrals(&mine, now, 100).await? {
                work.overdue_sent.push(self.list_view(r, Side::Sender).await?);
            }
        }
        let inbox = ReferralFilter {
            to_organisation_id: Some(user.organisation_id),
            statuses: vec![ReferralStatus::Sent, ReferralStatus::Accepted],
            ..Default::default()
        };
        for r in self.store.list_referrals(&inbox, crate::paging::PageRequest::first(100)).await?.items {
            work.inbox.push(self.list_view(r, Side::Receiver).await?);
        }
        if readable.is_some()
            && AuthCheck::new(Permission::CasesSupervise)
                .in_organisation(user.organisation_id)
                .check(&ctx.actor)
                .is_ok()
        {
            let org = ReferralFilter {
                from_organisation_id: Some(user.organisation_id),
                readable_cases: readable.clone(),
                ..Default::default()
            };
            for r in self.store.overdue_referrals(&org, now, 200).await? {
                work.organisation_overdue.push(self.list_view(r, Side::Sender).await?);
            }
        }
        work.notifications = self.notifications(ctx).await?;
        Ok(work)
    }

    /// The caller's notifications (and their organisation's, for those who
    /// handle referrals), unread first.
    pub async fn notifications(&self, ctx: &Ctx) -> Result<Vec<Notification>> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let organisation = ctx.actor.scope_of(Permission::ReferralsManage).map(|_| user.organisation_id);
        self.store.notifications_for(user.id, organisation, 100).await
    }

    pub async fn read_notification(&self, ctx: &Ctx, id: Uuid) -> Result<()> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let organisation = ctx.actor.scope_of(Permission::ReferralsManage).map(|_| user.organisation_id);
        if self.store.mark_notification_read(id, user.id, organisation, Utc::now()).await? {
            Ok(())
        } else {
            Err(Error::not_found("notification"))
        }
    }

    /// One pass of the outbox worker (the system only): tells senders of
    /// referrals that became overdue (once per status; outside providers get
    /// a reminder by e-mail), then sends the e-mails waiting (they wait while
    /// there is no mailer).
    pub async fn run_outbox(&self, ctx: &Ctx, mailer: Option<&dyn Mailer>) -> Result<OutboxRun> {
        if !matches!(ctx.actor, crate::access::Actor::System) {
            return Err(Error::Forbidden);
        }
        let mut run = OutboxRun::default();
        let now = Utc::now();
        run.overdue_found += self.chase_overdue_warnings(ctx, now).await?;
        for mut record in self.store.overdue_referrals(&ReferralFilter::default(), now, 500).await? {
            let status = record.referral.status;
            if record.overdue_notified == Some(status) {
                continue;
            }
            record.overdue_notified = Some(status);
            let r = &record.referral;
            let notice = Notification {
                id: Uuid::now_v7(),
                user_id: Some(r.sent_by),
                organisation_id: None,
                kind: NotificationKind::ReferralOverdue,
                referral_id: Some(r.id),
                account_id: None,
                created_at: now,
                read_at: None,
            };
            let mut notices = vec![notice];
            if !r.external && status == ReferralStatus::Sent {
                notices.push(self.to_organisation(r, NotificationKind::ReferralOverdue));
            }
            let mails = self.mails_to_provider(r, NotificationKind::ReferralOverdue).await?;
            let audit = AuditRecord::new(
                ctx,
                AuditAction::ReferralOverdue,
                AuditEntity::Case,
                Some(r.case_id.to_string()),
                json!({ "referral_id": r.id, "status": status }),
            );
            match self.store.update_referral(&record, status, &notices, &mails, &audit).await {
                Ok(()) => run.overdue_found += 1,
                // Answered meanwhile: nothing is overdue any more.
                Err(Error::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let Some(mailer) = mailer else { return Ok(run) };
        for mail in self.store.pending_mails(200).await? {
            let to_send = self.mail_to_send(mail).await?;
            let result = mailer.send(&to_send).await;
            let error = result.as_ref().err().map(String::as_str);
            self.store.record_mail_attempt(to_send.mail.id, Utc::now(), error).await?;
            match result {
                Ok(()) => run.sent += 1,
                Err(_) => run.failed += 1,
            }
        }
        Ok(run)
    }

    async fn mail_to_send(&self, mail: crate::referrals::referral::OutboxMail) -> Result<MailToSend> {
        if let Some(warning) = mail.warning_id {
            return self.warning_mail(mail, warning).await;
        }
        let referral = mail.referral_id.ok_or_else(|| Error::internal("mail about nothing"))?;
        let record =
            self.store.get_referral(referral).await?.ok_or_else(|| Error::internal("mail without referral"))?;
        let r = &record.referral;
        let service = self.store.get_service(r.service_id).await?;
        let from = self.organisation_names(&[r.from_organisation_id]).await?;
        let link = if r.external
            && r.status.allowed().iter().any(|a| *a != crate::referrals::referral::ReferralAction::Cancel)
        {
            self.link_of(&record)?
        } else {
            None
        };
        Ok(MailToSend {
            service_name: service.map(|s| s.name).unwrap_or_default(),
            from_organisation_name: from.into_iter().next().map(|(_, n)| n).unwrap_or_default(),
            urgency: r.urgency,
            answer_due: r.answer_due,
            internal_path: (!r.external).then(|| format!("/referrals/{}", r.id)),
            link,
            mail,
        })
    }
}
