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
use crate::reports::tables::{AppliedFilter, Figure, ReportTable, TableRequest};

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
        let tables = self.headline_tables(ctx, req, None).await;
        assemble(self.suppression_k(), tables.into_iter().flatten())
    }

    /// An indicator's table and the headline of its period and place (the
    /// dashboard), asked together. When the table is one of the headline's
    /// rows asked as the headline asks it (no rows, no filter but the
    /// district), it is counted once and its total row is the headline's.
    pub async fn table_and_headline(
        &self,
        ctx: &Ctx,
        req: &TableRequest,
        hreq: &HeadlineRequest,
    ) -> (Result<ReportTable>, Result<Headline>) {
        let code = req.indicator.trim();
        let Some(at) = HEADLINE.iter().position(|c| *c == code).filter(|_| same_question(req, hreq)) else {
            return futures_util::future::join(self.report_table(ctx, req), self.headline(ctx, hreq)).await;
        };
        if let Err(e) = AuthCheck::new(Permission::ReportsAggregate).check(&ctx.actor) {
            return (self.report_table(ctx, req).await, Err(e));
        }
        let (table, mut tables) =
            futures_util::future::join(self.report_table(ctx, req), self.headline_tables(ctx, hreq, Some(at))).await;
        let headline = match (&table, tables.get_mut(at)) {
            (Ok(t), Some(slot)) => {
                *slot = Some(Ok(t.clone()));
                assemble(self.suppression_k(), tables.into_iter().flatten())
            }
            // The table's error is the page's; the headline is asked on its own.
            _ => self.headline(ctx, hreq).await,
        };
        (table, headline)
    }

    /// The headline's tables in its order, without their trends; the one
    /// at `skip` is not asked (`None` in its place). Asked together, each
    /// from its own connection.
    async fn headline_tables(
        &self,
        ctx: &Ctx,
        req: &HeadlineRequest,
        skip: Option<usize>,
    ) -> Vec<Option<Result<ReportTable>>> {
        futures_util::future::join_all(HEADLINE.iter().enumerate().map(|(i, code)| {
            let t = TableRequest {
                indicator: (*code).to_string(),
                period: req.period.clone(),
                from: req.from,
                to: req.to,
                by: None,
                filters: req.district.iter().map(|d| ("district".to_string(), d.clone())).collect(),
            };
            async move {
                match skip == Some(i) {
                    true => None,
                    false => Some(self.table_of(ctx, &t, false).await),
                }
            }
        }))
        .await
    }
}

/// Whether a table asks what the headline asks of its indicator: the same
/// period, no rows, and no filter but the headline's district.
fn same_question(req: &TableRequest, hreq: &HeadlineRequest) -> bool {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let filters: Vec<(&str, &str)> =
        req.filters.iter().map(|(k, v)| (k.as_str(), v.trim())).filter(|(_, v)| !v.is_empty()).collect();
    let district = given(&hreq.district);
    given(&req.by).is_none()
        && given(&req.period) == given(&hreq.period)
        && req.from == hreq.from
        && req.to == hreq.to
        && filters == district.as_deref().map(|d| ("district", d)).into_iter().collect::<Vec<_>>()
}

/// The headline from its tables, in its order; a table the caller may not
/// read is left out.
fn assemble(k: i64, tables: impl Iterator<Item = Result<ReportTable>>) -> Result<Headline> {
    let mut rows = Vec::new();
    let mut head = None;
    let mut k = k;
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

const ZERO: Figure = Figure { count: crate::reports::suppression::Cell::Value(0), base: None, value: None };
