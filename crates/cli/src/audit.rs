//! `satuatap audit verify|checkpoint`, and the audit checkpoint in the log
//! stream of `serve`: an anchor of the audit log kept outside the machine,
//! by whatever collects the logs.

use std::time::Duration;

use satuatap_core::access::Ctx;
use satuatap_core::audit::seal::{Anchor, Checkpoint};
use satuatap_core::Verification;
use satuatap_store::Db;
use tokio::sync::Mutex;

use crate::command_error::CommandError;
use crate::config::Config;
use crate::startup;

/// Walks the chain and checks its head against the checkpoint (and `anchor`).
pub async fn verify(config: &Config, anchor: Option<&Anchor>) -> Result<(), CommandError> {
    let db = startup::open_database_to_verify(&config.database_url(), config).await?;
    let result = startup::app(&db).verify_audit_against(&Ctx::system(), anchor).await;
    db.close().await;
    match result.map_err(|e| CommandError::Refused(e.to_string()))? {
        Verification::Intact { entries } => {
            println!("audit log intact: {entries} entries");
            Ok(())
        }
        Verification::Broken(b) => Err(CommandError::Refused(format!("audit log broken: {b}"))),
    }
}

/// Prints the signed checkpoint (`SEQ:HASH:MAC`); with `reset`, first makes
/// the log's current last entry the checkpoint.
pub async fn checkpoint(config: &Config, reset: bool) -> Result<(), CommandError> {
    let files = config.audit_seal_files();
    let c = if reset {
        let db = startup::open_database_to_verify(&config.database_url(), config).await?;
        let result = db.reset_audit_checkpoint().await;
        db.close().await;
        let c = result.map_err(startup::StartError::from)?;
        tracing::warn!(target: "audit_checkpoint", seq = c.seq, hash = %c.hash, mac = %c.mac, "audit checkpoint reset");
        c
    } else {
        satuatap_store::signed_checkpoint(&files).map_err(startup::StartError::from)?
    };
    println!("{c}");
    Ok(())
}

/// What `serve` last wrote to the log stream.
#[derive(PartialEq)]
enum Logged {
    Nothing,
    Checkpoint(i64, String),
    Problem(String),
}

/// Writes the checkpoint to the log stream (target `audit_checkpoint`) when
/// it changed since the last time.
pub struct AnchorLog {
    db: Db,
    last: Mutex<Logged>,
}

impl AnchorLog {
    pub fn new(db: Db) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self { db, last: Mutex::new(Logged::Nothing) })
    }

    /// Logs every `every` from now on, when the checkpoint changed.
    pub fn spawn(self: &std::sync::Arc<Self>, every: Duration) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                this.log_if_changed().await;
            }
        })
    }

    pub async fn log_if_changed(&self) {
        let mut last = self.last.lock().await;
        let read = self.db.audit_checkpoint();
        let now = match &read {
            Ok(Some(c)) => Logged::Checkpoint(c.seq, c.hash.clone()),
            Ok(None) => return,
            Err(reason) => Logged::Problem(reason.clone()),
        };
        if now == *last {
            return;
        }
        match read {
            Ok(Some(Checkpoint { seq, hash, mac })) => {
                tracing::info!(target: "audit_checkpoint", seq, hash = %hash, mac = %mac, "audit checkpoint");
            }
            Err(reason) => {
                tracing::warn!(target: "audit_checkpoint", %reason, "no valid audit checkpoint: run `satuatap audit verify`");
            }
            Ok(None) => {}
        }
        *last = now;
    }
}
