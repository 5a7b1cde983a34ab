//! Hotline and remote counselling: calls and messages, anonymous unless
//! the caller agrees to be a registry person, what they were about and how
//! they ended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::community::activity::AttendeeSex;
use crate::error::{FieldError, Result, Validator};
use crate::text::optional_text;

code_list! {
    /// Labels: `hotline-channel-<code>`.
    HotlineChannel {
        PhoneHotline = "phone_hotline",
        Whatsapp = "whatsapp",
        SocialMedia = "social_media",
        Email = "email",
    }
}

code_list! {
    /// What the caller asked about. Labels: `hotline-topic-<code>`.
    HotlineTopic {
        SafeMigration = "safe_migration",
        Documents = "documents",
        LabourProblem = "labour_problem",
        Violence = "violence",
        Trafficking = "trafficking",
        LostContact = "lost_contact",
        Return = "return",
        Other = "other",
    }
}

code_list! {
    /// How the contact ended. Labels: `hotline-outcome-<code>`.
    HotlineOutcome {
        InformationGiven = "information_given",
        Counselling = "counselling",
        Referred = "referred",
        CaseOpened = "case_opened",
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHotlineContact {
    #[schema(value_type = crate::community::hotline::HotlineChannel)]
    pub channel: String,
    #[schema(value_type = crate::community::hotline::HotlineTopic)]
    pub topic: String,
    #[schema(value_type = crate::community::hotline::HotlineOutcome)]
    pub outcome: String,
    /// The caller, only when she agrees to be recorded (anonymous by default).
    pub person_id: Option<Uuid>,
    /// For an anonymous caller, if she says.
    #[schema(value_type = Option<crate::community::activity::AttendeeSex>)]
    pub caller_sex: Option<String>,
    /// For `case_opened`: the case (one the caller may read, of that person).
    pub case_id: Option<Uuid>,
    /// What was said and done, without names or numbers of anonymous callers.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HotlineContact {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub channel: HotlineChannel,
    pub topic: HotlineTopic,
    pub outcome: HotlineOutcome,
    #[schema(value_type = String)]
    pub district_code: AreaCode,
    /// The organisation that answered.
    pub organisation_id: Uuid,
    pub person_id: Option<Uuid>,
    pub person_name: Option<String>,
    pub caller_sex: Option<AttendeeSex>,
    pub case_id: Option<Uuid>,
    pub note: Option<String>,
    pub answered_by: Option<Uuid>,
}

#[derive(Debug)]
pub struct ValidContact {
    pub channel: HotlineChannel,
    pub topic: HotlineTopic,
    pub outcome: HotlineOutcome,
    pub caller_sex: Option<AttendeeSex>,
    pub note: Option<String>,
}

impl NewHotlineContact {
    pub fn validate(&self) -> Result<ValidContact> {
        let mut v = Validator::new();
        let channel = super::code(&mut v, "channel", &self.channel, HotlineChannel::parse);
        let topic = super::code(&mut v, "topic", &self.topic, HotlineTopic::parse);
        let outcome = super::code(&mut v, "outcome", &self.outcome, HotlineOutcome::parse);
        let caller_sex = self
            .caller_sex
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| v.check(AttendeeSex::parse("caller_sex", s)));
        let note = v.check(optional_text("note", self.note.as_deref(), 2000)).flatten();
        if outcome == Some(HotlineOutcome::CaseOpened) {
            if self.person_id.is_none() {
                v.push(FieldError::new("person_id", "required"));
            }
            if self.case_id.is_none() {
                v.push(FieldError::new("case_id", "required"));
            }
        } else if self.case_id.is_some() && outcome.is_some() {
            v.push(FieldError::new("case_id", "only_for_case_opened"));
        }
        v.finish()?;
        match (channel, topic, outcome) {
            (Some(channel), Some(topic), Some(outcome)) => {
                Ok(ValidContact { channel, topic, outcome, caller_sex, note })
            }
            _ => Err(crate::Error::invalid("channel", "required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_opened_names_her_and_the_case() {
        let c = NewHotlineContact {
            channel: "whatsapp".into(),
            topic: "labour_problem".into(),
            outcome: "case_opened".into(),
            ..Default::default()
        };
        let crate::Error::Invalid(errors) = c.validate().unwrap_err() else { panic!() };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["person_id", "case_id"]);
        let anonymous =
            NewHotlineContact { outcome: "information_given".into(), caller_sex: Some("female".into()), ..c };
        assert!(anonymous.validate().is_ok());
    }
}
