//! The language of the pages: the account's setting, then the language
//! switch's cookie, then Bahasa Indonesia; the browser's `Accept-Language`
//! decides only the API's messages.

use satuatap_core::access::Ctx;
use satuatap_core::audit::AuditAction;
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::AuditFilter;
use satuatap_store::Engine;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{api_token, spawn_demo, switch_language};

const NOT_FOUND_ID: &str = "/people/00000000-0000-0000-0000-000000000000";

async fn the_account_language_decides_the_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = t.in_browser("cirebon.desk").await;
    // Nothing chosen: Bahasa Indonesia, whatever the browser asks for.
    let (s, html) = desk.page_accepting("/people", "en-US,en;q=0.9").await;
    assert_eq!(s, 200);
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    let (_, html) = desk.page("/account").await;
    assert!(html.contains("<option value=\"\" selected>Belum dipilih"), "nothing chosen yet: {html}");

    // English, kept with the account, from the account page's form.
    let (s, to) = desk.post_form("/account/language", &[("language", "en"), ("next", "/account")]).await;
    assert_eq!((s, to.as_str()), (303, "/account"));
    let (_, html) = desk.page_accepting("/people", "id").await;
    assert!(html.contains("<html lang=\"en\">") && html.contains("<h1>People</h1>"), "{html}");
    let (_, html) = desk.page("/account").await;
    assert!(html.contains("<option value=\"en\" selected>English</option>"), "{html}");
    // The header's switch is a form to the same place while signed in.
    assert!(html.contains("action=\"/account/language\"") && html.contains("data-lang=\"id\""), "{html}");
    // The same again changes nothing and writes nothing.
    let (s, _) = desk.post_form("/account/language", &[("language", "en")]).await;
    assert_eq!(s, 303);

    // Another browser of hers, whose switch says Bahasa Indonesia: the
    // account comes first, error pages included.
    let other = t.in_browser("cirebon.desk").await;
    switch_language(other.client(), &t, "id").await;
    let (_, html) = other.page("/people").await;
    assert!(html.contains("<html lang=\"en\">"), "the account before the cookie: {html}");
    let (s, html) = other.page(NOT_FOUND_ID).await;
    assert_eq!(s, 404);
    assert!(html.contains("<html lang=\"en\">") && html.contains("Not found"), "{html}");

    // An unknown language: the account page again with its message.
    let (s, html) = desk.post_form("/account/language", &[("language", "fr")]).await;
    assert_eq!(s, 422);
    assert!(html.contains("Display language: “fr” is not in the list"), "{html}");
    assert!(html.contains("<form method=\"post\" action=\"/account/password\""), "the whole account page: {html}");

    // The header's switch, signed in: saved with the account, and back
    // where she was (never off the site).
    let (s, to) = desk.post_form("/account/language", &[("language", "id"), ("next", "/people?q=siti")]).await;
    assert_eq!((s, to.as_str()), (303, "/people?q=siti"));
    let (_, html) = other.page("/people").await;
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    let (s, to) = desk.post_form("/account/language", &[("language", "en"), ("next", "//evil.example/")]).await;
    assert_eq!((s, to.as_str()), (303, "/account"));

    // Not chosen again: this browser's switch decides.
    let (s, _) = desk.post_form("/account/language", &[("language", "")]).await;
    assert_eq!(s, 303);
    let (_, html) = other.page("/people").await;
    assert!(html.contains("<html lang=\"id\">"), "the cookie decides again: {html}");

    // Each change is audited, as the user, about her account; nothing for
    // the refused or unchanged ones.
    let entries = t
        .app
        .audit_log(
            &Ctx::system(),
            &AuditFilter { action: Some(AuditAction::LanguageChanged), ..Default::default() },
            PageRequest::first(50),
        )
        .await
        .unwrap();
    let mut changes: Vec<_> =
        entries.items.iter().map(|e| (e.details["from"].clone(), e.details["to"].clone())).collect();
    changes.reverse();
    assert_eq!(
        changes,
        [
            (Value::Null, json!("en")),
            (json!("en"), json!("id")),
            (json!("id"), json!("en")),
            (json!("en"), Value::Null),
        ]
    );
    let desk_id = t.app.act_as(&Ctx::system(), "cirebon.desk").await.unwrap().actor.user_id().unwrap();
    for e in &entries.items {
        assert_eq!((e.actor_name.as_str(), e.entity.as_str()), ("cirebon.desk", "user"));
        assert_eq!((e.actor_id, e.entity_id.clone()), (Some(desk_id), Some(desk_id.to_string())));
    }
}
both!(the_account_language_decides_the_pages);

/// A browser that asks for English and has made no choice gets Bahasa
/// Indonesia pages, signed out and signed in; the switch's cookie decides.
async fn accept_language_does_not_decide_pages(engine: Engine) {
    let t = spawn_demo(engine).await;
    for path in ["/", "/organisations", "/sign-in", "/no/such/page"] {
        let html = t.get_with_lang(path, "en").await.text().await.unwrap();
        assert!(html.contains("<html lang=\"id\">"), "{path}: {html}");
        let html = t.get_in(path, "en").await.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\">"), "{path} with the switch: {html}");
    }
    let union = t.in_browser("cirebon.union").await;
    let (_, html) = union.page_accepting("/cases", "en").await;
    assert!(html.contains("<html lang=\"id\">"), "{html}");
}
both!(accept_language_does_not_decide_pages);

/// The API has no page setting and no cookie: its messages follow
/// `Accept-Language`, also for a user who chose English for the pages.
async fn api_messages_follow_accept_language(engine: Engine) {
    let t = spawn_demo(engine).await;
    let as_desk = t.app.act_as(&Ctx::system(), "cirebon.desk").await.unwrap();
    t.app.set_language(&as_desk, "en").await.unwrap();
    let tok = api_token(&t, "cirebon.desk").await;
    for (asked, message) in [
        (Some("id"), "Wilayah induk: “3x” bukan kode wilayah Kemendagri (contoh: 32.09.01.2008)"),
        (None, "Wilayah induk: “3x” bukan kode wilayah Kemendagri (contoh: 32.09.01.2008)"),
        (Some("en-GB,en;q=0.9"), "Parent area: “3x” is not a Kemendagri area code (e.g. 32.09.01.2008)"),
    ] {
        let mut req = t.client.get(t.url("/api/v1/areas?parent=3x")).bearer_auth(&tok);
        if let Some(lang) = asked {
            req = req.header("accept-language", lang);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["message"], message, "{asked:?}");
    }
}
both!(api_messages_follow_accept_language);
