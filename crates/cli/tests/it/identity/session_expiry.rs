//! A form sent after the session ended keeps what was typed (issue 14): the
//! browser is sent to sign in with a draft id, and only the same user gets
//! the form back, once; the idle limit follows the roles. Both engines.

use satuatap_core::access::RoleCode;
use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::{
    api_post, api_token, browser, csrf_of, page, raw_query_strings, spawn_client, spawn_with, TestApp,
};

const PW: &str = "demo-password";
/// The idle limit of every role but counsellors in these tests.
const IDLE_MS: i64 = 1500;

async fn short_idle(engine: Engine) -> TestApp {
    spawn_with(
        engine,
        true,
        |_| {},
        |state| {
            state.app = state.app.clone().with_auth_settings(satuatap_core::AuthSettings {
                session_idle: chrono::Duration::milliseconds(IDLE_MS),
                session_idle_by_role: vec![(RoleCode::Counsellor, chrono::Duration::minutes(120))],
                ..Default::default()
            });
        },
    )
    .await
}

/// A labour case the union's paralegal works, from the API.
async fn union_case(t: &TestApp) -> String {
    let desk = api_token(t, "cirebon.desk").await;
    let (s, p) =
        api_post(t, &desk, "/api/v1/people", json!({"full_name": "Wartini", "sex": "female", "estimated_age": 31}))
            .await;
    assert_eq!(s, 201, "{p}");
    let person = p["id"].as_str().unwrap().to_string();
    let consent = json!({"purpose": "share_with_partners", "status": "given", "method": "written", "organisation_code": "SBMI-CRB"});
    assert_eq!(api_post(t, &desk, &format!("/api/v1/people/{person}/consents"), consent).await.0, 201);
    let union = api_token(t, "cirebon.union").await;
    let body = json!({"person_id": person, "kind": "labour_complaint", "labour_categories": ["unpaid_wages"]});
    let (s, c) = api_post(t, &union, "/api/v1/cases", body).await;
    assert_eq!(s, 201, "{c}");
    c["id"].as_str().unwrap().to_string()
}

/// Signs `b` in as `username` from the sign-in page at `url`: where it leads.
async fn sign_in_at(t: &TestApp, b: &reqwest::Client, url: &str, username: &str) -> String {
    let (s, html) = page(b, t, url).await;
    assert_eq!(s, 200, "{html}");
    let draft = html.split("name=\"draft\" value=\"").nth(1).map(|r| r.split('"').next().unwrap().to_string());
    let mut form = vec![("username", username.to_string()), ("password", PW.into()), ("csrf", csrf_of(&html))];
    if let Some(d) = draft {
        form.push(("draft", d));
    }
    let r = b.post(t.url("/sign-in")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303, "{username} signs in");
    r.headers()["location"].to_str().unwrap().to_string()
}

fn draft_rows(t: &TestApp) -> impl std::future::Future<Output = Vec<String>> + '_ {
    raw_query_strings(&t.db_url, "SELECT sealed_fields FROM session_drafts")
}

