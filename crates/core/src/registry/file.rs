//! A person with everything her page shows, read with one check of the
//! reader and one audit entry (not one per part), and what the reader may do
//! with her record.

use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::cases::work::CaseMention;
use crate::error::Result;
use crate::registry::consent::Consent;
use crate::registry::episode::Episode;
use crate::registry::family::{Household, Relative};
use crate::registry::person::Person;
use crate::registry::visit::Visit;

/// What a reader may do with a person's record, as the page offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonAction {
    RecordVisit,
    /// Hand her over to a partner serving at the caller's office.
    HandOver,
    RecordConsent,
    AddEpisode,
    AddRelative,
    FindDuplicates,
    FormHousehold,
    Merge,
    OpenCase,
    /// Village records: registration as a prospective migrant worker,
    /// departure and return notices, an early warning about her.
    VillageRecords,
}

/// A person and her parts, as a reader who may read her sees them. Without
/// her consent to share with the reader's organisation only the withheld
/// person and the mentions of her cases are filled.
#[derive(Debug, Clone)]
pub struct PersonFile {
    pub person: Person,
    pub cases: Vec<CaseMention>,
    pub consents: Vec<Consent>,
    pub episodes: Vec<Episode>,
    pub relatives: Vec<Relative>,
    pub household: Option<Household>,
    /// Records merged into this one.
    pub merged_from: Vec<Person>,
    pub visits: Vec<Visit>,
    /// What the reader may do now.
    pub actions: Vec<PersonAction>,
}

impl PersonFile {
    pub fn may(&self, action: PersonAction) -> bool {
        self.actions.contains(&action)
    }
}

/// What `actor` may do with `person` (as the actor sees her: withheld
/// without consent). The rules are those the commands check: writing within
/// the area of her village (or district), on a record not merged away;
/// details (episodes, relatives, households, merging, cases) only when
/// shared.
pub fn allowed_actions(actor: &Actor, person: &Person, has_relatives: bool) -> Vec<PersonAction> {
    if person.merged_into.is_some() {
        return Vec::new();
    }
    let area = person.village_code.as_ref().unwrap_or(&person.district_code);
    let writes = AuthCheck::new(Permission::PeopleWrite).in_area(area).check(actor).is_ok();
    let shared = !person.withheld;
    let mut actions = Vec::new();
    if writes {
        actions.extend([PersonAction::RecordVisit, PersonAction::HandOver, PersonAction::RecordConsent]);
        if shared {
            actions.extend([PersonAction::AddEpisode, PersonAction::AddRelative, PersonAction::FindDuplicates]);
            if person.household_id.is_none() && has_relatives {
                actions.push(PersonAction::FormHousehold);
            }
        }
    }
    if shared && writes && AuthCheck::new(Permission::PeopleMerge).in_area(&person.district_code).check(actor).is_ok() {
        actions.push(PersonAction::Merge);
    }
    let opens_cases = match actor.user() {
        Some(u) => AuthCheck::new(Permission::CasesWrite)
            .in_area(&person.district_code)
            .in_organisation(u.organisation_id)
            .check(actor)
            .is_ok(),
        None => false,
    };
    if shared && opens_cases {
        actions.push(PersonAction::OpenCase);
    }
    let village_writes = person
        .village_code
        .as_ref()
        .is_some_and(|v| AuthCheck::new(Permission::CommunityWrite).in_area(v).check(actor).is_ok());
    if writes && village_writes {
        actions.push(PersonAction::VillageRecords);
    }
    actions
}

impl App {
    /// The person and all her parts: the reader is checked (need-to-know,
    /// scope, consent) and the read audited once, as [`App::person`] does.
    pub async fn person_file(&self, ctx: &Ctx, id: Uuid) -> Result<PersonFile> {
        let person = self.person(ctx, id).await?;
        let cases = self.case_mentions(ctx, id).await?;
        let mut file = PersonFile {
            person,
            cases,
            consents: Vec::new(),
            episodes: Vec::new(),
            relatives: Vec::new(),
            household: None,
            merged_from: Vec::new(),
            visits: Vec::new(),
            actions: Vec::new(),
        };
        if !file.person.withheld {
            file.consents = self.consents_seen(ctx, id).await?;
            file.episodes = self.store.episodes_of(id).await?;
            file.relatives = self.relatives_seen(ctx, id).await?;
            if let Some(h) = file.person.household_id {
                if let Some(household) = self.store.get_household(h).await? {
                    file.household = Some(self.household_seen(ctx, household).await?);
                }
            }
            file.merged_from = self.store.merged_into(id).await?;
            file.visits = self.visits_seen(ctx, id).await?;
        }
        file.actions = allowed_actions(&ctx.actor, &file.person, !file.relatives.is_empty());
        Ok(file)
    }
}
