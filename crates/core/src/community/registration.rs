//! Village registration of a prospective migrant worker (Law 18/2017): the
//! registry's person, where she plans to go and with whom, the family's
//! permission letter acknowledged by the village head, the documents seen,
//! and the village's verification. A verified registration makes her an
//! expected visitor at the district's LTSA front desk.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::error::{FieldError, Result, Validator};
use crate::money::Country;
use crate::registry::episode::Sector;
use crate::registry::family::Relationship;
use crate::text::{optional_text, Code};

code_list! {
    /// Where a registration stands. Labels: `registration-status-<code>`.
    RegistrationStatus {
        Submitted = "submitted",
        Verified = "verified",
        Returned = "returned",
    }
}

code_list! {
    /// What the village does with a submitted registration. Labels:
    /// `registration-decision-<code>`.
    RegistrationDecision {
        Verify = "verify",
        Return = "return",
    }
}

/// A registration as received (JSON names are the API's).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    pub person_id: Uuid,
    /// ISO 3166-1 alpha-2 of the planned destination, e.g. `HK`.
    pub destination: String,
    #[schema(value_type = Option<crate::registry::episode::Sector>)]
    pub sector: Option<String>,
    /// The planned occupation, e.g. "pekerja rumah tangga".
    pub occupation: Option<String>,
    /// Code of the placement agency (an organisation of kind `placement_agency`);
    /// none when the departure is non-procedural or the agency unknown.
    pub agency_code: Option<String>,
    #[serde(default)]
    pub job_offer: bool,
    /// `YYYY-MM-DD`: when the job offer was received.
    pub job_offer_date: Option<String>,
    /// The relative who signed the family's permission letter.
    pub permission_relative: Option<String>,
    /// What the relative is to her.
    #[schema(value_type = Option<crate::registry::family::Relationship>)]
    pub permission_relation: Option<String>,
    /// The village head (or official) who acknowledged the letter.
    pub permission_acknowledged_by: Option<String>,
    /// `YYYY-MM-DD`: when the letter was acknowledged.
    pub permission_acknowledged_on: Option<String>,
    /// Documents seen by the village.
    #[serde(default)]
    pub seen_ktp: bool,
    #[serde(default)]
    pub seen_family_card: bool,
    #[serde(default)]
    pub seen_passport: bool,
}

/// The family's permission letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PermissionLetter {
    pub relative: String,
    pub relation: Relationship,
    pub acknowledged_by: Option<String>,
    pub acknowledged_on: Option<NaiveDate>,
}

/// A validated registration, before it is stored.
#[derive(Debug, Clone)]
pub struct ValidRegistration {
    pub destination: Country,
    pub sector: Option<Sector>,
    pub occupation: Option<String>,
    pub agency_code: Option<Code>,
    pub job_offer_date: Option<NaiveDate>,
    pub job_offer: bool,
    pub permission: Option<PermissionLetter>,
    pub seen_ktp: bool,
    pub seen_family_card: bool,
    pub seen_passport: bool,
}

fn present(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl NewRegistration {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRegistration> {
        let mut v = Validator::new();
        let destination = super::code(&mut v, "destination", &self.destination, Country::parse);
        if destination.as_ref().is_some_and(|c| c.as_str() == "ID") {
            v.push(FieldError::new("destination", "not_abroad"));
        }
        let sector = present(&self.sector).and_then(|s| v.check(Sector::parse("sector", s)));
        let occupation = v.check(optional_text("occupation", self.occupation.as_deref(), 120)).flatten();
        let agency_code = present(&self.agency_code).and_then(|s| v.check(Code::parse("agency_code", s)));
        let job_offer_date = super::optional_past_date(&mut v, "job_offer_date", self.job_offer_date.as_deref(), today);
        if job_offer_date.is_some() && !self.job_offer {
            v.push(FieldError::new("job_offer_date", "without_job_offer"));
        }
        let relative =
            v.check(optional_text("permission_relative", self.permission_relative.as_deref(), 200)).flatten();
        let relation =
            present(&self.permission_relation).and_then(|s| v.check(Relationship::parse("permission_relation", s)));
        let acknowledged_by = v
            .check(optional_text("permission_acknowledged_by", self.permission_acknowledged_by.as_deref(), 200))
            .flatten();
        let acknowledged_on = super::optional_past_date(
            &mut v,
            "permission_acknowledged_on",
            self.permission_acknowledged_on.as_deref(),
            today,
        );
        let permission = match (relative, relation) {
            (Some(relative), Some(relation)) => {
                if acknowledged_by.is_some() != acknowledged_on.is_some() {
                    let missing = if acknowledged_by.is_none() {
                        "permission_acknowledged_by"
                    } else {
                        "permission_acknowledged_on"
                    };
                    v.push(FieldError::new(missing, "required"));
                }
                Some(PermissionLetter { relative, relation, acknowledged_by, acknowledged_on })
            }
            (Some(_), None) => {
                if present(&self.permission_relation).is_none() {
                    v.push(FieldError::new("permission_relation", "required"));
                }
                None
            }
            (None, rel) => {
                if rel.is_some() || acknowledged_by.is_some() || acknowledged_on.is_some() {
                    v.push(FieldError::new("permission_relative", "required"));
                }
                None
            }
        };
        v.finish()?;
        let destination = destination.ok_or_else(|| crate::Error::invalid("destination", "required"))?;
        Ok(ValidRegistration {
            destination,
            sector,
            occupation,
            agency_code,
            job_offer: self.job_offer,
            job_offer_date,
            permission,
            seen_ktp: self.seen_ktp,
            seen_family_card: self.seen_family_card,
            seen_passport: self.seen_passport,
        })
    }
}

/// The village's decision on a submitted registration.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    /// `verify` or `return`.
    #[schema(value_type = crate::community::registration::RegistrationDecision)]
    pub decision: String,
    /// Why it goes back (required to return it).
    pub reason: Option<String>,
}

