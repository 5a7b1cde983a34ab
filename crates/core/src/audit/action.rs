//! What an audit entry records was done: one code per action the system
//! writes. The code is what the log stores and what its hash covers, so a
//! code never changes once written. Entries are read back as text (an
//! older entry may hold a code no longer written); only writing and
//! filtering go through this list.

use crate::cases::case::Transition;
use crate::referrals::referral::ReferralStatus;

code_list! {
    /// Every action the audit log records. Labels: `audit-action-<code>`.
    AuditAction {
        // Signing in and out, tokens, accounts.
        SignIn = "sign_in",
        SignInFailed = "sign_in_failed",
        SignOut = "sign_out",
        SignOutEverywhere = "sign_out_everywhere",
        LanguageChanged = "language_changed",
        DraftKept = "draft_kept",
        DraftReturned = "draft_returned",
        IssueToken = "issue_token",
        RevokeToken = "revoke_token",
        RevokeAll = "revoke_all",
        GrantRefused = "grant_refused",
        ConfirmAccess = "confirm_access",
        RefuseAccess = "refuse_access",
        Disable = "disable",
        Enable = "enable",
        // Any kind of record.
        Create = "create",
        Update = "update",
        Read = "read",
        ReadRefused = "read_refused",
        ReadNames = "read_names",
        Import = "import",
        Export = "export",
        Merge = "merge",
        HandOver = "hand_over",
        Verify = "verify",
        SendBack = "send_back",
        Acknowledge = "acknowledge",
        AddMember = "add_member",
        RemoveMember = "remove_member",
        Assign = "assign",
        Restrict = "restrict",
        Backdate = "backdate",
        Reseal = "reseal",
        // Cases: the moves of the workflow (the codes of `Transition`) …
        Assess = "assess",
        Plan = "plan",
        StartServices = "start_services",
        FollowUp = "follow_up",
        Close = "close",
        Reopen = "reopen",
        // … closing by approval, and the work on a case.
        CloseRequested = "close_requested",
        Approve = "approve",
        Reject = "reject",
        TaskAdded = "task_added",
        TaskDone = "task_done",
        NoteAdded = "note_added",
        Classify = "classify",
        IncidentRecorded = "incident_recorded",
        AttachmentAdded = "attachment_added",
        AttachmentRead = "attachment_read",
        ComplaintRecorded = "complaint_recorded",
        Mediation = "mediation",
        Settlement = "settlement",
        Escalation = "escalation",
        TransferRequested = "transfer_requested",
        TransferAccepted = "transfer_accepted",
        TransferDeclined = "transfer_declined",
        // Referrals (on their case: `referral_<status>`) and their links.
        ReferralSent = "referral_sent",
        ReferralAccepted = "referral_accepted",
        ReferralDeclined = "referral_declined",
        ReferralCompleted = "referral_completed",
        ReferralCancelled = "referral_cancelled",
        ReferralOverdue = "referral_overdue",
        WarningOverdue = "warning_overdue",
        ReferralLinkRenewed = "referral_link_renewed",
        LinkViewed = "link_viewed",
        LinkRefused = "link_refused",
        LinkCodeUsed = "link_code_used",
        LinkCodeLocked = "link_code_locked",
    }
}

impl From<Transition> for AuditAction {
    /// A move of a case's workflow is audited under its own code.
    fn from(t: Transition) -> Self {
        match t {
            Transition::Assess => AuditAction::Assess,
            Transition::Plan => AuditAction::Plan,
            Transition::StartServices => AuditAction::StartServices,
            Transition::FollowUp => AuditAction::FollowUp,
            Transition::Close => AuditAction::Close,
            Transition::Reopen => AuditAction::Reopen,
        }
    }
}

impl From<ReferralStatus> for AuditAction {
    /// A referral reaching a status is audited on its case as `referral_<status>`.
    fn from(s: ReferralStatus) -> Self {
        match s {
            ReferralStatus::Sent => AuditAction::ReferralSent,
            ReferralStatus::Accepted => AuditAction::ReferralAccepted,
            ReferralStatus::Declined => AuditAction::ReferralDeclined,
            ReferralStatus::Completed => AuditAction::ReferralCompleted,
            ReferralStatus::Cancelled => AuditAction::ReferralCancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_action_round_trips_through_its_unique_code() {
        let mut seen = HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.as_str()), "{} twice", a.as_str());
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(*a));
            assert_eq!(AuditAction::parse("action", a.as_str()), Ok(*a));
            let json = serde_json::to_string(a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), *a);
            assert!(a.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{} is not snake_case", a.as_str());
        }
        assert_eq!(
            AuditAction::parse("action", "sign_inn").unwrap_err(),
            crate::error::FieldError::new("action", "unknown_code").with("value", "sign_inn")
        );
    }

    #[test]
    fn moves_and_referral_statuses_keep_the_codes_written_before() {
        for t in Transition::ALL {
            assert_eq!(AuditAction::from(*t).as_str(), t.as_str());
        }
        for s in ReferralStatus::ALL {
            assert_eq!(AuditAction::from(*s).as_str(), format!("referral_{}", s.as_str()));
        }
    }
}
