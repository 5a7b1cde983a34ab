//! Consents repository.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::registry::consent::{Consent, ConsentMethod, ConsentPurpose, ConsentStatus};
use satuatap_core::repo::ConsentRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct ConsentRow {
    id: Uuid,
    person_id: Uuid,
    purpose: String,
    status: String,
    method: String,
    date: NaiveDate,
    organisation_id: Option<Uuid>,
    note: Option<String>,
    recorded_by: Option<Uuid>,
    recorded_by_organisation: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[async_trait]
impl ConsentRepository for Db {
    async fn insert_consent(&self, c: &Consent, shared: Option<bool>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO consents (id, person_id, purpose, status, method, date, organisation_id, note, recorded_by, \
                 recorded_by_organisation, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(c.id)
            .bind(c.person_id)
            .bind(c.purpose.as_str())
            .bind(c.status.as_str())
            .bind(c.method.as_str())
            .bind(c.date)
            .bind(c.organisation_id)
            .bind(&c.note)
            .bind(c.recorded_by)
            .bind(c.recorded_by_organisation)
            .bind(c.created_at)
            .execute(&mut *tx)
            .await?;
            if let (Some(shared), Some(org)) = (shared, c.organisation_id) {
                sqlx::query("DELETE FROM person_shares WHERE person_id = $1 AND organisation_id = $2")
                    .bind(c.person_id)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                if shared {
                    sqlx::query("INSERT INTO person_shares (person_id, organisation_id) VALUES ($1, $2)")
                        .bind(c.person_id)
                        .bind(org)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        })
    }

    async fn consents_of(&self, person_id: Uuid) -> Result<Vec<Consent>> {
        let rows: Vec<ConsentRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, person_id, purpose, status, method, date, organisation_id, note, recorded_by, \
             recorded_by_organisation, created_at FROM consents WHERE person_id = $1 ORDER BY date, created_at"
        )
        .bind(person_id)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        consents(rows)
    }

    async fn consents_for(&self, person_ids: &[Uuid], purpose: ConsentPurpose) -> Result<Vec<Consent>> {
        if person_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<ConsentRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "SELECT id, person_id, purpose, status, method, date, organisation_id, note, recorded_by, \
                 recorded_by_organisation, created_at FROM consents WHERE purpose = ",
            );
            qb.push_bind(purpose.as_str()).push(" AND person_id IN (");
            bind_list(&mut qb, person_ids.iter().copied());
            qb.push(") ORDER BY date, created_at");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        consents(rows)
    }
}

fn consents(rows: Vec<ConsentRow>) -> Result<Vec<Consent>> {
    rows.into_iter()
        .map(|r| {
            Ok(Consent {
                id: r.id,
                person_id: r.person_id,
                purpose: stored("consent purpose", r.purpose.parse::<ConsentPurpose>())?,
                status: stored("consent status", r.status.parse::<ConsentStatus>())?,
                method: stored("consent method", r.method.parse::<ConsentMethod>())?,
                date: r.date,
                organisation_id: r.organisation_id,
                note: r.note,
                recorded_by: r.recorded_by,
                recorded_by_organisation: r.recorded_by_organisation,
                created_at: r.created_at,
            })
        })
        .collect()
}
