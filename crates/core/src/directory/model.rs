//! The service directory (Open Referral HSDS 3.x in spirit): services of the
//! organisations under and around the one roof, their categories (the
//! taxonomy of `docs/code-lists.md`), where and when they are given, and
//! how to reach them. Public knowledge: institutions, never personal data.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::{Area, AreaCode};
use crate::error::{FieldError, Result, Validator};
use crate::organisations::organisation::{parse_email, parse_phone, OrganisationSummary};
use crate::text::{optional_text, Code, Name};

code_list! {
    /// HSDS's service status (`temporarily closed` in HSDS is
    /// `temporarily_closed` here). Labels: `service-status-<code>`.
    ServiceStatus {
        Active = "active",
        Inactive = "inactive",
        Defunct = "defunct",
        TemporarilyClosed = "temporarily_closed",
    }
}

impl ServiceStatus {
    /// The value HSDS uses.
    pub fn hsds(self) -> &'static str {
        match self {
            ServiceStatus::TemporarilyClosed => "temporarily closed",
            other => other.as_str(),
        }
    }

    /// Reads an HSDS status (or our code).
    pub fn from_hsds(raw: &str) -> Option<Self> {
        match raw.trim() {
            "temporarily closed" => Some(ServiceStatus::TemporarilyClosed),
            other => other.parse().ok(),
        }
    }
}

code_list! {
    /// The five groups of the taxonomy. Labels: `service-group-<code>`.
    ServiceGroup {
        Administrative = "administrative",
        Information = "information",
        Counselling = "counselling",
        Protection = "protection",
        Empowerment = "empowerment",
    }
}

code_list! {
    /// The taxonomy of services (`docs/code-lists.md`, "Service
    /// categories"). Labels: `service-category-<code>`.
    ServiceCategory {
        // administrative (LTSA desks)
        JobPlacement = "job_placement",
        CivilRegistry = "civil_registry",
        Immigration = "immigration",
        HealthCheck = "health_check",
        PoliceClearance = "police_clearance",
        SocialSecurity = "social_security",
        PreDepartureOrientation = "pre_departure_orientation",
        Banking = "banking",
        // information
        SafeMigrationInformation = "safe_migration_information",
        GenderEqualityInformation = "gender_equality_information",
        RightsInformation = "rights_information",
        ReintegrationInformation = "reintegration_information",
        UnionismInformation = "unionism_information",
        ViolenceAgainstWomenInformation = "violence_against_women_information",
        // counselling
        PreEmploymentConsultation = "pre_employment_consultation",
        PostEmploymentConsultation = "post_employment_consultation",
        IndividualCounselling = "individual_counselling",
        GroupCounselling = "group_counselling",
        PsychosocialCounselling = "psychosocial_counselling",
        // protection
        CaseHandling = "case_handling",
        LegalAid = "legal_aid",
        InformalMediation = "informal_mediation",
        ComplaintFiling = "complaint_filing",
        Shelter = "shelter",
        HealthAndMedical = "health_and_medical",
        PoliceReport = "police_report",
        RepatriationSupport = "repatriation_support",
        // empowerment
        SkillsTraining = "skills_training",
        CompetencyTest = "competency_test",
        FinancialLiteracy = "financial_literacy",
        EntrepreneurshipReintegration = "entrepreneurship_reintegration",
        UnionMembership = "union_membership",
    }
}

impl ServiceCategory {
    pub fn group(self) -> ServiceGroup {
        use ServiceCategory::*;
        match self {
            JobPlacement
            | CivilRegistry
            | Immigration
            | HealthCheck
            | PoliceClearance
            | SocialSecurity
            | PreDepartureOrientation
            | Banking => ServiceGroup::Administrative,
            SafeMigrationInformation
            | GenderEqualityInformation
            | RightsInformation
            | ReintegrationInformation
            | UnionismInformation
            | ViolenceAgainstWomenInformation => ServiceGroup::Information,
            PreEmploymentConsultation
            | PostEmploymentConsultation
            | IndividualCounselling
            | GroupCounselling
            | PsychosocialCounselling => ServiceGroup::Counselling,
            CaseHandling | LegalAid | InformalMediation | ComplaintFiling | Shelter | HealthAndMedical
            | PoliceReport | RepatriationSupport => ServiceGroup::Protection,
            SkillsTraining | CompetencyTest | FinancialLiteracy | EntrepreneurshipReintegration | UnionMembership => {
                ServiceGroup::Empowerment
            }
        }
    }
}

