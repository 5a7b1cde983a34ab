//! Exchange rates, the episodes SDG 10.7.1 is computed from, and the
//! aggregates behind the other indicators (`aggregates.rs`), the DHIS2
//! mapping (`dhis2.rs`).

pub(crate) mod aggregates;
mod dhis2;
pub mod generate;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::money::Amount;
use satuatap_core::repo::ReportRepository;
use satuatap_core::reports::dhis2::{Dhis2Mapping, ValidMapping};
use satuatap_core::reports::exchange::{format_micros, Rate, ValidRate};
use satuatap_core::reports::query::{Counts, EventQuery, PeopleQuery};
use satuatap_core::reports::repo::AggregateCheck;
use satuatap_core::reports::sdg::{occupation_group, SdgScope, WorkerCosts};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, db_error, on_pool, Db};

#[derive(sqlx::FromRow)]
struct RateRow {
    currency: String,
    on_date: NaiveDate,
    idr_micros: i64,
    source: String,
    recorded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct EpisodeRow {
    id: Uuid,
    person_id: Uuid,
    sex: String,
    destination: Option<String>,
    sector: Option<String>,
    occupation: Option<String>,
    departure_date: Option<NaiveDate>,
    earnings_hundredths: Option<i64>,
    earnings_currency: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CostRow {
    episode_id: Uuid,
    hundredths: i64,
    currency: String,
    paid_on: Option<NaiveDate>,
}

#[async_trait]
impl ReportRepository for Db {
    async fn put_rates(
        &self,
        rates: &[ValidRate],
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            for r in rates {
                sqlx::query(
                    "INSERT INTO exchange_rates (currency, on_date, idr_micros, source, recorded_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (currency, on_date) DO UPDATE SET \
                     idr_micros = excluded.idr_micros, source = excluded.source, \
                     recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                )
                .bind(&r.currency)
                .bind(r.date)
                .bind(r.idr_micros)
                .bind(&r.source)
                .bind(by)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
        })
    }

    async fn rates(&self, currency: Option<&str>) -> Result<Vec<Rate>> {
        let currency = currency.unwrap_or_default().to_string();
        let rows: Vec<RateRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT currency, on_date, idr_micros, source, recorded_at FROM exchange_rates \
             WHERE $1 = '' OR currency = $2 ORDER BY on_date DESC, currency LIMIT 5000"
        )
        .bind(&currency)
        .bind(&currency)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|r| Rate {
                currency: r.currency,
                date: r.on_date,
                idr_per_unit: format_micros(r.idr_micros),
                source: r.source,
                recorded_at: r.recorded_at,
            })
            .collect())
    }

    async fn sdg_workers(&self, scope: &SdgScope) -> Result<Vec<WorkerCosts>> {
        let district = scope.district.as_ref().map(|d| d.as_str().to_string()).unwrap_or_default();
        let org = scope.organisation_id.unwrap_or_else(Uuid::nil);
        let by_org = i32::from(scope.organisation_id.is_some());
        let rows: Vec<EpisodeRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT e.id, e.person_id, p.sex, e.destination, e.sector, e.occupation, e.departure_date, \
             e.earnings_hundredths, e.earnings_currency FROM migration_episodes e \
             JOIN people p ON p.id = e.person_id \
             WHERE p.merged_into IS NULL AND e.destination IS NOT NULL \
             AND ($1 = '' OR p.district_code = $2) AND ($3 = 0 OR p.registered_by_organisation = $4) \
             ORDER BY e.person_id, CASE WHEN e.departure_date IS NULL THEN 1 ELSE 0 END, e.departure_date, \
             e.created_at, e.id"
        )
        .bind(&district)
        .bind(&district)
        .bind(by_org)
        .bind(org)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        // Her first episode only.
        let mut first: Vec<EpisodeRow> = Vec::new();
        for r in rows {
            if first.last().is_none_or(|l| l.person_id != r.person_id) {
                first.push(r);
            }
        }
        let mut costs: HashMap<Uuid, Vec<(Amount, String, Option<NaiveDate>)>> = HashMap::new();
        for chunk in first.chunks(500) {
            let found: Vec<CostRow> = on_pool!(&self.pool, |p, DB| async {
                let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                    "SELECT episode_id, hundredths, currency, paid_on FROM recruitment_costs WHERE episode_id IN (",
                );
                bind_list(&mut qb, chunk.iter().map(|r| r.id));
                qb.push(")");
                qb.build_query_as().fetch_all(p).await
            }
            .await)
            .map_err(db_error)?;
            for c in found {
                costs.entry(c.episode_id).or_default().push((
                    Amount::from_hundredths(c.hundredths),
                    c.currency,
                    c.paid_on,
                ));
            }
        }
        Ok(first
            .into_iter()
            .map(|r| WorkerCosts {
                occupation_group: occupation_group(r.occupation.as_deref()).to_string(),
                costs: costs.remove(&r.id).unwrap_or_default(),
                earnings: r.earnings_hundredths.zip(r.earnings_currency).map(|(h, c)| (Amount::from_hundredths(h), c)),
                sex: r.sex,
                destination: r.destination,
                sector: r.sector,
                departure: r.departure_date,
            })
            .collect())
    }

    async fn count_events(&self, q: &EventQuery<'_>) -> Result<Counts> {
        self.events(q).await
    }

    async fn count_people(&self, q: &PeopleQuery<'_>) -> Result<Counts> {
        self.people(q).await
    }

    async fn check_aggregates(&self, fix: bool) -> Result<AggregateCheck> {
        self.check(fix).await
    }

    async fn set_report_offset(&self, minutes: i32) -> Result<bool> {
        self.report_offset(minutes).await
    }

    async fn dhis2_mapping(&self) -> Result<Option<Dhis2Mapping>> {
        self.read_dhis2_mapping().await
    }

    async fn put_dhis2_mapping(
        &self,
        mapping: &ValidMapping,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        self.write_dhis2_mapping(mapping, by, at, audit).await
    }
}
