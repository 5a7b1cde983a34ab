//! Sign-in over HTTP: bearer tokens, sessions, CSRF, and the authorisation
//! table of every role against every route family.

use std::collections::BTreeMap;

use satuatap_core::access::Ctx;
use satuatap_core::identity::users::NewUser;
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{spawn_demo, TestApp};

const PW: &str = "demo-password";

async fn token(t: &TestApp, username: &str) -> String {
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .json(&json!({"username": username, "password": PW}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "token for {username}");
    let v: Value = r.json().await.unwrap();
    assert!(v["expires_at"].is_string());
    v["token"].as_str().unwrap().to_string()
}

async fn get_as(t: &TestApp, path: &str, bearer: Option<&str>) -> reqwest::Response {
    let mut req = crate::helpers::http_client(false).get(t.url(path));
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    req.send().await.unwrap()
}

async fn bearer_tokens(engine: Engine) {
    let t = spawn_demo(engine).await;
    let tok = token(&t, "cirebon.desk").await;
    let r = get_as(&t, "/api/v1/me", Some(&tok)).await;
    assert_eq!(r.status(), 200);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["username"], "cirebon.desk");
    assert_eq!(me["roles"], json!(["front_desk"]));

    // Wrong credentials: the same answer whether the user exists or not.
    let mut bodies = Vec::new();
    for (u, p) in [("cirebon.desk", "wrong-password"), ("no.such.user", PW)] {
        let r = t
            .client
            .post(t.url("/api/v1/auth/token"))
            .json(&json!({"username": u, "password": p}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let mut v: Value = r.json().await.unwrap();
        v["error"]["operation_id"] = Value::Null;
        bodies.push(v);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0]["error"]["code"], "unauthenticated");

    // A made-up, a revoked and a missing token: 401 with a JSON error.
    let r = get_as(&t, "/api/v1/me", Some("made-up-token")).await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "unauthenticated");
    let r = reqwest::Client::new().post(t.url("/api/v1/auth/revoke")).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let r = get_as(&t, "/api/v1/me", Some(&tok)).await;
    assert_eq!(r.status(), 401);
    let r = get_as(&t, "/api/v1/me", None).await;
    assert_eq!(r.status(), 401);
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}
both!(bearer_tokens);

fn form_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} field")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

