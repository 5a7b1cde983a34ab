//! Demo data: the four pilot districts with their areas, LTSA desks,
//! partners, outside providers, offices and village information centres.

use satuatap_core::access::Ctx;
use satuatap_core::identity::users::NewUser;
use satuatap_core::organisations::organisation::{NewOffice, NewOrganisation, OrganisationFilter};
use satuatap_core::paging::PageRequest;
use satuatap_core::App;
use serde::Deserialize;

use crate::area_files;
use crate::demo_common::{core, DemoDistrict, DemoError, DemoSummary};

const ORGANISATIONS: &str = include_str!("../demo/organisations.toml");

/// The password of every demo user (demo mode only).
pub const DEMO_PASSWORD: &str = "demo-password";

#[derive(Deserialize)]
struct DemoFile {
    national: Vec<Entry>,
    desk: Vec<Desk>,
    district: Vec<District>,
}

#[derive(Deserialize)]
struct Desk {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct District {
    code: String,
    short: String,
    /// Prefix of the demo users' names, e.g. `cirebon` for `cirebon.desk`.
    users: String,
    name: String,
    government: String,
    office_area: String,
    office_address: String,
    office_phone: String,
    partners: Vec<Entry>,
    providers: Vec<Entry>,
    commercial: Vec<Entry>,
    villages: Vec<String>,
}

#[derive(Deserialize)]
struct Entry {
    code: String,
    name: String,
    kind: Option<String>,
    area: String,
}

/// The demo districts.
pub fn district_codes() -> Result<Vec<DemoDistrict>, DemoError> {
    let file: DemoFile = toml::from_str(ORGANISATIONS).map_err(|e| DemoError::File(e.to_string()))?;
    Ok(file
        .district
        .into_iter()
        .map(|d| DemoDistrict {
            organisation: format!("DISNAKER-{}", d.short),
            agencies: d
                .commercial
                .iter()
                .filter(|c| c.kind.as_deref() == Some("placement_agency"))
                .map(|c| c.code.clone())
                .collect(),
            crisis_centre: d
                .partners
                .iter()
                .find(|p| p.kind.as_deref() == Some("crisis_centre"))
                .map(|p| p.code.clone()),
            code: d.code,
            users: d.users,
            short: d.short,
            villages: d.villages,
        })
        .collect())
}

/// Loads the demo into an empty database (areas are upserted first).
pub async fn load(app: &App) -> Result<DemoSummary, DemoError> {
    let app = &app.clone().with_shared_demo_password(DEMO_PASSWORD).map_err(core("password"))?;
    let ctx = &Ctx::system();
    let file: DemoFile = toml::from_str(ORGANISATIONS).map_err(|e| DemoError::File(e.to_string()))?;
    let existing =
        app.organisations(&OrganisationFilter::default(), PageRequest::first(1)).await.map_err(core("check"))?;
    if existing.total > 0 {
        return Err(DemoError::NotEmpty);
    }
    let rows = area_files::pilot().map_err(|e| DemoError::Areas(e.to_string()))?;
    let imported = app.import_areas(ctx, rows).await.map_err(|errors| {
        DemoError::Areas(
            errors
                .iter()
                .map(|e| format!("{}: {} {}", e.origin, e.error.field, e.error.code))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let mut summary = DemoSummary { areas: imported.written, ..Default::default() };
    for n in &file.national {
        org(app, ctx, &mut summary, &n.code, &n.name, n.kind.as_deref().unwrap_or("national_agency"), &n.area).await?;
    }
    for d in &file.district {
        load_district(app, ctx, &file.desk, d, &mut summary).await?;
    }
    crate::demo_directory::load(app, ctx, &mut summary).await?;
    exchange_rates(app, ctx).await?;
    if let Some(national) = file.national.first() {
        user(app, ctx, &mut summary, "admin", "administrator", &national.code, None).await?;
        user(app, ctx, &mut summary, "me.officer", "me_officer", &national.code, None).await?;
    }
    for d in &file.district {
        load_district_users(app, ctx, d, &mut summary).await?;
        crate::demo_referrals::pathways(app, &d.code).await?;
    }
    Ok(summary)
}

async fn org(
    app: &App,
    ctx: &Ctx,
    summary: &mut DemoSummary,
    code: &str,
    name: &str,
    kind: &str,
    area: &str,
) -> Result<(), DemoError> {
    let input = NewOrganisation {
        code: code.into(),
        name: name.into(),
        kind: kind.into(),
        area_code: area.into(),
        ..Default::default()
    };
    app.create_organisation(ctx, &input).await.map_err(core(code))?;
    summary.organisations += 1;
    Ok(())
}

async fn load_district(
    app: &App,
    ctx: &Ctx,
    desks: &[Desk],
    d: &District,
    summary: &mut DemoSummary,
) -> Result<(), DemoError> {
    let gov_code = format!("DISNAKER-{}", d.short);
    org(app, ctx, summary, &gov_code, &d.government, "district_government", &d.code).await?;
    let fill = |s: &str| s.replace("{district}", &d.name).replace("{short}", &d.short);
    let mut members = Vec::new();
    for desk in desks {
        let code = fill(&desk.code);
        org(app, ctx, summary, &code, &fill(&desk.name), "ltsa_desk", &d.code).await?;
        members.push(code);
    }
    for p in &d.partners {
        org(app, ctx, summary, &p.code, &p.name, p.kind.as_deref().unwrap_or("ngo"), &p.area).await?;
        members.push(p.code.clone());
    }
    for p in &d.providers {
        org(app, ctx, summary, &p.code, &p.name, p.kind.as_deref().unwrap_or("service_provider"), &p.area).await?;
    }
    for c in &d.commercial {
        org(app, ctx, summary, &c.code, &c.name, c.kind.as_deref().unwrap_or("placement_agency"), &c.area).await?;
    }
    let office = app
        .create_office(
            ctx,
            &NewOffice {
                code: format!("LTSA-MRC-{}", d.short),
                name: format!("LTSA-MRC {}", d.name),
                kind: "ltsa_mrc_office".into(),
                area_code: d.office_area.clone(),
                organisation_code: gov_code.clone(),
                address: d.office_address.clone(),
                phone: Some(d.office_phone.clone()),
            },
        )
        .await
        .map_err(core(format!("office {}", d.short)))?;
    summary.offices += 1;
    for m in &members {
        app.add_office_member(ctx, office.id, m).await.map_err(core(m.as_str()))?;
    }
    for (i, village) in d.villages.iter().enumerate() {
        let n = i + 1;
        let area = app.area(village).await.map_err(core(village.as_str()))?;
        let kecamatan = area.ancestors.last().map(|a| a.name.clone()).unwrap_or_default();
        let name = &area.area.name;
        let gov = format!("DESA-{}-{n}", d.short);
        org(app, ctx, summary, &gov, &format!("Pemerintah Desa {name}"), "village_government", village).await?;
        let task_force = format!("SATGAS-{}-{n}", d.short);
        org(app, ctx, summary, &task_force, &format!("Satgas PMI Desa {name}"), "village_task_force", village).await?;
        let vic = app
            .create_office(
                ctx,
                &NewOffice {
                    code: format!("PID-{}-{n}", d.short),
                    name: format!("Pusat Informasi Desa {name}"),
                    kind: "village_information_centre".into(),
                    area_code: village.clone(),
                    organisation_code: gov,
                    address: format!("Kantor Desa {name}, Kecamatan {kecamatan}, {}", d.name),
                    phone: None,
                },
            )
            .await
            .map_err(core(format!("village centre {village}")))?;
        summary.offices += 1;
        app.add_office_member(ctx, vic.id, &task_force).await.map_err(core(task_force.as_str()))?;
        if let Some(union) = d.partners.iter().find(|p| p.kind.as_deref() == Some("trade_union")) {
            app.add_office_member(ctx, vic.id, &union.code).await.map_err(core(union.code.as_str()))?;
        }
    }
    Ok(())
}

async fn user(
    app: &App,
    ctx: &Ctx,
    summary: &mut DemoSummary,
    username: &str,
    role: &str,
    organisation: &str,
    home: Option<&str>,
) -> Result<(), DemoError> {
    let input = NewUser {
        username: username.into(),
        display_name: None,
        organisation_code: organisation.into(),
        roles: vec![role.into()],
        home_area_code: home.map(Into::into),
        password: DEMO_PASSWORD.into(),
    };
    app.create_user(ctx, &input).await.map_err(core(username))?;
    summary.users += 1;
    Ok(())
}

/// `PREFIX.coord`, `.desk`, `.union`, `.union.sup`, `.wcc`, `.wcc.2`, `.wcc.sup`, `.village`, `.taskforce`. The
/// second counsellor, `.wcc.2`, is assigned to nothing: a colleague outside
/// need-to-know.
async fn load_district_users(app: &App, ctx: &Ctx, d: &District, summary: &mut DemoSummary) -> Result<(), DemoError> {
    let p = &d.users;
    let gov = format!("DISNAKER-{}", d.short);
    let union = d.partners.iter().find(|e| e.kind.as_deref() == Some("trade_union"));
    let crisis = d.partners.iter().find(|e| e.kind.as_deref() == Some("crisis_centre"));
    user(app, ctx, summary, &format!("{p}.coord"), "district_coordinator", &gov, None).await?;
    user(app, ctx, summary, &format!("{p}.desk"), "front_desk", &gov, None).await?;
    if let Some(u) = union {
        user(app, ctx, summary, &format!("{p}.union"), "paralegal", &u.code, None).await?;
        user(app, ctx, summary, &format!("{p}.union.sup"), "supervisor", &u.code, None).await?;
    }
    if let Some(c) = crisis {
        user(app, ctx, summary, &format!("{p}.wcc"), "counsellor", &c.code, None).await?;
        user(app, ctx, summary, &format!("{p}.wcc.2"), "counsellor", &c.code, None).await?;
        user(app, ctx, summary, &format!("{p}.wcc.sup"), "supervisor", &c.code, None).await?;
    }
    if let Some(village) = d.villages.first() {
        let org = format!("DESA-{}-1", d.short);
        user(app, ctx, summary, &format!("{p}.village"), "village_officer", &org, Some(village)).await?;
        let task_force = format!("SATGAS-{}-1", d.short);
        user(app, ctx, summary, &format!("{p}.taskforce"), "task_force_member", &task_force, Some(village)).await?;
    }
    Ok(())
}

/// Approximate rupiah per unit in 2015 and in 2025 of the demo's
/// destination currencies (demo only: a district keeps the official rates).
const RATES: [(&str, f64, f64); 7] = [
    ("HKD", 1_720.0, 2_060.0),
    ("TWD", 420.0, 500.0),
    ("MYR", 3_450.0, 3_600.0),
    ("SAR", 3_570.0, 4_300.0),
    ("SGD", 9_750.0, 12_000.0),
    ("KRW", 11.85, 11.4),
    ("USD", 13_400.0, 16_200.0),
];

/// A rate per currency from 2000 and then each January to this year, for
/// the SDG 10.7.1 report of the demo people.
async fn exchange_rates(app: &App, ctx: &Ctx) -> Result<(), DemoError> {
    use chrono::Datelike;
    use satuatap_core::reports::exchange::NewRate;
    let this_year = chrono::Utc::now().year();
    let mut rows = Vec::new();
    for (currency, then, now) in RATES {
        let year_rate = |year: i32| {
            let t = (f64::from(year.clamp(2015, 2025) - 2015)) / 10.0;
            then + (now - then) * t
        };
        let mut years = vec![2000];
        years.extend(2015..=this_year);
        for year in years {
            let rate = year_rate(year);
            rows.push((
                rows.len() as u64 + 2,
                NewRate {
                    currency: currency.into(),
                    date: format!("{year}-01-01"),
                    idr_per_unit: format!("{rate:.4}"),
                    source: "Demo (approximate)".into(),
                },
            ));
        }
    }
    app.import_rates(ctx, &rows).await.map_err(core("exchange rates"))?;
    Ok(())
}
