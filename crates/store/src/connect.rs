//! Opening the database named by a URL, with one clear message when it
//! cannot be opened.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::driver::ANALYSIS_LIMIT;
use crate::pool::{Db, Pool};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a database URL names, from its scheme.
    pub fn of_url(url: &str) -> Option<Engine> {
        let scheme = url.split_once(':').map(|(s, _)| s)?;
        match scheme {
            "sqlite" => Some(Engine::Sqlite),
            "postgres" | "postgresql" => Some(Engine::Postgres),
            _ => None,
        }
    }
}

/// When SQLite makes a commit durable (`PRAGMA synchronous` in WAL mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSync {
    /// Every commit is on disk before it is acknowledged: nothing
    /// acknowledged is lost to a power cut or an operating-system crash.
    #[default]
    Full,
    /// Commits are on disk at the next checkpoint: a process crash loses
    /// nothing, a power cut may lose the last commits. Faster.
    Normal,
}

#[derive(Debug, Clone)]
pub struct DbOptions {
    pub max_connections: u32,
    pub connect_timeout: Duration,
    pub sqlite_busy_timeout: Duration,
    pub sqlite_synchronous: SqliteSync,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            connect_timeout: Duration::from_secs(5),
            sqlite_busy_timeout: Duration::from_secs(5),
            sqlite_synchronous: SqliteSync::Full,
        }
    }
}

/// Why the database could not be opened. The message names the database
/// without its password.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("database URL {0:?} is not supported: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedScheme(String),
    #[error("database URL is malformed: {0}")]
    Malformed(String),
    #[error("cannot create the data directory {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error("cannot open the database {target}: {reason}")]
    Unreachable { target: String, reason: String },
}

pub async fn connect(url: &str, options: &DbOptions) -> Result<Db, ConnectError> {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => connect_sqlite(url, options).await,
        Some(Engine::Postgres) => connect_postgres(url, options).await,
        None => Err(ConnectError::UnsupportedScheme(redact(url))),
    }
}

async fn connect_sqlite(url: &str, options: &DbOptions) -> Result<Db, ConnectError> {
    let opts = SqliteConnectOptions::from_str(url)
        .map_err(|e| ConnectError::Malformed(e.to_string()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(match options.sqlite_synchronous {
            SqliteSync::Full => SqliteSynchronous::Full,
            SqliteSync::Normal => SqliteSynchronous::Normal,
        })
        .foreign_keys(true)
        .busy_timeout(options.sqlite_busy_timeout)
        .pragma("temp_store", "memory")
        // The write-ahead log cut back to 64 MiB whenever it restarts (a
        // big transaction would otherwise leave a file that size behind).
        .pragma("journal_size_limit", "67108864")
        // `PRAGMA optimize` as a connection closes (when the pool closes:
        // see below), with a bounded ANALYZE: unbounded, it read whole
        // tables of millions of rows holding the write lock for minutes
        // (writers then failed with "database is locked").
        .optimize_on_close(true, Some(ANALYSIS_LIMIT));
    let file = opts.get_filename().to_path_buf();
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::create_dir_all(dir)
                .map_err(|source| ConnectError::Directory { path: dir.display().to_string(), source })?;
        }
    }
    let pool_options = |connections: u32| {
        SqlitePoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(options.connect_timeout)
            // A connection to a file is kept for the life of the process:
            // recycled (after 30 minutes, or 10 idle), each one closing ran its
            // `PRAGMA optimize` at a moment of its own, taking the write lock
            // while another connection wrote (after a bulk load of ten million
            // events, the command's last write failed with "database is
            // locked"). The statistics are kept by [`Db::optimize`] instead.
            .max_lifetime(None)
            .idle_timeout(None)
    };
    let unreachable = |e: sqlx::Error| ConnectError::Unreachable {
        target: format!("SQLite file {}", display_path(&file)),
        reason: e.to_string(),
    };
    let pool = pool_options(options.max_connections.max(1)).connect_with(opts.clone()).await.map_err(unreachable)?;
    // The one connection write transactions run on (see `Db::writer`);
    // reads keep the pool.
    let writer = pool_options(1).connect_with(opts).await.map_err(unreachable)?;
    Ok(Db::with_writer(Pool::Sqlite(pool), Pool::Sqlite(writer)))
}

async fn connect_postgres(url: &str, options: &DbOptions) -> Result<Db, ConnectError> {
    let opts = PgConnectOptions::from_str(url).map_err(|e| ConnectError::Malformed(e.to_string()))?;
    let target =
        format!("PostgreSQL {}:{}/{}", opts.get_host(), opts.get_port(), opts.get_database().unwrap_or("(default)"));
    let pool = PgPoolOptions::new()
        .max_connections(options.max_connections.max(1))
        .acquire_timeout(options.connect_timeout)
        .connect_with(opts)
        .await
        .map_err(|e| ConnectError::Unreachable { target, reason: e.to_string() })?;
    Ok(Db::new(Pool::Postgres(pool)))
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}

/// The URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_from_scheme() {
        assert_eq!(Engine::of_url("sqlite://data/x.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgresql://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("mysql://u@h/db"), None);
        assert_eq!(Engine::of_url("nonsense"), None);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://me:secret@host/db"), "postgres://me:***@host/db");
        assert_eq!(redact("postgres://me@host/db"), "postgres://me@host/db");
    }

    /// `synchronous` on every connection, readers and the writer: FULL (2)
    /// unless told NORMAL (1).
    #[tokio::test]
    async fn commits_are_durable_unless_told_otherwise() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        for (sync, expected) in [(SqliteSync::Full, 2i64), (SqliteSync::Normal, 1)] {
            let url = format!("sqlite://{}", dir.path().join(format!("{sync:?}.db")).display());
            let options = DbOptions { sqlite_synchronous: sync, ..Default::default() };
            let db = connect(&url, &options).await?;
            for pool in [&db.pool, &db.writer] {
                let Pool::Sqlite(p) = pool else { return Err("not sqlite".into()) };
                let value: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(p).await?;
                assert_eq!(value, expected, "{sync:?}");
            }
            db.close().await;
        }
        assert_eq!(DbOptions::default().sqlite_synchronous, SqliteSync::Full);
        Ok(())
    }
}
