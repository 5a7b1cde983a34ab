//! Organisations of every kind under and around the one roof, and the offices
//! where people are served.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::{Area, AreaCode};
use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Code, Name};

code_list! {
    /// What an organisation is. Labels: `org-kind-<code>` in the locales.
    OrgKind {
        NationalAgency = "national_agency",
        DistrictGovernment = "district_government",
        LtsaDesk = "ltsa_desk",
        TradeUnion = "trade_union",
        CrisisCentre = "crisis_centre",
        Ngo = "ngo",
        VillageGovernment = "village_government",
        VillageTaskForce = "village_task_force",
        PlacementAgency = "placement_agency",
        Employer = "employer",
        ServiceProvider = "service_provider",
    }
}

code_list! {
    /// What an office is. Labels: `office-kind-<code>`.
    OfficeKind {
        LtsaMrcOffice = "ltsa_mrc_office",
        VillageInformationCentre = "village_information_centre",
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Organisation {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    #[schema(value_type = String, example = "32.09")]
    pub area_code: AreaCode,
    pub parent_id: Option<Uuid>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An organisation as listed: with the name of its area.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganisationSummary {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub area_name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganisationDetail {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub area: Area,
    pub parent: Option<OrganisationSummary>,
    /// Offices the organisation runs or serves at.
    pub offices: Vec<OfficeSummary>,
}

/// Input for a new organisation, as received (strings are validated here).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    pub code: String,
    pub name: String,
    #[schema(value_type = OrgKind)]
    pub kind: String,
    pub area_code: String,
    pub parent_code: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// A new organisation whose fields are all valid in themselves (references
/// to other records are checked by the service).
#[derive(Debug, Clone)]
pub struct ValidOrganisation {
    pub code: Code,
    pub name: Name,
    pub kind: OrgKind,
    pub area_code: AreaCode,
    pub parent_code: Option<Code>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl NewOrganisation {
    pub fn validate(&self) -> Result<ValidOrganisation> {
        let mut v = Validator::new();
        let code = v.check(Code::parse("code", &self.code));
        let name = v.check(Name::parse("name", &self.name));
        let kind = v.check(OrgKind::parse("kind", &self.kind));
        let area_code = v.check(AreaCode::parse("area_code", &self.area_code));
        let parent_code = match self.parent_code.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => v.check(Code::parse("parent_code", raw)),
        };
        let phone = v.check(parse_phone("phone", self.phone.as_deref())).flatten();
        let email = v.check(parse_email("email", self.email.as_deref())).flatten();
        let address = v.check(optional_text("address", self.address.as_deref(), 500)).flatten();
        v.finish()?;
        match (code, name, kind, area_code) {
            (Some(code), Some(name), Some(kind), Some(area_code)) => {
                Ok(ValidOrganisation { code, name, kind, area_code, parent_code, phone, email, address })
            }
            _ => Err(crate::Error::internal("validator passed with missing fields")),
        }
    }
}

/// Changes to an organisation (`PATCH`): a field left out stays as it is;
/// an optional field sent empty is cleared. The code never changes (other
/// records and files name the organisation by it).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationChanges {
    pub name: Option<String>,
    #[schema(value_type = Option<OrgKind>)]
    pub kind: Option<String>,
    pub area_code: Option<String>,
    /// Code of the parent organisation; empty for none.
    pub parent_code: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl OrganisationChanges {
    /// The organisation as it would be, as input to validate again
    /// (`parent_code` is the code of its present parent, if any).
    pub fn apply(&self, org: &Organisation, parent_code: Option<&str>) -> NewOrganisation {
        let keep = |new: &Option<String>, old: Option<&str>| new.clone().or_else(|| old.map(str::to_string));
        NewOrganisation {
            code: org.code.clone(),
            name: self.name.clone().unwrap_or_else(|| org.name.clone()),
            kind: self.kind.clone().unwrap_or_else(|| org.kind.as_str().to_string()),
            area_code: self.area_code.clone().unwrap_or_else(|| org.area_code.as_str().to_string()),
            parent_code: keep(&self.parent_code, parent_code),
            phone: keep(&self.phone, org.phone.as_deref()),
            email: keep(&self.email, org.email.as_deref()),
            address: keep(&self.address, org.address.as_deref()),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    pub kind: Option<OrgKind>,
    /// The organisation's area is this area or lies inside it.
    pub within: Option<AreaCode>,
    /// Case-insensitive part of the name or code.
    pub query: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Office {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: OfficeKind,
    #[schema(value_type = String, example = "32.09.01.2008")]
    pub area_code: AreaCode,
    /// The organisation that runs the office.
    pub organisation_id: Uuid,
    pub address: String,
    pub phone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfficeSummary {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: OfficeKind,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub area_name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfficeDetail {
    #[serde(flatten)]
    pub office: Office,
    pub area: Area,
    pub ancestors: Vec<Area>,
    pub operator: OrganisationSummary,
    /// Organisations that serve under this roof (desks, partners).
    pub members: Vec<OrganisationSummary>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOffice {
    pub code: String,
    pub name: String,
    #[schema(value_type = OfficeKind)]
    pub kind: String,
    pub area_code: String,
    /// Code of the organisation that runs the office.
    pub organisation_code: String,
    pub address: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ValidOffice {
    pub code: Code,
    pub name: Name,
    pub kind: OfficeKind,
    pub area_code: AreaCode,
    pub organisation_code: Code,
    pub address: String,
    pub phone: Option<String>,
}

impl NewOffice {
    pub fn validate(&self) -> Result<ValidOffice> {
        let mut v = Validator::new();
        let code = v.check(Code::parse("code", &self.code));
        let name = v.check(Name::parse("name", &self.name));
        let kind = v.check(OfficeKind::parse("kind", &self.kind));
        let area_code = v.check(AreaCode::parse("area_code", &self.area_code));
        let organisation_code = v.check(Code::parse("organisation_code", &self.organisation_code));
        let address = match v.check(optional_text("address", Some(&self.address), 500)) {
            Some(None) => {
                v.push(FieldError::new("address", "required"));
                None
            }
            other => other.flatten(),
        };
        let phone = v.check(parse_phone("phone", self.phone.as_deref())).flatten();
        if let (Some(OfficeKind::VillageInformationCentre), Some(area)) = (kind, &area_code) {
            if area.level() != crate::areas::area::AreaLevel::Village {
                v.push(FieldError::new("area_code", "village_required"));
            }
        }
        v.finish()?;
        match (code, name, kind, area_code, organisation_code, address) {
            (Some(code), Some(name), Some(kind), Some(area_code), Some(organisation_code), Some(address)) => {
                Ok(ValidOffice { code, name, kind, area_code, organisation_code, address, phone })
            }
            _ => Err(crate::Error::internal("validator passed with missing fields")),
        }
    }
}

/// Changes to an office (`PATCH`): a field left out stays as it is; the
/// phone sent empty is cleared. The code never changes.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeChanges {
    pub name: Option<String>,
    #[schema(value_type = Option<OfficeKind>)]
    pub kind: Option<String>,
    pub area_code: Option<String>,
    /// Code of the organisation that runs the office.
    pub organisation_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
}

impl OfficeChanges {
    /// The office as it would be (`operator_code`: the code of its present
    /// operator), as input to validate again.
    pub fn apply(&self, office: &Office, operator_code: &str) -> NewOffice {
        NewOffice {
            code: office.code.clone(),
            name: self.name.clone().unwrap_or_else(|| office.name.clone()),
            kind: self.kind.clone().unwrap_or_else(|| office.kind.as_str().to_string()),
            area_code: self.area_code.clone().unwrap_or_else(|| office.area_code.as_str().to_string()),
            organisation_code: self.organisation_code.clone().unwrap_or_else(|| operator_code.to_string()),
            address: self.address.clone().unwrap_or_else(|| office.address.clone()),
            phone: self.phone.clone().or_else(|| office.phone.clone()),
        }
    }
}

/// An organisation to add under an office's roof, or to take from it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeMember {
    /// The organisation's code, e.g. `SBMI-CRB`.
    pub organisation_code: String,
}

/// An LTSA-MRC office at a glance, for the home page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfficeOverview {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub regency_name: String,
    pub address: String,
    /// Organisations serving under the roof, the district government aside.
    pub partners: u64,
    /// Village information centres in the office's regency.
    pub village_centres: u64,
}

#[derive(Debug, Clone, Default)]
pub struct OfficeFilter {
    pub kind: Option<OfficeKind>,
    pub within: Option<AreaCode>,
    pub organisation_id: Option<Uuid>,
}

/// An Indonesian phone number as typed: digits with an optional leading `+`,
/// spaces and dashes removed; 8 to 15 digits.
pub fn parse_phone(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    if !(8..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(field, "invalid_phone"));
    }
    Ok(Some(compact))
}

/// A plausible e-mail address (one `@`, a dot in the domain, no spaces).
pub fn parse_email(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let valid = raw.len() <= 254
        && !raw.contains(char::is_whitespace)
        && raw.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !valid {
        return Err(FieldError::new(field, "invalid_email"));
    }
    Ok(Some(raw.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_round_trip() {
        for kind in OrgKind::ALL {
            assert_eq!(kind.as_str().parse::<OrgKind>(), Ok(*kind));
        }
        assert!(OrgKind::parse("kind", "bank").is_err());
    }

    #[test]
    fn new_organisation_reports_every_bad_field() {
        let input = NewOrganisation {
            code: "x".into(),
            name: " ".into(),
            kind: "bank".into(),
            area_code: "99.9".into(),
            phone: Some("12".into()),
            email: Some("not-an-email".into()),
            ..Default::default()
        };
        let Err(crate::Error::Invalid(errors)) = input.validate() else {
            panic!("expected invalid");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "name", "kind", "area_code", "phone", "email"]);
    }

    #[test]
    fn village_centre_must_be_in_a_village() {
        let office = NewOffice {
            code: "VIC-X".into(),
            name: "Pusat Informasi".into(),
            kind: "village_information_centre".into(),
            area_code: "32.09".into(),
            organisation_code: "ORG".into(),
            address: "Jl. Desa 1".into(),
            phone: None,
        };
        let Err(crate::Error::Invalid(errors)) = office.validate() else {
            panic!("expected invalid");
        };
        assert_eq!(errors[0].code, "village_required");
    }

    #[test]
    fn phones_and_emails() {
        assert_eq!(parse_phone("p", Some("0812-3456-7890")), Ok(Some("081234567890".into())));
        assert_eq!(parse_phone("p", Some("+62 812 3456 7890")), Ok(Some("+6281234567890".into())));
        assert!(parse_phone("p", Some("abc")).is_err());
        assert_eq!(parse_email("e", Some("Info@SBMI.or.id")), Ok(Some("info@sbmi.or.id".into())));
        assert!(parse_email("e", Some("a@b")).is_err());
    }
}
