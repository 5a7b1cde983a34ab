//! The `satuatap` binary: commands, exit codes and messages.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use satuatap_store::Engine;

use crate::both;
use crate::helpers::{binary, fresh_database};

/// The binary with none of the developer's SATUATAP_* settings.
fn satuatap(dir: &Path) -> Command {
    let mut c = Command::new(binary());
    c.current_dir(dir).stdin(Stdio::null());
    for (key, _) in std::env::vars() {
        if key.starts_with("SATUATAP_") {
            c.env_remove(key);
        }
    }
    c.env("RUST_LOG", "warn");
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let Output { status, stdout, stderr } = c.output().unwrap();
    (status.code().unwrap_or(-1), String::from_utf8_lossy(&stdout).into(), String::from_utf8_lossy(&stderr).into())
}

#[test]
fn malformed_configuration_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(satuatap(dir.path()).args(["migrate"]).env("SATUATAP_BIND", "not-an-address"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("SATUATAP_BIND"), "{err}");
    assert_eq!(err.lines().count(), 1, "one clear message: {err}");
    let (code, _, err) =
        run(satuatap(dir.path()).args(["migrate"]).env("SATUATAP_DATABASE_URL", "mysql://root@localhost/x"));
    assert_eq!(code, 2);
    assert!(err.contains("database_url") && err.contains("not supported"), "{err}");
    let (code, _, err) = run(satuatap(dir.path()).args(["migrate"]).env("SATUATAP_DB_MAX_CONNECTIONS", "many"));
    assert_eq!(code, 2);
    assert!(err.contains("SATUATAP_DB_MAX_CONNECTIONS"), "{err}");
    std::fs::write(dir.path().join("satuatap.toml"), "bnd = \"127.0.0.1:1\"\n").unwrap();
    let (code, _, err) = run(satuatap(dir.path()).args(["migrate"]));
    assert_eq!(code, 2);
    assert!(err.contains("bnd"), "{err}");
    let (code, _, err) = run(satuatap(dir.path()).args(["--config", "missing.toml", "migrate"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing.toml"), "{err}");
    assert!(!dir.path().join("data").exists(), "nothing written");
}

#[test]
fn unreachable_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(satuatap(dir.path())
        .args(["migrate"])
        .env("SATUATAP_DATABASE_URL", "postgres://satuatap:secret@127.0.0.1:1/nowhere"));
    assert_eq!(code, 1);
    assert!(err.contains("cannot open the database PostgreSQL 127.0.0.1:1/nowhere"), "{err}");
    assert!(!err.contains("secret"), "password shown: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unknown_area_code_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("areas");
    write_area_files(&areas, false);
    let (code, _, err) = run(satuatap(dir.path()).args(["areas", "import"]).arg(&areas).args(["--only", "99.99"]));
    assert_eq!(code, 1);
    assert!(err.contains("unknown area code 99.99"), "{err}");
    assert!(!dir.path().join("data").exists(), "nothing written");
    let (code, _, err) = run(satuatap(dir.path()).args(["areas", "import", "no-such-dir"]));
    assert_eq!(code, 1);
    assert!(err.contains("no-such-dir/provinces.csv"), "{err}");
}

#[test]
fn demo_refuses_a_non_loopback_address() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(satuatap(dir.path()).args(["serve", "--demo"]).env("SATUATAP_BIND", "0.0.0.0:0"));
    assert_eq!(code, 1);
    assert!(err.contains("loopback"), "{err}");
    assert!(!dir.path().join("data").exists());
}

/// `idn-area-data`-style files: two provinces, Cirebon, two kecamatan, villages.
fn write_area_files(dir: &Path, broken: bool) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("provinces.csv"), "code,name\n32,Jawa Barat\n35,Jawa Timur\n").unwrap();
    std::fs::write(
        dir.join("regencies.csv"),
        "code,province_code,name\n32.09,32,Kabupaten Cirebon\n35.05,35,Kabupaten Blitar\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("districts.csv"),
        "code,regency_code,name\n32.09.15,32.09,Sumber\n35.05.10,35.05,Kanigoro\n",
    )
    .unwrap();
    let villages = if broken {
        "code,district_code,name\n32.09.15.1004,32.09.15,Sumber\n32.09.15.104,32.09.15,Broken\n35.05.10.1008,35.05.11,Kanigoro\n"
    } else {
        "code,district_code,name\n32.09.15.1004,32.09.15,Sumber\n35.05.10.1008,35.05.10,Kanigoro\n"
    };
    std::fs::write(dir.join("villages.csv"), villages).unwrap();
}

