//! Every form of the case page, sent with bad input through a browser
//! session, on both engines, comes back as the case page (422, not the error
//! page) with its message inside the refused form and what was typed in its
//! fields; amounts are taken as people write them in Indonesia and shown the
//! same way.

use satuatap_store::Engine;

use super::complaint_pages::{days_ago, labour_case};
use crate::both;
use crate::helpers::{page, post_form as post, switch_language, TestApp};

/// The refused form of the case page: from the element with `id` to the end
/// of its form.
fn form_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</form>").unwrap_or(rest.len())]
}

/// Posts `fields` to `path` and checks the answer is the case page again:
/// 422, not the error page, the message in form `id`, each typed value in it.
async fn refused(
    client: &reqwest::Client,
    t: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    id: &str,
    message: &str,
    typed: &[&str],
) -> String {
    let (s, html) = post(client, t, path, fields).await;
    assert_eq!(s, 422, "{path}: {html}");
    assert!(!html.contains("class=\"error\""), "{path}: not the error page: {html}");
    assert!(html.contains("id=\"timeline\""), "{path}: the case page: {html}");
    let form = form_of(&html, id);
    assert!(form.contains("role=\"alert\"") && form.contains(message), "{path}: {message:?} in #{id}: {form}");
    for value in typed {
        assert!(form.contains(value), "{path}: {value:?} kept in #{id}: {form}");
    }
    assert_eq!(html.matches("role=\"alert\"").count(), 1, "{path}: only the refused form has messages");
    html
}

async fn case_forms_come_back_with_what_was_typed(engine: Engine) {
    let t = crate::helpers::spawn_demo(engine).await;
    let (union, csrf, case) = labour_case(&t, "Wartini").await;
    let csrf = csrf.as_str();

    // The assessment: an unknown risk level; the needs typed stay.
    let html = refused(
        &union,
        &t,
        &format!("{case}/move/assess"),
        &[("csrf", csrf), ("risk", "sangat-tinggi"), ("need", "gbv_medical"), ("needs", "tempat tinggal sementara")],
        "assess-form",
        "Risiko",
        &["value=\"tempat tinggal sementara\""],
    )
    .await;
    assert!(form_of(&html, "assess-form").contains("value=\"gbv_medical\" checked"), "the need picked stays picked");
    let (s, _) = post(
        &union,
        &t,
        &format!("{case}/move/assess"),
        &[("csrf", csrf), ("risk", "medium"), ("need", "gbv_medical")],
    )
    .await;
    assert_eq!(s, 303);

    // The plan: an unknown "Oleh siapa".
    let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(7)).to_string();
    refused(
        &union,
        &t,
        &format!("{case}/move/plan"),
        &[("csrf", csrf), ("what", "dampingi ke Disnaker"), ("who", "tidak.ada.orangnya"), ("due", &due)],
        "plan-form",
        "tidak.ada.orangnya",
        &["value=\"dampingi ke Disnaker\"", "value=\"tidak.ada.orangnya\"", &format!("value=\"{due}\"")],
    )
    .await;

    // A task without what to do; its date stays.
    refused(
        &union,
        &t,
        &format!("{case}/tasks"),
        &[("csrf", csrf), ("what", " "), ("due", &due)],
        "add-task",
        "wajib diisi",
        &[&format!("value=\"{due}\"")],
    )
    .await;

    // An empty note.
    refused(&union, &t, &format!("{case}/notes"), &[("csrf", csrf), ("text", "  ")], "add-note", "wajib diisi", &[])
        .await;

    // An attachment without a file.
    let r = union
        .post(t.url(&format!("{case}/attachments?csrf={csrf}")))
        .multipart(reqwest::multipart::Form::new().text("csrf", csrf.to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"timeline\"") && !html.contains("class=\"error\""), "{html}");
    assert!(form_of(&html, "add-attachment").contains("wajib diisi"), "{html}");

    // The complaint: a claim amount no one writes; every row as typed.
    let html = refused(
        &union,
        &t,
        &format!("{case}/complaint"),
        &[
            ("csrf", csrf),
            ("respondent_organisation_code", "P3MI-DEMO-CRB"),
            ("respondent_name", ""),
            ("claim_item", "gaji 3 bulan"),
            ("claim_amount", "13.5.00"),
            ("claim_currency", "IDR"),
            ("claim_item", "uang makan"),
            ("claim_amount", "Rp 250.000"),
            ("claim_currency", "IDR"),
        ],
        "complaint-form",
        "Jumlah tuntutan: “13.5.00” bukan jumlah uang",
        &["value=\"gaji 3 bulan\"", "value=\"13.5.00\"", "value=\"uang makan\"", "value=\"Rp 250.000\""],
    )
    .await;
    assert!(form_of(&html, "complaint-form").contains("<option value=\"P3MI-DEMO-CRB\" selected>"));
    let (s, _) = post(
        &union,
        &t,
        &format!("{case}/complaint"),
        &[
            ("csrf", csrf),
            ("respondent_organisation_code", "P3MI-DEMO-CRB"),
            ("claim_item", "gaji 3 bulan"),
            ("claim_amount", "Rp13.500.000,-"),
            ("claim_currency", "IDR"),
        ],
    )
    .await;
    assert_eq!(s, 303);

    // A mediation session without a result.
    refused(
        &union,
        &t,
        &format!("{case}/complaint/sessions"),
        &[("csrf", csrf), ("date", &days_ago(3)), ("parties", "PMI, P3MI"), ("result", ""), ("note", "P3MI hadir")],
        "session-form",
        "Hasil: “” tidak ada dalam daftar",
        &[&format!("value=\"{}\"", days_ago(3)), "value=\"PMI, P3MI\"", ">P3MI hadir</textarea>"],
    )
    .await;

    // A settlement amount mistyped, then as people write it.
    refused(
        &union,
        &t,
        &format!("{case}/complaint/settlement"),
        &[
            ("csrf", csrf),
            ("date", &days_ago(1)),
            ("amount_recovered", "13.5.00"),
            ("currency", "IDR"),
            ("terms", "dibayar tunai"),
        ],
        "settlement-form",
        "“13.5.00” bukan jumlah uang",
        &["value=\"13.5.00\"", ">dibayar tunai</textarea>", &format!("value=\"{}\"", days_ago(1))],
    )
    .await;
    let yesterday = days_ago(1);
    let settle = [
        ("csrf", csrf),
        ("date", yesterday.as_str()),
        ("amount_recovered", "13.500.000"),
        ("currency", "IDR"),
        ("terms", "dibayar tunai"),
    ];
    let (s, to) = post(&union, &t, &format!("{case}/complaint/settlement"), &settle).await;
    assert_eq!((s, to), (303, format!("{case}#settlement")));
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("<dd><strong>Rp 13.500.000</strong></dd>"), "{html}");
    assert!(html.contains("gaji 3 bulan <strong>Rp 13.500.000</strong>"), "{html}");
    switch_language(&union, &t, "en").await;
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("<dd><strong>IDR 13,500,000</strong></dd>"), "{html}");
    switch_language(&union, &t, "id").await;

    // An escalation without its channel.
    refused(
        &union,
        &t,
        &format!("{case}/complaint/escalations"),
        &[("csrf", csrf), ("channel", ""), ("date", &days_ago(1)), ("reference", "REF-42")],
        "escalation-form",
        "Saluran: “” tidak ada dalam daftar",
        &["value=\"REF-42\""],
    )
    .await;

    // A transfer without its destination.
    refused(
        &union,
        &t,
        &format!("{case}/transfer"),
        &[("csrf", csrf), ("organisation_code", ""), ("reason", "pindah ke Indramayu")],
        "transfer-form",
        "organisasi tidak dikenal",
        &[">pindah ke Indramayu</textarea>"],
    )
    .await;
}

