//! Reading a CSV file of exchange rates: `currency,date,idr_per_unit,source`
//! (a header line first, columns in any order).

use satuatap_core::reports::exchange::NewRate;
use satuatap_core::{Error, FieldError};

/// The rows of the file with their line numbers, or what is wrong with it.
pub fn read(bytes: &[u8]) -> Result<Vec<(u64, NewRate)>, Error> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(bytes);
    let header = reader.headers().map_err(|_| Error::invalid("file", "not_csv"))?.clone();
    let column = |name: &'static str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .ok_or_else(|| FieldError::new("file", "missing_column").with("column", name))
    };
    let mut missing = Vec::new();
    let mut find = |name| match column(name) {
        Ok(i) => Some(i),
        Err(e) => {
            missing.push(e);
            None
        }
    };
    let (currency, date, rate, source) = (find("currency"), find("date"), find("idr_per_unit"), find("source"));
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let (Some(currency), Some(date), Some(rate), Some(source)) = (currency, date, rate, source) else {
        return Err(Error::invalid("file", "not_csv"));
    };
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| Error::invalid("file", "not_csv"))?;
        // The line in the file (blank lines are skipped; the header is line 1).
        let line = record.position().map_or(i as u64 + 2, |p| {
            let mut start = usize::try_from(p.byte()).unwrap_or(usize::MAX).min(bytes.len());
            // A record's position may start on the blank lines before it.
            while matches!(bytes.get(start), Some(b'\n' | b'\r')) {
                start += 1;
            }
            bytes[..start].iter().filter(|b| **b == b'\n').count() as u64 + 1
        });
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |c: usize| record.get(c).unwrap_or_default().to_string();
        rows.push((
            line,
            NewRate { currency: get(currency), date: get(date), idr_per_unit: get(rate), source: get(source) },
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_any_order_and_lines_counted_from_the_header() {
        let Ok(rows) =
            read(b"date,currency,source,idr_per_unit\n2026-01-02,HKD,BI,2063.5\n\n2026-01-02,USD,BI,16100\n")
        else {
            panic!("a good file is read")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].0, rows[0].1.currency.as_str(), rows[0].1.idr_per_unit.as_str()), (2, "HKD", "2063.5"));
        assert_eq!(rows[1].0, 4);
        let Err(Error::Invalid(e)) = read(b"currency,date\nHKD,2026-01-02\n") else { panic!() };
        let missing: Vec<String> = e.iter().map(|e| e.args[0].1.clone()).collect();
        assert_eq!(missing, ["idr_per_unit", "source"]);
    }
}
