//! Early warnings from a village to the district: what was seen, about whom
//! (or nobody named), how urgent. They wait in the district coordinator's
//! and the named partner's inbox until acknowledged (24 hours when urgent,
//! 72 otherwise) and end as a case opened, a referral or closed with a
//! reason. Warnings of violence or trafficking are need-to-know, as
//! restricted cases are: only who raised them, the named partner's
//! confirmed supervisors and whoever acknowledged them learn they exist.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Permission, Restriction, Scope};
use crate::areas::area::AreaCode;
use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Code};

code_list! {
    /// What the village saw. Labels: `warning-kind-<code>`.
    WarningKind {
        SuspectedRecruiter = "suspected_recruiter",
        NonProceduralDeparture = "non_procedural_departure",
        TraffickingIndicators = "trafficking_indicators",
        DistressAbroad = "distress_abroad",
        ViolenceReported = "violence_reported",
        DeathAbroad = "death_abroad",
        ChildMigrating = "child_migrating",
        ReturneeInNeed = "returnee_in_need",
        Other = "other",
    }
}

impl WarningKind {
    /// Violence and trafficking follow need-to-know.
    pub fn restricted(self) -> bool {
        matches!(self, WarningKind::ViolenceReported | WarningKind::TraffickingIndicators)
    }
}

code_list! {
    /// Labels: `warning-urgency-<code>`.
    WarningUrgency {
        Urgent = "urgent",
        Normal = "normal",
    }
}

impl WarningUrgency {
    /// How long the district has to acknowledge it.
    pub fn acknowledge_within(self) -> Duration {
        match self {
            WarningUrgency::Urgent => Duration::hours(24),
            WarningUrgency::Normal => Duration::hours(72),
        }
    }
}

code_list! {
    /// How a warning ended. Labels: `warning-outcome-<code>`.
    WarningOutcome {
        CaseOpened = "case_opened",
        Referred = "referred",
        Closed = "closed",
    }
}

code_list! {
    /// Where a warning stands (derived). Labels: `warning-status-<code>`.
    WarningStatus {
        Raised = "raised",
        Acknowledged = "acknowledged",
        Ended = "ended",
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWarning {
    #[schema(value_type = crate::community::warning::WarningKind)]
    pub kind: String,
    #[schema(value_type = crate::community::warning::WarningUrgency)]
    pub urgency: String,
    /// The village concerned (a code within the caller's area); the caller's own village when omitted.
    pub village_code: Option<String>,
    /// The person concerned, if one is named.
    pub person_id: Option<Uuid>,
    /// Code of a partner organisation of the district to inform besides the
    /// coordinator. Required for violence and trafficking.
    pub partner_code: Option<String>,
    /// What was seen, without more than the district needs.
    pub summary: String,
}

#[derive(Debug)]
pub struct ValidWarning {
    pub kind: WarningKind,
    pub urgency: WarningUrgency,
    pub village_code: Option<AreaCode>,
    pub partner_code: Option<Code>,
    pub summary: String,
}

impl NewWarning {
    pub fn validate(&self) -> Result<ValidWarning> {
        let mut v = Validator::new();
        let kind = v.check(WarningKind::parse("kind", &self.kind));
        let urgency = v.check(WarningUrgency::parse("urgency", &self.urgency));
        let village_code = self
            .village_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| v.check(AreaCode::parse("village_code", s)));
        let partner_code = self
            .partner_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| v.check(Code::parse("partner_code", s)));
        if kind.is_some_and(WarningKind::restricted) && self.partner_code.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            v.push(FieldError::new("partner_code", "required"));
        }
        let summary = match v.check(optional_text("summary", Some(&self.summary), 2000)).flatten() {
            Some(s) => Some(s),
            None => {
                if self.summary.trim().is_empty() {
                    v.push(FieldError::new("summary", "required"));
                }
                None
            }
        };
        v.finish()?;
        match (kind, urgency, summary) {
            (Some(kind), Some(urgency), Some(summary)) => {
                Ok(ValidWarning { kind, urgency, village_code, partner_code, summary })
            }
            _ => Err(crate::Error::invalid("kind", "required")),
        }
    }
}

