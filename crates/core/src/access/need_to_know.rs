//! Need-to-know: who may learn that a restricted record or a need-to-know
//! person exists. The same rule serves single reads ([`person_view`],
//! [`super::Restriction`]) and lists ([`NeedToKnow`], which the store turns
//! into a filter applied before counting and paging).

use uuid::Uuid;

use crate::access::{Actor, Scope};
use crate::areas::area::AreaCode;

/// A reader as the store filters lists by need-to-know. What is outside it
/// is left out before counting, so that no total or page betrays it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NeedToKnow {
    /// No restricted record and no need-to-know person at all: anonymous
    /// callers, unconfirmed accounts, and any filter built without a reader.
    #[default]
    Nobody,
    /// The system itself (command line, demo loader).
    Everyone,
    /// A confirmed user: what they own or are assigned to and, for a
    /// confirmed supervisor, what their organisation holds.
    Reader { user_id: Uuid, organisation_id: Uuid, supervisor: bool },
}

impl NeedToKnow {
    pub fn of(actor: &Actor) -> Self {
        match actor {
            Actor::System => NeedToKnow::Everyone,
            Actor::Anonymous => NeedToKnow::Nobody,
            Actor::User(u) if !u.restricted_access => NeedToKnow::Nobody,
            Actor::User(u) => NeedToKnow::Reader {
                user_id: u.id,
                organisation_id: u.organisation_id,
                supervisor: u.confirmed_supervisor(),
            },
        }
    }
}

/// The facts of a person that decide who may see her.
#[derive(Debug, Clone, Copy)]
pub struct PersonSubject<'a> {
    pub district_code: &'a AreaCode,
    pub village_code: Option<&'a AreaCode>,
    pub registered_by_organisation: Uuid,
    pub registered_by: Option<Uuid>,
    /// Known to the roof only through restricted work: need-to-know herself.
    pub confidential: bool,
}

/// What ties a reader to a person, as the store knows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PersonTies {
    /// She consented (and did not withdraw) to share with the reader's
    /// organisation.
    pub shared_with_organisation: bool,
    /// The reader needs to know one of her restricted cases.
    pub restricted_case: bool,
}

/// How much of a person a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonView {
    /// Exactly as if she did not exist.
    Hidden,
    /// Name, sex, village and stage only (no consent to share with the
    /// reader's organisation).
    Withheld,
    Full,
}

/// The one rule for reading a person. `scope` is the reader's scope of
/// `people_read` (none: hidden).
pub fn person_view(actor: &Actor, scope: Option<Scope>, person: PersonSubject<'_>, ties: PersonTies) -> PersonView {
    let user = match actor {
        Actor::System => return PersonView::Full,
        Actor::Anonymous => return PersonView::Hidden,
        Actor::User(u) => u,
    };
    let area = person.village_code.unwrap_or(person.district_code);
    let in_scope = match scope {
        None => false,
        Some(Scope::All) => true,
        Some(Scope::District) => user.home_area.regency().is_some_and(|r| person.district_code.is_within(&r)),
        Some(Scope::Organisation) => person.registered_by_organisation == user.organisation_id,
        Some(Scope::Own) => person.registered_by == Some(user.id) && area.is_within(&user.home_area),
    };
    if !in_scope {
        return PersonView::Hidden;
    }
    if person.confidential {
        let knows = user.restricted_access
            && (person.registered_by == Some(user.id)
                || (user.confirmed_supervisor() && person.registered_by_organisation == user.organisation_id)
                || ties.shared_with_organisation
                || ties.restricted_case);
        if !knows {
            return PersonView::Hidden;
        }
    }
    if person.registered_by_organisation == user.organisation_id || ties.shared_with_organisation {
        PersonView::Full
    } else {
        PersonView::Withheld
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, Permission, RoleCode, User};

    fn user(roles: Vec<RoleCode>, org: Uuid, home: &str, confirmed: bool) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: org,
            home_area: AreaCode::parse("home", home).unwrap(),
            roles,
            grants: vec![Grant { permission: Permission::PeopleRead, scope: Scope::District }],
            restricted_access: confirmed,
        })
    }

    #[test]
    fn a_confidential_person_is_hidden_outside_her_circle() {
        let wcc = Uuid::now_v7();
        let union = Uuid::now_v7();
        let district = AreaCode::parse("d", "32.09").unwrap();
        let counsellor = user(vec![RoleCode::Counsellor], wcc, "32.09", true);
        let colleague = user(vec![RoleCode::Counsellor], wcc, "32.09", true);
        let supervisor = user(vec![RoleCode::Supervisor], wcc, "32.09", true);
        let new_supervisor = user(vec![RoleCode::Supervisor], wcc, "32.09", false);
        let paralegal = user(vec![RoleCode::Paralegal], union, "32.09", true);
        let her = PersonSubject {
            district_code: &district,
            village_code: None,
            registered_by_organisation: wcc,
            registered_by: counsellor.user_id(),
            confidential: true,
        };
        let none = PersonTies::default();
        let view = |a: &Actor, ties| person_view(a, Some(Scope::District), her, ties);
        assert_eq!(view(&counsellor, none), PersonView::Full);
        assert_eq!(view(&supervisor, none), PersonView::Full);
        assert_eq!(view(&colleague, none), PersonView::Hidden);
        assert_eq!(view(&new_supervisor, none), PersonView::Hidden);
        assert_eq!(view(&paralegal, none), PersonView::Hidden);
        let shared = PersonTies { shared_with_organisation: true, restricted_case: false };
        assert_eq!(view(&paralegal, shared), PersonView::Full);
        let assigned = PersonTies { shared_with_organisation: false, restricted_case: true };
        assert_eq!(view(&colleague, assigned), PersonView::Full);
        assert_eq!(view(&paralegal, assigned), PersonView::Withheld);
        assert_eq!(person_view(&paralegal, None, her, shared), PersonView::Hidden);
        assert_eq!(person_view(&Actor::System, None, her, none), PersonView::Full);
    }

    #[test]
    fn own_scope_is_bounded_by_the_home_area() {
        let village_gov = Uuid::now_v7();
        let officer = user(vec![RoleCode::VillageOfficer], village_gov, "32.09.30.2001", true);
        let district = AreaCode::parse("d", "32.09").unwrap();
        let mine = AreaCode::parse("v", "32.09.30.2001").unwrap();
        let elsewhere = AreaCode::parse("v", "32.09.22.2010").unwrap();
        let subject = |village| PersonSubject {
            district_code: &district,
            village_code: Some(village),
            registered_by_organisation: village_gov,
            registered_by: officer.user_id(),
            confidential: false,
        };
        let view = |v| person_view(&officer, Some(Scope::Own), subject(v), PersonTies::default());
        assert_eq!(view(&mine), PersonView::Full);
        assert_eq!(view(&elsewhere), PersonView::Hidden);
    }

    #[test]
    fn the_list_filter_follows_confirmation() {
        let org = Uuid::now_v7();
        let confirmed = user(vec![RoleCode::Supervisor], org, "32.09", true);
        let pending = user(vec![RoleCode::Supervisor], org, "32.09", false);
        assert!(matches!(NeedToKnow::of(&confirmed), NeedToKnow::Reader { supervisor: true, .. }));
        assert_eq!(NeedToKnow::of(&pending), NeedToKnow::Nobody);
        assert_eq!(NeedToKnow::of(&Actor::Anonymous), NeedToKnow::Nobody);
        assert_eq!(NeedToKnow::of(&Actor::System), NeedToKnow::Everyone);
    }
}
