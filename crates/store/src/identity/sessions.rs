//! Sessions and API tokens repository.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::identity::draft::DraftRecord;
use satuatap_core::identity::users::{SessionRecord, TokenRecord, UserRecord};
use satuatap_core::repo::SessionRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::{audited, audited_if_changed};
use crate::identity::users::{user_columns, user_record, UserRow};
use crate::pool::{db_error, on_pool, Db};

#[derive(sqlx::FromRow)]
struct SessionRow {
    id_hash: String,
    user_id: Uuid,
    csrf_token: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: Uuid,
    user_id: Uuid,
    token_hash: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

/// A session and its user, a row for each of her roles (one without a
/// role when she has none).
#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    role_code: Option<String>,
    s_id_hash: String,
    s_csrf_token: String,
    s_created_at: DateTime<Utc>,
    s_last_seen_at: DateTime<Utc>,
    s_expires_at: DateTime<Utc>,
    s_revoked_at: Option<DateTime<Utc>>,
}

/// A token and its user, a row for each of her roles.
#[derive(sqlx::FromRow)]
struct TokenUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    role_code: Option<String>,
    t_id: Uuid,
    t_token_hash: String,
    t_created_at: DateTime<Utc>,
    t_expires_at: DateTime<Utc>,
    t_revoked_at: Option<DateTime<Utc>>,
}

/// The first row's user with every row's role.
fn with_roles<R>(rows: Vec<R>, role: impl Fn(&R) -> Option<String>) -> Option<(R, Vec<String>)> {
    let roles = rows.iter().filter_map(&role).collect();
    rows.into_iter().next().map(|first| (first, roles))
}

#[derive(sqlx::FromRow)]
struct DraftRow {
    id_hash: String,
    user_id: Option<Uuid>,
    action: String,
    return_to: String,
    sealed_fields: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

#[async_trait]
impl SessionRepository for Db {
    async fn get_session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        let row: Option<SessionRow> = on_pool!(&self.pool, |p, _DB| {
            sqlx::query_as(
                "SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at \
             FROM sessions WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(p)
            .await
        })
        .map_err(db_error)?;
        Ok(row.map(|r| SessionRecord {
            id_hash: r.id_hash,
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
        }))
    }

