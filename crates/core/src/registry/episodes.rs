//! Migration episodes of a person.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::organisations::organisation::OrgKind;
use crate::registry::episode::{current_stage, Episode, NewEpisode};

impl App {
    /// Records an episode; the person's current stage follows their latest.
    pub async fn record_episode(&self, ctx: &Ctx, person_id: Uuid, input: &NewEpisode) -> Result<Episode> {
        self.writable_person(ctx, person_id, true).await?;
        let valid = input.validate(Utc::now().date_naive())?;
        let agency = match &valid.placement_agency_code {
            None => None,
            Some(code) => {
                let org = self
                    .store
                    .get_organisation_by_code(code.as_str())
                    .await?
                    .ok_or_else(|| Error::invalid("placement_agency_code", "unknown_organisation"))?;
                if org.kind != OrgKind::PlacementAgency {
                    return Err(Error::invalid("placement_agency_code", "not_a_placement_agency"));
                }
                Some(org.id)
            }
        };
        let episode = Episode::new(person_id, valid, agency, ctx.actor.user_id());
        let mut all = self.store.episodes_of(person_id).await?;
        all.push(episode.clone());
        let stage = current_stage(&all);
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Episode,
            Some(episode.id.to_string()),
            json!({ "person_id": person_id, "stage": episode.stage, "costs": episode.recruitment_costs.len() }),
        );
        self.store.insert_episode(&episode, stage, &audit).await?;
        Ok(episode)
    }

    /// A person's episodes, oldest departure first.
    pub async fn episodes(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Episode>> {
        self.shared_person(ctx, person_id).await?;
        self.store.episodes_of(person_id).await
    }
}
