//! Demo data: the service directory of the four pilot districts
//! (`demo/directory.toml`): the LTSA desks' administrative services, the
//! unions', crisis centres', shelters', hospitals', police units' and BP3MI
//! offices' services, and the village information centres'. Loaded through
//! the same service as the pages (`App::create_service`).

use std::collections::HashMap;

use satuatap_core::access::Ctx;
use satuatap_core::directory::model::{NewContact, NewLocation, NewSchedule, NewService};
use satuatap_core::organisations::organisation::{NewOrganisation, OfficeFilter, OfficeKind};
use satuatap_core::paging::PageRequest;
use satuatap_core::App;
use serde::Deserialize;
use uuid::Uuid;

use crate::demo_common::{core, DemoError, DemoSummary};

const DIRECTORY: &str = include_str!("../demo/directory.toml");

#[derive(Deserialize)]
struct DirectoryFile {
    hours: HashMap<String, Vec<Hours>>,
    ltsa: Vec<Template>,
    role: Vec<Template>,
    district: Vec<District>,
}

#[derive(Deserialize)]
struct Hours {
    days: Vec<String>,
    opens: String,
    closes: String,
    note: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct Template {
    /// LTSA desk services: the organisation code template.
    org: Option<String>,
    /// Other services: the role that gives it.
    role: Option<String>,
    name: String,
    categories: Vec<String>,
    description: String,
    eligibility: String,
    hours: String,
    #[serde(default = "yes")]
    free: bool,
    fees: Option<String>,
}

#[derive(Deserialize)]
struct District {
    code: String,
    short: String,
    languages: Vec<String>,
    office_postal_code: String,
    office_lat: f64,
    office_lon: f64,
    organisations: Vec<Organisation>,
    places: Vec<Place>,
}

#[derive(Deserialize)]
struct Organisation {
    code: String,
    name: String,
    kind: String,
    area: String,
}

#[derive(Deserialize)]
struct Place {
    org: String,
    roles: Vec<String>,
    /// Without a name: the LTSA-MRC office.
    name: Option<String>,
    address: Option<String>,
    area: Option<String>,
    postal_code: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    phone: Option<String>,
    phone_label: Option<String>,
    phone_kind: Option<String>,
}

/// Where a service is given: a location created with the first service, then reused.
struct Spot {
    new: NewLocation,
    id: Option<Uuid>,
}

impl Spot {
    fn new(new: NewLocation) -> Self {
        Self { new, id: None }
    }
}

struct Loader<'a> {
    app: &'a App,
    ctx: &'a Ctx,
    file: &'a DirectoryFile,
}

