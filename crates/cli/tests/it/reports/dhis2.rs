//! DHIS2: the administrators' mapping, and a period exported through it as
//! a dataValueSets document and as ADX, from the API, the page and the
//! command line; suppressed figures and zeros left out, exports audited.

use std::process::{Command, Stdio};

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, binary, spawn_demo, TestApp};

const ADX_NS: &str = "urn:ihe:qrph:adx:2015";

async fn visit(t: &TestApp, name: &str, sex: &str) {
    let user = t.as_user("cirebon.desk").await;
    let (s, p) = user.post("/api/v1/people", json!({"full_name": name, "sex": sex, "estimated_age": 30})).await;
    assert_eq!(s, 201, "{p}");
    let (s, v) = user
        .post(
            &format!("/api/v1/people/{}/visits", p["id"].as_str().unwrap()),
            json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": []}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
}

/// The export as the API sends it: status, content type, body.
async fn export(t: &TestApp, user: &str, query: &str) -> (u16, String, String) {
    let token = api_token(t, user).await;
    let r = t.client.get(t.url(&format!("/api/v1/reports/dhis2?{query}"))).bearer_auth(token).send().await.unwrap();
    let status = r.status().as_u16();
    let mime = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, mime, r.text().await.unwrap())
}

fn mapping() -> Value {
    let e = |indicator: &str, dis: &str, de: &str, coc: &str, adx: &str, zero: bool| {
        json!({"indicator": indicator, "disaggregation": dis, "data_element": de,
               "category_option_combo": coc, "adx_categories": adx, "store_zero": zero})
    };
    json!({
        "data_set": "LTSA_MRC_MONTHLY",
        "org_units": [{"district": "32.09", "org_unit": "OU_CRB"}, {"district": "35.04", "org_unit": "OU_TA"}],
        "elements": [
            e("people_served", "", "PMI_SERVED", "", "", false),
            e("people_served", "sex=female", "PMI_SERVED", "F", "SEX=F", false),
            e("people_served", "sex=male", "PMI_SERVED", "M", "SEX=M", false),
            e("visits", "channel=walk_in", "VISITS", "WALK_IN", "CHANNEL=WALK_IN", false),
            e("hotline_contacts", "", "HOTLINE", "default", "", true),
        ]
    })
}

/// (dataElement, categoryOptionCombo or ADX categories, value) of a document.
fn json_values(doc: &Value, unit: &str) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = doc["dataValues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["orgUnit"] == unit)
        .map(|v| {
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys.len(), 5, "{v}");
            for k in ["dataElement", "period", "orgUnit", "categoryOptionCombo", "value"] {
                assert!(v[k].is_string(), "{k} is a string: {v}");
            }
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (s("dataElement"), s("categoryOptionCombo"), s("value"))
        })
        .collect();
    out.sort();
    out
}

fn adx_values(xml: &str, month: &str) -> Vec<(String, String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let root = doc.root_element();
    assert_eq!((root.tag_name().namespace(), root.tag_name().name()), (Some(ADX_NS), "adx"), "{xml}");
    let exported = root.attribute("exported").unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(exported).is_ok(), "{exported}");
    let mut out = Vec::new();
    for g in root.children().filter(|n| n.is_element()) {
        assert_eq!((g.tag_name().namespace(), g.tag_name().name()), (Some(ADX_NS), "group"));
        let period = format!("{}-{}-01/P1M", &month[..4], &month[4..]);
        assert_eq!(g.attribute("period"), Some(period.as_str()), "an ISO 8601 interval");
        assert_eq!(g.attribute("dataSet"), Some("LTSA_MRC_MONTHLY"));
        assert!(g.attribute("completeDate").is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()));
        let unit = g.attribute("orgUnit").unwrap().to_string();
        for v in g.children().filter(|n| n.is_element()) {
            assert_eq!(v.tag_name().name(), "dataValue");
            let cats: Vec<String> = v
                .attributes()
                .filter(|a| a.name() != "dataElement" && a.name() != "value")
                .map(|a| format!("{}={}", a.name(), a.value()))
                .collect();
            let value = v.attribute("value").unwrap();
            assert!(value.parse::<f64>().is_ok(), "{value}");
            out.push((
                unit.clone(),
                v.attribute("dataElement").unwrap().to_string(),
                cats.join(";"),
                value.to_string(),
            ));
        }
    }
    out.sort();
    out
}

