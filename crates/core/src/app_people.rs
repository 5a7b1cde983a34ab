//! The person registry.

use std::collections::HashSet;

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::area::AreaCode;
use crate::audit::AuditRecord;
use crate::consent::{in_force, ConsentPurpose};
use crate::error::{Error, FieldError, Result};
use crate::matching::{rank, Candidate};
use crate::names::NameKey;
use crate::nik::NikMismatch;
use crate::paging::{Page, PageRequest};
use crate::person::{NewPerson, Person, ValidPerson};
use crate::repo::PersonFilter;

/// A registration and what the desk should double-check.
#[derive(Debug, Clone)]
pub struct Registered {
    pub person: Person,
    pub warnings: Vec<NikMismatch>,
    /// Records that may be the same person (the API saves anyway; the page
    /// warns before saving).
    pub possible_duplicates: Vec<Candidate>,
}

/// How many stored people are scored at most per match.
const CANDIDATE_POOL: u32 = 500;

/// The blocking keys of every name of a person.
pub(crate) fn blocking_keys(full_name: &str, other_names: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = std::iter::once(full_name)
        .chain(other_names.iter().map(String::as_str))
        .flat_map(|n| NameKey::new(n).blocking_keys())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The canonical tokens of every name of a person.
pub(crate) fn name_tokens(full_name: &str, other_names: &[String]) -> Vec<String> {
    let mut tokens: Vec<String> = std::iter::once(full_name)
        .chain(other_names.iter().map(String::as_str))
        .flat_map(|n| NameKey::new(n).tokens)
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

impl App {
    /// Registers a person. The record belongs to the district of their
    /// village (or of the registering organisation when the village is not
    /// known).
    pub async fn register_person(&self, ctx: &Ctx, input: &NewPerson) -> Result<Registered> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?.clone();
        let valid = input.validate(Utc::now().date_naive())?;
        let valid_for_match = valid.clone();
        if let Some(v) = &valid.village_code {
            self.existing_area("village_code", v.as_str()).await?;
        }
        let org = self
            .store
            .get_organisation(user.organisation_id)
            .await?
            .ok_or_else(|| Error::internal("user without organisation"))?;
        let district: AreaCode = valid
            .village_code
            .as_ref()
            .and_then(AreaCode::regency)
            .or_else(|| org.area_code.regency())
            .unwrap_or_else(|| org.area_code.clone());
        AuthCheck::new(Permission::PeopleWrite).in_area(&district).in_organisation(org.id).check(&ctx.actor)?;
        let warnings = valid.warnings.clone();
        let person = Person::registered(valid, district, org.id, Some(user.id));
        // Field names only: a person's details stay out of the log.
        let fields: Vec<&str> = [
            ("full_name", true),
            ("other_names", !person.other_names.is_empty()),
            ("sex", true),
            ("birth_date", person.birth_date.is_some()),
            ("estimated_age", person.estimated_age.is_some()),
            ("nik", person.nik.is_some()),
            ("phone", person.phone.is_some()),
            ("other_phones", !person.other_phones.is_empty()),
            ("village_code", person.village_code.is_some()),
            ("address", person.address.is_some()),
            ("marital_status", person.marital_status.is_some()),
            ("education", person.education.is_some()),
            ("disability", person.disability.is_some()),
            ("note", person.note.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, set)| set.then_some(f))
        .collect();
        let audit = AuditRecord::new(ctx, "create", "person", Some(person.id.to_string()), json!({ "fields": fields }));
        let tokens = name_tokens(&person.full_name, &person.other_names);
        let keys = blocking_keys(&person.full_name, &person.other_names);
        let possible_duplicates = self.candidates(ctx, &valid_for_match, Some(person.id)).await?;
        self.store.insert_person(&person, &tokens, &keys, &audit).await?;
        Ok(Registered { person, warnings, possible_duplicates })
    }

    /// One person, within the reader's scope; every read is audited.
    pub async fn person(&self, ctx: &Ctx, id: Uuid) -> Result<Person> {
        let scope = AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let person = self.store.get_person(id).await?.ok_or(Error::not_found("person"))?;
        let visible = match (scope, ctx.actor.user()) {
            (Scope::All, _) | (_, None) => true,
            (Scope::District, Some(u)) => u.home_area.regency().is_some_and(|r| person.district_code.is_within(&r)),
            (Scope::Organisation, Some(u)) => person.registered_by_organisation == u.organisation_id,
            (Scope::Own, Some(u)) => person.registered_by == Some(u.id),
        };
        if !visible {
            return Err(Error::Forbidden);
        }
        let shared = match ctx.actor.user() {
            Some(u) if u.organisation_id != person.registered_by_organisation => {
                self.shared_with(&[person.id], u.organisation_id).await?.contains(&person.id)
            }
            _ => true,
        };
        let audit = AuditRecord::new(ctx, "read", "person", Some(id.to_string()), json!({ "shared": shared }));
        self.store.append_audit(&audit).await?;
        Ok(if shared { person } else { person.withholding() })
    }

    /// One person with every detail: outside the registering organisation
    /// only with the person's consent to share with the reader's.
    pub async fn shared_person(&self, ctx: &Ctx, id: Uuid) -> Result<Person> {
        let person = self.person(ctx, id).await?;
        if person.withheld {
            return Err(Error::ConsentRequired);
        }
        Ok(person)
    }

    /// A person the caller may change: readable, in their writing scope and
    /// not merged into another record. Recording a visit or a consent needs
    /// no shared details (`details` false); anything else does.
    pub(crate) async fn writable_person(&self, ctx: &Ctx, id: Uuid, details: bool) -> Result<Person> {
        let person = if details { self.shared_person(ctx, id).await? } else { self.person(ctx, id).await? };
        AuthCheck::new(Permission::PeopleWrite).in_area(&person.district_code).check(&ctx.actor)?;
        if person.merged_into.is_some() {
            return Err(Error::Conflict { code: "person_merged", field: None });
        }
        Ok(person)
    }

    /// Which of `ids` consented (and did not withdraw) to sharing with
    /// `organisation`.
    async fn shared_with(&self, ids: &[Uuid], organisation: Uuid) -> Result<HashSet<Uuid>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let consents = self.store.consents_for(ids, ConsentPurpose::ShareWithPartners).await?;
        Ok(ids
            .iter()
            .copied()
            .filter(|id| {
                let mine: Vec<_> = consents.iter().filter(|c| c.person_id == *id).cloned().collect();
                in_force(&mine, ConsentPurpose::ShareWithPartners, Some(organisation))
            })
            .collect())
    }

    /// Search: a 16-digit query is a NIK, a phone-like one a phone number,
    /// anything else name parts (old and new spellings alike).
    pub async fn people(
        &self,
        ctx: &Ctx,
        query: Option<&str>,
        mut filter: PersonFilter,
        page: PageRequest,
    ) -> Result<Page<Person>> {
        let scope = self.people_scope(ctx)?;
        filter.district = scope.district.or(filter.district);
        filter.registered_by_organisation = scope.registered_by_organisation;
        filter.registered_by = scope.registered_by;
        if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
            let compact: String = q.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
            let digits = compact.strip_prefix('+').unwrap_or(&compact);
            if digits.len() == 16 && digits.chars().all(|c| c.is_ascii_digit()) {
                filter.nik = Some(digits.to_string());
            } else if digits.len() >= 8 && digits.chars().all(|c| c.is_ascii_digit()) {
                filter.phone = Some(compact);
            } else {
                filter.name_tokens = NameKey::new(q).tokens;
                if filter.name_tokens.is_empty() {
                    return Err(Error::Invalid(vec![FieldError::new("q", "invalid_query")]));
                }
            }
        }
        let mut found = self.store.list_people(&filter, page).await?;
        if let Some(u) = ctx.actor.user() {
            let outside: Vec<Uuid> = found
                .items
                .iter()
                .filter(|p| p.registered_by_organisation != u.organisation_id)
                .map(|p| p.id)
                .collect();
            let shared = self.shared_with(&outside, u.organisation_id).await?;
            found.items = found
                .items
                .into_iter()
                .map(|p| if outside.contains(&p.id) && !shared.contains(&p.id) { p.withholding() } else { p })
                .collect();
        }
        Ok(found)
    }
}

