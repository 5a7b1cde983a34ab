//! Visits and the desk queue.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::AuditRecord;
use crate::error::{Error, FieldError, Result};
use crate::visit::{DeskService, NewVisit, QueueEntry, QueueStatus, Visit};

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
            at: now,
            desks,
        };
        let audit = AuditRecord::new(
            ctx,
            "create",
            "visit",
            Some(id.to_string()),
            json!({ "person_id": person.id, "office_id": office.id, "channel": visit.channel, "desks": visit.desks.len() }),
        );
        self.store.insert_visit(&visit, &audit).await?;
        Ok(visit)
    }

    pub async fn visits(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Visit>> {
        self.shared_person(ctx, person_id).await?;
        self.store.visits_of(person_id).await
    }

    /// Who waits at which desk of an office.
    pub async fn queue(&self, ctx: &Ctx, office_id: Uuid) -> Result<Vec<QueueEntry>> {
        let office = self.store.get_office(office_id).await?.ok_or(Error::not_found("office"))?;
        AuthCheck::new(Permission::PeopleRead).in_area(&office.area_code).check(&ctx.actor)?;
        self.store.office_queue(office_id).await
    }

    /// Calls a waiting visitor to a desk, or marks them served.
    pub async fn advance_queue(&self, ctx: &Ctx, visit_id: Uuid, desk_code: &str, to: QueueStatus) -> Result<()> {
        let visit = self.store.get_visit(visit_id).await?.ok_or(Error::not_found("visit"))?;
        let office =
            self.store.get_office(visit.office_id).await?.ok_or_else(|| Error::internal("visit without office"))?;
        AuthCheck::new(Permission::PeopleWrite).in_area(&office.area_code).check(&ctx.actor)?;
        let desk = visit
            .desks
            .iter()
            .find(|d| d.organisation_code == desk_code.trim().to_ascii_uppercase())
            .ok_or(Error::not_found("desk"))?;
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
            "update",
            "visit",
            Some(visit_id.to_string()),
            json!({ "desk": desk.organisation_code, "status": to }),
        );
        self.store.set_desk_status(visit_id, desk.organisation_id, to, Utc::now(), &audit).await
    }
}