/// How a warning ends.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWarningEnd {
    #[schema(value_type = crate::community::warning::WarningOutcome)]
    pub outcome: String,
    /// For `case_opened`: the case opened for it (one the caller may read).
    pub case_id: Option<Uuid>,
    /// Why it is closed (required to close), or to whom it was referred.
    pub note: Option<String>,
}

/// A stored warning.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Warning {
    pub id: Uuid,
    pub kind: WarningKind,
    pub urgency: WarningUrgency,
    #[schema(value_type = String)]
    pub village_code: AreaCode,
    pub person_id: Option<Uuid>,
    /// Her name, when the reader may see her.
    pub person_name: Option<String>,
    pub partner_id: Option<Uuid>,
    pub partner_name: Option<String>,
    pub summary: String,
    /// Need-to-know (violence, trafficking).
    pub restricted: bool,
    pub raised_by: Option<Uuid>,
    pub raised_by_organisation: Uuid,
    pub raised_at: DateTime<Utc>,
    /// When it must be acknowledged by.
    pub due_at: DateTime<Utc>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub outcome: Option<WarningOutcome>,
    pub outcome_note: Option<String>,
    pub case_id: Option<Uuid>,
    pub ended_by: Option<Uuid>,
    pub ended_at: Option<DateTime<Utc>>,
    pub status: WarningStatus,
    /// Not acknowledged and past its deadline.
    pub overdue: bool,
}

impl Warning {
    pub fn status_at(&self, now: DateTime<Utc>) -> (WarningStatus, bool) {
        let status = if self.outcome.is_some() {
            WarningStatus::Ended
        } else if self.acknowledged_at.is_some() {
            WarningStatus::Acknowledged
        } else {
            WarningStatus::Raised
        };
        (status, status == WarningStatus::Raised && now > self.due_at)
    }

    /// Sets the derived fields.
    pub fn with_status(mut self, now: DateTime<Utc>) -> Self {
        (self.status, self.overdue) = self.status_at(now);
        self
    }

    fn restriction(&self) -> Option<Restriction> {
        let partner = self.partner_id?;
        Some(Restriction {
            owner: self.raised_by.unwrap_or_default(),
            organisation: partner,
            assigned: self.acknowledged_by.into_iter().collect(),
        })
    }

    fn handles_for_partner(&self, actor: &Actor) -> bool {
        actor.user().is_some_and(|u| Some(u.organisation_id) == self.partner_id)
            && AuthCheck::new(Permission::WarningsHandle)
                .in_area(&self.village_code)
                .in_organisation(self.partner_id.unwrap_or_default())
                .check(actor)
                .is_ok()
    }

    fn handles_for_district(&self, actor: &Actor) -> bool {
        AuthCheck::new(Permission::WarningsHandle)
            .in_area(&self.village_code)
            .check(actor)
            .is_ok_and(|s| s.covers(Scope::District))
    }

    /// Who may learn it exists: within need-to-know for a restricted one;
    /// otherwise the village's own readers, the district's coordinators and
    /// the named partner.
    pub fn may_read(&self, actor: &Actor) -> bool {
        if self.restricted {
            return self.restriction().is_some_and(|r| r.may_read(actor));
        }
        matches!(actor, Actor::System)
            || self.raised_by.is_some() && actor.user_id() == self.raised_by
            || AuthCheck::new(Permission::CommunityRead).in_area(&self.village_code).check(actor).is_ok()
            || self.handles_for_district(actor)
            || self.handles_for_partner(actor)
    }

