//! Activities with attendance: who may record what where, every bad count
//! named, who reads them; on both engines.

use satuatap_store::Engine;
use serde_json::{json, Value};

use super::{fields, villager};
use crate::both;
use crate::helpers::spawn_demo;

fn cells(rows: &[(&str, &str, i64)]) -> Value {
    Value::Array(rows.iter().map(|(sex, age, n)| json!({"sex": sex, "age_group": age, "count": n})).collect())
}

async fn activities_are_recorded_by_who_runs_them_and_read_within_their_area(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let person = villager(&officer, "Siti Maemunah").await;

    // Every bad field is named, nothing is written.
    let (s, e) = officer
        .post(
            "/api/v1/activities",
            json!({"kind": "outreach_event", "date": "2999-01-01", "area_code": "32.09.30.2001", "title": "Sosialisasi",
                   "attendance": [{"sex": "female", "age_group": "18_24", "count": -1},
                                  {"sex": "female", "age_group": "teen", "count": 5},
                                  {"sex": "male", "age_group": "25_34", "count": 100001}]}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = fields(&e);
    for want in [
        ("date", "future_date"),
        ("topic", "required"),
        ("attendance[0].count", "out_of_range"),
        ("attendance[1].age_group", "unknown_code"),
        ("attendance[2].count", "out_of_range"),
    ] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, e) = officer
        .post(
            "/api/v1/activities",
            json!({"kind": "outreach_event", "date": "2026-01-10", "area_code": "32.09.22.2010", "topic": "safe_migration",
                   "title": "Di desa lain"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");
    let (s, e) = officer
        .post(
            "/api/v1/activities",
            json!({"kind": "forum_meeting", "date": "2026-01-10", "area_code": "32.09.30.2001", "title": "Forum"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_yours")), "the forum is the district's: {e}");
    let (_, list) = officer.get("/api/v1/activities").await;
    assert_eq!(list["total"], 0, "nothing half-written: {list}");

    let (s, a) = officer
        .post(
            "/api/v1/activities",
            json!({"kind": "outreach_event", "date": "2026-01-10", "area_code": "32.09.30.2001", "topic": "safe_migration",
                   "title": "Sosialisasi migrasi aman di balai desa",
                   "attendance": cells(&[("female", "18_24", 30), ("female", "25_34", 12), ("male", "18_24", 8), ("male", "35_44", 0)]),
                   "people": [person, person]}),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    assert_eq!((a["total"].as_i64(), a["women"].as_i64()), (Some(50), Some(42)));
    assert_eq!(a["attendance"].as_array().unwrap().len(), 3, "zero cells are not kept");
    let id = a["id"].as_str().unwrap().to_string();
    let (_, seen) = officer.get(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(seen["people"], json!([{"person_id": person, "name": "Siti Maemunah"}]), "named once");
    let (s, e) = officer
        .post(
            "/api/v1/activities",
            json!({"kind": "info_session", "date": "2026-01-11", "area_code": "32.09.30.2001", "topic": "safe_migration",
                   "title": "x", "people": [uuid::Uuid::now_v7()]}),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("people[0]")), "{e}");

    // A union runs a training of stakeholders in its district, for itself only.
    let union = t.as_user("cirebon.union").await;
    let training = json!({"kind": "training", "date": "2026-02-01", "area_code": "32.09", "topic": "case_management",
        "title": "Pelatihan paralegal", "pre_score": 55.5, "post_score": 80,
        "attendance": [{"sex": "female", "participant": "village_officers", "count": 9},
                       {"sex": "male", "participant": "police", "count": 4}]});
    let (s, tr) = union.post("/api/v1/activities", training.clone()).await;
    assert_eq!(s, 201, "{tr}");
    assert_eq!((tr["organiser_name"].as_str().unwrap().contains("SBMI"), tr["women"].as_i64()), (true, Some(9)));
    let training_id = tr["id"].as_str().unwrap().to_string();
    let mut other = training.clone();
    other["organiser_code"] = json!("WCC-MAWAR-BALQIS");
    let (s, e) = union.post("/api/v1/activities", other).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_your_organisation")), "{e}");
    let mut elsewhere = training.clone();
    elsewhere["area_code"] = json!("35.04");
    let (s, e) = union.post("/api/v1/activities", elsewhere).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");

    // The coordinator holds the forum.
    let coord = t.as_user("cirebon.coord").await;
    let (s, f) = coord
        .post(
            "/api/v1/activities",
            json!({"kind": "forum_meeting", "date": "2026-03-01", "area_code": "32.09", "title": "Forum Tripartit Plus triwulan I",
                   "attendance": [{"sex": "female", "participant": "migrant_workers", "count": 3}], "follow_up": "Perda perlindungan PMI"}),
        )
        .await;
    assert_eq!(s, 201, "{f}");

    // Who reads what.
    let listed = |v: &Value, id: &str| v["items"].as_array().unwrap().iter().any(|a| a["id"] == id);
    for (user, sees_outreach, sees_training) in [
        ("cirebon.village", true, false),
        ("cirebon.taskforce", true, false),
        ("cirebon.coord", true, true),
        ("cirebon.desk", true, true),
        ("cirebon.union.sup", false, true),
        ("cirebon.wcc", false, false),
        ("tulungagung.village", false, false),
        ("tulungagung.coord", false, false),
    ] {
        let u = t.as_user(user).await;
        let (s, list) = u.get("/api/v1/activities").await;
        assert_eq!(s, 200, "{user}: {list}");
        assert_eq!((listed(&list, &id), listed(&list, &training_id)), (sees_outreach, sees_training), "{user}");
        let (s, _) = u.get(&format!("/api/v1/activities/{id}")).await;
        assert_eq!(s == 200, sees_outreach, "{user}");
        if !sees_outreach {
            assert_eq!(s, 404, "{user}: exactly not found");
        }
    }
    let (s, _) = t.as_user("me.officer").await.get("/api/v1/activities").await;
    assert_eq!(s, 403, "the M&E officer reads aggregates only");
    let (_, desk_view) = t.as_user("cirebon.desk").await.get(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(desk_view["people"], json!([{"person_id": person, "name": "Siti Maemunah"}]), "the desk reads her name");
    let (_, coord_view) = coord.get(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(coord_view["people"], json!([]), "the coordinator reads no people");
    let (_, kinds) = coord.get("/api/v1/activities?kind=forum_meeting").await;
    assert_eq!(kinds["total"], 1, "{kinds}");
}
both!(activities_are_recorded_by_who_runs_them_and_read_within_their_area);

async fn the_activity_form_keeps_what_was_typed(engine: Engine) {
    let t = spawn_demo(engine).await;
    let b = t.in_browser("cirebon.village").await;
    let (s, form) = b.page("/activities/new?kind=outreach_event").await;
    assert_eq!(s, 200);
    assert!(form.contains("name=\"n.18_24.female\"") && form.contains("Dompyong Kulon"), "{form}");
    let (s, again) = b
        .post_form(
            "/activities/new",
            &[
                ("kind", "outreach_event"),
                ("title", "Sosialisasi di posyandu"),
                ("date", "2026-01-10"),
                ("area_code", "32.09.30.2001"),
                ("topic", "safe_migration"),
                ("n.18_24.female", "dua puluh"),
                ("n.25_34.female", "12"),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("Kehadiran: bukan angka") && again.contains("value=\"dua puluh\""), "{again}");
    assert!(again.contains("value=\"Sosialisasi di posyandu\""), "{again}");
    assert!(again.contains("name=\"n.25_34.female\" value=\"12\""), "{again}");
    let (s, to) = b
        .post_form(
            "/activities/new",
            &[
                ("kind", "outreach_event"),
                ("title", "Sosialisasi di posyandu"),
                ("date", "2026-01-10"),
                ("area_code", "32.09.30.2001"),
                ("topic", "safe_migration"),
                ("n.18_24.female", "20"),
                ("n.25_34.female", "12"),
                ("n.18_24.male", "3"),
            ],
        )
        .await;
    assert_eq!(s, 303, "{to}");
    let (_, page) = b.page(&to).await;
    assert!(page.contains("35 orang, 32 di antaranya perempuan"), "{page}");
    let (_, list) = b.page("/activities").await;
    assert!(list.contains(&to), "{list}");
}
both!(the_activity_form_keeps_what_was_typed);
