//! Villages and community: village registration and verification, the
//! expected visitor at the LTSA front desk, departures and returns, early
//! warnings within need-to-know; on both engines.

mod activities;
mod campaigns;
mod hotline;
mod organising;
mod pages;

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::api::ApiUser;
use crate::helpers::spawn_demo;

/// A woman of the village of `cirebon.village` (Dompyong Kulon), registered by `who`.
pub(crate) async fn villager(who: &ApiUser<'_>, name: &str) -> String {
    let (s, p) = who
        .post(
            "/api/v1/people",
            json!({"full_name": name, "sex": "female", "estimated_age": 24, "village_code": "32.09.30.2001"}),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    p["id"].as_str().unwrap().to_string()
}

pub(crate) fn fields(e: &Value) -> Vec<(String, String)> {
    let mut out = vec![(
        e["error"]["field"].as_str().unwrap_or("").to_string(),
        e["error"]["code"].as_str().unwrap_or("").to_string(),
    )];
    if let Some(all) = e["error"]["fields"].as_array() {
        out = all
            .iter()
            .map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["code"].as_str().unwrap_or("").to_string()))
            .collect();
    }
    out
}

async fn a_village_registers_and_verifies_and_the_desk_expects_her(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let person = villager(&officer, "Siti Rohmah").await;

    // Every bad field is named; nothing is written.
    let (s, e) = officer
        .post(
            "/api/v1/village-registrations",
            json!({"person_id": person, "destination": "XX", "sector": "mining", "job_offer_date": "2999-01-01",
                   "permission_relation": "parent"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = fields(&e);
    for want in [
        ("destination", "unknown_country"),
        ("sector", "unknown_code"),
        ("job_offer_date", "future_date"),
        ("permission_relative", "required"),
    ] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, e) = officer
        .post(
            "/api/v1/village-registrations",
            json!({"person_id": person, "destination": "HK", "agency_code": "SBMI-CRB"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_agency")), "{e}");
    let (s, e) = officer
        .post("/api/v1/village-registrations", json!({"person_id": person, "destination": "HK", "colour": "red"}))
        .await;
    assert_eq!(s, 422, "unknown fields are refused: {e}");
    let (_, list) = officer.get("/api/v1/village-registrations").await;
    assert_eq!(list["total"], 0, "nothing half-written: {list}");

    let (s, r) = officer
        .post(
            "/api/v1/village-registrations",
            json!({"person_id": person, "destination": "hk", "sector": "domestic_work", "job_offer": true,
                   "job_offer_date": "2026-01-05", "permission_relative": "Kasmin", "permission_relation": "parent",
                   "permission_acknowledged_by": "H. Darma (Kuwu)", "permission_acknowledged_on": "2026-01-10",
                   "seen_ktp": true, "seen_family_card": true}),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!((r["status"].as_str(), r["destination"].as_str()), (Some("submitted"), Some("HK")));
    assert_eq!(r["permission"]["relation"], "parent");
    let id = r["id"].as_str().unwrap().to_string();

    // Outside the village it does not exist; the task force reads it but may not verify.
    for other in ["tulungagung.village", "cirebon.wcc", "me.officer"] {
        let (s, _) = t.as_user(other).await.get(&format!("/api/v1/village-registrations/{id}")).await;
        assert!(s == 404 || s == 403, "{other}: {s}");
    }
    let (s, _) = t.as_user("tulungagung.village").await.get(&format!("/api/v1/village-registrations/{id}")).await;
    assert_eq!(s, 404, "another village's officer: exactly not found");
    let task_force = t.as_user("cirebon.taskforce").await;
    let (s, seen) = task_force.get(&format!("/api/v1/village-registrations/{id}")).await;
    assert_eq!(s, 200, "{seen}");
    assert!(seen["person_name"].is_null(), "she was registered by the officer, not by the task force: {seen}");
    let (s, _) =
        task_force.post(&format!("/api/v1/village-registrations/{id}/decision"), json!({"decision": "verify"})).await;
    assert_eq!(s, 403);

    // The desk does not expect her before the village verifies her.
    let desk = t.as_user("cirebon.desk").await;
    let expected = |v: &Value| v.as_array().unwrap().iter().any(|e| e["person_id"] == person.as_str());
    let (_, before) = desk.get("/api/v1/expected-visitors").await;
    assert!(!expected(&before), "{before}");

    let (s, e) =
        officer.post(&format!("/api/v1/village-registrations/{id}/decision"), json!({"decision": "return"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("reason")), "a return needs its reason: {e}");
    let (s, v) =
        officer.post(&format!("/api/v1/village-registrations/{id}/decision"), json!({"decision": "verify"})).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("verified")), "{v}");
    assert!(v["decided_at"].is_string());
    let (s, e) =
        officer.post(&format!("/api/v1/village-registrations/{id}/decision"), json!({"decision": "verify"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_decided")), "{e}");

    let (s, after) = desk.get("/api/v1/expected-visitors").await;
    assert_eq!(s, 200, "{after}");
    let entry = after.as_array().unwrap().iter().find(|e| e["person_id"] == person.as_str()).unwrap().clone();
    assert_eq!((entry["person_name"].as_str(), entry["reason"].as_str()), (Some("Siti Rohmah"), Some("registered")));
    let (_, other_desk) = t.as_user("tulungagung.desk").await.get("/api/v1/expected-visitors").await;
    assert!(!expected(&other_desk), "another district expects nobody of Cirebon");
    // Once she came to the office, nobody waits for her any more.
    let (s, v) = desk
        .post(&format!("/api/v1/people/{person}/visits"), json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in"}))
        .await;
    assert_eq!(s, 201, "{v}");
    let (_, later) = desk.get("/api/v1/expected-visitors").await;
    assert!(!expected(&later), "{later}");

    // Every write and every read is audited, naming her.
    let (_, audit) =
        t.as_user("admin").await.get(&format!("/api/v1/audit?entity=village_registration&entity_id={id}")).await;
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for a in ["create", "read", "verify"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}
both!(a_village_registers_and_verifies_and_the_desk_expects_her);

async fn departures_and_returns_and_the_one_step_after_a_return(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let person = villager(&officer, "Nur Aini").await;
    let departures = format!("/api/v1/people/{person}/departures");
    let returns = format!("/api/v1/people/{person}/returns");

    let (s, e) = officer
        .post(
            &departures,
            json!({"date": "2999-01-01", "destination": "ID", "channel": "smuggled", "reported_by": "family"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = fields(&e);
    for want in [("date", "future_date"), ("destination", "not_abroad"), ("channel", "unknown_code")] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, d) = officer
        .post(
            &departures,
            json!({"date": "2025-03-01", "destination": "MY", "channel": "non_procedural", "reported_by": "family"}),
        )
        .await;
    assert_eq!((s, d["kind"].as_str(), d["channel"].as_str()), (201, Some("departure"), Some("non_procedural")), "{d}");

    let body = |date: &str, follow_up: Value| {
        json!({"date": date, "from_country": "MY", "reason": "terminated_early", "needs": ["legal", "psychosocial"],
               "reported_by": "herself", "follow_up": follow_up, "note": "Gaji 8 bulan tidak dibayar"})
    };
    let (s, e) = officer.post(&returns, body("2025-01-01", Value::Null)).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("before_departure"), Some("date")),
        "{e}"
    );
    let (s, e) = officer.post(&returns, body("2999-01-01", Value::Null)).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("future_date")), "{e}");
    let (s, e) = officer
        .post(&returns, json!({"date": "2026-01-01", "from_country": "MY", "reason": "deported", "reported_by": "herself", "follow_up": "refer"}))
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("without_needs")), "{e}");

    // A return with needs raises a warning in the same step.
    let (s, n) = officer.post(&returns, body("2026-01-01", json!("warning"))).await;
    assert_eq!(s, 201, "{n}");
    assert_eq!(n["needs"], json!(["legal", "psychosocial"]));
    let warning = n["warning_id"].as_str().unwrap().to_string();
    let (s, w) = t.as_user("cirebon.coord").await.get(&format!("/api/v1/warnings/{warning}")).await;
    assert_eq!(s, 200, "{w}");
    assert_eq!((w["kind"].as_str(), w["status"].as_str()), (Some("returnee_in_need"), Some("raised")));
    assert_eq!(w["summary"], "Gaji 8 bulan tidak dibayar");
    assert!(w["person_name"].is_null(), "the coordinator reads no people: {w}");

    // … or refers her to the LTSA-MRC: the desk expects her.
    let (s, n) = officer.post(&returns, body("2026-02-01", json!("refer"))).await;
    assert_eq!((s, n["follow_up"].as_str()), (201, Some("refer")), "{n}");
    let (_, expected) = t.as_user("cirebon.desk").await.get("/api/v1/expected-visitors").await;
    let e = expected.as_array().unwrap().iter().find(|e| e["person_id"] == person.as_str()).unwrap().clone();
    assert_eq!(e["reason"], "returned");

    let (_, list) = officer.get(&format!("/api/v1/notices?person_id={person}")).await;
    assert_eq!(list["total"], 3, "{list}");
    let (_, other) = t.as_user("tulungagung.village").await.get("/api/v1/notices").await;
    assert!(!other.to_string().contains(&person), "{other}");
    // Outside her village nobody records her return.
    let (s, _) = t.as_user("tulungagung.village").await.post(&returns, body("2026-02-02", Value::Null)).await;
    assert_eq!(s, 404);
}
both!(departures_and_returns_and_the_one_step_after_a_return);

async fn warnings_are_acknowledged_and_ended_within_need_to_know(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let person = villager(&officer, "Yuliani").await;

    let (s, e) = officer
        .post("/api/v1/warnings", json!({"kind": "violence_reported", "urgency": "urgent", "summary": "x"}))
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("partner_code")), "violence needs a partner: {e}");
    let (s, e) = officer
        .post(
            "/api/v1/warnings",
            json!({"kind": "other", "urgency": "normal", "summary": "x", "partner_code": "UPTD-PPA-TA"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_partner")), "a partner of another district: {e}");
    let (s, e) = officer
        .post(
            "/api/v1/warnings",
            json!({"kind": "other", "urgency": "normal", "summary": "x", "village_code": "35.04.14.2001"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");

    // A broker, named to the union: the coordinator and the union see it, the crisis centre does not.
    let (s, broker) = officer
        .post(
            "/api/v1/warnings",
            json!({"kind": "suspected_recruiter", "urgency": "urgent", "person_id": person, "partner_code": "SBMI-CRB",
                   "summary": "Calo menawarkan kerja ke Malaysia tanpa P3MI"}),
        )
        .await;
    assert_eq!(s, 201, "{broker}");
    let broker = broker["id"].as_str().unwrap().to_string();
    // Violence, named to the crisis centre: need-to-know.
    let (s, violence) = officer
        .post(
            "/api/v1/warnings",
            json!({"kind": "violence_reported", "urgency": "urgent", "partner_code": "WCC-MAWAR-BALQIS",
                   "summary": "Tetangga mendengar kekerasan di rumah"}),
        )
        .await;
    assert_eq!((s, violence["restricted"].as_bool()), (201, Some(true)), "{violence}");
    let violence = violence["id"].as_str().unwrap().to_string();
    let due = |w: &Value| {
        let raised = chrono::DateTime::parse_from_rfc3339(w["raised_at"].as_str().unwrap()).unwrap();
        let due = chrono::DateTime::parse_from_rfc3339(w["due_at"].as_str().unwrap()).unwrap();
        (due - raised).num_hours()
    };

    let listed = |v: &Value, id: &str| v.as_array().unwrap().iter().any(|w| w["id"] == id);
    for (user, sees_broker, sees_violence) in [
        ("cirebon.coord", true, false),
        ("cirebon.union", true, false),
        ("cirebon.union.sup", true, false),
        ("cirebon.wcc", false, false),
        ("cirebon.wcc.sup", false, true),
        ("cirebon.village", true, true),
        ("cirebon.taskforce", true, false),
        ("tulungagung.coord", false, false),
        ("admin", false, false),
        ("me.officer", false, false),
    ] {
        let u = t.as_user(user).await;
        let (s, list) = u.get("/api/v1/warnings").await;
        if s == 200 {
            assert_eq!(
                (listed(&list, &broker), listed(&list, &violence)),
                (sees_broker, sees_violence),
                "{user}: {list}"
            );
        } else {
            assert_eq!(s, 403, "{user}");
            assert!(!sees_broker && !sees_violence);
        }
        let (s, w) = u.get(&format!("/api/v1/warnings/{violence}")).await;
        assert_eq!(s == 200, sees_violence, "{user}: {w}");
        if !sees_violence {
            let (s2, nobody) = u.get(&format!("/api/v1/warnings/{}", uuid::Uuid::now_v7())).await;
            assert_eq!(
                (s, w["error"]["code"].clone()),
                (s2, nobody["error"]["code"].clone()),
                "{user}: exactly not found"
            );
        }
    }
    let (_, w) = officer.get(&format!("/api/v1/warnings/{broker}")).await;
    assert_eq!(due(&w), 24, "urgent: 24 hours");
    assert_eq!(w["person_name"], "Yuliani");

    // The audit log tells nobody outside the circle of the violence warning.
    let (_, log) =
        t.as_user("admin").await.get(&format!("/api/v1/audit?entity=early_warning&entity_id={violence}")).await;
    assert_eq!(log["total"], 0, "{log}");
    let (_, log) =
        t.as_user("admin").await.get(&format!("/api/v1/audit?entity=early_warning&entity_id={broker}")).await;
    assert!(log["total"].as_u64().unwrap() >= 1, "{log}");

    // The village cannot acknowledge its own warning; the coordinator does, once.
    let (s, _) = officer.post(&format!("/api/v1/warnings/{broker}/acknowledge"), json!({})).await;
    assert_eq!(s, 403);
    let coord = t.as_user("cirebon.coord").await;
    let (s, w) = coord.post(&format!("/api/v1/warnings/{broker}/acknowledge"), json!({})).await;
    assert_eq!((s, w["status"].as_str()), (200, Some("acknowledged")), "{w}");
    let (s, e) = coord.post(&format!("/api/v1/warnings/{broker}/acknowledge"), json!({})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_acknowledged")), "{e}");
    let (s, _) =
        t.as_user("cirebon.union").await.post(&format!("/api/v1/warnings/{violence}/acknowledge"), json!({})).await;
    assert_eq!(s, 404, "outside need-to-know, exactly not found");
    let (s, w) =
        t.as_user("cirebon.wcc.sup").await.post(&format!("/api/v1/warnings/{violence}/acknowledge"), json!({})).await;
    assert_eq!(s, 200, "{w}");

    // The union opens a case for her (she shares her data with it) and ends the warning with it.
    officer.consent(&person, "share_with_partners", "SBMI-CRB").await;
    let union = t.as_user("cirebon.union").await;
    let (s, e) = union.post(&format!("/api/v1/warnings/{broker}/end"), json!({"outcome": "case_opened"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("case_id")), "{e}");
    let (s, e) = union
        .post(
            &format!("/api/v1/warnings/{broker}/end"),
            json!({"outcome": "case_opened", "case_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_case")), "{e}");
    let case = union.open_case(&person, "labour_complaint").await;
    let (s, w) =
        union.post(&format!("/api/v1/warnings/{broker}/end"), json!({"outcome": "case_opened", "case_id": case})).await;
    assert_eq!((s, w["status"].as_str(), w["outcome"].as_str()), (200, Some("ended"), Some("case_opened")), "{w}");
    assert_eq!(w["case_id"], case.as_str());
    let (s, e) = coord.post(&format!("/api/v1/warnings/{broker}/end"), json!({"outcome": "closed", "note": "x"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_ended")), "{e}");
    let (_, open) = coord.get("/api/v1/warnings?open=true").await;
    assert!(!listed(&open, &broker), "ended: not in the open inbox");
    let (s, e) = t
        .as_user("cirebon.wcc.sup")
        .await
        .post(&format!("/api/v1/warnings/{violence}/end"), json!({"outcome": "closed"}))
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("note")), "closing needs its reason: {e}");
}
both!(warnings_are_acknowledged_and_ended_within_need_to_know);

async fn warnings_are_told_by_e_mail_and_chased_once_when_overdue(engine: Engine) {
    let t = spawn_demo(engine).await;
    crate::helpers::raw_sql(
        &t.db_url,
        &[
            "UPDATE organisations SET email = 'disnaker@cirebon.example' WHERE code = 'DISNAKER-CRB'",
            "UPDATE organisations SET email = 'posko@sbmi-cirebon.example' WHERE code = 'SBMI-CRB'",
            "UPDATE organisations SET email = 'konseling@wcc.example' WHERE code = 'WCC-MAWAR-BALQIS'",
        ],
    )
    .await
    .unwrap();
    let officer = t.as_user("cirebon.village").await;
    let raise = |kind: &str, partner: &str, summary: &str| json!({"kind": kind, "urgency": "urgent", "partner_code": partner, "summary": summary});
    let (_, broker) =
        officer.post("/api/v1/warnings", raise("suspected_recruiter", "SBMI-CRB", "Calo bernama Pak Darto")).await;
    let broker = broker["id"].as_str().unwrap().to_string();
    let (_, violence) =
        officer.post("/api/v1/warnings", raise("violence_reported", "WCC-MAWAR-BALQIS", "Suami memukul istri")).await;
    let violence = violence["id"].as_str().unwrap().to_string();

    let sink = crate::smtp_sink::start().await;
    let config = satuatap::config::Config {
        smtp_url: Some(sink.url()),
        public_url: Some("https://satuatap.example".into()),
        ..Default::default()
    };
    let i18n = std::sync::Arc::new(satuatap_web::i18n::I18n::load().unwrap());
    let mailer = satuatap::outbox::SmtpMailer::new(&config, i18n).unwrap().unwrap();
    let run = satuatap::outbox::run_once(&t.app, Some(&mailer)).await.unwrap();
    assert_eq!((run.sent, run.failed, run.overdue_found), (3, 0, 0), "{run:?}");
    let mails = sink.received();
    let to = |id: &str| -> Vec<String> {
        let mut to: Vec<String> = mails
            .iter()
            .filter(|m| crate::referrals::unquote(&m.data).contains(&format!("/warnings/{id}")))
            .flat_map(|m| m.to.clone())
            .collect();
        to.sort();
        to
    };
    assert_eq!(to(&broker), ["disnaker@cirebon.example", "posko@sbmi-cirebon.example"]);
    assert_eq!(to(&violence), ["konseling@wcc.example"], "need-to-know: the partner only");
    for m in &mails {
        let text = crate::referrals::unquote(&m.data);
        assert!(text.contains("Peringatan dini dari Pemerintah Desa"), "{text}");
        for secret in ["Darto", "Suami", "Kekerasan", "Violence", "Calo", "recruiter"] {
            assert!(!text.contains(secret), "no personal data, not even the kind: {secret} in {text}");
        }
    }

    // Past their deadline: chased once, the acknowledged one not at all.
    let (s, _) =
        t.as_user("cirebon.wcc.sup").await.post(&format!("/api/v1/warnings/{violence}/acknowledge"), json!({})).await;
    assert_eq!(s, 200);
    crate::helpers::raw_sql(&t.db_url, &["UPDATE early_warnings SET due_at = '2020-01-01T00:00:00+00:00'"])
        .await
        .unwrap();
    let (_, w) = t.as_user("cirebon.coord").await.get(&format!("/api/v1/warnings/{broker}")).await;
    assert_eq!(w["overdue"], true, "{w}");
    let run = satuatap::outbox::run_once(&t.app, Some(&mailer)).await.unwrap();
    assert_eq!((run.overdue_found, run.sent), (1, 2), "{run:?}");
    let reminders: Vec<String> = sink.received().iter().skip(3).map(|m| crate::referrals::unquote(&m.data)).collect();
    assert!(
        reminders.iter().all(|r| r.contains("Pengingat") && r.contains(&format!("/warnings/{broker}"))),
        "{reminders:?}"
    );
    let run = satuatap::outbox::run_once(&t.app, Some(&mailer)).await.unwrap();
    assert_eq!((run.overdue_found, run.sent), (0, 0), "chased once: {run:?}");
    let (_, log) =
        t.as_user("admin").await.get(&format!("/api/v1/audit?entity=early_warning&entity_id={broker}")).await;
    assert!(log["items"].as_array().unwrap().iter().any(|e| e["action"] == "warning_overdue"), "{log}");
}
both!(warnings_are_told_by_e_mail_and_chased_once_when_overdue);

async fn what_an_outsider_probed_holds(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let person = villager(&officer, "Tarwini").await;

    // One registration in force per person.
    let (s, r) = officer.post("/api/v1/village-registrations", json!({"person_id": person, "destination": "HK"})).await;
    assert_eq!(s, 201, "{r}");
    let (s, e) = officer.post("/api/v1/village-registrations", json!({"person_id": person, "destination": "TW"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_registered")), "{e}");
    let id = r["id"].as_str().unwrap();
    let (s, _) =
        officer.post(&format!("/api/v1/village-registrations/{id}/decision"), json!({"decision": "verify"})).await;
    assert_eq!(s, 200);

    // A list asked for outside the caller's area is refused, not silently narrowed.
    let (s, e) = t.as_user("cirebon.coord").await.get("/api/v1/notices?within=35.04.14.2001").await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");
    let (s, e) = officer.get("/api/v1/village-registrations?within=32.09.01").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("within")), "{e}");
    let (s, wide) = officer.get("/api/v1/village-registrations?within=32.09").await;
    assert_eq!((s, wide["total"].as_u64()), (200, Some(1)), "a wider area narrows to her own: {wide}");

    // Dates from another century, and a return from home.
    let (s, e) = officer
        .post(
            &format!("/api/v1/people/{person}/departures"),
            json!({"date": "1800-01-01", "destination": "HK", "channel": "procedural", "reported_by": "family"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("too_early")), "{e}");
    let (s, e) = officer
        .post(
            &format!("/api/v1/people/{person}/returns"),
            json!({"date": "2026-01-01", "from_country": "ID", "reason": "deported", "reported_by": "family"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_abroad")), "{e}");
    let (s, e) = officer
        .post(
            &format!("/api/v1/people/{person}/returns"),
            json!({"date": "2026-01-01", "from_country": "", "reason": "", "reported_by": "family"}),
        )
        .await;
    assert_eq!(s, 422);
    let got = fields(&e);
    assert!(
        got.contains(&("from_country".into(), "required".into()))
            && got.contains(&("reason".into(), "required".into())),
        "{got:?}"
    );

    // Once she left, the desk no longer expects her.
    let desk = t.as_user("cirebon.desk").await;
    let expected = |v: &Value| v.as_array().unwrap().iter().any(|e| e["person_id"] == person.as_str());
    let (_, before) = desk.get("/api/v1/expected-visitors").await;
    assert!(expected(&before), "{before}");
    let (s, _) = officer
        .post(
            &format!("/api/v1/people/{person}/departures"),
            json!({"date": "2026-02-01", "destination": "HK", "channel": "procedural", "reported_by": "family"}),
        )
        .await;
    assert_eq!(s, 201);
    let (_, after) = desk.get("/api/v1/expected-visitors").await;
    assert!(!expected(&after), "{after}");

    // A need-to-know warning names a partner that has supervisors to handle it.
    for partner in ["DISNAKER-CRB", "BANK-CRB"] {
        let (s, e) = officer
            .post(
                "/api/v1/warnings",
                json!({"kind": "violence_reported", "urgency": "urgent", "summary": "x", "partner_code": partner}),
            )
            .await;
        assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_partner")), "{partner}: {e}");
    }
    // A trafficking warning about her: handled by the crisis centre, no trace of it in the log for anyone else.
    let (s, w) = officer
        .post(
            "/api/v1/warnings",
            json!({"kind": "trafficking_indicators", "urgency": "urgent", "summary": "Dijanjikan kerja, paspor ditahan",
                   "partner_code": "WCC-MAWAR-BALQIS", "person_id": person}),
        )
        .await;
    assert_eq!(s, 201, "{w}");
    let warning = w["id"].as_str().unwrap().to_string();
    let sup = t.as_user("cirebon.wcc.sup").await;
    let (s, e) = sup.post(&format!("/api/v1/warnings/{warning}/acknowledge"), json!({"x": 1})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_field")), "{e}");
    let (s, seen) = sup.get(&format!("/api/v1/warnings/{warning}")).await;
    assert_eq!((s, seen["person_name"].as_str()), (200, Some("Tarwini")), "{seen}");
    let (s, _) = sup.get("/api/v1/warnings").await;
    assert_eq!(s, 200);
    let (s, _) = sup.post(&format!("/api/v1/warnings/{warning}/acknowledge"), json!({})).await;
    assert_eq!(s, 200);
    let (s, e) = sup
        .post(
            &format!("/api/v1/warnings/{warning}/end"),
            json!({"outcome": "closed", "note": "x", "case_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("case_id")), "{e}");
    let (_, log) = t.as_user("admin").await.get("/api/v1/audit?limit=500").await;
    let by_sup: Vec<&Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor_name"] == "cirebon.wcc.sup" && e["entity"] != "api_token")
        .collect();
    assert!(
        by_sup.is_empty(),
        "the crisis centre's handling of her warning leaves no trace for the administrator: {by_sup:?}"
    );
    assert!(!log.to_string().contains(&warning), "{log}");
}
both!(what_an_outsider_probed_holds);
