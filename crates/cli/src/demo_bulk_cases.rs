//! Synthetic cases in bulk (`satuatap demo --cases N`), for the benchmarks:
//! the kinds mix of the pilot districts (mostly labour complaints; GBV and
//! trafficking need-to-know), owned by case-working users of the person's
//! district (union paralegals, crisis-centre counsellors, case workers of
//! the manpower office), at every stage of the SOP, opened over the last two
//! years with the SOP's first-action deadlines, with tasks (some overdue),
//! closures of old cases and closures waiting for approval. They are written
//! by the bulk case import (one transaction, one audit entry with counts),
//! not through the services case by case, which would take hours.
//!
//! The district's organisations get as many extra case-working users
//! (`PREFIX.union.N`, `PREFIX.wcc.N`, `PREFIX.caseworker.N`, and a
//! supervisor `PREFIX.caseworker.sup` for the manpower office) as keep each
//! at about [`OPEN_PER_WORKER`] open cases, except [`BUSY_USER`], who gets
//! [`BUSY_CASES`] open cases: the "my work" page of the benchmark.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use satuatap_core::access::Ctx;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::cases::case::{
    reporting_delay, CaseKind, CaseStage, CaseStatus, ClosureReason, ForcedLabourIndicator, GbvAnswers, GbvContext,
    LabourCategory, PerpetratorRelationship, RiskLevel, TraffickingDimension,
};
use satuatap_core::cases::record::{Approval, ApprovalKind, ApprovalStatus, Case, CaseTask, Incident, SopDeadlines};
use satuatap_core::identity::users::NewUser;
use satuatap_core::registry::consent::{Consent, ConsentMethod, ConsentPurpose, ConsentStatus};
use satuatap_core::repo::CaseImportRecord;
use satuatap_core::{App, Error};
use uuid::Uuid;

use crate::demo::{district_codes, DEMO_PASSWORD};
use crate::demo_common::DemoError;

/// The demo user whose "my work" holds [`BUSY_CASES`] open cases.
pub const BUSY_USER: &str = "cirebon.union";
/// Open cases of [`BUSY_USER`] from the bulk load (the demo cases add a few).
pub const BUSY_CASES: usize = 200;
/// Open cases per other case-working user, about.
pub const OPEN_PER_WORKER: usize = 120;
/// Cases per write.
const BATCH: usize = 5000;

fn core(what: &str) -> impl FnOnce(Error) -> DemoError + '_ {
    move |error| DemoError::Core { what: format!("bulk cases: {what}"), error }
}

/// What the bulk load did.
#[derive(Debug, Default, Clone)]
pub struct BulkSummary {
    pub cases: u64,
    pub restricted: u64,
    pub closed: u64,
    pub tasks: u64,
    pub users_created: u64,
    /// Open cases of [`BUSY_USER`] from this load.
    pub busy_user_open: u64,
}

/// Who holds a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Holder {
    Union,
    Crisis,
    Office,
}

/// A worker who may own cases.
#[derive(Debug, Clone)]
struct Worker {
    id: Uuid,
    username: String,
}

/// An organisation of the district and its case-working users.
struct Team {
    organisation_id: Uuid,
    code: String,
    role: &'static str,
    /// Name of the users: `PREFIX.SUFFIX.N`.
    suffix: &'static str,
    /// The existing demo user of the role (the office has none).
    base: Option<Worker>,
    supervisor: Option<Uuid>,
    workers: Vec<Worker>,
}

/// A district's cases drawn, and its teams staffed.
struct DistrictPlan<'a> {
    district: &'a AreaCode,
    ids: &'a [Uuid],
    deadlines: SopDeadlines,
    drafts: Vec<Draft>,
    teams: HashMap<Holder, Team>,
    busy: Option<&'static str>,
    desk_id: Option<Uuid>,
}

/// A case drawn before its owner is known.
struct Draft {
    kind: CaseKind,
    holder: Holder,
    opened_at: DateTime<Utc>,
    closed: bool,
}

fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if n < *w {
            return *item;
        }
        n -= w;
    }
    items[0].0
}

/// Up to `max` distinct codes of a list, at least one.
fn some_of<T: Copy + PartialEq>(rng: &mut StdRng, all: &[T], max: usize) -> Vec<T> {
    let n = rng.random_range(1..=max.max(1));
    let mut out = Vec::with_capacity(n);
    while out.len() < n.min(all.len()) {
        if let Some(c) = all.choose(rng) {
            if !out.contains(c) {
                out.push(*c);
            }
        }
    }
    out
}

