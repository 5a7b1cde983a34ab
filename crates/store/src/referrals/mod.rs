//! Referrals; the districts' pathways, notifications and the outbox in the
//! modules below.

pub(crate) mod notifications;
pub(crate) mod outbox;
pub(crate) mod pathways;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::referrals::referral::{
    AnswerChannel, Need, Notification, OutboxMail, Referral, ReferralFilter, ReferralRecord, ReferralStatus,
    SharedItem, Urgency,
};
use satuatap_core::repo::ReferralRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db, STALE};

#[derive(sqlx::FromRow)]
struct ReferralRow {
    id: Uuid,
    case_id: Uuid,
    person_id: Uuid,
    service_id: Uuid,
    from_organisation_id: Uuid,
    to_organisation_id: Uuid,
    sent_by: Uuid,
    need: Option<String>,
    urgency: String,
    reason_sealed: String,
    shared: String,
    consent_id: Option<Uuid>,
    override_by: Option<Uuid>,
    override_sealed: Option<String>,
    status: String,
    sent_at: DateTime<Utc>,
    answer_due: DateTime<Utc>,
    completion_due: NaiveDate,
    answered_at: Option<DateTime<Utc>>,
    answered_by: Option<Uuid>,
    answered_via: Option<String>,
    decline_reason: Option<String>,
    completed_at: Option<DateTime<Utc>>,
    feedback_sealed: Option<String>,
    cancelled_at: Option<DateTime<Utc>>,
    external: bool,
    link_nonce: Option<String>,
    link_code_hash: Option<String>,
    link_code_sealed: Option<String>,
    link_expires_at: Option<DateTime<Utc>>,
    overdue_notified: Option<String>,
    updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT r.id, r.case_id, r.person_id, r.service_id, r.from_organisation_id, \
     r.to_organisation_id, r.sent_by, r.need, r.urgency, r.reason_sealed, r.shared, r.consent_id, r.override_by, \
     r.override_sealed, r.status, r.sent_at, r.answer_due, r.completion_due, r.answered_at, r.answered_by, \
     r.answered_via, r.decline_reason, r.completed_at, r.feedback_sealed, r.cancelled_at, r.external, r.link_nonce, \
     r.link_code_hash, r.link_code_sealed, r.link_expires_at, r.overdue_notified, r.updated_at FROM referrals r";

fn record_of(r: ReferralRow) -> Result<ReferralRecord> {
    let shared = r
        .shared
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| stored("shared item", s.parse::<SharedItem>()))
        .collect::<Result<Vec<_>>>()?;
    let status = stored("referral status", r.status.parse::<ReferralStatus>())?;
    Ok(ReferralRecord {
        referral: Referral {
            id: r.id,
            case_id: r.case_id,
            person_id: r.person_id,
            service_id: r.service_id,
            from_organisation_id: r.from_organisation_id,
            to_organisation_id: r.to_organisation_id,
            sent_by: r.sent_by,
            need: r.need.map(|n| stored("need", n.parse::<Need>())).transpose()?,
            urgency: stored("urgency", r.urgency.parse::<Urgency>())?,
            reason: r.reason_sealed,
            shared,
            consent_id: r.consent_id,
            override_by: r.override_by,
            override_reason: r.override_sealed,
            status,
            overdue: false,
            sent_at: r.sent_at,
            answer_due: r.answer_due,
            completion_due: r.completion_due,
            answered_at: r.answered_at,
            answered_by: r.answered_by,
            answered_via: r.answered_via.map(|v| stored("answer channel", v.parse::<AnswerChannel>())).transpose()?,
            decline_reason: r.decline_reason,
            completed_at: r.completed_at,
            feedback: r.feedback_sealed,
            cancelled_at: r.cancelled_at,
            external: r.external,
            link_expires_at: r.link_expires_at,
            updated_at: r.updated_at,
        },
        link_nonce: r.link_nonce,
        link_code: r.link_code_hash.zip(r.link_code_sealed),
        overdue_notified: r
            .overdue_notified
            .map(|s| stored("overdue status", s.parse::<ReferralStatus>()))
            .transpose()?,
    })
}

fn shared_text(items: &[SharedItem]) -> String {
    items.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(",")
}

