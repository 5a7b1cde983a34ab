//! Migration episodes, sharing by consent, families and households, and
//! merging duplicates, over the API on both engines.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_get as get, api_post as post, api_token as token, spawn_demo, TestApp};

async fn register(t: &TestApp, tok: &str, body: Value) -> String {
    let (s, p) = post(t, tok, "/api/v1/people", body).await;
    assert_eq!(s, 201, "{p}");
    p["id"].as_str().unwrap().to_string()
}

fn names(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect()
}

async fn episodes_and_the_stage_filter(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let id =
        register(&t, &desk, json!({"full_name": "Tarsih", "sex": "female", "village_code": "32.09.30.2001"})).await;
    let other = register(&t, &desk, json!({"full_name": "Tarsinah", "sex": "female"})).await;
    let path = format!("/api/v1/people/{id}/episodes");
    let (s, e) = post(
        &t,
        &desk,
        &path,
        json!({
            "stage": "returnee", "destination": "hk", "sector": "domestic_work", "occupation": "Penata laksana rumah tangga",
            "employer": "Chan Tai Man", "placement_agency_code": "P3MI-DEMO-CRB",
            "departure_date": "2019-02-01", "return_date": "2023-01-15", "documented": true,
            "external_ids": [{"scheme": "siskop2mi", "value": "PMI000123456789"}],
            "recruitment_costs": [
                {"item": "recruitment_fee", "amount": "15000000", "currency": "IDR", "date": "2019-01-05"},
                {"item": "medical_check", "amount": 750000, "currency": "IDR"},
                {"item": "informal_payment", "amount": "2500000.50", "currency": "IDR"}
            ],
            "first_month_earnings": {"amount": "4870.50", "currency": "HKD"}
        }),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    assert_eq!(e["destination"], "HK");
    assert_eq!(e["recruitment_costs"][2]["amount"], "2500000.50");
    assert_eq!(e["first_month_earnings"], json!({"amount": "4870.50", "currency": "HKD"}));
    assert!(e["placement_agency_id"].is_string());

    // A later plan to leave again makes her pre-departure.
    let (s, _) =
        post(&t, &desk, &path, json!({"stage": "pre_departure", "destination": "TW", "departure_date": "2030-01-01"}))
            .await;
    assert_eq!(s, 201);
    let (s, list) = get(&t, &desk, &path).await;
    assert_eq!(s, 200);
    let stages: Vec<_> = list.as_array().unwrap().iter().map(|e| e["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["returnee", "pre_departure"]);
    assert_eq!(list[0]["recruitment_costs"].as_array().unwrap().len(), 3);
    let (_, p) = get(&t, &desk, &format!("/api/v1/people/{id}")).await;
    assert_eq!(p["stage"], "pre_departure");

    // The list filters by stage (and area).
    let (_, l) = get(&t, &desk, "/api/v1/people?stage=pre_departure").await;
    assert_eq!(names(&l), ["Tarsih"]);
    let (_, l) = get(&t, &desk, "/api/v1/people?stage=returnee").await;
    assert!(names(&l).is_empty());
    let (_, l) = get(&t, &desk, "/api/v1/people?stage=pre_departure&within=32.09.30").await;
    assert_eq!(names(&l), ["Tarsih"]);
    let (s, e) = get(&t, &desk, "/api/v1/people?stage=astronaut").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("stage")));

    // Bad input: each field named, in the caller's language.
    let (s, e) = post(
        &t,
        &desk,
        &format!("/api/v1/people/{other}/episodes"),
        json!({
            "stage": "abroad", "destination": "XX", "departure_date": "2024-05-01", "return_date": "2023-01-01",
            "recruitment_costs": [{"item": "recruitment_fee", "amount": "1.000.000", "currency": "IDR"}]
        }),
    )
    .await;
    assert_eq!(s, 422);
    let fields: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["destination", "return_date", "recruitment_costs[0].amount"]);
    let messages: Vec<_> =
        e["error"]["fields"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(messages[0].starts_with("Negara tujuan:"), "{messages:?}");
    assert!(messages[2].starts_with("Jumlah biaya penempatan:"), "{messages:?}");
    let (s, e) = post(
        &t,
        &desk,
        &format!("/api/v1/people/{other}/episodes"),
        json!({"stage": "abroad", "placement_agency_code": "SBMI-CRB"}),
    )
    .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_a_placement_agency")));
    let (s, _) =
        post(&t, &desk, "/api/v1/people/00000000-0000-0000-0000-000000000000/episodes", json!({"stage": "abroad"}))
            .await;
    assert_eq!(s, 404);
}
both!(episodes_and_the_stage_filter);

async fn sharing_beyond_the_registering_organisation_needs_consent(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let union = token(&t, "cirebon.union").await;
    let id = register(
        &t,
        &desk,
        json!({"full_name": "Rokayah", "sex": "female", "nik": "3209155203900001", "birth_date": "1990-03-12", "phone": "081234567891"}),
    )
    .await;
    let person = format!("/api/v1/people/{id}");
    post(&t, &desk, &format!("{person}/episodes"), json!({"stage": "abroad", "destination": "MY"})).await;

    // The union sees that she exists, not who she is.
    let (s, p) = get(&t, &union, &person).await;
    assert_eq!(
        (s, p["withheld"].as_bool(), p["nik"].as_str(), p["full_name"].as_str()),
        (200, Some(true), None, Some("Rokayah"))
    );
    let (_, l) = get(&t, &union, "/api/v1/people?q=rokayah").await;
    assert_eq!((l["items"][0]["withheld"].as_bool(), l["items"][0]["phone"].as_str()), (Some(true), None));
    let (s, e) = get(&t, &union, &format!("{person}/episodes")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("consent_required")));
    // The registering organisation sees everything.
    let (_, p) = get(&t, &desk, &person).await;
    assert_eq!((p["withheld"].as_bool(), p["nik"].as_str()), (Some(false), Some("3209155203900001")));

    // She consents to share with the union (the union may record it, she is at its desk).
    let consent = |status: &str, date: &str| json!({"purpose": "share_with_partners", "status": status, "method": "written", "organisation_code": "SBMI-CRB", "date": date});
    let (s, _) = post(&t, &union, &format!("{person}/consents"), consent("given", "2026-01-10")).await;
    assert_eq!(s, 201);
    let (_, p) = get(&t, &union, &person).await;
    assert_eq!((p["withheld"].as_bool(), p["nik"].as_str()), (Some(false), Some("3209155203900001")));
    assert_eq!(get(&t, &union, &format!("{person}/episodes")).await.0, 200);
    let (_, l) = get(&t, &union, "/api/v1/people?q=rokayah").await;
    assert_eq!(l["items"][0]["phone"], "081234567891");
    // Consent to the union is not consent to the crisis centre.
    let wcc = token(&t, "cirebon.wcc").await;
    assert_eq!(get(&t, &wcc, &person).await.1["withheld"], true);
    // A withdrawal stops the sharing from that moment.
    let (s, _) = post(&t, &desk, &format!("{person}/consents"), consent("withdrawn", "2026-02-01")).await;
    assert_eq!(s, 201);
    assert_eq!(get(&t, &union, &person).await.1["withheld"], true);
    assert_eq!(get(&t, &union, &format!("{person}/episodes")).await.0, 403);
}
both!(sharing_beyond_the_registering_organisation_needs_consent);

