//! Files attached to a case (scans of contracts, passports, photos): a few
//! types recognised by their content, a size limit, sealed at rest.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::error::FieldError;

/// The largest attachment accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The types accepted, recognised by their first bytes (the name and the
/// declared type are not trusted).
pub fn content_type_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A file name safe to show and to offer for download: the last path
/// part, printable characters only, at most 120 characters.
pub fn clean_name(raw: &str) -> Result<String, FieldError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String =
        last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ';')).take(120).collect();
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return Err(FieldError::new("name", "required"));
    }
    Ok(name)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    pub case_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_content_and_clean_names() {
        assert_eq!(content_type_of(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(content_type_of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(content_type_of(b"MZ\x90\x00 an exe"), None);
        assert_eq!(content_type_of(b"<html>"), None);
        assert_eq!(clean_name("C:\\\\scans\\\\paspor \"x\".pdf").unwrap(), "paspor x.pdf");
        assert_eq!(clean_name("../../etc/passwd").unwrap(), "passwd");
        assert!(clean_name("..").is_err());
    }
}
