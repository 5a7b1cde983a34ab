//! Users and roles repository.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::access::{Grant, Permission, RoleCode, Scope};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::identity::users::{
    Language, RestrictedAccess, Role, SessionRecord, UserFilter, UserRecord, UserSummary,
};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::referrals::referral::Notification;
use satuatap_core::repo::UserRepository;
use satuatap_core::{Error, Result};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};
use crate::referrals::write_notices;
use crate::search::{contains_pattern, inside_pattern};

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub(crate) id: Uuid,
    username: String,
    display_name: String,
    organisation_id: Uuid,
    home_area_code: String,
    password_hash: String,
    totp_secret: Option<String>,
    disabled: bool,
    failed_attempts: i32,
    locked_until: Option<DateTime<Utc>>,
    password_changed_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    restricted_access: String,
    language: Option<String>,
}

/// The columns of [`UserRow`], of the table aliased `u` (a macro, so that
/// whole queries are constants).
macro_rules! user_columns {
    () => {
        "u.id, u.username, u.display_name, u.organisation_id, u.home_area_code, u.password_hash, u.totp_secret, \
         u.disabled, u.failed_attempts, u.locked_until, u.password_changed_at, u.created_at, u.updated_at, \
         u.restricted_access, u.language"
    };
}
pub(crate) use user_columns;

fn role_codes(raw: Vec<String>) -> Result<Vec<RoleCode>> {
    raw.iter().map(|r| stored("role", r.parse::<RoleCode>())).collect()
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    username: String,
    display_name: String,
    organisation_id: Uuid,
    organisation_code: String,
    organisation_name: String,
    home_area_code: String,
    disabled: bool,
    restricted_access: String,
}

impl Db {
    async fn roles_of(&self, user_ids: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> =
                QueryBuilder::new("SELECT user_id, role_code FROM user_roles WHERE user_id IN (");
            bind_list(&mut qb, user_ids.iter().copied());
            qb.push(") ORDER BY role_code");
            qb.build_query_as::<(Uuid, String)>().fetch_all(p).await
        })
        .map_err(db_error)
    }

    async fn user_record(&self, row: Option<UserRow>) -> Result<Option<UserRecord>> {
        let Some(r) = row else { return Ok(None) };
        let roles = self.roles_of(&[r.id]).await?.into_iter().map(|(_, c)| c).collect();
        user_record(r, roles).map(Some)
    }
}

/// A user's row and her roles' codes, as the domain knows them.
pub(crate) fn user_record(r: UserRow, roles: Vec<String>) -> Result<UserRecord> {
    let roles = role_codes(roles)?;
    Ok(UserRecord {
        id: r.id,
        username: r.username,
        display_name: r.display_name,
        organisation_id: r.organisation_id,
        home_area_code: stored("area code", AreaCode::parse("home_area_code", &r.home_area_code))?,
        password_hash: r.password_hash,
        totp_secret: r.totp_secret,
        disabled: r.disabled,
        failed_attempts: r.failed_attempts,
        locked_until: r.locked_until,
        password_changed_at: r.password_changed_at,
        created_at: r.created_at,
        updated_at: r.updated_at,
        roles,
        restricted_access: stored("restricted access", r.restricted_access.parse::<RestrictedAccess>())?,
        language: r.language.map(|l| stored("language", l.parse::<Language>())).transpose()?,
    })
}

#[async_trait]
impl UserRepository for Db {
    async fn insert_user(&self, u: &UserRecord, notifications: &[Notification], audit: &AuditRecord) -> Result<()> {
        let result = audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO users (id, username, display_name, organisation_id, home_area_code, password_hash, \
                 totp_secret, disabled, failed_attempts, locked_until, password_changed_at, created_at, updated_at, \
                 restricted_access, restricted_access_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(u.id)
            .bind(&u.username)
            .bind(&u.display_name)
            .bind(u.organisation_id)
            .bind(u.home_area_code.as_str())
            .bind(&u.password_hash)
            .bind(&u.totp_secret)
            .bind(u.disabled)
            .bind(u.failed_attempts)
            .bind(u.locked_until)
            .bind(u.password_changed_at)
            .bind(u.created_at)
            .bind(u.updated_at)
            .bind(u.restricted_access.as_str())
            .bind((u.restricted_access != RestrictedAccess::Pending).then_some(u.created_at))
            .execute(&mut *tx)
            .await?;
            for role in &u.roles {
                sqlx::query("INSERT INTO user_roles (user_id, role_code) VALUES ($1, $2)")
                    .bind(u.id)
                    .bind(role.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            write_notices!(tx, notifications, std::iter::empty::<&satuatap_core::referrals::referral::OutboxMail>())
                .await?;
        });
        result.map_err(|e| match e {
            Error::Conflict { .. } => Error::Conflict { code: "duplicate_username", field: Some("username".into()) },
            other => other,
        })
    }

    async fn get_user(&self, id: Uuid) -> Result<Option<UserRecord>> {
        let sql = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.id = $1");
        let row: Option<UserRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        self.user_record(row).await
    }

    async fn get_user_by_username(&self, username: &str) -> Result<Option<UserRecord>> {
        let sql = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.username = $1");
        let row: Option<UserRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(sql).bind(username).fetch_optional(p).await)
                .map_err(db_error)?;
        self.user_record(row).await
    }

