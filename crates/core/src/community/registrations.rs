//! Village registration of prospective migrant workers, the village's
//! decision, and the visitors the LTSA front desk expects.

use std::collections::HashMap;

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::community::registration::{
    ExpectedVisitor, NewDecision, NewRegistration, Registration, RegistrationDecision, RegistrationStatus,
};
use crate::community::repo::CommunityFilter;
use crate::error::{Error, FieldError, Result};
use crate::organisations::organisation::OrgKind;
use crate::paging::{Page, PageRequest};
use crate::text::optional_text;

impl App {
    /// The office's today (dates of past events may not be after it).
    pub fn today(&self) -> chrono::NaiveDate {
        Utc::now().with_timezone(&self.time_zone).date_naive()
    }

    /// The area a community reader sees: her village (own), her district,
    /// or everything. `Forbidden` without the permission.
    pub(crate) fn community_area(&self, ctx: &Ctx, permission: Permission) -> Result<Option<AreaCode>> {
        let scope = AuthCheck::new(permission).check(&ctx.actor)?;
        let Some(user) = ctx.actor.user() else { return Ok(None) };
        Ok(match scope {
            Scope::All => None,
            Scope::District | Scope::Organisation => Some(user.home_area.regency().ok_or(Error::Forbidden)?),
            Scope::Own => Some(user.home_area.clone()),
        })
    }

    /// Names of the people the caller may read, with one audit entry; none
    /// at all for a caller who reads no people (a coordinator sees the
    /// records without names).
    pub(crate) async fn community_names(&self, ctx: &Ctx, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
        if AuthCheck::new(Permission::PeopleRead).check(&ctx.actor).is_err() || ids.is_empty() {
            return Ok(HashMap::new());
        }
        self.person_names(ctx, ids).await
    }

    /// The people among `ids` an audit entry seen by others may name: those
    /// who are not need-to-know themselves (an entry naming one of those
    /// beside others would show her to every reader of the log).
    pub(crate) async fn ids_to_log(&self, ids: &[Uuid]) -> Result<Vec<Uuid>> {
        let labels = self.store.person_labels(ids).await?;
        Ok(ids.iter().copied().filter(|id| labels.iter().any(|l| l.id == *id && !l.confidential)).collect())
    }

    /// Registers a prospective migrant worker in her village: the registry's
    /// person (found or created with the duplicate check first), submitted
    /// for the village's verification.
    pub async fn register_prospective(&self, ctx: &Ctx, input: &NewRegistration) -> Result<Registration> {
        AuthCheck::new(Permission::CommunityWrite).check(&ctx.actor)?;
        let valid = input.validate(self.today())?;
        let person = self.writable_person(ctx, input.person_id, false).await?;
        let village = person.village_code.clone().ok_or_else(|| Error::invalid("person_id", "no_village"))?;
        AuthCheck::new(Permission::CommunityWrite).in_area(&village).check(&ctx.actor).map_err(|_| {
            Error::Invalid(vec![FieldError::new("person_id", "outside_your_area").with("value", village.as_str())])
        })?;
        let agency = match &valid.agency_code {
            None => None,
            Some(code) => {
                let org = self.store.get_organisation_by_code(code.as_str()).await?;
                match org {
                    Some(o) if o.kind == OrgKind::PlacementAgency => Some(o),
                    _ => {
                        return Err(Error::Invalid(vec![
                            FieldError::new("agency_code", "unknown_agency").with("value", code.as_str())
                        ]))
                    }
                }
            }
        };
        // One registration in force: a returned one may be made again.
        let filter = CommunityFilter { person_id: Some(person.id), ..Default::default() };
        let existing = self.store.list_registrations(&filter, PageRequest::first(20)).await?;
        if existing.items.iter().any(|r| r.status != RegistrationStatus::Returned) {
            return Err(Error::Conflict { code: "already_registered", field: Some("person_id".into()) });
        }
        let organisation_id = match ctx.actor.user() {
            Some(u) => u.organisation_id,
            None => person.registered_by_organisation,
        };
        let r = Registration {
            id: Uuid::now_v7(),
            person_id: person.id,
            person_name: Some(person.full_name.clone()),
            village_code: village.clone(),
            organisation_id,
            destination: valid.destination,
            sector: valid.sector,
            occupation: valid.occupation,
            agency_id: agency.as_ref().map(|a| a.id),
            agency_name: agency.map(|a| a.name),
            job_offer: valid.job_offer,
            job_offer_date: valid.job_offer_date,
            permission: valid.permission,
            seen_ktp: valid.seen_ktp,
            seen_family_card: valid.seen_family_card,
            seen_passport: valid.seen_passport,
            status: RegistrationStatus::Submitted,
            return_reason: None,
            decided_by: None,
            decided_at: None,
            created_by: ctx.actor.user_id(),
            created_at: crate::audit::chain::truncate_to_micros(Utc::now()),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::VillageRegistration,
            Some(r.id.to_string()),
            json!({ "person_id": r.person_id, "village": village.as_str(), "destination": r.destination.as_str() }),
        );
        self.store.insert_registration(&r, &audit).await?;
        Ok(r)
    }

