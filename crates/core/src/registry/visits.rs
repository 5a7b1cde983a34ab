//! Visits and the desk queue.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission, QueueRole};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::organisations::organisation::Office;
use crate::registry::consent::{in_force, ConsentPurpose};
use crate::registry::visit::{Channel, DeskService, NewHandOver, NewVisit, QueueEntry, QueueStatus, Visit};
use crate::text::optional_text;

impl App {
    /// Logs a visit and queues the person at the desks named (which must
    /// serve at that office).
    pub async fn record_visit(&self, ctx: &Ctx, person_id: Uuid, input: &NewVisit) -> Result<Visit> {
        let person = self.writable_person(ctx, person_id, false).await?;
        let valid = input.validate()?;
        let office = self
            .store
            .get_office_by_code(valid.office_code.as_str())
            .await?
            .ok_or_else(|| Error::invalid("office_code", "unknown_office"))?;
        AuthCheck::new(Permission::PeopleWrite).in_area(&office.area_code).check(&ctx.actor)?;
        let members = self.store.office_members(office.id).await?;
        // Only the staff of an organisation serving at the office log visits there.
        if let Some(u) = ctx.actor.user() {
            if !members.iter().any(|m| m.id == u.organisation_id) {
                return Err(Error::invalid("office_code", "not_at_office"));
            }
        }
        let now = Utc::now();
        let mut desks = Vec::new();
        let mut errors = Vec::new();
        for (i, code) in valid.desks.iter().enumerate() {
            match members.iter().find(|m| m.code == code.as_str()) {
                Some(m) => desks.push(DeskService {
                    visit_id: Uuid::nil(),
                    organisation_id: m.id,
                    organisation_code: m.code.clone(),
                    organisation_name: m.name.clone(),
                    status: QueueStatus::Waiting,
                    queued_at: now,
                    called_at: None,
                    served_at: None,
                }),
                None => {
                    errors.push(FieldError::new(format!("desks[{i}]"), "not_at_office").with("value", code.as_str()))
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let id = Uuid::now_v7();
        for d in &mut desks {
            d.visit_id = id;
        }
        let visit = Visit {
            id,
            person_id: person.id,
            office_id: office.id,
            channel: valid.channel,
            purpose: valid.purpose,
            staff_id: ctx.actor.user_id(),
            recorded_by_organisation: ctx.actor.user().map(|u| u.organisation_id),
            at: now,
            desks,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Visit,
            Some(id.to_string()),
            json!({ "person_id": person.id, "office_id": office.id, "channel": visit.channel, "desks": visit.desks.len() }),
        );
        self.store.insert_visit(&visit, &audit).await?;
        Ok(visit)
    }

    /// A person's visits as the caller may see them: no desk of a
    /// protective organisation but the caller's own (and no purpose beside
    /// one), no visit recorded by one.
    pub async fn visits(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Visit>> {
        self.shared_person(ctx, person_id).await?;
        self.visits_seen(ctx, person_id).await
    }

    /// A person's visits as the caller may see them, for a reader already
    /// checked (no audit entry of its own).
    pub(crate) async fn visits_seen(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Visit>> {
        let protective = self.protective().await?;
        Ok(self
            .store
            .visits_of(person_id)
            .await?
            .into_iter()
            .filter_map(|v| protective.visit_as_seen(v, &ctx.actor))
            .collect())
    }

    /// How the caller may work an office's queue: staff of the organisation
    /// running it, or of a desk serving there; anyone else finds no queue.
    async fn queue_role(&self, ctx: &Ctx, office: &Office) -> Result<QueueRole> {
        if matches!(ctx.actor, Actor::Anonymous) {
            return Err(Error::Unauthenticated);
        }
        let members: Vec<Uuid> = match &ctx.actor {
            Actor::User(u) if u.organisation_id != office.organisation_id => {
                self.store.office_members(office.id).await?.into_iter().map(|m| m.id).collect()
            }
            _ => Vec::new(),
        };
        crate::access::protective::queue_role(&ctx.actor, office.organisation_id, &members)
            .ok_or(Error::not_found("queue"))
    }

    /// The queue entries of an office the caller may see.
    async fn queue_as_seen(&self, ctx: &Ctx, office: &Office, role: QueueRole) -> Result<Vec<QueueEntry>> {
        let entries = self.store.office_queue(office.id).await?;
        self.entries_as_seen(ctx, entries, role).await
    }

    /// Queue entries as someone of `role` sees them (the protective rule).
    async fn entries_as_seen(&self, ctx: &Ctx, entries: Vec<QueueEntry>, role: QueueRole) -> Result<Vec<QueueEntry>> {
        let protective = self.protective().await?;
        let known = self.known_people(ctx, &entries.iter().map(|e| e.person_id).collect::<Vec<_>>()).await?;
        Ok(entries
            .into_iter()
            .filter_map(|e| {
                let person_known = known.contains(&e.person_id);
                protective.queue_entry_as_seen(e, &ctx.actor, role, person_known)
            })
            .collect())
    }

    /// Who waits at which desk of an office, as the caller may see it.
    pub async fn queue(&self, ctx: &Ctx, office_id: Uuid) -> Result<Vec<QueueEntry>> {
        AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let office = self.store.get_office(office_id).await?.ok_or(Error::not_found("queue"))?;
        let role = self.queue_role(ctx, &office).await?;
        self.queue_as_seen(ctx, &office, role).await
    }

    /// Calls a waiting visitor to a desk, or marks them served: the desk's
    /// own staff, or the front desk for an ordinary desk. A visitor the
    /// caller may not see in the queue is "not found".
    pub async fn advance_queue(&self, ctx: &Ctx, visit_id: Uuid, desk_code: &str, to: QueueStatus) -> Result<()> {
        AuthCheck::new(Permission::PeopleWrite).check(&ctx.actor)?;
        let visit = self.store.get_visit(visit_id).await?.ok_or(Error::not_found("visit"))?;
        let office =
            self.store.get_office(visit.office_id).await?.ok_or_else(|| Error::internal("visit without office"))?;
        let role = self.queue_role(ctx, &office).await.map_err(|_| Error::not_found("visit"))?;
        let code = desk_code.trim().to_ascii_uppercase();
        let desk = visit.desks.iter().find(|d| d.organisation_code == code).ok_or(Error::not_found("visit"))?;
        let name = self.store.person_labels(&[visit.person_id]).await?.into_iter().next().map(|l| l.full_name);
        let entry = QueueEntry {
            desk: desk.clone(),
            office_id: visit.office_id,
            person_id: visit.person_id,
            person_name: name.unwrap_or_default(),
            purpose: visit.purpose.clone(),
            visit_desks: visit.desks.iter().map(|d| d.organisation_id).collect(),
            recorded_by_organisation: visit.recorded_by_organisation,
        };
        let known = self.known_people(ctx, &[visit.person_id]).await?.contains(&visit.person_id);
        let desk = self
            .protective()
            .await?
            .queue_entry_as_seen(entry, &ctx.actor, role, known)
            .ok_or(Error::not_found("visit"))?
            .desk;
        let allowed = matches!(
            (desk.status, to),
            (QueueStatus::Waiting, QueueStatus::Called)
                | (QueueStatus::Waiting | QueueStatus::Called, QueueStatus::Served)
        );
        if !allowed {
            return Err(Error::Conflict { code: "invalid_transition", field: Some("status".into()) });
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Visit,
            Some(visit_id.to_string()),
            json!({ "desk": desk.organisation_code, "status": to }),
        );
        self.store.set_desk_status(visit_id, desk.organisation_id, to, Utc::now(), &audit).await
    }

    /// Who waits at the caller's organisation's desk, at every office where
    /// it serves, as its staff may see them: the hand-overs and visits queued
    /// for it.
    pub async fn waiting_at_my_desk(&self, ctx: &Ctx) -> Result<Vec<QueueEntry>> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let entries = self.store.desk_queue(user.organisation_id).await?;
        self.entries_as_seen(ctx, entries, QueueRole::Desk).await
    }

    /// Hands a person over from the front desk to a partner serving at the
    /// same office: refused until her consent to share with the partner is
    /// in force (`consent_required`); she is then queued at the partner's
    /// desk, on today's visit when she has one there, and the partner finds
    /// her in its "my work".
    pub async fn hand_over(&self, ctx: &Ctx, person_id: Uuid, input: &NewHandOver) -> Result<Visit> {
        const FIELD: &str = "organisation_code";
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?.clone();
        let person = self.writable_person(ctx, person_id, false).await?;
        let purpose = optional_text("purpose", input.purpose.as_deref(), 200).map_err(|e| Error::Invalid(vec![e]))?;
        let code = input.organisation_code.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(Error::invalid(FIELD, "required"));
        }
        let partner =
            self.store.get_organisation_by_code(&code).await?.ok_or_else(|| {
                Error::Invalid(vec![FieldError::new(FIELD, "unknown_organisation").with("value", &code)])
            })?;
        if partner.id == user.organisation_id {
            return Err(Error::invalid(FIELD, "own_organisation"));
        }
        // The office where the caller's organisation and the partner both serve.
        let mut office = None;
        for o in self.store.offices_of_organisation(user.organisation_id).await? {
            if self.store.office_members(o.id).await?.iter().any(|m| m.id == partner.id) {
                office = Some(o);
                break;
            }
        }
        let office = office.ok_or_else(|| {
            Error::Invalid(vec![FieldError::new(FIELD, "not_at_office").with("value", &partner.name)])
        })?;
        AuthCheck::new(Permission::PeopleWrite).in_area(&office.area_code).check(&ctx.actor)?;
        let consents = self.store.consents_of(person.id).await?;
        if !in_force(&consents, ConsentPurpose::ShareWithPartners, Some(partner.id)) {
            return Err(Error::Invalid(vec![FieldError::new(FIELD, "consent_required").with("purpose", "hand_over")]));
        }
        let now = Utc::now();
        let desk = |visit_id| DeskService {
            visit_id,
            organisation_id: partner.id,
            organisation_code: partner.code.clone(),
            organisation_name: partner.name.clone(),
            status: QueueStatus::Waiting,
            queued_at: now,
            called_at: None,
            served_at: None,
        };
        let details = json!({ "person_id": person.id, "office_id": office.id, "organisation_id": partner.id });
        // Today's visit at the office, when the partner's desk is not on it yet.
        let today = self
            .store
            .visits_of(person.id)
            .await?
            .into_iter()
            .find(|v| v.office_id == office.id && now.signed_duration_since(v.at) < chrono::Duration::hours(12));
        match today {
            Some(v) if v.desks.iter().any(|d| d.organisation_id == partner.id && d.status != QueueStatus::Served) => {
                Err(Error::Conflict { code: "already_waiting", field: Some(FIELD.into()) })
            }
            Some(mut v) if !v.desks.iter().any(|d| d.organisation_id == partner.id) => {
                let d = desk(v.id);
                let audit =
                    AuditRecord::new(ctx, AuditAction::HandOver, AuditEntity::Visit, Some(v.id.to_string()), details);
                self.store.add_visit_desk(&d, &audit).await?;
                v.desks.push(d);
                Ok(v)
            }
            _ => {
                let id = Uuid::now_v7();
                let visit = Visit {
                    id,
                    person_id: person.id,
                    office_id: office.id,
                    channel: Channel::WalkIn,
                    purpose,
                    staff_id: Some(user.id),
                    recorded_by_organisation: Some(user.organisation_id),
                    at: now,
                    desks: vec![desk(id)],
                };
                let audit =
                    AuditRecord::new(ctx, AuditAction::HandOver, AuditEntity::Visit, Some(id.to_string()), details);
                self.store.insert_visit(&visit, &audit).await?;
                Ok(visit)
            }
        }
    }

    /// The partners the caller may hand a person over to: the other
    /// organisations serving at the caller's offices, each with whether her
    /// consent to share with it is in force (a quiet guard: the page that
    /// asks has read the person).
    pub async fn hand_over_partners(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<HandOverPartner>> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let person = self.writable_person(ctx, person_id, false).await?;
        let consents = self.store.consents_of(person.id).await?;
        let mut partners: Vec<HandOverPartner> = Vec::new();
        for office in self.store.offices_of_organisation(user.organisation_id).await? {
            for m in self.store.office_members(office.id).await? {
                if m.id == user.organisation_id || partners.iter().any(|p| p.organisation.id == m.id) {
                    continue;
                }
                let consent = in_force(&consents, ConsentPurpose::ShareWithPartners, Some(m.id));
                partners.push(HandOverPartner { office_name: office.name.clone(), organisation: m, consent });
            }
        }
        Ok(partners)
    }
}

/// A partner a person may be handed over to.
#[derive(Debug, Clone)]
pub struct HandOverPartner {
    pub organisation: crate::organisations::organisation::OrganisationSummary,
    pub office_name: String,
    /// Her consent to share with this partner is in force.
    pub consent: bool,
}
