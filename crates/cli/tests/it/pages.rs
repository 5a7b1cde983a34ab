//! The pages, in both languages.

use satuatap_core::organisations::organisation::NewOrganisation;
use satuatap_store::Engine;

use crate::both;
use crate::helpers::spawn_demo;

async fn home_in_both_languages(engine: Engine) {
    let t = spawn_demo(engine).await;
    let r = t.get("/").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\">"));
    assert!(html.contains("Layanan Terpadu Satu Atap bagi Pekerja Migran"));
    for office in [
        "LTSA-MRC Kabupaten Cirebon",
        "LTSA-MRC Kabupaten Tulungagung",
        "LTSA-MRC Kabupaten Blitar",
        "LTSA-MRC Kabupaten Lampung Timur",
    ] {
        assert!(html.contains(office), "{office} missing");
    }
    // No inline script: every <script> has a src.
    assert_eq!(html.matches("<script").count(), html.matches("<script src=").count());

    // A browser in English with no choice made opens in Bahasa Indonesia:
    // `Accept-Language` does not decide pages.
    let html = t.get_with_lang("/", "en-US,en;q=0.9").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    assert!(html.contains("Layanan Terpadu Satu Atap bagi Pekerja Migran"));
    let html = t.get_in("/", "en").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("One-Roof Integrated Services for Migrant Workers"));

    // The switch remembers the choice and goes back where the user was.
    let r = t.get("/language/en?next=%2Forganisations%3Fkind%3Dcrisis_centre").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/organisations?kind=crisis_centre");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("satuatap_lang=en"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let html = t.get("/organisations?kind=crisis_centre").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("WCC Mawar Balqis"));
    assert!(
        html.contains("Women&#x27;s crisis centre") || html.contains("Women&#39;s crisis centre"),
        "kind label in English"
    );
    assert!(!html.contains("SBMI"), "filter applied");

    // No open redirect.
    let r = t.get("/language/id?next=%2F%2Fevil.example%2F").await;
    assert_eq!(r.headers()["location"], "/");
    let r = t.get("/language/fr").await;
    assert_eq!(r.status(), 404);
}
both!(home_in_both_languages);

async fn browsers_and_escaping(engine: Engine) {
    let t = spawn_demo(engine).await;
    let html = t.get("/areas").await.text().await.unwrap();
    assert!(html.contains("Jawa Barat") && html.contains("Lampung"));
    let html = t.get("/areas/32.09").await.text().await.unwrap();
    assert!(
        html.contains("Kabupaten Cirebon") && html.contains("Sumber") && html.contains("LTSA-MRC Kabupaten Cirebon")
    );
    // Its organisations (the first of them, and the rest one link away).
    assert!(html.contains("/organisations?within=32.09"), "{html}");
    let html = t.get("/organisations?within=32.09&q=mawar").await.text().await.unwrap();
    assert!(html.contains("WCC Mawar Balqis"), "{html}");
    let html = t.get("/areas/32.09?q=gebang").await.text().await.unwrap();
    assert!(html.contains("/areas/32.09.30") && !html.contains("/areas/32.09.01\""));
    let html = t.get("/areas/32.09.30.2001").await.text().await.unwrap();
    assert!(html.contains("Pusat Informasi Desa Dompyong Kulon"));
    let html = t.get("/offices?kind=village_information_centre&within=35.04").await.text().await.unwrap();
    assert_eq!(html.matches("/offices/0").count(), 9, "nine village centres in Tulungagung");

    // Names are escaped.
    t.app
        .create_organisation(
            &satuatap_core::access::Ctx::system(),
            &NewOrganisation {
                code: "XSS-TEST".into(),
                name: "<script>alert(1)</script> & Co".into(),
                kind: "ngo".into(),
                area_code: "32.09".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let html = t.get("/organisations?q=xss").await.text().await.unwrap();
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co"), "name not escaped");
    assert!(!html.contains("<script>alert(1)"));
    let id = t.app.organisation_by_code("XSS-TEST").await.unwrap().id;
    let html = t.get(&format!("/organisations/{id}")).await.text().await.unwrap();
    assert!(html.contains("&#60;script&#62;") && html.contains("Kabupaten Cirebon"));
}
both!(browsers_and_escaping);

async fn error_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    let r = t.get("/areas/99.99").await;
    assert_eq!(r.status(), 404);
    let op = r.headers()["x-operation-id"].to_str().unwrap().to_string();
    let html = r.text().await.unwrap();
    assert!(html.contains("Halaman tidak ditemukan"));
    assert!(html.contains(&op), "the page shows the operation id");
    let r = t.get_in("/no/such/page", "en").await;
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("Not found"));
    let r = t.get_in("/organisations?kind=bank", "en").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Please check your input") && html.contains("Kind: “bank” is not in the list"));
}
both!(error_pages);
