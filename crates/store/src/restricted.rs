//! Restricted records repository (need-to-know).

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::Utc;
use satuatap_core::access::NeedToKnow;
use satuatap_core::access::Restriction;
use satuatap_core::audit::AuditRecord;
use satuatap_core::repo::{RecordLinks, RestrictionRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::need_to_know::push_known_restricted;
use crate::pool::{bind_list, db_error, on_pool, Db};

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

    async fn hidden_cases(&self, case_ids: &[Uuid], reader: NeedToKnow) -> Result<HashSet<Uuid>> {
        let mut hidden = HashSet::new();
        for chunk in case_ids.chunks(1000) {
            let ids: Vec<Uuid> = on_pool!(&self.pool, |p, DB| {
                let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT c.id FROM cases c WHERE c.id IN (");
                bind_list(&mut qb, chunk.iter().copied());
                qb.push(") AND c.restricted = TRUE AND c.id NOT IN (SELECT c.id FROM cases c WHERE 1 = 1");
                push_known_restricted(&mut qb, reader);
                qb.push(")");
                qb.build_query_scalar().fetch_all(p).await
            })
            .map_err(db_error)?;
            hidden.extend(ids);
        }
        Ok(hidden)
    }

    async fn record_links(&self, cases: &[Uuid], referrals: &[Uuid], visits: &[Uuid]) -> Result<RecordLinks> {
        let mut links = RecordLinks::default();
        let pairs = |sql: &'static str, ids: &[Uuid]| {
            let ids = ids.to_vec();
            async move {
                let mut out: Vec<(Uuid, Uuid)> = Vec::new();
                for chunk in ids.chunks(1000) {
                    let rows: Vec<(Uuid, Uuid)> = on_pool!(&self.pool, |p, DB| {
                        let mut qb: QueryBuilder<DB> = QueryBuilder::new(sql);
                        bind_list(&mut qb, chunk.iter().copied());
                        qb.push(")");
                        qb.build_query_as().fetch_all(p).await
                    })
                    .map_err(db_error)?;
                    out.extend(rows);
                }
                Ok::<_, satuatap_core::Error>(out)
            }
        };
        links.referral_case =
            pairs("SELECT id, case_id FROM referrals WHERE id IN (", referrals).await?.into_iter().collect();
        let mut case_ids = cases.to_vec();
        case_ids.extend(links.referral_case.values().copied());
        links.case_person =
            pairs("SELECT id, person_id FROM cases WHERE id IN (", &case_ids).await?.into_iter().collect();
        links.visit_person =
            pairs("SELECT id, person_id FROM visits WHERE id IN (", visits).await?.into_iter().collect();
        for (visit, org) in
            pairs("SELECT visit_id, organisation_id FROM visit_desks WHERE visit_id IN (", visits).await?
        {
            links.visit_desks.entry(visit).or_default().push(org);
        }
        Ok(links)
    }
}
