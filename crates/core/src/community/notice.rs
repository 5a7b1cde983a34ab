//! Departure and return notices: the village monitors who leaves, by which
//! channel, and who comes back, why and with what needs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::error::{FieldError, Result, Validator};
use crate::money::Country;
use crate::text::optional_text;

code_list! {
    /// How she left. Labels: `departure-channel-<code>`.
    DepartureChannel {
        Procedural = "procedural",
        Independent = "independent",
        NonProcedural = "non_procedural",
    }
}

code_list! {
    /// Who told the village. Labels: `reported-by-<code>`.
    ReportedBy {
        Herself = "herself",
        Family = "family",
        TaskForce = "task_force",
        Agency = "agency",
        Other = "other",
    }
}

code_list! {
    /// Why she came back. Labels: `return-reason-<code>`.
    ReturnReason {
        ContractEnded = "contract_ended",
        TerminatedEarly = "terminated_early",
        Deported = "deported",
        RanAway = "ran_away",
        Illness = "illness",
        Pregnancy = "pregnancy",
        Death = "death",
        Other = "other",
    }
}

code_list! {
    /// What she needs on return. Labels: `return-need-<code>`.
    ReturnNeed {
        Health = "health",
        Legal = "legal",
        Psychosocial = "psychosocial",
        Reintegration = "reintegration",
    }
}

code_list! {
    /// What the village does at once about a return with needs: raise an
    /// early warning to the district, or refer her to the LTSA-MRC (she
    /// becomes an expected visitor there). Labels: `return-follow-up-<code>`.
    ReturnFollowUp {
        Warning = "warning",
        Refer = "refer",
    }
}

