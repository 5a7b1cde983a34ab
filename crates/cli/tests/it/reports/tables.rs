//! Indicator tables from the aggregates the triggers keep: they agree with
//! their source rows, they count what the API records, each reader sees her
//! scope, small counts are suppressed and marked, exports are audited.

use satuatap_core::repo::ReportRepository;
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_demo, TestApp};

fn cell(v: &Value) -> Option<i64> {
    v["count"]["value"].as_i64()
}

async fn served(t: &TestApp, user: &str, query: &str) -> (u16, Value) {
    t.as_user(user).await.get(&format!("/api/v1/reports/table?indicator=people_served&{query}")).await
}

async fn visit(t: &TestApp, desk: &str, name: &str, sex: &str, age: u32, times: usize) -> String {
    let user = t.as_user(desk).await;
    let (s, p) = user.post("/api/v1/people", json!({"full_name": name, "sex": sex, "estimated_age": age})).await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    let office = if desk.starts_with("cirebon") { "LTSA-MRC-CRB" } else { "LTSA-MRC-IDM" };
    for _ in 0..times {
        let (s, v) = user
            .post(
                &format!("/api/v1/people/{id}/visits"),
                json!({"office_code": office, "channel": "walk_in", "desks": []}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
    }
    id
}

async fn aggregates_count_what_is_recorded(engine: Engine) {
    let t = spawn_demo(engine).await;
    let check = t.db.check_aggregates(false).await.unwrap();
    assert!(check.agrees(), "the demo's aggregates agree with its rows: {check:?}");
    // The local day (the demo's time zone is Western Indonesia's, UTC+7).
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let period = format!("from={today}&to={today}");
    let (s, before) = served(&t, "me.officer", &format!("{period}&district=32.09")).await;
    assert_eq!(s, 200, "{before}");
    assert_eq!(before["totals"]["total"]["count"], json!({"value": 0}), "the demo serves no one today: {before}");
    // Six women visit in Cirebon, one of them three times; six men once, one of them 70.
    for i in 0..6 {
        visit(&t, "cirebon.desk", &format!("Wati Laporan {i}"), "female", 30, if i == 0 { 3 } else { 1 }).await;
        visit(&t, "cirebon.desk", &format!("Budi Laporan {i}"), "male", if i == 0 { 70 } else { 30 }, 1).await;
    }
    let (s, after) = served(&t, "me.officer", &format!("{period}&district=32.09")).await;
    assert_eq!(s, 200, "{after}");
    assert_eq!(after["columns"], json!(["female", "male"]), "{after}");
    let women = after["totals"]["cells"][0]["count"]["value"].as_i64().unwrap();
    assert_eq!(women, 6, "each woman once, however often she came: {after}");
    assert_eq!(after["totals"]["total"]["count"], json!({"value": 12}), "{after}");
    // The visits themselves are events: eight by women.
    let (_, visits) = t
        .as_user("me.officer")
        .await
        .get(&format!("/api/v1/reports/table?indicator=visits&{period}&district=32.09&sex=female"))
        .await;
    assert_eq!(cell(&visits["totals"]["total"]), Some(8), "{visits}");
    let check = t.db.check_aggregates(false).await.unwrap();
    let written =
        ["report_days", "report_cube_stage_days", "report_cube_stage", "report_person_days"].map(|t| check.rows_of(t));
    assert!(check.agrees() && written.iter().all(|n| *n > 0), "still in step after the writes: {check:?}");

    // Scope: the coordinator reads her district, not another; the desk reads none.
    let (s, own) = served(&t, "cirebon.coord", &period).await;
    assert_eq!(s, 200, "{own}");
    assert!(
        own["filters"].as_array().unwrap().iter().any(|f| f["dimension"] == "district" && f["value"] == "32.09"),
        "{own}"
    );
    assert_eq!(own["totals"]["total"], after["totals"]["total"], "her district's figure is the M&E officer's for it");
    let (s, e) = served(&t, "cirebon.coord", &format!("{period}&district=35.04")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");
    let (s, _) = served(&t, "cirebon.desk", &period).await;
    assert_eq!(s, 403);
    // A supervisor reads what her organisation did.
    let (s, sup) = served(&t, "cirebon.wcc.sup", &period).await;
    assert_eq!(s, 200, "{sup}");
    assert!(sup["filters"].as_array().unwrap().iter().any(|f| f["dimension"] == "organisation"), "{sup}");

    // Breakdown by age group: the man of 70 alone is suppressed, and so is another
    // cell of his row and of his column, so that no total gives him away.
    let (s, by) = served(&t, "me.officer", &format!("{period}&district=32.09&by=age_group")).await;
    assert_eq!(s, 200, "{by}");
    let k = by["k"].as_i64().unwrap();
    assert_eq!(k, 5);
    let old = by["rows"].as_array().unwrap().iter().find(|r| r["key"] == "60_plus").unwrap_or_else(|| panic!("{by}"));
    assert_eq!(old["cells"][1]["count"], "suppressed", "{old}");
    for row in by["rows"].as_array().unwrap() {
        let cells = row["cells"].as_array().unwrap();
        let suppressed = cells.iter().chain([&row["total"]]).filter(|c| c["count"] == "suppressed").count();
        assert_ne!(suppressed, 1, "no row (with its total) holding a single suppressed entry: {row}");
        for c in cells {
            if let Some(n) = cell(c) {
                assert!(n == 0 || n >= k, "a small count shown: {row}");
            }
        }
    }
    // Refused questions are field errors.
    for (q, field, code) in [
        ("period=2026Q5", "period", "invalid_period"),
        ("by=platform", "by", "not_a_dimension"),
        ("district=32", "district", "wrong_area_level"),
        ("sex=x", "sex", "unknown_code"),
    ] {
        let (s, e) = served(&t, "me.officer", q).await;
        assert_eq!(
            (s, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (422, Some(field), Some(code)),
            "{q}: {e}"
        );
    }
    let (s, e) = t.as_user("me.officer").await.get("/api/v1/reports/table?indicator=people_served&colour=red").await;
    assert_eq!(s, 422, "unknown parameters are refused: {e}");
    // GBV cases are never counted by organisation.
    let (s, by_org) = t
        .as_user("me.officer")
        .await
        .get("/api/v1/reports/table?indicator=cases_opened&by=organisation&period=2026")
        .await;
    assert_eq!((s, by_org["sensitive_left_out"].as_bool()), (200, Some(true)), "{by_org}");
    let (s, e) = t
        .as_user("me.officer")
        .await
        .get("/api/v1/reports/table?indicator=cases_opened&kind=gbv&organisation=00000000-0000-0000-0000-000000000001")
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_by_organisation")), "{e}");
    // The same for referrals by need and hotline contacts by topic.
    let me = t.as_user("me.officer").await;
    let (s, refs) = me.get("/api/v1/reports/table?indicator=referrals&by=organisation&period=2026").await;
    assert_eq!((s, refs["sensitive_left_out"].as_bool()), (200, Some(true)), "{refs}");
    let (s, e) =
        me.get("/api/v1/reports/table?indicator=hotline_contacts&topic=violence&by=organisation&period=2026").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("topic")), "{e}");
    let (s, e) = me.get("/api/v1/reports/table?indicator=sdg_10_7_1").await;
    assert_eq!(
        (s, e["error"]["field"].as_str()),
        (422, Some("indicator")),
        "a distribution on a page of its own, not a table: {e}"
    );

    // The catalogue, translated.
    let (s, cat) = t.as_user("me.officer").await.get("/api/v1/reports/indicators").await;
    assert_eq!(s, 200);
    let ps = cat.as_array().unwrap().iter().find(|i| i["code"] == "people_served").unwrap();
    assert_eq!(ps["name"], "Orang yang dilayani", "{ps}");
    assert!(ps["available"].as_bool().unwrap() && ps["dimensions"].as_array().unwrap().contains(&json!("sex")));
    let sdg = cat.as_array().unwrap().iter().find(|i| i["code"] == "sdg_10_7_1").unwrap();
    assert_eq!(sdg["page"], "/reports/sdg-10-7-1", "{sdg}");

    // Exports: CSV and XLSX, audited with the filters and rows; not for a supervisor.
    let token = crate::helpers::api_token(&t, "me.officer").await;
    let r = t
        .client
        .get(t.url(&format!(
            "/api/v1/reports/export?format=csv&indicator=people_served&{period}&district=32.09&by=age_group"
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains(".csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.contains("Orang yang dilayani") && csv.contains("Kelompok umur") && csv.contains("Perempuan"), "{csv}");
    let r = t
        .client
        .get(t.url(&format!("/api/v1/reports/export?format=xlsx&indicator=visits&{period}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip");
    let r = t
        .client
        .get(t.url("/api/v1/reports/export?format=pdf&indicator=visits"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let (s, log) = t.as_user("admin").await.get("/api/v1/audit?action=export").await;
    assert_eq!(s, 200, "{log}");
    let entries = log["items"].as_array().unwrap();
    let csv_entry = entries.iter().find(|e| e["details"]["format"] == "csv").unwrap_or_else(|| panic!("{log}"));
    assert_eq!(csv_entry["details"]["filters"]["district"], "32.09", "{csv_entry}");
    assert_eq!(csv_entry["details"]["by"], "age_group");
    assert!(csv_entry["details"]["rows"].as_u64().unwrap() >= 1);
    // The front desk reads no reports, so exports none.
    let desk_token = crate::helpers::api_token(&t, "cirebon.desk").await;
    let r = t
        .client
        .get(t.url("/api/v1/reports/export?format=csv&indicator=visits"))
        .bearer_auth(&desk_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // The page: the table with its charts, and a refused period typed back.
    let b = t.in_browser("me.officer").await;
    let (s, page) = b.page(&format!("/reports?indicator=people_served&{period}&by=sex")).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("id=\"report-table\"") && page.contains("<svg role=\"img\"") && page.contains("export-xlsx"),
        "{page}"
    );
    let (s, page) = b.page("/reports?indicator=visits&period=2026Q9").await;
    assert_eq!(s, 422);
    assert!(page.contains("value=\"2026Q9\""), "{page}");
    // Rebuilding gives the same tables, which a check then finds in step.
    t.db.check_aggregates(true).await.unwrap();
    let after_rebuild = t.db.check_aggregates(false).await.unwrap();
    assert!(after_rebuild.agrees(), "{after_rebuild:?}");
    if engine == Engine::Postgres {
        // The tables written whole have their planner statistics gathered by the rebuild.
        let tables = satuatap_core::reports::repo::AggregateCheck::TABLES;
        let listed = tables.map(|t| format!("'{t}'")).join(", ");
        let analysed = crate::helpers::raw_query_strings(
            &t.db_url,
            &format!(
                "SELECT CAST(COUNT(*) AS TEXT) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL \
                 AND relname IN ({listed})"
            ),
        )
        .await;
        assert_eq!(analysed, [tables.len().to_string()]);
    }
    let (_, again) = served(&t, "me.officer", &format!("{period}&district=32.09")).await;
    assert_eq!(again["totals"], after["totals"]);
}
both!(aggregates_count_what_is_recorded);
