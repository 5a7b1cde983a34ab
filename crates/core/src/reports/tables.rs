//! An indicator as a published table: rows by one dimension, columns by
//! sex (every count in every report is split by sex), margins, a trend by
//! month, every count through small-cell suppression. Who may read what:
//! the M&E officer and administrators every district, a district
//! coordinator her district, a supervisor what her organisation did.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::{AreaCode, AreaLevel};
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::community::activity::AgeGroup;
use crate::error::{Error, FieldError, Result};
use crate::reports::catalogue::{indicator, Column, Dimension, Indicator, Measure, Unit};
use crate::reports::period::Period;
use crate::reports::query::{EventQuery, PeopleQuery, Slice, Value};
use crate::reports::suppression::{suppress, Cell, DEFAULT_SENSITIVE_K};

/// What to count, as asked (the web layer fills it from a form or a query).
#[derive(Debug, Clone, Default)]
pub struct TableRequest {
    pub indicator: String,
    /// `202601`, `2026Q1`, `2026`; or `from` and `to`.
    pub period: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub by: Option<String>,
    /// Dimension code → the one value kept.
    pub filters: BTreeMap<String, String>,
}

/// One published figure: a count, and for rates its base and the share,
/// for medians the median.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Figure {
    pub count: Cell,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Cell>,
    /// The share in percent (rates) or the median in days; absent when its counts are suppressed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TableRow {
    /// The code of the row's value (an area code, an organisation's id, a code of a list), or `total`.
    pub key: String,
    /// The name of an area or an organisation (codes of lists are translated by the caller).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// One per column, in the order of `columns`.
    pub cells: Vec<Figure>,
    pub total: Figure,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrendPoint {
    /// The month's first day.
    pub month: NaiveDate,
    pub value: Figure,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportTable {
    pub indicator: &'static str,
    pub unit: Unit,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: Option<Dimension>,
    /// Every value kept, the caller's and those her scope adds.
    pub filters: Vec<AppliedFilter>,
    /// The column dimension: `sex` (codes in `columns`), or none (one total column).
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    pub totals: TableRow,
    pub trend: Vec<TrendPoint>,
    /// Counts under this were suppressed.
    pub k: i64,
    /// GBV and trafficking cases were left out (a table by organisation).
    pub sensitive_left_out: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppliedFilter {
    pub dimension: Dimension,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The most months a trend shows (the last ones of the period).
pub const TREND_MONTHS: usize = 36;

fn invalid(field: &str, code: &'static str) -> Error {
    Error::Invalid(vec![FieldError::new(field, code)])
}

/// The period asked for: a DHIS2-style identifier, or two dates.
pub fn period_of(req: &TableRequest, today: NaiveDate) -> Result<Period> {
    if let Some(p) = req.period.as_deref().filter(|p| !p.trim().is_empty()) {
        return Period::parse("period", p).map_err(|e| Error::Invalid(vec![e]));
    }
    let earliest = crate::community::earliest();
    let to = req.to.unwrap_or(today);
    // Default: the twelve months up to `to`.
    let start = crate::reports::period::month_start(to);
    let from = req.from.unwrap_or_else(|| start.checked_sub_months(chrono::Months::new(11)).unwrap_or(start));
    for (field, day) in [("from", from), ("to", to)] {
        if day < earliest {
            return Err(Error::Invalid(vec![FieldError::new(field, "too_early").with("earliest", earliest)]));
        }
    }
    if to < from {
        return Err(Error::Invalid(vec![FieldError::new("to", "before_start").with("start", from)]));
    }
    Ok(Period { from, to })
}

fn code_value(field: &str, raw: &str) -> Result<String> {
    let ok = !raw.is_empty()
        && raw.len() <= 64
        && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(raw.to_string())
    } else {
        Err(Error::Invalid(vec![FieldError::new(field, "unknown_code").with("value", raw)]))
    }
}

fn area_value(field: &str, raw: &str, level: AreaLevel) -> Result<AreaCode> {
    let code = AreaCode::parse(field, raw).map_err(|e| Error::Invalid(vec![e]))?;
    if code.level() != level {
        return Err(Error::Invalid(vec![FieldError::new(field, "wrong_area_level").with("value", raw)]));
    }
    Ok(code)
}

/// The validated question: the indicator, the period, the slice (with the
/// scope's own filters), the row dimension.
struct Plan {
    ind: &'static Indicator,
    period: Period,
    by: Option<(Dimension, Column)>,
    slice: Slice,
    applied: Vec<AppliedFilter>,
    sex_columns: bool,
    k: i64,
    sensitive_left_out: bool,
}

impl App {
    fn plan(&self, ctx: &Ctx, req: &TableRequest) -> Result<Plan> {
        let scope = AuthCheck::new(Permission::ReportsAggregate).check(&ctx.actor)?;
        let ind = indicator(req.indicator.trim()).filter(|i| i.available()).ok_or_else(|| {
            Error::Invalid(vec![FieldError::new("indicator", "unknown_code").with("value", req.indicator.trim())])
        })?;
        let period = period_of(req, self.today())?;
        let by = match req.by.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(b) => {
                let d: Dimension = b.parse().map_err(|()| invalid("by", "unknown_code"))?;
                Some((d, ind.column(d).ok_or_else(|| invalid("by", "not_a_dimension"))?))
            }
        };
        let mut slice = Slice::default();
        let mut applied = Vec::new();
        let mut district: Option<AreaCode> = None;
        for (name, raw) in &req.filters {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            let d: Dimension = name.parse().map_err(|()| invalid(name, "unknown_code"))?;
            let column = ind.column(d).ok_or_else(|| invalid(name, "not_a_dimension"))?;
            let value = match d {
                Dimension::District => {
                    let a = area_value(name, raw, AreaLevel::Regency)?;
                    district = Some(a.clone());
                    Value::Text(a.as_str().to_string())
                }
                Dimension::Kecamatan => Value::Text(area_value(name, raw, AreaLevel::District)?.as_str().to_string()),
                Dimension::Village => Value::Text(area_value(name, raw, AreaLevel::Village)?.as_str().to_string()),
                Dimension::Organisation | Dimension::Desk => {
                    Value::Id(Uuid::parse_str(raw).map_err(|_| invalid(name, "invalid_id"))?)
                }
                Dimension::Sex => Value::Text(
                    crate::registry::person::Sex::parse(name, raw)
                        .map_err(|e| Error::Invalid(vec![e]))?
                        .as_str()
                        .into(),
                ),
                Dimension::AgeGroup => {
                    Value::Text(AgeGroup::parse(name, raw).map_err(|e| Error::Invalid(vec![e]))?.as_str().into())
                }
                _ => Value::Text(code_value(name, raw)?),
            };
            applied.push(AppliedFilter { dimension: d, value: raw.to_string(), name: None });
            slice.filters.push((column, value));
        }
        // The reader's scope.
        if !scope.covers(Scope::All) {
            let user = ctx.actor.user().ok_or(Error::Forbidden)?;
            let home = user.home_area.regency().ok_or(Error::Forbidden)?;
            if let Some(d) = &district {
                if *d != home {
                    return Err(Error::Invalid(vec![
                        FieldError::new("district", "outside_your_area").with("value", d.as_str())
                    ]));
                }
            }
            for (column, value) in &slice.filters {
                if let (Column::Kecamatan | Column::Village, Value::Text(code)) = (column, value) {
                    if !code.starts_with(home.as_str()) {
                        let field = if *column == Column::Village { "village" } else { "kecamatan" };
                        return Err(Error::Invalid(vec![
                            FieldError::new(field, "outside_your_area").with("value", code.as_str())
                        ]));
                    }
                }
            }
            if district.is_none() && ind.column(Dimension::District).is_some() {
                slice.filters.push((Column::District, Value::Text(home.as_str().to_string())));
                applied.push(AppliedFilter {
                    dimension: Dimension::District,
                    value: home.as_str().to_string(),
                    name: None,
                });
            }
            if !scope.covers(Scope::District) {
                if !scope.covers(Scope::Organisation) {
                    return Err(Error::Forbidden);
                }
                let own = user.organisation_id;
                match slice.filters.iter().find(|(c, _)| *c == Column::Organisation) {
                    Some((_, Value::Id(o))) if *o != own => {
                        return Err(Error::Invalid(vec![FieldError::new("organisation", "outside_your_area")]))
                    }
                    Some(_) => {}
                    None => {
                        let column = ind.column(Dimension::Organisation).or_else(|| ind.column(Dimension::Desk));
                        let Some(column) = column else { return Err(Error::Forbidden) };
                        slice.filters.push((column, Value::Id(own)));
                        applied.push(AppliedFilter {
                            dimension: Dimension::Organisation,
                            value: own.to_string(),
                            name: None,
                        });
                    }
                }
            }
        }
        let sex_columns = ind.column(Dimension::Sex).is_some() && by.is_none_or(|(d, _)| d != Dimension::Sex);
        if let Some((_, c)) = by {
            slice.group.push(c);
        }
        // GBV and trafficking never by organisation; their tables at the higher threshold.
        let sensitive = ind.sensitive_categories;
        let by_org = by.is_some_and(|(_, c)| c == Column::Organisation)
            || slice.filters.iter().any(|(c, _)| *c == Column::Organisation);
        let kept_sensitive = slice
            .filters
            .iter()
            .any(|(c, v)| *c == Column::Category && matches!(v, Value::Text(t) if sensitive.contains(&t.as_str())));
        let mut sensitive_left_out = false;
        let mut k = self.suppression_k();
        if !sensitive.is_empty() && by_org {
            if kept_sensitive {
                let field =
                    ind.dimensions.iter().find(|(_, c)| *c == Column::Category).map_or("kind", |(d, _)| d.as_str());
                return Err(Error::Invalid(vec![FieldError::new(field, "not_by_organisation")]));
            }
            slice.exclude_categories = sensitive.to_vec();
            sensitive_left_out = true;
        } else if !sensitive.is_empty() && (kept_sensitive || by.is_some_and(|(_, c)| c == Column::Category)) {
            k = k.max(DEFAULT_SENSITIVE_K);
        }
        // GBV and trafficking indicators: the higher threshold always.
        if ind.sensitive {
            k = k.max(DEFAULT_SENSITIVE_K);
        }
        Ok(Plan { ind, period, by, slice, applied, sex_columns, k, sensitive_left_out })
    }

    /// One indicator as a published table.
    pub async fn report_table(&self, ctx: &Ctx, req: &TableRequest) -> Result<ReportTable> {
        self.table_of(ctx, req, true).await
    }

    /// The table, with its trend by month or without (the headline).
    pub(crate) async fn table_of(&self, ctx: &Ctx, req: &TableRequest, with_trend: bool) -> Result<ReportTable> {
        let mut plan = self.plan(ctx, req)?;
        let grouped =
            self.grouped(plan.ind, plan.period, plan.by.is_some(), plan.sex_columns, &plan.slice, false).await?;
        let rows: Vec<String> = match plan.by {
            None => vec!["total".into()],
            Some(_) => grouped.keys().map(|(r, _)| r.clone()).collect::<BTreeSet<_>>().into_iter().collect(),
        };
        let columns: Vec<String> = if plan.sex_columns {
            let mut c = vec!["female".to_string(), "male".to_string()];
            for (_, s) in grouped.keys() {
                if !c.contains(s) {
                    c.push(s.clone());
                }
            }
            c
        } else {
            Vec::new()
        };
        let has_cols = !columns.is_empty();
        let ncols = columns.len().max(1);
        let col_key = |i: usize| columns.get(i).cloned().unwrap_or_default();
        let grid = |which: fn(&Pair) -> i64| -> Vec<Vec<i64>> {
            rows.iter()
                .map(|r| (0..ncols).map(|c| grouped.get(&(r.clone(), col_key(c))).map_or(0, which)).collect())
                .collect()
        };
        let count = suppress(&grid(|p| p.count), plan.k);
        let base = plan_has_base(plan.ind).then(|| suppress(&grid(|p| p.base), plan.k));
        let margins = self.margins(&plan, &grouped).await?;
        let k = plan.k;
        // A figure at (row, column) of the grid; `None` is the margin.
        let figure = |r: Option<usize>, c: Option<usize>| -> Figure {
            // An empty table has no cells: its figures are zeros.
            let pick = |t: &crate::reports::suppression::Published| {
                match (r, c) {
                    (Some(r), Some(c)) => t.cells.get(r).and_then(|row| row.get(c)).copied(),
                    (Some(r), None) => t.row_totals.get(r).copied(),
                    (None, Some(c)) => t.column_totals.get(c).copied(),
                    (None, None) => Some(t.total),
                }
                .unwrap_or(Cell::Value(0))
            };
            let mut cnt = pick(&count);
            let bas = base.as_ref().map(pick);
            let row = r.and_then(|r| rows.get(r).cloned());
            let col = if has_cols { c.map(col_key) } else { None };
            // Margins of unique people are not sums: the true margin, hidden
            // where the summed one was (and when small itself).
            if let (Some(m), Cell::Value(_)) = (&margins, cnt) {
                if row.is_none() || col.is_none() {
                    let n = m.get(&(row.clone(), col.clone())).copied().unwrap_or(0);
                    cnt = if n > 0 && n < k { Cell::Suppressed } else { Cell::Value(n) };
                }
            }
            let value = value_of(plan.ind, cnt, bas, row.as_deref(), col.as_deref(), &grouped);
            Figure { count: cnt, base: bas, value }
        };
        let mut out_rows = Vec::new();
        if plan.by.is_some() {
            for (i, key) in rows.iter().enumerate() {
                let (cells, total) = if has_cols {
                    ((0..ncols).map(|c| figure(Some(i), Some(c))).collect(), figure(Some(i), None))
                } else {
                    (Vec::new(), figure(Some(i), Some(0)))
                };
                out_rows.push(TableRow { key: key.clone(), name: None, cells, total });
            }
        }
        let totals = match (plan.by.is_some(), has_cols) {
            (true, true) => TableRow {
                key: "total".into(),
                name: None,
                cells: (0..ncols).map(|c| figure(None, Some(c))).collect(),
                total: figure(None, None),
            },
            (true, false) => {
                TableRow { key: "total".into(), name: None, cells: Vec::new(), total: figure(None, Some(0)) }
            }
            (false, true) => TableRow {
                key: "total".into(),
                name: None,
                cells: (0..ncols).map(|c| figure(Some(0), Some(c))).collect(),
                total: figure(Some(0), None),
            },
            (false, false) => {
                TableRow { key: "total".into(), name: None, cells: Vec::new(), total: figure(Some(0), Some(0)) }
            }
        };
        self.name_rows(&plan, &mut out_rows).await?;
        self.name_filters(&mut plan.applied).await?;
        let trend = if with_trend { self.trend(&plan).await? } else { Vec::new() };
        Ok(ReportTable {
            indicator: plan.ind.code,
            unit: plan.ind.unit,
            from: plan.period.from,
            to: plan.period.to,
            by: plan.by.map(|(d, _)| d),
            filters: plan.applied,
            columns,
            rows: out_rows,
            totals,
            trend,
            k: plan.k,
            sensitive_left_out: plan.sensitive_left_out,
        })
    }

    /// A table to export (CSV, XLSX): as [`App::report_table`], for those
    /// who may export, with an audit entry naming the table, its filters,
    /// the format and the rows.
    pub async fn export_table(&self, ctx: &Ctx, req: &TableRequest, format: &str) -> Result<ReportTable> {
        AuthCheck::new(Permission::ReportsExport).check(&ctx.actor)?;
        let table = self.report_table(ctx, req).await?;
        let filters: serde_json::Map<String, serde_json::Value> =
            table.filters.iter().map(|f| (f.dimension.as_str().to_string(), f.value.clone().into())).collect();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Export,
            AuditEntity::Report,
            None,
            serde_json::json!({
                "indicator": table.indicator,
                "from": table.from,
                "to": table.to,
                "by": table.by.map(Dimension::as_str),
                "filters": filters,
                "format": format,
                "rows": table.rows.len().max(1),
            }),
        );
        self.store.append_audit(&audit).await?;
        Ok(table)
    }

    /// Counts (and bases, and days for medians) by (row key, column key).
    async fn grouped(
        &self,
        ind: &Indicator,
        period: Period,
        by_row: bool,
        sex_columns: bool,
        slice: &Slice,
        by_month: bool,
    ) -> Result<BTreeMap<(String, String), Pair>> {
        let mut slice = slice.clone();
        if sex_columns {
            slice.group.push(Column::Sex);
        }
        let key = |g: &[String]| -> (String, String) {
            let mut it = g.iter();
            // By month, the month is the row (a trend has no other).
            let row = if by_row || by_month { it.next().cloned().unwrap_or_default() } else { "total".into() };
            let col = if sex_columns { it.next().cloned().unwrap_or_default() } else { String::new() };
            (row, col)
        };
        let mut out: BTreeMap<(String, String), Pair> = BTreeMap::new();
        match ind.measure {
            Measure::Events { aggregate, detail } => {
                let q = EventQuery { aggregate, detail, spans: period.spans(), slice: &slice, live: false, by_month };
                for (g, n) in self.store.count_events(&q).await? {
                    out.entry(key(&g)).or_default().count += n;
                }
            }
            Measure::People { family } => {
                for (g, n) in self.store.count_people(&PeopleQuery { period, family, slice: &slice, by_month }).await? {
                    out.entry(key(&g)).or_default().count += n;
                }
            }
            Measure::Rate { numerator, denominator } => {
                for ((aggregate, detail), is_base) in [(numerator, false), (denominator, true)] {
                    let q =
                        EventQuery { aggregate, detail, spans: period.spans(), slice: &slice, live: false, by_month };
                    for (g, n) in self.store.count_events(&q).await? {
                        let e = out.entry(key(&g)).or_default();
                        if is_base {
                            e.base += n
                        } else {
                            e.count += n
                        }
                    }
                }
            }
            Measure::Median { aggregate, live } => {
                slice.group.push(Column::Detail);
                let spans = if live { period.day_span() } else { period.spans() };
                let q = EventQuery { aggregate, detail: None, spans, slice: &slice, live, by_month };
                for (g, n) in self.store.count_events(&q).await? {
                    let days = g.last().and_then(|d| d.parse::<i64>().ok()).unwrap_or(0);
                    let e = out.entry(key(&g[..g.len().saturating_sub(1)])).or_default();
                    e.count += n;
                    *e.days.entry(days).or_default() += n;
                }
            }
            Measure::Records { stock } => {
                // A stock counts what exists at the end of the period.
                let from = if stock { crate::community::earliest() } else { period.from };
                let spans = Period { from, to: period.to }.day_span();
                let q = EventQuery { aggregate: ind.code, detail: None, spans, slice: &slice, live: true, by_month };
                for (g, n) in self.store.count_events(&q).await? {
                    out.entry(key(&g)).or_default().count += n;
                }
            }
            Measure::Cases { each, any } => {
                let per_indicator = slice.group.contains(&Column::Category)
                    || slice.filters.iter().any(|(c, _)| *c == Column::Category);
                let aggregate = if per_indicator { each } else { any };
                let q =
                    EventQuery { aggregate, detail: None, spans: period.spans(), slice: &slice, live: false, by_month };
                for (g, n) in self.store.count_events(&q).await? {
                    out.entry(key(&g)).or_default().count += n;
                }
            }
            Measure::EventsAndLive { aggregate } => {
                for (aggregate, live) in [(aggregate, false), (ind.code, true)] {
                    let spans = if live { period.day_span() } else { period.spans() };
                    let q = EventQuery { aggregate, detail: None, spans, slice: &slice, live, by_month };
                    for (g, n) in self.store.count_events(&q).await? {
                        out.entry(key(&g)).or_default().count += n;
                    }
                }
            }
            Measure::Amount { sum } => {
                for (aggregate, is_sum) in [(ind.code, false), (sum, true)] {
                    let q = EventQuery {
                        aggregate,
                        detail: None,
                        spans: period.day_span(),
                        slice: &slice,
                        live: true,
                        by_month,
                    };
                    for (g, n) in self.store.count_events(&q).await? {
                        let e = out.entry(key(&g)).or_default();
                        if is_sum {
                            e.sum += n
                        } else {
                            e.count += n
                        }
                    }
                }
            }
            Measure::OwnPage { .. } => {}
        }
        Ok(out)
    }

    /// The true margins of unique people by (row, column) — `None` for a
    /// margin — or none when the margins are sums.
    async fn margins(
        &self,
        plan: &Plan,
        grouped: &BTreeMap<(String, String), Pair>,
    ) -> Result<Option<BTreeMap<(Option<String>, Option<String>), i64>>> {
        if let Measure::Cases { any, .. } = plan.ind.measure {
            return self.case_margins(plan, grouped, any).await;
        }
        let Measure::People { family } = plan.ind.measure else { return Ok(None) };
        let mut out = BTreeMap::new();
        let by = plan.by.map(|(_, c)| c);
        let sex = plan.sex_columns.then_some(Column::Sex);
        let mut table_slice = plan.slice.clone();
        table_slice.group = [by, sex].into_iter().flatten().collect();
        let table_order = table_slice.people_order();
        for (rows, cols) in [(true, false), (false, true), (false, false)] {
            if (rows && by.is_none()) || (cols && sex.is_none()) {
                continue;
            }
            // The margin grouped as the table itself is: its cells, read once.
            if rows == by.is_some() && cols == sex.is_some() {
                for ((r, c), p) in grouped {
                    out.insert((rows.then(|| r.clone()), cols.then(|| c.clone())), p.count);
                }
                continue;
            }
            let mut slice = plan.slice.clone();
            slice.group = [if rows { by } else { None }, if cols { sex } else { None }].into_iter().flatten().collect();
            // Counted in the table's order (a person at one row, one sex): the sum of its cells.
            let order = slice.people_order();
            if order == table_order {
                for ((r, c), p) in grouped {
                    *out.entry((rows.then(|| r.clone()), cols.then(|| c.clone()))).or_default() += p.count;
                }
                continue;
            }
            // The whole, in the order of a margin read already: that margin's sum.
            if !rows && !cols {
                let read =
                    [(false, true, sex.is_some()), (true, false, by.is_some())].into_iter().find(|(r, c, shown)| {
                        let mut s = plan.slice.clone();
                        s.group =
                            [if *r { by } else { None }, if *c { sex } else { None }].into_iter().flatten().collect();
                        *shown && s.people_order() == order
                    });
                if let Some((r, c, _)) = read {
                    let whole =
                        out.iter().filter(|((a, b), _)| a.is_some() == r && b.is_some() == c).map(|(_, n)| *n).sum();
                    out.insert((None, None), whole);
                    continue;
                }
            }
            let q = PeopleQuery { period: plan.period, family, slice: &slice, by_month: false };
            for (g, n) in self.store.count_people(&q).await? {
                let first = g.first().cloned().unwrap_or_default();
                out.insert((rows.then(|| first.clone()), cols.then_some(first)), n);
            }
        }
        if by.is_none() {
            // The one row ("total") is the grand total, by sex and in all.
            let copies: Vec<_> =
                out.iter().filter(|((r, _), _)| r.is_none()).map(|((_, c), n)| (c.clone(), *n)).collect();
            for (c, n) in copies {
                out.insert((Some("total".into()), c), n);
            }
        }
        Ok(Some(out))
    }

    /// The margins of a table of cases by indicator: a row's total is the
    /// sum of its cells (a case has one sex), a column's and the whole
    /// table's count each case once (`any`). Other tables of such an
    /// indicator count cases already: their margins are sums.
    async fn case_margins(
        &self,
        plan: &Plan,
        grouped: &BTreeMap<(String, String), Pair>,
        any: &str,
    ) -> Result<Option<BTreeMap<(Option<String>, Option<String>), i64>>> {
        if plan.by.map(|(_, c)| c) != Some(Column::Category) {
            return Ok(None);
        }
        let mut out: BTreeMap<(Option<String>, Option<String>), i64> = BTreeMap::new();
        for ((r, _), p) in grouped {
            *out.entry((Some(r.clone()), None)).or_default() += p.count;
        }
        let mut slice = plan.slice.clone();
        slice.group = if plan.sex_columns { vec![Column::Sex] } else { Vec::new() };
        let q = EventQuery {
            aggregate: any,
            detail: None,
            spans: plan.period.spans(),
            slice: &slice,
            live: false,
            by_month: false,
        };
        let mut whole = 0;
        for (g, n) in self.store.count_events(&q).await? {
            whole += n;
            if let Some(sex) = g.first().filter(|_| plan.sex_columns) {
                out.insert((None, Some(sex.clone())), n);
            }
        }
        out.insert((None, None), whole);
        Ok(Some(out))
    }

    async fn trend(&self, plan: &Plan) -> Result<Vec<TrendPoint>> {
        let months = plan.period.months();
        let skip = months.len().saturating_sub(TREND_MONTHS);
        let mut slice = plan.slice.clone();
        slice.group.clear();
        // One query grouped by month over the months shown (a stock: its
        // additions from the start, summed up to each month).
        let stock = matches!(plan.ind.measure, Measure::Records { stock: true });
        let first = months.get(skip).copied().unwrap_or(plan.period.from).max(plan.period.from);
        let within = Period { from: if stock { plan.period.from } else { first }, to: plan.period.to };
        let by_month = self.grouped(plan.ind, within, false, false, &slice, true).await?;
        let at = |m: &NaiveDate| by_month.get(&(m.format("%Y-%m").to_string(), String::new())).cloned();
        let mut values = Vec::new();
        let mut bases = Vec::new();
        let mut cells = Vec::new();
        let mut before = by_month
            .iter()
            .filter(|((m, _), _)| stock && *m < first.format("%Y-%m").to_string())
            .map(|(_, p)| p.count)
            .sum::<i64>();
        for m in &months[skip..] {
            let p = at(m).unwrap_or_default();
            if stock {
                before += p.count;
                values.push(before);
            } else {
                values.push(p.count);
            }
            bases.push(p.base);
            cells.push(p);
        }
        let counts = suppress(&[values], plan.k);
        let base = plan_has_base(plan.ind).then(|| suppress(&[bases], plan.k));
        Ok(months[skip..]
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let count = counts.cells.first().and_then(|r| r.get(i)).copied().unwrap_or(Cell::Suppressed);
                let b =
                    base.as_ref().map(|b| b.cells.first().and_then(|r| r.get(i)).copied().unwrap_or(Cell::Suppressed));
                let value = match plan.ind.measure {
                    Measure::Rate { .. } => share(count, b),
                    Measure::Median { .. } | Measure::Amount { .. } => cells.get(i).and_then(|p| {
                        let one = BTreeMap::from([(("total".to_string(), String::new()), p.clone())]);
                        value_of(plan.ind, count, b, None, None, &one)
                    }),
                    _ => None,
                };
                TrendPoint { month: *m, value: Figure { count, base: b, value } }
            })
            .collect())
    }

    /// The rows' names (areas, organisations), read in one batch: a table
    /// by village has a row for each of hundreds of villages.
    async fn name_rows(&self, plan: &Plan, rows: &mut [TableRow]) -> Result<()> {
        let Some((d, _)) = plan.by else { return Ok(()) };
        let names: HashMap<String, String> = match d {
            Dimension::District | Dimension::Kecamatan | Dimension::Village => {
                let codes: Vec<AreaCode> = rows.iter().filter_map(|r| AreaCode::parse("area", &r.key).ok()).collect();
                self.store.get_areas(&codes).await?.into_iter().map(|a| (a.code.as_str().to_string(), a.name)).collect()
            }
            Dimension::Organisation | Dimension::Desk => {
                let ids: Vec<Uuid> = rows.iter().filter_map(|r| Uuid::parse_str(&r.key).ok()).collect();
                self.store.organisation_summaries(&ids).await?.into_iter().map(|o| (o.id.to_string(), o.name)).collect()
            }
            _ => return Ok(()),
        };
        for r in rows.iter_mut() {
            let key = Uuid::parse_str(&r.key).map_or_else(|_| r.key.clone(), |id| id.to_string());
            r.name = names.get(&key).cloned();
        }
        Ok(())
    }

    async fn name_filters(&self, applied: &mut [AppliedFilter]) -> Result<()> {
        for f in applied.iter_mut() {
            f.name = self.name_of(f.dimension, &f.value).await?;
        }
        Ok(())
    }

    /// The name of an area or an organisation a table shows.
    async fn name_of(&self, d: Dimension, key: &str) -> Result<Option<String>> {
        Ok(match d {
            Dimension::District | Dimension::Kecamatan | Dimension::Village => match AreaCode::parse("area", key) {
                Ok(code) => self.store.get_area(&code).await?.map(|a| a.name),
                Err(_) => None,
            },
            Dimension::Organisation | Dimension::Desk => match Uuid::parse_str(key) {
                Ok(id) => self.store.get_organisation(id).await?.map(|o| o.name),
                Err(_) => None,
            },
            _ => None,
        })
    }
}

