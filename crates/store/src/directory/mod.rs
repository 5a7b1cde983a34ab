//! The service directory: services with their categories, hours, phone
//! lines and places; locations; the whole directory for the HSDS export and
//! import.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::directory::model::{
    DirectorySnapshot, Language, Location, PhoneKind, Schedule, Service, ServiceCategory, ServiceContact,
    ServiceFilter, ServicePlace, ServiceRecord, ServiceStatus, ServiceSummary, Weekday,
};
use satuatap_core::organisations::organisation::{OrgKind, Organisation};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::DirectoryRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};
use crate::search::{contains_pattern, inside_pattern};

#[derive(sqlx::FromRow)]
struct ServiceRow {
    id: Uuid,
    organisation_id: Uuid,
    name: String,
    description: Option<String>,
    status: String,
    area_code: String,
    eligibility: Option<String>,
    languages: String,
    free: bool,
    fees: Option<String>,
    email: Option<String>,
    url: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const SERVICE_SELECT: &str = "SELECT s.id, s.organisation_id, s.name, s.description, s.status, s.area_code, \
     s.eligibility, s.languages, s.free, s.fees, s.email, s.url, s.created_at, s.updated_at FROM services s";

#[derive(sqlx::FromRow)]
struct ScheduleRow {
    id: Uuid,
    service_id: Uuid,
    days: String,
    opens_at: String,
    closes_at: String,
    note: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: Uuid,
    service_id: Uuid,
    label: Option<String>,
    phone: String,
    kind: String,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    id: Uuid,
    service_id: Uuid,
    location_id: Uuid,
}

#[derive(sqlx::FromRow)]
struct LocationRow {
    id: Uuid,
    organisation_id: Uuid,
    name: String,
    address: String,
    area_code: String,
    area_name: String,
    postal_code: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

const LOCATION_SELECT: &str = "SELECT l.id, l.organisation_id, l.name, l.address, l.area_code, a.name AS area_name, \
     l.postal_code, l.latitude, l.longitude FROM locations l JOIN areas a ON a.code = l.area_code";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    name: String,
    status: String,
    organisation_id: Uuid,
    organisation_name: String,
    area_code: String,
    area_name: String,
    free: bool,
}

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

fn area(code: &str) -> Result<AreaCode> {
    stored("area code", AreaCode::parse("area_code", code))
}

fn codes<T: std::str::FromStr>(what: &str, joined: &str) -> Result<Vec<T>> {
    joined
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| stored(what, c.parse::<T>().map_err(|_| c.to_string())))
        .collect()
}

fn join_codes<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(",")
}

