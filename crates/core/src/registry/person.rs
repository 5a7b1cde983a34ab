//! People in the registry: migrant workers (prospective, abroad, returnee)
//! and their family members, registered once and shared under the roof.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::error::{FieldError, Result, Validator};
use crate::organisations::organisation::parse_phone;
use crate::registry::episode::MigrationStage;
use crate::registry::nik::{Nik, NikMismatch, NikSex};
use crate::text::{optional_text, Name};

code_list! {
    /// As recorded by the person. Labels: `sex-<code>`.
    Sex {
        Female = "female",
        Male = "male",
    }
}

code_list! {
    /// Labels: `marital-<code>`.
    MaritalStatus {
        Single = "single",
        Married = "married",
        Divorced = "divorced",
        Widowed = "widowed",
    }
}

code_list! {
    /// Highest level completed. Labels: `education-<code>`.
    Education {
        NoSchooling = "none",
        Primary = "primary",
        JuniorSecondary = "junior_secondary",
        SeniorSecondary = "senior_secondary",
        Diploma = "diploma",
        Bachelor = "bachelor",
        Postgraduate = "postgraduate",
    }
}

impl Sex {
    fn nik(self) -> NikSex {
        match self {
            Sex::Female => NikSex::Female,
            Sex::Male => NikSex::Male,
        }
    }
}

/// A registration as received (JSON names are the API's).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub full_name: String,
    #[serde(default)]
    pub other_names: Vec<String>,
    /// `female` or `male`.
    #[schema(value_type = crate::registry::person::Sex)]
    pub sex: String,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// When the birth date is not known.
    pub estimated_age: Option<i64>,
    pub nik: Option<String>,
    pub phone: Option<String>,
    /// Further phone numbers (family abroad, a second SIM).
    #[serde(default)]
    pub other_phones: Vec<String>,
    /// Kemendagri village code, e.g. `32.09.01.2008`.
    pub village_code: Option<String>,
    pub address: Option<String>,
    #[schema(value_type = Option<crate::registry::person::MaritalStatus>)]
    pub marital_status: Option<String>,
    #[schema(value_type = Option<crate::registry::person::Education>)]
    pub education: Option<String>,
    pub disability: Option<String>,
    pub note: Option<String>,
    /// Register her as known only through restricted work (a survivor):
    /// nobody outside need-to-know learns she exists until she consents to
    /// be known to them. Always so when a crisis centre registers.
    #[serde(default)]
    pub confidential: bool,
}

/// A registration whose fields are valid in themselves.
#[derive(Debug, Clone)]
pub struct ValidPerson {
    pub full_name: String,
    pub other_names: Vec<String>,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub estimated_age: Option<i32>,
    pub nik: Option<Nik>,
    pub phone: Option<String>,
    pub other_phones: Vec<String>,
    pub village_code: Option<AreaCode>,
    pub address: Option<String>,
    pub marital_status: Option<MaritalStatus>,
    pub education: Option<Education>,
    pub disability: Option<String>,
    pub note: Option<String>,
    /// NIK disagreements with the sex or birth date (warnings).
    pub warnings: Vec<NikMismatch>,
}

fn optional_code<T>(
    v: &mut Validator,
    raw: &Option<String>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Option<T> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => v.check(parse(s)),
    }
}

