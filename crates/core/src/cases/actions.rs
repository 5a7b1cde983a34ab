//! What a reader may do with a case, as its page offers it: the same rules
//! the commands check, decided here once (pure), so that no page derives a
//! permission of its own.

use crate::access::{Actor, AuthCheck, Permission};
use crate::cases::case::{allowed, CaseKind, CaseStatus, Transition};
use crate::cases::read_rule::{in_scope, may_read};
use crate::cases::record::Case;

/// An action on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    /// A move of the workflow allowed from the case's stage.
    Move(Transition),
    AddTask,
    CompleteTask,
    AddNote,
    Attach,
    /// GBV cases: record the incident.
    RecordIncident,
    /// Labour complaints: record the complaint, sessions, settlement, escalations.
    RecordComplaint,
    /// Hand the case to another organisation.
    Transfer,
    Refer,
    /// Approve or reject a pending request (a closure).
    Decide,
}

/// What `actor` may do with `case` now; `transfer_pending` when a transfer
/// of the case waits for an answer.
pub fn allowed_actions(actor: &Actor, case: &Case, transfer_pending: bool) -> Vec<CaseAction> {
    if !may_read(actor, case) {
        return Vec::new();
    }
    let works = AuthCheck::new(Permission::CasesWrite).check(actor).is_ok_and(|scope| in_scope(actor, scope, case));
    let open = case.status != CaseStatus::Closed;
    let mut actions = Vec::new();
    if works {
        if case.pending_approval.is_none() {
            actions.extend(allowed(case.stage).iter().map(|t| CaseAction::Move(*t)));
        }
        if open {
            actions.push(CaseAction::AddTask);
        }
        actions.extend([CaseAction::CompleteTask, CaseAction::AddNote, CaseAction::Attach]);
        match case.kind {
            CaseKind::Gbv => actions.push(CaseAction::RecordIncident),
            CaseKind::LabourComplaint => actions.push(CaseAction::RecordComplaint),
            _ => {}
        }
        if open && !transfer_pending {
            actions.push(CaseAction::Transfer);
        }
        if open && AuthCheck::new(Permission::ReferralsManage).check(actor).is_ok() {
            actions.push(CaseAction::Refer);
        }
    }
    if AuthCheck::new(Permission::CasesSupervise).in_organisation(case.organisation_id).check(actor).is_ok() {
        actions.push(CaseAction::Decide);
    }
    actions
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::access::{Grant, RoleCode, Scope, User};
    use crate::areas::area::AreaCode;
    use crate::cases::case::CaseStage;
    use crate::cases::read_rule::tests::{case_of, Org};

    fn user(org: &Org, grants: &[(Permission, Scope)]) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: org.id,
            home_area: AreaCode::parse("home", org.home).unwrap(),
            roles: vec![RoleCode::Paralegal],
            grants: grants.iter().map(|(permission, scope)| Grant { permission: *permission, scope: *scope }).collect(),
            restricted_access: true,
        })
    }

    #[test]
    fn what_a_reader_may_do_with_a_case() {
        let union = Org { id: Uuid::now_v7(), home: "32.09" };
        let elsewhere = Org { id: Uuid::now_v7(), home: "35.04" };
        let org = Scope::Organisation;
        let paralegal = user(
            &union,
            &[(Permission::CasesRead, org), (Permission::CasesWrite, org), (Permission::ReferralsManage, org)],
        );
        let reader = user(&union, &[(Permission::CasesRead, org)]);
        let supervisor = user(&union, &[(Permission::CasesRead, org), (Permission::CasesSupervise, org)]);
        let outsider = user(&elsewhere, &[(Permission::CasesRead, org), (Permission::CasesWrite, org)]);
        let mut case = case_of(&paralegal, &union, false);

        let open = allowed_actions(&paralegal, &case, false);
        for a in [
            CaseAction::Move(Transition::Assess),
            CaseAction::Move(Transition::Close),
            CaseAction::AddTask,
            CaseAction::AddNote,
            CaseAction::Attach,
            CaseAction::RecordComplaint,
            CaseAction::Transfer,
            CaseAction::Refer,
        ] {
            assert!(open.contains(&a), "{a:?}");
        }
        assert!(!open.contains(&CaseAction::RecordIncident) && !open.contains(&CaseAction::Decide));
        assert!(!allowed_actions(&paralegal, &case, true).contains(&CaseAction::Transfer), "a transfer waits");
        assert!(allowed_actions(&reader, &case, false).is_empty(), "reading is not working");
        assert!(allowed_actions(&outsider, &case, false).is_empty(), "out of scope");
        assert_eq!(allowed_actions(&supervisor, &case, false), vec![CaseAction::Decide]);

        case.pending_approval = Some(Uuid::now_v7());
        assert!(!allowed_actions(&paralegal, &case, false).iter().any(|a| matches!(a, CaseAction::Move(_))));
        case.pending_approval = None;
        case.status = CaseStatus::Closed;
        case.stage = CaseStage::Closed;
        let closed = allowed_actions(&paralegal, &case, false);
        assert!(closed.contains(&CaseAction::Move(Transition::Reopen)));
        for a in [CaseAction::AddTask, CaseAction::Refer, CaseAction::Transfer] {
            assert!(!closed.contains(&a), "{a:?} on a closed case");
        }
    }
}
