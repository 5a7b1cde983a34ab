//! The person registry.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{
    person_view, AuthCheck, Ctx, NeedToKnow, Permission, PersonSubject, PersonTies, PersonView, Scope,
};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::paging::{Page, PageRequest};
use crate::registry::matching::{rank, Candidate};
use crate::registry::names::NameKey;
use crate::registry::nik::NikMismatch;
use crate::registry::person::{NewPerson, Person, ValidPerson};
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

/// A person's id and the facts that decide who sees her.
pub(crate) type PersonSubjectOf<'a> = (Uuid, PersonSubject<'a>);

/// How many stored people are scored at most per match.
const CANDIDATE_POOL: usize = 40;
/// People taken per blocking key (the newest first): a common name cannot
/// make a match read more as the registry grows.
const PER_KEY: u32 = 100;

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
        // The village when known: a village officer registers in her village only.
        let area = valid.village_code.clone().unwrap_or_else(|| district.clone());
        // A village outside the caller's area is bad input (the form says
        // so), not a refusal of the caller.
        let may_write_somewhere = ctx.actor.scope_of(Permission::PeopleWrite).is_some();
        AuthCheck::new(Permission::PeopleWrite).in_area(&area).in_organisation(org.id).check(&ctx.actor).map_err(
            |e| match (&valid.village_code, e) {
                (Some(v), Error::Forbidden) if may_write_somewhere => {
                    Error::Invalid(vec![FieldError::new("village_code", "outside_your_area").with("value", v)])
                }
                (_, e) => e,
            },
        )?;
        // A crisis centre's registrations are need-to-know, like any marked so.
        let confidential = input.confidential || org.kind == crate::organisations::organisation::OrgKind::CrisisCentre;
        if confidential && !user.restricted_access {
            return Err(Error::denied("restricted_access_pending", None));
        }
        let warnings = valid.warnings.clone();
        let mut person = Person::registered(valid, district, org.id, Some(user.id));
        person.confidential = confidential;
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
            ("confidential", person.confidential),
        ]
        .into_iter()
        .filter_map(|(f, set)| set.then_some(f))
        .collect();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Person,
            Some(person.id.to_string()),
            json!({ "fields": fields }),
        );
        let tokens = name_tokens(&person.full_name, &person.other_names);
        let keys = blocking_keys(&person.full_name, &person.other_names);
        let possible_duplicates = self.candidates(ctx, &valid_for_match, Some(person.id)).await?;
        self.store.insert_person(&person, &tokens, &keys, &audit).await?;
        Ok(Registered { person, warnings, possible_duplicates })
    }

    /// What ties the caller to each of `ids` (nothing for the system).
    pub(crate) async fn person_ties(&self, ctx: &Ctx, ids: &[Uuid]) -> Result<HashMap<Uuid, PersonTies>> {
        match ctx.actor.user() {
            Some(u) if !ids.is_empty() => {
                self.store.person_ties(ids, u.id, u.organisation_id, u.confirmed_supervisor()).await
            }
            _ => Ok(HashMap::new()),
        }
    }

    /// How much of each person the caller sees (the one rule,
    /// [`person_view`]); ties are looked up only where they matter.
    pub(crate) async fn person_views(
        &self,
        ctx: &Ctx,
        people: &[PersonSubjectOf<'_>],
    ) -> Result<HashMap<Uuid, PersonView>> {
        let scope = ctx.actor.scope_of(Permission::PeopleRead);
        let org = ctx.actor.user().map(|u| u.organisation_id);
        let wanted: Vec<Uuid> = people
            .iter()
            .filter(|(_, s)| s.confidential || Some(s.registered_by_organisation) != org)
            .map(|(id, _)| *id)
            .collect();
        let ties = self.person_ties(ctx, &wanted).await?;
        Ok(people
            .iter()
            .map(|(id, s)| (*id, person_view(&ctx.actor, scope, *s, ties.get(id).copied().unwrap_or_default())))
            .collect())
    }

    /// One person, read, as the caller may see her: out of scope or outside
    /// need-to-know is exactly "not found"; without her consent to share
    /// with the caller's organisation, withheld. The one audited read of a
    /// person: every read is recorded. Commands use
    /// [`App::readable_person`], which records nothing.
    pub async fn person(&self, ctx: &Ctx, id: Uuid) -> Result<Person> {
        let person = self.readable_person(ctx, id).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Read,
            AuditEntity::Person,
            Some(id.to_string()),
            json!({ "shared": !person.withheld }),
        );
        self.store.append_audit(&audit).await?;
        Ok(person)
    }

    /// The guard of commands on a person: the person as the caller may see
    /// her (withheld without consent), or exactly "not found". It writes no
    /// audit entry.
    pub(crate) async fn readable_person(&self, ctx: &Ctx, id: Uuid) -> Result<Person> {
        AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let person = self.store.get_person(id).await?.ok_or(Error::not_found("person"))?;
        let view = self.person_views(ctx, &[(person.id, person.subject())]).await?.remove(&id);
        match view {
            Some(PersonView::Full) => Ok(person),
            Some(PersonView::Withheld) => Ok(person.withholding()),
            Some(PersonView::Hidden) | None => Err(Error::not_found("person")),
        }
    }

    /// One person with every detail, read (audited as [`App::person`]):
    /// outside the registering organisation only with the person's consent
    /// to share with the reader's.
    pub async fn shared_person(&self, ctx: &Ctx, id: Uuid) -> Result<Person> {
        shared(self.person(ctx, id).await?)
    }

    /// A person the caller may change: readable, in their writing scope and
    /// not merged into another record. Recording a visit or a consent needs
    /// no shared details (`details` false); anything else does. A guard: it
    /// writes no audit entry.
    pub(crate) async fn writable_person(&self, ctx: &Ctx, id: Uuid, details: bool) -> Result<Person> {
        let person = self.readable_person(ctx, id).await?;
        let person = if details { shared(person)? } else { person };
        // Her village when known: a village officer writes within her village.
        let area = person.village_code.as_ref().unwrap_or(&person.district_code);
        AuthCheck::new(Permission::PeopleWrite).in_area(area).check(&ctx.actor)?;
        if person.merged_into.is_some() {
            return Err(Error::Conflict { code: "person_merged", field: None });
        }
        Ok(person)
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
        filter.need_to_know = scope.need_to_know;
        filter.details_of = ctx.actor.user().map(|u| u.organisation_id);
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
        found.items = self.as_seen(ctx, found.items).await?;
        Ok(found)
    }
}

