//! Hotline contacts: anonymous by default, a named caller only within
//! reach, a case opened linked; read by the organisation that answered; on
//! both engines.

use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::spawn_demo;

async fn hotline_contacts_stay_anonymous_unless_named(engine: Engine) {
    let t = spawn_demo(engine).await;
    let union = t.as_user("cirebon.union").await;
    let (s, e) = union
        .post("/api/v1/hotline-contacts", json!({"channel": "pigeon", "topic": "", "outcome": "case_opened"}))
        .await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    for want in [("channel", "unknown_code"), ("topic", "required"), ("person_id", "required"), ("case_id", "required")]
    {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, anon) = union
        .post(
            "/api/v1/hotline-contacts",
            json!({"channel": "whatsapp", "topic": "labour_problem", "outcome": "information_given", "caller_sex": "female",
                   "note": "Menanyakan cara menagih gaji"}),
        )
        .await;
    assert_eq!(s, 201, "{anon}");
    assert!(anon["person_id"].is_null() && anon["district_code"] == "32.09", "{anon}");

    // A named caller: one the union may work with, and her case.
    let person = union.register_person("Sumirah").await;
    let case = union.open_case(&person, "labour_complaint").await;
    let (s, named) = union
        .post(
            "/api/v1/hotline-contacts",
            json!({"channel": "phone_hotline", "topic": "labour_problem", "outcome": "case_opened", "person_id": person, "case_id": case}),
        )
        .await;
    assert_eq!((s, named["person_name"].as_str()), (201, Some("Sumirah")), "{named}");
    let (s, e) = union
        .post(
            "/api/v1/hotline-contacts",
            json!({"channel": "phone_hotline", "topic": "other", "outcome": "counselling", "person_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_person")), "{e}");

    // The union reads its own contacts; the crisis centre reads none of them; a village records none.
    let (_, mine) = union.get("/api/v1/hotline-contacts").await;
    assert_eq!(mine["total"], 2, "{mine}");
    let (_, theirs) = t.as_user("cirebon.wcc").await.get("/api/v1/hotline-contacts").await;
    assert_eq!(theirs["total"], 0, "{theirs}");
    let (s, _) = t
        .as_user("cirebon.village")
        .await
        .post(
            "/api/v1/hotline-contacts",
            json!({"channel": "whatsapp", "topic": "other", "outcome": "information_given"}),
        )
        .await;
    assert_eq!(s, 403);

    // The page records the anonymous ones and keeps what was typed.
    let b = t.in_browser("cirebon.union").await;
    let (s, page) = b.page("/hotline").await;
    assert_eq!(s, 200);
    assert!(page.contains("Sumirah") && page.contains("Anonim (Perempuan)"), "{page}");
    let (s, again) = b
        .post_form(
            "/hotline",
            &[("channel", "whatsapp"), ("topic", ""), ("outcome", "counselling"), ("note", "Takut dipulangkan")],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("Takut dipulangkan</textarea>"), "{again}");
    let (s, to) =
        b.post_form("/hotline", &[("channel", "whatsapp"), ("topic", "return"), ("outcome", "counselling")]).await;
    assert_eq!((s, to.as_str()), (303, "/hotline"));
}
both!(hotline_contacts_stay_anonymous_unless_named);

async fn competency_tests_record_results_of_people_within_reach(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = t.as_user("cirebon.desk").await;
    let (s, a) = desk
        .post(
            "/api/v1/people",
            json!({"full_name": "Wartini", "sex": "female", "estimated_age": 26, "nik": "3209154506990003"}),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    let a = a["id"].as_str().unwrap().to_string();
    let b = desk.register_person("Kusniah").await;
    let body = |candidates: serde_json::Value| {
        json!({"date": "2026-05-10", "occupation": "Perawat lansia (caregiver)", "training_centre": "LPK Bina Karya",
               "assessor": "Drs. Suyanto", "candidates": candidates})
    };
    let (s, e) = desk
        .post(
            "/api/v1/competency-tests",
            body(json!([{"person_id": a, "result": "not_yet_competent", "certificate_number": "X-1"},
                        {"person_id": a, "result": "competent"}, {"person_id": b, "result": "maybe"}])),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    for want in [
        ("candidates[0].certificate_number", "not_competent"),
        ("candidates[1].person_id", "repeated"),
        ("candidates[2].result", "unknown_code"),
    ] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, e) = desk
        .post("/api/v1/competency-tests", body(json!([{"person_id": uuid::Uuid::now_v7(), "result": "competent"}])))
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("candidates[0].person_id")), "{e}");
    let (s, test) = desk
        .post(
            "/api/v1/competency-tests",
            body(json!([{"person_id": a, "result": "competent", "certificate_number": "LSP-2026-0042"}, {"person_id": b, "result": "not_yet_competent"}])),
        )
        .await;
    assert_eq!(s, 201, "{test}");
    let id = test["id"].as_str().unwrap();
    let (_, seen) = desk.get(&format!("/api/v1/competency-tests/{id}")).await;
    let names: Vec<&str> = seen["candidates"].as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.contains(&"Wartini") && names.contains(&"Kusniah"), "{seen}");
    let (_, coord) = t.as_user("cirebon.coord").await.get(&format!("/api/v1/competency-tests/{id}")).await;
    assert!(
        coord["candidates"].as_array().unwrap().iter().all(|c| c["name"].is_null()),
        "the coordinator reads no names: {coord}"
    );
    let (s, _) = t.as_user("tulungagung.coord").await.get(&format!("/api/v1/competency-tests/{id}")).await;
    assert_eq!(s, 404);
    let (s, _) = t
        .as_user("cirebon.village")
        .await
        .post("/api/v1/competency-tests", body(json!([{"person_id": a, "result": "competent"}])))
        .await;
    assert_eq!(s, 403);
    // The page finds candidates by NIK and keeps what was typed.
    let br = t.in_browser("cirebon.desk").await;
    let (s, again) = br
        .post_form(
            "/competency-tests",
            &[
                ("date", "2026-05-11"),
                ("occupation", "Operator las"),
                ("training_centre", "LPK Maju"),
                ("assessor", "Ir. Bambang"),
                ("nik.0", "3209150000000000"),
                ("result.0", "competent"),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("value=\"Operator las\"") && again.contains("3209150000000000"), "{again}");
    let (s, to) = br
        .post_form(
            "/competency-tests",
            &[
                ("date", "2026-05-11"),
                ("occupation", "Operator las"),
                ("training_centre", "LPK Maju"),
                ("assessor", "Ir. Bambang"),
                ("nik.0", "3209154506990003"),
                ("result.0", "competent"),
            ],
        )
        .await;
    assert_eq!(s, 303, "{to}");
    let (_, page) = br.page(&to).await;
    assert!(page.contains("Wartini") && page.contains("Kompeten"), "{page}");
}
both!(competency_tests_record_results_of_people_within_reach);
