//! Online campaigns: a post series, a page or a video on a platform over a
//! period, with the reach and engagement the platform reports (and, when it
//! reports them by sex, the women reached).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::community::activity::ActivityTopic;
use crate::error::{FieldError, Result, Validator};
use crate::text::{Code, Name};

code_list! {
    /// Labels: `campaign-platform-<code>`.
    CampaignPlatform {
        Facebook = "facebook",
        Instagram = "instagram",
        Tiktok = "tiktok",
        Youtube = "youtube",
        Whatsapp = "whatsapp",
        X = "x",
        Website = "website",
        Other = "other",
    }
}

/// The most reach (or engagement) one campaign may report.
pub const MOST_REACHED: i64 = 100_000_000;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    #[schema(value_type = crate::community::campaign::CampaignPlatform)]
    pub platform: String,
    /// The district (or village) the campaign is for, within the caller's area.
    pub area_code: String,
    /// Code of the organising organisation; the caller's own when omitted.
    pub organiser_code: Option<String>,
    #[schema(value_type = crate::community::activity::ActivityTopic)]
    pub topic: String,
    pub title: String,
    /// `YYYY-MM-DD`, not in the future.
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on` and not in the future (the figures are of a past period).
    pub ends_on: String,
    /// Accounts reached, as the platform reports it (0 to 100,000,000).
    pub reach: i64,
    /// Of them, women (when the platform reports reach by sex).
    pub women_reached: Option<i64>,
    /// Reactions, comments, shares and replies, as reported.
    pub engagement: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: Uuid,
    pub platform: CampaignPlatform,
    #[schema(value_type = String)]
    pub area_code: AreaCode,
    pub organiser_id: Uuid,
    pub organiser_name: String,
    pub topic: ActivityTopic,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub reach: i64,
    pub women_reached: Option<i64>,
    pub engagement: Option<i64>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct ValidCampaign {
    pub platform: CampaignPlatform,
    pub area_code: AreaCode,
    pub organiser_code: Option<Code>,
    pub topic: ActivityTopic,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub reach: i64,
    pub women_reached: Option<i64>,
    pub engagement: Option<i64>,
}

fn figure(v: &mut Validator, field: &str, raw: i64) -> Option<i64> {
    if (0..=MOST_REACHED).contains(&raw) {
        Some(raw)
    } else {
        v.push(FieldError::new(field, "out_of_range").with("min", 0).with("max", MOST_REACHED).with("value", raw));
        None
    }
}

impl NewCampaign {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidCampaign> {
        let mut v = Validator::new();
        let platform = super::code(&mut v, "platform", &self.platform, CampaignPlatform::parse);
        let area_code = super::code(&mut v, "area_code", &self.area_code, AreaCode::parse);
        let organiser_code = self
            .organiser_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .and_then(|s| v.check(Code::parse("organiser_code", s)));
        let topic = super::code(&mut v, "topic", &self.topic, ActivityTopic::parse);
        let title = v.check(Name::parse("title", &self.title)).map(Name::into_inner);
        let starts_on = super::past_date(&mut v, "starts_on", &self.starts_on, today);
        let ends_on = super::past_date(&mut v, "ends_on", &self.ends_on, today);
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                v.push(FieldError::new("ends_on", "before_start").with("start", s));
            }
        }
        let reach = figure(&mut v, "reach", self.reach);
        let women_reached = self.women_reached.and_then(|w| figure(&mut v, "women_reached", w));
        if let (Some(w), Some(r)) = (women_reached, reach) {
            if w > r {
                v.push(FieldError::new("women_reached", "more_than_reach").with("reach", r).with("value", w));
            }
        }
        let engagement = self.engagement.and_then(|e| figure(&mut v, "engagement", e));
        v.finish()?;
        match (platform, area_code, topic, title, starts_on, ends_on, reach) {
            (
                Some(platform),
                Some(area_code),
                Some(topic),
                Some(title),
                Some(starts_on),
                Some(ends_on),
                Some(reach),
            ) => Ok(ValidCampaign {
                platform,
                area_code,
                organiser_code,
                topic,
                title,
                starts_on,
                ends_on,
                reach,
                women_reached,
                engagement,
            }),
            _ => Err(crate::Error::invalid("platform", "required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn every_bad_field_is_named() {
        let c = NewCampaign {
            platform: "myspace".into(),
            area_code: "32.09".into(),
            topic: "safe_migration".into(),
            title: "Migrasi aman".into(),
            starts_on: "2026-05-10".into(),
            ends_on: "2026-05-01".into(),
            reach: 1000,
            women_reached: Some(1200),
            engagement: Some(-1),
            ..Default::default()
        };
        let crate::Error::Invalid(errors) = c.validate(today()).unwrap_err() else { panic!() };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("platform", "unknown_code"),
                ("ends_on", "before_start"),
                ("women_reached", "more_than_reach"),
                ("engagement", "out_of_range")
            ]
        );
        let fine = NewCampaign {
            platform: "tiktok".into(),
            ends_on: "2026-05-31".into(),
            women_reached: Some(800),
            engagement: None,
            ..c
        };
        let v = fine.validate(today()).map(|v| (v.reach, v.women_reached)).map_err(|e| e.code());
        assert_eq!(v, Ok((1000, Some(800))));
        let future = NewCampaign { ends_on: "2026-06-02".into(), ..fine };
        assert_eq!(future.validate(today()).unwrap_err().code(), "future_date");
    }
}
