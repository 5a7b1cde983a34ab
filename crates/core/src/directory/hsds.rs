//! Open Referral HSDS 3.x: the directory as one JSON document, and its
//! check against HSDS's published JSON schemas, vendored in `crates/core/hsds`
//! (CC BY-SA 4.0, see the NOTICE there). The schemas are compiled from the
//! embedded files with no retriever: a `$ref` resolves inside them or not at
//! all, never over the network.
//!
//! The document: `{"organizations": [...], "taxonomies": [...],
//! "taxonomy_terms": [...]}`; each organization carries its `locations` and
//! `services`, each service its `service_at_locations`, `phones`,
//! `schedules`, `languages`, `service_areas`, `cost_options` and, as
//! `attributes`, its taxonomy terms. Where our fields live is in the README
//! ("Service directory").

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::areas::area::{Area, AreaCode, AreaLevel};
use crate::directory::model::{
    derived_id, parse_postal_code, parse_time, parse_url, taxonomy_id, DirectorySnapshot, Language, Location,
    PhoneKind, Schedule, ServiceCategory, ServiceContact, ServiceGroup, ServicePlace, ServiceRecord, ServiceStatus,
    Weekday, DESCRIPTION_MAX, ELIGIBILITY_MAX, FEES_MAX,
};
use crate::error::FieldError;
use crate::organisations::organisation::{parse_email, parse_phone, OrgKind, Organisation};
use crate::text::{optional_text, Code, Name};

const ORGANIZATION: &str = include_str!("../../hsds/organization.json");
const SERVICE: &str = include_str!("../../hsds/service.json");
const SERVICE_AT_LOCATION: &str = include_str!("../../hsds/service_at_location.json");
const DEFINITIONS: &str = include_str!("../../hsds/service_with_definitions.json");

/// `identifier_type`s of our organisation fields in `organization_identifiers`.
pub const ID_TYPE_CODE: &str = "satuatap_code";
pub const ID_TYPE_KIND: &str = "satuatap_kind";
pub const ID_TYPE_AREA: &str = "kemendagri_area_code";
/// `identifier_scheme` of our own identifiers and of Kemendagri's codes.
pub const SCHEME_SATUATAP: &str = "satuatap";
pub const SCHEME_KEMENDAGRI: &str = "kemendagri";
/// `external_identifier_type` of a location's area code.
pub const LOCATION_AREA_TYPE: &str = "kemendagri_area_code";
/// `link_type` of a service's category attribute.
pub const CATEGORY_LINK_TYPE: &str = "service_category";

struct Schemas {
    envelope: jsonschema::Validator,
    organization: jsonschema::Validator,
    service: jsonschema::Validator,
    service_at_location: jsonschema::Validator,
    taxonomy: jsonschema::Validator,
    taxonomy_term: jsonschema::Validator,
}

fn compile(what: &str, schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options().should_validate_formats(true).build(schema).map_err(|e| format!("HSDS schema {what}: {e}"))
}

fn parse(what: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("HSDS schema {what}: {e}"))
}

/// One definition of `service_with_definitions.json` as a schema of its own.
fn definition(defs: &Value, name: &str) -> Value {
    json!({
        "definitions": defs.get("definitions").cloned().unwrap_or(Value::Null),
        "allOf": [{ "$ref": format!("#/definitions/{name}") }],
    })
}

fn build_schemas() -> Result<Schemas, String> {
    let defs = parse("service_with_definitions.json", DEFINITIONS)?;
    let envelope = json!({
        "type": "object",
        "required": ["organizations"],
        "properties": {
            "organizations": { "type": "array", "items": { "type": "object" } },
            "taxonomies": { "type": "array", "items": { "type": "object" } },
            "taxonomy_terms": { "type": "array", "items": { "type": "object" } },
        },
    });
    Ok(Schemas {
        envelope: compile("document", &envelope)?,
        organization: compile("organization.json", &parse("organization.json", ORGANIZATION)?)?,
        service: compile("service.json", &parse("service.json", SERVICE)?)?,
        service_at_location: compile(
            "service_at_location.json",
            &parse("service_at_location.json", SERVICE_AT_LOCATION)?,
        )?,
        taxonomy: compile("taxonomy", &definition(&defs, "taxonomy"))?,
        taxonomy_term: compile("taxonomy_term", &definition(&defs, "taxonomy_term"))?,
    })
}

fn schemas() -> Result<&'static Schemas, FieldError> {
    static SCHEMAS: OnceLock<Result<Schemas, String>> = OnceLock::new();
    SCHEMAS.get_or_init(build_schemas).as_ref().map_err(|e| FieldError::new("/", "hsds_schema").with("detail", e))
}

/// Collects schema errors, each once, named by its JSON pointer.
struct Problems {
    seen: HashSet<(String, String)>,
    list: Vec<FieldError>,
}

