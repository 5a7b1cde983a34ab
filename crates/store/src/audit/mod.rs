//! Audit log repository. Every write elsewhere appends its entry inside its
//! own transaction with [`append_audit!`], so a change and its audit entry
//! are stored together or not at all.

pub(crate) mod group;
pub(crate) mod seal;
pub(crate) mod sequencer;

use async_trait::async_trait;
use satuatap_core::audit::chain::{AuditEntry, AuditRecord};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::{AuditFilter, AuditNameIds, AuditNameRows, AuditRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};

/// The start of an insert of audit entries; each row's values by
/// [`push_entry!`].
pub(crate) const INSERT_ENTRIES: &str = "INSERT INTO audit_log (seq, at_micros, actor_id, actor_name, action, \
     entity, entity_id, details, op_id, prev_hash, hash, subject_person, subject_case, subject_referral, \
     subject_visit, subject_organisation, subject_warning) ";

/// Pushes the values of the entry `$record` placed at `$appended` (an
/// [`crate::audit::seal::Appended`]) onto a row of `push_values` after
/// [`INSERT_ENTRIES`].
macro_rules! push_entry {
    ($b:expr, $record:expr, $appended:expr) => {{
        let record: &satuatap_core::audit::chain::AuditRecord = $record;
        let appended: &$crate::audit::seal::Appended = $appended;
        let subjects = record.subjects();
        $b.push_bind(appended.seq)
            .push_bind(record.at.timestamp_micros())
            .push_bind(record.actor_id)
            .push_bind(&record.actor_name)
            .push_bind(&record.action)
            .push_bind(&record.entity)
            .push_bind(&record.entity_id)
            .push_bind(record.details.to_string())
            .push_bind(&record.op_id)
            .push_bind(&appended.prev_hash)
            .push_bind(&appended.hash)
            .push_bind(subjects.person)
            .push_bind(subjects.case)
            .push_bind(subjects.referral)
            .push_bind(subjects.visit)
            .push_bind(subjects.organisation)
            .push_bind(subjects.warning);
    }};
}
pub(crate) use push_entry;

/// Appends `$record` to the chain `$chain` (a [`crate::audit::seal::Chain`])
/// through the transaction `$tx`: advance the head (serialising appends),
/// hash, insert, store the new head. Gives an [`crate::audit::seal::Appended`]
/// to pass to `$chain.committed(..)` after the commit (the checkpoint).
macro_rules! append_audit {
    ($chain:expr, $tx:expr, $record:expr) => {
        async {
            let chain: &$crate::audit::seal::Chain = &$chain;
            let record: &satuatap_core::audit::chain::AuditRecord = $record;
            let (seq, prev): (i64, String) =
                sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                    .fetch_one(&mut *$tx)
                    .await?;
            let hash = chain.hash(seq, record, &prev);
            let appended = $crate::audit::seal::Appended { seq, prev_hash: prev, hash };
            let mut qb = sqlx::QueryBuilder::new($crate::audit::INSERT_ENTRIES);
            qb.push_values(std::iter::once(&appended), |mut b, appended| {
                $crate::audit::push_entry!(b, record, appended);
            });
            qb.build().execute(&mut *$tx).await?;
            sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&appended.hash).execute(&mut *$tx).await?;
            Ok::<_, sqlx::Error>(appended)
        }
    };
    ($tx:expr, $record:expr) => {
        compile_error!(
            "append_audit! needs the chain: `let appended = append_audit!(self.chain, tx, audit).await?;`, \
             then after the commit `self.chain.committed(appended).await;`"
        )
    };
}
pub(crate) use append_audit;

/// Runs `$body` (statements using the transaction `$tx`) and appends
/// `$audit`, as one item of the writer's batch ([`group`]) on whichever
/// engine: the change and its audit entry are stored together or not at
/// all, and the result comes back once they are committed. After the
/// commit the checkpoint of the chain advances.
macro_rules! audited {
    ($db:expr, $audit:expr, |$tx:ident| $body:block) => {
        $crate::audit::group::on_group!(&$db.group, |g| async {
            let mut item = g.enter().await?;
            let out = {
                let $tx = item.conn()?;
                $body
            };
            item.audit(&$db.chain, $audit).await?;
            item.finish().await?;
            Ok::<_, sqlx::Error>(out)
        }
        .await)
        .map_err($crate::pool::db_error)
    };
}
pub(crate) use audited;

