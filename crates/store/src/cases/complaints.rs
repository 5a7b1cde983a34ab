//! Complaints with their mediation, and transfers of cases.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::complaint::{
    Complaint, Escalation, EscalationChannel, MediationResult, MediationSession, Settlement, Transfer, TransferStatus,
};
use satuatap_core::cases::record::Case;
use satuatap_core::money::{Amount, Currency};
use satuatap_core::repo::{ComplaintRepository, TransferRepository};
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct ComplaintRow {
    case_id: Uuid,
    respondent_organisation_id: Option<Uuid>,
    respondent_name: Option<String>,
    claims: String,
    settled_on: Option<NaiveDate>,
    recovered_hundredths: Option<i64>,
    recovered_currency: Option<String>,
    settlement_terms: Option<String>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct TransferRow {
    id: Uuid,
    case_id: Uuid,
    from_organisation_id: Uuid,
    to_organisation_id: Uuid,
    reason: String,
    status: String,
    requested_by: Uuid,
    requested_at: DateTime<Utc>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
    comment: Option<String>,
}

fn transfer_of(r: TransferRow) -> Result<Transfer> {
    Ok(Transfer {
        id: r.id,
        case_id: r.case_id,
        from_organisation_id: r.from_organisation_id,
        to_organisation_id: r.to_organisation_id,
        reason: r.reason,
        status: stored("transfer status", r.status.parse::<TransferStatus>())?,
        requested_by: r.requested_by,
        requested_at: r.requested_at,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
        comment: r.comment,
    })
}

const TRANSFERS: &str = "SELECT id, case_id, from_organisation_id, to_organisation_id, reason, status, requested_by, \
     requested_at, decided_by, decided_at, comment FROM case_transfers";

type SessionRow = (Uuid, NaiveDate, String, String, Option<String>);
type EscalationRow = (Uuid, String, NaiveDate, Option<String>);

#[async_trait]
impl ComplaintRepository for Db {
    async fn get_complaint(&self, case_id: Uuid) -> Result<Option<Complaint>> {
        let found: Option<(ComplaintRow, Vec<SessionRow>, Vec<EscalationRow>)> = on_pool!(&self.pool, |p, _DB| async {
            let row: Option<ComplaintRow> = sqlx::query_as(
                "SELECT case_id, respondent_organisation_id, respondent_name, claims, settled_on, \
                 recovered_hundredths, recovered_currency, settlement_terms, updated_at FROM case_complaints \
                 WHERE case_id = $1",
            )
            .bind(case_id)
            .fetch_optional(p)
            .await?;
            let Some(row) = row else { return Ok::<_, sqlx::Error>(None) };
            let sessions = sqlx::query_as(
                "SELECT id, held_on, parties, result, note FROM mediation_sessions WHERE case_id = $1 ORDER BY held_on, id",
            )
            .bind(case_id)
            .fetch_all(p)
            .await?;
            let escalations = sqlx::query_as(
                "SELECT id, channel, date, reference FROM case_escalations WHERE case_id = $1 ORDER BY date, id",
            )
            .bind(case_id)
            .fetch_all(p)
            .await?;
            Ok(Some((row, sessions, escalations)))
        }
        .await)
        .map_err(db_error)?;
        let Some((r, sessions, escalations)) = found else { return Ok(None) };
        let settlement = match (r.settled_on, r.recovered_hundredths, r.recovered_currency) {
            (Some(date), Some(h), Some(c)) => Some(Settlement {
                date,
                amount_recovered: Amount::from_hundredths(h),
                currency: stored("currency", Currency::parse("currency", &c))?,
                terms: r.settlement_terms,
            }),
            _ => None,
        };
        Ok(Some(Complaint {
            case_id: r.case_id,
            respondent_organisation_id: r.respondent_organisation_id,
            respondent_name: r.respondent_name,
            claims: stored("claims", serde_json::from_str(&r.claims))?,
            sessions: sessions
                .into_iter()
                .map(|(id, date, parties, result, note)| {
                    Ok(MediationSession {
                        id,
                        date,
                        parties,
                        result: stored("mediation result", result.parse::<MediationResult>())?,
                        note,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            settlement,
            escalations: escalations
                .into_iter()
                .map(|(id, channel, date, reference)| {
                    Ok(Escalation {
                        id,
                        channel: stored("channel", channel.parse::<EscalationChannel>())?,
                        date,
                        reference,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            updated_at: r.updated_at,
        }))
    }

    async fn put_complaint(&self, c: &Complaint, audit: &AuditRecord) -> Result<()> {
        let claims = serde_json::to_string(&c.claims).map_err(satuatap_core::Error::internal)?;
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_complaints (case_id, respondent_organisation_id, respondent_name, claims, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO UPDATE SET \
                 respondent_organisation_id = excluded.respondent_organisation_id, \
                 respondent_name = excluded.respondent_name, claims = excluded.claims, updated_at = excluded.updated_at",
            )
            .bind(c.case_id)
            .bind(c.respondent_organisation_id)
            .bind(&c.respondent_name)
            .bind(&claims)
            .bind(c.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn add_session(&self, case_id: Uuid, s: &MediationSession, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO mediation_sessions (id, case_id, held_on, parties, result, note) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(s.id)
            .bind(case_id)
            .bind(s.date)
            .bind(&s.parties)
            .bind(s.result.as_str())
            .bind(&s.note)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn put_settlement(&self, case_id: Uuid, s: &Settlement, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE case_complaints SET settled_on = $1, recovered_hundredths = $2, recovered_currency = $3, \
                 settlement_terms = $4, updated_at = $5 WHERE case_id = $6",
            )
            .bind(s.date)
            .bind(s.amount_recovered.hundredths())
            .bind(s.currency.as_str())
            .bind(&s.terms)
            .bind(Utc::now())
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn add_escalation(&self, case_id: Uuid, e: &Escalation, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_escalations (id, case_id, channel, date, reference) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(e.id)
            .bind(case_id)
            .bind(e.channel.as_str())
            .bind(e.date)
            .bind(&e.reference)
            .execute(&mut *tx)
            .await?;
        })
    }
}

#[async_trait]
impl TransferRepository for Db {
    async fn insert_transfer(&self, t: &Transfer, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_transfers (id, case_id, from_organisation_id, to_organisation_id, reason, status, \
                 requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(t.id)
            .bind(t.case_id)
            .bind(t.from_organisation_id)
            .bind(t.to_organisation_id)
            .bind(&t.reason)
            .bind(t.status.as_str())
            .bind(t.requested_by)
            .bind(t.requested_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_transfer(&self, id: Uuid) -> Result<Option<Transfer>> {
        let sql = format!("{TRANSFERS} WHERE id = $1");
        let row: Option<TransferRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(transfer_of).transpose()
    }

    async fn transfers_of_case(&self, case_id: Uuid) -> Result<Vec<Transfer>> {
        let sql = format!("{TRANSFERS} WHERE case_id = $1 ORDER BY requested_at");
        let rows: Vec<TransferRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(case_id).fetch_all(p).await).map_err(db_error)?;
        rows.into_iter().map(transfer_of).collect()
    }

    async fn incoming_transfers(&self, organisation_id: Uuid) -> Result<Vec<Transfer>> {
        let sql = format!("{TRANSFERS} WHERE to_organisation_id = $1 AND status = 'requested' ORDER BY requested_at");
        let rows: Vec<TransferRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(organisation_id).fetch_all(p).await)
                .map_err(db_error)?;
        rows.into_iter().map(transfer_of).collect()
    }

    async fn decide_transfer(&self, t: &Transfer, moved: Option<&Case>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE case_transfers SET status = $1, decided_by = $2, decided_at = $3, comment = $4 WHERE id = $5",
            )
            .bind(t.status.as_str())
            .bind(t.decided_by)
            .bind(t.decided_at)
            .bind(&t.comment)
            .bind(t.id)
            .execute(&mut *tx)
            .await?;
            if let Some(c) = moved {
                sqlx::query(
                    "UPDATE cases SET organisation_id = $1, owner_id = $2, district_code = $3, updated_at = $4 \
                     WHERE id = $5",
                )
                .bind(c.organisation_id)
                .bind(c.owner_id)
                .bind(c.district_code.as_str())
                .bind(c.updated_at)
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM case_assignees WHERE case_id = $1").bind(c.id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM restricted_record_assignees WHERE entity = 'case' AND entity_id = $1")
                    .bind(c.id.to_string())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE restricted_records SET owner_id = $1, organisation_id = $2 \
                     WHERE entity = 'case' AND entity_id = $3",
                )
                .bind(c.owner_id)
                .bind(c.organisation_id)
                .bind(c.id.to_string())
                .execute(&mut *tx)
                .await?;
            }
        })
    }
}
