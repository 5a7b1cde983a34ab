//! The audit log records what happened, once: the exact entries (action,
//! entity, id) written by one page view of a case and of a person, and by
//! accepting and cancelling a referral and closing a case, through the pages
//! and through the API, on both engines. A guard never writes an entry.

use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::{api_get, api_post, api_token, browser, page, post_form, raw_query_strings, spawn_demo, TestApp};

/// The newest sequence number of the log.
async fn mark(t: &TestApp) -> i64 {
    let seq = raw_query_strings(&t.db_url, "SELECT CAST(MAX(seq) AS TEXT) FROM audit_log").await;
    seq[0].parse().unwrap()
}

/// The entries written after `since`, as "action entity id".
async fn written_since(t: &TestApp, since: i64) -> Vec<String> {
    raw_query_strings(
        &t.db_url,
        &format!(
            "SELECT action || ' ' || entity || ' ' || COALESCE(entity_id, '-') FROM audit_log \
             WHERE seq > {since} ORDER BY seq"
        ),
    )
    .await
}

/// Runs `step`, then asserts that it wrote exactly `expected` entries.
macro_rules! writes_exactly {
    ($t:expr, $what:expr, $expected:expr, $step:expr) => {{
        let since = mark($t).await;
        let out = $step;
        let written = written_since($t, since).await;
        let expected: Vec<String> = $expected;
        assert_eq!(written, expected, "{}", $what);
        out
    }};
}

fn id_of(path: &str) -> String {
    path.split('#').next().unwrap().rsplit('/').next().unwrap().to_string()
}

