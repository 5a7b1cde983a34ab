//! Activities and their attendance.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::activity::{
    Activity, ActivityKind, ActivityTopic, AgeGroup, Attendance, Attendee, AttendeeSex, ParticipantKind,
};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::{ActivityFilter, ActivityRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    kind: String,
    on_date: NaiveDate,
    area_code: String,
    organisation_id: Uuid,
    organiser_name: String,
    topic: Option<String>,
    title: String,
    notes: Option<String>,
    follow_up: Option<String>,
    pre_score: Option<f64>,
    post_score: Option<f64>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Cell {
    activity_id: Uuid,
    sex: String,
    age_group: String,
    participant: String,
    count: i64,
}

const SELECT: &str = "SELECT a.id, a.kind, a.on_date, a.area_code, a.organisation_id, o.name AS organiser_name, \
     a.topic, a.title, a.notes, a.follow_up, a.pre_score, a.post_score, a.created_by, a.created_at \
     FROM activities a JOIN organisations o ON o.id = a.organisation_id";

fn cell(c: &Cell) -> Result<Attendance> {
    let optional = |s: &str| (!s.is_empty()).then_some(s.to_string());
    Ok(Attendance {
        sex: stored("sex", c.sex.parse::<AttendeeSex>())?,
        age_group: optional(&c.age_group).map(|g| stored("age group", g.parse::<AgeGroup>())).transpose()?,
        participant: optional(&c.participant)
            .map(|p| stored("participant", p.parse::<ParticipantKind>()))
            .transpose()?,
        count: c.count,
    })
}

fn activity_of(r: Row, cells: &[Cell], people: &[(Uuid, Uuid)]) -> Result<Activity> {
    Ok(Activity {
        attendance: cells.iter().filter(|c| c.activity_id == r.id).map(cell).collect::<Result<Vec<_>>>()?,
        people: people
            .iter()
            .filter(|(a, _)| *a == r.id)
            .map(|(_, p)| Attendee { person_id: *p, name: String::new() })
            .collect(),
        id: r.id,
        kind: stored("activity kind", r.kind.parse::<ActivityKind>())?,
        date: r.on_date,
        area_code: stored("area", AreaCode::parse("area", &r.area_code))?,
        organiser_id: r.organisation_id,
        organiser_name: r.organiser_name,
        topic: r.topic.map(|t| stored("topic", t.parse::<ActivityTopic>())).transpose()?,
        title: r.title,
        notes: r.notes,
        follow_up: r.follow_up,
        total: 0,
        women: 0,
        pre_score: r.pre_score,
        post_score: r.post_score,
        created_by: r.created_by,
        created_at: r.created_at,
    }
    .with_totals())
}

fn push_filters<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, f: &'a ActivityFilter)
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    super::push_reach(qb, f, "a.area_code", "a.organisation_id");
    if let Some(kind) = f.kind {
        qb.push(" AND a.kind = ").push_bind(kind.as_str());
    }
}

impl Db {
    async fn with_parts(&self, rows: Vec<Row>) -> Result<Vec<Activity>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let (cells, people): (Vec<Cell>, Vec<(Uuid, Uuid)>) = on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "SELECT activity_id, sex, age_group, participant, count FROM activity_attendance WHERE activity_id IN (",
            );
            bind_list(&mut qb, rows.iter().map(|r| r.id));
            qb.push(") ORDER BY sex, age_group, participant");
            let cells: Vec<Cell> = qb.build_query_as().fetch_all(p).await?;
            let mut pq: QueryBuilder<DB> =
                QueryBuilder::new("SELECT activity_id, person_id FROM activity_people WHERE activity_id IN (");
            bind_list(&mut pq, rows.iter().map(|r| r.id));
            pq.push(")");
            let people: Vec<(Uuid, Uuid)> = pq.build_query_as().fetch_all(p).await?;
            Ok::<_, sqlx::Error>((cells, people))
        }
        .await)
        .map_err(db_error)?;
        rows.into_iter().map(|r| activity_of(r, &cells, &people)).collect()
    }
}

#[async_trait]
impl ActivityRepository for Db {
    async fn insert_activity(&self, a: &Activity, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO activities (id, kind, on_date, area_code, organisation_id, topic, title, notes, \
                 follow_up, pre_score, post_score, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(a.id)
            .bind(a.kind.as_str())
            .bind(a.date)
            .bind(a.area_code.as_str())
            .bind(a.organiser_id)
            .bind(a.topic.map(|t| t.as_str()))
            .bind(&a.title)
            .bind(&a.notes)
            .bind(&a.follow_up)
            .bind(a.pre_score)
            .bind(a.post_score)
            .bind(a.created_by)
            .bind(a.created_at)
            .execute(&mut *tx)
            .await?;
            for c in &a.attendance {
                sqlx::query(
                    "INSERT INTO activity_attendance (activity_id, sex, age_group, participant, count) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(a.id)
                .bind(c.sex.as_str())
                .bind(c.age_group.map_or("", |g| g.as_str()))
                .bind(c.participant.map_or("", |p| p.as_str()))
                .bind(c.count)
                .execute(&mut *tx)
                .await?;
            }
            for p in &a.people {
                sqlx::query("INSERT INTO activity_people (activity_id, person_id) VALUES ($1, $2)")
                    .bind(a.id)
                    .bind(p.person_id)
                    .execute(&mut *tx)
                    .await?;
            }
        })
    }

    async fn get_activity(&self, id: Uuid) -> Result<Option<Activity>> {
        let sql = format!("{SELECT} WHERE a.id = $1");
        let rows: Vec<Row> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_all(p).await).map_err(db_error)?;
        Ok(self.with_parts(rows).await?.into_iter().next())
    }

    async fn list_activities(&self, filter: &ActivityFilter, page: PageRequest) -> Result<Page<Activity>> {
        let (rows, total): (Vec<Row>, i64) = on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb, filter);
            qb.push(" ORDER BY a.on_date DESC, a.created_at DESC, a.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows: Vec<Row> = qb.build_query_as().fetch_all(p).await?;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM activities a");
            push_filters(&mut cq, filter);
            let total: i64 = cq.build_query_scalar().fetch_one(p).await?;
            Ok::<_, sqlx::Error>((rows, total))
        }
        .await)
        .map_err(db_error)?;
        let items = self.with_parts(rows).await?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }
}