impl ServiceGroup {
    /// The categories of the group, in the order of the taxonomy.
    pub fn categories(self) -> impl Iterator<Item = ServiceCategory> {
        ServiceCategory::ALL.iter().copied().filter(move |c| c.group() == self)
    }
}

code_list! {
    /// Languages a service is given in (ISO 639). Labels: `spoken-language-<code>`.
    Language {
        Indonesian = "id",
        Javanese = "jv",
        Sundanese = "su",
        Madurese = "mad",
        English = "en",
        Arabic = "ar",
        Chinese = "zh",
        Malay = "ms",
    }
}

code_list! {
    /// Days of the week. Labels: `weekday-<code>`.
    Weekday {
        Monday = "monday",
        Tuesday = "tuesday",
        Wednesday = "wednesday",
        Thursday = "thursday",
        Friday = "friday",
        Saturday = "saturday",
        Sunday = "sunday",
    }
}

impl Weekday {
    /// The iCal two-letter day HSDS schedules use (`MO`).
    pub fn ical(self) -> &'static str {
        match self {
            Weekday::Monday => "MO",
            Weekday::Tuesday => "TU",
            Weekday::Wednesday => "WE",
            Weekday::Thursday => "TH",
            Weekday::Friday => "FR",
            Weekday::Saturday => "SA",
            Weekday::Sunday => "SU",
        }
    }

    pub fn from_ical(raw: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|d| d.ical().eq_ignore_ascii_case(raw.trim()))
    }
}

code_list! {
    /// Kind of phone line (HSDS / RFC 6350 types). Labels: `phone-kind-<code>`.
    PhoneKind {
        Voice = "voice",
        Cell = "cell",
        Text = "text",
        Fax = "fax",
    }
}

/// Opening hours: days and a time span, in the local time of the area.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Schedule {
    pub id: Uuid,
    pub days: Vec<Weekday>,
    /// `HH:MM`, local time.
    pub opens_at: String,
    /// `HH:MM`, local time.
    pub closes_at: String,
    pub note: Option<String>,
}

/// A service an organisation gives.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Service {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub status: ServiceStatus,
    /// One or more, the first is the main one.
    pub categories: Vec<ServiceCategory>,
    /// The area served: services of an area serve the areas inside it.
    #[schema(value_type = String, example = "32.09")]
    pub area_code: AreaCode,
    /// Who may use it.
    pub eligibility: Option<String>,
    pub languages: Vec<Language>,
    /// Free of charge.
    pub free: bool,
    /// What it costs, when not free (or conditions).
    pub fees: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub hours: Vec<Schedule>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A place where services are given.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Location {
    pub id: Uuid,
    /// The organisation that keeps the place (others may serve there too).
    pub organisation_id: Uuid,
    pub name: String,
    pub address: String,
    /// Kemendagri code of the village, kecamatan or regency of the place.
    #[schema(value_type = String, example = "32.09.15.1004")]
    pub area_code: AreaCode,
    pub area_name: String,
    pub postal_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A phone line of a service (of the institution, never of a person).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ServiceContact {
    pub id: Uuid,
    /// What the line is, e.g. "Hotline pengaduan".
    pub label: Option<String>,
    pub phone: String,
    pub kind: PhoneKind,
}

/// That a service is given at a location (HSDS `service_at_location`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServicePlace {
    pub id: Uuid,
    pub location_id: Uuid,
}

/// A service as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceSummary {
    pub id: Uuid,
    pub name: String,
    pub status: ServiceStatus,
    pub categories: Vec<ServiceCategory>,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub area_name: String,
    pub free: bool,
}

/// One service with its organisation, where it is given and how to reach it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub service: Service,
    pub organisation: OrganisationSummary,
    /// The area served.
    pub area: Area,
    pub locations: Vec<Location>,
    pub contacts: Vec<ServiceContact>,
}

/// Which services a list shows. Every part given must hold.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    pub category: Option<ServiceCategory>,
    /// Any category of this group.
    pub group: Option<ServiceGroup>,
    /// Services whose area is this one, lies inside it or contains it (a
    /// district finds its villages' services and its province's).
    pub within: Option<AreaCode>,
    pub organisation_id: Option<Uuid>,
    pub status: Option<ServiceStatus>,
    /// Part of the service's or the organisation's name, or of the description.
    pub q: Option<String>,
}

