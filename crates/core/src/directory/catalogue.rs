//! The service directory: list and search (public, like the organisation
//! directory), one service with where, when and how to reach it, adding and
//! editing a service (`DirectoryManage` in the service's area), and the whole
//! directory as Open Referral HSDS 3.x, out and in.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::Utc;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::{Area, AreaCode};
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::directory::hsds::{self, ExportContext};
use crate::directory::model::{
    DirectoryImportSummary, DirectorySnapshot, Location, NewService, Schedule, Service, ServiceContact, ServiceDetail,
    ServiceFilter, ServicePlace, ServiceRecord, ServiceSummary, ValidService,
};
use crate::error::{Error, FieldError, Result};
use crate::organisations::organisation::Organisation;
use crate::paging::{Page, PageRequest};

/// The area codes and every area above them.
fn with_ancestors<'a>(codes: impl IntoIterator<Item = &'a AreaCode>) -> Vec<AreaCode> {
    let mut all = BTreeSet::new();
    for code in codes {
        let mut cur = Some(code.clone());
        while let Some(c) = cur {
            cur = c.parent();
            all.insert(c);
        }
    }
    all.into_iter().collect()
}

/// Whether `actor` may add or edit services (and pathways) in `area`: the
/// rule the commands below check.
pub fn may_manage(actor: &Actor, area: &AreaCode) -> bool {
    AuthCheck::new(Permission::DirectoryManage).in_area(area).check(actor).is_ok()
}

/// Whether `actor` may add services anywhere at all (the "add" button).
pub fn may_manage_somewhere(actor: &Actor) -> bool {
    AuthCheck::new(Permission::DirectoryManage).check(actor).is_ok()
}

impl App {
    /// Services by name, filtered by category (or group), area, organisation,
    /// status and text. Public knowledge, like the organisation directory.
    pub async fn services(&self, filter: &ServiceFilter, page: PageRequest) -> Result<Page<ServiceSummary>> {
        self.store.list_services(filter, page).await
    }

    /// One service with its organisation, the area it serves, its locations
    /// and its phone lines.
    pub async fn service(&self, id: Uuid) -> Result<ServiceDetail> {
        let service = self.store.get_service(id).await?.ok_or(Error::not_found("service"))?;
        let organisation = self
            .store
            .organisation_summaries(&[service.organisation_id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::internal("service without organisation"))?;
        let area =
            self.store.get_area(&service.area_code).await?.ok_or_else(|| Error::internal("service without area"))?;
        let places = self.store.service_places(id).await?;
        let ids: Vec<Uuid> = places.iter().map(|p| p.location_id).collect();
        let mut locations = self.store.get_locations(&ids).await?;
        locations.sort_by_key(|l| ids.iter().position(|i| *i == l.id));
        let contacts = self.store.service_contacts(id).await?;
        Ok(ServiceDetail { service, organisation, area, locations, contacts })
    }

    /// Locations in an area or inside it (to choose from when editing a service).
    pub async fn locations_within(&self, area: &AreaCode) -> Result<Vec<Location>> {
        self.store.locations_within(area, 500).await
    }

    /// Adds a service. Needs `DirectoryManage` in the area it serves (and in
    /// the area of every location it creates or corrects).
    pub async fn create_service(&self, ctx: &Ctx, input: &NewService) -> Result<ServiceDetail> {
        let valid = input.validate()?;
        let org = self.service_organisation(&valid).await?;
        let area_code = valid.area_code.clone().unwrap_or_else(|| org.area_code.clone());
        AuthCheck::new(Permission::DirectoryManage).in_area(&area_code).check(&ctx.actor)?;
        let now = truncate_to_micros(Utc::now());
        let id = Uuid::now_v7();
        let (record, locations) = self.build_service(ctx, id, &valid, &org, area_code, now, None).await?;
        let s = &record.service;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Service,
            Some(id.to_string()),
            json!({ "name": s.name, "organisation_id": s.organisation_id, "status": s.status,
                    "categories": s.categories, "area_code": s.area_code,
                    "locations": record.places.len(), "contacts": record.contacts.len() }),
        );
        self.store.save_service(&record, &locations, &audit).await?;
        self.service(id).await
    }