    /// The guard of a registration: readable by the village (and the
    /// district) that holds it, else exactly "not found". No audit entry.
    async fn readable_registration(&self, ctx: &Ctx, id: Uuid) -> Result<Registration> {
        let r = self.store.get_registration(id).await?.ok_or(Error::not_found("registration"))?;
        AuthCheck::new(Permission::CommunityRead)
            .in_area(&r.village_code)
            .check(&ctx.actor)
            .map_err(|_| Error::not_found("registration"))?;
        Ok(r)
    }

    /// One registration, read (audited; her name only for a reader of people).
    pub async fn registration(&self, ctx: &Ctx, id: Uuid) -> Result<Registration> {
        let mut r = self.readable_registration(ctx, id).await?;
        let (names, _) = match AuthCheck::new(Permission::PeopleRead).check(&ctx.actor) {
            Ok(_) => self.names_seen(ctx, &[r.person_id]).await?,
            Err(_) => Default::default(),
        };
        r.person_name = names.get(&r.person_id).cloned();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Read,
            AuditEntity::VillageRegistration,
            Some(id.to_string()),
            json!({ "person_id": r.person_id, "named": r.person_name.is_some() }),
        );
        self.store.append_audit(&audit).await?;
        Ok(r)
    }

    /// Registrations of the caller's village (or district), newest first.
    pub async fn registrations(
        &self,
        ctx: &Ctx,
        mut filter: CommunityFilter,
        page: PageRequest,
    ) -> Result<Page<Registration>> {
        let area = self.community_area(ctx, Permission::CommunityRead)?;
        filter.within = within_area(area, filter.within.take())?;
        let mut list = self.store.list_registrations(&filter, page).await?;
        let ids: Vec<Uuid> = list.items.iter().map(|r| r.person_id).collect();
        let names = self.community_names(ctx, &ids).await?;
        for r in &mut list.items {
            r.person_name = names.get(&r.person_id).cloned();
        }
        Ok(list)
    }

    /// The village verifies a submitted registration, or returns it with a reason.
    pub async fn decide_registration(&self, ctx: &Ctx, id: Uuid, input: &NewDecision) -> Result<Registration> {
        let r = self.readable_registration(ctx, id).await?;
        let decision = RegistrationDecision::parse("decision", &input.decision).map_err(|e| Error::Invalid(vec![e]))?;
        AuthCheck::new(Permission::CommunityVerify).in_area(&r.village_code).check(&ctx.actor)?;
        let reason = optional_text("reason", input.reason.as_deref(), 500).map_err(|e| Error::Invalid(vec![e]))?;
        let (status, action) = match decision {
            RegistrationDecision::Verify => (RegistrationStatus::Verified, AuditAction::Verify),
            RegistrationDecision::Return => {
                if reason.is_none() {
                    return Err(Error::invalid("reason", "required"));
                }
                (RegistrationStatus::Returned, AuditAction::SendBack)
            }
        };
        if r.status != RegistrationStatus::Submitted {
            return Err(Error::Conflict { code: "already_decided", field: Some("decision".into()) });
        }
        let audit = AuditRecord::new(
            ctx,
            action,
            AuditEntity::VillageRegistration,
            Some(id.to_string()),
            json!({ "person_id": r.person_id, "status": status }),
        );
        let reason = if status == RegistrationStatus::Returned { reason } else { None };
        if !self
            .store
            .decide_registration(id, status, reason.as_deref(), ctx.actor.user_id(), Utc::now(), &audit)
            .await?
        {
            return Err(Error::Conflict { code: "already_decided", field: Some("decision".into()) });
        }
        let mut r = self.store.get_registration(id).await?.ok_or(Error::not_found("registration"))?;
        let names = self.community_names(ctx, &[r.person_id]).await?;
        r.person_name = names.get(&r.person_id).cloned();
        Ok(r)
    }

    /// Who the caller's district office expects: verified registrations and
    /// returnees referred by their village, not seen at the office since,
    /// as far as the caller may read them.
    pub async fn expected_visitors(&self, ctx: &Ctx) -> Result<Vec<ExpectedVisitor>> {
        let scope = AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        if !scope.covers(Scope::District) {
            return Err(Error::Forbidden);
        }
        let Some(district) = ctx.actor.user().and_then(|u| u.home_area.regency()) else {
            return Ok(Vec::new());
        };
        let rows = self.store.expected_visitors(&district, 200).await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.person_id).collect();
        let names = self.person_names(ctx, &ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|mut r| {
                r.person_name = names.get(&r.person_id)?.clone();
                Some(r)
            })
            .collect())
    }
}

/// The area a list asks for, within the reader's own: her own when she
/// asks for none or for a wider one; `outside_your_area` when it lies
/// elsewhere.
pub(crate) fn within_area(own: Option<AreaCode>, asked: Option<AreaCode>) -> Result<Option<AreaCode>> {
    match (own, asked) {
        (Some(own), Some(asked)) if asked.is_within(&own) => Ok(Some(asked)),
        (Some(own), Some(asked)) if own.is_within(&asked) => Ok(Some(own)),
        (Some(_), Some(asked)) => {
            Err(Error::Invalid(vec![FieldError::new("within", "outside_your_area").with("value", asked.as_str())]))
        }
        (Some(own), None) => Ok(Some(own)),
        (None, asked) => Ok(asked),
    }
}