const NEEDS: [&str; 8] = [
    "pendampingan hukum",
    "mediasi dengan P3MI",
    "pemulangan",
    "layanan kesehatan",
    "konseling psikologis",
    "rumah aman",
    "klaim BPJS Ketenagakerjaan",
    "pemberdayaan ekonomi",
];

const TASKS: [&str; 10] = [
    "Kronologi dan dokumen",
    "Koordinasi dengan BP3MI",
    "Surat ke perusahaan penempatan",
    "Mediasi dengan P3MI",
    "Rujukan ke rumah sakit",
    "Pendampingan ke unit PPA kepolisian",
    "Kunjungan rumah",
    "Konseling lanjutan",
    "Pengajuan klaim BPJS Ketenagakerjaan",
    "Laporan ke dinas",
];

const OUTCOMES: [&str; 5] =
    ["Hak terpenuhi", "Dirujuk dan diterima", "Klien mengundurkan diri", "Tidak dapat dihubungi", "Selesai"];

/// Adds `n` synthetic cases over the demo districts, in proportion to their
/// people (who must be loaded first).
pub async fn add(app: &App, n: u64, seed: u64) -> Result<BulkSummary, DemoError> {
    let app = &app.clone().with_shared_demo_password(DEMO_PASSWORD).map_err(core("password"))?;
    let system = Ctx::system();
    let now = Utc::now();
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(5));
    let districts = district_codes()?;
    let mut people = Vec::new();
    for d in &districts {
        let code = AreaCode::parse("district", &d.code).map_err(|e| DemoError::People(e.code.to_string()))?;
        let ids = app.people_of_district(&system, &code, u32::MAX).await.map_err(core("people"))?;
        people.push((code, ids));
    }
    let total_people: u64 = people.iter().map(|(_, ids)| ids.len() as u64).sum();
    if total_people == 0 {
        return Err(DemoError::People("cases need people: load them first (--people N)".into()));
    }
    let bar = ProgressBar::new(n);
    if let Ok(style) = ProgressStyle::with_template("cases [{elapsed_precise}] {wide_bar} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    let mut importer = app.case_importer(&system).map_err(core("import"))?;
    let mut summary = BulkSummary::default();
    let mut assigned_so_far = 0u64;
    let mut plans = Vec::new();
    for (i, (d, (district, ids))) in districts.iter().zip(&people).enumerate() {
        let share = if i + 1 == districts.len() { n - assigned_so_far } else { n * ids.len() as u64 / total_people };
        assigned_so_far += share;
        if share == 0 || ids.is_empty() {
            continue;
        }
        let deadlines = app.sop_deadlines(district).await.map_err(core("sop"))?;
        let mut drafts: Vec<Draft> = (0..share).map(|_| draft(&mut rng, now)).collect();
        let mut teams = teams(app, &system, &d.users, &d.organisation).await?;
        let busy = if d.users == BUSY_USER.split('.').next().unwrap_or_default() { Some(BUSY_USER) } else { None };
        if busy.is_some() {
            // Enough open union cases for the busy user, at a small scale too.
            let want = BUSY_CASES.min(drafts.len() / 2);
            let mut have = drafts.iter().filter(|c| c.holder == Holder::Union && !c.closed).count();
            for c in drafts.iter_mut() {
                if have >= want {
                    break;
                }
                if c.holder != Holder::Union || c.closed {
                    let age = Duration::minutes(rng.random_range(0..90 * 24 * 60));
                    *c = Draft {
                        kind: CaseKind::LabourComplaint,
                        holder: Holder::Union,
                        opened_at: now - age,
                        closed: false,
                    };
                    have += 1;
                }
            }
        }
        for (holder, team) in teams.iter_mut() {
            let open = drafts.iter().filter(|c| c.holder == *holder && !c.closed).count();
            let reserved = match (&team.base, busy) {
                (Some(b), Some(name)) if b.username == name => BUSY_CASES.min(open),
                _ => 0,
            };
            let rest = (open - reserved).div_ceil(OPEN_PER_WORKER);
            let wanted = if reserved > 0 { 1 + rest } else { rest.max(1) };
            summary.users_created += staff(app, &system, &d.users, team, wanted).await?;
        }
        let desk = app.act_as(&system, &format!("{}.desk", d.users)).await.map_err(core("desk"))?;
        let desk_id = desk.actor.user_id();
        plans.push(DistrictPlan { district, ids, deadlines, drafts, teams, busy, desk_id });
    }
    // Every user exists now: the import's one transaction may begin (on
    // SQLite it holds the only writer).
    for DistrictPlan { district, ids, deadlines, drafts, teams, busy, desk_id } in plans {
        let office_id = teams.get(&Holder::Office).map(|t| t.organisation_id);
        let mut consented: HashSet<(Uuid, Uuid)> = HashSet::new();
        let mut next_owner: HashMap<Holder, usize> = HashMap::new();
        let mut busy_left = HashMap::new();
        for (holder, team) in &teams {
            if let (Some(b), Some(name)) = (&team.base, busy) {
                if b.username == name {
                    busy_left.insert(*holder, BUSY_CASES);
                }
            }
        }
        let mut batch = Vec::with_capacity(BATCH);
        for draft in drafts {
            let Some(team) = teams.get(&draft.holder) else { continue };
            let person_id = *ids.choose(&mut rng).unwrap_or(&ids[0]);
            // The busy user first takes their open cases; then every worker in turn.
            let busy_turn = !draft.closed && busy_left.get(&draft.holder).is_some_and(|left| *left > 0);
            let owner = if busy_turn {
                if let Some(left) = busy_left.get_mut(&draft.holder) {
                    *left -= 1;
                }
                team.base.clone().unwrap_or_else(|| team.workers[0].clone())
            } else {
                let pool: Vec<&Worker> =
                    team.workers.iter().filter(|w| busy.is_none_or(|b| w.username != b) || draft.closed).collect();
                let k = next_owner.entry(draft.holder).or_default();
                *k += 1;
                match pool.get(*k % pool.len().max(1)) {
                    Some(w) => (*w).clone(),
                    None => team.workers[0].clone(),
                }
            };
            if !draft.closed && busy == Some(owner.username.as_str()) {
                summary.busy_user_open += 1;
            }
            let colleague = team
                .workers
                .iter()
                .filter(|w| w.id != owner.id && busy.is_none_or(|b| w.username != b))
                .collect::<Vec<_>>()
                .choose(&mut rng)
                .map(|w| w.id);
            let mut record = build(
                &mut rng,
                now,
                &draft,
                BuildCtx { person_id, district, deadlines: &deadlines, owner: owner.id, team, colleague },
            );
            if Some(team.organisation_id) != office_id && consented.insert((person_id, team.organisation_id)) {
                record.consent = Some(Consent {
                    id: Uuid::now_v7(),
                    person_id,
                    purpose: ConsentPurpose::ShareWithPartners,
                    status: ConsentStatus::Given,
                    method: ConsentMethod::Written,
                    date: record.case.opened_at.date_naive(),
                    organisation_id: Some(team.organisation_id),
                    note: None,
                    recorded_by: desk_id,
                    recorded_by_organisation: office_id,
                    created_at: record.case.opened_at - Duration::minutes(30),
                });
            }
            summary.cases += 1;
            summary.restricted += u64::from(record.case.restricted);
            summary.closed += u64::from(record.case.status == CaseStatus::Closed);
            summary.tasks += record.tasks.len() as u64;
            batch.push(record);
            if batch.len() == BATCH {
                importer.write(&batch).await.map_err(core("write"))?;
                bar.inc(batch.len() as u64);
                batch.clear();
            }
        }
        importer.write(&batch).await.map_err(core("write"))?;
        bar.inc(batch.len() as u64);
    }
    importer.commit("demo bulk cases").await.map_err(core("commit"))?;
    bar.finish_and_clear();
    Ok(summary)
}

