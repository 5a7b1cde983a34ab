//! Hardening, on both engines: file names that cannot hide their real extension.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_get as get, api_post as post, api_token as token, spawn_demo};

async fn file_names_cannot_hide_their_extension(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let (_, p) =
        post(&t, &desk, "/api/v1/people", json!({"full_name": "Sumirah", "sex": "female", "estimated_age": 40})).await;
    let person = p["id"].as_str().unwrap().to_string();
    let consent = json!({"purpose": "share_with_partners", "status": "given", "method": "written", "organisation_code": "SBMI-CRB"});
    assert_eq!(post(&t, &desk, &format!("/api/v1/people/{person}/consents"), consent).await.0, 201);
    let union = token(&t, "cirebon.union").await;
    let case = json!({"person_id": person, "kind": "labour_complaint", "labour_categories": ["unpaid_wages"]});
    let (s, c) = post(&t, &union, "/api/v1/cases", case).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_str().unwrap();

    // Shown as "invoiceexe.pdf" if the override were kept.
    let r = t
        .client
        .post(t.url(&format!("/api/v1/cases/{id}/attachments")))
        .query(&[("name", "invoice\u{202E}fdp.exe")])
        .bearer_auth(&union)
        .body(b"%PDF-1.4 Slip gaji".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let a: Value = r.json().await.unwrap();
    assert_eq!(a["file_name"], "invoicefdp.exe");
    let r = t
        .client
        .post(t.url(&format!("/api/v1/cases/{id}/attachments")))
        .query(&[("name", "\u{2067}slip\u{200F}\u{2069} gaji\u{061C}.pdf")])
        .bearer_auth(&union)
        .body(b"%PDF-1.4 Slip gaji".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let (s, list) = get(&t, &union, &format!("/api/v1/cases/{id}/attachments")).await;
    assert_eq!(s, 200);
    let mut names: Vec<_> = list.as_array().unwrap().iter().map(|a| a["file_name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["invoicefdp.exe", "slip gaji.pdf"]);
    let r = t
        .client
        .get(t.url(&format!("/api/v1/cases/{id}/attachments/{}", a["id"].as_str().unwrap())))
        .bearer_auth(&union)
        .send()
        .await
        .unwrap();
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.ends_with("''invoicefdp%2Eexe"), "{disposition}");
}
both!(file_names_cannot_hide_their_extension);
