//! Users, sign-in, sessions, tokens and the audit chain, on both engines.

use satuatap_core::access::{Actor, Ctx, Permission, RoleCode};
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::identity::users::{NewUser, UserFilter};
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::AuditFilter;
use satuatap_core::{Error, Verification};
use satuatap_store::Engine;

use crate::both;
use crate::helpers::{api_get, api_token, browser, page, raw_sql, spawn_demo};

const PW: &str = "demo-password";

fn anon() -> Ctx {
    Ctx::anonymous("test")
}

async fn sign_in_lockout_tokens_and_sessions(engine: Engine) {
    let t = spawn_demo(engine).await;
    let app = &t.app;
    let users = app.users(&Ctx::system(), UserFilter::default(), PageRequest::first(100)).await.unwrap();
    assert_eq!(users.total, 38);

    // Right password: a session whose user carries the role's grants.
    let s = app.sign_in(&anon(), "Cirebon.Desk", PW, None).await.unwrap();
    assert_eq!(s.user.username, "cirebon.desk");
    assert!(s.user.roles.contains(&RoleCode::FrontDesk));
    let actor = Actor::User(s.user.clone());
    assert!(actor.scope_of(Permission::PeopleWrite).is_some());
    assert!(actor.scope_of(Permission::AuditRead).is_none());
    let authed = app.authenticate_session(&s.secret).await.unwrap();
    assert_eq!(authed.csrf_token.as_deref(), Some(s.csrf_token.as_str()));
    assert!(matches!(app.authenticate_session("made-up").await, Err(Error::Unauthenticated)));

    // Wrong password and unknown user answer alike.
    let wrong = app.sign_in(&anon(), "cirebon.desk", "not-the-password", None).await.unwrap_err();
    let unknown = app.sign_in(&anon(), "nobody.here", PW, None).await.unwrap_err();
    assert_eq!(wrong.code(), unknown.code());
    assert_eq!(wrong.code(), "unauthenticated");

    // Five failures lock the account; then even the right password fails.
    for _ in 0..5 {
        assert!(app.sign_in(&anon(), "blitar.wcc", "guess-guess", None).await.is_err());
    }
    assert!(app.sign_in(&anon(), "blitar.wcc", PW, None).await.is_err(), "locked");
    let failed = app
        .audit_log(
            &Ctx::system(),
            &AuditFilter { action: Some(AuditAction::SignInFailed), ..Default::default() },
            PageRequest::first(50),
        )
        .await
        .unwrap();
    assert_eq!(failed.total, 8, "1 wrong + 1 unknown + 5 wrong + 1 locked");
    assert_eq!(failed.items[0].details["reason"], "locked");
    assert!(failed.items.iter().all(|e| !e.details.to_string().contains(PW)), "no password in the log");

    // Tokens.
    let tok = app.issue_token(&anon(), "cirebon.union", PW, None).await.unwrap();
    let by_token = app.authenticate_token(&tok.token).await.unwrap();
    assert_eq!(by_token.user.username, "cirebon.union");
    assert!(by_token.csrf_token.is_none());
    let ctx = Ctx::new(Actor::User(by_token.user.clone()), "test");
    app.revoke_token(&ctx, &tok.token).await.unwrap();
    assert!(app.authenticate_token(&tok.token).await.is_err(), "revoked");

    // Sign out everywhere ends every session and token of that user.
    let s1 = app.sign_in(&anon(), "cirebon.union", PW, None).await.unwrap();
    let s2 = app.sign_in(&anon(), "cirebon.union", PW, None).await.unwrap();
    let tok2 = app.issue_token(&anon(), "cirebon.union", PW, None).await.unwrap();
    let ended = app.sign_out_everywhere(&Ctx::new(Actor::User(s1.user.clone()), "t")).await.unwrap();
    assert_eq!(ended, 3);
    for secret in [&s1.secret, &s2.secret] {
        assert!(app.authenticate_session(secret).await.is_err());
    }
    assert!(app.authenticate_token(&tok2.token).await.is_err());

    // Password change; the old one stops working.
    let s3 = app.sign_in(&anon(), "tulungagung.coord", PW, None).await.unwrap();
    let ctx = Ctx::new(Actor::User(s3.user.clone()), "t");
    assert_eq!(
        app.change_password(&ctx, "wrong-current", "a-new-password").await.unwrap_err().code(),
        "wrong_password"
    );
    assert_eq!(app.change_password(&ctx, PW, "short").await.unwrap_err().code(), "password_too_short");
    app.change_password(&ctx, PW, "a-new-password").await.unwrap();
    assert!(app.sign_in(&anon(), "tulungagung.coord", PW, None).await.is_err());
    app.sign_in(&anon(), "tulungagung.coord", "a-new-password", None).await.unwrap();

    // A disabled user cannot sign in, and their sessions end.
    let s4 = app.sign_in(&anon(), "blitar.village", PW, None).await.unwrap();
    app.set_user_disabled(&Ctx::system(), "blitar.village", true).await.unwrap();
    assert!(app.authenticate_session(&s4.secret).await.is_err());
    assert!(app.sign_in(&anon(), "blitar.village", PW, None).await.is_err());

    // The chain holds.
    assert!(
        matches!(app.verify_audit(&Ctx::system()).await.unwrap(), Verification::Intact { entries } if entries > 100)
    );
}
both!(sign_in_lockout_tokens_and_sessions);