/// Kind, holder, opening and whether it is closed by now.
fn draft(rng: &mut StdRng, now: DateTime<Utc>) -> Draft {
    use CaseKind::*;
    let kind = weighted(rng, &[(LabourComplaint, 68), (Gbv, 14), (Trafficking, 8), (OtherProtection, 10)]);
    let holder = match kind {
        LabourComplaint | Trafficking => weighted(rng, &[(Holder::Union, 60), (Holder::Office, 40)]),
        Gbv => Holder::Crisis,
        OtherProtection => weighted(rng, &[(Holder::Crisis, 50), (Holder::Office, 50)]),
    };
    let age = rng.random_range(0..730 * 24 * 60);
    let opened_at = now - Duration::minutes(age) - Duration::seconds(rng.random_range(0..60));
    let days = age / (24 * 60);
    let closed_share = match days {
        0..30 => 0.05,
        30..90 => 0.25,
        90..180 => 0.55,
        _ => 0.92,
    };
    Draft { kind, holder, opened_at, closed: days > 0 && rng.random_bool(closed_share) }
}

struct BuildCtx<'a> {
    person_id: Uuid,
    district: &'a AreaCode,
    deadlines: &'a SopDeadlines,
    owner: Uuid,
    team: &'a Team,
    colleague: Option<Uuid>,
}

