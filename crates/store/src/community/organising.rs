//! The task-force roster and union memberships.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::activity::AttendeeSex;
use satuatap_core::community::membership::Membership;
use satuatap_core::community::roster::{TaskForceMember, TaskForceOrigin, TaskForceRole};
use satuatap_core::repo::{MembershipRepository, RosterRepository};
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: Uuid,
    village_code: String,
    name: String,
    role: String,
    sex: String,
    origin: String,
    active_from: NaiveDate,
    active_to: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

impl TryFrom<MemberRow> for TaskForceMember {
    type Error = satuatap_core::Error;
    fn try_from(r: MemberRow) -> Result<Self> {
        Ok(TaskForceMember {
            id: r.id,
            village_code: stored("village", AreaCode::parse("village", &r.village_code))?,
            name: r.name,
            role: stored("role", r.role.parse::<TaskForceRole>())?,
            sex: stored("sex", r.sex.parse::<AttendeeSex>())?,
            origin: stored("origin", r.origin.parse::<TaskForceOrigin>())?,
            active_from: r.active_from,
            active_to: r.active_to,
            created_at: r.created_at,
        })
    }
}

const MEMBERS: &str = "SELECT id, village_code, name, role, sex, origin, active_from, active_to, created_at \
     FROM task_force_members";

#[async_trait]
impl RosterRepository for Db {
    async fn insert_task_force_member(&self, m: &TaskForceMember, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO task_force_members (id, village_code, name, role, sex, origin, active_from, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(m.id)
            .bind(m.village_code.as_str())
            .bind(&m.name)
            .bind(m.role.as_str())
            .bind(m.sex.as_str())
            .bind(m.origin.as_str())
            .bind(m.active_from)
            .bind(m.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_task_force_member(&self, id: Uuid) -> Result<Option<TaskForceMember>> {
        let sql = format!("{MEMBERS} WHERE id = $1");
        let row: Option<MemberRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(TaskForceMember::try_from).transpose()
    }

    async fn task_force_members(&self, within: Option<&AreaCode>) -> Result<Vec<TaskForceMember>> {
        let (code, pattern) = match within {
            Some(a) => (a.as_str().to_string(), crate::search::inside_pattern(a.as_str())),
            None => (String::new(), "%".to_string()),
        };
        let sql = format!(
            "{MEMBERS} WHERE (village_code = $1 OR village_code LIKE $2) \
             ORDER BY CASE WHEN active_to IS NULL THEN 0 ELSE 1 END, village_code, name LIMIT 1000"
        );
        let rows: Vec<MemberRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(&code).bind(&pattern).fetch_all(p).await)
                .map_err(db_error)?;
        rows.into_iter().map(TaskForceMember::try_from).collect()
    }

    async fn end_task_force_member(&self, id: Uuid, on: NaiveDate, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE task_force_members SET active_to = $1 WHERE id = $2")
                .bind(on)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    id: Uuid,
    person_id: Uuid,
    organisation_id: Uuid,
    organisation_name: String,
    joined_on: NaiveDate,
    facilitated_by: Option<Uuid>,
    left_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

impl From<MembershipRow> for Membership {
    fn from(r: MembershipRow) -> Self {
        Membership {
            id: r.id,
            person_id: r.person_id,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            joined_on: r.joined_on,
            facilitated_by: r.facilitated_by,
            left_on: r.left_on,
            created_at: r.created_at,
        }
    }
}

const MEMBERSHIPS: &str = "SELECT m.id, m.person_id, m.organisation_id, o.name AS organisation_name, m.joined_on, \
     m.facilitated_by, m.left_on, m.created_at FROM memberships m JOIN organisations o ON o.id = m.organisation_id";

#[async_trait]
impl MembershipRepository for Db {
    async fn insert_membership(&self, m: &Membership, audit: &AuditRecord) -> Result<()> {
        let by = audit.actor_id;
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO memberships (id, person_id, organisation_id, joined_on, facilitated_by, created_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(m.id)
            .bind(m.person_id)
            .bind(m.organisation_id)
            .bind(m.joined_on)
            .bind(m.facilitated_by)
            .bind(by)
            .bind(m.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_membership(&self, id: Uuid) -> Result<Option<Membership>> {
        let sql = format!("{MEMBERSHIPS} WHERE m.id = $1");
        let row: Option<MembershipRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        Ok(row.map(Membership::from))
    }

    async fn memberships_of(&self, person_id: Uuid) -> Result<Vec<Membership>> {
        let sql = format!("{MEMBERSHIPS} WHERE m.person_id = $1 ORDER BY m.joined_on DESC, m.id DESC");
        let rows: Vec<MembershipRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(person_id).fetch_all(p).await).map_err(db_error)?;
        Ok(rows.into_iter().map(Membership::from).collect())
    }

    async fn end_membership(&self, id: Uuid, on: NaiveDate, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE memberships SET left_on = $1 WHERE id = $2")
                .bind(on)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }
}