/// Opening hours as received.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewSchedule {
    /// Weekday codes, e.g. `["monday", "tuesday"]`.
    #[schema(value_type = Vec<crate::directory::model::Weekday>)]
    pub days: Vec<String>,
    /// `HH:MM`.
    pub opens_at: String,
    /// `HH:MM`.
    pub closes_at: String,
    pub note: Option<String>,
}

/// A location to create (no `id`) or to correct (`id` of an existing one).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewLocation {
    pub id: Option<Uuid>,
    pub name: String,
    pub address: String,
    pub area_code: String,
    pub postal_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewContact {
    pub label: Option<String>,
    pub phone: String,
    /// `voice` (default), `cell`, `text`, `fax`.
    #[schema(value_type = Option<crate::directory::model::PhoneKind>)]
    pub kind: Option<String>,
}

/// A service as received (creating, or replacing it whole when editing).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct NewService {
    /// Code of the organisation that gives the service, e.g. `SBMI-CRB`.
    pub organisation_code: String,
    pub name: String,
    pub description: Option<String>,
    /// `active` (default), `inactive`, `defunct`, `temporarily_closed`.
    #[schema(value_type = Option<crate::directory::model::ServiceStatus>)]
    pub status: Option<String>,
    /// Category codes, at least one; the first is the main one.
    #[schema(value_type = Vec<crate::directory::model::ServiceCategory>)]
    pub categories: Vec<String>,
    /// The area served (default: the organisation's area).
    pub area_code: Option<String>,
    pub eligibility: Option<String>,
    /// ISO 639 codes: `id`, `jv`, `su`, `mad`, `en`, `ar`, `zh`, `ms`.
    #[schema(value_type = Vec<crate::directory::model::Language>)]
    pub languages: Vec<String>,
    pub free: bool,
    pub fees: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub hours: Vec<NewSchedule>,
    /// Existing locations where the service is given.
    pub location_ids: Vec<Uuid>,
    /// Locations to create or correct, where the service is given too.
    pub locations: Vec<NewLocation>,
    pub contacts: Vec<NewContact>,
}

#[derive(Debug, Clone)]
pub struct ValidSchedule {
    pub days: Vec<Weekday>,
    pub opens_at: String,
    pub closes_at: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ValidLocation {
    pub id: Option<Uuid>,
    pub name: Name,
    pub address: String,
    pub area_code: AreaCode,
    pub postal_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct ValidContact {
    pub label: Option<String>,
    pub phone: String,
    pub kind: PhoneKind,
}

/// A service whose fields are valid in themselves (references to other
/// records are checked by the service layer).
#[derive(Debug, Clone)]
pub struct ValidService {
    pub organisation_code: Code,
    pub name: Name,
    pub description: Option<String>,
    pub status: ServiceStatus,
    pub categories: Vec<ServiceCategory>,
    pub area_code: Option<AreaCode>,
    pub eligibility: Option<String>,
    pub languages: Vec<Language>,
    pub free: bool,
    pub fees: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub hours: Vec<ValidSchedule>,
    pub location_ids: Vec<Uuid>,
    pub locations: Vec<ValidLocation>,
    pub contacts: Vec<ValidContact>,
}

pub const DESCRIPTION_MAX: usize = 2000;
pub const ELIGIBILITY_MAX: usize = 1000;
pub const FEES_MAX: usize = 500;

/// A local time `HH:MM` (seconds and a UTC offset after it are dropped:
/// `08:00:00+07:00` is `08:00`).
pub fn parse_time(field: &str, raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let bad = || FieldError::new(field, "invalid_time").with("value", raw);
    let local = raw.get(..5).ok_or_else(bad)?;
    let rest = &raw[5..];
    let rest_ok =
        rest.is_empty() || rest == "Z" || rest.starts_with(':') || rest.starts_with('+') || rest.starts_with('-');
    if !rest_ok {
        return Err(bad());
    }
    let t = NaiveTime::parse_from_str(local, "%H:%M").map_err(|_| bad())?;
    Ok(t.format("%H:%M").to_string())
}

/// A web address: `http://` or `https://`, no spaces.
pub fn parse_url(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://"));
    let ok = raw.len() <= 300
        && !raw.contains(char::is_whitespace)
        && rest.is_some_and(|r| r.split('/').next().is_some_and(|host| host.contains('.') && !host.starts_with('.')));
    if !ok {
        return Err(FieldError::new(field, "invalid_url"));
    }
    Ok(Some(raw.to_string()))
}

/// An Indonesian postal code: five digits.
pub fn parse_postal_code(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if raw.len() != 5 || !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(field, "invalid_postal_code").with("value", raw));
    }
    Ok(Some(raw.to_string()))
}

