//! Consent per purpose: given or withdrawn, with the method and who recorded
//! it. A withdrawal stops new sharing from that moment.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Code};

code_list! {
    /// Labels: `consent-purpose-<code>`.
    ConsentPurpose {
        Services = "services",
        ShareWithPartners = "share_with_partners",
        Referral = "referral",
        Reporting = "reporting",
        Contact = "contact",
    }
}

code_list! {
    /// Labels: `consent-status-<code>`.
    ConsentStatus {
        Given = "given",
        Withdrawn = "withdrawn",
    }
}

code_list! {
    /// Labels: `consent-method-<code>`.
    ConsentMethod {
        Verbal = "verbal",
        Written = "written",
        Thumbprint = "thumbprint",
    }
}

impl ConsentPurpose {
    /// Sharing and referral consents name the organisation they cover.
    pub fn names_organisation(self) -> bool {
        matches!(self, ConsentPurpose::ShareWithPartners | ConsentPurpose::Referral)
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsent {
    /// `services`, `share_with_partners`, `referral`, `reporting`, `contact`.
    #[schema(value_type = crate::registry::consent::ConsentPurpose)]
    pub purpose: String,
    /// `given` or `withdrawn`.
    #[schema(value_type = crate::registry::consent::ConsentStatus)]
    pub status: String,
    /// `verbal`, `written` or `thumbprint`.
    #[schema(value_type = crate::registry::consent::ConsentMethod)]
    pub method: String,
    /// `YYYY-MM-DD`; default today.
    pub date: Option<String>,
    /// For `share_with_partners` and `referral`: the organisation it covers.
    pub organisation_code: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ValidConsent {
    pub purpose: ConsentPurpose,
    pub status: ConsentStatus,
    pub method: ConsentMethod,
    pub date: NaiveDate,
    pub organisation_code: Option<Code>,
    pub note: Option<String>,
}

impl NewConsent {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidConsent> {
        let mut v = Validator::new();
        let purpose = v.check(ConsentPurpose::parse("purpose", &self.purpose));
        let status = v.check(ConsentStatus::parse("status", &self.status));
        let method = v.check(ConsentMethod::parse("method", &self.method));
        let date = match self.date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(today),
            Some(s) => v.check(
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| FieldError::new("date", "invalid_date").with("value", s))
                    .and_then(|d| if d > today { Err(FieldError::new("date", "future_date")) } else { Ok(d) }),
            ),
        };
        let organisation_code = match self.organisation_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => v.check(Code::parse("organisation_code", c)),
        };
        if purpose.is_some_and(ConsentPurpose::names_organisation)
            && organisation_code.is_none()
            && self.organisation_code.is_none()
        {
            v.push(FieldError::new("organisation_code", "required"));
        }
        let note = v.check(optional_text("note", self.note.as_deref(), 500)).flatten();
        v.finish()?;
        match (purpose, status, method, date) {
            (Some(purpose), Some(status), Some(method), Some(date)) => {
                Ok(ValidConsent { purpose, status, method, date, organisation_code, note })
            }
            _ => Err(crate::Error::internal("validator passed with missing fields")),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Consent {
    pub id: Uuid,
    pub person_id: Uuid,
    pub purpose: ConsentPurpose,
    pub status: ConsentStatus,
    pub method: ConsentMethod,
    pub date: NaiveDate,
    /// The organisation a sharing or referral consent covers.
    pub organisation_id: Option<Uuid>,
    pub note: Option<String>,
    pub recorded_by: Option<Uuid>,
    pub recorded_by_organisation: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Whether a purpose (for an organisation) is consented now: the latest
/// record for it decides.
pub fn in_force(history: &[Consent], purpose: ConsentPurpose, organisation: Option<Uuid>) -> bool {
    given_in_force(history, purpose, organisation).is_some()
}

/// The consent that is in force for a purpose (for an organisation): the
/// latest record for it, when it gives consent.
pub fn given_in_force(history: &[Consent], purpose: ConsentPurpose, organisation: Option<Uuid>) -> Option<&Consent> {
    history
        .iter()
        .filter(|c| c.purpose == purpose && c.organisation_id == organisation)
        .max_by_key(|c| (c.date, c.created_at))
        .filter(|c| c.status == ConsentStatus::Given)
}
