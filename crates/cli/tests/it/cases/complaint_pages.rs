//! Complaints, mediation and transfers through the case pages, with browser
//! sessions, on both engines: a paralegal records the respondent, claims,
//! mediation, settlement and escalation; refusals name the field in both
//! languages; a transfer is declined and another accepted by the receiving
//! organisation's supervisor, while a third organisation can do neither.

use chrono::{Duration, Utc};
use satuatap_store::Engine;
use serde_json::Value;

use crate::both;
use crate::helpers::{browser, page, post_form as post, switch_language, TestApp};

/// A day `n` days ago, as a form sends it.
pub(super) fn days_ago(n: i64) -> String {
    (Utc::now().date_naive() - Duration::days(n)).to_string()
}

/// The part of a page from the element with `id` to the end of its form.
fn form_of<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</form>").unwrap()]
}

/// A person registered by the front desk, sharing with SBMI Cirebon, and a
/// labour case the union's paralegal opens for her: (paralegal's browser,
/// its CSRF token, the case's path).
pub(super) async fn labour_case(t: &TestApp, name: &str) -> (reqwest::Client, String, String) {
    let (desk, desk_csrf) = browser(t, "cirebon.desk").await;
    let (s, person) = post(
        &desk,
        t,
        "/people/new",
        &[("csrf", &desk_csrf), ("confirm", "true"), ("full_name", name), ("sex", "female"), ("estimated_age", "31")],
    )
    .await;
    assert_eq!(s, 303);
    let consent = [
        ("csrf", desk_csrf.as_str()),
        ("purpose", "share_with_partners"),
        ("organisation_code", "SBMI-CRB"),
        ("status", "given"),
        ("method", "written"),
    ];
    assert_eq!(post(&desk, t, &format!("{person}/consents/new"), &consent).await.0, 303);
    let (union, csrf) = browser(t, "cirebon.union").await;
    let (s, case) = post(
        &union,
        t,
        &format!("{person}/cases/new"),
        &[("csrf", &csrf), ("kind", "labour_complaint"), ("risk", "medium"), ("labour_categories", "unpaid_wages")],
    )
    .await;
    assert_eq!(s, 303);
    let case = case.split('#').next().unwrap().to_string();
    (union, csrf, case)
}