fn coordinate(v: &mut Validator, field: &str, value: Option<f64>, max: f64) -> Option<f64> {
    let value = value?;
    if !value.is_finite() || value.abs() > max {
        v.push(FieldError::new(field, "out_of_range").with("min", -max).with("max", max));
        return None;
    }
    Some(value)
}

impl NewSchedule {
    fn validate(&self, v: &mut Validator, field: &str) -> Option<ValidSchedule> {
        let mut days = v.codes(&format!("{field}.days"), &self.days, Weekday::parse);
        if self.days.iter().all(|d| d.trim().is_empty()) {
            v.push(FieldError::new(format!("{field}.days"), "required"));
        }
        days.sort_by_key(|d| Weekday::ALL.iter().position(|x| x == d));
        let opens = v.check(parse_time(&format!("{field}.opens_at"), &self.opens_at));
        let closes = v.check(parse_time(&format!("{field}.closes_at"), &self.closes_at));
        if let (Some(o), Some(c)) = (&opens, &closes) {
            if c <= o {
                v.push(FieldError::new(format!("{field}.closes_at"), "closes_before_opens"));
            }
        }
        let note = v.check(optional_text(&format!("{field}.note"), self.note.as_deref(), 200)).flatten();
        match (opens, closes) {
            (Some(opens_at), Some(closes_at)) if !days.is_empty() => {
                Some(ValidSchedule { days, opens_at, closes_at, note })
            }
            _ => None,
        }
    }
}

impl NewLocation {
    fn validate(&self, v: &mut Validator, field: &str) -> Option<ValidLocation> {
        let name = v.check(Name::parse(&format!("{field}.name"), &self.name));
        let address = match v.check(optional_text(&format!("{field}.address"), Some(&self.address), 500)) {
            Some(None) => {
                v.push(FieldError::new(format!("{field}.address"), "required"));
                None
            }
            other => other.flatten(),
        };
        let area_code = v.check(AreaCode::parse(&format!("{field}.area_code"), &self.area_code));
        let postal_code =
            v.check(parse_postal_code(&format!("{field}.postal_code"), self.postal_code.as_deref())).flatten();
        let latitude = coordinate(v, &format!("{field}.latitude"), self.latitude, 90.0);
        let longitude = coordinate(v, &format!("{field}.longitude"), self.longitude, 180.0);
        if self.latitude.is_some() != self.longitude.is_some() {
            let missing = if self.latitude.is_none() { "latitude" } else { "longitude" };
            v.push(FieldError::new(format!("{field}.{missing}"), "required"));
        }
        match (name, address, area_code) {
            (Some(name), Some(address), Some(area_code)) => {
                Some(ValidLocation { id: self.id, name, address, area_code, postal_code, latitude, longitude })
            }
            _ => None,
        }
    }
}

impl NewContact {
    fn validate(&self, v: &mut Validator, field: &str) -> Option<ValidContact> {
        let label = v.check(optional_text(&format!("{field}.label"), self.label.as_deref(), 100)).flatten();
        let phone = match v.check(parse_phone(&format!("{field}.phone"), Some(&self.phone))) {
            Some(None) => {
                v.push(FieldError::new(format!("{field}.phone"), "required"));
                None
            }
            other => other.flatten(),
        };
        let kind = match self.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => Some(PhoneKind::Voice),
            Some(k) => v.check(PhoneKind::parse(&format!("{field}.kind"), k)),
        };
        Some(ValidContact { label, phone: phone?, kind: kind? })
    }
}

