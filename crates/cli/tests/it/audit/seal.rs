//! The keyed audit chain and its signed checkpoint, on both engines: every
//! way someone who has the database (but not the key file) can rewrite or
//! cut the log is found by the real `satuatap audit verify`.

use std::process::{Command, Stdio};

use satuatap::startup;
use satuatap_core::access::Ctx;
use satuatap_core::audit::chain::{chain_hash, AuditEntry, AuditRecord, GENESIS};
use satuatap_core::audit::seal::AuditKey;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::repo::AuditRepository;
use satuatap_core::App;
use satuatap_store::{Db, Engine};

use crate::both;
use crate::helpers::{binary, config_for, fresh_database, raw_sql, seal_env, seal_files};

/// Entries written before each tampering.
const ENTRIES: i64 = 150;

/// A fresh database with `ENTRIES` audit entries written through the sealed
/// store, its triggers dropped (as anyone with the file can).
struct Log {
    url: String,
    db: Db,
    app: App,
    _dir: Option<tempfile::TempDir>,
}

async fn log(engine: Engine) -> Log {
    let (url, dir) = fresh_database(engine).await;
    let db = startup::open_database(&url, &config_for(&url)).await.unwrap();
    let app = startup::app(&db);
    append(&app, ENTRIES).await;
    let drop_triggers: &[&str] = match engine {
        Engine::Sqlite => &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
        Engine::Postgres => &["DROP TRIGGER audit_log_no_update ON audit_log"],
    };
    raw_sql(&url, drop_triggers).await.unwrap();
    Log { url, db, app, _dir: dir }
}

async fn append(app: &App, n: i64) {
    for i in 0..n {
        let r = AuditRecord::new(
            &Ctx::system(),
            AuditAction::Read,
            AuditEntity::Person,
            Some(i.to_string()),
            serde_json::json!({ "i": i }),
        );
        app.audit(&r).await.unwrap();
    }
}

/// The binary with none of the developer's SATUATAP_* settings, on `url` and
/// its audit files, in the directory of those files (its data directory).
pub fn satuatap(url: &str) -> Command {
    let dir = seal_files(url).key_file.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = Command::new(binary());
    c.current_dir(dir).stdin(Stdio::null());
    for (key, _) in std::env::vars() {
        if key.starts_with("SATUATAP_") {
            c.env_remove(key);
        }
    }
    c.env("RUST_LOG", "warn").env("SATUATAP_DATABASE_URL", url).envs(seal_env(url));
    c
}

/// `satuatap audit verify [ARGS]`: the exit code and the message.
fn verify(url: &str, args: &[&str]) -> (i32, String) {
    let out = satuatap(url).args(["audit", "verify"]).args(args).output().unwrap();
    let text = if out.status.success() { out.stdout } else { out.stderr };
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&text).trim().to_string())
}

fn broken(url: &str, why: &str) {
    assert_eq!(verify(url, &[]), (1, format!("error: audit log broken: {why}")));
}

/// The whole log, oldest first.
async fn entries(db: &Db) -> Vec<AuditEntry> {
    db.audit_after(0, 100_000).await.unwrap()
}

fn record(e: &AuditEntry) -> AuditRecord {
    AuditRecord {
        at: e.at,
        actor_id: e.actor_id,
        actor_name: e.actor_name.clone(),
        action: e.action.clone(),
        entity: e.entity.clone(),
        entity_id: e.entity_id.clone(),
        details: e.details.clone(),
        op_id: e.op_id.clone(),
    }
}

/// How the attacker hashes: plain SHA-256, or HMAC under a key of their own.
fn rehash(entries: &mut [AuditEntry], from: usize, attacker: Option<&AuditKey>) {
    for i in from..entries.len() {
        let prev = if i == 0 { GENESIS.to_string() } else { entries[i - 1].hash.clone() };
        let r = record(&entries[i]);
        let seq = entries[i].seq;
        entries[i].hash = match attacker {
            Some(k) => k.entry_hash(seq, &r, &prev),
            None => chain_hash(seq, &r, &prev),
        };
        entries[i].prev_hash = prev;
    }
}

