//! Referrals on both engines: a complete referral inside the roof, refusal
//! without consent and a supervisor's override, an outside provider's
//! answers through the signed link (and altered, expired or replaced links
//! refused), e-mail through a local SMTP server, overdue follow-up, and the
//! district's pathways.

use satuatap::config::Config;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::directory::model::ServiceFilter;
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::{AuditFilter, AuditRepository};
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{
    api_get as get, api_post as post, api_token as token, csrf_of, raw_query_strings, raw_sql, spawn_client,
    spawn_demo, TestApp,
};
use crate::smtp_sink;

/// The first active service of an organisation (by code).
async fn service_of(t: &TestApp, org: &str) -> String {
    let o = t.app.organisation_by_code(org).await.unwrap();
    let filter = ServiceFilter { organisation_id: Some(o.id), ..Default::default() };
    let page = t.app.services(&filter, PageRequest::first(50)).await.unwrap();
    page.items.first().unwrap_or_else(|| panic!("{org} has no service in the demo directory")).id.to_string()
}

/// A woman registered by the Cirebon desk who lets the union see her record
/// and consents to referrals to `referral_to`.
async fn register(t: &TestApp, name: &str, referral_to: &[&str]) -> String {
    let desk = token(t, "cirebon.desk").await;
    let (s, p) = post(
        t,
        &desk,
        "/api/v1/people",
        json!({"full_name": name, "sex": "female", "estimated_age": 31, "phone": "081223344556"}),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    let consent = |purpose: &str, org: &str| json!({"purpose": purpose, "status": "given", "method": "written", "organisation_code": org});
    assert_eq!(
        post(t, &desk, &format!("/api/v1/people/{id}/consents"), consent("share_with_partners", "SBMI-CRB")).await.0,
        201
    );
    for org in referral_to {
        assert_eq!(post(t, &desk, &format!("/api/v1/people/{id}/consents"), consent("referral", org)).await.0, 201);
    }
    id
}

/// A labour case opened by the union paralegal, assessed with needs.
async fn labour_case(t: &TestApp, person: &str, needs: &[&str]) -> String {
    let union = token(t, "cirebon.union").await;
    let (s, c) = post(
        t,
        &union,
        "/api/v1/cases",
        json!({"person_id": person, "kind": "labour_complaint", "labour_categories": ["unpaid_wages"]}),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    let (s, _) = post(t, &union, &format!("/api/v1/cases/{id}/assess"), json!({"needs": needs})).await;
    assert_eq!(s, 200);
    id
}

/// Sends a referral from `case` to `service` with the union's token: the answer.
async fn send(t: &TestApp, tok: &str, case: &str, service: &str, reason: &str, urgency: &str) -> Value {
    let body = json!({"case_id": case, "service_id": service, "reason": reason, "urgency": urgency});
    let (s, r) = post(t, tok, "/api/v1/referrals", body).await;
    assert_eq!(s, 201, "{r}");
    r
}

async fn timeline(t: &TestApp, tok: &str, case: &str) -> Vec<String> {
    let (s, v) = get(t, tok, &format!("/api/v1/cases/{case}/timeline")).await;
    assert_eq!(s, 200);
    v.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap().to_string()).collect()
}

async fn notification_kinds(t: &TestApp, tok: &str) -> Vec<String> {
    let (s, v) = get(t, tok, "/api/v1/me/notifications").await;
    assert_eq!(s, 200);
    v.as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_string()).collect()
}