/// Counts behind one cell: events (or numerator), base, for medians the
/// days (or hours), for amounts their sum.
#[derive(Debug, Clone, Default)]
struct Pair {
    count: i64,
    base: i64,
    days: BTreeMap<i64, i64>,
    sum: i64,
}

fn plan_has_base(ind: &Indicator) -> bool {
    matches!(ind.measure, Measure::Rate { .. })
}

fn share(count: Cell, base: Option<Cell>) -> Option<f64> {
    match (count, base) {
        (Cell::Value(n), Some(Cell::Value(b))) if b > 0 => {
            Some((n as f64) * 1000.0 / (b as f64)).map(|x| x.round() / 10.0)
        }
        _ => None,
    }
}

/// The median of whole days from their counts (the lower middle when even).
pub fn median_days(days: &BTreeMap<i64, i64>) -> Option<f64> {
    let n: i64 = days.values().sum();
    if n == 0 {
        return None;
    }
    let at = |i: i64| -> i64 {
        let mut seen = 0;
        for (d, c) in days {
            seen += c;
            if seen > i {
                return *d;
            }
        }
        0
    };
    let (a, b) = (at((n - 1) / 2), at(n / 2));
    Some((a + b) as f64 / 2.0)
}

/// The share or the median of a cell or a margin (`None` row or column:
/// all of them).
fn value_of(
    ind: &Indicator,
    count: Cell,
    base: Option<Cell>,
    row: Option<&str>,
    col: Option<&str>,
    all: &BTreeMap<(String, String), Pair>,
) -> Option<f64> {
    match ind.measure {
        Measure::Rate { .. } => share(count, base),
        Measure::Median { .. } if !count.is_suppressed() => {
            let mut days: BTreeMap<i64, i64> = BTreeMap::new();
            for ((r, c), p) in all {
                if row.is_none_or(|x| x == r) && col.is_none_or(|x| x == c) {
                    for (k, v) in &p.days {
                        *days.entry(*k).or_default() += v;
                    }
                }
            }
            median_days(&days)
        }
        // A sum is published where its count is (a suppressed cell's sum
        // is as hidden, and as protected against subtraction, as its count).
        Measure::Amount { .. } if !count.is_suppressed() => {
            let sum: i64 = all
                .iter()
                .filter(|((r, c), _)| row.is_none_or(|x| x == r) && col.is_none_or(|x| x == c))
                .map(|(_, p)| p.sum)
                .sum();
            Some(sum as f64)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_a_histogram() {
        let h = |v: &[(i64, i64)]| v.iter().copied().collect::<BTreeMap<_, _>>();
        assert_eq!(median_days(&h(&[])), None);
        assert_eq!(median_days(&h(&[(3, 1)])), Some(3.0));
        assert_eq!(median_days(&h(&[(1, 1), (5, 1)])), Some(3.0));
        assert_eq!(median_days(&h(&[(0, 2), (2, 1), (9, 2)])), Some(2.0));
        assert_eq!(median_days(&h(&[(0, 3), (10, 1)])), Some(0.0));
    }

    #[test]
    fn shares_in_tenths_of_a_percent() {
        assert_eq!(share(Cell::Value(2), Some(Cell::Value(3))), Some(66.7));
        assert_eq!(share(Cell::Value(2), Some(Cell::Suppressed)), None);
        assert_eq!(share(Cell::Suppressed, Some(Cell::Value(3))), None);
        assert_eq!(share(Cell::Value(0), Some(Cell::Value(0))), None);
    }
}
