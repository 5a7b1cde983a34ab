//! The audit log as people read it: filters by person, case, user and local
//! dates on the API and the page, on both engines; the page in the reader's
//! language with names and local times, never a UUID or raw JSON in its rows.

use chrono::{DateTime, Utc};
use satuatap_core::access::Ctx;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::audit::names::DetailValue;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::AuditFilter;
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{raw_query_strings, spawn_demo, TestApp};

/// The rows of the audit page (after the filter form, which lists every action).
fn rows(html: &str) -> &str {
    html.split_once("<ul class=\"rows audit\">").map_or("", |(_, r)| r)
}

/// `html` without the targets of its links (a link to a record's page
/// carries its id; what a reader reads does not).
fn without_links(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        out.push_str(&rest[..at]);
        rest = &rest[at + 6..];
        rest = rest.find('"').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// A UUID anywhere in `text`.
fn has_uuid(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(35)).find_map(|i| {
        let s = std::str::from_utf8(&b[i..i + 36]).ok()?;
        uuid::Uuid::parse_str(s).ok().filter(|_| s.chars().nth(8) == Some('-')).map(|_| s.to_string())
    })
}

/// Writes an entry at `at` (UTC) on its own, as the command line would.
async fn entry_at(t: &TestApp, at: &str, id: &str) {
    let mut record =
        AuditRecord::new(&Ctx::system(), AuditAction::Import, AuditEntity::Area, Some(id.to_string()), json!({}));
    record.at = at.parse::<DateTime<Utc>>().unwrap();
    t.app.audit(&record).await.unwrap();
}

fn ids_of(found: &Value) -> Vec<String> {
    found["items"].as_array().unwrap().iter().map(|e| e["entity_id"].as_str().unwrap().to_string()).collect()
}

async fn filters_by_local_dates_inclusive_at_both_ends(engine: Engine) {
    let t = spawn_demo(engine).await;
    // The office's days are WIB (UTC+7): 3 March 2020 runs from 2 March 17:00 UTC.
    entry_at(&t, "2020-03-02T16:59:59.999999Z", "before").await;
    entry_at(&t, "2020-03-02T17:00:00Z", "first-moment").await;
    entry_at(&t, "2020-03-03T16:59:59.999999Z", "last-moment").await;
    entry_at(&t, "2020-03-03T17:00:00Z", "after").await;
    let admin = t.as_user("admin").await;
    let (s, found) = admin.get("/api/v1/audit?action=import&from=2020-03-03&to=2020-03-03").await;
    assert_eq!(s, 200, "{found}");
    assert_eq!(ids_of(&found), ["last-moment", "first-moment"], "{found}");
    assert_eq!(found["total"], 2);
    // Times in the API stay UTC.
    assert_eq!(found["items"][1]["at"], "2020-03-02T17:00:00Z");
    let (_, found) = admin.get("/api/v1/audit?action=import&from=2020-03-02&to=2020-03-03").await;
    assert_eq!(ids_of(&found), ["last-moment", "first-moment", "before"]);
    let (_, found) = admin.get("/api/v1/audit?action=import&from=2020-03-04&to=2020-12-31").await;
    assert_eq!(ids_of(&found)[..], [String::from("after")][..]);
    let (_, found) = admin.get("/api/v1/audit?action=import&to=2020-03-02").await;
    assert_eq!(ids_of(&found), ["before"]);
    // An end before the start, or a date that is none, is a field error.
    let (s, e) = admin.get("/api/v1/audit?from=2020-03-04&to=2020-03-03").await;
    assert_eq!(s, 422, "{e}");
    assert!(e.to_string().contains("before_from"), "{e}");
    let (s, _) = admin.get("/api/v1/audit?from=3-3-2020").await;
    assert_eq!(s, 422);

    // The page: the same days, local times, and what was typed kept on a refusal.
    let b = t.in_browser("admin").await;
    let (s, html) = b.page("/admin/audit?action=import&from=2020-03-03&to=2020-03-03").await;
    assert_eq!(s, 200);
    let shown = rows(&html);
    assert!(shown.contains("3 Mar 2020 00:00 WIB"), "{shown}");
    assert!(shown.contains("3 Mar 2020 23:59 WIB"), "{shown}");
    assert!(!shown.contains("2 Mar 2020") && !shown.contains("4 Mar 2020"), "{shown}");
    let (s, html) = b.page("/admin/audit?from=2020-03-04&to=2020-03-03").await;
    assert_eq!(s, 422);
    assert!(html.contains("tanggal akhir sebelum tanggal awal"), "{html}");
    assert!(html.contains("value=\"2020-03-04\"") && html.contains("value=\"2020-03-03\""), "{html}");
}
both!(filters_by_local_dates_inclusive_at_both_ends);