async fn an_internal_referral_from_sending_to_feedback(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Sunarti", &["WCC-MAWAR-BALQIS"]).await;
    let case = labour_case(&t, &person, &["psychosocial support"]).await;
    let union = token(&t, "cirebon.union").await;
    let wcc = token(&t, "cirebon.wcc").await;
    let service = service_of(&t, "WCC-MAWAR-BALQIS").await;

    // Bad input names the fields.
    let (s, e) = post(
        &t,
        &union,
        "/api/v1/referrals",
        json!({"case_id": case, "service_id": service, "reason": "", "urgency": "soon"}),
    )
    .await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["reason", "urgency"]);
    let (s, e) = post(
        &t,
        &union,
        "/api/v1/referrals",
        json!({"case_id": case, "service_id": uuid::Uuid::now_v7(), "reason": "x", "urgency": "urgent"}),
    )
    .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_service")));

    let (s, r) = post(
        &t,
        &union,
        "/api/v1/referrals",
        json!({"case_id": case, "service_id": service, "reason": "Trauma setelah dipukul majikan, perlu konseling", "urgency": "urgent", "need": "gbv_counselling"}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(
        (r["status"].as_str(), r["external"].as_bool(), r["overdue"].as_bool()),
        (Some("sent"), Some(false), Some(false))
    );
    assert_eq!(r["shared"], json!(["identity", "contact", "case_summary"]), "the defaults, no restricted content");
    assert_eq!(r["actions"], json!(["cancel"]));
    assert_eq!(r["shared_info"]["full_name"], "Sunarti", "the sender previews what is shared");
    let id = r["id"].as_str().unwrap().to_string();
    let referral = |m: &str| format!("/api/v1/referrals/{id}/{m}");

    // The receiver's inbox: the referral, but nothing of the person yet.
    let (s, inbox) = get(&t, &wcc, "/api/v1/referrals?box=received&status=sent").await;
    assert_eq!((s, inbox["total"].as_u64()), (200, Some(1)), "{inbox}");
    assert_eq!(inbox["items"][0]["from_organisation_name"], "Serikat Buruh Migran Indonesia (SBMI) Kabupaten Cirebon");
    let (s, seen) = get(&t, &wcc, &format!("/api/v1/referrals/{id}")).await;
    assert_eq!(s, 200);
    assert!(seen["shared_info"].is_null(), "not before acceptance: {seen}");
    assert_eq!(seen["actions"], json!(["accept", "decline"]));
    assert!(notification_kinds(&t, &wcc).await.contains(&"referral_received".to_string()));
    // Nobody else learns it exists; the sender may not answer for the receiver.
    for outsider in ["cirebon.desk", "tulungagung.wcc"] {
        let tok = token(&t, outsider).await;
        assert_eq!(get(&t, &tok, &format!("/api/v1/referrals/{id}")).await.0, 404, "{outsider}");
    }
    assert_eq!(post(&t, &union, &referral("accept"), json!({})).await.0, 403);

    let (s, a) = post(&t, &wcc, &referral("accept"), json!({})).await;
    assert_eq!((s, a["status"].as_str()), (200, Some("accepted")), "{a}");
    assert_eq!(
        (a["shared_info"]["full_name"].as_str(), a["shared_info"]["phone"].as_str()),
        (Some("Sunarti"), Some("081223344556"))
    );
    assert_eq!(a["shared_info"]["case_kind"], "labour_complaint");
    assert!(a["shared_info"]["notes"].as_array().unwrap().is_empty(), "notes were not chosen");
    let (s, e) = post(&t, &wcc, &referral("accept"), json!({})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("invalid_transition")));
    assert_eq!(e["error"]["allowed"], json!(["complete", "cancel"]));

    let (s, e) = post(&t, &wcc, &referral("complete"), json!({})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("feedback")));
    let (s, done) = post(
        &t,
        &wcc,
        &referral("complete"),
        json!({"feedback": "Empat sesi konseling; dirujuk balik untuk mediasi."}),
    )
    .await;
    assert_eq!((s, done["status"].as_str()), (200, Some("completed")));

    // The feedback comes back to the case and its sender.
    let (_, mine) = get(&t, &union, &format!("/api/v1/cases/{case}/referrals")).await;
    assert_eq!(mine[0]["feedback"], "Empat sesi konseling; dirujuk balik untuk mediasi.");
    assert!(notification_kinds(&t, &union).await.iter().any(|k| k == "referral_completed"));
    let events = timeline(&t, &union, &case).await;
    for e in ["referral_sent", "referral_accepted", "referral_completed"] {
        assert!(events.iter().any(|x| x == e), "{e} in {events:?}");
    }
    // Reason and feedback are sealed in the database.
    let texts = raw_query_strings(&t.db_url, "SELECT reason_sealed || ' ' || feedback_sealed FROM referrals").await;
    assert_eq!(texts.len(), 1);
    assert!(!texts[0].contains("majikan") && !texts[0].contains("konseling"), "{}", texts[0]);

    // A withdrawal of the referral consent stops the sharing from then on.
    let desk = token(&t, "cirebon.desk").await;
    let withdraw = json!({"purpose": "referral", "status": "withdrawn", "method": "verbal", "organisation_code": "WCC-MAWAR-BALQIS"});
    assert_eq!(post(&t, &desk, &format!("/api/v1/people/{person}/consents"), withdraw).await.0, 201);
    let (_, after) = get(&t, &wcc, &format!("/api/v1/referrals/{id}")).await;
    assert!(after["shared_info"].is_null(), "{after}");
}
both!(an_internal_referral_from_sending_to_feedback);