/// Writes notifications and e-mails through the transaction `$tx`.
macro_rules! write_notices {
    ($tx:expr, $notifications:expr, $mails:expr) => {
        async {
            for n in $notifications {
                sqlx::query(
                    "INSERT INTO notifications (id, user_id, organisation_id, kind, referral_id, account_id, \
                     created_at, read_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(n.id)
                .bind(n.user_id)
                .bind(n.organisation_id)
                .bind(n.kind.as_str())
                .bind(n.referral_id)
                .bind(n.account_id)
                .bind(n.created_at)
                .bind(n.read_at)
                .execute(&mut *$tx)
                .await?;
            }
            for m in $mails {
                sqlx::query(
                    "INSERT INTO outbox (id, to_address, kind, referral_id, warning_id, created_at, attempts) \
                     VALUES ($1, $2, $3, $4, $5, $6, 0)",
                )
                .bind(m.id)
                .bind(&m.to_address)
                .bind(m.kind.as_str())
                .bind(m.referral_id)
                .bind(m.warning_id)
                .bind(m.created_at)
                .execute(&mut *$tx)
                .await?;
            }
            Ok::<_, sqlx::Error>(())
        }
    };
}
pub(crate) use write_notices;

#[async_trait]
impl ReferralRepository for Db {
    async fn insert_referral(
        &self,
        record: &ReferralRecord,
        notifications: &[Notification],
        mails: &[OutboxMail],
        audit: &AuditRecord,
    ) -> Result<()> {
        let r = &record.referral;
        let (code_hash, code_sealed) = record.link_code.clone().unzip();
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO referrals (id, case_id, person_id, service_id, from_organisation_id, to_organisation_id, \
                 sent_by, need, urgency, reason_sealed, shared, consent_id, override_by, override_sealed, status, \
                 sent_at, answer_due, completion_due, external, link_nonce, link_code_hash, link_code_sealed, \
                 link_expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                 $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
            )
            .bind(r.id)
            .bind(r.case_id)
            .bind(r.person_id)
            .bind(r.service_id)
            .bind(r.from_organisation_id)
            .bind(r.to_organisation_id)
            .bind(r.sent_by)
            .bind(r.need.map(|n| n.as_str()))
            .bind(r.urgency.as_str())
            .bind(&r.reason)
            .bind(shared_text(&r.shared))
            .bind(r.consent_id)
            .bind(r.override_by)
            .bind(&r.override_reason)
            .bind(r.status.as_str())
            .bind(r.sent_at)
            .bind(r.answer_due)
            .bind(r.completion_due)
            .bind(r.external)
            .bind(&record.link_nonce)
            .bind(&code_hash)
            .bind(&code_sealed)
            .bind(r.link_expires_at)
            .bind(r.updated_at)
            .execute(&mut *tx)
            .await?;
            write_notices!(tx, notifications, mails).await?;
        })
    }

    async fn get_referral(&self, id: Uuid) -> Result<Option<ReferralRecord>> {
        let sql = format!("{SELECT} WHERE r.id = $1");
        let row: Option<ReferralRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(record_of).transpose()
    }

    async fn referral_by_code_hash(&self, code_hash: &str) -> Result<Option<ReferralRecord>> {
        let sql = format!("{SELECT} WHERE r.link_code_hash = $1");
        let row: Option<ReferralRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(code_hash).fetch_optional(p).await)
                .map_err(db_error)?;
        row.map(record_of).transpose()
    }

    async fn list_referrals(&self, filter: &ReferralFilter, page: PageRequest) -> Result<Page<ReferralRecord>> {
        let (rows, total): (Vec<ReferralRow>, i64) = on_pool!(&self.pool, |p, DB| async {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                push_referral_filters(qb, filter);
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb);
            qb.push(" ORDER BY r.sent_at DESC, r.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows: Vec<ReferralRow> = qb.build_query_as().fetch_all(p).await?;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM referrals r");
            push_filters(&mut cq);
            let total: i64 = cq.build_query_scalar().fetch_one(p).await?;
            Ok::<_, sqlx::Error>((rows, total))
        }
        .await)
        .map_err(db_error)?;
        let items = rows.into_iter().map(record_of).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn overdue_referrals(
        &self,
        filter: &ReferralFilter,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ReferralRecord>> {
        let today = now.date_naive();
        let rows: Vec<ReferralRow> = on_pool!(&self.pool, |p, DB| async {
            // A union, not an OR: each side uses an index — the sender's or
            // the sending organisation's (status first) when the filter
            // names one, else the (status, deadline) one.
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            let whose = |qb: &mut QueryBuilder<DB>, alias: &str| {
                if let Some(u) = filter.sent_by {
                    qb.push(format!(" AND {alias}.sent_by = ")).push_bind(u);
                }
                if let Some(o) = filter.from_organisation_id {
                    qb.push(format!(" AND {alias}.from_organisation_id = ")).push_bind(o);
                }
            };
            qb.push(" WHERE r.id IN (SELECT a.id FROM referrals a WHERE a.status = 'sent' AND a.answer_due < ")
                .push_bind(now);
            whose(&mut qb, "a");
            qb.push(" UNION SELECT b.id FROM referrals b WHERE b.status = 'accepted' AND b.completion_due < ")
                .push_bind(today);
            whose(&mut qb, "b");
            qb.push(")");
            push_referral_conditions(&mut qb, filter);
            qb.push(" ORDER BY r.sent_at, r.id LIMIT ").push_bind(i64::from(limit));
            qb.build_query_as().fetch_all(p).await
        }
        .await)
        .map_err(db_error)?;
        rows.into_iter().map(record_of).collect()
    }

    async fn update_referral(
        &self,
        record: &ReferralRecord,
        expected: ReferralStatus,
        notifications: &[Notification],
        mails: &[OutboxMail],
        audit: &AuditRecord,
    ) -> Result<()> {
        let r = &record.referral;
        let (code_hash, code_sealed) = record.link_code.clone().unzip();
        let changed = audited!(self, audit, |tx| {
            let done = sqlx::query(
                "UPDATE referrals SET status = $1, answered_at = $2, answered_by = $3, answered_via = $4, \
                 decline_reason = $5, completed_at = $6, feedback_sealed = $7, cancelled_at = $8, link_nonce = $9, \
                 link_code_hash = $10, link_code_sealed = $11, link_expires_at = $12, overdue_notified = $13, \
                 updated_at = $14 WHERE id = $15 AND status = $16",
            )
            .bind(r.status.as_str())
            .bind(r.answered_at)
            .bind(r.answered_by)
            .bind(r.answered_via.map(AnswerChannel::as_str))
            .bind(&r.decline_reason)
            .bind(r.completed_at)
            .bind(&r.feedback)
            .bind(r.cancelled_at)
            .bind(&record.link_nonce)
            .bind(&code_hash)
            .bind(&code_sealed)
            .bind(r.link_expires_at)
            .bind(record.overdue_notified.map(|s| s.as_str()))
            .bind(r.updated_at)
            .bind(r.id)
            .bind(expected.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                // Rolls the transaction (and its audit entry) back.
                return Err(sqlx::Error::Protocol(STALE.into()));
            }
            write_notices!(tx, notifications, mails).await?;
            done
        });
        changed.map(|_| ())
    }

    async fn set_referral_dates(
        &self,
        id: Uuid,
        sent_at: DateTime<Utc>,
        answer_due: DateTime<Utc>,
        completion_due: NaiveDate,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE referrals SET sent_at = $1, answer_due = $2, completion_due = $3 WHERE id = $4")
                .bind(sent_at)
                .bind(answer_due)
                .bind(completion_due)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }
}

fn push_referral_filters<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, filter: &ReferralFilter)
where
    Uuid: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    qb.push(" WHERE 1 = 1");
    push_referral_conditions(qb, filter);
}

fn push_referral_conditions<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, filter: &ReferralFilter)
where
    Uuid: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if let Some(o) = filter.from_organisation_id {
        qb.push(" AND r.from_organisation_id = ").push_bind(o);
    }
    if let Some(o) = filter.to_organisation_id {
        qb.push(" AND r.to_organisation_id = ").push_bind(o);
    }
    if let Some(u) = filter.sent_by {
        qb.push(" AND r.sent_by = ").push_bind(u);
    }
    if let Some(c) = filter.case_id {
        qb.push(" AND r.case_id = ").push_bind(c);
    }
    if !filter.statuses.is_empty() {
        qb.push(" AND r.status IN (");
        bind_list(qb, filter.statuses.iter().map(|s| s.as_str().to_string()));
        qb.push(")");
    }
    if let Some(cases) = &filter.readable_cases {
        // Correlated: each referral's case looked up by its key, rather than
        // every case of the reader's scope listed first.
        qb.push(" AND EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id");
        crate::cases::push_case_conditions(qb, cases);
        qb.push(")");
    }
}
