//! The bare engine's side of the write benchmark (`bench/writes-load.sh`):
//! the transaction a registration is compared with, written with the same
//! driver and nothing else — one person row (with the people table's main
//! indexes) and one hash-chained audit row (the head row read and advanced,
//! the entry hashed as the log hashes it) — run by CLIENTS concurrent
//! clients for SECONDS against a fresh database. On SQLite the clients
//! share one connection (the file has one writer; sixteen connections
//! would fight for its lock), with the server's settings (WAL,
//! `synchronous` as given); on PostgreSQL each has its own.
//!
//!   cargo bench -p satuatap-store --bench bare_writes -- URL [SECONDS] [CLIENTS] [SYNCHRONOUS]
//!
//! Prints one line of JSON: transactions, per second, p50 and p95 in ms.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use satuatap_core::audit::chain::{chain_hash, AuditRecord};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Executor;
use uuid::Uuid;

type Failure = Box<dyn std::error::Error + Send + Sync>;

const SCHEMA: [&str; 7] = [
    "CREATE TABLE bare_people (id BLOB PRIMARY KEY, full_name TEXT NOT NULL, sex TEXT NOT NULL, \
     birth_date TEXT, village_code TEXT, district_code TEXT NOT NULL, registered_by_organisation BLOB NOT NULL, \
     created_at TEXT NOT NULL)",
    "CREATE INDEX bare_people_district ON bare_people (district_code, full_name)",
    "CREATE INDEX bare_people_village ON bare_people (village_code)",
    "CREATE INDEX bare_people_organisation ON bare_people (registered_by_organisation)",
    "CREATE TABLE bare_audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
    "INSERT INTO bare_audit_head (id, seq, hash) VALUES (1, 0, '')",
    "CREATE TABLE bare_audit_log (seq BIGINT PRIMARY KEY, at_micros BIGINT NOT NULL, actor_name TEXT NOT NULL, \
     action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, details TEXT NOT NULL, op_id TEXT NOT NULL, \
     prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
];

macro_rules! transaction {
    ($pool:expr, $n:expr) => {
        async {
            let id = Uuid::now_v7();
            let record = AuditRecord {
                at: Utc::now(),
                actor_id: None,
                actor_name: "bench".into(),
                action: "create".into(),
                entity: "person".into(),
                entity_id: Some(id.to_string()),
                details: serde_json::json!({"fields": ["full_name", "sex", "birth_date", "village_code"]}),
                op_id: format!("bench-{}", $n),
            };
            let mut tx = $pool.begin().await?;
            sqlx::query(
                "INSERT INTO bare_people (id, full_name, sex, birth_date, village_code, district_code, \
                 registered_by_organisation, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(format!("Siti Bench {}", $n))
            .bind("female")
            .bind("1990-01-01")
            .bind("32.09.30.2001")
            .bind("32.09")
            .bind(Uuid::nil())
            .bind(record.at.to_rfc3339())
            .execute(&mut *tx)
            .await?;
            let (seq, prev): (i64, String) =
                sqlx::query_as("UPDATE bare_audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                    .fetch_one(&mut *tx)
                    .await?;
            let hash = chain_hash(seq, &record, &prev);
            sqlx::query(
                "INSERT INTO bare_audit_log (seq, at_micros, actor_name, action, entity, entity_id, details, op_id, \
                 prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(seq)
            .bind(record.at.timestamp_micros())
            .bind(&record.actor_name)
            .bind(&record.action)
            .bind(&record.entity)
            .bind(&record.entity_id)
            .bind(record.details.to_string())
            .bind(&record.op_id)
            .bind(&prev)
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE bare_audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<(), sqlx::Error>(())
        }
    };
}

/// Runs `clients` loops of the transaction for `seconds`; the latency of each.
async fn run<F, Fut>(seconds: u64, clients: usize, one: F) -> Result<Vec<Duration>, Failure>
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>> + Send,
{
    let one = Arc::new(one);
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let one = one.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut n = c as u64 * 1_000_000_000;
            while Instant::now() < until {
                n += 1;
                let started = Instant::now();
                one(n).await?;
                times.push(started.elapsed());
            }
            Ok::<_, sqlx::Error>(times)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    // `cargo bench` passes --bench first.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let url = args.first().ok_or("usage: bare_writes URL [SECONDS] [CLIENTS] [SYNCHRONOUS]")?.clone();
    let seconds: u64 = args.get(1).map_or(Ok(20), |s| s.parse())?;
    let clients: usize = args.get(2).map_or(Ok(16), |s| s.parse())?;
    let synchronous = args.get(3).cloned().unwrap_or_else(|| "full".into());
    let times = if url.starts_with("sqlite:") {
        let opts = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::from_str(&synchronous)?)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await?;
        for statement in SCHEMA {
            pool.execute(statement).await?;
        }
        run(seconds, clients, move |n| {
            let pool = pool.clone();
            async move { transaction!(pool, n).await }
        })
        .await?
    } else {
        let pool = PgPoolOptions::new().max_connections(clients as u32).connect(&url).await?;
        for statement in SCHEMA {
            pool.execute(statement.replace("BLOB", "UUID").as_str()).await?;
        }
        run(seconds, clients, move |n| {
            let pool = pool.clone();
            async move { transaction!(pool, n).await }
        })
        .await?
    };
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms.get(((ms.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(0.0);
    println!(
        "{}",
        serde_json::json!({
            "transactions": ms.len(),
            "per_second": ms.len() as f64 / seconds as f64,
            "p50_ms": at(0.5),
            "p95_ms": at(0.95),
            "clients": clients,
        })
    );
    Ok(())
}