impl Problems {
    fn new() -> Self {
        Self { seen: HashSet::new(), list: Vec::new() }
    }

    fn check(&mut self, validator: &jsonschema::Validator, value: &Value, prefix: &str) {
        for e in validator.iter_errors(value) {
            let path = format!("{prefix}{}", e.instance_path());
            let path = if path.is_empty() { "/".to_string() } else { path };
            let detail = e.to_string();
            if self.seen.insert((path.clone(), detail.clone())) {
                self.list.push(FieldError::new(path, "hsds_schema").with("detail", detail));
            }
        }
    }
}

fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = (usize, &'a Value)> {
    v.get(key).and_then(Value::as_array).into_iter().flatten().enumerate()
}

/// Checks a document against the vendored HSDS schemas: the envelope, then
/// every organization (`organization.json`), every service (`service.json`),
/// every service at location (`service_at_location.json`), taxonomy and
/// taxonomy term. Each problem names its JSON pointer, e.g.
/// `/organizations/3/services/0/status`.
pub fn validate(doc: &Value) -> Result<(), Vec<FieldError>> {
    let s = schemas().map_err(|e| vec![e])?;
    let mut p = Problems::new();
    p.check(&s.envelope, doc, "");
    if !p.list.is_empty() {
        return Err(p.list);
    }
    for (i, org) in items(doc, "organizations") {
        let at = format!("/organizations/{i}");
        p.check(&s.organization, org, &at);
        for (j, service) in items(org, "services") {
            let at = format!("{at}/services/{j}");
            p.check(&s.service, service, &at);
            for (k, sal) in items(service, "service_at_locations") {
                p.check(&s.service_at_location, sal, &format!("{at}/service_at_locations/{k}"));
            }
        }
    }
    for (i, t) in items(doc, "taxonomies") {
        p.check(&s.taxonomy, t, &format!("/taxonomies/{i}"));
    }
    for (i, t) in items(doc, "taxonomy_terms") {
        p.check(&s.taxonomy_term, t, &format!("/taxonomy_terms/{i}"));
    }
    if p.list.is_empty() {
        Ok(())
    } else {
        Err(p.list)
    }
}

// ---- export ------------------------------------------------------------------

/// The UTC offset of local time in an area (WIB +7, WITA +8, WIT +9), by province.
pub fn utc_offset_hours(area: &AreaCode) -> i32 {
    match area.as_str().get(..2) {
        Some("81" | "82" | "91" | "92" | "93" | "94" | "95" | "96" | "97") => 9,
        Some("51" | "52" | "53" | "63" | "64" | "65" | "71" | "72" | "73" | "74" | "75" | "76") => 8,
        _ => 7,
    }
}

fn insert_opt(obj: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        obj.insert(key.into(), Value::String(v.to_string()));
    }
}

/// What the export needs besides the directory: area names and labels.
pub struct ExportContext<'a> {
    /// Every area of the directory and the areas above them, by code.
    pub areas: &'a HashMap<String, Area>,
    /// The label of a translation key, e.g. `service-category-shelter`.
    pub label: &'a (dyn Fn(&str) -> String + Sync),
    /// The ISO 639-1 code of the labels' language.
    pub lang: &'a str,
}

