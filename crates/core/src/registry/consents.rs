//! Recording consent.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::registry::consent::{in_force, Consent, ConsentPurpose, ConsentStatus, NewConsent};

impl App {
    /// Records consent given or withdrawn. A withdrawal needs a consent in
    /// force for the same purpose (and organisation), given on or before it.
    pub async fn record_consent(&self, ctx: &Ctx, person_id: Uuid, input: &NewConsent) -> Result<Consent> {
        self.writable_person(ctx, person_id, false).await?;
        let valid = input.validate(Utc::now().date_naive())?;
        let organisation_id = match &valid.organisation_code {
            Some(code) => Some(
                self.store
                    .get_organisation_by_code(code.as_str())
                    .await?
                    .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))?
                    .id,
            ),
            None => None,
        };
        let history = self.store.consents_of(person_id).await?;
        if valid.status == ConsentStatus::Withdrawn {
            if !in_force(&history, valid.purpose, organisation_id) {
                return Err(Error::Invalid(vec![FieldError::new("status", "consent_not_given")]));
            }
            let given_on = history
                .iter()
                .filter(|c| {
                    c.purpose == valid.purpose
                        && c.organisation_id == organisation_id
                        && c.status == ConsentStatus::Given
                })
                .map(|c| c.date)
                .max();
            if given_on.is_some_and(|g| valid.date < g) {
                return Err(Error::Invalid(vec![FieldError::new("date", "withdrawn_before_given")]));
            }
        }
        let user = ctx.actor.user();
        let consent = Consent {
            id: Uuid::now_v7(),
            person_id,
            purpose: valid.purpose,
            status: valid.status,
            method: valid.method,
            date: valid.date,
            organisation_id,
            note: valid.note,
            recorded_by: user.map(|u| u.id),
            recorded_by_organisation: user.map(|u| u.organisation_id),
            created_at: Utc::now(),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Consent,
            Some(consent.id.to_string()),
            json!({ "person_id": person_id, "purpose": consent.purpose, "status": consent.status, "organisation_id": organisation_id }),
        );
        // Whether sharing with the organisation is in force afterwards.
        let shared = match (consent.purpose, organisation_id) {
            (ConsentPurpose::ShareWithPartners, Some(org)) => {
                let mut after = history;
                after.push(consent.clone());
                Some(in_force(&after, ConsentPurpose::ShareWithPartners, Some(org)))
            }
            _ => None,
        };
        self.store.insert_consent(&consent, shared, &audit).await?;
        Ok(consent)
    }

    /// A person's consent history, oldest first, for those she shares her
    /// details with; consents naming or recorded by a protective
    /// organisation only for its own staff.
    pub async fn consents(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Consent>> {
        self.shared_person(ctx, person_id).await?;
        self.consents_seen(ctx, person_id).await
    }

    /// A person's consent history as the caller may see it, for a reader
    /// already checked (no audit entry of its own).
    pub(crate) async fn consents_seen(&self, ctx: &Ctx, person_id: Uuid) -> Result<Vec<Consent>> {
        let protective = self.protective().await?;
        Ok(self
            .store
            .consents_of(person_id)
            .await?
            .into_iter()
            .filter(|c| protective.may_see_consent(c.organisation_id, c.recorded_by_organisation, &ctx.actor))
            .collect())
    }
}
