//! The outbox: e-mails waiting to be sent.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::referrals::referral::{NotificationKind, OutboxMail};
use satuatap_core::repo::OutboxRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::pool::{db_error, on_pool, stored, Db};

#[async_trait]
impl OutboxRepository for Db {
    async fn pending_mails(&self, limit: u32) -> Result<Vec<OutboxMail>> {
        type Row = (Uuid, String, String, Option<Uuid>, Option<Uuid>, DateTime<Utc>, i32);
        let rows: Vec<Row> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, to_address, kind, referral_id, warning_id, created_at, attempts FROM outbox \
             WHERE sent_at IS NULL AND attempts < $1 ORDER BY created_at, id LIMIT $2"
        )
        .bind(satuatap_core::referrals::referral::MAX_MAIL_ATTEMPTS)
        .bind(i64::from(limit))
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        rows.into_iter()
            .map(|(id, to_address, kind, referral_id, warning_id, created_at, attempts)| {
                Ok(OutboxMail {
                    id,
                    to_address,
                    kind: stored("mail kind", kind.parse::<NotificationKind>())?,
                    referral_id,
                    warning_id,
                    created_at,
                    attempts,
                })
            })
            .collect()
    }

    async fn record_mail_attempt(&self, id: Uuid, at: DateTime<Utc>, error: Option<&str>) -> Result<()> {
        let sent_at = error.is_none().then_some(at);
        on_pool!(&self.pool, |p, _DB| sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = $1, sent_at = $2, last_error = $3 \
             WHERE id = $4"
        )
        .bind(at)
        .bind(sent_at)
        .bind(error)
        .bind(id)
        .execute(p)
        .await
        .map(|_| ()))
        .map_err(db_error)
    }
}
