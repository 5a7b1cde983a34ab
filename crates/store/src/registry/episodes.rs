//! Migration episodes repository (with their recruitment costs).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::money::{Amount, Country, Currency};
use satuatap_core::registry::episode::{Cost, CostItem, Episode, MigrationStage, Money, Sector};
use satuatap_core::repo::EpisodeRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct EpisodeRow {
    id: Uuid,
    person_id: Uuid,
    stage: String,
    destination: Option<String>,
    sector: Option<String>,
    occupation: Option<String>,
    employer: Option<String>,
    placement_agency_id: Option<Uuid>,
    departure_date: Option<NaiveDate>,
    return_date: Option<NaiveDate>,
    documented: Option<bool>,
    external_ids: String,
    earnings_hundredths: Option<i64>,
    earnings_currency: Option<String>,
    note: Option<String>,
    recorded_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct CostRow {
    episode_id: Uuid,
    item: String,
    hundredths: i64,
    currency: String,
    paid_on: Option<NaiveDate>,
}

/// Inserts an episode and its costs through `$tx`.
macro_rules! insert_episode {
    ($tx:ident, $e:expr, $external_ids:expr) => {
        let e: &Episode = $e;
        sqlx::query(
            "INSERT INTO migration_episodes (id, person_id, stage, destination, sector, occupation, employer, \
             placement_agency_id, departure_date, return_date, documented, external_ids, earnings_hundredths, \
             earnings_currency, note, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(e.id)
        .bind(e.person_id)
        .bind(e.stage.as_str())
        .bind(e.destination.as_ref().map(Country::as_str))
        .bind(e.sector.map(Sector::as_str))
        .bind(&e.occupation)
        .bind(&e.employer)
        .bind(e.placement_agency_id)
        .bind(e.departure_date)
        .bind(e.return_date)
        .bind(e.documented)
        .bind($external_ids)
        .bind(e.first_month_earnings.as_ref().map(|m| m.amount.hundredths()))
        .bind(e.first_month_earnings.as_ref().map(|m| m.currency.as_str()))
        .bind(&e.note)
        .bind(e.recorded_by)
        .bind(e.created_at)
        .execute(&mut *$tx)
        .await?;
        for (i, c) in e.recruitment_costs.iter().enumerate() {
            sqlx::query(
                "INSERT INTO recruitment_costs (episode_id, position, item, hundredths, currency, paid_on) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(e.id)
            .bind(i32::try_from(i).unwrap_or(i32::MAX))
            .bind(c.item.as_str())
            .bind(c.amount.hundredths())
            .bind(c.currency.as_str())
            .bind(c.date)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

pub(crate) fn external_ids_json(e: &Episode) -> Result<String> {
    serde_json::to_string(&e.external_ids).map_err(satuatap_core::Error::internal)
}

#[async_trait]
impl EpisodeRepository for Db {
    async fn insert_episode(&self, e: &Episode, stage: Option<MigrationStage>, audit: &AuditRecord) -> Result<()> {
        let external_ids = external_ids_json(e)?;
        audited!(self, audit, |tx| {
            insert_episode!(tx, e, &external_ids);
            sqlx::query("UPDATE people SET stage = $1 WHERE id = $2")
                .bind(stage.map(MigrationStage::as_str))
                .bind(e.person_id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn episodes_of(&self, person_id: Uuid) -> Result<Vec<Episode>> {
        let (rows, costs): (Vec<EpisodeRow>, Vec<CostRow>) = on_pool!(&self.pool, |p, _DB| {
            let rows = sqlx::query_as(
                "SELECT id, person_id, stage, destination, sector, occupation, employer, placement_agency_id, \
                 departure_date, return_date, documented, external_ids, earnings_hundredths, earnings_currency, note, \
                 recorded_by, created_at FROM migration_episodes WHERE person_id = $1 \
                 ORDER BY departure_date, created_at",
            )
            .bind(person_id)
            .fetch_all(p)
            .await;
            let costs = sqlx::query_as(
                "SELECT c.episode_id, c.item, c.hundredths, c.currency, c.paid_on FROM recruitment_costs c \
                 JOIN migration_episodes e ON e.id = c.episode_id WHERE e.person_id = $1 \
                 ORDER BY c.episode_id, c.position",
            )
            .bind(person_id)
            .fetch_all(p)
            .await;
            rows.and_then(|r| costs.map(|c| (r, c)))
        })
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                let recruitment_costs = costs
                    .iter()
                    .filter(|c| c.episode_id == r.id)
                    .map(|c| {
                        Ok(Cost {
                            item: stored("cost item", c.item.parse::<CostItem>())?,
                            amount: Amount::from_hundredths(c.hundredths),
                            currency: stored("currency", Currency::parse("currency", &c.currency))?,
                            date: c.paid_on,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let first_month_earnings = match (r.earnings_hundredths, r.earnings_currency) {
                    (Some(h), Some(c)) => Some(Money {
                        amount: Amount::from_hundredths(h),
                        currency: stored("currency", Currency::parse("currency", &c))?,
                    }),
                    _ => None,
                };
                Ok(Episode {
                    id: r.id,
                    person_id: r.person_id,
                    stage: stored("stage", r.stage.parse::<MigrationStage>())?,
                    destination: r
                        .destination
                        .map(|d| stored("destination", Country::parse("destination", &d)))
                        .transpose()?,
                    sector: r.sector.map(|s| stored("sector", s.parse::<Sector>())).transpose()?,
                    occupation: r.occupation,
                    employer: r.employer,
                    placement_agency_id: r.placement_agency_id,
                    departure_date: r.departure_date,
                    return_date: r.return_date,
                    documented: r.documented,
                    external_ids: stored("external ids", serde_json::from_str(&r.external_ids))?,
                    recruitment_costs,
                    first_month_earnings,
                    note: r.note,
                    recorded_by: r.recorded_by,
                    created_at: r.created_at,
                })
            })
            .collect()
    }
}
