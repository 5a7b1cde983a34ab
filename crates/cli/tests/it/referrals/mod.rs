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
    csrf_of, raw_query_strings, raw_sql, spawn_client, spawn_demo, ApiUser, ReferralSteps, TestApp, PHONE,
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
    let desk = t.as_user("cirebon.desk").await;
    let id = desk.register_person(name).await;
    desk.consent(&id, "share_with_partners", "SBMI-CRB").await;
    for org in referral_to {
        desk.consent(&id, "referral", org).await;
    }
    id
}

/// A labour case opened by the union paralegal, assessed with needs.
async fn labour_case(t: &TestApp, person: &str, needs: &[&str]) -> String {
    let union = t.as_user("cirebon.union").await;
    let case = union
        .open_case_with(json!({"person_id": person, "kind": "labour_complaint", "labour_categories": ["unpaid_wages"]}))
        .await;
    union.assess(&case, needs).await;
    case
}

async fn timeline(user: &ApiUser<'_>, case: &str) -> Vec<String> {
    let (s, v) = user.get(&format!("/api/v1/cases/{case}/timeline")).await;
    assert_eq!(s, 200);
    v.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap().to_string()).collect()
}

async fn an_internal_referral_from_sending_to_feedback(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Sunarti", &["WCC-MAWAR-BALQIS"]).await;
    let case = labour_case(&t, &person, &["psychosocial support"]).await;
    let union = t.as_user("cirebon.union").await;
    let wcc = t.as_user("cirebon.wcc").await;
    let service = service_of(&t, "WCC-MAWAR-BALQIS").await;

    // Bad input names the fields.
    let (s, e) = union
        .post("/api/v1/referrals", json!({"case_id": case, "service_id": service, "reason": "", "urgency": "soon"}))
        .await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["reason", "urgency"]);
    let (s, e) = union
        .post(
            "/api/v1/referrals",
            json!({"case_id": case, "service_id": uuid::Uuid::now_v7(), "reason": "x", "urgency": "urgent"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_service")));

    let (s, r) = union
        .post(
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

    // The receiver's inbox: the referral, but nothing of the person yet.
    let (s, inbox) = wcc.get("/api/v1/referrals?box=received&status=sent").await;
    assert_eq!((s, inbox["total"].as_u64()), (200, Some(1)), "{inbox}");
    assert_eq!(inbox["items"][0]["from_organisation_name"], "Serikat Buruh Migran Indonesia (SBMI) Kabupaten Cirebon");
    let (s, seen) = wcc.referral(&id).await;
    assert_eq!(s, 200);
    assert!(seen["shared_info"].is_null(), "not before acceptance: {seen}");
    assert_eq!(seen["actions"], json!(["accept", "decline"]));
    assert!(wcc.notification_kinds().await.contains(&"referral_received".to_string()));
    // Nobody else learns it exists; the sender may not answer for the receiver.
    for outsider in ["cirebon.desk", "tulungagung.wcc"] {
        assert_eq!(t.as_user(outsider).await.referral(&id).await.0, 404, "{outsider}");
    }
    assert_eq!(union.accept_referral(&id).await.0, 403);

    let (s, a) = wcc.accept_referral(&id).await;
    assert_eq!((s, a["status"].as_str()), (200, Some("accepted")), "{a}");
    assert_eq!(
        (a["shared_info"]["full_name"].as_str(), a["shared_info"]["phone"].as_str()),
        (Some("Sunarti"), Some(PHONE))
    );
    assert_eq!(a["shared_info"]["case_kind"], "labour_complaint");
    assert!(a["shared_info"]["notes"].as_array().unwrap().is_empty(), "notes were not chosen");
    let (s, e) = wcc.accept_referral(&id).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("invalid_transition")));
    assert_eq!(e["error"]["allowed"], json!(["complete", "cancel"]));
    // The message names the moves by their labels, in the caller's language.
    let message = e["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Laporkan selesai") && message.contains("Batalkan rujukan"), "{e}");

    let (s, e) = wcc.post(&format!("/api/v1/referrals/{id}/complete"), json!({})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("feedback")));
    let (s, done) = wcc.complete_referral(&id, "Empat sesi konseling; dirujuk balik untuk mediasi.").await;
    assert_eq!((s, done["status"].as_str()), (200, Some("completed")));
    // Once settled nothing is possible, and the answer says so in words.
    let (s, e) = wcc.accept_referral(&id).await;
    assert_eq!((s, e["error"]["allowed"].as_array().map_or(0, Vec::len)), (409, 0), "{e}");
    let message = e["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("sudah final") && !message.contains(": ."), "{e}");

    // The feedback comes back to the case and its sender.
    let (_, mine) = union.get(&format!("/api/v1/cases/{case}/referrals")).await;
    assert_eq!(mine[0]["feedback"], "Empat sesi konseling; dirujuk balik untuk mediasi.");
    assert!(union.notification_kinds().await.iter().any(|k| k == "referral_completed"));
    let events = timeline(&union, &case).await;
    for e in ["referral_sent", "referral_accepted", "referral_completed"] {
        assert!(events.iter().any(|x| x == e), "{e} in {events:?}");
    }
    // Reason and feedback are sealed in the database.
    let texts = raw_query_strings(&t.db_url, "SELECT reason_sealed || ' ' || feedback_sealed FROM referrals").await;
    assert_eq!(texts.len(), 1);
    assert!(!texts[0].contains("majikan") && !texts[0].contains("konseling"), "{}", texts[0]);

    // A withdrawal of the referral consent stops the sharing from then on.
    t.as_user("cirebon.desk").await.withdraw_consent(&person, "referral", "WCC-MAWAR-BALQIS").await;
    let (_, after) = wcc.referral(&id).await;
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
    let union = t.as_user("cirebon.union").await;
    let (s, e) = union.post("/api/v1/referrals", body(json!({}))).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("consent_required"), Some("consent"))
    );
    assert!(e["error"]["message"].as_str().unwrap().contains("belum memberi persetujuan untuk dirujuk"), "{e}");
    // A paralegal cannot override; the union's supervisor can, saying why.
    let (s, _) = union.post("/api/v1/referrals", body(json!({"override_reason": "Darurat"}))).await;
    assert_eq!(s, 403);
    let sup = t.as_user("cirebon.union.sup").await;
    let (s, r) = sup
        .post(
            "/api/v1/referrals",
            body(json!({"override_reason": "Korban dalam bahaya malam ini; persetujuan tertulis menyusul"})),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    assert!(r["consent_id"].is_null());
    assert_eq!(r["override_reason"], "Korban dalam bahaya malam ini; persetujuan tertulis menyusul");
    let id = r["id"].as_str().unwrap();
    // The receiver does not see the override's reason.
    let (_, seen) = t.as_user("cirebon.wcc").await.referral(id).await;
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
pub(crate) fn unquote(qp: &str) -> String {
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
    let union = t.as_user("cirebon.union").await;
    let service = service_of(&t, "RSUD-ARJAWINANGUN").await;
    let (s, r) = union
        .post(
            "/api/v1/referrals",
            json!({"case_id": case, "service_id": service, "reason": "Luka di tangan belum diobati", "urgency": "urgent", "share": ["identity"]}),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["external"], true, "the hospital has no users here");
    let id = r["id"].as_str().unwrap().to_string();
    let (s, link) = union.get(&format!("/api/v1/referrals/{id}/link")).await;
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
    assert!(!html.contains(PHONE), "the phone was not shared");
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
    let (_, done) = union.referral(&id).await;
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
    let events = timeline(&union, &case).await;
    assert!(events.iter().any(|e| e == "referral_accepted") && events.iter().any(|e| e == "referral_completed"));
}
both!(an_outside_provider_answers_through_the_link);

async fn a_printed_code_opens_the_current_link_only(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Tarsih", &["RSUD-ARJAWINANGUN"]).await;
    let case = labour_case(&t, &person, &[]).await;
    let union = t.as_user("cirebon.union").await;
    let service = service_of(&t, "RSUD-ARJAWINANGUN").await;
    let r = union.send_referral(&case, &service, "Periksa", "routine").await;
    let id = r["id"].as_str().unwrap().to_string();
    let (_, old) = union.get(&format!("/api/v1/referrals/{id}/link")).await;
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
    let (s, new) = union.post(&format!("/api/v1/referrals/{id}/link"), json!({})).await;
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
    let r2 = union.send_referral(&case2, &wcc_service, "Konseling", "routine").await;
    let (s, e) = union.get(&format!("/api/v1/referrals/{}/link", r2["id"].as_str().unwrap())).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("no_link")));
}
both!(a_printed_code_opens_the_current_link_only);

