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
/// part, printable characters only, at most 120 characters. Control
/// characters and the invisible ones that reorder or hide text are dropped,
/// so that `invoice\u{202E}fdp.exe` cannot pass for `invoiceexe.pdf`.
pub fn clean_name(raw: &str) -> Result<String, FieldError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last
        .chars()
        .filter(|&c| !c.is_control() && !is_invisible_format(c) && !matches!(c, '"' | '<' | '>' | ';'))
        .take(120)
        .collect();
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return Err(FieldError::new("name", "required"));
    }
    Ok(name)
}

/// Bidirectional controls (embeddings, overrides, isolates, marks) and the
/// other invisible formatting characters (zero-width spaces and joiners,
/// word joiner, invisible operators, byte-order mark, soft hyphen, line and
/// paragraph separators, interlinear annotations).
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
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

    #[test]
    fn no_name_hides_its_real_extension() {
        assert_eq!(clean_name("invoice\u{202E}fdp.exe").unwrap(), "invoicefdp.exe");
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
            '\u{2067}', '\u{2068}', '\u{2069}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{2028}', '\u{0000}', '\u{001B}',
            '\u{007F}', '\u{0085}', '\u{009B}',
        ] {
            assert_eq!(clean_name(&format!("kon{c}trak.pdf")).unwrap(), "kontrak.pdf", "U+{:04X}", c as u32);
        }
        assert!(clean_name("\u{202E}\u{2066}").is_err(), "nothing visible left");
        // Letters of right-to-left scripts stay: only the controls go.
        assert_eq!(clean_name("عقد.pdf").unwrap(), "عقد.pdf");
    }
}
