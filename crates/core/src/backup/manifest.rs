//! The manifest: the first member of a backup, read from the very copy (or
//! snapshot) the backup holds, so that a restore can prove it loaded all of it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The version of the backup format this code writes and reads.
pub const FORMAT: u32 = 1;

/// The name of the manifest inside a backup (its first member).
pub const MANIFEST_NAME: &str = "manifest.json";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`] when written.
    pub format: u32,
    /// `sqlite` or `postgres`: the engine the database came from.
    pub engine: String,
    /// The highest migration applied to it.
    pub schema_version: i64,
    pub created_at: DateTime<Utc>,
    /// The version of `satuatap` that wrote it.
    pub satuatap_version: String,
    /// The rows of every table of the schema.
    pub counts: BTreeMap<String, i64>,
    /// The head of the audit chain.
    pub audit_head: AuditHead,
    /// The name of the database member that follows the manifest.
    pub database: String,
}

/// The last entry of the audit chain: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// One table whose rows differ between the manifest and a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountDifference {
    pub table: String,
    /// In the manifest (`None`: no such table there).
    pub expected: Option<i64>,
    /// In the database (`None`: no such table there).
    pub found: Option<i64>,
}

impl std::fmt::Display for CountDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |n: Option<i64>| n.map_or_else(|| "no table".to_string(), |n| format!("{n} rows"));
        write!(f, "{}: {} in the backup, {} restored", self.table, show(self.expected), show(self.found))
    }
}

impl Manifest {
    /// The tables whose counts in `found` differ from the manifest's
    /// (tables on one side only included); empty when they agree.
    pub fn differences(&self, found: &BTreeMap<String, i64>) -> Vec<CountDifference> {
        let mut names: Vec<&String> = self.counts.keys().chain(found.keys()).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter_map(|t| {
                let (expected, found) = (self.counts.get(t).copied(), found.get(t).copied());
                (expected != found).then(|| CountDifference { table: t.clone(), expected, found })
            })
            .collect()
    }

    /// The total of rows over every table.
    pub fn total_rows(&self) -> i64 {
        self.counts.values().sum()
    }

    /// The counts in one line: `table rows, …` (tables with rows only).
    pub fn counts_line(&self) -> String {
        let shown: Vec<String> = self.counts.iter().filter(|(_, n)| **n > 0).map(|(t, n)| format!("{t} {n}")).collect();
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(counts: &[(&str, i64)]) -> Manifest {
        Manifest {
            format: FORMAT,
            engine: "sqlite".into(),
            schema_version: 56,
            created_at: Utc::now(),
            satuatap_version: "0.1.0".into(),
            counts: counts.iter().map(|(t, n)| (t.to_string(), *n)).collect(),
            audit_head: AuditHead { seq: 3, hash: "ab".into() },
            database: "database.sqlite".into(),
        }
    }

    #[test]
    fn differences_name_every_table_that_disagrees() {
        let m = manifest(&[("people", 3), ("audit_log", 5), ("areas", 0)]);
        let same: BTreeMap<String, i64> = m.counts.clone();
        assert!(m.differences(&same).is_empty());
        let mut other = same.clone();
        other.insert("people".into(), 2);
        other.remove("areas");
        other.insert("extra".into(), 0);
        let d = m.differences(&other);
        let tables: Vec<&str> = d.iter().map(|d| d.table.as_str()).collect();
        assert_eq!(tables, ["areas", "extra", "people"]);
        assert_eq!(d[2].to_string(), "people: 3 rows in the backup, 2 rows restored");
        assert_eq!(d[0].to_string(), "areas: 0 rows in the backup, no table restored");
        assert_eq!(m.total_rows(), 8);
        assert_eq!(m.counts_line(), "audit_log 5, people 3");
    }

    #[test]
    fn the_manifest_reads_back_as_written_and_refuses_unknown_fields() -> serde_json::Result<()> {
        let m = manifest(&[("people", 3)]);
        let text = serde_json::to_string(&m)?;
        assert_eq!(serde_json::from_str::<Manifest>(&text)?, m);
        let extra = text.replacen('{', "{\"surprise\":1,", 1);
        assert!(serde_json::from_str::<Manifest>(&extra).is_err());
        Ok(())
    }
}