impl ExportContext<'_> {
    fn area_name(&self, code: &AreaCode) -> String {
        self.areas.get(code.as_str()).map(|a| a.name.clone()).unwrap_or_default()
    }

    fn name_at(&self, code: &AreaCode, level: AreaLevel) -> Option<String> {
        let mut cur = Some(code.clone());
        while let Some(c) = cur {
            if c.level() == level {
                return Some(self.area_name(&c));
            }
            cur = c.parent();
        }
        None
    }

    fn term(&self, id: Uuid, code: &str, name_key: &str, description: String, parent: Option<Uuid>) -> Value {
        let mut t = json!({
            "id": id,
            "code": code,
            "name": (self.label)(name_key),
            "description": description,
            "taxonomy_id": taxonomy_id(),
            "language": self.lang,
        });
        if let (Some(obj), Some(parent)) = (t.as_object_mut(), parent) {
            obj.insert("parent_id".into(), json!(parent));
        }
        t
    }

    fn group_term(&self, g: ServiceGroup) -> Value {
        let key = format!("service-group-{}", g.as_str());
        self.term(g.term_id(), g.as_str(), &key, (self.label)(&key), None)
    }

    fn category_term(&self, c: ServiceCategory) -> Value {
        let key = format!("service-category-{}", c.as_str());
        let group = (self.label)(&format!("service-group-{}", c.group().as_str()));
        let description = format!("{group}: {}", (self.label)(&key));
        self.term(c.term_id(), c.as_str(), &key, description, Some(c.group().term_id()))
    }

    fn location(&self, l: &Location) -> Value {
        let mut address = json!({
            "id": derived_id(&format!("address:{}", l.id)),
            "location_id": l.id,
            "address_1": l.address,
            "city": self.name_at(&l.area_code, AreaLevel::Regency).unwrap_or_default(),
            "state_province": self.name_at(&l.area_code, AreaLevel::Province).unwrap_or_default(),
            "postal_code": l.postal_code.clone().unwrap_or_default(),
            "country": "ID",
            "address_type": "physical",
        });
        if let (Some(obj), Some(region)) = (address.as_object_mut(), self.name_at(&l.area_code, AreaLevel::District)) {
            obj.insert("region".into(), json!(region));
        }
        let mut v = json!({
            "id": l.id,
            "location_type": "physical",
            "organization_id": l.organisation_id,
            "name": l.name,
            "external_identifier": l.area_code.as_str(),
            "external_identifier_type": LOCATION_AREA_TYPE,
            "addresses": [address],
        });
        if let (Some(obj), Some(lat), Some(lon)) = (v.as_object_mut(), l.latitude, l.longitude) {
            obj.insert("latitude".into(), json!(lat));
            obj.insert("longitude".into(), json!(lon));
        }
        v
    }

    fn schedule(&self, service_id: Uuid, area: &AreaCode, h: &Schedule) -> Value {
        let offset = utc_offset_hours(area);
        let mut v = json!({
            "id": h.id,
            "service_id": service_id,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": h.days.iter().map(|d| d.ical()).collect::<Vec<_>>().join(","),
            "opens_at": format!("{}+{offset:02}:00", h.opens_at),
            "closes_at": format!("{}+{offset:02}:00", h.closes_at),
            "timezone": offset,
        });
        if let Some(obj) = v.as_object_mut() {
            insert_opt(obj, "notes", h.note.as_deref());
        }
        v
    }

    fn service(&self, r: &ServiceRecord) -> Value {
        let s = &r.service;
        let mut v = json!({
            "id": s.id,
            "organization_id": s.organisation_id,
            "name": s.name,
            "status": s.status.hsds(),
            "last_modified": s.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        });
        let Some(obj) = v.as_object_mut() else { return v };
        insert_opt(obj, "description", s.description.as_deref());
        insert_opt(obj, "url", s.url.as_deref());
        insert_opt(obj, "email", s.email.as_deref());
        insert_opt(obj, "eligibility_description", s.eligibility.as_deref());
        insert_opt(obj, "fees_description", s.fees.as_deref());
        let cost_options: Vec<Value> = if s.free {
            vec![json!({
                "id": derived_id(&format!("cost:{}", s.id)),
                "service_id": s.id,
                "option": (self.label)("hsds-free"),
                "amount": 0,
                "currency": "IDR",
            })]
        } else {
            Vec::new()
        };
        obj.insert("cost_options".into(), json!(cost_options));
        let languages: Vec<Value> = s
            .languages
            .iter()
            .map(|l| {
                json!({
                    "id": derived_id(&format!("language:{}:{}", s.id, l.as_str())),
                    "service_id": s.id,
                    "name": (self.label)(&format!("spoken-language-{}", l.as_str())),
                    "code": l.as_str(),
                })
            })
            .collect();
        obj.insert("languages".into(), json!(languages));
        let schedules: Vec<Value> = s.hours.iter().map(|h| self.schedule(s.id, &s.area_code, h)).collect();
        obj.insert("schedules".into(), json!(schedules));
        obj.insert(
            "service_areas".into(),
            json!([{
                "id": derived_id(&format!("service-area:{}", s.id)),
                "service_id": s.id,
                "name": self.area_name(&s.area_code),
                "extent": s.area_code.as_str(),
                "extent_type": "text",
                "description": format!("Kemendagri {}", s.area_code),
            }]),
        );
        let phones: Vec<Value> = r
            .contacts
            .iter()
            .map(|c| {
                let mut p = json!({ "id": c.id, "service_id": s.id, "number": c.phone, "type": c.kind.as_str() });
                if let Some(obj) = p.as_object_mut() {
                    insert_opt(obj, "description", c.label.as_deref());
                }
                p
            })
            .collect();
        obj.insert("phones".into(), json!(phones));
        let places: Vec<Value> =
            r.places.iter().map(|p| json!({ "id": p.id, "service_id": s.id, "location_id": p.location_id })).collect();
        obj.insert("service_at_locations".into(), json!(places));
        let attributes: Vec<Value> = s
            .categories
            .iter()
            .map(|c| {
                json!({
                    "id": derived_id(&format!("attribute:{}:{}", s.id, c.as_str())),
                    "link_id": s.id,
                    "link_type": CATEGORY_LINK_TYPE,
                    "link_entity": "service",
                    "taxonomy_term_id": c.term_id(),
                    "taxonomy_term": self.category_term(*c),
                })
            })
            .collect();
        obj.insert("attributes".into(), json!(attributes));
        v
    }

    fn organisation(&self, o: &Organisation, locations: &[&Location], services: &[&ServiceRecord]) -> Value {
        let kind = (self.label)(&format!("org-kind-{}", o.kind.as_str()));
        let identifier = |what: &str, scheme: &str, kind: &str, value: &str| {
            json!({
                "id": derived_id(&format!("org-{what}:{}", o.id)),
                "organization_id": o.id,
                "identifier_scheme": scheme,
                "identifier_type": kind,
                "identifier": value,
            })
        };
        let mut v = json!({
            "id": o.id,
            "name": o.name,
            "description": format!("{kind} — {}", self.area_name(&o.area_code)),
            "organization_identifiers": [
                identifier("code", SCHEME_SATUATAP, ID_TYPE_CODE, &o.code),
                identifier("kind", SCHEME_SATUATAP, ID_TYPE_KIND, o.kind.as_str()),
                identifier("area", SCHEME_KEMENDAGRI, ID_TYPE_AREA, o.area_code.as_str()),
            ],
        });
        let Some(obj) = v.as_object_mut() else { return v };
        insert_opt(obj, "email", o.email.as_deref());
        if let Some(parent) = o.parent_id {
            obj.insert("parent_organization_id".into(), json!(parent));
        }
        if let Some(phone) = &o.phone {
            obj.insert(
                "phones".into(),
                json!([{ "id": derived_id(&format!("org-phone:{}", o.id)), "organization_id": o.id, "number": phone }]),
            );
        }
        obj.insert("locations".into(), Value::Array(locations.iter().map(|l| self.location(l)).collect()));
        obj.insert("services".into(), Value::Array(services.iter().map(|s| self.service(s)).collect()));
        v
    }
}

