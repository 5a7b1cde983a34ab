//! A form of the case page refused: which one, and what was typed in it,
//! for the page shown again.

/// A form of the case page that was refused: its element id and what was
/// typed in it, field by field (a string or a list of strings).
pub struct Refused {
    pub(crate) form: &'static str,
    pub(crate) typed: serde_json::Map<String, serde_json::Value>,
}

impl Refused {
    /// `typed` is the form as received (any `Serialize` form struct).
    pub(crate) fn of(form: &'static str, typed: &impl serde::Serialize) -> Self {
        let typed = match serde_json::to_value(typed) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        Refused { form, typed }
    }

    /// The values typed in `field`.
    pub(crate) fn values(&self, field: &str) -> Vec<String> {
        match self.typed.get(field) {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        }
    }
}