async fn no_referral_without_consent_unless_a_supervisor_overrides(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Warsini", &[]).await;
    let case = labour_case(&t, &person, &["shelter"]).await;
    let service = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let body = |extra: Value| {
        let mut b = json!({"case_id": case, "service_id": service, "reason": "Tidak aman pulang ke rumah", "urgency": "emergency"});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    let union = token(&t, "cirebon.union").await;
    let (s, e) = post(&t, &union, "/api/v1/referrals", body(json!({}))).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("consent_required"), Some("consent"))
    );
    assert!(e["error"]["message"].as_str().unwrap().contains("belum memberi persetujuan untuk dirujuk"), "{e}");
    // A paralegal cannot override; the union's supervisor can, saying why.
    let (s, _) = post(&t, &union, "/api/v1/referrals", body(json!({"override_reason": "Darurat"}))).await;
    assert_eq!(s, 403);
    let sup = token(&t, "cirebon.union.sup").await;
    let (s, r) = post(
        &t,
        &sup,
        "/api/v1/referrals",
        body(json!({"override_reason": "Korban dalam bahaya malam ini; persetujuan tertulis menyusul"})),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    assert!(r["consent_id"].is_null());
    assert_eq!(r["override_reason"], "Korban dalam bahaya malam ini; persetujuan tertulis menyusul");
    let id = r["id"].as_str().unwrap();
    // The receiver does not see the override's reason.
    let wcc = token(&t, "cirebon.wcc").await;
    let (_, seen) = get(&t, &wcc, &format!("/api/v1/referrals/{id}")).await;
    assert!(seen["override_reason"].is_null() && seen["override_by"].is_string(), "{seen}");
    // The override is in the audit log, on the case, without its text.
    let filter = AuditFilter {
        entity: Some(AuditEntity::Case),
        entity_id: Some(case.clone()),
        action: Some(AuditAction::ReferralSent),
        ..Default::default()
    };
    let entries = t.db.list_audit(&filter, PageRequest::first(10)).await.unwrap().items;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].details["consent_override"], json!(true));
    assert_eq!(entries[0].actor_name, "cirebon.union.sup");
    assert!(!entries[0].details.to_string().contains("bahaya"));
}
both!(no_referral_without_consent_unless_a_supervisor_overrides);

