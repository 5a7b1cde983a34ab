//! Departure and return notices.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::notice::{
    DepartureChannel, Notice, NoticeKind, ReportedBy, ReturnFollowUp, ReturnNeed, ReturnReason,
};
use satuatap_core::community::warning::Warning;
use satuatap_core::money::Country;
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::referrals::referral::OutboxMail;
use satuatap_core::repo::{CommunityFilter, NoticeRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::push_within;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    kind: String,
    person_id: Uuid,
    village_code: String,
    organisation_id: Uuid,
    on_date: NaiveDate,
    country: String,
    channel: Option<String>,
    reason: Option<String>,
    reported_by: String,
    follow_up: Option<String>,
    warning_id: Option<Uuid>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT n.id, n.kind, n.person_id, n.village_code, n.organisation_id, n.on_date, n.country, \
     n.channel, n.reason, n.reported_by, n.follow_up, n.warning_id, n.created_by, n.created_at \
     FROM migration_notices n";

fn notice_of(r: Row, needs: &[(Uuid, String)]) -> Result<Notice> {
    Ok(Notice {
        needs: needs
            .iter()
            .filter(|(id, _)| *id == r.id)
            .map(|(_, n)| stored("need", n.parse::<ReturnNeed>()))
            .collect::<Result<Vec<_>>>()?,
        id: r.id,
        kind: stored("notice kind", r.kind.parse::<NoticeKind>())?,
        person_id: r.person_id,
        person_name: None,
        village_code: stored("village", AreaCode::parse("village", &r.village_code))?,
        organisation_id: r.organisation_id,
        date: r.on_date,
        country: stored("country", Country::parse("country", &r.country))?,
        channel: r.channel.map(|c| stored("channel", c.parse::<DepartureChannel>())).transpose()?,
        reason: r.reason.map(|c| stored("reason", c.parse::<ReturnReason>())).transpose()?,
        reported_by: stored("reported by", r.reported_by.parse::<ReportedBy>())?,
        follow_up: r.follow_up.map(|c| stored("follow up", c.parse::<ReturnFollowUp>())).transpose()?,
        warning_id: r.warning_id,
        created_by: r.created_by,
        created_at: r.created_at,
    })
}

fn push_filters<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, f: &'a CommunityFilter)
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" WHERE 1 = 1");
    if let Some(area) = &f.within {
        push_within(qb, "n.village_code", area);
    }
    if let Some(p) = f.person_id {
        qb.push(" AND n.person_id = ").push_bind(p);
    }
}

#[async_trait]
impl NoticeRepository for Db {
    async fn insert_notice(
        &self,
        n: &Notice,
        warning: Option<(&Warning, &[OutboxMail])>,
        audit: &[AuditRecord],
    ) -> Result<()> {
        crate::audit::group::on_group!(&self.group, |g| async {
            let mut item = g.enter().await?;
            let tx = item.conn()?;
            if let Some((w, mails)) = warning {
                super::warnings::insert_warning!(tx, w)?;
                crate::referrals::write_notices!(tx, super::warnings::NO_NOTICES, mails).await?;
            }
            sqlx::query(
                "INSERT INTO migration_notices (id, kind, person_id, village_code, organisation_id, on_date, country, \
                 channel, reason, reported_by, follow_up, warning_id, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(n.id)
            .bind(n.kind.as_str())
            .bind(n.person_id)
            .bind(n.village_code.as_str())
            .bind(n.organisation_id)
            .bind(n.date)
            .bind(n.country.as_str())
            .bind(n.channel.map(|c| c.as_str()))
            .bind(n.reason.map(|c| c.as_str()))
            .bind(n.reported_by.as_str())
            .bind(n.follow_up.map(|c| c.as_str()))
            .bind(n.warning_id)
            .bind(n.created_by)
            .bind(n.created_at)
            .execute(&mut *tx)
            .await?;
            for need in &n.needs {
                sqlx::query("INSERT INTO return_needs (notice_id, need) VALUES ($1, $2)")
                    .bind(n.id)
                    .bind(need.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            for record in audit {
                item.audit(&self.chain, record).await?;
            }
            item.finish().await?;
            Ok::<_, sqlx::Error>(())
        }
        .await)
        .map_err(db_error)
    }

    async fn list_notices(&self, filter: &CommunityFilter, page: PageRequest) -> Result<Page<Notice>> {
        let (rows, needs, total): (Vec<Row>, Vec<(Uuid, String)>, i64) = on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb, filter);
            qb.push(" ORDER BY n.on_date DESC, n.created_at DESC, n.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows: Vec<Row> = qb.build_query_as().fetch_all(p).await?;
            let mut needs = Vec::new();
            if !rows.is_empty() {
                let mut nq: QueryBuilder<DB> =
                    QueryBuilder::new("SELECT notice_id, need FROM return_needs WHERE notice_id IN (");
                bind_list(&mut nq, rows.iter().map(|r| r.id));
                nq.push(") ORDER BY need");
                needs = nq.build_query_as().fetch_all(p).await?;
            }
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM migration_notices n");
            push_filters(&mut cq, filter);
            let total: i64 = cq.build_query_scalar().fetch_one(p).await?;
            Ok::<_, sqlx::Error>((rows, needs, total))
        }
        .await)
        .map_err(db_error)?;
        let items = rows.into_iter().map(|r| notice_of(r, &needs)).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn last_departure(&self, person_id: Uuid) -> Result<Option<NaiveDate>> {
        on_pool!(&self.pool, |p, _DB| sqlx::query_scalar(
            "SELECT MAX(on_date) FROM migration_notices WHERE person_id = $1 AND kind = 'departure'"
        )
        .bind(person_id)
        .fetch_one(p)
        .await)
        .map_err(db_error)
    }
}
