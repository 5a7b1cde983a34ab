//! Kemendagri areas: province `PP`, regency/city `PP.RR`, kecamatan
//! `PP.RR.DD`, village `PP.RR.DD.VVVV`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    Province,
    Regency,
    District,
    Village,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 4] = [Self::Province, Self::Regency, Self::District, Self::Village];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Regency => "regency",
            Self::District => "district",
            Self::Village => "village",
        }
    }

    /// Stored as a small integer: 1 province … 4 village.
    pub fn rank(self) -> i64 {
        match self {
            Self::Province => 1,
            Self::Regency => 2,
            Self::District => 3,
            Self::Village => 4,
        }
    }

    pub fn from_rank(rank: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.rank() == rank)
    }

    pub fn child(self) -> Option<Self> {
        Self::from_rank(self.rank() + 1)
    }
}

impl FromStr for AreaLevel {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|l| l.as_str() == s).ok_or(())
    }
}

/// A syntactically valid Kemendagri area code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AreaCode(String);

impl AreaCode {
    /// Parses `PP`, `PP.RR`, `PP.RR.DD` or `PP.RR.DD.VVVV` (digits only).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let widths: Vec<usize> = raw.split('.').map(str::len).collect();
        let shape_ok = matches!(widths.as_slice(), [2] | [2, 2] | [2, 2, 2] | [2, 2, 2, 4]);
        let digits_ok = raw.chars().all(|c| c.is_ascii_digit() || c == '.');
        if !shape_ok || !digits_ok {
            return Err(FieldError::new(field, "invalid_area_code").with("value", raw));
        }
        Ok(AreaCode(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> AreaLevel {
        match self.0.split('.').count() {
            1 => AreaLevel::Province,
            2 => AreaLevel::Regency,
            3 => AreaLevel::District,
            _ => AreaLevel::Village,
        }
    }

    /// The code of the area this one lies in (`None` for a province).
    pub fn parent(&self) -> Option<AreaCode> {
        self.0.rfind('.').map(|i| AreaCode(self.0[..i].to_string()))
    }

    /// True when `self` is `other` or lies inside it.
    pub fn is_within(&self, other: &AreaCode) -> bool {
        self.0 == other.0 || (self.0.starts_with(&other.0) && self.0.as_bytes().get(other.0.len()) == Some(&b'.'))
    }

    /// The regency (district) this area belongs to, if it is at or below
    /// regency level.
    pub fn regency(&self) -> Option<AreaCode> {
        (self.level() >= AreaLevel::Regency).then(|| AreaCode(self.0[..5].to_string()))
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Area {
    /// Kemendagri code, e.g. `32.09.01.2008`.
    #[schema(value_type = String, example = "32.09")]
    pub code: AreaCode,
    pub name: String,
    pub level: AreaLevel,
    #[schema(value_type = Option<String>, example = "32")]
    pub parent_code: Option<AreaCode>,
}

/// An area with the names of the areas above it, for display.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AreaDetail {
    #[serde(flatten)]
    pub area: Area,
    /// From the province down to the parent.
    pub ancestors: Vec<Area>,
    /// How many areas lie directly inside.
    pub child_count: u64,
}

#[derive(Debug, Clone, Default)]
pub struct AreaFilter {
    pub parent: Option<AreaCode>,
    pub level: Option<AreaLevel>,
    /// Case-insensitive part of the name.
    pub name: Option<String>,
}

/// An area found by name, with the names of the areas above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AreaMatch {
    #[serde(flatten)]
    pub area: Area,
    /// The names of the areas above it, nearest first (kecamatan, regency,
    /// province).
    pub within: Vec<String>,
    /// How people read it, and what the area picker sends back:
    /// `Dompyong Kulon, Gebang, Kabupaten Cirebon (32.09.30.2001)`.
    pub label: String,
}

impl AreaMatch {
    /// `within` nearest first.
    pub fn new(area: Area, within: Vec<String>) -> Self {
        let mut label = area.name.clone();
        for name in within.iter().take(2) {
            label.push_str(", ");
            label.push_str(name);
        }
        label.push_str(&format!(" ({})", area.code));
        AreaMatch { area, within, label }
    }
}

/// What an area field was given: a code, a label of the picker ending in
/// `(code)`, or words to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaText {
    Empty,
    Code(AreaCode),
    Words(String),
}

impl AreaText {
    pub fn read(raw: &str) -> Self {
        let raw = raw.trim();
        if raw.is_empty() {
            return AreaText::Empty;
        }
        let code = raw.strip_suffix(')').and_then(|r| r.rsplit_once('(')).map(|(_, c)| c).unwrap_or(raw);
        match AreaCode::parse("code", code) {
            Ok(c) => AreaText::Code(c),
            Err(_) => AreaText::Words(raw.to_string()),
        }
    }
}

/// The answer of the area picker to what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaPick {
    Empty,
    One(AreaMatch),
    /// Several areas match: the person chooses (`more`: there are others,
    /// type more of the name).
    Several {
        choices: Vec<AreaMatch>,
        more: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> AreaCode {
        AreaCode::parse("code", s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn reads_what_the_picker_sends() {
        assert_eq!(AreaText::read("  "), AreaText::Empty);
        assert_eq!(AreaText::read("32.09.30.2001"), AreaText::Code(code("32.09.30.2001")));
        assert_eq!(
            AreaText::read("Dompyong Kulon, Gebang, Kabupaten Cirebon (32.09.30.2001)"),
            AreaText::Code(code("32.09.30.2001"))
        );
        assert_eq!(AreaText::read("Dompyong Kulon"), AreaText::Words("Dompyong Kulon".into()));
        assert_eq!(AreaText::read("Kulon (utara)"), AreaText::Words("Kulon (utara)".into()));
        let a = Area {
            code: code("32.09.30.2001"),
            name: "Dompyong Kulon".into(),
            level: AreaLevel::Village,
            parent_code: None,
        };
        let m = AreaMatch::new(a, vec!["Gebang".into(), "Kabupaten Cirebon".into(), "Jawa Barat".into()]);
        assert_eq!(m.label, "Dompyong Kulon, Gebang, Kabupaten Cirebon (32.09.30.2001)");
        assert_eq!(AreaText::read(&m.label), AreaText::Code(code("32.09.30.2001")));
    }

    #[test]
    fn parses_every_level() {
        assert_eq!(code("32").level(), AreaLevel::Province);
        assert_eq!(code("32.09").level(), AreaLevel::Regency);
        assert_eq!(code("32.09.01").level(), AreaLevel::District);
        assert_eq!(code("32.09.01.2008").level(), AreaLevel::Village);
    }

    #[test]
    fn rejects_malformed_codes() {
        for bad in
            ["", "3", "320", "32.9", "32.09.1", "32.09.01.208", "32.09.01.20088", "ab", "32-09", "32.09.01.2008.1"]
        {
            assert!(AreaCode::parse("code", bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn parent_and_containment() {
        let village = code("32.09.01.2008");
        assert_eq!(village.parent(), Some(code("32.09.01")));
        assert_eq!(code("32").parent(), None);
        assert!(village.is_within(&code("32.09")));
        assert!(!code("32.09.01").is_within(&code("32.09.01.2008")));
        assert!(!code("35.04").is_within(&code("35.05")));
        assert_eq!(village.regency(), Some(code("32.09")));
        assert_eq!(code("32").regency(), None);
    }
}
