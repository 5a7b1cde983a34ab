//! Village registrations and the visitors the district office expects.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::community::registration::{
    ExpectedReason, ExpectedVisitor, PermissionLetter, Registration, RegistrationStatus,
};
use satuatap_core::money::Country;
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::registry::episode::Sector;
use satuatap_core::registry::family::Relationship;
use satuatap_core::repo::{CommunityFilter, RegistrationRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::push_within;
use crate::audit::audited;
use crate::pool::{count, db_error, offset, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    person_id: Uuid,
    village_code: String,
    organisation_id: Uuid,
    destination: String,
    sector: Option<String>,
    occupation: Option<String>,
    agency_id: Option<Uuid>,
    agency_name: Option<String>,
    job_offer: bool,
    job_offer_date: Option<NaiveDate>,
    permission_relative: Option<String>,
    permission_relation: Option<String>,
    permission_acknowledged_by: Option<String>,
    permission_acknowledged_on: Option<NaiveDate>,
    seen_ktp: bool,
    seen_family_card: bool,
    seen_passport: bool,
    status: String,
    return_reason: Option<String>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for Registration {
    type Error = satuatap_core::Error;
    fn try_from(r: Row) -> Result<Self> {
        let permission = match (r.permission_relative, r.permission_relation) {
            (Some(relative), Some(relation)) => Some(PermissionLetter {
                relative,
                relation: stored("relation", relation.parse::<Relationship>())?,
                acknowledged_by: r.permission_acknowledged_by,
                acknowledged_on: r.permission_acknowledged_on,
            }),
            _ => None,
        };
        Ok(Registration {
            id: r.id,
            person_id: r.person_id,
            person_name: None,
            village_code: stored("village", AreaCode::parse("village", &r.village_code).map_err(|_| ()))?,
            organisation_id: r.organisation_id,
            destination: stored("destination", Country::parse("destination", &r.destination).map_err(|_| ()))?,
            sector: r.sector.map(|s| stored("sector", s.parse::<Sector>())).transpose()?,
            occupation: r.occupation,
            agency_id: r.agency_id,
            agency_name: r.agency_name,
            job_offer: r.job_offer,
            job_offer_date: r.job_offer_date,
            permission,
            seen_ktp: r.seen_ktp,
            seen_family_card: r.seen_family_card,
            seen_passport: r.seen_passport,
            status: stored("registration status", r.status.parse::<RegistrationStatus>())?,
            return_reason: r.return_reason,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

const SELECT: &str = "SELECT r.id, r.person_id, r.village_code, r.organisation_id, r.destination, r.sector, \
     r.occupation, r.agency_id, a.name AS agency_name, r.job_offer, r.job_offer_date, r.permission_relative, \
     r.permission_relation, r.permission_acknowledged_by, r.permission_acknowledged_on, r.seen_ktp, \
     r.seen_family_card, r.seen_passport, r.status, r.return_reason, r.decided_by, r.decided_at, r.created_by, \
     r.created_at FROM village_registrations r LEFT JOIN organisations a ON a.id = r.agency_id";

fn push_filters<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, f: &'a CommunityFilter)
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" WHERE 1 = 1");
    if let Some(area) = &f.within {
        push_within(qb, "r.village_code", area);
    }
    if let Some(p) = f.person_id {
        qb.push(" AND r.person_id = ").push_bind(p);
    }
    if let Some(s) = f.status {
        qb.push(" AND r.status = ").push_bind(s.as_str());
    }
}

#[async_trait]
impl RegistrationRepository for Db {
    async fn insert_registration(&self, r: &Registration, audit: &AuditRecord) -> Result<()> {
        let p = r.permission.as_ref();
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO village_registrations (id, person_id, village_code, organisation_id, destination, \
                 sector, occupation, agency_id, job_offer, job_offer_date, permission_relative, permission_relation, \
                 permission_acknowledged_by, permission_acknowledged_on, seen_ktp, seen_family_card, seen_passport, \
                 status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
                 $14, $15, $16, $17, $18, $19, $20)",
            )
            .bind(r.id)
            .bind(r.person_id)
            .bind(r.village_code.as_str())
            .bind(r.organisation_id)
            .bind(r.destination.as_str())
            .bind(r.sector.map(|s| s.as_str()))
            .bind(&r.occupation)
            .bind(r.agency_id)
            .bind(r.job_offer)
            .bind(r.job_offer_date)
            .bind(p.map(|p| p.relative.as_str()))
            .bind(p.map(|p| p.relation.as_str()))
            .bind(p.and_then(|p| p.acknowledged_by.as_deref()))
            .bind(p.and_then(|p| p.acknowledged_on))
            .bind(r.seen_ktp)
            .bind(r.seen_family_card)
            .bind(r.seen_passport)
            .bind(r.status.as_str())
            .bind(r.created_by)
            .bind(r.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_registration(&self, id: Uuid) -> Result<Option<Registration>> {
        let sql = format!("{SELECT} WHERE r.id = $1");
        let row: Option<Row> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(Registration::try_from).transpose()
    }

    async fn list_registrations(&self, filter: &CommunityFilter, page: PageRequest) -> Result<Page<Registration>> {
        let (rows, total): (Vec<Row>, i64) = on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb, filter);
            qb.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows: Vec<Row> = qb.build_query_as().fetch_all(p).await?;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM village_registrations r");
            push_filters(&mut cq, filter);
            let total: i64 = cq.build_query_scalar().fetch_one(p).await?;
            Ok::<_, sqlx::Error>((rows, total))
        }
        .await)
        .map_err(db_error)?;
        let items = rows.into_iter().map(Registration::try_from).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn decide_registration(
        &self,
        id: Uuid,
        status: RegistrationStatus,
        reason: Option<&str>,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<bool> {
        // The audit entry is written only when the row changed: a
        // transaction of its own, rolled back otherwise.
        crate::audit::audited_if_changed!(self, audit, |tx| {
            sqlx::query(
                "UPDATE village_registrations SET status = $1, return_reason = $2, decided_by = $3, decided_at = $4 \
                 WHERE id = $5 AND status = 'submitted'",
            )
            .bind(status.as_str())
            .bind(reason)
            .bind(by)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        })
    }

    async fn expected_visitors(&self, district: &AreaCode, limit: u32) -> Result<Vec<ExpectedVisitor>> {
        #[derive(sqlx::FromRow)]
        struct Expected {
            person_id: Uuid,
            village_code: String,
            reason: String,
            record_id: Uuid,
            since: DateTime<Utc>,
        }
        let prefix = crate::search::inside_pattern(district.as_str());
        // Not seen since: no visit at an office of the district after the record.
        let sql = "SELECT x.person_id, x.village_code, x.reason, x.record_id, x.since FROM ( \
             SELECT r.person_id, r.village_code, 'registered' AS reason, r.id AS record_id, r.decided_at AS since \
             FROM village_registrations r WHERE r.status = 'verified' AND r.village_code LIKE $1 \
             AND NOT EXISTS (SELECT 1 FROM migration_notices d WHERE d.person_id = r.person_id \
             AND d.kind = 'departure' AND d.created_at >= r.decided_at) \
             UNION ALL \
             SELECT n.person_id, n.village_code, 'returned' AS reason, n.id AS record_id, n.created_at AS since \
             FROM migration_notices n WHERE n.kind = 'return' AND n.follow_up = 'refer' AND n.village_code LIKE $1 \
             ) x WHERE NOT EXISTS (SELECT 1 FROM visits v JOIN offices o ON o.id = v.office_id \
             WHERE v.person_id = x.person_id AND v.at >= x.since AND (o.area_code = $2 OR o.area_code LIKE $1)) \
             ORDER BY x.since, x.record_id LIMIT $3";
        let rows: Vec<Expected> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(sql)
            .bind(&prefix)
            .bind(district.as_str())
            .bind(i64::from(limit))
            .fetch_all(p)
            .await)
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(ExpectedVisitor {
                    person_id: r.person_id,
                    person_name: String::new(),
                    village_code: stored("village", AreaCode::parse("village", &r.village_code).map_err(|_| ()))?,
                    reason: stored("expected reason", r.reason.parse::<ExpectedReason>())?,
                    record_id: r.record_id,
                    since: r.since,
                })
            })
            .collect()
    }
}
