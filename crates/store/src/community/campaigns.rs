//! Online campaigns.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::activity::ActivityTopic;
use satuatap_core::community::campaign::{Campaign, CampaignPlatform};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::{ActivityFilter, CampaignRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{count, db_error, offset, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    platform: String,
    area_code: String,
    organiser_id: Uuid,
    organiser_name: String,
    topic: String,
    title: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    reach: i64,
    women_reached: Option<i64>,
    engagement: Option<i64>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for Campaign {
    type Error = satuatap_core::Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Campaign {
            id: r.id,
            platform: stored("platform", r.platform.parse::<CampaignPlatform>())?,
            area_code: stored("area", AreaCode::parse("area", &r.area_code))?,
            organiser_id: r.organiser_id,
            organiser_name: r.organiser_name,
            topic: stored("topic", r.topic.parse::<ActivityTopic>())?,
            title: r.title,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            reach: r.reach,
            women_reached: r.women_reached,
            engagement: r.engagement,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

const SELECT: &str = "SELECT c.id, c.platform, c.area_code, c.organiser_id, o.name AS organiser_name, c.topic, \
     c.title, c.starts_on, c.ends_on, c.reach, c.women_reached, c.engagement, c.created_by, c.created_at \
     FROM campaigns c JOIN organisations o ON o.id = c.organiser_id";

#[async_trait]
impl CampaignRepository for Db {
    async fn insert_campaign(&self, c: &Campaign, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO campaigns (id, platform, area_code, organiser_id, topic, title, starts_on, ends_on, \
                 reach, women_reached, engagement, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(c.id)
            .bind(c.platform.as_str())
            .bind(c.area_code.as_str())
            .bind(c.organiser_id)
            .bind(c.topic.as_str())
            .bind(&c.title)
            .bind(c.starts_on)
            .bind(c.ends_on)
            .bind(c.reach)
            .bind(c.women_reached)
            .bind(c.engagement)
            .bind(c.created_by)
            .bind(c.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn list_campaigns(&self, filter: &ActivityFilter, page: PageRequest) -> Result<Page<Campaign>> {
        let (rows, total): (Vec<Row>, i64) = on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            super::push_reach(&mut qb, filter, "c.area_code", "c.organiser_id");
            qb.push(" ORDER BY c.ends_on DESC, c.created_at DESC, c.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows: Vec<Row> = qb.build_query_as().fetch_all(p).await?;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM campaigns c");
            super::push_reach(&mut cq, filter, "c.area_code", "c.organiser_id");
            let total: i64 = cq.build_query_scalar().fetch_one(p).await?;
            Ok::<_, sqlx::Error>((rows, total))
        }
        .await)
        .map_err(db_error)?;
        let items = rows.into_iter().map(Campaign::try_from).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }
}