impl NewService {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self) -> Result<ValidService> {
        let mut v = Validator::new();
        let organisation_code = v.check(Code::parse("organisation_code", &self.organisation_code));
        let name = v.check(Name::parse("name", &self.name));
        let description = v.check(optional_text("description", self.description.as_deref(), DESCRIPTION_MAX)).flatten();
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(ServiceStatus::Active),
            Some(s) => v.check(ServiceStatus::parse("status", s)),
        };
        let categories = v.codes("categories", &self.categories, ServiceCategory::parse);
        if self.categories.iter().all(|c| c.trim().is_empty()) {
            v.push(FieldError::new("categories", "required"));
        }
        let area_code = match self.area_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(a) => v.check(AreaCode::parse("area_code", a)),
        };
        let eligibility = v.check(optional_text("eligibility", self.eligibility.as_deref(), ELIGIBILITY_MAX)).flatten();
        let languages = v.codes("languages", &self.languages, Language::parse);
        let fees = v.check(optional_text("fees", self.fees.as_deref(), FEES_MAX)).flatten();
        let email = v.check(parse_email("email", self.email.as_deref())).flatten();
        let url = v.check(parse_url("url", self.url.as_deref())).flatten();
        let mut hours = Vec::new();
        for (i, h) in self.hours.iter().enumerate() {
            if let Some(h) = h.validate(&mut v, &format!("hours[{i}]")) {
                hours.push(h);
            }
        }
        let mut locations = Vec::new();
        for (i, l) in self.locations.iter().enumerate() {
            if let Some(l) = l.validate(&mut v, &format!("locations[{i}]")) {
                locations.push(l);
            }
        }
        let mut contacts = Vec::new();
        for (i, c) in self.contacts.iter().enumerate() {
            if let Some(c) = c.validate(&mut v, &format!("contacts[{i}]")) {
                contacts.push(c);
            }
        }
        let mut location_ids = Vec::new();
        for id in &self.location_ids {
            if !location_ids.contains(id) {
                location_ids.push(*id);
            }
        }
        v.finish()?;
        match (organisation_code, name, status) {
            (Some(organisation_code), Some(name), Some(status)) => Ok(ValidService {
                organisation_code,
                name,
                description,
                status,
                categories,
                area_code,
                eligibility,
                languages,
                free: self.free,
                fees,
                email,
                url,
                hours,
                location_ids,
                locations,
                contacts,
            }),
            _ => Err(crate::Error::internal("validator passed with missing fields")),
        }
    }
}

/// The namespace of the directory's derived, stable ids (UUID v5): the
/// taxonomy, its terms, and the HSDS records that have no id of their own here.
pub const ID_NAMESPACE: Uuid = Uuid::from_u128(0x5a7a_a7a0_d1e5_4c7e_9b1a_0e3f_5e2c_1a6d);

/// A stable id derived from a name (UUID v5 in [`ID_NAMESPACE`]).
pub fn derived_id(name: &str) -> Uuid {
    Uuid::new_v5(&ID_NAMESPACE, name.as_bytes())
}

/// The id of the taxonomy of service categories.
pub fn taxonomy_id() -> Uuid {
    derived_id("taxonomy:service-category")
}

impl ServiceCategory {
    /// The stable HSDS taxonomy term id of the category (UUID v5 of its code).
    pub fn term_id(self) -> Uuid {
        derived_id(&format!("service-category:{}", self.as_str()))
    }
}

impl ServiceGroup {
    pub fn term_id(self) -> Uuid {
        derived_id(&format!("service-group:{}", self.as_str()))
    }
}

/// A service with what belongs to it, as stored.
#[derive(Debug, Clone)]
pub struct ServiceRecord {
    pub service: Service,
    pub contacts: Vec<ServiceContact>,
    pub places: Vec<ServicePlace>,
}

/// The whole directory (for the HSDS export and import).
#[derive(Debug, Clone, Default)]
pub struct DirectorySnapshot {
    pub organisations: Vec<crate::organisations::organisation::Organisation>,
    pub locations: Vec<Location>,
    pub services: Vec<ServiceRecord>,
}

