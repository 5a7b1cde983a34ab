//! The details of an `update` entry: the fields an edit changed, with their
//! new values; an edit that changes nothing writes no entry.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    /// Records `field` with its new value when it differs from the old one.
    pub fn note<T: PartialEq + Serialize>(&mut self, field: &str, old: &T, new: &T) {
        if old != new {
            self.0.insert(field.to_string(), serde_json::to_value(new).unwrap_or(Value::Null));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entry's details: `{field: new value, …}`.
    pub fn into_details(self) -> Value {
        Value::Object(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_differs_is_noted() {
        let mut c = Changes::default();
        c.note("name", &"A".to_string(), &"A".to_string());
        assert!(c.is_empty());
        c.note("phone", &None::<String>, &Some("0812".to_string()));
        assert_eq!(c.into_details(), serde_json::json!({"phone": "0812"}));
    }
}