async fn one_entry_per_view_and_per_command(engine: Engine) {
    let t = spawn_demo(engine).await;
    // Setting up: the desk registers her, with consent to share with the union and the crisis centre.
    let (desk, desk_csrf) = browser(&t, "cirebon.desk").await;
    let (s, person) = post_form(
        &desk,
        &t,
        "/people/new",
        &[
            ("csrf", &desk_csrf),
            ("confirm", "true"),
            ("full_name", "Warsini"),
            ("sex", "female"),
            ("estimated_age", "31"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let person_id = id_of(&person);
    for (purpose, org) in [
        ("share_with_partners", "SBMI-CRB"),
        ("share_with_partners", "WCC-MAWAR-BALQIS"),
        ("referral", "WCC-MAWAR-BALQIS"),
    ] {
        let form = [
            ("csrf", desk_csrf.as_str()),
            ("purpose", purpose),
            ("organisation_code", org),
            ("status", "given"),
            ("method", "written"),
        ];
        assert_eq!(post_form(&desk, &t, &format!("{person}/consents/new"), &form).await.0, 303);
    }
    let (union, csrf) = browser(&t, "cirebon.union").await;
    let (s, case) = post_form(
        &union,
        &t,
        &format!("{person}/cases/new"),
        &[("csrf", &csrf), ("kind", "labour_complaint"), ("risk", "high"), ("labour_categories", "unpaid_wages")],
    )
    .await;
    assert_eq!(s, 303);
    let case = case.split('#').next().unwrap().to_string();
    let case_id = id_of(&case);

    // One view of the case page: one read of the case, nothing else.
    writes_exactly!(&t, "a case page", vec![format!("read case {case_id}")], {
        let (s, html) = page(&union, &t, &case).await;
        assert_eq!(s, 200);
        assert!(html.contains("Warsini"), "the page shows whose case it is");
    });
    // One view of the person page: one read of the person.
    writes_exactly!(&t, "a person page", vec![format!("read person {person_id}")], {
        let (s, html) = page(&union, &t, &person).await;
        assert_eq!(s, 200);
        assert!(html.contains(&case), "the page lists her case");
    });
    // The API's reads: one entry each.
    let tok = api_token(&t, "cirebon.union").await;
    writes_exactly!(&t, "GET a case", vec![format!("read case {case_id}")], {
        assert_eq!(api_get(&t, &tok, &format!("/api/v1/cases/{case_id}")).await.0, 200);
    });
    writes_exactly!(&t, "GET a person", vec![format!("read person {person_id}")], {
        assert_eq!(api_get(&t, &tok, &format!("/api/v1/people/{person_id}")).await.0, 200);
    });

    // Referrals to the crisis centre: sent by the union.
    let wcc_service = {
        let (_, services) = api_get(&t, &tok, "/api/v1/directory/services?q=Mawar").await;
        let items = services["items"].as_array().unwrap();
        let s = items.iter().find(|s| s["organisation"]["code"] == "WCC-MAWAR-BALQIS").unwrap_or(&items[0]);
        s["id"].as_str().unwrap().to_string()
    };
    let mut referrals = Vec::new();
    for reason in ["Konseling", "Pendampingan", "Rumah aman"] {
        let (s, r) = api_post(
            &t,
            &tok,
            "/api/v1/referrals",
            json!({"case_id": case_id, "service_id": wcc_service, "reason": reason, "urgency": "routine"}),
        )
        .await;
        assert_eq!(s, 201, "{r}");
        referrals.push(r["id"].as_str().unwrap().to_string());
    }

    // Accepting, through the page: the change, once (the redirect's page is
    // a read of its own). Through the API the answer shows the referral with
    // what is now shared: the change and one read.
    let (wcc, wcc_csrf) = browser(&t, "cirebon.wcc").await;
    writes_exactly!(&t, "accepting on the page", vec![format!("referral_accepted case {case_id}")], {
        let (s, _) = post_form(&wcc, &t, &format!("/referrals/{}/accept", referrals[0]), &[("csrf", &wcc_csrf)]).await;
        assert_eq!(s, 303);
    });
    let wcc_tok = api_token(&t, "cirebon.wcc").await;
    writes_exactly!(
        &t,
        "accepting over the API",
        vec![format!("referral_accepted case {case_id}"), format!("read referral {}", referrals[1])],
        {
            let (s, _) = api_post(&t, &wcc_tok, &format!("/api/v1/referrals/{}/accept", referrals[1]), json!({})).await;
            assert_eq!(s, 200);
        }
    );
    // Cancelling: the change, once; no read of the case on the way.
    writes_exactly!(&t, "cancelling on the page", vec![format!("referral_cancelled case {case_id}")], {
        let (s, _) = post_form(&union, &t, &format!("/referrals/{}/cancel", referrals[2]), &[("csrf", &csrf)]).await;
        assert_eq!(s, 303);
    });

    // Closing the case: a high-risk case asks the supervisor first (the
    // request, once), and the supervisor's approval closes it (the decision,
    // once).
    writes_exactly!(&t, "asking to close on the page", vec![format!("close_requested case {case_id}")], {
        let (s, _) =
            post_form(&union, &t, &format!("{case}/move/close"), &[("csrf", &csrf), ("reason", "needs_met")]).await;
        assert_eq!(s, 303);
    });
    let sup_tok = api_token(&t, "cirebon.union.sup").await;
    let (_, approvals) = api_get(&t, &sup_tok, &format!("/api/v1/cases/{case_id}/approvals")).await;
    let approval = approvals[0]["id"].as_str().unwrap().to_string();
    let (sup, sup_csrf) = browser(&t, "cirebon.union.sup").await;
    writes_exactly!(&t, "closing by approval on the page", vec![format!("approve case {case_id}")], {
        let (s, _) = post_form(
            &sup,
            &t,
            &format!("{case}/approvals/{approval}"),
            &[("csrf", &sup_csrf), ("decision", "approve"), ("comment", "")],
        )
        .await;
        assert_eq!(s, 303);
    });
    let (_, closed) = api_get(&t, &tok, &format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(closed["status"], "closed");
    // A case of medium risk closes at once, over the API: the move, once.
    let (s, other) = api_post(
        &t,
        &tok,
        "/api/v1/cases",
        json!({"person_id": person_id, "kind": "labour_complaint", "risk": "medium"}),
    )
    .await;
    assert_eq!(s, 201, "{other}");
    let other = other["id"].as_str().unwrap().to_string();
    writes_exactly!(&t, "closing over the API", vec![format!("close case {other}")], {
        let (s, body) =
            api_post(&t, &tok, &format!("/api/v1/cases/{other}/close"), json!({"reason": "needs_met"})).await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(body["status"], "closed");
    });

    // A refused command writes nothing (the guard is quiet).
    let outsider = api_token(&t, "blitar.union").await;
    writes_exactly!(&t, "a refused note", vec![], {
        let (s, _) = api_post(&t, &outsider, &format!("/api/v1/cases/{case_id}/notes"), json!({"text": "x"})).await;
        assert!(s == 403 || s == 404, "{s}");
    });
}
both!(one_entry_per_view_and_per_command);