    async fn list_users(&self, filter: &UserFilter, page: PageRequest) -> Result<Page<UserSummary>> {
        let pattern = filter.query.as_deref().filter(|q| !q.trim().is_empty()).map(contains_pattern);
        let (rows, total): (Vec<SummaryRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE 1 = 1");
                if let Some(org) = filter.organisation_id {
                    qb.push(" AND u.organisation_id = ").push_bind(org);
                }
                if let Some(area) = &filter.within {
                    qb.push(" AND (u.home_area_code = ")
                        .push_bind(area.as_str().to_string())
                        .push(" OR u.home_area_code LIKE ")
                        .push_bind(inside_pattern(area.as_str()))
                        .push(")");
                }
                if let Some(role) = filter.role {
                    qb.push(" AND u.id IN (SELECT r.user_id FROM user_roles r WHERE r.role_code = ")
                        .push_bind(role.as_str())
                        .push(")");
                }
                if let Some(state) = filter.restricted_access {
                    qb.push(" AND u.restricted_access = ").push_bind(state.as_str());
                }
                if let Some(pattern) = &pattern {
                    qb.push(" AND (lower(u.username) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\' OR lower(u.display_name) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\')");
                }
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "SELECT u.id, u.username, u.display_name, u.organisation_id, o.code AS organisation_code, \
                 o.name AS organisation_name, u.home_area_code, u.disabled, u.restricted_access \
                 FROM users u JOIN organisations o ON o.id = u.organisation_id",
            );
            push_filters(&mut qb);
            qb.push(" ORDER BY u.username LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM users u");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let roles = self.roles_of(&ids).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let mine = roles.iter().filter(|(u, _)| *u == r.id).map(|(_, c)| c.clone()).collect();
                Ok(UserSummary {
                    id: r.id,
                    username: r.username,
                    display_name: r.display_name,
                    organisation_id: r.organisation_id,
                    organisation_code: r.organisation_code,
                    organisation_name: r.organisation_name,
                    home_area_code: stored("area code", AreaCode::parse("home_area_code", &r.home_area_code))?,
                    roles: role_codes(mine)?,
                    disabled: r.disabled,
                    restricted_access: stored("restricted access", r.restricted_access.parse::<RestrictedAccess>())?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn set_user_disabled(&self, id: Uuid, disabled: bool, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
                .bind(disabled)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn set_restricted_access(
        &self,
        id: Uuid,
        state: RestrictedAccess,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        notifications: &[Notification],
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE users SET restricted_access = $1, restricted_access_by = $2, restricted_access_at = $3, \
                 updated_at = $3 WHERE id = $4",
            )
            .bind(state.as_str())
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            write_notices!(tx, notifications, std::iter::empty::<&satuatap_core::referrals::referral::OutboxMail>())
                .await?;
        })
    }

    async fn set_password(&self, id: Uuid, hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn set_user_language(
        &self,
        id: Uuid,
        language: Option<Language>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE users SET language = $1, updated_at = $2 WHERE id = $3")
                .bind(language.map(Language::as_str))
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn record_failed_sign_in(
        &self,
        id: Option<Uuid>,
        attempts: i32,
        locked_until: Option<DateTime<Utc>>,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            if let Some(id) = id {
                sqlx::query("UPDATE users SET failed_attempts = $1, locked_until = $2 WHERE id = $3")
                    .bind(attempts)
                    .bind(locked_until)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        })
    }

    async fn record_sign_in(&self, s: &SessionRecord, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
                .bind(s.user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&s.id_hash)
            .bind(s.user_id)
            .bind(&s.csrf_token)
            .bind(s.created_at)
            .bind(s.last_seen_at)
            .bind(s.expires_at)
            .bind(s.revoked_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn set_totp_secret(&self, id: Uuid, secret: Option<&str>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
                .bind(secret)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn set_role_requires_totp(&self, role: RoleCode, required: bool, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE roles SET requires_totp = $1 WHERE code = $2")
                .bind(required)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn roles(&self) -> Result<Vec<Role>> {
        let rows: Vec<(String, bool, Option<String>, Option<String>)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT r.code, r.requires_totp, g.permission, g.scope FROM roles r \
             LEFT JOIN role_permissions g ON g.role_code = r.code ORDER BY r.sort, g.permission"
        )
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        let mut roles: Vec<Role> = Vec::new();
        for (code, requires_totp, permission, scope) in rows {
            let code = stored("role", code.parse::<RoleCode>())?;
            if roles.last().is_none_or(|r| r.code != code) {
                roles.push(Role { code, requires_totp, grants: Vec::new() });
            }
            if let (Some(permission), Some(scope), Some(role)) = (permission, scope, roles.last_mut()) {
                // A permission this version does not know is skipped, not fatal.
                if let (Ok(permission), Ok(scope)) = (permission.parse::<Permission>(), scope.parse::<Scope>()) {
                    role.grants.push(Grant { permission, scope });
                }
            }
        }
        Ok(roles)
    }

    async fn organisation_has_users(&self, organisation_id: Uuid) -> Result<bool> {
        let found: Option<i32> = on_pool!(&self.pool, |p, _DB| sqlx::query_scalar(
            "SELECT 1 FROM users WHERE organisation_id = $1 AND disabled = FALSE LIMIT 1"
        )
        .bind(organisation_id)
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        Ok(found.is_some())
    }
}
