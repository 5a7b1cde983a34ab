//! The sweep of `SAFETY.md`: every demo user outside her circle, of every
//! district and role, calls every route of the route table (the OpenAPI
//! document's and the pages') with the ids of the survivor's person, visit,
//! case, task, attachment, referral and household, and again with ids that
//! do not exist: the two answers must be the same (status, error code and
//! field, redirect, page title), and no answer may contain her name, NIK,
//! phone, what was written about her, or her records' ids. New routes join
//! by being routes.

use std::sync::Arc;

use satuatap_core::access::Ctx;
use satuatap_core::identity::users::UserFilter;
use satuatap_core::paging::PageRequest;
use satuatap_store::Engine;
use serde_json::{json, Value};
use tokio::sync::Semaphore;
use uuid::Uuid;

use super::fixture::{survivor, Survivor, CIRCLE, NAME, NIK, PHONE, WARNING, WARNING_RAISER};
use crate::both;
use crate::helpers::{api_token, browser, spawn_demo};

/// One way to call the server as one user.
#[derive(Clone)]
struct Caller {
    username: String,
    base: String,
    /// For the API.
    api: reqwest::Client,
    token: String,
    /// For the pages: a signed-in browser and its CSRF token.
    pages: reqwest::Client,
    csrf: String,
}

/// The survivor's ids, or ids that exist nowhere.
#[derive(Clone)]
struct Ids {
    person: String,
    visit: String,
    case: String,
    task: String,
    attachment: String,
    referral: String,
    household: String,
    warning: String,
    /// Records that are not secret but name her: read by the district, without her.
    activity: String,
    test: String,
}

impl Ids {
    fn of(s: &Survivor) -> Self {
        Ids {
            person: s.person.clone(),
            visit: s.visit.clone(),
            case: s.case.clone(),
            task: s.task.clone(),
            attachment: s.attachment.clone(),
            referral: s.referral.clone(),
            household: s.household.clone(),
            warning: s.warning.clone(),
            activity: s.activity.clone(),
            test: s.test.clone(),
        }
    }

    fn nowhere() -> Self {
        let n = || Uuid::now_v7().to_string();
        Ids {
            person: n(),
            visit: n(),
            case: n(),
            task: n(),
            attachment: n(),
            referral: n(),
            household: n(),
            warning: n(),
            activity: n(),
            test: n(),
        }
    }

    fn all(&self) -> [&str; 8] {
        [
            &self.person,
            &self.visit,
            &self.case,
            &self.task,
            &self.attachment,
            &self.referral,
            &self.household,
            &self.warning,
        ]
    }
}

/// A route's path with its parameters filled in; `None` for routes the
/// sweep does not call. The flag says whether a survivor id was used.
fn fill(path: &str, ids: &Ids, office: &str, public: &str) -> Option<(String, bool)> {
    let mut out = Vec::new();
    let mut hers = false;
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            out.push(seg.to_string());
            continue;
        };
        let prev = if i > 0 { segments[i - 1] } else { "" };
        let mut survivor = |v: &str| {
            hers = true;
            v.to_string()
        };
        let value = match (name, prev) {
            ("id", "people") => survivor(&ids.person),
            ("id", "cases") => survivor(&ids.case),
            ("id", "visits") | ("visit", _) => survivor(&ids.visit),
            ("id", "referrals") => survivor(&ids.referral),
            ("id", "households") => survivor(&ids.household),
            ("id", "warnings") => survivor(&ids.warning),
            // Read by the district as they are, her name left out.
            ("id", "activities") => ids.activity.clone(),
            ("id", "competency-tests") => ids.test.clone(),
            ("attachment", _) => survivor(&ids.attachment),
            ("task", _) => survivor(&ids.task),
            ("id", "offices") => office.to_string(),
            ("id" | "approval", _) => public.to_string(),
            ("desk", _) => "WCC-MAWAR-BALQIS".into(),
            ("transition", _) => "assess".into(),
            ("action", _) => "accept".into(),
            ("code", _) => "32.09".into(),
            ("need", _) => "shelter".into(),
            ("role", _) => "counsellor".into(),
            ("username", _) => "cirebon.wcc".into(),
            ("token", _) => "x".into(),
            ("list", _) => "cases".into(),
            _ => return None,
        };
        out.push(value);
    }
    Some((out.join("/"), hers))
}

/// Routes the sweep leaves alone: sign-in and -out, language, the static
/// files, account changes, and anything with no survivor id that writes.
fn skipped(method: &str, path: &str) -> bool {
    path.starts_with("/static")
        || path.starts_with("/sign-")
        || path.starts_with("/language")
        || path.starts_with("/api/v1/auth")
        || (method != "GET" && (path.starts_with("/account") || path.starts_with("/admin") || path.starts_with("/r")))
}

