//! Demo village records: in the first village of each district, the village
//! officer registers prospective migrant workers (most verified, one
//! waiting, one returned), reports their departures and two returns (one
//! referred to the LTSA-MRC, one raising a warning), and warns the district
//! of a broker (acknowledged by the coordinator) and of violence (named to
//! the crisis centre, need-to-know).

use chrono::{Duration, Utc};
use satuatap_core::access::Ctx;
use satuatap_core::community::activity::{NewActivity, NewAttendance};
use satuatap_core::community::notice::{NewDeparture, NewReturn};
use satuatap_core::community::registration::{NewDecision, NewRegistration};
use satuatap_core::community::warning::NewWarning;
use satuatap_core::registry::person::NewPerson;
use satuatap_core::App;

use crate::demo_common::{DemoDistrict, DemoError};

fn err(e: satuatap_core::Error) -> DemoError {
    DemoError::People(format!("demo village records: {e}"))
}

/// Who the village registers: name, age, destination, occupation.
const PEOPLE: [(&str, i64, &str, &str); 8] = [
    ("Sulastri Handayani", 27, "HK", "Pekerja rumah tangga"),
    ("Dewi Kartika Sari", 23, "TW", "Perawat lansia"),
    ("Rokayah Nurjanah", 31, "SA", "Pekerja rumah tangga"),
    ("Eni Suryani", 25, "MY", "Operator pabrik"),
    ("Yati Mulyati", 34, "SG", "Pekerja rumah tangga"),
    ("Nining Kurniasih", 22, "KR", "Operator pabrik"),
    ("Juleha Fitriani", 29, "HK", "Pengasuh anak"),
    ("Sutinah Rahayu", 38, "MY", "Pekerja perkebunan"),
];

/// The organisation code of a demo user.
async fn code_of(app: &App, ctx: &Ctx) -> Result<Option<String>, DemoError> {
    let Some(user) = ctx.actor.user() else { return Ok(None) };
    Ok(Some(app.organisation(user.organisation_id).await.map_err(err)?.organisation.code))
}

/// Adds the village records of one district; how many records were written.
pub async fn add(app: &App, d: &DemoDistrict) -> Result<u64, DemoError> {
    let system = Ctx::system();
    let Ok(village) = app.act_as(&system, &format!("{}.village", d.users)).await else { return Ok(0) };
    let Some(home) = village.actor.user().map(|u| u.home_area.as_str().to_string()) else { return Ok(0) };
    let union = match app.act_as(&system, &format!("{}.union", d.users)).await {
        Ok(u) => code_of(app, &u).await?,
        Err(_) => None,
    };
    let crisis = match app.act_as(&system, &format!("{}.wcc", d.users)).await {
        Ok(u) => code_of(app, &u).await?,
        Err(_) => None,
    };
    let today = Utc::now().date_naive();
    let day = move |ago: i64| (today - Duration::days(ago)).format("%Y-%m-%d").to_string();
    let mut written = 0;
    let mut people = Vec::new();
    for (i, (name, age, destination, occupation)) in PEOPLE.iter().enumerate() {
        let person = NewPerson {
            full_name: (*name).into(),
            sex: "female".into(),
            estimated_age: Some(*age),
            village_code: Some(home.clone()),
            ..Default::default()
        };
        let person = app.register_person(&village, &person).await.map_err(err)?.person;
        let agency = if i % 2 == 0 { d.agencies.get(i / 2 % d.agencies.len().max(1)).cloned() } else { None };
        let registration = NewRegistration {
            person_id: person.id,
            destination: (*destination).into(),
            sector: Some(if occupation.contains("pabrik") { "manufacturing" } else { "domestic_work" }.into()),
            occupation: Some((*occupation).into()),
            agency_code: agency.clone(),
            job_offer: agency.is_some(),
            job_offer_date: agency.as_ref().map(|_| day(320 - 30 * i as i64)),
            permission_relative: Some("Orang tua".into()),
            permission_relation: Some("parent".into()),
            permission_acknowledged_by: Some("Kuwu".into()),
            permission_acknowledged_on: Some(day(300 - 30 * i as i64)),
            seen_ktp: true,
            seen_family_card: true,
            seen_passport: i % 3 == 0,
        };
        let r = app.register_prospective(&village, &registration).await.map_err(err)?;
        written += 1;
        let decision = match i {
            6 => None,
            5 => Some(NewDecision {
                decision: "return".into(),
                reason: Some("Surat izin keluarga belum lengkap".into()),
            }),
            _ => Some(NewDecision { decision: "verify".into(), reason: None }),
        };
        if let Some(decision) = decision {
            app.decide_registration(&village, r.id, &decision).await.map_err(err)?;
        }
        if i < 5 {
            let departure = NewDeparture {
                date: day(280 - 40 * i as i64),
                destination: (*destination).into(),
                channel: if agency.is_some() { "procedural" } else { "non_procedural" }.into(),
                reported_by: "family".into(),
            };
            app.record_departure(&village, person.id, &departure).await.map_err(err)?;
            written += 1;
        }
        people.push(person.id);
    }
    // Two came back: one referred to the office, one raising a warning.
    for (k, (needs, follow_up)) in
        [(vec!["legal"], "refer"), (vec!["psychosocial", "health"], "warning")].into_iter().enumerate()
    {
        let arrival = NewReturn {
            date: day(20 - 10 * k as i64),
            from_country: PEOPLE[k].2.into(),
            reason: if k == 0 { "terminated_early" } else { "ran_away" }.into(),
            needs: needs.into_iter().map(Into::into).collect(),
            reported_by: "herself".into(),
            follow_up: Some(follow_up.into()),
            note: Some("Gaji beberapa bulan belum dibayar".into()),
        };
        app.record_return(&village, people[k], &arrival).await.map_err(err)?;
        written += 1;
    }
    if let Some(union) = union {
        let broker = NewWarning {
            kind: "suspected_recruiter".into(),
            urgency: "urgent".into(),
            village_code: None,
            person_id: None,
            partner_code: Some(union),
            summary: "Seorang calo menawarkan kerja ke luar negeri tanpa P3MI kepada beberapa warga.".into(),
        };
        let w = app.raise_warning(&village, &broker).await.map_err(err)?;
        if let Ok(coordinator) = app.act_as(&system, &format!("{}.coord", d.users)).await {
            app.acknowledge_warning(&coordinator, w.id).await.map_err(err)?;
        }
        written += 1;
    }
    if let Some(crisis) = crisis {
        let violence = NewWarning {
            kind: "violence_reported".into(),
            urgency: "urgent".into(),
            village_code: None,
            person_id: None,
            partner_code: Some(crisis),
            summary: "Tetangga melaporkan kekerasan dalam rumah tangga terhadap seorang purna migran.".into(),
        };
        app.raise_warning(&village, &violence).await.map_err(err)?;
        written += 1;
    }
    written += activities(app, d, &village, &home, &day).await?;
    Ok(written)
}

