//! Competency tests and their candidates.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::competency::{Candidate, CompetencyResult, CompetencyTest};
use satuatap_core::repo::CompetencyRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    on_date: NaiveDate,
    district_code: String,
    organisation_id: Uuid,
    occupation: String,
    training_centre: String,
    assessor: String,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    test_id: Uuid,
    person_id: Uuid,
    result: String,
    certificate_number: Option<String>,
}

const SELECT: &str = "SELECT id, on_date, district_code, organisation_id, occupation, training_centre, assessor, \
     created_at FROM competency_tests";

impl Db {
    async fn tests_with_candidates(&self, rows: Vec<Row>) -> Result<Vec<CompetencyTest>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let candidates: Vec<CandidateRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "SELECT test_id, person_id, result, certificate_number FROM competency_candidates WHERE test_id IN (",
            );
            bind_list(&mut qb, rows.iter().map(|r| r.id));
            qb.push(") ORDER BY result, person_id");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(CompetencyTest {
                    candidates: candidates
                        .iter()
                        .filter(|c| c.test_id == r.id)
                        .map(|c| {
                            Ok(Candidate {
                                person_id: c.person_id,
                                name: None,
                                result: stored("result", c.result.parse::<CompetencyResult>())?,
                                certificate_number: c.certificate_number.clone(),
                            })
                        })
                        .collect::<Result<Vec<_>>>()?,
                    id: r.id,
                    date: r.on_date,
                    district_code: stored("district", AreaCode::parse("district", &r.district_code))?,
                    organisation_id: r.organisation_id,
                    occupation: r.occupation,
                    training_centre: r.training_centre,
                    assessor: r.assessor,
                    created_at: r.created_at,
                })
            })
            .collect()
    }
}

#[async_trait]
impl CompetencyRepository for Db {
    async fn insert_competency_test(&self, t: &CompetencyTest, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO competency_tests (id, on_date, district_code, organisation_id, occupation, \
                 training_centre, assessor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(t.id)
            .bind(t.date)
            .bind(t.district_code.as_str())
            .bind(t.organisation_id)
            .bind(&t.occupation)
            .bind(&t.training_centre)
            .bind(&t.assessor)
            .bind(t.created_at)
            .execute(&mut *tx)
            .await?;
            for c in &t.candidates {
                sqlx::query(
                    "INSERT INTO competency_candidates (test_id, person_id, result, certificate_number) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(t.id)
                .bind(c.person_id)
                .bind(c.result.as_str())
                .bind(&c.certificate_number)
                .execute(&mut *tx)
                .await?;
            }
        })
    }

    async fn get_competency_test(&self, id: Uuid) -> Result<Option<CompetencyTest>> {
        let sql = format!("{SELECT} WHERE id = $1");
        let rows: Vec<Row> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_all(p).await).map_err(db_error)?;
        Ok(self.tests_with_candidates(rows).await?.into_iter().next())
    }

    async fn competency_tests(&self, district: Option<&AreaCode>) -> Result<Vec<CompetencyTest>> {
        let sql = format!("{SELECT} WHERE ($1 = '' OR district_code = $1) ORDER BY on_date DESC, id DESC LIMIT 200");
        let district = district.map(|d| d.as_str().to_string()).unwrap_or_default();
        let rows: Vec<Row> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(&district).fetch_all(p).await).map_err(db_error)?;
        self.tests_with_candidates(rows).await
    }
}
