//! Onboarding a fifth district, Kabupaten Indramayu (32.12), as the README
//! tells it: its areas from the Kemendagri files, then through the API its
//! district government and a union, the LTSA-MRC office with its desks, a
//! coordinator and a front desk of its own; the front desk signs in and
//! registers a person who is queued at the new office. And the same steps
//! from the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use satuatap_core::access::Ctx;
use satuatap_store::Engine;
use serde_json::json;

use super::{call, mark, written_since};
use crate::both;
use crate::helpers::{api_token, binary, fresh_database, raw_query_strings, spawn_demo};

/// The extract of Indramayu's areas (from idn-area-data, like the pilot's).
fn indramayu_areas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/areas/indramayu")
}

async fn a_fifth_district_end_to_end(engine: Engine) {
    let t = spawn_demo(engine).await;
    // Areas: the regency is not there until its files are imported.
    let admin = api_token(&t, "admin").await;
    let org = json!({"code": "DISNAKER-IDM", "name": "Dinas Tenaga Kerja Kabupaten Indramayu",
                     "kind": "district_government", "area_code": "32.12", "address": "Jl. Jend. Sudirman, Indramayu"});
    let (s, e) = call(&t, &admin, "POST", "/api/v1/organisations", org.clone()).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("area_code")), "{e}");
    let rows = satuatap::area_files::read_dir(&indramayu_areas(), &[]).unwrap();
    t.app.import_areas(&Ctx::system(), rows).await.unwrap();

    // Organisations, the office and its desks.
    let (s, gov) = call(&t, &admin, "POST", "/api/v1/organisations", org).await;
    assert_eq!(s, 201, "{gov}");
    for (code, name, kind) in [
        ("SBMI-IDM", "SBMI Indramayu", "trade_union"),
        ("DUKCAPIL-IDM", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Indramayu", "district_government"),
    ] {
        let body = json!({"code": code, "name": name, "kind": kind, "area_code": "32.12", "parent_code": ""});
        assert_eq!(call(&t, &admin, "POST", "/api/v1/organisations", body).await.0, 201, "{code}");
    }
    let body = json!({"code": "LTSA-MRC-IDM", "name": "LTSA-MRC Kabupaten Indramayu", "kind": "ltsa_mrc_office",
                      "area_code": "32.12.01.2008", "organisation_code": "DISNAKER-IDM",
                      "address": "Jl. Jend. Sudirman, Haurgeulis", "phone": "0234 272 000"});
    let (s, office) = call(&t, &admin, "POST", "/api/v1/offices", body).await;
    assert_eq!(s, 201, "{office}");
    let office_id = office["id"].as_str().unwrap().to_string();
    for desk in ["SBMI-IDM", "DUKCAPIL-IDM"] {
        let (s, o) = call(
            &t,
            &admin,
            "POST",
            &format!("/api/v1/offices/{office_id}/members"),
            json!({"organisation_code": desk}),
        )
        .await;
        assert_eq!(s, 200, "{o}");
    }
    let (_, office) = t.get_json(&format!("/api/v1/offices/{office_id}")).await;
    assert_eq!(office["members"].as_array().unwrap().len(), 3, "{office}");
    let (_, listed) = t.get_json("/api/v1/offices?within=32.12").await;
    assert_eq!(listed["total"], 1);

    // Its people: a coordinator and a front desk, made as `satuatap user create` makes them
    // (nobody grants what they do not hold, and the national administrator holds no
    // coordinator's or front desk's permissions).
    for (username, role) in [("indramayu.coord", "district_coordinator"), ("indramayu.desk", "front_desk")] {
        let input = satuatap_core::identity::users::NewUser {
            username: username.into(),
            display_name: None,
            organisation_code: "DISNAKER-IDM".into(),
            roles: vec![role.into()],
            home_area_code: None,
            password: "demo-password".into(),
        };
        t.app.create_user(&Ctx::system(), &input).await.unwrap();
    }
    // The new coordinator manages her district and no other.
    let coord = api_token(&t, "indramayu.coord").await;
    let body = json!({"code": "WCC-IDM", "name": "Women's Crisis Centre Indramayu", "kind": "crisis_centre",
                      "area_code": "32.12"});
    assert_eq!(call(&t, &coord, "POST", "/api/v1/organisations", body).await.0, 201);
    let body = json!({"code": "WCC-X", "name": "Elsewhere", "kind": "ngo", "area_code": "32.09"});
    assert_eq!(call(&t, &coord, "POST", "/api/v1/organisations", body).await.0, 403);
    // The directory and the pathways of the district are hers to fill.
    let service = json!({"organisation_code": "SBMI-IDM", "name": "Pendampingan hukum PMI",
                         "categories": ["legal_aid"], "area_code": "32.12"});
    let (s, sv) = call(&t, &coord, "POST", "/api/v1/directory/services", service).await;
    assert_eq!(s, 201, "{sv}");
    let (s, _) = call(&t, &coord, "GET", "/api/v1/districts/32.12/pathways", json!(null)).await;
    assert_eq!(s, 200);

    // The front desk signs in and registers a person at the new office.
    let desk = t.as_user("indramayu.desk").await;
    let person = desk.register_person("Siti Rahayu").await;
    let since = mark(&t).await;
    let (s, visit) = desk
        .post(
            &format!("/api/v1/people/{person}/visits"),
            json!({"office_code": "LTSA-MRC-IDM", "channel": "walk_in", "desks": ["SBMI-IDM"], "purpose": "paspor"}),
        )
        .await;
    assert_eq!(s, 201, "{visit}");
    assert!(!written_since(&t, since).await.is_empty(), "the visit is audited");
    let (s, queue) = desk.get(&format!("/api/v1/offices/{office_id}/queue")).await;
    assert_eq!(s, 200, "{queue}");
    assert!(queue.to_string().contains("Siti Rahayu"), "{queue}");
    // The office's page offers her the queue and the district's pathways.
    let b = t.in_browser("indramayu.desk").await;
    let (_, html) = b.page(&format!("/offices/{office_id}")).await;
    assert!(html.contains(&format!("/offices/{office_id}/queue")) && html.contains("/districts/32.12/pathways"));
}
both!(a_fifth_district_end_to_end);

