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

    /// An amount as people write it in the page's language: thousands
    /// grouped or not, the language's decimal separator, an optional `Rp`,
    /// `Rp.` or `IDR` before and `,-` after (`Rp13.500.000,-`). A plain
    /// decimal with `.` ([`Amount::parse`]) is always accepted too, where
    /// the language's rule does not read it (`7500000.50` in Indonesian).
    /// An input both rules could read is read by the language's rule:
    /// `1.500` is 1500 in Indonesian and 1.5 in English. Refused with
    /// `invalid_written_amount`.
    pub fn parse_localised(field: &str, raw: &str, style: NumberStyle) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        let invalid = || FieldError::new(field, "invalid_written_amount").with("value", trimmed);
        let mut s = trimmed;
        for prefix in ["rp.", "rp", "idr"] {
            if s.len() >= prefix.len()
                && s.is_char_boundary(prefix.len())
                && s[..prefix.len()].eq_ignore_ascii_case(prefix)
            {
                s = s[prefix.len()..].trim_start();
                break;
            }
        }
        let s = s.strip_suffix(",-").or_else(|| s.strip_suffix(".-")).unwrap_or(s).trim_end();
        if s.is_empty() {
            return Err(invalid());
        }
        if let Some(amount) = Self::grouped(s, style) {
            return Ok(amount);
        }
        Self::parse(field, s).map_err(|_| invalid())
    }

    /// `s` read with the separators of `style`: groups of three after the
    /// first (or no grouping at all), at most two decimals (more only as
    /// trailing zeros).
    fn grouped(s: &str, style: NumberStyle) -> Option<Self> {
        let (group, decimal) = style.separators();
        let (units, cents) = match s.split_once(decimal) {
            Some((u, c)) => (u, Some(c)),
            None => (s, None),
        };
        let groups: Vec<&str> = units.split(group).collect();
        let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
        let first = groups.first()?;
        if !groups.iter().all(|g| digits(g)) {
            return None;
        }
        if groups.len() > 1 && (first.len() > 3 || first.starts_with('0') || groups[1..].iter().any(|g| g.len() != 3)) {
            return None;
        }
        let cents = match cents {
            None => String::new(),
            Some(c) if digits(c) => {
                let significant = c.trim_end_matches('0');
                if significant.len() > 2 {
                    return None;
                }
                c.chars().take(2).collect()
            }
            Some(_) => return None,
        };
        let plain = if cents.is_empty() { groups.concat() } else { format!("{}.{cents}", groups.concat()) };
        Self::parse("", &plain).ok()
    }

    /// The amount written with the separators of `style`, without a
    /// currency: `12.500.000,50` in Indonesian, `12,500,000.50` in English.
    pub fn localised(self, style: NumberStyle) -> String {
        let (group, decimal) = style.separators();
        let units = (self.0 / 100).to_string();
        let mut grouped = String::with_capacity(units.len() + units.len() / 3 + 3);
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push(group);
            }
            grouped.push(c);
        }
        match self.0 % 100 {
            0 => grouped,
            cents => format!("{grouped}{decimal}{cents:02}"),
        }
    }
}

/// How numbers are written: which character groups thousands and which
/// marks the decimals. Pages pick it from their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumberStyle {
    /// Bahasa Indonesia: `13.500.000,50`.
    #[default]
    Indonesian,
    /// English: `13,500,000.50`.
    English,
}

impl NumberStyle {
    /// (thousands separator, decimal separator)
    pub fn separators(self) -> (char, char) {
        match self {
            NumberStyle::Indonesian => ('.', ','),
            NumberStyle::English => (',', '.'),
        }
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

/// What clients may send for an amount: a decimal string or a JSON number;
/// pages send what was typed, written the way of their language.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawAmount {
    Text(String),
    Number(serde_json::Number),
    /// Typed on a page ([`Amount::parse_localised`]); never from JSON.
    #[serde(skip)]
    Written(String, NumberStyle),
}

impl RawAmount {
    pub fn parse(&self, field: &str) -> Result<Amount, FieldError> {
        match self {
            RawAmount::Text(s) => Amount::parse(field, s),
            RawAmount::Number(n) => Amount::parse(field, &n.to_string()),
            RawAmount::Written(s, style) => Amount::parse_localised(field, s, *style),
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

    fn id(raw: &str) -> Result<i64, &'static str> {
        Amount::parse_localised("a", raw, NumberStyle::Indonesian).map(Amount::hundredths).map_err(|e| e.code)
    }

    fn en(raw: &str) -> Result<i64, &'static str> {
        Amount::parse_localised("a", raw, NumberStyle::English).map(Amount::hundredths).map_err(|e| e.code)
    }