impl App {
    /// People as the caller sees them: withheld without consent; any the
    /// list filter let through but the rule hides are dropped.
    pub(crate) async fn as_seen(&self, ctx: &Ctx, people: Vec<Person>) -> Result<Vec<Person>> {
        let subjects: Vec<PersonSubjectOf<'_>> = people.iter().map(|p| (p.id, p.subject())).collect();
        let views = self.person_views(ctx, &subjects).await?;
        Ok(people
            .into_iter()
            .filter_map(|p| match views.get(&p.id) {
                Some(PersonView::Full) => Some(p),
                Some(PersonView::Withheld) => Some(p.withholding()),
                Some(PersonView::Hidden) | None => None,
            })
            .collect())
    }

    /// Which of `people` the caller may know of: all but need-to-know
    /// people outside the caller's circle (whatever the people scope: the
    /// queue shows who came to this office).
    pub(crate) async fn known_people(&self, ctx: &Ctx, people: &[Uuid]) -> Result<HashSet<Uuid>> {
        let labels = self.store.person_labels(people).await?;
        let confidential: Vec<Uuid> = labels.iter().filter(|l| l.confidential).map(|l| l.id).collect();
        let ties = self.person_ties(ctx, &confidential).await?;
        Ok(labels
            .iter()
            .filter(|l| {
                let ties = ties.get(&l.id).copied().unwrap_or_default();
                person_view(&ctx.actor, Some(Scope::All), l.subject(), ties) != PersonView::Hidden
            })
            .map(|l| l.id)
            .collect())
    }

    /// The scope filter of a reader of people (need-to-know included).
    pub(crate) fn people_scope(&self, ctx: &Ctx) -> Result<PersonFilter> {
        let scope = AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let mut filter = PersonFilter { need_to_know: NeedToKnow::of(&ctx.actor), ..Default::default() };
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
        let hits = self.store.match_hits(nik, &phones, &keys, &filter, PER_KEY).await?;
        let ids = crate::registry::matching::shortlist(&hits, keys.len(), PER_KEY, CANDIDATE_POOL);
        let pool = self.store.match_people(&ids, &filter).await?;
        // Scored on what the caller may see: a reason never confirms a
        // withheld detail (her NIK, her phone, her birth date).
        let pool = self.as_seen(ctx, pool).await?;
        Ok(rank(valid, &pool, exclude, Utc::now().date_naive()))
    }
}

/// The person if her details are shared with the reader, else
/// `ConsentRequired`.
pub(crate) fn shared(person: Person) -> Result<Person> {
    if person.withheld {
        return Err(Error::ConsentRequired);
    }
    Ok(person)
}
