//! The programme's headline from the demo's year of work: each number is
//! its indicator's total, two of them recomputed here from the source rows
//! with SQL of the test's own; scoped and translated on the page.

use satuatap::demo_people;
use satuatap_core::reports::headline::HEADLINE;
use satuatap_store::Engine;
use serde_json::Value;

use crate::both;
use crate::helpers::{raw_query_strings, spawn_demo};

fn row<'a>(h: &'a Value, code: &str) -> &'a Value {
    h["rows"].as_array().unwrap().iter().find(|r| r["indicator"] == code).unwrap_or_else(|| panic!("{code}: {h}"))
}

fn value(f: &Value) -> i64 {
    f["count"]["value"].as_i64().unwrap_or_else(|| panic!("a count, not suppressed: {f}"))
}

async fn headline_recomputed_from_source_rows(engine: Engine) {
    let t = spawn_demo(engine).await;
    // Four districts, each with people, cases, referrals and a year of community work.
    demo_people::add(&t.app, 120, 5).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    // From the first day anything can be recorded to past tomorrow (local days run ahead of UTC).
    let (from, to) = ("2000-01-01".to_string(), (today + chrono::Duration::days(2)).to_string());
    let me = t.as_user("me.officer").await;
    let (s, h) = me.get(&format!("/api/v1/reports/headline?from={from}&to={to}")).await;
    assert_eq!(s, 200, "{h}");
    let codes: Vec<&str> = h["rows"].as_array().unwrap().iter().filter_map(|r| r["indicator"].as_str()).collect();
    assert_eq!(codes, HEADLINE, "every indicator of the headline, in its order: {h}");
    assert_eq!(h["columns"], serde_json::json!(["female", "male"]));

    // 1. Women served: women (not family members) with at least one visit, desk
    // service, case, case note, referral or hotline contact.
    let women_served = raw_query_strings(
        &t.db_url,
        "SELECT CAST(COUNT(*) AS TEXT) FROM people p WHERE p.sex = 'female' AND p.stage <> 'family_member'
           AND p.merged_into IS NULL AND (
                EXISTS (SELECT 1 FROM visits v WHERE v.person_id = p.id)
             OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id)
             OR EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = p.id)
             OR EXISTS (SELECT 1 FROM hotline_contacts x WHERE x.person_id = p.id))",
    )
    .await;
    let served = row(&h, "people_served");
    assert_eq!(value(&served["cells"][0]).to_string(), women_served[0], "women served: {served}");
    assert!(value(&served["cells"][0]) > value(&served["cells"][1]), "most people served are women: {served}");
    assert_eq!(value(&served["total"]), value(&served["cells"][0]) + value(&served["cells"][1]), "{served}");

    // 2. Women reached: women at information sessions, consultations, outreach
    // events and trainings, plus what online campaigns reported.
    let offline = raw_query_strings(
        &t.db_url,
        "SELECT CAST(COALESCE(SUM(x.count), 0) AS TEXT) FROM activity_attendance x
           JOIN activities a ON a.id = x.activity_id
          WHERE x.sex = 'female' AND a.kind IN ('info_session', 'outreach_event', 'consultations', 'training')",
    )
    .await;
    let online =
        raw_query_strings(&t.db_url, "SELECT CAST(COALESCE(SUM(women_reached), 0) AS TEXT) FROM campaigns").await;
    let (offline, online): (i64, i64) = (offline[0].parse().unwrap(), online[0].parse().unwrap());
    assert!(offline > 0 && online > 0, "the demo year reaches women both ways");
    let reached = row(&h, "women_reached");
    assert_eq!(value(&reached["total"]), offline + online, "{reached}");
    assert_eq!(reached["cells"], serde_json::json!([]), "women reached is not split by sex: {reached}");
    for code in ["people_organised", "people_trained", "villages", "local_regulations"] {
        assert!(value(&row(&h, code)["total"]) > 0, "{code}: {h}");
    }

    // A year ago nothing had happened yet.
    let (s, old) = me.get("/api/v1/reports/headline?period=2001").await;
    assert_eq!(s, 200, "{old}");
    assert_eq!(value(&row(&old, "women_reached")["total"]), 0, "{old}");
    // Scope: the coordinator's headline is her district's; a supervisor's leaves out
    // what her organisation does not do (regulations, villages).
    let (s, coord) =
        t.as_user("cirebon.coord").await.get(&format!("/api/v1/reports/headline?from={from}&to={to}")).await;
    assert_eq!(s, 200, "{coord}");
    assert!(coord["filters"].as_array().unwrap().iter().any(|f| f["value"] == "32.09"), "{coord}");
    let (_, cirebon) = me.get(&format!("/api/v1/reports/headline?from={from}&to={to}&district=32.09")).await;
    assert_eq!(coord["rows"], cirebon["rows"], "her headline is the M&E officer's for her district");
    assert!(value(&row(&cirebon, "women_reached")["total"]) < value(&reached["total"]));
    let (s, sup) = t.as_user("cirebon.wcc.sup").await.get("/api/v1/reports/headline").await;
    assert_eq!(s, 200, "{sup}");
    let codes: Vec<&str> = sup["rows"].as_array().unwrap().iter().filter_map(|r| r["indicator"].as_str()).collect();
    assert!(codes.contains(&"people_served") && !codes.contains(&"local_regulations"), "{sup}");
    let (s, _) = t.as_user("cirebon.desk").await.get("/api/v1/reports/headline").await;
    assert_eq!(s, 403);
    let (s, e) = me.get("/api/v1/reports/headline?period=2026Q9").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("period")), "{e}");
    let (s, e) = me.get("/api/v1/reports/headline?indicator=people_served").await;
    assert_eq!(s, 422, "unknown parameters are refused: {e}");

    // The page shows it, each definition one click away.
    let b = t.in_browser("me.officer").await;
    let (s, page) = b.page(&format!("/reports?from={from}&to={to}")).await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"headline-table\"") && page.contains("Perempuan yang dijangkau"), "{page}");
    assert!(page.contains("<details><summary>") && page.contains("class=\"definition\""), "{page}");
    // People served without rows is the headline's first row, counted once for
    // both: the page shows the same headline as with another indicator.
    let headline_of = |page: &str| {
        let at = page.find("id=\"headline-table\"").expect("the headline");
        page[at..].split("</table>").next().unwrap_or_default().to_string()
    };
    for place in ["", "&district=32.09"] {
        let (_, reused) = b.page(&format!("/reports?indicator=people_served&from={from}&to={to}{place}")).await;
        let (_, other) = b.page(&format!("/reports?indicator=visits&from={from}&to={to}{place}")).await;
        assert_eq!(headline_of(&reused), headline_of(&other), "{place}");
        assert!(headline_of(&reused).contains("<td"), "{place}: {reused}");
    }

    // The community's other indicators, on the same year of work.
    super::records::community_indicators_recomputed_from_source_rows(&t, &from, &to).await;
    super::records::trends_are_the_months_tables(&t, &from, &to).await;
    super::records::case_indicators_recomputed_from_source_rows(&t, &from, &to).await;
    super::records::people_served_are_distinct_people(&t).await;
}
both!(headline_recomputed_from_source_rows);

