//! Labour complaints against a placement agency or an employer: claims,
//! mediation sessions, settlement and escalation; and transfers of cases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Amount, Currency, RawAmount};

code_list! {
    /// Result of a mediation session. Labels: `mediation-result-<code>`.
    MediationResult {
        Agreement = "agreement",
        PartialAgreement = "partial_agreement",
        NoAgreement = "no_agreement",
        Postponed = "postponed",
    }
}

code_list! {
    /// Formal channels a complaint is escalated to. Labels: `escalation-<code>`.
    EscalationChannel {
        Bp3mi = "bp3mi",
        LabourInspection = "labour_inspection",
        Police = "police",
        Court = "court",
        Other = "other",
    }
}

code_list! {
    /// Labels: `transfer-status-<code>`.
    TransferStatus {
        Requested = "requested",
        Accepted = "accepted",
        Declined = "declined",
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClaim {
    /// What is claimed, e.g. "gaji 3 bulan".
    pub item: String,
    #[schema(value_type = String)]
    pub amount: RawAmount,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Claim {
    pub item: String,
    #[schema(value_type = String)]
    #[serde(with = "amount_text")]
    pub amount: Amount,
    #[schema(value_type = String)]
    pub currency: String,
}

/// Amounts stored in JSON as their decimal text.
mod amount_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::money::Amount;

    pub fn serialize<S: Serializer>(a: &Amount, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&a.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let text = String::deserialize(d)?;
        Amount::parse("amount", &text).map_err(|_| serde::de::Error::custom("bad amount"))
    }
}

/// The complaint of a labour case, as received.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    /// The respondent when it is a registered organisation (placement agency, employer).
    pub respondent_organisation_code: Option<String>,
    /// Otherwise its name (e.g. an employer abroad).
    pub respondent_name: Option<String>,
    #[serde(default)]
    pub claims: Vec<NewClaim>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who took part.
    pub parties: String,
    /// `agreement`, `partial_agreement`, `no_agreement`, `postponed`.
    #[schema(value_type = crate::cases::complaint::MediationResult)]
    pub result: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MediationSession {
    pub id: Uuid,
    pub date: NaiveDate,
    pub parties: String,
    pub result: MediationResult,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSettlement {
    /// `YYYY-MM-DD`.
    pub date: String,
    #[schema(value_type = String)]
    pub amount_recovered: RawAmount,
    pub currency: String,
    pub terms: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Settlement {
    pub date: NaiveDate,
    #[schema(value_type = String)]
    pub amount_recovered: Amount,
    #[schema(value_type = String)]
    pub currency: Currency,
    pub terms: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEscalation {
    /// `bp3mi`, `labour_inspection`, `police`, `court`, `other`.
    #[schema(value_type = crate::cases::complaint::EscalationChannel)]
    pub channel: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The file or register number there.
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Escalation {
    pub id: Uuid,
    pub channel: EscalationChannel,
    pub date: NaiveDate,
    pub reference: Option<String>,
}

/// A complaint with its mediation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Complaint {
    pub case_id: Uuid,
    pub respondent_organisation_id: Option<Uuid>,
    pub respondent_name: Option<String>,
    pub claims: Vec<Claim>,
    pub sessions: Vec<MediationSession>,
    pub settlement: Option<Settlement>,
    pub escalations: Vec<Escalation>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTransfer {
    /// The receiving organisation.
    pub organisation_code: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Transfer {
    pub id: Uuid,
    pub case_id: Uuid,
    pub from_organisation_id: Uuid,
    pub to_organisation_id: Uuid,
    pub reason: String,
    pub status: TransferStatus,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}