code_list! {
    /// Labels: `notice-kind-<code>`.
    NoticeKind {
        Departure = "departure",
        Return = "return",
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDeparture {
    /// `YYYY-MM-DD`, not in the future.
    pub date: String,
    /// ISO 3166-1 alpha-2.
    pub destination: String,
    #[schema(value_type = crate::community::notice::DepartureChannel)]
    pub channel: String,
    #[schema(value_type = crate::community::notice::ReportedBy)]
    pub reported_by: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReturn {
    /// `YYYY-MM-DD`, not in the future, not before her last departure.
    pub date: String,
    /// ISO 3166-1 alpha-2 of where she came back from.
    pub from_country: String,
    #[schema(value_type = crate::community::notice::ReturnReason)]
    pub reason: String,
    #[serde(default)]
    #[schema(value_type = Vec<crate::community::notice::ReturnNeed>)]
    pub needs: Vec<String>,
    #[schema(value_type = crate::community::notice::ReportedBy)]
    pub reported_by: String,
    /// With needs: raise a warning to the district, or refer her to the
    /// LTSA-MRC, in the same step.
    #[schema(value_type = Option<crate::community::notice::ReturnFollowUp>)]
    pub follow_up: Option<String>,
    /// For `follow_up: warning`: what the district should know (no more than needed).
    pub note: Option<String>,
}

/// A departure or a return, as stored.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Notice {
    pub id: Uuid,
    pub kind: NoticeKind,
    pub person_id: Uuid,
    pub person_name: Option<String>,
    #[schema(value_type = String)]
    pub village_code: AreaCode,
    pub organisation_id: Uuid,
    pub date: NaiveDate,
    /// Where she went (departure) or came back from (return).
    #[schema(value_type = String)]
    pub country: Country,
    pub channel: Option<DepartureChannel>,
    pub reason: Option<ReturnReason>,
    pub needs: Vec<ReturnNeed>,
    pub reported_by: ReportedBy,
    pub follow_up: Option<ReturnFollowUp>,
    /// The warning raised with the return.
    pub warning_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct ValidDeparture {
    pub date: NaiveDate,
    pub destination: Country,
    pub channel: DepartureChannel,
    pub reported_by: ReportedBy,
}

#[derive(Debug)]
pub struct ValidReturn {
    pub date: NaiveDate,
    pub from_country: Country,
    pub reason: ReturnReason,
    pub needs: Vec<ReturnNeed>,
    pub reported_by: ReportedBy,
    pub follow_up: Option<ReturnFollowUp>,
    pub note: Option<String>,
}

/// A country abroad (not Indonesia), or `required` when empty.
fn abroad(v: &mut Validator, field: &str, raw: &str) -> Option<Country> {
    let country = super::code(v, field, raw, Country::parse)?;
    if country.as_str() == "ID" {
        v.push(FieldError::new(field, "not_abroad"));
        return None;
    }
    Some(country)
}

impl NewDeparture {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidDeparture> {
        let mut v = Validator::new();
        let date = super::past_date(&mut v, "date", &self.date, today);
        let destination = abroad(&mut v, "destination", &self.destination);
        let channel = super::code(&mut v, "channel", &self.channel, DepartureChannel::parse);
        let reported_by = super::code(&mut v, "reported_by", &self.reported_by, ReportedBy::parse);
        v.finish()?;
        match (date, destination, channel, reported_by) {
            (Some(date), Some(destination), Some(channel), Some(reported_by)) => {
                Ok(ValidDeparture { date, destination, channel, reported_by })
            }
            _ => Err(crate::Error::invalid("date", "required")),
        }
    }
}

impl NewReturn {
    /// `last_departure`: the date of her last departure, if any is known.
    pub fn validate(&self, today: NaiveDate, last_departure: Option<NaiveDate>) -> Result<ValidReturn> {
        let mut v = Validator::new();
        let date = super::past_date(&mut v, "date", &self.date, today);
        if let (Some(d), Some(left)) = (date, last_departure) {
            if d < left {
                v.push(FieldError::new("date", "before_departure").with("departure", left));
            }
        }
        let from_country = abroad(&mut v, "from_country", &self.from_country);
        let reason = super::code(&mut v, "reason", &self.reason, ReturnReason::parse);
        let needs = v.codes("needs", &self.needs, ReturnNeed::parse);
        let reported_by = super::code(&mut v, "reported_by", &self.reported_by, ReportedBy::parse);
        let follow_up = self
            .follow_up
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| v.check(ReturnFollowUp::parse("follow_up", s)));
        if follow_up.is_some() && needs.is_empty() && self.needs.is_empty() {
            v.push(FieldError::new("follow_up", "without_needs"));
        }
        let note = v.check(optional_text("note", self.note.as_deref(), 1000)).flatten();
        v.finish()?;
        match (date, from_country, reason, reported_by) {
            (Some(date), Some(from_country), Some(reason), Some(reported_by)) => {
                Ok(ValidReturn { date, from_country, reason, needs, reported_by, follow_up, note })
            }
            _ => Err(crate::Error::invalid("date", "required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    #[test]
    fn a_return_before_the_departure_is_refused() {
        let r = NewReturn {
            date: "2026-01-01".into(),
            from_country: "MY".into(),
            reason: "terminated_early".into(),
            needs: vec!["legal".into()],
            reported_by: "family".into(),
            follow_up: Some("refer".into()),
            note: None,
        };
        let left = NaiveDate::from_ymd_opt(2026, 2, 1);
        assert_eq!(r.validate(today(), left).unwrap_err().code(), "before_departure");
        let v = r.validate(today(), NaiveDate::from_ymd_opt(2025, 2, 1)).unwrap();
        assert_eq!((v.needs, v.follow_up), (vec![ReturnNeed::Legal], Some(ReturnFollowUp::Refer)));
    }

    #[test]
    fn every_bad_field_is_named() {
        let r = NewReturn {
            date: "2030-01-01".into(),
            from_country: "ZZ".into(),
            reason: "bored".into(),
            needs: vec!["money".into()],
            reported_by: "neighbour".into(),
            follow_up: Some("warning".into()),
            note: None,
        };
        let crate::Error::Invalid(errors) = r.validate(today(), None).unwrap_err() else { panic!() };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "from_country", "reason", "needs[0]", "reported_by"]);
        let no_needs = NewReturn {
            needs: vec![],
            date: "2026-05-01".into(),
            from_country: "MY".into(),
            reason: "deported".into(),
            reported_by: "family".into(),
            ..r
        };
        assert_eq!(no_needs.validate(today(), None).unwrap_err().code(), "without_needs");
        let d = NewDeparture {
            date: "".into(),
            destination: "ID".into(),
            channel: "smuggled".into(),
            reported_by: "family".into(),
        };
        let crate::Error::Invalid(errors) = d.validate(today()).unwrap_err() else { panic!() };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, [("date", "required"), ("destination", "not_abroad"), ("channel", "unknown_code")]);
    }
}
