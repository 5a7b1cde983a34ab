//! Online campaigns and the forum's members (with the women migrant
//! workers' seat), on both engines.

use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::spawn_demo;

async fn online_campaigns_report_their_reach(engine: Engine) {
    let t = spawn_demo(engine).await;
    let union = t.as_user("cirebon.union").await;
    let (s, e) = union
        .post(
            "/api/v1/campaigns",
            json!({"platform": "myspace", "area_code": "32.09", "topic": "", "title": "Migrasi aman",
                   "starts_on": "2026-05-10", "ends_on": "2026-05-01", "reach": 1000, "women_reached": 1500,
                   "engagement": -3}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    for want in [
        ("platform", "unknown_code"),
        ("topic", "required"),
        ("ends_on", "before_start"),
        ("women_reached", "more_than_reach"),
        ("engagement", "out_of_range"),
    ] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, e) = union
        .post(
            "/api/v1/campaigns",
            json!({"platform": "tiktok", "area_code": "32.09", "topic": "safe_migration", "title": "x",
                   "starts_on": "2026-05-01", "ends_on": "2026-05-31", "reach": 10, "likes": 3}),
        )
        .await;
    assert_eq!(s, 422, "unknown fields are refused: {e}");
    let campaign = json!({"platform": "tiktok", "area_code": "32.09", "topic": "safe_migration",
                          "title": "Video seri: kenali calo", "starts_on": "2026-05-01", "ends_on": "2026-05-31",
                          "reach": 24000, "women_reached": 15200, "engagement": 1830});
    let (s, c) = union.post("/api/v1/campaigns", campaign.clone()).await;
    assert_eq!(s, 201, "{c}");
    assert_eq!(
        (c["organiser_name"].as_str().map(|n| n.contains("SBMI")), c["women_reached"].as_i64()),
        (Some(true), Some(15200))
    );
    // A partner records its own campaigns, in its district only.
    let mut other = campaign.clone();
    other["organiser_code"] = json!("WCC-MAWAR-BALQIS");
    let (s, e) = union.post("/api/v1/campaigns", other).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_your_organisation")), "{e}");
    let mut away = campaign.clone();
    away["area_code"] = json!("35.04");
    let (s, e) = union.post("/api/v1/campaigns", away).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");
    // Nobody credits another district's organisation, nor a village another organisation.
    let mut forged = campaign.clone();
    forged["organiser_code"] = json!("KSBSI-TA");
    let (s, e) = t.as_user("cirebon.coord").await.post("/api/v1/campaigns", forged.clone()).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_your_organisation")), "{e}");
    forged["area_code"] = json!("32.09.30.2001");
    let (s, e) = t.as_user("cirebon.village").await.post("/api/v1/campaigns", forged).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_your_organisation")), "{e}");
    let mut theirs = campaign.clone();
    theirs["organiser_code"] = json!("SBMI-CRB");
    let (s, _) = t.as_user("cirebon.coord").await.post("/api/v1/campaigns", theirs).await;
    assert_eq!(s, 201, "the coordinator records the district union's campaign");
    let (s, _) = t.as_user("me.officer").await.post("/api/v1/campaigns", campaign.clone()).await;
    assert_eq!(s, 403, "the M&E officer reads aggregates only");
    // The district reads it; another district does not; the organiser does.
    let id = c["id"].as_str().unwrap();
    let (_, seen) = t.as_user("cirebon.coord").await.get("/api/v1/campaigns").await;
    assert!(seen["items"].as_array().unwrap().iter().any(|x| x["id"] == id), "{seen}");
    let (_, own) = union.get("/api/v1/campaigns").await;
    assert_eq!(own["total"], 2, "its own, and the one the coordinator recorded for it: {own}");
    let (_, far) = t.as_user("tulungagung.coord").await.get("/api/v1/campaigns").await;
    assert_eq!(far["total"], 0, "{far}");
    let (s, _) = t.as_user("tulungagung.wcc").await.get("/api/v1/campaigns").await;
    assert_eq!(s, 200);
    // Recorded on the page; bad figures come back with what was typed.
    let b = t.in_browser("cirebon.union").await;
    let (s, page) = b.page("/campaigns").await;
    assert_eq!(s, 200);
    assert!(page.contains("Video seri: kenali calo") && page.contains("15200"), "{page}");
    let (s, again) = b
        .post_form(
            "/campaigns",
            &[
                ("title", "Siaran langsung Instagram"),
                ("platform", "instagram"),
                ("topic", "gender_equality"),
                ("area_code", "32.09"),
                ("starts_on", "2026-06-01"),
                ("ends_on", "2026-06-30"),
                ("reach", "banyak"),
                ("women_reached", ""),
                ("engagement", ""),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("Siaran langsung Instagram") && again.contains("banyak"), "{again}");
    let (s, again) = b
        .post_form(
            "/campaigns",
            &[
                ("title", "Siaran langsung Instagram"),
                ("platform", "instagram"),
                ("topic", "gender_equality"),
                ("area_code", "32.09"),
                ("starts_on", "2026-06-01"),
                ("ends_on", "2026-06-30"),
                ("reach", "1.5"),
                ("women_reached", ""),
                ("engagement", ""),
            ],
        )
        .await;
    assert_eq!(s, 422, "1.5 is no count: {again}");
    let (s, _) = b
        .post_form(
            "/campaigns",
            &[
                ("title", "Siaran langsung Instagram"),
                ("platform", "instagram"),
                ("topic", "gender_equality"),
                ("area_code", "32.09"),
                ("starts_on", "2026-06-01"),
                ("ends_on", "2026-06-30"),
                ("reach", "3.400"),
                ("women_reached", "2.900"),
                ("engagement", ""),
            ],
        )
        .await;
    assert_eq!(s, 303);
    let (_, own) = union.get("/api/v1/campaigns").await;
    assert_eq!((own["total"].as_i64(), own["items"][0]["reach"].as_i64()), (Some(3), Some(3400)), "{own}");
}
both!(online_campaigns_report_their_reach);

async fn the_forum_seats_its_members_with_women_migrant_workers(engine: Engine) {
    let t = spawn_demo(engine).await;
    let coord = t.as_user("cirebon.coord").await;
    let b = t.in_browser("cirebon.coord").await;
    let (_, page) = b.page("/forum").await;
    assert!(page.contains("id=\"seat-empty\""), "an empty seat is pointed out: {page}");
    let (s, e) = coord
        .post(
            "/api/v1/forum-members",
            json!({"organisation_code": "P3MI-DEMO-CRB", "seat": "women_migrant_workers", "joined_on": "2026-01-10"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("seat_not_for_kind")), "{e}");
    let (s, e) = coord
        .post("/api/v1/forum-members", json!({"organisation_code": "", "seat": "chair", "joined_on": "2999-01-01"}))
        .await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    for want in [("organisation_code", "required"), ("seat", "unknown_code"), ("joined_on", "future_date")] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, seat) = coord
        .post("/api/v1/forum-members", json!({"organisation_code": "SBMI-CRB", "seat": "women_migrant_workers", "representative": "Ketua divisi perempuan", "joined_on": "2026-01-10"}))
        .await;
    assert_eq!((s, seat["seat"].as_str()), (201, Some("women_migrant_workers")), "{seat}");
    let (s, _) = coord
        .post(
            "/api/v1/forum-members",
            json!({"organisation_code": "SBMI-CRB", "seat": "women_migrant_workers", "joined_on": "2026-02-10"}),
        )
        .await;
    assert_eq!(s, 409, "one seat of a kind at a time");
    let (s, _) = coord
        .post(
            "/api/v1/forum-members",
            json!({"organisation_code": "DISNAKER-CRB", "seat": "government", "joined_on": "2026-01-10"}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, e) = coord
        .post(
            "/api/v1/forum-members",
            json!({"organisation_code": "SBMI-TA", "seat": "workers", "joined_on": "2026-01-10"}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_of_district")), "{e}");
    let (s, _) = coord
        .post(
            "/api/v1/forum-members",
            json!({"organisation_code": "UPT-BP3MI-JABAR", "seat": "other", "joined_on": "2026-01-10"}),
        )
        .await;
    assert_eq!(s, 201, "the province's office sits in the district forum");
    // Only the coordinator seats members; the village reads its district's forum; other districts do not.
    let (s, _) = t
        .as_user("cirebon.union")
        .await
        .post(
            "/api/v1/forum-members",
            json!({"organisation_code": "SBMI-CRB", "seat": "workers", "joined_on": "2026-01-10"}),
        )
        .await;
    assert_eq!(s, 403);
    let (_, seen) = t.as_user("cirebon.village").await.get("/api/v1/forum-members").await;
    assert_eq!(seen.as_array().unwrap().len(), 3, "{seen}");
    let (_, far) = t.as_user("tulungagung.coord").await.get("/api/v1/forum-members").await;
    assert_eq!(far.as_array().unwrap().len(), 0, "{far}");
    let id = seat["id"].as_str().unwrap();
    let (s, _) = t
        .as_user("tulungagung.coord")
        .await
        .post(&format!("/api/v1/forum-members/{id}/end"), json!({"date": "2026-03-01"}))
        .await;
    assert_eq!(s, 404, "another district's member does not exist for her");
    let (_, page) = b.page("/forum").await;
    assert!(!page.contains("id=\"seat-empty\"") && page.contains("Ketua divisi perempuan"), "{page}");
    let (s, e) = coord.post(&format!("/api/v1/forum-members/{id}/end"), json!({"date": "2025-12-01"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("before_start")), "{e}");
    let (s, left) = coord.post(&format!("/api/v1/forum-members/{id}/end"), json!({"date": "2026-03-01"})).await;
    assert_eq!((s, left["left_on"].as_str()), (200, Some("2026-03-01")), "{left}");
    let (s, _) = coord.post(&format!("/api/v1/forum-members/{id}/end"), json!({"date": "2026-03-02"})).await;
    assert_eq!(s, 409);
    let (_, page) = b.page("/forum").await;
    assert!(page.contains("id=\"seat-empty\""), "the seat is empty again: {page}");
    // The page keeps what was typed when refused.
    let (s, again) = b
        .post_form(
            "/forum/members",
            &[
                ("organisation_code", "P3MI-DEMO-CRB"),
                ("seat", "workers"),
                ("representative", "Bu Warsini"),
                ("joined_on", "2026-01-10"),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("Bu Warsini") && again.contains("value=\"P3MI-DEMO-CRB\""), "{again}");
    let (s, _) = b
        .post_form(
            "/forum/members",
            &[
                ("organisation_code", "WCC-MAWAR-BALQIS"),
                ("seat", "civil_society"),
                ("representative", ""),
                ("joined_on", "2026-01-10"),
            ],
        )
        .await;
    assert_eq!(s, 303);
}
both!(the_forum_seats_its_members_with_women_migrant_workers);

async fn attendees_are_named_on_the_form_by_nik(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let (s, p) = officer
        .post(
            "/api/v1/people",
            json!({"full_name": "Carsinah Widyaningrum", "sex": "female", "estimated_age": 24,
                   "nik": "3209154506020003", "village_code": "32.09.30.2001"}),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    let b = t.in_browser("cirebon.village").await;
    let form = |attendees: &'static str| {
        vec![
            ("kind", "info_session"),
            ("title", "Sesi migrasi aman RW 03"),
            ("date", "2026-03-02"),
            ("area_code", "32.09.30.2001"),
            ("topic", "safe_migration"),
            ("n.18_24.female", "12"),
            ("attendees", attendees),
        ]
    };
    // A NIK of no one she may see, or no NIK at all: the form again, as typed.
    let (s, again) = b.post_form("/activities/new", &form("3209154506020003\n3578010101010001\nCarsinah")).await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("3578010101010001") && again.contains("Sesi migrasi aman RW 03"), "{again}");
    assert_eq!(again.matches("3578010101010001").count(), 2, "named in the message and kept in the field: {again}");
    let (s, _) = b.post_form("/activities/new", &form("3209154506020003\n")).await;
    assert_eq!(s, 303);
    let (_, list) = officer.get("/api/v1/activities?kind=info_session").await;
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Sesi migrasi aman RW 03")
        .unwrap_or_else(|| panic!("{list}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, a) = officer.get(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(a["people"][0]["person_id"], p["id"], "{a}");
    let (_, page) = b.page(&format!("/activities/{id}")).await;
    assert!(page.contains("Carsinah Widyaningrum"), "{page}");
    // One who reads no people names no one: the form again, not an error page.
    let coord = t.in_browser("cirebon.coord").await;
    let (s, again) = coord.post_form("/activities/new", &form("3209154506020003")).await;
    assert_eq!(s, 422, "{again}");
    assert!(!again.contains("Carsinah"), "{again}");
    // The district reads the activity, not her (the coordinator reads no people).
    let (_, seen) = t.as_user("cirebon.coord").await.get(&format!("/api/v1/activities/{id}")).await;
    assert!(!seen.to_string().contains("Carsinah") && seen["total"] == 12, "{seen}");
}
both!(attendees_are_named_on_the_form_by_nik);
