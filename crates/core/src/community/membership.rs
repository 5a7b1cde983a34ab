//! Union organising: a person joined a union or a migrant workers'
//! association (which one, when, facilitated by whom), and left.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMembership {
    /// Code of the union or association.
    pub organisation_code: String,
    /// `YYYY-MM-DD`.
    pub joined_on: String,
    /// Code of the organisation that facilitated it (e.g. the village, the union's organiser).
    pub facilitated_by_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Membership {
    pub id: Uuid,
    pub person_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub joined_on: NaiveDate,
    pub facilitated_by: Option<Uuid>,
    pub left_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}