async fn user_administration_is_scoped(engine: Engine) {
    let t = spawn_demo(engine).await;
    let app = &t.app;
    let as_user = |s: &satuatap_core::NewSession| Ctx::new(Actor::User(s.user.clone()), "t");
    let coord = app.sign_in(&anon(), "cirebon.coord", PW, None).await.unwrap();
    let new = |username: &str, org: &str, role: &str| NewUser {
        username: username.into(),
        organisation_code: org.into(),
        roles: vec![role.into()],
        password: "long-enough-password".into(),
        ..Default::default()
    };
    // A district coordinator manages users of their district only, and
    // gives only roles whose permissions they hold themselves.
    app.create_user(&as_user(&coord), &new("cirebon.coord2", "DISNAKER-CRB", "district_coordinator")).await.unwrap();
    let err = app
        .create_user(&as_user(&coord), &new("blitar.coord2", "DISNAKER-BLT", "district_coordinator"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    let err = app.create_user(&as_user(&coord), &new("cirebon.desk2", "DISNAKER-CRB", "front_desk")).await.unwrap_err();
    assert_eq!(err.code(), "role_not_held", "a coordinator reads no person");
    let err =
        app.create_user(&as_user(&coord), &new("cirebon.root", "DISNAKER-CRB", "administrator")).await.unwrap_err();
    assert_eq!(err.code(), "role_not_held", "only those who hold all of it make administrators");
    let err = app
        .create_user(&as_user(&coord), &new("cirebon.coord2", "DISNAKER-CRB", "district_coordinator"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "duplicate_username");
    let err = app
        .create_user(
            &as_user(&coord),
            &NewUser { password: "short".into(), roles: vec!["wizard".into()], ..new("x", "NOPE", "") },
        )
        .await
        .unwrap_err();
    let Error::Invalid(fields) = err else { panic!("expected invalid") };
    let names: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.code)).collect();
    assert_eq!(
        names,
        [("username", "invalid_username"), ("roles", "unknown_code"), ("password", "password_too_short")]
    );

    // Listing follows the scope: the coordinator sees Cirebon's users only.
    let seen = app.users(&as_user(&coord), UserFilter::default(), PageRequest::first(100)).await.unwrap();
    assert!(seen.items.iter().all(|u| u.home_area_code.as_str().starts_with("32.09")));
    assert_eq!(seen.total, 10, "9 demo users + the new coordinator");
    let desk = app.sign_in(&anon(), "cirebon.desk", PW, None).await.unwrap();
    assert_eq!(
        app.users(&as_user(&desk), UserFilter::default(), PageRequest::first(10)).await.unwrap_err().code(),
        "forbidden"
    );
    let sup = app.sign_in(&anon(), "cirebon.wcc.sup", PW, None).await.unwrap();
    let mine = app.users(&as_user(&sup), UserFilter::default(), PageRequest::first(10)).await.unwrap();
    let names: Vec<_> = mine.items.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["cirebon.wcc", "cirebon.wcc.2", "cirebon.wcc.sup"]);

    // Roles are data anyone with roles_read can inspect.
    let roles = app.roles(&as_user(&coord)).await.unwrap();
    assert_eq!(roles.len(), 10);
    let me = roles.iter().find(|r| r.code == RoleCode::MeOfficer).unwrap();
    assert!(
        me.grants.iter().all(|g| !matches!(g.permission, Permission::PeopleRead | Permission::CasesRead)),
        "aggregates only"
    );
}
both!(user_administration_is_scoped);

