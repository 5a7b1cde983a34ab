//! The task-force roster and union memberships, on both engines.

use satuatap_store::Engine;
use serde_json::json;

use super::villager;
use crate::both;
use crate::helpers::spawn_demo;

async fn the_roster_and_union_memberships(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let (s, e) = officer
        .post(
            "/api/v1/task-force-members",
            json!({"name": "", "role": "chief", "sex": "", "origin": "pkk", "active_from": "2999-01-01"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    for want in [("name", "required"), ("role", "unknown_code"), ("sex", "required"), ("active_from", "future_date")] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, m) = officer
        .post("/api/v1/task-force-members", json!({"name": "Ibu Casmirah", "role": "head", "sex": "female", "origin": "pkk", "active_from": "2025-01-06"}))
        .await;
    assert_eq!((s, m["village_code"].as_str()), (201, Some("32.09.30.2001")), "{m}");
    let id = m["id"].as_str().unwrap().to_string();
    let (s, e) = officer
        .post("/api/v1/task-force-members", json!({"name": "X", "role": "member", "sex": "male", "origin": "other", "active_from": "2025-01-06", "village_code": "35.04.14.2001"}))
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("outside_your_area")), "{e}");
    let (_, roster) = t.as_user("cirebon.taskforce").await.get("/api/v1/task-force-members").await;
    assert!(roster.as_array().unwrap().iter().any(|m| m["id"] == id.as_str()), "{roster}");
    let (_, other) = t.as_user("tulungagung.village").await.get("/api/v1/task-force-members").await;
    assert!(!other.to_string().contains(&id));
    let (s, _) = t
        .as_user("tulungagung.village")
        .await
        .post(&format!("/api/v1/task-force-members/{id}/end"), json!({"date": "2026-01-01"}))
        .await;
    assert_eq!(s, 404);
    let (s, e) = officer.post(&format!("/api/v1/task-force-members/{id}/end"), json!({"date": "2024-01-01"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("before_start")), "{e}");
    let (s, ended) = officer.post(&format!("/api/v1/task-force-members/{id}/end"), json!({"date": "2026-01-01"})).await;
    assert_eq!((s, ended["active_to"].as_str()), (200, Some("2026-01-01")), "{ended}");
    let (s, _) = officer.post(&format!("/api/v1/task-force-members/{id}/end"), json!({"date": "2026-01-02"})).await;
    assert_eq!(s, 409);
    let b = t.in_browser("cirebon.village").await;
    let (s, page) = b.page("/task-force").await;
    assert_eq!(s, 200);
    assert!(page.contains("Ibu Casmirah") && page.contains("Ketua"), "{page}");
    let (s, again) = b
        .post_form(
            "/task-force",
            &[
                ("name", "Pak Darsono"),
                ("role", "member"),
                ("sex", "male"),
                ("origin", ""),
                ("active_from", "2025-01-06"),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("value=\"Pak Darsono\""), "{again}");

    // She joins the union of her district, facilitated by the village.
    let person = villager(&officer, "Rasminah").await;
    let memberships = format!("/api/v1/people/{person}/memberships");
    let (s, e) =
        officer.post(&memberships, json!({"organisation_code": "WCC-MAWAR-BALQIS-X", "joined_on": "2026-02-01"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_a_union")), "{e}");
    let (s, e) = officer.post(&memberships, json!({"organisation_code": "SBMI-TA", "joined_on": "2026-02-01"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("not_a_union")), "another district's union: {e}");
    let (s, m) = officer
        .post(
            &memberships,
            json!({"organisation_code": "sbmi-crb", "joined_on": "2026-02-01", "facilitated_by_code": "DESA-CRB-1"}),
        )
        .await;
    assert_eq!(s, 201, "{m}");
    let (s, e) = officer.post(&memberships, json!({"organisation_code": "SBMI-CRB", "joined_on": "2026-02-02"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_member")), "{e}");
    let (_, list) = officer.get(&memberships).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let mid = m["id"].as_str().unwrap();
    let (s, left) = officer.post(&format!("/api/v1/memberships/{mid}/end"), json!({"date": "2026-03-01"})).await;
    assert_eq!((s, left["left_on"].as_str()), (200, Some("2026-03-01")), "{left}");
    let (s, _) = t.as_user("tulungagung.village").await.get(&memberships).await;
    assert_eq!(s, 404, "outside her village: not found");
    let page = format!("/people/{person}/memberships");
    let (s, html) = b.page(&page).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Serikat Buruh Migran Indonesia (SBMI) Kabupaten Cirebon") && html.contains("2026-03-01"),
        "{html}"
    );
    let (s, again) = b.post_form(&page, &[("organisation_code", "BANK-CRB"), ("joined_on", "2026-04-01")]).await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("value=\"BANK-CRB\"") && again.contains("bukan serikat"), "{again}");
    let (s, to) = b.post_form(&page, &[("organisation_code", "SBMI-CRB"), ("joined_on", "2026-04-01")]).await;
    assert_eq!((s, to.as_str()), (303, page.as_str()));
}
both!(the_roster_and_union_memberships);

async fn the_forum_follows_its_decisions_and_the_register_of_regulations(engine: Engine) {
    let t = spawn_demo(engine).await;
    let coord = t.as_user("cirebon.coord").await;
    let (s, e) =
        coord.post("/api/v1/forum-actions", json!({"decision": "", "owner_code": "NOPE", "due_on": "someday"})).await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    for want in [("decision", "required"), ("due_on", "invalid_date")] {
        assert!(got.contains(&(want.0.into(), want.1.into())), "{want:?} in {got:?}");
    }
    let (s, e) = coord
        .post("/api/v1/forum-actions", json!({"decision": "x", "owner_code": "NOPE", "due_on": "2026-01-01"}))
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("unknown_organisation")), "{e}");
    let (s, late) = coord
        .post("/api/v1/forum-actions", json!({"decision": "Menyusun rancangan perda perlindungan PMI", "owner_code": "DISNAKER-CRB", "due_on": "2026-01-15"}))
        .await;
    assert_eq!((s, late["overdue"].as_bool()), (201, Some(true)), "{late}");
    let (s, later) = coord
        .post(
            "/api/v1/forum-actions",
            json!({"decision": "Sosialisasi di 9 desa", "owner_code": "SBMI-CRB", "due_on": "2099-01-15"}),
        )
        .await;
    assert_eq!((s, later["overdue"].as_bool()), (201, Some(false)), "{later}");
    // Only the coordinator runs the forum.
    let (s, _) = t
        .as_user("cirebon.union")
        .await
        .post("/api/v1/forum-actions", json!({"decision": "x", "owner_code": "SBMI-CRB", "due_on": "2026-05-01"}))
        .await;
    assert_eq!(s, 403);
    // The owner sees its item; another district sees none.
    let (_, mine) = t.as_user("cirebon.union").await.get("/api/v1/forum-actions").await;
    let ids: Vec<&str> = mine.as_array().unwrap().iter().filter_map(|a| a["id"].as_str()).collect();
    assert!(ids.contains(&later["id"].as_str().unwrap()) && !ids.contains(&late["id"].as_str().unwrap()), "{mine}");
    let (_, other) = t.as_user("tulungagung.coord").await.get("/api/v1/forum-actions").await;
    assert_eq!(other.as_array().unwrap().len(), 0, "{other}");
    // Overdue on the coordinator's home page; closed with evidence, once.
    let b = t.in_browser("cirebon.coord").await;
    let (_, home) = b.page("/").await;
    assert!(home.contains("Tindak lanjut forum terlambat"), "{home}");
    let id = late["id"].as_str().unwrap();
    let (s, e) = coord.post(&format!("/api/v1/forum-actions/{id}/close"), json!({"status": "done"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("evidence")), "{e}");
    let (s, done) = coord
        .post(
            &format!("/api/v1/forum-actions/{id}/close"),
            json!({"status": "done", "evidence": "Rancangan diserahkan ke DPRD"}),
        )
        .await;
    assert_eq!((s, done["status"].as_str(), done["overdue"].as_bool()), (200, Some("done"), Some(false)), "{done}");
    let (s, _) =
        coord.post(&format!("/api/v1/forum-actions/{id}/close"), json!({"status": "dropped", "evidence": "x"})).await;
    assert_eq!(s, 409);
    let (_, home) = b.page("/").await;
    assert!(!home.contains("Tindak lanjut forum terlambat"), "{home}");
    let (s, page) = b.page("/forum").await;
    assert_eq!(s, 200);
    assert!(page.contains("Sosialisasi di 9 desa") && page.contains("Rancangan diserahkan ke DPRD"), "{page}");
    let (s, again) = b
        .post_form("/forum", &[("decision", "Pelatihan Satgas"), ("owner_code", "NOPE"), ("due_on", "2026-06-01")])
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("Pelatihan Satgas</textarea>"), "{again}");

    // The register of local regulations: a district's and a village's.
    let (s, e) = coord
        .post(
            "/api/v1/regulations",
            json!({"level": "district", "area_code": "32.09", "title": "Perda PMI", "status": "issued"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let got = super::fields(&e);
    assert!(
        got.contains(&("number".into(), "required".into())) && got.contains(&("issued_on".into(), "required".into())),
        "{got:?}"
    );
    let (s, perda) = coord
        .post("/api/v1/regulations", json!({"level": "district", "area_code": "32.09", "title": "Perda Perlindungan Pekerja Migran Indonesia", "status": "issued", "number": "Perda No. 2 Tahun 2026", "issued_on": "2026-03-01", "topic": "safe_migration"}))
        .await;
    assert_eq!(s, 201, "{perda}");
    let officer = t.as_user("cirebon.village").await;
    let (s, e) = officer
        .post(
            "/api/v1/regulations",
            json!({"level": "district", "area_code": "32.09", "title": "x", "status": "draft"}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (422, Some("outside_your_area")),
        "a village registers only its own: {e}"
    );
    let (s, perdes) = officer
        .post("/api/v1/regulations", json!({"level": "village", "area_code": "32.09.30.2001", "title": "Perdes Perlindungan PMI", "status": "draft"}))
        .await;
    assert_eq!(s, 201, "{perdes}");
    let (_, seen) = officer.get("/api/v1/regulations").await;
    assert_eq!(seen.as_array().unwrap().len(), 2, "her village's and her district's: {seen}");
    let (_, other) = t.as_user("tulungagung.village").await.get("/api/v1/regulations").await;
    assert_eq!(other.as_array().unwrap().len(), 0, "{other}");
    let (s, page) = t.in_browser("cirebon.village").await.page("/regulations").await;
    assert_eq!(s, 200);
    assert!(page.contains("Perda No. 2 Tahun 2026") && page.contains("Rancangan"), "{page}");
}
both!(the_forum_follows_its_decisions_and_the_register_of_regulations);
