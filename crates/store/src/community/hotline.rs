//! Hotline contacts.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::activity::AttendeeSex;
use satuatap_core::community::hotline::{HotlineChannel, HotlineContact, HotlineOutcome, HotlineTopic};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::HotlineRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{count, db_error, offset, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    at: DateTime<Utc>,
    channel: String,
    topic: String,
    outcome: String,
    district_code: String,
    organisation_id: Uuid,
    person_id: Option<Uuid>,
    caller_sex: Option<String>,
    case_id: Option<Uuid>,
    note: Option<String>,
    answered_by: Option<Uuid>,
}

impl TryFrom<Row> for HotlineContact {
    type Error = satuatap_core::Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(HotlineContact {
            id: r.id,
            at: r.at,
            channel: stored("channel", r.channel.parse::<HotlineChannel>())?,
            topic: stored("topic", r.topic.parse::<HotlineTopic>())?,
            outcome: stored("outcome", r.outcome.parse::<HotlineOutcome>())?,
            district_code: stored("district", AreaCode::parse("district", &r.district_code))?,
            organisation_id: r.organisation_id,
            person_id: r.person_id,
            person_name: None,
            caller_sex: r.caller_sex.map(|s| stored("sex", s.parse::<AttendeeSex>())).transpose()?,
            case_id: r.case_id,
            note: r.note,
            answered_by: r.answered_by,
        })
    }
}

#[async_trait]
impl HotlineRepository for Db {
    async fn insert_hotline_contact(&self, c: &HotlineContact, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO hotline_contacts (id, at, channel, topic, outcome, district_code, organisation_id, \
                 person_id, caller_sex, case_id, note, answered_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(c.id)
            .bind(c.at)
            .bind(c.channel.as_str())
            .bind(c.topic.as_str())
            .bind(c.outcome.as_str())
            .bind(c.district_code.as_str())
            .bind(c.organisation_id)
            .bind(c.person_id)
            .bind(c.caller_sex.map(|s| s.as_str()))
            .bind(c.case_id)
            .bind(&c.note)
            .bind(c.answered_by)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn hotline_contacts(&self, organisation_id: Uuid, page: PageRequest) -> Result<Page<HotlineContact>> {
        let (rows, total): (Vec<Row>, i64) = on_pool!(&self.pool, |p, _DB| async {
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT id, at, channel, topic, outcome, district_code, organisation_id, person_id, caller_sex, \
                 case_id, note, answered_by FROM hotline_contacts WHERE organisation_id = $1 \
                 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3",
            )
            .bind(organisation_id)
            .bind(i64::from(page.limit))
            .bind(offset(page.offset))
            .fetch_all(p)
            .await?;
            let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hotline_contacts WHERE organisation_id = $1")
                .bind(organisation_id)
                .fetch_one(p)
                .await?;
            Ok::<_, sqlx::Error>((rows, total))
        }
        .await)
        .map_err(db_error)?;
        let items = rows.into_iter().map(HotlineContact::try_from).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }
}