async fn browser_sessions_and_csrf(engine: Engine) {
    let t = spawn_demo(engine).await;
    // A protected page sends the browser to sign in, and back afterwards.
    let r = t.get("/admin/users").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/sign-in?next=%2Fadmin%2Fusers");

    let html = t.get("/sign-in?next=%2Fadmin%2Fusers").await.text().await.unwrap();
    let csrf = form_field(&html, "csrf");
    // Without the token, or with another one, the form is refused.
    let r = t.client.post(t.url("/sign-in")).form(&[("username", "admin"), ("password", PW)]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = t
        .client
        .post(t.url("/sign-in"))
        .form(&[("username", "admin"), ("password", PW), ("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Wrong password: the form again, with one message.
    let r = t
        .client
        .post(t.url("/sign-in"))
        .form(&[("username", "admin"), ("password", "nope-nope-nope"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("Nama pengguna atau kata sandi salah"));

    let r = t
        .client
        .post(t.url("/sign-in"))
        .form(&[("username", "admin"), ("password", PW), ("csrf", &csrf), ("next", "/admin/users")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/admin/users");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("satuatap_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP here; Secure comes with secure_cookies");

    let html = t.get("/admin/users").await.text().await.unwrap();
    assert!(html.contains("cirebon.wcc.sup") && html.contains("data-user=\"admin\""));
    let session_csrf = form_field(&html, "csrf");
    assert_ne!(session_csrf, csrf, "a new token once signed in");
    let html = t.get("/admin/audit?action=sign_in_failed").await.text().await.unwrap();
    assert!(html.contains("sign_in_failed") && html.contains("wrong_password"));
    let html = t.get("/admin/roles").await.text().await.unwrap();
    assert!(html.contains("Petugas monitoring dan evaluasi"));

    // User administration through the pages.
    let r = t
        .client
        .post(t.url("/admin/users"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={session_csrf}&username=blitar.cw&organisation_code=DISNAKER-BLT&roles=administrator&password=long-enough-pw"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let created = t
        .app
        .users(
            &Ctx::system(),
            satuatap_core::identity::users::UserFilter { query: Some("blitar.cw".into()), ..Default::default() },
            satuatap_core::paging::PageRequest::first(5),
        )
        .await
        .unwrap();
    assert_eq!(created.items[0].roles.len(), 1);
    assert_eq!(created.items[0].home_area_code.as_str(), "35.05");
    let r = t
        .client
        .post(t.url("/admin/users/blitar.cw/status"))
        .form(&[("csrf", session_csrf.as_str()), ("disabled", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = t.get("/admin/users?q=blitar.cw").await.text().await.unwrap();
    assert!(html.contains("nonaktif"));
    let r = t
        .client
        .post(t.url("/admin/users"))
        .form(&[
            ("csrf", session_csrf.as_str()),
            ("username", "x"),
            ("organisation_code", "SBMI-BLT"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Nama pengguna:") && html.contains("Kata sandi: minimal 10 karakter"),
        "field errors named in Indonesian"
    );

    // A forged sign-out (no token) is refused and the session lives on.
    let r = t.client.post(t.url("/sign-out")).form(&[("x", "1")]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(t.get("/account").await.status(), 200);
    // The real one ends the session.
    let r = t.client.post(t.url("/sign-out")).form(&[("csrf", session_csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(t.get("/account").await.status(), 303);
}
both!(browser_sessions_and_csrf);

/// Route families, each with one representative request.
const FAMILIES: [(&str, &str); 16] = [
    ("directory", "/api/v1/organisations"),
    ("directory_pages", "/organisations"),
    ("me", "/api/v1/me"),
    ("account_pages", "/account"),
    ("users", "/api/v1/users"),
    ("roles", "/api/v1/roles"),
    ("audit", "/api/v1/audit"),
    ("admin_pages", "/admin/audit"),
    ("people", "/api/v1/people"),
    ("cases", "/api/v1/cases"),
    ("directory_manage_pages", "/directory/services/new"),
    ("referrals", "/api/v1/referrals"),
    ("pathways", "/api/v1/districts/32.09/pathways"),
    ("referral_link_pages", "/r"),
    ("community", "/api/v1/warnings"),
    ("reports", "/api/v1/reports/sdg-10-7-1"),
];

/// The family of a declared route (every route must have one).
fn family_of(path: &str) -> Option<&'static str> {
    let p = path;
    Some(match () {
        _ if p.contains("/queue") || p.starts_with("/api/v1/visits") || p == "/api/v1/me/desk" => "people",
        _ if p.starts_with("/api/v1/village-registrations")
            || p.starts_with("/village-registrations")
            || p.starts_with("/api/v1/warnings")
            || p.starts_with("/warnings")
            || p.starts_with("/api/v1/activities")
            || p.starts_with("/activities")
            || p.contains("task-force")
            || p.contains("memberships")
            || p.contains("forum")
            || p.contains("regulations")
            || p.contains("hotline")
            || p.contains("campaigns")
            || p.contains("competency-tests")
            || p == "/api/v1/notices"
            || p.contains("expected-visitors")
            || p == "/community"
            || p.ends_with("/departures")
            || p.ends_with("/returns")
            || p.ends_with("/departure")
            || p.ends_with("/return")
            || p.ends_with("/village-registration") =>
        {
            "community"
        }
        _ if p.starts_with("/api/v1/referrals") || p.starts_with("/referrals") => "referrals",
        _ if p.contains("/pathways") => "pathways",
        _ if p == "/r" || p.starts_with("/r/") => "referral_link_pages",
        _ if p.starts_with("/api/v1/me/notifications") || p.starts_with("/notifications/") => "me",
        _ if p.starts_with("/api/v1/cases")
            || p.starts_with("/cases")
            || p == "/api/v1/me/work"
            || p.starts_with("/api/v1/transfers")
            || p.starts_with("/transfers/")
            || p == "/api/v1/caseload"
            || p == "/api/v1/people/{id}/cases"
            || p.starts_with("/api/v1/districts/") =>
        {
            "cases"
        }
        _ if p.starts_with("/directory/") && (p.ends_with("/new") || p.ends_with("/edit")) => "directory_manage_pages",
        _ if p.starts_with("/api/v1/areas")
            || p.starts_with("/api/v1/organisations")
            || p.starts_with("/api/v1/offices")
            || p.starts_with("/api/v1/directory") =>
        {
            "directory"
        }
        _ if p.starts_with("/areas")
            || p.starts_with("/organisations")
            || p.starts_with("/offices")
            || p.starts_with("/directory")
            || p == "/" =>
        {
            "directory_pages"
        }
        _ if p == "/api/v1/me" || p.starts_with("/api/v1/auth/revoke") => "me",
        _ if p.starts_with("/account") || p.starts_with("/sign-out") || p.starts_with("/session/") => "account_pages",
        _ if p.starts_with("/api/v1/users") => "users",
        _ if p == "/api/v1/roles" => "roles",
        _ if p == "/api/v1/audit" => "audit",
        _ if p.starts_with("/admin/") => "admin_pages",
        _ if p.starts_with("/api/v1/reports")
            || p.starts_with("/api/v1/exchange-rates")
            || p.starts_with("/reports/")
            || p == "/reports" =>
        {
            "reports"
        }
        _ if p.starts_with("/api/v1/people")
            || p.starts_with("/people")
            || p.starts_with("/api/v1/households")
            || p.starts_with("/households") =>
        {
            "people"
        }
        _ if p.starts_with("/sign-in")
            || p == "/api/v1/auth/token"
            || p.starts_with("/language/")
            || p.starts_with("/static/") =>
        {
            "public"
        }
        _ if p == "/metrics" => "audit",
        _ if matches!(p, "/healthz" | "/readyz" | "/api/openapi.json") => "public",
        _ => return None,
    })
}

#[test]
fn every_route_belongs_to_a_tested_family() {
    let (_, table, _) = satuatap_web::routes();
    for r in &table {
        assert!(
            family_of(&r.path).is_some(),
            "{} {} is in no route family of the authorisation table",
            r.method,
            r.path
        );
    }
}

async fn every_role_against_every_route_family(engine: Engine) {
    let t = spawn_demo(engine).await;
    // The demo has no case worker: add one.
    t.app
        .create_user(
            &Ctx::system(),
            &NewUser {
                username: "cirebon.cw".into(),
                organisation_code: "SBMI-CRB".into(),
                roles: vec!["case_worker".into()],
                password: PW.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // status per family, in the order of FAMILIES; 303 = sent to sign in.
    let anon = [200, 200, 401, 303, 401, 401, 401, 303, 401, 401, 303, 401, 401, 200, 401, 401];
    // Service staff: no administration, people of their district (or their own).
    let desk = [200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 200, 200, 200, 200, 403];
    let staff = [200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 403, 200, 200, 200, 200, 403];
    let expected: BTreeMap<&str, (&str, [u16; 16])> = BTreeMap::from([
        ("anonymous", ("", anon)),
        ("administrator", ("admin", [200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 403, 200, 200, 403, 200])),
        (
            "district_coordinator",
            ("cirebon.coord", [200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 200, 200, 200, 200]),
        ),
        ("front_desk", ("cirebon.desk", desk)),
        ("case_worker", ("cirebon.cw", staff)),
        ("counsellor", ("cirebon.wcc", staff)),
        ("paralegal", ("cirebon.union", staff)),
        (
            "supervisor",
            ("cirebon.union.sup", [200, 200, 200, 200, 200, 403, 403, 403, 200, 200, 403, 200, 200, 200, 200, 200]),
        ),
        (
            "village_officer",
            ("cirebon.village", [200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 200, 200, 200, 403]),
        ),
        (
            "task_force_member",
            ("cirebon.taskforce", [200, 200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 200, 200, 200, 403]),
        ),
        (
            "me_officer",
            ("me.officer", [200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 200]),
        ),
    ]);
    let mut failures = Vec::new();
    for (role, (username, statuses)) in &expected {
        let bearer = if username.is_empty() { None } else { Some(token(&t, username).await) };
        // Pages are reached with a browser session, the API with the token.
        let browser = crate::helpers::http_client(true);
        if !username.is_empty() {
            let html = browser.get(t.url("/sign-in")).send().await.unwrap().text().await.unwrap();
            let csrf = form_field(&html, "csrf");
            let r = browser
                .post(t.url("/sign-in"))
                .form(&[("username", *username), ("password", PW), ("csrf", &csrf)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "{role} signs in");
        }
        for ((family, path), want) in FAMILIES.iter().zip(statuses) {
            let got = if path.starts_with("/api/") {
                get_as(&t, path, bearer.as_deref()).await.status().as_u16()
            } else {
                browser.get(t.url(path)).send().await.unwrap().status().as_u16()
            };
            if got != *want {
                failures.push(format!("{role} on {family} ({path}): {got}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
both!(every_role_against_every_route_family);
