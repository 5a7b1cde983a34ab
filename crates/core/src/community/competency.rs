//! Local competency tests of migrant workers: sessions (occupation or
//! skill, training centre, assessor, date) and each candidate's result,
//! with the certificate number of those found competent.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Name};

code_list! {
    /// Labels: `competency-result-<code>`.
    CompetencyResult {
        Competent = "competent",
        NotYetCompetent = "not_yet_competent",
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCandidate {
    pub person_id: Uuid,
    #[schema(value_type = crate::community::competency::CompetencyResult)]
    pub result: String,
    /// For a competent candidate, if the certificate is issued.
    pub certificate_number: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCompetencyTest {
    /// `YYYY-MM-DD`, not in the future.
    pub date: String,
    /// The occupation or skill tested, e.g. "Caregiver (perawat lansia)".
    pub occupation: String,
    /// The training centre (LPK) where it was held.
    pub training_centre: String,
    pub assessor: String,
    #[serde(default)]
    pub candidates: Vec<NewCandidate>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Candidate {
    pub person_id: Uuid,
    /// Her name, for a reader who may see her.
    pub name: Option<String>,
    pub result: CompetencyResult,
    pub certificate_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CompetencyTest {
    pub id: Uuid,
    pub date: NaiveDate,
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    pub organisation_id: Uuid,
    pub occupation: String,
    pub training_centre: String,
    pub assessor: String,
    pub candidates: Vec<Candidate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct ValidTest {
    pub date: NaiveDate,
    pub occupation: String,
    pub training_centre: String,
    pub assessor: String,
    pub candidates: Vec<Candidate>,
}

impl NewCompetencyTest {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidTest> {
        let mut v = Validator::new();
        let date = super::past_date(&mut v, "date", &self.date, today);
        let occupation = v.check(Name::parse("occupation", &self.occupation)).map(Name::into_inner);
        let training_centre = v.check(Name::parse("training_centre", &self.training_centre)).map(Name::into_inner);
        let assessor = v.check(Name::parse("assessor", &self.assessor)).map(Name::into_inner);
        if self.candidates.is_empty() {
            v.push(FieldError::new("candidates", "required"));
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for (i, c) in self.candidates.iter().enumerate() {
            let field = |name: &str| format!("candidates[{i}].{name}");
            let result = super::code(&mut v, &field("result"), &c.result, CompetencyResult::parse);
            let certificate =
                v.check(optional_text(&field("certificate_number"), c.certificate_number.as_deref(), 60)).flatten();
            if certificate.is_some() && result == Some(CompetencyResult::NotYetCompetent) {
                v.push(FieldError::new(field("certificate_number"), "not_competent"));
            }
            if candidates.iter().any(|k| k.person_id == c.person_id) {
                v.push(FieldError::new(field("person_id"), "repeated"));
                continue;
            }
            if let Some(result) = result {
                candidates.push(Candidate {
                    person_id: c.person_id,
                    name: None,
                    result,
                    certificate_number: certificate,
                });
            }
        }
        v.finish()?;
        match (date, occupation, training_centre, assessor) {
            (Some(date), Some(occupation), Some(training_centre), Some(assessor)) => {
                Ok(ValidTest { date, occupation, training_centre, assessor, candidates })
            }
            _ => Err(crate::Error::invalid("date", "required")),
        }
    }
}
