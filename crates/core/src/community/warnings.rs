//! Early warnings: raised by a village, acknowledged and ended by the
//! district or the named partner, within need-to-know.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::AreaLevel;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::repo::WarningFilter;
use crate::community::warning::{NewWarning, NewWarningEnd, Warning, WarningOutcome, WarningStatus, WarningUrgency};
use crate::error::{Error, FieldError, Result};
use crate::organisations::organisation::OrgKind;
use crate::referrals::referral::{MailToSend, NotificationKind, OutboxMail, Urgency};
use crate::text::optional_text;

/// Details of a warning's audit entries: its kind and its person. Those
/// of a restricted warning name it (`subject_warning`), so that the log
/// leaves them out, whole, for everyone outside its circle.
fn audit_details(w: &Warning) -> serde_json::Value {
    json!({ "village": w.village_code.as_str(), "kind": w.kind, "person_id": w.person_id })
}

impl App {
    /// A warning checked and built, with its audit entry, not stored yet
    /// (a return notice stores it in its own transaction).
    pub(crate) async fn prepare_warning(
        &self,
        ctx: &Ctx,
        input: &NewWarning,
    ) -> Result<(Warning, AuditRecord, Vec<OutboxMail>)> {
        AuthCheck::new(Permission::CommunityWrite).check(&ctx.actor)?;
        let valid = input.validate()?;
        let village = match (valid.village_code, ctx.actor.user()) {
            (Some(v), _) => v,
            (None, Some(u)) if u.home_area.level() == AreaLevel::Village => u.home_area.clone(),
            _ => return Err(Error::invalid("village_code", "required")),
        };
        if village.level() != AreaLevel::Village || self.store.get_area(&village).await?.is_none() {
            return Err(Error::Invalid(vec![
                FieldError::new("village_code", "unknown_village").with("value", village.as_str())
            ]));
        }
        AuthCheck::new(Permission::CommunityWrite).in_area(&village).check(&ctx.actor).map_err(|_| {
            Error::Invalid(vec![FieldError::new("village_code", "outside_your_area").with("value", village.as_str())])
        })?;
        if let Some(id) = input.person_id {
            self.readable_person(ctx, id).await.map_err(|e| match e {
                Error::NotFound { .. } => Error::invalid("person_id", "unknown_person"),
                e => e,
            })?;
        }
        let partner = match &valid.partner_code {
            None => None,
            Some(code) => {
                let org = self.store.get_organisation_by_code(code.as_str()).await?;
                let district = village.regency();
                match org {
                    Some(o) if o.area_code.regency() == district && handles_warnings(o.kind) => Some(o),
                    _ => {
                        return Err(Error::Invalid(vec![
                            FieldError::new("partner_code", "unknown_partner").with("value", code.as_str())
                        ]))
                    }
                }
            }
        };
        let now = truncate_to_micros(Utc::now());
        let user = ctx.actor.user();
        let w = Warning {
            id: Uuid::now_v7(),
            kind: valid.kind,
            urgency: valid.urgency,
            village_code: village,
            person_id: input.person_id,
            person_name: None,
            partner_id: partner.as_ref().map(|p| p.id),
            partner_name: partner.map(|p| p.name),
            summary: valid.summary,
            restricted: valid.kind.restricted(),
            raised_by: user.map(|u| u.id),
            raised_by_organisation: match user {
                Some(u) => u.organisation_id,
                None => Uuid::nil(),
            },
            raised_at: now,
            due_at: now + valid.urgency.acknowledge_within(),
            acknowledged_by: None,
            acknowledged_at: None,
            outcome: None,
            outcome_note: None,
            case_id: None,
            ended_by: None,
            ended_at: None,
            status: WarningStatus::Raised,
            overdue: false,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::EarlyWarning,
            Some(w.id.to_string()),
            audit_details(&w),
        );
        let mails = self.warning_mails(&w, NotificationKind::WarningRaised).await?;
        Ok((w, audit, mails))
    }

