//! The survivor fixture of `SAFETY.md`: a woman registered by the crisis
//! centre, queued at its desk, with a GBV case (note, task, incident,
//! attachment), a consent naming a shelter, a referral to it and a
//! household — everything made through the API as the counsellor.

use serde_json::{json, Value};

use crate::helpers::{api_get, api_post, api_token, TestApp};

/// Her name, NIK, phone and what was written about her: no outsider's
/// answer may contain any of them.
pub const NAME: &str = "Rukmini Safitri Wulandari";
pub const NIK: &str = "3209154204910007";
pub const PHONE: &str = "081377665544";
pub const PURPOSE: &str = "Konseling KDRT sesi pertama";
pub const CONSENT_NOTE: &str = "hanya hubungi saat suami pergi";
pub const NOTE: &str = "Suami mengancam lewat telepon";
/// What her village wrote in a violence warning named to the crisis centre.
pub const WARNING: &str = "Tetangga mendengar pukulan di rumah ujung gang";
/// What the centre's hotline wrote of her call.
pub const HOTLINE: &str = "Menelepon diam-diam dari warung";

/// The ids of everything made about her.
#[derive(Debug, Clone)]
pub struct Survivor {
    pub person: String,
    pub visit: String,
    pub case: String,
    pub task: String,
    pub attachment: String,
    pub referral: String,
    pub consent: String,
    pub household: String,
    /// A violence warning of her village, named to the crisis centre.
    pub warning: String,
    /// The LTSA-MRC office of Cirebon (public).
    pub office: String,
    /// A training of the centre she attended, named (the activity is not secret; she is).
    pub activity: String,
    /// A competency test she sat (likewise).
    pub test: String,
}

impl Survivor {
    /// What must never appear in an outsider's answer.
    pub fn secrets(&self) -> Vec<String> {
        let mut s: Vec<String> =
            [NAME, "Rukmini", "Wulandari", NIK, PHONE, PURPOSE, CONSENT_NOTE, NOTE, WARNING, HOTLINE]
                .iter()
                .map(|x| x.to_string())
                .collect();
        s.extend(
            [&self.person, &self.visit, &self.case, &self.referral, &self.consent, &self.household, &self.warning]
                .map(|x| x.to_string()),
        );
        s
    }
}

fn id(v: &Value, what: &str) -> String {
    v["id"].as_str().unwrap_or_else(|| panic!("{what}: {v}")).to_string()
}

