//! Reading the aggregates behind the reports, and checking or rebuilding
//! them. The tables, the views that define what each source row counts
//! for, and the triggers that keep the tables in the same transaction as
//! each write are in migration 0034 (written by
//! `scripts/gen-report-aggregates.py`; the later tables are each named
//! where they are read).

use chrono::{Datelike, Months, NaiveDate};
use satuatap_core::reports::catalogue::Column;
use satuatap_core::reports::query::{Counts, EventQuery, PeopleQuery, Slice, Value};
use satuatap_core::reports::repo::{AggregateCheck, AGGREGATE_TABLES};
use satuatap_core::Result;
use sqlx::{Connection, QueryBuilder, Row};
use uuid::Uuid;

use crate::pool::{count, db_error, on_pool, Db};

const KEY: &str = "indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail";
const PD: &str = "person_id, day, organisation, category, district, kecamatan, village, sex, age_group, \
                  stage, prev_any, prev_org, prev_cat, prev_org_cat";
const PY: &str = "ord, day, district, prev_day, organisation, category, sex, age_group, stage";
const PM: &str = "ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage";
const DD: &str = "indicator, day, district, organisation, sex, age_group, stage, category, detail";
const PP: &str = "ord, grain, start, district, kecamatan, organisation, category, sex, age_group, stage";
const AM: &str = "indicator, day, district, kecamatan, village, sex, category, detail";
const PV: &str = "ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage";
const PW: &str = "ord, month, prev_month, district, organisation, category, sex, age_group, stage";
const VP: &str = "ord, grain, start, district, kecamatan, village, sex, age_group, stage";
const CC: &str = "indicator, day, district, sex, age_group, category, detail";
const CO: &str = "indicator, day, district, sex, age_group, organisation";
const CS: &str = "indicator, day, district, sex, age_group, stage";
const AS: &str = "indicator, day, district, kecamatan, village, sex, age_group, stage";
const AP: &str = "indicator, grain, start, district, kecamatan, village, sex, category, detail";
const SP: &str = "indicator, grain, start, district, kecamatan, village, sex, age_group, stage";
// Each table (whose view `<table>_source` says what it should hold),
// its key columns, and whether it counts (`n`: a count that fell to
// zero is no row), in the order writes first reach them (each finer
// table before the ones kept from it, those in the order their
// triggers fire: by name on PostgreSQL, as AggregateCheck::TABLES
// names them). A write goes back and forth
// between a table and those kept from it, so a rebuild meeting
// writes can still deadlock on PostgreSQL, which then aborts one of
// the two (the rebuild can be run again; it is rare: a command, a
// new time zone).
pub(crate) const AGGREGATES: [(&str, &str, bool); AGGREGATE_TABLES] = [
    ("report_days", KEY, true),
    ("report_district_days", DD, true),
    ("report_cube_category_days", CC, true),
    ("report_cube_organisation_days", CO, true),
    ("report_cube_stage_days", CS, true),
    ("report_months", KEY, true),
    ("report_area_cube_stage", AS, true),
    ("report_area_cube_stage_periods", SP, true),
    ("report_area_months", AM, true),
    ("report_area_periods", AP, true),
    ("report_district_months", DD, true),
    ("report_cube_category", CC, true),
    ("report_cube_organisation", CO, true),
    ("report_cube_stage", CS, true),
    ("report_person_days", PD, false),
    ("report_people_days", PY, true),
    ("report_people_months", PM, true),
    ("report_people_periods", PP, true),
    ("report_people_prev_months", PV, true),
    ("report_people_prev_districts", PW, true),
    ("report_people_village_periods", VP, true),
];

/// Stops the triggers that keep the aggregates for the rest of the
/// transaction (others keep theirs: the change is theirs to see only once
/// committed, after `rebuild_in`), and says whether they were paused
/// already (by a bulk load), for `rebuild_in` to leave them so. The state
/// row is locked first, so that a bulk load resuming the triggers meanwhile
/// is not undone by the value read here.
pub(crate) async fn pause_in<DB>(conn: &mut DB::Connection) -> std::result::Result<bool, sqlx::Error>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    bool: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    (bool,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    sqlx::query("UPDATE report_state SET paused = paused").execute(&mut *conn).await?;
    let paused: bool = sqlx::query_scalar("SELECT paused FROM report_state").fetch_one(&mut *conn).await?;
    sqlx::query("UPDATE report_state SET paused = $1").bind(true).execute(&mut *conn).await?;
    Ok(paused)
}

/// Writes every aggregate table again from its source (the view
/// `<table>_source`), in a transaction `pause_in` paused, and leaves the
/// triggers as `paused` says (what `pause_in` found); on PostgreSQL, with
/// the tables' statistics gathered again.
pub(crate) async fn rebuild_in<DB>(conn: &mut DB::Connection, paused: bool) -> std::result::Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    bool: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let postgres = DB::NAME == <sqlx::Postgres as sqlx::Database>::NAME;
    if postgres {
        // Each source groups millions of rows: with the server's default
        // working memory (4 MB) every grouping and sort goes to temporary
        // files. For this transaction only.
        sqlx::query("SET LOCAL work_mem = '512MB'").execute(&mut *conn).await?;
    }
    for (table, key, counts) in AGGREGATES {
        let started = std::time::Instant::now();
        let cols = if counts { format!("{key}, n") } else { key.to_string() };
        let source = format!("{table}_source");
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await?;
        sqlx::query(&format!("INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}")).execute(&mut *conn).await?;
        tracing::info!(table, seconds = started.elapsed().as_secs_f64(), "report aggregate rebuilt");
    }
    sqlx::query("UPDATE report_state SET paused = $1, rebuilt_at = CURRENT_TIMESTAMP")
        .bind(paused)
        .execute(&mut *conn)
        .await?;
    // Tables written whole: PostgreSQL's planner learns their new sizes now
    // rather than from an autovacuum that may be off.
    if postgres {
        for (table, _, _) in AGGREGATES {
            sqlx::query(&format!("ANALYZE {table}")).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// The column of a dimension (a fixed name, never from input).
fn column(c: Column) -> &'static str {
    match c {
        Column::District => "district",
        Column::Kecamatan => "kecamatan",
        Column::Village => "village",
        Column::Organisation => "organisation",
        Column::Sex => "sex",
        Column::AgeGroup => "age_group",
        Column::Stage => "stage",
        Column::Category => "category",
        Column::Detail => "detail",
    }
}

fn push_slice<'a, DB>(qb: &mut QueryBuilder<'a, DB>, slice: &'a Slice)
where
    DB: sqlx::Database,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    for (c, v) in &slice.filters {
        qb.push(" AND ").push(column(*c)).push(" = ");
        match v {
            Value::Text(t) => qb.push_bind(t.clone()),
            Value::Id(id) => qb.push_bind(*id),
        };
    }
    if !slice.exclude_categories.is_empty() {
        qb.push(" AND category NOT IN (");
        let mut list = qb.separated(", ");
        for c in &slice.exclude_categories {
            list.push_bind(*c);
        }
        qb.push(")");
    }
}