async fn audit_log_is_append_only_and_tamper_evident(engine: Engine) {
    let t = spawn_demo(engine).await;
    let sys = Ctx::system();
    assert!(matches!(t.app.verify_audit(&sys).await.unwrap(), Verification::Intact { .. }));
    // The database refuses edits...
    assert!(raw_sql(&t.db_url, &["UPDATE audit_log SET actor_name = 'x' WHERE seq = 3"]).await.is_err());
    assert!(raw_sql(&t.db_url, &["DELETE FROM audit_log WHERE seq = 3"]).await.is_err());
    // ...and when someone gets past that, verification names the entry.
    let (disable, enable) = if engine == Engine::Sqlite {
        ("DROP TRIGGER audit_log_no_update", "SELECT 1")
    } else {
        (
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update",
        )
    };
    raw_sql(&t.db_url, &[disable, "UPDATE audit_log SET details = '{\"rows\": 1}' WHERE seq = 7", enable])
        .await
        .unwrap();
    match t.app.verify_audit(&sys).await.unwrap() {
        Verification::Broken(b) => assert_eq!(b.to_string(), "entry 7 was altered"),
        other => panic!("tampering not found: {other:?}"),
    }
}
both!(audit_log_is_append_only_and_tamper_evident);

async fn second_factor(engine: Engine) {
    use satuatap_core::identity::totp;
    let t = spawn_demo(engine).await;
    let app = &t.app;
    let sys = Ctx::system();
    // An administrator enrols a user; from then on the code is needed.
    let (secret, url) = app.enrol_totp_for(&sys, "cirebon.wcc").await.unwrap();
    assert!(url.contains("cirebon.wcc"));
    assert_eq!(app.sign_in(&anon(), "cirebon.wcc", PW, None).await.unwrap_err().code(), "totp_required");
    assert_eq!(app.sign_in(&anon(), "cirebon.wcc", PW, Some("000000")).await.unwrap_err().code(), "unauthenticated");
    let code = totp::current(&secret).unwrap();
    app.sign_in(&anon(), "cirebon.wcc", PW, Some(&code)).await.unwrap();
    // A wrong password with a right code is still a wrong password.
    assert_eq!(
        app.sign_in(&anon(), "cirebon.wcc", "bad-password", Some(&code)).await.unwrap_err().code(),
        "unauthenticated"
    );

    // A role can require it: members without a second factor cannot sign in.
    app.set_role_requires_totp(&sys, RoleCode::Counsellor, true).await.unwrap();
    assert_eq!(app.sign_in(&anon(), "blitar.wcc", PW, None).await.unwrap_err().code(), "totp_enrolment_required");
    let s = app.sign_in(&anon(), "cirebon.wcc", PW, Some(&code)).await.unwrap();
    // Only administrators of everything decide that.
    let coord = app.sign_in(&anon(), "cirebon.coord", PW, None).await.unwrap();
    let as_coord = Ctx::new(Actor::User(coord.user), "t");
    assert_eq!(app.set_role_requires_totp(&as_coord, RoleCode::Paralegal, true).await.unwrap_err().code(), "forbidden");
    // Self-service enrolment.
    let me = Ctx::new(Actor::User(s.user), "t");
    let (secret2, _) = app.begin_totp(&me).unwrap();
    if totp::current(&secret2).unwrap() != "000000" {
        assert_eq!(app.confirm_totp(&me, &secret2, "000000").await.unwrap_err().code(), "wrong_totp");
    }
    app.confirm_totp(&me, &secret2, &totp::current(&secret2).unwrap()).await.unwrap();
    assert!(app.has_totp(&me).await.unwrap());
    let audit = app
        .audit_log(
            &sys,
            &AuditFilter { entity: Some(AuditEntity::User), action: Some(AuditAction::Update), ..Default::default() },
            PageRequest::first(10),
        )
        .await
        .unwrap();
    assert!(audit.items.iter().all(|e| !e.details.to_string().contains(&secret2)), "the secret is not in the log");
}
both!(second_factor);