/// Decodes quoted-printable text (the outbox writes its e-mails so).
fn unquote(qp: &str) -> String {
    let joined = qp.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

async fn an_outside_provider_answers_through_the_link(engine: Engine) {
    let t = spawn_demo(engine).await;
    raw_sql(
        &t.db_url,
        &["UPDATE services SET email = 'igd@rsud-arjawinangun.example' WHERE organisation_id IN \
           (SELECT id FROM organisations WHERE code = 'RSUD-ARJAWINANGUN')"],
    )
    .await
    .unwrap();
    let person = register(&t, "Casmini", &["RSUD-ARJAWINANGUN"]).await;
    let case = labour_case(&t, &person, &["medical"]).await;
    let union = token(&t, "cirebon.union").await;
    let service = service_of(&t, "RSUD-ARJAWINANGUN").await;
    let (s, r) = post(
        &t,
        &union,
        "/api/v1/referrals",
        json!({"case_id": case, "service_id": service, "reason": "Luka di tangan belum diobati", "urgency": "urgent", "share": ["identity"]}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["external"], true, "the hospital has no users here");
    let id = r["id"].as_str().unwrap().to_string();
    let (s, link) = get(&t, &union, &format!("/api/v1/referrals/{id}/link")).await;
    assert_eq!(s, 200);
    let token_path = format!("/r/{}", link["token"].as_str().unwrap());

    // The e-mail to the hospital carries the link and the code, not the person.
    let sink = smtp_sink::start().await;
    let config = Config {
        smtp_url: Some(sink.url()),
        public_url: Some("https://satuatap.example".into()),
        ..Default::default()
    };
    let i18n = std::sync::Arc::new(satuatap_web::i18n::I18n::load().unwrap());
    let mailer = satuatap::outbox::SmtpMailer::new(&config, i18n).unwrap().unwrap();
    let run = satuatap::outbox::run_once(&t.app, Some(&mailer)).await.unwrap();
    assert_eq!((run.sent, run.failed), (1, 0), "{run:?}");
    let mails = sink.received();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["igd@rsud-arjawinangun.example"]);
    let text = unquote(&mails[0].data);
    assert!(text.contains(&format!("https://satuatap.example{token_path}")), "{text}");
    assert!(text.contains(link["code"].as_str().unwrap()), "{text}");
    assert!(!text.contains("Casmini") && !text.contains("Luka"), "no personal data in e-mail: {text}");
    assert_eq!(satuatap::outbox::run_once(&t.app, Some(&mailer)).await.unwrap().sent, 0, "sent once");

    // The provider, without an account, opens the link: the minimum needed.
    let provider = spawn_client(&t);
    let page = provider.get(t.url(&token_path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Casmini") && html.contains("Luka di tangan"), "{html}");
    assert!(!html.contains("081223344556"), "the phone was not shared");
    let csrf = csrf_of(&html);
    let answer = |action: &str, text: &str| {
        let (provider, url, csrf) = (provider.clone(), t.url(&format!("{token_path}/{action}")), csrf.clone());
        let text = text.to_string();
        async move {
            provider
                .post(url)
                .form(&[("csrf", csrf.as_str()), ("text", text.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(answer("cancel", "").await, 404, "a provider has no cancel (no such route)");
    assert_eq!(answer("accept", "").await, 303);
    assert_eq!(answer("complete", "Luka dijahit, kontrol seminggu lagi").await, 303);
    let (_, done) = get(&t, &union, &format!("/api/v1/referrals/{id}")).await;
    assert_eq!((done["status"].as_str(), done["answered_via"].as_str()), (Some("completed"), Some("link")));
    assert!(done["answered_by"].is_null());
    assert_eq!(done["feedback"], "Luka dijahit, kontrol seminggu lagi");

    // An altered link is refused, and so is a well-signed one that expired.
    let mut altered = token_path.clone();
    let last = altered.pop().unwrap();
    altered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(provider.get(t.url(&altered)).send().await.unwrap().status(), 404);
    assert_eq!(provider.get(t.url("/r/not-a-token")).send().await.unwrap().status(), 404);
    let nonce = raw_query_strings(&t.db_url, "SELECT link_nonce FROM referrals").await.pop().unwrap();
    raw_sql(&t.db_url, &["UPDATE referrals SET link_expires_at = '2020-01-01T00:00:00+00:00'"]).await.unwrap();
    let keyring = satuatap_core::sealing::Keyring::parse(&t.key_line).unwrap();
    let rid: uuid::Uuid = id.parse().unwrap();
    let expired_at = 1_577_836_800;
    let signature = keyring.sign(&satuatap_core::referrals::referral::link_message(rid, expired_at, &nonce)).unwrap();
    let expired = satuatap_core::referrals::referral::link_token(rid, expired_at, &nonce, &signature);
    let r = provider.get(t.url(&format!("/r/{expired}"))).send().await.unwrap();
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("kedaluwarsa"));

    // Every use is audited: views, answers, refusals.
    let filter = AuditFilter { entity: Some(AuditEntity::Referral), entity_id: Some(id.clone()), ..Default::default() };
    let actions: Vec<String> =
        t.db.list_audit(&filter, PageRequest::first(50)).await.unwrap().items.into_iter().map(|e| e.action).collect();
    assert_eq!(actions.iter().filter(|a| *a == "link_viewed").count(), 1, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "link_refused").count(), 2, "{actions:?}");
    let events = timeline(&t, &union, &case).await;
    assert!(events.iter().any(|e| e == "referral_accepted") && events.iter().any(|e| e == "referral_completed"));
}
both!(an_outside_provider_answers_through_the_link);

async fn a_printed_code_opens_the_current_link_only(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Tarsih", &["RSUD-ARJAWINANGUN"]).await;
    let case = labour_case(&t, &person, &[]).await;
    let union = token(&t, "cirebon.union").await;
    let service = service_of(&t, "RSUD-ARJAWINANGUN").await;
    let r = send(&t, &union, &case, &service, "Periksa", "routine").await;
    let id = r["id"].as_str().unwrap().to_string();
    let (_, old) = get(&t, &union, &format!("/api/v1/referrals/{id}/link")).await;
    let provider = spawn_client(&t);
    let form = provider.get(t.url("/r")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&form);
    let code = old["code"].as_str().unwrap().to_lowercase().replace('-', " ");
    let r = provider.post(t.url("/r")).form(&[("csrf", csrf.as_str()), ("code", code.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("/r/{}", old["token"].as_str().unwrap()));
    let r =
        provider.post(t.url("/r")).form(&[("csrf", csrf.as_str()), ("code", "AAAA-BBBB-CCCC")]).send().await.unwrap();
    assert_eq!(r.status(), 422);

    // A new link replaces the old one (and its code).
    let (s, new) = post(&t, &union, &format!("/api/v1/referrals/{id}/link"), json!({})).await;
    assert_eq!(s, 200);
    assert_ne!(new["token"], old["token"]);
    assert_eq!(
        provider.get(t.url(&format!("/r/{}", old["token"].as_str().unwrap()))).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        provider.get(t.url(&format!("/r/{}", new["token"].as_str().unwrap()))).send().await.unwrap().status(),
        200
    );
    let r = provider
        .post(t.url("/r"))
        .form(&[("csrf", csrf.as_str()), ("code", old["code"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "the old code is gone");
    // The receiver of an internal referral has no link.
    let person2 = register(&t, "Tarsih Dua", &["WCC-MAWAR-BALQIS"]).await;
    let case2 = labour_case(&t, &person2, &[]).await;
    let wcc_service = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let r2 = send(&t, &union, &case2, &wcc_service, "Konseling", "routine").await;
    let (s, e) = get(&t, &union, &format!("/api/v1/referrals/{}/link", r2["id"].as_str().unwrap())).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("no_link")));
}
both!(a_printed_code_opens_the_current_link_only);

async fn overdue_referrals_are_followed_up(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Rasminah", &["WCC-MAWAR-BALQIS"]).await;
    let case = labour_case(&t, &person, &[]).await;
    let union = token(&t, "cirebon.union").await;
    let service = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let r = send(&t, &union, &case, &service, "Konseling", "emergency").await;
    let id = r["id"].as_str().unwrap().to_string();
    let (_, work) = get(&t, &union, "/api/v1/referrals/work").await;
    assert!(work["overdue_sent"].as_array().unwrap().is_empty());

    // Nobody answered by the deadline.
    raw_sql(&t.db_url, &["UPDATE referrals SET answer_due = '2020-01-01T00:00:00+00:00'"]).await.unwrap();
    let (_, work) = get(&t, &union, "/api/v1/referrals/work").await;
    assert_eq!(work["overdue_sent"][0]["id"], id.as_str(), "{work}");
    assert_eq!(work["overdue_sent"][0]["overdue"], true);
    assert!(work["organisation_overdue"].as_array().unwrap().is_empty(), "a paralegal is no supervisor");
    let sup = token(&t, "cirebon.union.sup").await;
    let (_, load) = get(&t, &sup, "/api/v1/referrals/work").await;
    assert_eq!(load["organisation_overdue"][0]["id"], id.as_str());
    let wcc = token(&t, "cirebon.wcc").await;
    let (_, inbox) = get(&t, &wcc, "/api/v1/referrals/work").await;
    assert_eq!(inbox["inbox"][0]["overdue"], true);

    // The worker tells the sender once (in the app), and the receiver.
    let run = satuatap::outbox::run_once(&t.app, None).await.unwrap();
    assert_eq!(run.overdue_found, 1);
    assert_eq!(satuatap::outbox::run_once(&t.app, None).await.unwrap().overdue_found, 0, "once per status");
    assert!(notification_kinds(&t, &union).await.contains(&"referral_overdue".to_string()));
    assert!(notification_kinds(&t, &wcc).await.contains(&"referral_overdue".to_string()));
    // Reading a notification.
    let (_, notes) = get(&t, &union, "/api/v1/me/notifications").await;
    let n = notes.as_array().unwrap().iter().find(|n| n["kind"] == "referral_overdue").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r =
        t.client.post(t.url(&format!("/api/v1/me/notifications/{n}/read"))).bearer_auth(&union).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let r = t.client.post(t.url(&format!("/api/v1/me/notifications/{n}/read"))).bearer_auth(&wcc).send().await.unwrap();
    assert_eq!(r.status(), 404, "another user's notification");
    // Once answered it is no longer overdue.
    assert_eq!(post(&t, &wcc, &format!("/api/v1/referrals/{id}/accept"), json!({})).await.0, 200);
    let (_, work) = get(&t, &union, "/api/v1/referrals/work").await;
    assert!(work["overdue_sent"].as_array().unwrap().is_empty(), "{work}");
}
both!(overdue_referrals_are_followed_up);

async fn pathways_suggest_providers_for_needs(engine: Engine) {
    let t = spawn_demo(engine).await;
    let shelter = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let police = service_of(&t, "PPA-POLRESTA-CRB").await;
    let body = json!({"service_ids": [shelter, police]});
    let path = "/api/v1/districts/32.09/pathways/gbv_police_report";
    // Only the district's coordinator (or an administrator) sets it.
    for (user, status) in [("cirebon.desk", 403), ("tulungagung.coord", 403), ("cirebon.coord", 200)] {
        let tok = token(&t, user).await;
        let r = t.client.put(t.url(path)).bearer_auth(&tok).json(&body).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{user}");
    }
    let coord = token(&t, "cirebon.coord").await;
    let r = t
        .client
        .put(t.url("/api/v1/districts/32.09/pathways/no_such_need"))
        .bearer_auth(&coord)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = t
        .client
        .put(t.url(path))
        .bearer_auth(&coord)
        .json(&json!({"service_ids": [shelter, shelter]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let (s, all) = get(&t, &coord, "/api/v1/districts/32.09/pathways").await;
    assert_eq!(s, 200);
    let p = all.as_array().unwrap().iter().find(|p| p["need"] == "gbv_police_report").unwrap();
    let order: Vec<_> = p["steps"].as_array().unwrap().iter().map(|s| s["service_id"].as_str().unwrap()).collect();
    assert_eq!(order, [shelter.as_str(), police.as_str()]);

    // A case whose needs include the pathway's need gets its providers, in order.
    let person = register(&t, "Kuraesin", &[]).await;
    let case = labour_case(&t, &person, &["gbv_police_report", "uang pulang"]).await;
    let union = token(&t, "cirebon.union").await;
    let (s, sug) = get(&t, &union, &format!("/api/v1/cases/{case}/referral-suggestions")).await;
    assert_eq!(s, 200);
    assert_eq!(sug.as_array().unwrap().len(), 1, "{sug}");
    assert_eq!(sug[0]["steps"][0]["service_id"], shelter.as_str());
    // And the form offers them.
    let (b, _) = crate::helpers::browser(&t, "cirebon.union").await;
    let (_, form) = crate::helpers::page(&b, &t, &format!("/cases/{case}/referrals/new")).await;
    assert!(form.contains("Disarankan oleh jalur rujukan") && form.contains(&format!("value=\"{shelter}\"")), "{form}");
}
both!(pathways_suggest_providers_for_needs);

async fn referrals_through_the_pages(engine: Engine) {
    use crate::helpers::{browser, page, post_form};
    let t = spawn_demo(engine).await;
    let coord = token(&t, "cirebon.coord").await;
    let wcc_service = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let r = t
        .client
        .put(t.url("/api/v1/districts/32.09/pathways/gbv_shelter"))
        .bearer_auth(&coord)
        .json(&json!({"service_ids": [wcc_service]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let person = register(&t, "Sumiyati", &["WCC-MAWAR-BALQIS"]).await;
    let union = token(&t, "cirebon.union").await;
    let (_, c) = post(&t, &union, "/api/v1/cases", json!({"person_id": person, "kind": "labour_complaint"})).await;
    let case = c["id"].as_str().unwrap().to_string();

    // Assessment picks a pathway need; the case page then offers to refer.
    let (b, csrf) = browser(&t, "cirebon.union").await;
    let (s, _) = post_form(
        &b,
        &t,
        &format!("/cases/{case}/move/assess"),
        &[("csrf", &csrf), ("risk", "high"), ("need", "gbv_shelter"), ("needs", "uang transport")],
    )
    .await;
    assert_eq!(s, 303);
    let (_, html) = page(&b, &t, &format!("/cases/{case}")).await;
    assert!(html.contains("penyintas KBG yang memerlukan rumah aman, uang transport"), "needs by label");
    assert!(html.contains(&format!("href=\"/cases/{case}/referrals/new\"")), "{html}");
    let (_, form) = page(&b, &t, &format!("/cases/{case}/referrals/new")).await;
    assert!(form.contains("Disarankan oleh jalur rujukan") && form.contains(&wcc_service));
    // A refusal names the field, in the user's language.
    let (s, err) = post_form(
        &b,
        &t,
        &format!("/cases/{case}/referrals/new"),
        &[
            ("csrf", &csrf),
            ("service_id", &wcc_service),
            ("urgency", "emergency"),
            ("reason", ""),
            ("answer_due", "2031-02-03"),
            ("share", "contact"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(err.contains("Alasan"), "{err}");
    // …on the form again, with what was chosen and typed.
    assert!(err.contains("id=\"referral-form\"") && err.contains("value=\"emergency\" selected"), "{err}");
    assert!(err.contains("value=\"2031-02-03\""), "{err}");
    let chosen = [format!("value=\"{wcc_service}\" checked"), format!("value=\"{wcc_service}\" selected")];
    assert!(chosen.iter().any(|c| err.contains(c.as_str())), "the service stays chosen: {err}");
    assert!(err.contains("value=\"contact\" checked") && !err.contains("value=\"identity\" checked"), "{err}");
    let (s, to) = post_form(
        &b,
        &t,
        &format!("/cases/{case}/referrals/new"),
        &[
            ("csrf", &csrf),
            ("service_id", &wcc_service),
            ("service_id", ""),
            ("urgency", "emergency"),
            ("need", "gbv_shelter"),
            ("reason", "Perlu rumah aman malam ini"),
            ("share", "identity"),
            ("share", "contact"),
        ],
    )
    .await;
    assert_eq!(s, 303, "{to}");
    let (_, html) = page(&b, &t, &to).await;
    assert!(html.contains("Perlu rumah aman malam ini") && html.contains("terkirim"), "{html}");
    let (_, html) = page(&b, &t, &format!("/cases/{case}")).await;
    assert!(html.contains(&format!("href=\"{to}\"")), "the case lists its referral");

    // The crisis centre sees it on my work and in its inbox, accepts, completes.
    let (w, wcsrf) = browser(&t, "cirebon.wcc").await;
    let (_, work) = page(&w, &t, "/cases").await;
    assert!(work.contains("Rujukan baru diterima") && work.contains("id=\"inbox\""), "{work}");
    let (_, inbox) = page(&w, &t, "/referrals?box=received").await;
    assert!(inbox.contains(&format!("href=\"{to}\"")));
    let (_, before) = page(&w, &t, &to).await;
    assert!(before.contains("id=\"not-shared\"") && !before.contains("Sumiyati"));
    assert_eq!(post_form(&w, &t, &format!("{to}/accept"), &[("csrf", &wcsrf)]).await.0, 303);
    let (_, after) = page(&w, &t, &to).await;
    assert!(after.contains("Sumiyati") && after.contains("081223344556"), "{after}");
    let (s, _) =
        post_form(&w, &t, &format!("{to}/complete"), &[("csrf", &wcsrf), ("text", "Ditempatkan di rumah aman 5 hari")])
            .await;
    assert_eq!(s, 303);
    // In English, the sender reads the feedback.
    let r = b.get(t.url(&to)).header("accept-language", "en").send().await.unwrap().text().await.unwrap();
    assert!(r.contains("Provider&#39;s feedback") || r.contains("Provider's feedback"), "{r}");
    assert!(r.contains("Ditempatkan di rumah aman 5 hari") && r.contains("completed"));

    // Overdue referrals show on the sender's my work and the supervisor's caseload.
    let (_, c2) = post(&t, &union, "/api/v1/cases", json!({"person_id": person, "kind": "labour_complaint"})).await;
    let (s, _) = post(
        &t,
        &union,
        "/api/v1/referrals",
        json!({"case_id": c2["id"], "service_id": wcc_service, "reason": "Konseling", "urgency": "routine"}),
    )
    .await;
    assert_eq!(s, 201);
    raw_sql(&t.db_url, &["UPDATE referrals SET answer_due = '2020-01-01T00:00:00+00:00' WHERE status = 'sent'"])
        .await
        .unwrap();
    let (_, work) = page(&b, &t, "/cases").await;
    let overdue = work.split("id=\"overdue-referrals\"").nth(1).expect("overdue referrals listed");
    assert!(overdue.contains("Terlambat"), "{work}");
    let (sup, _) = browser(&t, "cirebon.union.sup").await;
    let (_, load) = page(&sup, &t, "/cases/caseload").await;
    assert!(load.contains("id=\"organisation-overdue\""), "{load}");
}
both!(referrals_through_the_pages);

async fn referral_texts_follow_a_key_rotation(engine: Engine) {
    use satuatap_core::access::Ctx;
    use satuatap_core::sealing::Keyring;
    let t = spawn_demo(engine).await;
    let person = register(&t, "Karsini", &["RSUD-ARJAWINANGUN"]).await;
    let case = labour_case(&t, &person, &[]).await;
    let union = token(&t, "cirebon.union").await;
    let service = service_of(&t, "RSUD-ARJAWINANGUN").await;
    let r = send(&t, &union, &case, &service, "Rahasia rujukan", "routine").await;
    let id: uuid::Uuid = r["id"].as_str().unwrap().parse().unwrap();
    let (_, link) = get(&t, &union, &format!("/api/v1/referrals/{id}/link")).await;
    let old_token = link["token"].as_str().unwrap().to_string();
    let anon = Ctx::anonymous("test");
    t.app
        .answer_by_link(&anon, &old_token, satuatap_core::referrals::referral::ReferralAction::Accept, None)
        .await
        .unwrap();
    t.app
        .answer_by_link(
            &anon,
            &old_token,
            satuatap_core::referrals::referral::ReferralAction::Complete,
            Some("Umpan balik rahasia"),
        )
        .await
        .unwrap();
    // Reason, code and feedback are re-sealed with the new key.
    let new_line = Keyring::new_key_line("k2");
    let rotated = t.app.clone().with_keyring(Keyring::parse(&format!("{new_line}\n{}", t.key_line)).unwrap());
    assert_eq!(rotated.reseal(&Ctx::system()).await.unwrap(), 3);
    // Links signed before the rotation work while the old key is kept.
    assert!(rotated.referral_by_link(&anon, &old_token).await.is_ok());
    let only_new = t.app.clone().with_keyring(Keyring::parse(&new_line).unwrap());
    let v = only_new.referral(&Ctx::system(), id).await.unwrap();
    assert_eq!(
        (v.referral.reason.as_str(), v.referral.feedback.as_deref()),
        ("Rahasia rujukan", Some("Umpan balik rahasia"))
    );
    assert_eq!(only_new.referral_link(&Ctx::system(), id).await.unwrap().code, link["code"].as_str().unwrap());
    assert!(only_new.referral_by_link(&anon, &old_token).await.is_err(), "signed with a key that is gone");
}
both!(referral_texts_follow_a_key_rotation);