async fn complaint_and_mediation_through_the_pages(engine: Engine) {
    let t = crate::helpers::spawn_demo(engine).await;
    let (union, csrf, case) = labour_case(&t, "Sumiati").await;
    let csrf = csrf.as_str();

    // Nothing recorded yet: the form, with the placement agencies and employers of the directory.
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("Pengaduan dan mediasi") && html.contains("Teradu dan tuntutan belum dicatat."), "{html}");
    let form = form_of(&html, "complaint-form");
    assert!(form.contains("<option value=\"P3MI-DEMO-CRB\">PT Sumber Karya Mandiri (contoh) (P3MI-DEMO-CRB)</option>"));
    assert!(form.contains("value=\"EMPLOYER-DEMO-BLT\""), "employers can be respondents too");
    assert_eq!(form.matches("name=\"claim_item\"").count(), 3, "three empty claim rows");
    assert!(!html.contains("id=\"session-form\""), "mediation comes after the complaint");

    // A bad amount is refused, the field named, in Bahasa Indonesia and in English; nothing is stored.
    let bad = [
        ("csrf", csrf),
        ("respondent_organisation_code", "P3MI-DEMO-CRB"),
        ("claim_item", "gaji 3 bulan"),
        ("claim_amount", "7.5.00"),
        ("claim_currency", "IDR"),
    ];
    let (s, html) = post(&union, &t, &format!("{case}/complaint"), &bad).await;
    assert_eq!(s, 422);
    assert!(html.contains("Jumlah tuntutan: “7.5.00” bukan jumlah uang"), "{html}");
    switch_language(&union, &t, "en").await;
    let r = union.post(t.url(&format!("{case}/complaint"))).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Amount claimed: “7.5.00” is not an amount"), "{html}");
    switch_language(&union, &t, "id").await;
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("Teradu dan tuntutan belum dicatat."), "nothing half-written");

    // The respondent and three claims (the fourth row left empty).
    let form = [
        ("csrf", csrf),
        ("respondent_organisation_code", "P3MI-DEMO-CRB"),
        ("respondent_name", ""),
        ("claim_item", "gaji 3 bulan"),
        ("claim_amount", "4500"),
        ("claim_currency", "MYR"),
        ("claim_item", "biaya penempatan berlebih"),
        ("claim_amount", "7500000"),
        ("claim_currency", "IDR"),
        ("claim_item", "uang makan"),
        ("claim_amount", "250000.50"),
        ("claim_currency", "idr"),
        ("claim_item", ""),
        ("claim_amount", ""),
        ("claim_currency", "IDR"),
    ];
    let (s, to) = post(&union, &t, &format!("{case}/complaint"), &form).await;
    assert_eq!((s, to), (303, format!("{case}#complaint")));
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("id=\"respondent\">PT Sumber Karya Mandiri (contoh) (P3MI-DEMO-CRB)</dd>"), "{html}");
    assert!(
        html.contains("gaji 3 bulan <strong>MYR 4.500</strong>")
            && html.contains("biaya penempatan berlebih <strong>Rp 7.500.000</strong>")
            && html.contains("uang makan <strong>Rp 250.000,50</strong>"),
        "amounts written the Indonesian way: {html}"
    );
    assert!(html.contains("<strong>MYR 4.500 + Rp 7.750.000,50</strong>"), "a total per currency");
    let form = form_of(&html, "complaint-form");
    assert!(form.contains("<option value=\"P3MI-DEMO-CRB\" selected>"), "the respondent chosen");
    assert_eq!(form.matches("name=\"claim_item\"").count(), 6, "the three claims and three empty rows");
    assert!(form.contains("value=\"250.000,50\""));

    // Two mediation sessions, the settlement and an escalation.
    let sessions = [
        (days_ago(30), "PMI, P3MI, SBMI", "no_agreement", "P3MI menolak membayar"),
        (days_ago(15), "PMI, P3MI, SBMI, Disnaker", "agreement", ""),
    ];
    for (date, parties, result, note) in sessions.iter().map(|(d, p, r, n)| (d, *p, *r, *n)) {
        let form = [("csrf", csrf), ("date", date.as_str()), ("parties", parties), ("result", result), ("note", note)];
        assert_eq!(post(&union, &t, &format!("{case}/complaint/sessions"), &form).await.0, 303);
    }
    let (s, html) = post(
        &union,
        &t,
        &format!("{case}/complaint/settlement"),
        &[("csrf", csrf), ("date", &days_ago(10)), ("amount_recovered", "empat ribu"), ("currency", "MYR")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Jumlah yang dipulihkan: “empat ribu” bukan jumlah uang"), "{html}");
    let (s, to) = post(
        &union,
        &t,
        &format!("{case}/complaint/settlement"),
        &[
            ("csrf", csrf),
            ("date", &days_ago(10)),
            ("amount_recovered", "4000"),
            ("currency", "MYR"),
            ("terms", "dibayar dua kali"),
        ],
    )
    .await;
    assert_eq!((s, to), (303, format!("{case}#settlement")));
    let escalated = days_ago(40);
    let form = [("csrf", csrf), ("channel", "bp3mi"), ("date", escalated.as_str()), ("reference", "PGD/2026/091")];
    assert_eq!(post(&union, &t, &format!("{case}/complaint/escalations"), &form).await.0, 303);

    let (_, html) = page(&union, &t, &case).await;
    let mediation = &html[html.find("id=\"mediation\"").unwrap()..];
    let first = mediation.find(
        "<span class=\"tag\">tidak sepakat</span> PMI, P3MI, SBMI <span class=\"muted\">— P3MI menolak membayar</span>",
    );
    let second = mediation.find("<span class=\"tag\">sepakat</span> PMI, P3MI, SBMI, Disnaker");
    assert!(first.is_some() && second.is_some() && first < second, "both sessions, in order: {html}");
    assert!(html.contains(&days_ago(30)) && html.contains(&days_ago(15)));
    assert!(html.contains("<strong>MYR 4.000</strong>") && html.contains("dibayar dua kali"), "the settlement");
    assert!(html.contains("<span class=\"tag\">BP3MI</span> PGD/2026/091"), "the escalation");
    assert!(
        html.contains("pengaduan dicatat")
            && html.contains("sesi mediasi")
            && html.contains("penyelesaian")
            && html.contains("dieskalasi"),
        "the timeline"
    );
    // The same page in English writes amounts the English way.
    switch_language(&union, &t, "en").await;
    let r = union.get(t.url(&case)).send().await.unwrap();
    let html = r.text().await.unwrap();
    switch_language(&union, &t, "id").await;
    assert!(
        html.contains("<strong>MYR 4,500 + IDR 7,750,000.50</strong>")
            && html.contains("<span class=\"tag\">no agreement</span>")
            && html.contains("<strong>MYR 4,000</strong>"),
        "{html}"
    );

    // The API agrees with what the pages recorded.
    let id = case.trim_start_matches("/cases/");
    let r = union.get(t.url(&format!("/api/v1/cases/{id}/complaint"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let c: Value = r.json().await.unwrap();
    let agency = t.app.organisation_by_code("P3MI-DEMO-CRB").await.unwrap();
    assert_eq!(c["respondent_organisation_id"], agency.id.to_string());
    assert!(c["respondent_name"].is_null());
    let claims: Vec<_> = c["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["item"].as_str().unwrap(), c["amount"].as_str().unwrap(), c["currency"].as_str().unwrap()))
        .collect();
    assert_eq!(
        claims,
        [
            ("gaji 3 bulan", "4500", "MYR"),
            ("biaya penempatan berlebih", "7500000", "IDR"),
            ("uang makan", "250000.50", "IDR")
        ]
    );
    let sessions: Vec<_> = c["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["date"].as_str().unwrap().to_string(), s["result"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(sessions, [(days_ago(30), "no_agreement".into()), (days_ago(15), "agreement".into())]);
    assert_eq!(c["sessions"][0]["note"], "P3MI menolak membayar");
    assert!(c["sessions"][1]["note"].is_null(), "an empty note is no note");
    assert_eq!(
        (c["settlement"]["amount_recovered"].as_str(), c["settlement"]["currency"].as_str()),
        (Some("4000"), Some("MYR"))
    );
    assert_eq!(c["settlement"]["terms"], "dibayar dua kali");
    assert_eq!(
        (c["escalations"][0]["channel"].as_str(), c["escalations"][0]["reference"].as_str()),
        (Some("bp3mi"), Some("PGD/2026/091"))
    );

    // Replacing the complaint: a name instead of an organisation, one claim left.
    let form = [
        ("csrf", csrf),
        ("respondent_organisation_code", ""),
        ("respondent_name", "Majikan di Johor"),
        ("claim_item", "gaji 3 bulan"),
        ("claim_amount", "4500"),
        ("claim_currency", "MYR"),
        ("claim_item", ""),
        ("claim_amount", ""),
        ("claim_currency", "IDR"),
    ];
    assert_eq!(post(&union, &t, &format!("{case}/complaint"), &form).await.0, 303);
    let (_, html) = page(&union, &t, &case).await;
    assert!(html.contains("id=\"respondent\">Majikan di Johor</dd>") && !html.contains("uang makan <strong>"));
    assert!(html.contains("<strong>MYR 4.000</strong>"), "the mediation stays");
}
both!(complaint_and_mediation_through_the_pages);

/// The id of the first transfer a caseload page offers to answer.
fn transfer_on(html: &str) -> String {
    let m = "action=\"/transfers/";
    let i = html.find(m).unwrap_or_else(|| panic!("no transfer in {html}")) + m.len();
    html[i..].split('/').next().unwrap().to_string()
}

async fn transfers_through_the_pages(engine: Engine) {
    let t = crate::helpers::spawn_demo(engine).await;
    let (union, csrf, case) = labour_case(&t, "Warsini").await;
    let csrf = csrf.as_str();
    let id = case.trim_start_matches("/cases/").to_string();

    // The choice: organisations that take cases, of this and other districts, not the holder.
    let (_, html) = page(&union, &t, &case).await;
    let form = form_of(&html, "transfer-form");
    for org in ["WCC-MAWAR-BALQIS", "KSBSI-TA", "SBMI-BLT", "UPTD-PPA-BLT", "SP-SEBAY-LAMPUNG"] {
        assert!(form.contains(&format!("value=\"{org}\"")), "{org} in {form}");
    }
    for org in ["SBMI-CRB", "P3MI-DEMO-CRB", "EMPLOYER-DEMO-BLT", "RSUD-ARJAWINANGUN"] {
        assert!(!form.contains(&format!("value=\"{org}\"")), "{org} takes no transfer");
    }
    let groups: Vec<_> = form.split("<optgroup label=\"").skip(1).map(|g| g.split('"').next().unwrap()).collect();
    assert_eq!(groups.first(), Some(&"Kabupaten Cirebon"), "grouped by area, the case's district first");
    assert!(groups.contains(&"Kabupaten Tulungagung") && groups.contains(&"Kabupaten Lampung Timur"), "{groups:?}");

    // Refusals name the field.
    let (s, html) = post(
        &union,
        &t,
        &format!("{case}/transfer"),
        &[("csrf", csrf), ("organisation_code", "WCC-MAWAR-BALQIS"), ("reason", " ")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Alasan: wajib diisi"), "{html}");
    switch_language(&union, &t, "en").await;
    let r = union
        .post(t.url(&format!("{case}/transfer")))
        .form(&[("csrf", csrf), ("organisation_code", "WCC-MAWAR-BALQIS"), ("reason", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Reason: is required"));
    switch_language(&union, &t, "id").await;
    let (s, html) = post(
        &union,
        &t,
        &format!("{case}/transfer"),
        &[("csrf", csrf), ("organisation_code", "P3MI-DEMO-CRB"), ("reason", "x")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Kode organisasi: organisasi ini tidak menangani kasus"), "{html}");

    // A transfer to the crisis centre, which declines it (a comment is required).
    let reason = "Butuh pendampingan psikologis";
    let (s, to) = post(
        &union,
        &t,
        &format!("{case}/transfer"),
        &[("csrf", csrf), ("organisation_code", "WCC-MAWAR-BALQIS"), ("reason", reason)],
    )
    .await;
    assert_eq!((s, to), (303, format!("{case}#transfers")));
    let (_, html) = page(&union, &t, &case).await;
    assert!(
        html.contains("WCC Mawar Balqis <span class=\"tag\">diminta</span> Butuh pendampingan psikologis"),
        "{html}"
    );
    assert!(!html.contains("id=\"transfer-form\""), "one transfer at a time");

    let (wsup, wsup_csrf) = browser(&t, "cirebon.wcc.sup").await;
    let (_, html) = page(&wsup, &t, "/cases").await;
    assert!(html.contains("id=\"incoming-count\"") && html.contains("</a>: <strong>1</strong>"), "{html}");
    let (s, html) = page(&wsup, &t, "/cases/caseload").await;
    assert_eq!(s, 200);
    let incoming = &html[html.find("id=\"incoming-transfers\"").unwrap()..];
    let incoming = &incoming[..incoming.find("</ul>").unwrap()];
    assert!(
        incoming.contains(
            "<strong>Serikat Buruh Migran Indonesia (SBMI) Kabupaten Cirebon</strong> Butuh pendampingan psikologis"
        ),
        "{incoming}"
    );
    assert!(!incoming.contains("Warsini") && !incoming.contains(&id), "no case content before it is accepted");
    let tid = transfer_on(&html);
    let (s, html) =
        post(&wsup, &t, &format!("/transfers/{tid}/decline"), &[("csrf", &wsup_csrf), ("comment", "")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Komentar: wajib diisi"), "{html}");
    // The caseload again, not the error page: the message in that transfer's form.
    assert!(!html.contains("class=\"error\"") && html.contains("id=\"incoming-transfers\""), "{html}");
    let form = &html[html.find(&format!("id=\"transfer-{tid}\"")).unwrap()..];
    assert!(form[..form.find("</form>").unwrap()].contains("role=\"alert\""), "{form}");
    switch_language(&wsup, &t, "en").await;
    let r = wsup
        .post(t.url(&format!("/transfers/{tid}/decline")))
        .form(&[("csrf", wsup_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Comment: is required"));
    switch_language(&wsup, &t, "id").await;
    let comment = "Bukan kasus KBG; serikat lebih tepat";
    let (s, to) =
        post(&wsup, &t, &format!("/transfers/{tid}/decline"), &[("csrf", &wsup_csrf), ("comment", comment)]).await;
    assert_eq!((s, to.as_str()), (303, "/cases/caseload#incoming"));
    let (_, html) = page(&wsup, &t, "/cases/caseload").await;
    assert!(!html.contains("action=\"/transfers/"), "answered");
    let (s, _) = page(&wsup, &t, &case).await;
    assert_eq!(s, 404, "declined: the crisis centre does not read the case");
    let (_, html) = page(&union, &t, &case).await;
    assert!(
        html.contains("<span class=\"tag\">ditolak</span> Butuh pendampingan psikologis <span class=\"muted\">— Bukan kasus KBG; serikat lebih tepat</span>"),
        "{html}"
    );

    // A second transfer, to the union in Tulungagung (another district).
    let (s, _) = post(
        &union,
        &t,
        &format!("{case}/transfer"),
        &[("csrf", csrf), ("organisation_code", "KSBSI-TA"), ("reason", "Keluarga pindah ke Tulungagung")],
    )
    .await;
    assert_eq!(s, 303);

    // Third organisations see no buttons and are refused; so are those who do not supervise.
    let (bsup, bsup_csrf) = browser(&t, "blitar.union.sup").await;
    let (_, html) = page(&bsup, &t, "/cases/caseload").await;
    assert!(!html.contains("action=\"/transfers/") && html.contains("id=\"incoming\""), "{html}");
    let (_, html) = page(&wsup, &t, "/cases/caseload").await;
    assert!(!html.contains("action=\"/transfers/"));
    let (tsup, tsup_csrf) = browser(&t, "tulungagung.union.sup").await;
    let (_, html) = page(&tsup, &t, "/cases/caseload").await;
    let tid2 = transfer_on(&html);
    assert_ne!(tid, tid2);
    for (who, b, token) in [("blitar.union.sup", &bsup, &bsup_csrf), ("cirebon.wcc.sup", &wsup, &wsup_csrf)] {
        let (s, html) = post(b, &t, &format!("/transfers/{tid2}/accept"), &[("csrf", token)]).await;
        assert_eq!(s, 404, "{who}: {html}");
        let (s, _) = post(b, &t, &format!("/transfers/{tid2}/decline"), &[("csrf", token), ("comment", "x")]).await;
        assert_eq!(s, 404, "{who}");
    }
    let (tpara, tpara_csrf) = browser(&t, "tulungagung.union").await;
    assert_eq!(post(&tpara, &t, &format!("/transfers/{tid2}/accept"), &[("csrf", &tpara_csrf)]).await.0, 403);
    assert_eq!(post(&union, &t, &format!("/transfers/{tid2}/accept"), &[("csrf", csrf)]).await.0, 403);

    // The receiving supervisor accepts from the caseload: the case is theirs now.
    let (_, html) = page(&tsup, &t, "/cases").await;
    assert!(html.contains("</a>: <strong>1</strong>"), "{html}");
    let (s, to) = post(&tsup, &t, &format!("/transfers/{tid2}/accept"), &[("csrf", &tsup_csrf), ("comment", "")]).await;
    assert_eq!((s, to), (303, format!("{case}#transfers")));
    let (s, html) = page(&tsup, &t, &case).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Konfederasi Serikat Buruh Sejahtera Indonesia (KSBSI) Tulungagung</dd>"),
        "the holder: {html}"
    );
    assert!(html.contains("<span class=\"tag\">diterima</span> Keluarga pindah ke Tulungagung"));
    assert!(html.contains("pengalihan diterima"), "the timeline");
    let (_, html) = page(&tsup, &t, "/cases").await;
    assert!(html.contains("</a>: <strong>0</strong>") && html.contains(&format!("href=\"{case}\"")), "{html}");
    let r = tsup.get(t.url(&format!("/api/v1/cases/{id}"))).send().await.unwrap();
    let c: Value = r.json().await.unwrap();
    let me: Value = tsup.get(t.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!((c["owner_id"].clone(), c["district_code"].as_str()), (me["id"].clone(), Some("35.04")));
    assert_eq!(page(&union, &t, &case).await.0, 404, "the sender no longer holds it");
    let (s, html) =
        post(&tsup, &t, &format!("/transfers/{tid2}/decline"), &[("csrf", &tsup_csrf), ("comment", "x")]).await;
    assert_eq!(s, 409);
    assert!(html.contains("permintaan ini sudah diputuskan"), "{html}");
}
both!(transfers_through_the_pages);
