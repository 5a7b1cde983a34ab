//! A woman known to the roof who also has restricted work: others see her,
//! never the restricted work or any sign of it.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_get, api_post, api_token, browser, page, spawn_demo};

async fn outsiders_see_the_person_but_no_sign_of_her_restricted_work(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let wcc = api_token(&t, "cirebon.wcc").await;
    let (s, p) = api_post(
        &t,
        &desk,
        "/api/v1/people",
        json!({"full_name": "Sarinah Kusuma", "sex": "female", "estimated_age": 29, "nik": "3209155005970003",
               "phone": "081355501234", "village_code": "32.09.30.2001"}),
    )
    .await;
    assert_eq!((s, p["confidential"].as_bool()), (201, Some(false)), "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    // She consents to share with the union and with the crisis centre, and is
    // queued at the civil registry and at the crisis centre.
    for (org, note) in [("SBMI-CRB", "boleh"), ("WCC-MAWAR-BALQIS", "hanya lewat adik perempuannya")] {
        let (s, c) = api_post(
            &t,
            &desk,
            &format!("/api/v1/people/{id}/consents"),
            json!({"purpose": "share_with_partners", "status": "given", "method": "written", "organisation_code": org, "note": note}),
        )
        .await;
        assert_eq!(s, 201, "{c}");
    }
    let (s, v) = api_post(
        &t,
        &desk,
        &format!("/api/v1/people/{id}/visits"),
        json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": ["DUKCAPIL-CRB", "WCC-MAWAR-BALQIS"],
               "purpose": "KTP dan konseling KDRT"}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let office = v["office_id"].as_str().unwrap().to_string();
    let (s, c) = api_post(&t, &wcc, "/api/v1/cases", json!({"person_id": id, "kind": "gbv", "risk": "high"})).await;
    assert_eq!(s, 201, "{c}");
    let case = c["id"].as_str().unwrap().to_string();
    // A case of the crisis centre that is not restricted: not mentioned either.
    let (s, other) =
        api_post(&t, &wcc, "/api/v1/cases", json!({"person_id": id, "kind": "other_protection", "risk": "low"})).await;
    assert_eq!((s, other["restricted"].as_bool()), (201, Some(false)), "{other}");
    let other = other["id"].as_str().unwrap().to_string();

    // The union (she consented) and the desk (it registered her) read her in full…
    for user in ["cirebon.union", "cirebon.desk"] {
        let tok = api_token(&t, user).await;
        let (s, p) = api_get(&t, &tok, &format!("/api/v1/people/{id}")).await;
        assert_eq!((s, p["nik"].as_str()), (200, Some("3209155005970003")), "{user}");
        // …and find nothing of the crisis centre's work.
        for path in ["cases", "consents", "visits"] {
            let (s, body) = api_get(&t, &tok, &format!("/api/v1/people/{id}/{path}")).await;
            assert_eq!(s, 200, "{user} {path}");
            let text = body.to_string();
            assert!(!text.contains(&case) && !text.contains(&other), "{user} {path}: {text}");
            assert!(!text.contains("adik perempuannya") && !text.contains("KDRT"), "{user} {path}: {text}");
        }
        let (_, visits) = api_get(&t, &tok, &format!("/api/v1/people/{id}/visits")).await;
        let desks: Vec<&str> =
            visits[0]["desks"].as_array().unwrap().iter().map(|d| d["organisation_code"].as_str().unwrap()).collect();
        assert_eq!(desks, ["DUKCAPIL-CRB"], "{user}: no crisis-centre desk");
        assert_eq!(visits[0]["purpose"], Value::Null, "{user}: no purpose beside a hidden desk");
        let (_, consents) = api_get(&t, &tok, &format!("/api/v1/people/{id}/consents")).await;
        assert_eq!(consents.as_array().unwrap().len(), 1, "{user}: only the consent naming the union");
        let nowhere = api_get(&t, &tok, &format!("/api/v1/cases/{}", uuid::Uuid::now_v7())).await.0;
        assert_eq!(api_get(&t, &tok, &format!("/api/v1/cases/{case}")).await.0, nowhere, "{user}");
        let (b, _) = browser(&t, user).await;
        let (s, html) = page(&b, &t, &format!("/people/{id}")).await;
        assert_eq!(s, 200);
        assert!(html.contains("Sarinah Kusuma"));
        for sign in ["WCC Mawar Balqis", "terbatas", "KDRT", "adik perempuannya", case.as_str()] {
            assert!(!html.contains(sign), "{user} sees {sign:?} on her page");
        }
        let (_, html) = page(&b, &t, &format!("/offices/{office}/queue")).await;
        assert!(!html.contains("WCC Mawar Balqis") && !html.contains("KDRT"), "{user}'s queue: {html}");
    }
    // The crisis centre sees its own desk, its consent and its case.
    let (_, visits) = api_get(&t, &wcc, &format!("/api/v1/people/{id}/visits")).await;
    assert_eq!(visits[0]["desks"].as_array().unwrap().len(), 2);
    assert!(visits[0]["purpose"].as_str().is_some_and(|p| p.contains("KDRT")));
    let (_, consents) = api_get(&t, &wcc, &format!("/api/v1/people/{id}/consents")).await;
    assert!(consents.to_string().contains("adik perempuannya"));
    let (_, cases) = api_get(&t, &wcc, &format!("/api/v1/people/{id}/cases")).await;
    assert!(cases.to_string().contains(&case) && cases.to_string().contains(&other));
}
both!(outsiders_see_the_person_but_no_sign_of_her_restricted_work);

async fn without_consent_only_name_sex_village_and_stage(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let (_, p) = api_post(
        &t,
        &desk,
        "/api/v1/people",
        json!({"full_name": "Kasinah", "other_names": ["Kasinah binti Darsa"], "sex": "female", "estimated_age": 41,
               "marital_status": "married", "education": "primary", "village_code": "32.09.30.2001"}),
    )
    .await;
    let id = p["id"].as_str().unwrap();
    let (s, _) = api_post(
        &t,
        &desk,
        &format!("/api/v1/people/{id}/consents"),
        json!({"purpose": "contact", "status": "given", "method": "verbal", "note": "hanya pagi hari"}),
    )
    .await;
    assert_eq!(s, 201);
    let union = api_token(&t, "cirebon.union").await;
    let (s, seen) = api_get(&t, &union, &format!("/api/v1/people/{id}")).await;
    assert_eq!((s, seen["withheld"].as_bool()), (200, Some(true)));
    assert_eq!((seen["full_name"].as_str(), seen["sex"].as_str()), (Some("Kasinah"), Some("female")));
    for field in ["estimated_age", "marital_status", "education", "registered_by", "household_id"] {
        assert_eq!(seen[field], Value::Null, "{field} withheld");
    }
    assert_eq!(seen["other_names"], json!([]));
    let (s, e) = api_get(&t, &union, &format!("/api/v1/people/{id}/consents")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("consent_required")), "her consents are hers: {e}");
}
both!(without_consent_only_name_sex_village_and_stage);

