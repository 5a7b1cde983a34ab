//! The JSON API on the demo data.

use satuatap_store::Engine;
use serde_json::Value;

use crate::both;
use crate::helpers::spawn_demo;

fn codes(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_string()).collect()
}

async fn areas_api(engine: Engine) {
    let t = spawn_demo(engine).await;
    let (s, v) = t.get_json("/api/v1/areas?parent=32.09&limit=5").await;
    assert_eq!(s, 200);
    assert_eq!(v["total"], 40);
    assert_eq!(codes(&v), ["32.09.01", "32.09.02", "32.09.03", "32.09.04", "32.09.05"]);
    let (_, v) = t.get_json("/api/v1/areas?level=regency").await;
    assert_eq!(codes(&v), ["18.07", "32.09", "35.04", "35.05"]);
    let (_, v) = t.get_json("/api/v1/areas?parent=35.05.10&q=kanigoro").await;
    assert_eq!(codes(&v), ["35.05.10.1008"]);
    let (s, v) = t.get_json("/api/v1/areas/32.09.15.1004").await;
    assert_eq!(s, 200);
    assert_eq!(v["name"], "Sumber");
    assert_eq!(v["level"], "village");
    let ancestors: Vec<_> = v["ancestors"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(ancestors, ["32", "32.09", "32.09.15"]);
    // Every village of the four pilot regencies is there.
    for (regency, villages) in [("32.09", 424), ("35.04", 271), ("35.05", 248), ("18.07", 264)] {
        let mut total = 0;
        let (_, districts) = t.get_json(&format!("/api/v1/areas?parent={regency}&limit=500")).await;
        for d in codes(&districts) {
            let (_, v) = t.get_json(&format!("/api/v1/areas?parent={d}&limit=1")).await;
            total += v["total"].as_u64().unwrap();
        }
        assert_eq!(total, villages, "{regency}");
    }
}
both!(areas_api);

async fn organisations_and_offices_api(engine: Engine) {
    let t = spawn_demo(engine).await;
    let (s, v) = t.get_json("/api/v1/organisations?within=35.05&kind=trade_union").await;
    assert_eq!(s, 200);
    let mut found = codes(&v);
    found.sort();
    assert_eq!(found, ["KSBSI-BLT", "SBMI-BLT"]);
    let (_, v) = t.get_json("/api/v1/organisations?q=mawar").await;
    assert_eq!(codes(&v), ["WCC-MAWAR-BALQIS"]);
    let id = v["items"][0]["id"].as_str().unwrap().to_string();
    let (s, v) = t.get_json(&format!("/api/v1/organisations/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(v["kind"], "crisis_centre");
    assert_eq!(v["area"]["code"], "32.09");
    assert!(codes(&serde_json::json!({"items": v["offices"]})).contains(&"LTSA-MRC-CRB".to_string()));

    let (_, v) = t.get_json("/api/v1/offices?kind=village_information_centre&limit=100").await;
    assert_eq!(v["total"], 36, "nine pilot villages in each of the four districts");
    let (_, v) = t.get_json("/api/v1/offices?kind=ltsa_mrc_office&within=32.09").await;
    assert_eq!(codes(&v), ["LTSA-MRC-CRB"]);
    let office = v["items"][0]["id"].as_str().unwrap().to_string();
    let (s, v) = t.get_json(&format!("/api/v1/offices/{office}")).await;
    assert_eq!(s, 200);
    assert_eq!(v["operator"]["code"], "DISNAKER-CRB");
    let members: Vec<_> = v["members"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
    for expected in ["SBMI-CRB", "WCC-MAWAR-BALQIS", "DUKCAPIL-CRB", "BP3MI-DESK-CRB"] {
        assert!(members.contains(&expected), "{expected} not under the Cirebon roof: {members:?}");
    }
}
both!(organisations_and_offices_api);

async fn api_errors(engine: Engine) {
    let t = spawn_demo(engine).await;
    // Not found: JSON with a stable code and the operation id of the header.
    let r = t.get("/api/v1/areas/99.99").await;
    assert_eq!(r.status(), 404);
    let op = r.headers()["x-operation-id"].to_str().unwrap().to_string();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "not_found");
    assert_eq!(v["error"]["operation_id"], op.as_str());
    assert_eq!(v["error"]["message"], "Yang Anda cari tidak ada.");
    let (s, v) = t.get_json(&format!("/api/v1/organisations/{}", uuid::Uuid::now_v7())).await;
    assert_eq!((s, v["error"]["code"].as_str()), (404, Some("not_found")));
    let (s, _) = t.get_json("/api/v1/organisations/not-a-uuid").await;
    assert_eq!(s, 404);
    let (s, v) = t.get_json("/api/v1/nothing-here").await;
    assert_eq!((s, v["error"]["code"].as_str()), (404, Some("not_found")));

    // Bad input: 422 naming the field, translated.
    let (s, v) = t.get_json("/api/v1/organisations?kind=bank").await;
    assert_eq!(s, 422);
    assert_eq!(v["error"]["code"], "unknown_code");
    assert_eq!(v["error"]["field"], "kind");
    assert_eq!(v["error"]["message"], "Jenis: “bank” tidak ada dalam daftar");
    let r = t.get_with_lang("/api/v1/areas?parent=3x", "en-GB,en;q=0.9").await;
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["field"], "parent");
    assert_eq!(v["error"]["message"], "Parent area: “3x” is not a Kemendagri area code (e.g. 32.09.01.2008)");
    let (s, v) = t.get_json("/api/v1/areas?limit=abc").await;
    assert_eq!((s, v["error"]["field"].as_str()), (422, Some("query")));

    // Wrong method: 405 in the same JSON shape.
    let r = t.client.delete(t.url("/api/v1/areas")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "method_not_allowed");

    // Paging outside its documented bounds is refused, naming the parameter.
    let (s, v) = t.get_json("/api/v1/areas?limit=100000").await;
    assert_eq!(
        (s, v["error"]["code"].as_str(), v["error"]["field"].as_str()),
        (422, Some("out_of_range"), Some("limit"))
    );
    let (s, v) = t.get_json("/api/v1/areas?limit=500").await;
    assert_eq!((s, v["limit"].as_u64()), (200, Some(500)));
}
both!(api_errors);
