//! Reading area lists in the CSV layout of the npm package `idn-area-data`:
//! `provinces.csv` (code,name), `regencies.csv` (code,province_code,name),
//! `districts.csv` (code,regency_code,name), `villages.csv`
//! (code,district_code,name).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use satuatap_core::areas::area::AreaCode;
use satuatap_core::areas::import::AreaRow;

pub const FILES: [&str; 4] = ["provinces.csv", "regencies.csv", "districts.csv", "villages.csv"];

#[derive(Debug, thiserror::Error)]
pub enum AreaFileError {
    #[error("cannot read {file}: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}:{line}: {reason}")]
    Row { file: String, line: u64, reason: String },
    #[error("unknown area code {code}: it is not in {dir}")]
    UnknownArea { code: String, dir: String },
    #[error("{0:?} is not an area code (e.g. 32.09)")]
    BadCode(String),
}

/// The rows of one CSV file (a header, then code, [parent,] name).
pub fn read_csv(file: &str, reader: impl Read) -> Result<Vec<AreaRow>, AreaFileError> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(reader);
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = record.map_err(|e| AreaFileError::Row {
            file: file.into(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            reason: e.to_string(),
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let (code, parent, name) = match record.len() {
            2 => (&record[0], None, &record[1]),
            3 => (&record[0], Some(record[1].to_string()), &record[2]),
            n => {
                return Err(AreaFileError::Row {
                    file: file.into(),
                    line,
                    reason: format!("expected 2 or 3 columns, found {n}"),
                })
            }
        };
        rows.push(AreaRow {
            origin: format!("{file}:{line}"),
            code: code.to_string(),
            parent_code: parent,
            name: name.to_string(),
        });
    }
    Ok(rows)
}

/// Reads the four files of a directory, keeping only the areas inside
/// `only` (and the areas above them) when it is not empty.
pub fn read_dir(dir: &Path, only: &[String]) -> Result<Vec<AreaRow>, AreaFileError> {
    let mut rows = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        let file = std::fs::File::open(&path)
            .map_err(|e| AreaFileError::Read { file: path.display().to_string(), reason: e.to_string() })?;
        rows.extend(read_csv(name, std::io::BufReader::new(file))?);
    }
    restrict(rows, only, &dir.display().to_string())
}

/// The embedded extract of the four pilot regencies.
pub fn pilot() -> Result<Vec<AreaRow>, AreaFileError> {
    let sources: [(&str, &str); 4] = [
        ("provinces.csv", include_str!("../../../data/areas/pilot/provinces.csv")),
        ("regencies.csv", include_str!("../../../data/areas/pilot/regencies.csv")),
        ("districts.csv", include_str!("../../../data/areas/pilot/districts.csv")),
        ("villages.csv", include_str!("../../../data/areas/pilot/villages.csv")),
    ];
    let mut rows = Vec::new();
    for (name, text) in sources {
        rows.extend(read_csv(name, text.as_bytes())?);
    }
    Ok(rows)
}

fn restrict(rows: Vec<AreaRow>, only: &[String], dir: &str) -> Result<Vec<AreaRow>, AreaFileError> {
    if only.is_empty() {
        return Ok(rows);
    }
    let mut wanted = Vec::new();
    for raw in only {
        let code = AreaCode::parse("only", raw).map_err(|_| AreaFileError::BadCode(raw.clone()))?;
        if !rows.iter().any(|r| r.code == code.as_str()) {
            return Err(AreaFileError::UnknownArea { code: code.to_string(), dir: dir.into() });
        }
        wanted.push(code);
    }
    let mut ancestors = BTreeSet::new();
    for code in &wanted {
        let mut cur = code.parent();
        while let Some(c) = cur {
            cur = c.parent();
            ancestors.insert(c.as_str().to_string());
        }
    }
    Ok(rows
        .into_iter()
        .filter(|r| {
            ancestors.contains(&r.code)
                || AreaCode::parse("code", &r.code).is_ok_and(|c| wanted.iter().any(|w| c.is_within(w)))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pilot_extract_has_the_four_regencies_down_to_villages() {
        let rows = pilot().unwrap_or_else(|e| panic!("{e}"));
        for regency in ["32.09", "35.04", "35.05", "18.07"] {
            assert!(rows.iter().any(|r| r.code == regency), "{regency} missing");
            let villages =
                rows.iter().filter(|r| r.code.starts_with(&format!("{regency}.")) && r.code.len() == 13).count();
            assert!(villages > 200, "{regency}: {villages} villages");
        }
    }

    #[test]
    fn restrict_keeps_ancestors_and_refuses_unknown_codes() {
        let rows = pilot().unwrap_or_else(|e| panic!("{e}"));
        let only = restrict(rows.clone(), &["35.05".into()], "pilot").unwrap_or_else(|e| panic!("{e}"));
        assert!(only.iter().any(|r| r.code == "35"));
        assert!(!only.iter().any(|r| r.code.starts_with("35.04")));
        let err = restrict(rows, &["99.99".into()], "pilot").err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(err, "unknown area code 99.99: it is not in pilot");
    }

    #[test]
    fn quoted_names_with_commas() {
        let csv = "code,district_code,name\n12.07.28.1007,12.07.28,\"Lubuk Pakam I,II\"\n";
        let rows = read_csv("villages.csv", csv.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows[0].name, "Lubuk Pakam I,II");
        assert_eq!(rows[0].origin, "villages.csv:2");
    }
}
