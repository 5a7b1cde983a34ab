//! Sign-in, sessions, API tokens and passwords.

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, Ctx, Grant, User};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::identity::secrets::{hash_password, new_secret, secret_hash, verify_dummy, verify_password};
use crate::identity::totp;
use crate::identity::users::{check_password, SessionRecord, TokenRecord, UserRecord};

/// A session just opened: the cookie's secret is shown once, here.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: DateTime<Utc>,
}

/// A bearer token just issued.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// A signed-in user and the session carrying them.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
    /// The session's CSRF token (`None` for bearer tokens, which are not sent
    /// by browsers on their own).
    pub csrf_token: Option<String>,
    /// The language the user chose for the pages, if any.
    pub language: Option<crate::identity::users::Language>,
    /// How long the session may stay idle (per the user's roles); `None`
    /// for bearer tokens.
    pub idle: Option<chrono::Duration>,
}

/// Whether the account is locked now (too many failed sign-ins in a row).
/// While it is, its sessions and tokens are refused too (as if expired): a
/// locked account does nothing until the lock-out ends.
fn is_locked(user: &UserRecord, now: DateTime<Utc>) -> bool {
    user.locked_until.is_some_and(|until| until > now)
}

impl App {
    /// Checks a user name and password. Wrong credentials, an unknown user,
    /// a disabled or locked account all answer `Unauthenticated` alike; each
    /// failure is audited and counts towards the lock-out.
    async fn check_credentials(
        &self,
        ctx: &Ctx,
        username: &str,
        password: &str,
        code: Option<&str>,
    ) -> Result<UserRecord> {
        let now = Utc::now();
        let name = username.trim().to_ascii_lowercase();
        let record = self.store.get_user_by_username(&name).await?;
        let Some(user) = record else {
            verify_dummy(password);
            let audit = AuditRecord::new(
                ctx,
                AuditAction::SignInFailed,
                AuditEntity::User,
                None,
                json!({ "reason": "unknown_user" }),
            );
            self.store.record_failed_sign_in(None, 0, None, &audit).await?;
            return Err(Error::Unauthenticated);
        };
        let locked = is_locked(&user, now);
        let password_ok = verify_password(&user.password_hash, password);
        let code = code.map(str::trim).filter(|c| !c.is_empty());
        let mut totp_ok = true;
        if password_ok && !locked && !user.disabled {
            match (&user.totp_secret, code) {
                (None, _) => {
                    if self.requires_totp(&user).await? {
                        return Err(Error::Conflict { code: "totp_enrolment_required", field: Some("totp".into()) });
                    }
                    return Ok(user);
                }
                (Some(_), None) => return Err(Error::invalid("totp", "totp_required")),
                (Some(secret), Some(code)) if totp::check(secret, code) => return Ok(user),
                (Some(_), Some(_)) => totp_ok = false,
            }
        }
        let reason = if user.disabled {
            "disabled"
        } else if locked {
            "locked"
        } else if !totp_ok {
            "wrong_totp"
        } else {
            "wrong_password"
        };
        let attempts =
            if password_ok && totp_ok { user.failed_attempts } else { user.failed_attempts.saturating_add(1) };
        let locked_until = if attempts >= self.settings.lockout_after && !locked {
            Some(now + self.settings.lockout_for)
        } else {
            user.locked_until
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::SignInFailed,
            AuditEntity::User,
            Some(user.id.to_string()),
            json!({ "reason": reason, "attempts": attempts, "locked": locked_until.is_some_and(|u| u > now) }),
        );
        self.store.record_failed_sign_in(Some(user.id), attempts, locked_until, &audit).await?;
        Err(Error::Unauthenticated)
    }

    /// Whether one of the user's roles requires a second factor.
    async fn requires_totp(&self, user: &UserRecord) -> Result<bool> {
        Ok(self.cached_roles().await?.iter().any(|r| r.requires_totp && user.roles.contains(&r.code)))
    }

