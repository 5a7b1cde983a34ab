//! Validated text newtypes: once built, they are known to be well-formed.

use crate::error::FieldError;

/// A display name (of an organisation, office, area...): trimmed, inner white
/// space folded, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 200;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if folded.chars().count() > Self::MAX {
            return Err(FieldError::new(field, "too_long").with("max", Self::MAX));
        }
        if folded.chars().any(char::is_control) {
            return Err(FieldError::new(field, "control_characters"));
        }
        Ok(Name(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Optional free text (an address, a note): trimmed, at most `max` characters;
/// empty becomes `None`.
pub fn optional_text(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(FieldError::new(field, "too_long").with("max", max));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(FieldError::new(field, "control_characters"));
    }
    Ok(Some(trimmed.to_string()))
}

/// A short stable code chosen by people (an organisation or office code):
/// upper-case letters, digits and `-`, 2 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(String);

impl Code {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let ok_chars = code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !(2..=40).contains(&code.len()) || !ok_chars || code.starts_with('-') || code.ends_with('-') {
            return Err(FieldError::new(field, "invalid_code").with("value", raw.trim()));
        }
        Ok(Code(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_folds_white_space_and_rejects_empty() {
        assert_eq!(Name::parse("name", "  Siti   Aminah ").map(Name::into_inner), Ok("Siti Aminah".into()));
        assert_eq!(Name::parse("name", "   ").map_err(|e| e.code), Err("required"));
        assert_eq!(Name::parse("name", &"a".repeat(201)).map_err(|e| e.code), Err("too_long"));
    }

    #[test]
    fn code_is_upper_case_and_restricted() {
        assert_eq!(Code::parse("code", "sbmi-crb").map(|c| c.as_str().to_string()), Ok("SBMI-CRB".into()));
        assert!(Code::parse("code", "a b").is_err());
        assert!(Code::parse("code", "-AB").is_err());
        assert!(Code::parse("code", "X").is_err());
    }

    #[test]
    fn optional_text_empty_is_none() {
        assert_eq!(optional_text("note", Some("  "), 10), Ok(None));
        assert_eq!(optional_text("note", Some(" ab "), 10), Ok(Some("ab".into())));
        assert!(optional_text("note", Some("abcdefghijk"), 10).is_err());
    }
}
