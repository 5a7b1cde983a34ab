//! Helpers for LIKE patterns.

/// A case-insensitive `LIKE` pattern matching `needle` anywhere, with `\` as
/// the escape character (use `ESCAPE '\'` in the SQL).
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
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
    }
}
