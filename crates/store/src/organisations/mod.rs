//! Organisations repository.

pub(crate) mod offices;

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::directory::model::ServiceCategory;
use satuatap_core::organisations::organisation::{OrgKind, Organisation, OrganisationFilter, OrganisationSummary};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::OrganisationRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};
use crate::search::{contains_pattern, inside_pattern};

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: Uuid,
    code: String,
    name: String,
    kind: String,
    area_code: String,
    parent_id: Option<Uuid>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<OrganisationRow> for Organisation {
    type Error = satuatap_core::Error;
    fn try_from(r: OrganisationRow) -> Result<Self> {
        Ok(Organisation {
            id: r.id,
            code: r.code,
            name: r.name,
            kind: stored("organisation kind", r.kind.parse::<OrgKind>())?,
            area_code: stored("area code", AreaCode::parse("area_code", &r.area_code))?,
            parent_id: r.parent_id,
            phone: r.phone,
            email: r.email,
            address: r.address,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: Uuid,
    code: String,
    name: String,
    kind: String,
    area_code: String,
    area_name: String,
}

impl TryFrom<SummaryRow> for OrganisationSummary {
    type Error = satuatap_core::Error;
    fn try_from(r: SummaryRow) -> Result<Self> {
        Ok(OrganisationSummary {
            id: r.id,
            code: r.code,
            name: r.name,
            kind: stored("organisation kind", r.kind.parse::<OrgKind>())?,
            area_code: stored("area code", AreaCode::parse("area_code", &r.area_code))?,
            area_name: r.area_name,
        })
    }
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT o.id, o.code, o.name, o.kind, o.area_code, a.name AS area_name \
     FROM organisations o JOIN areas a ON a.code = o.area_code";

const SELECT: &str = "SELECT id, code, name, kind, area_code, parent_id, phone, email, address, active, \
     created_at, updated_at FROM organisations";

pub(crate) fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<OrganisationSummary>> {
    rows.into_iter().map(OrganisationSummary::try_from).collect()
}

#[async_trait]
impl OrganisationRepository for Db {
    async fn organisations_by_kind_or_service(
        &self,
        kinds: &[OrgKind],
        categories: &[ServiceCategory],
    ) -> Result<HashSet<Uuid>> {
        let ids: Vec<Uuid> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT id FROM organisations WHERE kind IN (");
            bind_list(&mut qb, kinds.iter().map(|k| k.as_str()));
            qb.push(
                ") UNION SELECT s.organisation_id FROM services s JOIN service_categories c ON c.service_id = s.id \
                     WHERE c.category IN (",
            );
            bind_list(&mut qb, categories.iter().map(|c| c.as_str()));
            qb.push(")");
            qb.build_query_scalar().fetch_all(p).await
        })
        .map_err(db_error)?;
        Ok(ids.into_iter().collect())
    }

    async fn insert_organisation(&self, o: &Organisation, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO organisations (id, code, name, kind, area_code, parent_id, phone, email, address, \
                 active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(o.id)
            .bind(&o.code)
            .bind(&o.name)
            .bind(o.kind.as_str())
            .bind(o.area_code.as_str())
            .bind(o.parent_id)
            .bind(&o.phone)
            .bind(&o.email)
            .bind(&o.address)
            .bind(o.active)
            .bind(o.created_at)
            .bind(o.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn update_organisation(&self, o: &Organisation, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE organisations SET name = $2, kind = $3, area_code = $4, parent_id = $5, phone = $6, \
                 email = $7, address = $8, updated_at = $9 WHERE id = $1",
            )
            .bind(o.id)
            .bind(&o.name)
            .bind(o.kind.as_str())
            .bind(o.area_code.as_str())
            .bind(o.parent_id)
            .bind(&o.phone)
            .bind(&o.email)
            .bind(&o.address)
            .bind(o.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_organisation(&self, id: Uuid) -> Result<Option<Organisation>> {
        let sql = format!("{SELECT} WHERE id = $1");
        let row: Option<OrganisationRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(Organisation::try_from).transpose()
    }

    async fn get_organisation_by_code(&self, code: &str) -> Result<Option<Organisation>> {
        let sql = format!("{SELECT} WHERE code = $1");
        let row: Option<OrganisationRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(code).fetch_optional(p).await).map_err(db_error)?;
        row.map(Organisation::try_from).transpose()
    }

    async fn organisation_summaries(&self, ids: &[Uuid]) -> Result<Vec<OrganisationSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<SummaryRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SUMMARY_SELECT);
            qb.push(" WHERE o.id IN (");
            bind_list(&mut qb, ids.iter().copied());
            qb.push(") ORDER BY o.name");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        summaries(rows)
    }

    async fn list_organisations(
        &self,
        filter: &OrganisationFilter,
        page: PageRequest,
    ) -> Result<Page<OrganisationSummary>> {
        let pattern = filter.query.as_deref().filter(|q| !q.trim().is_empty()).map(contains_pattern);
        let (rows, total): (Vec<SummaryRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE o.active = ").push_bind(true);
                if let Some(kind) = filter.kind {
                    qb.push(" AND o.kind = ").push_bind(kind.as_str());
                }
                if let Some(area) = &filter.within {
                    qb.push(" AND (o.area_code = ")
                        .push_bind(area.as_str().to_string())
                        .push(" OR o.area_code LIKE ")
                        .push_bind(inside_pattern(area.as_str()))
                        .push(")");
                }
                if let Some(pattern) = &pattern {
                    qb.push(" AND (lower(o.name) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\' OR lower(o.code) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\')");
                }
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SUMMARY_SELECT);
            push_filters(&mut qb);
            qb.push(" ORDER BY lower(o.name), o.code LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM organisations o");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        Ok(Page { items: summaries(rows)?, total: count(total), limit: page.limit, offset: page.offset })
    }
}