/// What an HSDS import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DirectoryImportSummary {
    pub organisations: u64,
    /// Of which new.
    pub new_organisations: u64,
    pub locations: u64,
    pub services: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_a_group_and_groups_cover_the_taxonomy() {
        let total: usize = ServiceGroup::ALL.iter().map(|g| g.categories().count()).sum();
        assert_eq!(total, ServiceCategory::ALL.len());
        assert_eq!(ServiceCategory::Shelter.group(), ServiceGroup::Protection);
        assert_eq!(ServiceCategory::Banking.group(), ServiceGroup::Administrative);
        assert_eq!(ServiceGroup::Counselling.categories().count(), 5);
        for c in ServiceCategory::ALL {
            assert_eq!(c.as_str().parse::<ServiceCategory>(), Ok(*c));
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c:?}");
        }
    }

    #[test]
    fn term_ids_are_stable_and_distinct() {
        assert_eq!(ServiceCategory::Shelter.term_id(), ServiceCategory::Shelter.term_id());
        assert_eq!(ServiceCategory::Shelter.term_id().get_version_num(), 5);
        let mut ids: Vec<Uuid> = ServiceCategory::ALL.iter().map(|c| c.term_id()).collect();
        ids.extend(ServiceGroup::ALL.iter().map(|g| g.term_id()));
        ids.push(taxonomy_id());
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn hsds_status_values() {
        assert_eq!(ServiceStatus::TemporarilyClosed.hsds(), "temporarily closed");
        assert_eq!(ServiceStatus::from_hsds("temporarily closed"), Some(ServiceStatus::TemporarilyClosed));
        assert_eq!(ServiceStatus::from_hsds("active"), Some(ServiceStatus::Active));
        assert_eq!(ServiceStatus::from_hsds("closed"), None);
    }

    #[test]
    fn times_and_urls() {
        assert_eq!(parse_time("t", "8:00").map_err(|e| e.code), Err("invalid_time"));
        assert_eq!(parse_time("t", "08:00"), Ok("08:00".into()));
        assert_eq!(parse_time("t", "08:30:00+07:00"), Ok("08:30".into()));
        assert_eq!(parse_time("t", "25:00").map_err(|e| e.code), Err("invalid_time"));
        assert_eq!(
            parse_url("u", Some("https://sbmi.or.id/pengaduan")),
            Ok(Some("https://sbmi.or.id/pengaduan".into()))
        );
        assert!(parse_url("u", Some("sbmi.or.id")).is_err());
        assert!(parse_url("u", Some("https://nodot")).is_err());
        assert_eq!(parse_postal_code("p", Some("45611")), Ok(Some("45611".into())));
        assert!(parse_postal_code("p", Some("4561")).is_err());
    }

    #[test]
    fn a_new_service_reports_every_bad_field_by_its_path() {
        let input = NewService {
            organisation_code: "SBMI-CRB".into(),
            name: " ".into(),
            categories: vec!["shelter".into(), "spa".into()],
            languages: vec!["xx".into()],
            url: Some("not a url".into()),
            hours: vec![NewSchedule {
                days: vec!["monday".into()],
                opens_at: "16:00".into(),
                closes_at: "08:00".into(),
                note: None,
            }],
            locations: vec![NewLocation {
                name: "Kantor".into(),
                address: "Jl. Merdeka 1".into(),
                area_code: "32.09".into(),
                latitude: Some(-6.7),
                ..Default::default()
            }],
            contacts: vec![NewContact { phone: "12".into(), ..Default::default() }],
            ..Default::default()
        };
        let Err(crate::Error::Invalid(errors)) = input.validate() else {
            panic!("expected invalid");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "categories[1]",
                "languages[0]",
                "url",
                "hours[0].closes_at",
                "locations[0].longitude",
                "contacts[0].phone"
            ]
        );
        let none = NewService { organisation_code: "SBMI-CRB".into(), name: "Pengaduan".into(), ..Default::default() };
        let Err(crate::Error::Invalid(errors)) = none.validate() else {
            panic!("expected invalid");
        };
        assert_eq!(errors[0].field, "categories");
        assert_eq!(errors[0].code, "required");
    }

    #[test]
    fn a_valid_service() {
        let input = NewService {
            organisation_code: "sbmi-crb".into(),
            name: "Pengaduan kasus".into(),
            categories: vec!["complaint_filing".into(), "legal_aid".into(), "complaint_filing".into()],
            languages: vec!["id".into(), "jv".into()],
            free: true,
            hours: vec![NewSchedule {
                days: vec!["friday".into(), "monday".into()],
                opens_at: "08:00".into(),
                closes_at: "15:00".into(),
                note: None,
            }],
            ..Default::default()
        };
        let valid = input.validate().unwrap();
        assert_eq!(valid.organisation_code.as_str(), "SBMI-CRB");
        assert_eq!(valid.categories, [ServiceCategory::ComplaintFiling, ServiceCategory::LegalAid]);
        assert_eq!(valid.hours[0].days, [Weekday::Monday, Weekday::Friday]);
        assert_eq!(valid.status, ServiceStatus::Active);
    }
}
