//! Visits: each contact with the office, the desks used, and the queue at
//! each desk (waiting → called → served).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldError, Result, Validator};
use crate::text::{optional_text, Code};

code_list! {
    /// Labels: `channel-<code>`.
    Channel {
        WalkIn = "walk_in",
        HotlinePhone = "hotline_phone",
        Whatsapp = "whatsapp",
        Online = "online",
        Outreach = "outreach",
        VillageCentre = "village_centre",
        ReferralIn = "referral_in",
    }
}

code_list! {
    /// Labels: `queue-<code>`.
    QueueStatus {
        Waiting = "waiting",
        Called = "called",
        Served = "served",
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    /// Code of the office (e.g. `LTSA-MRC-CRB`).
    pub office_code: String,
    /// `walk_in`, `hotline_phone`, `whatsapp`, `online`, `outreach`, `village_centre`, `referral_in`.
    #[schema(value_type = crate::registry::visit::Channel)]
    pub channel: String,
    /// Codes of the desks (organisations serving at the office) the person is queued for, in order.
    #[serde(default)]
    pub desks: Vec<String>,
    /// A short purpose, e.g. "paspor".
    pub purpose: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ValidVisit {
    pub office_code: Code,
    pub channel: Channel,
    pub desks: Vec<Code>,
    pub purpose: Option<String>,
}

impl NewVisit {
    pub fn validate(&self) -> Result<ValidVisit> {
        let mut v = Validator::new();
        let office_code = v.check(Code::parse("office_code", &self.office_code));
        let channel = v.check(Channel::parse("channel", &self.channel));
        let mut desks = Vec::new();
        for (i, d) in self.desks.iter().enumerate() {
            if let Some(c) = v.check(Code::parse(&format!("desks[{i}]"), d)) {
                if !desks.contains(&c) {
                    desks.push(c);
                }
            }
        }
        let purpose = v.check(optional_text("purpose", self.purpose.as_deref(), 200)).flatten();
        v.finish()?;
        match (office_code, channel) {
            (Some(office_code), Some(channel)) => Ok(ValidVisit { office_code, channel, desks, purpose }),
            _ => Err(crate::Error::Invalid(vec![FieldError::new("office_code", "required")])),
        }
    }
}

/// A hand-over from the front desk to a partner serving at the same office:
/// the person is queued at the partner's desk once her consent to share
/// with the partner is in force.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHandOver {
    /// Code of the partner organisation (a desk at the caller's office).
    pub organisation_code: String,
    /// What the partner is asked to help with, e.g. "gaji tidak dibayar".
    pub purpose: Option<String>,
}

/// One desk a visitor is queued for.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeskService {
    pub visit_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_code: String,
    pub organisation_name: String,
    pub status: QueueStatus,
    pub queued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub served_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Visit {
    pub id: Uuid,
    pub person_id: Uuid,
    pub office_id: Uuid,
    pub channel: Channel,
    pub purpose: Option<String>,
    pub staff_id: Option<Uuid>,
    /// The organisation of the staff member who recorded it.
    pub recorded_by_organisation: Option<Uuid>,
    pub at: DateTime<Utc>,
    pub desks: Vec<DeskService>,
}

/// A line of a desk queue: who waits where.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueEntry {
    #[serde(flatten)]
    pub desk: DeskService,
    /// The office where the desk serves.
    pub office_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub purpose: Option<String>,
    /// Every desk of the visit (not only this one).
    #[serde(skip)]
    pub visit_desks: Vec<Uuid>,
    /// The organisation of the staff member who recorded the visit.
    #[serde(skip)]
    pub recorded_by_organisation: Option<Uuid>,
}
