//! The district's Tripartite Plus Forum: the decisions of its meetings as
//! action items (who, by when, done with evidence), and the register of
//! local regulations (district and village) it follows.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::community::activity::ActivityTopic;
use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Code, Name};

code_list! {
    /// Labels: `action-status-<code>`.
    ActionStatus {
        Open = "open",
        Done = "done",
        Dropped = "dropped",
    }
}

code_list! {
    /// Labels: `regulation-level-<code>`.
    RegulationLevel {
        District = "district",
        Village = "village",
    }
}

code_list! {
    /// Labels: `regulation-status-<code>`.
    RegulationStatus {
        Draft = "draft",
        Issued = "issued",
        Revoked = "revoked",
    }
}

code_list! {
    /// The seat a member holds in the Tripartite Plus Forum: the three
    /// parties, the women migrant workers' own representatives, and the
    /// "plus". Labels: `forum-seat-<code>`.
    ForumSeat {
        Government = "government",
        Employers = "employers",
        Workers = "workers",
        WomenMigrantWorkers = "women_migrant_workers",
        CivilSociety = "civil_society",
        Other = "other",
    }
}

impl ForumSeat {
    /// Whether an organisation of this kind may hold the seat: the women
    /// migrant workers' seat is for their unions and associations.
    pub fn fits(self, kind: crate::organisations::organisation::OrgKind) -> bool {
        use crate::organisations::organisation::OrgKind as K;
        match self {
            ForumSeat::Government => {
                matches!(kind, K::NationalAgency | K::DistrictGovernment | K::LtsaDesk | K::VillageGovernment)
            }
            ForumSeat::Employers => matches!(kind, K::PlacementAgency | K::Employer),
            ForumSeat::Workers => kind == K::TradeUnion,
            ForumSeat::WomenMigrantWorkers => matches!(kind, K::TradeUnion | K::Ngo),
            ForumSeat::CivilSociety => {
                matches!(kind, K::Ngo | K::CrisisCentre | K::ServiceProvider | K::VillageTaskForce)
            }
            ForumSeat::Other => true,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewForumMember {
    /// Code of the member organisation.
    pub organisation_code: String,
    #[schema(value_type = crate::community::forum::ForumSeat)]
    pub seat: String,
    /// Who sits for it (a role or a name, as the forum's decree lists it).
    pub representative: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    pub joined_on: String,
}

/// A member organisation of a district's forum.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ForumMember {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub seat: ForumSeat,
    pub representative: Option<String>,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewForumAction {
    /// What the forum decided to do.
    pub decision: String,
    /// Code of the organisation that owns the action.
    pub owner_code: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    /// The forum meeting (an activity of kind `forum_meeting`) that decided it.
    pub meeting_id: Option<Uuid>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActionClosure {
    /// `done` or `dropped`.
    #[schema(value_type = crate::community::forum::ActionStatus)]
    pub status: String,
    /// What shows it is done (required for `done`), or why it was dropped.
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ForumAction {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    pub meeting_id: Option<Uuid>,
    pub decision: String,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub closed_on: Option<NaiveDate>,
    pub evidence: Option<String>,
    /// Open past its due date.
    pub overdue: bool,
    pub created_at: DateTime<Utc>,
}

impl ForumAction {
    pub fn with_overdue(mut self, today: NaiveDate) -> Self {
        self.overdue = self.status == ActionStatus::Open && self.due_on < today;
        self
    }
}

#[derive(Debug)]
pub struct ValidAction {
    pub decision: String,
    pub owner_code: Code,
    pub due_on: NaiveDate,
}

impl NewForumAction {
    pub fn validate(&self) -> Result<ValidAction> {
        let mut v = Validator::new();
        let decision = match v.check(optional_text("decision", Some(&self.decision), 2000)).flatten() {
            Some(d) => Some(d),
            None => {
                if self.decision.trim().is_empty() {
                    v.push(FieldError::new("decision", "required"));
                }
                None
            }
        };
        let owner_code = super::code(&mut v, "owner_code", &self.owner_code, Code::parse);
        let due_on = match chrono::NaiveDate::parse_from_str(self.due_on.trim(), "%Y-%m-%d") {
            Ok(d) if d < super::earliest() => {
                v.push(FieldError::new("due_on", "too_early").with("earliest", super::earliest()));
                None
            }
            Ok(d) => Some(d),
            Err(_) if self.due_on.trim().is_empty() => {
                v.push(FieldError::new("due_on", "required"));
                None
            }
            Err(_) => {
                v.push(FieldError::new("due_on", "invalid_date").with("value", self.due_on.trim()));
                None
            }
        };
        v.finish()?;
        match (decision, owner_code, due_on) {
            (Some(decision), Some(owner_code), Some(due_on)) => Ok(ValidAction { decision, owner_code, due_on }),
            _ => Err(crate::Error::invalid("decision", "required")),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRegulation {
    #[schema(value_type = crate::community::forum::RegulationLevel)]
    pub level: String,
    /// The district (for a district regulation) or the village.
    pub area_code: String,
    /// E.g. "Perda No. 2 Tahun 2026" (required once issued).
    pub number: Option<String>,
    /// `YYYY-MM-DD` (required once issued).
    pub issued_on: Option<String>,
    pub title: String,
    #[schema(value_type = crate::community::forum::RegulationStatus)]
    pub status: String,
    #[schema(value_type = Option<crate::community::activity::ActivityTopic>)]
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Regulation {
    pub id: Uuid,
    pub level: RegulationLevel,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub title: String,
    pub status: RegulationStatus,
    pub topic: Option<ActivityTopic>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct ValidRegulation {
    pub level: RegulationLevel,
    pub area_code: AreaCode,
    pub number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub title: String,
    pub status: RegulationStatus,
    pub topic: Option<ActivityTopic>,
}

impl NewRegulation {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRegulation> {
        let mut v = Validator::new();
        let level = super::code(&mut v, "level", &self.level, RegulationLevel::parse);
        let area_code = super::code(&mut v, "area_code", &self.area_code, AreaCode::parse);
        let number = v.check(optional_text("number", self.number.as_deref(), 120)).flatten();
        let issued_on = super::optional_past_date(&mut v, "issued_on", self.issued_on.as_deref(), today);
        let title = v.check(Name::parse("title", &self.title)).map(Name::into_inner);
        let status = super::code(&mut v, "status", &self.status, RegulationStatus::parse);
        let topic = self
            .topic
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| v.check(ActivityTopic::parse("topic", s)));
        if let (Some(level), Some(area)) = (level, &area_code) {
            let fits = match level {
                RegulationLevel::District => area.level() == crate::areas::area::AreaLevel::Regency,
                RegulationLevel::Village => area.level() == crate::areas::area::AreaLevel::Village,
            };
            if !fits {
                v.push(FieldError::new("area_code", "not_of_level").with("value", area.as_str()));
            }
        }
        if status.is_some_and(|s| s != RegulationStatus::Draft) {
            if number.is_none() && self.number.as_deref().is_none_or(|s| s.trim().is_empty()) {
                v.push(FieldError::new("number", "required"));
            }
            if issued_on.is_none() && self.issued_on.as_deref().is_none_or(|s| s.trim().is_empty()) {
                v.push(FieldError::new("issued_on", "required"));
            }
        }
        v.finish()?;
        match (level, area_code, title, status) {
            (Some(level), Some(area_code), Some(title), Some(status)) => {
                Ok(ValidRegulation { level, area_code, number, issued_on, title, status, topic })
            }
            _ => Err(crate::Error::invalid("title", "required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_regulation_has_its_number_and_date() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let r = NewRegulation {
            level: "village".into(),
            area_code: "32.09".into(),
            title: "Perdes perlindungan PMI".into(),
            status: "issued".into(),
            ..Default::default()
        };
        let crate::Error::Invalid(errors) = r.validate(today).unwrap_err() else { panic!() };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, [("area_code", "not_of_level"), ("number", "required"), ("issued_on", "required")]);
        let draft = NewRegulation { area_code: "32.09.30.2001".into(), status: "draft".into(), ..r };
        assert!(draft.validate(today).is_ok());
    }
}
