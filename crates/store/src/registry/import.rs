//! Bulk import: many people per statement, all in one transaction.

use async_trait::async_trait;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::money::Country;
use satuatap_core::registry::episode::{MigrationStage, Sector};
use satuatap_core::registry::person::{Education, MaritalStatus};
use satuatap_core::repo::{ImportRecord, ImportRepository, ImportSession};
use satuatap_core::Result;
use sqlx::{Postgres, QueryBuilder, Sqlite, Transaction};

use crate::audit::append_audit;
use crate::audit::seal::Chain;
use crate::pool::{bind_list, db_error, on_pool, Db, Pool};

/// Rows per statement, under SQLite's 32,766 bound parameters.
const PEOPLE_PER_STATEMENT: usize = 500;
const NAMES_PER_STATEMENT: usize = 4000;
const COSTS_PER_STATEMENT: usize = 2000;

enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL, the search keys (name tokens and blocking keys) are
    /// written at the same time as the people, by a second server process:
    /// in `names`, a transaction of their own on a second connection, which
    /// commits just before `main`. Should `main` then fail to commit, only
    /// search keys of people that do not exist remain, which no search
    /// returns (it joins people); a person never lacks their keys.
    Postgres {
        main: Transaction<'static, Postgres>,
        names: Transaction<'static, Postgres>,
    },
}

pub struct Import {
    tx: Tx,
    chain: Chain,
    /// On PostgreSQL, the pool whose planner statistics the import brings
    /// up to date once committed.
    analyze: Option<sqlx::PgPool>,
    /// People written so far.
    people: u64,
}

/// The tables an import writes, whose statistics PostgreSQL's planner needs:
/// without them (autovacuum off, or not yet run after a bulk load) the
/// duplicate match of the next import or registration took a plan that
/// re-ran it per candidate (a second per person at 750,000 people, 26 s in
/// a district the statistics did not know yet). Gathered when an import
/// wrote at least a tenth of the people (autovacuum's default share): a
/// small import leaves them to autovacuum rather than wait for them.
const IMPORTED: &str =
    "ANALYZE people, person_name_keys, person_name_tokens, person_phones, migration_episodes, recruitment_costs";