async fn family_members_and_households(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let mother =
        register(&t, &desk, json!({"full_name": "Sumiati", "sex": "female", "village_code": "32.09.30.2001"})).await;
    let child = register(&t, &desk, json!({"full_name": "Dewi Sartika", "sex": "female", "estimated_age": 9})).await;
    let husband = register(&t, &desk, json!({"full_name": "Carmadi", "sex": "male"})).await;
    let rel = format!("/api/v1/people/{mother}/relatives");
    let (s, r) = post(&t, &desk, &rel, json!({"relative_id": child, "relationship": "child"})).await;
    assert_eq!((s, r["relationship"].as_str()), (201, Some("child")));
    let (s, _) = post(&t, &desk, &rel, json!({"relative_id": husband, "relationship": "spouse"})).await;
    assert_eq!(s, 201);
    let (s, e) = post(&t, &desk, &rel, json!({"relative_id": child, "relationship": "parent"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_linked")));
    let (s, e) = post(&t, &desk, &rel, json!({"relative_id": mother, "relationship": "sibling"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("same_person")));
    let (s, e) = post(&t, &desk, &rel, json!({"relative_id": child, "relationship": "cousin"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("relationship")));
    let (s, e) =
        post(&t, &desk, &rel, json!({"relative_id": "00000000-0000-0000-0000-000000000000", "relationship": "child"}))
            .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_person")));

    let (_, list) = get(&t, &desk, &rel).await;
    let got: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["full_name"].as_str().unwrap(), r["relationship"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("Carmadi", "spouse"), ("Dewi Sartika", "child")]);
    // Seen from the child: her mother.
    let (_, list) = get(&t, &desk, &format!("/api/v1/people/{child}/relatives")).await;
    assert_eq!((list[0]["full_name"].as_str(), list[0]["relationship"].as_str()), (Some("Sumiati"), Some("parent")));
    assert_eq!(get(&t, &desk, &format!("/api/v1/people/{child}")).await.1["stage"], "family_member");

    let (s, h) = post(&t, &desk, "/api/v1/households", json!({"head_id": mother, "member_ids": [child]})).await;
    assert_eq!(s, 201, "{h}");
    assert_eq!(h["village_code"], "32.09.30.2001");
    assert_eq!(h["members"].as_array().unwrap().len(), 2);
    let hid = h["id"].as_str().unwrap();
    let (s, h) = post(&t, &desk, &format!("/api/v1/households/{hid}/members"), json!({"person_id": husband})).await;
    assert_eq!(s, 200);
    let members: Vec<_> = h["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["full_name"].as_str().unwrap(), m["head"].as_bool().unwrap()))
        .collect();
    assert_eq!(members, [("Carmadi", false), ("Dewi Sartika", false), ("Sumiati", true)]);
    let (s, e) = post(&t, &desk, &format!("/api/v1/households/{hid}/members"), json!({"person_id": husband})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_member")));
    assert_eq!(get(&t, &desk, &format!("/api/v1/people/{husband}")).await.1["household_id"], hid);
    let (s, _) = post(&t, &desk, "/api/v1/households", json!({"head_id": mother, "village_code": "32.09"})).await;
    assert_eq!(s, 422);
    let blitar = token(&t, "blitar.desk").await;
    assert_eq!(get(&t, &blitar, &format!("/api/v1/households/{hid}")).await.0, 404);
}
both!(family_members_and_households);

async fn merging_duplicates_keeps_everything(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let keep = register(
        &t,
        &desk,
        json!({"full_name": "Siti Djuariah", "sex": "female", "birth_date": "1988-07-02", "village_code": "32.09.30.2001", "phone": "081211112222", "other_phones": ["0812 1111 3333"]}),
    )
    .await;
    let dup = register(
        &t,
        &desk,
        json!({"full_name": "Siti Juariah", "sex": "female", "nik": "3209154207880003", "phone": "081300001111", "birth_date": "1988-07-02"}),
    )
    .await;
    let sister = register(&t, &desk, json!({"full_name": "Warsiah", "sex": "female"})).await;
    post(
        &t,
        &desk,
        &format!("/api/v1/people/{keep}/episodes"),
        json!({"stage": "returnee", "destination": "SA", "departure_date": "2015-01-01", "return_date": "2017-01-01"}),
    )
    .await;
    post(
        &t,
        &desk,
        &format!("/api/v1/people/{dup}/episodes"),
        json!({"stage": "abroad", "destination": "HK", "departure_date": "2024-03-01"}),
    )
    .await;
    post(
        &t,
        &desk,
        &format!("/api/v1/people/{dup}/consents"),
        json!({"purpose": "contact", "status": "given", "method": "verbal"}),
    )
    .await;
    post(
        &t,
        &desk,
        &format!("/api/v1/people/{dup}/relatives"),
        json!({"relative_id": sister, "relationship": "sibling"}),
    )
    .await;

    // Registering the same person again finds both records.
    let (_, m) = post(
        &t,
        &desk,
        "/api/v1/people/match",
        json!({"full_name": "Siti Juariah", "sex": "female", "birth_date": "1988-07-02"}),
    )
    .await;
    assert_eq!(m["candidates"].as_array().unwrap().len(), 2, "{m}");

    // A paralegal may not merge; the front desk may.
    let union = token(&t, "cirebon.union").await;
    let merge = format!("/api/v1/people/{keep}/merge");
    assert_eq!(post(&t, &union, &merge, json!({"duplicate_id": dup})).await.0, 403);
    let (s, e) = post(&t, &desk, &merge, json!({"duplicate_id": keep})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("same_person")));
    let (s, p) = post(&t, &desk, &merge, json!({"duplicate_id": dup})).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["nik"], "3209154207880003", "filled from the duplicate");
    assert_eq!(p["phone"], "081211112222", "kept");
    assert_eq!(p["other_phones"], json!(["081211113333", "081300001111"]), "the duplicate's phone is kept too");
    assert_eq!(p["village_code"], "32.09.30.2001", "kept");
    assert_eq!(p["other_names"], json!(["Siti Juariah"]));
    assert_eq!(p["stage"], "abroad", "the latest episode of both");

    let (_, eps) = get(&t, &desk, &format!("/api/v1/people/{keep}/episodes")).await;
    assert_eq!(eps.as_array().unwrap().len(), 2);
    let (_, consents) = get(&t, &desk, &format!("/api/v1/people/{keep}/consents")).await;
    assert_eq!(consents.as_array().unwrap().len(), 1);
    let (_, rel) = get(&t, &desk, &format!("/api/v1/people/{keep}/relatives")).await;
    assert_eq!(rel[0]["full_name"], "Warsiah");
    // The duplicate stays, pointing to the survivor; lists and matching skip it.
    let (s, d) = get(&t, &desk, &format!("/api/v1/people/{dup}")).await;
    assert_eq!((s, d["merged_into"].as_str()), (200, Some(keep.as_str())));
    let (_, l) = get(&t, &desk, "/api/v1/people?q=juariah").await;
    assert_eq!(names(&l), ["Siti Djuariah"]);
    for phone in ["081300001111", "0812-1111-3333", "081211112222"] {
        let (_, l) = get(&t, &desk, &format!("/api/v1/people?q={phone}")).await;
        assert_eq!(names(&l), ["Siti Djuariah"], "found by {phone}");
    }
    let (_, m) = post(
        &t,
        &desk,
        "/api/v1/people/match",
        json!({"full_name": "S. Juariah", "sex": "female", "phone": "081300001111"}),
    )
    .await;
    assert!(m["candidates"][0]["reasons"].as_array().unwrap().contains(&json!("phone")), "{m}");
    let (_, m) = post(
        &t,
        &desk,
        "/api/v1/people/match",
        json!({"full_name": "Siti Juariah", "sex": "female", "birth_date": "1988-07-02"}),
    )
    .await;
    assert_eq!(m["candidates"].as_array().unwrap().len(), 1);
    assert_eq!(m["candidates"][0]["person_id"], keep.as_str());
    // A merged record takes no more changes, and cannot be merged again.
    let (s, e) = post(&t, &desk, &format!("/api/v1/people/{dup}/episodes"), json!({"stage": "abroad"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("person_merged")));
    let (s, e) = post(&t, &desk, &merge, json!({"duplicate_id": dup})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("person_merged")));
    // Audited, with field names only.
    let admin = token(&t, "admin").await;
    let (_, audit) = get(&t, &admin, "/api/v1/audit?action=merge").await;
    let entry = &audit["items"][0];
    assert_eq!(entry["entity_id"], keep.as_str());
    assert_eq!(entry["details"]["duplicate_id"], dup.as_str());
    assert!(entry["details"]["filled"].as_array().unwrap().contains(&json!("nik")));
    assert!(!entry.to_string().contains("3209154207880003"), "no personal data in the audit log");
}
both!(merging_duplicates_keeps_everything);

async fn a_common_name_elsewhere_does_not_hide_a_duplicate_here(engine: Engine) {
    use satuatap_core::access::Ctx;
    use satuatap_core::registry::import::ImportRow;
    use satuatap_core::registry::person::NewPerson;
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let here = register(&t, &desk, json!({"full_name": "Siti Aminah", "sex": "female", "birth_date": "1990-03-12", "village_code": "32.09.30.2001"})).await;
    // Afterwards, 150 namesakes registered in Blitar (newer than hers).
    let mut importer = t.app.importer(&Ctx::system(), "DISNAKER-BLT").await.unwrap();
    let rows = (0..150)
        .map(|i| ImportRow {
            line: i + 2,
            person: NewPerson {
                full_name: "Siti Aminah".into(),
                sex: "female".into(),
                village_code: Some("35.05.01.2001".into()),
                estimated_age: Some(20 + (i as i64 % 30)),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    let (records, refused) = importer.check(rows).await.unwrap();
    assert!(refused.is_empty(), "{refused:?}");
    importer.write(records).await.unwrap();
    importer.commit("test").await.unwrap();
    // Cirebon's desk still finds her first; Blitar's finds only Blitar's.
    let body = json!({"full_name": "Siti Aminah", "sex": "female", "birth_date": "1990-03-12"});
    let (_, m) = post(&t, &desk, "/api/v1/people/match", body.clone()).await;
    assert_eq!(m["candidates"][0]["person_id"], here.as_str(), "{m}");
    let blitar = token(&t, "blitar.desk").await;
    let (_, m) = post(&t, &blitar, "/api/v1/people/match", body).await;
    assert!(m["candidates"].as_array().unwrap().iter().all(|c| c["person_id"] != here.as_str()));
    let (_, l) = get(&t, &desk, "/api/v1/people?q=siti+aminah").await;
    assert_eq!(l["total"], 1, "search stays in the district");
}
both!(a_common_name_elsewhere_does_not_hide_a_duplicate_here);