/// Replaces the log from entry `from_seq` on with `rows` (and the head), as
/// an attacker with the database does.
async fn rewrite(url: &str, from_seq: i64, rows: &[AuditEntry]) {
    use sqlx::Connection;
    macro_rules! run {
        ($conn:expr) => {{
            let c = &mut $conn;
            sqlx::query("DELETE FROM audit_log WHERE seq >= $1").bind(from_seq).execute(&mut *c).await.unwrap();
            for e in rows {
                sqlx::query(
                    "INSERT INTO audit_log (seq, at_micros, actor_id, actor_name, action, entity, entity_id, details, \
                     op_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(e.seq)
                .bind(e.at.timestamp_micros())
                .bind(e.actor_id)
                .bind(&e.actor_name)
                .bind(&e.action)
                .bind(&e.entity)
                .bind(&e.entity_id)
                .bind(e.details.to_string())
                .bind(&e.op_id)
                .bind(&e.prev_hash)
                .bind(&e.hash)
                .execute(&mut *c)
                .await
                .unwrap();
            }
            // The head follows, so that the app appends after the rewritten log.
            sqlx::query(
                "UPDATE audit_head SET seq = (SELECT COALESCE(MAX(seq), 0) FROM audit_log), \
                 hash = COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), $1) WHERE id = 1",
            )
            .bind(GENESIS)
            .execute(&mut *c)
            .await
            .unwrap();
        }};
    }
    if url.starts_with("sqlite:") {
        run!(sqlx::SqliteConnection::connect(url).await.unwrap());
    } else {
        run!(sqlx::PgConnection::connect(url).await.unwrap());
    }
}

async fn cut_from(url: &str, from_seq: i64) {
    rewrite(url, from_seq, &[]).await;
}

async fn altered_in_place(engine: Engine) {
    let l = log(engine).await;
    assert_eq!(verify(&l.url, &[]), (0, format!("audit log intact: {ENTRIES} entries")));
    raw_sql(&l.url, &["UPDATE audit_log SET details = '{\"i\": 0}' WHERE seq = 40"]).await.unwrap();
    broken(&l.url, "entry 40 was altered");
}
both!(altered_in_place);

async fn deleted_in_the_middle(engine: Engine) {
    let l = log(engine).await;
    raw_sql(&l.url, &["DELETE FROM audit_log WHERE seq = 40"]).await.unwrap();
    broken(&l.url, "entry 40 is missing (next entry is 41)");
}
both!(deleted_in_the_middle);

async fn last_entry_deleted(engine: Engine) {
    let l = log(engine).await;
    cut_from(&l.url, ENTRIES).await;
    broken(&l.url, "entry 150 is missing from the end (the checkpoint names it; the log ends at entry 149)");
}
both!(last_entry_deleted);

async fn last_hundred_deleted(engine: Engine) {
    let l = log(engine).await;
    cut_from(&l.url, ENTRIES - 99).await;
    broken(
        &l.url,
        "entries 51 to 150 are missing from the end (the checkpoint names entry 150; the log ends at entry 50)",
    );
}
both!(last_hundred_deleted);

async fn all_deleted(engine: Engine) {
    let l = log(engine).await;
    raw_sql(&l.url, &["DELETE FROM audit_log"]).await.unwrap();
    broken(&l.url, "all entries are missing (the checkpoint names entry 150)");
}
both!(all_deleted);

async fn altered_and_rehashed(engine: Engine) {
    let l = log(engine).await;
    let original = entries(&l.db).await;
    for attacker in [None, Some(AuditKey::generate(0, GENESIS).0)] {
        let mut forged = original.clone();
        forged[59].details = serde_json::json!({ "i": "nothing to see" });
        rehash(&mut forged, 59, attacker.as_ref());
        rewrite(&l.url, 60, &forged[59..]).await;
        broken(&l.url, "entry 60 was altered");
    }
    // The app's own verification finds it too.
    let found = l.app.verify_audit(&Ctx::system()).await.unwrap();
    assert_eq!(format!("{found:?}"), "Broken(Altered { seq: 60 })");
}
both!(altered_and_rehashed);

async fn deleted_renumbered_and_rehashed(engine: Engine) {
    let l = log(engine).await;
    let mut forged = entries(&l.db).await;
    forged.remove(69);
    for e in forged.iter_mut().skip(69) {
        e.seq -= 1;
    }
    rehash(&mut forged, 69, None);
    rewrite(&l.url, 70, &forged[69..]).await;
    broken(&l.url, "entry 70 was altered");
}
both!(deleted_renumbered_and_rehashed);

async fn forged_entry_appended(engine: Engine) {
    let l = log(engine).await;
    let all = entries(&l.db).await;
    let last = all.last().unwrap();
    let details = serde_json::json!({ "forged": true });
    let mut forged = AuditEntry { seq: ENTRIES + 1, prev_hash: last.hash.clone(), details, ..last.clone() };
    for attacker in [None, Some(AuditKey::generate(0, GENESIS).0)] {
        forged.hash = match &attacker {
            Some(k) => k.entry_hash(forged.seq, &record(&forged), &last.hash),
            None => chain_hash(forged.seq, &record(&forged), &last.hash),
        };
        rewrite(&l.url, ENTRIES + 1, std::slice::from_ref(&forged)).await;
        broken(&l.url, "entry 151 was altered");
    }
}
both!(forged_entry_appended);

async fn two_entries_swapped(engine: Engine) {
    let l = log(engine).await;
    let all = entries(&l.db).await;
    // Their contents swapped, each keeping its place and hashes...
    let mut swapped = all[29..31].to_vec();
    swapped[0] =
        AuditEntry { seq: 30, prev_hash: all[29].prev_hash.clone(), hash: all[29].hash.clone(), ..all[30].clone() };
    swapped[1] =
        AuditEntry { seq: 31, prev_hash: all[30].prev_hash.clone(), hash: all[30].hash.clone(), ..all[29].clone() };
    let mut rest = swapped.clone();
    rest.extend(all[31..].iter().cloned());
    rewrite(&l.url, 30, &rest).await;
    broken(&l.url, "entry 30 was altered");
    // ...or whole rows swapped, hashes and all.
    let mut rows = vec![AuditEntry { seq: 30, ..all[30].clone() }, AuditEntry { seq: 31, ..all[29].clone() }];
    rows.extend(all[31..].iter().cloned());
    rewrite(&l.url, 30, &rows).await;
    broken(&l.url, "entry 30 does not follow the entry before it");
}
both!(two_entries_swapped);

async fn checkpoint_deleted_or_forged(engine: Engine) {
    let l = log(engine).await;
    let path = seal_files(&l.url).checkpoint_file;
    let good = std::fs::read_to_string(&path).unwrap();
    let (seq, rest) = good.trim().split_once(':').unwrap();
    assert_eq!(seq, ENTRIES.to_string(), "the checkpoint names the last entry");
    std::fs::remove_file(&path).unwrap();
    broken(&l.url, "the checkpoint file is missing (the log has keyed entries)");
    let hash = rest.split(':').next().unwrap();
    std::fs::write(&path, format!("{seq}:{hash}:{}\n", "0".repeat(64))).unwrap();
    broken(&l.url, "the checkpoint was not signed with the audit key (its MAC is invalid)");
    std::fs::write(&path, "not a checkpoint\n").unwrap();
    broken(&l.url, "the checkpoint file does not hold a checkpoint");
    // A forged checkpoint is left for verify to find: later appends do not overwrite it.
    std::fs::write(&path, format!("{seq}:{hash}:{}\n", "0".repeat(64))).unwrap();
    append(&l.app, 3).await;
    broken(&l.url, "the checkpoint was not signed with the audit key (its MAC is invalid)");
    std::fs::write(&path, &good).unwrap();
    assert_eq!(verify(&l.url, &[]), (0, "audit log intact: 153 entries".to_string()));
}
both!(checkpoint_deleted_or_forged);

/// The log cut and then grown again by the app: the checkpoint does not
/// follow the new entries, so the cut stays visible.
async fn cut_and_regrown(engine: Engine) {
    let l = log(engine).await;
    cut_from(&l.url, 141).await;
    append(&l.app, 20).await;
    broken(&l.url, "entry 150 was replaced (its hash is not the one the checkpoint names)");
}
both!(cut_and_regrown);

mod anchor;
mod cost;
mod legacy;
