//! Recording that a person joined a union or association, or left it.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::membership::{Membership, NewMembership};
use crate::community::roster::NewEnd;
use crate::error::{Error, FieldError, Result, Validator};
use crate::organisations::organisation::OrgKind;

impl App {
    /// She joined a union or a migrant workers' association of her district.
    pub async fn join_union(&self, ctx: &Ctx, person_id: Uuid, input: &NewMembership) -> Result<Membership> {
        AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        let person = self.writable_person(ctx, person_id, false).await?;
        let mut v = Validator::new();
        let joined_on = super::past_date(&mut v, "joined_on", &input.joined_on, self.today());
        let union = self.store.get_organisation_by_code(&input.organisation_code.trim().to_ascii_uppercase()).await?;
        let union = match union {
            Some(o)
                if matches!(o.kind, OrgKind::TradeUnion | OrgKind::Ngo)
                    && o.area_code.regency() == person.district_code.regency() =>
            {
                Some(o)
            }
            _ => {
                v.push(
                    FieldError::new("organisation_code", "not_a_union").with("value", input.organisation_code.trim()),
                );
                None
            }
        };
        let facilitated_by = match input.facilitated_by_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => match self.store.get_organisation_by_code(&code.to_ascii_uppercase()).await? {
                Some(o) => Some(o.id),
                None => {
                    v.push(FieldError::new("facilitated_by_code", "unknown_organisation").with("value", code));
                    None
                }
            },
        };
        v.finish()?;
        let (Some(union), Some(joined_on)) = (union, joined_on) else {
            return Err(Error::invalid("organisation_code", "required"));
        };
        let current = self.store.memberships_of(person.id).await?;
        if current.iter().any(|m| m.organisation_id == union.id && m.left_on.is_none()) {
            return Err(Error::Conflict { code: "already_member", field: Some("organisation_code".into()) });
        }
        let m = Membership {
            id: Uuid::now_v7(),
            person_id: person.id,
            organisation_id: union.id,
            organisation_name: union.name,
            joined_on,
            facilitated_by,
            left_on: None,
            created_at: truncate_to_micros(Utc::now()),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::Membership,
            Some(m.id.to_string()),
            json!({ "person_id": person.id, "organisation_id": union.id }),
        );
        self.store.insert_membership(&m, &audit).await?;
        Ok(m)
    }

    /// Her memberships, as a reader of her may see them.
    pub async fn memberships(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Membership>> {
        self.shared_person(ctx, person_id).await?;
        self.store.memberships_of(person_id).await
    }

    /// She left the union or association.
    pub async fn leave_union(&self, ctx: &Ctx, id: Uuid, input: &NewEnd) -> Result<Membership> {
        AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        let m = self.store.get_membership(id).await?.ok_or(Error::not_found("membership"))?;
        self.writable_person(ctx, m.person_id, false).await.map_err(|_| Error::not_found("membership"))?;
        let date = input.date(m.joined_on, m.left_on.is_some(), self.today())?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::RemoveMember,
            AuditEntity::Membership,
            Some(id.to_string()),
            json!({ "person_id": m.person_id, "until": date }),
        );
        self.store.end_membership(id, date, &audit).await?;
        Ok(Membership { left_on: Some(date), ..m })
    }
}
