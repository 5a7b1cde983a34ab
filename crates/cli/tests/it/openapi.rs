//! The OpenAPI description: generated from the code, served, and snapshot-tested.

use satuatap_store::Engine;
use serde_json::Value;

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