/// The days `from..=to` of a daily table: listed one by one when the
/// question names a district and they are at most a month's, so that each
/// day's rows of the district are one range of the key (`day` then
/// `district` lead every daily table's key and index); read as one range,
/// every district's rows of those days were read and left.
fn push_days<'a, DB>(qb: &mut QueryBuilder<'a, DB>, from: NaiveDate, to: NaiveDate, slice: &Slice)
where
    DB: sqlx::Database,
    NaiveDate: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let district = slice.filters.iter().any(|(c, _)| *c == Column::District);
    let days = (to - from).num_days();
    if district && (0..31).contains(&days) {
        qb.push(" AND day IN (");
        let mut list = qb.separated(", ");
        for d in from.iter_days().take(days as usize + 1) {
            list.push_bind(d);
        }
        qb.push(")");
    } else {
        qb.push(" AND day >= ").push_bind(from).push(" AND day <= ").push_bind(to);
    }
}

/// The group columns, led by the month when grouped by month.
fn group_list(slice: &Slice, by_month: bool) -> String {
    by_month.then_some("month").into_iter().chain(slice.group.iter().map(|c| column(*c))).collect::<Vec<_>>().join(", ")
}

/// Each part of a union summed by its group columns (by their places: the
/// month's is an expression) before the parts are summed together: the
/// engine then groups many small sums, not every row of every part (a
/// period's first days of person-days: a third of the time of a question).
fn branch_groups(slice: &Slice, by_month: bool) -> String {
    let columns = slice.group.len() + usize::from(by_month);
    match columns {
        0 => String::new(),
        k => format!(" GROUP BY {}", (1..=k).map(|i| i.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

/// Reads the group values (the month first when grouped by month, an
/// organisation as its UUID's text) and the count.
fn decode<R: Row>(slice: &Slice, by_month: bool, rows: Vec<R>) -> std::result::Result<Counts, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Uuid: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let lead = usize::from(by_month);
        let mut key = Vec::with_capacity(slice.group.len() + lead);
        if by_month {
            key.push(r.try_get::<String, _>(0)?);
        }
        for (i, c) in slice.group.iter().enumerate() {
            key.push(match c {
                Column::Organisation => r.try_get::<Uuid, _>(i + lead)?.to_string(),
                _ => r.try_get::<String, _>(i + lead)?,
            });
        }
        let n: i64 = r.try_get(slice.group.len() + lead)?;
        if n != 0 {
            out.push((key, n));
        }
    }
    Ok(out)
}

/// Where the people of a period are read from: person-days, the months'
/// first rows by day (migration 0046), or the people of whole periods
/// (0047). Each `(from, to)` is inclusive.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PeopleParts {
    /// Person-days: the period's first month when it does not start on the
    /// 1st (or the whole period when sensitive categories are left out:
    /// the other tables cannot tell their rows apart).
    pub days: Option<(NaiveDate, NaiveDate)>,
    /// The months' first rows by day: the rest of the period (or, by month,
    /// a last month that ends before its end; or rows with villages).
    pub months: Option<(NaiveDate, NaiveDate)>,
    /// A grain (`M`, `Q`, `Y`) and the first days of its periods read: a
    /// whole month, quarter or year, or each whole month of a trend.
    pub periods: Option<(&'static str, NaiveDate, NaiveDate)>,
    /// The first and last of a run of whole months, and the month their
    /// previous rows are before (0049): the rest of a period that is no
    /// single grain, except a last month cut short.
    pub prevs: Option<(NaiveDate, NaiveDate, NaiveDate)>,
    /// With `prevs` when the period starts inside a month: the months' first
    /// rows whose previous day is in that month before the start (the
    /// first two dates, the second excluded), from the first day of the
    /// run of months to its last day.
    pub carried: Option<(NaiveDate, NaiveDate, NaiveDate, NaiveDate)>,
}

/// How many months back the month of a previous row is kept (0049's
/// `WINDOW`): a longer run of months is read from the months' first rows.
const PREV_MONTHS: u32 = 24;

fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    d.with_day(1).and_then(|m| m.checked_add_months(Months::new(1)))
}

/// The grain of a period that is exactly one month, quarter or year.
fn grain_of(from: NaiveDate, to: NaiveDate) -> Option<&'static str> {
    if from.day() != 1 {
        return None;
    }
    let ends = |months: u32| from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()) == Some(to);
    if ends(1) {
        Some("M")
    } else if from.month() % 3 == 1 && ends(3) {
        Some("Q")
    } else if from.month() == 1 && ends(12) {
        Some("Y")
    } else {
        None
    }
}

/// Which of the coarser people's tables a question may read besides the
/// months' rows: the periods' (0047, or by village 0051) and the previous
/// months' (0049, which keeps no village).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Coarse {
    pub periods: bool,
    pub prevs: bool,
}

