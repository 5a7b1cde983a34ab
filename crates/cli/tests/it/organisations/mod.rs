//! Organisations, offices and the desks under their roof, created and
//! edited through the API, the pages and the command line, with who may do
//! it and the audit entries each change writes; and a fifth district
//! onboarded end to end.

mod district;

use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, raw_query_strings, spawn_demo, TestApp};

/// The newest sequence number of the audit log.
pub(crate) async fn mark(t: &TestApp) -> i64 {
    let seq = raw_query_strings(&t.db_url, "SELECT CAST(MAX(seq) AS TEXT) FROM audit_log").await;
    seq[0].parse().unwrap()
}

/// The entries written after `since`, as "action entity id".
pub(crate) async fn written_since(t: &TestApp, since: i64) -> Vec<String> {
    raw_query_strings(
        &t.db_url,
        &format!(
            "SELECT action || ' ' || entity || ' ' || COALESCE(entity_id, '-') FROM audit_log \
             WHERE seq > {since} ORDER BY seq"
        ),
    )
    .await
}

/// A JSON request with a bearer token: the status and the answer.
pub(crate) async fn call(t: &TestApp, tok: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let r = t.client.request(method, t.url(path)).bearer_auth(tok).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn organisations_through_the_api(engine: Engine) {
    let t = spawn_demo(engine).await;
    let coord = api_token(&t, "cirebon.coord").await;
    let other = api_token(&t, "tulungagung.coord").await;
    let desk = api_token(&t, "cirebon.desk").await;

    // A district coordinator adds an organisation in her district: one entry.
    let body = json!({"code": "lbh-crb", "name": "LBH Cirebon", "kind": "ngo", "area_code": "32.09",
                      "parent_code": "", "phone": "0231-123456", "email": "Info@LBH-Cirebon.or.id"});
    let since = mark(&t).await;
    let (s, org) = call(&t, &coord, "POST", "/api/v1/organisations", body.clone()).await;
    assert_eq!(s, 201, "{org}");
    assert_eq!(org["code"], "LBH-CRB");
    assert_eq!(org["email"], "info@lbh-cirebon.or.id");
    assert_eq!(org["area"]["code"], "32.09");
    let id = org["id"].as_str().unwrap().to_string();
    assert_eq!(written_since(&t, since).await, [format!("create organisation {id}")]);

    // The same code again: a conflict naming the field.
    let (s, e) = call(&t, &coord, "POST", "/api/v1/organisations", body.clone()).await;
    assert_eq!(s, 409, "{e}");
    assert_eq!(e["error"]["field"], "code", "{e}");

    // Bad fields, each named.
    let (s, e) = call(
        &t,
        &coord,
        "POST",
        "/api/v1/organisations",
        json!({"code": "X", "name": "", "kind": "bank", "area_code": "32.09"}),
    )
    .await;
    assert_eq!(s, 422, "{e}");
    let text = e.to_string();
    assert!(text.contains("\"code\"") && text.contains("\"name\"") && text.contains("\"kind\""), "{e}");

    // Another district's coordinator, and a front desk, are refused; nothing written.
    let since = mark(&t).await;
    let elsewhere = json!({"code": "LBH-CRB-2", "name": "LBH", "kind": "ngo", "area_code": "32.09"});
    assert_eq!(call(&t, &other, "POST", "/api/v1/organisations", elsewhere.clone()).await.0, 403);
    assert_eq!(call(&t, &desk, "POST", "/api/v1/organisations", elsewhere).await.0, 403);
    let patch = json!({"name": "LBH Tulungagung"});
    assert_eq!(call(&t, &other, "PATCH", &format!("/api/v1/organisations/{id}"), patch.clone()).await.0, 403);
    assert_eq!(call(&t, &desk, "PATCH", &format!("/api/v1/organisations/{id}"), patch).await.0, 403);
    // Nor may the coordinator move it out of her district.
    let away = json!({"area_code": "35.04"});
    assert_eq!(call(&t, &coord, "PATCH", &format!("/api/v1/organisations/{id}"), away).await.0, 403);
    let refused: Vec<String> =
        written_since(&t, since).await.into_iter().filter(|e| e.contains("organisation")).collect();
    assert!(refused.is_empty(), "{refused:?}");

    // Editing: only what is sent changes; an empty optional field is cleared; one entry.
    let since = mark(&t).await;
    let (s, org) = call(
        &t,
        &coord,
        "PATCH",
        &format!("/api/v1/organisations/{id}"),
        json!({"name": "LBH APIK Cirebon", "phone": "", "parent_code": "DISNAKER-CRB"}),
    )
    .await;
    assert_eq!(s, 200, "{org}");
    assert_eq!(org["name"], "LBH APIK Cirebon");
    assert_eq!(org["phone"], Value::Null);
    assert_eq!(org["email"], "info@lbh-cirebon.or.id");
    assert_eq!(org["parent"]["code"], "DISNAKER-CRB");
    assert_eq!(written_since(&t, since).await, [format!("update organisation {id}")]);
    // Nothing changed, nothing written.
    let since = mark(&t).await;
    let (s, _) =
        call(&t, &coord, "PATCH", &format!("/api/v1/organisations/{id}"), json!({"name": "LBH APIK Cirebon"})).await;
    assert_eq!(s, 200);
    assert!(written_since(&t, since).await.is_empty());
    // An organisation cannot be its own parent; an unknown field is refused.
    let (s, e) =
        call(&t, &coord, "PATCH", &format!("/api/v1/organisations/{id}"), json!({"parent_code": "LBH-CRB"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("parent_code")), "{e}");
    let (s, _) = call(&t, &coord, "PATCH", &format!("/api/v1/organisations/{id}"), json!({"code": "NEW"})).await;
    assert!(s == 400 || s == 422, "{s}");
    let (s, _) =
        call(&t, &coord, "PATCH", "/api/v1/organisations/00000000-0000-0000-0000-000000000000", json!({})).await;
    assert_eq!(s, 404);
}
both!(organisations_through_the_api);

async fn offices_and_desks_through_the_api(engine: Engine) {
    let t = spawn_demo(engine).await;
    let coord = api_token(&t, "cirebon.coord").await;
    let other = api_token(&t, "tulungagung.coord").await;
    let desk = api_token(&t, "cirebon.desk").await;

    let body = json!({"code": "PID-CRB-X", "name": "Pusat Informasi Desa Dompyong Kulon",
                      "kind": "village_information_centre", "area_code": "32.09.30.2001",
                      "organisation_code": "DISNAKER-CRB", "address": "Balai Desa Dompyong Kulon"});
    let since = mark(&t).await;
    let (s, office) = call(&t, &coord, "POST", "/api/v1/offices", body.clone()).await;
    assert_eq!(s, 201, "{office}");
    let id = office["id"].as_str().unwrap().to_string();
    assert_eq!(office["operator"]["code"], "DISNAKER-CRB");
    assert_eq!(written_since(&t, since).await, [format!("create office {id}"), format!("add_member office {id}")]);
    assert_eq!(call(&t, &coord, "POST", "/api/v1/offices", body.clone()).await.0, 409);
    assert_eq!(call(&t, &other, "POST", "/api/v1/offices", body.clone()).await.0, 403);
    assert_eq!(call(&t, &desk, "POST", "/api/v1/offices", body).await.0, 403);

    // A desk joins the roof, once; the operator cannot leave it.
    let members = format!("/api/v1/offices/{id}/members");
    let since = mark(&t).await;
    let (s, office) = call(&t, &coord, "POST", &members, json!({"organisation_code": "SBMI-CRB"})).await;
    assert_eq!(s, 200, "{office}");
    assert!(office["members"].as_array().unwrap().iter().any(|m| m["code"] == "SBMI-CRB"));
    assert_eq!(call(&t, &coord, "POST", &members, json!({"organisation_code": "SBMI-CRB"})).await.0, 200);
    assert_eq!(written_since(&t, since).await, [format!("add_member office {id}")]);
    assert_eq!(call(&t, &other, "POST", &members, json!({"organisation_code": "SBMI-CRB"})).await.0, 403);
    let (s, e) = call(&t, &coord, "POST", &members, json!({"organisation_code": "NOBODY"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("organisation_code")), "{e}");
    let remove = format!("/api/v1/offices/{id}/members/remove");
    let (s, e) = call(&t, &coord, "POST", &remove, json!({"organisation_code": "DISNAKER-CRB"})).await;
    assert_eq!(s, 422, "{e}");
    let since = mark(&t).await;
    let (s, office) = call(&t, &coord, "POST", &remove, json!({"organisation_code": "SBMI-CRB"})).await;
    assert_eq!(s, 200, "{office}");
    assert!(!office["members"].as_array().unwrap().iter().any(|m| m["code"] == "SBMI-CRB"));
    assert_eq!(written_since(&t, since).await, [format!("remove_member office {id}")]);
    assert_eq!(call(&t, &coord, "POST", &remove, json!({"organisation_code": "SBMI-CRB"})).await.0, 422);

    // Editing: a village centre stays in a village; a new operator joins the roof.
    let path = format!("/api/v1/offices/{id}");
    let (s, e) = call(&t, &coord, "PATCH", &path, json!({"area_code": "32.09"})).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("area_code")), "{e}");
    let since = mark(&t).await;
    let (s, office) =
        call(&t, &coord, "PATCH", &path, json!({"name": "PID Dompyong Kulon", "organisation_code": "SBMI-CRB"})).await;
    assert_eq!(s, 200, "{office}");
    assert_eq!(office["name"], "PID Dompyong Kulon");
    assert_eq!(office["operator"]["code"], "SBMI-CRB");
    assert_eq!(written_since(&t, since).await, [format!("update office {id}"), format!("add_member office {id}")]);
    assert_eq!(call(&t, &other, "PATCH", &path, json!({"name": "x"})).await.0, 403);
    assert_eq!(call(&t, &desk, "PATCH", &path, json!({"name": "x"})).await.0, 403);
}
both!(offices_and_desks_through_the_api);

async fn forms_come_back_with_what_was_typed(engine: Engine) {
    let t = spawn_demo(engine).await;
    let coord = t.in_browser("cirebon.coord").await;
    let (s, html) = coord.page("/organisations").await;
    assert_eq!(s, 200);
    assert!(html.contains("href=\"/organisations/new\""), "the add button");
    let (s, html) = coord.page("/organisations/new").await;
    assert_eq!(s, 200, "{html}");

    // Bad input: the form again, with its messages and what was typed.
    let typed = [
        ("code", "LBH-CRB"),
        ("name", "LBH Cirebon Ketik"),
        ("kind", "ngo"),
        ("area_code", "99.99"),
        ("parent_code", ""),
        ("address", "Jl. Tuparev 12"),
        ("phone", "12"),
        ("email", "lbh@cirebon.or.id"),
    ];
    let (s, html) = coord.post_form("/organisations/new", &typed).await;
    assert_eq!(s, 422, "{html}");
    assert!(html.contains("role=\"alert\""), "messages shown");
    for value in ["LBH Cirebon Ketik", "Jl. Tuparev 12", "99.99", "lbh@cirebon.or.id"] {
        assert!(html.contains(value), "{value} kept");
    }
    assert!(html.contains("value=\"ngo\" selected"), "kind kept");

    // Good input: to the new organisation's page, with its edit button.
    let mut good = typed;
    good[3] = ("area_code", "32.09");
    good[6] = ("phone", "0231 123 456");
    let (s, to) = coord.post_form("/organisations/new", &good).await;
    assert_eq!(s, 303, "{to}");
    let (_, html) = coord.page(&to).await;
    assert!(html.contains("LBH Cirebon Ketik") && html.contains("/edit\""), "{html}");

    // The same code again comes back as a message, not an error page.
    let (s, html) = coord.post_form("/organisations/new", &good).await;
    assert_eq!(s, 422);
    assert!(html.contains("LBH Cirebon Ketik") && html.contains("role=\"alert\""));

    // Editing with bad input keeps the edits.
    let edit = format!("{to}/edit");
    let (s, html) = coord.page(&edit).await;
    assert_eq!(s, 200, "{html}");
    let (s, html) = coord
        .post_form(&edit, &[("name", "LBH Baru"), ("kind", "ngo"), ("area_code", "32.09"), ("email", "not-mail")])
        .await;
    assert_eq!(s, 422);
    assert!(html.contains("LBH Baru") && html.contains("not-mail"), "edits kept");
    let (s, _) = coord.post_form(&edit, &[("name", "LBH Baru"), ("kind", "ngo"), ("area_code", "32.09")]).await;
    assert_eq!(s, 303);

    // An office form: bad input comes back; good input makes the office.
    let office = [
        ("code", "PID-CRB-Y"),
        ("name", "PID Ketik"),
        ("kind", "village_information_centre"),
        ("area_code", "32.09"),
        ("organisation_code", "DISNAKER-CRB"),
        ("address", "Balai Desa"),
        ("phone", ""),
    ];
    let (s, html) = coord.post_form("/offices/new", &office).await;
    assert_eq!(s, 422);
    assert!(html.contains("PID Ketik") && html.contains("Balai Desa") && html.contains("role=\"alert\""));
    let mut office = office;
    office[3] = ("area_code", "32.09.30.2001");
    let (s, to) = coord.post_form("/offices/new", &office).await;
    assert_eq!(s, 303, "{to}");
    let (_, html) = coord.page(&to).await;
    assert!(html.contains("PID Ketik") && html.contains("/members\""), "{html}");
    let (s, html) = coord.post_form(&format!("{to}/members"), &[("organisation_code", "NOBODY")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("PID Ketik") && html.contains("role=\"alert\""));
    assert_eq!(coord.post_form(&format!("{to}/members"), &[("organisation_code", "SBMI-CRB")]).await.0, 303);
    let (s, html) = coord.page(&format!("{to}/edit")).await;
    assert_eq!(s, 200);
    assert!(html.contains("PID Ketik"));

    // Another district's coordinator sees no buttons and is refused the forms.
    let other = t.in_browser("tulungagung.coord").await;
    let (_, html) = other.page(&to).await;
    assert!(!html.contains("/edit\"") && !html.contains("/members\""));
    assert_eq!(other.page(&format!("{to}/edit")).await.0, 403);
    // A front desk sees no add button and may not open the form.
    let desk = t.in_browser("cirebon.desk").await;
    let (_, html) = desk.page("/organisations").await;
    assert!(!html.contains("href=\"/organisations/new\""));
    assert_eq!(desk.page("/organisations/new").await.0, 403);
}
both!(forms_come_back_with_what_was_typed);

/// The office page links the queue only for who may open it, and the
/// district's pathways.
async fn office_page_links(engine: Engine) {
    let t = spawn_demo(engine).await;
    let office = t.app.office_by_code("LTSA-MRC-CRB").await.unwrap();
    let path = format!("/offices/{}", office.id);
    let queue = format!("/offices/{}/queue", office.id);
    for (user, shown) in [("cirebon.desk", true), ("cirebon.union", true), ("tulungagung.desk", false)] {
        let b = t.in_browser(user).await;
        let (_, html) = b.page(&path).await;
        assert_eq!(html.contains(&queue), shown, "{user}");
        assert_eq!(b.page(&queue).await.0 == 200, shown, "{user} opens the queue");
        assert!(html.contains("/districts/32.09/pathways"), "{user}");
    }
    let (_, html) = t.get(&path).await.text().await.map(|h| (0, h)).unwrap();
    assert!(!html.contains(&queue) && !html.contains("/pathways"), "nobody signed in");
}
both!(office_page_links);
