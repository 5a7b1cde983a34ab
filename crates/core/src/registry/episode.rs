//! Migration episodes: one departure (or plan to leave) of a person, with
//! what SDG indicator 10.7.1 needs — itemised recruitment costs and the
//! first full month's net earnings.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldError, Result, Validator};
use crate::money::{Amount, Country, Currency, RawAmount};
use crate::text::{optional_text, Code};

code_list! {
    /// Migration stage of a person at an event. Labels: `stage-<code>`.
    MigrationStage {
        Prospective = "prospective",
        PreDeparture = "pre_departure",
        Abroad = "abroad",
        Returnee = "returnee",
        FamilyMember = "family_member",
    }
}

code_list! {
    /// Sector of work abroad. Labels: `sector-<code>`.
    Sector {
        DomesticWork = "domestic_work",
        Caregiving = "caregiving",
        Manufacturing = "manufacturing",
        Construction = "construction",
        Agriculture = "agriculture",
        Plantation = "plantation",
        Fishing = "fishing",
        Hospitality = "hospitality",
        Other = "other",
    }
}

code_list! {
    /// What a recruitment cost paid for. Labels: `cost-<code>`.
    CostItem {
        RecruitmentFee = "recruitment_fee",
        Documents = "documents",
        MedicalCheck = "medical_check",
        Training = "training",
        Travel = "travel",
        InformalPayment = "informal_payment",
        Other = "other",
    }
}

