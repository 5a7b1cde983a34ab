//! Visits and desk queues repository.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::registry::visit::{Channel, DeskService, QueueEntry, QueueStatus, Visit};
use satuatap_core::repo::VisitRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct VisitRow {
    id: Uuid,
    person_id: Uuid,
    office_id: Uuid,
    channel: String,
    purpose: Option<String>,
    staff_id: Option<Uuid>,
    recorded_by_organisation: Option<Uuid>,
    at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct DeskRow {
    visit_id: Uuid,
    organisation_id: Uuid,
    organisation_code: String,
    organisation_name: String,
    status: String,
    queued_at: DateTime<Utc>,
    called_at: Option<DateTime<Utc>>,
    served_at: Option<DateTime<Utc>>,
}

impl TryFrom<DeskRow> for DeskService {
    type Error = satuatap_core::Error;
    fn try_from(r: DeskRow) -> Result<Self> {
        Ok(DeskService {
            visit_id: r.visit_id,
            organisation_id: r.organisation_id,
            organisation_code: r.organisation_code,
            organisation_name: r.organisation_name,
            status: stored("queue status", r.status.parse::<QueueStatus>())?,
            queued_at: r.queued_at,
            called_at: r.called_at,
            served_at: r.served_at,
        })
    }
}

const DESKS: &str = "SELECT d.visit_id, d.organisation_id, o.code AS organisation_code, o.name AS organisation_name, \
     d.status, d.queued_at, d.called_at, d.served_at FROM visit_desks d JOIN organisations o ON o.id = d.organisation_id";

impl Db {
    /// The desks not yet served that `which` (a condition on `v` and `d`
    /// with the parameter `$1`, written here) selects.
    async fn queue_where(&self, which: &'static str, id: Uuid) -> Result<Vec<QueueEntry>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            desk: DeskRow,
            person_id: Uuid,
            office_id: Uuid,
            person_name: String,
            purpose: Option<String>,
            recorded_by_organisation: Option<Uuid>,
        }
        let sql = format!(
            "SELECT d.visit_id, d.organisation_id, o.code AS organisation_code, o.name AS organisation_name, d.status, \
             d.queued_at, d.called_at, d.served_at, v.person_id, v.office_id, p.full_name AS person_name, v.purpose, \
             u.organisation_id AS recorded_by_organisation \
             FROM visit_desks d JOIN organisations o ON o.id = d.organisation_id \
             JOIN visits v ON v.id = d.visit_id JOIN people p ON p.id = v.person_id \
             LEFT JOIN users u ON u.id = v.staff_id \
             WHERE {which} AND d.status <> 'served' ORDER BY d.queued_at, o.name LIMIT 500"
        );
        let (rows, desks): (Vec<Row>, Vec<(Uuid, Uuid)>) = on_pool!(&self.pool, |p, DB| async {
            let rows: Vec<Row> = sqlx::query_as(&sql).bind(id).fetch_all(p).await?;
            let mut desks = Vec::new();
            if !rows.is_empty() {
                let mut qb: QueryBuilder<DB> =
                    QueryBuilder::new("SELECT visit_id, organisation_id FROM visit_desks WHERE visit_id IN (");
                bind_list(&mut qb, rows.iter().map(|r| r.desk.visit_id));
                qb.push(")");
                desks = qb.build_query_as().fetch_all(p).await?;
            }
            Ok::<_, sqlx::Error>((rows, desks))
        }
        .await)
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                let visit_id = r.desk.visit_id;
                Ok(QueueEntry {
                    desk: DeskService::try_from(r.desk)?,
                    office_id: r.office_id,
                    person_id: r.person_id,
                    person_name: r.person_name,
                    purpose: r.purpose,
                    visit_desks: desks.iter().filter(|(v, _)| *v == visit_id).map(|(_, o)| *o).collect(),
                    recorded_by_organisation: r.recorded_by_organisation,
                })
            })
            .collect()
    }

    async fn visits_with_desks(&self, rows: Vec<VisitRow>) -> Result<Vec<Visit>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let desk_rows: Vec<DeskRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(DESKS);
            qb.push(" WHERE d.visit_id IN (");
            bind_list(&mut qb, rows.iter().map(|r| r.id));
            qb.push(") ORDER BY d.queued_at, o.name");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        let desks = desk_rows.into_iter().map(DeskService::try_from).collect::<Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|r| {
                Ok(Visit {
                    desks: desks.iter().filter(|d| d.visit_id == r.id).cloned().collect(),
                    id: r.id,
                    person_id: r.person_id,
                    office_id: r.office_id,
                    channel: stored("channel", r.channel.parse::<Channel>())?,
                    purpose: r.purpose,
                    staff_id: r.staff_id,
                    recorded_by_organisation: r.recorded_by_organisation,
                    at: r.at,
                })
            })
            .collect()
    }
}

