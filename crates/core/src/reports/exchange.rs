//! Exchange rates to rupiah, kept by administrators for SDG 10.7.1: one
//! rate per currency and day it applies from (until the next one).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, Result, Validator};
use crate::money::Currency;
use crate::text::optional_text;

/// The most rupiah one unit of a currency may be worth (a typing guard).
const MOST_MICROS: i64 = 1_000_000_000 * 1_000_000;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRate {
    /// ISO 4217, not IDR.
    pub currency: String,
    /// `YYYY-MM-DD`: the day it applies from, not in the future.
    pub date: String,
    /// Rupiah for one unit, a plain decimal with at most six decimals, e.g. `2063.45`.
    pub idr_per_unit: String,
    /// Where it comes from, e.g. "Bank Indonesia JISDOR" or "Kurs transaksi BI".
    pub source: String,
}

/// A recorded rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Rate {
    pub currency: String,
    pub date: NaiveDate,
    /// Rupiah for one unit, as a decimal.
    pub idr_per_unit: String,
    pub source: String,
    pub recorded_at: DateTime<Utc>,
}

/// Rupiah in millionths from a plain decimal (`2063.45`), or `None`.
pub fn parse_micros(raw: &str) -> Option<i64> {
    let s = raw.trim();
    let (units, decimals) = s.split_once('.').unwrap_or((s, ""));
    if units.is_empty() || units.len() > 10 || decimals.len() > 6 {
        return None;
    }
    if !units.bytes().all(|b| b.is_ascii_digit()) || !decimals.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let frac: i64 = format!("{decimals:0<6}").parse().ok()?;
    let micros = units.checked_mul(1_000_000)?.checked_add(frac)?;
    (micros > 0 && micros <= MOST_MICROS).then_some(micros)
}

/// Millionths of rupiah as a decimal without trailing zeros (`2063.45`).
pub fn format_micros(micros: i64) -> String {
    let units = micros / 1_000_000;
    let frac = micros % 1_000_000;
    if frac == 0 {
        units.to_string()
    } else {
        format!("{units}.{}", format!("{frac:06}").trim_end_matches('0'))
    }
}

/// A rate as validated: currency, day, millionths of rupiah, source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRate {
    pub currency: String,
    pub date: NaiveDate,
    pub idr_micros: i64,
    pub source: String,
}

impl NewRate {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRate> {
        let mut v = Validator::new();
        let currency = if self.currency.trim().is_empty() {
            v.push(FieldError::new("currency", "required"));
            None
        } else {
            v.check(Currency::parse("currency", &self.currency))
        };
        if currency.as_ref().is_some_and(|c| c.as_str() == "IDR") {
            v.push(FieldError::new("currency", "rupiah_is_one"));
        }
        let date = crate::community::past_date(&mut v, "date", &self.date, today);
        let idr_micros = if self.idr_per_unit.trim().is_empty() {
            v.push(FieldError::new("idr_per_unit", "required"));
            None
        } else {
            let m = parse_micros(&self.idr_per_unit);
            if m.is_none() {
                v.push(FieldError::new("idr_per_unit", "invalid_rate").with("value", self.idr_per_unit.trim()));
            }
            m
        };
        let source = match v.check(optional_text("source", Some(&self.source), 200)).flatten() {
            Some(s) => Some(s),
            None => {
                if self.source.trim().is_empty() {
                    v.push(FieldError::new("source", "required"));
                }
                None
            }
        };
        v.finish()?;
        match (currency, date, idr_micros, source) {
            (Some(c), Some(date), Some(idr_micros), Some(source)) => {
                Ok(ValidRate { currency: c.as_str().to_string(), date, idr_micros, source })
            }
            _ => Err(crate::Error::invalid("currency", "required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_exact_decimals() {
        assert_eq!(parse_micros("2063.456789"), Some(2_063_456_789));
        assert_eq!(parse_micros("15000"), Some(15_000_000_000));
        assert_eq!(parse_micros("0.5"), Some(500_000));
        for bad in ["", "0", "-3", "1,5", "2063.4567891", "abc", "1e3"] {
            assert_eq!(parse_micros(bad), None, "{bad}");
        }
        assert_eq!(format_micros(2_063_450_000), "2063.45");
        assert_eq!(format_micros(15_000_000_000), "15000");
    }

    #[test]
    fn every_bad_field_is_named() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or(NaiveDate::MIN);
        let r =
            NewRate { currency: "IDR".into(), date: "2027-01-01".into(), idr_per_unit: "x".into(), source: " ".into() };
        let crate::Error::Invalid(errors) = r.validate(today).unwrap_err() else { panic!() };
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("currency", "rupiah_is_one"),
                ("date", "future_date"),
                ("idr_per_unit", "invalid_rate"),
                ("source", "required")
            ]
        );
        let ok = NewRate {
            currency: "hkd".into(),
            date: "2026-05-01".into(),
            idr_per_unit: "2063.45".into(),
            source: "BI".into(),
        };
        let v = ok.validate(today).map(|v| (v.currency, v.idr_micros)).map_err(|e| e.code());
        assert_eq!(v, Ok(("HKD".to_string(), 2_063_450_000)));
    }
}
