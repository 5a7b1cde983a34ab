//! Activities with attendance: village task-force meetings, information
//! sessions and walk-in consultation days of the village information
//! centre, outreach events, trainings of migrant workers and of
//! stakeholders, and meetings of the district's Tripartite Plus Forum. Each
//! counts who came by sex and age group (or by kind of participant), names
//! attendees only when they agree, and may carry a pre/post score.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Code, Name};

code_list! {
    /// Labels: `activity-kind-<code>`.
    ActivityKind {
        TaskForceMeeting = "task_force_meeting",
        InfoSession = "info_session",
        Consultations = "consultations",
        OutreachEvent = "outreach_event",
        Training = "training",
        ForumMeeting = "forum_meeting",
    }
}

code_list! {
    /// What an information session, an outreach event or a training is
    /// about. Labels: `activity-topic-<code>`.
    ActivityTopic {
        SafeMigration = "safe_migration",
        GenderEquality = "gender_equality",
        EndingViolence = "ending_violence",
        TraffickingPrevention = "trafficking_prevention",
        LabourRights = "labour_rights",
        Reintegration = "reintegration",
        PreDeparture = "pre_departure",
        Skills = "skills",
        FinancialLiteracy = "financial_literacy",
        Leadership = "leadership",
        CaseManagement = "case_management",
        Other = "other",
    }
}

code_list! {
    /// Age groups of the reports (code lists). Labels: `age-group-<code>`.
    AgeGroup {
        Under15 = "0_14",
        From15 = "15_17",
        From18 = "18_24",
        From25 = "25_34",
        From35 = "35_44",
        From45 = "45_59",
        From60 = "60_plus",
        Unknown = "unknown",
    }
}

code_list! {
    /// Who took part, for trainings of stakeholders and forum meetings.
    /// Labels: `participant-<code>`.
    ParticipantKind {
        MigrantWorkers = "migrant_workers",
        Community = "community",
        DistrictOfficials = "district_officials",
        VillageOfficers = "village_officers",
        TaskForces = "task_forces",
        Police = "police",
        HealthWorkers = "health_workers",
        UnionOrganisers = "union_organisers",
        CrisisCentreStaff = "crisis_centre_staff",
        EmployersAgencies = "employers_agencies",
        Other = "other",
    }
}

code_list! {
    /// Labels: `sex-<code>` (the registry's).
    AttendeeSex {
        Female = "female",
        Male = "male",
    }
}

/// The most any one count may be.
pub const MOST_ATTENDING: i64 = 100_000;

/// One cell of the attendance: how many of this sex, age group and kind.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAttendance {
    #[schema(value_type = crate::community::activity::AttendeeSex)]
    pub sex: String,
    #[schema(value_type = Option<crate::community::activity::AgeGroup>)]
    pub age_group: Option<String>,
    #[schema(value_type = Option<crate::community::activity::ParticipantKind>)]
    pub participant: Option<String>,
    /// 0 to 100,000.
    pub count: i64,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    #[schema(value_type = crate::community::activity::ActivityKind)]
    pub kind: String,
    /// `YYYY-MM-DD`, not in the future.
    pub date: String,
    /// Where: a village, or a district (a code within the caller's area).
    pub area_code: String,
    /// Code of the organising organisation; the caller's own when omitted.
    pub organiser_code: Option<String>,
    #[schema(value_type = Option<crate::community::activity::ActivityTopic>)]
    pub topic: Option<String>,
    /// A short title, e.g. "Sosialisasi migrasi aman di balai desa".
    pub title: String,
    pub notes: Option<String>,
    #[serde(default)]
    pub attendance: Vec<NewAttendance>,
    /// Attendees named with their agreement (registry people).
    #[serde(default)]
    pub people: Vec<Uuid>,
    /// Average score before and after a training, 0 to 100.
    pub pre_score: Option<f64>,
    pub post_score: Option<f64>,
    /// What was agreed to do next.
    pub follow_up: Option<String>,
}

