//! Indicators counted live from the community's records (the view
//! `report_records`): each total recomputed here from the source rows with
//! SQL of the test's own, on the demo's year of community work (loaded once
//! by the headline's test, which runs this on both engines).

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, raw_query_strings, spawn_demo, TestApp};

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
