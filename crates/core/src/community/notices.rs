//! Departure and return notices, and the one step from a return with needs
//! to a warning or a referral to the LTSA-MRC.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::notice::{NewDeparture, NewReturn, Notice, NoticeKind, ReturnFollowUp};
use crate::community::repo::CommunityFilter;
use crate::community::warning::{NewWarning, WarningKind};
use crate::error::{Error, FieldError, Result};
use crate::paging::{Page, PageRequest};
use crate::registry::person::Person;

impl App {
    /// The person a village notice is about, and her village, within the
    /// caller's writing area.
    async fn notice_subject(&self, ctx: &Ctx, person_id: Uuid) -> Result<(Person, crate::areas::area::AreaCode)> {
        AuthCheck::new(Permission::CommunityWrite).check(&ctx.actor)?;
        let person = self.writable_person(ctx, person_id, false).await?;
        let village = person.village_code.clone().ok_or_else(|| Error::invalid("person_id", "no_village"))?;
        AuthCheck::new(Permission::CommunityWrite).in_area(&village).check(&ctx.actor).map_err(|_| {
            Error::Invalid(vec![FieldError::new("person_id", "outside_your_area").with("value", village.as_str())])
        })?;
        Ok((person, village))
    }

    fn notice(
        ctx: &Ctx,
        kind: NoticeKind,
        person: &Person,
        village: crate::areas::area::AreaCode,
        date: chrono::NaiveDate,
        country: crate::money::Country,
    ) -> Notice {
        Notice {
            id: Uuid::now_v7(),
            kind,
            person_id: person.id,
            person_name: Some(person.full_name.clone()),
            village_code: village,
            organisation_id: ctx.actor.user().map_or(person.registered_by_organisation, |u| u.organisation_id),
            date,
            country,
            channel: None,
            reason: None,
            needs: Vec::new(),
            reported_by: crate::community::notice::ReportedBy::Other,
            follow_up: None,
            warning_id: None,
            created_by: ctx.actor.user_id(),
            created_at: truncate_to_micros(Utc::now()),
        }
    }

    /// Records that a person of the caller's village left.
    pub async fn record_departure(&self, ctx: &Ctx, person_id: Uuid, input: &NewDeparture) -> Result<Notice> {
        let valid = input.validate(self.today())?;
        let (person, village) = self.notice_subject(ctx, person_id).await?;
        let mut n = Self::notice(ctx, NoticeKind::Departure, &person, village, valid.date, valid.destination);
        n.channel = Some(valid.channel);
        n.reported_by = valid.reported_by;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::MigrationNotice,
            Some(n.id.to_string()),
            json!({ "person_id": person.id, "kind": n.kind, "village": n.village_code.as_str() }),
        );
        self.store.insert_notice(&n, None, &[audit]).await?;
        Ok(n)
    }

    /// Records that a person of the caller's village came back; with needs,
    /// in the same step, raises a warning to the district or refers her to
    /// the LTSA-MRC (she becomes an expected visitor there).
    pub async fn record_return(&self, ctx: &Ctx, person_id: Uuid, input: &NewReturn) -> Result<Notice> {
        let last = self.store.last_departure(person_id).await?;
        let valid = input.validate(self.today(), last)?;
        let (person, village) = self.notice_subject(ctx, person_id).await?;
        let mut n = Self::notice(ctx, NoticeKind::Return, &person, village.clone(), valid.date, valid.from_country);
        n.reason = Some(valid.reason);
        n.needs = valid.needs;
        n.reported_by = valid.reported_by;
        n.follow_up = valid.follow_up;
        let mut audits = vec![AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::MigrationNotice,
            Some(n.id.to_string()),
            json!({ "person_id": person.id, "kind": n.kind, "village": village.as_str(), "follow_up": n.follow_up }),
        )];
        let warning = if n.follow_up == Some(ReturnFollowUp::Warning) {
            let needs: Vec<&str> = n.needs.iter().map(|x| x.as_str()).collect();
            let summary = valid.note.clone().unwrap_or_else(|| needs.join(", "));
            let input = NewWarning {
                kind: WarningKind::ReturneeInNeed.as_str().into(),
                urgency: "normal".into(),
                village_code: Some(village.as_str().into()),
                person_id: Some(person.id),
                partner_code: None,
                summary,
            };
            let (w, audit, mails) = self.prepare_warning(ctx, &input).await?;
            audits.push(audit);
            n.warning_id = Some(w.id);
            Some((w, mails))
        } else {
            None
        };
        self.store.insert_notice(&n, warning.as_ref().map(|(w, m)| (w, m.as_slice())), &audits).await?;
        Ok(n)
    }

    /// Departures and returns of the caller's village (or district), or of one person.
    pub async fn notices(&self, ctx: &Ctx, mut filter: CommunityFilter, page: PageRequest) -> Result<Page<Notice>> {
        let area = self.community_area(ctx, Permission::CommunityRead)?;
        filter.within = super::registrations::within_area(area, filter.within.take())?;
        let mut list = self.store.list_notices(&filter, page).await?;
        let ids: Vec<Uuid> = list.items.iter().map(|r| r.person_id).collect();
        let names = self.community_names(ctx, &ids).await?;
        for r in &mut list.items {
            r.person_name = names.get(&r.person_id).cloned();
        }
        Ok(list)
    }
}
