//! Need-to-know for restricted records, stored once for every kind of record
//! (the case issue marks GBV and trafficking cases with it).

use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, Ctx, Restriction};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};

impl App {
    /// Restricts a record to its owner, the users assigned to it and the
    /// supervisors of the organisation holding it.
    pub async fn restrict(&self, ctx: &Ctx, entity: AuditEntity, entity_id: &str, owner: Uuid) -> Result<Restriction> {
        let owner_record = self.store.get_user(owner).await?.ok_or_else(|| Error::invalid("owner", "unknown_user"))?;
        // Only the owner themself (or the system) restricts a record.
        match &ctx.actor {
            Actor::System => {}
            Actor::User(u) if u.id == owner => {}
            Actor::User(_) => return Err(Error::Forbidden),
            Actor::Anonymous => return Err(Error::Unauthenticated),
        }
        let restriction = Restriction { owner, organisation: owner_record.organisation_id, assigned: Vec::new() };
        let audit =
            AuditRecord::new(ctx, AuditAction::Restrict, entity, Some(entity_id.into()), json!({ "owner": owner }));
        self.store.put_restriction(entity.as_str(), entity_id, &restriction, &audit).await?;
        Ok(restriction)
    }

    /// Gives a user need-to-know of a restricted record; only those who may
    /// read it can assign.
    pub async fn assign_restricted(&self, ctx: &Ctx, entity: AuditEntity, entity_id: &str, user: Uuid) -> Result<()> {
        let restriction =
            self.store.get_restriction(entity.as_str(), entity_id).await?.ok_or(Error::not_found("record"))?;
        restriction.check(&ctx.actor, "record")?;
        self.store.get_user(user).await?.ok_or_else(|| Error::invalid("user", "unknown_user"))?;
        let audit = AuditRecord::new(ctx, AuditAction::Assign, entity, Some(entity_id.into()), json!({ "user": user }));
        self.store.add_assignee(entity.as_str(), entity_id, user, &audit).await
    }

    /// Passes when the record is not restricted or the actor needs to know;
    /// `NotFound` otherwise, so that its existence is not revealed. Every
    /// read of a restricted record, allowed or refused, is audited.
    pub async fn check_restricted_read(&self, ctx: &Ctx, entity: AuditEntity, entity_id: &str) -> Result<()> {
        let Some(restriction) = self.store.get_restriction(entity.as_str(), entity_id).await? else {
            return Ok(());
        };
        let allowed = restriction.may_read(&ctx.actor);
        let action = if allowed { AuditAction::Read } else { AuditAction::ReadRefused };
        self.store
            .append_audit(&AuditRecord::new(ctx, action, entity, Some(entity_id.into()), json!({ "restricted": true })))
            .await?;
        if allowed {
            Ok(())
        } else {
            Err(Error::not_found("record"))
        }
    }
}
