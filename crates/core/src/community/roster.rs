//! The Village Task Force's roster: who serves, in what role, from where,
//! since and until when.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::community::activity::AttendeeSex;
use crate::error::{FieldError, Result, Validator};
use crate::text::Name;

code_list! {
    /// Labels: `task-force-role-<code>`.
    TaskForceRole {
        Head = "head",
        Secretary = "secretary",
        Member = "member",
    }
}

code_list! {
    /// Where a member comes from. Labels: `task-force-origin-<code>`.
    TaskForceOrigin {
        VillageGovernment = "village_government",
        Pkk = "pkk",
        ReligiousLeader = "religious_leader",
        Returnee = "returnee",
        Union = "union",
        Other = "other",
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTaskForceMember {
    pub name: String,
    #[schema(value_type = crate::community::roster::TaskForceRole)]
    pub role: String,
    #[schema(value_type = crate::community::activity::AttendeeSex)]
    pub sex: String,
    #[schema(value_type = crate::community::roster::TaskForceOrigin)]
    pub origin: String,
    /// `YYYY-MM-DD`.
    pub active_from: String,
    /// The village; the caller's own when omitted.
    pub village_code: Option<String>,
}

/// A member of a village's task force.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskForceMember {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub village_code: AreaCode,
    pub name: String,
    pub role: TaskForceRole,
    pub sex: AttendeeSex,
    pub origin: TaskForceOrigin,
    pub active_from: NaiveDate,
    pub active_to: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct ValidMember {
    pub name: String,
    pub role: TaskForceRole,
    pub sex: AttendeeSex,
    pub origin: TaskForceOrigin,
    pub active_from: NaiveDate,
    pub village_code: Option<AreaCode>,
}

impl NewTaskForceMember {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidMember> {
        let mut v = Validator::new();
        let name = v.check(Name::parse("name", &self.name)).map(Name::into_inner);
        let role = super::code(&mut v, "role", &self.role, TaskForceRole::parse);
        let sex = super::code(&mut v, "sex", &self.sex, AttendeeSex::parse);
        let origin = super::code(&mut v, "origin", &self.origin, TaskForceOrigin::parse);
        let active_from = super::past_date(&mut v, "active_from", &self.active_from, today);
        let village_code = self
            .village_code
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| v.check(AreaCode::parse("village_code", s)));
        v.finish()?;
        match (name, role, sex, origin, active_from) {
            (Some(name), Some(role), Some(sex), Some(origin), Some(active_from)) => {
                Ok(ValidMember { name, role, sex, origin, active_from, village_code })
            }
            _ => Err(crate::Error::Invalid(vec![FieldError::new("name", "required")])),
        }
    }
}

/// When a member stops serving.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEnd {
    /// `YYYY-MM-DD`, not before the start.
    pub date: String,
}

impl NewEnd {
    /// The day something that began on `since` ended: not in the future,
    /// not before it began, and only once (`already_ended`).
    pub(crate) fn date(&self, since: NaiveDate, ended: bool, today: NaiveDate) -> Result<NaiveDate> {
        let mut v = Validator::new();
        let date = super::past_date(&mut v, "date", &self.date, today);
        if date.is_some_and(|d| d < since) {
            v.push(FieldError::new("date", "before_start").with("start", since));
        }
        v.finish()?;
        let date = date.ok_or_else(|| crate::Error::invalid("date", "required"))?;
        if ended {
            return Err(crate::Error::Conflict { code: "already_ended", field: Some("date".into()) });
        }
        Ok(date)
    }
}
