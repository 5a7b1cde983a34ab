//! Family members and households.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::registry::family::{
    FamilyLink, Household, HouseholdMember, NewHousehold, NewRelative, Relationship, Relative,
};
use crate::text::optional_text;

impl App {
    /// Links a registered relative to a person.
    pub async fn add_relative(&self, ctx: &Ctx, person_id: Uuid, input: &NewRelative) -> Result<Relative> {
        let relationship =
            Relationship::parse("relationship", &input.relationship).map_err(|e| Error::Invalid(vec![e]))?;
        if input.relative_id == person_id {
            return Err(Error::invalid("relative_id", "same_person"));
        }
        let person = self.writable_person(ctx, person_id, true).await?;
        let relative = self.writable_person(ctx, input.relative_id, true).await.map_err(|e| {
            if matches!(e, Error::NotFound { .. }) {
                Error::invalid("relative_id", "unknown_person")
            } else {
                e
            }
        })?;
        if self.store.relatives_of(person_id).await?.iter().any(|r| r.person_id == relative.id) {
            return Err(Error::Conflict { code: "already_linked", field: Some("relative_id".into()) });
        }
        let link = FamilyLink {
            person_id,
            relative_id: relative.id,
            relationship,
            created_by: ctx.actor.user_id(),
            created_at: Utc::now(),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::FamilyLink,
            Some(person_id.to_string()),
            json!({ "relative_id": relative.id, "relationship": relationship }),
        );
        // Being someone's relative shows as a stage: not when that someone
        // is need-to-know and the relative is not (it would betray her).
        let mark_relative = !person.confidential || relative.confidential;
        self.store.insert_family_link(&link, mark_relative, &audit).await?;
        Ok(Relative { person_id: relative.id, full_name: relative.full_name, sex: relative.sex, relationship })
    }

    /// A person's relatives; a need-to-know relative outside the caller's
    /// circle is not listed.
    pub async fn relatives(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Relative>> {
        self.shared_person(ctx, person_id).await?;
        self.relatives_seen(ctx, person_id).await
    }

    /// A person's relatives as the caller may see them, for a reader
    /// already checked (no audit entry of its own).
    pub(crate) async fn relatives_seen(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Relative>> {
        let relatives = self.store.relatives_of(person_id).await?;
        let known = self.known_people(ctx, &relatives.iter().map(|r| r.person_id).collect::<Vec<_>>()).await?;
        Ok(relatives.into_iter().filter(|r| known.contains(&r.person_id)).collect())
    }

    /// Forms a household around its head; members leave any earlier one.
    pub async fn create_household(&self, ctx: &Ctx, input: &NewHousehold) -> Result<Household> {
        let address = optional_text("address", input.address.as_deref(), 500).map_err(|e| Error::Invalid(vec![e]))?;
        let head = self.writable_person(ctx, input.head_id, true).await?;
        let village_code = match input.village_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(code) => Some(self.existing_area("village_code", code).await?.code),
            None => head.village_code.clone(),
        };
        if village_code.as_ref().is_some_and(|v| v.level() != crate::areas::area::AreaLevel::Village) {
            return Err(Error::invalid("village_code", "village_required"));
        }
        let mut members =
            vec![HouseholdMember { person_id: head.id, full_name: head.full_name, sex: head.sex, head: true }];
        for (i, id) in input.member_ids.iter().enumerate() {
            if members.iter().any(|m| m.person_id == *id) {
                continue;
            }
            let p = self.writable_person(ctx, *id, true).await.map_err(|e| {
                if matches!(e, Error::NotFound { .. }) {
                    Error::Invalid(vec![FieldError::new(format!("member_ids[{i}]"), "unknown_person")])
                } else {
                    e
                }
            })?;
            members.push(HouseholdMember { person_id: p.id, full_name: p.full_name, sex: p.sex, head: false });
        }
        let district_code: AreaCode =
            village_code.as_ref().and_then(AreaCode::regency).unwrap_or_else(|| head.district_code.clone());
        let household = Household {
            id: Uuid::now_v7(),
            district_code,
            village_code,
            address,
            head_id: Some(head.id),
            members,
            created_by: ctx.actor.user_id(),
            created_at: Utc::now(),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Household,
            Some(household.id.to_string()),
            json!({ "members": household.members.iter().map(|m| m.person_id).collect::<Vec<_>>() }),
        );
        self.store.insert_household(&household, &audit).await?;
        Ok(household)
    }

    /// A household as the caller may see it: through its head; a
    /// need-to-know member outside the caller's circle is not listed.
    pub async fn household(&self, ctx: &Ctx, id: Uuid) -> Result<Household> {
        let household = self.store.get_household(id).await?.ok_or(Error::not_found("household"))?;
        let head = household.head_id.or(household.members.first().map(|m| m.person_id));
        match head {
            Some(h) => {
                self.shared_person(ctx, h).await?;
            }
            None => return Err(Error::not_found("household")),
        }
        self.household_seen(ctx, household).await
    }

    /// A household as the caller may see it, for a reader already checked
    /// (no audit entry of its own).
    pub(crate) async fn household_seen(&self, ctx: &Ctx, mut household: Household) -> Result<Household> {
        let known = self.known_people(ctx, &household.members.iter().map(|m| m.person_id).collect::<Vec<_>>()).await?;
        household.members.retain(|m| known.contains(&m.person_id));
        // Who formed it says which organisation is involved: for them only.
        if ctx.actor.user().is_some() && household.created_by != ctx.actor.user_id() {
            household.created_by = None;
        }
        Ok(household)
    }

    pub async fn add_household_member(&self, ctx: &Ctx, household_id: Uuid, person_id: Uuid) -> Result<Household> {
        self.household(ctx, household_id).await?;
        let person = self.writable_person(ctx, person_id, true).await?;
        if person.household_id == Some(household_id) {
            return Err(Error::Conflict { code: "already_member", field: Some("person_id".into()) });
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::Household,
            Some(household_id.to_string()),
            json!({ "person_id": person_id }),
        );
        self.store.add_household_member(household_id, person_id, &audit).await?;
        self.household(ctx, household_id).await
    }
}