    async fn get_session_user(&self, id_hash: &str) -> Result<Option<(SessionRecord, UserRecord)>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(),
            ", r.role_code, s.id_hash AS s_id_hash, s.csrf_token AS s_csrf_token, \
             s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at, \
             s.revoked_at AS s_revoked_at \
             FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id \
             WHERE s.id_hash = $1 ORDER BY r.role_code"
        );
        let rows: Vec<SessionUserRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(sql).bind(id_hash).fetch_all(p).await).map_err(db_error)?;
        let Some((r, roles)) = with_roles(rows, |r| r.role_code.clone()) else { return Ok(None) };
        let session = SessionRecord {
            id_hash: r.s_id_hash,
            user_id: r.user.id,
            csrf_token: r.s_csrf_token,
            created_at: r.s_created_at,
            last_seen_at: r.s_last_seen_at,
            expires_at: r.s_expires_at,
            revoked_at: r.s_revoked_at,
        };
        Ok(Some((session, user_record(r.user, roles)?)))
    }

    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()> {
        on_pool!(&self.pool, |p, _DB| sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(at)
            .bind(id_hash)
            .execute(p)
            .await
            .map(|_| ()))
        .map_err(db_error)
    }

    async fn revoke_session(&self, id_hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(id_hash)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn revoke_all(&self, user_id: Uuid, at: DateTime<Utc>, audit: &AuditRecord) -> Result<u64> {
        audited!(self, audit, |tx| {
            let sessions = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let tokens = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sessions + tokens
        })
    }

    async fn insert_token(&self, t: &TokenRecord, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO api_tokens (id, user_id, token_hash, created_at, expires_at, revoked_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(t.id)
            .bind(t.user_id)
            .bind(&t.token_hash)
            .bind(t.created_at)
            .bind(t.expires_at)
            .bind(t.revoked_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_token(&self, token_hash: &str) -> Result<Option<TokenRecord>> {
        let row: Option<TokenRow> = on_pool!(&self.pool, |p, _DB| {
            sqlx::query_as(
            "SELECT id, user_id, token_hash, created_at, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1"
        )
        .bind(token_hash)
        .fetch_optional(p)
        .await
        })
        .map_err(db_error)?;
        Ok(row.map(|r| TokenRecord {
            id: r.id,
            user_id: r.user_id,
            token_hash: r.token_hash,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
        }))
    }

    async fn get_token_user(&self, token_hash: &str) -> Result<Option<(TokenRecord, UserRecord)>> {
        let sql = concat!(
            "SELECT ",
            user_columns!(),
            ", r.role_code, t.id AS t_id, t.token_hash AS t_token_hash, \
             t.created_at AS t_created_at, t.expires_at AS t_expires_at, t.revoked_at AS t_revoked_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN user_roles r ON r.user_id = u.id \
             WHERE t.token_hash = $1 ORDER BY r.role_code"
        );
        let rows: Vec<TokenUserRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(sql).bind(token_hash).fetch_all(p).await).map_err(db_error)?;
        let Some((r, roles)) = with_roles(rows, |r| r.role_code.clone()) else { return Ok(None) };
        let token = TokenRecord {
            id: r.t_id,
            user_id: r.user.id,
            token_hash: r.t_token_hash,
            created_at: r.t_created_at,
            expires_at: r.t_expires_at,
            revoked_at: r.t_revoked_at,
        };
        Ok(Some((token, user_record(r.user, roles)?)))
    }

    async fn revoke_token(&self, token_hash: &str, at: DateTime<Utc>, audit: &AuditRecord) -> Result<bool> {
        audited!(self, audit, |tx| {
            let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            n > 0
        })
    }

    async fn insert_draft(&self, d: &DraftRecord, max_live: i64, audit: &AuditRecord) -> Result<bool> {
        crate::audit::group::on_group!(&self.group, |g| {
            async {
                let mut item = g.enter().await?;
                let tx = item.conn()?;
                sqlx::query("DELETE FROM session_drafts WHERE expires_at <= $1")
                    .bind(d.created_at)
                    .execute(&mut *tx)
                    .await?;
                let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_drafts").fetch_one(&mut *tx).await?;
                if live >= max_live {
                    item.finish().await?;
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO session_drafts \
                     (id_hash, user_id, action, return_to, sealed_fields, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&d.id_hash)
                .bind(d.user_id)
                .bind(&d.action)
                .bind(&d.return_to)
                .bind(&d.sealed_fields)
                .bind(d.created_at)
                .bind(d.expires_at)
                .execute(&mut *tx)
                .await?;
                item.audit(&self.chain, audit).await?;
                item.finish().await?;
                Ok::<bool, sqlx::Error>(true)
            }
            .await
        })
        .map_err(db_error)
    }

    async fn get_draft(&self, id_hash: &str, now: DateTime<Utc>) -> Result<Option<DraftRecord>> {
        let row: Option<DraftRow> = on_pool!(&self.pool, |p, _DB| {
            sqlx::query_as(
                "SELECT id_hash, user_id, action, return_to, sealed_fields, created_at, expires_at \
                 FROM session_drafts WHERE id_hash = $1 AND expires_at > $2",
            )
            .bind(id_hash)
            .bind(now)
            .fetch_optional(p)
            .await
        })
        .map_err(db_error)?;
        Ok(row.map(|r| DraftRecord {
            id_hash: r.id_hash,
            user_id: r.user_id,
            action: r.action,
            return_to: r.return_to,
            sealed_fields: r.sealed_fields,
            created_at: r.created_at,
            expires_at: r.expires_at,
        }))
    }

    async fn delete_draft(&self, id_hash: &str, audit: &AuditRecord) -> Result<bool> {
        // Gone already: nothing given back, nothing to audit.
        audited_if_changed!(self, audit, |tx| {
            sqlx::query("DELETE FROM session_drafts WHERE id_hash = $1")
                .bind(id_hash)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0
        })
    }
}
