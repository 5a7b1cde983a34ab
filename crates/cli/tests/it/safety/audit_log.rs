//! The audit log shows entries about restricted work and need-to-know people
//! only as existing (action, kind of record, time) to those outside.

use satuatap_store::Engine;
use serde_json::Value;

use super::fixture::{survivor, NAME};
use crate::both;
use crate::helpers::{api_get, browser, page, spawn_demo};

async fn the_log_withholds_what_the_reader_may_not_know(engine: Engine) {
    let t = spawn_demo(engine).await;
    let her = survivor(&t).await;
    let admin = crate::helpers::api_token(&t, "admin").await;
    let (s, log) = api_get(&t, &admin, "/api/v1/audit?entity=case&limit=200").await;
    assert_eq!(s, 200);
    let text = log.to_string();
    for secret in [her.case.as_str(), her.person.as_str(), her.referral.as_str(), "gbv", "WCC", "\"to\""] {
        assert!(!text.contains(secret), "the administrator reads {secret:?} in {text}");
    }
    let entries: Vec<&Value> = log["items"].as_array().unwrap().iter().collect();
    let created = entries
        .iter()
        .find(|e| e["action"] == "create" && e["details"]["withheld"] == true)
        .unwrap_or_else(|| panic!("the GBV case's creation shows as withheld: {log}"));
    assert!(created["at"].is_string() && created["entity_id"].is_null() && created["actor_name"] == "");
    assert!(entries.iter().any(|e| e["action"] == "referral_sent" && e["details"]["withheld"] == true));
    // Asked by id, her records have no entries, like records that do not exist.
    for (entity, id) in [("case", &her.case), ("person", &her.person), ("referral", &her.referral)] {
        let (_, found) = api_get(&t, &admin, &format!("/api/v1/audit?entity={entity}&entity_id={id}")).await;
        assert_eq!(found["total"], 0, "{entity}: {found}");
    }
    let (_, people) = api_get(&t, &admin, "/api/v1/audit?entity=person&limit=500").await;
    assert!(!people.to_string().contains(&her.person), "no entry names her: {people}");
    let (_, consents) = api_get(&t, &admin, "/api/v1/audit?entity=consent&limit=500").await;
    assert!(!consents.to_string().contains(&her.person));
    let (b, _) = browser(&t, "admin").await;
    let (_, html) = page(&b, &t, "/admin/audit?entity=case").await;
    assert!(!html.contains(&her.case) && !html.contains("gbv") && !html.contains(NAME), "{html}");

    // Ordinary entries keep their details.
    let (_, sign_ins) = api_get(&t, &admin, "/api/v1/audit?action=sign_in").await;
    assert!(sign_ins["items"][0]["actor_name"].as_str().is_some_and(|n| !n.is_empty()));
}
both!(the_log_withholds_what_the_reader_may_not_know);