/// A month of the village's and the district's activities: a task-force
/// meeting, an information session, an outreach event, a training of
/// stakeholders by the union and a forum meeting held by the coordinator.
async fn activities(
    app: &App,
    d: &DemoDistrict,
    village: &Ctx,
    home: &str,
    day: &dyn Fn(i64) -> String,
) -> Result<u64, DemoError> {
    let system = Ctx::system();
    let cell = |sex: &str, age: &str, count: i64| NewAttendance {
        sex: sex.into(),
        age_group: Some(age.into()),
        participant: None,
        count,
    };
    let by = |sex: &str, who: &str, count: i64| NewAttendance {
        sex: sex.into(),
        age_group: None,
        participant: Some(who.into()),
        count,
    };
    let mut plans: Vec<(Ctx, NewActivity)> = vec![
        (
            village.clone(),
            NewActivity {
                kind: "task_force_meeting".into(),
                date: day(40),
                area_code: home.into(),
                title: "Rapat bulanan Satgas PMI desa".into(),
                attendance: vec![cell("female", "35_44", 4), cell("male", "45_59", 3)],
                follow_up: Some("Mendata warga yang berangkat tanpa P3MI".into()),
                ..Default::default()
            },
        ),
        (
            village.clone(),
            NewActivity {
                kind: "info_session".into(),
                date: day(30),
                area_code: home.into(),
                topic: Some("safe_migration".into()),
                title: "Sesi informasi migrasi aman di pusat informasi desa".into(),
                attendance: vec![cell("female", "18_24", 14), cell("female", "25_34", 9), cell("male", "18_24", 5)],
                ..Default::default()
            },
        ),
        (
            village.clone(),
            NewActivity {
                kind: "outreach_event".into(),
                date: day(25),
                area_code: home.into(),
                topic: Some("ending_violence".into()),
                title: "Kampanye penghapusan kekerasan terhadap perempuan di pengajian".into(),
                attendance: vec![
                    cell("female", "18_24", 22),
                    cell("female", "25_34", 31),
                    cell("female", "35_44", 18),
                    cell("male", "25_34", 7),
                ],
                ..Default::default()
            },
        ),
    ];
    if let Ok(union) = app.act_as(&system, &format!("{}.union", d.users)).await {
        plans.push((
            union,
            NewActivity {
                kind: "training".into(),
                date: day(20),
                area_code: d.code.clone(),
                topic: Some("case_management".into()),
                title: "Pelatihan penanganan kasus dan rujukan bagi perangkat desa".into(),
                attendance: vec![
                    by("female", "village_officers", 11),
                    by("male", "village_officers", 7),
                    by("female", "task_forces", 6),
                    by("male", "police", 2),
                ],
                pre_score: Some(52.0),
                post_score: Some(78.5),
                ..Default::default()
            },
        ));
    }
    if let Ok(coordinator) = app.act_as(&system, &format!("{}.coord", d.users)).await {
        plans.push((
            coordinator,
            NewActivity {
                kind: "forum_meeting".into(),
                date: day(15),
                area_code: d.code.clone(),
                title: "Rapat Forum Tripartit Plus".into(),
                attendance: vec![
                    by("female", "migrant_workers", 3),
                    by("female", "district_officials", 2),
                    by("male", "district_officials", 4),
                    by("male", "employers_agencies", 2),
                    by("female", "union_organisers", 2),
                ],
                follow_up: Some("Rancangan peraturan daerah perlindungan pekerja migran".into()),
                ..Default::default()
            },
        ));
    }
    let mut written = 0;
    for (who, plan) in plans {
        app.record_activity(&who, &plan).await.map_err(err)?;
        written += 1;
    }
    Ok(written)
}
