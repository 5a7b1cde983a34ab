//! Bulk case import: many cases per statement (COPY on PostgreSQL), all in
//! one transaction, with their users, tasks, need-to-know records,
//! approvals, incidents and sharing consents.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::case::{ClosureReason, PerpetratorRelationship};
use satuatap_core::repo::{CaseImportRecord, CaseImportRepository, CaseImportSession};
use satuatap_core::Result;
use sqlx::{PgConnection, Postgres, QueryBuilder, Sqlite, Transaction};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::audit::seal::Chain;
use crate::pg_copy::{copy, Rows};
use crate::pool::{db_error, Db, Pool};
use crate::reports::aggregates::{pause_in, rebuild_in};

/// Rows per statement, under SQLite's 32,766 bound parameters.
const ROWS_PER_STATEMENT: usize = 1000;

pub(crate) enum CaseTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

pub(crate) struct CaseImport {
    pub(crate) tx: CaseTx,
    pub(crate) chain: Chain,
    /// Whether the aggregate triggers were paused before the import paused
    /// them for its transaction (they are left so when it commits).
    pub(crate) paused: bool,
}

/// The JSON texts of a case's lists, in the order of the `cases` columns.
pub(crate) struct CaseTexts {
    pub needs: String,
    pub labour: String,
    pub indicators: String,
    pub dimensions: String,
}

pub(crate) fn texts(r: &CaseImportRecord) -> Result<CaseTexts> {
    let json = |v: serde_json::Result<String>| v.map_err(satuatap_core::Error::internal);
    let c = &r.case;
    Ok(CaseTexts {
        needs: json(serde_json::to_string(&c.needs))?,
        labour: json(serde_json::to_string(&c.labour_categories))?,
        indicators: json(serde_json::to_string(&c.forced_labour_indicators))?,
        dimensions: json(serde_json::to_string(&c.trafficking_dimensions))?,
    })
}

