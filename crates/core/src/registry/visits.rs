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
use crate::registry::visit::{DeskService, NewVisit, QueueEntry, QueueStatus, Visit};

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
}
