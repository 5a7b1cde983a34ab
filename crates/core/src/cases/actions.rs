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
