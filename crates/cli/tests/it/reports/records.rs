//! Indicators counted live from the community's records (the view
//! `report_records`): each total recomputed here from the source rows with
//! SQL of the test's own, on the demo's year of community work (loaded once
//! by the headline's test, which runs this on both engines).

use chrono::Datelike;
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, raw_query_strings, raw_sql, spawn_demo, TestApp};

/// The count of a table's total: a number, or `None` when suppressed.
fn total(t: &Value) -> Option<i64> {
    t["totals"]["total"]["count"]["value"].as_i64()
}

pub(super) async fn community_indicators_recomputed_from_source_rows(t: &TestApp, from: &str, to: &str) {
    let me = t.as_user("me.officer").await;
    let k = 5;
    let mut counted = 0;
    for (indicator, by, sql) in [
        (
            "competency_tests_passed",
            "sex",
            "SELECT CAST(COUNT(*) AS TEXT) FROM competency_candidates WHERE result = 'competent'",
        ),
        ("early_warnings", "kind", "SELECT CAST(COUNT(*) AS TEXT) FROM early_warnings"),
        ("village_registrations", "status", "SELECT CAST(COUNT(*) AS TEXT) FROM village_registrations"),
        ("departures", "channel", "SELECT CAST(COUNT(*) AS TEXT) FROM migration_notices WHERE kind = 'departure'"),
        ("returns", "outcome", "SELECT CAST(COUNT(*) AS TEXT) FROM migration_notices WHERE kind = 'return'"),
        (
            "forum_actions_done",
            "organisation",
            "SELECT CAST(COUNT(*) AS TEXT) FROM forum_actions WHERE status = 'done' AND closed_on IS NOT NULL",
        ),
    ] {
        let want: i64 = raw_query_strings(&t.db_url, sql).await[0].parse().unwrap();
        let (s, table) =
            me.get(&format!("/api/v1/reports/table?indicator={indicator}&from={from}&to={to}&by={by}")).await;
        assert_eq!(s, 200, "{indicator}: {table}");
        match total(&table) {
            Some(n) => assert_eq!(n, want, "{indicator}: {table}"),
            None => assert!(want > 0 && want < k, "{indicator}: suppressed, yet {want} records: {table}"),
        }
        if want >= k {
            counted += 1;
        }
    }
    assert!(counted >= 3, "the demo's community work gives most of them a count to compare");

    // A restricted warning counts in its district, never in its village.
    let restricted: i64 =
        raw_query_strings(&t.db_url, "SELECT CAST(COUNT(*) AS TEXT) FROM early_warnings WHERE restricted = TRUE").await
            [0]
        .parse()
        .unwrap();
    let (_, by_village) =
        me.get(&format!("/api/v1/reports/table?indicator=early_warnings&from={from}&to={to}&by=village")).await;
    let unknown = by_village["rows"].as_array().unwrap().iter().find(|r| r["key"] == "").map(|r| r["total"].clone());
    if restricted > 0 {
        assert!(unknown.is_some(), "restricted warnings under no village: {by_village}");
    }
    // The page shows the table with its labels.
    let b = t.in_browser("me.officer").await;
    let (s, page) = b.page(&format!("/reports?indicator=departures&from={from}&to={to}&by=channel")).await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"report-table\""), "{page}");
}

/// A timestamp as either engine writes it as text.
fn instant(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%#z"))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&chrono::Utc)
}

/// Rows of text columns joined by `|` (each engine casts to text its own way).
async fn rows(t: &TestApp, sql: &str) -> Vec<Vec<String>> {
    raw_query_strings(&t.db_url, sql).await.iter().map(|r| r.split('|').map(str::to_string).collect()).collect()
}

