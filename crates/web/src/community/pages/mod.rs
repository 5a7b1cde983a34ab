pub(crate) mod activities;
pub(crate) mod campaigns;
pub(crate) mod competency;
pub(crate) mod forum;
pub(crate) mod home;
pub(crate) mod hotline;
pub(crate) mod memberships;
pub(crate) mod notices;
pub(crate) mod registrations;
pub(crate) mod roster;
pub(crate) mod warnings;

use satuatap_core::community::notice::Notice;
use satuatap_core::community::registration::Registration;
use satuatap_core::community::warning::Warning;
use uuid::Uuid;

use std::collections::HashMap;

use satuatap_core::areas::area::AreaCode;

use crate::error::AppError;
use crate::page::{local_time, PageCtx};
use crate::state::AppState;

/// The day something ended, as a form sends it (a task-force member, a forum member).
#[derive(serde::Deserialize, Default)]
pub struct EndForm {
    #[serde(default)]
    pub date: String,
}

/// Village names by code, for the rows of a page.
pub struct Villages(HashMap<AreaCode, String>);

impl Villages {
    pub async fn of<'a>(state: &AppState, codes: impl IntoIterator<Item = &'a AreaCode>) -> Result<Self, AppError> {
        let codes: Vec<AreaCode> = codes.into_iter().cloned().collect();
        Ok(Villages(state.app.area_names(&codes).await?))
    }

    /// Its name, or its code when the name is not known.
    pub fn name(&self, code: &AreaCode) -> String {
        self.0.get(code).cloned().unwrap_or_else(|| code.as_str().to_string())
    }
}

/// A registration as a list shows it.
pub struct RegistrationRow {
    pub id: Uuid,
    pub person: Option<String>,
    pub village: String,
    pub destination: String,
    pub status: String,
    pub status_code: &'static str,
    pub created: String,
}

impl RegistrationRow {
    pub fn new(ctx: &PageCtx, zone: chrono_tz::Tz, r: &Registration, villages: &Villages) -> Self {
        RegistrationRow {
            id: r.id,
            person: r.person_name.clone(),
            village: villages.name(&r.village_code),
            destination: country(ctx, r.destination.as_str()),
            status: ctx.label("registration-status", r.status.as_str()),
            status_code: r.status.as_str(),
            created: local_time(ctx, zone, r.created_at),
        }
    }
}

/// A departure or a return as a list shows it.
pub struct NoticeRow {
    pub person_id: Uuid,
    pub person: Option<String>,
    pub kind: String,
    pub date: String,
    pub country: String,
    pub detail: String,
}

impl NoticeRow {
    pub fn new(ctx: &PageCtx, n: &Notice) -> Self {
        let detail = match (n.channel, n.reason) {
            (Some(c), _) => ctx.label("departure-channel", c.as_str()),
            (None, Some(r)) => {
                let mut parts = vec![ctx.label("return-reason", r.as_str())];
                parts.extend(n.needs.iter().map(|x| ctx.label("return-need", x.as_str())));
                parts.join(" · ")
            }
            (None, None) => String::new(),
        };
        NoticeRow {
            person_id: n.person_id,
            person: n.person_name.clone(),
            kind: ctx.label("notice-kind", n.kind.as_str()),
            date: n.date.to_string(),
            country: country(ctx, n.country.as_str()),
            detail,
        }
    }
}

/// A warning as a list shows it.
pub struct WarningRow {
    pub id: Uuid,
    pub kind: String,
    pub urgency: String,
    pub urgent: bool,
    pub person: Option<String>,
    pub village: String,
    pub status: String,
    pub overdue: bool,
    pub due: String,
    pub partner: Option<String>,
}

impl WarningRow {
    pub fn new(ctx: &PageCtx, zone: chrono_tz::Tz, w: &Warning, villages: &Villages) -> Self {
        let status = match w.outcome {
            Some(o) => ctx.label("warning-outcome", o.as_str()),
            None => ctx.label("warning-status", w.status.as_str()),
        };
        WarningRow {
            id: w.id,
            kind: ctx.label("warning-kind", w.kind.as_str()),
            urgency: ctx.label("warning-urgency", w.urgency.as_str()),
            urgent: w.urgency == satuatap_core::community::warning::WarningUrgency::Urgent,
            person: w.person_name.clone(),
            village: villages.name(&w.village_code),
            status,
            overdue: w.overdue,
            due: local_time(ctx, zone, w.due_at),
            partner: w.partner_name.clone(),
        }
    }
}

/// A country by name where the locales know it, else its code.
pub fn country(ctx: &PageCtx, code: &str) -> String {
    let key = format!("country-{code}");
    if ctx.has(&key) {
        format!("{} ({code})", ctx.t(&key))
    } else {
        code.to_string()
    }
}
