//! The forum's action items and the register of local regulations.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::activity::ActivityKind;
use crate::community::forum::{
    ActionStatus, ForumAction, ForumMember, ForumSeat, NewActionClosure, NewForumAction, NewForumMember, NewRegulation,
    Regulation, RegulationLevel,
};
use crate::community::roster::NewEnd;
use crate::error::{Error, FieldError, Result, Validator};
use crate::text::optional_text;

impl App {
    /// The caller's district, where she runs the forum (the coordinator).
    fn forum_district(&self, ctx: &Ctx) -> Result<crate::areas::area::AreaCode> {
        let scope = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        if !scope.covers(Scope::District) {
            return Err(Error::Forbidden);
        }
        ctx.actor.user().and_then(|u| u.home_area.regency()).ok_or_else(|| Error::invalid("district", "required"))
    }

    /// Records a decision of the forum as an action item.
    pub async fn add_forum_action(&self, ctx: &Ctx, input: &NewForumAction) -> Result<ForumAction> {
        let district = self.forum_district(ctx)?;
        let valid = input.validate()?;
        let owner = self.store.get_organisation_by_code(valid.owner_code.as_str()).await?;
        let owner = owner.ok_or_else(|| {
            Error::Invalid(vec![
                FieldError::new("owner_code", "unknown_organisation").with("value", valid.owner_code.as_str())
            ])
        })?;
        if let Some(meeting) = input.meeting_id {
            let a = self.store.get_activity(meeting).await?;
            if !a.is_some_and(|a| a.kind == ActivityKind::ForumMeeting && a.area_code.is_within(&district)) {
                return Err(Error::invalid("meeting_id", "unknown_meeting"));
            }
        }
        let a = ForumAction {
            id: Uuid::now_v7(),
            district_code: district,
            meeting_id: input.meeting_id,
            decision: valid.decision,
            owner_id: owner.id,
            owner_name: owner.name,
            due_on: valid.due_on,
            status: ActionStatus::Open,
            closed_on: None,
            evidence: None,
            overdue: false,
            created_at: truncate_to_micros(Utc::now()),
        }
        .with_overdue(self.today());
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::ForumAction,
            Some(a.id.to_string()),
            json!({ "district": a.district_code.as_str(), "owner": a.owner_id, "due_on": a.due_on }),
        );
        self.store.insert_forum_action(&a, &audit).await?;
        Ok(a)
    }

    /// The forum's action items of the caller's district (or those her
    /// organisation owns): open ones first, by due date.
    pub async fn forum_actions(&self, ctx: &Ctx) -> Result<Vec<ForumAction>> {
        let read = AuthCheck::new(Permission::CommunityRead).check(&ctx.actor);
        let write = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor);
        if let (Err(e), Err(_)) = (&read, &write) {
            return Err(match e {
                Error::Unauthenticated => Error::Unauthenticated,
                _ => Error::Forbidden,
            });
        }
        // A village reads its district's forum.
        let area = match read {
            Ok(_) => self.community_area(ctx, Permission::CommunityRead)?.map(|a| a.regency().unwrap_or(a)),
            Err(_) => None,
        };
        let owner = ctx.actor.user().filter(|_| write.is_ok()).map(|u| u.organisation_id);
        let all = matches!(ctx.actor, crate::access::Actor::System) || read.is_ok_and(|s| s == Scope::All);
        let today = self.today();
        Ok(self
            .store
            .forum_actions(area.as_ref(), owner, all)
            .await?
            .into_iter()
            .map(|a| a.with_overdue(today))
            .collect())
    }

    /// Closes an action item: done (with its evidence) or dropped.
    pub async fn close_forum_action(&self, ctx: &Ctx, id: Uuid, input: &NewActionClosure) -> Result<ForumAction> {
        let district = self.forum_district(ctx)?;
        let a = self.store.get_forum_action(id).await?.ok_or(Error::not_found("forum_action"))?;
        if a.district_code != district {
            return Err(Error::not_found("forum_action"));
        }
        let status = super::code(&mut crate::error::Validator::new(), "status", &input.status, ActionStatus::parse);
        let status = match status {
            Some(s @ (ActionStatus::Done | ActionStatus::Dropped)) => s,
            _ => {
                return Err(Error::Invalid(vec![
                    FieldError::new("status", "unknown_code").with("value", input.status.trim())
                ]))
            }
        };
        let evidence =
            optional_text("evidence", input.evidence.as_deref(), 2000).map_err(|e| Error::Invalid(vec![e]))?;
        if evidence.is_none() {
            return Err(Error::invalid("evidence", "required"));
        }
        if a.status != ActionStatus::Open {
            return Err(Error::Conflict { code: "already_closed", field: Some("status".into()) });
        }
        let today = self.today();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Close,
            AuditEntity::ForumAction,
            Some(id.to_string()),
            json!({ "status": status }),
        );
        self.store.close_forum_action(id, status, today, evidence.as_deref(), &audit).await?;
        Ok(ForumAction { status, closed_on: Some(today), evidence, ..a }.with_overdue(today))
    }

    /// Adds a local regulation to the register: the coordinator for her
    /// district and its villages, a village for itself.
    pub async fn add_regulation(&self, ctx: &Ctx, input: &NewRegulation) -> Result<Regulation> {
        let scope = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        let valid = input.validate(self.today())?;
        if self.store.get_area(&valid.area_code).await?.is_none() {
            return Err(Error::Invalid(vec![
                FieldError::new("area_code", "unknown_area").with("value", valid.area_code.as_str())
            ]));
        }
        let allowed =
            match valid.level {
                RegulationLevel::District => scope.covers(Scope::District),
                RegulationLevel::Village => scope == Scope::Own || scope.covers(Scope::District),
            } && AuthCheck::new(Permission::ActivitiesWrite).in_area(&valid.area_code).check(&ctx.actor).is_ok();
        if !allowed {
            return Err(Error::Invalid(vec![
                FieldError::new("area_code", "outside_your_area").with("value", valid.area_code.as_str())
            ]));
        }
        let r = Regulation {
            id: Uuid::now_v7(),
            level: valid.level,
            area_code: valid.area_code,
            number: valid.number,
            issued_on: valid.issued_on,
            title: valid.title,
            status: valid.status,
            topic: valid.topic,
            created_at: truncate_to_micros(Utc::now()),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Regulation,
            Some(r.id.to_string()),
            json!({ "area": r.area_code.as_str(), "status": r.status }),
        );
        self.store.insert_regulation(&r, &audit).await?;
        Ok(r)
    }

    /// The local regulations of the caller's village or district.
    pub async fn regulations(&self, ctx: &Ctx) -> Result<Vec<Regulation>> {
        let area = self.community_area(ctx, Permission::CommunityRead)?;
        // A village also sees its district's regulations.
        let district = area.as_ref().and_then(|a| a.regency());
        self.store.regulations(area.as_ref(), district.as_ref()).await
    }

    /// Seats an organisation in the caller's district forum (the coordinator).
    pub async fn add_forum_member(&self, ctx: &Ctx, input: &NewForumMember) -> Result<ForumMember> {
        let district = self.forum_district(ctx)?;
        let mut v = Validator::new();
        let code = super::code(&mut v, "organisation_code", &input.organisation_code, crate::text::Code::parse);
        let seat = super::code(&mut v, "seat", &input.seat, ForumSeat::parse);
        let representative = v.check(optional_text("representative", input.representative.as_deref(), 200)).flatten();
        let joined_on = super::past_date(&mut v, "joined_on", &input.joined_on, self.today());
        v.finish()?;
        let (Some(code), Some(seat), Some(joined_on)) = (code, seat, joined_on) else {
            return Err(Error::invalid("organisation_code", "required"));
        };
        let org = self.store.get_organisation_by_code(code.as_str()).await?.ok_or_else(|| {
            Error::Invalid(vec![
                FieldError::new("organisation_code", "unknown_organisation").with("value", code.as_str())
            ])
        })?;
        if !(org.area_code.is_within(&district) || district.is_within(&org.area_code)) {
            return Err(Error::Invalid(vec![
                FieldError::new("organisation_code", "not_of_district").with("value", code.as_str())
            ]));
        }
        if !seat.fits(org.kind) {
            return Err(Error::Invalid(vec![FieldError::new("seat", "seat_not_for_kind")
                .with("value", seat.as_str())
                .with("kind", org.kind.as_str())]));
        }
        let seated = self.store.forum_members(Some(&district)).await?;
        if seated.iter().any(|m| m.left_on.is_none() && m.organisation_id == org.id && m.seat == seat) {
            return Err(Error::Conflict { code: "already_seated", field: Some("organisation_code".into()) });
        }
        let m = ForumMember {
            id: Uuid::now_v7(),
            district_code: district,
            organisation_id: org.id,
            organisation_name: org.name,
            seat,
            representative,
            joined_on,
            left_on: None,
            created_at: truncate_to_micros(Utc::now()),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::ForumMember,
            Some(m.id.to_string()),
            json!({ "district": m.district_code.as_str(), "organisation": m.organisation_id, "seat": m.seat }),
        );
        self.store.insert_forum_member(&m, &audit).await?;
        Ok(m)
    }

    /// The members of the caller's district forum (a village reads its
    /// district's; a reader of every area, all): seated first.
    pub async fn forum_members(&self, ctx: &Ctx) -> Result<Vec<ForumMember>> {
        let area = self.community_area(ctx, Permission::CommunityRead)?;
        let district = area.map(|a| a.regency().unwrap_or(a));
        self.store.forum_members(district.as_ref()).await
    }

    /// Records that a member left the forum.
    pub async fn end_forum_member(&self, ctx: &Ctx, id: Uuid, input: &NewEnd) -> Result<ForumMember> {
        let district = self.forum_district(ctx)?;
        let m = self.store.get_forum_member(id).await?.ok_or(Error::not_found("forum_member"))?;
        if m.district_code != district {
            return Err(Error::not_found("forum_member"));
        }
        let date = input.date(m.joined_on, m.left_on.is_some(), self.today())?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::RemoveMember,
            AuditEntity::ForumMember,
            Some(id.to_string()),
            json!({ "district": m.district_code.as_str(), "until": date }),
        );
        self.store.end_forum_member(id, date, &audit).await?;
        Ok(ForumMember { left_on: Some(date), ..m })
    }
}
