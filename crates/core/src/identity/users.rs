//! Users, roles, sessions and API tokens as the core keeps them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Grant, Permission, RoleCode, Scope};
use crate::areas::area::AreaCode;
use crate::error::FieldError;

/// A user name: lower-case letters, digits, `.`, `_` and `-`, 3 to 64
/// characters, starting with a letter (e.g. `cirebon.desk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let name = raw.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let ok = (3..=64).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(FieldError::new(field, "invalid_username"));
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 10 to 128 characters.
pub fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < 10 {
        return Err(FieldError::new(field, "password_too_short").with("min", 10));
    }
    if n > 128 {
        return Err(FieldError::new(field, "too_long").with("max", 128));
    }
    Ok(())
}

code_list! {
    /// Whether an account may reach restricted records (need-to-know):
    /// only once a supervisor of its organisation, or the command line, has
    /// confirmed it. Labels: `restricted-access-<code>`.
    RestrictedAccess {
        Pending = "pending",
        Confirmed = "confirmed",
        Refused = "refused",
    }
}

code_list! {
    /// The language a user reads the pages in, kept with the account (the
    /// pages' languages). Not chosen: the browser's language switch decides,
    /// else Bahasa Indonesia. Labels: `user-language-<code>`.
    Language {
        Id = "id",
        En = "en",
    }
}

/// A user as stored.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub organisation_id: Uuid,
    pub home_area_code: AreaCode,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub disabled: bool,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub password_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub roles: Vec<RoleCode>,
    pub restricted_access: RestrictedAccess,
    /// The pages' language the user chose, if any.
    pub language: Option<Language>,
}

/// A user as listed (never with the password hash).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub organisation_id: Uuid,
    pub organisation_code: String,
    pub organisation_name: String,
    #[schema(value_type = String)]
    pub home_area_code: AreaCode,
    pub roles: Vec<RoleCode>,
    pub disabled: bool,
    pub restricted_access: RestrictedAccess,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub organisation_id: Option<Uuid>,
    /// Users whose home area lies in this area.
    pub within: Option<AreaCode>,
    pub query: Option<String>,
    /// Only accounts in this state of confirmation.
    pub restricted_access: Option<RestrictedAccess>,
    /// Only holders of this role.
    pub role: Option<RoleCode>,
}

/// Input for a new user.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub display_name: Option<String>,
    pub organisation_code: String,
    #[schema(value_type = Vec<RoleCode>)]
    pub roles: Vec<String>,
    /// Default: the organisation's area.
    pub home_area_code: Option<String>,
    pub password: String,
}

/// A role with its permissions (data, from the database).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Role {
    pub code: RoleCode,
    /// Users with this role must use a second factor (TOTP).
    pub requires_totp: bool,
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// SHA-256 of the cookie's secret; the secret itself is never stored.
    pub id_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    /// SHA-256 of the bearer token.
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Whether `actor` may confirm or refuse the access to restricted records of
/// the account `user_id` of `organisation_id`: a confirmed supervisor of that
/// organisation, not for their own account (or the command line).
pub fn may_decide_access(actor: &Actor, organisation_id: Uuid, user_id: Uuid) -> bool {
    match actor {
        Actor::System => true,
        Actor::User(u) => u.confirmed_supervisor() && u.organisation_id == organisation_id && u.id != user_id,
        Actor::Anonymous => false,
    }
}

/// Whether `actor` may create users of the organisation `organisation_id`
/// working in `area` (the organisation's own area): the rule
/// `App::create_user` applies, for forms to offer only what it accepts.
pub fn may_add_users_to(actor: &Actor, organisation_id: Uuid, area: &AreaCode) -> bool {
    AuthCheck::new(Permission::UsersManage).in_organisation(organisation_id).in_area(area).check(actor).is_ok()
}

/// Whether `actor` may manage users anywhere (create them, disable them).
pub fn may_manage_users(actor: &Actor) -> bool {
    actor.scope_of(Permission::UsersManage).is_some()
}

/// Whether `actor` may change roles themselves (everywhere: the national
/// administrators); others only read them.
pub fn may_manage_roles(actor: &Actor) -> bool {
    actor.scope_of(Permission::UsersManage) == Some(Scope::All)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse("u", " Cirebon.Desk ").map(|u| u.as_str().to_string()), Ok("cirebon.desk".into()));
        for bad in ["ab", "1abc", "a b c", "name@x", ""] {
            assert!(Username::parse("u", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(check_password("p", "demo-password").is_ok());
        assert_eq!(check_password("p", "short").map_err(|e| e.code), Err("password_too_short"));
    }
}
