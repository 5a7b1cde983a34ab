//! Group commit: writes and audited reads of many requests at once, one of
//! them failing half-way, on both engines. Each acknowledged write is
//! there, the failing ones left nothing behind (no row, no entry), and the
//! chain verifies with exactly one entry per acknowledged write or read.

use satuatap_core::access::Ctx;
use satuatap_core::identity::users::NewUser;
use satuatap_core::Verification;
use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::{api_get, api_post, api_token, config_for, raw_query_strings, raw_sql, spawn_app, spawn_demo};

/// The user all of them try to create.
fn same_user() -> NewUser {
    NewUser {
        username: "batch.sama".into(),
        organisation_code: "DISNAKER-CRB".into(),
        roles: vec!["front_desk".into()],
        password: "long-enough-password".into(),
        ..Default::default()
    }
}

async fn a_failing_write_spoils_none_of_its_batch(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let (s, someone) = api_post(
        &t,
        &desk,
        "/api/v1/people",
        json!({"full_name": "Batch Dibaca Sekali", "sex": "female", "birth_date": "1990-01-01"}),
    )
    .await;
    assert_eq!(s, 201, "{someone}");
    let someone = someone["id"].as_str().unwrap().to_string();
    let before = match t.app.verify_audit(&Ctx::system()).await.unwrap() {
        Verification::Intact { entries } => entries,
        broken => panic!("{broken:?}"),
    };

    // Twelve registrations, twelve audited reads and six attempts at one
    // new username (one wins; the others pass the check before the insert
    // and fail on the unique index inside their item).
    let mut registrations = Vec::new();
    let mut reads = Vec::new();
    let mut users = Vec::new();
    for i in 0..12 {
        let (client, url, token) = (t.client.clone(), t.url("/api/v1/people"), desk.clone());
        registrations.push(tokio::spawn(async move {
            let body = json!({"full_name": format!("Batch Daftar {i}"), "sex": "male", "estimated_age": 30 + i});
            let r = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
        }));
        let (client, url, token) = (t.client.clone(), t.url(&format!("/api/v1/people/{someone}")), desk.clone());
        reads.push(tokio::spawn(
            async move { client.get(url).bearer_auth(token).send().await.unwrap().status().as_u16() },
        ));
    }
    for _ in 0..6 {
        let app = t.app.clone();
        users.push(tokio::spawn(async move {
            app.create_user(&Ctx::system(), &same_user()).await.map(|_| ()).map_err(|e| e.code().to_string())
        }));
    }
    let mut registered = Vec::new();
    for r in registrations {
        registered.push(r.await.unwrap());
    }
    let mut read = Vec::new();
    for r in reads {
        read.push(r.await.unwrap());
    }
    let mut created = Vec::new();
    for u in users {
        created.push(u.await.unwrap());
    }
    for (s, p) in &registered {
        assert_eq!(*s, 201, "{p}");
        let id = p["id"].as_str().unwrap();
        assert_eq!(api_get(&t, &desk, &format!("/api/v1/people/{id}")).await.0, 200, "acknowledged, so there");
    }
    assert!(read.iter().all(|s| *s == 200), "{read:?}");
    let won = created.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{created:?}");
    assert!(created.iter().filter_map(|r| r.as_ref().err()).all(|e| e == "duplicate_username"), "{created:?}");

    // One entry per acknowledged write and read: 12 registrations, 12 reads,
    // one user, then the 12 reads of the check above.
    match t.app.verify_audit(&Ctx::system()).await.unwrap() {
        Verification::Intact { entries } => assert_eq!(entries - before, 12 + 12 + 1 + 12),
        broken => panic!("{broken:?}"),
    }
    // Every acknowledged entry is linked (none waits in `audit_pending`).
    assert_eq!(raw_query_strings(&t.db_url, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_pending").await, ["0"]);

    // A failing write as the last one: its batch does not keep the write
    // lock (another connection writes within its busy timeout of 5 s).
    let err = t.app.create_user(&Ctx::system(), &same_user()).await.unwrap_err();
    assert_eq!(err.code(), "duplicate_username");
    raw_sql(&t.db_url, &["UPDATE organisations SET name = name WHERE code = 'DISNAKER-CRB'"]).await.unwrap();
}
both!(a_failing_write_spoils_none_of_its_batch);

fn entries(v: Verification) -> i64 {
    match v {
        Verification::Intact { entries } => entries,
        broken => panic!("{broken:?}"),
    }
}

/// An audited write stored but not yet linked into the chain when the
/// server stopped (on PostgreSQL its entry waits in `audit_pending` from the
/// write's commit to its link by the sequencer) is linked at the next start,
/// after the entries before it, and the chain verifies.
async fn an_entry_left_pending_is_linked_at_start(engine: Engine) {
    let t = spawn_app(engine).await;
    let before = entries(t.app.verify_audit(&Ctx::system()).await.unwrap());
    let person = uuid::Uuid::new_v4();
    // As a stop between a write's commit and its link leaves it.
    let left = format!(
        "INSERT INTO audit_pending (id, at_micros, actor_id, actor_name, action, entity, entity_id, details, op_id) \
         VALUES (9001, 1780000000000000, NULL, 'cirebon.desk', 'read', 'person', '{person}', '{{}}', 'op-left-pending')"
    );
    raw_sql(&t.db_url, &[&left]).await.unwrap();
    let pending = "SELECT CAST(COUNT(*) AS TEXT) FROM audit_pending";
    assert_eq!(raw_query_strings(&t.db_url, pending).await, ["1"]);

    let db = satuatap::startup::open_database(&t.db_url, &config_for(&t.db_url)).await.unwrap();
    db.close().await;
    assert_eq!(raw_query_strings(&t.db_url, pending).await, ["0"]);
    assert_eq!(entries(t.app.verify_audit(&Ctx::system()).await.unwrap()), before + 1);
    let linked = raw_query_strings(
        &t.db_url,
        "SELECT CAST(seq AS TEXT) || ' ' || action || ' ' || entity_id FROM audit_log WHERE op_id = 'op-left-pending'",
    )
    .await;
    assert_eq!(linked, [format!("{} read {person}", before + 1)]);
    // With the person it is about, as every entry.
    let about =
        "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE op_id = 'op-left-pending' AND subject_person IS NOT NULL";
    assert_eq!(raw_query_strings(&t.db_url, about).await, ["1"]);
}
both!(an_entry_left_pending_is_linked_at_start);
