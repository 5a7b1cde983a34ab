//! Line lists: people, cases and referrals as files, only for readers of
//! those records who may export, only as they may read them; need-to-know
//! people and restricted cases only inside their circle; formula-safe;
//! audited with filters and rows.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, raw_query_strings, spawn_demo, spawn_with, TestApp};

/// The file as the API sends it: status, content type, body.
async fn lines(t: &TestApp, user: &str, query: &str) -> (u16, String, Vec<u8>) {
    let token = api_token(t, user).await;
    let r = t.client.get(t.url(&format!("/api/v1/reports/lines/{query}"))).bearer_auth(token).send().await.unwrap();
    let status = r.status().as_u16();
    let mime = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, mime, r.bytes().await.unwrap().to_vec())
}

/// A CSV line list as records (header first).
async fn csv(t: &TestApp, user: &str, query: &str) -> Vec<Vec<String>> {
    let (s, mime, body) = lines(t, user, query).await;
    assert_eq!(
        (s, mime.as_str()),
        (200, "text/csv; charset=utf-8"),
        "{user} {query}: {}",
        String::from_utf8_lossy(&body)
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(Cursor::new(body))
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn has(rows: &[Vec<String>], text: &str) -> bool {
    rows.iter().any(|r| r.iter().any(|c| c == text))
}

async fn line_lists_follow_need_to_know(engine: Engine) {
    let t = spawn_demo(engine).await;
    let union = t.as_user("cirebon.union").await;
    let (s, open) = union
        .post(
            "/api/v1/people",
            json!({"full_name": "Garis Terbuka", "sex": "female", "birth_date": "1990-04-01", "phone": "+6281223344556",
                   "village_code": "32.09.30.2001"}),
        )
        .await;
    assert_eq!(s, 201, "{open}");
    let open_id = open["id"].as_str().unwrap().to_string();
    let labour_case = union.open_case(&open_id, "labour_complaint").await;
    // A survivor known only to the women's crisis centre, with a restricted case.
    let wcc = t.as_user("cirebon.wcc").await;
    let hidden = wcc.register_person("Garis Rahasia").await;
    let restricted = wcc.open_case(&hidden, "gbv").await;
    let desk = t.as_user("cirebon.desk").await;
    let elsewhere = desk.register_person("Garis Meja").await;

    // The union's supervisor: the people her organisation registered, the
    // phone that starts with "+" neutralised, headers in Bahasa Indonesia;
    // its cases; neither the survivor nor the desk's people.
    let people = csv(&t, "cirebon.union.sup", "people?format=csv&within=32.09").await;
    assert_eq!(people[0][1], "Nama lengkap", "{:?}", people[0]);
    let row = people.iter().find(|r| r[0] == open_id).unwrap_or_else(|| panic!("{people:?}"));
    assert_eq!((row[1].as_str(), row[2].as_str(), row[6].as_str()), ("Garis Terbuka", "Perempuan", "'+6281223344556"));
    assert_eq!(row[4], "1990-04-01");
    assert!(!has(&people, &hidden) && !has(&people, "Garis Rahasia") && !has(&people, &elsewhere), "{people:?}");
    let cases = csv(&t, "cirebon.union.sup", "cases?format=csv&status=open").await;
    assert!(has(&cases, &labour_case) && has(&cases, "Garis Terbuka"), "{cases:?}");
    assert!(!has(&cases, &restricted), "restricted: {cases:?}");
    let cases = csv(&t, "cirebon.union.sup", "cases?format=csv&district=35.04").await;
    assert_eq!(cases.len(), 1, "only the header: {cases:?}");
    let referrals = csv(&t, "cirebon.union.sup", "referrals?format=csv&box=received").await;
    assert_eq!(referrals[0][0], "Id");

    // The crisis centre's supervisor: the restricted case and its survivor.
    let people = csv(&t, "cirebon.wcc.sup", "people?format=csv").await;
    assert!(has(&people, &hidden) && !has(&people, &open_id), "{people:?}");
    let cases = csv(&t, "cirebon.wcc.sup", "cases?format=csv").await;
    assert!(has(&cases, &restricted) && !has(&cases, &labour_case), "{cases:?}");
    // The export's own entry, which every auditor reads, counts only what is
    // not need-to-know: each restricted case has an entry of its own.
    let open_rows = cases[1..].iter().filter(|r| r[13] == "tidak").count();
    let (_, log) = t.as_user("admin").await.get("/api/v1/audit?action=export&limit=500").await;
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["actor_name"] == "cirebon.wcc.sup" && e["details"]["list"] == "cases")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(entry["details"]["rows"], open_rows, "{entry}");
    assert!(!entry.to_string().contains(&restricted) && !entry.to_string().contains(&hidden), "{entry}");

    // Readers of aggregates only (the M&E officer, the coordinator) and
    // readers who may not export: refused.
    for (user, query) in [
        ("me.officer", "people?format=csv"),
        ("me.officer", "cases?format=xlsx"),
        ("me.officer", "referrals?format=csv"),
        ("cirebon.coord", "people?format=csv"),
        ("cirebon.coord", "cases?format=csv"),
        ("cirebon.desk", "people?format=csv"),
        ("cirebon.wcc", "cases?format=csv"),
    ] {
        let (s, _, body) = lines(&t, user, query).await;
        assert_eq!(s, 403, "{user} {query}: {}", String::from_utf8_lossy(&body));
    }
    for (query, status, field) in [
        ("people?format=pdf", 422, "format"),
        ("people?format=csv&status=open", 422, "status"),
        ("cases?format=csv&status=pending", 422, "status"),
        ("referrals?format=csv&box=both", 422, "box"),
        ("people?format=csv&colour=red", 422, "query"),
    ] {
        let (s, _, body) = lines(&t, "cirebon.union.sup", query).await;
        let e: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let named = e["error"]["field"].as_str().unwrap_or_default().to_string() + &e["error"]["message"].to_string();
        assert_eq!((s, named.contains(field)), (status, true), "{query}: {e}");
    }
    let (s, _, _) = lines(&t, "cirebon.union.sup", "lovers?format=csv").await;
    assert_eq!(s, 404);
    for user in ["me.officer", "cirebon.coord"] {
        let (s, _) = t.in_browser(user).await.page("/reports/lines").await;
        assert_eq!(s, 403, "{user}: no form that can only fail");
    }

    // XLSX: numbers as numbers, dates as dates.
    let (s, mime, body) = lines(&t, "cirebon.union.sup", "people?format=xlsx&within=32.09&sex=female").await;
    assert_eq!((s, mime.as_str()), (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body)).unwrap();
    let sheet = book.worksheet_range("people").unwrap();
    let row = sheet.rows().find(|r| r[0] == Data::String(open_id.clone())).expect("her row");
    assert!(matches!(row[3], Data::Float(_)), "age is a number: {row:?}");
    assert!(matches!(row[4], Data::DateTime(_)), "birth date is a date: {row:?}");
    assert!(matches!(row[10], Data::DateTime(_)), "registered is a date: {row:?}");

    // Audited: the export with its filters and rows, the names read.
    let admin = t.as_user("admin").await;
    let (_, log) = admin.get("/api/v1/audit?action=export&limit=500").await;
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["details"]["list"] == "people" && e["details"]["filters"]["within"] == "32.09")
        .unwrap_or_else(|| panic!("{log}"));
    assert!(entry["details"]["rows"].as_u64().unwrap() >= 1 && entry["actor_name"] == "cirebon.union.sup", "{entry}");
    let names = raw_query_strings(
        &t.db_url,
        "SELECT details FROM audit_log WHERE action = 'read_names' AND actor_name = 'cirebon.union.sup'",
    )
    .await;
    assert!(names.iter().any(|d| d.contains(&open_id)), "the names shown are recorded: {names:?}");
    // The restricted case exported: an entry of its own, shown only to its circle.
    let own = raw_query_strings(
        &t.db_url,
        &format!("SELECT actor_name FROM audit_log WHERE action = 'export' AND entity_id = '{restricted}'"),
    )
    .await;
    assert_eq!(own, ["cirebon.wcc.sup"]);
    let (_, seen) = admin.get(&format!("/api/v1/audit?case_id={restricted}&limit=500")).await;
    assert!(!seen.to_string().contains("\"export\""), "outside the circle: {seen}");

    // The page: three forms; a bad filter comes back typed, with its message.
    let b = t.in_browser("cirebon.union.sup").await;
    let (s, page) = b.page("/reports/lines").await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"lines-people\"") && page.contains("id=\"lines-referrals\""), "{page}");
    let (s, page) = b.page("/reports/lines/export?list=people&format=csv&within=32.9x").await;
    assert_eq!(s, 422, "{page}");
    assert!(page.contains("value=\"32.9x\""), "{page}");
    let (s, file) = b.page("/reports/lines/export?list=cases&format=csv").await;
    assert_eq!(s, 200);
    assert!(file.contains(&labour_case), "{file}");
}
both!(line_lists_follow_need_to_know);

