//! Recording local competency tests and reading them.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::competency::{CompetencyTest, NewCompetencyTest};
use crate::error::{Error, FieldError, Result};

impl App {
    /// Records a competency test session and its candidates' results: the
    /// district (coordinator) or a partner that runs it.
    pub async fn record_competency_test(&self, ctx: &Ctx, input: &NewCompetencyTest) -> Result<CompetencyTest> {
        let scope = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        if !scope.covers(Scope::Organisation) {
            return Err(Error::Forbidden);
        }
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let district = user.home_area.regency().ok_or(Error::Forbidden)?;
        let valid = input.validate(self.today())?;
        let mut errors = Vec::new();
        for (i, c) in valid.candidates.iter().enumerate() {
            if self.readable_person(ctx, c.person_id).await.is_err() {
                errors.push(FieldError::new(format!("candidates[{i}].person_id"), "unknown_person"));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let t = CompetencyTest {
            id: Uuid::now_v7(),
            date: valid.date,
            district_code: district,
            organisation_id: user.organisation_id,
            occupation: valid.occupation,
            training_centre: valid.training_centre,
            assessor: valid.assessor,
            candidates: valid.candidates,
            created_at: truncate_to_micros(Utc::now()),
        };
        let logged = self.ids_to_log(&t.candidates.iter().map(|c| c.person_id).collect::<Vec<_>>()).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::CompetencyTest,
            Some(t.id.to_string()),
            json!({ "district": t.district_code.as_str(), "candidates": t.candidates.len(),
                    "ids": logged }),
        );
        self.store.insert_competency_test(&t, &audit).await?;
        Ok(t)
    }

    /// The district's where the caller may read them (readers of the
    /// district, and those who run tests); `None` for nobody.
    fn competency_district(&self, ctx: &Ctx) -> Result<Option<crate::areas::area::AreaCode>> {
        let read = AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).is_ok();
        let runs =
            AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor).is_ok_and(|s| s.covers(Scope::Organisation));
        if !read && !runs {
            return Err(Error::Forbidden);
        }
        Ok(match &ctx.actor {
            Actor::System => None,
            Actor::User(u) => Some(u.home_area.regency().ok_or(Error::Forbidden)?),
            Actor::Anonymous => return Err(Error::Unauthenticated),
        })
    }

    /// The district's competency tests, newest first (candidates counted, not named).
    pub async fn competency_tests(&self, ctx: &Ctx) -> Result<Vec<CompetencyTest>> {
        let district = self.competency_district(ctx)?;
        let mut tests = self.store.competency_tests(district.as_ref()).await?;
        for t in &mut tests {
            self.known_candidates(ctx, t).await?;
        }
        Ok(tests)
    }

    /// Leaves out the candidates who are need-to-know people outside the
    /// reader's circle (not even their ids or their number show).
    async fn known_candidates(&self, ctx: &Ctx, t: &mut CompetencyTest) -> Result<()> {
        let ids: Vec<Uuid> = t.candidates.iter().map(|c| c.person_id).collect();
        let known = self.known_people(ctx, &ids).await?;
        t.candidates.retain(|c| known.contains(&c.person_id));
        Ok(())
    }

    /// One competency test, read (audited), its candidates named as far as the reader may see them.
    pub async fn competency_test(&self, ctx: &Ctx, id: Uuid) -> Result<CompetencyTest> {
        let district = self.competency_district(ctx)?;
        let mut t = self.store.get_competency_test(id).await?.ok_or(Error::not_found("competency_test"))?;
        if district.is_some_and(|d| t.district_code != d) {
            return Err(Error::not_found("competency_test"));
        }
        self.known_candidates(ctx, &mut t).await?;
        let ids: Vec<Uuid> = t.candidates.iter().map(|c| c.person_id).collect();
        let names = self.community_names(ctx, &ids).await?;
        for c in &mut t.candidates {
            c.name = names.get(&c.person_id).cloned();
        }
        let audit =
            AuditRecord::new(ctx, AuditAction::Read, AuditEntity::CompetencyTest, Some(id.to_string()), json!({}));
        self.store.append_audit(&audit).await?;
        Ok(t)
    }
}
