//! User administration and roles.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::access::{beyond_granter, Actor, AuthCheck, Ctx, Grant, Permission, RoleCode, Scope};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result, Validator};
use crate::identity::secrets::hash_password;
use crate::identity::users::{
    check_password, NewUser, RestrictedAccess, Role, UserFilter, UserRecord, UserSummary, Username,
};
use crate::paging::{Page, PageRequest};
use crate::referrals::referral::{Notification, NotificationKind};
use crate::text::{Code, Name};

impl App {
    /// Creates a user. The password is hashed (Argon2id); the audit entry
    /// names the fields set, never the password.
    pub async fn create_user(&self, ctx: &Ctx, input: &NewUser) -> Result<UserSummary> {
        let mut v = Validator::new();
        let username = v.check(Username::parse("username", &input.username));
        let org_code = v.check(Code::parse("organisation_code", &input.organisation_code));
        let display = match input.display_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(d) => v.check(Name::parse("display_name", d)).map(|n| n.into_inner()),
            None => username.as_ref().map(|u| u.as_str().to_string()),
        };
        let mut roles = Vec::new();
        for raw in &input.roles {
            if let Some(r) = v.check(RoleCode::parse("roles", raw)) {
                if !roles.contains(&r) {
                    roles.push(r);
                }
            }
        }
        if input.roles.is_empty() {
            v.push(FieldError::new("roles", "required"));
        }
        let home = match input.home_area_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => v.check(AreaCode::parse("home_area_code", raw)),
            None => None,
        };
        v.check(check_password("password", &input.password));
        v.finish()?;
        let (Some(username), Some(org_code), Some(display_name)) = (username, org_code, display) else {
            return Err(Error::internal("validator passed with missing fields"));
        };
        let org = self
            .store
            .get_organisation_by_code(org_code.as_str())
            .await?
            .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))?;
        let home_area_code = match home {
            Some(code) => self.existing_area("home_area_code", code.as_str()).await?.code,
            None => org.area_code.clone(),
        };
        // Within the granter's own reach: the organisation and the home area.
        let manage = AuthCheck::new(Permission::UsersManage).in_organisation(org.id);
        manage.clone().in_area(&org.area_code).check(&ctx.actor)?;
        manage.in_area(&home_area_code).check(&ctx.actor)?;
        // Nobody grants what they do not hold.
        let catalogue = self.cached_roles().await?;
        let wanted: Vec<Grant> =
            catalogue.iter().filter(|r| roles.contains(&r.code)).flat_map(|r| r.grants.iter().copied()).collect();
        let beyond = beyond_granter(&ctx.actor, &wanted);
        if !beyond.is_empty() {
            let audit = AuditRecord::new(
                ctx,
                AuditAction::GrantRefused,
                AuditEntity::User,
                None,
                json!({ "username": username.as_str(), "organisation_id": org.id, "roles": roles, "not_held": beyond }),
            );
            self.store.append_audit(&audit).await?;
            return Err(Error::denied("role_not_held", Some("roles")));
        }
        let now = Utc::now();
        let record = UserRecord {
            id: Uuid::now_v7(),
            username: username.as_str().to_string(),
            display_name,
            organisation_id: org.id,
            home_area_code,
            password_hash: self.password_hash_for(&input.password)?,
            totp_secret: None,
            disabled: false,
            failed_attempts: 0,
            locked_until: None,
            password_changed_at: now,
            created_at: now,
            updated_at: now,
            roles,
            // The command line confirms at once; anyone else's grant waits
            // for a supervisor of the organisation.
            restricted_access: if matches!(ctx.actor, Actor::System) {
                RestrictedAccess::Confirmed
            } else {
                RestrictedAccess::Pending
            },
            language: None,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::User,
            Some(record.id.to_string()),
            json!({
                "username": record.username,
                "organisation_id": record.organisation_id,
                "roles": record.roles,
                "home_area_code": record.home_area_code,
                "restricted_access": record.restricted_access,
                "fields": ["username", "display_name", "organisation_id", "roles", "home_area_code", "password"],
            }),
        );
        let notices = if record.restricted_access == RestrictedAccess::Pending {
            self.supervisor_notices(org.id, record.id, NotificationKind::AccountAwaitsConfirmation, None).await?
        } else {
            Vec::new()
        };
        self.store.insert_user(&record, &notices, &audit).await?;
        Ok(UserSummary {
            id: record.id,
            username: record.username,
            display_name: record.display_name,
            organisation_id: org.id,
            organisation_code: org.code,
            organisation_name: org.name,
            home_area_code: record.home_area_code,
            roles: record.roles,
            disabled: false,
            restricted_access: record.restricted_access,
        })
    }

    /// Notices to the confirmed supervisors of an organisation about an
    /// account (`except` the one acting).
    async fn supervisor_notices(
        &self,
        organisation: Uuid,
        account: Uuid,
        kind: NotificationKind,
        except: Option<Uuid>,
    ) -> Result<Vec<Notification>> {
        let filter = UserFilter {
            organisation_id: Some(organisation),
            role: Some(RoleCode::Supervisor),
            restricted_access: Some(RestrictedAccess::Confirmed),
            ..Default::default()
        };
        let supervisors = self.store.list_users(&filter, PageRequest { limit: 100, offset: 0 }).await?.items;
        let now = Utc::now();
        Ok(supervisors
            .into_iter()
            .filter(|s| !s.disabled && Some(s.id) != except && s.id != account)
            .map(|s| Notification {
                id: Uuid::now_v7(),
                user_id: Some(s.id),
                organisation_id: None,
                kind,
                referral_id: None,
                account_id: Some(account),
                created_at: now,
                read_at: None,
            })
            .collect())
    }

    /// A supervisor of the account's organisation (or the command line)
    /// confirms or refuses its access to restricted records. Others who
    /// may see the account are refused; others get not-found.
    pub async fn decide_restricted_access(&self, ctx: &Ctx, id: Uuid, confirm: bool) -> Result<UserSummary> {
        let target = self.store.get_user(id).await?.ok_or(Error::not_found("user"))?;
        let readable = AuthCheck::new(Permission::UsersRead)
            .in_organisation(target.organisation_id)
            .in_area(&target.home_area_code)
            .check(&ctx.actor)
            .is_ok();
        if matches!(ctx.actor, Actor::Anonymous) {
            return Err(Error::Unauthenticated);
        }
        if !crate::identity::users::may_decide_access(&ctx.actor, target.organisation_id, target.id) {
            return Err(if readable {
                Error::denied("not_supervisor_of_organisation", None)
            } else {
                Error::not_found("user")
            });
        }
        let (state, action, kind) = if confirm {
            (RestrictedAccess::Confirmed, AuditAction::ConfirmAccess, NotificationKind::AccountConfirmed)
        } else {
            (RestrictedAccess::Refused, AuditAction::RefuseAccess, NotificationKind::AccountRefused)
        };
        if target.restricted_access == state {
            return Err(Error::Conflict { code: "already_decided", field: None });
        }
        let audit = AuditRecord::new(
            ctx,
            action,
            AuditEntity::User,
            Some(id.to_string()),
            json!({ "fields": ["restricted_access"], "from": target.restricted_access, "to": state }),
        );
        let notices = self.supervisor_notices(target.organisation_id, id, kind, ctx.actor.user_id()).await?;
        self.store.set_restricted_access(id, state, ctx.actor.user_id(), Utc::now(), &notices, &audit).await?;
        let filter = UserFilter {
            organisation_id: Some(target.organisation_id),
            query: Some(target.username.clone()),
            ..Default::default()
        };
        self.store
            .list_users(&filter, PageRequest { limit: 100, offset: 0 })
            .await?
            .items
            .into_iter()
            .find(|u| u.id == id)
            .ok_or_else(|| Error::internal("user vanished"))
    }

    /// Confirms an account by user name (the command line).
    pub async fn confirm_user(&self, ctx: &Ctx, username: &str) -> Result<UserSummary> {
        let user = self
            .store
            .get_user_by_username(&username.trim().to_ascii_lowercase())
            .await?
            .ok_or(Error::not_found("user"))?;
        self.decide_restricted_access(ctx, user.id, true).await
    }

    fn password_hash_for(&self, password: &str) -> Result<String> {
        match &self.shared_demo_hash {
            Some((pw, hash)) if pw == password => Ok(hash.clone()),
            _ => hash_password(password),
        }
    }

    /// Disables or re-enables a user; disabling ends their sessions.
    pub async fn set_user_disabled(&self, ctx: &Ctx, username: &str, disabled: bool) -> Result<()> {
        let user = self
            .store
            .get_user_by_username(&username.trim().to_ascii_lowercase())
            .await?
            .ok_or(Error::not_found("user"))?;
        AuthCheck::new(Permission::UsersManage)
            .in_organisation(user.organisation_id)
            .in_area(&user.home_area_code)
            .check(&ctx.actor)?;
        let now = Utc::now();
        let action = if disabled { AuditAction::Disable } else { AuditAction::Enable };
        let audit = AuditRecord::new(
            ctx,
            action,
            AuditEntity::User,
            Some(user.id.to_string()),
            json!({ "fields": ["disabled"], "disabled": disabled }),
        );
        self.store.set_user_disabled(user.id, disabled, now, &audit).await?;
        if disabled {
            let audit = AuditRecord::new(
                ctx,
                AuditAction::RevokeAll,
                AuditEntity::Session,
                Some(user.id.to_string()),
                json!({}),
            );
            self.store.revoke_all(user.id, now, &audit).await?;
        }
        Ok(())
    }

    /// Users the actor may see: all, their district's, or their organisation's.
    pub async fn users(&self, ctx: &Ctx, mut filter: UserFilter, page: PageRequest) -> Result<Page<UserSummary>> {
        let scope = AuthCheck::new(Permission::UsersRead).check(&ctx.actor)?;
        if let Some(user) = ctx.actor.user() {
            match scope {
                Scope::All => {}
                Scope::District => filter.within = user.home_area.regency().or_else(|| Some(user.home_area.clone())),
                Scope::Organisation | Scope::Own => filter.organisation_id = Some(user.organisation_id),
            }
        }
        self.store.list_users(&filter, page).await
    }

    /// The roles the caller may give (every permission of it held at the
    /// same scope or wider).
    pub async fn grantable_roles(&self, ctx: &Ctx) -> Result<Vec<RoleCode>> {
        AuthCheck::new(Permission::UsersManage).check(&ctx.actor)?;
        Ok(self
            .cached_roles()
            .await?
            .into_iter()
            .filter(|r| beyond_granter(&ctx.actor, &r.grants).is_empty())
            .map(|r| r.code)
            .collect())
    }

    /// The roles and what each may do.
    pub async fn roles(&self, ctx: &Ctx) -> Result<Vec<Role>> {
        AuthCheck::new(Permission::RolesRead).check(&ctx.actor)?;
        self.store.roles().await
    }
}