impl NewPerson {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPerson> {
        let mut v = Validator::new();
        let full_name = v.check(Name::parse("full_name", &self.full_name)).map(Name::into_inner);
        let mut other_names = Vec::new();
        for (i, n) in self.other_names.iter().enumerate().filter(|(_, n)| !n.trim().is_empty()) {
            if let Some(n) = v.check(Name::parse(&format!("other_names[{i}]"), n)) {
                other_names.push(n.into_inner());
            }
        }
        let sex = v.check(Sex::parse("sex", &self.sex).map_err(|e| {
            if self.sex.trim().is_empty() {
                FieldError::new("sex", "required")
            } else {
                e
            }
        }));
        let birth_date = optional_code(&mut v, &self.birth_date, |s| {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| FieldError::new("birth_date", "invalid_date").with("value", s))?;
            if d > today {
                return Err(FieldError::new("birth_date", "future_date"));
            }
            if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(d) {
                return Err(FieldError::new("birth_date", "too_old"));
            }
            Ok(d)
        });
        let estimated_age = match self.estimated_age {
            Some(a) if !(0..=120).contains(&a) => {
                v.push(FieldError::new("estimated_age", "out_of_range").with("min", 0).with("max", 120));
                None
            }
            Some(a) => i32::try_from(a).ok(),
            None => None,
        };
        let nik = optional_code(&mut v, &self.nik, |s| Nik::parse("nik", s, today));
        let phone = v.check(parse_phone("phone", self.phone.as_deref())).flatten();
        let mut other_phones: Vec<String> = Vec::new();
        for (i, raw) in self.other_phones.iter().enumerate().filter(|(_, r)| !r.trim().is_empty()) {
            if let Some(p) = v.check(parse_phone(&format!("other_phones[{i}]"), Some(raw))).flatten() {
                if phone.as_ref() != Some(&p) && !other_phones.contains(&p) {
                    other_phones.push(p);
                }
            }
        }
        let village_code = optional_code(&mut v, &self.village_code, |s| {
            let c = AreaCode::parse("village_code", s)?;
            if c.level() != crate::areas::area::AreaLevel::Village {
                return Err(FieldError::new("village_code", "village_required"));
            }
            Ok(c)
        });
        let address = v.check(optional_text("address", self.address.as_deref(), 500)).flatten();
        let marital_status = optional_code(&mut v, &self.marital_status, |s| MaritalStatus::parse("marital_status", s));
        let education = optional_code(&mut v, &self.education, |s| Education::parse("education", s));
        let disability = v.check(optional_text("disability", self.disability.as_deref(), 200)).flatten();
        let note = v.check(optional_text("note", self.note.as_deref(), 2000)).flatten();
        v.finish()?;
        let (Some(full_name), Some(sex)) = (full_name, sex) else {
            return Err(crate::Error::internal("validator passed with missing fields"));
        };
        let warnings = nik.as_ref().map(|n| n.mismatches(Some(sex.nik()), birth_date)).unwrap_or_default();
        Ok(ValidPerson {
            full_name,
            other_names,
            sex,
            birth_date,
            estimated_age,
            nik,
            phone,
            other_phones,
            village_code,
            address,
            marital_status,
            education,
            disability,
            note,
            warnings,
        })
    }
}

