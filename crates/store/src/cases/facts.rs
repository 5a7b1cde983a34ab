//! The facts of a case: its classification (and restriction) and its GBV incident.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::case::{GbvType, PerpetratorRelationship, ReportingDelay};
use satuatap_core::cases::record::{Case, Incident};
use satuatap_core::repo::CaseFactRepository;
use satuatap_core::Result;
use uuid::Uuid;

use super::json;
use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct IncidentRow {
    case_id: Uuid,
    answers: String,
    gbv_type: String,
    contexts: String,
    incident_date: NaiveDate,
    first_report_date: NaiveDate,
    reporting_delay: String,
    perpetrator_relationship: Option<String>,
    reporting_consent: bool,
    sealed_narrative: Option<String>,
    updated_at: DateTime<Utc>,
}

#[async_trait]
impl CaseFactRepository for Db {
    async fn classify_case(&self, c: &Case, audit: &AuditRecord) -> Result<()> {
        let (lc, fl, td) =
            (json(&c.labour_categories)?, json(&c.forced_labour_indicators)?, json(&c.trafficking_dimensions)?);
        audited!(self, audit, |tx| {
            let was: bool =
                sqlx::query_scalar("SELECT restricted FROM cases WHERE id = $1").bind(c.id).fetch_one(&mut *tx).await?;
            sqlx::query(
                "UPDATE cases SET labour_categories = $1, forced_labour_indicators = $2, \
                 trafficking_dimensions = $3, restricted = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(&lc)
            .bind(&fl)
            .bind(&td)
            .bind(c.restricted)
            .bind(c.updated_at)
            .bind(c.id)
            .execute(&mut *tx)
            .await?;
            if c.restricted && !was {
                sqlx::query(
                    "INSERT INTO restricted_records (entity, entity_id, owner_id, organisation_id, created_at) \
                     VALUES ('case', $1, $2, $3, $4)",
                )
                .bind(c.id.to_string())
                .bind(c.owner_id)
                .bind(c.organisation_id)
                .bind(c.updated_at)
                .execute(&mut *tx)
                .await?;
                for user in &c.assigned {
                    sqlx::query(
                        "INSERT INTO restricted_record_assignees (entity, entity_id, user_id) VALUES ('case', $1, $2)",
                    )
                    .bind(c.id.to_string())
                    .bind(*user)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        })
    }

    async fn put_incident(&self, i: &Incident, sealed: Option<&str>, audit: &AuditRecord) -> Result<()> {
        let (answers, contexts) = (json(&i.answers)?, json(&i.contexts)?);
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_incidents (case_id, answers, gbv_type, contexts, incident_date, first_report_date, \
                 reporting_delay, perpetrator_relationship, reporting_consent, sealed_narrative, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (case_id) DO UPDATE SET \
                 answers = excluded.answers, gbv_type = excluded.gbv_type, contexts = excluded.contexts, \
                 incident_date = excluded.incident_date, first_report_date = excluded.first_report_date, \
                 reporting_delay = excluded.reporting_delay, \
                 perpetrator_relationship = excluded.perpetrator_relationship, \
                 reporting_consent = excluded.reporting_consent, sealed_narrative = excluded.sealed_narrative, \
                 updated_at = excluded.updated_at",
            )
            .bind(i.case_id)
            .bind(&answers)
            .bind(i.gbv_type.as_str())
            .bind(&contexts)
            .bind(i.incident_date)
            .bind(i.first_report_date)
            .bind(i.reporting_delay.as_str())
            .bind(i.perpetrator_relationship.map(PerpetratorRelationship::as_str))
            .bind(i.reporting_consent)
            .bind(sealed)
            .bind(i.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_incident(&self, case_id: Uuid) -> Result<Option<(Incident, Option<String>)>> {
        let row: Option<IncidentRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT case_id, answers, gbv_type, contexts, incident_date, first_report_date, reporting_delay, \
             perpetrator_relationship, reporting_consent, sealed_narrative, updated_at FROM case_incidents \
             WHERE case_id = $1"
        )
        .bind(case_id)
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        let Some(r) = row else { return Ok(None) };
        let incident = Incident {
            case_id: r.case_id,
            answers: stored("answers", serde_json::from_str(&r.answers))?,
            gbv_type: stored("gbv type", r.gbv_type.parse::<GbvType>())?,
            contexts: stored("contexts", serde_json::from_str(&r.contexts))?,
            incident_date: r.incident_date,
            first_report_date: r.first_report_date,
            reporting_delay: stored("delay", r.reporting_delay.parse::<ReportingDelay>())?,
            perpetrator_relationship: r
                .perpetrator_relationship
                .map(|p| stored("perpetrator", p.parse::<PerpetratorRelationship>()))
                .transpose()?,
            reporting_consent: r.reporting_consent,
            narrative: None,
            updated_at: r.updated_at,
        };
        Ok(Some((incident, r.sealed_narrative)))
    }
}
