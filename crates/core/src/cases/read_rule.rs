//! Who may read a case: the one rule, pure (no I/O, no audit). Every path
//! that reads, lists, counts or links cases follows it; the store's list
//! filter (`NeedToKnow` and the scope fields of `CaseFilter`) is the same
//! rule in SQL, and a test keeps the two in agreement.

use crate::access::{Actor, Permission, Scope};
use crate::areas::area::AreaCode;
use crate::cases::record::Case;

/// Whether `actor` may read `case`: a restricted case only within
/// need-to-know (owner, assignees, confirmed supervisors of the holding
/// organisation — whatever the actor's scope); any other case within the
/// actor's scope of `cases_read`.
pub fn may_read(actor: &Actor, case: &Case) -> bool {
    if case.restricted {
        return case.restriction().may_read(actor);
    }
    actor.scope_of(Permission::CasesRead).is_some_and(|scope| in_scope(actor, scope, case))
}

/// Whether a case lies within a scope of the actor.
pub fn in_scope(actor: &Actor, scope: Scope, case: &Case) -> bool {
    match (scope, actor) {
        (_, Actor::System) | (Scope::All, _) => true,
        (_, Actor::Anonymous) => false,
        (Scope::District, Actor::User(u)) => {
            u.home_area.regency().is_some_and(|r: AreaCode| case.district_code.is_within(&r))
        }
        (Scope::Organisation, Actor::User(u)) => u.organisation_id == case.organisation_id,
        (Scope::Own, Actor::User(u)) => u.id == case.owner_id || case.assigned.contains(&u.id),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::access::{Grant, RoleCode, User};
    use crate::cases::case::{CaseKind, CaseStage, CaseStatus, RiskLevel};

    pub(crate) struct Org {
        pub(crate) id: Uuid,
        pub(crate) home: &'static str,
    }

    fn user(role: RoleCode, org: &Org, confirmed: bool) -> Actor {
        let scope = match role {
            RoleCode::Supervisor | RoleCode::Counsellor | RoleCode::Paralegal => Some(Scope::Organisation),
            _ => None,
        };
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: org.id,
            home_area: AreaCode::parse("home", org.home).unwrap(),
            roles: vec![role],
            grants: scope.map(|scope| Grant { permission: Permission::CasesRead, scope }).into_iter().collect(),
            restricted_access: confirmed,
        })
    }

    pub(crate) fn case_of(owner: &Actor, org: &Org, restricted: bool) -> Case {
        let now = Utc::now();
        Case {
            id: Uuid::now_v7(),
            person_id: Uuid::now_v7(),
            kind: if restricted { CaseKind::Gbv } else { CaseKind::LabourComplaint },
            status: CaseStatus::Open,
            stage: CaseStage::Intake,
            risk: RiskLevel::Medium,
            owner_id: owner.user_id().unwrap(),
            organisation_id: org.id,
            district_code: AreaCode::parse("d", org.home).unwrap(),
            restricted,
            assigned: Vec::new(),
            needs: Vec::new(),
            labour_categories: Vec::new(),
            forced_labour_indicators: Vec::new(),
            trafficking_dimensions: Vec::new(),
            opened_at: now,
            first_action_due: now,
            first_action_at: None,
            closed_at: None,
            closure_reason: None,
            outcome: None,
            pending_approval: None,
            updated_at: now,
        }
    }

    #[test]
    fn who_reads_a_case() {
        let wcc = Org { id: Uuid::now_v7(), home: "32.09" };
        let union = Org { id: Uuid::now_v7(), home: "32.09" };
        let elsewhere = Org { id: Uuid::now_v7(), home: "35.04" };
        let ministry = Org { id: Uuid::now_v7(), home: "31" };
        let owner = user(RoleCode::Counsellor, &wcc, true);
        let assignee = user(RoleCode::Counsellor, &wcc, true);
        let colleague = user(RoleCode::Counsellor, &wcc, true);
        let supervisor = user(RoleCode::Supervisor, &wcc, true);
        let unconfirmed_supervisor = user(RoleCode::Supervisor, &wcc, false);
        let other_supervisor = user(RoleCode::Supervisor, &union, true);
        let other_district = user(RoleCode::Supervisor, &elsewhere, true);
        let administrator = user(RoleCode::Administrator, &ministry, true);

        let mut gbv = case_of(&owner, &wcc, true);
        gbv.assigned.push(assignee.user_id().unwrap());
        let labour = case_of(&owner, &wcc, false);
        let table: [(&str, &Actor, bool, bool); 9] = [
            // (who, actor, reads the GBV case, reads the labour case)
            ("owner", &owner, true, true),
            ("assignee", &assignee, true, true),
            ("colleague, unassigned", &colleague, false, true),
            ("supervisor of the holding organisation", &supervisor, true, true),
            ("supervisor not yet confirmed", &unconfirmed_supervisor, false, true),
            ("supervisor of another organisation", &other_supervisor, false, false),
            ("another district", &other_district, false, false),
            ("administrator", &administrator, false, false),
            ("anonymous", &Actor::Anonymous, false, false),
        ];
        for (who, actor, gbv_readable, labour_readable) in table {
            assert_eq!(may_read(actor, &gbv), gbv_readable, "{who} on the GBV case");
            assert_eq!(may_read(actor, &labour), labour_readable, "{who} on the labour case");
        }
        assert!(may_read(&Actor::System, &gbv));

        // After a transfer to the union: its new owner and supervisors; the
        // crisis centre no more.
        let mut moved = gbv.clone();
        moved.organisation_id = union.id;
        moved.owner_id = other_supervisor.user_id().unwrap();
        moved.assigned.clear();
        assert!(may_read(&other_supervisor, &moved));
        for actor in [&owner, &assignee, &supervisor] {
            assert!(!may_read(actor, &moved));
        }
        // After closure: the same people, no one more.
        let mut closed = gbv.clone();
        closed.status = CaseStatus::Closed;
        closed.stage = CaseStage::Closed;
        assert!(may_read(&owner, &closed) && may_read(&supervisor, &closed));
        assert!(!may_read(&colleague, &closed) && !may_read(&administrator, &closed));
    }
}