    /// Signs in with a password (and the current TOTP code when the user has
    /// enrolled one) and opens a browser session.
    pub async fn sign_in(&self, ctx: &Ctx, username: &str, password: &str, code: Option<&str>) -> Result<NewSession> {
        let record = self.check_credentials(ctx, username, password, code).await?;
        let user = self.user_with_grants(record).await?;
        let now = Utc::now();
        let secret = new_secret();
        let session = SessionRecord {
            id_hash: secret_hash(&secret),
            user_id: user.id,
            csrf_token: new_secret(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + self.settings.session_absolute,
            revoked_at: None,
        };
        let audit = AuditRecord::new(
            &user_ctx(&user, ctx),
            AuditAction::SignIn,
            AuditEntity::Session,
            Some(user.id.to_string()),
            json!({ "via": "password" }),
        );
        self.store.record_sign_in(&session, &audit).await?;
        Ok(NewSession { secret, csrf_token: session.csrf_token, user, expires_at: session.expires_at })
    }

    /// Issues an API token for a user name and password.
    pub async fn issue_token(&self, ctx: &Ctx, username: &str, password: &str, code: Option<&str>) -> Result<NewToken> {
        let record = self.check_credentials(ctx, username, password, code).await?;
        let now = Utc::now();
        let token = new_secret();
        let rec = TokenRecord {
            id: Uuid::now_v7(),
            user_id: record.id,
            token_hash: secret_hash(&token),
            created_at: now,
            expires_at: now + self.settings.token_lifetime,
            revoked_at: None,
        };
        let user = self.user_with_grants(record).await?;
        let audit = AuditRecord::new(
            &user_ctx(&user, ctx),
            AuditAction::IssueToken,
            AuditEntity::ApiToken,
            Some(rec.id.to_string()),
            json!({}),
        );
        self.store.insert_token(&rec, &audit).await?;
        Ok(NewToken { token, expires_at: rec.expires_at })
    }

    /// The user behind a session cookie, if the session is alive (not
    /// revoked, not idle too long, not past its absolute end) and the
    /// account neither disabled nor locked.
    pub async fn authenticate_session(&self, secret: &str) -> Result<Authenticated> {
        let now = Utc::now();
        let hash = secret_hash(secret);
        let (session, record) = self.store.get_session_user(&hash).await?.ok_or(Error::Unauthenticated)?;
        if session.revoked_at.is_some() || session.expires_at <= now {
            return Err(Error::Unauthenticated);
        }
        // The idle limit follows the user's roles (counsellors sit long).
        let idle = self.settings.idle_for(&record.roles);
        if session.last_seen_at + idle <= now || record.disabled || is_locked(&record, now) {
            return Err(Error::Unauthenticated);
        }
        // Keep the write rare: a session is touched at most once a minute.
        if now - session.last_seen_at > chrono::Duration::seconds(60) {
            self.store.touch_session(&hash, now).await?;
        }
        let language = record.language;
        let user = self.user_with_grants(record).await?;
        Ok(Authenticated { user, csrf_token: Some(session.csrf_token), language, idle: Some(idle) })
    }

    /// The user behind a bearer token (not while the account is disabled or
    /// locked).
    pub async fn authenticate_token(&self, token: &str) -> Result<Authenticated> {
        let now = Utc::now();
        let (rec, record) = self.store.get_token_user(&secret_hash(token)).await?.ok_or(Error::Unauthenticated)?;
        if rec.revoked_at.is_some() || rec.expires_at <= now {
            return Err(Error::Unauthenticated);
        }
        if record.disabled || is_locked(&record, now) {
            return Err(Error::Unauthenticated);
        }
        let language = record.language;
        Ok(Authenticated { user: self.user_with_grants(record).await?, csrf_token: None, language, idle: None })
    }

    /// Ends one browser session.
    pub async fn sign_out(&self, ctx: &Ctx, secret: &str) -> Result<()> {
        let audit = AuditRecord::new(
            ctx,
            AuditAction::SignOut,
            AuditEntity::Session,
            ctx.actor.user_id().map(|u| u.to_string()),
            json!({}),
        );
        self.store.revoke_session(&secret_hash(secret), Utc::now(), &audit).await
    }

    /// Ends every session and token of the acting user.
    pub async fn sign_out_everywhere(&self, ctx: &Ctx) -> Result<u64> {
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::SignOutEverywhere,
            AuditEntity::Session,
            Some(user_id.to_string()),
            json!({}),
        );
        self.store.revoke_all(user_id, Utc::now(), &audit).await
    }

    /// Revokes one API token (its owner's own call).
    pub async fn revoke_token(&self, ctx: &Ctx, token: &str) -> Result<()> {
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        let rec = self.store.get_token(&secret_hash(token)).await?.ok_or(Error::not_found("token"))?;
        if rec.user_id != user_id {
            return Err(Error::not_found("token"));
        }
        let audit =
            AuditRecord::new(ctx, AuditAction::RevokeToken, AuditEntity::ApiToken, Some(rec.id.to_string()), json!({}));
        self.store.revoke_token(&rec.token_hash, Utc::now(), &audit).await.map(|_| ())
    }