/// The indicators of cases and warnings counted live (overdue first actions,
/// forced-labour indicators, amounts claimed and recovered, hours to
/// acknowledge a warning), each recomputed here in Rust from the source rows.
pub(super) async fn case_indicators_recomputed_from_source_rows(t: &TestApp, from: &str, to: &str) {
    use chrono::{Duration, NaiveDate, Utc};
    let me = t.as_user("me.officer").await;
    let table = |indicator: &'static str| {
        let me = &me;
        async move {
            let (s, table) = me.get(&format!("/api/v1/reports/table?indicator={indicator}&from={from}&to={to}")).await;
            assert_eq!(s, 200, "{indicator}: {table}");
            table
        }
    };
    let offset: i64 = raw_query_strings(&t.db_url, "SELECT CAST(utc_offset_minutes AS TEXT) FROM report_state").await
        [0]
    .parse()
    .unwrap();
    let local = |at: &str| (instant(at) + Duration::minutes(offset)).date_naive();
    let now = Utc::now();
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    assert!(check.agrees(), "the aggregates say what their sources say: {check:?}");

    // Overdue first actions: not taken by the deadline (late, or not yet and not closed).
    let cases = rows(
        t,
        "SELECT CAST(first_action_due AS TEXT) || '|' || COALESCE(CAST(first_action_at AS TEXT), '') || '|' \
         || COALESCE(CAST(closed_at AS TEXT), '') FROM cases",
    )
    .await;
    let overdue = cases
        .iter()
        .filter(|c| {
            let until = [&c[1], &c[2]].into_iter().find(|x| !x.is_empty()).map_or(now, |x| instant(x));
            until > instant(&c[0])
        })
        .count() as i64;
    let on_time = cases.len() as i64 - overdue;
    assert!(overdue >= 5 && on_time > 0, "the demo has cases late and on time: {overdue} of {}", cases.len());
    assert_eq!(total(&table("first_actions_overdue").await), Some(overdue));

    // Forced-labour indicators and trafficking dimensions: cases showing each; in
    // every total, each case once however many it shows.
    let flagged: Vec<Vec<String>> =
        rows(t, "SELECT forced_labour_indicators || '|' || trafficking_dimensions FROM cases")
            .await
            .iter()
            .map(|c| c.iter().flat_map(|list| serde_json::from_str::<Vec<String>>(list).unwrap()).collect::<Vec<_>>())
            .filter(|codes| !codes.is_empty())
            .collect();
    let cases = flagged.len() as i64;
    let mentions: i64 = flagged.iter().map(|c| c.len() as i64).sum();
    assert!(mentions > cases, "the demo has a case with two indicators: {flagged:?}");
    let t_fl = table("forced_labour_indicators").await;
    assert!(t_fl["k"].as_i64().unwrap() >= 10, "{t_fl}");
    match total(&t_fl) {
        Some(n) => assert_eq!(n, cases, "{t_fl}"),
        None => assert!(cases > 0 && cases < 10, "suppressed, yet {cases}: {t_fl}"),
    }
    let (_, by_kind) =
        me.get(&format!("/api/v1/reports/table?indicator=forced_labour_indicators&from={from}&to={to}&by=kind")).await;
    assert_eq!(total(&by_kind), total(&t_fl), "by indicator, the total still counts cases: {by_kind}");
    for row in by_kind["rows"].as_array().unwrap() {
        let code = row["key"].as_str().unwrap();
        let want = flagged.iter().filter(|c| c.iter().any(|x| x == code)).count() as i64;
        match row["total"]["count"]["value"].as_i64() {
            Some(n) => assert_eq!(n, want, "{code}: {by_kind}"),
            None => assert!(want > 0 && want < 10, "{code}: suppressed, yet {want}"),
        }
    }

    // Amounts in rupiah at the latest rate on or before the day.
    let mut rates: Vec<(String, NaiveDate, f64)> = rows(
        t,
        "SELECT currency || '|' || CAST(on_date AS TEXT) || '|' || CAST(idr_micros AS TEXT) FROM exchange_rates",
    )
    .await
    .into_iter()
    .map(|r| (r[0].clone(), r[1].parse().unwrap(), r[2].parse::<f64>().unwrap() / 1e6))
    .collect();
    rates.sort_by_key(|a| a.1);
    let rate = |currency: &str, on: NaiveDate| -> Option<f64> {
        if currency == "IDR" {
            return Some(1.0);
        }
        rates.iter().rev().find(|(c, d, _)| c == currency && *d <= on).map(|(_, _, r)| *r)
    };
    let complaints = rows(
        t,
        "SELECT CAST(c.opened_at AS TEXT) || '|' || k.claims || '|' || COALESCE(CAST(k.settled_on AS TEXT), '') \
         || '|' || COALESCE(CAST(k.recovered_hundredths AS TEXT), '') || '|' || COALESCE(k.recovered_currency, '') \
         FROM case_complaints k JOIN cases c ON c.id = k.case_id",
    )
    .await;
    let (mut claimed, mut claimed_n, mut recovered, mut recovered_n) = (0i64, 0i64, 0i64, 0i64);
    for c in &complaints {
        let day = local(&c[0]);
        let claims: Vec<Value> = serde_json::from_str(&c[1]).unwrap();
        let idr: Option<f64> = claims
            .iter()
            .map(|x| {
                let amount: f64 = x["amount"].as_str().unwrap().parse().unwrap();
                rate(x["currency"].as_str().unwrap(), day).map(|r| amount * r)
            })
            .sum();
        if let (Some(idr), false) = (idr, claims.is_empty()) {
            claimed += idr.round() as i64;
            claimed_n += 1;
        }
        if !c[2].is_empty() && !c[3].is_empty() {
            if let Some(r) = rate(&c[4], c[2].parse().unwrap()) {
                recovered += (c[3].parse::<f64>().unwrap() / 100.0 * r).round() as i64;
                recovered_n += 1;
            }
        }
    }
    assert!(claimed_n >= 5 && recovered_n >= 5, "the demo's complaints: {claimed_n} claimed, {recovered_n} settled");
    for (indicator, n, sum) in [("amounts_claimed", claimed_n, claimed), ("amounts_recovered", recovered_n, recovered)]
    {
        let table = table(indicator).await;
        let f = &table["totals"]["total"];
        assert_eq!(f["count"]["value"].as_i64(), Some(n), "{indicator}: {table}");
        let got = f["value"].as_f64().unwrap() as i64;
        // Each complaint's sum rounded to the rupiah, by the engine's arithmetic.
        assert!((got - sum).abs() <= n, "{indicator}: {got} rupiah, recomputed {sum}: {table}");
    }

    // Hours to acknowledge a warning: the median of whole hours.
    let mut hours: Vec<i64> = rows(
        t,
        "SELECT CAST(raised_at AS TEXT) || '|' || CAST(acknowledged_at AS TEXT) FROM early_warnings \
         WHERE acknowledged_at IS NOT NULL",
    )
    .await
    .iter()
    .map(|w| (instant(&w[1]) - instant(&w[0])).num_hours())
    .collect();
    hours.sort_unstable();
    assert!(hours.len() >= 5, "acknowledged warnings in the demo: {hours:?}");
    let median = (hours[(hours.len() - 1) / 2] + hours[hours.len() / 2]) as f64 / 2.0;
    let t_h = table("warning_hours_to_acknowledge").await;
    assert_eq!(total(&t_h), Some(hours.len() as i64), "{t_h}");
    assert_eq!(t_h["totals"]["total"]["value"].as_f64(), Some(median), "{t_h}");
    assert_eq!(t_h["unit"], "hours");

    // A person's sex or home changes: her cases' flags move with her.
    crate::helpers::raw_sql(
        &t.db_url,
        &["UPDATE people SET sex = (CASE WHEN sex = 'female' THEN 'male' ELSE 'female' END), village_code = NULL \
           WHERE id IN (SELECT person_id FROM cases WHERE trafficking_dimensions <> '[]' \
                        OR first_action_at IS NOT NULL)"],
    )
    .await
    .unwrap();
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    assert!(check.agrees(), "after people moved: {check:?}");

    // The page shows the amounts as whole rupiah, thousands grouped.
    let q = format!("indicator=amounts_claimed&from={from}&to={to}&by=kind");
    let (_, api) = me.get(&format!("/api/v1/reports/table?{q}")).await;
    let digits = (api["totals"]["total"]["value"].as_f64().unwrap() as i64).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let b = t.in_browser("me.officer").await;
    let (s, page) = b.page(&format!("/reports?{q}")).await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"report-table\"") && page.contains(&grouped), "{grouped}: {page}");
}