fn satuatap(dir: &Path, url: &str, args: &[&str]) -> (i32, String, String) {
    let mut c = Command::new(binary());
    c.current_dir(dir).stdin(Stdio::null());
    for (key, _) in std::env::vars() {
        if key.starts_with("SATUATAP_") {
            c.env_remove(key);
        }
    }
    c.env("RUST_LOG", "warn").env("SATUATAP_DATABASE_URL", url).args(args);
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

async fn onboarding_from_the_command_line(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (url, _keep) = fresh_database(engine).await;
    let run = |args: &[&str]| satuatap(dir.path(), &url, args);
    let areas = indramayu_areas();
    let (code, out, err) = run(&["areas", "import", areas.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("areas imported"), "{out}");

    let (code, out, err) = run(&[
        "organisations",
        "create",
        "--code",
        "DISNAKER-IDM",
        "--name",
        "Dinas Tenaga Kerja Kabupaten Indramayu",
        "--kind",
        "district_government",
        "--area",
        "32.12",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("organisation DISNAKER-IDM created"), "{out}");
    let (code, _, err) = run(&[
        "organisations",
        "create",
        "--code",
        "DISNAKER-IDM",
        "--name",
        "Again",
        "--kind",
        "district_government",
        "--area",
        "32.12",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("duplicate_code"), "{err}");
    let (code, _, err) =
        run(&["organisations", "create", "--code", "X", "--name", "Y", "--kind", "bank", "--area", "32.12"]);
    assert_eq!(code, 1);
    assert!(err.contains("code: invalid_code") && err.contains("kind: unknown_code"), "{err}");
    let (code, out, err) = run(&[
        "organisations",
        "create",
        "--code",
        "SBMI-IDM",
        "--name",
        "SBMI Indramayu",
        "--kind",
        "trade_union",
        "--area",
        "32.12",
        "--phone",
        "0812 3456 7890",
    ]);
    assert_eq!(code, 0, "{err}{out}");
    let (code, out, err) = run(&["organisations", "edit", "sbmi-idm", "--name", "SBMI DPC Indramayu", "--phone", ""]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SBMI DPC Indramayu"), "{out}");

    let (code, out, err) = run(&[
        "offices",
        "create",
        "--code",
        "LTSA-MRC-IDM",
        "--name",
        "LTSA-MRC Kabupaten Indramayu",
        "--area",
        "32.12.01.2008",
        "--org",
        "DISNAKER-IDM",
        "--address",
        "Jl. Jend. Sudirman, Haurgeulis",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("office LTSA-MRC-IDM created"), "{out}");
    let (code, out, err) = run(&["offices", "add-member", "LTSA-MRC-IDM", "SBMI-IDM"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SBMI-IDM serves under the roof of LTSA-MRC-IDM"), "{out}");
    let (code, _, err) = run(&["offices", "remove-member", "LTSA-MRC-IDM", "DISNAKER-IDM"]);
    assert_eq!(code, 1);
    assert!(err.contains("operator_member"), "{err}");
    let (code, _, err) = run(&["offices", "edit", "LTSA-MRC-IDM", "--phone", "0234 272 000"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["offices", "edit", "NO-SUCH-OFFICE", "--phone", "0234 272 000"]);
    assert_eq!(code, 1);
    assert!(err.contains("not found"), "{err}");

    // Every change audited as the system: no user behind any of them.
    let entries = raw_query_strings(
        &url,
        "SELECT action || ' ' || entity || ' ' || actor_name FROM audit_log \
         WHERE entity IN ('organisation', 'office') ORDER BY seq",
    )
    .await;
    let shapes: Vec<String> =
        entries.iter().map(|e| e.rsplit_once(' ').map(|(a, _)| a.to_string()).unwrap_or_default()).collect();
    assert_eq!(
        shapes,
        [
            "create organisation",
            "create organisation",
            "update organisation",
            "create office",
            "add_member office",
            "add_member office",
            "update office"
        ]
    );
    let actors = raw_query_strings(
        &url,
        "SELECT DISTINCT actor_name FROM audit_log WHERE entity IN ('organisation', 'office') AND actor_id IS NULL",
    )
    .await;
    assert_eq!(actors.len(), 1, "{actors:?}");
}
both!(onboarding_from_the_command_line);