/// The directory as one HSDS 3.x document. The same directory always gives
/// the same document (orders and derived ids are stable).
pub fn export(snapshot: &DirectorySnapshot, cx: &ExportContext<'_>) -> Value {
    let mut locations: HashMap<Uuid, Vec<&Location>> = HashMap::new();
    for l in &snapshot.locations {
        locations.entry(l.organisation_id).or_default().push(l);
    }
    let mut services: HashMap<Uuid, Vec<&ServiceRecord>> = HashMap::new();
    for s in &snapshot.services {
        services.entry(s.service.organisation_id).or_default().push(s);
    }
    let organizations: Vec<Value> = snapshot
        .organisations
        .iter()
        .map(|o| {
            let l = locations.get(&o.id).map(Vec::as_slice).unwrap_or(&[]);
            let s = services.get(&o.id).map(Vec::as_slice).unwrap_or(&[]);
            cx.organisation(o, l, s)
        })
        .collect();
    let mut terms: Vec<Value> = Vec::new();
    for g in ServiceGroup::ALL {
        terms.push(cx.group_term(*g));
        terms.extend(g.categories().map(|c| cx.category_term(c)));
    }
    json!({
        "organizations": organizations,
        "taxonomies": [{
            "id": taxonomy_id(),
            "name": (cx.label)("hsds-taxonomy-name"),
            "description": (cx.label)("hsds-taxonomy-description"),
            "version": "1",
        }],
        "taxonomy_terms": terms,
    })
}

// ---- import ------------------------------------------------------------------

