//! Hardening, on both engines: tokens and sessions refused while an account is locked, and file
//! names that cannot hide their real extension.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_get as get, api_post as post, api_token as token, browser, page, raw_sql, spawn_demo};

async fn a_locked_account_cannot_use_its_tokens(engine: Engine) {
    let t = spawn_demo(engine).await;
    let tok = token(&t, "cirebon.union").await;
    let (b, _) = browser(&t, "cirebon.union").await;
    assert_eq!(get(&t, &tok, "/api/v1/me").await.0, 200);
    assert_eq!(page(&b, &t, "/account").await.0, 200);
    for _ in 0..5 {
        let r = t
            .client
            .post(t.url("/api/v1/auth/token"))
            .json(&json!({"username": "cirebon.union", "password": "wrong-password"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    // Locked: the token issued before is refused like an expired one, and
    // the browser's session ends.
    let (s, e) = get(&t, &tok, "/api/v1/me").await;
    assert_eq!((s, e["error"]["code"].as_str()), (401, Some("unauthenticated")));
    assert_eq!(get(&t, &tok, "/api/v1/cases").await.0, 401);
    let (s, to) = page(&b, &t, "/account").await;
    assert_eq!(s, 303, "{to}");
    // Another account is not touched.
    let wcc = token(&t, "cirebon.wcc").await;
    assert_eq!(get(&t, &wcc, "/api/v1/me").await.0, 200);

    // The lock-out ends: the token works again.
    raw_sql(
        &t.db_url,
        &["UPDATE users SET locked_until = '2020-01-01T00:00:00+00:00' WHERE username = 'cirebon.union'"],
    )
    .await
    .unwrap();
    let (s, me) = get(&t, &tok, "/api/v1/me").await;
    assert_eq!((s, me["username"].as_str()), (200, Some("cirebon.union")), "{me}");
}
both!(a_locked_account_cannot_use_its_tokens);

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
