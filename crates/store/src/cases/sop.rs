//! The SOP's first-action deadlines per district.

use async_trait::async_trait;
use chrono::Utc;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::record::SopDeadlines;
use satuatap_core::repo::SopRepository;
use satuatap_core::Result;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, Db};

#[async_trait]
impl SopRepository for Db {
    async fn sop_deadlines(&self, district: &AreaCode) -> Result<Option<SopDeadlines>> {
        let row: Option<(i32, i32, i32)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT high_hours, medium_hours, low_hours FROM sop_settings WHERE district_code = $1"
        )
        .bind(district.as_str())
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        Ok(row.map(|(high_hours, medium_hours, low_hours)| SopDeadlines { high_hours, medium_hours, low_hours }))
    }

    async fn put_sop_deadlines(&self, district: &AreaCode, d: &SopDeadlines, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO sop_settings (district_code, high_hours, medium_hours, low_hours, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (district_code) DO UPDATE SET \
                 high_hours = excluded.high_hours, medium_hours = excluded.medium_hours, \
                 low_hours = excluded.low_hours, updated_at = excluded.updated_at",
            )
            .bind(district.as_str())
            .bind(d.high_hours)
            .bind(d.medium_hours)
            .bind(d.low_hours)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
        })
    }
}
