//! The desk queue: each desk sees its own visitors, the front desk who waits
//! at the ordinary desks (no purpose beside a crisis desk), nobody else
//! anything; village officers act within their village only.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_get, api_post, api_token, spawn_demo, TestApp};

/// (desk code, purpose) of each queue entry the user sees.
async fn queue_as(t: &TestApp, user: &str, office: &str) -> (u16, Vec<(String, Option<String>)>) {
    let tok = api_token(t, user).await;
    let (s, q) = api_get(t, &tok, &format!("/api/v1/offices/{office}/queue")).await;
    let lines = q
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (e["organisation_code"].as_str().unwrap().to_string(), e["purpose"].as_str().map(String::from))
                })
                .collect()
        })
        .unwrap_or_default();
    (s, lines)
}

async fn call(t: &TestApp, user: &str, visit: &str, desk: &str) -> u16 {
    let tok = api_token(t, user).await;
    api_post(t, &tok, &format!("/api/v1/visits/{visit}/desks/{desk}/call"), json!({})).await.0
}

async fn each_desk_sees_its_own_visitors(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let (_, p) =
        api_post(&t, &desk, "/api/v1/people", json!({"full_name": "Tarsih", "sex": "female", "estimated_age": 33}))
            .await;
    let id = p["id"].as_str().unwrap();
    let (s, v) = api_post(
        &t,
        &desk,
        &format!("/api/v1/people/{id}/visits"),
        json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": ["IMIGRASI-CRB", "SBMI-CRB", "WCC-MAWAR-BALQIS"],
               "purpose": "paspor dan konseling"}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (office, visit) = (v["office_id"].as_str().unwrap().to_string(), v["id"].as_str().unwrap().to_string());
    let purpose = Some("paspor dan konseling".to_string());

    let at = |code: &str, p: Option<String>| (code.to_string(), p);
    assert_eq!(
        queue_as(&t, "cirebon.desk", &office).await,
        (200, vec![at("IMIGRASI-CRB", None), at("SBMI-CRB", None)]),
        "the front desk: no crisis desk, no purpose beside one"
    );
    assert_eq!(
        queue_as(&t, "cirebon.union", &office).await,
        (200, vec![at("SBMI-CRB", None)]),
        "its own visitor, without the purpose of a visit that also goes to the crisis centre"
    );
    assert_eq!(queue_as(&t, "cirebon.wcc", &office).await, (200, vec![at("WCC-MAWAR-BALQIS", purpose)]));
    // Not staff of this office: no queue at all, as for an office that does not exist.
    for user in ["tulungagung.village", "cirebon.village", "blitar.desk", "tulungagung.wcc"] {
        let (s, _) = queue_as(&t, user, &office).await;
        assert_eq!(s, 404, "{user}");
        assert_eq!(s, queue_as(&t, user, &uuid::Uuid::now_v7().to_string()).await.0);
        for d in ["IMIGRASI-CRB", "WCC-MAWAR-BALQIS"] {
            assert_eq!(call(&t, user, &visit, d).await, 404, "{user} calls at {d}");
        }
    }
    // Each works its own desk; the front desk the ordinary ones.
    assert_eq!(call(&t, "cirebon.union", &visit, "IMIGRASI-CRB").await, 404);
    assert_eq!(call(&t, "cirebon.desk", &visit, "WCC-MAWAR-BALQIS").await, 404);
    assert_eq!(call(&t, "cirebon.union", &visit, "SBMI-CRB").await, 204);
    assert_eq!(call(&t, "cirebon.desk", &visit, "IMIGRASI-CRB").await, 204);
    assert_eq!(call(&t, "cirebon.wcc", &visit, "WCC-MAWAR-BALQIS").await, 204);
}
both!(each_desk_sees_its_own_visitors);

async fn a_village_officer_acts_within_her_village(engine: Engine) {
    let t = spawn_demo(engine).await;
    let village = api_token(&t, "tulungagung.village").await;
    let register = |code: &'static str| {
        let (t, village) = (&t, village.clone());
        async move {
            api_post(
                t,
                &village,
                "/api/v1/people",
                json!({"full_name": "Sumini", "sex": "female", "estimated_age": 25, "village_code": code}),
            )
            .await
        }
    };
    let (s, _) = register("35.04.14.2001").await;
    assert_eq!(s, 201, "her own village");
    // Another village is bad input for her (named in the form), not a
    // refusal: the areas are public, nothing of anyone is told.
    let (s, e): (u16, Value) = register("35.04.13.2001").await;
    assert_eq!(
        (s, e["error"]["fields"][0]["code"].as_str()),
        (422, Some("outside_your_area")),
        "another village of her district: {e}"
    );
    let (s, e) = register("32.09.30.2001").await;
    assert_eq!(
        (s, e["error"]["fields"][0]["code"].as_str()),
        (422, Some("outside_your_area")),
        "another district: {e}"
    );
    let (_, none) = api_get(&t, &village, "/api/v1/people").await;
    assert_eq!(none["total"], 1, "nobody registered outside her village");
    let (_, mine) = api_get(&t, &village, "/api/v1/people").await;
    let id = mine["items"][0]["id"].as_str().unwrap().to_string();
    let (s, e) = api_post(
        &t,
        &village,
        &format!("/api/v1/people/{id}/visits"),
        json!({"office_code": "LTSA-MRC-CRB", "channel": "village_centre"}),
    )
    .await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("forbidden")), "another district's office: {e}");
    let (s, e) = api_post(
        &t,
        &village,
        &format!("/api/v1/people/{id}/visits"),
        json!({"office_code": "LTSA-MRC-TA", "channel": "village_centre"}),
    )
    .await;
    assert_eq!(s, 403, "her district's LTSA is not her village: {e}");
    let (s, v) = api_post(
        &t,
        &village,
        &format!("/api/v1/people/{id}/visits"),
        json!({"office_code": "PID-TA-1", "channel": "village_centre"}),
    )
    .await;
    assert_eq!(s, 201, "her village's information centre: {v}");
}
both!(a_village_officer_acts_within_her_village);
