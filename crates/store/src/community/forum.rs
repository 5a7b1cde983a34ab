//! The forum's action items and the register of local regulations.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::activity::ActivityTopic;
use satuatap_core::community::forum::{
    ActionStatus, ForumAction, ForumMember, ForumSeat, Regulation, RegulationLevel, RegulationStatus,
};
use satuatap_core::repo::ForumRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};
use crate::search::inside_pattern;

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: Uuid,
    district_code: String,
    meeting_id: Option<Uuid>,
    decision: String,
    owner_id: Uuid,
    owner_name: String,
    due_on: NaiveDate,
    status: String,
    closed_on: Option<NaiveDate>,
    evidence: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<ActionRow> for ForumAction {
    type Error = satuatap_core::Error;
    fn try_from(r: ActionRow) -> Result<Self> {
        Ok(ForumAction {
            id: r.id,
            district_code: stored("district", AreaCode::parse("district", &r.district_code))?,
            meeting_id: r.meeting_id,
            decision: r.decision,
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            due_on: r.due_on,
            status: stored("action status", r.status.parse::<ActionStatus>())?,
            closed_on: r.closed_on,
            evidence: r.evidence,
            overdue: false,
            created_at: r.created_at,
        })
    }
}

const ACTIONS: &str = "SELECT f.id, f.district_code, f.meeting_id, f.decision, f.owner_id, o.name AS owner_name, \
     f.due_on, f.status, f.closed_on, f.evidence, f.created_at FROM forum_actions f \
     JOIN organisations o ON o.id = f.owner_id";