async fn dhis2_exports_through_the_mapping(engine: Engine) {
    let t = spawn_demo(engine).await;
    // The local month (the programme's days are Western Indonesia's).
    let month = (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y%m").to_string();
    let me = t.as_user("me.officer").await;
    let (s, e) = me.get(&format!("/api/v1/reports/dhis2?period={month}")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("dhis2_not_configured")), "{e}");

    // The mapping: refused whole, with every line named; then kept.
    let admin = t.as_user("admin").await;
    let mut bad = mapping();
    bad["org_units"][1]["org_unit"] = json!("OU TA!");
    bad["elements"][3]["disaggregation"] = json!("platform=tiktok");
    bad["elements"][4]["indicator"] = json!("sdg_10_7_1");
    let (s, e) = admin.put("/api/v1/reports/dhis2/mapping", bad).await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<(&str, &str)> = e["error"]["fields"]
        .as_array()
        .map(|a| a.iter().map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect())
        .unwrap_or_default();
    for want in [
        ("org_units[1].org_unit", "invalid_dhis2_code"),
        ("elements[3].disaggregation", "not_a_dimension"),
        ("elements[4].indicator", "unknown_code"),
    ] {
        assert!(fields.contains(&want) || e["error"]["field"] == want.0, "{want:?}: {e}");
    }
    let mut nowhere = mapping();
    nowhere["org_units"][1]["district"] = json!("99.99");
    let (s, e) = admin.put("/api/v1/reports/dhis2/mapping", nowhere).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_district")), "{e}");
    let (s, _) = t.as_user("cirebon.coord").await.put("/api/v1/reports/dhis2/mapping", mapping()).await;
    assert_eq!(s, 403, "administrators keep the mapping");
    let (s, kept) = admin.put("/api/v1/reports/dhis2/mapping", mapping()).await;
    assert_eq!(s, 200, "{kept}");
    let (s, read) = me.get("/api/v1/reports/dhis2/mapping").await;
    assert_eq!((s, read["elements"].as_array().map(Vec::len)), (200, Some(5)), "{read}");
    assert_eq!(read["elements"][0]["category_option_combo"], "default", "{read}");

    // Six women and two men come to Cirebon's office this month.
    for i in 0..6 {
        visit(&t, &format!("Dhis Perempuan {i}"), "female").await;
    }
    for i in 0..2 {
        visit(&t, &format!("Dhis Laki {i}"), "male").await;
    }

    // dataValueSets for Cirebon: the total is sent; two men are too few, and the
    // women with them (or the men would be the total less the women); zero
    // hotline contacts are sent because the element stores zeros.
    let (s, mime, body) = export(&t, "me.officer", &format!("period={month}&district=32.09")).await;
    assert_eq!((s, mime.as_str()), (200, "application/json"), "{body}");
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["dataSet"], "LTSA_MRC_MONTHLY");
    assert_eq!(doc["period"], month.as_str());
    assert_eq!(doc["orgUnit"], "OU_CRB");
    assert_eq!(doc["idScheme"], "CODE");
    assert!(chrono::NaiveDate::parse_from_str(doc["completeDate"].as_str().unwrap(), "%Y-%m-%d").is_ok(), "{doc}");
    let want: Vec<(String, String, String)> =
        [("HOTLINE", "default", "0"), ("PMI_SERVED", "default", "8"), ("VISITS", "WALK_IN", "8")]
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
    assert_eq!(json_values(&doc, "OU_CRB"), want, "{doc}");

    // ADX for every mapped district: one group each; Tulungagung sends only its stored zero.
    let (s, mime, xml) = export(&t, "me.officer", &format!("period={month}&format=adx")).await;
    assert_eq!((s, mime.as_str()), (200, "application/adx+xml"), "{xml}");
    let got = adx_values(&xml, &month);
    let row = |u: &str, de: &str, c: &str, v: &str| (u.to_string(), de.to_string(), c.to_string(), v.to_string());
    assert_eq!(
        got,
        vec![
            row("OU_CRB", "HOTLINE", "", "0"),
            row("OU_CRB", "PMI_SERVED", "", "8"),
            row("OU_CRB", "VISITS", "CHANNEL=WALK_IN", "8"),
            row("OU_TA", "HOTLINE", "", "0"),
        ],
        "{xml}"
    );

    // A coordinator sends her district only; a supervisor none; bad questions are field errors.
    let (s, _, body) = export(&t, "cirebon.coord", &format!("period={month}")).await;
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((s, doc["orgUnit"].as_str()), (200, Some("OU_CRB")), "{doc}");
    let (s, _, body) = export(&t, "cirebon.coord", &format!("period={month}&district=35.04")).await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("outside_your_area"), "{body}");
    let (s, _, _) = export(&t, "cirebon.wcc.sup", &format!("period={month}")).await;
    assert_eq!(s, 403);
    for (q, field) in [("period=2026Q5", "period"), (&format!("period={month}&format=pdf") as &str, "format")] {
        let (s, _, body) = export(&t, "me.officer", q).await;
        let e: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((s, e["error"]["field"].as_str()), (422, Some(field)), "{q}: {e}");
    }
    let (s, _, body) = export(&t, "me.officer", &format!("period={month}&district=32.01")).await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("not_mapped"), "{body}");

    // Every export is in the audit log, with its period and values.
    let (_, log) = admin.get("/api/v1/audit?action=export").await;
    let entries: Vec<&Value> =
        log["items"].as_array().unwrap().iter().filter(|e| e["details"]["dhis2"] == month.as_str()).collect();
    assert!(entries.len() >= 3, "{log}");
    assert!(entries.iter().any(|e| e["details"]["format"] == "adx" && e["details"]["rows"] == 4), "{log}");

    // The command line writes the same file.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dhis2.xml");
    let mut c = Command::new(binary());
    c.current_dir(dir.path()).stdin(Stdio::null()).env("RUST_LOG", "error");
    for (key, _) in std::env::vars() {
        if key.starts_with("SATUATAP_") {
            c.env_remove(key);
        }
    }
    c.env("SATUATAP_DATABASE_URL", &t.db_url);
    c.args(["report", "dhis2", "--period", &month, "--format", "adx", "--out", out.to_str().unwrap()]);
    let done = c.output().unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(adx_values(&std::fs::read_to_string(&out).unwrap(), &month), got);

    // The pages: the download form, a refused period typed back; the mapping as CSV.
    let b = t.in_browser("me.officer").await;
    let (s, page) = b.page("/reports/dhis2").await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"dhis2-export\"") && page.contains("OU_CRB"), "{page}");
    let (s, page) = b.page("/reports/dhis2/export?period=2026Q9&format=adx").await;
    assert_eq!(s, 422);
    assert!(page.contains("value=\"2026Q9\""), "{page}");
    let b = t.in_browser("admin").await;
    let (s, page) = b.page("/admin/dhis2").await;
    assert_eq!(s, 200);
    assert!(page.contains("32.09,OU_CRB") && page.contains("visits,channel=walk_in,VISITS"), "{page}");
    let (s, page) = b
        .post_form(
            "/admin/dhis2",
            &[("data_set", "LTSA"), ("org_units", "district,org_unit\n32.09,OU CRB\n"), ("elements", "")],
        )
        .await;
    assert_eq!(s, 422, "{page}");
    assert!(page.contains("32.09,OU CRB"), "what was typed comes back: {page}");
}
both!(dhis2_exports_through_the_mapping);