/// A person as stored and shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Person {
    pub id: Uuid,
    pub full_name: String,
    pub other_names: Vec<String>,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub estimated_age: Option<i32>,
    pub nik: Option<String>,
    pub phone: Option<String>,
    pub other_phones: Vec<String>,
    #[schema(value_type = Option<String>)]
    pub village_code: Option<AreaCode>,
    pub address: Option<String>,
    pub marital_status: Option<MaritalStatus>,
    pub education: Option<Education>,
    pub disability: Option<String>,
    pub note: Option<String>,
    /// The regency the record belongs to (for district scopes).
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    pub registered_by_organisation: Uuid,
    pub registered_by: Option<Uuid>,
    /// The stage of the latest migration episode (or `family_member`).
    pub stage: Option<MigrationStage>,
    pub household_id: Option<Uuid>,
    /// Set when this record was merged into another: read that one.
    pub merged_into: Option<Uuid>,
    /// Known to the roof only through restricted work: need-to-know herself
    /// (her registrar, her organisation's supervisors, her restricted cases'
    /// people, and organisations she consented to share with).
    pub confidential: bool,
    /// True when identifying details (NIK, phone, birth date, address,
    /// note) are withheld: the reader is outside the registering
    /// organisation and the person has not consented to share with it.
    pub withheld: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Person {
    /// Age in whole years on `date`: from the birth date, else the estimated
    /// age as recorded (at registration).
    pub fn age_on(&self, date: NaiveDate) -> Option<i32> {
        match self.birth_date {
            Some(b) => {
                let years = date.years_since(b)?;
                i32::try_from(years).ok()
            }
            None => self.estimated_age,
        }
    }

    /// A new record from a valid registration, in `district_code`,
    /// registered by an organisation (and a user).
    pub fn registered(valid: ValidPerson, district_code: AreaCode, organisation: Uuid, by: Option<Uuid>) -> Self {
        let now = Utc::now();
        Person {
            id: Uuid::now_v7(),
            full_name: valid.full_name,
            other_names: valid.other_names,
            sex: valid.sex,
            birth_date: valid.birth_date,
            estimated_age: valid.estimated_age,
            nik: valid.nik.map(|n| n.as_str().to_string()),
            phone: valid.phone,
            other_phones: valid.other_phones,
            village_code: valid.village_code,
            address: valid.address,
            marital_status: valid.marital_status,
            education: valid.education,
            disability: valid.disability,
            note: valid.note,
            district_code,
            registered_by_organisation: organisation,
            registered_by: by,
            stage: None,
            household_id: None,
            merged_into: None,
            confidential: false,
            withheld: false,
            created_at: now,
            updated_at: now,
        }
    }

    /// Takes what `other` (a duplicate being merged into this record) knows
    /// and this one does not: empty fields are filled, other names gain the
    /// duplicate's names. Returns the names of the fields filled and of
    /// those where both records disagree (the duplicate keeps its values).
    pub fn absorb(&mut self, other: &Person) -> (Vec<&'static str>, Vec<&'static str>) {
        let mut filled = Vec::new();
        let mut differing = Vec::new();
        macro_rules! take {
            ($($field:ident),+) => {$(
                match (&self.$field, &other.$field) {
                    (None, Some(v)) => {
                        self.$field = Some(v.clone());
                        filled.push(stringify!($field));
                    }
                    (Some(a), Some(b)) if a != b => differing.push(stringify!($field)),
                    _ => {}
                }
            )+};
        }
        take!(
            birth_date,
            estimated_age,
            nik,
            village_code,
            address,
            marital_status,
            education,
            disability,
            note,
            stage,
            household_id
        );
        if self.sex != other.sex {
            differing.push("sex");
        }
        for phone in other.phone.iter().chain(other.other_phones.iter()) {
            if self.phone.as_ref() != Some(phone) && !self.other_phones.contains(phone) {
                if self.phone.is_none() {
                    self.phone = Some(phone.clone());
                    filled.push("phone");
                } else {
                    self.other_phones.push(phone.clone());
                    if !filled.contains(&"other_phones") {
                        filled.push("other_phones");
                    }
                }
            }
        }
        let known = |names: &[String], n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
        for name in std::iter::once(&other.full_name).chain(other.other_names.iter()) {
            if !name.eq_ignore_ascii_case(&self.full_name) && !known(&self.other_names, name) {
                self.other_names.push(name.clone());
                if !filled.contains(&"other_names") {
                    filled.push("other_names");
                }
            }
        }
        (filled, differing)
    }

    /// This record as a reader without her consent sees it: name, sex,
    /// village, stage and who registered her; nothing else.
    pub fn withholding(mut self) -> Self {
        self.other_names.clear();
        self.birth_date = None;
        self.estimated_age = None;
        self.nik = None;
        self.phone = None;
        self.other_phones.clear();
        self.address = None;
        self.marital_status = None;
        self.education = None;
        self.disability = None;
        self.note = None;
        self.registered_by = None;
        self.household_id = None;
        self.withheld = true;
        self
    }

    /// The facts that decide who may see her.
    pub fn subject(&self) -> crate::access::PersonSubject<'_> {
        crate::access::PersonSubject {
            district_code: &self.district_code,
            village_code: self.village_code.as_ref(),
            registered_by_organisation: self.registered_by_organisation,
            registered_by: self.registered_by,
            confidential: self.confidential,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn every_bad_field_is_named() {
        let p = NewPerson {
            full_name: "".into(),
            sex: "other".into(),
            birth_date: Some("2030-01-01".into()),
            estimated_age: Some(300),
            nik: Some("3209153102900001".into()),
            village_code: Some("32.09".into()),
            ..Default::default()
        };
        let Err(crate::Error::Invalid(errors)) = p.validate(today()) else { panic!("expected invalid") };
        let got: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("full_name", "required"),
                ("sex", "unknown_code"),
                ("birth_date", "future_date"),
                ("estimated_age", "out_of_range"),
                ("nik", "nik_date"),
                ("village_code", "village_required"),
            ]
        );
    }

    #[test]
    fn nik_disagreement_is_a_warning() {
        let p = NewPerson {
            full_name: "Siti Aminah".into(),
            sex: "male".into(),
            birth_date: Some("1990-03-12".into()),
            nik: Some("3209155203900001".into()),
            ..Default::default()
        };
        let v = p.validate(today()).unwrap();
        assert_eq!(v.warnings, [NikMismatch::Sex]);
    }
}
