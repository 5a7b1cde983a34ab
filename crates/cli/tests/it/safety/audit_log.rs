//! The audit log leaves out, for each reader, the entries about what they
//! may not know — like any list: no redacted row, no total that betrays it.

use satuatap_core::access::Ctx;
use satuatap_core::audit::AuditAction;
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::AuditFilter;
use satuatap_store::Engine;

use super::fixture::{survivor, NAME};
use crate::both;
use crate::helpers::{api_get, api_token, browser, page, spawn_demo};

async fn the_log_leaves_out_what_the_reader_may_not_know(engine: Engine) {
    let t = spawn_demo(engine).await;
    let before = api_get(&t, &api_token(&t, "admin").await, "/api/v1/audit?entity=case").await.1["total"].clone();
    let her = survivor(&t).await;
    // An outsider tries to read her case: refused, and recorded — for those who may know.
    let union = api_token(&t, "cirebon.union").await;
    assert_eq!(api_get(&t, &union, &format!("/api/v1/cases/{}", her.case)).await.0, 404);

    let admin = api_token(&t, "admin").await;
    let (s, log) = api_get(&t, &admin, "/api/v1/audit?limit=500").await;
    assert_eq!(s, 200);
    let text = log.to_string();
    for secret in [&her.case, &her.person, &her.referral, &her.visit, &her.household, &her.consent] {
        assert!(!text.contains(secret.as_str()), "the administrator reads {secret} in the log");
    }
    for action in ["note_added", "incident_recorded", "attachment_added", "referral_sent", "read_refused"] {
        let (_, found) = api_get(&t, &admin, &format!("/api/v1/audit?action={action}")).await;
        assert_eq!(found["total"], 0, "{action}: {found}");
    }
    let (_, cases) = api_get(&t, &admin, "/api/v1/audit?entity=case").await;
    assert_eq!(cases["total"], before, "no case entry was added, as far as the administrator can tell");
    for (entity, id) in [("case", &her.case), ("person", &her.person), ("referral", &her.referral)] {
        let (_, found) = api_get(&t, &admin, &format!("/api/v1/audit?entity={entity}&entity_id={id}")).await;
        assert_eq!(found["total"], 0, "{entity}: {found}");
    }
    // Filtering by her or her case finds what filtering by nobody finds.
    let nobody = uuid::Uuid::now_v7();
    for (param, id) in [("person_id", &her.person), ("case_id", &her.case)] {
        let (_, found) = api_get(&t, &admin, &format!("/api/v1/audit?{param}={id}")).await;
        let (_, none) = api_get(&t, &admin, &format!("/api/v1/audit?{param}={nobody}")).await;
        assert_eq!((found["total"].clone(), found["items"].clone()), (none["total"].clone(), none["items"].clone()));
    }
    let (b, _) = browser(&t, "admin").await;
    let (_, html) = page(&b, &t, "/admin/audit").await;
    // The filter above lists every action; the entries are the rows below it.
    let (_, rows) = html.split_once("<ul class=\"rows audit\">").unwrap();
    // Neither her name, nor her records' ids or short references, nor their kind.
    let shorts: Vec<String> = [&her.case, &her.person, &her.referral, &her.visit, &her.household, &her.consent]
        .iter()
        .map(|id| format!("#{}", &id[id.len() - 8..]))
        .collect();
    for secret in [
        her.case.as_str(),
        "kind&#34;:&#34;gbv",
        NAME,
        "note_added",
        "Catatan ditambahkan",
        "kekerasan berbasis gender",
    ]
    .into_iter()
    .chain(shorts.iter().map(String::as_str))
    {
        assert!(!rows.contains(secret), "the audit page shows {secret}: {html}");
    }
    for filter in [format!("person={}", her.person), format!("case={}", her.case)] {
        let (s, html) = page(&b, &t, &format!("/admin/audit?{filter}")).await;
        assert_eq!(s, 200);
        assert!(!html.contains("<ul class=\"rows audit\">") && !html.contains(NAME), "{filter}: {html}");
    }

    // The entries are there: the command line (the system) reads them all.
    let all = |action: AuditAction| AuditFilter { action: Some(action), ..Default::default() };
    for action in [AuditAction::NoteAdded, AuditAction::ReferralSent, AuditAction::ReadRefused] {
        let found = t.app.audit_log(&Ctx::system(), &all(action), PageRequest::first(10)).await.unwrap();
        assert_eq!(found.total, 1, "{action:?}");
    }
    // Ordinary entries stay as they are.
    let (_, sign_ins) = api_get(&t, &admin, "/api/v1/audit?action=sign_in").await;
    assert!(sign_ins["items"][0]["actor_name"].as_str().is_some_and(|n| !n.is_empty()));
}
both!(the_log_leaves_out_what_the_reader_may_not_know);