    /// Replaces a service's fields, hours, phone lines and locations. Needs
    /// `DirectoryManage` in the area it serves, before and after.
    pub async fn update_service(&self, ctx: &Ctx, id: Uuid, input: &NewService) -> Result<ServiceDetail> {
        let old = self.store.get_service(id).await?.ok_or(Error::not_found("service"))?;
        AuthCheck::new(Permission::DirectoryManage).in_area(&old.area_code).check(&ctx.actor)?;
        let valid = input.validate()?;
        let org = self.service_organisation(&valid).await?;
        let area_code = valid.area_code.clone().unwrap_or_else(|| org.area_code.clone());
        AuthCheck::new(Permission::DirectoryManage).in_area(&area_code).check(&ctx.actor)?;
        let before = ServiceRecord {
            contacts: self.store.service_contacts(id).await?,
            places: self.store.service_places(id).await?,
            service: old,
        };
        let now = truncate_to_micros(Utc::now());
        let (record, locations) = self.build_service(ctx, id, &valid, &org, area_code, now, Some(&before)).await?;
        let changed = changed_fields(&before, &record, !locations.is_empty());
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Service,
            Some(id.to_string()),
            json!({ "changed": changed, "name": record.service.name, "status": record.service.status,
                    "area_code": record.service.area_code }),
        );
        self.store.save_service(&record, &locations, &audit).await?;
        self.service(id).await
    }

    async fn service_organisation(&self, valid: &ValidService) -> Result<Organisation> {
        self.store
            .get_organisation_by_code(valid.organisation_code.as_str())
            .await?
            .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))
    }

    /// The record to store and the locations to create or correct; every
    /// reference (areas, locations) is checked, and every problem reported.
    #[allow(clippy::too_many_arguments)]
    async fn build_service(
        &self,
        ctx: &Ctx,
        id: Uuid,
        valid: &ValidService,
        org: &Organisation,
        area_code: AreaCode,
        now: chrono::DateTime<Utc>,
        before: Option<&ServiceRecord>,
    ) -> Result<(ServiceRecord, Vec<Location>)> {
        let mut errors: Vec<FieldError> = Vec::new();
        let field = if valid.area_code.is_some() { "area_code" } else { "organisation_code" };
        let mut codes: Vec<AreaCode> = vec![area_code.clone()];
        codes.extend(valid.locations.iter().map(|l| l.area_code.clone()));
        let areas: HashMap<String, Area> =
            self.store.get_areas(&codes).await?.into_iter().map(|a| (a.code.as_str().to_string(), a)).collect();
        if !areas.contains_key(area_code.as_str()) {
            errors.push(FieldError::new(field, "unknown_area").with("value", &area_code));
        }
        let mut wanted: Vec<Uuid> = valid.location_ids.clone();
        wanted.extend(valid.locations.iter().filter_map(|l| l.id));
        let known: HashMap<Uuid, Location> =
            self.store.get_locations(&wanted).await?.into_iter().map(|l| (l.id, l)).collect();
        for (i, lid) in valid.location_ids.iter().enumerate() {
            if !known.contains_key(lid) {
                errors.push(FieldError::new(format!("location_ids[{i}]"), "unknown_location").with("value", lid));
            }
        }
        let mut locations = Vec::new();
        for (i, l) in valid.locations.iter().enumerate() {
            let Some(area) = areas.get(l.area_code.as_str()) else {
                errors.push(
                    FieldError::new(format!("locations[{i}].area_code"), "unknown_area").with("value", &l.area_code),
                );
                continue;
            };
            AuthCheck::new(Permission::DirectoryManage).in_area(&l.area_code).check(&ctx.actor)?;
            let (lid, owner) = match l.id {
                None => (Uuid::now_v7(), org.id),
                Some(lid) => match known.get(&lid) {
                    Some(existing) => {
                        AuthCheck::new(Permission::DirectoryManage).in_area(&existing.area_code).check(&ctx.actor)?;
                        (lid, existing.organisation_id)
                    }
                    None => {
                        errors
                            .push(FieldError::new(format!("locations[{i}].id"), "unknown_location").with("value", lid));
                        continue;
                    }
                },
            };
            locations.push(Location {
                id: lid,
                organisation_id: owner,
                name: l.name.as_str().to_string(),
                address: l.address.clone(),
                area_code: l.area_code.clone(),
                area_name: area.name.clone(),
                postal_code: l.postal_code.clone(),
                latitude: l.latitude,
                longitude: l.longitude,
            });
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let old_places: HashMap<Uuid, Uuid> =
            before.map(|b| b.places.iter().map(|p| (p.location_id, p.id)).collect()).unwrap_or_default();
        let mut places: Vec<ServicePlace> = Vec::new();
        for lid in valid.location_ids.iter().copied().chain(locations.iter().map(|l| l.id)) {
            if places.iter().all(|p| p.location_id != lid) {
                let pid = old_places.get(&lid).copied().unwrap_or_else(Uuid::now_v7);
                places.push(ServicePlace { id: pid, location_id: lid });
            }
        }
        let old_hours: Vec<Uuid> = before.map(|b| b.service.hours.iter().map(|h| h.id).collect()).unwrap_or_default();
        let hours = valid
            .hours
            .iter()
            .enumerate()
            .map(|(i, h)| Schedule {
                id: old_hours.get(i).copied().unwrap_or_else(Uuid::now_v7),
                days: h.days.clone(),
                opens_at: h.opens_at.clone(),
                closes_at: h.closes_at.clone(),
                note: h.note.clone(),
            })
            .collect();
        let old_contacts: Vec<Uuid> = before.map(|b| b.contacts.iter().map(|c| c.id).collect()).unwrap_or_default();
        let contacts = valid
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| ServiceContact {
                id: old_contacts.get(i).copied().unwrap_or_else(Uuid::now_v7),
                label: c.label.clone(),
                phone: c.phone.clone(),
                kind: c.kind,
            })
            .collect();
        let service = Service {
            id,
            organisation_id: org.id,
            name: valid.name.as_str().to_string(),
            description: valid.description.clone(),
            status: valid.status,
            categories: valid.categories.clone(),
            area_code,
            eligibility: valid.eligibility.clone(),
            languages: valid.languages.clone(),
            free: valid.free,
            fees: valid.fees.clone(),
            email: valid.email.clone(),
            url: valid.url.clone(),
            hours,
            created_at: before.map(|b| b.service.created_at).unwrap_or(now),
            updated_at: now,
        };
        Ok((ServiceRecord { service, contacts, places }, locations))
    }

    // ---- HSDS ------------------------------------------------------------

    /// The whole directory as one Open Referral HSDS 3.x document
    /// (organizations with their locations and services, the taxonomy and
    /// its terms). `label` gives the text of a translation key in `lang`.
    pub async fn hsds_export(&self, label: &(dyn Fn(&str) -> String + Sync), lang: &str) -> Result<Value> {
        let snapshot = self.store.directory_snapshot().await?;
        let codes = with_ancestors(
            snapshot
                .organisations
                .iter()
                .map(|o| &o.area_code)
                .chain(snapshot.locations.iter().map(|l| &l.area_code))
                .chain(snapshot.services.iter().map(|s| &s.service.area_code)),
        );
        let mut areas = HashMap::new();
        for chunk in codes.chunks(500) {
            for a in self.store.get_areas(chunk).await? {
                areas.insert(a.code.as_str().to_string(), a);
            }
        }
        Ok(hsds::export(&snapshot, &ExportContext { areas: &areas, label, lang }))
    }

    /// Imports an HSDS 3.x document: checked against the vendored HSDS
    /// schemas first, then against our model and the database (areas,
    /// organisation codes, parents, locations); nothing is written when any
    /// part is invalid, each problem naming its JSON pointer. Then everything
    /// is upserted by id in one transaction with one audit entry (counts).
    /// Needs `DirectoryManage` everywhere (the command line).
    pub async fn import_hsds(&self, ctx: &Ctx, doc: &Value) -> Result<DirectoryImportSummary> {
        if AuthCheck::new(Permission::DirectoryManage).check(&ctx.actor)? != Scope::All {
            return Err(Error::Forbidden);
        }
        hsds::validate(doc).map_err(Error::Invalid)?;
        let parsed = hsds::read(doc).map_err(Error::Invalid)?;
        let mut errors: Vec<FieldError> = Vec::new();

        // Ids are unique in the file.
        let mut seen: HashSet<Uuid> = HashSet::new();
        let mut unique = |id: Uuid, path: String, errors: &mut Vec<FieldError>| {
            if !seen.insert(id) {
                errors.push(FieldError::new(path, "duplicate_id").with("value", id));
            }
        };
        for o in &parsed.organisations {
            unique(o.id, format!("{}/id", o.path), &mut errors);
        }
        for l in &parsed.locations {
            unique(l.location.id, format!("{}/id", l.path), &mut errors);
        }
        for s in &parsed.services {
            unique(s.id, format!("{}/id", s.path), &mut errors);
            for (k, p) in s.places.iter().enumerate() {
                unique(p.id, format!("{}/service_at_locations/{k}/id", s.path), &mut errors);
            }
            for (k, c) in s.contacts.iter().enumerate() {
                unique(c.id, format!("{}/phones/{k}/id", s.path), &mut errors);
            }
            for (k, h) in s.hours.iter().enumerate() {
                unique(h.id, format!("{}/schedules/{k}/id", s.path), &mut errors);
            }
        }

        // Organisations: existing ones by id, new ones need code, kind and area.
        let now = truncate_to_micros(Utc::now());
        // Each with the JSON pointer of its organization.
        let mut organisations: Vec<(String, Organisation)> = Vec::new();
        let mut new_organisations = 0u64;
        let mut codes: HashMap<String, Uuid> = HashMap::new();
        for o in &parsed.organisations {
            let existing = self.store.get_organisation(o.id).await?;
            let at = format!("{}/organization_identifiers", o.path);
            let merged = match existing {
                Some(e) => Some(Organisation {
                    code: o.code.as_ref().map(|c| c.as_str().to_string()).unwrap_or(e.code),
                    name: o.name.clone(),
                    kind: o.kind.unwrap_or(e.kind),
                    area_code: o.area_code.clone().unwrap_or(e.area_code),
                    parent_id: o.parent_id,
                    phone: o.phone.clone(),
                    email: o.email.clone(),
                    updated_at: now,
                    ..e
                }),
                None => {
                    new_organisations += 1;
                    for (missing, what) in [
                        (o.code.is_none(), hsds::ID_TYPE_CODE),
                        (o.kind.is_none(), hsds::ID_TYPE_KIND),
                        (o.area_code.is_none(), hsds::ID_TYPE_AREA),
                    ] {
                        if missing {
                            errors.push(FieldError::new(at.clone(), "identifier_required").with("value", what));
                        }
                    }
                    match (&o.code, o.kind, &o.area_code) {
                        (Some(code), Some(kind), Some(area_code)) => Some(Organisation {
                            id: o.id,
                            code: code.as_str().to_string(),
                            name: o.name.clone(),
                            kind,
                            area_code: area_code.clone(),
                            parent_id: o.parent_id,
                            phone: o.phone.clone(),
                            email: o.email.clone(),
                            address: None,
                            active: true,
                            created_at: now,
                            updated_at: now,
                        }),
                        _ => None,
                    }
                }
            };
            let Some(org) = merged else { continue };
            if codes.insert(org.code.clone(), org.id).is_some() {
                errors.push(FieldError::new(at.clone(), "duplicate_code").with("value", &org.code));
            } else if let Some(other) = self.store.get_organisation_by_code(&org.code).await? {
                if other.id != org.id {
                    errors.push(FieldError::new(at.clone(), "duplicate_code").with("value", &org.code));
                }
            }
            organisations.push((o.path.clone(), org));
        }
        let in_file: HashSet<Uuid> = parsed.organisations.iter().map(|o| o.id).collect();
        for (path, o) in &organisations {
            if let Some(parent) = o.parent_id {
                if !in_file.contains(&parent) && self.store.get_organisation(parent).await?.is_none() {
                    errors.push(
                        FieldError::new(format!("{path}/parent_organization_id"), "unknown_organisation")
                            .with("value", parent),
                    );
                }
            }
        }

        // Every area named exists.
        let mut named: Vec<(String, AreaCode)> = Vec::new();
        for (path, o) in &organisations {
            named.push((format!("{path}/organization_identifiers"), o.area_code.clone()));
        }
        for l in &parsed.locations {
            named.push((format!("{}/external_identifier", l.path), l.location.area_code.clone()));
        }
        for s in &parsed.services {
            if let Some(a) = &s.area_code {
                named.push((format!("{}/service_areas/0/extent", s.path), a.clone()));
            }
        }
        let distinct: Vec<AreaCode> =
            named.iter().map(|(_, a)| a.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let mut areas: HashMap<String, Area> = HashMap::new();
        for chunk in distinct.chunks(500) {
            for a in self.store.get_areas(chunk).await? {
                areas.insert(a.code.as_str().to_string(), a);
            }
        }
        for (path, code) in &named {
            if !areas.contains_key(code.as_str()) {
                errors.push(FieldError::new(path.clone(), "unknown_area").with("value", code));
            }
        }

        // Every location a service is given at is in the file or stored.
        let file_locations: HashSet<Uuid> = parsed.locations.iter().map(|l| l.location.id).collect();
        let elsewhere: Vec<Uuid> = parsed
            .services
            .iter()
            .flat_map(|s| s.places.iter().map(|p| p.location_id))
            .filter(|id| !file_locations.contains(id))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut stored: HashSet<Uuid> = HashSet::new();
        for chunk in elsewhere.chunks(500) {
            stored.extend(self.store.get_locations(chunk).await?.into_iter().map(|l| l.id));
        }
        for s in &parsed.services {
            for (k, p) in s.places.iter().enumerate() {
                if !file_locations.contains(&p.location_id) && !stored.contains(&p.location_id) {
                    errors.push(
                        FieldError::new(format!("{}/service_at_locations/{k}/location_id", s.path), "unknown_location")
                            .with("value", p.location_id),
                    );
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }

        let organisations: Vec<Organisation> = organisations.into_iter().map(|(_, o)| o).collect();
        let area_of: HashMap<Uuid, AreaCode> = organisations.iter().map(|o| (o.id, o.area_code.clone())).collect();
        let mut services = Vec::with_capacity(parsed.services.len());
        for s in parsed.services {
            let area = match s.area_code.clone().or_else(|| area_of.get(&s.organisation_id).cloned()) {
                Some(a) => a,
                None => return Err(Error::internal("service of an organisation not in the file")),
            };
            let created_at = match self.store.get_service(s.id).await? {
                Some(old) => old.created_at,
                None => now,
            };
            services.push(s.into_record(area, created_at));
        }
        let directory = DirectorySnapshot {
            organisations,
            locations: parsed.locations.into_iter().map(|l| l.location).collect(),
            services,
        };
        let summary = DirectoryImportSummary {
            organisations: directory.organisations.len() as u64,
            new_organisations,
            locations: directory.locations.len() as u64,
            services: directory.services.len() as u64,
        };
        let audit = AuditRecord::new(ctx, AuditAction::Import, AuditEntity::Directory, None, json!(summary));
        self.store.import_directory(&directory, &audit).await?;
        Ok(summary)
    }
}

/// The names of the fields an edit changed (for the audit log).
fn changed_fields(before: &ServiceRecord, after: &ServiceRecord, locations_edited: bool) -> Vec<&'static str> {
    let (a, b) = (&before.service, &after.service);
    let mut out = Vec::new();
    let mut diff = |changed: bool, name: &'static str| {
        if changed {
            out.push(name);
        }
    };
    diff(a.organisation_id != b.organisation_id, "organisation_code");
    diff(a.name != b.name, "name");
    diff(a.description != b.description, "description");
    diff(a.status != b.status, "status");
    diff(a.categories != b.categories, "categories");
    diff(a.area_code != b.area_code, "area_code");
    diff(a.eligibility != b.eligibility, "eligibility");
    diff(a.languages != b.languages, "languages");
    diff(a.free != b.free || a.fees != b.fees, "fees");
    diff(a.email != b.email, "email");
    diff(a.url != b.url, "url");
    diff(a.hours != b.hours, "hours");
    diff(before.contacts != after.contacts, "contacts");
    diff(before.places != after.places || locations_edited, "locations");
    out
}
