//! Amounts of money with their ISO 4217 currency, kept exactly (hundredths
//! as integers), never as floating point.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// An amount in hundredths of a currency unit, e.g. `123450` is `1234.50`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

impl Amount {
    /// At most a hundred trillion units (enough for rupiah).
    const MAX_UNITS: i64 = 100_000_000_000_000;

    pub fn from_hundredths(h: i64) -> Self {
        Amount(h)
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    /// A plain decimal: digits, an optional `.` and at most two decimals; no
    /// sign, no thousands separators.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        let invalid = || FieldError::new(field, "invalid_amount").with("value", s);
        let (units, cents) = match s.split_once('.') {
            Some((u, c)) => (u, c),
            None => (s, ""),
        };
        if units.is_empty()
            || units.len() > 15
            || cents.len() > 2
            || !units.chars().all(|c| c.is_ascii_digit())
            || !cents.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        let units: i64 = units.parse().map_err(|_| invalid())?;
        if units >= Self::MAX_UNITS {
            return Err(invalid());
        }
        let cents: i64 = match cents.len() {
            0 => 0,
            1 => cents.parse::<i64>().map_err(|_| invalid())? * 10,
            _ => cents.parse().map_err(|_| invalid())?,
        };
        Ok(Amount(units * 100 + cents))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (units, cents) = (self.0 / 100, self.0 % 100);
        if cents == 0 {
            write!(f, "{units}")
        } else {
            write!(f, "{units}.{cents:02}")
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// What clients may send for an amount: a decimal string or a JSON number.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawAmount {
    Text(String),
    Number(serde_json::Number),
}

impl RawAmount {
    pub fn parse(&self, field: &str) -> Result<Amount, FieldError> {
        match self {
            RawAmount::Text(s) => Amount::parse(field, s),
            RawAmount::Number(n) => Amount::parse(field, &n.to_string()),
        }
    }
}

/// An ISO 4217 currency code (upper case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Currency(String);

impl Currency {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if iso_currency::Currency::from_code(&code).is_none() {
            return Err(FieldError::new(field, "unknown_currency").with("value", raw.trim()));
        }
        Ok(Currency(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code (upper case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Country(String);

impl Country {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() != 2 || isocountry::CountryCode::for_alpha2(&code).is_err() {
            return Err(FieldError::new(field, "unknown_country").with("value", raw.trim()));
        }
        Ok(Country(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The English short name (pages translate the common destinations).
    pub fn english_name(&self) -> &'static str {
        isocountry::CountryCode::for_alpha2(&self.0).map(|c| c.name()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact() {
        assert_eq!(Amount::parse("a", "1234.5").unwrap().hundredths(), 123_450);
        assert_eq!(Amount::parse("a", "25000000").unwrap().to_string(), "25000000");
        assert_eq!(Amount::parse("a", "0.07").unwrap().to_string(), "0.07");
        for bad in ["", "-1", "1,000", "1.234", "abc", ".5", "1e5"] {
            assert_eq!(Amount::parse("a", bad).unwrap_err().code, "invalid_amount", "{bad}");
        }
        let n: RawAmount = serde_json::from_str("4500.25").unwrap();
        assert_eq!(n.parse("a").unwrap().hundredths(), 450_025);
    }

    #[test]
    fn codes_are_iso() {
        assert_eq!(Country::parse("c", "hk").unwrap().as_str(), "HK");
        assert_eq!(Country::parse("c", "XX").unwrap_err().code, "unknown_country");
        assert_eq!(Currency::parse("c", "idr").unwrap().as_str(), "IDR");
        assert_eq!(Currency::parse("c", "ABC").unwrap_err().code, "unknown_currency");
    }
}