/// A stored registration.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Registration {
    pub id: Uuid,
    pub person_id: Uuid,
    /// Her name, when the reader may see her (else none).
    pub person_name: Option<String>,
    /// The village where she is registered.
    #[schema(value_type = String)]
    pub village_code: AreaCode,
    /// The organisation that registered her (the village government, or the task force).
    pub organisation_id: Uuid,
    #[schema(value_type = String)]
    pub destination: Country,
    pub sector: Option<Sector>,
    pub occupation: Option<String>,
    /// The placement agency; none: non-procedural or unknown.
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub job_offer: bool,
    pub job_offer_date: Option<NaiveDate>,
    pub permission: Option<PermissionLetter>,
    pub seen_ktp: bool,
    pub seen_family_card: bool,
    pub seen_passport: bool,
    pub status: RegistrationStatus,
    /// Why the village returned it.
    pub return_reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A person the district's LTSA front desk expects: a verified village
/// registration, or a returnee the village referred to the office, not
/// seen at the office since.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExpectedVisitor {
    pub person_id: Uuid,
    pub person_name: String,
    #[schema(value_type = String)]
    pub village_code: AreaCode,
    /// Why she is expected.
    pub reason: ExpectedReason,
    /// The registration or the return notice.
    pub record_id: Uuid,
    pub since: DateTime<Utc>,
}

code_list! {
    /// Why a visitor is expected. Labels: `expected-<code>`.
    ExpectedReason {
        Registered = "registered",
        Returned = "returned",
    }
}

/// Whether `actor` may verify or return `r` now (the check of
/// [`crate::App::decide_registration`]).
pub fn may_decide(actor: &crate::access::Actor, r: &Registration) -> bool {
    r.status == RegistrationStatus::Submitted
        && crate::access::AuthCheck::new(crate::access::Permission::CommunityVerify)
            .in_area(&r.village_code)
            .check(actor)
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    #[test]
    fn a_complete_registration_is_valid() {
        let r = NewRegistration {
            destination: "hk".into(),
            sector: Some("domestic_work".into()),
            agency_code: Some("p3mi-crb-1".into()),
            job_offer: true,
            job_offer_date: Some("2026-05-02".into()),
            permission_relative: Some("Kasmin".into()),
            permission_relation: Some("parent".into()),
            permission_acknowledged_by: Some("H. Darma".into()),
            permission_acknowledged_on: Some("2026-05-20".into()),
            seen_ktp: true,
            ..Default::default()
        };
        let v = r.validate(today()).unwrap();
        assert_eq!(v.destination.as_str(), "HK");
        assert_eq!(v.agency_code.unwrap().as_str(), "P3MI-CRB-1");
        assert_eq!(v.permission.unwrap().relation, Relationship::Parent);
    }

    #[test]
    fn every_bad_field_is_named() {
        let r = NewRegistration {
            destination: "XX".into(),
            sector: Some("mining".into()),
            job_offer: false,
            job_offer_date: Some("2027-01-01".into()),
            permission_relation: Some("parent".into()),
            permission_acknowledged_on: Some("yesterday".into()),
            ..Default::default()
        };
        let crate::Error::Invalid(errors) = r.validate(today()).unwrap_err() else { panic!() };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("destination", "unknown_country"),
                ("sector", "unknown_code"),
                ("job_offer_date", "future_date"),
                ("permission_acknowledged_on", "invalid_date"),
                ("permission_relative", "required"),
            ]
        );
        let home = NewRegistration { destination: "ID".into(), ..Default::default() };
        assert_eq!(home.validate(today()).unwrap_err().code(), "not_abroad");
        let half = NewRegistration {
            destination: "MY".into(),
            permission_relative: Some("Kasmin".into()),
            permission_relation: Some("parent".into()),
            permission_acknowledged_by: Some("H. Darma".into()),
            ..Default::default()
        };
        let crate::Error::Invalid(errors) = half.validate(today()).unwrap_err() else { panic!() };
        assert_eq!(errors[0].field, "permission_acknowledged_on");
    }
}