/// Splits the period `from..=to` among the tables: `fine` when the months'
/// tables may be read (no category left out), `coarse` the others it may.
pub(crate) fn people_parts(from: NaiveDate, to: NaiveDate, by_month: bool, fine: bool, coarse: Coarse) -> PeopleParts {
    let mut parts = PeopleParts::default();
    if from > to {
        return parts;
    }
    if !fine {
        parts.days = Some((from, to));
        return parts;
    }
    // The first month's days when the period starts inside it.
    let rest = if from.day() == 1 {
        from
    } else {
        let Some(next) = next_month(from) else {
            parts.days = Some((from, to));
            return parts;
        };
        parts.days = Some((from, next.pred_opt().unwrap_or(to).min(to)));
        next
    };
    if rest > to {
        return parts;
    }
    if !coarse.periods {
        parts.months = Some((rest, to));
    } else if !by_month {
        match grain_of(from, to) {
            Some(g) => parts.periods = Some((g, from, from)),
            None if coarse.prevs => runs(&mut parts, from, rest, to),
            None => parts.months = Some((rest, to)),
        }
    } else {
        // Each whole month from the periods; a last month cut short from its days.
        let last = to.with_day(1).unwrap_or(to);
        let whole = next_month(to).and_then(|n| n.pred_opt()) == Some(to);
        let until = if whole { Some(last) } else { last.checked_sub_months(Months::new(1)) };
        if let Some(until) = until.filter(|u| *u >= rest) {
            parts.periods = Some(("M", rest, until));
        }
        if !whole {
            parts.months = Some((last.max(rest), to));
        }
    }
    parts
}

/// The rest of a loose period from `rest` (a month's first day) to `to`: its
/// whole months from their previous months, a last month cut short from its
/// rows.
fn runs(parts: &mut PeopleParts, from: NaiveDate, rest: NaiveDate, to: NaiveDate) {
    let first = from.with_day(1).unwrap_or(from);
    let tail = to.with_day(1).filter(|_| next_month(to).and_then(|n| n.pred_opt()) != Some(to));
    let end = match tail {
        Some(t) => t.pred_opt().unwrap_or(t),
        None => to,
    };
    let last = end.with_day(1).unwrap_or(end);
    let within = first.checked_add_months(Months::new(PREV_MONTHS)).is_some_and(|limit| last < limit);
    if end < rest || !within {
        parts.months = Some((rest, to));
        return;
    }
    parts.prevs = Some((rest, last, first));
    if from != first {
        parts.carried = Some((first, from, rest, end));
    }
    if let Some(t) = tail {
        parts.months = Some((t, to));
    }
}

/// The attributes below the district an event question names (in its
/// filters, its rows, the categories it leaves out or its detail).
fn named(q: &EventQuery<'_>) -> Vec<Column> {
    let mut out: Vec<Column> = q.slice.group.iter().chain(q.slice.filters.iter().map(|(c, _)| c)).copied().collect();
    if !q.slice.exclude_categories.is_empty() {
        out.push(Column::Category);
    }
    if q.detail.is_some() {
        out.push(Column::Detail);
    }
    out.retain(|c| !matches!(c, Column::District | Column::Sex));
    out
}

/// The tables an event question reads its days and its whole months from:
/// the records themselves when live; with kecamatan or village, every
/// event's days (0034) and the areas' months (0048) when it names no
/// organisation and no people's attribute but sex, else the areas' months
/// with age group and stage (0054) when it names no organisation, category
/// or detail, else every event's months (0034); without them, the smallest cube (by day 0052, by month 0050) that
/// keeps every attribute it names, else the districts' days and months
/// (0044).
fn event_tables(q: &EventQuery<'_>) -> (&'static str, &'static str) {
    if q.live {
        return (live_view(q.aggregate), "report_months");
    }
    let named = named(q);
    let within = |kept: &[Column]| named.iter().all(|c| kept.contains(c));
    if named.iter().any(|c| matches!(c, Column::Kecamatan | Column::Village)) {
        let months = if within(&[Column::Kecamatan, Column::Village, Column::Category, Column::Detail]) {
            "report_area_months"
        } else if within(&[Column::Kecamatan, Column::Village, Column::AgeGroup, Column::Stage]) {
            "report_area_cube_stage"
        } else {
            "report_months"
        };
        return ("report_days", months);
    }
    // The stage cube, the smallest at ten million events (11,000 rows by month against 18,000 by
    // category and 53,000 by organisation), first: it answers every question naming no
    // attribute but an age group; the others keep attributes no other cube does.
    let cubes: [(&[Column], &'static str, &'static str); 3] = [
        (&[Column::AgeGroup, Column::Stage], "report_cube_stage_days", "report_cube_stage"),
        (&[Column::AgeGroup, Column::Organisation], "report_cube_organisation_days", "report_cube_organisation"),
        (&[Column::AgeGroup, Column::Category, Column::Detail], "report_cube_category_days", "report_cube_category"),
    ];
    cubes
        .iter()
        .find(|(kept, _, _)| within(kept))
        .map_or(("report_district_days", "report_district_months"), |(_, days, months)| (*days, *months))
}

/// The views of the indicators counted live, one each (0057): a question
/// reads its indicator's alone, not the union `report_records` of them all
/// (every branch of which the engine prepared or planned each time).
const LIVE_VIEWS: [&str; 18] = [
    "report_records_women_reached",
    "report_records_people_trained",
    "report_records_people_organised",
    "report_records_local_regulations",
    "report_records_villages",
    "report_records_competency_tests_passed",
    "report_records_early_warnings",
    "report_records_village_registrations",
    "report_records_departures",
    "report_records_returns",
    "report_records_forum_actions_done",
    "report_records_gbv_incidents",
    "report_records_first_actions_overdue",
    "report_records_amounts_claimed",
    "report_records_amounts_claimed_idr",
    "report_records_amounts_recovered",
    "report_records_amounts_recovered_idr",
    "report_records_warning_hours_to_acknowledge",
];