/// Each month of a table's trend (one query grouped by month) is the
/// month's own table: events, unique people, records, a stock and a rate.
pub(super) async fn trends_are_the_months_tables(t: &TestApp, from: &str, to: &str) {
    let me = t.as_user("me.officer").await;
    let mut total_compared = 0;
    for indicator in ["cases_opened", "people_served", "women_reached", "villages", "referrals"] {
        let (s, table) = me.get(&format!("/api/v1/reports/table?indicator={indicator}&from={from}&to={to}")).await;
        assert_eq!(s, 200, "{table}");
        let trend = table["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 36, "{indicator}: the last three years by month: {table}");
        let mut compared = 0;
        for point in trend {
            let month = point["month"].as_str().unwrap().replace('-', "");
            let (_, own) = me.get(&format!("/api/v1/reports/table?indicator={indicator}&period={}", &month[..6])).await;
            let (a, b) = (&point["value"]["count"]["value"], &own["totals"]["total"]["count"]["value"]);
            if a.is_i64() && b.is_i64() {
                assert_eq!(a, b, "{indicator} {month}: trend {point}, table {}", own["totals"]);
                compared += usize::from(a.as_i64() != Some(0));
            }
        }
        let nonzero: Vec<_> = trend.iter().filter(|p| p["value"]["count"]["value"] != 0).collect();
        assert!(compared >= 1, "{indicator}: months to compare: {nonzero:?}");
        total_compared += compared;
    }
    assert!(total_compared >= 12, "months with counts, compared: {total_compared}");
}

async fn gbv_incidents_once_and_only_with_consent(engine: Engine) {
    let t = spawn_demo(engine).await;
    let counted = || async {
        raw_query_strings(
            &t.db_url,
            "SELECT CAST(COALESCE(SUM(n), 0) AS TEXT) FROM report_records WHERE indicator = 'gbv_incidents'",
        )
        .await[0]
            .parse::<i64>()
            .unwrap()
    };
    let before = counted().await;
    let desk = t.as_user("cirebon.desk").await;
    let incident = |case: String, user: &'static str, date: &'static str, consent: bool| {
        let t = &t;
        async move {
            let token = api_token(t, user).await;
            let body = json!({"answers": {"physical_assault": true}, "incident_date": date,
                              "first_report_date": "2026-03-11", "reporting_consent": consent});
            let r = t
                .client
                .put(t.url(&format!("/api/v1/cases/{case}/incident")))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200, "{user}: {}", r.text().await.unwrap());
        }
    };
    // One survivor, one assault, reported to the crisis centre and then to the union.
    let her = desk.register_person("Insiden Satu").await;
    desk.consent(&her, "share_with_partners", "WCC-MAWAR-BALQIS").await;
    desk.consent(&her, "share_with_partners", "SBMI-CRB").await;
    let first = t.as_user("cirebon.wcc").await.open_case(&her, "gbv").await;
    incident(first, "cirebon.wcc", "2026-03-01", true).await;
    assert_eq!(counted().await, before + 1, "a consented incident counts");
    let again = t.as_user("cirebon.union").await.open_case(&her, "gbv").await;
    incident(again, "cirebon.union", "2026-03-01", true).await;
    assert_eq!(counted().await, before + 1, "the same incident reported again is not counted again");
    // Another incident of hers counts; one without consent does not.
    let later = t.as_user("cirebon.wcc").await.open_case(&her, "gbv").await;
    incident(later, "cirebon.wcc", "2026-03-05", true).await;
    let other = desk.register_person("Insiden Dua").await;
    desk.consent(&other, "share_with_partners", "WCC-MAWAR-BALQIS").await;
    let refused = t.as_user("cirebon.wcc").await.open_case(&other, "gbv").await;
    incident(refused, "cirebon.wcc", "2026-03-01", false).await;
    assert_eq!(counted().await, before + 2);
    // The table never by organisation; published at the higher threshold.
    let me = t.as_user("me.officer").await;
    let (s, e) = me.get("/api/v1/reports/table?indicator=gbv_incidents&by=organisation").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("by")), "{e}");
    let (s, table) =
        me.get("/api/v1/reports/table?indicator=gbv_incidents&from=2026-03-01&to=2026-03-31&by=kind").await;
    assert_eq!(s, 200, "{table}");
    assert!(table["k"].as_i64().unwrap() >= 10, "{table}");
}
both!(gbv_incidents_once_and_only_with_consent);

