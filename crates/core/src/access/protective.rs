//! Protective organisations: crisis centres, and providers of shelter,
//! police protection or medical care. That one of them serves a person says
//! she may be a survivor; outside that organisation nobody sees such a
//! mention beside her (a consent naming it, a visit at its desk, a queue
//! entry, a purpose).

use std::collections::HashSet;

use uuid::Uuid;

use crate::access::Actor;
use crate::directory::model::ServiceCategory;
use crate::organisations::organisation::OrgKind;
use crate::registry::visit::{QueueEntry, Visit};

/// Kinds of organisation that are protective whatever they offer.
pub const PROTECTIVE_KINDS: &[OrgKind] = &[OrgKind::CrisisCentre];

/// Services whose providers are protective.
pub const PROTECTIVE_SERVICES: &[ServiceCategory] =
    &[ServiceCategory::Shelter, ServiceCategory::PoliceReport, ServiceCategory::HealthAndMedical];

/// The protective organisations, as read from the directory.
#[derive(Debug, Clone, Default)]
pub struct Protective(pub HashSet<Uuid>);

impl Protective {
    pub fn contains(&self, organisation: Uuid) -> bool {
        self.0.contains(&organisation)
    }

    /// Whether `actor` may see that `organisation` is involved with a
    /// person: always for an ordinary organisation; for a protective one,
    /// only its own staff (and the system).
    pub fn may_mention(&self, organisation: Option<Uuid>, actor: &Actor) -> bool {
        match organisation {
            None => true,
            Some(o) if !self.contains(o) => true,
            Some(o) => match actor {
                Actor::System => true,
                Actor::Anonymous => false,
                Actor::User(u) => u.organisation_id == o,
            },
        }
    }

    /// Whether `actor` may see a consent naming `named` and recorded by
    /// `recorder`: when neither is protective, or the actor belongs to one
    /// of the protective ones (the crisis centre sees the consent it took
    /// naming a shelter).
    pub fn may_see_consent(&self, named: Option<Uuid>, recorder: Option<Uuid>, actor: &Actor) -> bool {
        let involved: Vec<Uuid> = [named, recorder].into_iter().flatten().filter(|o| self.contains(*o)).collect();
        involved.is_empty()
            || matches!(actor, Actor::System)
            || involved.iter().any(|o| self.may_mention(Some(*o), actor))
    }

    /// A visit as `actor` may see it: desks of protective organisations
    /// other than the reader's are left out; a visit recorded by a
    /// protective organisation's staff, or with no desk left, is not seen
    /// at all; the purpose is kept only when nothing was left out.
    pub fn visit_as_seen(&self, mut visit: Visit, actor: &Actor) -> Option<Visit> {
        if !self.may_mention(visit.recorded_by_organisation, actor) {
            return None;
        }
        let before = visit.desks.len();
        visit.desks.retain(|d| self.may_mention(Some(d.organisation_id), actor));
        if visit.desks.len() < before {
            if visit.desks.is_empty() {
                return None;
            }
            visit.purpose = None;
        }
        Some(visit)
    }
}

/// Who may work an office's queue, and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueRole {
    /// Staff of the organisation that runs the office (the front desk):
    /// who waits at which ordinary desk.
    Operator,
    /// Staff of a desk serving at the office: its own waiting people.
    Desk,
}

/// How `actor` works the queue of an office run by `operator` with the
/// organisations `members` under its roof, if at all: the operator's staff
/// run it, a desk's staff see their own visitors, anybody else finds no
/// queue. The system runs every queue.
pub fn queue_role(actor: &Actor, operator: Uuid, members: &[Uuid]) -> Option<QueueRole> {
    match actor {
        Actor::System => Some(QueueRole::Operator),
        Actor::Anonymous => None,
        Actor::User(u) if u.organisation_id == operator => Some(QueueRole::Operator),
        Actor::User(u) if members.contains(&u.organisation_id) => Some(QueueRole::Desk),
        Actor::User(_) => None,
    }
}

/// Whether `actor` may open an office's queue (the link on the office's
/// page): people may be read, and the actor serves at the office.
pub fn may_open_queue(actor: &Actor, operator: Uuid, members: &[Uuid]) -> bool {
    crate::access::AuthCheck::new(crate::access::Permission::PeopleRead).check(actor).is_ok()
        && queue_role(actor, operator, members).is_some()
}