/// What must agree between a survivor id and an id that does not exist.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    status: u16,
    detail: String,
}

async fn call(c: &Caller, method: &str, path: &str, body: Option<Value>) -> (Shape, String) {
    let url = format!("{}{}", c.base, path);
    let page = !path.starts_with("/api/") && !path.starts_with("/healthz") && !path.starts_with("/readyz");
    let client = if page { &c.pages } else { &c.api };
    let mut req = client.request(method.parse().unwrap(), &url);
    if page {
        if method != "GET" {
            req = req.form(&[("csrf", c.csrf.as_str())]);
        }
    } else {
        req = req.bearer_auth(&c.token);
        if method != "GET" {
            req = req.json(&body.unwrap_or_else(|| json!({})));
        }
    }
    let r = req.send().await.unwrap_or_else(|e| panic!("{} {method} {path}: {e}", c.username));
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    let json = r.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let text = r.text().await.unwrap_or_default();
    let detail = if !location.is_empty() {
        format!("location {location}")
    } else if json {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) if v.get("error").is_some() => format!("error {} {}", v["error"]["code"], v["error"]["field"]),
            Ok(Value::Object(m)) => format!("keys {:?}", m.keys().collect::<Vec<_>>()),
            Ok(Value::Array(a)) => format!("array of {}", a.len()),
            Ok(other) => format!("json {other}"),
            Err(_) => "unreadable json".into(),
        }
    } else {
        let title = text.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        format!("title {title}")
    };
    (Shape { status, detail }, text)
}

/// Replaces the ids of either variant by a placeholder, for comparing.
fn neutral(shape: Shape, ids: &Ids) -> Shape {
    let mut detail = shape.detail;
    for id in ids.all() {
        detail = detail.replace(id, "ID");
    }
    Shape { status: shape.status, detail }
}

/// One user's sweep: differences between her ids and nobody's, and leaks.
async fn sweep_as(
    c: Caller,
    routes: Arc<Vec<(String, String)>>,
    hers: Arc<Ids>,
    secrets: Arc<Vec<String>>,
    office: String,
) -> Vec<String> {
    let mut problems = Vec::new();
    // The village that raised the warning knows of it (and of nothing else of hers).
    let raiser = c.username == WARNING_RAISER;
    let secrets: Arc<Vec<String>> = if raiser {
        Arc::new(secrets.iter().filter(|s| **s != WARNING && **s != hers.warning).cloned().collect())
    } else {
        secrets
    };
    let public = Uuid::now_v7().to_string();
    // A secret the request itself carries (an id in the path, the query
    // typed) is echoed back by pages (links, the search box): not a leak.
    let leak = |problems: &mut Vec<String>, what: &str, body: &str| {
        let asked = what.replace('+', " ");
        for s in secrets.iter() {
            if body.contains(s.as_str()) && !asked.contains(s.as_str()) {
                problems.push(format!("{}: {what} shows {s:?}", c.username));
            }
        }
    };
    for (method, path) in routes.iter() {
        if raiser && path.contains("/warnings/{") {
            continue;
        }
        let nowhere = Ids::nowhere();
        let Some((real, touches)) = fill(path, &hers, &office, &public) else { continue };
        if !touches && method != "GET" {
            continue;
        }
        let (a, body) = call(&c, method, &real, None).await;
        leak(&mut problems, &format!("{method} {real}"), &body);
        if !touches {
            continue;
        }
        let Some((other, _)) = fill(path, &nowhere, &office, &public) else { continue };
        let (b, _) = call(&c, method, &other, None).await;
        let (a, b) = (neutral(a, &hers), neutral(b, &nowhere));
        if a != b {
            problems.push(format!("{}: {method} {path}: hers {a:?}, nobody's {b:?}", c.username));
        }
    }
    // Lists and searches, by her name, NIK and phone.
    for q in [NAME, NIK, PHONE, "Rukmini"] {
        let q = q.replace(' ', "+");
        for path in [format!("/api/v1/people?q={q}"), format!("/people?q={q}")] {
            let (_, body) = call(&c, "GET", &path, None).await;
            leak(&mut problems, &path, &body);
        }
    }
    for path in [
        "/api/v1/referrals?box=received",
        "/api/v1/referrals?box=sent",
        "/referrals?box=received",
        // Line lists, every one as a file.
        "/api/v1/reports/lines/people?format=csv",
        "/api/v1/reports/lines/cases?format=csv",
        "/api/v1/reports/lines/referrals?format=csv&box=received",
        "/api/v1/reports/lines/referrals?format=csv&box=sent",
        "/reports/lines/export?list=people&format=csv",
        "/reports/lines/export?list=cases&format=csv",
    ] {
        let (_, body) = call(&c, "GET", path, None).await;
        leak(&mut problems, path, &body);
    }
    // Records named in a body, and the audit log asked for her records.
    let nowhere = Ids::nowhere();
    let probes = |ids: &Ids| {
        vec![
            ("POST", "/api/v1/cases".to_string(), Some(json!({"person_id": ids.person, "kind": "labour_complaint"}))),
            ("POST", "/api/v1/households".to_string(), Some(json!({"head_id": ids.person}))),
            (
                "POST",
                "/api/v1/referrals".to_string(),
                Some(json!({"case_id": ids.case, "service_id": Uuid::nil(), "reason": "x", "urgency": "routine"})),
            ),
            ("GET", format!("/api/v1/audit?entity=person&entity_id={}", ids.person), None),
            ("GET", format!("/api/v1/audit?entity=case&entity_id={}", ids.case), None),
            ("GET", format!("/admin/audit?entity=case&entity_id={}", ids.case), None),
        ]
    };
    for ((method, path, body), (_, other, other_body)) in probes(&hers).into_iter().zip(probes(&nowhere)) {
        let (a, text) = call(&c, method, &path, body).await;
        leak(&mut problems, &path, &text);
        let (b, _) = call(&c, method, &other, other_body).await;
        let (a, b) = (neutral(a, &hers), neutral(b, &nowhere));
        if a != b {
            problems.push(format!(
                "{}: {method} {path} (ids in the body or query): hers {a:?}, nobody's {b:?}",
                c.username
            ));
        }
    }
    let (_, body) = call(
        &c,
        "POST",
        "/api/v1/people/match",
        Some(json!({"full_name": NAME, "sex": "female", "nik": NIK, "phone": PHONE, "birth_date": "1991-04-02"})),
    )
    .await;
    leak(&mut problems, "the duplicate match", &body);
    problems
}