    /// Who may acknowledge and end it: the district's coordinators or the
    /// named partner's staff; for a restricted one, the partner's confirmed
    /// supervisors and whoever acknowledged it.
    pub fn may_handle(&self, actor: &Actor) -> bool {
        if self.restricted {
            let circle = self.restriction().is_some_and(|r| r.may_read(actor));
            let raiser = self.raised_by.is_some() && actor.user_id() == self.raised_by;
            return circle && !raiser && (self.handles_for_partner(actor) || matches!(actor, Actor::System));
        }
        matches!(actor, Actor::System) || self.handles_for_district(actor) || self.handles_for_partner(actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Grant, RoleCode, User};

    fn user(org: Uuid, home: &str, grants: &[(Permission, Scope)], supervisor: bool) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: org,
            home_area: AreaCode::parse("h", home).unwrap(),
            roles: if supervisor { vec![RoleCode::Supervisor] } else { vec![RoleCode::Paralegal] },
            grants: grants.iter().map(|&(permission, scope)| Grant { permission, scope }).collect(),
            restricted_access: true,
        })
    }

    fn warning(kind: WarningKind, raised_by: Uuid, partner: Uuid) -> Warning {
        Warning {
            id: Uuid::now_v7(),
            kind,
            urgency: WarningUrgency::Urgent,
            village_code: AreaCode::parse("v", "32.09.30.2001").unwrap(),
            person_id: None,
            person_name: None,
            partner_id: Some(partner),
            partner_name: None,
            summary: "s".into(),
            restricted: kind.restricted(),
            raised_by: Some(raised_by),
            raised_by_organisation: Uuid::now_v7(),
            raised_at: Utc::now(),
            due_at: Utc::now(),
            acknowledged_by: None,
            acknowledged_at: None,
            outcome: None,
            outcome_note: None,
            case_id: None,
            ended_by: None,
            ended_at: None,
            status: WarningStatus::Raised,
            overdue: false,
        }
    }

    #[test]
    fn violence_warnings_are_need_to_know() {
        let wcc = Uuid::now_v7();
        let union = Uuid::now_v7();
        let handle = [(Permission::WarningsHandle, Scope::Organisation)];
        let officer = user(Uuid::now_v7(), "32.09.30.2001", &[(Permission::CommunityRead, Scope::Own)], false);
        let coordinator = user(Uuid::now_v7(), "32.09", &[(Permission::WarningsHandle, Scope::District)], false);
        let wcc_sup = user(wcc, "32.09", &handle, true);
        let wcc_counsellor = user(wcc, "32.09", &handle, false);
        let union_sup = user(union, "32.09", &handle, true);
        let other_village = user(Uuid::now_v7(), "32.09.22.2010", &[(Permission::CommunityRead, Scope::Own)], false);

        let violence = warning(WarningKind::ViolenceReported, officer.user_id().unwrap(), wcc);
        let read: Vec<bool> = [&officer, &coordinator, &wcc_sup, &wcc_counsellor, &union_sup, &other_village]
            .iter()
            .map(|a| violence.may_read(a))
            .collect();
        assert_eq!(read, [true, false, true, false, false, false]);
        assert!(violence.may_handle(&wcc_sup) && !violence.may_handle(&officer));

        let broker = warning(WarningKind::SuspectedRecruiter, officer.user_id().unwrap(), union);
        let read: Vec<bool> = [&officer, &coordinator, &wcc_sup, &wcc_counsellor, &union_sup, &other_village]
            .iter()
            .map(|a| broker.may_read(a))
            .collect();
        assert_eq!(read, [true, true, false, false, true, false]);
        assert!(broker.may_handle(&coordinator) && broker.may_handle(&union_sup));
        assert!(!broker.may_handle(&officer) && !broker.may_handle(&wcc_sup));
    }

    #[test]
    fn violence_needs_a_partner_and_a_summary() {
        let w = NewWarning { kind: "violence_reported".into(), urgency: "urgent".into(), ..Default::default() };
        let crate::Error::Invalid(errors) = w.validate().unwrap_err() else { panic!() };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["partner_code", "summary"]);
    }
}
