//! Report periods: a range of days inclusive at both ends, written as a
//! month (`202601`), a quarter (`2026Q1`), a year (`2026`) or two dates;
//! and how a range splits into whole months and loose days, so that the
//! aggregates are read by month where they can be.

use chrono::{Datelike, Months, NaiveDate};

use crate::error::FieldError;

/// A range of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// How the range is read: loose days at either end, whole months between.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spans {
    /// Ranges of days (inclusive) read from the daily table.
    pub days: Vec<(NaiveDate, NaiveDate)>,
    /// First days of the first and last whole months (inclusive), read from the monthly table.
    pub months: Option<(NaiveDate, NaiveDate)>,
}

pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub fn month_end(d: NaiveDate) -> NaiveDate {
    month_start(d).checked_add_months(Months::new(1)).and_then(|n| n.pred_opt()).unwrap_or(d)
}

impl Period {
    /// `202601`, `2026Q1` or `2026` (DHIS2's period identifiers).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        let bad = || FieldError::new(field, "invalid_period").with("value", s);
        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (1950..=9999).contains(y));
        let day = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
        let (from, months) = match s.len() {
            4 if s.bytes().all(|b| b.is_ascii_digit()) => (year(s).and_then(|y| day(y, 1)), 12),
            6 if s.as_bytes()[4] == b'Q' || s.as_bytes()[4] == b'q' => {
                let q = s[5..].parse::<u32>().ok().filter(|q| (1..=4).contains(q));
                (year(&s[..4]).zip(q).and_then(|(y, q)| day(y, q * 3 - 2)), 3)
            }
            6 if s.bytes().all(|b| b.is_ascii_digit()) => {
                let m = s[4..].parse::<u32>().ok().filter(|m| (1..=12).contains(m));
                (year(&s[..4]).zip(m).and_then(|(y, m)| day(y, m)), 1)
            }
            _ => (None, 0),
        };
        let from = from.ok_or_else(bad)?;
        let to = from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).ok_or_else(bad)?;
        Ok(Period { from, to })
    }

    /// The months the period touches, each as its first day.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut m = month_start(self.from);
        while m <= self.to {
            out.push(m);
            match m.checked_add_months(Months::new(1)) {
                Some(n) => m = n,
                None => break,
            }
        }
        out
    }

    /// The period as one span of days (for what has no monthly aggregates:
    /// counts read live from their records).
    pub fn day_span(&self) -> Spans {
        Spans { days: vec![(self.from, self.to)], months: None }
    }

    pub fn spans(&self) -> Spans {
        let mut spans = Spans::default();
        if self.to < self.from {
            return spans;
        }
        // The first whole month starts on or after `from`; the last ends on or before `to`.
        let first = if self.from.day() == 1 {
            Some(self.from)
        } else {
            self.from.checked_add_months(Months::new(1)).map(month_start)
        };
        let last = if month_end(self.to) == self.to {
            Some(month_start(self.to))
        } else {
            month_start(self.to).checked_sub_months(Months::new(1))
        };
        match (first, last) {
            (Some(f), Some(l)) if f <= l => {
                if self.from < f {
                    spans.days.push((self.from, f.pred_opt().unwrap_or(f)));
                }
                spans.months = Some((f, l));
                let after = month_end(l);
                if after < self.to {
                    spans.days.push((after.succ_opt().unwrap_or(after), self.to));
                }
            }
            _ => spans.days.push((self.from, self.to)),
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn dhis2_periods() {
        assert_eq!(Period::parse("p", "202601"), Ok(Period { from: d(2026, 1, 1), to: d(2026, 1, 31) }));
        assert_eq!(Period::parse("p", "2024Q1"), Ok(Period { from: d(2024, 1, 1), to: d(2024, 3, 31) }));
        assert_eq!(Period::parse("p", "2026Q4"), Ok(Period { from: d(2026, 10, 1), to: d(2026, 12, 31) }));
        assert_eq!(Period::parse("p", "2026"), Ok(Period { from: d(2026, 1, 1), to: d(2026, 12, 31) }));
        for bad in ["", "2026Q5", "202613", "20261", "abcd", "1900", "2026-01"] {
            assert_eq!(Period::parse("p", bad).map_err(|e| e.code), Err("invalid_period"), "{bad}");
        }
    }

    #[test]
    fn spans_read_whole_months_from_the_monthly_table() {
        let p = Period { from: d(2026, 1, 15), to: d(2026, 4, 10) };
        assert_eq!(
            p.spans(),
            Spans {
                days: vec![(d(2026, 1, 15), d(2026, 1, 31)), (d(2026, 4, 1), d(2026, 4, 10))],
                months: Some((d(2026, 2, 1), d(2026, 3, 1))),
            }
        );
        let q = Period { from: d(2026, 1, 1), to: d(2026, 3, 31) };
        assert_eq!(Period::parse("p", "2026Q1"), Ok(q));
        assert_eq!(q.spans(), Spans { days: vec![], months: Some((d(2026, 1, 1), d(2026, 3, 1))) });
        let inside = Period { from: d(2026, 2, 3), to: d(2026, 2, 20) };
        assert_eq!(inside.spans(), Spans { days: vec![(d(2026, 2, 3), d(2026, 2, 20))], months: None });
        let across = Period { from: d(2026, 2, 3), to: d(2026, 3, 20) };
        assert_eq!(across.spans(), Spans { days: vec![(d(2026, 2, 3), d(2026, 3, 20))], months: None });
        assert_eq!(q.months(), vec![d(2026, 1, 1), d(2026, 2, 1), d(2026, 3, 1)]);
    }
}
