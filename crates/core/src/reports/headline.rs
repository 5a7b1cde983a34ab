//! The programme's headline table: the few numbers it publishes for a
//! period (people served by sex, family members, women reached, people
//! trained and organised, village information centres, local
//! regulations), each the total row of its indicator's table, so that it
//! is counted, scoped and suppressed exactly as that table is.

use chrono::NaiveDate;
use serde::Serialize;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::error::{Error, Result};
use crate::reports::catalogue::Unit;
use crate::reports::tables::{AppliedFilter, Figure, TableRequest};

/// The indicators of the headline, in the order it shows them.
pub const HEADLINE: &[&str] = &[
    "people_served",
    "family_members_served",
    "women_reached",
    "people_organised",
    "people_trained",
    "villages",
    "local_regulations",
];

/// The period and the place of the headline.
#[derive(Debug, Clone, Default)]
pub struct HeadlineRequest {
    pub period: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub district: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HeadlineRow {
    pub indicator: &'static str,
    pub unit: Unit,
    /// Women and men (in the order of `columns`); empty when the indicator is not counted by sex.
    pub cells: Vec<Figure>,
    pub total: Figure,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Headline {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The place: the caller's and what her scope adds (of the first row).
    pub filters: Vec<AppliedFilter>,
    /// The sex columns: `female`, `male`.
    pub columns: Vec<String>,
    /// The indicators the caller may read, in the headline's order.
    pub rows: Vec<HeadlineRow>,
    /// Counts under this were suppressed.
    pub k: i64,
}

impl App {
    /// The headline of a period for the caller's area. An indicator her
    /// scope cannot read (a supervisor's organisation issues no
    /// regulations) is left out.
    pub async fn headline(&self, ctx: &Ctx, req: &HeadlineRequest) -> Result<Headline> {
        AuthCheck::new(Permission::ReportsAggregate).check(&ctx.actor)?;
        let mut rows = Vec::new();
        let mut head = None;
        let mut k = self.suppression_k();
        // The tables asked together (each from its own connection), read in
        // the headline's order.
        let tables = futures_util::future::join_all(HEADLINE.iter().map(|code| {
            let t = TableRequest {
                indicator: (*code).to_string(),
                period: req.period.clone(),
                from: req.from,
                to: req.to,
                by: None,
                filters: req.district.iter().map(|d| ("district".to_string(), d.clone())).collect(),
            };
            async move { self.table_of(ctx, &t, false).await }
        }))
        .await;
        for table in tables {
            let table = match table {
                Ok(table) => table,
                Err(Error::Forbidden) => continue,
                Err(e) => return Err(e),
            };
            k = k.max(table.k);
            let columns = table.columns.clone();
            let cells = if columns.is_empty() {
                Vec::new()
            } else {
                ["female", "male"]
                    .iter()
                    .map(|s| {
                        let i = columns.iter().position(|c| c == s);
                        i.and_then(|i| table.totals.cells.get(i)).copied().unwrap_or(ZERO)
                    })
                    .collect()
            };
            rows.push(HeadlineRow { indicator: table.indicator, unit: table.unit, cells, total: table.totals.total });
            if head.is_none() {
                head = Some((table.from, table.to, table.filters));
            }
        }
        // Every reader of aggregates may read people served; without a row,
        // the scope reads nothing.
        let (from, to, filters) = head.ok_or(Error::Forbidden)?;
        Ok(Headline { from, to, filters, columns: vec!["female".into(), "male".into()], rows, k })
    }
}

const ZERO: Figure = Figure { count: crate::reports::suppression::Cell::Value(0), base: None, value: None };
