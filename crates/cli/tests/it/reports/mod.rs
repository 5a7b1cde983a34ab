//! Reports: exchange rates and SDG 10.7.1, on both engines.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_demo, TestApp};

async fn exchange_rates_are_kept_by_administrators(engine: Engine) {
    let t = spawn_demo(engine).await;
    let admin = t.as_user("admin").await;
    let (s, e) = admin
        .put(
            "/api/v1/exchange-rates",
            json!({"currency": "IDR", "date": "2999-01-01", "idr_per_unit": "1,5", "source": ""}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = crate::community::fields(&e);
    for want in [
        ("currency", "rupiah_is_one"),
        ("date", "future_date"),
        ("idr_per_unit", "invalid_rate"),
        ("source", "required"),
    ] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let rate = json!({"currency": "chf", "date": "2025-01-01", "idr_per_unit": "18000", "source": "Bank Indonesia"});
    let (s, r) = admin.put("/api/v1/exchange-rates", rate.clone()).await;
    assert_eq!((s, r["currency"].as_str(), r["idr_per_unit"].as_str()), (200, Some("CHF"), Some("18000")), "{r}");
    let (s, _) = t.as_user("cirebon.coord").await.put("/api/v1/exchange-rates", rate.clone()).await;
    assert_eq!(s, 403, "only administrators keep the rates");
    // A file: all lines or none.
    let bad = "currency,date,idr_per_unit,source\nEUR,2024-01-01,17000,BI\nGBP,2025-01-01,-3,BI\n";
    let (s, e) = import(&t, "admin", bad).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("rows[3].idr_per_unit")), "{e}");
    let (_, list) = admin.get("/api/v1/exchange-rates?currency=EUR").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing of a refused file is kept: {list}");
    let (s, e) = import(&t, "admin", "currency,date\nEUR,2024-01-01\n").await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("missing_column")), "{e}");
    let good = "date,currency,idr_per_unit,source\n2024-01-01,EUR,17000,BI\n2025-03-15,CHF,18500.25,BI\n";
    let (s, n) = import(&t, "admin", good).await;
    assert_eq!((s, n["imported"].as_u64()), (200, Some(2)), "{n}");
    let (s, _) = import(&t, "me.officer", good).await;
    assert_eq!(s, 403);
    let (s, list) = t.as_user("me.officer").await.get("/api/v1/exchange-rates?currency=chf").await;
    let rates: Vec<&str> = list.as_array().unwrap().iter().filter_map(|r| r["idr_per_unit"].as_str()).collect();
    assert_eq!((s, rates), (200, vec!["18500.25", "18000"]), "the M&E officer reads them, newest first: {list}");
    // The page keeps what was typed.
    let b = t.in_browser("admin").await;
    let (s, page) = b.page("/admin/exchange-rates").await;
    assert_eq!(s, 200);
    assert!(page.contains("18500.25") && page.contains("CHF"), "{page}");
    let (s, again) = b
        .post_form(
            "/admin/exchange-rates",
            &[("currency", "MYR"), ("date", "2025-02-30"), ("idr_per_unit", "3500.5"), ("source", "Kurs BI")],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("value=\"MYR\"") && again.contains("3500.5") && again.contains("Kurs BI"), "{again}");
    let (s, again) = b
        .post_form(
            "/admin/exchange-rates/import",
            &[("csv", "currency,date,idr_per_unit,source\nJPY,2025-01-01,abc,BI\n")],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("JPY,2025-01-01,abc,BI"), "the pasted file comes back: {again}");
}
both!(exchange_rates_are_kept_by_administrators);

