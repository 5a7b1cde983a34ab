//! The forum's action items and the register of local regulations.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::activity::ActivityTopic;
use satuatap_core::community::forum::{ActionStatus, ForumAction, Regulation, RegulationLevel, RegulationStatus};
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
}