/// One case with its tasks, approval and incident.
fn build(rng: &mut StdRng, now: DateTime<Utc>, d: &Draft, b: BuildCtx<'_>) -> CaseImportRecord {
    let id = Uuid::now_v7();
    let kind = d.kind;
    let serious = matches!(kind, CaseKind::Gbv | CaseKind::Trafficking);
    let risk = if serious {
        weighted(rng, &[(RiskLevel::High, 45), (RiskLevel::Medium, 45), (RiskLevel::Low, 10)])
    } else {
        weighted(rng, &[(RiskLevel::High, 20), (RiskLevel::Medium, 55), (RiskLevel::Low, 25)])
    };
    let opened_at = d.opened_at;
    let age_days = (now - opened_at).num_days();
    let hours = i64::from(b.deadlines.hours(risk));
    let first_action_due = opened_at + Duration::hours(hours);
    let stage = if d.closed {
        CaseStage::Closed
    } else {
        use CaseStage::*;
        match age_days {
            0..3 => weighted(rng, &[(Intake, 70), (Assessment, 30)]),
            3..14 => weighted(rng, &[(Intake, 25), (Assessment, 40), (Plan, 35)]),
            14..60 => weighted(rng, &[(Assessment, 15), (Plan, 30), (Services, 45), (FollowUp, 10)]),
            _ => weighted(rng, &[(Services, 45), (FollowUp, 45), (Reopened, 10)]),
        }
    };
    let labour_categories =
        if kind == CaseKind::LabourComplaint || (kind == CaseKind::Trafficking && rng.random_bool(0.5)) {
            some_of(rng, &LabourCategory::ALL[..LabourCategory::ALL.len() - 1], 2)
        } else {
            Vec::new()
        };
    let (forced_labour_indicators, trafficking_dimensions) = match kind {
        CaseKind::Trafficking => {
            (some_of(rng, ForcedLabourIndicator::ALL, 3), some_of(rng, TraffickingDimension::ALL, 2))
        }
        CaseKind::LabourComplaint if rng.random_bool(0.2) => (some_of(rng, ForcedLabourIndicator::ALL, 2), Vec::new()),
        _ => (Vec::new(), Vec::new()),
    };
    // The owner restricts some labour cases with forced-labour indicators.
    let restricted = kind.restricted_from_start() || (!forced_labour_indicators.is_empty() && rng.random_bool(0.3));
    let acted = stage != CaseStage::Intake;
    let first_action_at = acted.then(|| {
        let late = rng.random_bool(0.15);
        let after = if late { rng.random_range(hours..hours * 3) } else { rng.random_range(1..=hours) };
        (opened_at + Duration::hours(after) + Duration::minutes(rng.random_range(0..60))).min(now)
    });
    let needs = if acted && stage != CaseStage::Reopened || (d.closed && rng.random_bool(0.8)) {
        some_of(rng, &NEEDS, 2).into_iter().map(String::from).collect()
    } else {
        Vec::new()
    };
    let closed_at = d.closed.then(|| {
        let max = age_days.clamp(2, 180);
        (opened_at + Duration::days(rng.random_range(1..max)) + Duration::hours(rng.random_range(0..8))).min(now)
    });
    let closure_reason = d.closed.then(|| {
        use ClosureReason::*;
        weighted(
            rng,
            &[
                (NeedsMet, 45),
                (ReferredAccepted, 15),
                (ClientWithdrew, 12),
                (ClientUnreachable, 12),
                (Transferred, 5),
                (Deceased, 1),
                (Other, 10),
            ],
        )
    });
    let outcome = closure_reason.map(|_| OUTCOMES.choose(rng).copied().unwrap_or("Selesai").to_string());
    let mut case = Case {
        id,
        person_id: b.person_id,
        kind,
        status: if d.closed { CaseStatus::Closed } else { CaseStatus::Open },
        stage,
        risk,
        owner_id: b.owner,
        organisation_id: b.team.organisation_id,
        district_code: b.district.clone(),
        restricted,
        assigned: match b.colleague {
            Some(c) if rng.random_bool(0.1) => vec![c],
            _ => Vec::new(),
        },
        needs,
        labour_categories,
        forced_labour_indicators,
        trafficking_dimensions,
        opened_at,
        first_action_due,
        first_action_at: first_action_at.or(closed_at),
        closed_at,
        closure_reason,
        outcome,
        pending_approval: None,
        updated_at: closed_at.or(first_action_at).unwrap_or(opened_at),
    };
    let tasks = tasks(rng, now, &case);
    let approval = approval(rng, now, &mut case, b.team.supervisor);
    let incident = (kind == CaseKind::Gbv && (acted || d.closed) && rng.random_bool(0.8)).then(|| incident(rng, &case));
    CaseImportRecord { case, tasks, approval, incident, consent: None }
}

