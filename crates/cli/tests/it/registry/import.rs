//! `satuatap people import|generate` and `demo --people`, on both engines.

use std::path::Path;
use std::process::{Command, Stdio};

use satuatap_core::access::Ctx;
use satuatap_core::paging::PageRequest;
use satuatap_core::registry::person::Sex;
use satuatap_core::repo::PersonFilter;
use satuatap_store::Engine;

use crate::both;
use crate::helpers::{binary, config_for, fresh_database};

pub(super) fn run(dir: &Path, url: &str, args: &[&str]) -> (i32, String, String) {
    let mut c = Command::new(binary());
    c.current_dir(dir).stdin(Stdio::null()).args(args).env("RUST_LOG", "error");
    for (key, _) in std::env::vars() {
        if key.starts_with("SATUATAP_") {
            c.env_remove(key);
        }
    }
    c.env("SATUATAP_DATABASE_URL", url);
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// People stored (not merged), and of them women, and audit entries of imports.
async fn counts(url: &str) -> (u64, u64, u64) {
    let db = satuatap::startup::open_database(url, &config_for(url)).await.unwrap();
    let app = satuatap::startup::app(&db);
    let ctx = Ctx::system();
    let all = app.people(&ctx, None, PersonFilter::default(), PageRequest::first(1)).await.unwrap().total;
    let women = PersonFilter { sex: Some(Sex::Female), ..Default::default() };
    let women = app.people(&ctx, None, women, PageRequest::first(1)).await.unwrap().total;
    let filter = satuatap_core::repo::AuditFilter {
        action: Some(satuatap_core::audit::AuditAction::Import),
        entity: Some(satuatap_core::audit::AuditEntity::Person),
        ..Default::default()
    };
    let imports = app.audit_log(&ctx, &filter, PageRequest::first(1)).await.unwrap().total;
    db.close().await;
    (all, women, imports)
}

const HEADER: &str = "full_name,sex,birth_date,nik,village_code,stage,destination,departure_date,recruitment_costs,earnings_amount,earnings_currency\n";

async fn people_from_a_csv_file(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (url, _keep) = fresh_database(engine).await;
    let (code, _, err) = run(dir.path(), &url, &["demo"]);
    assert_eq!(code, 0, "{err}");

    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}\
             Siti Rohmah,female,1991-04-02,3209154204910001,32.09.30.2001,abroad,HK,2022-05-01,recruitment_fee:12000000:IDR;medical_check:800000:IDR:2022-03-01,4630,HKD\n\
             Karsih,female,1990-01-01,3209153102900001,,,,,,,\n\
             Wartini,female,,,32.09.30.2001,returnee,SA,2015-01-01,fee=100,,\n\
             Rusmini,female,,,32.09.30.9999,prospective,,,,,\n\
             \"Nur Aeni\",female,1991-04-02,3209154204910001,,,,,,,\n"
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let org = ["--org", "DISNAKER-CRB"];

    // A dry run names every bad row by its line, in Indonesian.
    let (code, out, err) = run(dir.path(), &url, &[&["people", "import", path, "--dry-run"][..], &org].concat());
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("5 rows checked, 4 refused, nothing written"), "{out}");
    assert!(err.contains("line 3: NIK: tanggal lahir di dalam NIK tidak mungkin"), "{err}");
    assert!(err.contains("line 4: Biaya penempatan: “fee=100” bukan biaya"), "{err}");
    assert!(err.contains("line 5: Desa/kelurahan: wilayah “32.09.30.9999” tidak dikenal"), "{err}");
    assert!(err.contains("line 6: NIK: NIK ini sudah ada di baris sebelumnya"), "{err}");
    assert_eq!(counts(&url).await, (0, 0, 0));

    // All or nothing…
    let (code, _, err) = run(dir.path(), &url, &[&["people", "import", path, "--lang", "en"][..], &org].concat());
    assert_eq!(code, 1);
    assert!(err.contains("line 3: NIK: the birth date inside the NIK is impossible"), "{err}");
    assert!(err.contains("nothing imported: 4 of 5 rows refused"), "{err}");
    assert_eq!(counts(&url).await, (0, 0, 0));
    // …unless bad rows are skipped.
    let (code, out, err) = run(dir.path(), &url, &[&["people", "import", path, "--skip-bad-rows"][..], &org].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 people imported (1 with a migration episode), 4 rows refused"), "{out}");
    assert_eq!(counts(&url).await, (1, 1, 1));
    // The same NIK again is refused.
    let (code, _, err) = run(dir.path(), &url, &[&["people", "import", path, "--skip-bad-rows"][..], &org].concat());
    assert_eq!(code, 0);
    assert!(err.contains("line 2: NIK: NIK ini milik orang yang sudah terdaftar"), "{err}");
    assert_eq!(counts(&url).await.0, 1);

    // A generated file imports whole; an unknown column or organisation is refused up front.
    let generated = dir.path().join("generated.csv");
    let (code, _, err) =
        run(dir.path(), &url, &["people", "generate", generated.to_str().unwrap(), "--rows", "700", "--seed", "5"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(
        dir.path(),
        &url,
        &[&["people", "import", generated.to_str().unwrap()][..], &["--org", "DISNAKER-TA"]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("700 people imported"), "{out}");
    if engine == Engine::Postgres {
        // The planner's statistics of what was imported are gathered by the import itself.
        let analysed = crate::helpers::raw_query_strings(
            &url,
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL \
             AND relname IN ('people', 'person_name_keys', 'person_name_tokens') ORDER BY relname",
        )
        .await;
        assert_eq!(analysed, ["people", "person_name_keys", "person_name_tokens"]);
    }
    let (all, women, imports) = counts(&url).await;
    assert_eq!((all, imports), (701, 2), "an import that wrote nothing leaves no entry");
    assert!((560..=630).contains(&women), "about 85% women: {women} of 700");
    std::fs::write(&file, "full_name,sex,shoe_size\nX,female,42\n").unwrap();
    let (code, _, err) = run(dir.path(), &url, &[&["people", "import", path][..], &org].concat());
    assert_eq!(code, 1);
    assert!(err.contains("unknown column shoe_size"), "{err}");
    let (code, _, err) =
        run(dir.path(), &url, &["people", "import", generated.to_str().unwrap(), "--org", "NO-SUCH-ORG"]);
    assert_eq!(code, 1);
    assert!(err.contains("organisation_code"), "{err}");

    // Sealing keys: a new key line; re-sealing creates the default key file if missing.
    let (code, out, _) = run(dir.path(), &url, &["keys", "new", "--id", "k9"]);
    assert_eq!(code, 0);
    assert!(satuatap_core::sealing::Keyring::parse(&out).is_ok() && out.starts_with("k9 "), "{out}");
    let data = dir.path().join("data");
    let mut c = Command::new(binary());
    c.current_dir(dir.path()).args(["keys", "reseal"]).env("SATUATAP_DATABASE_URL", &url).env("RUST_LOG", "error");
    c.env("SATUATAP_DATA_DIR", &data);
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 texts re-sealed"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("case-keys")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the key file is readable by its owner only");
    }

    // The demo generator adds people to an existing demo.
    let (code, out, err) = run(dir.path(), &url, &["demo", "--people", "400", "--seed", "9"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("400 synthetic people added"), "{out}");
    // 400 synthetic people; in each of the four districts eight registered by the first village and
    // four by each of the eight others; the women the unions organised (629); in Tulungagung the 40
    // candidates of its competency tests.
    assert_eq!(counts(&url).await.0, 1101 + 4 * 8 + 4 * 8 * 4 + 629 + 40);
    // …and with them, in each district, cases at every stage, some late, one closure awaiting approval.
    let q = |sql: &'static str| crate::helpers::raw_query_strings(&url, sql);
    assert_eq!(q("SELECT CAST(COUNT(*) AS TEXT) FROM cases").await, ["40"]);
    assert_eq!(q("SELECT CAST(COUNT(DISTINCT stage) AS TEXT) FROM cases").await, ["5"]);
    assert_eq!(q("SELECT CAST(COUNT(*) AS TEXT) FROM cases WHERE restricted").await, ["12"]);
    assert_eq!(q("SELECT CAST(COUNT(*) AS TEXT) FROM case_approvals WHERE status = 'pending'").await, ["4"]);
    assert_eq!(q("SELECT CAST(COUNT(*) AS TEXT) FROM case_tasks WHERE done_at IS NULL").await, ["32"]);
    // …and a year in the 36 villages: 26 regulations, 629 women organised, a roster of six each.
    assert_eq!(q("SELECT CAST(COUNT(*) AS TEXT) FROM regulations").await, ["26"]);
    assert_eq!(q("SELECT CAST(COUNT(*) AS TEXT) FROM memberships").await, ["629"]);
    assert_eq!(q("SELECT CAST(COUNT(DISTINCT village_code) AS TEXT) FROM task_force_members").await, ["36"]);
    // The benchmark generator adds village activities through the services.
    let before = q("SELECT CAST(COUNT(*) AS TEXT) FROM activities").await;
    let (code, out, err) = run(dir.path(), &url, &["demo", "--community", "40"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("40 synthetic village activities added"), "{out}");
    let after = q("SELECT CAST(COUNT(*) AS TEXT) FROM activities").await;
    let n = |v: &[String]| v[0].parse::<i64>().unwrap();
    assert_eq!(n(&after) - n(&before), 40);
}
both!(people_from_a_csv_file);

/// Rows written but not committed (a refused row later in the file, or a
/// failure) leave nothing: neither the people nor their search keys, which
/// PostgreSQL writes through a second connection; committed, both are there
/// and the people are found by name.
async fn an_import_that_is_not_committed_leaves_no_trace(engine: Engine) {
    use satuatap_core::registry::import::ImportRow;
    use satuatap_core::registry::person::NewPerson;
    let t = crate::helpers::spawn_demo(engine).await;
    let rows = || {
        (0..40)
            .map(|i| ImportRow {
                line: i + 2,
                person: NewPerson {
                    full_name: format!(
                        "Sumarni Binti Warsad {}",
                        ["Kusnadi", "Darsono", "Tarmiji", "Sukarta"][i as usize % 4]
                    ),
                    sex: "female".into(),
                    village_code: Some("32.09.30.2001".into()),
                    estimated_age: Some(20 + i as i64),
                    ..Default::default()
                },
                ..Default::default()
            })
            .collect::<Vec<_>>()
    };
    let rows_of = |table: &'static str| {
        let url = t.db_url.clone();
        async move {
            let sql = match table {
                "people" => "SELECT CAST(COUNT(*) AS TEXT) FROM people WHERE full_name LIKE 'Sumarni Binti%'",
                "tokens" => "SELECT CAST(COUNT(*) AS TEXT) FROM person_name_tokens WHERE token = 'sumarni'",
                _ => "SELECT CAST(COUNT(*) AS TEXT) FROM person_name_keys WHERE key = 't:sumarni'",
            };
            crate::helpers::raw_query_strings(&url, sql).await
        }
    };
    let mut importer = t.app.importer(&Ctx::system(), "DISNAKER-CRB").await.unwrap();
    let (records, refused) = importer.check(rows()).await.unwrap();
    assert!(refused.is_empty(), "{refused:?}");
    importer.write(records).await.unwrap();
    drop(importer);
    for table in ["people", "tokens", "keys"] {
        assert_eq!(rows_of(table).await, ["0"], "{table} after a rolled-back import");
    }

    let mut importer = t.app.importer(&Ctx::system(), "DISNAKER-CRB").await.unwrap();
    let (records, _) = importer.check(rows()).await.unwrap();
    importer.write(records).await.unwrap();
    importer.commit("test").await.unwrap();
    for table in ["people", "tokens", "keys"] {
        assert_eq!(rows_of(table).await, ["40"], "{table} after a committed import");
    }
    let desk = crate::helpers::api_token(&t, "cirebon.desk").await;
    let r = t.client.get(t.url("/api/v1/people?q=sumarni+darsono")).bearer_auth(&desk).send().await.unwrap();
    let found: serde_json::Value = r.json().await.unwrap();
    assert_eq!(found["total"], 10, "{found}");
}
both!(an_import_that_is_not_committed_leaves_no_trace);