/// Inserts `$records` through the transaction `$tx` of database `$db`.
macro_rules! insert_records {
    ($tx:expr, $db:ty, $records:expr) => {
        async {
            let tx = $tx;
            let records: &[ImportRecord] = $records;
            for chunk in records.chunks(PEOPLE_PER_STATEMENT) {
                let mut other_names = Vec::with_capacity(chunk.len());
                for r in chunk {
                    other_names.push((
                        serde_json::to_string(&r.person.other_names).unwrap_or_else(|_| "[]".into()),
                        serde_json::to_string(&r.person.other_phones).unwrap_or_else(|_| "[]".into()),
                    ));
                }
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "INSERT INTO people (id, full_name, other_names, sex, birth_date, estimated_age, nik, phone, \
                 village_code, address, marital_status, education, disability, note, district_code, \
                 registered_by_organisation, registered_by, stage, household_id, created_at, updated_at, other_phones) ",
                );
                qb.push_values(chunk.iter().zip(&other_names), |mut b, (r, (names, phones))| {
                    let p = &r.person;
                    b.push_bind(p.id)
                        .push_bind(p.full_name.as_str())
                        .push_bind(names.as_str())
                        .push_bind(p.sex.as_str())
                        .push_bind(p.birth_date)
                        .push_bind(p.estimated_age)
                        .push_bind(p.nik.as_deref())
                        .push_bind(p.phone.as_deref())
                        .push_bind(p.village_code.as_ref().map(AreaCode::as_str))
                        .push_bind(p.address.as_deref())
                        .push_bind(p.marital_status.map(MaritalStatus::as_str))
                        .push_bind(p.education.map(Education::as_str))
                        .push_bind(p.disability.as_deref())
                        .push_bind(p.note.as_deref())
                        .push_bind(p.district_code.as_str())
                        .push_bind(p.registered_by_organisation)
                        .push_bind(p.registered_by)
                        .push_bind(p.stage.map(MigrationStage::as_str))
                        .push_bind(p.household_id)
                        .push_bind(p.created_at)
                        .push_bind(p.updated_at)
                        .push_bind(phones.as_str());
                });
                qb.build().execute(&mut **tx).await?;
            }
            // Name tokens and keys carry the district (see migration 0014); phones do not.
            // Imported people are never need-to-know (`people.confidential` keeps its
            // default): their keys say so (migration 0060).
            for (table, column, pick, with_district) in [
                (
                    "person_name_tokens",
                    "token",
                    (|r: &ImportRecord| &r.tokens) as fn(&ImportRecord) -> &Vec<String>,
                    true,
                ),
                ("person_name_keys", "key", |r: &ImportRecord| &r.keys, true),
                ("person_phones", "phone", |r: &ImportRecord| &r.person.other_phones, false),
            ] {
                // In the order of the primary key, so that the index takes them page by page.
                let rows = $crate::registry::import_copy::sorted_names(records, pick);
                let flagged = table == "person_name_keys";
                for chunk in rows.chunks(NAMES_PER_STATEMENT) {
                    let columns =
                        if with_district { format!("district_code, {column}, person_id") } else { format!("{column}, person_id") };
                    let columns = if flagged { format!("{columns}, confidential") } else { columns };
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!("INSERT INTO {table} ({columns}) "));
                    qb.push_values(chunk, |mut b, (d, t, id)| {
                        if with_district {
                            b.push_bind(*d);
                        }
                        b.push_bind(*t).push_bind(*id);
                        if flagged {
                            b.push("FALSE");
                        }
                    });
                    qb.build().execute(&mut **tx).await?;
                }
            }
            let episodes: Vec<_> = records.iter().filter_map(|r| r.episode.as_ref()).collect();
            let mut ids_json = Vec::with_capacity(episodes.len());
            for e in &episodes {
                ids_json.push(serde_json::to_string(&e.external_ids).unwrap_or_else(|_| "[]".into()));
            }
            for (chunk, ids) in episodes.chunks(PEOPLE_PER_STATEMENT).zip(ids_json.chunks(PEOPLE_PER_STATEMENT)) {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "INSERT INTO migration_episodes (id, person_id, stage, destination, sector, occupation, employer, \
                 placement_agency_id, departure_date, return_date, documented, external_ids, earnings_hundredths, \
                 earnings_currency, note, recorded_by, created_at) ",
                );
                qb.push_values(chunk.iter().zip(ids), |mut b, (e, ids)| {
                    b.push_bind(e.id)
                        .push_bind(e.person_id)
                        .push_bind(e.stage.as_str())
                        .push_bind(e.destination.as_ref().map(Country::as_str))
                        .push_bind(e.sector.map(Sector::as_str))
                        .push_bind(e.occupation.as_deref())
                        .push_bind(e.employer.as_deref())
                        .push_bind(e.placement_agency_id)
                        .push_bind(e.departure_date)
                        .push_bind(e.return_date)
                        .push_bind(e.documented)
                        .push_bind(ids.as_str())
                        .push_bind(e.first_month_earnings.as_ref().map(|m| m.amount.hundredths()))
                        .push_bind(e.first_month_earnings.as_ref().map(|m| m.currency.as_str()))
                        .push_bind(e.note.as_deref())
                        .push_bind(e.recorded_by)
                        .push_bind(e.created_at);
                });
                qb.build().execute(&mut **tx).await?;
            }
            let costs: Vec<_> = episodes
                .iter()
                .flat_map(|e| e.recruitment_costs.iter().enumerate().map(move |(i, c)| (e.id, i, c)))
                .collect();
            for chunk in costs.chunks(COSTS_PER_STATEMENT) {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "INSERT INTO recruitment_costs (episode_id, position, item, hundredths, currency, paid_on) ",
                );
                qb.push_values(chunk, |mut b, (id, i, c)| {
                    b.push_bind(*id)
                        .push_bind(i32::try_from(*i).unwrap_or(i32::MAX))
                        .push_bind(c.item.as_str())
                        .push_bind(c.amount.hundredths())
                        .push_bind(c.currency.as_str())
                        .push_bind(c.date);
                });
                qb.build().execute(&mut **tx).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
    };
}

