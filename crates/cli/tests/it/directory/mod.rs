//! The service directory: adding and editing services (who may, and bad
//! input), search by category and area, the Open Referral HSDS export
//! checked against the vendored schemas, the import into a fresh database
//! and the round trip, an invalid file refused with nothing written, and the
//! pages.

use std::path::Path;
use std::process::{Command, Stdio};

use satuatap::startup;
use satuatap_core::access::Ctx;
use satuatap_core::directory::hsds;
use satuatap_store::Engine;
use satuatap_web::i18n::{I18n, Lang};
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, binary, config_for, csrf_of, fresh_database, raw_query_strings, spawn_demo, TestApp};

fn new_service() -> Value {
    json!({
        "organisation_code": "SBMI-CRB",
        "name": "Pos pengaduan keliling",
        "description": "Paralegal SBMI menerima pengaduan di balai desa.",
        "categories": ["complaint_filing", "legal_aid"],
        "languages": ["id", "jv"],
        "free": true,
        "hours": [{ "days": ["wednesday", "monday"], "opens_at": "09:00", "closes_at": "12:00" }],
        "locations": [{
            "name": "Balai Desa Dompyong Kulon",
            "address": "Jl. Raya Dompyong Kulon",
            "area_code": "32.09.30.2001",
            "postal_code": "45655",
            "latitude": -6.83,
            "longitude": 108.71
        }],
        "contacts": [{ "label": "Pengaduan", "phone": "0812-3456-7890", "kind": "cell" }]
    })
}

