//! Restricted records repository (need-to-know).

use async_trait::async_trait;
use chrono::Utc;
use satuatap_core::access::Restriction;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::repo::RestrictionRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, Db};

#[async_trait]
impl RestrictionRepository for Db {
    async fn put_restriction(&self, entity: &str, entity_id: &str, r: &Restriction, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO restricted_records (entity, entity_id, owner_id, organisation_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entity, entity_id) \
                 DO UPDATE SET owner_id = excluded.owner_id, organisation_id = excluded.organisation_id",
            )
            .bind(entity)
            .bind(entity_id)
            .bind(r.owner)
            .bind(r.organisation)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_restriction(&self, entity: &str, entity_id: &str) -> Result<Option<Restriction>> {
        let (head, assigned): (Option<(Uuid, Uuid)>, Vec<Uuid>) = on_pool!(&self.pool, |p, _DB| async {
            let head: Option<(Uuid, Uuid)> = sqlx::query_as(
                "SELECT owner_id, organisation_id FROM restricted_records WHERE entity = $1 AND entity_id = $2",
            )
            .bind(entity)
            .bind(entity_id)
            .fetch_optional(p)
            .await?;
            let assigned: Vec<Uuid> = sqlx::query_scalar(
                "SELECT user_id FROM restricted_record_assignees WHERE entity = $1 AND entity_id = $2",
            )
            .bind(entity)
            .bind(entity_id)
            .fetch_all(p)
            .await?;
            Ok::<_, sqlx::Error>((head, assigned))
        }
        .await)
        .map_err(db_error)?;
        Ok(head.map(|(owner, organisation)| Restriction { owner, organisation, assigned }))
    }

    async fn add_assignee(&self, entity: &str, entity_id: &str, user_id: Uuid, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO restricted_record_assignees (entity, entity_id, user_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (entity, entity_id, user_id) DO NOTHING",
            )
            .bind(entity)
            .bind(entity_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        })
    }
}
