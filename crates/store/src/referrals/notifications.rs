//! Notifications to users and organisations.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::referrals::referral::{Notification, NotificationKind};
use satuatap_core::repo::NotificationRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::pool::{db_error, on_pool, stored, Db};

/// id, user, organisation, kind, referral, created, read.
type NotificationRow =
    (Uuid, Option<Uuid>, Option<Uuid>, String, Option<Uuid>, Option<Uuid>, DateTime<Utc>, Option<DateTime<Utc>>);

fn notification_of(r: NotificationRow) -> Result<Notification> {
    let (id, user_id, organisation_id, kind, referral_id, account_id, created_at, read_at) = r;
    Ok(Notification {
        id,
        user_id,
        organisation_id,
        kind: stored("notification kind", kind.parse::<NotificationKind>())?,
        referral_id,
        account_id,
        created_at,
        read_at,
    })
}

#[async_trait]
impl NotificationRepository for Db {
    async fn notifications_for(
        &self,
        user_id: Uuid,
        organisation_id: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<Notification>> {
        let rows: Vec<NotificationRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, user_id, organisation_id, kind, referral_id, account_id, created_at, read_at FROM ( \
               SELECT id, user_id, organisation_id, kind, referral_id, account_id, created_at, read_at \
               FROM notifications WHERE user_id = $1 \
               UNION ALL SELECT id, user_id, organisation_id, kind, referral_id, account_id, created_at, read_at \
               FROM notifications WHERE organisation_id = $2) n \
             ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT $3"
        )
        .bind(user_id)
        .bind(organisation_id)
        .bind(i64::from(limit))
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        rows.into_iter().map(notification_of).collect()
    }

    async fn mark_notification_read(
        &self,
        id: Uuid,
        user_id: Uuid,
        organisation_id: Option<Uuid>,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_pool!(&self.pool, |p, _DB| sqlx::query(
            "UPDATE notifications SET read_at = COALESCE(read_at, $1) \
             WHERE id = $2 AND (user_id = $3 OR organisation_id = $4)"
        )
        .bind(at)
        .bind(id)
        .bind(user_id)
        .bind(organisation_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .map_err(db_error)?;
        Ok(n == 1)
    }
}