impl App {
    /// The scope filter of a reader of people.
    pub(crate) fn people_scope(&self, ctx: &Ctx) -> Result<PersonFilter> {
        let scope = AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let mut filter = PersonFilter::default();
        if let Some(u) = ctx.actor.user() {
            match scope {
                Scope::All => {}
                Scope::District => filter.district = Some(u.home_area.regency().ok_or(Error::Forbidden)?),
                Scope::Organisation => filter.registered_by_organisation = Some(u.organisation_id),
                Scope::Own => filter.registered_by = Some(u.id),
            }
        }
        Ok(filter)
    }

    /// People who may be the one being registered, best first (at most 10,
    /// score 0.5 or more), within what the caller may read.
    pub async fn match_person(&self, ctx: &Ctx, input: &NewPerson) -> Result<Vec<Candidate>> {
        let valid = input.validate(Utc::now().date_naive())?;
        self.candidates(ctx, &valid, None).await
    }

    async fn candidates(&self, ctx: &Ctx, valid: &ValidPerson, exclude: Option<Uuid>) -> Result<Vec<Candidate>> {
        let filter = self.people_scope(ctx)?;
        let keys = blocking_keys(&valid.full_name, &valid.other_names);
        let nik = valid.nik.as_ref().map(|n| n.as_str());
        let phones: Vec<String> = valid.phone.iter().chain(valid.other_phones.iter()).cloned().collect();
        let pool = self.store.match_candidates(nik, &phones, &keys, &filter, CANDIDATE_POOL).await?;
        Ok(rank(valid, &pool, exclude, Utc::now().date_naive()))
    }
}