/// A counted cell, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Attendance {
    pub sex: AttendeeSex,
    pub age_group: Option<AgeGroup>,
    pub participant: Option<ParticipantKind>,
    pub count: i64,
}

#[derive(Debug, Clone)]
pub struct ValidActivity {
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub area_code: AreaCode,
    pub organiser_code: Option<Code>,
    pub topic: Option<ActivityTopic>,
    pub title: String,
    pub notes: Option<String>,
    pub attendance: Vec<Attendance>,
    pub people: Vec<Uuid>,
    pub pre_score: Option<f64>,
    pub post_score: Option<f64>,
    pub follow_up: Option<String>,
}

fn score(v: &mut Validator, field: &str, raw: Option<f64>) -> Option<f64> {
    let s = raw?;
    if !(0.0..=100.0).contains(&s) || s.is_nan() {
        v.push(FieldError::new(field, "out_of_range").with("min", 0).with("max", 100).with("value", s));
        return None;
    }
    Some(s)
}

impl NewActivity {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidActivity> {
        let mut v = Validator::new();
        let kind = v.check(ActivityKind::parse("kind", &self.kind));
        let date = super::past_date(&mut v, "date", &self.date, today);
        let area_code = v.check(AreaCode::parse("area_code", &self.area_code));
        let organiser_code = self
            .organiser_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| v.check(Code::parse("organiser_code", s)));
        let topic = self
            .topic
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| v.check(ActivityTopic::parse("topic", s)));
        if topic.is_none()
            && self.topic.as_deref().is_none_or(|s| s.trim().is_empty())
            && matches!(kind, Some(ActivityKind::OutreachEvent | ActivityKind::Training | ActivityKind::InfoSession))
        {
            v.push(FieldError::new("topic", "required"));
        }
        let title = v.check(Name::parse("title", &self.title)).map(Name::into_inner);
        let notes = v.check(optional_text("notes", self.notes.as_deref(), 4000)).flatten();
        let follow_up = v.check(optional_text("follow_up", self.follow_up.as_deref(), 2000)).flatten();
        let mut attendance: Vec<Attendance> = Vec::new();
        for (i, a) in self.attendance.iter().enumerate() {
            let field = |name: &str| format!("attendance[{i}].{name}");
            let sex = v.check(AttendeeSex::parse(&field("sex"), &a.sex));
            let age_group = a
                .age_group
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .and_then(|s| v.check(AgeGroup::parse(&field("age_group"), s)));
            let participant = a
                .participant
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .and_then(|s| v.check(ParticipantKind::parse(&field("participant"), s)));
            if !(0..=MOST_ATTENDING).contains(&a.count) {
                v.push(
                    FieldError::new(field("count"), "out_of_range")
                        .with("min", 0)
                        .with("max", MOST_ATTENDING)
                        .with("value", a.count),
                );
                continue;
            }
            let Some(sex) = sex else { continue };
            let cell = Attendance { sex, age_group, participant, count: a.count };
            if attendance.iter().any(|c| (c.sex, c.age_group, c.participant) == (sex, age_group, participant)) {
                v.push(FieldError::new(field("sex"), "repeated"));
                continue;
            }
            if a.count > 0 {
                attendance.push(cell);
            }
        }
        if attendance.iter().map(|a| a.count).sum::<i64>() > MOST_ATTENDING {
            v.push(
                FieldError::new("attendance", "out_of_range")
                    .with("min", 0)
                    .with("max", MOST_ATTENDING)
                    .with("value", attendance.iter().map(|a| a.count).sum::<i64>()),
            );
        }
        let mut people = Vec::new();
        for p in &self.people {
            if !people.contains(p) {
                people.push(*p);
            }
        }
        let pre_score = score(&mut v, "pre_score", self.pre_score);
        let post_score = score(&mut v, "post_score", self.post_score);
        v.finish()?;
        match (kind, date, area_code, title) {
            (Some(kind), Some(date), Some(area_code), Some(title)) => Ok(ValidActivity {
                kind,
                date,
                area_code,
                organiser_code,
                topic,
                title,
                notes,
                attendance,
                people,
                pre_score,
                post_score,
                follow_up,
            }),
            _ => Err(crate::Error::invalid("kind", "required")),
        }
    }
}