impl Protective {
    /// A queue entry as someone of `role` at the office sees it, or nothing:
    /// a desk sees its own visitors (with the purpose); the front desk sees
    /// who waits at ordinary desks, with the purpose only when the visit has
    /// no protective desk. `person_known`: the visitor is not need-to-know,
    /// or the reader needs to know her.
    pub fn queue_entry_as_seen(
        &self,
        mut entry: QueueEntry,
        actor: &Actor,
        role: QueueRole,
        person_known: bool,
    ) -> Option<QueueEntry> {
        let org = match actor {
            Actor::System => return Some(entry),
            Actor::Anonymous => return None,
            Actor::User(u) => u.organisation_id,
        };
        if !person_known {
            return None;
        }
        let own_desk = entry.desk.organisation_id == org;
        if !own_desk
            && (role != QueueRole::Operator
                || self.contains(entry.desk.organisation_id)
                || !self.may_mention(entry.recorded_by_organisation, actor))
        {
            return None;
        }
        // The purpose of a visit that also goes to another's protective
        // desk, or that a protective organisation recorded, is not shown.
        if entry.visit_desks.iter().any(|d| self.contains(*d) && *d != org)
            || !self.may_mention(entry.recorded_by_organisation, actor)
        {
            entry.purpose = None;
        }
        Some(entry)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::access::User;
    use crate::areas::area::AreaCode;
    use crate::registry::visit::{Channel, DeskService, QueueStatus};

    fn staff_of(org: Uuid) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: org,
            home_area: AreaCode::parse("h", "32.09").unwrap(),
            roles: Vec::new(),
            grants: Vec::new(),
            restricted_access: true,
        })
    }

    fn desk(org: Uuid) -> DeskService {
        DeskService {
            visit_id: Uuid::nil(),
            organisation_id: org,
            organisation_code: "X".into(),
            organisation_name: "X".into(),
            status: QueueStatus::Waiting,
            queued_at: Utc::now(),
            called_at: None,
            served_at: None,
        }
    }

    #[test]
    fn the_queue_shows_each_desk_its_own_and_the_front_desk_no_crisis_desk() {
        let wcc = Uuid::now_v7();
        let civil_registry = Uuid::now_v7();
        let ltsa = Uuid::now_v7();
        let union = Uuid::now_v7();
        let protective = Protective([wcc].into_iter().collect());
        let entry = |desk_org: Uuid| QueueEntry {
            office_id: Uuid::nil(),
            desk: desk(desk_org),
            person_id: Uuid::now_v7(),
            person_name: "Siti".into(),
            purpose: Some("Konseling (KDRT)".into()),
            visit_desks: vec![civil_registry, wcc],
            recorded_by_organisation: Some(ltsa),
        };
        let seen = |e, who: &Actor, role| protective.queue_entry_as_seen(e, who, role, true);
        // The crisis centre's desk: only its own staff.
        assert!(seen(entry(wcc), &staff_of(wcc), QueueRole::Desk).is_some_and(|e| e.purpose.is_some()));
        assert!(seen(entry(wcc), &staff_of(ltsa), QueueRole::Operator).is_none());
        assert!(seen(entry(wcc), &staff_of(union), QueueRole::Desk).is_none());
        // Even its own desk is not told the purpose of a visit that also goes
        // to the crisis centre.
        assert_eq!(seen(entry(civil_registry), &staff_of(civil_registry), QueueRole::Desk).unwrap().purpose, None);
        // An ordinary desk: its staff, and the front desk without the purpose
        // of a visit that also goes to the crisis centre.
        assert!(seen(entry(civil_registry), &staff_of(civil_registry), QueueRole::Desk).is_some());
        let front = seen(entry(civil_registry), &staff_of(ltsa), QueueRole::Operator).unwrap();
        assert_eq!(front.purpose, None);
        assert!(seen(entry(civil_registry), &staff_of(union), QueueRole::Desk).is_none());
        // A need-to-know visitor: nobody outside her circle.
        assert!(protective.queue_entry_as_seen(entry(wcc), &staff_of(wcc), QueueRole::Desk, false).is_none());
    }

    #[test]
    fn a_crisis_desk_is_seen_only_by_its_own_staff() {
        let wcc = Uuid::now_v7();
        let civil_registry = Uuid::now_v7();
        let union = Uuid::now_v7();
        let protective = Protective([wcc].into_iter().collect());
        let visit = Visit {
            id: Uuid::now_v7(),
            person_id: Uuid::now_v7(),
            office_id: Uuid::now_v7(),
            channel: Channel::WalkIn,
            purpose: Some("Konseling (KDRT)".into()),
            staff_id: None,
            recorded_by_organisation: None,
            at: Utc::now(),
            desks: vec![desk(civil_registry), desk(wcc)],
        };
        let seen = protective.visit_as_seen(visit.clone(), &staff_of(union)).unwrap();
        assert_eq!(seen.desks.len(), 1);
        assert_eq!(seen.purpose, None, "the purpose of a visit with a hidden desk is not shown");
        let own = protective.visit_as_seen(visit.clone(), &staff_of(wcc)).unwrap();
        assert_eq!(own.desks.len(), 2);
        assert!(own.purpose.is_some());
        let only_crisis = Visit { desks: vec![desk(wcc)], ..visit.clone() };
        assert!(protective.visit_as_seen(only_crisis, &staff_of(union)).is_none());
        let by_crisis_centre = Visit { recorded_by_organisation: Some(wcc), ..visit };
        assert!(protective.visit_as_seen(by_crisis_centre, &staff_of(union)).is_none());
        assert!(protective.may_mention(Some(civil_registry), &staff_of(union)));
        let shelter = Uuid::now_v7();
        let protective = Protective([wcc, shelter].into_iter().collect());
        assert!(protective.may_see_consent(Some(shelter), Some(wcc), &staff_of(wcc)), "the centre's own consent");
        assert!(!protective.may_see_consent(Some(wcc), Some(Uuid::now_v7()), &staff_of(union)));
        assert!(
            !protective.may_see_consent(Some(wcc), Some(civil_registry), &staff_of(civil_registry)),
            "its recorder outside"
        );
        assert!(protective.may_see_consent(Some(union), Some(civil_registry), &staff_of(union)));
        assert!(!protective.may_mention(Some(wcc), &Actor::Anonymous));
    }
}