both!(case_forms_come_back_with_what_was_typed);

/// The forms of a GBV case, its closure's approval and reopening: each
/// refused input comes back in its form, as typed, never the error page.
async fn gbv_case_forms_come_back_with_what_was_typed(engine: Engine) {
    let t = crate::helpers::spawn_demo(engine).await;
    let desk = t.as_user("cirebon.desk").await;
    let person = desk.register_person("Rasmini Binti Darip").await;
    desk.consent(&person, "share_with_partners", "WCC-MAWAR-BALQIS").await;
    let (wcc, csrf) = crate::helpers::browser(&t, "cirebon.wcc").await;
    let csrf = csrf.as_str();
    let (s, case) = post(&wcc, &t, &format!("/people/{person}/cases/new"), &[("csrf", csrf), ("kind", "gbv")]).await;
    assert_eq!(s, 303, "{case}");
    let case = case.split('#').next().unwrap().to_string();

    // The incident: a first report before the incident; answers kept.
    refused(
        &wcc,
        &t,
        &format!("{case}/incident"),
        &[
            ("csrf", csrf),
            ("yes", "physical_assault"),
            ("incident_date", &days_ago(2)),
            ("first_report_date", &days_ago(5)),
            ("narrative", "Dipukul di dapur."),
        ],
        "incident-form",
        "sebelum",
        &["value=\"physical_assault\" checked", ">Dipukul di dapur.</textarea>", &format!("value=\"{}\"", days_ago(5))],
    )
    .await;

    // Closing without a reason; the outcome typed stays.
    refused(
        &wcc,
        &t,
        &format!("{case}/move/close"),
        &[("csrf", csrf), ("reason", ""), ("outcome", "pindah ke rumah aman")],
        "close-form",
        "wajib diisi",
        &["value=\"pindah ke rumah aman\""],
    )
    .await;
    let close = [("csrf", csrf), ("reason", "client_withdrew"), ("outcome", "pindah kota")];
    assert_eq!(post(&wcc, &t, &format!("{case}/move/close"), &close).await.0, 303);

    // The supervisor rejects the closure without saying why.
    let (sup, sup_csrf) = crate::helpers::browser(&t, "cirebon.wcc.sup").await;
    let (_, html) = page(&sup, &t, &case).await;
    let approval =
        html.split(&format!("action=\"{case}/approvals/")).nth(1).unwrap().split('"').next().unwrap().to_string();
    refused(
        &sup,
        &t,
        &format!("{case}/approvals/{approval}"),
        &[("csrf", sup_csrf.as_str()), ("decision", "reject"), ("comment", " ")],
        "approvals",
        "wajib diisi",
        &[],
    )
    .await;
    let approve = [("csrf", sup_csrf.as_str()), ("decision", "approve"), ("comment", "")];
    assert_eq!(post(&sup, &t, &format!("{case}/approvals/{approval}"), &approve).await.0, 303);

    // Reopening without saying why.
    refused(
        &wcc,
        &t,
        &format!("{case}/move/reopen"),
        &[("csrf", csrf), ("outcome", "")],
        "reopen-form",
        "wajib diisi",
        &[],
    )
    .await;
}

both!(gbv_case_forms_come_back_with_what_was_typed);
