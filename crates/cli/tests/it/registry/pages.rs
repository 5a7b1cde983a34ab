//! The person page and its forms (consent, visit, episode, relative,
//! duplicates and merge), through a browser session on both engines.

use satuatap_store::Engine;

use crate::both;
use crate::helpers::{csrf_of, spawn_demo, TestApp};

async fn sign_in(t: &TestApp, username: &str) -> String {
    let html = t.get("/sign-in").await.text().await.unwrap();
    let r = t
        .client
        .post(t.url("/sign-in"))
        .form(&[("username", username), ("password", "demo-password"), ("csrf", &csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    csrf_of(&t.get("/people").await.text().await.unwrap())
}

async fn register(t: &TestApp, csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut form = vec![("csrf", csrf), ("confirm", "true")];
    form.extend_from_slice(fields);
    let r = t.client.post(t.url("/people/new")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    r.headers()["location"].to_str().unwrap().to_string()
}

async fn post_form(t: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
    let r = t.client.post(t.url(path)).form(form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

async fn the_person_page_and_its_forms(engine: Engine) {
    let t = spawn_demo(engine).await;
    let csrf = sign_in(&t, "cirebon.desk").await;
    let csrf = csrf.as_str();
    let page = register(
        &t,
        csrf,
        &[
            ("full_name", "Siti Djubaedah"),
            ("other_names", "Edah, Siti Jubaedah"),
            ("sex", "female"),
            ("birth_date", "1987-05-04"),
            ("village_code", "32.09.30.2001"),
            ("marital_status", "married"),
            ("education", "junior_secondary"),
        ],
    )
    .await;
    let html = t.get(&page).await.text().await.unwrap();
    assert!(html.contains("Edah, Siti Jubaedah") && html.contains("SMP/sederajat") && html.contains("kawin"), "{html}");

    // A migration episode with itemised costs.
    let form = t.get(&format!("{page}/episodes/new")).await.text().await.unwrap();
    assert!(form.contains("Hong Kong (HK)") && form.contains("PT Sumber Karya Mandiri"));
    let (s, _, html) = post_form(
        &t,
        &format!("{page}/episodes/new"),
        &[
            ("csrf", csrf),
            ("stage", "abroad"),
            ("destination", "HK"),
            ("cost_item", "recruitment_fee"),
            ("cost_amount", "1,5 juta"),
            ("cost_currency", "IDR"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Jumlah biaya penempatan: “1,5 juta” bukan jumlah uang"), "{html}");
    let (s, location, _) = post_form(
        &t,
        &format!("{page}/episodes/new"),
        &[
            ("csrf", csrf),
            ("stage", "returnee"),
            ("destination", "HK"),
            ("sector", "domestic_work"),
            ("placement_agency_code", "P3MI-DEMO-CRB"),
            ("departure_date", "2018-01-10"),
            ("return_date", "2022-01-10"),
            ("documented", "yes"),
            ("pmi_number", "PMI123456"),
            ("cost_item", "recruitment_fee"),
            ("cost_amount", "12000000"),
            ("cost_currency", "IDR"),
            ("cost_date", "2017-12-01"),
            ("cost_item", "medical_check"),
            ("cost_amount", "800000"),
            ("cost_currency", "IDR"),
            ("cost_date", ""),
            ("cost_item", "training"),
            ("cost_amount", ""),
            ("cost_currency", "IDR"),
            ("cost_date", ""),
            ("earnings_amount", "4630"),
            ("earnings_currency", "HKD"),
        ],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, format!("{page}#episodes").as_str()));
    let html = t.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("id=\"episodes\"") && html.contains("Hong Kong (HK)") && html.contains("purna pekerja migran")
    );
    assert!(html.contains("= Rp 12.800.000") && html.contains("HKD 4.630"), "{html}");

    // Consent to share with the union, then the union reads her details.
    let (s, _, _) = post_form(
        &t,
        &format!("{page}/consents/new"),
        &[
            ("csrf", csrf),
            ("purpose", "share_with_partners"),
            ("organisation_code", "SBMI-CRB"),
            ("status", "given"),
            ("method", "written"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _, html) = post_form(
        &t,
        &format!("{page}/consents/new"),
        &[("csrf", csrf), ("purpose", "contact"), ("status", "withdrawn"), ("method", "verbal")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("persetujuan ini belum pernah diberikan"), "{html}");

    // A visit, queued at two desks.
    let form = t.get(&format!("{page}/visits/new")).await.text().await.unwrap();
    assert!(form.contains("value=\"LTSA-MRC-CRB\"") && form.contains("value=\"IMIGRASI-CRB\""));
    let (s, _, _) = post_form(
        &t,
        &format!("{page}/visits/new"),
        &[
            ("csrf", csrf),
            ("office_code", "LTSA-MRC-CRB"),
            ("channel", "walk_in"),
            ("desks", "IMIGRASI-CRB"),
            ("desks", "SBMI-CRB"),
            ("purpose", "paspor"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _, html) = post_form(
        &t,
        &format!("{page}/visits/new"),
        &[("csrf", csrf), ("office_code", "LTSA-MRC-CRB"), ("channel", "walk_in"), ("desks", "P3MI-DEMO-CRB")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("tidak melayani di kantor ini"), "{html}");

    // A family member, found by name.
    let child = register(&t, csrf, &[("full_name", "Nurul Aini"), ("sex", "female"), ("estimated_age", "8")]).await;
    let child_id = child.trim_start_matches("/people/");
    let form = t.get(&format!("{page}/relatives/new?q=nurul")).await.text().await.unwrap();
    assert!(form.contains(&format!("value=\"{child_id}\"")));
    let (s, _, _) = post_form(
        &t,
        &format!("{page}/relatives/new"),
        &[("csrf", csrf), ("relative_id", child_id), ("relationship", "child")],
    )
    .await;
    assert_eq!(s, 303);
    let html = t.get(&page).await.text().await.unwrap();
    assert!(html.contains("id=\"relatives\"") && html.contains("Nurul Aini") && html.contains(">anak<"), "{html}");
    assert!(t.get(&child).await.text().await.unwrap().contains(">orang tua<"));
    assert!(html.contains(&format!("action=\"{page}/household\"")));
    let (s, _, _) = post_form(&t, &format!("{page}/household"), &[("csrf", csrf)]).await;
    assert_eq!(s, 303);
    let html = t.get(&child).await.text().await.unwrap();
    assert!(
        html.contains("id=\"household\"") && html.contains("Siti Djubaedah") && html.contains("kepala keluarga"),
        "{html}"
    );

    // Duplicates on demand, and a merge.
    let dup = register(
        &t,
        csrf,
        &[("full_name", "Siti Jubaedah"), ("sex", "female"), ("birth_date", "1987-05-04"), ("phone", "081299990000")],
    )
    .await;
    let dup_id = dup.trim_start_matches("/people/");
    let html = t.get(&format!("{page}?duplicates=1")).await.text().await.unwrap();
    assert!(html.contains("id=\"duplicates\"") && html.contains(&format!("href=\"/people/{dup_id}\"")), "{html}");
    assert!(html.contains("Gabungkan ke data ini"));
    let (s, location, _) = post_form(&t, &format!("{page}/merge"), &[("csrf", csrf), ("duplicate_id", dup_id)]).await;
    assert_eq!((s, location), (303, format!("{page}#merged-from")));
    let html = t.get(&page).await.text().await.unwrap();
    assert!(html.contains("id=\"merged-from\"") && html.contains("081299990000"), "{html}");
    let html = t.get(&dup).await.text().await.unwrap();
    assert!(html.contains("id=\"merged\"") && html.contains(&format!("href=\"{page}\"")));
    // The list filters by stage.
    let html = t.get("/people?stage=returnee&within=32.09.30").await.text().await.unwrap();
    assert!(html.contains("Siti Djubaedah") && !html.contains("Nurul Aini"));
    let html = t.get("/people?stage=returnee&within=35.04").await.text().await.unwrap();
    assert!(!html.contains("Siti Djubaedah"));
    let html = t.get("/people?stage=family_member").await.text().await.unwrap();
    assert!(html.contains("Nurul Aini") && !html.contains("Siti Djubaedah"));
}
both!(the_person_page_and_its_forms);

async fn without_consent_the_page_shows_only_that_the_person_exists(engine: Engine) {
    let t = spawn_demo(engine).await;
    let csrf = sign_in(&t, "cirebon.desk").await;
    let page = register(
        &t,
        &csrf,
        &[("full_name", "Kuriah"), ("sex", "female"), ("nik", "3209154204910001"), ("birth_date", "1991-04-02")],
    )
    .await;
    // Another session: the union's paralegal.
    let union = crate::helpers::spawn_client(&t);
    let html = union.get(t.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let r = union
        .post(t.url("/sign-in"))
        .form(&[("username", "cirebon.union"), ("password", "demo-password"), ("csrf", &csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = union.get(t.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("id=\"withheld\"") && html.contains("Kuriah"), "{html}");
    assert!(!html.contains("3209154204910001"), "no NIK without consent");
    assert!(!html.contains("/episodes/new"), "no episode form without consent");
    let r = union.get(t.url(&format!("{page}/episodes/new"))).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("belum memberi persetujuan"));
}
both!(without_consent_the_page_shows_only_that_the_person_exists);