    #[test]
    fn amounts_as_written_in_indonesian() {
        for (raw, h) in [
            ("13.500.000", 1_350_000_000),
            ("13.500.000,50", 1_350_000_050),
            ("13.500.000,5", 1_350_000_050),
            ("Rp 13.500.000", 1_350_000_000),
            ("Rp13.500.000,-", 1_350_000_000),
            ("Rp. 13.500.000", 1_350_000_000),
            ("rp 1.000", 100_000),
            ("IDR 1.500.000", 150_000_000),
            ("  IDR1.500.000  ", 150_000_000),
            ("7500000", 750_000_000),
            ("7500000,50", 750_000_050),
            // A plain decimal with `.`, as the API takes it.
            ("7500000.50", 750_000_050),
            ("4500.5", 450_050),
            // Read by the language's rule: thousands.
            ("1.500", 150_000),
            ("999", 99_900),
            ("0", 0),
            ("0,07", 7),
            ("1.234.567,00", 123_456_700),
            ("1.500,500", 150_050),
        ] {
            assert_eq!(id(raw), Ok(h), "{raw}");
        }
    }

    #[test]
    fn amounts_as_written_in_english() {
        for (raw, h) in [
            ("13,500,000", 1_350_000_000),
            ("13,500,000.50", 1_350_000_050),
            ("IDR 12,000,000", 1_200_000_000),
            ("Rp 1,500,000", 150_000_000),
            ("7500000", 750_000_000),
            ("7500000.50", 750_000_050),
            // Read by the language's rule: a decimal.
            ("1.500", 150),
            ("1.5", 150),
            ("4,500.25", 450_025),
        ] {
            assert_eq!(en(raw), Ok(h), "{raw}");
        }
    }

    #[test]
    fn written_amounts_refused() {
        for raw in [
            "",
            "  ",
            "Rp",
            "Rp ,-",
            "abc",
            "13.5.00",
            "-1",
            "-1.500",
            "Rp -5",
            "1.234,567",
            "1,505",
            "12.34.567",
            "1.5000.000",
            "0.500",
            "1.500.000.50",
            "13,500,000",
            "1e5",
            ",50",
            "1500,",
            "1.500,",
            "1 500 000",
            "USD 1.500",
            "1.500.000,50,-x",
            "10.000.000.000.000.000",
        ] {
            assert_eq!(id(raw), Err("invalid_written_amount"), "{raw:?}");
        }
        for raw in ["13.500.000", "13.500.000,50", "1.505", "1,50", "1,5000", "1,500.505", "abc", "-7", "12,34,567"] {
            assert_eq!(en(raw), Err("invalid_written_amount"), "{raw:?}");
        }
        let e = Amount::parse_localised("amount_recovered", " 13.5.00 ", NumberStyle::Indonesian).unwrap_err();
        assert_eq!((e.field.as_str(), e.args[0].1.as_str()), ("amount_recovered", "13.5.00"));
        // What the page typed is refused by the API's plain rule.
        assert!(Amount::parse("a", "13.500.000").is_err());
        assert!(RawAmount::Written("13.500.000".into(), NumberStyle::Indonesian).parse("a").is_ok());
    }

    #[test]
    fn amounts_shown_the_language_way() {
        let a = Amount::from_hundredths(1_200_000_050);
        assert_eq!(a.localised(NumberStyle::Indonesian), "12.000.000,50");
        assert_eq!(a.localised(NumberStyle::English), "12,000,000.50");
        assert_eq!(Amount::from_hundredths(99_900).localised(NumberStyle::Indonesian), "999");
        assert_eq!(Amount::from_hundredths(100_000).localised(NumberStyle::English), "1,000");
        assert_eq!(Amount::from_hundredths(7).localised(NumberStyle::Indonesian), "0,07");
        for style in [NumberStyle::Indonesian, NumberStyle::English] {
            for h in [0, 5, 99_900, 100_000, 123_456_789, 1_350_000_050] {
                let a = Amount::from_hundredths(h);
                assert_eq!(Amount::parse_localised("a", &a.localised(style), style), Ok(a), "{h}");
            }
        }
    }

    #[test]
    fn codes_are_iso() {
        assert_eq!(Country::parse("c", "hk").unwrap().as_str(), "HK");
        assert_eq!(Country::parse("c", "XX").unwrap_err().code, "unknown_country");
        assert_eq!(Currency::parse("c", "idr").unwrap().as_str(), "IDR");
        assert_eq!(Currency::parse("c", "ABC").unwrap_err().code, "unknown_currency");
    }
}