    /// The e-mails telling of a warning (no personal data, not even its
    /// kind): to the named partner and, unless it is need-to-know, to the
    /// district's government.
    async fn warning_mails(&self, w: &Warning, kind: NotificationKind) -> Result<Vec<OutboxMail>> {
        let mut addresses = Vec::new();
        if let Some(partner) = w.partner_id {
            addresses.extend(self.store.get_organisation(partner).await?.and_then(|o| o.email));
        }
        if !w.restricted {
            let filter = crate::organisations::organisation::OrganisationFilter {
                kind: Some(OrgKind::DistrictGovernment),
                within: w.village_code.regency(),
                ..Default::default()
            };
            for o in self.store.list_organisations(&filter, crate::paging::PageRequest::first(5)).await?.items {
                addresses.extend(self.store.get_organisation(o.id).await?.and_then(|o| o.email));
            }
        }
        addresses.dedup();
        Ok(addresses
            .into_iter()
            .map(|to_address| OutboxMail {
                id: Uuid::now_v7(),
                to_address,
                kind,
                referral_id: None,
                warning_id: Some(w.id),
                created_at: Utc::now(),
                attempts: 0,
            })
            .collect())
    }

    /// Chases the warnings not acknowledged by their deadline, once each:
    /// a reminder by e-mail and an audit entry. How many were found.
    pub(crate) async fn chase_overdue_warnings(&self, ctx: &Ctx, now: chrono::DateTime<Utc>) -> Result<u64> {
        let mut found = 0;
        for w in self.store.overdue_warnings(now, 500).await? {
            let mails = self.warning_mails(&w, NotificationKind::WarningOverdue).await?;
            let audit = AuditRecord::new(
                ctx,
                AuditAction::WarningOverdue,
                AuditEntity::EarlyWarning,
                Some(w.id.to_string()),
                audit_details(&w),
            );
            if self.store.mark_warning_overdue(w.id, &mails, &audit).await? {
                found += 1;
            }
        }
        Ok(found)
    }

    /// An outbox e-mail about a warning, ready to send: who raised it, how
    /// urgent, by when, and the page to open.
    pub(crate) async fn warning_mail(&self, mail: OutboxMail, id: Uuid) -> Result<MailToSend> {
        let w = self.store.get_warning(id).await?.ok_or_else(|| Error::internal("mail without warning"))?;
        let from = self.organisation_names(&[w.raised_by_organisation]).await?;
        Ok(MailToSend {
            service_name: String::new(),
            from_organisation_name: from.into_iter().next().map(|(_, n)| n).unwrap_or_default(),
            urgency: match w.urgency {
                WarningUrgency::Urgent => Urgency::Emergency,
                WarningUrgency::Normal => Urgency::Urgent,
            },
            answer_due: w.due_at,
            internal_path: Some(format!("/warnings/{id}")),
            link: None,
            mail,
        })
    }

    /// Raises an early warning to the district (and the partner named).
    pub async fn raise_warning(&self, ctx: &Ctx, input: &NewWarning) -> Result<Warning> {
        let (w, audit, mails) = self.prepare_warning(ctx, input).await?;
        self.store.insert_warning(&w, &mails, &audit).await?;
        Ok(w)
    }

    /// The guard of a warning: within need-to-know, else exactly "not found".
    async fn readable_warning(&self, ctx: &Ctx, id: Uuid) -> Result<Warning> {
        let w = self.store.get_warning(id).await?.ok_or(Error::not_found("warning"))?;
        if !w.may_read(&ctx.actor) {
            return Err(Error::not_found("warning"));
        }
        Ok(w.with_status(Utc::now()))
    }

    /// Fills in the names the caller may read. The names of ordinary
    /// warnings are one audited list read; a restricted warning's person is
    /// read in an entry of the warning's own, which the log hides with it
    /// (a name read beside it would tell outsiders who handles her).
    async fn name_warnings(&self, ctx: &Ctx, warnings: &mut [Warning], audited: bool) -> Result<()> {
        let open: Vec<Uuid> = warnings.iter().filter(|w| !w.restricted).filter_map(|w| w.person_id).collect();
        let names = if audited { self.community_names(ctx, &open).await? } else { self.names_only(ctx, &open).await? };
        let hidden: Vec<Uuid> = warnings.iter().filter(|w| w.restricted).filter_map(|w| w.person_id).collect();
        let hidden_names = self.names_only(ctx, &hidden).await?;
        for w in warnings {
            let Some(id) = w.person_id else { continue };
            if w.restricted {
                w.person_name = hidden_names.get(&id).cloned();
                if audited && w.person_name.is_some() {
                    let audit = AuditRecord::new(
                        ctx,
                        AuditAction::ReadNames,
                        AuditEntity::EarlyWarning,
                        Some(w.id.to_string()),
                        audit_details(w),
                    );
                    self.store.append_audit(&audit).await?;
                }
            } else {
                w.person_name = names.get(&id).cloned();
            }
        }
        Ok(())
    }

