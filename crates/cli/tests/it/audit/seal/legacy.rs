//! A log written before the chain was keyed: its plain entries stay as
//! they are, up to the boundary the key file records; later ones are keyed.

use std::sync::Arc;

use satuatap::startup;
use satuatap_core::audit::chain::GENESIS;
use satuatap_core::{App, AuthSettings};
use satuatap_store::Engine;

use super::{append, entries, rehash, rewrite, satuatap, verify};
use crate::both;
use crate::helpers::{config_for, fresh_database, raw_sql, seal_files};

/// A database with `n` unkeyed entries, written by a store without a seal
/// (as before this version).
async fn legacy_log(engine: Engine, n: i64) -> (String, Option<tempfile::TempDir>) {
    let (url, dir) = fresh_database(engine).await;
    let bare = satuatap_store::connect(&url, &Default::default()).await.unwrap();
    bare.migrate().await.unwrap();
    append(&App::new(Arc::new(bare.clone()), AuthSettings::default()), n).await;
    bare.close().await;
    (url, dir)
}

fn drop_triggers(engine: Engine) -> &'static [&'static str] {
    match engine {
        Engine::Sqlite => &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
        Engine::Postgres => &["DROP TRIGGER audit_log_no_update ON audit_log"],
    }
}

async fn legacy_entries_before_keyed_ones(engine: Engine) {
    let (url, _keep) = legacy_log(engine, 20).await;
    let db = startup::open_database(&url, &config_for(&url)).await.unwrap();
    let key_file = std::fs::read_to_string(seal_files(&url).key_file).unwrap();
    let plain = entries(&db).await;
    assert!(key_file.contains(&format!("\nlegacy-until 20 {}\n", plain[19].hash)), "{key_file}");
    append(&startup::app(&db), 10).await;
    assert_eq!(verify(&url, &[]), (0, "audit log intact: 30 entries".to_string()));

    raw_sql(&url, drop_triggers(engine)).await.unwrap();
    let original = entries(&db).await;
    // A legacy entry altered and the plain hashes recomputed up to the boundary...
    let mut forged = original.clone();
    forged[4].details = serde_json::json!({ "i": "rewritten" });
    rehash(&mut forged[..20], 4, None);
    rewrite(&url, 5, &forged[4..]).await;
    assert_eq!(verify(&url, &[]), (1, "error: audit log broken: entry 21 does not follow the entry before it".into()));
    // ...and beyond it.
    rehash(&mut forged, 20, None);
    rewrite(&url, 5, &forged[4..]).await;
    assert_eq!(verify(&url, &[]), (1, "error: audit log broken: entry 21 was altered".into()));
}
both!(legacy_entries_before_keyed_ones);

async fn legacy_entries_alone_are_bound_by_the_key_file(engine: Engine) {
    let (url, _keep) = legacy_log(engine, 20).await;
    let db = startup::open_database(&url, &config_for(&url)).await.unwrap();
    assert_eq!(verify(&url, &[]), (0, "audit log intact: 20 entries".to_string()));
    raw_sql(&url, drop_triggers(engine)).await.unwrap();
    let mut forged = entries(&db).await;
    forged[4].details = serde_json::json!({ "i": "rewritten" });
    rehash(&mut forged, 4, None);
    rewrite(&url, 5, &forged[4..]).await;
    assert_eq!(
        verify(&url, &[]),
        (1, "error: audit log broken: entry 20 was replaced (its hash is not the one the audit key file names)".into())
    );
}
both!(legacy_entries_alone_are_bound_by_the_key_file);

/// `audit verify` never makes a key file: without one it says so.
async fn verify_needs_the_key_file(engine: Engine) {
    let (url, _keep) = fresh_database(engine).await;
    let missing = seal_files(&url).key_file;
    let out = satuatap(&url).args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim(), format!("error: audit_key_file {}: does not exist", missing.display()));
    assert!(!missing.exists(), "nothing made");
    // A fresh database with its key: empty and intact, the checkpoint naming nothing yet.
    startup::open_database(&url, &config_for(&url)).await.unwrap().close().await;
    assert_eq!(verify(&url, &[]), (0, "audit log intact: 0 entries".to_string()));
    let checkpoint = std::fs::read_to_string(seal_files(&url).checkpoint_file).unwrap();
    assert!(checkpoint.starts_with(&format!("0:{GENESIS}:")), "{checkpoint}");
}
both!(verify_needs_the_key_file);
