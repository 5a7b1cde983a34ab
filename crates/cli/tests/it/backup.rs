//! `satuatap backup`, `restore` and the scheduled backups of `serve`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use satuatap::backup::{spawn_scheduled, Schedule};
use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::{binary, config_for, fresh_database, seal_env, seal_files, spawn_app, spawn_demo};

/// The binary with none of the developer's SATUATAP_* settings, on `url`
/// with its audit files.
pub(crate) fn satuatap(dir: &Path, url: &str) -> Command {
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

pub(crate) fn run(c: &mut Command) -> (i32, String, String) {
    let Output { status, stdout, stderr } = c.output().unwrap();
    (status.code().unwrap_or(-1), String::from_utf8_lossy(&stdout).into(), String::from_utf8_lossy(&stderr).into())
}

/// A key pair made by `satuatap backup keygen`: the identity file and the recipient.
fn keygen(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let out = dir.join(name);
    let (code, stdout, err) = run(satuatap(dir, "sqlite://unused.db").args(["backup", "keygen", "--out"]).arg(&out));
    assert_eq!(code, 0, "{err}");
    let recipient = stdout.trim().to_string();
    assert!(recipient.starts_with("age1"), "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600, "owner-only");
    }
    assert!(std::fs::read_to_string(&out).unwrap().contains("AGE-SECRET-KEY-1"));
    // Never over an existing file.
    assert_eq!(run(satuatap(dir, "sqlite://unused.db").args(["backup", "keygen", "--out"]).arg(&out)).0, 1);
    (out, recipient)
}

/// A target database of `engine` with the source's audit key beside it.
async fn target_with_key(engine: Engine, source_url: &str) -> (String, Option<tempfile::TempDir>) {
    let (url, keep) = fresh_database(engine).await;
    let to = seal_files(&url).key_file;
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(seal_files(source_url).key_file, &to).unwrap();
    (url, keep)
}

async fn people_count(url: &str) -> i64 {
    satuatap_store::backup::describe(url).await.unwrap().0["people"]
}

/// A backup taken while three clients register people restores into an
/// empty database of the same engine with every table's count as the
/// manifest says, and its audit log verifies; the file is encrypted; a
/// non-empty target and a wrong identity are refused.
async fn backup_under_load_restores_exactly(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let t = spawn_demo(engine).await;
    let (identity, recipient) = keygen(dir.path(), "backup-identity");

    // The write load: people registered through the API until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let mut load = Vec::new();
    for worker in 0..3 {
        let token = crate::helpers::api_token(&t, "cirebon.desk").await;
        let (client, base) = (t.client.clone(), t.base.clone());
        let (stop, written) = (stop.clone(), written.clone());
        load.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) && i < 400 {
                let body = json!({"full_name": format!("Muatan {worker} {i}"), "sex": "female", "estimated_age": 30});
                let r = client.post(format!("{base}/api/v1/people")).bearer_auth(&token).json(&body).send().await;
                if r.map(|r| r.status().as_u16() == 201).unwrap_or(false) {
                    written.fetch_add(1, Ordering::Relaxed);
                }
                i += 1;
            }
        }));
    }
    let wait_for = |n: usize| {
        let written = written.clone();
        async move {
            let started = Instant::now();
            while written.load(Ordering::Relaxed) < n {
                assert!(started.elapsed() < Duration::from_secs(60), "the load writes");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    wait_for(5).await;
    let file = dir.path().join("office.backup");
    let manifest = satuatap::backup::backup(&config_for(&t.db_url), &file, Some(&recipient)).await.unwrap();
    let after = written.load(Ordering::Relaxed);
    wait_for(after + 5).await;
    stop.store(true, Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }
    let engine_name = if engine == Engine::Sqlite { "sqlite" } else { "postgres" };
    assert_eq!(manifest.engine, engine_name);
    assert!(manifest.schema_version >= 56, "{}", manifest.schema_version);
    assert!(manifest.counts["people"] > 0 && manifest.audit_head.seq > 0);
    assert!(people_count(&t.db_url).await > manifest.counts["people"], "writes went on after the backup");
    assert!(manifest.counts.contains_key("audit_log") && manifest.counts.contains_key("_sqlx_migrations"));

    // Encrypted: no database header, no dump header, no name in it.
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    for plain in [&b"SQLite format 3"[..], b"PGDMP", b"manifest.json", b"Muatan"] {
        assert!(!bytes.windows(plain.len()).any(|w| w == plain), "{}", String::from_utf8_lossy(plain));
    }
    // No plaintext copy left beside it.
    let left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
    // Never over an existing file.
    let again = satuatap::backup::backup(&config_for(&t.db_url), &file, Some(&recipient)).await;
    assert!(again.err().unwrap().to_string().contains("exists"));

    // Into a new, empty database: counts as the manifest says, the log intact.
    let (target, _keep) = target_with_key(engine, &t.db_url).await;
    let (code, out, err) =
        run(satuatap(dir.path(), &target).arg("restore").arg(&file).arg("--identity").arg(&identity));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("as the manifest says") && out.contains("audit log intact"), "{out}");
    // An entry the backup caught pending (PostgreSQL: a write committed, its
    // entry not yet linked by the sequencer) is linked once the restored
    // database is opened, after the backup's head: nothing else differs.
    let pending = manifest.counts["audit_pending"];
    let mut linked = manifest.counts.clone();
    linked.insert("audit_pending".into(), 0);
    linked.insert("audit_log".into(), manifest.counts["audit_log"] + pending);
    let (counts, head, version) = satuatap_store::backup::describe(&target).await.unwrap();
    assert_eq!(counts, linked);
    assert_eq!((head.seq, version), (manifest.audit_head.seq + pending, manifest.schema_version));
    if pending == 0 {
        assert_eq!(head, manifest.audit_head);
    }
    let (code, out, err) = run(satuatap(dir.path(), &target).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("audit log intact: {} entries", linked["audit_log"])), "{out}");

    // Not into a database that holds anything.
    let (code, _, err) = run(satuatap(dir.path(), &target).arg("restore").arg(&file).arg("--identity").arg(&identity));
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
    let (code, _, err) =
        run(satuatap(dir.path(), &t.db_url).arg("restore").arg(&file).arg("--identity").arg(&identity));
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");

    // Not with another identity, and nothing is written.
    let (other, _) = keygen(dir.path(), "other-identity");
    let (empty, _keep_empty) = target_with_key(engine, &t.db_url).await;
    let (code, _, err) = run(satuatap(dir.path(), &empty).arg("restore").arg(&file).arg("--identity").arg(&other));
    assert_eq!(code, 1);
    assert!(err.contains("wrong identity"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    if let Some(path) = empty.strip_prefix("sqlite://") {
        assert!(!Path::new(path).exists(), "nothing written");
    } else {
        let tables = crate::helpers::raw_query_strings(
            &empty,
            "SELECT CAST(COUNT(*) AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema()",
        )
        .await;
        assert_eq!(tables, ["0"], "nothing written");
    }
    // Not a backup at all.
    let (code, _, err) =
        run(satuatap(dir.path(), &empty).arg("restore").arg(&identity).arg("--identity").arg(&identity));
    assert_eq!(code, 1);
    assert!(err.contains("not a Satu Atap backup"), "{err}");
}
both!(backup_under_load_restores_exactly);

/// Without a recipient, no backup; the message says how to make one.
#[tokio::test]
async fn a_backup_needs_a_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(satuatap(dir.path(), "sqlite://data/x.db").args(["backup", "x.backup"]));
    assert_eq!(code, 1);
    assert!(err.contains("--recipient") && err.contains("backup keygen"), "{err}");
    let (code, _, err) =
        run(satuatap(dir.path(), "sqlite://data/x.db").args(["backup", "x.backup", "--recipient", "age1nope"]));
    assert_eq!(code, 1);
    assert!(err.contains("age1"), "{err}");
    let recipient = age::x25519::Identity::generate().to_public().to_string();
    let (code, _, err) =
        run(satuatap(dir.path(), "sqlite://data/x.db").args(["backup", "x.backup", "--recipient", &recipient]));
    assert_eq!(code, 1);
    assert!(err.contains("no database at data/x.db"), "{err}");
    assert!(!dir.path().join("x.backup").exists() && !dir.path().join("data").exists(), "nothing written");
}

/// The schedule of `serve` writes backups into its directory, keeps the
/// newest `keep` and leaves no plaintext behind.
async fn scheduled_backups_keep_the_newest(engine: Engine) {
    let t = spawn_app(engine).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README"), "not a backup").unwrap();
    let identity = age::x25519::Identity::generate();
    let schedule =
        Schedule { dir: dir.path().into(), recipient: identity.to_public(), every: Duration::from_secs(1), keep: 2 };
    let task = spawn_scheduled(t.db.clone(), t.db_url.clone(), schedule);
    let names = || -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".backup") && !n.starts_with('.'))
            .collect();
        n.sort();
        n
    };
    let mut seen = BTreeSet::new();
    let started = Instant::now();
    while seen.len() < 4 {
        assert!(started.elapsed() < Duration::from_secs(60), "backups every second: {seen:?}");
        let now = names();
        assert!(now.len() <= 3, "at most keep + the one being written: {now:?}");
        seen.extend(now);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    task.abort();
    let started = Instant::now();
    loop {
        let all: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        if all.iter().all(|n| !n.starts_with('.')) && names().len() <= 2 {
            assert!(all.contains(&"README".to_string()), "other files left alone");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the newest two and no temporary file: {all:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let kept = names();
    let newest: Vec<&String> = seen.iter().rev().take(kept.len()).collect();
    assert_eq!(kept.iter().rev().collect::<Vec<_>>(), newest, "the newest are kept");
    // Each opens with the identity.
    let file = std::fs::File::open(dir.path().join(kept.last().unwrap())).unwrap();
    let decryptor = age::Decryptor::new(std::io::BufReader::new(file)).unwrap();
    let mut tar = tar::Archive::new(decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).unwrap());
    let members: Vec<String> =
        tar.entries().unwrap().map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned()).collect();
    let db = if engine == Engine::Sqlite { "database.sqlite" } else { "database.pgdump" };
    assert_eq!(members, ["manifest.json", db]);
}
both!(scheduled_backups_keep_the_newest);

/// `serve` with `backup_dir` and `backup_recipient` takes its first backup at
/// start (the directory holds none yet).
#[test]
fn serve_backs_up_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let recipient = age::x25519::Identity::generate().to_public().to_string();
    let mut child = satuatap(dir.path(), "sqlite://data/satuatap.db")
        .arg("serve")
        .env("SATUATAP_BIND", "127.0.0.1:0")
        .env("SATUATAP_BACKUP_DIR", "backups")
        .env("SATUATAP_BACKUP_RECIPIENT", &recipient)
        .env("SATUATAP_BACKUP_KEEP", "3")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let found = loop {
        let names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
            .map(|d| d.map(|e| e.unwrap().file_name().into_string().unwrap()).collect())
            .unwrap_or_default();
        if let Some(n) = names.into_iter().find(|n| n.starts_with("satuatap-") && n.ends_with(".backup")) {
            break Some(n);
        }
        if started.elapsed() > Duration::from_secs(60) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = child.kill();
    let _ = child.wait();
    let name = found.expect("a backup within a minute of the start");
    let bytes = std::fs::read(dir.path().join("backups").join(name)).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
}