/// Makes her, as `cirebon.wcc` of WCC Mawar Balqis.
pub async fn survivor(t: &TestApp) -> Survivor {
    let wcc = api_token(t, "cirebon.wcc").await;
    let (s, p) = api_post(
        t,
        &wcc,
        "/api/v1/people",
        json!({"full_name": NAME, "sex": "female", "birth_date": "1991-04-02", "nik": NIK, "phone": PHONE,
               "village_code": "32.09.30.2001"}),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(p["confidential"], true, "a crisis centre's registration is need-to-know");
    let person = id(&p, "person");

    let (_, offices) = api_get(t, &wcc, "/api/v1/offices?q=LTSA-MRC-CRB").await;
    let office = offices["items"][0]["id"].as_str().unwrap().to_string();
    let (s, v) = api_post(
        t,
        &wcc,
        &format!("/api/v1/people/{person}/visits"),
        json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": ["WCC-MAWAR-BALQIS"], "purpose": PURPOSE}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let visit = id(&v, "visit");

    // A shelter of the district, and her consent to be referred there.
    let (_, shelters) = api_get(t, &wcc, "/api/v1/directory/services?category=shelter&within=32.09").await;
    let shelter = shelters["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["area_code"].as_str().is_some_and(|a| a.starts_with("32.09")))
        .unwrap_or_else(|| panic!("a shelter in Cirebon: {shelters}"))
        .clone();
    let (_, org) =
        api_get(t, &wcc, &format!("/api/v1/organisations/{}", shelter["organisation_id"].as_str().unwrap())).await;
    let shelter_org = org["code"].as_str().or(org["organisation"]["code"].as_str()).unwrap().to_string();
    let (s, c) = api_post(
        t,
        &wcc,
        &format!("/api/v1/people/{person}/consents"),
        json!({"purpose": "referral", "status": "given", "method": "verbal", "organisation_code": shelter_org,
               "note": CONSENT_NOTE}),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    let consent = id(&c, "consent");

    let (s, c) = api_post(t, &wcc, "/api/v1/cases", json!({"person_id": person, "kind": "gbv", "risk": "high"})).await;
    assert_eq!((s, c["restricted"].as_bool()), (201, Some(true)), "{c}");
    let case = id(&c, "case");
    let (s, n) = api_post(t, &wcc, &format!("/api/v1/cases/{case}/notes"), json!({"text": NOTE})).await;
    assert_eq!(s, 201, "{n}");
    let (s, task) =
        api_post(t, &wcc, &format!("/api/v1/cases/{case}/tasks"), json!({"what": "Rencana keselamatan"})).await;
    assert_eq!(s, 201, "{task}");
    let task = id(&task, "task");
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let r = t
        .client
        .post(t.url(&format!("/api/v1/cases/{case}/attachments?name=visum.pdf")))
        .bearer_auth(&wcc)
        .header("content-type", "application/octet-stream")
        .body(pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let attachment = id(&r.json::<Value>().await.unwrap(), "attachment");
    let (s, r) = api_post(
        t,
        &wcc,
        "/api/v1/referrals",
        json!({"case_id": case, "service_id": shelter["id"], "reason": "Perlu rumah aman segera", "urgency": "emergency"}),
    )
    .await;
    assert_eq!(s, 201, "{r}");
    let referral = id(&r, "referral");
    let (s, h) = api_post(t, &wcc, "/api/v1/households", json!({"head_id": person})).await;
    assert_eq!(s, 201, "{h}");
    let household = id(&h, "household");

    // Her village warns the crisis centre (her name is not the village's to give).
    let village = api_token(t, WARNING_RAISER).await;
    let (s, w) = api_post(
        t,
        &village,
        "/api/v1/warnings",
        json!({"kind": "violence_reported", "urgency": "urgent", "partner_code": "WCC-MAWAR-BALQIS", "summary": WARNING}),
    )
    .await;
    assert_eq!((s, w["restricted"].as_bool()), (201, Some(true)), "{w}");
    let warning = id(&w, "warning");

    // She called the centre's hotline, took part in its training, sat a competency test.
    let (s, h) = api_post(
        t,
        &wcc,
        "/api/v1/hotline-contacts",
        json!({"channel": "whatsapp", "topic": "violence", "outcome": "case_opened", "person_id": person,
               "case_id": case, "note": HOTLINE}),
    )
    .await;
    assert_eq!((s, h["person_name"].as_str()), (201, Some(NAME)), "{h}");
    let (s, a) = api_post(
        t,
        &wcc,
        "/api/v1/activities",
        json!({"kind": "training", "date": "2026-01-15", "area_code": "32.09", "topic": "leadership",
               "title": "Kelas kepemimpinan penyintas", "attendance": [{"sex": "female", "participant": "migrant_workers", "count": 9}],
               "people": [person]}),
    )
    .await;
    assert_eq!(s, 201, "{a}");
    let activity = id(&a, "activity");
    let (s, c) = api_post(
        t,
        &wcc,
        "/api/v1/competency-tests",
        json!({"date": "2026-02-10", "occupation": "Penjahit", "training_centre": "LPK Contoh", "assessor": "Asesor",
               "candidates": [{"person_id": person, "result": "competent", "certificate_number": "LSP-77"}]}),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    let test = id(&c, "competency test");
    Survivor { person, visit, case, task, attachment, referral, consent, household, warning, office, activity, test }
}

/// Who raised the warning: she knows it exists (and nothing else of her).
pub const WARNING_RAISER: &str = "cirebon.village";

/// The users who need to know her: her counsellor and the centre's supervisor.
pub const CIRCLE: [&str; 2] = ["cirebon.wcc", "cirebon.wcc.sup"];