async fn a_note_after_the_idle_limit_comes_back(engine: Engine) {
    let t = short_idle(engine).await;
    let case = union_case(&t).await;
    let (union, csrf) = browser(&t, "cirebon.union").await;
    let (wcc, _) = browser(&t, "cirebon.wcc").await;
    tokio::time::sleep(std::time::Duration::from_millis(IDLE_MS as u64 + 500)).await;

    // The idle limit follows the roles: the counsellor is still signed in.
    let (s, html) = page(&wcc, &t, "/account").await;
    assert_eq!(s, 200, "the counsellor's session lasts 120 minutes");
    assert!(html.contains("data-idle=\"7200\"") && html.contains("session.js"), "the warning knows the limit");
    assert_eq!(page(&union, &t, "/account").await.0, 303, "the paralegal's session has ended");

    // The note sent after the limit: not 403 but sign in, the note kept.
    let note = "Majikan belum membayar gaji tiga bulan; paspor ditahan agen.";
    let r = union
        .post(t.url(&format!("/cases/{case}/notes")))
        .header("referer", t.url(&format!("/cases/{case}")))
        .form(&[("csrf", csrf.as_str()), ("text", note)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/sign-in?") && to.contains(&format!("next=%2Fcases%2F{case}")), "{to}");
    let draft = to.split("draft=").nth(1).expect("a draft id").to_string();
    let (s, html) = page(&union, &t, &to).await;
    assert_eq!(s, 200);
    assert!(html.contains("Sesi Anda berakhir. Masuk lagi; isian Anda tersimpan."), "{html}");
    let stored = draft_rows(&t).await;
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains("Majikan") && stored[0].starts_with("v1:"), "sealed at rest");

    // Another user signing in with that draft id gets nothing, even one who
    // could add the note (the union's supervisor); the draft stays.
    let other = spawn_client(&t);
    let next = sign_in_at(&t, &other, &to, "cirebon.union.sup").await;
    assert_eq!(next, format!("/session/draft?draft={draft}"));
    let (s, html) = page(&other, &t, &next).await;
    assert_eq!(s, 404);
    assert!(!html.contains("Majikan"), "{html}");
    assert_eq!(draft_rows(&t).await.len(), 1);

    // The same user signs in and finds the note in the form, to send again.
    let next = sign_in_at(&t, &union, &to, "cirebon.union").await;
    let (s, html) = page(&union, &t, &next).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains(&format!("action=\"/cases/{case}/notes\"")), "{html}");
    assert!(html.contains(&format!("<textarea name=\"text\" rows=\"5\">{note}</textarea>")), "{html}");
    assert!(html.contains(&format!("href=\"/cases/{case}\"")), "back to the page it came from");
    // Given back once: gone after use. Keeping and giving back are audited,
    // for whom and which form, never what was typed.
    assert!(draft_rows(&t).await.is_empty());
    let entries = raw_query_strings(
        &t.db_url,
        "SELECT action || ' ' || actor_name || ' ' || details FROM audit_log \
         WHERE action IN ('draft_kept', 'draft_returned') ORDER BY seq",
    )
    .await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(entries[0].starts_with("draft_kept anonymous") && entries[1].starts_with("draft_returned cirebon.union"));
    assert!(
        entries.iter().all(|e| e.contains(&format!("/cases/{case}/notes")) && !e.contains("Majikan")),
        "{entries:?}"
    );
    assert_eq!(page(&union, &t, &next).await.0, 404);
    // Sent again (confirmed by the user), it is a note of the case.
    let r = union
        .post(t.url(&format!("/cases/{case}/notes")))
        .form(&[("csrf", csrf_of(&html).as_str()), ("text", note)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = page(&union, &t, &format!("/cases/{case}")).await;
    assert!(html.contains(note));
}
both!(a_note_after_the_idle_limit_comes_back);

async fn a_form_without_a_session_goes_to_whoever_may_send_it(engine: Engine) {
    let t = short_idle(engine).await;
    let case = union_case(&t).await;
    // No session at all (the cookie is gone): the draft is bound to nobody.
    let b = spawn_client(&t);
    let r = b
        .post(t.url(&format!("/cases/{case}/notes")))
        .form(&[("csrf", "stale-token"), ("text", "Catatan tanpa sesi")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "not 403");
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("draft="), "{to}");
    // htmx is told where to go rather than following the redirect inside the page.
    let r = b
        .post(t.url(&format!("/cases/{case}/notes")))
        .header("hx-request", "true")
        .form(&[("csrf", "stale-token"), ("text", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.headers()["hx-redirect"].to_str().unwrap().starts_with("/sign-in?"));

    // Someone without the route's permission (the village officer) gets
    // nothing; someone with it does.
    let village = spawn_client(&t);
    let next = sign_in_at(&t, &village, &to, "cirebon.village").await;
    assert_eq!(page(&village, &t, &next).await.0, 404);
    let next = sign_in_at(&t, &b, &to, "cirebon.union").await;
    let (s, html) = page(&b, &t, &next).await;
    assert_eq!(s, 200);
    assert!(html.contains("Catatan tanpa sesi"), "{html}");

    // The API answers as before: no redirect, no draft.
    let drafts = draft_rows(&t).await.len();
    let r = spawn_client(&t)
        .post(t.url(&format!("/api/v1/cases/{case}/notes")))
        .header("cookie", "satuatap_session=ended")
        .json(&json!({"text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(draft_rows(&t).await.len(), drafts);
}
both!(a_form_without_a_session_goes_to_whoever_may_send_it);
