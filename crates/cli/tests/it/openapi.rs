//! The OpenAPI description: generated from the code, served, and snapshot-tested.

use satuatap_store::Engine;
use serde_json::Value;

use crate::both;
use crate::helpers::spawn_app;

#[test]
fn openapi_snapshot() {
    let (_, _, doc) = satuatap_web::routes();
    let json: Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
    insta::assert_json_snapshot!("openapi", json);
}

#[tokio::test]
async fn served_document_is_the_generated_one() {
    let t = spawn_app(Engine::Sqlite).await;
    let (s, served) = t.get_json("/api/openapi.json").await;
    assert_eq!(s, 200);
    let (_, _, doc) = satuatap_web::routes();
    let generated: Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
    assert_eq!(served, generated);
    assert_eq!(served["info"]["title"], "Satu Atap API");
    for path in ["/api/v1/areas", "/api/v1/areas/{code}", "/api/v1/organisations", "/api/v1/offices/{id}", "/readyz"] {
        assert!(served["paths"].get(path).is_some(), "{path} not documented");
    }
}

/// Every string that a document's `enum` lists, wherever it sits.
fn enums<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(values)) = map.get("enum") {
                out.extend(values.iter().filter_map(Value::as_str));
            }
            map.values().for_each(|v| enums(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| enums(v, out)),
        _ => {}
    }
}

fn generated() -> Value {
    let (_, _, doc) = satuatap_web::routes();
    serde_json::from_str(&doc.to_json().unwrap()).unwrap()
}

/// Enums are documented as they are sent: the codes (`gbv`), not the Rust
/// variants (`Gbv`).
#[test]
fn enums_are_documented_as_sent() {
    let doc = generated();
    let mut found = Vec::new();
    enums(&doc, &mut found);
    assert!(found.contains(&"labour_complaint") && found.contains(&"gbv"), "the case kinds are listed");
    let wrong: Vec<_> = found.iter().filter(|v| v.chars().next().is_some_and(char::is_uppercase)).collect();
    assert!(wrong.is_empty(), "enum values named like Rust variants: {wrong:?}");
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    }
}

/// Objects reachable from `schema` that would take fields they do not know.
fn open_objects(doc: &Value, schema: &Value, at: String, seen: &mut Vec<String>, out: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        if seen.iter().any(|s| s == r) {
            return;
        }
        seen.push(r.to_string());
    }
    let s = resolve(doc, schema);
    if s["type"] == "object" || s.get("properties").is_some() {
        if s["additionalProperties"] != Value::Bool(false)
            && s.get("additionalProperties").is_none_or(Value::is_boolean)
        {
            out.push(at.clone());
        }
        for (name, p) in s["properties"].as_object().into_iter().flatten() {
            open_objects(doc, p, format!("{at}.{name}"), seen, out);
        }
    }
    for key in ["items"] {
        if let Some(inner) = s.get(key) {
            open_objects(doc, inner, format!("{at}[]"), seen, out);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for inner in s[key].as_array().into_iter().flatten() {
            open_objects(doc, inner, at.clone(), seen, out);
        }
    }
}

/// Every JSON body refuses fields it does not know, and says so in the
/// document (`additionalProperties: false`), nested objects included.
#[test]
fn request_bodies_are_closed() {
    let doc = generated();
    let mut open = Vec::new();
    let mut bodies = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(schema) = op["requestBody"]["content"]["application/json"].get("schema") else { continue };
            bodies += 1;
            open_objects(&doc, schema, format!("{method} {path}"), &mut Vec::new(), &mut open);
        }
    }
    assert!(bodies > 20, "only {bodies} JSON bodies found");
    assert!(open.is_empty(), "bodies that would take unknown fields: {open:#?}");
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Every documented operation, its path with the parameters filled in by
/// values that name nothing.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let filled = path
                .split('/')
                .map(|seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some("code") => "99.99.99".to_string(),
                    Some(name) if name.contains("username") => "nobody-here".to_string(),
                    Some(_) => uuid::Uuid::nil().to_string(),
                    None => seg.to_string(),
                })
                .collect::<Vec<_>>()
                .join("/");
            ops.push((method.to_string(), filled, op.clone()));
        }
    }
    ops
}

/// On the wire, every operation answers only what the document says it
/// may: for a token that is not valid, for nobody, and for a signed-in user
/// of little reach sending an empty body; never a server fault.
async fn every_answer_is_documented(engine: Engine) {
    let t = crate::helpers::spawn_demo(engine).await;
    let doc = generated();
    let desk = crate::helpers::api_token(&t, "cirebon.desk").await;
    let mut undocumented = Vec::new();
    for (method, path, op) in operations(&doc) {
        if path == "/api/v1/auth/token" || path.ends_with("/sign-out") {
            continue; // signing in and out changes who calls the rest
        }
        let documented = |status: u16| op["responses"].get(status.to_string()).is_some();
        for who in ["a token that is not valid", "nobody", "cirebon.desk"] {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut req = t.client.request(m, t.url(&path));
            req = match who {
                "a token that is not valid" => req.bearer_auth("not-a-token"),
                "cirebon.desk" => req.bearer_auth(&desk),
                _ => req,
            };
            if op.get("requestBody").is_some() && op["requestBody"]["content"].get("application/json").is_some() {
                req = req.json(&serde_json::json!({}));
            }
            let status = req.send().await.unwrap().status().as_u16();
            assert!(status < 500, "{method} {path} as {who}: {status}");
            if who == "a token that is not valid" {
                assert_eq!(status, 401, "{method} {path}: a token that is not valid");
            }
            if !documented(status) {
                undocumented.push(format!("{method} {path} as {who}: {status}"));
            }
        }
    }
    assert!(undocumented.is_empty(), "answers the document does not list: {undocumented:#?}");
}
both!(every_answer_is_documented);

/// A field the body does not have is refused, named, in the caller's language.
async fn unknown_fields_are_refused(engine: Engine) {
    let t = crate::helpers::spawn_demo(engine).await;
    let desk = t.as_user("cirebon.desk").await;
    let (s, e) =
        desk.post("/api/v1/people", serde_json::json!({"full_name": "Sri Wahyuni", "sex": "female", "id": "0"})).await;
    assert_eq!(
        (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
        (422, Some("unknown_field"), Some("id")),
        "{e}"
    );
    assert!(e["error"]["message"].as_str().unwrap_or_default().contains("tidak dikenal"), "{e}");
    let (s, e) = desk.get("/api/v1/people?offset=9223372036854775807").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("offset")), "{e}");
    let (s, e) = desk.get("/api/v1/people?limit=501").await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("limit")), "{e}");
}
both!(unknown_fields_are_refused);