/// `demo --events`: written with the triggers paused, the aggregates rebuilt
/// after agree with the rows, and the tables count every generated visit.
async fn generated_events_are_counted(engine: Engine) {
    let t = spawn_demo(engine).await;
    demo_people::add(&t.app, 40, 3).await.unwrap();
    let me = t.as_user("me.officer").await;
    let all = "from=2000-01-01&to=2999-12-31";
    let visits = |h: &Value| value(&h["totals"]["total"]);
    let (_, before) = me.get(&format!("/api/v1/reports/table?indicator=visits&{all}")).await;
    let summary = satuatap::demo_events::add(&t.db, 3000, 9).await.unwrap();
    assert!(summary.visits + summary.desk_services >= 3000 && summary.desk_services > 0, "{summary:?}");
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    assert!(check.agrees(), "{check:?}");
    let (_, after) = me.get(&format!("/api/v1/reports/table?indicator=visits&{all}")).await;
    assert_eq!(visits(&after) - visits(&before), summary.visits as i64, "{after}");
    let (_, desks) = me.get(&format!("/api/v1/reports/table?indicator=desk_services&{all}")).await;
    assert!(value(&desks["totals"]["total"]) >= summary.desk_services as i64, "{desks}");
    // The triggers are back: a visit recorded now is counted at once.
    let paused = raw_query_strings(&t.db_url, "SELECT CAST(paused AS TEXT) FROM report_state").await;
    assert!(paused[0] == "0" || paused[0] == "false", "{paused:?}");
    super::cubes::event_questions_agree_with_the_days(&t).await;
}
both!(generated_events_are_counted);
