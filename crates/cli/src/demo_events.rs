//! Synthetic service events in bulk (`satuatap demo --events N`), for the
//! reports benchmark: N visits of the registry's people at an office of
//! their district over the last two years, by the channels' usual mix, two
//! in five served at a partner's desk (a second event: the desk service).
//! Written straight to the tables with the aggregate triggers paused (the
//! services, one audited write each, would take days for ten million), then
//! the aggregates are rebuilt from the source rows once; one
//! audit entry records the counts.

use chrono::{Duration, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use satuatap_core::access::Ctx;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::repo::{AuditRepository as _, ReportRepository as _};
use satuatap_store::reports::generate::SyntheticVisit;
use satuatap_store::Db;
use uuid::Uuid;

use crate::demo_common::DemoError;

/// Visits per transaction.
const BATCH: usize = 20_000;

/// Channels and their weights (walk-ins first, as at the offices).
const CHANNELS: &[(&str, u32)] =
    &[("walk_in", 60), ("whatsapp", 15), ("hotline_phone", 10), ("online", 5), ("outreach", 5), ("village_centre", 5)];

fn core(what: &'static str) -> impl Fn(satuatap_core::Error) -> DemoError {
    move |e| DemoError::People(format!("demo events, {what}: {e}"))
}

/// What was written: visits and desk services (events both), and the aggregate rows after.
#[derive(Debug, Default)]
pub struct EventSummary {
    pub visits: u64,
    pub desk_services: u64,
    pub aggregate_rows: [u64; satuatap_core::reports::repo::AGGREGATE_TABLES],
}

/// Adds about `n` events (visits and their desk services).
pub async fn add(db: &Db, n: u64, seed: u64) -> Result<EventSummary, DemoError> {
    let sources = db.event_sources().await.map_err(core("people"))?;
    if sources.people.is_empty() || sources.offices.is_empty() {
        return Err(DemoError::People("demo events need people and offices: run demo --people first".into()));
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5e_7e_47);
    let total_weight: u32 = CHANNELS.iter().map(|(_, w)| w).sum();
    let now = Utc::now();
    // The offices of each district (any office for a district without one).
    let mut local: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, (_, d, _)) in sources.offices.iter().enumerate() {
        local.entry(d.as_str()).or_default().push(i);
    }
    let all: Vec<usize> = (0..sources.offices.len()).collect();
    let bar = ProgressBar::new(n);
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("events");
    db.pause_report_triggers(true).await.map_err(core("pause"))?;
    let written = async {
        let mut summary = EventSummary::default();
        let mut events = 0u64;
        let mut batch = Vec::with_capacity(BATCH);
        while events < n {
            let (person, district) = &sources.people[rng.random_range(0..sources.people.len())];
            let here = local.get(district.as_str()).unwrap_or(&all);
            let Some((office, _, desks)) = here.choose(&mut rng).and_then(|i| sources.offices.get(*i)) else {
                continue;
            };
            let mut pick = rng.random_range(0..total_weight);
            let channel = CHANNELS
                .iter()
                .find(|(_, w)| {
                    let hit = pick < *w;
                    pick = pick.saturating_sub(*w);
                    hit
                })
                .map_or("walk_in", |(c, _)| *c);
            // Office hours in Western Indonesia (08:00–16:00, UTC+7) on a day of the last two years.
            let at = now - Duration::days(rng.random_range(0..730)) - Duration::hours(24)
                + Duration::minutes(rng.random_range(60..540));
            let desk = if rng.random_bool(0.4) { desks.choose(&mut rng).copied() } else { None };
            events += 1 + u64::from(desk.is_some());
            summary.visits += 1;
            summary.desk_services += u64::from(desk.is_some());
            batch.push(SyntheticVisit {
                id: Uuid::now_v7(),
                person_id: *person,
                office_id: *office,
                channel,
                at,
                desk,
            });
            if batch.len() == BATCH {
                db.insert_visits(&batch).await.map_err(core("visits"))?;
                bar.set_position(events.min(n));
                batch.clear();
            }
        }
        db.insert_visits(&batch).await.map_err(core("visits"))?;
        Ok::<_, DemoError>(summary)
    }
    .await;
    // Resume the triggers whatever happened, then bring the aggregates up to date.
    db.pause_report_triggers(false).await.map_err(core("resume"))?;
    bar.finish_and_clear();
    let mut summary = written?;
    let rebuilt = db.check_aggregates(true).await.map_err(core("rebuild"))?;
    summary.aggregate_rows = rebuilt.rows;
    let audit = AuditRecord::new(
        &Ctx::system(),
        AuditAction::Import,
        AuditEntity::Visit,
        None,
        serde_json::json!({ "synthetic_visits": summary.visits, "desk_services": summary.desk_services }),
    );
    db.append_audit(&audit).await.map_err(core("audit"))?;
    Ok(summary)
}
