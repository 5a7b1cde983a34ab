//! Hardening, on both engines: a deadline for request heads (and a
//! graceful shutdown), no caching of anything personal and HSTS over HTTPS,
//! 413 for a body too large, a limit on guessing referral codes, tokens and
//! sessions refused while an account is locked, and file names that cannot
//! hide their real extension.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use satuatap::startup;
use satuatap_core::audit::AuditAction;
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::{AuditFilter, AuditRepository};
use satuatap_store::Engine;
use satuatap_web::code_guard::{CodeGuard, CodeLimits};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::both;
use crate::helpers::{
    api_get as get, api_post as post, api_token as token, browser, config_for, csrf_of, fresh_database, page, raw_sql,
    spawn_app, spawn_client, spawn_demo, spawn_with, switch_language, TestApp,
};

/// Reads a connection until the server closes it: how long that took, or
/// `None` if it was still open after `limit`.
async fn closed_after(stream: &mut tokio::net::TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut buf)).await {
        Ok(_) => Some(started.elapsed()),
        Err(_) => None,
    }
}

async fn a_request_head_that_never_ends_is_cut_off(engine: Engine) {
    let t = spawn_with(engine, false, |c| c.header_timeout_seconds = 1, |_| {}).await;
    let addr = t.base.trim_start_matches("http://").to_string();

    // A request line and half a header, then nothing.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: satuatap\r\nX-Slow: ").await.unwrap();
    let took = closed_after(&mut slow, Duration::from_secs(8)).await.expect("the server still holds the connection");
    assert!(took >= Duration::from_millis(700) && took < Duration::from_secs(4), "closed after {took:?}");

    // A connection that sends nothing at all.
    let mut silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let took = closed_after(&mut silent, Duration::from_secs(8)).await.expect("an idle connection is held");
    assert!(took < Duration::from_secs(4), "closed after {took:?}");

    // A client that sends its request in time is answered.
    let mut quick = tokio::net::TcpStream::connect(&addr).await.unwrap();
    quick.write_all(b"GET /healthz HTTP/1.1\r\nHost: satuatap\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), quick.read_to_string(&mut answer)).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(t.get("/healthz").await.status(), 200);
}
both!(a_request_head_that_never_ends_is_cut_off);

async fn shutdown_stops_taking_connections(engine: Engine) {
    let (url, _dir) = fresh_database(engine).await;
    let config = config_for(&url);
    let db = startup::open_database(&url, &config).await.unwrap();
    let state = startup::web_state(startup::app(&db), &config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(satuatap_web::serve(listener, state, async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    // A kept-alive connection stays open, idle, after this request.
    assert_eq!(client.get(format!("http://{addr}/healthz")).send().await.unwrap().status(), 200);
    stop.send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(matches!(ended, Ok(Ok(Ok(())))), "serve returns once the signal came: {ended:?}");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "nobody listens any more");
    db.close().await;
}
both!(shutdown_stops_taking_connections);

fn cache_control(r: &reqwest::Response) -> &str {
    r.headers().get("cache-control").map(|v| v.to_str().unwrap()).unwrap_or("")
}

/// The URL of the stylesheet, as the home page links it.
async fn stylesheet(t: &TestApp) -> String {
    let home = t.get("/").await.text().await.unwrap();
    home.split("href=\"").find_map(|s| s.split('"').next().filter(|u| u.ends_with("app.css"))).unwrap().to_string()
}

async fn nothing_personal_is_cached(engine: Engine) {
    let t = spawn_demo(engine).await;
    let tok = token(&t, "cirebon.union").await;
    let (b, _) = browser(&t, "cirebon.union").await;
    for path in ["/", "/sign-in", "/api/v1/areas", "/no-such-page", "/api/v1/no-such-thing", "/healthz", "/r"] {
        let r = t.get(path).await;
        assert_eq!(cache_control(&r), "no-store", "{path}");
        assert!(!r.headers().contains_key("strict-transport-security"), "{path}: not without HTTPS");
    }
    for path in ["/cases", "/account"] {
        let r = b.get(t.url(path)).send().await.unwrap();
        assert_eq!((r.status().as_u16(), cache_control(&r)), (200, "no-store"), "{path}");
    }
    for path in ["/api/v1/me", "/api/v1/cases"] {
        let r = t.client.get(t.url(path)).bearer_auth(&tok).send().await.unwrap();
        assert_eq!((r.status().as_u16(), cache_control(&r)), (200, "no-store"), "{path}");
    }
    // The token itself.
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .json(&json!({"username": "cirebon.union", "password": "demo-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), cache_control(&r)), (201, "no-store"));
    // Static files keep their long caching.
    let css = stylesheet(&t).await;
    let r = t.get(&css).await;
    assert_eq!((r.status().as_u16(), cache_control(&r)), (200, "public, max-age=31536000, immutable"));
}
both!(nothing_personal_is_cached);

async fn https_sites_ask_for_https_only(engine: Engine) {
    let t = spawn_with(engine, false, |c| c.secure_cookies = true, |_| {}).await;
    let css = stylesheet(&t).await;
    for path in ["/", "/sign-in", "/api/v1/areas", "/no-such-page", "/healthz", css.as_str()] {
        let r = t.get(path).await;
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000", "{path}");
    }
    let r = t.client.post(t.url("/api/v1/auth/token")).json(&json!({"username": "x", "password": "y"})).send().await;
    let r = r.unwrap();
    assert_eq!((r.status().as_u16(), cache_control(&r)), (401, "no-store"));
    assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
}
both!(https_sites_ask_for_https_only);

async fn a_body_too_large_is_413(engine: Engine) {
    let t = spawn_app(engine).await;
    // JSON beyond the 2 MB an API body may have.
    let body = json!({"username": "someone", "password": "x".repeat(2 * 1024 * 1024 + 1024)}).to_string();
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .header("accept-language", "en")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(cache_control(&r), "no-store");
    let op_id = r.headers()["x-operation-id"].to_str().unwrap().to_string();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "payload_too_large", "{e}");
    assert_eq!(e["error"]["field"], "body");
    assert_eq!(e["error"]["message"], "What was sent is too large.");
    assert_eq!(e["error"]["operation_id"], op_id.as_str());

    // A body announced beyond any limit is refused before it is read.
    for (path, kind) in [("/api/v1/auth/token", "application/json"), ("/sign-in", "text/html")] {
        let addr = t.base.trim_start_matches("http://").to_string();
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: satuatap\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: 50000000\r\nConnection: close\r\n\r\n"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut answer)).await.unwrap().unwrap();
        let answer = String::from_utf8_lossy(&answer).to_lowercase();
        assert!(answer.starts_with("http/1.1 413"), "{path}: {answer}");
        assert!(answer.contains(&format!("content-type: {kind}")), "{path}: {answer}");
        assert!(answer.contains("payload_too_large") || answer.contains("permintaan terlalu besar"), "{answer}");
    }

    // A page's form beyond what a form may carry: the error page, 413.
    let b = spawn_client(&t);
    let form = b.get(t.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&form);
    let long = "x".repeat(70 * 1024);
    let r = b
        .post(t.url("/sign-in"))
        .form(&[("csrf", csrf.as_str()), ("username", "someone"), ("password", long.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(html.contains("Permintaan terlalu besar") && html.contains("data-status=\"413\""), "{html}");
    // The same with the token in a header (the form is read by the page):
    // the error page too, not plain text.
    let huge = "x".repeat(2 * 1024 * 1024 + 1024);
    switch_language(&b, &t, "en").await;
    let r = b
        .post(t.url("/sign-in"))
        .header("x-csrf-token", csrf.as_str())
        .form(&[("username", "someone"), ("password", huge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let html = r.text().await.unwrap();
    assert!(html.contains("Request too large") && html.contains("What was sent is too large."), "{html}");
}
both!(a_body_too_large_is_413);

/// A referral from a labour case to the hospital (an outside provider): its
/// printed code.
async fn printed_code(t: &TestApp) -> String {
    let desk = token(t, "cirebon.desk").await;
    let (s, p) =
        post(t, &desk, "/api/v1/people", json!({"full_name": "Warsini", "sex": "female", "estimated_age": 33})).await;
    assert_eq!(s, 201, "{p}");
    let person = p["id"].as_str().unwrap().to_string();
    for (purpose, org) in [("share_with_partners", "SBMI-CRB"), ("referral", "RSUD-ARJAWINANGUN")] {
        let consent = json!({"purpose": purpose, "status": "given", "method": "written", "organisation_code": org});
        assert_eq!(post(t, &desk, &format!("/api/v1/people/{person}/consents"), consent).await.0, 201);
    }
    let union = token(t, "cirebon.union").await;
    let case = json!({"person_id": person, "kind": "labour_complaint", "labour_categories": ["unpaid_wages"]});
    let (s, c) = post(t, &union, "/api/v1/cases", case).await;
    assert_eq!(s, 201, "{c}");
    let hospital = t.app.organisation_by_code("RSUD-ARJAWINANGUN").await.unwrap();
    let filter =
        satuatap_core::directory::model::ServiceFilter { organisation_id: Some(hospital.id), ..Default::default() };
    let service = t.app.services(&filter, PageRequest::first(5)).await.unwrap().items[0].id.to_string();
    let body = json!({"case_id": c["id"], "service_id": service, "reason": "Periksa", "urgency": "routine"});
    let (s, r) = post(t, &union, "/api/v1/referrals", body).await;
    assert_eq!(s, 201, "{r}");
    let (s, link) = get(t, &union, &format!("/api/v1/referrals/{}/link", r["id"].as_str().unwrap())).await;
    assert_eq!(s, 200, "{link}");
    link["code"].as_str().unwrap().to_string()
}

/// An outside provider's browser at a loopback address of its own, with the
/// CSRF token of the code page.
async fn provider_at(t: &TestApp, ip: &str) -> (reqwest::Client, String) {
    let b = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .local_address(ip.parse::<IpAddr>().unwrap())
        .build()
        .unwrap();
    let html = b.get(t.url("/r")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&html);
    (b, csrf)
}

/// Types a code at `/r`: the status, and the page (or where it sends).
async fn type_code(t: &TestApp, (b, csrf): &(reqwest::Client, String), code: &str) -> (u16, String) {
    let r = b.post(t.url("/r")).form(&[("csrf", csrf.as_str()), ("code", code)]).send().await.unwrap();
    let status = r.status().as_u16();
    if status == 429 {
        let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "retry-after {wait}");
    }
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    (status, location.unwrap_or(r.text().await.unwrap()))
}

async fn guessing_referral_codes_is_limited(engine: Engine) {
    let window = Duration::from_secs(5);
    let limits = CodeLimits { per_client: 5, window, global: 12, global_window: window };
    let t = spawn_with(engine, true, |_| {}, |s| s.code_guard = Arc::new(CodeGuard::new(limits))).await;
    let code = printed_code(&t).await;
    let guesser = provider_at(&t, "127.0.0.2").await;
    let other = provider_at(&t, "127.0.0.3").await;

    // Five wrong codes are told they are wrong; then even the right one is refused.
    let mut statuses = Vec::new();
    for i in 0..30 {
        statuses.push(type_code(&t, &guesser, &format!("AAAA-BBBB-{i:04}")).await.0);
    }
    assert_eq!(statuses[..5], [422; 5]);
    assert_eq!(statuses[5..], [429; 25]);
    let (status, html) = type_code(&t, &guesser, &code).await;
    assert_eq!(status, 429, "the right code after 30 wrong ones");
    assert!(html.contains("Terlalu banyak percobaan") && html.contains("Coba lagi nanti"), "{html}");
    assert!(!html.contains(&code));
    // Another address is not held back by it.
    let (status, to) = type_code(&t, &other, &code).await;
    assert_eq!(status, 303);
    assert!(to.starts_with("/r/"), "{to}");

    // Many addresses together meet the ceiling: then everyone waits.
    let (a, b) = (provider_at(&t, "127.0.0.4").await, provider_at(&t, "127.0.0.5").await);
    for i in 0..5 {
        assert_eq!(type_code(&t, &a, &format!("CCCC-DDDD-{i:04}")).await.0, 422);
    }
    for i in 0..2 {
        assert_eq!(type_code(&t, &b, &format!("EEEE-FFFF-{i:04}")).await.0, 422);
    }
    assert_eq!(type_code(&t, &b, "EEEE-FFFF-0009").await.0, 429, "12 wrong codes in the window");
    assert_eq!(type_code(&t, &other, &code).await.0, 429, "the ceiling holds for everyone");

    // Once the window has passed, the right code works again.
    tokio::time::sleep(window + Duration::from_millis(300)).await;
    let (status, to) = type_code(&t, &guesser, &code).await;
    assert_eq!((status, to.starts_with("/r/")), (303, true), "{to}");

    // Each lock-out is audited once, without the address or any code.
    let filter = AuditFilter { action: Some(AuditAction::LinkCodeLocked), ..Default::default() };
    let entries = t.db.list_audit(&filter, PageRequest::first(50)).await.unwrap().items;
    let mut scopes: Vec<_> = entries.iter().map(|e| e.details["scope"].as_str().unwrap().to_string()).collect();
    scopes.sort();
    assert_eq!(scopes, ["client", "everyone"]);
    for e in &entries {
        let text = e.details.to_string();
        assert!(!text.contains("127.0.0") && !text.contains("AAAA") && !text.contains(&code), "{text}");
    }
}
both!(guessing_referral_codes_is_limited);

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
    assert_eq!(cache_control(&r), "no-store");
}
both!(file_names_cannot_hide_their_extension);