async fn overdue_referrals_are_followed_up(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = register(&t, "Rasminah", &["WCC-MAWAR-BALQIS"]).await;
    let case = labour_case(&t, &person, &[]).await;
    let union = t.as_user("cirebon.union").await;
    let service = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let r = union.send_referral(&case, &service, "Konseling", "emergency").await;
    let id = r["id"].as_str().unwrap().to_string();
    let (_, work) = union.get("/api/v1/referrals/work").await;
    assert!(work["overdue_sent"].as_array().unwrap().is_empty());

    // Nobody answered by the deadline.
    raw_sql(&t.db_url, &["UPDATE referrals SET answer_due = '2020-01-01T00:00:00+00:00'"]).await.unwrap();
    let (_, work) = union.get("/api/v1/referrals/work").await;
    assert_eq!(work["overdue_sent"][0]["id"], id.as_str(), "{work}");
    assert_eq!(work["overdue_sent"][0]["overdue"], true);
    assert!(work["organisation_overdue"].as_array().unwrap().is_empty(), "a paralegal is no supervisor");
    let (_, load) = t.as_user("cirebon.union.sup").await.get("/api/v1/referrals/work").await;
    assert_eq!(load["organisation_overdue"][0]["id"], id.as_str());
    let wcc = t.as_user("cirebon.wcc").await;
    let (_, inbox) = wcc.get("/api/v1/referrals/work").await;
    assert_eq!(inbox["inbox"][0]["overdue"], true);

    // The worker tells the sender once (in the app), and the receiver.
    let run = satuatap::outbox::run_once(&t.app, None).await.unwrap();
    assert_eq!(run.overdue_found, 1);
    assert_eq!(satuatap::outbox::run_once(&t.app, None).await.unwrap().overdue_found, 0, "once per status");
    assert!(union.notification_kinds().await.contains(&"referral_overdue".to_string()));
    assert!(wcc.notification_kinds().await.contains(&"referral_overdue".to_string()));
    // Reading a notification.
    let (_, notes) = union.get("/api/v1/me/notifications").await;
    let n = notes.as_array().unwrap().iter().find(|n| n["kind"] == "referral_overdue").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let read = format!("/api/v1/me/notifications/{n}/read");
    assert_eq!(union.post(&read, json!({})).await.0, 204);
    assert_eq!(wcc.post(&read, json!({})).await.0, 404, "another user's notification");
    // Once answered it is no longer overdue.
    assert_eq!(wcc.accept_referral(&id).await.0, 200);
    let (_, work) = union.get("/api/v1/referrals/work").await;
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
        assert_eq!(t.as_user(user).await.put(path, body.clone()).await.0, status, "{user}");
    }
    let coord = t.as_user("cirebon.coord").await;
    assert_eq!(coord.put("/api/v1/districts/32.09/pathways/no_such_need", body).await.0, 422);
    assert_eq!(coord.put(path, json!({"service_ids": [shelter, shelter]})).await.0, 422);
    let (s, all) = coord.get("/api/v1/districts/32.09/pathways").await;
    assert_eq!(s, 200);
    let p = all.as_array().unwrap().iter().find(|p| p["need"] == "gbv_police_report").unwrap();
    let order: Vec<_> = p["steps"].as_array().unwrap().iter().map(|s| s["service_id"].as_str().unwrap()).collect();
    assert_eq!(order, [shelter.as_str(), police.as_str()]);

    // A case whose needs include the pathway's need gets its providers, in order.
    let person = register(&t, "Kuraesin", &[]).await;
    let case = labour_case(&t, &person, &["gbv_police_report", "uang pulang"]).await;
    let (s, sug) = t.as_user("cirebon.union").await.get(&format!("/api/v1/cases/{case}/referral-suggestions")).await;
    assert_eq!(s, 200);
    assert_eq!(sug.as_array().unwrap().len(), 1, "{sug}");
    assert_eq!(sug[0]["steps"][0]["service_id"], shelter.as_str());
    // And the form offers them.
    let (_, form) = t.in_browser("cirebon.union").await.page(&format!("/cases/{case}/referrals/new")).await;
    assert!(form.contains("Disarankan oleh jalur rujukan") && form.contains(&format!("value=\"{shelter}\"")), "{form}");
}
both!(pathways_suggest_providers_for_needs);

