//! Helpers for LIKE patterns.

/// A case-insensitive `LIKE` pattern matching `needle` anywhere, with `\` as
/// the escape character (use `ESCAPE '\'` in the SQL).
pub(crate) fn contains_pattern(needle: &str) -> String {
    format!("%{}%", escape_like(needle))
}

/// The pattern matching what starts with `needle` (lower case, escaped).
pub(crate) fn prefix_pattern(needle: &str) -> String {
    format!("{}%", escape_like(needle))
}

fn escape_like(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len());
    for c in needle.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The pattern matching every code strictly inside `code` (`32.09` → `32.09.%`).
pub(crate) fn inside_pattern(code: &str) -> String {
    format!("{code}.%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(contains_pattern(" Siti_100% "), "%siti\\_100\\%%");
        assert_eq!(inside_pattern("32.09"), "32.09.%");
        assert_eq!(prefix_pattern("Dompyong 5%"), "dompyong 5\\%%");
    }
}
