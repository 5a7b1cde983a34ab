//! Recording online campaigns and reading them.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::community::campaign::{Campaign, NewCampaign};
use crate::community::repo::ActivityFilter;
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest};

impl App {
    /// Records an online campaign with the figures the platform reported:
    /// like an activity, within the caller's area (a partner for its own
    /// organisation).
    pub async fn record_campaign(&self, ctx: &Ctx, input: &NewCampaign) -> Result<Campaign> {
        let scope = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor)?;
        let valid = input.validate(self.today())?;
        let organiser = self.organiser_in_area(ctx, scope, &valid.area_code, valid.organiser_code.as_ref()).await?;
        let c = Campaign {
            id: Uuid::now_v7(),
            platform: valid.platform,
            area_code: valid.area_code,
            organiser_id: organiser.id,
            organiser_name: organiser.name,
            topic: valid.topic,
            title: valid.title,
            starts_on: valid.starts_on,
            ends_on: valid.ends_on,
            reach: valid.reach,
            women_reached: valid.women_reached,
            engagement: valid.engagement,
            created_by: ctx.actor.user_id(),
            created_at: truncate_to_micros(Utc::now()),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Campaign,
            Some(c.id.to_string()),
            json!({ "platform": c.platform, "area": c.area_code.as_str(), "reach": c.reach }),
        );
        self.store.insert_campaign(&c, &audit).await?;
        Ok(c)
    }

    /// The campaigns the caller may read (of her area, or run by her
    /// organisation), newest first.
    pub async fn campaigns(&self, ctx: &Ctx, page: PageRequest) -> Result<Page<Campaign>> {
        let read = AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).ok();
        let write = AuthCheck::new(Permission::ActivitiesWrite).check(&ctx.actor).ok();
        if read.is_none() && write.is_none() {
            return Err(AuthCheck::new(Permission::CommunityRead).check(&ctx.actor).err().unwrap_or(Error::Forbidden));
        }
        let within = match read {
            Some(_) => self.community_area(ctx, Permission::CommunityRead)?,
            None => None,
        };
        let filter = ActivityFilter {
            within,
            organiser_id: ctx.actor.user().filter(|_| write.is_some()).map(|u| u.organisation_id),
            all: matches!(ctx.actor, Actor::System) || read == Some(Scope::All),
            kind: None,
        };
        self.store.list_campaigns(&filter, page).await
    }
}
