//! What the tables ask of the aggregates: a slice (values kept, columns
//! grouped by) of an aggregate's events over a period's spans, or of the
//! people served in a period. Plain data, shared by the services and the
//! repository trait.

use uuid::Uuid;

use crate::reports::catalogue::Column;
use crate::reports::period::{Period, Spans};

/// A value a slice keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Id(Uuid),
}

/// Which rows of an aggregate count, and how they are grouped.
#[derive(Debug, Clone, Default)]
pub struct Slice {
    pub filters: Vec<(Column, Value)>,
    /// Categories left out (sensitive ones, in tables by organisation).
    pub exclude_categories: Vec<&'static str>,
    pub group: Vec<Column>,
}

/// How unique people are counted in a slice: once in all, or once in each
/// organisation and/or each service category the slice names (groups or
/// filters by), each person at her first row of the period in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeopleOrder {
    pub per_organisation: bool,
    pub per_category: bool,
}

impl Slice {
    fn involves(&self, c: Column) -> bool {
        self.group.contains(&c) || self.filters.iter().any(|(x, _)| *x == c)
    }

    /// The order unique people are counted in: two slices with the same
    /// order count the same rows (each person's first of the period), so
    /// one grouped by fewer columns is the sum of the other's counts.
    pub fn people_order(&self) -> PeopleOrder {
        PeopleOrder {
            per_organisation: self.involves(Column::Organisation),
            per_category: self.involves(Column::Category),
        }
    }
}

/// Events of an aggregate over the spans of a period.
#[derive(Debug, Clone)]
pub struct EventQuery<'a> {
    pub aggregate: &'a str,
    pub detail: Option<&'a str>,
    pub spans: Spans,
    pub slice: &'a Slice,
    /// Counted live from the records' own view (`report_records`, whose
    /// `indicator` is `aggregate`) over the days of `spans`, not from the
    /// aggregate tables.
    pub live: bool,
    /// Grouped by month too: each count's key starts with its month
    /// (`YYYY-MM`), before the slice's group columns (a trend in one query).
    pub by_month: bool,
}

/// Unique people served in a period.
#[derive(Debug, Clone)]
pub struct PeopleQuery<'a> {
    pub period: Period,
    pub family: bool,
    pub slice: &'a Slice,
    /// Each month of the period on its own (a person counted in every month
    /// she was served; the key starts with the month, `YYYY-MM`).
    pub by_month: bool,
}

/// Counts by the values of the slice's group columns, in order (an
/// organisation as its UUID's text).
pub type Counts = Vec<(Vec<String>, i64)>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_counted_per_organisation_or_category_only_when_named() {
        let slice = |group: &[Column], filters: &[Column]| Slice {
            filters: filters.iter().map(|c| (*c, Value::Text("x".into()))).collect(),
            exclude_categories: Vec::new(),
            group: group.to_vec(),
        };
        let order = |o, c| PeopleOrder { per_organisation: o, per_category: c };
        assert_eq!(slice(&[], &[]).people_order(), order(false, false));
        assert_eq!(slice(&[Column::Village, Column::Sex], &[Column::AgeGroup]).people_order(), order(false, false));
        assert_eq!(slice(&[Column::Organisation], &[]).people_order(), order(true, false));
        assert_eq!(slice(&[Column::Sex], &[Column::Organisation]).people_order(), order(true, false));
        assert_eq!(slice(&[], &[Column::Category]).people_order(), order(false, true));
        assert_eq!(slice(&[Column::Category], &[Column::Organisation]).people_order(), order(true, true));
        // A row by organisation and its sex margin are counted in different orders.
        assert_ne!(
            slice(&[Column::Organisation, Column::Sex], &[]).people_order(),
            slice(&[Column::Sex], &[]).people_order()
        );
    }
}