async fn area_count(url: &str) -> u64 {
    let db = satuatap::startup::open_database(url, &crate::helpers::config_for(url)).await.unwrap();
    let app = satuatap::startup::app(&db);
    let n = app.areas(&Default::default(), satuatap_core::paging::PageRequest::first(1)).await.unwrap().total;
    db.close().await;
    n
}

async fn migrate_import_and_demo(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (url, _keep) = fresh_database(engine).await;
    let cmd = |args: &[&str]| {
        let mut c = satuatap(dir.path());
        c.args(args).env("SATUATAP_DATABASE_URL", &url);
        c
    };
    let (code, out, err) = run(&mut cmd(&["migrate"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("up to date"));

    let areas = dir.path().join("areas");
    write_area_files(&areas, true);
    let (code, _, err) = run(&mut cmd(&["areas", "import", areas.to_str().unwrap()]));
    assert_eq!(code, 1);
    assert!(err.contains("nothing imported: 2 invalid rows"), "{err}");
    assert!(err.contains("villages.csv:3: code invalid_area_code 32.09.15.104"), "{err}");
    assert!(err.contains("villages.csv:4: parent_code parent_mismatch 35.05.11"), "{err}");
    assert_eq!(area_count(&url).await, 0, "nothing written");

    write_area_files(&areas, false);
    let (code, out, err) = run(&mut cmd(&["areas", "import", areas.to_str().unwrap(), "--only", "32.09"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 rows read"), "{out}");
    assert_eq!(area_count(&url).await, 4);

    let (code, out, err) = run(&mut cmd(&["demo"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("131 organisations, 40 offices, 38 users, 126 services"), "{out}");
    let (code, _, err) = run(&mut cmd(&["demo"]));
    assert_eq!(code, 1);
    assert!(err.contains("empty database"), "{err}");
}
both!(migrate_import_and_demo);

#[test]
fn serve_without_configuration_uses_an_sqlite_file_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = satuatap(dir.path())
        .args(["serve"])
        .env("SATUATAP_BIND", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let started = Instant::now();
    reader.read_line(&mut line).unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let body = reqwest::blocking_get(&format!("{url}readyz"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(body.contains("\"database\":\"sqlite\""), "{body}");
    assert!(dir.path().join("data/satuatap.db").exists());
}

mod reqwest {
    /// A tiny blocking GET for a test that runs outside a runtime.
    pub fn blocking_get(url: &str) -> String {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async { ::reqwest::get(url).await.unwrap().text().await.unwrap() })
    }
}

async fn users_and_audit_from_the_command_line(engine: Engine) {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (url, _keep) = fresh_database(engine).await;
    let cmd = |args: &[&str]| {
        let mut c = satuatap(dir.path());
        c.args(args).env("SATUATAP_DATABASE_URL", &url);
        c
    };
    assert_eq!(run(&mut cmd(&["demo"])).0, 0);
    let mut child = cmd(&["user", "create", "--username", "cirebon.cw", "--org", "SBMI-CRB", "--role", "case_worker"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a-long-secret-pass\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("user cirebon.cw created in SBMI-CRB"));

    let mut bad = cmd(&["user", "create", "--username", "x", "--org", "SBMI-CRB", "--role", "wizard"]);
    bad.stdin(Stdio::null());
    let (code, _, err) = run(&mut bad);
    assert_eq!(code, 1);
    assert!(err.contains("username: invalid_username") && err.contains("roles: unknown_code value=wizard"), "{err}");

    let (code, out, err) = run(&mut cmd(&["user", "disable", "cirebon.cw"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("disabled"));
    let (code, _, err) = run(&mut cmd(&["user", "disable", "nobody.at.all"]));
    assert_eq!(code, 1);
    assert!(err.contains("not found"), "{err}");

    let (code, out, err) = run(&mut cmd(&["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("audit log intact: "), "{out}");
    let (disable, enable) = if engine == Engine::Sqlite {
        ("DROP TRIGGER audit_log_no_delete", "SELECT 1")
    } else {
        (
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update",
        )
    };
    crate::helpers::raw_sql(&url, &[disable, "DELETE FROM audit_log WHERE seq = 5", enable]).await.unwrap();
    let (code, _, err) = run(&mut cmd(&["audit", "verify"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim(), "error: audit log broken: entry 5 is missing (next entry is 6)");
}
both!(users_and_audit_from_the_command_line);