/// People served (read from `report_people_months` and, for a period's first
/// month, `report_people_days` or the person-days) are the distinct people of the person-days in the
/// period: every published cell and margin and every month of the trend, for
/// whole months and for periods starting or ending inside a month, by
/// several rows, as the M&E officer and as a supervisor.
pub(super) async fn people_served_are_distinct_people(t: &TestApp) {
    // People served again in later months (visits over the last two years),
    // written in bulk and the aggregates rebuilt.
    satuatap::demo_events::add(&t.db, 3000, 4).await.unwrap();
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    let people_tables = [
        "report_people_days",
        "report_people_months",
        "report_people_periods",
        "report_people_prev_months",
        "report_people_prev_districts",
        "report_people_village_periods",
    ];
    assert!(check.agrees() && people_tables.iter().all(|t| check.rows_of(t) > 0), "{check:?}");
    let today = chrono::Utc::now().date_naive();
    let month = |back: u32| {
        let m = today.with_day(1).unwrap();
        m.checked_sub_months(chrono::Months::new(back)).unwrap()
    };
    let end_of = |m: chrono::NaiveDate| m.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
    let year = today.year();
    // With the triggers live, visits moved to either side of the turn of a
    // month, a quarter and a year (people's previous rows move with them),
    // and some deleted: every aggregate stays in step with its rows.
    let mut moves = Vec::new();
    // (30 months back: the later rows' previous month is kept as 24 months back.)
    for (i, back) in [1u32, 2, 3, 5, 6, 11, 12, 13, 30].into_iter().enumerate() {
        let first = month(back);
        for (j, day) in [first, first.pred_opt().unwrap()].into_iter().enumerate() {
            moves.push(format!(
                "UPDATE visits SET at = '{day}T12:00:00+00:00' WHERE id IN (SELECT id FROM visits ORDER BY id LIMIT 25 \
                 OFFSET {})",
                (2 * i + j) * 25
            ));
        }
    }
    moves.push(
        "DELETE FROM visits WHERE id IN (SELECT id FROM visits WHERE id NOT IN (SELECT visit_id FROM visit_desks) \
         ORDER BY id DESC LIMIT 60)"
            .into(),
    );
    raw_sql(&t.db_url, &moves.iter().map(String::as_str).collect::<Vec<_>>()).await.unwrap();
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    assert!(check.agrees(), "after visits moved and deleted: {check:?}");
    // A whole quarter, some months back.
    let quarter = month(6).with_month0(month(6).month0() / 3 * 3).unwrap();
    let periods = [
        (format!("{year}-01-01"), format!("{year}-12-31")),
        (month(1).to_string(), end_of(month(1)).to_string()),
        (month(5).to_string(), end_of(month(1)).to_string()),
        (month(11).to_string(), end_of(month(0)).to_string()),
        (format!("{}-01-01", year - 1), format!("{}-12-31", year - 1)),
        (month(7).with_day(12).unwrap().to_string(), today.to_string()),
        (month(3).to_string(), month(1).with_day(15).unwrap().to_string()),
        (month(2).with_day(5).unwrap().to_string(), month(2).with_day(20).unwrap().to_string()),
        (month(4).with_day(20).unwrap().to_string(), end_of(month(2)).to_string()),
        (quarter.to_string(), end_of(quarter.checked_add_months(chrono::Months::new(2)).unwrap()).to_string()),
        // The longest run of months read by the month of the previous row,
        // and a longer one (read from the months' rows).
        (month(23).with_day(10).unwrap().to_string(), end_of(month(0)).to_string()),
        (month(26).with_day(3).unwrap().to_string(), month(1).with_day(9).unwrap().to_string()),
    ];
    // A person counts once in the whole, by the attributes of her first
    // person-day in the period (an age group is hers on that day), and once
    // in each category she was served in.
    let first = |column: &str, from: &str, to: &str, extra: &str| {
        let same = if column == "d.category" { " AND e.category = d.category" } else { "" };
        format!(
            " AND d.day >= '{from}' AND d.day <= '{to}' AND d.stage <> 'family_member'{} AND d.day = (SELECT MIN(e.day) \
             FROM report_person_days e WHERE e.person_id = d.person_id AND e.day >= '{from}' AND e.day <= '{to}'{}{same})",
            extra.replace("X.", "d."),
            extra.replace("X.", "e.")
        )
    };
    let distinct = |column: &str, from: &str, to: &str, extra: &str| {
        let by = if column == "''" { String::new() } else { format!("{column}, ") };
        let sql = format!(
            "SELECT {column} || '|' || d.sex || '|' || CAST(COUNT(DISTINCT d.person_id) AS TEXT) \
             FROM report_person_days d WHERE 1 = 1{} GROUP BY {by}d.sex",
            first(column, from, to, extra)
        );
        async move {
            let mut out = std::collections::BTreeMap::<(String, String), i64>::new();
            for line in raw_query_strings(&t.db_url, &sql).await {
                let parts: Vec<&str> = line.splitn(3, '|').collect();
                out.insert((parts[0].to_string(), parts[1].to_string()), parts[2].parse().unwrap());
            }
            out
        }
    };
    let total_of = |column: &str, from: &str, to: &str, extra: &str, sex: Option<&str>| {
        let by = if column == "''" { String::new() } else { format!(" GROUP BY {column}") };
        let sex = sex.map(|s| format!(" AND d.sex = '{s}'")).unwrap_or_default();
        let sql = format!(
            "SELECT {column} || '|' || CAST(COUNT(DISTINCT d.person_id) AS TEXT) FROM report_person_days d \
             WHERE 1 = 1{}{sex}{by}",
            first(column, from, to, extra)
        );
        async move {
            raw_query_strings(&t.db_url, &sql)
                .await
                .into_iter()
                .map(|l| {
                    let (k, n) = l.rsplit_once('|').unwrap();
                    (k.to_string(), n.parse::<i64>().unwrap())
                })
                .collect::<std::collections::BTreeMap<_, _>>()
        }
    };
    let sup_org = "(SELECT id FROM organisations WHERE code = 'WCC-MAWAR-BALQIS')";
    // The village with most person-days, for a question filtered by village.
    let village = raw_query_strings(
        &t.db_url,
        "SELECT village FROM report_person_days WHERE village <> '' GROUP BY village ORDER BY COUNT(*) DESC, village LIMIT 1",
    )
    .await
    .remove(0);
    let mut compared = 0;
    for (user, extra, filter) in [
        ("me.officer", String::new(), String::new()),
        ("cirebon.wcc.sup", format!(" AND X.organisation = {sup_org}"), String::new()),
        ("me.officer", format!(" AND X.village = '{village}'"), format!("&village={village}")),
        // A district's loose days are read day by day (each a range of the key).
        ("me.officer", " AND X.district = '32.09'".to_string(), "&district=32.09".to_string()),
    ] {
        let api = t.as_user(user).await;
        for (from, to) in &periods {
            for (by, column) in [
                ("", "''"),
                ("district", "d.district"),
                ("kecamatan", "d.kecamatan"),
                ("village", "d.village"),
                ("age_group", "d.age_group"),
                ("migration_stage", "d.stage"),
                ("service_category", "d.category"),
            ] {
                if (user != "me.officer" && by == "district")
                    || (!filter.is_empty() && !["", "age_group"].contains(&by))
                {
                    continue;
                }
                let by_q = if by.is_empty() { String::new() } else { format!("&by={by}") };
                let (s, table) = api
                    .get(&format!("/api/v1/reports/table?indicator=people_served&from={from}&to={to}{by_q}{filter}"))
                    .await;
                assert_eq!(s, 200, "{user} {from}..{to} by {by}: {table}");
                let cells = distinct(column, from, to, &extra).await;
                let rows = total_of(column, from, to, &extra, None).await;
                let columns: Vec<String> =
                    table["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
                let check = |what: String, figure: &Value, want: i64| -> bool {
                    match figure["count"]["value"].as_i64() {
                        Some(n) => {
                            assert_eq!(n, want, "{user} {from}..{to} by {by}: {what}: {table}");
                            true
                        }
                        None => {
                            assert_eq!(figure["count"], "suppressed", "{what}: {figure}");
                            false
                        }
                    }
                };
                let listed = if by.is_empty() { vec![] } else { table["rows"].as_array().unwrap().clone() };
                for row in &listed {
                    let key = row["key"].as_str().unwrap().to_string();
                    for (i, sex) in columns.iter().enumerate() {
                        let want = cells.get(&(key.clone(), sex.clone())).copied().unwrap_or(0);
                        compared += usize::from(check(format!("{key}/{sex}"), &row["cells"][i], want) && want > 0);
                    }
                    check(format!("{key} in all"), &row["total"], rows.get(&key).copied().unwrap_or(0));
                }
                for (i, sex) in columns.iter().enumerate() {
                    let want = total_of("''", from, to, &extra, Some(sex)).await.values().sum::<i64>();
                    check(format!("all {sex}"), &table["totals"]["cells"][i], want);
                }
                let all = total_of("''", from, to, &extra, None).await.values().sum::<i64>();
                compared += usize::from(check("all".into(), &table["totals"]["total"], all) && all > 0);
                if !by.is_empty() {
                    continue;
                }
                // Each month of the trend: the people of its days in the period.
                for point in table["trend"].as_array().unwrap() {
                    let m: chrono::NaiveDate = point["month"].as_str().unwrap().parse().unwrap();
                    let (a, b) = (m.max(from.parse().unwrap()), end_of(m).min(to.parse().unwrap()));
                    let want = total_of("''", &a.to_string(), &b.to_string(), &extra, None).await.values().sum::<i64>();
                    compared += usize::from(check(format!("the month {m}"), &point["value"], want) && want > 0);
                }
            }
        }
    }
    assert!(compared >= 40, "cells with people in them, compared: {compared}");

    // Visits by area (whole months from the areas' table, days from the
    // daily one) are the daily table's sums: every cell and margin.
    let api = t.as_user("me.officer").await;
    let mut compared = 0;
    for (from, to) in [&periods[0], &periods[5], &periods[2]] {
        for (by, column, filter) in
            [("village", "village", ""), ("kecamatan", "kecamatan", ""), ("village", "village", "32.09")]
        {
            let (q, extra) = match filter {
                "" => (String::new(), String::new()),
                d => (format!("&district={d}"), format!(" AND district = '{d}'")),
            };
            let (s, table) =
                api.get(&format!("/api/v1/reports/table?indicator=visits&from={from}&to={to}&by={by}{q}")).await;
            assert_eq!(s, 200, "{table}");
            let sql = format!(
                "SELECT {column} || '|' || sex || '|' || CAST(SUM(n) AS TEXT) FROM report_days WHERE indicator = \
                 'visits' AND day >= '{from}' AND day <= '{to}'{extra} GROUP BY {column}, sex"
            );
            let mut want = std::collections::BTreeMap::<(String, String), i64>::new();
            for line in raw_query_strings(&t.db_url, &sql).await {
                let parts: Vec<&str> = line.splitn(3, '|').collect();
                want.insert((parts[0].to_string(), parts[1].to_string()), parts[2].parse().unwrap());
            }
            let columns: Vec<String> =
                table["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
            let rows = table["rows"].as_array().unwrap();
            assert!(!rows.is_empty(), "{from}..{to} by {by}: {table}");
            for row in rows {
                let key = row["key"].as_str().unwrap().to_string();
                for (i, sex) in columns.iter().enumerate() {
                    let figure = &row["cells"][i]["count"];
                    let expected = want.get(&(key.clone(), sex.clone())).copied().unwrap_or(0);
                    match figure["value"].as_i64() {
                        Some(n) => {
                            assert_eq!(n, expected, "{from}..{to} by {by} {filter}: {key}/{sex}: {table}");
                            compared += 1;
                        }
                        None => assert_eq!(*figure, "suppressed", "{key}/{sex}: {table}"),
                    }
                }
            }
            let all: i64 = want.values().sum();
            assert_eq!(table["totals"]["total"]["count"]["value"].as_i64(), Some(all), "{from}..{to} by {by}: {table}");
        }
    }
    assert!(compared >= 20, "visit cells compared: {compared}");
}