async fn referrals_through_the_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    let wcc_service = service_of(&t, "WCC-MAWAR-BALQIS").await;
    let (s, _) = t
        .as_user("cirebon.coord")
        .await
        .put("/api/v1/districts/32.09/pathways/gbv_shelter", json!({"service_ids": [wcc_service]}))
        .await;
    assert_eq!(s, 200);
    let person = register(&t, "Sumiyati", &["WCC-MAWAR-BALQIS"]).await;
    let union = t.as_user("cirebon.union").await;
    let case = union.open_case(&person, "labour_complaint").await;

    // Assessment picks a pathway need; the case page then offers to refer.
    let b = t.in_browser("cirebon.union").await;
    let (s, _) = b
        .post_form(
            &format!("/cases/{case}/move/assess"),
            &[("risk", "high"), ("need", "gbv_shelter"), ("needs", "uang transport")],
        )
        .await;
    assert_eq!(s, 303);
    let (_, html) = b.page(&format!("/cases/{case}")).await;
    assert!(html.contains("penyintas KBG yang memerlukan rumah aman, uang transport"), "needs by label");
    assert!(html.contains(&format!("href=\"/cases/{case}/referrals/new\"")), "{html}");
    let (_, form) = b.page(&format!("/cases/{case}/referrals/new")).await;
    assert!(form.contains("Disarankan oleh jalur rujukan") && form.contains(&wcc_service));
    // A refusal names the field, in the user's language.
    let (s, err) = b
        .post_form(
            &format!("/cases/{case}/referrals/new"),
            &[
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
    let (s, to) = b
        .post_form(
            &format!("/cases/{case}/referrals/new"),
            &[
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
    let id = to.strip_prefix("/referrals/").unwrap();
    let (_, html) = b.referral(id).await;
    assert!(html.contains("Perlu rumah aman malam ini") && html.contains("terkirim"), "{html}");
    let (_, html) = b.page(&format!("/cases/{case}")).await;
    assert!(html.contains(&format!("href=\"{to}\"")), "the case lists its referral");

    // The crisis centre sees it on my work and in its inbox, accepts, completes.
    let w = t.in_browser("cirebon.wcc").await;
    let (_, work) = w.page("/cases").await;
    assert!(work.contains("Rujukan baru diterima") && work.contains("id=\"inbox\""), "{work}");
    assert!(w.received_referrals().await.iter().any(|r| r == id));
    let (_, before) = w.referral(id).await;
    assert!(before.contains("id=\"not-shared\"") && !before.contains("Sumiyati"));
    assert_eq!(w.accept_referral(id).await.0, 303);
    let (_, after) = w.referral(id).await;
    assert!(after.contains("Sumiyati") && after.contains(PHONE), "{after}");
    assert_eq!(w.complete_referral(id, "Ditempatkan di rumah aman 5 hari").await.0, 303);
    // In English, the sender reads the feedback.
    let (_, r) = b.page_in(&to, "en").await;
    assert!(r.contains("Provider&#39;s feedback") || r.contains("Provider's feedback"), "{r}");
    assert!(r.contains("Ditempatkan di rumah aman 5 hari") && r.contains("completed"));

    // Overdue referrals show on the sender's my work and the supervisor's caseload.
    let case2 = union.open_case(&person, "labour_complaint").await;
    union.send_referral(&case2, &wcc_service, "Konseling", "routine").await;
    raw_sql(&t.db_url, &["UPDATE referrals SET answer_due = '2020-01-01T00:00:00+00:00' WHERE status = 'sent'"])
        .await
        .unwrap();
    let (_, work) = b.page("/cases").await;
    let overdue = work.split("id=\"overdue-referrals\"").nth(1).expect("overdue referrals listed");
    assert!(overdue.contains("Terlambat"), "{work}");
    let (_, load) = t.in_browser("cirebon.union.sup").await.page("/cases/caseload").await;
    assert!(load.contains("id=\"organisation-overdue\""), "{load}");
}
both!(referrals_through_the_pages);

/// Referral `id` as `user` reads it through the API.
async fn read(user: &ApiUser<'_>, id: &str) -> Value {
    let (s, r) = user.referral(id).await;
    assert_eq!(s, 200, "{r}");
    r
}

/// One referral's life, described once and run through the API and through
/// the pages: the union (`sender`) refers a case to the crisis centre
/// (`receiver`), which finds it in its inbox, accepts and completes it; the
/// union reads the feedback, cancels a second referral and sees a third
/// declined; moves out of turn are refused. After each step the state is
/// read through the API, as the union sees it.
async fn referral_scenario<U: ReferralSteps>(t: &TestApp, sender: U, receiver: U) {
    let person = register(t, "Sulastri", &["WCC-MAWAR-BALQIS"]).await;
    let case = labour_case(t, &person, &["psychosocial support"]).await;
    let service = service_of(t, "WCC-MAWAR-BALQIS").await;
    let union = t.as_user("cirebon.union").await;
    let feedback = "Tiga sesi konseling, lanjut pendampingan hukum";

    let id = sender.send(&case, &service, "Perlu konseling setelah kekerasan", "urgent").await.unwrap();
    let sent = read(&union, &id).await;
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["shared"], json!(["identity", "contact", "case_summary"]), "the defaults: {sent}");
    assert!(receiver.inbox().await.contains(&id), "{} finds it in the inbox", receiver.who());
    // The sender may not answer for the receiver.
    let refused = sender.accept(&id).await.unwrap_err();
    assert_eq!(refused.status, 403, "{} accepts its own referral: {refused:?}", sender.who());
    assert_eq!(read(&union, &id).await["status"], "sent");

    receiver.accept(&id).await.unwrap();
    assert_eq!(read(&union, &id).await["status"], "accepted");
    receiver.complete(&id, feedback).await.unwrap();
    let done = read(&union, &id).await;
    assert_eq!((done["status"].as_str(), done["feedback"].as_str()), (Some("completed"), Some(feedback)), "{done}");
    assert_eq!(sender.feedback_on(&id).await.as_deref(), Some(feedback), "{} reads the feedback", sender.who());

    // A completed referral is not accepted again.
    let refused = receiver.accept(&id).await.unwrap_err();
    assert_eq!(refused.status, 409, "{refused:?}");
    assert!(refused.message.starts_with("Langkah ini tidak bisa dilakukan sekarang"), "{refused:?}");
    assert_eq!(read(&union, &id).await["status"], "completed");

    // The sender cancels a second referral; it can no longer be accepted.
    let other = sender.send(&case, &service, "Konseling keluarga", "routine").await.unwrap();
    sender.cancel(&other).await.unwrap();
    assert_eq!(read(&union, &other).await["status"], "cancelled");
    assert_eq!(receiver.accept(&other).await.unwrap_err().status, 409);
    assert_eq!(read(&union, &other).await["status"], "cancelled");

    // A third is declined, saying why.
    let third = sender.send(&case, &service, "Rumah aman", "emergency").await.unwrap();
    receiver.decline(&third, "Rumah aman sedang penuh").await.unwrap();
    let declined = read(&union, &third).await;
    assert_eq!(
        (declined["status"].as_str(), declined["decline_reason"].as_str()),
        (Some("declined"), Some("Rumah aman sedang penuh")),
        "{declined}"
    );
}

async fn referral_scenario_through_the_api(engine: Engine) {
    let t = spawn_demo(engine).await;
    referral_scenario(&t, t.as_user("cirebon.union").await, t.as_user("cirebon.wcc").await).await;
}
both!(referral_scenario_through_the_api);

async fn referral_scenario_through_the_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    referral_scenario(&t, t.in_browser("cirebon.union").await, t.in_browser("cirebon.wcc").await).await;
}
both!(referral_scenario_through_the_pages);

async fn referral_texts_follow_a_key_rotation(engine: Engine) {
    use satuatap_core::access::Ctx;
    use satuatap_core::sealing::Keyring;
    let t = spawn_demo(engine).await;
    let person = register(&t, "Karsini", &["RSUD-ARJAWINANGUN"]).await;
    let case = labour_case(&t, &person, &[]).await;
    let union = t.as_user("cirebon.union").await;
    let service = service_of(&t, "RSUD-ARJAWINANGUN").await;
    let r = union.send_referral(&case, &service, "Rahasia rujukan", "routine").await;
    let id: uuid::Uuid = r["id"].as_str().unwrap().parse().unwrap();
    let (_, link) = union.get(&format!("/api/v1/referrals/{id}/link")).await;
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