/// Inserts the records through an SQLite transaction.
async fn insert_sqlite(
    tx: &mut Transaction<'static, Sqlite>,
    records: &[CaseImportRecord],
    texts: &[CaseTexts],
) -> std::result::Result<(), sqlx::Error> {
    // 22 columns: 1,000 rows would pass the bound-parameter limit.
    for (chunk, texts) in records.chunks(ROWS_PER_STATEMENT / 2).zip(texts.chunks(ROWS_PER_STATEMENT / 2)) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO cases (id, person_id, kind, status, stage, risk, owner_id, organisation_id, district_code, \
             restricted, needs, labour_categories, forced_labour_indicators, trafficking_dimensions, opened_at, \
             first_action_due, first_action_at, closed_at, closure_reason, outcome, pending_approval, updated_at) ",
        );
        qb.push_values(chunk.iter().zip(texts), |mut b, (r, t)| {
            let c = &r.case;
            b.push_bind(c.id)
                .push_bind(c.person_id)
                .push_bind(c.kind.as_str())
                .push_bind(c.status.as_str())
                .push_bind(c.stage.as_str())
                .push_bind(c.risk.as_str())
                .push_bind(c.owner_id)
                .push_bind(c.organisation_id)
                .push_bind(c.district_code.as_str())
                .push_bind(c.restricted)
                .push_bind(t.needs.as_str())
                .push_bind(t.labour.as_str())
                .push_bind(t.indicators.as_str())
                .push_bind(t.dimensions.as_str())
                .push_bind(c.opened_at)
                .push_bind(c.first_action_due)
                .push_bind(c.first_action_at)
                .push_bind(c.closed_at)
                .push_bind(c.closure_reason.map(ClosureReason::as_str))
                .push_bind(c.outcome.as_deref())
                .push_bind(c.pending_approval)
                .push_bind(c.updated_at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    let restricted: Vec<_> = records.iter().map(|r| &r.case).filter(|c| c.restricted).collect();
    for chunk in restricted.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO restricted_records (entity, entity_id, owner_id, organisation_id, created_at) ",
        );
        qb.push_values(chunk, |mut b, c| {
            b.push_bind("case")
                .push_bind(c.id.to_string())
                .push_bind(c.owner_id)
                .push_bind(c.organisation_id)
                .push_bind(c.opened_at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    let assigned: Vec<(Uuid, Uuid, bool)> =
        records.iter().flat_map(|r| r.case.assigned.iter().map(|u| (r.case.id, *u, r.case.restricted))).collect();
    for chunk in assigned.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new("INSERT INTO case_assignees (case_id, user_id) ");
        qb.push_values(chunk, |mut b, (c, u, _)| {
            b.push_bind(*c).push_bind(*u);
        });
        qb.build().execute(&mut **tx).await?;
    }
    let need_to_know: Vec<_> = assigned.iter().filter(|(_, _, restricted)| *restricted).collect();
    for chunk in need_to_know.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT INTO restricted_record_assignees (entity, entity_id, user_id) ");
        qb.push_values(chunk, |mut b, (c, u, _)| {
            b.push_bind("case").push_bind(c.to_string()).push_bind(*u);
        });
        qb.build().execute(&mut **tx).await?;
    }
    let tasks: Vec<_> = records.iter().flat_map(|r| &r.tasks).collect();
    for chunk in tasks.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO case_tasks (id, case_id, what, assignee_id, due, done_at, created_by, created_at) ",
        );
        qb.push_values(chunk, |mut b, t| {
            b.push_bind(t.id)
                .push_bind(t.case_id)
                .push_bind(t.what.as_str())
                .push_bind(t.assignee_id)
                .push_bind(t.due)
                .push_bind(t.done_at)
                .push_bind(t.created_by)
                .push_bind(t.created_at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    let approvals: Vec<_> = records.iter().filter_map(|r| r.approval.as_ref()).collect();
    for chunk in approvals.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO case_approvals (id, case_id, kind, status, closure_reason, outcome, requested_by, \
             requested_at, decided_by, decided_at, comment) ",
        );
        qb.push_values(chunk, |mut b, a| {
            b.push_bind(a.id)
                .push_bind(a.case_id)
                .push_bind(a.kind.as_str())
                .push_bind(a.status.as_str())
                .push_bind(a.closure_reason.map(ClosureReason::as_str))
                .push_bind(a.outcome.as_deref())
                .push_bind(a.requested_by)
                .push_bind(a.requested_at)
                .push_bind(a.decided_by)
                .push_bind(a.decided_at)
                .push_bind(a.comment.as_deref());
        });
        qb.build().execute(&mut **tx).await?;
    }
    let incidents: Vec<_> = records.iter().filter_map(|r| r.incident.as_ref()).collect();
    let mut incident_texts = Vec::with_capacity(incidents.len());
    for i in &incidents {
        incident_texts.push((
            serde_json::to_string(&i.answers).unwrap_or_else(|_| "{}".into()),
            serde_json::to_string(&i.contexts).unwrap_or_else(|_| "[]".into()),
        ));
    }
    for (chunk, texts) in incidents.chunks(ROWS_PER_STATEMENT).zip(incident_texts.chunks(ROWS_PER_STATEMENT)) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO case_incidents (case_id, answers, gbv_type, contexts, incident_date, first_report_date, \
             reporting_delay, perpetrator_relationship, reporting_consent, sealed_narrative, updated_at) ",
        );
        qb.push_values(chunk.iter().zip(texts), |mut b, (i, (answers, contexts))| {
            b.push_bind(i.case_id)
                .push_bind(answers.as_str())
                .push_bind(i.gbv_type.as_str())
                .push_bind(contexts.as_str())
                .push_bind(i.incident_date)
                .push_bind(i.first_report_date)
                .push_bind(i.reporting_delay.as_str())
                .push_bind(i.perpetrator_relationship.map(PerpetratorRelationship::as_str))
                .push_bind(i.reporting_consent)
                .push_bind(None::<String>)
                .push_bind(i.updated_at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    let consents: Vec<_> = records.iter().filter_map(|r| r.consent.as_ref()).collect();
    for chunk in consents.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO consents (id, person_id, purpose, status, method, date, organisation_id, note, recorded_by, \
             recorded_by_organisation, created_at) ",
        );
        qb.push_values(chunk, |mut b, k| {
            b.push_bind(k.id)
                .push_bind(k.person_id)
                .push_bind(k.purpose.as_str())
                .push_bind(k.status.as_str())
                .push_bind(k.method.as_str())
                .push_bind(k.date)
                .push_bind(k.organisation_id)
                .push_bind(k.note.as_deref())
                .push_bind(k.recorded_by)
                .push_bind(k.recorded_by_organisation)
                .push_bind(k.created_at);
        });
        qb.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Copies imported cases with their need-to-know records, users, tasks,
/// approvals, incidents and consents (`texts`: the JSON lists of each case).
pub(crate) async fn copy_cases(
    conn: &mut PgConnection,
    records: &[CaseImportRecord],
    texts: &[CaseTexts],
) -> Result<(), sqlx::Error> {
    let stamp = |t: DateTime<Utc>| t.to_rfc3339();
    let mut cases = Rows::default();
    let mut restricted = Rows::default();
    let mut assignees = Rows::default();
    let mut need_to_know = Rows::default();
    let mut tasks = Rows::default();
    let mut approvals = Rows::default();
    let mut incidents = Rows::default();
    let mut consents = Rows::default();
    for (r, t) in records.iter().zip(texts) {
        let c = &r.case;
        cases
            .value(Some(c.id))
            .value(Some(c.person_id))
            .text(Some(c.kind.as_str()))
            .text(Some(c.status.as_str()))
            .text(Some(c.stage.as_str()))
            .text(Some(c.risk.as_str()))
            .value(Some(c.owner_id))
            .value(Some(c.organisation_id))
            .text(Some(c.district_code.as_str()))
            .value(Some(c.restricted))
            .text(Some(&t.needs))
            .text(Some(&t.labour))
            .text(Some(&t.indicators))
            .text(Some(&t.dimensions))
            .value(Some(stamp(c.opened_at)))
            .value(Some(stamp(c.first_action_due)))
            .value(c.first_action_at.map(stamp))
            .value(c.closed_at.map(stamp))
            .text(c.closure_reason.map(ClosureReason::as_str))
            .text(c.outcome.as_deref())
            .value(c.pending_approval)
            .value(Some(stamp(c.updated_at)))
            .end();
        if c.restricted {
            restricted
                .text(Some("case"))
                .text(Some(&c.id.to_string()))
                .value(Some(c.owner_id))
                .value(Some(c.organisation_id))
                .value(Some(stamp(c.opened_at)))
                .end();
        }
        for u in &c.assigned {
            assignees.value(Some(c.id)).value(Some(*u)).end();
            if c.restricted {
                need_to_know.text(Some("case")).text(Some(&c.id.to_string())).value(Some(*u)).end();
            }
        }
        for k in &r.tasks {
            tasks
                .value(Some(k.id))
                .value(Some(k.case_id))
                .text(Some(&k.what))
                .value(Some(k.assignee_id))
                .value(k.due)
                .value(k.done_at.map(stamp))
                .value(k.created_by)
                .value(Some(stamp(k.created_at)))
                .end();
        }
        if let Some(a) = &r.approval {
            approvals
                .value(Some(a.id))
                .value(Some(a.case_id))
                .text(Some(a.kind.as_str()))
                .text(Some(a.status.as_str()))
                .text(a.closure_reason.map(ClosureReason::as_str))
                .text(a.outcome.as_deref())
                .value(Some(a.requested_by))
                .value(Some(stamp(a.requested_at)))
                .value(a.decided_by)
                .value(a.decided_at.map(stamp))
                .text(a.comment.as_deref())
                .end();
        }
        if let Some(i) = &r.incident {
            let answers = serde_json::to_string(&i.answers).unwrap_or_else(|_| "{}".into());
            let contexts = serde_json::to_string(&i.contexts).unwrap_or_else(|_| "[]".into());
            incidents
                .value(Some(i.case_id))
                .text(Some(&answers))
                .text(Some(i.gbv_type.as_str()))
                .text(Some(&contexts))
                .value(Some(i.incident_date))
                .value(Some(i.first_report_date))
                .text(Some(i.reporting_delay.as_str()))
                .text(i.perpetrator_relationship.map(PerpetratorRelationship::as_str))
                .value(Some(i.reporting_consent))
                .text(None)
                .value(Some(stamp(i.updated_at)))
                .end();
        }
        if let Some(k) = &r.consent {
            consents
                .value(Some(k.id))
                .value(Some(k.person_id))
                .text(Some(k.purpose.as_str()))
                .text(Some(k.status.as_str()))
                .text(Some(k.method.as_str()))
                .value(Some(k.date))
                .value(k.organisation_id)
                .text(k.note.as_deref())
                .value(k.recorded_by)
                .value(k.recorded_by_organisation)
                .value(Some(stamp(k.created_at)))
                .end();
        }
    }
    copy(
        conn,
        "COPY cases (id, person_id, kind, status, stage, risk, owner_id, organisation_id, district_code, restricted, \
         needs, labour_categories, forced_labour_indicators, trafficking_dimensions, opened_at, first_action_due, \
         first_action_at, closed_at, closure_reason, outcome, pending_approval, updated_at) FROM STDIN",
        cases,
    )
    .await?;
    copy(
        conn,
        "COPY restricted_records (entity, entity_id, owner_id, organisation_id, created_at) FROM STDIN",
        restricted,
    )
    .await?;
    copy(conn, "COPY case_assignees (case_id, user_id) FROM STDIN", assignees).await?;
    copy(conn, "COPY restricted_record_assignees (entity, entity_id, user_id) FROM STDIN", need_to_know).await?;
    copy(
        conn,
        "COPY case_tasks (id, case_id, what, assignee_id, due, done_at, created_by, created_at) FROM STDIN",
        tasks,
    )
    .await?;
    copy(
        conn,
        "COPY case_approvals (id, case_id, kind, status, closure_reason, outcome, requested_by, requested_at, \
         decided_by, decided_at, comment) FROM STDIN",
        approvals,
    )
    .await?;
    copy(
        conn,
        "COPY case_incidents (case_id, answers, gbv_type, contexts, incident_date, first_report_date, \
         reporting_delay, perpetrator_relationship, reporting_consent, sealed_narrative, updated_at) FROM STDIN",
        incidents,
    )
    .await?;
    copy(
        conn,
        "COPY consents (id, person_id, purpose, status, method, date, organisation_id, note, recorded_by, \
         recorded_by_organisation, created_at) FROM STDIN",
        consents,
    )
    .await?;
    Ok(())
}

#[async_trait]
impl CaseImportSession for CaseImport {
    async fn insert_cases(&mut self, records: &[CaseImportRecord]) -> Result<()> {
        let texts = records.iter().map(texts).collect::<Result<Vec<_>>>()?;
        match &mut self.tx {
            CaseTx::Sqlite(tx) => insert_sqlite(tx, records, &texts).await,
            CaseTx::Postgres(tx) => copy_cases(tx, records, &texts).await,
        }
        .map_err(db_error)
    }

    async fn commit(self: Box<Self>, audit: &AuditRecord) -> Result<()> {
        let (chain, paused) = (self.chain, self.paused);
        let appended = match self.tx {
            CaseTx::Sqlite(mut tx) => {
                async {
                    rebuild_in::<Sqlite>(&mut *tx, paused).await?;
                    let appended = append_audit!(chain, tx, audit).await?;
                    tx.commit().await.map(|()| appended)
                }
                .await
            }
            CaseTx::Postgres(mut tx) => {
                async {
                    rebuild_in::<Postgres>(&mut *tx, paused).await?;
                    let appended = append_audit!(chain, tx, audit).await?;
                    tx.commit().await.map(|()| appended)
                }
                .await
            }
        }
        .map_err(db_error)?;
        chain.committed(appended).await;
        Ok(())
    }
}

#[async_trait]
impl CaseImportRepository for Db {
    async fn begin_case_import(&self) -> Result<Box<dyn CaseImportSession>> {
        // The aggregates are written once at the end, from the source rows,
        // rather than by each row's triggers: on PostgreSQL each trigger's
        // update of a count adds a version of its row that every later
        // update in the same transaction reads past (a bulk load of 5,000
        // cases took minutes at 1,000,000 people, growing with the square
        // of the cases loaded). Paused in the import's own transaction,
        // others' writes keep their triggers meanwhile.
        let (tx, paused) = match &self.pool {
            Pool::Sqlite(p) => {
                let mut tx = p.begin().await.map_err(db_error)?;
                sqlx::query("PRAGMA cache_size = -262144").execute(&mut *tx).await.map_err(db_error)?;
                let paused = pause_in::<Sqlite>(&mut *tx).await.map_err(db_error)?;
                (CaseTx::Sqlite(tx), paused)
            }
            Pool::Postgres(p) => {
                let mut tx = p.begin().await.map_err(db_error)?;
                let paused = pause_in::<Postgres>(&mut *tx).await.map_err(db_error)?;
                (CaseTx::Postgres(tx), paused)
            }
        };
        Ok(Box::new(CaseImport { tx, chain: self.chain.clone(), paused }))
    }
}