/// The tasks of a planned case: done when the case is closed; otherwise
/// some done, some due, some overdue.
fn tasks(rng: &mut StdRng, now: DateTime<Utc>, c: &Case) -> Vec<CaseTask> {
    let planned = matches!(c.stage, CaseStage::Plan | CaseStage::Services | CaseStage::FollowUp | CaseStage::Reopened)
        || (c.status == CaseStatus::Closed && rng.random_bool(0.8));
    if !planned {
        return Vec::new();
    }
    let created_at = (c.first_action_at.unwrap_or(c.opened_at) + Duration::days(rng.random_range(0..3))).min(now);
    let today = now.date_naive();
    let n = rng.random_range(1..=3);
    (0..n)
        .map(|_| {
            let due: NaiveDate = (created_at + Duration::days(rng.random_range(5..45))).date_naive();
            let done_at = match c.closed_at {
                Some(closed) => Some(closed.min(created_at + Duration::days(rng.random_range(1..30))).max(created_at)),
                None if due < today && rng.random_bool(0.6) || due >= today && rng.random_bool(0.2) => {
                    Some((created_at + Duration::days(rng.random_range(1..20))).min(now))
                }
                None => None,
            };
            let assignee_id = match c.assigned.first() {
                Some(colleague) if rng.random_bool(0.3) => *colleague,
                _ => c.owner_id,
            };
            CaseTask {
                id: Uuid::now_v7(),
                case_id: c.id,
                what: TASKS.choose(rng).copied().unwrap_or("Kronologi dan dokumen").to_string(),
                assignee_id,
                due: Some(due),
                done_at,
                created_by: Some(c.owner_id),
                created_at,
            }
        })
        .collect()
}

/// Closing a restricted or high-risk case needed a supervisor: closed ones
/// were approved; some at follow-up wait for the decision.
fn approval(rng: &mut StdRng, now: DateTime<Utc>, c: &mut Case, supervisor: Option<Uuid>) -> Option<Approval> {
    if !(c.restricted || c.risk == RiskLevel::High) {
        return None;
    }
    let base = Approval {
        id: Uuid::now_v7(),
        case_id: c.id,
        kind: ApprovalKind::Closure,
        status: ApprovalStatus::Pending,
        closure_reason: None,
        outcome: None,
        requested_by: c.owner_id,
        requested_at: now,
        decided_by: None,
        decided_at: None,
        comment: None,
    };
    if let (Some(closed), Some(sup)) = (c.closed_at, supervisor) {
        return Some(Approval {
            status: ApprovalStatus::Approved,
            closure_reason: c.closure_reason,
            outcome: c.outcome.clone(),
            requested_at: (closed - Duration::days(rng.random_range(0..3))).max(c.opened_at),
            decided_by: Some(sup),
            decided_at: Some(closed),
            ..base
        });
    }
    if c.stage == CaseStage::FollowUp && rng.random_bool(0.15) {
        let requested_at = (now - Duration::hours(rng.random_range(1..240))).max(c.opened_at);
        c.pending_approval = Some(base.id);
        c.updated_at = c.updated_at.max(requested_at);
        return Some(Approval {
            closure_reason: Some(ClosureReason::NeedsMet),
            outcome: Some("Selesai".into()),
            requested_at,
            ..base
        });
    }
    None
}

