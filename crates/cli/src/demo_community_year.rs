//! A year of village and district community work in every pilot village,
//! sized so that the programme's published numbers come out in their order
//! of magnitude (36 villages with a task force each, ~69,000 women reached
//! by offline and online campaigns, ~630 women organised, ~3,000
//! stakeholders trained, 26 local regulations), and `demo --community N`:
//! N more activities spread over the villages and the year, for benchmarks.
//!
//! Everything goes through the services as the people who would record it:
//! each village's officer (`<district>.village`, `.village.2` … `.village.9`),
//! the union, the crisis centre's desk, the coordinator.

use chrono::{Duration, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use satuatap_core::access::Ctx;
use satuatap_core::community::activity::{NewActivity, NewAttendance};
use satuatap_core::community::campaign::NewCampaign;
use satuatap_core::community::competency::{NewCandidate, NewCompetencyTest};
use satuatap_core::community::forum::{NewActionClosure, NewForumAction, NewForumMember, NewRegulation};
use satuatap_core::community::hotline::NewHotlineContact;
use satuatap_core::community::membership::NewMembership;
use satuatap_core::community::notice::{NewDeparture, NewReturn};
use satuatap_core::community::registration::{NewDecision, NewRegistration};
use satuatap_core::community::roster::NewTaskForceMember;
use satuatap_core::community::warning::{NewWarning, NewWarningEnd};
use satuatap_core::identity::users::NewUser;
use satuatap_core::registry::person::NewPerson;
use satuatap_core::App;

use crate::demo::DEMO_PASSWORD;
use crate::demo_common::{DemoDistrict, DemoError};
use crate::synth::names;

fn err(what: &'static str) -> impl Fn(satuatap_core::Error) -> DemoError {
    move |e| DemoError::People(format!("demo community year, {what}: {e}"))
}

/// Women organised by the unions across the four districts (the programme reports 629).
const ORGANISED: usize = 629;
/// Women reached by each district's online campaigns in a month, on average.
const ONLINE_WOMEN_PER_MONTH: i64 = 1_000;

struct Year {
    rng: StdRng,
    today: NaiveDate,
}

impl Year {
    /// A date `months` back (0 = this month), on about `day` of the month, never in the future.
    fn date(&mut self, months: i64, day: i64) -> String {
        let d = self.today - Duration::days(months * 30 + (30 - day.clamp(1, 28)));
        d.min(self.today).format("%Y-%m-%d").to_string()
    }

    fn around(&mut self, mean: i64) -> i64 {
        let spread = (mean / 3).max(1);
        (mean + self.rng.random_range(-spread..=spread)).max(0)
    }

    fn woman(&mut self) -> String {
        let given = *names::FEMALE_GIVEN.choose(&mut self.rng).unwrap_or(&"Siti");
        let second = *names::FEMALE_SECOND.choose(&mut self.rng).unwrap_or(&"Aminah");
        format!("{given} {second}")
    }
}

fn cell(sex: &str, age: &str, count: i64) -> NewAttendance {
    NewAttendance { sex: sex.into(), age_group: Some(age.into()), participant: None, count }
}

fn by(sex: &str, who: &str, count: i64) -> NewAttendance {
    NewAttendance { sex: sex.into(), age_group: None, participant: Some(who.into()), count }
}

const TOPICS: [&str; 6] = [
    "safe_migration",
    "gender_equality",
    "ending_violence",
    "trafficking_prevention",
    "labour_rights",
    "reintegration",
];
const DESTINATIONS: [(&str, &str, &str); 6] = [
    ("HK", "domestic_work", "Pekerja rumah tangga"),
    ("TW", "caregiving", "Perawat lansia"),
    ("MY", "manufacturing", "Operator pabrik"),
    ("SG", "domestic_work", "Pekerja rumah tangga"),
    ("KR", "manufacturing", "Operator pabrik"),
    ("SA", "domestic_work", "Pekerja rumah tangga"),
];

/// The village officers of a district's villages, made where missing
/// (the demo's first village has its own already).
async fn officers(app: &App, d: &DemoDistrict) -> Result<Vec<(String, Ctx)>, DemoError> {
    let system = Ctx::system();
    let shared = app.clone().with_shared_demo_password(DEMO_PASSWORD).map_err(err("password"))?;
    let mut out = Vec::new();
    for (i, village) in d.villages.iter().enumerate() {
        let username = if i == 0 { format!("{}.village", d.users) } else { format!("{}.village.{}", d.users, i + 1) };
        if i > 0 && shared.act_as(&system, &username).await.is_err() {
            let user = NewUser {
                username: username.clone(),
                display_name: None,
                organisation_code: format!("DESA-{}-{}", d.short, i + 1),
                roles: vec!["village_officer".into()],
                home_area_code: Some(village.clone()),
                password: DEMO_PASSWORD.into(),
            };
            shared.create_user(&system, &user).await.map_err(err("village officer"))?;
        }
        let ctx = app.act_as(&system, &username).await.map_err(err("village officer"))?;
        out.push((village.clone(), ctx));
    }
    Ok(out)
}

/// The year of one district; how many records were written.
pub async fn add(app: &App, d: &DemoDistrict, seed: u64) -> Result<u64, DemoError> {
    let system = Ctx::system();
    let mut y = Year { rng: StdRng::seed_from_u64(seed), today: Utc::now().date_naive() };
    let mut written = 0u64;
    let officers = officers(app, d).await?;
    let union = app.act_as(&system, &format!("{}.union", d.users)).await.ok();
    let coord = app.act_as(&system, &format!("{}.coord", d.users)).await.map_err(err("coordinator"))?;
    let desk = app.act_as(&system, &format!("{}.desk", d.users)).await.map_err(err("desk"))?;
    let union_code = match &union {
        Some(u) => match u.actor.user() {
            Some(user) => Some(app.organisation(user.organisation_id).await.map_err(err("union"))?.organisation.code),
            None => None,
        },
        None => None,
    };
    for (n, (village, officer)) in officers.iter().enumerate() {
        written += village_year(app, &mut y, d, n, village, officer, union_code.as_deref(), &coord).await?;
    }
    written += district_year(app, &mut y, d, &coord, &desk, union.as_ref(), union_code.as_deref()).await?;
    Ok(written)
}

#[allow(clippy::too_many_arguments)]
async fn village_year(
    app: &App,
    y: &mut Year,
    d: &DemoDistrict,
    n: usize,
    village: &str,
    officer: &Ctx,
    union: Option<&str>,
    coord: &Ctx,
) -> Result<u64, DemoError> {
    let mut written = 0;
    // The task force: a head, a secretary and four members.
    let roster = [
        ("head", "male", "village_government"),
        ("secretary", "female", "pkk"),
        ("member", "female", "returnee"),
        ("member", "male", "religious_leader"),
        ("member", "female", "union"),
        ("member", "female", "pkk"),
    ];
    let since = y.date(13, 2);
    for (role, sex, origin) in roster {
        let name = if sex == "female" {
            y.woman()
        } else {
            format!("Pak {}", names::MALE_GIVEN.choose(&mut y.rng).unwrap_or(&"Darsono"))
        };
        let m = NewTaskForceMember {
            name,
            role: role.into(),
            sex: sex.into(),
            origin: origin.into(),
            active_from: since.clone(),
            village_code: None,
        };
        app.add_task_force_member(officer, &m).await.map_err(err("roster"))?;
        written += 1;
    }
    // Every month: the task force meets, the information centre holds a
    // session and a day of walk-in consultations; every quarter an outreach event.
    for month in (0..12).rev() {
        let mut plans = vec![
            NewActivity {
                kind: "task_force_meeting".into(),
                date: y.date(month, 5),
                area_code: village.into(),
                title: "Rapat bulanan Satgas PMI desa".into(),
                attendance: vec![cell("female", "35_44", y.around(4)), cell("male", "45_59", y.around(3))],
                follow_up: Some("Mendata warga yang akan berangkat".into()),
                ..Default::default()
            },
            NewActivity {
                kind: "info_session".into(),
                date: y.date(month, 12),
                area_code: village.into(),
                topic: Some("safe_migration".into()),
                title: "Sesi informasi migrasi aman".into(),
                attendance: vec![
                    cell("female", "18_24", y.around(10)),
                    cell("female", "25_34", y.around(10)),
                    cell("female", "35_44", y.around(5)),
                    cell("male", "18_24", y.around(4)),
                    cell("male", "25_34", y.around(3)),
                ],
                ..Default::default()
            },
            NewActivity {
                kind: "consultations".into(),
                date: y.date(month, 20),
                area_code: village.into(),
                title: "Konsultasi di pusat informasi desa".into(),
                attendance: vec![
                    cell("female", "25_34", y.around(4)),
                    cell("female", "45_59", y.around(2)),
                    cell("male", "25_34", y.around(2)),
                ],
                ..Default::default()
            },
        ];
        if month % 3 == 1 {
            let topic = TOPICS[(month as usize / 3 + n) % TOPICS.len()];
            plans.push(NewActivity {
                kind: "outreach_event".into(),
                date: y.date(month, 25),
                area_code: village.into(),
                topic: Some(topic.into()),
                title: "Kampanye di pengajian dan posyandu".into(),
                attendance: vec![
                    cell("female", "18_24", y.around(15)),
                    cell("female", "25_34", y.around(20)),
                    cell("female", "35_44", y.around(15)),
                    cell("female", "45_59", y.around(5)),
                    cell("male", "25_34", y.around(10)),
                    cell("male", "35_44", y.around(5)),
                ],
                ..Default::default()
            });
        }
        for plan in plans {
            app.record_activity(officer, &plan).await.map_err(err("village activity"))?;
            written += 1;
        }
    }
    // The first village's story is told by `demo_community`; the others
    // register four women each: three verified, two of them gone, one back.
    if n > 0 {
        for k in 0..4 {
            let (destination, sector, occupation) = DESTINATIONS[(n + k) % DESTINATIONS.len()];
            let person = NewPerson {
                full_name: y.woman(),
                sex: "female".into(),
                estimated_age: Some(y.rng.random_range(19..40)),
                village_code: Some(village.into()),
                ..Default::default()
            };
            let person = app.register_person(officer, &person).await.map_err(err("person"))?.person;
            let agency = if k % 2 == 0 { d.agencies.first().cloned() } else { None };
            let registration = NewRegistration {
                person_id: person.id,
                destination: destination.into(),
                sector: Some(sector.into()),
                occupation: Some(occupation.into()),
                agency_code: agency.clone(),
                job_offer: agency.is_some(),
                job_offer_date: agency.as_ref().map(|_| y.date(10, 3)),
                permission_relative: Some("Suami".into()),
                permission_relation: Some("spouse".into()),
                permission_acknowledged_by: Some("Kepala Desa".into()),
                permission_acknowledged_on: Some(y.date(9, 10)),
                seen_ktp: true,
                seen_family_card: true,
                seen_passport: k % 2 == 0,
            };
            let r = app.register_prospective(officer, &registration).await.map_err(err("registration"))?;
            written += 2;
            if k == 3 {
                continue;
            }
            let decision = NewDecision { decision: "verify".into(), reason: None };
            app.decide_registration(officer, r.id, &decision).await.map_err(err("decision"))?;
            if k < 2 {
                let departure = NewDeparture {
                    date: y.date(8 - k as i64, 15),
                    destination: destination.into(),
                    channel: if agency.is_some() { "procedural" } else { "non_procedural" }.into(),
                    reported_by: "family".into(),
                };
                app.record_departure(officer, person.id, &departure).await.map_err(err("departure"))?;
                written += 1;
            }
            if k == 1 && n.is_multiple_of(2) {
                let arrival = NewReturn {
                    date: y.date(1, 10),
                    from_country: destination.into(),
                    reason: "terminated_early".into(),
                    needs: vec!["legal".into()],
                    reported_by: "herself".into(),
                    follow_up: Some("refer".into()),
                    note: Some("Gaji tiga bulan belum dibayar".into()),
                };
                app.record_return(officer, person.id, &arrival).await.map_err(err("return"))?;
                written += 1;
            }
        }
        // A warning of a broker, acknowledged and referred in most villages.
        if let Some(union) = union {
            let w = NewWarning {
                kind: if n.is_multiple_of(3) { "non_procedural_departure" } else { "suspected_recruiter" }.into(),
                urgency: if n.is_multiple_of(2) { "urgent" } else { "normal" }.into(),
                village_code: None,
                person_id: None,
                partner_code: Some(union.into()),
                summary: "Ada orang luar desa menawarkan kerja ke luar negeri tanpa P3MI.".into(),
            };
            let w = app.raise_warning(officer, &w).await.map_err(err("warning"))?;
            written += 1;
            if n % 4 != 1 {
                app.acknowledge_warning(coord, w.id).await.map_err(err("acknowledge"))?;
                let end = NewWarningEnd {
                    outcome: "referred".into(),
                    case_id: None,
                    note: Some("Diteruskan ke serikat untuk pendampingan".into()),
                };
                app.end_warning(coord, w.id, &end).await.map_err(err("end warning"))?;
            }
        }
    }
    // 22 village regulations across the 36 villages.
    if n < 6 - usize::from(d.short == "BLT" || d.short == "LTM") {
        let r = NewRegulation {
            level: "village".into(),
            area_code: village.into(),
            number: Some(format!("Perdes No. {} Tahun {}", n + 1, y.today.format("%Y"))),
            issued_on: Some(y.date(6, 1)),
            title: "Peraturan Desa tentang Pelindungan Pekerja Migran Indonesia".into(),
            status: "issued".into(),
            topic: Some("safe_migration".into()),
        };
        app.add_regulation(officer, &r).await.map_err(err("village regulation"))?;
        written += 1;
    }
    Ok(written)
}

async fn district_year(
    app: &App,
    y: &mut Year,
    d: &DemoDistrict,
    coord: &Ctx,
    desk: &Ctx,
    union: Option<&Ctx>,
    union_code: Option<&str>,
) -> Result<u64, DemoError> {
    let mut written = 0;
    // The forum: the government, the employers, the union, the women migrant
    // workers' representatives, civil society.
    let mut seats = vec![(d.organisation.clone(), "government", "Kepala Dinas")];
    if let Some(agency) = d.agencies.first() {
        seats.push((agency.clone(), "employers", "Direktur"));
    }
    if let Some(u) = union_code {
        seats.push((u.to_string(), "workers", "Ketua"));
        seats.push((u.to_string(), "women_migrant_workers", "Koordinator divisi perempuan"));
    }
    if let Some(c) = &d.crisis_centre {
        seats.push((c.clone(), "civil_society", "Direktur"));
    }
    for (code, seat, who) in seats {
        let m = NewForumMember {
            organisation_code: code,
            seat: seat.into(),
            representative: Some(who.into()),
            joined_on: y.date(12, 1),
        };
        app.add_forum_member(coord, &m).await.map_err(err("forum member"))?;
        written += 1;
    }
    for quarter in 0..4i64 {
        let month = 10 - quarter * 3;
        let meeting = NewActivity {
            kind: "forum_meeting".into(),
            date: y.date(month, 8),
            area_code: d.code.clone(),
            title: "Rapat Forum Tripartit Plus".into(),
            attendance: vec![
                by("female", "migrant_workers", y.around(4)),
                by("female", "district_officials", y.around(3)),
                by("male", "district_officials", y.around(4)),
                by("male", "employers_agencies", y.around(2)),
                by("female", "union_organisers", y.around(2)),
            ],
            ..Default::default()
        };
        let meeting = app.record_activity(coord, &meeting).await.map_err(err("forum meeting"))?;
        written += 1;
        let owner = union_code.map(str::to_string).unwrap_or_else(|| d.organisation.clone());
        let action = NewForumAction {
            decision: "Sosialisasi migrasi aman di desa-desa kantong PMI".into(),
            owner_code: owner,
            due_on: (y.today - Duration::days(month * 30 - 45)).format("%Y-%m-%d").to_string(),
            meeting_id: Some(meeting.id),
        };
        let a = app.add_forum_action(coord, &action).await.map_err(err("forum action"))?;
        written += 1;
        if quarter < 2 {
            let done =
                NewActionClosure { status: "done".into(), evidence: Some("Daftar hadir dan foto kegiatan".into()) };
            app.close_forum_action(coord, a.id, &done).await.map_err(err("close action"))?;
        }
    }
    let perda = NewRegulation {
        level: "district".into(),
        area_code: d.code.clone(),
        number: Some(format!("Perda No. 3 Tahun {}", y.today.format("%Y"))),
        issued_on: Some(y.date(7, 1)),
        title: "Peraturan Daerah tentang Pelindungan Pekerja Migran Indonesia".into(),
        status: "issued".into(),
        topic: Some("safe_migration".into()),
    };
    app.add_regulation(coord, &perda).await.map_err(err("district regulation"))?;
    written += 1;
    if let (Some(union), Some(union_code)) = (union, union_code) {
        for month in (0..12).rev() {
            // Stakeholders trained, by kind of organisation (64 a month on average: the
            // programme reports 3,067 over its districts).
            let training = NewActivity {
                kind: "training".into(),
                date: y.date(month, 14),
                area_code: d.code.clone(),
                topic: Some(if month % 2 == 0 { "case_management" } else { "ending_violence" }.into()),
                title: "Pelatihan pemangku kepentingan".into(),
                attendance: vec![
                    by("female", "village_officers", y.around(12)),
                    by("male", "village_officers", y.around(12)),
                    by("female", "task_forces", y.around(12)),
                    by("male", "task_forces", y.around(9)),
                    by("female", "health_workers", y.around(5)),
                    by("male", "police", y.around(5)),
                    by("female", "district_officials", y.around(5)),
                    by("male", "employers_agencies", y.around(4)),
                ],
                pre_score: Some(y.rng.random_range(40.0..60.0_f64).round()),
                post_score: Some(y.rng.random_range(65.0..90.0_f64).round()),
                ..Default::default()
            };
            app.record_activity(union, &training).await.map_err(err("training"))?;
            // Migrant workers trained every other month.
            if month % 2 == 0 {
                let workers = NewActivity {
                    kind: "training".into(),
                    date: y.date(month, 22),
                    area_code: d.code.clone(),
                    topic: Some(if month % 4 == 0 { "financial_literacy" } else { "pre_departure" }.into()),
                    title: "Pelatihan calon dan purna pekerja migran".into(),
                    attendance: vec![
                        by("female", "migrant_workers", y.around(22)),
                        by("male", "migrant_workers", y.around(4)),
                    ],
                    ..Default::default()
                };
                app.record_activity(union, &workers).await.map_err(err("training"))?;
                written += 1;
            }
            // Online campaigns with what the platform reported.
            let women = y.around(ONLINE_WOMEN_PER_MONTH);
            let campaign = NewCampaign {
                platform: ["facebook", "tiktok", "instagram", "whatsapp"][month as usize % 4].into(),
                area_code: d.code.clone(),
                organiser_code: None,
                topic: TOPICS[month as usize % TOPICS.len()].into(),
                title: "Kampanye daring migrasi aman".into(),
                starts_on: y.date(month, 1),
                ends_on: y.date(month, 28),
                reach: women * 8 / 5,
                women_reached: Some(women),
                engagement: Some(women / 6),
            };
            app.record_campaign(union, &campaign).await.map_err(err("campaign"))?;
            written += 2;
        }
        // Women organised into the union.
        let share = ORGANISED / 4 + usize::from(d.short == "CRB");
        for k in 0..share {
            let village = d.villages.get(k % d.villages.len().max(1)).cloned();
            let person = NewPerson {
                full_name: y.woman(),
                sex: "female".into(),
                estimated_age: Some(y.rng.random_range(20..50)),
                village_code: village,
                ..Default::default()
            };
            let person = app.register_person(union, &person).await.map_err(err("member"))?.person;
            let m = NewMembership {
                organisation_code: union_code.into(),
                joined_on: y.date(11 - (k as i64 % 12), 10),
                facilitated_by_code: None,
            };
            app.join_union(union, person.id, &m).await.map_err(err("membership"))?;
            written += 2;
        }
    }
    // The hotline at the district's desk: anonymous mostly.
    for k in 0..40 {
        let c = NewHotlineContact {
            channel: ["phone_hotline", "whatsapp", "whatsapp", "social_media"][k % 4].into(),
            topic: ["safe_migration", "documents", "labour_problem", "lost_contact", "return"][k % 5].into(),
            outcome: if k % 7 == 0 { "referred" } else { "information_given" }.into(),
            person_id: None,
            caller_sex: Some(if k % 6 == 0 { "male" } else { "female" }.into()),
            case_id: None,
            note: None,
        };
        app.record_hotline_contact(desk, &c).await.map_err(err("hotline"))?;
        written += 1;
    }
    // The local competency test (first held in Tulungagung with private training centres).
    if d.short == "TA" {
        for session in 0..4i64 {
            let mut candidates = Vec::new();
            for k in 0..10 {
                let person = NewPerson {
                    full_name: y.woman(),
                    sex: "female".into(),
                    estimated_age: Some(y.rng.random_range(20..35)),
                    village_code: d.villages.get(k % d.villages.len().max(1)).cloned(),
                    ..Default::default()
                };
                let person = app.register_person(desk, &person).await.map_err(err("candidate"))?.person;
                let competent = k % 5 != 0;
                candidates.push(NewCandidate {
                    person_id: person.id,
                    result: if competent { "competent" } else { "not_yet_competent" }.into(),
                    certificate_number: competent.then(|| format!("LSP-TA/{}/{:03}", session + 1, k + 1)),
                });
            }
            let test = NewCompetencyTest {
                date: y.date(10 - session * 3, 18),
                occupation: ["Perawat lansia (caregiver)", "Pekerja rumah tangga", "Operator pabrik", "Pengasuh anak"]
                    [session as usize]
                    .into(),
                training_centre: "LPK Swasta Tulungagung (contoh)".into(),
                assessor: "Asesor LSP P1".into(),
                candidates,
            };
            app.record_competency_test(desk, &test).await.map_err(err("competency test"))?;
            written += 11;
        }
    }
    Ok(written)
}

/// `demo --community N`: N more activities (village meetings, sessions,
/// consultations, outreach) spread over the pilot villages and the last
/// year, each through the service as the village's officer.
pub async fn more(app: &App, n: u64, seed: u64) -> Result<u64, DemoError> {
    let districts = crate::demo::district_codes()?;
    let mut all = Vec::new();
    for d in &districts {
        all.extend(officers(app, d).await?);
    }
    if all.is_empty() {
        return Ok(0);
    }
    let mut y = Year { rng: StdRng::seed_from_u64(seed), today: Utc::now().date_naive() };
    let bar = ProgressBar::new(n);
    if let Ok(style) = ProgressStyle::with_template("activities [{elapsed_precise}] {wide_bar} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    for k in 0..n {
        let (village, officer) = &all[(k as usize) % all.len()];
        let month = y.rng.random_range(0..12);
        let day = y.rng.random_range(1..28);
        let kind = ["task_force_meeting", "info_session", "consultations", "outreach_event"][(k % 4) as usize];
        let topic = (kind == "info_session" || kind == "outreach_event")
            .then(|| TOPICS[(k as usize / 4) % TOPICS.len()].to_string());
        let a = NewActivity {
            kind: kind.into(),
            date: y.date(month, day),
            area_code: village.clone(),
            topic,
            title: "Kegiatan desa (data sintetis)".into(),
            attendance: vec![
                cell("female", "18_24", y.around(8)),
                cell("female", "25_34", y.around(8)),
                cell("female", "35_44", y.around(4)),
                cell("male", "25_34", y.around(4)),
            ],
            ..Default::default()
        };
        app.record_activity(officer, &a).await.map_err(err("activity"))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(n)
}
