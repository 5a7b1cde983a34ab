//! Recording activities with their attendance, and reading them.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::AreaLevel;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::activity::{Activity, ActivityKind, NewActivity};
use crate::community::repo::ActivityFilter;
use crate::error::{Error, FieldError, Result};
use crate::paging::{Page, PageRequest};

impl App {
    /// Records an activity and who came. Villages record theirs, partners
    /// those their organisation runs in their district, coordinators any of
    /// their district; forum meetings are the coordinator's.
    pub async fn record_activity(&self, ctx: &Ctx, input: &NewActivity) -> Result<Activity> {
        let scope = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        let valid = input.validate(self.today())?;
        if matches!(
            valid.kind,
            ActivityKind::TaskForceMeeting | ActivityKind::InfoSession | ActivityKind::Consultations
        ) && valid.area_code.level() != AreaLevel::Village
        {
            return Err(Error::invalid("area_code", "not_a_village"));
        }
        if valid.kind == ActivityKind::ForumMeeting && !scope.covers(Scope::District) {
            return Err(Error::Invalid(vec![FieldError::new("kind", "not_yours").with("value", valid.kind.as_str())]));
        }
        let organiser = self.organiser_in_area(ctx, scope, &valid.area_code, valid.organiser_code.as_ref()).await?;
        let mut errors = Vec::new();
        for (i, id) in valid.people.iter().enumerate() {
            if self.readable_person(ctx, *id).await.is_err() {
                errors.push(FieldError::new(format!("people[{i}]"), "unknown_person"));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let a = Activity {
            id: Uuid::now_v7(),
            kind: valid.kind,
            date: valid.date,
            area_code: valid.area_code,
            organiser_id: organiser.id,
            organiser_name: organiser.name,
            topic: valid.topic,
            title: valid.title,
            notes: valid.notes,
            follow_up: valid.follow_up,
            attendance: valid.attendance,
            total: 0,
            women: 0,
            people: valid
                .people
                .iter()
                .map(|p| crate::community::activity::Attendee { person_id: *p, name: String::new() })
                .collect(),
            pre_score: valid.pre_score,
            post_score: valid.post_score,
            created_by: ctx.actor.user_id(),
            created_at: truncate_to_micros(Utc::now()),
        }
        .with_totals();
        let logged = self.ids_to_log(&a.people.iter().map(|p| p.person_id).collect::<Vec<_>>()).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Activity,
            Some(a.id.to_string()),
            json!({ "kind": a.kind, "area": a.area_code.as_str(), "total": a.total, "women": a.women,
                    "ids": logged }),
        );
        self.store.insert_activity(&a, &audit).await?;
        Ok(a)
    }

    /// Where an activity or a campaign happens and who runs it: an area
    /// that exists within the caller's; the organisation named, or her own.
    /// A village, a task force or a partner runs only what its own
    /// organisation runs; a coordinator may name an organisation of her
    /// district (or one above it, a province's or the nation's).
    pub(crate) async fn organiser_in_area(
        &self,
        ctx: &Ctx,
        scope: Scope,
        area: &crate::areas::area::AreaCode,
        code: Option<&crate::text::Code>,
    ) -> Result<crate::organisations::organisation::Organisation> {
        if self.store.get_area(area).await?.is_none() {
            return Err(Error::Invalid(
                vec![FieldError::new("area_code", "unknown_area").with("value", area.as_str())],
            ));
        }
        AuthCheck::new(Permission::ActivitiesWrite).in_area(area).check(&ctx.actor).map_err(|_| {
            Error::Invalid(vec![FieldError::new("area_code", "outside_your_area").with("value", area.as_str())])
        })?;
        let organiser = match (code, ctx.actor.user()) {
            (Some(code), _) => self.store.get_organisation_by_code(code.as_str()).await?.ok_or_else(|| {
                Error::Invalid(vec![
                    FieldError::new("organiser_code", "unknown_organisation").with("value", code.as_str())
                ])
            })?,
            (None, Some(u)) => self
                .store
                .get_organisation(u.organisation_id)
                .await?
                .ok_or_else(|| Error::internal("user without organisation"))?,
            (None, None) => return Err(Error::invalid("organiser_code", "required")),
        };
        if let Actor::User(u) = &ctx.actor {
            let own = organiser.id == u.organisation_id;
            let district = area.regency().unwrap_or_else(|| area.clone());
            let of_district = organiser.area_code.is_within(&district) || district.is_within(&organiser.area_code);
            let allowed = own || (scope.covers(Scope::District) && of_district);
            if !allowed {
                return Err(Error::Invalid(vec![
                    FieldError::new("organiser_code", "not_your_organisation").with("value", &organiser.code)
                ]));
            }
        }
        Ok(organiser)
    }

    /// Who may read an activity: readers of its village or district, and
    /// the organisation that ran it.
    fn may_read_activity(ctx: &Ctx, a: &Activity) -> bool {
        let area = AuthCheck::new(Permission::CommunityRead).in_area(&a.area_code).check(&ctx.actor).is_ok();
        let organiser = ctx.actor.user().is_some_and(|u| u.organisation_id == a.organiser_id)
            && AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor).is_ok();
        matches!(ctx.actor, Actor::System) || area || organiser
    }

    /// One activity, read (audited); its named attendees only as far as
    /// the reader may see them.
    pub async fn activity(&self, ctx: &Ctx, id: Uuid) -> Result<Activity> {
        let mut a = self.store.get_activity(id).await?.ok_or(Error::not_found("activity"))?;
        if !Self::may_read_activity(ctx, &a) {
            return Err(Error::not_found("activity"));
        }
        let ids: Vec<Uuid> = a.people.iter().map(|p| p.person_id).collect();
        let names = self.community_names(ctx, &ids).await?;
        a.people.retain_mut(|p| match names.get(&p.person_id) {
            Some(n) => {
                p.name = n.clone();
                true
            }
            None => false,
        });
        let audit = AuditRecord::new(ctx, AuditAction::Read, AuditEntity::Activity, Some(id.to_string()), json!({}));
        self.store.append_audit(&audit).await?;
        Ok(a)
    }

    /// The activities the caller may read, newest first.
    pub async fn activities(&self, ctx: &Ctx, kind: Option<ActivityKind>, page: PageRequest) -> Result<Page<Activity>> {
        let read = AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).ok();
        let write = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor).ok();
        if read.is_none() && write.is_none() {
            return Err(AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).err().unwrap_or(Error::Forbidden));
        }
        let within = match read {
            Some(_) => self.community_area(ctx, Permission::CommunityRead)?,
            None => None,
        };
        let all = matches!(ctx.actor, Actor::System) || read == Some(Scope::All);
        let filter = ActivityFilter {
            within,
            organiser_id: ctx.actor.user().filter(|_| write.is_some()).map(|u| u.organisation_id),
            all,
            kind,
        };
        let mut list = self.store.list_activities(&filter, page).await?;
        // Named attendees are read on the activity's own page.
        for a in &mut list.items {
            a.people.clear();
        }
        Ok(list)
    }
}
