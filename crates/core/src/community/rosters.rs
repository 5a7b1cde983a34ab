//! Keeping the task-force roster of a village.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::areas::area::AreaLevel;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::roster::{NewEnd, NewTaskForceMember, TaskForceMember};
use crate::error::{Error, FieldError, Result};

impl App {
    /// Adds a member to a village's task-force roster (the village's own staff).
    pub async fn add_task_force_member(&self, ctx: &Ctx, input: &NewTaskForceMember) -> Result<TaskForceMember> {
        AuthCheck::new(Permission::CommunityWrite).check(&ctx.actor)?;
        let valid = input.validate(self.today())?;
        let village = match (valid.village_code, ctx.actor.user()) {
            (Some(v), _) => v,
            (None, Some(u)) => u.home_area.clone(),
            (None, None) => return Err(Error::invalid("village_code", "required")),
        };
        if village.level() != AreaLevel::Village || self.store.get_area(&village).await?.is_none() {
            return Err(Error::Invalid(vec![
                FieldError::new("village_code", "unknown_village").with("value", village.as_str())
            ]));
        }
        AuthCheck::new(Permission::CommunityWrite).in_area(&village).check(&ctx.actor).map_err(|_| {
            Error::Invalid(vec![FieldError::new("village_code", "outside_your_area").with("value", village.as_str())])
        })?;
        let m = TaskForceMember {
            id: Uuid::now_v7(),
            village_code: village,
            name: valid.name,
            role: valid.role,
            sex: valid.sex,
            origin: valid.origin,
            active_from: valid.active_from,
            active_to: None,
            created_at: truncate_to_micros(Utc::now()),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::TaskForceMember,
            Some(m.id.to_string()),
            json!({ "village": m.village_code.as_str(), "role": m.role }),
        );
        self.store.insert_task_force_member(&m, &audit).await?;
        Ok(m)
    }

    /// The roster of the caller's village (or district): current members
    /// first, then those who left.
    pub async fn task_force(&self, ctx: &Ctx) -> Result<Vec<TaskForceMember>> {
        let area = self.community_area(ctx, Permission::CommunityRead)?;
        self.store.task_force_members(area.as_ref()).await
    }

    /// Records that a member stopped serving.
    pub async fn end_task_force_member(&self, ctx: &Ctx, id: Uuid, input: &NewEnd) -> Result<TaskForceMember> {
        AuthCheck::new(Permission::CommunityWrite).check(&ctx.actor)?;
        let m = self.store.get_task_force_member(id).await?.ok_or(Error::not_found("task_force_member"))?;
        AuthCheck::new(Permission::CommunityWrite)
            .in_area(&m.village_code)
            .check(&ctx.actor)
            .map_err(|_| Error::not_found("task_force_member"))?;
        let date = input.date(m.active_from, m.active_to.is_some(), self.today())?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::RemoveMember,
            AuditEntity::TaskForceMember,
            Some(id.to_string()),
            json!({ "village": m.village_code.as_str(), "until": date }),
        );
        self.store.end_task_force_member(id, date, &audit).await?;
        Ok(TaskForceMember { active_to: Some(date), ..m })
    }
}
