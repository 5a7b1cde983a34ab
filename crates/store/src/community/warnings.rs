//! Early warnings.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::warning::{Warning, WarningKind, WarningOutcome, WarningStatus, WarningUrgency};
use satuatap_core::referrals::referral::{Notification, OutboxMail};
use satuatap_core::repo::{WarningFilter, WarningRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::pool::{db_error, on_pool, stored, Db};

/// Warnings tell by e-mail only: their inbox is the warnings page.
pub(crate) const NO_NOTICES: &[Notification] = &[];

/// Inserts a warning through the transaction `$tx` (a return notice writes
/// its warning in its own transaction).
macro_rules! insert_warning {
    ($tx:expr, $w:expr) => {{
        let w: &Warning = $w;
        sqlx::query(
            "INSERT INTO early_warnings (id, kind, urgency, village_code, person_id, partner_id, summary, restricted, \
             raised_by, raised_by_organisation, raised_at, due_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(w.id)
        .bind(w.kind.as_str())
        .bind(w.urgency.as_str())
        .bind(w.village_code.as_str())
        .bind(w.person_id)
        .bind(w.partner_id)
        .bind(&w.summary)
        .bind(w.restricted)
        .bind(w.raised_by)
        .bind(w.raised_by_organisation)
        .bind(w.raised_at)
        .bind(w.due_at)
        .execute(&mut *$tx)
        .await
    }};
}
pub(crate) use insert_warning;

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    kind: String,
    urgency: String,
    village_code: String,
    person_id: Option<Uuid>,
    partner_id: Option<Uuid>,
    partner_name: Option<String>,
    summary: String,
    restricted: bool,
    raised_by: Option<Uuid>,
    raised_by_organisation: Uuid,
    raised_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    acknowledged_by: Option<Uuid>,
    acknowledged_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    outcome_note: Option<String>,
    case_id: Option<Uuid>,
    ended_by: Option<Uuid>,
    ended_at: Option<DateTime<Utc>>,
}

impl TryFrom<Row> for Warning {
    type Error = satuatap_core::Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Warning {
            id: r.id,
            kind: stored("warning kind", r.kind.parse::<WarningKind>())?,
            urgency: stored("urgency", r.urgency.parse::<WarningUrgency>())?,
            village_code: stored("village", AreaCode::parse("village", &r.village_code))?,
            person_id: r.person_id,
            person_name: None,
            partner_id: r.partner_id,
            partner_name: r.partner_name,
            summary: r.summary,
            restricted: r.restricted,
            raised_by: r.raised_by,
            raised_by_organisation: r.raised_by_organisation,
            raised_at: r.raised_at,
            due_at: r.due_at,
            acknowledged_by: r.acknowledged_by,
            acknowledged_at: r.acknowledged_at,
            outcome: r.outcome.map(|o| stored("outcome", o.parse::<WarningOutcome>())).transpose()?,
            outcome_note: r.outcome_note,
            case_id: r.case_id,
            ended_by: r.ended_by,
            ended_at: r.ended_at,
            status: WarningStatus::Raised,
            overdue: false,
        })
    }
}

const SELECT: &str = "SELECT w.id, w.kind, w.urgency, w.village_code, w.person_id, w.partner_id, \
     o.name AS partner_name, w.summary, w.restricted, w.raised_by, w.raised_by_organisation, w.raised_at, w.due_at, \
     w.acknowledged_by, w.acknowledged_at, w.outcome, w.outcome_note, w.case_id, w.ended_by, w.ended_at \
     FROM early_warnings w LEFT JOIN organisations o ON o.id = w.partner_id";

#[async_trait]
impl WarningRepository for Db {
    async fn insert_warning(&self, w: &Warning, mails: &[OutboxMail], audit: &AuditRecord) -> Result<()> {
        crate::audit::audited!(self, audit, |tx| {
            insert_warning!(tx, w)?;
            crate::referrals::write_notices!(tx, NO_NOTICES, mails).await?;
        })
    }

    async fn overdue_warnings(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Warning>> {
        let sql = format!(
            "{SELECT} WHERE w.acknowledged_at IS NULL AND w.outcome IS NULL AND w.due_at < $1 \
             AND w.overdue_notified = FALSE ORDER BY w.due_at, w.id LIMIT $2"
        );
        let rows: Vec<Row> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(now).bind(i64::from(limit)).fetch_all(p).await)
                .map_err(db_error)?;
        rows.into_iter().map(Warning::try_from).collect()
    }

    async fn mark_warning_overdue(&self, id: Uuid, mails: &[OutboxMail], audit: &AuditRecord) -> Result<bool> {
        crate::audit::audited_if_changed!(self, audit, |tx| {
            let changed = sqlx::query(
                "UPDATE early_warnings SET overdue_notified = TRUE \
                 WHERE id = $1 AND overdue_notified = FALSE AND acknowledged_at IS NULL AND outcome IS NULL",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if changed {
                crate::referrals::write_notices!(tx, NO_NOTICES, mails).await?;
            }
            changed
        })
    }

    async fn get_warning(&self, id: Uuid) -> Result<Option<Warning>> {
        let sql = format!("{SELECT} WHERE w.id = $1");
        let row: Option<Row> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(Warning::try_from).transpose()
    }

    async fn list_warnings(&self, filter: &WarningFilter, limit: u32) -> Result<Vec<Warning>> {
        let rows: Vec<Row> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            qb.push(" WHERE (");
            if filter.all {
                qb.push("1 = 1");
            } else {
                qb.push("1 = 0");
                if let Some(area) = &filter.within {
                    qb.push(" OR w.village_code = ")
                        .push_bind(area.as_str().to_string())
                        .push(" OR w.village_code LIKE ")
                        .push_bind(crate::search::inside_pattern(area.as_str()));
                }
                if let Some(org) = filter.partner_id {
                    qb.push(" OR w.partner_id = ").push_bind(org);
                }
                if let Some(user) = filter.raised_by {
                    qb.push(" OR w.raised_by = ").push_bind(user);
                }
            }
            qb.push(")");
            if filter.open_only {
                qb.push(" AND w.outcome IS NULL");
            }
            qb.push(" ORDER BY CASE WHEN w.outcome IS NULL THEN 0 ELSE 1 END, w.due_at, w.id LIMIT ")
                .push_bind(i64::from(limit));
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        rows.into_iter().map(Warning::try_from).collect()
    }

    async fn acknowledge_warning(
        &self,
        id: Uuid,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<bool> {
        crate::audit::audited_if_changed!(self, audit, |tx| {
            sqlx::query(
                "UPDATE early_warnings SET acknowledged_by = $1, acknowledged_at = $2 \
                 WHERE id = $3 AND acknowledged_at IS NULL AND outcome IS NULL",
            )
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        })
    }

    async fn end_warning(
        &self,
        id: Uuid,
        outcome: WarningOutcome,
        note: Option<&str>,
        case_id: Option<Uuid>,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<bool> {
        // Ending acknowledges too, when nobody had.
        crate::audit::audited_if_changed!(self, audit, |tx| {
            sqlx::query(
                "UPDATE early_warnings SET outcome = $1, outcome_note = $2, case_id = $3, ended_by = $4, \
                 ended_at = $5, acknowledged_by = COALESCE(acknowledged_by, $4), \
                 acknowledged_at = COALESCE(acknowledged_at, $5) WHERE id = $6 AND outcome IS NULL",
            )
            .bind(outcome.as_str())
            .bind(note)
            .bind(case_id)
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        })
    }
}
