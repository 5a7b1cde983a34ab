//! Cases by the SOP over the API, on both engines: a labour case from
//! intake to closure, need-to-know of a GBV case (and its sealed notes),
//! supervisor approvals, SOP deadlines.

use chrono::{DateTime, Utc};
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_get as get, api_post as post, api_token as token, spawn_demo, TestApp};

/// A person registered by the front desk who consents to share with `orgs`.
async fn person_sharing_with(t: &TestApp, name: &str, orgs: &[&str]) -> String {
    let desk = token(t, "cirebon.desk").await;
    let (s, p) =
        post(t, &desk, "/api/v1/people", json!({"full_name": name, "sex": "female", "estimated_age": 30})).await;
    assert_eq!(s, 201);
    let id = p["id"].as_str().unwrap().to_string();
    for org in orgs {
        let body =
            json!({"purpose": "share_with_partners", "status": "given", "method": "written", "organisation_code": org});
        assert_eq!(post(t, &desk, &format!("/api/v1/people/{id}/consents"), body).await.0, 201);
    }
    id
}

fn at(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

async fn a_labour_case_through_the_sop(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = person_sharing_with(&t, "Darsih", &["SBMI-CRB"]).await;
    let union = token(&t, "cirebon.union").await;

    let (s, e) = post(&t, &union, "/api/v1/cases", json!({"person_id": person, "kind": "complaint"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("kind")));
    let (s, c) = post(
        &t,
        &union,
        "/api/v1/cases",
        json!({"person_id": person, "kind": "labour_complaint", "labour_categories": ["unpaid_wages", "document_retention"]}),
    )
    .await;
    // Not restricted, but out of scope for another organisation's case
    // worker: exactly what a case that does not exist answers.
    let wcc = token(&t, "cirebon.wcc").await;
    assert_eq!(get(&t, &wcc, &format!("/api/v1/cases/{}", c["id"].as_str().unwrap())).await.0, 404);
    assert_eq!(s, 201, "{c}");
    assert_eq!(
        (c["restricted"].as_bool(), c["stage"].as_str(), c["risk"].as_str()),
        (Some(false), Some("intake"), Some("medium"))
    );
    assert_eq!((at(&c["first_action_due"]) - at(&c["opened_at"])).num_hours(), 72, "medium risk: 3 days by default");
    let id = c["id"].as_str().unwrap().to_string();
    let case = |m: &str| format!("/api/v1/cases/{id}/{m}");

    // A move the stage does not allow names the ones it does.
    let (s, e) = post(&t, &union, &case("follow_up"), json!({})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("invalid_transition")));
    assert_eq!(e["error"]["allowed"], json!(["assess", "close"]));
    assert!(e["error"]["message"].as_str().unwrap().contains("asesmen, tutup"), "{e}");
    // A code is checked even in a field this move does not use.
    let (s, e) = post(&t, &union, &case("assess"), json!({"reason": "AAA"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("reason")), "{e}");

    let (s, c) =
        post(&t, &union, &case("assess"), json!({"risk": "low", "needs": ["bantuan hukum", "kepulangan"]})).await;
    assert_eq!((s, c["stage"].as_str(), c["risk"].as_str()), (200, Some("assessment"), Some("low")));
    assert!(c["first_action_at"].is_string());
    let (s, e) =
        post(&t, &union, &case("plan"), json!({"actions": [{"what": "", "who": "nobody.here", "due": "soon"}]})).await;
    assert_eq!(s, 422);
    let fields: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["actions[0].what", "actions[0].due", "actions[0].who"]);
    let (s, c) = post(
        &t,
        &union,
        &case("plan"),
        json!({"actions": [
            {"what": "Surat kuasa dan kronologi", "due": "2026-12-01"},
            {"what": "Mediasi dengan P3MI", "who": "cirebon.union.sup", "due": "2026-12-15"}
        ]}),
    )
    .await;
    assert_eq!((s, c["stage"].as_str()), (200, Some("plan")));
    let (_, tasks) = get(&t, &union, &case("tasks")).await;
    assert_eq!(tasks.as_array().unwrap().len(), 2);
    // A task goes only to someone who may read the case: never to another
    // organisation or district (it would carry the case's id and text there).
    for outsider in ["cirebon.wcc", "blitar.desk", "admin"] {
        let (s, e) = post(&t, &union, &case("tasks"), json!({"what": "Telepon majikan", "who": outsider})).await;
        assert_eq!((s, e["error"]["fields"][0]["code"].as_str()), (422, Some("not_on_case")), "{outsider}: {e}");
    }
    let wcc = token(&t, "cirebon.wcc").await;
    let (_, work) = get(&t, &wcc, "/api/v1/me/work").await;
    assert!(!work.to_string().contains(&id), "nothing of the case reaches the crisis centre: {work}");
    let first_task = tasks[0]["id"].as_str().unwrap().to_string();
    assert_eq!(post(&t, &union, &case("start_services"), json!({})).await.0, 200);
    let r = t.client.post(t.url(&case(&format!("tasks/{first_task}/done")))).bearer_auth(&union).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let (s, e) = post(&t, &union, &case(&format!("tasks/{first_task}/done")), json!({})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_done")));

    // My work: the open case and the supervisor's task.
    let (_, work) = get(&t, &union, "/api/v1/me/work").await;
    assert_eq!(work["cases"][0]["id"], id.as_str());
    let sup = token(&t, "cirebon.union.sup").await;
    let (_, work) = get(&t, &sup, "/api/v1/me/work").await;
    assert_eq!(work["tasks_due"][0]["what"], "Mediasi dengan P3MI");

    // The complaint against the placement agency, mediated and settled.
    let put = |path: String, body: Value| {
        let (t, union) = (&t, union.clone());
        async move {
            let r = t.client.put(t.url(&path)).bearer_auth(&union).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, e) = put(case("complaint"), json!({"claims": [{"item": "gaji", "amount": "-5", "currency": "MYR"}]})).await;
    assert_eq!(s, 422);
    let fields: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["respondent_name", "claims[0].amount"]);
    let (s, _) = post(
        &t,
        &union,
        &case("complaint/sessions"),
        json!({"date": "2026-11-01", "parties": "x", "result": "agreement"}),
    )
    .await;
    assert_eq!(s, 404, "no complaint yet");
    let (s, c) = put(
        case("complaint"),
        json!({"respondent_organisation_code": "P3MI-DEMO-CRB", "claims": [
            {"item": "gaji 3 bulan", "amount": "4500", "currency": "MYR"},
            {"item": "biaya penempatan berlebih", "amount": 7500000, "currency": "IDR"}
        ]}),
    )
    .await;
    assert_eq!((s, c["claims"][1]["amount"].as_str()), (200, Some("7500000")), "{c}");
    let (s, _) = post(
        &t,
        &union,
        &case("complaint/sessions"),
        json!({"date": "2026-10-01", "parties": "PMI, P3MI, SBMI", "result": "no_agreement"}),
    )
    .await;
    assert_eq!(s, 201);
    post(
        &t,
        &union,
        &case("complaint/sessions"),
        json!({"date": "2026-10-15", "parties": "PMI, P3MI, SBMI, Disnaker", "result": "agreement"}),
    )
    .await;
    let (s, _) = post(
        &t,
        &union,
        &case("complaint/settlement"),
        json!({"date": "2026-10-20", "amount_recovered": "4000", "currency": "MYR", "terms": "dibayar dua kali"}),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = post(
        &t,
        &union,
        &case("complaint/escalations"),
        json!({"channel": "bp3mi", "date": "2026-09-01", "reference": "PGD/2026/091"}),
    )
    .await;
    assert_eq!(s, 201);
    let (_, c) = get(&t, &union, &case("complaint")).await;
    let results: Vec<_> = c["sessions"].as_array().unwrap().iter().map(|m| m["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["no_agreement", "agreement"]);
    assert_eq!(
        (c["settlement"]["amount_recovered"].as_str(), c["settlement"]["currency"].as_str()),
        (Some("4000"), Some("MYR"))
    );
    assert_eq!(c["escalations"][0]["channel"], "bp3mi");

    assert_eq!(post(&t, &union, &case("follow_up"), json!({})).await.0, 200);
    let (s, e) = post(&t, &union, &case("close"), json!({})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("reason")));
    let (s, c) =
        post(&t, &union, &case("close"), json!({"reason": "needs_met", "outcome": "Gaji dibayar penuh"})).await;
    assert_eq!((s, c["status"].as_str(), c["closure_reason"].as_str()), (200, Some("closed"), Some("needs_met")));
    assert!(c["pending_approval"].is_null(), "a low-risk open case closes without approval");
    let (s, _) = post(&t, &union, &case("reopen"), json!({})).await;
    assert_eq!(s, 422, "reopening says why");
    let (s, c) = post(&t, &union, &case("reopen"), json!({"outcome": "Sisa gaji belum dibayar"})).await;
    assert_eq!((s, c["stage"].as_str(), c["status"].as_str()), (200, Some("reopened"), Some("open")));

    let (_, timeline) = get(&t, &union, &case("timeline")).await;
    let events: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        [
            "create",
            "assess",
            "plan",
            "start_services",
            "task_done",
            "complaint_recorded",
            "mediation",
            "mediation",
            "settlement",
            "escalation",
            "follow_up",
            "close",
            "reopen"
        ]
    );

    // Forced-labour indicators: the owner may restrict (nobody else); trafficking restricts at once.
    let (s, c) = post(&t, &union, &case("classify"), json!({"labour_categories": ["unpaid_wages"], "forced_labour_indicators": ["debt_bondage", "withholding_of_wages"]})).await;
    assert_eq!((s, c["restricted"].as_bool()), (200, Some(false)));
    let (s, e) = post(&t, &union, &case("incident"), json!({})).await;
    assert_eq!(s, 405, "{e}");
    let r = t
        .client
        .put(t.url(&case("incident")))
        .bearer_auth(&union)
        .json(&json!({"answers": {}, "incident_date": "2026-01-01", "first_report_date": "2026-01-02"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "not a GBV case");
    assert_eq!(post(&t, &sup, &case("restrict"), json!({})).await.0, 403, "only the owner restricts");
    let (s, c) = post(&t, &union, &case("restrict"), json!({})).await;
    assert_eq!((s, c["restricted"].as_bool()), (200, Some(true)));
    let (s, e) = post(&t, &union, &case("restrict"), json!({})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_restricted")));
    assert_eq!(
        get(&t, &sup, &format!("/api/v1/cases/{id}")).await.0,
        200,
        "the holding organisation's supervisor needs to know"
    );

    // Restricted now: outside need-to-know, as if it did not exist.
    for user in ["cirebon.wcc", "blitar.union"] {
        let tok = token(&t, user).await;
        assert_eq!(get(&t, &tok, &format!("/api/v1/cases/{id}")).await.0, 404, "{user}");
    }
    super::bulk::caseload_summaries_agree(&t, true).await;
}
both!(a_labour_case_through_the_sop);

async fn a_gbv_case_is_need_to_know(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = person_sharing_with(&t, "Sunarti", &["WCC-MAWAR-BALQIS"]).await;
    let wcc = token(&t, "cirebon.wcc").await;
    let (s, c) = post(&t, &wcc, "/api/v1/cases", json!({"person_id": person, "kind": "gbv", "risk": "high"})).await;
    assert_eq!((s, c["restricted"].as_bool()), (201, Some(true)), "{c}");
    assert_eq!((at(&c["first_action_due"]) - at(&c["opened_at"])).num_hours(), 24, "high risk: 24 hours");
    let id = c["id"].as_str().unwrap().to_string();
    let secret = "Korban dipukul majikan di Riyadh";
    let (s, n) = post(&t, &wcc, &format!("/api/v1/cases/{id}/notes"), json!({"text": secret})).await;
    assert_eq!((s, n["text"].as_str()), (201, Some(secret)));

    // The incident: the type follows the questions in order, the delay the dates.
    let incident = |body: Value| {
        let (t, wcc, id) = (&t, wcc.clone(), id.clone());
        async move {
            let r = t
                .client
                .put(t.url(&format!("/api/v1/cases/{id}/incident")))
                .bearer_auth(&wcc)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, e) = incident(
        json!({"answers": {}, "incident_date": "2026-03-10", "first_report_date": "2026-03-01", "contexts": ["bad"]}),
    )
    .await;
    assert_eq!(s, 422);
    let fields: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["contexts[0]", "first_report_date"]);
    let (s, i) = incident(json!({
        "answers": {"physical_assault": true, "psychological_abuse": true},
        "contexts": ["workplace_abroad"], "incident_date": "2026-03-01", "first_report_date": "2026-03-11",
        "perpetrator_relationship": "employer", "reporting_consent": true, "narrative": "Dipukul di dapur, Riyadh"
    }))
    .await;
    assert_eq!(s, 200, "{i}");
    assert_eq!((i["gbv_type"].as_str(), i["reporting_delay"].as_str()), (Some("physical_assault"), Some("days_6_14")));
    let (_, i) = get(&t, &wcc, &format!("/api/v1/cases/{id}/incident")).await;
    assert_eq!(i["narrative"], "Dipukul di dapur, Riyadh");

    // Those who need to know read it; nobody else learns more than that it exists.
    let sup = token(&t, "cirebon.wcc.sup").await;
    let (s, notes) = get(&t, &sup, &format!("/api/v1/cases/{id}/notes")).await;
    assert_eq!((s, notes[0]["text"].as_str()), (200, Some(secret)));
    // Case workers of other organisations, and an unassigned colleague: as
    // if it did not exist.
    for user in ["cirebon.union", "cirebon.union.sup", "cirebon.wcc.2"] {
        let tok = token(&t, user).await;
        assert_eq!(get(&t, &tok, &format!("/api/v1/cases/{id}")).await.0, 404, "{user} reads the case");
        assert_eq!(get(&t, &tok, &format!("/api/v1/cases/{id}/notes")).await.0, 404, "{user} reads the notes");
        assert_eq!(get(&t, &tok, &format!("/api/v1/cases/{id}/incident")).await.0, 404, "{user} reads the incident");
    }
    // Roles without any case permission: refused at the door, whatever the id.
    for user in ["cirebon.desk", "me.officer", "admin"] {
        let tok = token(&t, user).await;
        assert_eq!(get(&t, &tok, &format!("/api/v1/cases/{id}")).await.0, 403, "{user} reads the case");
        assert_eq!(get(&t, &tok, &format!("/api/v1/cases/{}", uuid::Uuid::now_v7())).await.0, 403);
    }
    let union = token(&t, "cirebon.union").await;
    let (_, list) = get(&t, &union, "/api/v1/cases").await;
    assert_eq!(list["items"], json!([]), "not listed");
    let desk = token(&t, "cirebon.desk").await;
    let (s, mentions) = get(&t, &desk, &format!("/api/v1/people/{person}/cases")).await;
    assert_eq!((s, &mentions), (200, &json!([])), "not even who holds it");

    // Need-to-know widens only inside the holding organisation (another
    // organisation is reached by a consent-gated referral), and only by the
    // owner or a supervisor: an assignee does not pass it on.
    let (s, e) = post(&t, &wcc, &format!("/api/v1/cases/{id}/assign"), json!({"username": "cirebon.union"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_in_holding_organisation")));
    assert_eq!(get(&t, &union, &format!("/api/v1/cases/{id}")).await.0, 404);
    assert_eq!(
        post(&t, &wcc, &format!("/api/v1/cases/{id}/assign"), json!({"username": "cirebon.wcc.2"})).await.0,
        200
    );
    let colleague = token(&t, "cirebon.wcc.2").await;
    assert_eq!(get(&t, &colleague, &format!("/api/v1/cases/{id}")).await.0, 200, "assigned, she needs to know");
    let (s, e) =
        post(&t, &colleague, &format!("/api/v1/cases/{id}/assign"), json!({"username": "cirebon.wcc.sup"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("not_case_steward")));
    let (s, e) = post(
        &t,
        &colleague,
        &format!("/api/v1/cases/{id}/transfer"),
        json!({"organisation_code": "SBMI-LTM", "reason": "pindah"}),
    )
    .await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("not_case_steward")), "an assignee hands nothing on");

    // Attachments: a PDF or an image, recognised by content, at most 10 MB, sealed at rest.
    let upload = |name: &str, bytes: Vec<u8>| {
        let (t, wcc, url) = (&t, wcc.clone(), t.url(&format!("/api/v1/cases/{id}/attachments?name={name}")));
        async move {
            let r = t.client.post(url).bearer_auth(&wcc).body(bytes).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let pdf = b"%PDF-1.4 Visum kerja dan kontrak, Riyadh".to_vec();
    let (s, a) = upload("kontrak.pdf", pdf.clone()).await;
    assert_eq!((s, a["content_type"].as_str()), (201, Some("application/pdf")), "{a}");
    let (s, e) = upload("virus.pdf", b"MZ\x90\x00 not a pdf".to_vec()).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("file_type")));
    let (s, e) = upload("big.pdf", [b"%PDF-".to_vec(), vec![b'x'; 10 * 1024 * 1024]].concat()).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("too_large_mb")));
    let file = format!("/api/v1/cases/{id}/attachments/{}", a["id"].as_str().unwrap());
    let r = t.client.get(t.url(&file)).bearer_auth(&wcc).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    let union_sup = token(&t, "cirebon.union.sup").await;
    assert_eq!(get(&t, &union_sup, &file).await.0, 404, "not without need-to-know");
    let (_, list) = get(&t, &wcc, &format!("/api/v1/cases/{id}/attachments")).await;
    assert_eq!(list[0]["file_name"], "kontrak.pdf");
    assert!(
        crate::helpers::raw_query_strings(
            &t.db_url,
            "SELECT CAST(COUNT(*) AS TEXT) FROM case_attachments WHERE size = 40"
        )
        .await
            == ["1"]
    );

    // The note is not in the database in plain text.
    let mut stored = crate::helpers::raw_query_strings(&t.db_url, "SELECT sealed FROM case_notes").await;
    stored.extend(crate::helpers::raw_query_strings(&t.db_url, "SELECT sealed_narrative FROM case_incidents").await);
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|s| s.starts_with("v1:") && !s.contains("Riyadh")), "{stored:?}");
    if let Some(file) = t.db_url.strip_prefix("sqlite://").map(|f| f.split('?').next().unwrap().to_string()) {
        for suffix in ["", "-wal"] {
            if let Ok(bytes) = std::fs::read(format!("{file}{suffix}")) {
                assert!(!bytes.windows(6).any(|w| w == b"Riyadh"), "plain text in {file}{suffix}");
            }
        }
    }
    // Refused reads are audited — shown to no administrator, who may not know of the case.
    let refused = satuatap_core::repo::AuditFilter {
        action: Some(satuatap_core::audit::AuditAction::ReadRefused),
        ..Default::default()
    };
    let all = satuatap_core::paging::PageRequest::first(10);
    let found = t.app.audit_log(&satuatap_core::access::Ctx::system(), &refused, all).await.unwrap();
    assert!(found.total >= 4);
    let admin = token(&t, "admin").await;
    let (_, audit) = get(&t, &admin, "/api/v1/audit?action=read_refused").await;
    assert_eq!(audit["total"], 0);
    super::bulk::caseload_summaries_agree(&t, false).await;
}
both!(a_gbv_case_is_need_to_know);

async fn closing_a_restricted_case_needs_a_supervisor(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = person_sharing_with(&t, "Rasminah", &["WCC-MAWAR-BALQIS"]).await;
    let wcc = token(&t, "cirebon.wcc").await;
    // A GBV case takes no labour categories nor forced-labour indicators.
    let (s, e) = post(
        &t,
        &wcc,
        "/api/v1/cases",
        json!({"person_id": person, "kind": "gbv", "labour_categories": ["unpaid_wages"], "forced_labour_indicators": ["debt_bondage"]}),
    )
    .await;
    assert_eq!(s, 422, "{e}");
    let fields: Vec<_> = e["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("labour_categories", "not_for_kind"), ("forced_labour_indicators", "not_for_kind")]);
    let (_, c) = post(&t, &wcc, "/api/v1/cases", json!({"person_id": person, "kind": "gbv"})).await;
    let id = c["id"].as_str().unwrap().to_string();
    let case = |m: &str| format!("/api/v1/cases/{id}/{m}");
    let (s, e) = post(&t, &wcc, &case("classify"), json!({"labour_categories": ["unpaid_wages"]})).await;
    assert_eq!((s, e["error"]["fields"][0]["code"].as_str()), (422, Some("not_for_kind")));
    let (s, c) = post(&t, &wcc, &case("close"), json!({"reason": "client_withdrew"})).await;
    assert_eq!((s, c["status"].as_str()), (200, Some("open")));
    let approval = c["pending_approval"].as_str().unwrap().to_string();
    let (s, e) = post(&t, &wcc, &case("assess"), json!({})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("approval_pending")));
    // The supervisor's caseload shows what waits for them.
    let (_, other) =
        post(&t, &wcc, "/api/v1/cases", json!({"person_id": person, "kind": "other_protection", "risk": "low"})).await;
    assert_eq!(get(&t, &wcc, "/api/v1/caseload").await.0, 403);
    let sup = token(&t, "cirebon.wcc.sup").await;
    let (s, load) = get(&t, &sup, "/api/v1/caseload").await;
    assert_eq!(s, 200);
    assert_eq!(load["pending_approvals"][0]["id"], id.as_str());
    assert_eq!(load["without_action"][0]["id"], other["id"]);
    assert_eq!(load["open_by_stage"], json!([["intake", 2]]));
    // The counsellor cannot decide; the supervisor must say why when rejecting.
    let decide = case(&format!("approvals/{approval}"));
    assert_eq!(post(&t, &wcc, &decide, json!({"decision": "approve"})).await.0, 403);
    let (s, e) = post(&t, &sup, &decide, json!({"decision": "reject"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("comment")));
    let (s, c) = post(&t, &sup, &decide, json!({"decision": "reject", "comment": "Hubungi lagi minggu depan"})).await;
    assert_eq!((s, c["status"].as_str(), c["pending_approval"].as_str()), (200, Some("open"), None));
    let (s, e) = post(&t, &sup, &decide, json!({"decision": "approve"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_decided")));
    // Asked again, and approved: closed.
    let (_, c) =
        post(&t, &wcc, &case("close"), json!({"reason": "client_withdrew", "outcome": "Tidak ingin melanjutkan"}))
            .await;
    let approval = c["pending_approval"].as_str().unwrap().to_string();
    let (s, c) = post(&t, &sup, &case(&format!("approvals/{approval}")), json!({"decision": "approve"})).await;
    assert_eq!((s, c["status"].as_str(), c["stage"].as_str()), (200, Some("closed"), Some("closed")));
    let (_, approvals) = get(&t, &wcc, &case("approvals")).await;
    let statuses: Vec<_> = approvals.as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["rejected", "approved"]);
    let (_, timeline) = get(&t, &wcc, &case("timeline")).await;
    let events: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["create", "close_requested", "reject", "close_requested", "approve"]);

    // The district's SOP sets the deadlines (its coordinator may change them).
    let coord = token(&t, "cirebon.coord").await;
    let body = json!({"high_hours": 12, "medium_hours": 48, "low_hours": 120});
    let r = t.client.put(t.url("/api/v1/districts/32.09/sop")).bearer_auth(&coord).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = t.client.put(t.url("/api/v1/districts/35.04/sop")).bearer_auth(&coord).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 403, "another district's SOP");
    let (_, c) =
        post(&t, &wcc, "/api/v1/cases", json!({"person_id": person, "kind": "other_protection", "risk": "high"})).await;
    assert_eq!((at(&c["first_action_due"]) - at(&c["opened_at"])).num_hours(), 12);
    assert_eq!(get(&t, &wcc, "/api/v1/districts/32.09/sop").await.1, body);
    super::bulk::caseload_summaries_agree(&t, false).await;
}
both!(closing_a_restricted_case_needs_a_supervisor);

async fn transfers_between_organisations_and_districts(engine: Engine) {
    let t = spawn_demo(engine).await;
    let person = person_sharing_with(&t, "Wartini", &["SBMI-CRB"]).await;
    let union = token(&t, "cirebon.union").await;
    let (_, c) = post(&t, &union, "/api/v1/cases", json!({"person_id": person, "kind": "labour_complaint"})).await;
    let id = c["id"].as_str().unwrap().to_string();
    let (s, e) = post(
        &t,
        &union,
        &format!("/api/v1/cases/{id}/transfer"),
        json!({"organisation_code": "SBMI-CRB", "reason": "x"}),
    )
    .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("same_organisation")));
    let (s, tr) = post(
        &t,
        &union,
        &format!("/api/v1/cases/{id}/transfer"),
        json!({"organisation_code": "SBMI-BLT", "reason": "Keluarga pindah ke Blitar"}),
    )
    .await;
    assert_eq!((s, tr["status"].as_str()), (201, Some("requested")));
    let tid = tr["id"].as_str().unwrap().to_string();
    let (s, e) = post(
        &t,
        &union,
        &format!("/api/v1/cases/{id}/transfer"),
        json!({"organisation_code": "WCC-MAWAR-BALQIS", "reason": "x"}),
    )
    .await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("transfer_pending")));

    // The receiving organisation sees the request; only its supervisor answers.
    let blitar = token(&t, "blitar.union").await;
    let (_, inbox) = get(&t, &blitar, "/api/v1/transfers/incoming").await;
    assert_eq!(inbox[0]["id"], tid.as_str());
    assert_eq!(post(&t, &blitar, &format!("/api/v1/transfers/{tid}/accept"), json!({})).await.0, 403);
    let wcc_sup = token(&t, "cirebon.wcc.sup").await;
    assert_eq!(post(&t, &wcc_sup, &format!("/api/v1/transfers/{tid}/accept"), json!({})).await.0, 404, "not theirs");
    let sup = token(&t, "blitar.union.sup").await;
    let (s, e) = post(&t, &sup, &format!("/api/v1/transfers/{tid}/decline"), json!({})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("comment")));
    let (s, tr) = post(&t, &sup, &format!("/api/v1/transfers/{tid}/accept"), json!({})).await;
    assert_eq!((s, tr["status"].as_str()), (200, Some("accepted")));

    // The case now belongs to Blitar's union, in Blitar's district.
    let (s, c) = get(&t, &sup, &format!("/api/v1/cases/{id}")).await;
    assert_eq!((s, c["district_code"].as_str()), (200, Some("35.05")));
    let (_, me) = get(&t, &sup, "/api/v1/me").await;
    assert_eq!(c["owner_id"], me["id"]);
    assert_eq!(get(&t, &union, &format!("/api/v1/cases/{id}")).await.0, 404, "the sender no longer holds it");
    let (_, timeline) = get(&t, &sup, &format!("/api/v1/cases/{id}/timeline")).await;
    let events: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["create", "transfer_requested", "transfer_accepted"]);
    let (s, e) = post(&t, &sup, &format!("/api/v1/transfers/{tid}/decline"), json!({"comment": "x"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_decided")));
    super::bulk::caseload_summaries_agree(&t, false).await;
}
both!(transfers_between_organisations_and_districts);

async fn rotating_the_sealing_key(engine: Engine) {
    use satuatap_core::sealing::Keyring;
    let t = spawn_demo(engine).await;
    let person = person_sharing_with(&t, "Tasmi", &["WCC-MAWAR-BALQIS"]).await;
    let wcc = token(&t, "cirebon.wcc").await;
    let (_, c) = post(&t, &wcc, "/api/v1/cases", json!({"person_id": person, "kind": "gbv"})).await;
    let id = c["id"].as_str().unwrap().to_string();
    let (_, note) = post(&t, &wcc, &format!("/api/v1/cases/{id}/notes"), json!({"text": "Rahasia"})).await;
    // A new key first in the key file, the old one kept: re-seal, then the old key can go.
    let new_line = Keyring::new_key_line("k2");
    let both = Keyring::parse(&format!("{new_line}\n{}", t.key_line)).unwrap();
    let rotated = t.app.clone().with_keyring(both);
    let user_ctx = satuatap_core::access::Ctx::anonymous("test");
    assert!(rotated.reseal(&user_ctx).await.is_err(), "the command line only");
    assert_eq!(rotated.reseal(&satuatap_core::access::Ctx::system()).await.unwrap(), 1);
    assert_eq!(rotated.reseal(&satuatap_core::access::Ctx::system()).await.unwrap(), 0, "nothing stale left");
    let stored = crate::helpers::raw_query_strings(&t.db_url, "SELECT sealed FROM case_notes").await;
    assert!(stored[0].starts_with("v1:k2:"), "{stored:?}");
    let only_new = Keyring::parse(&new_line).unwrap();
    assert_eq!(only_new.open(&stored[0], note["id"].as_str().unwrap()).unwrap(), "Rahasia");
    // The server still holding only the old key cannot open it any more: an internal fault, not a leak.
    assert_eq!(get(&t, &wcc, &format!("/api/v1/cases/{id}/notes")).await.0, 500);
}
both!(rotating_the_sealing_key);