async fn a_survivor_is_no_relative_or_household_member_of_anyone_else(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let wcc = api_token(&t, "cirebon.wcc").await;
    let (_, mother) =
        api_post(&t, &desk, "/api/v1/people", json!({"full_name": "Wartini", "sex": "female", "estimated_age": 60}))
            .await;
    let mother = mother["id"].as_str().unwrap().to_string();
    let (s, _) = api_post(
        &t,
        &desk,
        &format!("/api/v1/people/{mother}/consents"),
        json!({"purpose": "share_with_partners", "status": "given", "method": "verbal", "organisation_code": "SBMI-CRB"}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _) = api_post(
        &t,
        &desk,
        &format!("/api/v1/people/{mother}/consents"),
        json!({"purpose": "share_with_partners", "status": "given", "method": "verbal", "organisation_code": "WCC-MAWAR-BALQIS"}),
    )
    .await;
    assert_eq!(s, 201);
    let (_, her) = api_post(
        &t,
        &wcc,
        "/api/v1/people",
        json!({"full_name": "Karsinah Survivor", "sex": "female", "estimated_age": 30}),
    )
    .await;
    let her = her["id"].as_str().unwrap().to_string();
    let (s, e) = api_post(
        &t,
        &wcc,
        &format!("/api/v1/people/{her}/relatives"),
        json!({"relative_id": mother, "relationship": "parent"}),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    let (s, h) = api_post(&t, &wcc, "/api/v1/households", json!({"head_id": mother, "member_ids": [her]})).await;
    assert_eq!(s, 201, "{h}");
    let household = h["id"].as_str().unwrap().to_string();
    for user in ["cirebon.desk", "cirebon.union"] {
        let tok = api_token(&t, user).await;
        let (_, seen) = api_get(&t, &tok, &format!("/api/v1/people/{mother}")).await;
        assert_eq!(seen["stage"], Value::Null, "{user}: no stage betrays the link");
        let (s, relatives) = api_get(&t, &tok, &format!("/api/v1/people/{mother}/relatives")).await;
        assert_eq!((s, relatives), (200, json!([])), "{user}");
        let (s, h) = api_get(&t, &tok, &format!("/api/v1/households/{household}")).await;
        assert_eq!(s, 200, "{user}");
        assert!(!h.to_string().contains(&her) && !h.to_string().contains("Karsinah"), "{user}: {h}");
    }
    let (_, relatives) = api_get(&t, &wcc, &format!("/api/v1/people/{mother}/relatives")).await;
    assert!(relatives.to_string().contains("Karsinah"), "the crisis centre sees the link: {relatives}");
}
both!(a_survivor_is_no_relative_or_household_member_of_anyone_else);