const VISITS: &str = "SELECT v.id, v.person_id, v.office_id, v.channel, v.purpose, v.staff_id, \
     u.organisation_id AS recorded_by_organisation, v.at FROM visits v LEFT JOIN users u ON u.id = v.staff_id";

#[async_trait]
impl VisitRepository for Db {
    async fn insert_visit(&self, v: &Visit, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO visits (id, person_id, office_id, channel, purpose, staff_id, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(v.id)
            .bind(v.person_id)
            .bind(v.office_id)
            .bind(v.channel.as_str())
            .bind(&v.purpose)
            .bind(v.staff_id)
            .bind(v.at)
            .execute(&mut *tx)
            .await?;
            for d in &v.desks {
                sqlx::query(
                    "INSERT INTO visit_desks (visit_id, organisation_id, status, queued_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(v.id)
                .bind(d.organisation_id)
                .bind(d.status.as_str())
                .bind(d.queued_at)
                .execute(&mut *tx)
                .await?;
            }
        })
    }

    async fn get_visit(&self, id: Uuid) -> Result<Option<Visit>> {
        let sql = format!("{VISITS} WHERE v.id = $1");
        let rows: Vec<VisitRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_all(p).await).map_err(db_error)?;
        Ok(self.visits_with_desks(rows).await?.into_iter().next())
    }

    async fn visits_of(&self, person_id: Uuid) -> Result<Vec<Visit>> {
        let sql = format!("{VISITS} WHERE v.person_id = $1 ORDER BY v.at DESC LIMIT 200");
        let rows: Vec<VisitRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(person_id).fetch_all(p).await).map_err(db_error)?;
        self.visits_with_desks(rows).await
    }

    async fn office_queue(&self, office_id: Uuid) -> Result<Vec<QueueEntry>> {
        self.queue_where("v.office_id = $1", office_id).await
    }

    async fn desk_queue(&self, organisation_id: Uuid) -> Result<Vec<QueueEntry>> {
        self.queue_where("d.organisation_id = $1", organisation_id).await
    }

    async fn add_visit_desk(&self, d: &DeskService, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO visit_desks (visit_id, organisation_id, status, queued_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(d.visit_id)
            .bind(d.organisation_id)
            .bind(d.status.as_str())
            .bind(d.queued_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn set_desk_status(
        &self,
        visit_id: Uuid,
        organisation_id: Uuid,
        status: QueueStatus,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        let column = match status {
            QueueStatus::Called => "called_at",
            QueueStatus::Served => "served_at",
            QueueStatus::Waiting => "queued_at",
        };
        // The column name comes from the match above, never from input.
        let sql =
            format!("UPDATE visit_desks SET status = $1, {column} = $2 WHERE visit_id = $3 AND organisation_id = $4");
        audited!(self, audit, |tx| {
            sqlx::query(&sql)
                .bind(status.as_str())
                .bind(at)
                .bind(visit_id)
                .bind(organisation_id)
                .execute(&mut *tx)
                .await?;
        })
    }
}
