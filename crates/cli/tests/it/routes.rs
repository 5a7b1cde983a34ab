//! Every route declares who may call it; a route that does not fails closed.

use std::collections::BTreeSet;

use axum::routing::get;
use satuatap_store::Engine;
use serde_json::Value;

use crate::helpers::{config_for, fresh_database};

#[test]
fn every_documented_operation_is_a_declared_route() {
    let (_, table, doc) = satuatap_web::routes();
    let declared: BTreeSet<(String, String)> = table.iter().map(|r| (r.method.clone(), r.path.clone())).collect();
    assert_eq!(declared.len(), table.len(), "a route is declared twice");
    let json: Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
    for (path, item) in json["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let key = (method.to_uppercase(), path.clone());
            assert!(declared.contains(&key), "{key:?} documented but not declared");
        }
    }
    // Every API route is documented.
    for r in table.iter().filter(|r| r.path.starts_with("/api/v1/")) {
        let documented = json["paths"].get(&r.path).and_then(|p| p.get(r.method.to_lowercase())).is_some();
        assert!(documented, "{} {} is not in the OpenAPI description", r.method, r.path);
    }
}

#[tokio::test]
async fn a_route_without_declared_access_fails_closed() {
    let (url, _dir) = fresh_database(Engine::Sqlite).await;
    let config = config_for(&url);
    let db = satuatap::startup::open_database(&url, &config).await.unwrap();
    let state = satuatap::startup::web_state(satuatap::startup::app(&db), &config).unwrap();
    let (router, _, _) = satuatap_web::routes();
    let sneaky = router.route("/sneaky", get(|| async { "secret" }));
    let app = satuatap_web::app_from(sneaky, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum_serve(listener, app).await });
    let client = reqwest::Client::new();
    let r = client.get(format!("http://{addr}/sneaky")).send().await.unwrap();
    assert_eq!(r.status(), 500);
    assert!(!r.text().await.unwrap().contains("secret"));
    let r = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200, "declared routes still answer");
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    let _ = axum::serve(listener, app).await;
}