code_list! {
    /// Identifiers given by other systems. Labels: `external-id-<code>`.
    ExternalIdScheme {
        Siskop2mi = "siskop2mi",
        Passport = "passport",
        EPmi = "e_pmi",
        Other = "other",
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCost {
    /// `recruitment_fee`, `documents`, `medical_check`, `training`, `travel`, `informal_payment`, `other`.
    #[schema(value_type = crate::registry::episode::CostItem)]
    pub item: String,
    /// A decimal (string or number), at most two decimals.
    #[schema(value_type = String)]
    pub amount: RawAmount,
    /// ISO 4217, e.g. `IDR`.
    pub currency: String,
    /// `YYYY-MM-DD`, when paid.
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMoney {
    #[schema(value_type = String)]
    pub amount: RawAmount,
    pub currency: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalId {
    /// `siskop2mi`, `passport`, `e_pmi`, `other`.
    #[schema(value_type = crate::registry::episode::ExternalIdScheme)]
    pub scheme: String,
    pub value: String,
}

/// An episode as received (JSON names are the API's).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEpisode {
    /// `prospective`, `pre_departure`, `abroad`, `returnee`.
    #[schema(value_type = crate::registry::episode::MigrationStage)]
    pub stage: String,
    /// ISO 3166-1 alpha-2, e.g. `HK`.
    pub destination: Option<String>,
    #[schema(value_type = Option<crate::registry::episode::Sector>)]
    pub sector: Option<String>,
    pub occupation: Option<String>,
    pub employer: Option<String>,
    /// Code of the placement agency (an organisation).
    pub placement_agency_code: Option<String>,
    /// `YYYY-MM-DD`.
    pub departure_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub return_date: Option<String>,
    pub documented: Option<bool>,
    #[serde(default)]
    pub external_ids: Vec<ExternalId>,
    #[serde(default)]
    pub recruitment_costs: Vec<NewCost>,
    /// Net earnings of the first full month abroad (bonuses and overtime
    /// included; taxes, contributions and recruitment-cost deductions out).
    pub first_month_earnings: Option<NewMoney>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Cost {
    pub item: CostItem,
    #[schema(value_type = String)]
    pub amount: Amount,
    #[schema(value_type = String)]
    pub currency: Currency,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Money {
    #[schema(value_type = String)]
    pub amount: Amount,
    #[schema(value_type = String)]
    pub currency: Currency,
}

/// An episode whose fields are valid in themselves.
#[derive(Debug, Clone)]
pub struct ValidEpisode {
    pub stage: MigrationStage,
    pub destination: Option<Country>,
    pub sector: Option<Sector>,
    pub occupation: Option<String>,
    pub employer: Option<String>,
    pub placement_agency_code: Option<Code>,
    pub departure_date: Option<NaiveDate>,
    pub return_date: Option<NaiveDate>,
    pub documented: Option<bool>,
    pub external_ids: Vec<ExternalId>,
    pub recruitment_costs: Vec<Cost>,
    pub first_month_earnings: Option<Money>,
    pub note: Option<String>,
}

fn date(v: &mut Validator, field: &str, raw: Option<&str>) -> Option<NaiveDate> {
    let s = raw.map(str::trim).filter(|s| !s.is_empty())?;
    v.check(
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid_date").with("value", s))
            .and_then(|d| {
                if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(d) {
                    Err(FieldError::new(field, "too_old"))
                } else {
                    Ok(d)
                }
            }),
    )
}

fn not_empty(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl NewEpisode {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidEpisode> {
        let mut v = Validator::new();
        let stage = v.check(MigrationStage::parse("stage", &self.stage).and_then(|s| {
            if s == MigrationStage::FamilyMember {
                Err(FieldError::new("stage", "not_an_episode"))
            } else {
                Ok(s)
            }
        }));
        let destination = not_empty(&self.destination).and_then(|s| v.check(Country::parse("destination", s)));
        if destination.as_ref().is_some_and(|c| c.as_str() == "ID") {
            v.push(FieldError::new("destination", "abroad_required"));
        }
        let sector = not_empty(&self.sector).and_then(|s| v.check(Sector::parse("sector", s)));
        let occupation = v.check(optional_text("occupation", self.occupation.as_deref(), 200)).flatten();
        let employer = v.check(optional_text("employer", self.employer.as_deref(), 200)).flatten();
        let placement_agency_code =
            not_empty(&self.placement_agency_code).and_then(|s| v.check(Code::parse("placement_agency_code", s)));
        let departure_date = date(&mut v, "departure_date", self.departure_date.as_deref());
        let return_date = date(&mut v, "return_date", self.return_date.as_deref());
        if return_date.is_some_and(|r| r > today) {
            v.push(FieldError::new("return_date", "future_date"));
        }
        if let (Some(d), Some(r)) = (departure_date, return_date) {
            if r < d {
                v.push(FieldError::new("return_date", "before_departure"));
            }
        }
        if departure_date.is_some_and(|d| d > today) && stage.is_some_and(|s| s != MigrationStage::PreDeparture) {
            v.push(FieldError::new("departure_date", "future_date"));
        }
        if stage == Some(MigrationStage::Returnee) && return_date.is_none() && departure_date.is_none() {
            v.push(FieldError::new("departure_date", "required"));
        }
        let mut external_ids = Vec::new();
        for (i, x) in self.external_ids.iter().enumerate() {
            let field = format!("external_ids[{i}]");
            let scheme = v.check(ExternalIdScheme::parse(&format!("{field}.scheme"), &x.scheme));
            let value = v.check(optional_text(&format!("{field}.value"), Some(&x.value), 60)).flatten();
            match (scheme, value) {
                (Some(s), Some(val)) => external_ids.push(ExternalId { scheme: s.as_str().to_string(), value: val }),
                (Some(_), None) => v.push(FieldError::new(format!("{field}.value"), "required")),
                _ => {}
            }
        }
        let mut recruitment_costs = Vec::new();
        for (i, c) in self.recruitment_costs.iter().enumerate() {
            let field = format!("recruitment_costs[{i}]");
            let item = v.check(CostItem::parse(&format!("{field}.item"), &c.item));
            let amount = v.check(c.amount.parse(&format!("{field}.amount")));
            let currency = v.check(Currency::parse(&format!("{field}.currency"), &c.currency));
            let paid = date(&mut v, &format!("{field}.date"), c.date.as_deref());
            if paid.is_some_and(|d| d > today) {
                v.push(FieldError::new(format!("{field}.date"), "future_date"));
            }
            if let (Some(item), Some(amount), Some(currency)) = (item, amount, currency) {
                recruitment_costs.push(Cost { item, amount, currency, date: paid });
            }
        }
        let first_month_earnings = self.first_month_earnings.as_ref().and_then(|m| {
            let amount = v.check(m.amount.parse("first_month_earnings.amount"));
            let currency = v.check(Currency::parse("first_month_earnings.currency", &m.currency));
            Some(Money { amount: amount?, currency: currency? })
        });
        let note = v.check(optional_text("note", self.note.as_deref(), 2000)).flatten();
        v.finish()?;
        let Some(stage) = stage else {
            return Err(crate::Error::internal("validator passed without a stage"));
        };
        Ok(ValidEpisode {
            stage,
            destination,
            sector,
            occupation,
            employer,
            placement_agency_code,
            departure_date,
            return_date,
            documented: self.documented,
            external_ids,
            recruitment_costs,
            first_month_earnings,
            note,
        })
    }
}

/// An episode as stored and shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Episode {
    pub id: Uuid,
    pub person_id: Uuid,
    pub stage: MigrationStage,
    #[schema(value_type = Option<String>)]
    pub destination: Option<Country>,
    pub sector: Option<Sector>,
    pub occupation: Option<String>,
    pub employer: Option<String>,
    pub placement_agency_id: Option<Uuid>,
    pub departure_date: Option<NaiveDate>,
    pub return_date: Option<NaiveDate>,
    pub documented: Option<bool>,
    pub external_ids: Vec<ExternalId>,
    pub recruitment_costs: Vec<Cost>,
    pub first_month_earnings: Option<Money>,
    pub note: Option<String>,
    pub recorded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl Episode {
    pub fn new(person_id: Uuid, valid: ValidEpisode, placement_agency_id: Option<Uuid>, by: Option<Uuid>) -> Self {
        Episode {
            id: Uuid::now_v7(),
            person_id,
            stage: valid.stage,
            destination: valid.destination,
            sector: valid.sector,
            occupation: valid.occupation,
            employer: valid.employer,
            placement_agency_id,
            departure_date: valid.departure_date,
            return_date: valid.return_date,
            documented: valid.documented,
            external_ids: valid.external_ids,
            recruitment_costs: valid.recruitment_costs,
            first_month_earnings: valid.first_month_earnings,
            note: valid.note,
            recorded_by: by,
            created_at: Utc::now(),
        }
    }

    /// Recruitment costs per currency, in the order first seen.
    pub fn cost_totals(&self) -> Vec<(String, Amount)> {
        let mut totals: Vec<(String, Amount)> = Vec::new();
        for c in &self.recruitment_costs {
            match totals.iter_mut().find(|(cur, _)| cur == c.currency.as_str()) {
                Some((_, a)) => *a = Amount::from_hundredths(a.hundredths() + c.amount.hundredths()),
                None => totals.push((c.currency.as_str().to_string(), c.amount)),
            }
        }
        totals
    }
}

/// The stage a person is at: that of their latest episode (by departure,
/// then by recording).
pub fn current_stage(episodes: &[Episode]) -> Option<MigrationStage> {
    episodes.iter().max_by_key(|e| (e.departure_date, e.created_at)).map(|e| e.stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn a_full_episode_is_valid() {
        let e: NewEpisode = serde_json::from_value(serde_json::json!({
            "stage": "returnee", "destination": "hk", "sector": "domestic_work",
            "departure_date": "2021-03-01", "return_date": "2024-02-28", "documented": true,
            "external_ids": [{"scheme": "siskop2mi", "value": "PMI123"}],
            "recruitment_costs": [
                {"item": "recruitment_fee", "amount": "15000000", "currency": "IDR", "date": "2021-01-10"},
                {"item": "medical_check", "amount": 750000, "currency": "idr"}
            ],
            "first_month_earnings": {"amount": "4870.50", "currency": "HKD"}
        }))
        .unwrap();
        let v = e.validate(today()).unwrap();
        assert_eq!(v.destination.unwrap().as_str(), "HK");
        assert_eq!(v.recruitment_costs.len(), 2);
        assert_eq!(v.first_month_earnings.unwrap().amount.hundredths(), 487_050);
    }

    #[test]
    fn every_bad_field_is_named() {
        let e: NewEpisode = serde_json::from_value(serde_json::json!({
            "stage": "family_member", "destination": "XX", "sector": "mining",
            "departure_date": "2024-05-01", "return_date": "2023-01-01",
            "recruitment_costs": [{"item": "bribe", "amount": "1,000", "currency": "RUP"}],
        }))
        .unwrap();
        let Err(crate::Error::Invalid(errors)) = e.validate(today()) else { panic!("expected invalid") };
        let got: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("stage", "not_an_episode"),
                ("destination", "unknown_country"),
                ("sector", "unknown_code"),
                ("return_date", "before_departure"),
                ("recruitment_costs[0].item", "unknown_code"),
                ("recruitment_costs[0].amount", "invalid_amount"),
                ("recruitment_costs[0].currency", "unknown_currency"),
            ]
        );
    }
}