/// Pages of two rows: every record once, none lost at a page's edge (people
/// are read by name, then id).
async fn line_lists_read_page_by_page(engine: Engine) {
    let t = spawn_with(engine, true, |_| {}, |s| s.app = s.app.clone().with_line_page(2)).await;
    let union = t.as_user("cirebon.union").await;
    // Three of one name: the page's edge falls between namesakes too.
    for i in 0..6 {
        let person = union.register_person(&format!("Halaman {}", i.min(3))).await;
        if i % 2 == 0 {
            union.open_case(&person, "labour_complaint").await;
        }
    }
    let count = |sql: &str| {
        let url = t.db_url.clone();
        let sql = sql.to_string();
        async move { raw_query_strings(&url, &sql).await[0].parse::<usize>().unwrap() }
    };
    let people = csv(&t, "cirebon.union.sup", "people?format=csv").await;
    let want = count(
        "SELECT CAST(COUNT(*) AS TEXT) FROM people p JOIN organisations o ON o.id = p.registered_by_organisation \
         WHERE o.code = 'SBMI-CRB' AND p.merged_into IS NULL",
    )
    .await;
    let ids: std::collections::BTreeSet<&String> = people[1..].iter().map(|r| &r[0]).collect();
    assert!(want >= 5, "{want}");
    assert_eq!((people.len() - 1, ids.len()), (want, want), "{people:?}");
    let cases = csv(&t, "cirebon.union.sup", "cases?format=csv").await;
    let want = count(
        "SELECT CAST(COUNT(*) AS TEXT) FROM cases c JOIN organisations o ON o.id = c.organisation_id \
         WHERE o.code = 'SBMI-CRB'",
    )
    .await;
    let ids: std::collections::BTreeSet<&String> = cases[1..].iter().map(|r| &r[0]).collect();
    assert!(want >= 3, "{want}");
    assert_eq!((cases.len() - 1, ids.len()), (want, want), "{cases:?}");
}
both!(line_lists_read_page_by_page);
