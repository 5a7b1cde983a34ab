//! Recording hotline contacts and reading an organisation's.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::hotline::{HotlineContact, NewHotlineContact};
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest};

impl App {
    /// Records a call or message answered by the caller's organisation (its
    /// district's desk or a partner): anonymous unless she is named.
    pub async fn record_hotline_contact(&self, ctx: &Ctx, input: &NewHotlineContact) -> Result<HotlineContact> {
        let scope = AuthCheck::new(Permission::PeopleWrite).check(&ctx.actor)?;
        if !scope.covers(Scope::Organisation) {
            return Err(Error::Forbidden);
        }
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let valid = input.validate()?;
        let district = user.home_area.regency().ok_or(Error::Forbidden)?;
        let mut person_name = None;
        if let Some(id) = input.person_id {
            let p = self.writable_person(ctx, id, false).await.map_err(|e| match e {
                Error::NotFound { .. } => Error::invalid("person_id", "unknown_person"),
                e => e,
            })?;
            person_name = Some(p.full_name);
        }
        if let Some(case_id) = input.case_id {
            match self.readable_case(ctx, case_id).await {
                Ok(c) if Some(c.person_id) == input.person_id => {}
                Ok(_) => return Err(Error::invalid("case_id", "other_person")),
                Err(Error::NotFound { .. }) => return Err(Error::invalid("case_id", "unknown_case")),
                Err(e) => return Err(e),
            }
        }
        let c = HotlineContact {
            id: Uuid::now_v7(),
            at: truncate_to_micros(Utc::now()),
            channel: valid.channel,
            topic: valid.topic,
            outcome: valid.outcome,
            district_code: district,
            organisation_id: user.organisation_id,
            person_id: input.person_id,
            person_name,
            caller_sex: valid.caller_sex,
            case_id: input.case_id,
            note: valid.note,
            answered_by: Some(user.id),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::HotlineContact,
            Some(c.id.to_string()),
            json!({ "channel": c.channel, "topic": c.topic, "outcome": c.outcome, "person_id": c.person_id,
                    "case_id": c.case_id }),
        );
        self.store.insert_hotline_contact(&c, &audit).await?;
        Ok(c)
    }

    /// The contacts the caller's organisation answered, newest first; the
    /// callers' names as far as the reader may see them.
    pub async fn hotline_contacts(&self, ctx: &Ctx, page: PageRequest) -> Result<Page<HotlineContact>> {
        AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let mut list = self.store.hotline_contacts(user.organisation_id, page).await?;
        let ids: Vec<Uuid> = list.items.iter().filter_map(|c| c.person_id).collect();
        let known = self.known_people(ctx, &ids).await?;
        for c in &mut list.items {
            // A caller the reader may not see stays unseen, with what was written of her.
            if c.person_id.is_some_and(|p| !known.contains(&p)) {
                c.person_id = None;
                c.case_id = None;
                c.note = None;
            }
            // A restricted case shows only within its own circle.
            if let Some(case) = c.case_id {
                match self.readable_case(ctx, case).await {
                    Ok(_) => {}
                    Err(crate::error::Error::NotFound { .. }) => c.case_id = None,
                    Err(e) => return Err(e),
                }
            }
        }
        let ids: Vec<Uuid> = list.items.iter().filter_map(|c| c.person_id).collect();
        let names = self.community_names(ctx, &ids).await?;
        for c in &mut list.items {
            c.person_name = c.person_id.and_then(|p| names.get(&p).cloned());
        }
        Ok(list)
    }
}
