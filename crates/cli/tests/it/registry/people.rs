//! The person registry over the API, on both engines.

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_demo, TestApp};

async fn token(t: &TestApp, username: &str) -> String {
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .json(&json!({"username": username, "password": "demo-password"}))
        .send()
        .await
        .unwrap();
    r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

async fn post(t: &TestApp, tok: &str, body: Value) -> (u16, Value) {
    let r = t.client.post(t.url("/api/v1/people")).bearer_auth(tok).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn get(t: &TestApp, tok: &str, path: &str) -> (u16, Value) {
    let r = t.client.get(t.url(path)).bearer_auth(tok).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn register_read_and_search(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let (s, p) = post(
        &t,
        &desk,
        json!({
            "full_name": "Siti Aminah", "sex": "female", "birth_date": "1990-03-12", "nik": "3209155203900001",
            "phone": "0812-3456-7890", "village_code": "32.09.30.2001", "other_names": ["Aminah"]
        }),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    assert!(p["id"].is_string());
    assert_eq!(p["district_code"], "32.09");
    assert_eq!(p["phone"], "081234567890");
    assert_eq!(p["warnings"], json!([]));
    let id = p["id"].as_str().unwrap().to_string();

    // The NIK says a man born in 1990: saved, with a warning.
    let (s, p) = post(
        &t,
        &desk,
        json!({"full_name": "Djoko Soesilo", "sex": "male", "birth_date": "1991-01-01", "nik": "3209155203900002"}),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(p["warnings"], json!(["nik_sex_mismatch", "nik_birth_date_mismatch"]));
    assert_eq!(p["district_code"], "32.09", "the desk's district when no village is given");

    // Refused: every field error named, in the caller's language.
    let (s, e) = post(&t, &desk, json!({"full_name": "X", "sex": "female", "nik": "3209153102900001"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("nik")));
    assert_eq!(e["error"]["message"], "NIK: tanggal lahir di dalam NIK tidak mungkin");
    let (s, e) = post(&t, &desk, json!({"full_name": "X", "sex": "female", "birth_date": "2999-01-01"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("future_date")));
    let (s, e) = post(&t, &desk, json!({"full_name": "X", "sex": "female", "village_code": "32.09.30.9999"})).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("unknown_area"), Some("village_code"))
    );
    let (s, _) = post(&t, &desk, json!({"full_name": "X"})).await;
    assert_eq!(s, 422, "sex is required");

    // Reading: the district's staff, not another district's, not M&E.
    let (s, p) = get(&t, &desk, &format!("/api/v1/people/{id}")).await;
    assert_eq!((s, p["full_name"].as_str()), (200, Some("Siti Aminah")));
    let union = token(&t, "cirebon.union").await;
    assert_eq!(get(&t, &union, &format!("/api/v1/people/{id}")).await.0, 200);
    let blitar = token(&t, "blitar.desk").await;
    assert_eq!(get(&t, &blitar, &format!("/api/v1/people/{id}")).await.0, 404, "out of scope is not found");
    let me = token(&t, "me.officer").await;
    assert_eq!(get(&t, &me, &format!("/api/v1/people/{id}")).await.0, 403);

    // Search: old spellings, NIK, phone; scoped to the district.
    let names = |v: &Value| {
        v["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let (_, v) = get(&t, &desk, "/api/v1/people?q=joko%20susilo").await;
    assert_eq!(names(&v), ["Djoko Soesilo"]);
    let (_, v) = get(&t, &desk, "/api/v1/people?q=3209155203900001").await;
    assert_eq!(names(&v), ["Siti Aminah"]);
    let (_, v) = get(&t, &desk, "/api/v1/people?q=0812%203456%207890").await;
    assert_eq!(names(&v), ["Siti Aminah"]);
    let (_, v) = get(&t, &desk, "/api/v1/people?q=amin").await;
    assert_eq!(names(&v), ["Siti Aminah"]);
    let (_, v) = get(&t, &desk, "/api/v1/people?sex=male").await;
    assert_eq!(names(&v), ["Djoko Soesilo"]);
    let (_, v) = get(&t, &desk, "/api/v1/people?within=32.09.30").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get(&t, &blitar, "/api/v1/people?q=siti").await;
    assert_eq!(v["total"], 0, "another district sees nobody");

    // A village officer sees the people they registered, nobody else's.
    let village = token(&t, "cirebon.village").await;
    let (s, _) = post(
        &t,
        &village,
        json!({"full_name": "Warsini", "sex": "female", "estimated_age": 34, "village_code": "32.09.30.2001"}),
    )
    .await;
    assert_eq!(s, 201);
    let (_, v) = get(&t, &village, "/api/v1/people").await;
    assert_eq!(names(&v), ["Warsini"]);
    assert_eq!(get(&t, &village, &format!("/api/v1/people/{id}")).await.0, 404);

    // Reads and registrations are audited without the person's details.
    let admin = token(&t, "admin").await;
    let (_, log) = get(&t, &admin, &format!("/api/v1/audit?entity=person&entity_id={id}")).await;
    let actions: Vec<_> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"create") && actions.contains(&"read"), "{actions:?}");
    let text = log.to_string();
    assert!(!text.contains("Aminah") && !text.contains("3209155203900001"), "no personal data in the log");
}
both!(register_read_and_search);

async fn duplicate_detection(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let m = |body: Value| {
        let t = &t;
        let desk = desk.clone();
        async move {
            let r = t.client.post(t.url("/api/v1/people/match")).bearer_auth(&desk).json(&body).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()["candidates"].as_array().unwrap().clone()
        }
    };
    let (_, siti) = post(
        &t,
        &desk,
        json!({"full_name": "Hj. Siti Aminah", "sex": "female", "birth_date": "1990-03-12", "village_code": "32.09.30.2001", "nik": "3209155203900001"}),
    )
    .await;
    let (_, joko) = post(
        &t,
        &desk,
        json!({"full_name": "Djoko Soesilo", "sex": "male", "birth_date": "1985-07-01", "phone": "081311112222"}),
    )
    .await;
    post(&t, &desk, json!({"full_name": "Dedi Kurniawan", "sex": "male", "estimated_age": 40})).await;

    // Same NIK wins outright.
    let c = m(json!({"full_name": "S. Aminah", "sex": "female", "nik": "3209155203900001"})).await;
    assert_eq!(
        (c[0]["person_id"].clone(), c[0]["score"].as_f64(), c[0]["reasons"].clone()),
        (siti["id"].clone(), Some(1.0), json!(["nik"]))
    );
    // Likely: the name without its title, same birth date and sex.
    let c = m(json!({"full_name": "Siti Aminah", "sex": "female", "birth_date": "1990-03-12"})).await;
    assert_eq!(c[0]["person_id"], siti["id"]);
    assert!(c[0]["score"].as_f64().unwrap() >= 0.8, "{c:?}");
    assert_eq!(c[0]["reasons"], json!(["name", "birth_date", "sex"]));
    // Likely: the new spelling of an old-spelling name.
    let c = m(json!({"full_name": "Joko Susilo", "sex": "male", "birth_date": "1985-07-01"})).await;
    assert_eq!(c[0]["person_id"], joko["id"]);
    assert!(c[0]["score"].as_f64().unwrap() >= 0.8);
    // Possible: a typo and no birth date, but the village.
    let c = m(json!({"full_name": "Aminah", "sex": "female", "village_code": "32.09.30.2001"})).await;
    let s = c[0]["score"].as_f64().unwrap();
    assert!((0.5..0.8).contains(&s), "possibly the same: {c:?}");
    assert_eq!(c[0]["person_id"], siti["id"]);
    // Not the same: a stranger, or the same name but another sex and age.
    assert!(m(json!({"full_name": "Rina Marlina", "sex": "female"})).await.is_empty());
    assert!(m(json!({"full_name": "Siti Aminah", "sex": "male", "birth_date": "1960-01-01"})).await.is_empty());

    // The API saves a likely duplicate and names it.
    let (s, again) =
        post(&t, &desk, json!({"full_name": "Siti Aminah", "sex": "female", "birth_date": "1990-03-12"})).await;
    assert_eq!(s, 201);
    assert_eq!(again["possible_duplicates"][0]["person_id"], siti["id"]);
    assert_ne!(again["id"], siti["id"]);

    // Another district's desk finds nothing of Cirebon's.
    let blitar = token(&t, "blitar.desk").await;
    let r = t
        .client
        .post(t.url("/api/v1/people/match"))
        .bearer_auth(&blitar)
        .json(&json!({"full_name": "Siti Aminah", "sex": "female", "birth_date": "1990-03-12"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["candidates"], json!([]));
}
both!(duplicate_detection);

async fn register_through_the_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    // Sign in as the Cirebon front desk.
    let html = t.get("/sign-in").await.text().await.unwrap();
    let csrf_of = |html: &str| {
        let m = "name=\"csrf\" value=\"";
        let i = html.find(m).unwrap() + m.len();
        html[i..].split('"').next().unwrap().to_string()
    };
    let csrf = csrf_of(&html);
    let r = t
        .client
        .post(t.url("/sign-in"))
        .form(&[("username", "cirebon.desk"), ("password", "demo-password"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = t.get("/people/new").await.text().await.unwrap();
    let csrf = csrf_of(&html);
    let form = |extra: &[(&'static str, &'static str)]| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("full_name", "Siti Aminah".to_string()),
            ("sex", "female".into()),
            ("birth_date", "1990-03-12".into()),
            ("village_code", "32.09.30.2001".into()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };
    let r = t.client.post(t.url("/people/new")).form(&form(&[])).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let first = r.headers()["location"].to_str().unwrap().to_string();
    let html = t.get(&first).await.text().await.unwrap();
    assert!(html.contains("Siti Aminah") && html.contains("Dompyong Kulon (32.09.30.2001)"));

    // The same person again: the desk is warned before anything is saved.
    let r = t.client.post(t.url("/people/new")).form(&form(&[])).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"duplicates\"") && html.contains("kemungkinan besar sama") && html.contains(&first));
    assert!(html.contains("name=\"confirm\" value=\"true\""));
    let (_, v) = {
        let r = t.client.get(t.url("/api/v1/people?q=aminah")).send().await.unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    assert_eq!(v["total"], 1, "nothing saved yet");
    // Saving anyway is the desk's call.
    let r = t.client.post(t.url("/people/new")).form(&form(&[("confirm", "true")])).send().await.unwrap();
    assert_eq!(r.status(), 303);

    // Bad input comes back on the form, each field named.
    let r = t
        .client
        .post(t.url("/people/new"))
        .form(&[("csrf", csrf.as_str()), ("full_name", ""), ("nik", "123")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Nama lengkap: wajib diisi")
            && html.contains("NIK: NIK harus 16 angka")
            && html.contains("Jenis kelamin: wajib diisi"),
        "{html}"
    );

    // The search page finds both.
    let html = t.get("/people?q=siti").await.text().await.unwrap();
    assert_eq!(html.matches("href=\"/people/0").count(), 2);

    // Queue her at two desks (the API with the session: CSRF header), then
    // call her from the queue page.
    let person = first.trim_start_matches("/people/");
    let r = t
        .client
        .post(t.url(&format!("/api/v1/people/{person}/visits")))
        .header("x-csrf-token", &csrf)
        .json(&json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": ["IMIGRASI-CRB", "WCC-MAWAR-BALQIS"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    let (office, visit) = (v["office_id"].as_str().unwrap().to_string(), v["id"].as_str().unwrap().to_string());
    let html = t.get(&format!("/offices/{office}/queue")).await.text().await.unwrap();
    assert_eq!(html.matches("data-status=\"waiting\"").count(), 1, "the crisis centre's desk is not the front desk's");
    assert!(!html.contains("WCC Mawar Balqis"), "{html}");
    let r = t
        .client
        .post(t.url(&format!("/offices/{office}/queue/{visit}/IMIGRASI-CRB")))
        .form(&[("csrf", csrf.as_str()), ("to", "called")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = t.get(&format!("/offices/{office}/queue")).await.text().await.unwrap();
    assert!(html.contains("data-status=\"called\"") && html.contains("dipanggil"));
    // The person page lists the visit.
    let html = t.get(&first).await.text().await.unwrap();
    assert!(html.contains("id=\"visits\"") && html.contains("datang langsung") && html.contains("Imigrasi"), "{html}");
    assert!(!html.contains("WCC Mawar Balqis"), "no visit names the crisis centre outside it");
}
both!(register_through_the_pages);

async fn consent_history(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let (_, p) = post(&t, &desk, json!({"full_name": "Warsini", "sex": "female", "estimated_age": 30})).await;
    let id = p["id"].as_str().unwrap();
    let consent = |body: Value| {
        let t = &t;
        let desk = desk.clone();
        let url = t.url(&format!("/api/v1/people/{id}/consents"));
        async move {
            let r = t.client.post(url).bearer_auth(&desk).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    // Withdrawn before it was ever given: refused.
    let (s, e) = consent(json!({"purpose": "contact", "status": "withdrawn", "method": "verbal"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("consent_not_given")));
    let (s, c) =
        consent(json!({"purpose": "contact", "status": "given", "method": "thumbprint", "date": "2026-01-10"})).await;
    assert_eq!((s, c["status"].as_str()), (201, Some("given")));
    // A withdrawal dated before the consent: refused.
    let (s, e) =
        consent(json!({"purpose": "contact", "status": "withdrawn", "method": "verbal", "date": "2026-01-01"})).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("withdrawn_before_given"), Some("date"))
    );
    let (s, _) =
        consent(json!({"purpose": "contact", "status": "withdrawn", "method": "verbal", "date": "2026-02-01"})).await;
    assert_eq!(s, 201);
    // Sharing names the organisation; an unknown purpose or method is refused.
    let (s, e) = consent(json!({"purpose": "share_with_partners", "status": "given", "method": "written"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("organisation_code")));
    let (s, c) = consent(json!({"purpose": "share_with_partners", "status": "given", "method": "written", "organisation_code": "SBMI-CRB"})).await;
    assert_eq!(s, 201);
    assert!(c["organisation_id"].is_string());
    // A consent naming the crisis centre: recorded, then seen only there.
    let (s, _) = consent(json!({"purpose": "referral", "status": "given", "method": "verbal", "organisation_code": "WCC-MAWAR-BALQIS", "note": "hanya hubungi saat suami pergi"})).await;
    assert_eq!(s, 201);
    let (s, _) = consent(json!({"purpose": "gossip", "status": "given", "method": "telepathy"})).await;
    assert_eq!(s, 422);

    let r = t.client.get(t.url(&format!("/api/v1/people/{id}/consents"))).bearer_auth(&desk).send().await.unwrap();
    let history: Value = r.json().await.unwrap();
    let got: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["purpose"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("contact", "given"), ("contact", "withdrawn"), ("share_with_partners", "given")]);
    assert!(!history.to_string().contains("suami"), "no consent naming a crisis centre outside it");
    // Another district cannot record or read them.
    let blitar = token(&t, "blitar.desk").await;
    let r = t.client.get(t.url(&format!("/api/v1/people/{id}/consents"))).bearer_auth(&blitar).send().await.unwrap();
    assert_eq!(r.status(), 404);
}
both!(consent_history);

async fn visits_and_the_desk_queue(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = token(&t, "cirebon.desk").await;
    let (_, p) = post(&t, &desk, json!({"full_name": "Warsini", "sex": "female", "estimated_age": 30})).await;
    let id = p["id"].as_str().unwrap();
    let visit = |body: Value| {
        let t = &t;
        let desk = desk.clone();
        let url = t.url(&format!("/api/v1/people/{id}/visits"));
        async move {
            let r = t.client.post(url).bearer_auth(&desk).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, e) =
        visit(json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": ["DUKCAPIL-CRB", "DUKCAPIL-BLT"]}))
            .await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("not_at_office"), Some("desks[1]"))
    );
    let (s, e) = visit(json!({"office_code": "NOPE", "channel": "pigeon"})).await;
    assert_eq!((s, e["error"]["fields"].as_array().map(Vec::len)), (422, Some(1)), "{e}");
    let (s, v) = visit(json!({"office_code": "LTSA-MRC-CRB", "channel": "walk_in", "desks": ["IMIGRASI-CRB", "SBMI-CRB"], "purpose": "paspor"})).await;
    assert_eq!(s, 201, "{v}");
    let visit_id = v["id"].as_str().unwrap().to_string();
    let office = v["office_id"].as_str().unwrap().to_string();

    let queue = || {
        let t = &t;
        let desk = desk.clone();
        let url = t.url(&format!("/api/v1/offices/{office}/queue"));
        async move { t.client.get(url).bearer_auth(&desk).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let q = queue().await;
    let line: Vec<_> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["organisation_code"].as_str().unwrap(),
                e["status"].as_str().unwrap(),
                e["person_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(line.len(), 2);
    assert!(line.iter().all(|(_, s, n)| *s == "waiting" && *n == "Warsini"));

    let step = |what: &'static str, desk_code: &'static str| {
        let t = &t;
        let desk = desk.clone();
        let url = t.url(&format!("/api/v1/visits/{visit_id}/desks/{desk_code}/{what}"));
        async move { t.client.post(url).bearer_auth(&desk).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(step("call", "IMIGRASI-CRB").await, 204);
    assert_eq!(step("call", "IMIGRASI-CRB").await, 409, "called already");
    assert_eq!(step("serve", "IMIGRASI-CRB").await, 204);
    assert_eq!(step("serve", "IMIGRASI-CRB").await, 409, "served already");
    assert_eq!(step("serve", "BANK-CRB").await, 404, "not queued there");
    let q = queue().await;
    assert_eq!(q.as_array().unwrap().len(), 1, "served desks leave the queue");
    assert_eq!(q[0]["organisation_code"], "SBMI-CRB");

    // Another district's desk sees neither the queue nor the visits.
    let blitar = token(&t, "blitar.desk").await;
    let r = t.client.get(t.url(&format!("/api/v1/offices/{office}/queue"))).bearer_auth(&blitar).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let r = t.client.get(t.url(&format!("/api/v1/people/{id}/visits"))).bearer_auth(&desk).send().await.unwrap();
    let visits: Value = r.json().await.unwrap();
    assert_eq!(visits[0]["desks"].as_array().unwrap().len(), 2);
    assert_eq!(visits[0]["channel"], "walk_in");
}
both!(visits_and_the_desk_queue);