#[async_trait]
impl ImportSession for Import {
    async fn insert_batch(&mut self, records: Vec<ImportRecord>) -> Result<()> {
        self.people += records.len() as u64;
        match &mut self.tx {
            Tx::Sqlite(tx) => insert_records!(tx, Sqlite, &records),
            Tx::Postgres { main, names } => crate::registry::import_copy::copy_records(main, names, records).await,
        }
        .map_err(db_error)
    }

    async fn commit(self: Box<Self>, audit: &AuditRecord) -> Result<()> {
        let chain = self.chain;
        let appended = match self.tx {
            Tx::Sqlite(mut tx) => {
                async {
                    let appended = append_audit!(chain, tx, audit).await?;
                    tx.commit().await.map(|()| appended)
                }
                .await
            }
            Tx::Postgres { mut main, names } => {
                async {
                    let appended = append_audit!(chain, main, audit).await?;
                    names.commit().await?;
                    main.commit().await.map(|()| appended)
                }
                .await
            }
        }
        .map_err(db_error)?;
        chain.committed(appended).await;
        // Committed already: statistics that could not be gathered are the
        // next autovacuum's to gather, not a failed import.
        if let Some(pool) = self.analyze {
            if let Err(e) = analyze_after(&pool, self.people).await {
                tracing::warn!(error = %e, "planner statistics not gathered after an import");
            }
        }
        Ok(())
    }
}

/// Gathers the statistics of the imported tables when `people` is at least a
/// tenth of the people the planner last counted (or it never counted them).
async fn analyze_after(pool: &sqlx::PgPool, people: u64) -> std::result::Result<(), sqlx::Error> {
    let known: f32 =
        sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE oid = 'people'::regclass").fetch_one(pool).await?;
    if known < 0.0 || people as f64 * 10.0 >= f64::from(known) {
        sqlx::query(IMPORTED).execute(pool).await?;
    }
    Ok(())
}

#[async_trait]
impl ImportRepository for Db {
    async fn begin_import(&self) -> Result<Box<dyn ImportSession>> {
        let mut analyze = None;
        let tx = match &self.pool {
            Pool::Sqlite(p) => {
                let mut tx = p.begin().await.map_err(db_error)?;
                // A large page cache while one transaction writes a whole import.
                sqlx::query("PRAGMA cache_size = -262144").execute(&mut *tx).await.map_err(db_error)?;
                Tx::Sqlite(tx)
            }
            Pool::Postgres(p) => {
                analyze = Some(p.clone());
                Tx::Postgres { main: p.begin().await.map_err(db_error)?, names: p.begin().await.map_err(db_error)? }
            }
        };
        Ok(Box::new(Import { tx, chain: self.chain.clone(), analyze, people: 0 }))
    }

    async fn people_of_district(&self, district: &AreaCode, limit: u32) -> Result<Vec<uuid::Uuid>> {
        on_pool!(&self.pool, |p, _DB| {
            sqlx::query_scalar(
                "SELECT id FROM people WHERE district_code = $1 AND merged_into IS NULL ORDER BY id LIMIT $2",
            )
            .bind(district.as_str())
            .bind(i64::from(limit))
            .fetch_all(p)
            .await
        })
        .map_err(db_error)
    }

    async fn registered_niks(&self, niks: &[String]) -> Result<Vec<String>> {
        let mut found = Vec::new();
        for chunk in niks.chunks(NAMES_PER_STATEMENT) {
            let rows: Vec<String> = on_pool!(&self.pool, |p, DB| {
                let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT nik FROM people WHERE nik IN (");
                bind_list(&mut qb, chunk.iter().map(|n| n.as_str()));
                qb.push(")");
                qb.build_query_scalar().fetch_all(p).await
            })
            .map_err(db_error)?;
            found.extend(rows);
        }
        Ok(found)
    }
}
