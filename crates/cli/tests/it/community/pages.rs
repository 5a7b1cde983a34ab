//! The village's pages: every form comes back with its messages and what
//! was typed; the inbox, the warning's page and its buttons; the navigation.

use satuatap_store::Engine;

use super::villager;
use crate::both;
use crate::helpers::spawn_demo;

async fn the_village_pages_keep_what_was_typed_and_walk_a_registration(engine: Engine) {
    let t = spawn_demo(engine).await;
    let officer = t.as_user("cirebon.village").await;
    let person = villager(&officer, "Sri Wahyuni").await;
    let b = t.in_browser("cirebon.village").await;

    let (s, home) = b.page("/").await;
    assert_eq!(s, 200);
    assert!(home.contains("href=\"/community\""), "the navigation offers the village: {home}");
    let (s, page) = b.page(&format!("/people/{person}")).await;
    assert_eq!(s, 200);
    assert!(page.contains(&format!("href=\"/people/{person}/village-registration\"")), "{page}");

    // A registration with bad input comes back, as typed.
    let form = format!("/people/{person}/village-registration");
    let (s, again) = b
        .post_form(
            &form,
            &[
                ("destination", ""),
                ("destination_other", "ZZ"),
                ("occupation", "Pengasuh lansia"),
                ("permission_relation", "parent"),
                ("seen_ktp", "1"),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("“ZZ”") && again.contains("value=\"Pengasuh lansia\""), "{again}");
    assert!(again.contains("name=\"seen_ktp\" value=\"1\" checked"), "{again}");
    assert!(again.contains("value=\"parent\" selected"), "{again}");
    let (s, to) = b
        .post_form(
            &form,
            &[
                ("destination", "TW"),
                ("permission_relative", "Kasmin"),
                ("permission_relation", "parent"),
                ("permission_acknowledged_by", "Kuwu"),
                ("permission_acknowledged_on", "2026-01-10"),
                ("seen_ktp", "1"),
            ],
        )
        .await;
    assert_eq!(s, 303, "{to}");
    let (s, reg) = b.page(&to).await;
    assert_eq!(s, 200);
    assert!(reg.contains("Menunggu verifikasi") && reg.contains("Taiwan"), "{reg}");
    let (s, again) = b.post_form(&format!("{to}/decision"), &[("decision", "return"), ("reason", "")]).await;
    assert_eq!(s, 422, "returning needs a reason: {again}");
    let (s, _) = b.post_form(&format!("{to}/decision"), &[("decision", "verify")]).await;
    assert_eq!(s, 303);
    let (_, reg) = b.page(&to).await;
    assert!(reg.contains("Terverifikasi") && !reg.contains("id=\"decision\""), "{reg}");

    // The front desk expects her (until she leaves).
    let d = t.in_browser("cirebon.desk").await;
    let (s, exp) = d.page("/expected-visitors").await;
    assert_eq!(s, 200);
    assert!(exp.contains("Sri Wahyuni") && exp.contains("Didaftarkan desa"), "{exp}");

    // A return before the departure comes back with its message.
    let (s, _) = b
        .post_form(
            &format!("/people/{person}/departure"),
            &[("date", "2025-05-01"), ("country", "TW"), ("channel", "procedural"), ("reported_by", "family")],
        )
        .await;
    assert_eq!(s, 303);
    let (s, again) = b
        .post_form(
            &format!("/people/{person}/return"),
            &[
                ("date", "2025-04-01"),
                ("country", "TW"),
                ("reason", "illness"),
                ("needs", "health"),
                ("reported_by", "family"),
                ("follow_up", "refer"),
            ],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("tidak boleh sebelum tanggal keberangkatan"), "{again}");
    assert!(again.contains("value=\"health\" checked") && again.contains("value=\"refer\" checked"), "{again}");

    // A warning with bad input, then raised, then on the coordinator's inbox.
    let (s, again) = b
        .post_form(
            "/warnings/new",
            &[("kind", "violence_reported"), ("urgency", "urgent"), ("summary", "Teriakan tiap malam")],
        )
        .await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("Teriakan tiap malam</textarea>"), "{again}");
    let (s, to) = b
        .post_form(
            "/warnings/new",
            &[
                ("kind", "suspected_recruiter"),
                ("urgency", "normal"),
                ("summary", "Calo datang lagi"),
                ("person", &person),
            ],
        )
        .await;
    assert_eq!(s, 303, "{to}");
    let (_, w) = b.page(&to).await;
    assert!(
        w.contains("Calo datang lagi") && !w.contains("id=\"acknowledge\""),
        "the village does not acknowledge: {w}"
    );
    let c = t.in_browser("cirebon.coord").await;
    let (s, inbox) = c.page("/warnings").await;
    assert_eq!(s, 200);
    assert!(inbox.contains(&to), "{inbox}");
    let (_, w) = c.page(&to).await;
    assert!(w.contains("id=\"acknowledge\"") && w.contains("(nama tidak ditampilkan)"), "{w}");
    let (s, _) = c.post_form(&format!("{to}/acknowledge"), &[]).await;
    assert_eq!(s, 303);
    let (s, again) = c.post_form(&format!("{to}/end"), &[("outcome", "closed"), ("note", "")]).await;
    assert_eq!(s, 422, "{again}");
    let (s, _) = c.post_form(&format!("{to}/end"), &[("outcome", "referred"), ("note", "Ke SBMI")]).await;
    assert_eq!(s, 303);
    let (_, w) = c.page(&to).await;
    assert!(w.contains("Dirujuk") && !w.contains("id=\"end\""), "{w}");

    let r = t.get_in("/community", "en").await;
    assert!(r.status().as_u16() == 303 || r.status().as_u16() == 401, "signed out: {}", r.status());
}
both!(the_village_pages_keep_what_was_typed_and_walk_a_registration);