/// The need-to-know mechanism on a restricted test record (the case issue
/// puts GBV and trafficking cases behind it).
async fn restricted_record_is_need_to_know(engine: Engine) {
    let t = spawn_demo(engine).await;
    let app = &t.app;
    let sign = |u: &'static str| async move {
        Ctx::new(Actor::User(app.sign_in(&anon(), u, PW, None).await.unwrap().user), "t")
    };
    let owner = sign("cirebon.wcc").await;
    let record = uuid::Uuid::now_v7().to_string();
    app.restrict(&owner, AuditEntity::Case, &record, owner.actor.user_id().unwrap()).await.unwrap();
    let paralegal = sign("cirebon.union").await;
    // Others cannot restrict a record in someone else's name.
    assert_eq!(
        app.restrict(&paralegal, AuditEntity::Case, &record, owner.actor.user_id().unwrap()).await.unwrap_err().code(),
        "forbidden"
    );
    // Before assignment the paralegal does not learn it exists.
    assert_eq!(
        app.check_restricted_read(&paralegal, AuditEntity::Case, &record).await.unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        app.assign_restricted(&paralegal, AuditEntity::Case, &record, paralegal.actor.user_id().unwrap())
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    app.assign_restricted(&owner, AuditEntity::Case, &record, paralegal.actor.user_id().unwrap()).await.unwrap();

    for (user, allowed) in [
        ("cirebon.wcc", true),        // owner
        ("cirebon.union", true),      // assigned
        ("cirebon.wcc.sup", true),    // supervisor of the holding organisation
        ("cirebon.union.sup", false), // supervisor elsewhere
        ("cirebon.desk", false),
        ("cirebon.coord", false),
        ("admin", false),
        ("me.officer", false),
        ("blitar.wcc", false),
    ] {
        let ctx = sign(user).await;
        let got = app.check_restricted_read(&ctx, AuditEntity::Case, &record).await;
        assert_eq!(got.is_ok(), allowed, "{user}");
        if !allowed {
            assert_eq!(got.unwrap_err().code(), "not_found", "{user}: existence not revealed");
        }
    }
    assert!(app.check_restricted_read(&anon(), AuditEntity::Case, &record).await.is_err());
    // A record that is not restricted is not held back.
    app.check_restricted_read(&anon(), AuditEntity::Case, "unrestricted").await.unwrap();
    // Every read, allowed or refused, is in the log.
    let reads = app
        .audit_log(
            &Ctx::system(),
            &AuditFilter { entity: Some(AuditEntity::Case), entity_id: Some(record.clone()), ..Default::default() },
            PageRequest::first(50),
        )
        .await
        .unwrap();
    let refused = reads.items.iter().filter(|e| e.action == "read_refused").count();
    let read = reads.items.iter().filter(|e| e.action == "read").count();
    assert_eq!((read, refused), (3, 8));
}
both!(restricted_record_is_need_to_know);