impl ServiceRow {
    fn into_service(self, categories: Vec<ServiceCategory>, hours: Vec<Schedule>) -> Result<Service> {
        Ok(Service {
            id: self.id,
            organisation_id: self.organisation_id,
            name: self.name,
            description: self.description,
            status: stored("service status", self.status.parse::<ServiceStatus>())?,
            categories,
            area_code: area(&self.area_code)?,
            eligibility: self.eligibility,
            languages: codes::<Language>("language", &self.languages)?,
            free: self.free,
            fees: self.fees,
            email: self.email,
            url: self.url,
            hours,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl ScheduleRow {
    fn into_schedule(self) -> Result<Schedule> {
        Ok(Schedule {
            id: self.id,
            days: codes::<Weekday>("weekday", &self.days)?,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            note: self.note,
        })
    }
}

impl ContactRow {
    fn into_contact(self) -> Result<ServiceContact> {
        Ok(ServiceContact {
            id: self.id,
            label: self.label,
            phone: self.phone,
            kind: stored("phone kind", self.kind.parse::<PhoneKind>())?,
        })
    }
}

impl LocationRow {
    fn into_location(self) -> Result<Location> {
        Ok(Location {
            id: self.id,
            organisation_id: self.organisation_id,
            name: self.name,
            address: self.address,
            area_code: area(&self.area_code)?,
            area_name: self.area_name,
            postal_code: self.postal_code,
            latitude: self.latitude,
            longitude: self.longitude,
        })
    }
}

impl OrganisationRow {
    fn into_organisation(self) -> Result<Organisation> {
        Ok(Organisation {
            id: self.id,
            code: self.code,
            name: self.name,
            kind: stored("organisation kind", self.kind.parse::<OrgKind>())?,
            area_code: area(&self.area_code)?,
            parent_id: self.parent_id,
            phone: self.phone,
            email: self.email,
            address: self.address,
            active: self.active,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Upserts a location inside the transaction `$tx`.
macro_rules! put_location {
    ($tx:expr, $l:expr, $at:expr) => {
        async {
            let l: &Location = $l;
            let at: DateTime<Utc> = $at;
            sqlx::query(
                "INSERT INTO locations (id, organisation_id, name, address, area_code, postal_code, latitude, \
                 longitude, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                 ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, name = excluded.name, \
                 address = excluded.address, area_code = excluded.area_code, postal_code = excluded.postal_code, \
                 latitude = excluded.latitude, longitude = excluded.longitude, updated_at = excluded.updated_at",
            )
            .bind(l.id)
            .bind(l.organisation_id)
            .bind(&l.name)
            .bind(&l.address)
            .bind(l.area_code.as_str())
            .bind(&l.postal_code)
            .bind(l.latitude)
            .bind(l.longitude)
            .bind(at)
            .execute(&mut *$tx)
            .await?;
            Ok::<_, sqlx::Error>(())
        }
    };
}

/// Upserts a service and replaces what belongs to it, inside `$tx`.
macro_rules! put_service {
    ($tx:expr, $r:expr) => {
        async {
            let r: &ServiceRecord = $r;
            let s = &r.service;
            sqlx::query(
                "INSERT INTO services (id, organisation_id, name, description, status, area_code, eligibility, \
                 languages, free, fees, email, url, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, name = excluded.name, \
                 description = excluded.description, status = excluded.status, area_code = excluded.area_code, \
                 eligibility = excluded.eligibility, languages = excluded.languages, free = excluded.free, \
                 fees = excluded.fees, email = excluded.email, url = excluded.url, updated_at = excluded.updated_at",
            )
            .bind(s.id)
            .bind(s.organisation_id)
            .bind(&s.name)
            .bind(&s.description)
            .bind(s.status.as_str())
            .bind(s.area_code.as_str())
            .bind(&s.eligibility)
            .bind(join_codes(s.languages.iter().map(|l| l.as_str())))
            .bind(s.free)
            .bind(&s.fees)
            .bind(&s.email)
            .bind(&s.url)
            .bind(s.created_at)
            .bind(s.updated_at)
            .execute(&mut *$tx)
            .await?;
            for table in ["service_categories", "service_schedules", "service_contacts", "service_locations"] {
                // The table names are the constants above, never input.
                sqlx::query(&format!("DELETE FROM {table} WHERE service_id = $1")).bind(s.id).execute(&mut *$tx).await?;
            }
            for (i, c) in s.categories.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO service_categories (service_id, category, category_group, position) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(s.id)
                .bind(c.as_str())
                .bind(c.group().as_str())
                .bind(i as i32)
                .execute(&mut *$tx)
                .await?;
            }
            for (i, h) in s.hours.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO service_schedules (id, service_id, position, days, opens_at, closes_at, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(h.id)
                .bind(s.id)
                .bind(i as i32)
                .bind(join_codes(h.days.iter().map(|d| d.as_str())))
                .bind(&h.opens_at)
                .bind(&h.closes_at)
                .bind(&h.note)
                .execute(&mut *$tx)
                .await?;
            }
            for (i, c) in r.contacts.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO service_contacts (id, service_id, position, label, phone, kind) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(c.id)
                .bind(s.id)
                .bind(i as i32)
                .bind(&c.label)
                .bind(&c.phone)
                .bind(c.kind.as_str())
                .execute(&mut *$tx)
                .await?;
            }
            for (i, p) in r.places.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO service_locations (id, service_id, location_id, position) VALUES ($1, $2, $3, $4)",
                )
                .bind(p.id)
                .bind(s.id)
                .bind(p.location_id)
                .bind(i as i32)
                .execute(&mut *$tx)
                .await?;
            }
            Ok::<_, sqlx::Error>(())
        }
    };
}

/// `(service_id, category)` rows, in order, grouped by service.
fn categories_by_service(rows: Vec<(Uuid, String)>) -> Result<HashMap<Uuid, Vec<ServiceCategory>>> {
    let mut out: HashMap<Uuid, Vec<ServiceCategory>> = HashMap::new();
    for (id, c) in rows {
        out.entry(id).or_default().push(stored("service category", c.parse::<ServiceCategory>())?);
    }
    Ok(out)
}

fn hours_by_service(rows: Vec<ScheduleRow>) -> Result<HashMap<Uuid, Vec<Schedule>>> {
    let mut out: HashMap<Uuid, Vec<Schedule>> = HashMap::new();
    for r in rows {
        out.entry(r.service_id).or_default().push(r.into_schedule()?);
    }
    Ok(out)
}

impl Db {
    /// The categories of the given services (or of all, with `None`).
    async fn categories_of(&self, ids: Option<&[Uuid]>) -> Result<HashMap<Uuid, Vec<ServiceCategory>>> {
        if ids.is_some_and(|i| i.is_empty()) {
            return Ok(HashMap::new());
        }
        let rows: Vec<(Uuid, String)> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("SELECT service_id, category FROM service_categories");
            if let Some(ids) = ids {
                qb.push(" WHERE service_id IN (");
                bind_list(&mut qb, ids.iter().copied());
                qb.push(")");
            }
            qb.push(" ORDER BY service_id, position");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        categories_by_service(rows)
    }

    async fn hours_of(&self, ids: Option<&[Uuid]>) -> Result<HashMap<Uuid, Vec<Schedule>>> {
        if ids.is_some_and(|i| i.is_empty()) {
            return Ok(HashMap::new());
        }
        let rows: Vec<ScheduleRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> =
                QueryBuilder::new("SELECT id, service_id, days, opens_at, closes_at, note FROM service_schedules");
            if let Some(ids) = ids {
                qb.push(" WHERE service_id IN (");
                bind_list(&mut qb, ids.iter().copied());
                qb.push(")");
            }
            qb.push(" ORDER BY service_id, position");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        hours_by_service(rows)
    }
}

#[async_trait]
impl DirectoryRepository for Db {
    async fn save_service(&self, record: &ServiceRecord, locations: &[Location], audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            for l in locations {
                put_location!(tx, l, audit.at).await?;
            }
            put_service!(tx, record).await?;
        })
    }

    async fn get_service(&self, id: Uuid) -> Result<Option<Service>> {
        let sql = format!("{SERVICE_SELECT} WHERE s.id = $1");
        let row: Option<ServiceRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        let Some(row) = row else { return Ok(None) };
        let categories = self.categories_of(Some(&[id])).await?.remove(&id).unwrap_or_default();
        let hours = self.hours_of(Some(&[id])).await?.remove(&id).unwrap_or_default();
        row.into_service(categories, hours).map(Some)
    }

    async fn service_contacts(&self, id: Uuid) -> Result<Vec<ServiceContact>> {
        let rows: Vec<ContactRow> = on_pool!(&self.pool, |p, _DB| {
            sqlx::query_as(
            "SELECT id, service_id, label, phone, kind FROM service_contacts WHERE service_id = $1 ORDER BY position"
        )
        .bind(id)
        .fetch_all(p)
        .await
        })
        .map_err(db_error)?;
        rows.into_iter().map(ContactRow::into_contact).collect()
    }

    async fn service_places(&self, id: Uuid) -> Result<Vec<ServicePlace>> {
        let rows: Vec<PlaceRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, service_id, location_id FROM service_locations WHERE service_id = $1 ORDER BY position"
        )
        .bind(id)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        Ok(rows.into_iter().map(|r| ServicePlace { id: r.id, location_id: r.location_id }).collect())
    }

    async fn list_services(&self, filter: &ServiceFilter, page: PageRequest) -> Result<Page<ServiceSummary>> {
        let pattern = filter.q.as_deref().filter(|q| !q.trim().is_empty()).map(contains_pattern);
        let mut above: Vec<String> = Vec::new();
        if let Some(area) = &filter.within {
            let mut cur = area.parent();
            while let Some(c) = cur {
                cur = c.parent();
                above.push(c.as_str().to_string());
            }
        }
        let (rows, total): (Vec<SummaryRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE 1 = 1");
                if let Some(c) = filter.category {
                    qb.push(
                        " AND EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id AND c.category = ",
                    )
                    .push_bind(c.as_str())
                    .push(")");
                }
                if let Some(g) = filter.group {
                    qb.push(
                        " AND EXISTS (SELECT 1 FROM service_categories c WHERE c.service_id = s.id \
                         AND c.category_group = ",
                    )
                    .push_bind(g.as_str())
                    .push(")");
                }
                if let Some(area) = &filter.within {
                    qb.push(" AND (s.area_code = ")
                        .push_bind(area.as_str().to_string())
                        .push(" OR s.area_code LIKE ")
                        .push_bind(inside_pattern(area.as_str()));
                    if !above.is_empty() {
                        qb.push(" OR s.area_code IN (");
                        bind_list(qb, above.iter().cloned());
                        qb.push(")");
                    }
                    qb.push(")");
                }
                if let Some(org) = filter.organisation_id {
                    qb.push(" AND s.organisation_id = ").push_bind(org);
                }
                if let Some(status) = filter.status {
                    qb.push(" AND s.status = ").push_bind(status.as_str());
                }
                if let Some(pattern) = &pattern {
                    qb.push(" AND (lower(s.name) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\' OR lower(o.name) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\' OR lower(COALESCE(s.description, '')) LIKE ")
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\')");
                }
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "SELECT s.id, s.name, s.status, s.organisation_id, o.name AS organisation_name, s.area_code, \
                 a.name AS area_name, s.free FROM services s JOIN organisations o ON o.id = s.organisation_id \
                 JOIN areas a ON a.code = s.area_code",
            );
            push_filters(&mut qb);
            qb.push(" ORDER BY lower(s.name), lower(o.name), s.id LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> =
                QueryBuilder::new("SELECT COUNT(*) FROM services s JOIN organisations o ON o.id = s.organisation_id");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut categories = self.categories_of(Some(&ids)).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(ServiceSummary {
                    categories: categories.remove(&r.id).unwrap_or_default(),
                    status: stored("service status", r.status.parse::<ServiceStatus>())?,
                    area_code: area(&r.area_code)?,
                    id: r.id,
                    name: r.name,
                    organisation_id: r.organisation_id,
                    organisation_name: r.organisation_name,
                    area_name: r.area_name,
                    free: r.free,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn get_locations(&self, ids: &[Uuid]) -> Result<Vec<Location>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<LocationRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(LOCATION_SELECT);
            qb.push(" WHERE l.id IN (");
            bind_list(&mut qb, ids.iter().copied());
            qb.push(") ORDER BY lower(l.name), l.id");
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        rows.into_iter().map(LocationRow::into_location).collect()
    }

    async fn locations_within(&self, area: &AreaCode, limit: u32) -> Result<Vec<Location>> {
        let sql = format!(
            "{LOCATION_SELECT} WHERE l.area_code = $1 OR l.area_code LIKE $2 ORDER BY lower(l.name), l.id LIMIT $3"
        );
        let rows: Vec<LocationRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql)
            .bind(area.as_str())
            .bind(inside_pattern(area.as_str()))
            .bind(i64::from(limit))
            .fetch_all(p)
            .await)
        .map_err(db_error)?;
        rows.into_iter().map(LocationRow::into_location).collect()
    }

    async fn directory_snapshot(&self) -> Result<DirectorySnapshot> {
        type Rows = (Vec<OrganisationRow>, Vec<LocationRow>, Vec<ServiceRow>, Vec<ContactRow>, Vec<PlaceRow>);
        let (orgs, locations, services, contacts, places): Rows = on_pool!(&self.pool, |p, _DB| async {
            let orgs = sqlx::query_as(
                "SELECT id, code, name, kind, area_code, parent_id, phone, email, address, active, created_at, \
                 updated_at FROM organisations ORDER BY code",
            )
            .fetch_all(p)
            .await?;
            let locations =
                sqlx::query_as(&format!("{LOCATION_SELECT} ORDER BY lower(l.name), l.id")).fetch_all(p).await?;
            let services =
                sqlx::query_as(&format!("{SERVICE_SELECT} ORDER BY lower(s.name), s.id")).fetch_all(p).await?;
            let contacts = sqlx::query_as(
                "SELECT id, service_id, label, phone, kind FROM service_contacts ORDER BY service_id, position",
            )
            .fetch_all(p)
            .await?;
            let places = sqlx::query_as(
                "SELECT id, service_id, location_id FROM service_locations ORDER BY service_id, position",
            )
            .fetch_all(p)
            .await?;
            Ok::<_, sqlx::Error>((orgs, locations, services, contacts, places))
        }
        .await)
        .map_err(db_error)?;
        let mut categories = self.categories_of(None).await?;
        let mut hours = self.hours_of(None).await?;
        let mut contacts_of: HashMap<Uuid, Vec<ServiceContact>> = HashMap::new();
        for c in contacts {
            contacts_of.entry(c.service_id).or_default().push(c.into_contact()?);
        }
        let mut places_of: HashMap<Uuid, Vec<ServicePlace>> = HashMap::new();
        for p in places {
            places_of.entry(p.service_id).or_default().push(ServicePlace { id: p.id, location_id: p.location_id });
        }
        let services = services
            .into_iter()
            .map(|row| {
                let id = row.id;
                let service = row
                    .into_service(categories.remove(&id).unwrap_or_default(), hours.remove(&id).unwrap_or_default())?;
                Ok(ServiceRecord {
                    service,
                    contacts: contacts_of.remove(&id).unwrap_or_default(),
                    places: places_of.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DirectorySnapshot {
            organisations: orgs.into_iter().map(OrganisationRow::into_organisation).collect::<Result<_>>()?,
            locations: locations.into_iter().map(LocationRow::into_location).collect::<Result<_>>()?,
            services,
        })
    }

    async fn import_directory(&self, d: &DirectorySnapshot, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            // Parents are set once every organisation is there.
            for o in &d.organisations {
                sqlx::query(
                    "INSERT INTO organisations (id, code, name, kind, area_code, parent_id, phone, email, address, \
                     active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, $9, $10, $11) \
                     ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, kind = excluded.kind, \
                     area_code = excluded.area_code, phone = excluded.phone, email = excluded.email, \
                     updated_at = excluded.updated_at",
                )
                .bind(o.id)
                .bind(&o.code)
                .bind(&o.name)
                .bind(o.kind.as_str())
                .bind(o.area_code.as_str())
                .bind(&o.phone)
                .bind(&o.email)
                .bind(&o.address)
                .bind(o.active)
                .bind(o.created_at)
                .bind(o.updated_at)
                .execute(&mut *tx)
                .await?;
            }
            for o in &d.organisations {
                sqlx::query("UPDATE organisations SET parent_id = $1 WHERE id = $2")
                    .bind(o.parent_id)
                    .bind(o.id)
                    .execute(&mut *tx)
                    .await?;
            }
            for l in &d.locations {
                put_location!(tx, l, audit.at).await?;
            }
            for r in &d.services {
                put_service!(tx, r).await?;
            }
        })
    }
}
