//! Event questions read from the smallest table that keeps what they name
//! (the cubes of migrations 0050 and 0052, the areas' months of 0048 and
//! 0054, the districts' months, the days): each
//! answer recomputed here from the finest table, events by day with every
//! attribute (`report_days`, itself checked against the source rows), with
//! SQL of the test's own.

use std::collections::HashMap;

use chrono::Datelike;

use crate::helpers::{raw_query_strings, TestApp};

/// Counts by the value of `column` (an organisation as its UUID's hex) of
/// the events of `aggregate` from `from` to `to`, with `filters` (column,
/// value) kept.
async fn expected(
    t: &TestApp,
    aggregate: &str,
    from: &str,
    to: &str,
    column: &str,
    filters: &[(&str, &str)],
) -> HashMap<String, i64> {
    let sqlite = t.db_url.starts_with("sqlite:");
    let key = match (column, sqlite) {
        ("organisation", true) => "lower(hex(organisation))".to_string(),
        ("organisation", false) => "replace(CAST(organisation AS TEXT), '-', '')".to_string(),
        (c, _) => c.to_string(),
    };
    let mut sql = format!(
        "SELECT {key} || '|' || CAST(SUM(n) AS TEXT) FROM report_days \
         WHERE indicator = '{aggregate}' AND day >= '{from}' AND day <= '{to}'"
    );
    for (c, v) in filters {
        match (*c, sqlite) {
            ("organisation", true) => sql.push_str(&format!(" AND lower(hex(organisation)) = '{v}'")),
            ("organisation", false) => {
                sql.push_str(&format!(" AND replace(CAST(organisation AS TEXT), '-', '') = '{v}'"))
            }
            _ => sql.push_str(&format!(" AND {c} = '{v}'")),
        }
    }
    sql.push_str(&format!(" GROUP BY {key}"));
    raw_query_strings(&t.db_url, &sql)
        .await
        .iter()
        .filter_map(|r| r.rsplit_once('|'))
        .map(|(k, n)| (k.to_string(), n.parse::<i64>().unwrap()))
        .filter(|(_, n)| *n != 0)
        .collect()
}

/// A period (first and last day, as asked), an indicator, a row dimension
/// (as asked, its column) and filters (as asked, column, value).
type Period = (String, String, String);
type Question<'a> = (&'a str, &'a Period, &'a str, &'a str, Vec<(&'a str, &'a str, &'a str)>);

