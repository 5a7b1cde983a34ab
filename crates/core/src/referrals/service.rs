//! Referrals from a case to a service: sending (consent-gated, with a
//! supervisor's audited override), reading by the sender and the receiver,
//! the receiver's answer, and the case's referrals.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::CaseStatus;
use crate::cases::record::Case;
use crate::directory::model::ServiceStatus;
use crate::error::{Error, FieldError, Moves, Result, Validator};
use crate::paging::{Page, PageRequest};
use crate::referrals::referral::{
    default_deadlines, AnswerChannel, Need, NewReferral, Notification, NotificationKind, OutboxMail, Referral,
    ReferralAction, ReferralFilter, ReferralRecord, ReferralStatus, ReferralView, SharedInfo, SharedItem, Urgency,
    LINK_DAYS,
};
use crate::registry::consent::{given_in_force, ConsentPurpose};
use crate::text::optional_text;

/// Which side of a referral the reader is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The sending organisation (readers of the case).
    Sender,
    /// The receiving organisation (its users who handle referrals).
    Receiver,
    /// The command line.
    System,
}

/// Which referrals a list shows: those the caller's organisation sent or received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralBox {
    Sent,
    Received,
}

/// The record a referral text is sealed for.
pub(crate) fn bound(kind: &str, id: Uuid) -> String {
    format!("referral:{kind}:{id}")
}

fn due_date(v: &mut Validator, field: &str, raw: Option<&str>, today: NaiveDate) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    v.check(
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid_date").with("value", raw))
            .and_then(|d| if d < today { Err(FieldError::new(field, "past_date")) } else { Ok(d) }),
    )
}

fn end_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)).and_utc()
}