    /// Names the caller may read, without an entry of their own (the caller
    /// records the read).
    async fn names_only(&self, ctx: &Ctx, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, String>> {
        if ids.is_empty() || AuthCheck::new(Permission::PeopleRead).check(&ctx.actor).is_err() {
            return Ok(Default::default());
        }
        Ok(self.names_seen(ctx, ids).await?.0)
    }

    /// One warning, read (audited).
    pub async fn warning(&self, ctx: &Ctx, id: Uuid) -> Result<Warning> {
        let mut w = self.readable_warning(ctx, id).await?;
        // The read below names her person: no list entry of its own.
        self.name_warnings(ctx, std::slice::from_mut(&mut w), false).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Read,
            AuditEntity::EarlyWarning,
            Some(id.to_string()),
            audit_details(&w),
        );
        self.store.append_audit(&audit).await?;
        Ok(w)
    }

    /// The warnings the caller may see: those of her village or district,
    /// those named to her organisation, those she raised. Open ones first,
    /// the most pressing first; `open_only` leaves out the ended ones.
    pub async fn warnings(&self, ctx: &Ctx, open_only: bool) -> Result<Vec<Warning>> {
        let user = ctx.actor.user();
        let read = AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).ok();
        let handle = AuthCheck::new(Permission::WarningsHandle).check(&ctx.actor).ok();
        if read.is_none() && handle.is_none() {
            return Err(AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).err().unwrap_or(Error::Forbidden));
        }
        let mut within = match read {
            Some(_) => self.community_area(ctx, Permission::CommunityRead)?,
            None => None,
        };
        if handle.is_some_and(|s| s.covers(Scope::District)) {
            let district = self.community_area(ctx, Permission::WarningsHandle)?;
            within = match (within, district) {
                (Some(a), Some(d)) if a.is_within(&d) => Some(d),
                (w, d) => w.or(d),
            };
        }
        let all =
            matches!(ctx.actor, crate::access::Actor::System) || read == Some(Scope::All) || handle == Some(Scope::All);
        let filter = WarningFilter {
            within,
            all,
            partner_id: user.map(|u| u.organisation_id),
            raised_by: user.map(|u| u.id),
            open_only,
        };
        let now = Utc::now();
        let mut list: Vec<Warning> = self
            .store
            .list_warnings(&filter, 500)
            .await?
            .into_iter()
            .filter(|w| w.may_read(&ctx.actor))
            .map(|w| w.with_status(now))
            .collect();
        self.name_warnings(ctx, &mut list, true).await?;
        Ok(list)
    }

    /// Acknowledges a warning: the district or the partner has seen it.
    pub async fn acknowledge_warning(&self, ctx: &Ctx, id: Uuid) -> Result<Warning> {
        let w = self.readable_warning(ctx, id).await?;
        if !w.may_handle(&ctx.actor) {
            return Err(Error::Forbidden);
        }
        if w.acknowledged_at.is_some() || w.outcome.is_some() {
            return Err(Error::Conflict { code: "already_acknowledged", field: None });
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Acknowledge,
            AuditEntity::EarlyWarning,
            Some(id.to_string()),
            audit_details(&w),
        );
        if !self.store.acknowledge_warning(id, ctx.actor.user_id(), Utc::now(), &audit).await? {
            return Err(Error::Conflict { code: "already_acknowledged", field: None });
        }
        self.reread_warning(ctx, id).await
    }

    async fn reread_warning(&self, ctx: &Ctx, id: Uuid) -> Result<Warning> {
        let mut w = self.store.get_warning(id).await?.ok_or(Error::not_found("warning"))?.with_status(Utc::now());
        self.name_warnings(ctx, std::slice::from_mut(&mut w), true).await?;
        Ok(w)
    }

    /// Ends a warning: a case opened for it (linked), referred, or closed
    /// with a reason. Acknowledged first, if it was not.
    pub async fn end_warning(&self, ctx: &Ctx, id: Uuid, input: &NewWarningEnd) -> Result<Warning> {
        let w = self.readable_warning(ctx, id).await?;
        if !w.may_handle(&ctx.actor) {
            return Err(Error::Forbidden);
        }
        let mut errors = Vec::new();
        let outcome = WarningOutcome::parse("outcome", &input.outcome).map_err(|e| errors.push(e)).ok();
        let note = optional_text("note", input.note.as_deref(), 1000).map_err(|e| errors.push(e)).ok().flatten();
        if outcome == Some(WarningOutcome::Closed) && note.is_none() && errors.is_empty() {
            errors.push(FieldError::new("note", "required"));
        }
        let case_id = match (outcome, input.case_id) {
            (Some(WarningOutcome::CaseOpened), None) => {
                errors.push(FieldError::new("case_id", "required"));
                None
            }
            (Some(WarningOutcome::CaseOpened), Some(case_id)) => match self.readable_case(ctx, case_id).await {
                Ok(case) if w.person_id.is_none_or(|p| p == case.person_id) => Some(case_id),
                Ok(_) => {
                    errors.push(FieldError::new("case_id", "other_person"));
                    None
                }
                Err(Error::NotFound { .. }) => {
                    errors.push(FieldError::new("case_id", "unknown_case"));
                    None
                }
                Err(e) => return Err(e),
            },
            (_, Some(_)) => {
                errors.push(FieldError::new("case_id", "only_for_case_opened"));
                None
            }
            _ => None,
        };
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let outcome = outcome.ok_or_else(|| Error::invalid("outcome", "required"))?;
        if w.outcome.is_some() {
            return Err(Error::Conflict { code: "already_ended", field: None });
        }
        let mut details = audit_details(&w);
        details["outcome"] = json!(outcome);
        if let Some(c) = case_id {
            details["case_id"] = json!(c);
        }
        let audit = AuditRecord::new(ctx, AuditAction::Close, AuditEntity::EarlyWarning, Some(id.to_string()), details);
        let ended = self
            .store
            .end_warning(id, outcome, note.as_deref(), case_id, ctx.actor.user_id(), Utc::now(), &audit)
            .await?;
        if !ended {
            return Err(Error::Conflict { code: "already_ended", field: None });
        }
        self.reread_warning(ctx, id).await
    }

    /// The partners a warning may name: the unions, crisis centres and NGOs
    /// of the caller's district.
    pub async fn warning_partners(
        &self,
        ctx: &Ctx,
    ) -> Result<Vec<crate::organisations::organisation::OrganisationSummary>> {
        AuthCheck::new(Permission::CommunityWrite).check(&ctx.actor)?;
        let Some(district) = ctx.actor.user().and_then(|u| u.home_area.regency()) else { return Ok(Vec::new()) };
        let filter =
            crate::organisations::organisation::OrganisationFilter { within: Some(district), ..Default::default() };
        let page = self.store.list_organisations(&filter, crate::paging::PageRequest::first(500)).await?;
        Ok(page.items.into_iter().filter(|o| handles_warnings(o.kind)).collect())
    }

    /// The cases of a warning's person the caller may read: what "case
    /// opened" may link to.
    pub async fn warning_cases(&self, ctx: &Ctx, w: &Warning) -> Result<Vec<crate::cases::record::Case>> {
        let Some(person) = w.person_id else { return Ok(Vec::new()) };
        if AuthCheck::new(Permission::CasesRead).check(&ctx.actor).is_err() {
            return Ok(Vec::new());
        }
        Ok(self.case_mentions(ctx, person).await?.into_iter().filter_map(|m| m.case).collect())
    }
}

/// The partners a warning may name: those who take up cases and have
/// supervisors to handle need-to-know ones (the coordinator is told of
/// every other warning anyway).
fn handles_warnings(kind: OrgKind) -> bool {
    matches!(kind, OrgKind::TradeUnion | OrgKind::CrisisCentre | OrgKind::Ngo)
}