async fn import(t: &TestApp, username: &str, csv: &str) -> (u16, Value) {
    let token = crate::helpers::api_token(t, username).await;
    let r = t
        .client
        .post(t.url("/api/v1/exchange-rates/import"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// A worker of a district with her first episode.
async fn worker(t: &TestApp, desk: &str, name: &str, sex: &str, episode: Value) {
    let user = t.as_user(desk).await;
    let (s, p) = user.post("/api/v1/people", json!({"full_name": name, "sex": sex, "estimated_age": 30})).await;
    assert_eq!(s, 201, "{p}");
    let (s, e) = user.post(&format!("/api/v1/people/{}/episodes", p["id"].as_str().unwrap()), episode).await;
    assert_eq!(s, 201, "{e}");
}

fn episode(destination: &str, costs: Value, earnings: Value) -> Value {
    json!({"stage": "abroad", "destination": destination, "sector": "domestic_work", "occupation": "Pekerja rumah tangga",
           "departure_date": "2025-03-01", "recruitment_costs": costs, "first_month_earnings": earnings})
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

async fn sdg_10_7_1_from_the_episodes(engine: Engine) {
    let t = spawn_demo(engine).await;
    let (s, _) = import(
        &t,
        "admin",
        "currency,date,idr_per_unit,source\nHKD,2025-01-01,2000,BI\nHKD,2025-03-15,2100,BI\nUSD,2025-01-01,15000,BI\n",
    )
    .await;
    assert_eq!(s, 200);
    let hkd = |a: &str| json!({"amount": a, "currency": "HKD"});
    let none = Value::Null;
    // Five women with a ratio (1.047619…, 0, 2, 0.5, 0.5), one without earnings; two men, one with a ratio.
    worker(&t, "cirebon.desk", "Sdg Satu", "female", episode("HK", json!([{"item": "recruitment_fee", "amount": "10000000", "currency": "IDR"}, {"item": "training", "amount": "500", "currency": "HKD", "date": "2025-02-01"}]), hkd("5000"))).await;
    worker(&t, "cirebon.desk", "Sdg Dua", "female", episode("HK", json!([]), hkd("4000"))).await;
    worker(
        &t,
        "cirebon.desk",
        "Sdg Tiga",
        "female",
        episode(
            "HK",
            json!([{"item": "recruitment_fee", "amount": "21000000", "currency": "IDR", "date": "2025-01-10"}]),
            hkd("5000"),
        ),
    )
    .await;
    worker(
        &t,
        "cirebon.desk",
        "Sdg Empat",
        "female",
        episode(
            "HK",
            json!([{"item": "recruitment_fee", "amount": "300", "currency": "USD"}]),
            json!({"amount": "9000000", "currency": "IDR"}),
        ),
    )
    .await;
    worker(
        &t,
        "cirebon.desk",
        "Sdg Lima",
        "female",
        episode("HK", json!([{"item": "recruitment_fee", "amount": "5250000", "currency": "IDR"}]), hkd("5000")),
    )
    .await;
    worker(
        &t,
        "cirebon.desk",
        "Sdg Enam",
        "female",
        episode("HK", json!([{"item": "recruitment_fee", "amount": "1000000", "currency": "IDR"}]), none.clone()),
    )
    .await;
    worker(
        &t,
        "cirebon.desk",
        "Sdg Tujuh",
        "male",
        episode("TW", json!([]), json!({"amount": "1000", "currency": "USD"})),
    )
    .await;
    worker(&t, "cirebon.desk", "Sdg Delapan", "male", episode("TW", json!([]), none.clone())).await;
    // Elsewhere: counted nationally, not in Cirebon.
    worker(&t, "tulungagung.desk", "Sdg Sembilan", "female", episode("MY", json!([]), hkd("3000"))).await;

    let coord = t.as_user("cirebon.coord").await;
    let (s, r) = coord.get("/api/v1/reports/sdg-10-7-1").await;
    assert_eq!(s, 200, "{r}");
    // Ratios 0, 0, 0.5, 0.5, 1.047619, 2.
    let a = 11.0 / 10.5;
    let o = &r["overall"];
    assert_eq!(o["n"], json!({"value": 6}), "{r}");
    assert!(close(&o["figures"]["mean"], (a + 3.0) / 6.0), "{o}");
    assert!(close(&o["figures"]["median"], 0.5), "{o}");
    assert!(close(&o["figures"]["q1"], 0.125), "{o}");
    assert!(close(&o["figures"]["q3"], 0.5 + 0.75 * (a - 0.5)), "{o}");
    assert!(close(&o["figures"]["share_above_one_month"], 2.0 / 6.0), "{o}");
    assert_eq!(r["without_earnings"], "suppressed", "two is a small count: {r}");
    // Two men: suppressed, and the women with them (or the men could be worked out from the total).
    for row in r["by_sex"].as_array().unwrap() {
        assert_eq!((row["n"].clone(), row["figures"].clone()), (json!("suppressed"), Value::Null), "{row}");
    }
    let (_, r) = coord.get("/api/v1/reports/sdg-10-7-1?from=2026-01-01").await;
    assert_eq!(r["overall"]["n"], json!({"value": 0}), "{r}");
    let (s, e) = coord.get("/api/v1/reports/sdg-10-7-1?district=35.04").await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");
    assert!(o["figures"].get("without_earnings").is_none(), "exclusions are published overall only: {o}");
    for (query, field, code) in [
        ("district=99.99", "district", "unknown_district"),
        ("district=32.09.30.2001", "district", "unknown_district"),
        ("from=1800-01-01", "from", "too_early"),
    ] {
        let (s, e) = t.as_user("me.officer").await.get(&format!("/api/v1/reports/sdg-10-7-1?{query}")).await;
        let got = (s, e["error"]["field"].as_str(), e["error"]["code"].as_str());
        assert_eq!(got, (422, Some(field), Some(code)), "{query}: {e}");
    }
    let (s, e) = coord.get("/api/v1/reports/sdg-10-7-1?from=2025-13-01").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("from")), "{e}");
    // The M&E officer counts every district, or one.
    let me = t.as_user("me.officer").await;
    let (_, all) = me.get("/api/v1/reports/sdg-10-7-1").await;
    assert_eq!(all["overall"]["n"], json!({"value": 7}), "{all}");
    let (_, cirebon) = me.get("/api/v1/reports/sdg-10-7-1?district=32.09").await;
    assert_eq!(cirebon["overall"]["n"], json!({"value": 6}));
    // A supervisor counts the workers her organisation registered: none.
    let (_, own) = t.as_user("cirebon.wcc.sup").await.get("/api/v1/reports/sdg-10-7-1").await;
    assert_eq!(own["overall"]["n"], json!({"value": 0}), "{own}");
    let (s, _) = t.as_user("cirebon.desk").await.get("/api/v1/reports/sdg-10-7-1").await;
    assert_eq!(s, 403, "the front desk reads no reports");
    // The page: conventions stated, suppressed cells marked.
    let b = t.in_browser("me.officer").await;
    let (s, page) = b.page("/reports/sdg-10-7-1?district=32.09").await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"sdg-conventions\"") && page.contains("disembunyikan"), "{page}");
    let (s, page) = b.page("/reports/sdg-10-7-1?from=someday").await;
    assert_eq!(s, 422, "{page}");
}
both!(sdg_10_7_1_from_the_episodes);

mod cubes;
mod dhis2;
mod headline;
mod lines;
mod records;
mod tables;