/// As [`audited`], for a change that may find nothing to change (a row no
/// longer in the state it must be in): `$body` says whether it changed
/// anything; only then is the entry written and the item kept, else it is
/// undone. Gives whether it changed.
macro_rules! audited_if_changed {
    ($db:expr, $audit:expr, |$tx:ident| $body:block) => {
        $crate::audit::group::on_group!(&$db.group, |g| async {
            let mut item = g.enter().await?;
            let changed: bool = {
                let $tx = item.conn()?;
                $body
            };
            if !changed {
                item.undo().await?;
                return Ok::<_, sqlx::Error>(false);
            }
            item.audit(&$db.chain, $audit).await?;
            item.finish().await?;
            Ok(true)
        }
        .await)
        .map_err($crate::pool::db_error)
    };
}
pub(crate) use audited_if_changed;

/// An entry's record as stored, in `audit_log` and in `audit_pending`.
#[derive(sqlx::FromRow)]
pub(crate) struct RecordRow {
    at_micros: i64,
    actor_id: Option<Uuid>,
    actor_name: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    details: String,
    op_id: String,
}

impl RecordRow {
    /// The record, read back as it was hashed; `Err` with the stored time
    /// when that is out of range.
    pub(crate) fn record(self) -> std::result::Result<AuditRecord, i64> {
        Ok(AuditRecord {
            at: chrono::DateTime::from_timestamp_micros(self.at_micros).ok_or(self.at_micros)?,
            actor_id: self.actor_id,
            actor_name: self.actor_name,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            // An unreadable details text is kept as a string, so that
            // verification reports the row as altered rather than failing.
            details: serde_json::from_str(&self.details).unwrap_or(serde_json::Value::String(self.details)),
            op_id: self.op_id,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    #[sqlx(flatten)]
    record: RecordRow,
    prev_hash: String,
    hash: String,
}

impl TryFrom<AuditRow> for AuditEntry {
    type Error = satuatap_core::Error;
    fn try_from(r: AuditRow) -> Result<Self> {
        let record = stored("audit time", r.record.record())?;
        Ok(AuditEntry {
            seq: r.seq,
            at: record.at,
            actor_id: record.actor_id,
            actor_name: record.actor_name,
            action: record.action,
            entity: record.entity,
            entity_id: record.entity_id,
            details: record.details,
            op_id: record.op_id,
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
    }
}

const SELECT: &str = "SELECT seq, at_micros, actor_id, actor_name, action, entity, entity_id, details, op_id, \
     prev_hash, hash FROM audit_log";

#[async_trait]
impl AuditRepository for Db {
    async fn append_audit(&self, record: &AuditRecord) -> Result<AuditEntry> {
        // An audited read's entry alone, in the writer's batch: durable
        // before the read is answered, without a transaction of its own.
        let appended = group::on_group!(&self.group, |g| async {
            let mut item = g.enter().await?;
            item.audit(&self.chain, record).await?;
            item.finish().await
        }
        .await)
        .map_err(db_error)?;
        // Where it went (unknown only when another process linked it).
        let (seq, prev_hash, hash) = appended.map(|a| (a.seq, a.prev_hash, a.hash)).unwrap_or_default();
        Ok(AuditEntry {
            seq,
            at: record.at,
            actor_id: record.actor_id,
            actor_name: record.actor_name.clone(),
            action: record.action.clone(),
            entity: record.entity.clone(),
            entity_id: record.entity_id.clone(),
            details: record.details.clone(),
            op_id: record.op_id.clone(),
            prev_hash,
            hash,
        })
    }

    async fn list_audit(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        let (rows, total): (Vec<AuditRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE 1 = 1");
                if let Some(actor) = filter.actor_id {
                    qb.push(" AND actor_id = ").push_bind(actor);
                }
                if let Some(name) = &filter.actor_name {
                    qb.push(" AND actor_name = ").push_bind(name.clone());
                }
                if let Some(action) = &filter.action {
                    qb.push(" AND action = ").push_bind(action.as_str());
                }
                if let Some(entity) = &filter.entity {
                    qb.push(" AND entity = ").push_bind(entity.as_str());
                }
                if let Some(id) = &filter.entity_id {
                    qb.push(" AND entity_id = ").push_bind(id.clone());
                }
                if let Some(person) = filter.person_id {
                    // Herself, her cases and her visits.
                    qb.push(" AND (subject_person = ")
                        .push_bind(person)
                        .push(" OR subject_case IN (SELECT pc.id FROM cases pc WHERE pc.person_id = ")
                        .push_bind(person)
                        .push(") OR subject_visit IN (SELECT pv.id FROM visits pv WHERE pv.person_id = ")
                        .push_bind(person)
                        .push("))");
                }
                if let Some(case) = filter.case_id {
                    // The case and its referrals.
                    qb.push(" AND (subject_case = ")
                        .push_bind(case)
                        .push(" OR subject_referral IN (SELECT cf.id FROM referrals cf WHERE cf.case_id = ")
                        .push_bind(case)
                        .push("))");
                }
                if let Some(since) = filter.since {
                    qb.push(" AND at_micros >= ").push_bind(since.timestamp_micros());
                }
                if let Some(before) = filter.before {
                    qb.push(" AND at_micros < ").push_bind(before.timestamp_micros());
                }
                if let Some(reader) = &filter.hidden_from {
                    crate::access::push_audit_filter(qb, reader);
                }
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb);
            qb.push(" ORDER BY seq DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM audit_log");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        let items = rows.into_iter().map(AuditEntry::try_from).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn audit_names(&self, ids: &AuditNameIds) -> Result<AuditNameRows> {
        /// `SELECT … WHERE <column> IN (<ids>)`, or nothing without ids.
        fn any_of<'a, DB: sqlx::Database>(select: &str, column: &str, ids: &'a [Uuid]) -> Option<QueryBuilder<'a, DB>>
        where
            Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        {
            if ids.is_empty() {
                return None;
            }
            let mut qb = QueryBuilder::new(select);
            qb.push(" WHERE ").push(column).push(" IN (");
            bind_list(&mut qb, ids.iter().copied());
            qb.push(")");
            Some(qb)
        }
        on_pool!(&self.pool, |p, DB| async {
            let mut rows = AuditNameRows::default();
            if let Some(mut qb) = any_of::<DB>("SELECT id, display_name, username FROM users", "id", &ids.users) {
                rows.users = qb.build_query_as().fetch_all(p).await?;
            }
            if let Some(mut qb) = any_of::<DB>("SELECT id, name FROM offices", "id", &ids.offices) {
                rows.offices = qb.build_query_as().fetch_all(p).await?;
            }
            if let Some(mut qb) = any_of::<DB>("SELECT id, name FROM services", "id", &ids.services) {
                rows.services = qb.build_query_as().fetch_all(p).await?;
            }
            if let Some(mut qb) = any_of::<DB>(
                "SELECT f.id, f.case_id, s.name FROM referrals f JOIN services s ON s.id = f.service_id",
                "f.id",
                &ids.referrals,
            ) {
                rows.referrals = qb.build_query_as().fetch_all(p).await?;
            }
            Ok::<_, sqlx::Error>(rows)
        }
        .await)
        .map_err(db_error)
    }

    async fn audit_after(&self, seq: i64, limit: u32) -> Result<Vec<AuditEntry>> {
        let sql = format!("{SELECT} WHERE seq > $1 ORDER BY seq LIMIT $2");
        let rows: Vec<AuditRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(seq).bind(i64::from(limit)).fetch_all(p).await)
                .map_err(db_error)?;
        rows.into_iter().map(AuditEntry::try_from).collect()
    }

    async fn audit_seal(&self) -> Result<Option<satuatap_core::audit::seal::AuditSealState>> {
        self.seal_state()
    }
}
