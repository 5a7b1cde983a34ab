//! Merging two records of the same person.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::registry::consent::{in_force, ConsentPurpose};
use crate::registry::episode::current_stage;
use crate::registry::person::Person;

impl App {
    /// Merges `duplicate_id` into `survivor_id`: the survivor takes what it
    /// lacked and every episode, consent, visit, family link and household
    /// membership of the duplicate; the duplicate stays stored, marked as
    /// merged (its values that differed are kept there).
    pub async fn merge_people(&self, ctx: &Ctx, survivor_id: Uuid, duplicate_id: Uuid) -> Result<Person> {
        if survivor_id == duplicate_id {
            return Err(Error::invalid("duplicate_id", "same_person"));
        }
        let mut survivor = self.writable_person(ctx, survivor_id, true).await?;
        let duplicate = self.writable_person(ctx, duplicate_id, true).await.map_err(|e| match e {
            Error::NotFound { .. } => Error::invalid("duplicate_id", "unknown_person"),
            Error::Conflict { code, .. } => Error::Conflict { code, field: Some("duplicate_id".into()) },
            e => e,
        })?;
        for p in [&survivor, &duplicate] {
            AuthCheck::new(Permission::PeopleMerge).in_area(&p.district_code).check(&ctx.actor)?;
        }
        let (filled, differing) = survivor.absorb(&duplicate);
        let mut episodes = self.store.episodes_of(survivor.id).await?;
        episodes.extend(self.store.episodes_of(duplicate.id).await?);
        survivor.stage = current_stage(&episodes).or(survivor.stage);
        survivor.updated_at = Utc::now();
        let tokens = crate::registry::people::name_tokens(&survivor.full_name, &survivor.other_names);
        let keys = crate::registry::people::blocking_keys(&survivor.full_name, &survivor.other_names);
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Merge,
            AuditEntity::Person,
            Some(survivor.id.to_string()),
            json!({ "duplicate_id": duplicate.id, "filled": filled, "differing": differing }),
        );
        // The sharing in force over both consent histories.
        let mut consents = self.store.consents_of(survivor.id).await?;
        consents.extend(self.store.consents_of(duplicate.id).await?);
        let mut shares: Vec<Uuid> = consents
            .iter()
            .filter(|c| c.purpose == ConsentPurpose::ShareWithPartners)
            .filter_map(|c| c.organisation_id)
            .collect();
        shares.sort();
        shares.dedup();
        shares.retain(|org| in_force(&consents, ConsentPurpose::ShareWithPartners, Some(*org)));
        self.store.merge_people(&survivor, duplicate.id, &tokens, &keys, &shares, &audit).await?;
        Ok(survivor)
    }

    /// Records merged into this one (readers see where a duplicate went).
    pub async fn merged_records(&self, ctx: &Ctx, id: Uuid) -> Result<Vec<Person>> {
        self.shared_person(ctx, id).await?;
        self.store.merged_into(id).await
    }
}