    /// Changes the acting user's password; other sessions and tokens end.
    pub async fn change_password(&self, ctx: &Ctx, current: &str, new: &str) -> Result<()> {
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        let record = self.store.get_user(user_id).await?.ok_or(Error::Unauthenticated)?;
        if !verify_password(&record.password_hash, current) {
            return Err(Error::invalid("current_password", "wrong_password"));
        }
        check_password("new_password", new).map_err(|e| Error::Invalid(vec![e]))?;
        let hash = hash_password(new)?;
        let now = Utc::now();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::User,
            Some(user_id.to_string()),
            json!({ "fields": ["password"] }),
        );
        self.store.set_password(user_id, &hash, now, &audit).await?;
        // A new password ends every session and token, this one included.
        let audit = AuditRecord::new(
            ctx,
            AuditAction::RevokeAll,
            AuditEntity::Session,
            Some(user_id.to_string()),
            json!({ "reason": "password_changed" }),
        );
        self.store.revoke_all(user_id, now, &audit).await.map(|_| ())
    }

    /// Resolves a user's roles into grants (roles are data).
    /// The roles, from the cache when it is fresh.
    /// The context of a user, for the command line acting on their behalf
    /// (demo data, loading historical records). The system only.
    pub async fn act_as(&self, ctx: &Ctx, username: &str) -> Result<Ctx> {
        if !matches!(ctx.actor, crate::access::Actor::System) {
            return Err(Error::Forbidden);
        }
        let record = self.store.get_user_by_username(username).await?.ok_or(Error::not_found("user"))?;
        let user = self.user_with_grants(record).await?;
        Ok(Ctx { actor: crate::access::Actor::User(user), op_id: ctx.op_id.clone() })
    }

    pub(crate) async fn cached_roles(&self) -> Result<Vec<crate::identity::users::Role>> {
        if let Ok(guard) = self.roles_cache.read() {
            if let Some((at, roles)) = guard.as_ref() {
                if at.elapsed() < crate::app::ROLES_CACHE_TTL {
                    return Ok(roles.clone());
                }
            }
        }
        let roles = self.store.roles().await?;
        if let Ok(mut guard) = self.roles_cache.write() {
            *guard = Some((std::time::Instant::now(), roles.clone()));
        }
        Ok(roles)
    }

    pub(crate) async fn user_with_grants(&self, record: UserRecord) -> Result<User> {
        let roles = self.cached_roles().await?;
        let mut grants: Vec<Grant> = Vec::new();
        for role in roles.iter().filter(|r| record.roles.contains(&r.code)) {
            grants.extend(role.grants.iter().copied());
        }
        Ok(User {
            id: record.id,
            username: record.username,
            organisation_id: record.organisation_id,
            home_area: record.home_area_code,
            roles: record.roles,
            grants,
            restricted_access: record.restricted_access == crate::identity::users::RestrictedAccess::Confirmed,
        })
    }
}

/// The context of a user who has just proved who they are.
fn user_ctx(user: &User, ctx: &Ctx) -> Ctx {
    Ctx { actor: Actor::User(user.clone()), op_id: ctx.op_id.clone() }
}

impl App {
    /// Whether the acting user has a second factor.
    pub async fn has_totp(&self, ctx: &Ctx) -> Result<bool> {
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        Ok(self.store.get_user(user_id).await?.is_some_and(|u| u.totp_secret.is_some()))
    }

    /// A new second-factor secret and its `otpauth://` URL for the acting
    /// user; nothing is stored until [`App::confirm_totp`].
    pub fn begin_totp(&self, ctx: &Ctx) -> Result<(String, String)> {
        let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
        let secret = totp::new_secret();
        let url = totp::url(&secret, &user.username)?;
        Ok((secret, url))
    }

    /// Stores the secret once the user proves their app produces its codes.
    pub async fn confirm_totp(&self, ctx: &Ctx, secret: &str, code: &str) -> Result<()> {
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        if !totp::check(secret, code) {
            return Err(Error::invalid("totp", "wrong_totp"));
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::User,
            Some(user_id.to_string()),
            json!({ "fields": ["totp"] }),
        );
        self.store.set_totp_secret(user_id, Some(secret), &audit).await
    }

    /// Enrols a user in the second factor on an administrator's behalf
    /// (command line); returns the secret and URL to hand to the user.
    pub async fn enrol_totp_for(&self, ctx: &Ctx, username: &str) -> Result<(String, String)> {
        let user = self
            .store
            .get_user_by_username(&username.trim().to_ascii_lowercase())
            .await?
            .ok_or(Error::not_found("user"))?;
        crate::access::AuthCheck::new(crate::access::Permission::UsersManage)
            .in_organisation(user.organisation_id)
            .in_area(&user.home_area_code)
            .check(&ctx.actor)?;
        let secret = totp::new_secret();
        let url = totp::url(&secret, &user.username)?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::User,
            Some(user.id.to_string()),
            json!({ "fields": ["totp"] }),
        );
        self.store.set_totp_secret(user.id, Some(&secret), &audit).await?;
        Ok((secret, url))
    }

    /// Requires (or stops requiring) a second factor for a role.
    pub async fn set_role_requires_totp(&self, ctx: &Ctx, role: crate::access::RoleCode, required: bool) -> Result<()> {
        let scope = crate::access::AuthCheck::new(crate::access::Permission::UsersManage).check(&ctx.actor)?;
        if scope != crate::access::Scope::All {
            return Err(Error::Forbidden);
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Role,
            Some(role.as_str().into()),
            json!({ "requires_totp": required }),
        );
        self.store.set_role_requires_totp(role, required, &audit).await?;
        if let Ok(mut guard) = self.roles_cache.write() {
            *guard = None;
        }
        Ok(())
    }
}
