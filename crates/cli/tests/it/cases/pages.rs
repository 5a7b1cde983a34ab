//! Case pages through browser sessions, on both engines: open a case from
//! the person page, move it, notes and tasks, my work, the caseload, and
//! what other organisations see of a restricted case.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{browser, page, post_form as post, spawn_demo};

async fn cases_through_the_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    // The desk registers her, with consent to share with the union and the crisis centre.
    let (desk, desk_csrf) = browser(&t, "cirebon.desk").await;
    let (s, person) = post(
        &desk,
        &t,
        "/people/new",
        &[
            ("csrf", &desk_csrf),
            ("confirm", "true"),
            ("full_name", "Karniti"),
            ("sex", "female"),
            ("estimated_age", "34"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    for org in ["SBMI-CRB", "WCC-MAWAR-BALQIS"] {
        let form = [
            ("csrf", desk_csrf.as_str()),
            ("purpose", "share_with_partners"),
            ("organisation_code", org),
            ("status", "given"),
            ("method", "written"),
        ];
        assert_eq!(post(&desk, &t, &format!("{person}/consents/new"), &form).await.0, 303);
    }

    // The paralegal opens a labour case from her page and works it.
    let (union, csrf) = browser(&t, "cirebon.union").await;
    let csrf = csrf.as_str();
    let (_, html) = page(&union, &t, &person).await;
    assert!(html.contains(&format!("href=\"{person}/cases/new\"")), "{html}");
    // First the kind, then only what applies to it.
    let (_, step) = page(&union, &t, &format!("{person}/cases/new")).await;
    assert!(step.contains("name=\"kind\" value=\"gbv\"") && !step.contains("jeratan utang"), "{step}");
    let (_, form) = page(&union, &t, &format!("{person}/cases/new?kind=labour_complaint")).await;
    assert!(form.contains("penahanan dokumen identitas") && form.contains("jeratan utang"));
    let (_, gbv) = page(&union, &t, &format!("{person}/cases/new?kind=gbv")).await;
    assert!(gbv.contains("value=\"gbv\"") && gbv.contains("GBVIMS"), "{gbv}");
    assert!(!gbv.contains("labour_categories") && !gbv.contains("forced_labour_indicators"), "{gbv}");
    // A list that does not apply to the kind comes back refused, the form
    // kept as typed.
    let (s, again) = post(
        &union,
        &t,
        &format!("{person}/cases/new"),
        &[
            ("csrf", csrf),
            ("kind", "other_protection"),
            ("risk", "high"),
            ("labour_categories", "unpaid_wages"),
            ("forced_labour_indicators", "debt_bondage"),
        ],
    )
    .await;
    assert_eq!(s, 422, "{again}");
    assert!(
        again.contains("tidak berlaku untuk jenis kasus ini") && again.contains("value=\"debt_bondage\" checked"),
        "{again}"
    );
    let (s, case) = post(
        &union,
        &t,
        &format!("{person}/cases/new"),
        &[("csrf", csrf), ("kind", "labour_complaint"), ("risk", "high"), ("labour_categories", "unpaid_wages")],
    )
    .await;
    assert_eq!(s, 303);
    let case = case.split('#').next().unwrap().to_string();
    let (_, html) = page(&union, &t, &case).await;
    assert!(
        html.contains("pengaduan ketenagakerjaan") && html.contains("penerimaan") && html.contains("risiko tinggi")
    );
    assert!(html.contains("/move/assess") && !html.contains("/move/follow_up"), "only the allowed moves");
    let (s, html) = post(&union, &t, &format!("{case}/move/follow_up"), &[("csrf", csrf)]).await;
    assert_eq!(s, 409);
    assert!(html.contains("Yang bisa sekarang: asesmen, tutup"), "{html}");
    assert_eq!(
        post(
            &union,
            &t,
            &format!("{case}/move/assess"),
            &[("csrf", csrf), ("risk", "medium"), ("needs", "bantuan hukum, kepulangan")]
        )
        .await
        .0,
        303
    );
    assert_eq!(
        post(
            &union,
            &t,
            &format!("{case}/move/plan"),
            &[("csrf", csrf), ("what", "Kronologi dan surat kuasa"), ("due", "2026-12-01")]
        )
        .await
        .0,
        303
    );
    assert_eq!(
        post(&union, &t, &format!("{case}/notes"), &[("csrf", csrf), ("text", "Majikan menahan paspor")]).await.0,
        303
    );
    let (_, html) = page(&union, &t, &case).await;
    assert!(
        html.contains("bantuan hukum, kepulangan")
            && html.contains("Majikan menahan paspor")
            && html.contains("Kronologi dan surat kuasa")
    );
    assert!(html.contains("catatan ditambahkan") && html.contains("rencana dibuat"), "the timeline");

    // A photo of the passport, uploaded from the page (the CSRF token in the form's URL).
    let png = b"\x89PNG\r\n\x1a\n fake image bytes".to_vec();
    let form = || {
        reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(png.clone()).file_name("foto paspor.png"))
    };
    let r = union.post(t.url(&format!("{case}/attachments"))).multipart(form()).send().await.unwrap();
    assert_eq!(r.status(), 403, "no token, no upload");
    let r = union.post(t.url(&format!("{case}/attachments?csrf={csrf}"))).multipart(form()).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("foto paspor.png") && html.contains("image/png"), "{html}");
    let m = format!("href=\"{case}/attachments/");
    let i = html.find(&m).unwrap() + m.len() - 1;
    let link = format!("{case}/attachments/{}", html[i + 1..].split('"').next().unwrap());
    let r = union.get(t.url(&link)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().to_vec(), png);

    // My work lists the case and the task; the supervisor's caseload its organisation's.
    let (s, html) = page(&union, &t, "/cases").await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"my-cases\"") && html.contains("Karniti") && html.contains("Kronologi dan surat kuasa"));
    assert_eq!(page(&union, &t, "/cases/caseload").await.0, 403);
    let (sup, _) = browser(&t, "cirebon.union.sup").await;
    let (s, html) = page(&sup, &t, "/cases/caseload").await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"by-stage\"") && html.contains("rencana penanganan"), "{html}");

    // A GBV case at the crisis centre: the union sees no sign of it.
    let (wcc, wcc_csrf) = browser(&t, "cirebon.wcc").await;
    let (s, gbv) =
        post(&wcc, &t, &format!("{person}/cases/new"), &[("csrf", &wcc_csrf), ("kind", "gbv"), ("risk", "high")]).await;
    assert_eq!(s, 303);
    let gbv = gbv.split('#').next().unwrap().to_string();
    let (_, html) = page(&union, &t, &person).await;
    assert!(!html.contains("WCC Mawar Balqis") && !html.contains("terbatas"), "{html}");
    assert!(!html.contains(&gbv[gbv.rfind('/').unwrap()..]));
    assert_eq!(page(&union, &t, &gbv).await.0, 404);
    let (_, html) = page(&wcc, &t, &gbv).await;
    assert!(html.contains("id=\"restricted\"") && html.contains("id=\"incident-form\""));
    // The incident from the page: the type follows the first "yes" in the GBVIMS order.
    let form = [
        ("csrf", wcc_csrf.as_str()),
        ("yes", "psychological_abuse"),
        ("yes", "physical_assault"),
        ("contexts", "workplace_abroad"),
        ("incident_date", "2026-10-01"),
        ("first_report_date", "2026-10-04"),
        ("perpetrator_relationship", "employer"),
        ("reporting_consent", "yes"),
        ("narrative", "Ditampar majikan"),
    ];
    assert_eq!(post(&wcc, &t, &format!("{gbv}/incident"), &form).await.0, 303);
    let (_, html) = page(&wcc, &t, &gbv).await;
    assert!(
        html.contains("kekerasan fisik") && html.contains("0–3 hari") && html.contains("Ditampar majikan"),
        "{html}"
    );
    // Closing it asks the supervisor, who approves from the case page.
    assert_eq!(
        post(&wcc, &t, &format!("{gbv}/move/close"), &[("csrf", &wcc_csrf), ("reason", "needs_met")]).await.0,
        303
    );
    let (wsup, wsup_csrf) = browser(&t, "cirebon.wcc.sup").await;
    let (_, html) = page(&wsup, &t, &gbv).await;
    let m = "/approvals/";
    let i = html.find(m).unwrap() + m.len();
    let approval = html[i..].split('"').next().unwrap().to_string();
    let (s, _) =
        post(&wsup, &t, &format!("{gbv}/approvals/{approval}"), &[("csrf", &wsup_csrf), ("decision", "approve")]).await;
    assert_eq!(s, 303);
    let (_, html) = page(&wsup, &t, &gbv).await;
    assert!(html.contains("ditutup") && html.contains("disetujui"), "{html}");
    let r = desk
        .get(t.url(&format!("/api/v1/people/{}/cases", person.trim_start_matches("/people/"))))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "the restricted case is not even mentioned");
    assert!(v.as_array().unwrap().iter().all(|m| m["case"] == json!(null)), "the desk reads no case");
}
both!(cases_through_the_pages);
