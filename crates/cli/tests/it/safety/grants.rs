//! Nobody grants what they do not hold, and no account reaches an
//! organisation's restricted records before its supervisor confirms it.

use satuatap_store::Engine;
use serde_json::{json, Value};

use super::fixture::{survivor, NAME};
use crate::both;
use crate::helpers::{api_get, api_post, api_token, browser, page, spawn_demo, TestApp};

fn user(name: &str, org: &str, role: &str) -> Value {
    json!({"username": name, "organisation_code": org, "roles": [role], "password": "long-enough-password"})
}

async fn token_for(t: &TestApp, username: &str) -> String {
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .json(&json!({"username": username, "password": "long-enough-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{username} signs in");
    r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

async fn nobody_gives_access_they_do_not_hold(engine: Engine) {
    let t = spawn_demo(engine).await;
    let her = survivor(&t).await;
    let coord = api_token(&t, "cirebon.coord").await;
    let admin = api_token(&t, "admin").await;
    // The escalations found: a crisis-centre supervisor made by the
    // coordinator or the administrator, a counsellor homed in another
    // district, a nationwide M&E officer.
    for (who, body) in [
        (&coord, user("x.sup", "WCC-MAWAR-BALQIS", "supervisor")),
        (&admin, user("x.sup2", "WCC-MAWAR-BALQIS", "supervisor")),
        (&coord, user("x.me", "DISNAKER-CRB", "me_officer")),
        (&admin, user("x.desk", "DISNAKER-CRB", "front_desk")),
    ] {
        let (s, e) = api_post(&t, who, "/api/v1/users", body.clone()).await;
        assert_eq!(
            (s, e["error"]["code"].as_str(), e["error"]["field"].as_str()),
            (403, Some("role_not_held"), Some("roles")),
            "{body}"
        );
    }
    let mut elsewhere = user("x.ta", "UPTD-PPA-TA", "district_coordinator");
    elsewhere["home_area_code"] = json!("35.04");
    let (s, _) = api_post(&t, &coord, "/api/v1/users", elsewhere).await;
    assert_eq!(s, 403, "outside the coordinator's district");
    let (_, log) = api_get(&t, &admin, "/api/v1/audit?action=grant_refused").await;
    assert_eq!(log["total"], 4, "every refused grant is recorded: {log}");

    // The form offers only what the user may give.
    let (b, _) = browser(&t, "cirebon.wcc.sup").await;
    let (_, html) = page(&b, &t, "/admin/users").await;
    assert!(html.contains("value=\"counsellor\"") && html.contains("value=\"supervisor\""), "{html}");
    assert!(!html.contains("value=\"administrator\"") && !html.contains("value=\"district_coordinator\""));
    assert!(html.contains("value=\"WCC-MAWAR-BALQIS\"") && !html.contains("value=\"SBMI-CRB\""));
    let (b, _) = browser(&t, "cirebon.coord").await;
    let (_, html) = page(&b, &t, "/admin/users").await;
    assert!(html.contains("value=\"district_coordinator\"") && !html.contains("value=\"supervisor\""), "{html}");

    // The crisis centre's supervisor takes on a counsellor and a supervisor.
    let sup = api_token(&t, "cirebon.wcc.sup").await;
    let (s, e) = api_post(&t, &sup, "/api/v1/users", user("x.other", "SBMI-CRB", "counsellor")).await;
    assert_eq!((s, e["error"]["code"].as_str()), (403, Some("forbidden")), "not in another organisation");
    let (s, c) = api_post(&t, &sup, "/api/v1/users", user("cirebon.wcc.new", "WCC-MAWAR-BALQIS", "counsellor")).await;
    assert_eq!((s, c["restricted_access"].as_str()), (201, Some("pending")), "{c}");
    let (s, s2) = api_post(&t, &sup, "/api/v1/users", user("cirebon.wcc.sup2", "WCC-MAWAR-BALQIS", "supervisor")).await;
    assert_eq!(s, 201, "{s2}");
    // Pending: neither reaches the survivor nor may register or open restricted work.
    for name in ["cirebon.wcc.new", "cirebon.wcc.sup2"] {
        let tok = token_for(&t, name).await;
        assert_eq!(api_get(&t, &tok, &format!("/api/v1/people/{}", her.person)).await.0, 404, "{name}");
        assert_eq!(api_get(&t, &tok, &format!("/api/v1/cases/{}", her.case)).await.0, 404, "{name}");
        let (s, e) =
            api_post(&t, &tok, "/api/v1/people", json!({"full_name": "Baru", "sex": "female", "estimated_age": 30}))
                .await;
        assert_eq!((s, e["error"]["code"].as_str()), (403, Some("restricted_access_pending")), "{name}: {e}");
    }
    // The other supervisors hear of it; the new supervisor cannot confirm herself.
    let (_, notices) = api_get(&t, &sup, "/api/v1/me/notifications").await;
    let kinds: Vec<&str> = notices.as_array().unwrap().iter().filter_map(|n| n["kind"].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "account_awaits_confirmation").count(), 2, "{notices}");
    let sup2 = token_for(&t, "cirebon.wcc.sup2").await;
    let sup2_id = s2["id"].as_str().unwrap();
    let (s, e) = api_post(&t, &sup2, &format!("/api/v1/users/{sup2_id}/confirm"), json!({})).await;
    assert_eq!(s, 403, "not herself: {e}");
    // A supervisor of another organisation: not his to decide.
    let union_sup = api_token(&t, "cirebon.union.sup").await;
    let (s, _) = api_post(&t, &union_sup, &format!("/api/v1/users/{sup2_id}/confirm"), json!({})).await;
    assert_eq!(s, 404, "he cannot even see the account");
    // Confirmed: the supervisor reaches the centre's survivor.
    let (s, c) = api_post(&t, &sup, &format!("/api/v1/users/{sup2_id}/confirm"), json!({})).await;
    assert_eq!((s, c["restricted_access"].as_str()), (200, Some("confirmed")), "{c}");
    let sup2 = token_for(&t, "cirebon.wcc.sup2").await;
    let (s, p) = api_get(&t, &sup2, &format!("/api/v1/people/{}", her.person)).await;
    assert_eq!((s, p["full_name"].as_str()), (200, Some(NAME)));
    // A refusal keeps the counsellor out, and is heard of too.
    let (_, users) = api_get(&t, &sup, "/api/v1/users?q=cirebon.wcc.new").await;
    let counsellor = users["items"][0]["id"].as_str().unwrap().to_string();
    let (s, c) = api_post(&t, &sup2, &format!("/api/v1/users/{counsellor}/refuse"), json!({})).await;
    assert_eq!((s, c["restricted_access"].as_str()), (200, Some("refused")));
    let (_, notices) = api_get(&t, &sup, "/api/v1/me/notifications").await;
    assert!(notices.to_string().contains("account_refused"), "{notices}");
    // The command line confirms too (the first supervisor of an organisation).
    let (s, _) = api_post(&t, &sup, "/api/v1/users", user("cirebon.wcc.cli", "WCC-MAWAR-BALQIS", "counsellor")).await;
    assert_eq!(s, 201);
    let out = crate::audit::seal::satuatap(&t.db_url).args(["user", "confirm", "cirebon.wcc.cli"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, users) = api_get(&t, &sup, "/api/v1/users?q=cirebon.wcc.cli").await;
    assert_eq!(users["items"][0]["restricted_access"], "confirmed");
    let (_, log) = api_get(&t, &admin, "/api/v1/audit?entity=user&action=confirm_access").await;
    assert_eq!(log["total"], 2);
    let (_, log) = api_get(&t, &admin, "/api/v1/audit?entity=user&action=refuse_access").await;
    assert_eq!(log["total"], 1);
}
both!(nobody_gives_access_they_do_not_hold);