async fn outsiders_find_no_trace_of_her(engine: Engine) {
    let t = spawn_demo(engine).await;
    let her = survivor(&t).await;
    let hers = Arc::new(Ids::of(&her));
    let secrets = Arc::new(her.secrets());
    let (_, table, _) = satuatap_web::routes();
    let routes: Arc<Vec<(String, String)>> = Arc::new(
        table.iter().filter(|r| !skipped(&r.method, &r.path)).map(|r| (r.method.clone(), r.path.clone())).collect(),
    );
    let users = t.app.users(&Ctx::system(), UserFilter::default(), PageRequest::first(500)).await.unwrap().items;
    let outsiders: Vec<String> =
        users.into_iter().map(|u| u.username).filter(|u| !CIRCLE.contains(&u.as_str())).collect();
    assert!(outsiders.len() >= 30, "every role of every district: {outsiders:?}");
    assert!(outsiders.iter().any(|u| u == "cirebon.wcc.2"), "the unassigned colleague is swept too");

    // The circle sees her: the sweep could fail.
    let own = Caller {
        username: "cirebon.wcc.sup".into(),
        base: t.base.clone(),
        api: t.client.clone(),
        token: api_token(&t, "cirebon.wcc.sup").await,
        pages: t.client.clone(),
        csrf: String::new(),
    };
    let (seen, body) = call(&own, "GET", &format!("/api/v1/people/{}", her.person), None).await;
    assert_eq!(seen.status, 200, "{body}");
    assert!(body.contains(NAME));
    let (seen, body) = call(&own, "GET", "/api/v1/reports/lines/cases?format=csv", None).await;
    assert!(seen.status == 200 && body.contains(NAME) && body.contains(&her.case), "her line: {body}");

    let limit = Arc::new(Semaphore::new(6));
    let mut tasks = tokio::task::JoinSet::new();
    for username in outsiders {
        let token = api_token(&t, &username).await;
        let (pages, csrf) = browser(&t, &username).await;
        let api = crate::helpers::http_client(false);
        let caller = Caller { username, base: t.base.clone(), api, token, pages, csrf };
        let (routes, hers, secrets, office, limit) =
            (routes.clone(), hers.clone(), secrets.clone(), her.office.clone(), limit.clone());
        tasks.spawn(async move {
            let _slot = limit.acquire_owned().await.unwrap();
            sweep_as(caller, routes, hers, secrets, office).await
        });
    }
    let mut problems = Vec::new();
    while let Some(found) = tasks.join_next().await {
        problems.extend(found.unwrap());
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
both!(outsiders_find_no_trace_of_her);
