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
