//! Reading the aggregates behind the reports, and checking or rebuilding
//! them. The tables, the views that define what each source row counts
//! for, and the triggers that keep the tables in the same transaction as
//! each write are in migration 0034 (written by
//! `scripts/gen-report-aggregates.py`).

use chrono::Datelike;
use satuatap_core::reports::catalogue::Column;
use satuatap_core::reports::query::{Counts, EventQuery, PeopleQuery, Slice, Value};
use satuatap_core::reports::repo::AggregateCheck;
use satuatap_core::Result;
use sqlx::{QueryBuilder, Row};
use uuid::Uuid;

use crate::pool::{count, db_error, on_pool, Db};

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

/// The group columns, led by the month when grouped by month.
fn group_list(slice: &Slice, by_month: bool) -> String {
    by_month.then_some("month").into_iter().chain(slice.group.iter().map(|c| column(*c))).collect::<Vec<_>>().join(", ")
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

impl Db {
    /// The month of a row's `day`, as `YYYY-MM` text on either engine.
    fn month_of_day(&self) -> &'static str {
        match self.pool {
            crate::driver::Pool::Sqlite(_) => "substr(day, 1, 7) AS month",
            crate::driver::Pool::Postgres(_) => "to_char(day, 'YYYY-MM') AS month",
        }
    }

    pub(crate) async fn events(&self, q: &EventQuery<'_>) -> Result<Counts> {
        let groups = group_list(q.slice, q.by_month);
        let select = if groups.is_empty() { String::new() } else { format!("{groups}, ") };
        let inner_groups = group_list(q.slice, false);
        let inner = match (q.by_month, inner_groups.is_empty()) {
            (false, true) => String::new(),
            (false, false) => format!("{inner_groups}, "),
            (true, true) => format!("{}, ", self.month_of_day()),
            (true, false) => format!("{}, {inner_groups}, ", self.month_of_day()),
        };
        // Without kecamatan or village, from the tables that leave them out (0044).
        let areas = [Column::Kecamatan, Column::Village]
            .iter()
            .any(|c| q.slice.group.contains(c) || q.slice.filters.iter().any(|(x, _)| x == c));
        let (daily, monthly) = match (q.live, areas) {
            (true, _) => ("report_records", "report_months"),
            (false, true) => ("report_days", "report_months"),
            (false, false) => ("report_district_days", "report_district_months"),
        };
        let mut parts: Vec<(&str, chrono::NaiveDate, chrono::NaiveDate)> =
            q.spans.days.iter().map(|(a, b)| (daily, *a, *b)).collect();
        if let Some((a, b)) = q.spans.months {
            parts.push((monthly, a, b));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT ");
            qb.push(&select).push("CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (");
            for (i, (table, from, to)) in parts.iter().enumerate() {
                if i > 0 {
                    qb.push(" UNION ALL ");
                }
                qb.push("SELECT ").push(&inner).push("n FROM ").push(*table);
                qb.push(" WHERE indicator = ").push_bind(q.aggregate.to_string());
                qb.push(" AND day >= ").push_bind(*from).push(" AND day <= ").push_bind(*to);
                if let Some(d) = q.detail {
                    qb.push(" AND detail = ").push_bind(d.to_string());
                }
                push_slice(&mut qb, q.slice);
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

    pub(crate) async fn people(&self, q: &PeopleQuery<'_>) -> Result<Counts> {
        let groups = group_list(q.slice, q.by_month);
        let select = match (q.by_month, group_list(q.slice, false)) {
            (false, g) if g.is_empty() => String::new(),
            (false, g) => format!("{g}, "),
            (true, g) if g.is_empty() => format!("{}, ", self.month_of_day()),
            (true, g) => format!("{}, {g}, ", self.month_of_day()),
        };
        // Counted from the start of the period, or of each month when by month.
        let start = match (q.by_month, &self.pool) {
            (false, _) => None,
            (true, crate::driver::Pool::Sqlite(_)) => Some(("MAX(substr(day, 1, 7) || '-01', ", ")")),
            (true, crate::driver::Pool::Postgres(_)) => {
                Some(("GREATEST(CAST(date_trunc('month', day) AS DATE), ", ")"))
            }
        };
        let involves = |c: Column| q.slice.group.contains(&c) || q.slice.filters.iter().any(|(x, _)| *x == c);
        // The person's previous row in the order that makes her first row of
        // the range (for this slice) the one counted.
        let prev = match (involves(Column::Organisation), involves(Column::Category)) {
            (false, false) => "prev_any",
            (true, false) => "prev_org",
            (false, true) => "prev_cat",
            (true, true) => "prev_org_cat",
        };
        // Whole months without villages: from the months' first rows (0043).
        let whole_months = q.period.from.day() == 1 && q.period.to.succ_opt().is_none_or(|d| d.day() == 1);
        if whole_months && !involves(Column::Village) && q.slice.exclude_categories.is_empty() {
            return self.people_by_months(q, &prev[5..]).await;
        }
        on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT ");
            qb.push(&select).push("CAST(COUNT(*) AS BIGINT) FROM report_person_days WHERE day >= ");
            qb.push_bind(q.period.from).push(" AND day <= ").push_bind(q.period.to);
            qb.push(" AND (").push(prev).push(" IS NULL OR ").push(prev).push(" < ");
            match start {
                None => qb.push_bind(q.period.from),
                Some((open, close)) => qb.push(open).push_bind(q.period.from).push(close),
            };
            qb.push(")");
            qb.push(if q.family { " AND stage = 'family_member'" } else { " AND stage <> 'family_member'" });
            push_slice(&mut qb, q.slice);
            if !groups.is_empty() {
                qb.push(" GROUP BY ").push(&groups);
            }
            let rows = qb.build().fetch_all(p).await?;
            decode(q.slice, q.by_month, rows)
        }
        .await)
        .map_err(db_error)
    }

    /// Unique people in whole months from `report_people_months`: the rows
    /// of the months whose previous month (in order `ord`) is before the
    /// first, or each month's own rows when by month.
    async fn people_by_months(&self, q: &PeopleQuery<'_>, ord: &str) -> Result<Counts> {
        let month = match self.pool {
            crate::driver::Pool::Sqlite(_) => "substr(month, 1, 7) AS mk",
            crate::driver::Pool::Postgres(_) => "to_char(month, 'YYYY-MM') AS mk",
        };
        let groups: Vec<&str> =
            q.by_month.then_some("mk").into_iter().chain(q.slice.group.iter().map(|c| column(*c))).collect();
        let mut select: Vec<&str> = q.slice.group.iter().map(|c| column(*c)).collect();
        if q.by_month {
            select.insert(0, month);
        }
        let last = q.period.to.with_day(1).unwrap_or(q.period.to);
        on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT ");
            for c in &select {
                qb.push(*c).push(", ");
            }
            qb.push("CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM report_people_months WHERE ord = ");
            qb.push_bind(ord.to_string());
            qb.push(" AND month >= ").push_bind(q.period.from).push(" AND month <= ").push_bind(last);
            if !q.by_month {
                qb.push(" AND prev_month < ").push_bind(q.period.from);
            }
            qb.push(if q.family { " AND stage = 'family_member'" } else { " AND stage <> 'family_member'" });
            push_slice(&mut qb, q.slice);
            if !groups.is_empty() {
                qb.push(" GROUP BY ").push(groups.join(", "));
            }
            let rows = qb.build().fetch_all(p).await?;
            decode(q.slice, q.by_month, rows)
        }
        .await)
        .map_err(db_error)
    }

    pub(crate) async fn check(&self, fix: bool) -> Result<AggregateCheck> {
        const KEY: &str =
            "indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail";
        const PD: &str = "person_id, day, organisation, category, district, kecamatan, village, sex, age_group, \
                          stage, prev_any, prev_org, prev_cat, prev_org_cat";
        const PM: &str = "ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage";
        const DD: &str = "indicator, day, district, organisation, sex, age_group, stage, category, detail";
        // Each table (whose view `<table>_source` says what it should hold),
        // its key columns, and whether it counts (`n`: a count that fell to
        // zero is no row), in the order every write reaches them (each finer
        // table before the one kept from it), so that a rebuild and a write
        // never wait on each other's rows in opposite orders.
        let tables = [
            ("report_days", KEY, true),
            ("report_district_days", DD, true),
            ("report_months", KEY, true),
            ("report_district_months", DD, true),
            ("report_person_days", PD, false),
            ("report_people_months", PM, true),
        ];
        on_pool!(&self.pool, |p, _DB| async {
            let mut tx = p.begin().await?;
            if fix {
                // Written whole below: the triggers that keep one table from
                // another stand still meanwhile, and are left as they were.
                // The state row is locked first, so that a bulk load resuming
                // the triggers meanwhile is not undone by the value read here.
                sqlx::query("UPDATE report_state SET paused = paused").execute(&mut *tx).await?;
                let paused: bool = sqlx::query_scalar("SELECT paused FROM report_state").fetch_one(&mut *tx).await?;
                sqlx::query("UPDATE report_state SET paused = $1").bind(true).execute(&mut *tx).await?;
                for (table, key, counts) in tables {
                    let cols = if counts { format!("{key}, n") } else { key.to_string() };
                    let source = format!("{table}_source");
                    sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
                    sqlx::query(&format!("INSERT INTO {table} ({cols}) SELECT {cols} FROM {source}"))
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("UPDATE report_state SET paused = $1, rebuilt_at = CURRENT_TIMESTAMP")
                    .bind(paused)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut out = AggregateCheck::default();
            for (i, (table, key, counts)) in tables.into_iter().enumerate() {
                let source = format!("{table}_source");
                let (cols, live) =
                    if counts { (format!("{key}, CAST(n AS BIGINT)"), " WHERE n <> 0") } else { (key.to_string(), "") };
                let differ: i64 = sqlx::query_scalar(&format!(
                    "SELECT (SELECT COUNT(*) FROM (SELECT {cols} FROM {source} EXCEPT SELECT {cols} FROM {table}{live}) a) \
                     + (SELECT COUNT(*) FROM (SELECT {cols} FROM {table}{live} EXCEPT SELECT {cols} FROM {source}) b)"
                ))
                .fetch_one(&mut *tx)
                .await?;
                let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *tx).await?;
                out.differ[i] = count(differ);
                out.rows[i] = count(rows);
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(out)
        }
        .await)
        .map_err(db_error)
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
