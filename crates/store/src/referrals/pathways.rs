//! The districts' referral pathways.

use async_trait::async_trait;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::referrals::referral::{Need, Pathway, PathwayStep};
use satuatap_core::repo::PathwayRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

#[async_trait]
impl PathwayRepository for Db {
    async fn pathways(&self, district: &AreaCode) -> Result<Vec<Pathway>> {
        type Row = (String, i32, Uuid, String, String, Uuid, String);
        let rows: Vec<Row> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT w.need, w.position, s.id, s.name, s.status, o.id, o.name FROM referral_pathways w \
             JOIN services s ON s.id = w.service_id JOIN organisations o ON o.id = s.organisation_id \
             WHERE w.district_code = $1 ORDER BY w.need, w.position"
        )
        .bind(district.as_str())
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        let mut out: Vec<Pathway> = Vec::new();
        for (need, position, service_id, service_name, status, organisation_id, organisation_name) in rows {
            let need = stored("need", need.parse::<Need>())?;
            let step = PathwayStep {
                position,
                service_id,
                service_name,
                organisation_id,
                organisation_name,
                active: status == "active",
            };
            match out.last_mut() {
                Some(p) if p.need == need => p.steps.push(step),
                _ => out.push(Pathway { need, steps: vec![step] }),
            }
        }
        Ok(out)
    }

    async fn put_pathway(
        &self,
        district: &AreaCode,
        need: Need,
        service_ids: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("DELETE FROM referral_pathways WHERE district_code = $1 AND need = $2")
                .bind(district.as_str())
                .bind(need.as_str())
                .execute(&mut *tx)
                .await?;
            for (i, id) in service_ids.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO referral_pathways (district_code, need, position, service_id) VALUES ($1, $2, $3, $4)",
                )
                .bind(district.as_str())
                .bind(need.as_str())
                .bind(i32::try_from(i + 1).unwrap_or(i32::MAX))
                .bind(*id)
                .execute(&mut *tx)
                .await?;
            }
        })
    }
}