async fn send(t: &TestApp, method: reqwest::Method, tok: &str, path: &str, body: &Value) -> (u16, Value) {
    let r = t.client.request(method, t.url(path)).bearer_auth(tok).json(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn error_fields(v: &Value) -> Vec<String> {
    v["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

async fn creating_and_editing_a_service(engine: Engine) {
    let t = spawn_demo(engine).await;
    let coord = api_token(&t, "cirebon.coord").await;
    let desk = api_token(&t, "cirebon.desk").await;
    let other = api_token(&t, "tulungagung.coord").await;
    let post = reqwest::Method::POST;
    let put = reqwest::Method::PUT;

    // Only a coordinator of the district (or an administrator) may add one.
    let (s, _) = send(&t, post.clone(), &desk, "/api/v1/directory/services", &new_service()).await;
    assert_eq!(s, 403, "front desk");
    let (s, _) = send(&t, post.clone(), &other, "/api/v1/directory/services", &new_service()).await;
    assert_eq!(s, 403, "coordinator of another district");
    let r = t.client.post(t.url("/api/v1/directory/services")).json(&new_service()).send().await.unwrap();
    assert_eq!(r.status(), 401, "anonymous");

    let (s, v) = send(&t, post.clone(), &coord, "/api/v1/directory/services", &new_service()).await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["organisation"]["code"], "SBMI-CRB");
    assert_eq!(v["area_code"], "32.09", "the organisation's area by default");
    assert_eq!(v["status"], "active");
    assert_eq!(v["categories"], json!(["complaint_filing", "legal_aid"]));
    assert_eq!(v["hours"][0]["days"], json!(["monday", "wednesday"]));
    assert_eq!(v["locations"][0]["area_name"], "Dompyong Kulon");
    assert_eq!(v["contacts"][0]["phone"], "081234567890");
    let location_id = v["locations"][0]["id"].as_str().unwrap().to_string();

    // Bad input: every field named.
    let mut bad = new_service();
    bad["categories"] = json!([]);
    bad["hours"][0]["closes_at"] = json!("08:00");
    bad["url"] = json!("sbmi");
    let (s, v) = send(&t, post.clone(), &coord, "/api/v1/directory/services", &bad).await;
    assert_eq!(s, 422);
    assert_eq!(v["error"]["field"], "categories");
    assert_eq!(error_fields(&v), ["categories", "url", "hours[0].closes_at"]);
    let mut bad = new_service();
    bad["organisation_code"] = json!("NO-SUCH-ORG");
    let (s, v) = send(&t, post.clone(), &coord, "/api/v1/directory/services", &bad).await;
    assert_eq!((s, v["error"]["field"].as_str()), (422, Some("organisation_code")));
    let mut bad = new_service();
    bad["locations"][0]["area_code"] = json!("32.09.99.9999");
    let (s, v) = send(&t, post.clone(), &coord, "/api/v1/directory/services", &bad).await;
    assert_eq!((s, v["error"]["field"].as_str()), (422, Some("locations[0].area_code")));
    assert_eq!(v["error"]["code"], "unknown_area");

    // Editing: the place is kept by id, the rest replaced.
    let mut edit = new_service();
    edit["name"] = json!("Pos pengaduan keliling SBMI");
    edit["status"] = json!("temporarily_closed");
    edit["locations"] = json!([]);
    edit["location_ids"] = json!([location_id]);
    let path = format!("/api/v1/directory/services/{id}");
    let (s, _) = send(&t, put.clone(), &other, &path, &edit).await;
    assert_eq!(s, 403, "coordinator of another district");
    let (s, _) = send(&t, put.clone(), &desk, &path, &edit).await;
    assert_eq!(s, 403, "front desk");
    let (s, v) = send(&t, put.clone(), &coord, &path, &edit).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["name"], "Pos pengaduan keliling SBMI");
    assert_eq!(v["status"], "temporarily_closed");
    assert_eq!(v["locations"][0]["id"], location_id.as_str());
    let mut bad = edit.clone();
    bad["hours"][0]["opens_at"] = json!("9 pagi");
    let (s, v) = send(&t, put.clone(), &coord, &path, &bad).await;
    assert_eq!((s, v["error"]["field"].as_str()), (422, Some("hours[0].opens_at")));
    let (s, v) = t.get_json(&path).await;
    assert_eq!(
        (s, v["name"].as_str()),
        (200, Some("Pos pengaduan keliling SBMI")),
        "public, and the bad edit wrote nothing"
    );
    let (s, _) = send(&t, put, &coord, &format!("/api/v1/directory/services/{}", uuid::Uuid::now_v7()), &edit).await;
    assert_eq!(s, 404);

    // Both changes are audited, in order, naming what changed.
    let actions = raw_query_strings(
        &t.db_url,
        &format!("SELECT action FROM audit_log WHERE entity = 'service' AND entity_id = '{id}' ORDER BY seq"),
    )
    .await;
    assert_eq!(actions, ["create", "update"]);
    let details = raw_query_strings(
        &t.db_url,
        &format!("SELECT details FROM audit_log WHERE entity = 'service' AND entity_id = '{id}' AND action = 'update'"),
    )
    .await;
    let details: Value = serde_json::from_str(&details[0]).unwrap();
    assert_eq!(details["changed"], json!(["name", "status"]), "the same place, kept by id, is no change");
}
both!(creating_and_editing_a_service);

async fn list(t: &TestApp, query: &str) -> Value {
    let (s, v) = t.get_json(&format!("/api/v1/directory/services?{query}")).await;
    assert_eq!(s, 200, "{query}: {v}");
    v
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|i| i[key].as_str().unwrap().to_string()).collect()
}

async fn search_by_category_and_area(engine: Engine) {
    let t = spawn_demo(engine).await;
    // One shelter per district; the district's own for Cirebon.
    let v = list(&t, "category=shelter").await;
    assert_eq!(v["total"], 4);
    let v = list(&t, "category=shelter&within=32.09").await;
    assert_eq!(names(&v, "organisation_name"), ["UPTD Perlindungan Perempuan dan Anak Kabupaten Cirebon"]);
    assert_eq!(v["items"][0]["categories"], json!(["shelter"]));
    assert_eq!(v["items"][0]["free"], true);

    // A district finds its province's services (above) and its villages' (below), nothing else.
    let v = list(&t, "group=protection&within=35.05&limit=500").await;
    let areas = names(&v, "area_code");
    assert!(areas.iter().all(|a| a == "35" || a == "35.05" || a.starts_with("35.05.")), "{areas:?}");
    assert!(names(&v, "organisation_name").contains(&"UPT BP3MI Jawa Timur".to_string()), "the province's BP3MI");
    assert!(names(&v, "organisation_name").contains(&"Unit PPA Polres Blitar".to_string()));
    for item in v["items"].as_array().unwrap() {
        let groups: Vec<&str> = item["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert!(
            groups.iter().any(|c| [
                "case_handling",
                "legal_aid",
                "informal_mediation",
                "complaint_filing",
                "shelter",
                "health_and_medical",
                "police_report",
                "repatriation_support"
            ]
            .contains(c)),
            "{groups:?}"
        );
    }
    let v = list(&t, "category=repatriation_support&within=35.05").await;
    assert_eq!(names(&v, "organisation_name"), ["UPT BP3MI Jawa Timur"]);
    let v = list(&t, "within=32.09.30.2001&category=safe_migration_information").await;
    let orgs = names(&v, "organisation_name");
    assert!(orgs.contains(&"Pemerintah Desa Dompyong Kulon".to_string()), "{orgs:?}");
    assert!(orgs.contains(&"Dinas Tenaga Kerja Kabupaten Cirebon".to_string()), "the district's, above: {orgs:?}");
    assert!(
        !orgs.iter().any(|o| o.starts_with("Pemerintah Desa") && o != "Pemerintah Desa Dompyong Kulon"),
        "{orgs:?}"
    );

    // Text, organisation, status and paging.
    let v = list(&t, "q=mediasi").await;
    assert_eq!(v["total"], 6, "one per union: {v}");
    let sbmi = t.get_json("/api/v1/organisations?q=SBMI-CRB").await.1["items"][0]["id"].as_str().unwrap().to_string();
    let v = list(&t, &format!("organisation_id={sbmi}")).await;
    assert_eq!(v["total"], 4);
    assert!(names(&v, "organisation_name").iter().all(|n| n.contains("SBMI") && n.contains("Cirebon")));
    let all = list(&t, "limit=5").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    assert_eq!(all["total"], 126);
    let second = list(&t, "limit=5&offset=5").await;
    assert_ne!(names(&all, "id"), names(&second, "id"));
    assert_eq!(list(&t, "status=temporarily_closed").await["total"], 0);

    let (s, v) = t.get_json("/api/v1/directory/services?category=spa").await;
    assert_eq!((s, v["error"]["field"].as_str()), (422, Some("category")));
    let (s, _) = t.get_json("/api/v1/directory/services?within=32.9").await;
    assert_eq!(s, 422);

    // The detail: organisation, area, locations and phone lines.
    let v = list(&t, "category=shelter&within=32.09").await;
    let (s, d) = t.get_json(&format!("/api/v1/directory/services/{}", v["items"][0]["id"].as_str().unwrap())).await;
    assert_eq!(s, 200);
    assert_eq!(d["organisation"]["code"], "UPTD-PPA-CRB");
    assert_eq!(d["area"]["name"], "Kabupaten Cirebon");
    assert_eq!(d["locations"][0]["area_code"], "32.09.15");
    assert_eq!(d["contacts"][0]["phone"], "0231321234");
    assert_eq!(d["hours"][0]["days"].as_array().unwrap().len(), 7);
    let (s, _) = t.get_json(&format!("/api/v1/directory/services/{}", uuid::Uuid::now_v7())).await;
    assert_eq!(s, 404);
}
both!(search_by_category_and_area);

async fn export(t: &TestApp, lang: &str) -> Value {
    let r = t.get_with_lang("/api/v1/directory/hsds", lang).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn organisations(doc: &Value) -> &Vec<Value> {
    doc["organizations"].as_array().unwrap()
}

fn services(doc: &Value) -> Vec<&Value> {
    organisations(doc).iter().flat_map(|o| o["services"].as_array().unwrap()).collect()
}

async fn the_hsds_export_of_the_demo_follows_the_schemas(engine: Engine) {
    let t = spawn_demo(engine).await;
    let doc = export(&t, "id").await;
    assert_eq!(hsds::validate(&doc), Ok(()), "every organization, service and service_at_location");

    // The whole directory is there.
    let orgs = t.get_json("/api/v1/organisations?limit=1").await.1["total"].as_u64().unwrap();
    assert_eq!(organisations(&doc).len() as u64, orgs);
    assert_eq!(services(&doc).len(), 126);
    let locations: Vec<&str> = organisations(&doc)
        .iter()
        .flat_map(|o| o["locations"].as_array().unwrap())
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    for s in services(&doc) {
        let places = s["service_at_locations"].as_array().unwrap();
        assert!(!places.is_empty(), "{}", s["name"]);
        for p in places {
            assert!(locations.contains(&p["location_id"].as_str().unwrap()), "location of {}", s["name"]);
        }
        assert!(!s["attributes"].as_array().unwrap().is_empty());
        assert!(!s["schedules"].as_array().unwrap().is_empty());
    }
    let terms = doc["taxonomy_terms"].as_array().unwrap();
    assert_eq!(terms.len(), 37, "5 groups and 32 categories");
    let shelter = terms.iter().find(|t| t["code"] == "shelter").unwrap();
    assert_eq!(shelter["id"], json!(satuatap_core::directory::model::ServiceCategory::Shelter.term_id()));
    assert_eq!(shelter["name"], "Rumah aman");
    let sbmi =
        organisations(&doc).iter().find(|o| o["name"].as_str().unwrap().contains("(SBMI) Kabupaten Cirebon")).unwrap();
    let ids: Vec<(&str, &str)> = sbmi["organization_identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["identifier_type"].as_str().unwrap(), i["identifier"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [("satuatap_code", "SBMI-CRB"), ("satuatap_kind", "trade_union"), ("kemendagri_area_code", "32.09")]
    );

    // The check is real: a missing required field, or a value outside HSDS's list, is named.
    let (i, _) =
        organisations(&doc).iter().enumerate().find(|(_, o)| !o["services"].as_array().unwrap().is_empty()).unwrap();
    let mut broken = doc.clone();
    broken["organizations"][i]["services"][0].as_object_mut().unwrap().remove("name");
    broken["organizations"][i]["services"][0]["service_at_locations"][0].as_object_mut().unwrap().remove("id");
    broken["organizations"][0].as_object_mut().unwrap().remove("description");
    let errors = hsds::validate(&broken).unwrap_err();
    let fields: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
    for want in [
        "/organizations/0".to_string(),
        format!("/organizations/{i}/services/0"),
        format!("/organizations/{i}/services/0/service_at_locations/0"),
    ] {
        assert!(fields.contains(&want), "{want} in {fields:?}");
    }
    let mut broken = doc.clone();
    broken["organizations"][i]["services"][0]["status"] = json!("temporarily_closed");
    let errors = hsds::validate(&broken).unwrap_err();
    assert_eq!(errors[0].field, format!("/organizations/{i}/services/0/status"));

    // Labels follow the language; the same directory gives the same document.
    let en = export(&t, "en").await;
    assert_eq!(hsds::validate(&en), Ok(()));
    assert_eq!(
        en["taxonomy_terms"].as_array().unwrap().iter().find(|t| t["code"] == "shelter").unwrap()["name"],
        "Shelter"
    );
    assert_eq!(export(&t, "id").await, doc);
}
both!(the_hsds_export_of_the_demo_follows_the_schemas);

/// The binary with none of the developer's SATUATAP_* settings, on `url`.
fn satuatap(dir: &Path, url: &str) -> Command {
    let mut c = Command::new(binary());
    c.current_dir(dir).stdin(Stdio::null());
    for (key, _) in std::env::vars() {
        if key.starts_with("SATUATAP_") {
            c.env_remove(key);
        }
    }
    c.env("RUST_LOG", "warn").env("SATUATAP_DATABASE_URL", url);
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A fresh database with the pilot areas and nothing else.
async fn areas_only(engine: Engine) -> (String, Option<tempfile::TempDir>, satuatap_core::App) {
    let (url, dir) = fresh_database(engine).await;
    let db = startup::open_database(&url, &config_for(&url)).await.unwrap();
    let app = startup::app(&db);
    app.import_areas(&Ctx::system(), satuatap::area_files::pilot().unwrap()).await.unwrap();
    (url, dir, app)
}

async fn count(url: &str, table: &str) -> String {
    raw_query_strings(url, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}")).await.remove(0)
}

async fn an_export_imported_into_a_fresh_database_gives_the_same_export(engine: Engine) {
    let t = spawn_demo(engine).await;
    let doc = export(&t, "id").await;
    let (url, _keep, app) = areas_only(engine).await;
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("directory.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let (code, out, err) = run(satuatap(work.path(), &url).args(["directory", "import"]).arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("131 organisations (131 new), 56 locations, 126 services"), "{out}");
    let i18n = I18n::load().unwrap();
    let again = satuatap::directory_import::export(&app, &i18n, Lang::Id).await.unwrap();
    assert_eq!(again, doc, "the round trip gives the same document");

    // Importing it again changes nothing (upsert by id), and each import is one audit entry.
    let (code, out, err) = run(satuatap(work.path(), &url).args(["directory", "import"]).arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("131 organisations (0 new)"), "{out}");
    assert_eq!(satuatap::directory_import::export(&app, &i18n, Lang::Id).await.unwrap(), doc);
    let audits = raw_query_strings(
        &url,
        "SELECT details FROM audit_log WHERE entity = 'directory' AND action = 'import' ORDER BY seq",
    )
    .await;
    assert_eq!(audits.len(), 2);
    let details: Value = serde_json::from_str(&audits[0]).unwrap();
    assert_eq!(details, json!({"organisations": 131, "new_organisations": 131, "locations": 56, "services": 126}));

    // The imported directory works like the original: search, detail, the CLI export.
    let shelters = app
        .services(
            &satuatap_core::directory::model::ServiceFilter {
                category: Some(satuatap_core::directory::model::ServiceCategory::Shelter),
                ..Default::default()
            },
            satuatap_core::paging::PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(shelters.total, 4);
    let original = t.app.service(shelters.items[0].id).await.unwrap();
    let imported = app.service(shelters.items[0].id).await.unwrap();
    let without_times = |d: &satuatap_core::directory::model::ServiceDetail| {
        let mut v = serde_json::to_value(d).unwrap();
        let obj = v.as_object_mut().unwrap();
        // Not in HSDS; `last_modified` keeps the time to the second.
        obj.remove("created_at");
        obj.remove("updated_at");
        v
    };
    assert_eq!(without_times(&imported), without_times(&original));
    let out_file = work.path().join("again.json");
    let (code, _, err) = run(satuatap(work.path(), &url).args(["directory", "export"]).arg(&out_file));
    assert_eq!(code, 0, "{err}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(written, doc);
}
both!(an_export_imported_into_a_fresh_database_gives_the_same_export);

async fn an_invalid_file_is_refused_with_nothing_written(engine: Engine) {
    let t = spawn_demo(engine).await;
    let doc = export(&t, "id").await;
    let (url, _keep, _app) = areas_only(engine).await;
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("directory.json");
    let (i, _) =
        organisations(&doc).iter().enumerate().find(|(_, o)| !o["locations"].as_array().unwrap().is_empty()).unwrap();

    // Against the schemas: a service without its status, a bad id.
    let mut broken = doc.clone();
    broken["organizations"][i]["services"][0].as_object_mut().unwrap().remove("status");
    broken["organizations"][i + 1]["id"] = json!("not-a-uuid");
    std::fs::write(&file, broken.to_string()).unwrap();
    let (code, _, err) = run(satuatap(work.path(), &url).args(["directory", "import", "--lang", "en"]).arg(&file));
    assert_eq!(code, 1);
    assert!(err.contains("nothing imported"), "{err}");
    assert!(
        err.contains(&format!("/organizations/{i}/services/0: does not follow HSDS")) && err.contains("\"status\""),
        "{err}"
    );
    assert!(err.contains(&format!("/organizations/{}/id", i + 1)), "{err}");

    // Valid HSDS, but not for us: an unknown area, a location without our area code.
    let mut broken = doc.clone();
    broken["organizations"][i]["locations"][0]["external_identifier"] = json!("99.99");
    broken["organizations"][i + 1]["organization_identifiers"] = json!([]);
    assert_eq!(hsds::validate(&broken), Ok(()));
    std::fs::write(&file, broken.to_string()).unwrap();
    let (code, _, err) = run(satuatap(work.path(), &url).args(["directory", "import"]).arg(&file));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("/organizations/{i}/locations/0/external_identifier")) && err.contains("99.99"),
        "{err}"
    );
    assert!(err.contains(&format!("/organizations/{}/organization_identifiers", i + 1)), "{err}");
    assert!(err.contains("satuatap_code"), "{err}");

    std::fs::write(&file, "{\"organizations\": [").unwrap();
    let (code, _, err) = run(satuatap(work.path(), &url).args(["directory", "import"]).arg(&file));
    assert_eq!(code, 1);
    assert!(err.contains("is not JSON"), "{err}");

    for table in ["organisations", "services", "locations", "service_locations", "service_contacts"] {
        assert_eq!(count(&url, table).await, "0", "{table}: nothing written");
    }
    assert!(raw_query_strings(&url, "SELECT action FROM audit_log WHERE entity = 'directory'").await.is_empty());
}
both!(an_invalid_file_is_refused_with_nothing_written);

async fn sign_in(t: &TestApp, username: &str) -> String {
    let html = t.get("/sign-in").await.text().await.unwrap();
    let r = t
        .client
        .post(t.url("/sign-in"))
        .form(&[("username", username), ("password", "demo-password"), ("csrf", &csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    csrf_of(&t.get("/directory").await.text().await.unwrap())
}

async fn first_id(t: &TestApp, query: &str) -> String {
    list(t, query).await["items"][0]["id"].as_str().unwrap().to_string()
}

async fn the_directory_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    // Browse and filter, signed in or not.
    let html = t.get("/directory").await.text().await.unwrap();
    assert!(html.contains("<h1>Direktori layanan</h1>"));
    assert!(html.contains("href=\"/directory\" aria-current=\"page\""), "in the navigation");
    assert!(html.contains("rel=\"next\""), "paged");
    assert!(!html.contains("/directory/services/new"), "no add button for visitors");
    let html = t.get("/directory?category=shelter&within=32.09").await.text().await.unwrap();
    assert_eq!(html.matches("data-service=").count(), 1);
    assert!(html.contains("UPTD Perlindungan Perempuan dan Anak Kabupaten Cirebon"));
    assert!(!html.contains("Kabupaten Blitar</a>"));
    let html = t.get("/directory?category=protection&within=35.05").await.text().await.unwrap();
    assert!(html.contains("Laporan polisi") && html.contains("UPT BP3MI Jawa Timur"), "a whole group");
    assert!(!html.contains("Penerbitan SKCK"), "administrative services left out");
    let html = t.get_in("/directory?category=shelter", "en").await.text().await.unwrap();
    assert!(html.contains("Service directory") && html.contains(">Shelter</span>"));
    let r = t.get("/directory?category=spa").await;
    assert_eq!(r.status(), 422);

    // A service page: organisation, where and when, how to reach it.
    let id = first_id(&t, "category=police_report&within=32.09").await;
    let html = t.get(&format!("/directory/services/{id}")).await.text().await.unwrap();
    assert!(html.contains("Unit PPA Polresta Cirebon"));
    assert!(html.contains("Jl. R. Dewi Sartika, Sumber"));
    assert!(html.contains("Senin, Selasa, Rabu, Kamis, Jumat, Sabtu, Minggu") && html.contains("00:00–23:59"));
    assert!(html.contains("href=\"tel:0231320110\""));
    assert!(html.contains("Bahasa Indonesia, Bahasa Jawa, Bahasa Sunda"));
    assert!(!html.contains("/edit\""), "no edit button for visitors");
    let r = t.get(&format!("/directory/services/{id}/edit")).await;
    assert_eq!(r.status(), 303, "sent to sign in");
    assert_eq!(t.get(&format!("/directory/services/{}", uuid::Uuid::now_v7())).await.status(), 404);

    // The coordinator edits a service of the district through the form.
    let csrf = sign_in(&t, "cirebon.coord").await;
    let html = t.get(&format!("/directory/services/{id}")).await.text().await.unwrap();
    assert!(html.contains(&format!("href=\"/directory/services/{id}/edit\"")));
    let r = t.get(&format!("/directory/services/{id}/edit")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"Laporan polisi kekerasan terhadap perempuan dan anak, dan perdagangan orang\""));
    assert!(html.contains("value=\"police_report\" checked"));
    assert!(html.contains("value=\"Polresta Cirebon\""));
    let location_id = list(&t, "category=police_report&within=32.09").await;
    let detail =
        t.get_json(&format!("/api/v1/directory/services/{}", location_id["items"][0]["id"].as_str().unwrap())).await.1;
    let location_id = detail["locations"][0]["id"].as_str().unwrap().to_string();
    let form = |name: &str, categories: &[&str]| {
        let mut f: Vec<(String, String)> = vec![
            ("csrf".into(), csrf.clone()),
            ("organisation_code".into(), "PPA-POLRESTA-CRB".into()),
            ("name".into(), name.into()),
            ("status".into(), "active".into()),
            ("languages".into(), "id".into()),
            ("languages".into(), "su".into()),
            ("free".into(), "true".into()),
            ("hours_days_0".into(), "monday".into()),
            ("hours_days_0".into(), "friday".into()),
            ("opens_at".into(), "08:00".into()),
            ("closes_at".into(), "20:00".into()),
            ("hours_note".into(), "".into()),
            ("location_id".into(), location_id.clone()),
            ("location_name".into(), "Polresta Cirebon".into()),
            ("location_address".into(), "Jl. R. Dewi Sartika No. 1, Sumber".into()),
            ("location_area_code".into(), "32.09.15".into()),
            ("location_postal_code".into(), "45611".into()),
            ("location_latitude".into(), "-6,7572".into()),
            ("location_longitude".into(), "108.4821".into()),
            ("location_id".into(), "".into()),
            ("location_name".into(), "".into()),
            ("location_address".into(), "".into()),
            ("location_area_code".into(), "".into()),
            ("location_postal_code".into(), "".into()),
            ("location_latitude".into(), "".into()),
            ("location_longitude".into(), "".into()),
            ("contact_label".into(), "Unit PPA".into()),
            ("contact_phone".into(), "0231 320110".into()),
            ("contact_kind".into(), "voice".into()),
        ];
        f.extend(categories.iter().map(|c| ("categories".to_string(), c.to_string())));
        f
    };
    let edit = format!("/directory/services/{id}/edit");
    let r = t.client.post(t.url(&edit)).form(&form("Laporan polisi (Unit PPA)", &[])).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Kategori: wajib diisi"), "the field named");
    assert!(html.contains("value=\"Laporan polisi (Unit PPA)\""), "what was typed is kept");
    let r = t
        .client
        .post(t.url(&edit))
        .form(&form("Laporan polisi (Unit PPA)", &["police_report", "case_handling"]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert_eq!(r.headers()["location"], format!("/directory/services/{id}"));
    let (_, v) = t.get_json(&format!("/api/v1/directory/services/{id}")).await;
    assert_eq!(v["name"], "Laporan polisi (Unit PPA)");
    assert_eq!(v["categories"], json!(["police_report", "case_handling"]));
    assert_eq!(v["hours"][0]["days"], json!(["monday", "friday"]));
    assert_eq!(v["locations"][0]["id"], location_id.as_str());
    assert_eq!(v["locations"][0]["address"], "Jl. R. Dewi Sartika No. 1, Sumber");
    assert_eq!(v["locations"][0]["latitude"], -6.7572);
    assert_eq!(v["contacts"][0]["phone"], "0231320110");

    // Adding one through the form.
    let html = t.get("/directory/services/new?organisation=WCC-MAWAR-BALQIS").await.text().await.unwrap();
    assert!(html.contains("value=\"WCC-MAWAR-BALQIS\" selected"));
    assert!(!html.contains("value=\"SBMI-BLT\""), "only the district's organisations");
    let mut f = form("Kelompok dukungan purna pekerja migran", &["group_counselling"]);
    f[1].1 = "WCC-MAWAR-BALQIS".into();
    for field in &mut f[12..=18] {
        field.1 = String::new();
    }
    let r = t.client.post(t.url("/directory/services/new")).form(&f).send().await.unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let created = r.headers()["location"].to_str().unwrap().to_string();
    let html = t.get(&created).await.text().await.unwrap();
    assert!(html.contains("Kelompok dukungan purna pekerja migran") && html.contains("WCC Mawar Balqis"));

    // Not a service of the coordinator's district.
    let blitar = first_id(&t, "category=police_report&within=35.05").await;
    assert_eq!(t.get(&format!("/directory/services/{blitar}/edit")).await.status(), 403);
    let r = t
        .client
        .post(t.url(&format!("/directory/services/{blitar}/edit")))
        .form(&form("x", &["police_report"]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}
both!(the_directory_pages);
