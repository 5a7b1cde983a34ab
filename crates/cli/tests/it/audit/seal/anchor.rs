//! The checkpoint outside the machine: `audit checkpoint`, `audit verify
//! --anchor`, the checkpoint in the log of `serve`, and appends from two
//! processes at once.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use satuatap_core::access::Ctx;
use satuatap_core::Verification;
use satuatap_store::Engine;

use super::{append, broken, cut_from, log, satuatap, verify, ENTRIES};
use crate::both;
use crate::helpers::{fresh_database, seal_files, spawn_app};

/// `satuatap audit checkpoint [ARGS]`: the line it prints.
fn checkpoint(url: &str, args: &[&str]) -> String {
    let out = satuatap(url).args(["audit", "checkpoint"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

async fn anchor_finds_a_rollback_of_database_and_checkpoint(engine: Engine) {
    let l = log(engine).await;
    let path = seal_files(&l.url).checkpoint_file;
    let older = std::fs::read(&path).unwrap();
    append(&l.app, 30).await;
    let anchor = checkpoint(&l.url, &[]);
    assert_eq!(anchor, std::fs::read_to_string(&path).unwrap().trim(), "the checkpoint file's line");
    assert!(anchor.starts_with("180:"), "{anchor}");
    assert_eq!(verify(&l.url, &["--anchor", &anchor]), (0, "audit log intact: 180 entries".to_string()));

    // The database and the checkpoint file rolled back together to entry 150: consistent...
    cut_from(&l.url, ENTRIES + 1).await;
    std::fs::write(&path, older).unwrap();
    assert_eq!(verify(&l.url, &[]), (0, "audit log intact: 150 entries".to_string()));
    // ...but not with the checkpoint kept elsewhere, with or without its MAC.
    let missing = "entries 151 to 180 are missing from the end (the anchor names entry 180; the log ends at entry 150)";
    assert_eq!(verify(&l.url, &["--anchor", &anchor]), (1, format!("error: audit log broken: {missing}")));
    let (seq_hash, mac) = anchor.rsplit_once(':').unwrap();
    assert_eq!(verify(&l.url, &["--anchor", seq_hash]), (1, format!("error: audit log broken: {missing}")));
    let forged = format!("{seq_hash}:{}", mac.chars().rev().collect::<String>());
    assert_eq!(
        verify(&l.url, &["--anchor", &forged]),
        (1, "error: audit log broken: the anchor was not signed with the audit key (its MAC is invalid)".to_string())
    );
    let (code, message) = verify(&l.url, &["--anchor", "180:nonsense"]);
    assert_eq!(code, 2, "a usage error: {message}");

    // The app checks an anchor too; and the log, rolled back and regrown, no longer matches it.
    let a = anchor.parse().unwrap();
    let found = l.app.verify_audit_against(&Ctx::system(), Some(&a)).await.unwrap();
    assert!(matches!(found, Verification::Broken(_)), "{found:?}");
    append(&l.app, 40).await;
    broken_with_anchor(&l.url, &anchor, "entry 180 was replaced (its hash is not the one the anchor names)");
}
both!(anchor_finds_a_rollback_of_database_and_checkpoint);

fn broken_with_anchor(url: &str, anchor: &str, why: &str) {
    assert_eq!(verify(url, &["--anchor", anchor]), (1, format!("error: audit log broken: {why}")));
}

/// After a restore from backup (or a power cut that left the checkpoint
/// ahead), `audit checkpoint --reset` signs the head the log has.
async fn reset_after_a_restore(engine: Engine) {
    let l = log(engine).await;
    cut_from(&l.url, 101).await;
    broken(
        &l.url,
        "entries 101 to 150 are missing from the end (the checkpoint names entry 150; the log ends at entry 100)",
    );
    let reset = checkpoint(&l.url, &["--reset"]);
    assert!(reset.starts_with("100:"), "{reset}");
    assert_eq!(checkpoint(&l.url, &[]), reset);
    assert_eq!(verify(&l.url, &[]), (0, "audit log intact: 100 entries".to_string()));
    append(&l.app, 5).await;
    assert!(checkpoint(&l.url, &[]).starts_with("105:"), "the checkpoint advances again");
}
both!(reset_after_a_restore);

/// The server appends (failed sign-ins) while another process (the command
/// line) loads the demo into the same database: the log stays intact and
/// the checkpoint names its last entry.
async fn two_processes_append_at_once(engine: Engine) {
    let t = spawn_app(engine).await;
    let url = t.db_url.clone();
    let demo = tokio::task::spawn_blocking(move || satuatap(&url).arg("demo").output().unwrap());
    for i in 0..40 {
        let r = t
            .client
            .post(t.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"username": format!("nobody.{i}"), "password": "wrong-password"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let out = demo.await.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (code, message) = verify(&t.db_url, &[]);
    assert_eq!(code, 0, "{message}");
    let entries: i64 = message.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(entries > 100, "{message}");
    assert!(checkpoint(&t.db_url, &[]).starts_with(&format!("{entries}:")), "the checkpoint names the last entry");
    assert!(matches!(t.app.verify_audit(&Ctx::system()).await.unwrap(), Verification::Intact { .. }));
}
both!(two_processes_append_at_once);

/// `serve` writes the checkpoint to its log at start and at shutdown when it
/// changed, never the key.
async fn serve_logs_the_checkpoint(engine: Engine) {
    let (url, _keep) = fresh_database(engine).await;
    let mut child = satuatap(&url)
        .arg("serve")
        .env("SATUATAP_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "audit_checkpoint=info,warn")
        .env("SATUATAP_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut ready).unwrap();
    let base = ready.trim().rsplit(' ').next().unwrap().trim_end_matches('/').to_string();
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "nobody", "password": "wrong-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let stopped = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let logged: Vec<String> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"] == "audit_checkpoint")
        .map(|v| format!("{}:{}:{}", v["seq"], v["hash"].as_str().unwrap(), v["mac"].as_str().unwrap()))
        .collect();
    // At start (the empty log), and at shutdown (after the failed sign-in).
    assert_eq!(logged.len(), 2, "{log}");
    assert!(logged[0].starts_with("0:"), "{log}");
    assert_eq!(logged[1], checkpoint(&url, &[]), "the checkpoint `audit verify --anchor` takes");
    let key_file = std::fs::read_to_string(seal_files(&url).key_file).unwrap();
    let key = key_file.lines().find_map(|l| l.strip_prefix("key ")).unwrap();
    assert!(!log.contains(key), "the key is never logged");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(seal_files(&url).key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the audit key file is readable by its owner only");
    }
}
both!(serve_logs_the_checkpoint);
