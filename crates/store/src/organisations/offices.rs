//! Offices repository: LTSA-MRC offices and village information centres.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::organisations::organisation::{
    Office, OfficeFilter, OfficeKind, OfficeOverview, OfficeSummary, OrganisationSummary,
};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::OfficeRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::{audited, audited_if_changed};
use crate::organisations::{summaries, SummaryRow, SUMMARY_SELECT};
use crate::pool::{count, db_error, offset, on_pool, stored, Db};
use crate::search::inside_pattern;

#[derive(sqlx::FromRow)]
struct OfficeRow {
    id: Uuid,
    code: String,
    name: String,
    kind: String,
    area_code: String,
    organisation_id: Uuid,
    address: String,
    phone: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<OfficeRow> for Office {
    type Error = satuatap_core::Error;
    fn try_from(r: OfficeRow) -> Result<Self> {
        Ok(Office {
            id: r.id,
            code: r.code,
            name: r.name,
            kind: stored("office kind", r.kind.parse::<OfficeKind>())?,
            area_code: stored("area code", AreaCode::parse("area_code", &r.area_code))?,
            organisation_id: r.organisation_id,
            address: r.address,
            phone: r.phone,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct OfficeSummaryRow {
    id: Uuid,
    code: String,
    name: String,
    kind: String,
    area_code: String,
    area_name: String,
}

impl TryFrom<OfficeSummaryRow> for OfficeSummary {
    type Error = satuatap_core::Error;
    fn try_from(r: OfficeSummaryRow) -> Result<Self> {
        Ok(OfficeSummary {
            id: r.id,
            code: r.code,
            name: r.name,
            kind: stored("office kind", r.kind.parse::<OfficeKind>())?,
            area_code: stored("area code", AreaCode::parse("area_code", &r.area_code))?,
            area_name: r.area_name,
        })
    }
}

const OFFICE_SUMMARY_SELECT: &str = "SELECT f.id, f.code, f.name, f.kind, f.area_code, a.name AS area_name \
     FROM offices f JOIN areas a ON a.code = f.area_code";

fn office_summaries(rows: Vec<OfficeSummaryRow>) -> Result<Vec<OfficeSummary>> {
    rows.into_iter().map(OfficeSummary::try_from).collect()
}

#[derive(sqlx::FromRow)]
struct OverviewRow {
    id: Uuid,
    name: String,
    area_code: String,
    regency_name: String,
    address: String,
    partners: i64,
    village_centres: i64,
}

/// One query for the home page: each LTSA-MRC office, its regency, its
/// partners and the village centres of its regency.
const OVERVIEW: &str = "SELECT f.id, f.name, f.area_code, r.name AS regency_name, f.address, \
     (SELECT COUNT(*) FROM office_members m JOIN organisations o ON o.id = m.organisation_id \
       WHERE m.office_id = f.id AND o.kind <> 'district_government') AS partners, \
     (SELECT COUNT(*) FROM offices v WHERE v.kind = 'village_information_centre' \
       AND v.area_code LIKE substr(f.area_code, 1, 5) || '.%') AS village_centres \
     FROM offices f JOIN areas r ON r.code = substr(f.area_code, 1, 5) \
     WHERE f.kind = 'ltsa_mrc_office' ORDER BY r.name";

#[async_trait]
impl OfficeRepository for Db {
    async fn ltsa_overview(&self) -> Result<Vec<OfficeOverview>> {
        let rows: Vec<OverviewRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(OVERVIEW).fetch_all(p).await).map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(OfficeOverview {
                    id: r.id,
                    name: r.name,
                    area_code: stored("area code", AreaCode::parse("area_code", &r.area_code))?,
                    regency_name: r.regency_name,
                    address: r.address,
                    partners: count(r.partners),
                    village_centres: count(r.village_centres),
                })
            })
            .collect()
    }

    async fn insert_office(&self, o: &Office, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO offices (id, code, name, kind, area_code, organisation_id, address, phone, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(o.id)
            .bind(&o.code)
            .bind(&o.name)
            .bind(o.kind.as_str())
            .bind(o.area_code.as_str())
            .bind(o.organisation_id)
            .bind(&o.address)
            .bind(&o.phone)
            .bind(o.created_at)
            .bind(o.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn update_office(&self, o: &Office, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE offices SET name = $2, kind = $3, area_code = $4, organisation_id = $5, address = $6, \
                 phone = $7, updated_at = $8 WHERE id = $1",
            )
            .bind(o.id)
            .bind(&o.name)
            .bind(o.kind.as_str())
            .bind(o.area_code.as_str())
            .bind(o.organisation_id)
            .bind(&o.address)
            .bind(&o.phone)
            .bind(o.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_office(&self, id: Uuid) -> Result<Option<Office>> {
        let row: Option<OfficeRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, code, name, kind, area_code, organisation_id, address, phone, created_at, updated_at \
             FROM offices WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        row.map(Office::try_from).transpose()
    }

    async fn get_office_by_code(&self, code: &str) -> Result<Option<Office>> {
        let row: Option<OfficeRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, code, name, kind, area_code, organisation_id, address, phone, created_at, updated_at \
             FROM offices WHERE code = $1"
        )
        .bind(code)
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        row.map(Office::try_from).transpose()
    }

    async fn list_offices(&self, filter: &OfficeFilter, page: PageRequest) -> Result<Page<OfficeSummary>> {
        let (rows, total): (Vec<OfficeSummaryRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE 1 = 1");
                if let Some(kind) = filter.kind {
                    qb.push(" AND f.kind = ").push_bind(kind.as_str());
                }
                if let Some(area) = &filter.within {
                    qb.push(" AND (f.area_code = ")
                        .push_bind(area.as_str().to_string())
                        .push(" OR f.area_code LIKE ")
                        .push_bind(inside_pattern(area.as_str()))
                        .push(")");
                }
                if let Some(org) = filter.organisation_id {
                    qb.push(" AND f.organisation_id = ").push_bind(org);
                }
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(OFFICE_SUMMARY_SELECT);
            push_filters(&mut qb);
            qb.push(" ORDER BY f.kind, f.area_code, f.name LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM offices f");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        Ok(Page { items: office_summaries(rows)?, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn add_office_member(&self, office_id: Uuid, organisation_id: Uuid, audit: &AuditRecord) -> Result<()> {
        // Nothing changed, nothing to audit.
        audited_if_changed!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO office_members (office_id, organisation_id) VALUES ($1, $2) \
                 ON CONFLICT (office_id, organisation_id) DO NOTHING",
            )
            .bind(office_id)
            .bind(organisation_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0
        })
        .map(|_| ())
    }

    async fn remove_office_member(&self, office_id: Uuid, organisation_id: Uuid, audit: &AuditRecord) -> Result<bool> {
        // Nothing changed, nothing to audit.
        audited_if_changed!(self, audit, |tx| {
            sqlx::query("DELETE FROM office_members WHERE office_id = $1 AND organisation_id = $2")
                .bind(office_id)
                .bind(organisation_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0
        })
    }

    async fn office_members(&self, office_id: Uuid) -> Result<Vec<OrganisationSummary>> {
        let sql = format!(
            "{SUMMARY_SELECT} JOIN office_members m ON m.organisation_id = o.id WHERE m.office_id = $1 ORDER BY o.kind, o.name"
        );
        let rows: Vec<SummaryRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(office_id).fetch_all(p).await).map_err(db_error)?;
        summaries(rows)
    }

    async fn offices_of_organisation(&self, organisation_id: Uuid) -> Result<Vec<OfficeSummary>> {
        let sql = format!(
            "{OFFICE_SUMMARY_SELECT} WHERE f.organisation_id = $1 OR f.id IN \
             (SELECT office_id FROM office_members WHERE organisation_id = $1) ORDER BY f.kind, f.name"
        );
        let rows: Vec<OfficeSummaryRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(organisation_id).fetch_all(p).await)
                .map_err(db_error)?;
        office_summaries(rows)
    }
}