/// The view of an indicator counted live (a name of [`LIVE_VIEWS`], never
/// the input), or, for one it does not know, the union of them all.
fn live_view(aggregate: &str) -> &'static str {
    LIVE_VIEWS
        .iter()
        .find(|v| v.strip_prefix("report_records_") == Some(aggregate))
        .copied()
        .unwrap_or("report_records")
}

/// The quarters and years kept for each areas' month table (0056).
fn periods_of(monthly: &str) -> Option<&'static str> {
    match monthly {
        "report_area_months" => Some("report_area_periods"),
        "report_area_cube_stage" => Some("report_area_cube_stage_periods"),
        _ => None,
    }
}

/// The whole months from `first` to `last` (first days, inclusive) as runs
/// of whole years (`Y`), quarters (`Q`) and months (`None`), each the first
/// days of its first and last period: a year is read as one row, not twelve.
fn month_grains(first: NaiveDate, last: NaiveDate) -> Vec<(Option<&'static str>, NaiveDate, NaiveDate)> {
    let last = last.with_day(1).unwrap_or(last);
    let mut out: Vec<(Option<&'static str>, NaiveDate, NaiveDate)> = Vec::new();
    let mut m = first.with_day(1).unwrap_or(first);
    while m <= last {
        let within = |months: u32| m.checked_add_months(Months::new(months - 1)).is_some_and(|end| end <= last);
        let (grain, step) = if m.month() == 1 && within(12) {
            (Some("Y"), 12)
        } else if m.month0().is_multiple_of(3) && within(3) {
            (Some("Q"), 3)
        } else {
            (None, 1)
        };
        match out.last_mut() {
            Some((g, _, end)) if *g == grain => *end = m,
            _ => out.push((grain, m, m)),
        }
        let Some(next) = m.checked_add_months(Months::new(step)) else { break };
        m = next;
    }
    out
}

impl Db {
    /// The month of a date column (a fixed name, never from input), as `month`.
    fn month_of(&self, column: &'static str) -> String {
        match self.pool {
            crate::driver::Pool::Sqlite(_) => format!("substr({column}, 1, 7) AS month"),
            crate::driver::Pool::Postgres(_) => format!("to_char({column}, 'YYYY-MM') AS month"),
        }
    }

    pub(crate) async fn events(&self, q: &EventQuery<'_>) -> Result<Counts> {
        let groups = group_list(q.slice, q.by_month);
        let select = if groups.is_empty() { String::new() } else { format!("{groups}, ") };
        let inner_groups = group_list(q.slice, false);
        let inner = match (q.by_month, inner_groups.is_empty()) {
            (false, true) => String::new(),
            (false, false) => format!("{inner_groups}, "),
            (true, true) => format!("{}, ", self.month_of("day")),
            (true, false) => format!("{}, {inner_groups}, ", self.month_of("day")),
        };
        let (daily, monthly) = event_tables(q);
        let branch_groups = branch_groups(q.slice, q.by_month);
        // Each part: a table, the grain of its periods (none: by day or month), the first and last day.
        let mut parts: Vec<(&str, Option<&str>, NaiveDate, NaiveDate)> =
            q.spans.days.iter().map(|(a, b)| (daily, None, *a, *b)).collect();
        if let Some((a, b)) = q.spans.months {
            match periods_of(monthly).filter(|_| !q.by_month) {
                Some(periods) => parts.extend(month_grains(a, b).into_iter().map(|(g, x, y)| match g {
                    Some(g) => (periods, Some(g), x, y),
                    None => (monthly, None, x, y),
                })),
                None => parts.push((monthly, None, a, b)),
            }
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT ");
            qb.push(&select).push("CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (");
            for (i, (table, grain, from, to)) in parts.iter().enumerate() {
                if i > 0 {
                    qb.push(" UNION ALL ");
                }
                qb.push("SELECT ").push(&inner).push("SUM(n) AS n FROM ").push(*table);
                qb.push(" WHERE indicator = ").push_bind(q.aggregate.to_string());
                match grain {
                    Some(g) => {
                        qb.push(" AND grain = ").push_bind(g.to_string());
                        qb.push(" AND start >= ").push_bind(*from).push(" AND start <= ").push_bind(*to);
                    }
                    // The live view is a union of the records' own tables, no key
                    // to range over: a list of days would be tried on every row.
                    None if *table == monthly || q.live => {
                        qb.push(" AND day >= ").push_bind(*from).push(" AND day <= ").push_bind(*to);
                    }
                    None => push_days(&mut qb, *from, *to, q.slice),
                }
                if let Some(d) = q.detail {
                    qb.push(" AND detail = ").push_bind(d.to_string());
                }
                push_slice(&mut qb, q.slice);
                qb.push(&branch_groups);
            }
            qb.push(") t");
            if !groups.is_empty() {
                qb.push(" GROUP BY ").push(&groups);
            }
            let rows = qb.build().fetch_all(p).await?;
            decode(q.slice, q.by_month, rows)
        }
        .await)
        .map_err(db_error)
    }

    /// Unique people: each counted by her row (in the order the slice
    /// needs) that is her first of the period, or of each month when by
    /// month, read from the tables [`people_parts`] chooses.
    pub(crate) async fn people(&self, q: &PeopleQuery<'_>) -> Result<Counts> {
        let groups = group_list(q.slice, q.by_month);
        let inner = |column: &'static str| match (q.by_month, group_list(q.slice, false)) {
            (false, g) if g.is_empty() => String::new(),
            (false, g) => format!("{g}, "),
            (true, g) if g.is_empty() => format!("{}, ", self.month_of(column)),
            (true, g) => format!("{}, {g}, ", self.month_of(column)),
        };
        // Counted from the start of the period, or of each month when by month.
        let start = match (q.by_month, &self.pool) {
            (false, _) => None,
            (true, crate::driver::Pool::Sqlite(_)) => Some(("MAX(substr(day, 1, 7) || '-01', ", ")")),
            (true, crate::driver::Pool::Postgres(_)) => {
                Some(("GREATEST(CAST(date_trunc('month', day) AS DATE), ", ")"))
            }
        };
        // The person's previous row in the order that makes her first row of
        // the range (for this slice) the one counted.
        let order = q.slice.people_order();
        let prev = match (order.per_organisation, order.per_category) {
            (false, false) => "prev_any",
            (true, false) => "prev_org",
            (false, true) => "prev_cat",
            (true, true) => "prev_org_cat",
        };
        let ord = prev[5..].to_string();
        // By village, whole periods from the villages' table when it keeps
        // the order (no organisation, no category); never the previous months.
        let names = |c: Column| q.slice.group.contains(&c) || q.slice.filters.iter().any(|(x, _)| *x == c);
        let village = names(Column::Village);
        // Runs of months by the month of the previous row: without kecamatan (0055) unless named.
        let prevs_table =
            if names(Column::Kecamatan) { "report_people_prev_months" } else { "report_people_prev_districts" };
        let coarse = Coarse { periods: !village || ord == "any", prevs: !village };
        let periods_table = if village { "report_people_village_periods" } else { "report_people_periods" };
        let fine = q.slice.exclude_categories.is_empty();
        let parts = people_parts(q.period.from, q.period.to, q.by_month, fine, coarse);
        let stage = if q.family { " AND stage = 'family_member'" } else { " AND stage <> 'family_member'" };
        let branch_groups = branch_groups(q.slice, q.by_month);
        on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT ");
            if !groups.is_empty() {
                qb.push(&groups).push(", ");
            }
            qb.push("CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (");
            let mut union = "SELECT ";
            if let Some((from, to)) = parts.days {
                qb.push(std::mem::replace(&mut union, " UNION ALL SELECT ")).push(inner("day"));
                // Days of one month, by attributes 0062 keeps: its counts of
                // person-days, whose previous day is kept when in the month.
                let kept = from.with_day(1) == to.with_day(1) && !names(Column::Kecamatan) && !village && fine;
                if kept {
                    qb.push("SUM(n) AS n FROM report_people_days WHERE ord = ");
                    qb.push_bind(ord.clone());
                    push_days(&mut qb, from, to, q.slice);
                    qb.push(" AND prev_day < ");
                } else {
                    qb.push("COUNT(*) AS n FROM report_person_days WHERE 1 = 1");
                    push_days(&mut qb, from, to, q.slice);
                    qb.push(" AND (").push(prev).push(" IS NULL OR ").push(prev).push(" < ");
                }
                match start {
                    None => qb.push_bind(q.period.from),
                    Some((open, close)) => qb.push(open).push_bind(q.period.from).push(close),
                };
                qb.push(if kept { "" } else { ")" }).push(stage);
                push_slice(&mut qb, q.slice);
                qb.push(&branch_groups);
            }
            if let Some((from, to)) = parts.months {
                qb.push(std::mem::replace(&mut union, " UNION ALL SELECT "))
                    .push(inner("day"))
                    .push("SUM(n) AS n FROM report_people_months WHERE ord = ");
                qb.push_bind(ord.clone());
                qb.push(" AND day >= ").push_bind(from).push(" AND day <= ").push_bind(to);
                if !q.by_month {
                    qb.push(" AND prev_day < ").push_bind(q.period.from);
                }
                qb.push(stage);
                push_slice(&mut qb, q.slice);
                qb.push(&branch_groups);
            }
            if let Some((grain, from, to)) = parts.periods {
                qb.push(std::mem::replace(&mut union, " UNION ALL SELECT "))
                    .push(inner("start"))
                    .push("SUM(n) AS n FROM ")
                    .push(periods_table)
                    .push(" WHERE ord = ");
                qb.push_bind(ord.clone()).push(" AND grain = ").push_bind(grain.to_string());
                // One period by equality, so that a district's rows are a range of the key.
                match from == to {
                    true => qb.push(" AND start = ").push_bind(from),
                    false => qb.push(" AND start >= ").push_bind(from).push(" AND start <= ").push_bind(to),
                };
                qb.push(stage);
                push_slice(&mut qb, q.slice);
                qb.push(&branch_groups);
            }
            if let Some((from, to, before)) = parts.prevs {
                qb.push(std::mem::replace(&mut union, " UNION ALL SELECT "))
                    .push(inner("month"))
                    .push("SUM(n) AS n FROM ")
                    .push(prevs_table)
                    .push(" WHERE ord = ");
                qb.push_bind(ord.clone());
                qb.push(" AND month >= ").push_bind(from).push(" AND month <= ").push_bind(to);
                qb.push(" AND prev_month < ").push_bind(before);
                qb.push(stage);
                push_slice(&mut qb, q.slice);
                qb.push(&branch_groups);
            }
            if let Some((prev_from, prev_before, from, to)) = parts.carried {
                qb.push(std::mem::replace(&mut union, " UNION ALL SELECT "))
                    .push(inner("day"))
                    .push("SUM(n) AS n FROM report_people_months WHERE ord = ");
                qb.push_bind(ord.clone());
                qb.push(" AND prev_day >= ").push_bind(prev_from).push(" AND prev_day < ").push_bind(prev_before);
                qb.push(" AND day >= ").push_bind(from).push(" AND day <= ").push_bind(to);
                qb.push(stage);
                push_slice(&mut qb, q.slice);
                qb.push(&branch_groups);
            }
            if union == "SELECT " {
                return Ok(Vec::new());
            }
            qb.push(") t");
            if !groups.is_empty() {
                qb.push(" GROUP BY ").push(&groups);
            }
            let rows = qb.build().fetch_all(p).await?;
            decode(q.slice, q.by_month, rows)
        }
        .await)
        .map_err(db_error)
    }

    pub(crate) async fn check(&self, fix: bool) -> Result<AggregateCheck> {
        // A rebuild sorts every source row (ten million events: gigabytes):
        // on SQLite, in temporary files rather than the memory the
        // connections otherwise sort in.
        let spill = fix && matches!(self.pool, crate::driver::Pool::Sqlite(_));
        on_pool!(&self.pool, |p, _DB| async {
            let mut conn = p.acquire().await?;
            if spill {
                sqlx::query("PRAGMA temp_store = FILE").execute(&mut *conn).await?;
                // Tables of millions of rows written in one transaction:
                // with SQLite's default two megabytes of page cache, a
                // changed page is evicted to the log as soon as rows land
                // elsewhere in the table, and written there again when they
                // come back to it. Memory is taken only as pages are used.
                // (At ten million events the log still reached 18 GB; the
                // rebuild took 30 minutes.)
                sqlx::query("PRAGMA cache_size = -1048576").execute(&mut *conn).await?;
            }
            let result = Self::check_on(&mut conn, fix).await;
            if spill {
                sqlx::query("PRAGMA temp_store = MEMORY").execute(&mut *conn).await?;
                // SQLite's default, which the pool's connections keep; the
                // pages beyond it are given back.
                sqlx::query("PRAGMA cache_size = -2000").execute(&mut *conn).await?;
                // The rebuild's pages (gigabytes at ten million events)
                // copied into the database now and the log emptied, rather
                // than left to whichever write comes next: a log that size
                // stayed on disk, and a process opening it read it whole
                // first (over a minute). Busy readers or writers only leave
                // part of it for later (the answer is not an error).
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut *conn).await?;
            }
            result
        }
        .await)
        .map_err(db_error)
    }

    /// The check (or rebuild) of `check`, on one connection.
    async fn check_on<DB>(
        conn: &mut sqlx::pool::PoolConnection<DB>,
        fix: bool,
    ) -> std::result::Result<AggregateCheck, sqlx::Error>
    where
        DB: sqlx::Database,
        for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
        bool: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB>,
        i64: for<'r> sqlx::Decode<'r, DB> + sqlx::Type<DB>,
        for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
        (bool,): for<'r> sqlx::FromRow<'r, DB::Row>,
        (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
    {
        let mut tx = conn.begin().await?;
        if fix {
            let paused = pause_in(&mut *tx).await?;
            rebuild_in(&mut *tx, paused).await?;
        }
        let mut out = AggregateCheck::default();
        for (i, (table, key, counts)) in AGGREGATES.iter().copied().enumerate() {
            let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *tx).await?;
            out.rows[i] = count(rows);
            if fix {
                // Just written from the source in this transaction: they
                // agree by construction, and comparing would read every
                // source row again (longer than the rebuild at scale).
                continue;
            }
            let source = format!("{table}_source");
            let (cols, live) =
                if counts { (format!("{key}, CAST(n AS BIGINT)"), " WHERE n <> 0") } else { (key.to_string(), "") };
            let differ: i64 = sqlx::query_scalar(&format!(
                "SELECT (SELECT COUNT(*) FROM (SELECT {cols} FROM {source} EXCEPT SELECT {cols} FROM {table}{live}) a) \
                 + (SELECT COUNT(*) FROM (SELECT {cols} FROM {table}{live} EXCEPT SELECT {cols} FROM {source}) b)"
            ))
            .fetch_one(&mut *tx)
            .await?;
            out.differ[i] = count(differ);
        }
        tx.commit().await?;
        Ok(out)
    }

    pub(crate) async fn report_offset(&self, minutes: i32) -> Result<bool> {
        let changed = on_pool!(&self.pool, |p, _DB| sqlx::query(
            "UPDATE report_state SET utc_offset_minutes = $1 WHERE utc_offset_minutes <> $2"
        )
        .bind(minutes)
        .bind(minutes)
        .execute(p)
        .await
        .map(|r| r.rows_affected() > 0))
        .map_err(db_error)?;
        if changed {
            self.check(true).await?;
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed<T> = std::result::Result<T, chrono::ParseError>;

    const ALL: Coarse = Coarse { periods: true, prevs: true };

    fn d(s: &str) -> Parsed<NaiveDate> {
        s.parse()
    }

    fn parts(from: &str, to: &str, by_month: bool) -> Parsed<PeopleParts> {
        Ok(people_parts(d(from)?, d(to)?, by_month, true, ALL))
    }

    #[test]
    fn whole_periods_read_one_grain() -> Parsed<()> {
        assert_eq!(parts("2026-03-01", "2026-03-31", false)?.periods, Some(("M", d("2026-03-01")?, d("2026-03-01")?)));
        assert_eq!(parts("2026-04-01", "2026-06-30", false)?.periods, Some(("Q", d("2026-04-01")?, d("2026-04-01")?)));
        assert_eq!(parts("2025-01-01", "2025-12-31", false)?.periods, Some(("Y", d("2025-01-01")?, d("2025-01-01")?)));
        assert_eq!(parts("2024-02-01", "2024-02-29", false)?.periods, Some(("M", d("2024-02-01")?, d("2024-02-01")?)));
        // Not a quarter (it starts in February), nor a year: a run of months.
        let p = parts("2026-02-01", "2026-04-30", false)?;
        let run = Some((d("2026-02-01")?, d("2026-04-01")?, d("2026-02-01")?));
        assert_eq!(p, PeopleParts { prevs: run, ..PeopleParts::default() });
        let p = parts("2025-07-01", "2026-06-30", false)?;
        assert_eq!(p.periods, None);
        assert_eq!(p.prevs, Some((d("2025-07-01")?, d("2026-06-01")?, d("2025-07-01")?)));
        Ok(())
    }

    #[test]
    fn loose_periods_read_runs_of_months() -> Parsed<()> {
        // From a day inside March to the end of the year: March's days, the
        // run April..December before March, the rows after a day of March
        // before the 12th.
        let p = parts("2026-03-12", "2026-12-31", false)?;
        assert_eq!(
            p,
            PeopleParts {
                days: Some((d("2026-03-12")?, d("2026-03-31")?)),
                prevs: Some((d("2026-04-01")?, d("2026-12-01")?, d("2026-03-01")?)),
                carried: Some((d("2026-03-01")?, d("2026-03-12")?, d("2026-04-01")?, d("2026-12-31")?)),
                ..PeopleParts::default()
            }
        );
        // Ending inside a month: that month from its rows.
        let p = parts("2026-03-12", "2026-08-20", false)?;
        assert_eq!(p.days, Some((d("2026-03-12")?, d("2026-03-31")?)));
        assert_eq!(p.prevs, Some((d("2026-04-01")?, d("2026-07-01")?, d("2026-03-01")?)));
        assert_eq!(p.carried, Some((d("2026-03-01")?, d("2026-03-12")?, d("2026-04-01")?, d("2026-07-31")?)));
        assert_eq!(p.months, Some((d("2026-08-01")?, d("2026-08-20")?)));
        // From the 1st: nothing carried.
        let p = parts("2026-02-01", "2026-05-10", false)?;
        let run = Some((d("2026-02-01")?, d("2026-04-01")?, d("2026-02-01")?));
        assert_eq!(
            p,
            PeopleParts { prevs: run, months: Some((d("2026-05-01")?, d("2026-05-10")?)), ..PeopleParts::default() }
        );
        // No whole month after the first: its days and the next month's rows.
        let p = parts("2026-03-12", "2026-04-20", false)?;
        assert_eq!(p.months, Some((d("2026-04-01")?, d("2026-04-20")?)));
        assert_eq!((p.prevs, p.carried), (None, None));
        // The longest run kept: 23 months after the first month; one more
        // is read from the months' rows.
        let p = parts("2025-01-15", "2026-12-31", false)?;
        assert_eq!(p.prevs, Some((d("2025-02-01")?, d("2026-12-01")?, d("2025-01-01")?)));
        let p = parts("2024-12-15", "2026-12-31", false)?;
        assert_eq!(p.prevs, None);
        assert_eq!(p.months, Some((d("2025-01-01")?, d("2026-12-31")?)));
        Ok(())
    }

    #[test]
    fn loose_days_read_at_most_a_month_of_person_days() -> Parsed<()> {
        let p = parts("2026-03-12", "2026-03-20", false)?;
        assert_eq!(p, PeopleParts { days: Some((d("2026-03-12")?, d("2026-03-20")?)), ..PeopleParts::default() });
        // By village and organisation: the months' rows by day, never the periods.
        let p = people_parts(d("2026-01-01")?, d("2026-12-31")?, false, true, Coarse { periods: false, prevs: false });
        assert_eq!(p, PeopleParts { months: Some((d("2026-01-01")?, d("2026-12-31")?)), ..PeopleParts::default() });
        // By village alone: whole periods from the villages' table, a loose
        // run of months from the months' rows (no previous months by village).
        let village = Coarse { periods: true, prevs: false };
        let p = people_parts(d("2026-04-01")?, d("2026-06-30")?, false, true, village);
        assert_eq!(
            p,
            PeopleParts { periods: Some(("Q", d("2026-04-01")?, d("2026-04-01")?)), ..PeopleParts::default() }
        );
        let p = people_parts(d("2026-02-10")?, d("2026-05-31")?, false, true, village);
        let want = PeopleParts {
            days: Some((d("2026-02-10")?, d("2026-02-28")?)),
            months: Some((d("2026-03-01")?, d("2026-05-31")?)),
            ..PeopleParts::default()
        };
        assert_eq!(p, want);
        let p = people_parts(d("2026-01-01")?, d("2026-03-31")?, true, true, village);
        assert_eq!(p.periods, Some(("M", d("2026-01-01")?, d("2026-03-01")?)));
        // With categories left out: every person-day.
        let p = people_parts(d("2026-01-01")?, d("2026-12-31")?, true, false, ALL);
        assert_eq!(p, PeopleParts { days: Some((d("2026-01-01")?, d("2026-12-31")?)), ..PeopleParts::default() });
        assert_eq!(parts("2026-05-02", "2026-05-01", false)?, PeopleParts::default());
        Ok(())
    }

    #[test]
    fn a_trend_reads_whole_months_from_the_periods() -> Parsed<()> {
        let p = parts("2026-03-12", "2026-08-20", true)?;
        assert_eq!(p.days, Some((d("2026-03-12")?, d("2026-03-31")?)));
        assert_eq!(p.periods, Some(("M", d("2026-04-01")?, d("2026-07-01")?)));
        assert_eq!(p.months, Some((d("2026-08-01")?, d("2026-08-20")?)));
        let p = parts("2026-01-01", "2026-12-31", true)?;
        assert_eq!(
            p,
            PeopleParts { periods: Some(("M", d("2026-01-01")?, d("2026-12-01")?)), ..PeopleParts::default() }
        );
        let p = parts("2026-04-01", "2026-04-15", true)?;
        assert_eq!(p, PeopleParts { months: Some((d("2026-04-01")?, d("2026-04-15")?)), ..PeopleParts::default() });
        let p = parts("2026-04-03", "2026-05-31", true)?;
        assert_eq!(p.days, Some((d("2026-04-03")?, d("2026-04-30")?)));
        assert_eq!(p.periods, Some(("M", d("2026-05-01")?, d("2026-05-01")?)));
        assert_eq!(p.months, None);
        Ok(())
    }

    #[test]
    fn whole_months_by_area_read_years_and_quarters() -> Parsed<()> {
        let g = |a: &str, b: &str| -> Parsed<Vec<(Option<&'static str>, NaiveDate, NaiveDate)>> {
            Ok(month_grains(d(a)?, d(b)?))
        };
        assert_eq!(g("2026-01-01", "2026-12-01")?, vec![(Some("Y"), d("2026-01-01")?, d("2026-01-01")?)]);
        assert_eq!(g("2026-04-01", "2026-06-30")?, vec![(Some("Q"), d("2026-04-01")?, d("2026-04-01")?)]);
        assert_eq!(g("2026-03-01", "2026-03-01")?, vec![(None, d("2026-03-01")?, d("2026-03-01")?)]);
        // Months to the next quarter, quarters to the next year, years, then quarters and months again.
        assert_eq!(
            g("2024-11-01", "2026-08-31")?,
            vec![
                (None, d("2024-11-01")?, d("2024-12-01")?),
                (Some("Y"), d("2025-01-01")?, d("2025-01-01")?),
                (Some("Q"), d("2026-01-01")?, d("2026-04-01")?),
                (None, d("2026-07-01")?, d("2026-08-01")?),
            ]
        );
        assert_eq!(
            g("2025-02-01", "2027-12-01")?,
            vec![
                (None, d("2025-02-01")?, d("2025-03-01")?),
                (Some("Q"), d("2025-04-01")?, d("2025-10-01")?),
                (Some("Y"), d("2026-01-01")?, d("2027-01-01")?),
            ]
        );
        // Every month is read exactly once.
        for (a, b) in [("2024-11-01", "2026-08-01"), ("2025-02-01", "2027-12-01"), ("2026-05-01", "2026-05-01")] {
            let mut months = 0;
            for (grain, x, y) in g(a, b)? {
                let step = match grain {
                    Some("Y") => 12,
                    Some("Q") => 3,
                    _ => 1,
                };
                let span = (y.year() - x.year()) * 12 + y.month() as i32 - x.month() as i32;
                months += span + step;
            }
            let (a, b) = (d(a)?, d(b)?);
            assert_eq!(months, (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32 + 1, "{a}..{b}");
        }
        Ok(())
    }

    #[test]
    fn event_questions_read_the_smallest_cube_that_keeps_them() {
        use satuatap_core::reports::period::Spans;
        let table = |group: &[Column], filters: &[Column], exclude: bool, detail: Option<&str>, live: bool| {
            let slice = Slice {
                filters: filters.iter().map(|c| (*c, Value::Text("x".into()))).collect(),
                exclude_categories: if exclude { vec!["gbv"] } else { Vec::new() },
                group: group.to_vec(),
            };
            let q = EventQuery {
                aggregate: "visits",
                detail,
                spans: Spans::default(),
                slice: &slice,
                live,
                by_month: false,
            };
            event_tables(&q)
        };
        use Column::*;
        assert_eq!(table(&[], &[], false, None, false), ("report_cube_stage_days", "report_cube_stage"));
        assert_eq!(table(&[Sex], &[District], false, None, false), ("report_cube_stage_days", "report_cube_stage"));
        assert_eq!(
            table(&[Stage], &[AgeGroup, Sex], false, None, false),
            ("report_cube_stage_days", "report_cube_stage")
        );
        assert_eq!(
            table(&[Organisation], &[AgeGroup, District], false, None, false),
            ("report_cube_organisation_days", "report_cube_organisation")
        );
        assert_eq!(
            table(&[Category], &[AgeGroup], false, None, false),
            ("report_cube_category_days", "report_cube_category")
        );
        assert_eq!(
            table(&[Detail], &[Category], false, None, false),
            ("report_cube_category_days", "report_cube_category")
        );
        assert_eq!(
            table(&[AgeGroup], &[], false, Some("done"), false),
            ("report_cube_category_days", "report_cube_category")
        );
        // Two attributes no cube keeps together; categories left out by organisation.
        assert_eq!(
            table(&[Detail], &[Organisation], false, None, false),
            ("report_district_days", "report_district_months")
        );
        assert_eq!(table(&[Organisation], &[], true, None, false), ("report_district_days", "report_district_months"));
        assert_eq!(
            table(&[Stage], &[Category], false, None, false),
            ("report_district_days", "report_district_months")
        );
        // Areas below the district, live records.
        assert_eq!(table(&[Village], &[Sex], false, None, false), ("report_days", "report_area_months"));
        assert_eq!(table(&[Kecamatan], &[AgeGroup], false, None, false), ("report_days", "report_area_cube_stage"));
        assert_eq!(table(&[Stage], &[Village, Sex], false, None, false), ("report_days", "report_area_cube_stage"));
        assert_eq!(table(&[Village], &[Category], false, None, false), ("report_days", "report_area_months"));
        assert_eq!(table(&[Village], &[AgeGroup, Category], false, None, false), ("report_days", "report_months"));
        assert_eq!(table(&[Kecamatan], &[Organisation], false, None, false), ("report_days", "report_months"));
        assert_eq!(table(&[Village], &[], true, None, false), ("report_days", "report_area_months"));
        assert_eq!(table(&[Village], &[AgeGroup], true, None, false), ("report_days", "report_months"));
        assert_eq!(table(&[Sex], &[], false, None, true), ("report_records", "report_months"));
    }

    /// Every indicator counted live reads a view of its own (0057).
    #[test]
    fn live_indicators_read_their_own_views() {
        use satuatap_core::reports::catalogue::{Measure, INDICATORS};
        let mut live = Vec::new();
        for ind in INDICATORS.iter() {
            match ind.measure {
                Measure::Records { .. } | Measure::EventsAndLive { .. } => live.push(ind.code),
                Measure::Amount { sum } => live.extend([ind.code, sum]),
                Measure::Median { aggregate, live: true } => live.push(aggregate),
                _ => {}
            }
        }
        assert!(live.len() >= 18, "{live:?}");
        for code in live {
            assert_eq!(live_view(code), format!("report_records_{code}"), "{code}");
        }
        assert_eq!(live_view("visits"), "report_records");
    }
}