/// The audit log's filter offers every action the log records, each by its
/// label; an action (or kind of record) it does not record is a field error,
/// never a silently empty list.
async fn the_audit_filter_knows_every_action(engine: Engine) {
    let t = spawn_demo(engine).await;
    let (b, _) = browser(&t, "admin").await;
    let (s, html) = page(&b, &t, "/admin/audit?action=sign_in").await;
    assert_eq!(s, 200);
    let (_, select) = html.split_once("<select name=\"action\">").unwrap();
    let (select, _) = select.split_once("</select>").unwrap();
    assert_eq!(select.matches("<option").count(), AuditAction::ALL.len() + 1, "every action and “all”: {select}");
    assert!(select.starts_with("<option value=\"\">Semua</option>"), "{select}");
    for a in AuditAction::ALL {
        assert!(select.contains(&format!("<option value=\"{}\"", a.as_str())), "{a:?} is not offered: {select}");
    }
    assert!(select.contains("<option value=\"sign_in\" selected>Masuk</option>"), "{select}");
    assert!(html.contains("<span class=\"tag\">Masuk</span>"), "the admin's own sign-in is listed, by its label");
    let (s, html) = page(&b, &t, "/admin/audit?action=sign_inn").await;
    assert_eq!(s, 422, "{html}");

    let admin = api_token(&t, "admin").await;
    let (s, v) = api_get(&t, &admin, "/api/v1/audit?action=sign_in").await;
    assert_eq!(s, 200);
    assert!(v["total"].as_u64().unwrap() > 0, "{v}");
    for (query, field) in
        [("action=sign_inn", "action"), ("action=Sign_in", "action"), ("entity=test_record", "entity")]
    {
        let (s, v) = api_get(&t, &admin, &format!("/api/v1/audit?{query}")).await;
        assert_eq!(s, 422, "{query}: {v}");
        assert_eq!(v["error"]["code"], "unknown_code", "{query}: {v}");
        assert_eq!(v["error"]["field"], field, "{query}: {v}");
    }
    // Empty is no filter, as everywhere.
    let (s, v) = api_get(&t, &admin, "/api/v1/audit?action=&entity=").await;
    assert_eq!(s, 200, "{v}");
}
both!(the_audit_filter_knows_every_action);

async fn sessions_end_when_idle_or_too_old(engine: Engine) {
    let t = spawn_demo(engine).await;
    let short = |idle_ms: i64, absolute_ms: i64| {
        satuatap_core::App::new(
            std::sync::Arc::new(t.db.clone()),
            satuatap_core::AuthSettings {
                session_idle: chrono::Duration::milliseconds(idle_ms),
                session_absolute: chrono::Duration::milliseconds(absolute_ms),
                token_lifetime: chrono::Duration::milliseconds(absolute_ms),
                ..Default::default()
            },
        )
    };
    let idle = short(300, 60_000);
    let s = idle.sign_in(&anon(), "cirebon.desk", PW, None).await.unwrap();
    idle.authenticate_session(&s.secret).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(idle.authenticate_session(&s.secret).await.is_err(), "idle timeout");

    let old = short(60_000, 300);
    let s = old.sign_in(&anon(), "cirebon.desk", PW, None).await.unwrap();
    let tok = old.issue_token(&anon(), "cirebon.desk", PW, None).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(old.authenticate_session(&s.secret).await.is_err(), "absolute timeout");
    assert!(old.authenticate_token(&tok.token).await.is_err(), "token expiry");
}
both!(sessions_end_when_idle_or_too_old);

mod language;
mod session_expiry;
mod web_auth;
