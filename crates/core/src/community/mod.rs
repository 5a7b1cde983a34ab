//! Villages and community: what village governments and task forces record
//! outside the case file. Village registration of prospective migrant
//! workers (with the family's permission and the village's verification),
//! departure and return notices, and early warnings to the district.

pub(crate) mod activities;
pub mod activity;
pub mod campaign;
pub(crate) mod campaigns;
pub(crate) mod competencies;
pub mod competency;
pub mod forum;
pub(crate) mod forums;
pub mod hotline;
pub(crate) mod hotlines;
pub mod membership;
pub(crate) mod memberships;
pub mod notice;
pub(crate) mod notices;
pub mod registration;
pub(crate) mod registrations;
pub mod repo;
pub mod roster;
pub(crate) mod rosters;
pub mod warning;
pub(crate) mod warnings;

use chrono::NaiveDate;

use crate::error::{FieldError, Validator};

/// The earliest date a village record may carry: before it, a typing
/// mistake (1800 for 2018) more likely than history.
pub(crate) fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// A code of a list, or `required` when empty (not "unknown code ''").
pub(crate) fn code<T>(
    v: &mut Validator,
    field: &str,
    raw: &str,
    parse: fn(&str, &str) -> Result<T, FieldError>,
) -> Option<T> {
    if raw.trim().is_empty() {
        v.push(FieldError::new(field, "required"));
        return None;
    }
    v.check(parse(field, raw))
}

/// A `YYYY-MM-DD` date, required, not after `today`.
pub(crate) fn past_date(v: &mut Validator, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        v.push(FieldError::new(field, "required"));
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if d > today => {
            v.push(FieldError::new(field, "future_date"));
            None
        }
        Ok(d) if d < earliest() => {
            v.push(FieldError::new(field, "too_early").with("earliest", earliest()));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            v.push(FieldError::new(field, "invalid_date").with("value", raw));
            None
        }
    }
}

/// An optional `YYYY-MM-DD` date, not after `today`.
pub(crate) fn optional_past_date(
    v: &mut Validator,
    field: &str,
    raw: Option<&str>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match raw.map(str::trim) {
        None | Some("") => None,
        Some(s) => past_date(v, field, s, today),
    }
}
