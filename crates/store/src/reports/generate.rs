//! Synthetic service events for the reports benchmark (`demo --events N`):
//! visits (some with a desk service) of the registry's people at the offices
//! of their district, written in batches with the aggregate triggers paused,
//! after which the aggregates are rebuilt from the source rows once.

use chrono::{DateTime, Utc};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::pool::{db_error, on_pool, Db};

/// One synthetic visit and, when given, the desk that served it.
#[derive(Debug, Clone)]
pub struct SyntheticVisit {
    pub id: Uuid,
    pub person_id: Uuid,
    pub office_id: Uuid,
    pub channel: &'static str,
    pub at: DateTime<Utc>,
    pub desk: Option<Uuid>,
}

/// Who and where events can happen: people (id, district), offices (id,
/// district, the organisations serving under their roof).
#[derive(Debug, Default)]
pub struct EventSources {
    pub people: Vec<(Uuid, String)>,
    pub offices: Vec<(Uuid, String, Vec<Uuid>)>,
}

impl Db {
    /// The people (not merged) and the offices with their members.
    pub async fn event_sources(&self) -> Result<EventSources> {
        let people: Vec<(Uuid, String)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, district_code FROM people WHERE merged_into IS NULL ORDER BY id"
        )
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        let offices: Vec<(Uuid, String)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, substr(area_code, 1, 5) FROM offices ORDER BY code"
        )
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        let members: Vec<(Uuid, Uuid)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT office_id, organisation_id FROM office_members ORDER BY office_id, organisation_id"
        )
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        let offices = offices
            .into_iter()
            .map(|(id, district)| {
                let desks = members.iter().filter(|(o, _)| *o == id).map(|(_, m)| *m).collect();
                (id, district, desks)
            })
            .collect();
        Ok(EventSources { people, offices })
    }

    /// Pauses (or resumes) the triggers that keep the report aggregates;
    /// while paused, the aggregates fall behind until `report rebuild`.
    pub async fn pause_report_triggers(&self, paused: bool) -> Result<()> {
        on_pool!(&self.pool, |p, _DB| sqlx::query("UPDATE report_state SET paused = $1")
            .bind(paused)
            .execute(p)
            .await
            .map(|_| ()))
        .map_err(db_error)?;
        Ok(())
    }

    /// Writes a batch of visits and their desk services in one transaction.
    pub async fn insert_visits(&self, visits: &[SyntheticVisit]) -> Result<()> {
        if visits.is_empty() {
            return Ok(());
        }
        on_pool!(&self.writer, |p, DB| async {
            let mut tx = p.begin().await?;
            // 6 values a row: well under SQLite's 32,766 parameters per statement.
            for chunk in visits.chunks(2000) {
                let mut qb: QueryBuilder<DB> =
                    QueryBuilder::new("INSERT INTO visits (id, person_id, office_id, channel, purpose, at) ");
                qb.push_values(chunk, |mut b, v| {
                    b.push_bind(v.id).push_bind(v.person_id).push_bind(v.office_id).push_bind(v.channel);
                    b.push_bind(None::<String>).push_bind(v.at);
                });
                qb.build().execute(&mut *tx).await?;
                let desks: Vec<_> = chunk.iter().filter_map(|v| v.desk.map(|d| (v, d))).collect();
                if !desks.is_empty() {
                    let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                        "INSERT INTO visit_desks (visit_id, organisation_id, status, queued_at, served_at) ",
                    );
                    qb.push_values(desks, |mut b, (v, d)| {
                        b.push_bind(v.id).push_bind(d).push_bind("served").push_bind(v.at).push_bind(v.at);
                    });
                    qb.build().execute(&mut *tx).await?;
                }
            }
            tx.commit().await
        }
        .await)
        .map_err(db_error)
    }
}