impl App {
    /// Sends a referral from a case to a service. The person must have
    /// consented to a referral to the service's organisation; without it a
    /// supervisor of the case's organisation may send it with a written
    /// reason (audited). What is shared is the sender's choice; restricted
    /// content only when named.
    pub async fn send_referral(&self, ctx: &Ctx, input: &NewReferral) -> Result<Referral> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?.clone();
        let case = self.workable_case(ctx, input.case_id).await?;
        AuthCheck::new(Permission::ReferralsManage).in_organisation(case.organisation_id).check(&ctx.actor)?;
        if case.status == CaseStatus::Closed {
            return Err(Error::Conflict { code: "case_closed", field: None });
        }
        let now = Utc::now();
        let today = now.date_naive();
        let mut v = Validator::new();
        let reason = v.check(optional_text("reason", Some(&input.reason), 2000)).flatten();
        if reason.is_none() {
            v.push(FieldError::new("reason", "required"));
        }
        let urgency = v.check(Urgency::parse("urgency", &input.urgency));
        let need = match input.need.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => v.check(Need::parse("need", n)),
        };
        let answer_due = due_date(&mut v, "answer_due", input.answer_due.as_deref(), today);
        let completion_due = due_date(&mut v, "completion_due", input.completion_due.as_deref(), today);
        let shared = match &input.share {
            Some(items) => v.codes("share", items, SharedItem::parse),
            None => SharedItem::defaults(case.restricted),
        };
        let override_reason =
            v.check(optional_text("override_reason", input.override_reason.as_deref(), 2000)).flatten();
        let service = match self.store.get_service(input.service_id).await? {
            None => {
                v.push(FieldError::new("service_id", "unknown_service"));
                None
            }
            Some(s) if s.status != ServiceStatus::Active => {
                v.push(FieldError::new("service_id", "service_inactive"));
                None
            }
            Some(s) if s.organisation_id == case.organisation_id => {
                v.push(FieldError::new("service_id", "same_organisation"));
                None
            }
            Some(s) => Some(s),
        };
        v.finish()?;
        let (Some(reason), Some(urgency), Some(service)) = (reason, urgency, service) else {
            return Err(Error::internal("validator passed with missing fields"));
        };
        let to = service.organisation_id;
        let history = self.store.consents_of(case.person_id).await?;
        let consent_id = given_in_force(&history, ConsentPurpose::Referral, Some(to)).map(|c| c.id);
        let override_by = match (consent_id, &override_reason) {
            (Some(_), _) => None,
            (None, None) => {
                return Err(Error::Invalid(vec![
                    FieldError::new("consent", "consent_required").with("purpose", "referral")
                ]))
            }
            (None, Some(_)) => {
                AuthCheck::new(Permission::CasesSupervise).in_organisation(case.organisation_id).check(&ctx.actor)?;
                Some(user.id)
            }
        };
        let (default_answer, default_completion) = default_deadlines(urgency, now);
        let external = !self.store.organisation_has_users(to).await?;
        let id = Uuid::now_v7();
        let keyring = self.keyring()?;
        let mut referral = Referral {
            id,
            case_id: case.id,
            person_id: case.person_id,
            service_id: service.id,
            from_organisation_id: case.organisation_id,
            to_organisation_id: to,
            sent_by: user.id,
            need,
            urgency,
            reason: keyring.seal(&reason, &bound("reason", id))?,
            shared: shared.clone(),
            consent_id,
            override_by,
            override_reason: match override_by.and(override_reason.as_deref()) {
                Some(r) => Some(keyring.seal(r, &bound("override", id))?),
                None => None,
            },
            status: ReferralStatus::Sent,
            overdue: false,
            sent_at: now,
            answer_due: answer_due.map(end_of).unwrap_or(default_answer),
            completion_due: completion_due.unwrap_or(default_completion),
            answered_at: None,
            answered_by: None,
            answered_via: None,
            decline_reason: None,
            completed_at: None,
            feedback: None,
            cancelled_at: None,
            external,
            link_expires_at: None,
            updated_at: now,
        };
        if referral.completion_due < referral.answer_due.date_naive() {
            return Err(Error::invalid("completion_due", "before_answer_due"));
        }
        let mut record =
            ReferralRecord { referral: referral.clone(), link_nonce: None, link_code: None, overdue_notified: None };
        if external {
            self.new_link(&mut record, now)?;
        }
        referral = record.referral.clone();
        let notifications = if external {
            Vec::new()
        } else {
            vec![self.to_organisation(&referral, NotificationKind::ReferralReceived)]
        };
        let mails = self.mails_to_provider(&referral, NotificationKind::ReferralReceived).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::ReferralSent,
            AuditEntity::Case,
            Some(case.id.to_string()),
            json!({
                "referral_id": id, "service_id": service.id, "to": to, "urgency": urgency, "need": need,
                "shared": shared, "consent_override": override_by.is_some(), "external": external,
            }),
        );
        self.store.insert_referral(&record, &notifications, &mails, &audit).await?;
        // The command returns its record; reading it back is a read of its own.
        self.opened(&record, Side::Sender)
    }

    /// One referral: for readers of the case on the sending side, and for the
    /// receiving organisation's users who handle referrals (who read what was
    /// shared once they accept it). Anyone else: not found.
    pub async fn referral(&self, ctx: &Ctx, id: Uuid) -> Result<ReferralView> {
        let record = self.store.get_referral(id).await?.ok_or(Error::not_found("referral"))?;
        let (side, case) = self.side_of(ctx, &record.referral).await?;
        self.view_of(ctx, record, side, case.as_ref()).await
    }

    /// The referrals the caller's organisation sent (of cases the caller may
    /// read) or received, newest first.
    pub async fn referrals(
        &self,
        ctx: &Ctx,
        which: ReferralBox,
        statuses: Vec<ReferralStatus>,
        page: PageRequest,
    ) -> Result<Page<ReferralView>> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        AuthCheck::new(Permission::ReferralsManage).in_organisation(user.organisation_id).check(&ctx.actor)?;
        let mut filter = ReferralFilter { statuses, ..Default::default() };
        let side = match which {
            ReferralBox::Sent => {
                // Referrals leave from cases: without reading cases, there are none to see.
                if ctx.actor.scope_of(Permission::CasesRead).is_none() {
                    return Ok(Page { items: Vec::new(), total: 0, limit: page.limit, offset: page.offset });
                }
                filter.from_organisation_id = Some(user.organisation_id);
                // Only referrals of cases the caller may read, left out before counting.
                filter.readable_cases = Some(self.readable_cases(ctx, crate::cases::record::CaseFilter::default())?);
                Side::Sender
            }
            ReferralBox::Received => {
                filter.to_organisation_id = Some(user.organisation_id);
                Side::Receiver
            }
        };
        let found = self.store.list_referrals(&filter, page).await?;
        let mut items = Vec::with_capacity(found.items.len());
        for record in found.items {
            items.push(self.list_view(record, side).await?);
        }
        Ok(Page { items, total: found.total, limit: found.limit, offset: found.offset })
    }

    /// The referrals of a case, newest first (readers of the case).
    pub async fn case_referrals(&self, ctx: &Ctx, case_id: Uuid) -> Result<Vec<ReferralView>> {
        self.case(ctx, case_id).await?;
        self.referrals_of_case(case_id).await
    }

    /// A case's referrals (for a reader already checked).
    pub(crate) async fn referrals_of_case(&self, case_id: Uuid) -> Result<Vec<ReferralView>> {
        let filter = ReferralFilter { case_id: Some(case_id), ..Default::default() };
        let found = self.store.list_referrals(&filter, PageRequest::first(PageRequest::MAX_LIMIT)).await?;
        let mut out = Vec::with_capacity(found.items.len());
        for record in found.items {
            out.push(self.list_view(record, Side::Sender).await?);
        }
        Ok(out)
    }

    /// A move of a referral made in the app: the receiving organisation
    /// accepts, declines (saying why) or completes (with its feedback for
    /// the case); the sender cancels.
    pub async fn answer_referral(
        &self,
        ctx: &Ctx,
        id: Uuid,
        action: ReferralAction,
        text: Option<&str>,
    ) -> Result<Referral> {
        let record = self.store.get_referral(id).await?.ok_or(Error::not_found("referral"))?;
        let (side, case) = self.side_of(ctx, &record.referral).await?;
        let mine = match action {
            ReferralAction::Cancel => side != Side::Receiver,
            _ => side != Side::Sender,
        };
        if !mine {
            return Err(Error::Forbidden);
        }
        if action == ReferralAction::Cancel {
            if let Some(case) = &case {
                self.workable_case(ctx, case.id).await?;
            }
        }
        let record = self.apply(ctx, record, action, text, AnswerChannel::App).await?;
        // The command returns its record; reading it (and what is shared)
        // is a read of its own, audited there.
        self.opened(&record, side)
    }

    /// Applies a move (from the app or a link): checks it is allowed now,
    /// records the answer, notifies the other side, audits on the case.
    pub(crate) async fn apply(
        &self,
        ctx: &Ctx,
        mut record: ReferralRecord,
        action: ReferralAction,
        text: Option<&str>,
        via: AnswerChannel,
    ) -> Result<ReferralRecord> {
        let before = record.referral.status;
        if !before.allowed().contains(&action) {
            return Err(Error::InvalidTransition { allowed: Moves::of(before.allowed()) });
        }
        let now = Utc::now();
        // Through a link, whoever holds it answers for the provider.
        let by = if via == AnswerChannel::App { ctx.actor.user_id() } else { None };
        let r = &mut record.referral;
        match action {
            ReferralAction::Accept => {
                r.answered_at = Some(now);
                r.answered_by = by;
                r.answered_via = Some(via);
            }
            ReferralAction::Decline => {
                let reason = optional_text("reason", text, 1000)
                    .map_err(|e| Error::Invalid(vec![e]))?
                    .ok_or_else(|| Error::invalid("reason", "required"))?;
                r.answered_at = Some(now);
                r.answered_by = by;
                r.answered_via = Some(via);
                r.decline_reason = Some(reason);
            }
            ReferralAction::Complete => {
                let feedback = optional_text("feedback", text, 4000)
                    .map_err(|e| Error::Invalid(vec![e]))?
                    .ok_or_else(|| Error::invalid("feedback", "required"))?;
                r.completed_at = Some(now);
                r.feedback = Some(self.keyring()?.seal(&feedback, &bound("feedback", r.id))?);
                if via == AnswerChannel::Link {
                    r.answered_via = Some(via);
                }
            }
            ReferralAction::Cancel => r.cancelled_at = Some(now),
        }
        r.status = ReferralStatus::after(action);
        r.updated_at = now;
        let kind = match action {
            ReferralAction::Accept => NotificationKind::ReferralAccepted,
            ReferralAction::Decline => NotificationKind::ReferralDeclined,
            ReferralAction::Complete => NotificationKind::ReferralCompleted,
            ReferralAction::Cancel => NotificationKind::ReferralCancelled,
        };
        let (notifications, mails) = if action == ReferralAction::Cancel {
            let inside = if r.external { Vec::new() } else { vec![self.to_organisation(r, kind)] };
            (inside, self.mails_to_provider(r, kind).await?)
        } else {
            (
                vec![Notification {
                    id: Uuid::now_v7(),
                    user_id: Some(r.sent_by),
                    organisation_id: None,
                    kind,
                    referral_id: Some(r.id),
                    account_id: None,
                    created_at: now,
                    read_at: None,
                }],
                Vec::new(),
            )
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::from(r.status),
            AuditEntity::Case,
            Some(r.case_id.to_string()),
            json!({ "referral_id": r.id, "via": via }),
        );
        self.store.update_referral(&record, before, &notifications, &mails, &audit).await?;
        Ok(record)
    }

    /// Which side the caller is on (and the case, for the sender), or not found.
    pub(crate) async fn side_of(&self, ctx: &Ctx, r: &Referral) -> Result<(Side, Option<Case>)> {
        let user = match &ctx.actor {
            Actor::System => return Ok((Side::System, None)),
            Actor::Anonymous => return Err(Error::Unauthenticated),
            Actor::User(u) => u,
        };
        if user.organisation_id == r.to_organisation_id {
            AuthCheck::new(Permission::ReferralsManage)
                .in_organisation(r.to_organisation_id)
                .check(&ctx.actor)
                .map_err(|_| Error::not_found("referral"))?;
            return Ok((Side::Receiver, None));
        }
        if user.organisation_id == r.from_organisation_id {
            let case = self.readable_case(ctx, r.case_id).await.map_err(|_| Error::not_found("referral"))?;
            return Ok((Side::Sender, Some(case)));
        }
        Err(Error::not_found("referral"))
    }

    /// A referral's texts opened, and what this side may see of them.
    pub(crate) fn opened(&self, record: &ReferralRecord, side: Side) -> Result<Referral> {
        let keyring = self.keyring()?;
        let mut r = record.referral.clone();
        r.reason = keyring.open(&r.reason, &bound("reason", r.id))?;
        r.feedback = match &r.feedback {
            Some(f) => Some(keyring.open(f, &bound("feedback", r.id))?),
            None => None,
        };
        r.override_reason = match (&r.override_reason, side) {
            (Some(o), Side::Sender | Side::System) => Some(keyring.open(o, &bound("override", r.id))?),
            _ => None,
        };
        r.overdue = r.is_overdue(Utc::now());
        Ok(r)
    }

    /// A referral in a list: names, no shared information.
    pub(crate) async fn list_view(&self, record: ReferralRecord, side: Side) -> Result<ReferralView> {
        let referral = self.opened(&record, side)?;
        self.named(referral, side, None).await
    }

    async fn view_of(
        &self,
        ctx: &Ctx,
        record: ReferralRecord,
        side: Side,
        case: Option<&Case>,
    ) -> Result<ReferralView> {
        let referral = self.opened(&record, side)?;
        let shared_info = match side {
            Side::Sender | Side::System => Some(self.shared_info(&referral, case, SharedItem::ALL).await?),
            Side::Receiver => {
                let open = matches!(referral.status, ReferralStatus::Accepted | ReferralStatus::Completed);
                if open && self.consent_holds(&referral).await? {
                    Some(self.shared_info(&referral, None, SharedItem::ALL).await?)
                } else {
                    None
                }
            }
        };
        // The one audited read of a referral: whoever sees what is shared
        // about the person (the sender reads it from the case).
        if shared_info.is_some() {
            let audit = AuditRecord::new(
                ctx,
                AuditAction::Read,
                AuditEntity::Referral,
                Some(referral.id.to_string()),
                json!({}),
            );
            self.store.append_audit(&audit).await?;
        }
        self.named(referral, side, shared_info).await
    }

    async fn named(&self, referral: Referral, side: Side, shared_info: Option<SharedInfo>) -> Result<ReferralView> {
        let names = self.organisation_names(&[referral.from_organisation_id, referral.to_organisation_id]).await?;
        let name = |id: Uuid| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_default();
        let service_name = self.store.get_service(referral.service_id).await?.map(|s| s.name).unwrap_or_default();
        let actions = referral
            .status
            .allowed()
            .iter()
            .filter(|a| match side {
                Side::Sender => **a == ReferralAction::Cancel,
                Side::Receiver => **a != ReferralAction::Cancel,
                Side::System => true,
            })
            .copied()
            .collect();
        Ok(ReferralView {
            service_name,
            from_organisation_name: name(referral.from_organisation_id),
            to_organisation_name: name(referral.to_organisation_id),
            actions,
            shared_info,
            referral,
        })
    }

    /// The referral consent still holds (a withdrawal stops sharing), or a
    /// supervisor sent it without one.
    pub(crate) async fn consent_holds(&self, r: &Referral) -> Result<bool> {
        if r.override_by.is_some() {
            return Ok(true);
        }
        let history = self.store.consents_of(r.person_id).await?;
        Ok(given_in_force(&history, ConsentPurpose::Referral, Some(r.to_organisation_id)).is_some())
    }

    /// What the sender chose to share (of `items`), read from the records now.
    pub(crate) async fn shared_info(
        &self,
        r: &Referral,
        case: Option<&Case>,
        items: &[SharedItem],
    ) -> Result<SharedInfo> {
        let mut info = SharedInfo::default();
        let person =
            self.store.get_person(r.person_id).await?.ok_or_else(|| Error::internal("referral without person"))?;
        let has = |i: SharedItem| r.shared.contains(&i) && items.contains(&i);
        if has(SharedItem::Identity) {
            info.full_name = Some(person.full_name.clone());
            info.sex = Some(person.sex.as_str().to_string());
            info.age = person.age_on(Utc::now().date_naive());
        }
        if has(SharedItem::Contact) {
            info.phone = person.phone.clone();
        }
        if has(SharedItem::Address) {
            if let Some(v) = &person.village_code {
                info.village_name = self.store.get_area(v).await?.map(|a| a.name);
                info.village_code = Some(v.to_string());
            }
            info.address = person.address.clone();
        }
        let case = match case {
            Some(c) => Some(c.clone()),
            None => self.store.get_case(r.case_id).await?,
        };
        if let (true, Some(c)) = (has(SharedItem::CaseSummary), &case) {
            info.case_kind = Some(c.kind.as_str().to_string());
            info.case_stage = Some(c.stage.as_str().to_string());
            info.needs = c.needs.clone();
        }
        let keyring = self.keyring()?;
        if has(SharedItem::Incident) {
            if let Some((incident, sealed)) = self.store.get_incident(r.case_id).await? {
                info.incident_type = Some(incident.gbv_type.as_str().to_string());
                info.incident_narrative = match sealed {
                    Some(s) => Some(keyring.open(&s, &format!("incident:{}", r.case_id))?),
                    None => None,
                };
            }
        }
        if has(SharedItem::Notes) {
            for n in self.store.notes_of(r.case_id).await? {
                info.notes.push(keyring.open(&n.sealed, &n.id.to_string())?);
            }
        }
        Ok(info)
    }

    /// An in-app notice to everyone of the receiving organisation who handles referrals.
    pub(crate) fn to_organisation(&self, r: &Referral, kind: NotificationKind) -> Notification {
        Notification {
            id: Uuid::now_v7(),
            user_id: None,
            organisation_id: Some(r.to_organisation_id),
            kind,
            referral_id: Some(r.id),
            account_id: None,
            created_at: Utc::now(),
            read_at: None,
        }
    }

    /// An e-mail to the provider: to the service's address, else its
    /// organisation's; none when neither has one (the form is printed then).
    pub(crate) async fn mails_to_provider(&self, r: &Referral, kind: NotificationKind) -> Result<Vec<OutboxMail>> {
        let service = self.store.get_service(r.service_id).await?;
        let address = match service.and_then(|s| s.email) {
            Some(e) => Some(e),
            None => self.store.get_organisation(r.to_organisation_id).await?.and_then(|o| o.email),
        };
        Ok(address
            .into_iter()
            .map(|to_address| OutboxMail {
                id: Uuid::now_v7(),
                to_address,
                kind,
                referral_id: Some(r.id),
                warning_id: None,
                created_at: Utc::now(),
                attempts: 0,
            })
            .collect())
    }

    /// Records that a referral was sent `days` earlier than it was entered
    /// (historical referrals, the demo); its deadlines follow. The system only.
    pub async fn backdate_referral(&self, ctx: &Ctx, id: Uuid, days: i64) -> Result<()> {
        if !matches!(ctx.actor, Actor::System) {
            return Err(Error::Forbidden);
        }
        let r = self.store.get_referral(id).await?.ok_or(Error::not_found("referral"))?.referral;
        let shift = chrono::Duration::days(days);
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Backdate,
            AuditEntity::Referral,
            Some(id.to_string()),
            json!({ "days": days }),
        );
        self.store
            .set_referral_dates(id, r.sent_at - shift, r.answer_due - shift, r.completion_due - shift, &audit)
            .await
    }

    /// Gives an outside provider's referral a new link (and printed-form code).
    pub(crate) fn new_link(&self, record: &mut ReferralRecord, now: DateTime<Utc>) -> Result<()> {
        let code = crate::identity::secrets::new_code();
        let id = record.referral.id;
        record.link_nonce = Some(crate::identity::secrets::new_secret().chars().take(22).collect());
        record.link_code = Some((
            crate::identity::secrets::secret_hash(&crate::identity::secrets::normalise_code(&code)),
            self.keyring()?.seal(&code, &bound("code", id))?,
        ));
        record.referral.link_expires_at =
            Some(crate::audit::chain::truncate_to_micros(now + chrono::Duration::days(LINK_DAYS)));
        Ok(())
    }
}