#[derive(sqlx::FromRow)]
struct RegulationRow {
    id: Uuid,
    level: String,
    area_code: String,
    number: Option<String>,
    issued_on: Option<NaiveDate>,
    title: String,
    status: String,
    topic: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<RegulationRow> for Regulation {
    type Error = satuatap_core::Error;
    fn try_from(r: RegulationRow) -> Result<Self> {
        Ok(Regulation {
            id: r.id,
            level: stored("level", r.level.parse::<RegulationLevel>())?,
            area_code: stored("area", AreaCode::parse("area", &r.area_code))?,
            number: r.number,
            issued_on: r.issued_on,
            title: r.title,
            status: stored("regulation status", r.status.parse::<RegulationStatus>())?,
            topic: r.topic.map(|t| stored("topic", t.parse::<ActivityTopic>())).transpose()?,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: Uuid,
    district_code: String,
    organisation_id: Uuid,
    organisation_name: String,
    seat: String,
    representative: Option<String>,
    joined_on: NaiveDate,
    left_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

impl TryFrom<MemberRow> for ForumMember {
    type Error = satuatap_core::Error;
    fn try_from(r: MemberRow) -> Result<Self> {
        Ok(ForumMember {
            id: r.id,
            district_code: stored("district", AreaCode::parse("district", &r.district_code))?,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            seat: stored("seat", r.seat.parse::<ForumSeat>())?,
            representative: r.representative,
            joined_on: r.joined_on,
            left_on: r.left_on,
            created_at: r.created_at,
        })
    }
}

const MEMBERS: &str = "SELECT m.id, m.district_code, m.organisation_id, o.name AS organisation_name, m.seat, \
     m.representative, m.joined_on, m.left_on, m.created_at FROM forum_members m \
     JOIN organisations o ON o.id = m.organisation_id";

#[async_trait]
impl ForumRepository for Db {
    async fn insert_forum_action(&self, a: &ForumAction, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO forum_actions (id, district_code, meeting_id, decision, owner_id, due_on, status, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(a.id)
            .bind(a.district_code.as_str())
            .bind(a.meeting_id)
            .bind(&a.decision)
            .bind(a.owner_id)
            .bind(a.due_on)
            .bind(a.status.as_str())
            .bind(a.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_forum_action(&self, id: Uuid) -> Result<Option<ForumAction>> {
        let sql = format!("{ACTIONS} WHERE f.id = $1");
        let row: Option<ActionRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(ForumAction::try_from).transpose()
    }

    async fn forum_actions(
        &self,
        district: Option<&AreaCode>,
        owner: Option<Uuid>,
        all: bool,
    ) -> Result<Vec<ForumAction>> {
        let sql = format!(
            "{ACTIONS} WHERE ($1 = 1 OR f.district_code = $2 OR f.owner_id = $3) \
             ORDER BY CASE WHEN f.status = 'open' THEN 0 ELSE 1 END, f.due_on, f.id LIMIT 500"
        );
        let district = district.map(|d| d.as_str().to_string()).unwrap_or_default();
        let rows: Vec<ActionRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql)
            .bind(i32::from(all))
            .bind(&district)
            .bind(owner.unwrap_or_else(Uuid::nil))
            .fetch_all(p)
            .await)
        .map_err(db_error)?;
        rows.into_iter().map(ForumAction::try_from).collect()
    }

    async fn close_forum_action(
        &self,
        id: Uuid,
        status: ActionStatus,
        on: NaiveDate,
        evidence: Option<&str>,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE forum_actions SET status = $1, closed_on = $2, evidence = $3 WHERE id = $4 AND status = 'open'",
            )
            .bind(status.as_str())
            .bind(on)
            .bind(evidence)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn insert_regulation(&self, r: &Regulation, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO regulations (id, level, area_code, number, issued_on, title, status, topic, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(r.id)
            .bind(r.level.as_str())
            .bind(r.area_code.as_str())
            .bind(&r.number)
            .bind(r.issued_on)
            .bind(&r.title)
            .bind(r.status.as_str())
            .bind(r.topic.map(|t| t.as_str()))
            .bind(r.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn regulations(&self, within: Option<&AreaCode>, district: Option<&AreaCode>) -> Result<Vec<Regulation>> {
        let (code, pattern) = match within {
            Some(a) => (a.as_str().to_string(), inside_pattern(a.as_str())),
            None => (String::new(), "%".to_string()),
        };
        let district = district.map(|d| d.as_str().to_string()).unwrap_or_default();
        let rows: Vec<RegulationRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, level, area_code, number, issued_on, title, status, topic, created_at FROM regulations \
             WHERE area_code = $1 OR area_code LIKE $2 OR area_code = $3 \
             ORDER BY CASE WHEN status = 'issued' THEN 0 ELSE 1 END, issued_on DESC, title LIMIT 1000"
        )
        .bind(&code)
        .bind(&pattern)
        .bind(&district)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        rows.into_iter().map(Regulation::try_from).collect()
    }

    async fn insert_forum_member(&self, m: &ForumMember, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO forum_members (id, district_code, organisation_id, seat, representative, joined_on, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(m.id)
            .bind(m.district_code.as_str())
            .bind(m.organisation_id)
            .bind(m.seat.as_str())
            .bind(&m.representative)
            .bind(m.joined_on)
            .bind(m.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_forum_member(&self, id: Uuid) -> Result<Option<ForumMember>> {
        let sql = format!("{MEMBERS} WHERE m.id = $1");
        let row: Option<MemberRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(ForumMember::try_from).transpose()
    }

    async fn forum_members(&self, district: Option<&AreaCode>) -> Result<Vec<ForumMember>> {
        let sql = format!(
            "{MEMBERS} WHERE ($1 = '' OR m.district_code = $2) \
             ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END, m.district_code, m.seat, o.name LIMIT 1000"
        );
        let district = district.map(|d| d.as_str().to_string()).unwrap_or_default();
        let rows: Vec<MemberRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(&district).bind(&district).fetch_all(p).await)
                .map_err(db_error)?;
        rows.into_iter().map(ForumMember::try_from).collect()
    }

    async fn end_forum_member(&self, id: Uuid, on: NaiveDate, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE forum_members SET left_on = $1 WHERE id = $2 AND left_on IS NULL")
                .bind(on)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }
}