/// An attendee named with her agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Attendee {
    pub person_id: Uuid,
    /// Her name, filled in for a reader who may see her.
    pub name: String,
}

/// A stored activity.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: Uuid,
    pub kind: ActivityKind,
    pub date: NaiveDate,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub organiser_id: Uuid,
    pub organiser_name: String,
    pub topic: Option<ActivityTopic>,
    pub title: String,
    pub notes: Option<String>,
    pub follow_up: Option<String>,
    pub attendance: Vec<Attendance>,
    /// Everyone counted.
    pub total: i64,
    /// Women counted.
    pub women: i64,
    /// Named attendees the reader may see.
    pub people: Vec<Attendee>,
    pub pre_score: Option<f64>,
    pub post_score: Option<f64>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl Activity {
    /// Fills the totals from the attendance.
    pub fn with_totals(mut self) -> Self {
        self.total = self.attendance.iter().map(|a| a.count).sum();
        self.women = self.attendance.iter().filter(|a| a.sex == AttendeeSex::Female).map(|a| a.count).sum();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    fn cell(sex: &str, age: &str, count: i64) -> NewAttendance {
        NewAttendance { sex: sex.into(), age_group: Some(age.into()), participant: None, count }
    }

    #[test]
    fn attendance_is_counted_by_sex_and_age_group() {
        let a = NewActivity {
            kind: "outreach_event".into(),
            date: "2026-05-30".into(),
            area_code: "32.09.30.2001".into(),
            topic: Some("safe_migration".into()),
            title: "Sosialisasi migrasi aman".into(),
            attendance: vec![cell("female", "18_24", 30), cell("female", "25_34", 12), cell("male", "18_24", 0)],
            ..Default::default()
        };
        let v = a.validate(today()).unwrap();
        assert_eq!(v.attendance.len(), 2, "zero cells are not kept");
        let activity = Activity {
            id: Uuid::nil(),
            kind: v.kind,
            date: v.date,
            area_code: v.area_code,
            organiser_id: Uuid::nil(),
            organiser_name: String::new(),
            topic: v.topic,
            title: v.title,
            notes: None,
            follow_up: None,
            attendance: v.attendance,
            total: 0,
            women: 0,
            people: Vec::new(),
            pre_score: None,
            post_score: None,
            created_by: None,
            created_at: Utc::now(),
        }
        .with_totals();
        assert_eq!((activity.total, activity.women), (42, 42));
    }

    #[test]
    fn every_bad_field_is_named() {
        let a = NewActivity {
            kind: "party".into(),
            date: "2026-07-01".into(),
            area_code: "32".into(),
            title: " ".into(),
            attendance: vec![cell("female", "18_24", -1), cell("other", "18_24", 5), cell("male", "teen", 100_001)],
            pre_score: Some(120.0),
            ..Default::default()
        };
        let crate::Error::Invalid(errors) = a.validate(today()).unwrap_err() else { panic!() };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("kind", "unknown_code"),
                ("date", "future_date"),
                ("title", "required"),
                ("attendance[0].count", "out_of_range"),
                ("attendance[1].sex", "unknown_code"),
                ("attendance[2].age_group", "unknown_code"),
                ("attendance[2].count", "out_of_range"),
                ("pre_score", "out_of_range"),
            ]
        );
        let twice = NewActivity {
            kind: "info_session".into(),
            date: "2026-05-01".into(),
            area_code: "32.09.30.2001".into(),
            topic: Some("safe_migration".into()),
            title: "x".into(),
            attendance: vec![cell("female", "18_24", 1), cell("female", "18_24", 2)],
            ..Default::default()
        };
        assert_eq!(twice.validate(today()).unwrap_err().code(), "repeated");
        let no_topic = NewActivity { topic: None, attendance: vec![], ..twice };
        assert_eq!(no_topic.validate(today()).unwrap_err().code(), "required");
    }
}