/// A GBV incident: the answers decide the type; reported on the day the
/// case was opened, some time after the incident.
fn incident(rng: &mut StdRng, c: &Case) -> Incident {
    let mut answers = GbvAnswers::default();
    match rng.random_range(0..6) {
        0 => answers.penetration = true,
        1 => answers.unwanted_sexual_contact = true,
        2 => answers.physical_assault = true,
        3 => answers.forced_marriage = true,
        4 => answers.denial_of_resources = true,
        _ => answers.psychological_abuse = true,
    }
    answers.psychological_abuse |= rng.random_bool(0.5);
    let delay = weighted(rng, &[(1, 40), (4, 10), (10, 15), (20, 15), (60, 20)]);
    let first_report_date = c.opened_at.date_naive();
    let incident_date = first_report_date - Duration::days(rng.random_range(0..=delay));
    let contexts = if rng.random_bool(0.7) {
        some_of(
            rng,
            &[GbvContext::WorkplaceAbroad, GbvContext::IntimatePartnerViolence, GbvContext::SexualExploitation],
            2,
        )
    } else {
        Vec::new()
    };
    use PerpetratorRelationship::*;
    Incident {
        case_id: c.id,
        answers,
        gbv_type: answers.gbv_type(),
        contexts,
        incident_date,
        first_report_date,
        reporting_delay: reporting_delay((first_report_date - incident_date).num_days()),
        perpetrator_relationship: Some(weighted(
            rng,
            &[
                (Employer, 25),
                (EmployerHousehold, 20),
                (IntimatePartner, 20),
                (RecruiterOrAgent, 15),
                (FamilyMember, 8),
                (CoWorker, 5),
                (Stranger, 3),
                (Unknown, 4),
            ],
        )),
        reporting_consent: rng.random_bool(0.7),
        narrative: None,
        updated_at: c.first_action_at.unwrap_or(c.opened_at),
    }
}

/// The district's case-working organisations and their users so far.
async fn teams(app: &App, system: &Ctx, prefix: &str, office_code: &str) -> Result<HashMap<Holder, Team>, DemoError> {
    let mut teams = HashMap::new();
    let desk = app.act_as(system, &format!("{prefix}.desk")).await.map_err(core("desk"))?;
    let office_id = desk.actor.user().map(|u| u.organisation_id).unwrap_or_default();
    for (holder, base, role, suffix) in [
        (Holder::Union, Some("union"), "paralegal", "union"),
        (Holder::Crisis, Some("wcc"), "counsellor", "wcc"),
        (Holder::Office, None, "case_worker", "caseworker"),
    ] {
        let base = match base {
            Some(b) => match app.act_as(system, &format!("{prefix}.{b}")).await {
                Ok(ctx) => ctx.actor.user().map(|u| (u.id, u.username.clone(), u.organisation_id)),
                Err(_) => None,
            },
            None => None,
        };
        let (organisation_id, code) = match &base {
            Some((_, _, org)) => (*org, app.organisation(*org).await.map_err(core("organisation"))?.organisation.code),
            None => (office_id, office_code.to_string()),
        };
        let supervisor =
            app.act_as(system, &format!("{prefix}.{suffix}.sup")).await.ok().and_then(|c| c.actor.user_id());
        let base = base.map(|(id, username, _)| Worker { id, username });
        teams.insert(
            holder,
            Team { organisation_id, code, role, suffix, workers: base.iter().cloned().collect(), base, supervisor },
        );
    }
    Ok(teams)
}

/// Brings a team to `wanted` workers (creating `PREFIX.SUFFIX.N` users, and
/// the office's supervisor); returns how many users were created.
async fn staff(app: &App, system: &Ctx, prefix: &str, team: &mut Team, wanted: usize) -> Result<u64, DemoError> {
    let mut created = 0;
    let code = team.code.clone();
    let mut create = |username: String, role: &'static str| {
        let input = NewUser {
            username,
            display_name: None,
            organisation_code: code.clone(),
            roles: vec![role.into()],
            home_area_code: None,
            password: DEMO_PASSWORD.into(),
        };
        created += 1;
        async move { app.create_user(system, &input).await }
    };
    if team.supervisor.is_none() {
        let user = create(format!("{prefix}.{}.sup", team.suffix), "supervisor").await.map_err(core("user"))?;
        team.supervisor = Some(user.id);
    }
    let mut k = 1;
    while team.workers.len() < wanted {
        k += 1;
        let username = format!("{prefix}.{}.{}", team.suffix, k - usize::from(team.base.is_none()));
        let existing = app.act_as(system, &username).await.ok().and_then(|c| c.actor.user_id());
        let id = match existing {
            Some(id) => id,
            None => create(username.clone(), team.role).await.map_err(core("user"))?.id,
        };
        team.workers.push(Worker { id, username });
    }
    Ok(created)
}
