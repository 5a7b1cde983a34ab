//! What sealing costs per audit append on SQLite: `cargo test -p satuatap
//! --test it audit::seal::cost -- --ignored --nocapture` (N=2000 appends, one
//! after another and from 8 tasks at once).

use std::sync::Arc;
use std::time::Instant;

use satuatap::startup;
use satuatap_core::{App, AuthSettings};
use satuatap_store::Engine;

use super::append;
use crate::helpers::{config_for, fresh_database};

/// Microseconds per append, `tasks` appending at once.
async fn per_append(app: &App, n: i64, tasks: i64) -> f64 {
    let started = Instant::now();
    let runs: Vec<_> = (0..tasks)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { append(&app, n / tasks).await })
        })
        .collect();
    for r in runs {
        r.await.unwrap();
    }
    started.elapsed().as_secs_f64() * 1e6 / n as f64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn cost_of_sealing_an_append() {
    let n: i64 = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    for tasks in [1, 8] {
        for round in 0..3 {
            let (url, _keep) = fresh_database(Engine::Sqlite).await;
            let bare = satuatap_store::connect(&url, &Default::default()).await.unwrap();
            bare.migrate().await.unwrap();
            let plain = per_append(&App::new(Arc::new(bare), AuthSettings::default()), n, tasks).await;
            let (url, _keep) = fresh_database(Engine::Sqlite).await;
            let db = startup::open_database(&url, &config_for(&url)).await.unwrap();
            let sealed = per_append(&startup::app(&db), n, tasks).await;
            println!(
                "{n} appends, {tasks} at once, round {round}: plain SHA-256 without checkpoint {plain:.0} µs each; \
                 keyed with checkpoint {sealed:.0} µs each"
            );
        }
    }
}
