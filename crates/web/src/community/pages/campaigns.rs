//! `/campaigns`: online campaigns with the reach the platforms reported,
//! and the form to record one.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::{AuthCheck, Permission};
use satuatap_core::community::activity::ActivityTopic;
use satuatap_core::community::campaign::{Campaign, CampaignPlatform, NewCampaign};
use satuatap_core::paging::PageRequest;
use satuatap_core::FieldError;
use serde::Deserialize;

use super::Villages;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct CampaignForm {
    #[serde(default)]
    platform: String,
    #[serde(default)]
    area_code: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    reach: String,
    #[serde(default)]
    women_reached: String,
    #[serde(default)]
    engagement: String,
}

impl CampaignForm {
    /// The input for the service, and the figures that are no number.
    fn input(&self) -> (NewCampaign, Vec<FieldError>) {
        let mut problems = Vec::new();
        let mut number = |field: &'static str, raw: &str| match some(raw) {
            None => None,
            Some(s) => match whole_number(&s) {
                Some(n) => Some(n),
                None => {
                    problems.push(FieldError::new(field, "invalid_count").with("value", s));
                    None
                }
            },
        };
        let reach = number("reach", &self.reach);
        let women_reached = number("women_reached", &self.women_reached);
        let engagement = number("engagement", &self.engagement);
        if reach.is_none() && some(&self.reach).is_none() {
            problems.push(FieldError::new("reach", "required"));
        }
        let input = NewCampaign {
            platform: self.platform.clone(),
            area_code: self.area_code.clone(),
            organiser_code: None,
            topic: self.topic.clone(),
            title: self.title.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            reach: reach.unwrap_or(0),
            women_reached,
            engagement,
        };
        (input, problems)
    }
}

/// A whole number as people write it: digits, thousands grouped by `.` or
/// `,` in threes (`3.400`, `3,400`) or not; `1.5` is no count.
fn whole_number(s: &str) -> Option<i64> {
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    let well_grouped = match groups.split_first() {
        Some((first, rest)) => (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3) || rest.is_empty(),
        None => false,
    };
    if !well_grouped || !groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_as_people_write_them() {
        for (raw, want) in [
            ("3400", Some(3400)),
            ("3.400", Some(3400)),
            ("1,000,000", Some(1_000_000)),
            ("1.5", None),
            ("12,34", None),
            ("", None),
            ("-3", None),
            ("1..000", None),
        ] {
            assert_eq!(super::whole_number(raw), want, "{raw}");
        }
    }
}

/// A campaign as the list shows it.
pub struct CampaignRow {
    title: String,
    platform: String,
    topic: String,
    period: String,
    place: String,
    organiser: String,
    reach: i64,
    women_reached: Option<i64>,
    engagement: Option<i64>,
}

#[derive(Template)]
#[template(path = "community/campaigns.html")]
struct CampaignsPage {
    ctx: PageCtx,
    rows: Vec<CampaignRow>,
    total: u64,
    platforms: Vec<Choice>,
    topics: Vec<Choice>,
    may_write: bool,
    f: CampaignForm,
    errors: Vec<String>,
}

async fn campaigns_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    mut f: CampaignForm,
    errors: Vec<String>,
) -> Result<CampaignsPage, AppError> {
    let list = state.app.campaigns(call, PageRequest::first(100)).await?;
    let places = Villages::of(state, list.items.iter().map(|c| &c.area_code)).await?;
    if f.area_code.is_empty() {
        f.area_code =
            call.actor.user().and_then(|u| u.home_area.regency()).map(|a| a.as_str().to_string()).unwrap_or_default();
    }
    let rows = list
        .items
        .iter()
        .map(|c: &Campaign| CampaignRow {
            title: c.title.clone(),
            platform: ctx.label("campaign-platform", c.platform.as_str()),
            topic: ctx.label("activity-topic", c.topic.as_str()),
            period: format!("{} – {}", c.starts_on, c.ends_on),
            place: places.name(&c.area_code),
            organiser: c.organiser_name.clone(),
            reach: c.reach,
            women_reached: c.women_reached,
            engagement: c.engagement,
        })
        .collect();
    Ok(CampaignsPage {
        rows,
        total: list.total,
        platforms: Choice::list(
            &ctx,
            "campaign-platform",
            CampaignPlatform::ALL.iter().map(|c| c.as_str()),
            &f.platform,
        ),
        topics: Choice::list(&ctx, "activity-topic", ActivityTopic::ALL.iter().map(|c| c.as_str()), &f.topic),
        may_write: AuthCheck::new(Permission::ActivitiesWrite).check(&call.actor).is_ok(),
        ctx,
        f,
        errors,
    })
}

/// `GET /campaigns`.
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&campaigns_page(&state, &call, ctx, CampaignForm::default(), Vec::new()).await?)
}

/// `POST /campaigns`: back to the list, or the form again with what was typed.
pub async fn record(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<CampaignForm>,
) -> Result<Response, AppError> {
    let (input, problems) = f.input();
    let errors = if problems.is_empty() {
        match state.app.record_campaign(&call, &input).await {
            Ok(_) => return Ok(Redirect::to("/campaigns").into_response()),
            Err(e) => field_errors(&state, &ctx, e)?,
        }
    } else {
        problems.iter().map(|e| crate::error::field_message(&state.i18n, ctx.lang, e)).collect()
    };
    render_again(&campaigns_page(&state, &call, ctx, f, errors).await?)
}