impl Loader<'_> {
    #[allow(clippy::too_many_arguments)]
    async fn service(
        &self,
        summary: &mut DemoSummary,
        org: &str,
        t: &Template,
        fill: &dyn Fn(&str) -> String,
        languages: &[String],
        spot: &mut Spot,
        contacts: Vec<NewContact>,
    ) -> Result<(), DemoError> {
        let hours = self
            .file
            .hours
            .get(&t.hours)
            .ok_or_else(|| DemoError::File(format!("unknown hours {}", t.hours)))?
            .iter()
            .map(|h| NewSchedule {
                days: h.days.clone(),
                opens_at: h.opens.clone(),
                closes_at: h.closes.clone(),
                note: h.note.clone(),
            })
            .collect();
        let (location_ids, locations) = match spot.id {
            Some(id) => (vec![id], Vec::new()),
            None => (Vec::new(), vec![spot.new.clone()]),
        };
        let input = NewService {
            organisation_code: org.to_string(),
            name: fill(&t.name),
            description: Some(fill(&t.description)),
            categories: t.categories.clone(),
            eligibility: Some(fill(&t.eligibility)),
            languages: languages.to_vec(),
            free: t.free,
            fees: t.fees.as_deref().map(fill),
            hours,
            location_ids,
            locations,
            contacts,
            ..Default::default()
        };
        let created =
            self.app.create_service(self.ctx, &input).await.map_err(core(format!("service {org}: {}", t.name)))?;
        if spot.id.is_none() {
            spot.id = created.locations.first().map(|l| l.id);
        }
        summary.services += 1;
        Ok(())
    }

    fn templates<'t>(&'t self, role: &'t str) -> impl Iterator<Item = &'t Template> + 't {
        self.file.role.iter().filter(move |t| t.role.as_deref() == Some(role))
    }

    async fn district(&self, d: &District, summary: &mut DemoSummary) -> Result<(), DemoError> {
        let (app, ctx) = (self.app, self.ctx);
        let district = app.area(&d.code).await.map_err(core(d.code.as_str()))?;
        let name = district.area.name.clone();
        let fill = |s: &str| s.replace("{district}", &name).replace("{short}", &d.short);
        for o in &d.organisations {
            let input = NewOrganisation {
                code: o.code.clone(),
                name: o.name.clone(),
                kind: o.kind.clone(),
                area_code: o.area.clone(),
                ..Default::default()
            };
            app.create_organisation(ctx, &input).await.map_err(core(o.code.as_str()))?;
            summary.organisations += 1;
        }
        let offices =
            |kind| OfficeFilter { kind: Some(kind), within: Some(district.area.code.clone()), ..Default::default() };
        let ltsa =
            app.offices(&offices(OfficeKind::LtsaMrcOffice), PageRequest::first(1)).await.map_err(core("office"))?;
        let ltsa = ltsa.items.first().ok_or_else(|| DemoError::File(format!("no LTSA-MRC office in {}", d.code)))?;
        let office = app.office(ltsa.id).await.map_err(core("office"))?.office;
        let office_contact = office.phone.as_ref().map(|phone| NewContact {
            label: Some(office.name.clone()),
            phone: phone.clone(),
            kind: Some("voice".into()),
        });
        let mut roof = Spot::new(NewLocation {
            id: None,
            name: office.name.clone(),
            address: office.address.clone(),
            area_code: office.area_code.as_str().to_string(),
            postal_code: Some(d.office_postal_code.clone()),
            latitude: Some(d.office_lat),
            longitude: Some(d.office_lon),
        });
        for t in &self.file.ltsa {
            let org = fill(t.org.as_deref().unwrap_or_default());
            self.service(summary, &org, t, &fill, &d.languages, &mut roof, office_contact.iter().cloned().collect())
                .await?;
        }
        for p in &d.places {
            let contacts: Vec<NewContact> = p
                .phone
                .iter()
                .map(|phone| NewContact {
                    label: p.phone_label.clone(),
                    phone: phone.clone(),
                    kind: p.phone_kind.clone(),
                })
                .collect();
            let mut own = p.name.as_ref().map(|n| {
                Spot::new(NewLocation {
                    id: None,
                    name: n.clone(),
                    address: p.address.clone().unwrap_or_default(),
                    area_code: p.area.clone().unwrap_or_default(),
                    postal_code: p.postal_code.clone(),
                    latitude: p.lat,
                    longitude: p.lon,
                })
            });
            for role in &p.roles {
                for t in self.templates(role) {
                    let spot = match own.as_mut() {
                        Some(s) => s,
                        None => &mut roof,
                    };
                    self.service(summary, &p.org, t, &fill, &d.languages, spot, contacts.clone()).await?;
                }
            }
        }
        let centres = app
            .offices(&offices(OfficeKind::VillageInformationCentre), PageRequest::first(50))
            .await
            .map_err(core("office"))?;
        for c in &centres.items {
            let detail = app.office(c.id).await.map_err(core("office"))?;
            let mut spot = Spot::new(NewLocation {
                id: None,
                name: detail.office.name.clone(),
                address: detail.office.address.clone(),
                area_code: detail.office.area_code.as_str().to_string(),
                ..Default::default()
            });
            for t in self.templates("village_centre") {
                self.service(summary, &detail.operator.code, t, &fill, &d.languages, &mut spot, Vec::new()).await?;
            }
        }
        Ok(())
    }
}

/// Adds the directory's organisations (shelters) and services to a loaded demo.
pub async fn load(app: &App, ctx: &Ctx, summary: &mut DemoSummary) -> Result<(), DemoError> {
    let file: DirectoryFile = toml::from_str(DIRECTORY).map_err(|e| DemoError::File(e.to_string()))?;
    let loader = Loader { app, ctx, file: &file };
    for d in &file.district {
        loader.district(d, summary).await?;
    }
    Ok(())
}