async fn filters_by_user_person_and_case(engine: Engine) {
    let t = spawn_demo(engine).await;
    let union = t.as_user("cirebon.union").await;
    let person = union.register_person("Sumarni Lestari").await;
    let case = union.open_case(&person, "labour_complaint").await;
    union.assess(&case, &["legal_aid"]).await;
    let other = union.register_person("Warsini Handayani").await;

    let admin = t.as_user("admin").await;
    let (_, me) = union.get("/api/v1/me").await;
    let actor = me["id"].as_str().unwrap().to_string();
    let (s, by) = admin.get(&format!("/api/v1/audit?actor_id={actor}&limit=500")).await;
    assert_eq!(s, 200);
    let items = by["items"].as_array().unwrap();
    assert!(items.len() >= 4, "{by}");
    assert!(items.iter().all(|e| e["actor_name"] == "cirebon.union"), "{by}");

    // About her: herself and her case, not the other woman.
    let (_, about) = admin.get(&format!("/api/v1/audit?person_id={person}&limit=500")).await;
    let seen: Vec<(String, String)> = about["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().into(), e["entity_id"].as_str().unwrap_or("-").into()))
        .collect();
    assert!(seen.contains(&("create".into(), person.clone())), "{seen:?}");
    assert!(seen.contains(&("assess".into(), case.clone())), "her case's entries are hers: {seen:?}");
    assert!(!seen.iter().any(|(_, id)| *id == other), "{seen:?}");
    // About the case: the case only.
    let (_, of_case) = admin.get(&format!("/api/v1/audit?case_id={case}&limit=500")).await;
    let items = of_case["items"].as_array().unwrap();
    assert!(items.iter().any(|e| e["action"] == "assess"), "{of_case}");
    assert!(items.iter().all(|e| e["entity_id"] != person.as_str()), "{of_case}");
    let (s, _) = admin.get("/api/v1/audit?person_id=not-an-id").await;
    assert_eq!(s, 422);

    // The page filters the same way: by username, person and case.
    let b = t.in_browser("admin").await;
    let (s, html) = b.page(&format!("/admin/audit?actor=cirebon.union&case={case}")).await;
    assert_eq!(s, 200);
    let shown = rows(&html);
    assert!(shown.contains("Asesmen kasus") && shown.matches("<li>").count() >= 2, "{shown}");
    let (_, html) = b.page(&format!("/admin/audit?actor=admin&case={case}")).await;
    assert!(html.contains("Tidak ada entri yang cocok."), "{html}");
    let (_, html) = b.page(&format!("/admin/audit?person={other}")).await;
    let shown = rows(&html);
    assert!(shown.contains("Dibuat") && !shown.contains("Asesmen kasus"), "{shown}");
}
both!(filters_by_user_person_and_case);

async fn the_page_reads_as_people_read(engine: Engine) {
    let t = spawn_demo(engine).await;
    let union = t.as_user("cirebon.union").await;
    let person = union.register_person("Sumarni Lestari").await;
    let case = union.open_case(&person, "labour_complaint").await;
    union.assess(&case, &["legal_aid"]).await;

    let b = t.in_browser("admin").await;
    let (s, html) = b.page("/admin/audit").await;
    assert_eq!(s, 200);
    let shown = rows(&html);
    // Translated actions and kinds, the actor's name, local times.
    for text in ["Masuk", "Dibuat", "Asesmen kasus", "Orang:", "Kasus:", " WIB</time>"] {
        assert!(shown.contains(text), "{text}: {shown}");
    }
    assert!(!shown.contains(">sign_in<") && !shown.contains(">create<"), "{shown}");
    assert!(!shown.contains("UTC"), "{shown}");
    // No UUID and no raw JSON in the rows.
    let read = without_links(shown);
    if let Some(id) = has_uuid(&read) {
        let at = read.find(&id).unwrap();
        panic!("a UUID in the rows: {}", &read[at.saturating_sub(120)..at + 60]);
    }
    assert!(!shown.contains("{&#34;") && !shown.contains("&#34;:") && !shown.contains("{\""), "{shown}");
    // The administrator may not read people or cases: no name, no kind, no
    // link to them — their kind and a short reference.
    assert!(!shown.contains("Sumarni"), "{shown}");
    assert!(shown.contains(&format!("#{}", &person[person.len() - 8..])), "{shown}");
    assert!(!shown.contains(&format!("/people/{person}")) && !shown.contains(&format!("/cases/{case}")), "{shown}");
    // What an administrator may know is named: the accounts that acted, organisations.
    let display =
        raw_query_strings(&t.db_url, "SELECT display_name FROM users WHERE username = 'cirebon.union'").await.remove(0);
    assert!(!display.is_empty() && shown.contains(&format!("{display} (cirebon.union)")), "{display}: {shown}");
    // In English too.
    let (_, html) = b.page_in("/admin/audit", "en").await;
    let shown = rows(&html);
    assert!(shown.contains("Signed in") && shown.contains(" WIB</time>"), "{shown}");
    assert!(html.contains("Kind of record"), "{html}");

    // A reader who may read her (the system, here) sees her name and the case's kind.
    let lines = t
        .app
        .audit_lines(
            &Ctx::system(),
            &AuditFilter { person_id: Some(person.parse().unwrap()), ..Default::default() },
            PageRequest::first(50),
        )
        .await
        .unwrap();
    let names: Vec<_> = lines.items.iter().filter_map(|l| l.record.as_ref()).collect();
    assert!(names.iter().any(|r| r.name.as_deref() == Some("Sumarni Lestari") && r.open), "{names:?}");
    assert!(names.iter().any(|r| r.kind.as_deref() == Some("labour_complaint") && r.open), "{names:?}");
    let details: Vec<_> = lines.items.iter().flat_map(|l| l.details.iter()).collect();
    assert!(
        details
            .iter()
            .any(|d| matches!(&d.value, DetailValue::Record(r) if r.name.as_deref() == Some("Sumarni Lestari"))),
        "the case's details name her: {details:?}"
    );
}
both!(the_page_reads_as_people_read);