/// An organisation as read from a document; code, kind and area are
/// required only for organisations that are new here.
#[derive(Debug, Clone)]
pub struct ParsedOrganisation {
    pub path: String,
    pub id: Uuid,
    pub name: String,
    pub code: Option<Code>,
    pub kind: Option<OrgKind>,
    pub area_code: Option<AreaCode>,
    pub parent_id: Option<Uuid>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ParsedLocation {
    pub path: String,
    pub location: Location,
}

/// A service as read from a document, without its area when the document
/// names none (it is then the organisation's).
#[derive(Debug, Clone)]
pub struct ParsedService {
    pub path: String,
    pub area_code: Option<AreaCode>,
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub status: ServiceStatus,
    pub categories: Vec<ServiceCategory>,
    pub eligibility: Option<String>,
    pub languages: Vec<Language>,
    pub free: bool,
    pub fees: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub hours: Vec<Schedule>,
    pub updated_at: DateTime<Utc>,
    pub contacts: Vec<ServiceContact>,
    pub places: Vec<ServicePlace>,
}

impl ParsedService {
    pub fn into_record(self, area_code: AreaCode, created_at: DateTime<Utc>) -> ServiceRecord {
        ServiceRecord {
            service: crate::directory::model::Service {
                id: self.id,
                organisation_id: self.organisation_id,
                name: self.name,
                description: self.description,
                status: self.status,
                categories: self.categories,
                area_code,
                eligibility: self.eligibility,
                languages: self.languages,
                free: self.free,
                fees: self.fees,
                email: self.email,
                url: self.url,
                hours: self.hours,
                created_at,
                updated_at: self.updated_at,
            },
            contacts: self.contacts,
            places: self.places,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ParsedDirectory {
    pub organisations: Vec<ParsedOrganisation>,
    pub locations: Vec<ParsedLocation>,
    pub services: Vec<ParsedService>,
}

struct Reader {
    errors: Vec<FieldError>,
}

impl Reader {
    fn fail(&mut self, path: String, code: &'static str) {
        self.errors.push(FieldError::new(path, code));
    }

    fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn uuid(&mut self, v: &Value, key: &str, at: &str) -> Option<Uuid> {
        let raw = v.get(key).and_then(Value::as_str)?;
        match Uuid::parse_str(raw) {
            Ok(id) => Some(id),
            Err(_) => {
                self.push(FieldError::new(format!("{at}/{key}"), "invalid_id").with("value", raw));
                None
            }
        }
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// Reads a document (already valid against the schemas) into the
/// directory's records; every field that our model refuses is reported by
/// its JSON pointer.
pub fn read(doc: &Value) -> Result<ParsedDirectory, Vec<FieldError>> {
    let mut r = Reader { errors: Vec::new() };
    let mut out = ParsedDirectory::default();
    for (i, org) in items(doc, "organizations") {
        let at = format!("/organizations/{i}");
        let Some(id) = r.uuid(org, "id", &at) else {
            r.fail(format!("{at}/id"), "required");
            continue;
        };
        let name = r.check(Name::parse(&format!("{at}/name"), text(org, "name").unwrap_or_default()));
        let mut code = None;
        let mut kind = None;
        let mut area_code = None;
        for (k, ident) in items(org, "organization_identifiers") {
            let iat = format!("{at}/organization_identifiers/{k}/identifier");
            let value = text(ident, "identifier").unwrap_or_default();
            match text(ident, "identifier_type") {
                Some(ID_TYPE_CODE) => code = r.check(Code::parse(&iat, value)),
                Some(ID_TYPE_KIND) => kind = r.check(OrgKind::parse(&iat, value)),
                Some(ID_TYPE_AREA) => area_code = r.check(AreaCode::parse(&iat, value)),
                _ => {}
            }
        }
        let parent_id = r.uuid(org, "parent_organization_id", &at);
        if parent_id == Some(id) {
            r.fail(format!("{at}/parent_organization_id"), "own_parent");
        }
        let email = r.check(parse_email(&format!("{at}/email"), text(org, "email"))).flatten();
        let phone = match items(org, "phones").next() {
            Some((_, p)) => r.check(parse_phone(&format!("{at}/phones/0/number"), text(p, "number"))).flatten(),
            None => None,
        };
        for (k, loc) in items(org, "locations") {
            if let Some(l) = read_location(&mut r, loc, &format!("{at}/locations/{k}"), id) {
                out.locations.push(l);
            }
        }
        for (j, service) in items(org, "services") {
            if let Some(s) = read_service(&mut r, service, &format!("{at}/services/{j}"), id) {
                out.services.push(s);
            }
        }
        if let Some(name) = name {
            out.organisations.push(ParsedOrganisation {
                path: at,
                id,
                name: name.into_inner(),
                code,
                kind,
                area_code,
                parent_id,
                phone,
                email,
            });
        }
    }
    if r.errors.is_empty() {
        Ok(out)
    } else {
        Err(r.errors)
    }
}

fn owner(r: &mut Reader, v: &Value, key: &str, at: &str, organisation_id: Uuid) {
    if let Some(given) = r.uuid(v, key, at) {
        if given != organisation_id {
            r.fail(format!("{at}/{key}"), "organisation_mismatch");
        }
    }
}

fn read_location(r: &mut Reader, loc: &Value, at: &str, organisation_id: Uuid) -> Option<ParsedLocation> {
    let id = r.uuid(loc, "id", at)?;
    owner(r, loc, "organization_id", at, organisation_id);
    let name = r.check(Name::parse(&format!("{at}/name"), text(loc, "name").unwrap_or_default()));
    let area_code = match text(loc, "external_identifier_type") {
        Some(LOCATION_AREA_TYPE) => r.check(AreaCode::parse(
            &format!("{at}/external_identifier"),
            text(loc, "external_identifier").unwrap_or_default(),
        )),
        _ => {
            r.fail(format!("{at}/external_identifier"), "area_code_required");
            None
        }
    };
    let first = loc.get("addresses").and_then(Value::as_array).and_then(|a| a.first());
    let address = match first.and_then(|a| text(a, "address_1")) {
        Some(a) => r.check(optional_text(&format!("{at}/addresses/0/address_1"), Some(a), 500)).flatten(),
        None => {
            r.fail(format!("{at}/addresses/0/address_1"), "required");
            None
        }
    };
    let postal_code = r
        .check(parse_postal_code(&format!("{at}/addresses/0/postal_code"), first.and_then(|a| text(a, "postal_code"))));
    let coordinate = |key: &str| loc.get(key).and_then(Value::as_f64);
    let (latitude, longitude) = (coordinate("latitude"), coordinate("longitude"));
    if latitude.is_some_and(|l| l.abs() > 90.0) {
        r.push(FieldError::new(format!("{at}/latitude"), "out_of_range").with("min", -90).with("max", 90));
    }
    if longitude.is_some_and(|l| l.abs() > 180.0) {
        r.push(FieldError::new(format!("{at}/longitude"), "out_of_range").with("min", -180).with("max", 180));
    }
    let (latitude, longitude) = match (latitude, longitude) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        _ => (None, None),
    };
    Some(ParsedLocation {
        path: at.to_string(),
        location: Location {
            id,
            organisation_id,
            name: name?.into_inner(),
            address: address?,
            area_code: area_code?,
            area_name: String::new(),
            postal_code: postal_code?,
            latitude,
            longitude,
        },
    })
}

fn read_categories(r: &mut Reader, service: &Value, at: &str) -> Vec<ServiceCategory> {
    let by_term: HashMap<Uuid, ServiceCategory> = ServiceCategory::ALL.iter().map(|c| (c.term_id(), *c)).collect();
    let mut out = Vec::new();
    for (_, a) in items(service, "attributes") {
        let by_id = text(a, "taxonomy_term_id").and_then(|t| Uuid::parse_str(t).ok()).and_then(|t| by_term.get(&t));
        let by_code =
            a.get("taxonomy_term").and_then(|t| text(t, "code")).and_then(|c| c.parse::<ServiceCategory>().ok());
        if let Some(c) = by_id.copied().or(by_code) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    if out.is_empty() {
        r.fail(format!("{at}/attributes"), "category_required");
    }
    out
}

fn read_schedule(r: &mut Reader, h: &Value, at: &str) -> Option<Schedule> {
    let id = r.uuid(h, "id", at)?;
    let mut days = Vec::new();
    for part in text(h, "byday").unwrap_or_default().split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match Weekday::from_ical(part) {
            Some(d) if !days.contains(&d) => days.push(d),
            Some(_) => {}
            None => r.push(FieldError::new(format!("{at}/byday"), "unknown_code").with("value", part)),
        }
    }
    if days.is_empty() {
        r.fail(format!("{at}/byday"), "required");
    }
    days.sort_by_key(|d| Weekday::ALL.iter().position(|x| x == d));
    let opens_at = r.check(parse_time(&format!("{at}/opens_at"), text(h, "opens_at").unwrap_or_default()));
    let closes_at = r.check(parse_time(&format!("{at}/closes_at"), text(h, "closes_at").unwrap_or_default()));
    let note = r.check(optional_text(&format!("{at}/notes"), text(h, "notes"), 200)).flatten();
    if days.is_empty() {
        return None;
    }
    Some(Schedule { id, days, opens_at: opens_at?, closes_at: closes_at?, note })
}

fn read_service(r: &mut Reader, s: &Value, at: &str, organisation_id: Uuid) -> Option<ParsedService> {
    let id = r.uuid(s, "id", at)?;
    owner(r, s, "organization_id", at, organisation_id);
    let name = r.check(Name::parse(&format!("{at}/name"), text(s, "name").unwrap_or_default()));
    let status = match text(s, "status").and_then(ServiceStatus::from_hsds) {
        Some(st) => Some(st),
        None => {
            r.fail(format!("{at}/status"), "unknown_code");
            None
        }
    };
    let description = r.check(optional_text(&format!("{at}/description"), text(s, "description"), DESCRIPTION_MAX));
    let eligibility = r.check(optional_text(
        &format!("{at}/eligibility_description"),
        text(s, "eligibility_description"),
        ELIGIBILITY_MAX,
    ));
    let fees = r.check(optional_text(&format!("{at}/fees_description"), text(s, "fees_description"), FEES_MAX));
    let email = r.check(parse_email(&format!("{at}/email"), text(s, "email")));
    let url = r.check(parse_url(&format!("{at}/url"), text(s, "url")));
    let free = items(s, "cost_options").any(|(_, c)| c.get("amount").and_then(Value::as_f64) == Some(0.0));
    let categories = read_categories(r, s, at);
    let mut languages = Vec::new();
    for (k, l) in items(s, "languages") {
        match text(l, "code") {
            Some(code) => {
                if let Some(lang) = r.check(Language::parse(&format!("{at}/languages/{k}/code"), code)) {
                    if !languages.contains(&lang) {
                        languages.push(lang);
                    }
                }
            }
            None => r.fail(format!("{at}/languages/{k}/code"), "required"),
        }
    }
    let area_code = match s.get("service_areas").and_then(Value::as_array).and_then(|a| a.first()) {
        Some(area) => {
            r.check(AreaCode::parse(&format!("{at}/service_areas/0/extent"), text(area, "extent").unwrap_or_default()))
        }
        None => None,
    };
    let mut hours = Vec::new();
    for (k, h) in items(s, "schedules") {
        if let Some(h) = read_schedule(r, h, &format!("{at}/schedules/{k}")) {
            hours.push(h);
        }
    }
    let mut contacts = Vec::new();
    for (k, p) in items(s, "phones") {
        let pat = format!("{at}/phones/{k}");
        let Some(pid) = r.uuid(p, "id", &pat) else { continue };
        let phone = match r.check(parse_phone(&format!("{pat}/number"), text(p, "number"))) {
            Some(Some(n)) => Some(n),
            Some(None) => {
                r.fail(format!("{pat}/number"), "required");
                None
            }
            None => None,
        };
        let kind = match text(p, "type") {
            None => Some(PhoneKind::Voice),
            Some(t) => r.check(PhoneKind::parse(&format!("{pat}/type"), t)),
        };
        let label = r.check(optional_text(&format!("{pat}/description"), text(p, "description"), 100)).flatten();
        if let (Some(phone), Some(kind)) = (phone, kind) {
            contacts.push(ServiceContact { id: pid, label, phone, kind });
        }
    }
    let mut places = Vec::new();
    for (k, sal) in items(s, "service_at_locations") {
        let sat = format!("{at}/service_at_locations/{k}");
        owner(r, sal, "service_id", &sat, id);
        let Some(pid) = r.uuid(sal, "id", &sat) else { continue };
        match r.uuid(sal, "location_id", &sat) {
            Some(location_id) => places.push(ServicePlace { id: pid, location_id }),
            None => r.fail(format!("{sat}/location_id"), "required"),
        }
    }
    let updated_at = match text(s, "last_modified") {
        Some(t) => match DateTime::parse_from_rfc3339(t) {
            Ok(t) => t.with_timezone(&Utc),
            Err(_) => {
                r.push(FieldError::new(format!("{at}/last_modified"), "invalid_date").with("value", t));
                Utc::now()
            }
        },
        None => Utc::now(),
    };
    Some(ParsedService {
        path: at.to_string(),
        area_code,
        id,
        organisation_id,
        name: name?.into_inner(),
        description: description?,
        status: status?,
        categories,
        eligibility: eligibility?,
        languages,
        free,
        fees: fees?,
        email: email?,
        url: url?,
        hours,
        updated_at,
        contacts,
        places,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::model::{Service, ServiceCategory};

    const ORG: &str = "0190f0a0-0000-7000-8000-000000000001";
    const SERVICE_ID: &str = "0190f0a0-0000-7000-8000-000000000002";
    const SAL: &str = "0190f0a0-0000-7000-8000-000000000003";

    fn doc() -> Value {
        json!({
            "organizations": [{
                "id": ORG, "name": "SBMI Cirebon", "description": "Serikat",
                "services": [{
                    "id": SERVICE_ID, "name": "Pengaduan", "status": "active",
                    "service_at_locations": [{ "id": SAL }],
                }],
            }],
        })
    }

    fn fields(errors: &[FieldError]) -> Vec<String> {
        errors.iter().map(|e| e.field.clone()).collect()
    }

    #[test]
    fn a_valid_document_passes_and_missing_or_bad_fields_are_named_by_their_path() {
        assert_eq!(validate(&doc()), Ok(()));

        let mut d = doc();
        d["organizations"][0]["services"][0].as_object_mut().unwrap().remove("status");
        let errors = validate(&d).unwrap_err();
        assert_eq!(fields(&errors), ["/organizations/0/services/0"]);
        assert!(errors[0].args[0].1.contains("status"), "{errors:?}");

        let mut d = doc();
        d["organizations"][0]["services"][0]["status"] = json!("closed");
        d["organizations"][0]["id"] = json!("not-a-uuid");
        d["organizations"][0]["services"][0]["service_at_locations"][0].as_object_mut().unwrap().remove("id");
        let errors = validate(&d).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "/organizations/0/id",
                "/organizations/0/services/0/service_at_locations/0",
                "/organizations/0/services/0/status",
            ]
        );

        assert_eq!(fields(&validate(&json!({"organisations": []})).unwrap_err()), ["/"]);
        let bad_term = json!({"organizations": [], "taxonomy_terms": [{"id": ORG, "name": "x"}]});
        assert_eq!(fields(&validate(&bad_term).unwrap_err()), ["/taxonomy_terms/0"]);
    }

    fn area(code: &str, name: &str) -> Area {
        let code = AreaCode::parse("c", code).unwrap();
        Area { level: code.level(), parent_code: code.parent(), code, name: name.into() }
    }

    #[test]
    fn an_export_is_valid_and_reads_back_the_same() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z").unwrap().with_timezone(&Utc);
        let org_id = Uuid::now_v7();
        let loc_id = Uuid::now_v7();
        let sid = Uuid::now_v7();
        let code = |c: &str| AreaCode::parse("c", c).unwrap();
        let snapshot = DirectorySnapshot {
            organisations: vec![Organisation {
                id: org_id,
                code: "WCC-X".into(),
                name: "WCC X".into(),
                kind: OrgKind::CrisisCentre,
                area_code: code("32.09"),
                parent_id: None,
                phone: Some("0231123456".into()),
                email: None,
                address: None,
                active: true,
                created_at: at,
                updated_at: at,
            }],
            locations: vec![Location {
                id: loc_id,
                organisation_id: org_id,
                name: "Kantor WCC".into(),
                address: "Jl. Merdeka 1".into(),
                area_code: code("32.09.15"),
                area_name: String::new(),
                postal_code: Some("45611".into()),
                latitude: Some(-6.75),
                longitude: Some(108.47),
            }],
            services: vec![ServiceRecord {
                service: Service {
                    id: sid,
                    organisation_id: org_id,
                    name: "Rumah aman".into(),
                    description: Some("Tempat aman sementara".into()),
                    status: ServiceStatus::TemporarilyClosed,
                    categories: vec![ServiceCategory::Shelter, ServiceCategory::CaseHandling],
                    area_code: code("32.09"),
                    eligibility: Some("Perempuan korban kekerasan".into()),
                    languages: vec![Language::Indonesian, Language::Javanese],
                    free: true,
                    fees: None,
                    email: Some("wcc@example.org".into()),
                    url: Some("https://example.org/wcc".into()),
                    hours: vec![Schedule {
                        id: Uuid::now_v7(),
                        days: vec![Weekday::Monday, Weekday::Friday],
                        opens_at: "08:00".into(),
                        closes_at: "16:00".into(),
                        note: Some("Darurat 24 jam".into()),
                    }],
                    created_at: at,
                    updated_at: at,
                },
                contacts: vec![ServiceContact {
                    id: Uuid::now_v7(),
                    label: Some("Hotline".into()),
                    phone: "081234567890".into(),
                    kind: PhoneKind::Cell,
                }],
                places: vec![ServicePlace { id: Uuid::now_v7(), location_id: loc_id }],
            }],
        };
        let areas: HashMap<String, Area> =
            [area("32", "Jawa Barat"), area("32.09", "Kabupaten Cirebon"), area("32.09.15", "Sumber")]
                .into_iter()
                .map(|a| (a.code.as_str().to_string(), a))
                .collect();
        let label = |k: &str| format!("[{k}]");
        let cx = ExportContext { areas: &areas, label: &label, lang: "id" };
        let doc = export(&snapshot, &cx);
        assert_eq!(validate(&doc), Ok(()));
        assert_eq!(doc, export(&snapshot, &cx), "stable");
        let s = &doc["organizations"][0]["services"][0];
        assert_eq!(s["status"], "temporarily closed");
        assert_eq!(s["schedules"][0]["opens_at"], "08:00+07:00");
        assert_eq!(s["schedules"][0]["byday"], "MO,FR");
        assert_eq!(s["attributes"][0]["taxonomy_term_id"], json!(ServiceCategory::Shelter.term_id()));
        let address = &doc["organizations"][0]["locations"][0]["addresses"][0];
        assert_eq!((address["city"].as_str(), address["region"].as_str()), (Some("Kabupaten Cirebon"), Some("Sumber")));
        assert_eq!(
            doc["taxonomy_terms"].as_array().map(Vec::len),
            Some(ServiceCategory::ALL.len() + ServiceGroup::ALL.len())
        );

        let parsed = read(&doc).unwrap();
        let o = &parsed.organisations[0];
        assert_eq!(
            (o.code.as_ref().map(Code::as_str), o.kind, o.area_code.as_ref().map(AreaCode::as_str)),
            (Some("WCC-X"), Some(OrgKind::CrisisCentre), Some("32.09"))
        );
        assert_eq!(o.phone.as_deref(), Some("0231123456"));
        assert_eq!(parsed.locations[0].location, snapshot.locations[0]);
        let back = parsed.services[0].clone();
        assert_eq!(back.area_code.as_ref().map(AreaCode::as_str), Some("32.09"));
        let record = back.into_record(code("32.09"), at);
        let original = &snapshot.services[0];
        assert_eq!(record.contacts, original.contacts);
        assert_eq!(record.places, original.places);
        assert_eq!(record.service.hours, original.service.hours);
        assert_eq!(serde_json::to_value(&record.service).unwrap(), serde_json::to_value(&original.service).unwrap());
    }
}