/// Every question shape the cubes serve (one attribute, an age group with
/// it, a district, two attributes no cube keeps, areas below the district
/// with and without people's attributes, whole months, a quarter, a period
/// starting and ending inside months) agrees with the events by day.
pub(super) async fn event_questions_agree_with_the_days(t: &TestApp) {
    let me = t.as_user("me.officer").await;
    let y = chrono::Utc::now().year() - 1;
    let (_, orgs) = me.get(&format!("/api/v1/reports/table?indicator=visits&period={y}&by=organisation")).await;
    // The organisation that served most (its rows large enough to be shown).
    let org = orgs["rows"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|r| r["total"]["count"]["value"].as_i64().unwrap_or(0))
        .and_then(|r| r["key"].as_str())
        .unwrap()
        .to_string();
    let org_hex = org.replace('-', "");
    // The kecamatan with most visits.
    let kecamatan = raw_query_strings(
        &t.db_url,
        "SELECT kecamatan FROM report_days WHERE indicator = 'visits' AND kecamatan <> '' \
         GROUP BY kecamatan ORDER BY SUM(n) DESC, kecamatan LIMIT 1",
    )
    .await
    .pop()
    .unwrap();
    let year = (format!("{y}-01-01"), format!("{y}-12-31"), format!("period={y}"));
    let quarter = (format!("{y}-04-01"), format!("{y}-06-30"), format!("period={y}Q2"));
    let loose = (format!("{y}-02-15"), format!("{y}-11-20"), format!("from={y}-02-15&to={y}-11-20"));
    let questions: Vec<Question> = vec![
        // (indicator, period, by (query), by (column), filters (query, column, value))
        ("visits", &year, "sex", "sex", vec![]),
        ("visits", &year, "age_group", "age_group", vec![("sex", "sex", "female")]),
        ("visits", &year, "migration_stage", "stage", vec![("age_group", "age_group", "25_34")]),
        ("visits", &year, "channel", "detail", vec![("age_group", "age_group", "25_34")]),
        ("visits", &year, "organisation", "organisation", vec![("district", "district", "32.09")]),
        ("visits", &quarter, "channel", "detail", vec![("sex", "sex", "female")]),
        ("visits", &loose, "organisation", "organisation", vec![]),
        ("visits", &loose, "age_group", "age_group", vec![("district", "district", "35.04")]),
        // Two attributes no cube keeps together: the districts' months.
        ("visits", &year, "channel", "detail", vec![("organisation", "organisation", org.as_str())]),
        ("visits", &year, "migration_stage", "stage", vec![("channel", "detail", "walk_in")]),
        ("desk_services", &year, "desk", "organisation", vec![("age_group", "age_group", "25_34")]),
        // Areas below the district: by area alone (0048), with an age group or a stage (0054),
        // with an organisation (every event's months).
        ("visits", &year, "village", "village", vec![("sex", "sex", "female")]),
        ("visits", &year, "kecamatan", "kecamatan", vec![("age_group", "age_group", "25_34")]),
        ("visits", &loose, "village", "village", vec![("migration_stage", "stage", "pre_departure")]),
        ("visits", &year, "migration_stage", "stage", vec![("kecamatan", "kecamatan", kecamatan.as_str())]),
        ("visits", &year, "kecamatan", "kecamatan", vec![("organisation", "organisation", org.as_str())]),
    ];
    let mut compared = 0;
    for (indicator, (from, to, period), by, column, filters) in &questions {
        let mut q = format!("/api/v1/reports/table?indicator={indicator}&{period}&by={by}");
        let mut sql_filters = Vec::new();
        for (name, col, value) in filters {
            q.push_str(&format!("&{name}={value}"));
            let value = if *col == "organisation" { org_hex.as_str() } else { value };
            sql_filters.push((*col, value));
        }
        let want = expected(t, indicator, from, to, column, &sql_filters).await;
        let (s, table) = me.get(&q).await;
        assert_eq!(s, 200, "{q}: {table}");
        let sum: i64 = want.values().sum();
        assert!(sum > 0, "{q}: the generated events give the question something to count");
        assert_eq!(table["totals"]["total"]["count"]["value"].as_i64(), Some(sum), "{q}: {table}");
        let mut rows = 0;
        // Rows by area or organisation carry their names (read in one batch).
        if matches!(*column, "village" | "kecamatan" | "organisation") {
            for row in table["rows"].as_array().unwrap().iter().take(20) {
                let key = row["key"].as_str().unwrap();
                let sql = match (*column, t.db_url.starts_with("sqlite:")) {
                    ("organisation", true) => {
                        format!("SELECT name FROM organisations WHERE lower(hex(id)) = '{}'", key.replace('-', ""))
                    }
                    ("organisation", false) => {
                        format!("SELECT name FROM organisations WHERE CAST(id AS TEXT) = '{key}'")
                    }
                    _ => format!("SELECT name FROM areas WHERE code = '{key}'"),
                };
                let name = raw_query_strings(&t.db_url, &sql).await.pop();
                assert_eq!(row["name"].as_str(), name.as_deref(), "{q}: the name of {row}");
                assert!(name.is_some(), "{q}: {row}");
            }
        }
        for row in table["rows"].as_array().unwrap() {
            let key = row["key"].as_str().unwrap().replace('-', "");
            let key = if *column == "organisation" { key } else { row["key"].as_str().unwrap().to_string() };
            if let Some(n) = row["total"]["count"]["value"].as_i64() {
                assert_eq!(n, want.get(&key).copied().unwrap_or(0), "{q}, row {key}: {table}");
                rows += 1;
            }
        }
        assert!(rows >= 1, "{q}: rows to compare: {table}");
        compared += rows;
        // The trend by month, from the same tables: a point for each month of the period.
        let trend = table["trend"].as_array().unwrap();
        let months = |d: &str| d[..4].parse::<usize>().unwrap() * 12 + d[5..7].parse::<usize>().unwrap();
        assert_eq!(trend.len(), months(to) - months(from) + 1, "{q}: {table}");
        for point in trend {
            let month = &point["month"].as_str().unwrap()[..7];
            let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap();
            let last = first.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
            let (a, b) = (first.to_string().max(from.clone()), last.to_string().min(to.clone()));
            let by_month = expected(t, indicator, &a, &b, "sex", &sql_filters).await;
            if let Some(n) = point["value"]["count"]["value"].as_i64() {
                assert_eq!(n, by_month.values().sum::<i64>(), "{q}, {month}: {point}");
            }
        }
    }
    assert!(compared >= 30, "rows compared: {compared}");
}
