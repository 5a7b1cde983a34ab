//! Taking a consistent copy of the database while it serves, and loading one
//! into an empty database (`satuatap backup` and `restore`).
//!
//! SQLite: `VACUUM INTO` a file the caller made (a read transaction: one
//! moment of the database, writers go on), the manifest read from that copy.
//! PostgreSQL: a REPEATABLE READ transaction exports its snapshot, the
//! manifest is read in it, and `pg_dump --format=custom --snapshot` (found
//! on the PATH) dumps that same snapshot while it stays open, so that the
//! manifest and the dump agree exactly. Restoring: SQLite through a
//! temporary file renamed into place, PostgreSQL through `pg_restore`; the
//! target must hold no table.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;

use satuatap_core::backup::manifest::{AuditHead, Manifest, FORMAT};
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, PgConnection, SqliteConnection};

use crate::connect::{redact, Engine};
use crate::pool::{Db, Pool};

/// Why a backup or a restore failed, in words for the operator (never a
/// row's content).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackupError(String);

impl BackupError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

fn db_err(what: &str) -> impl Fn(sqlx::Error) -> BackupError + '_ {
    move |e| BackupError(format!("{what}: {e}"))
}

/// The name of the database member in a backup of each engine.
pub fn member_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "database.sqlite",
        Engine::Postgres => "database.pgdump",
    }
}

/// The engine's name as the manifest says it.
pub fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

impl Db {
    /// Writes a consistent copy of the database to `out` (an empty file the
    /// caller made, owner-only) and returns the manifest read from that very
    /// copy or snapshot. `url` is the database's URL (for `pg_dump`).
    pub async fn backup_into(&self, url: &str, out: &Path) -> Result<Manifest, BackupError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let path = out.to_str().ok_or_else(|| BackupError::new("the backup's directory is not UTF-8"))?;
                sqlx::query("VACUUM INTO $1").bind(path).execute(p).await.map_err(db_err("VACUUM INTO"))?;
                let mut copy = SqliteConnection::connect_with(
                    &SqliteConnectOptions::new().filename(out).read_only(true).immutable(true),
                )
                .await
                .map_err(db_err("reading the copy"))?;
                let (counts, audit_head, schema_version) = describe_sqlite(&mut copy).await?;
                copy.close().await.map_err(db_err("closing the copy"))?;
                Ok(manifest(Engine::Sqlite, counts, audit_head, schema_version))
            }
            Pool::Postgres(p) => {
                let mut conn = p.acquire().await.map_err(db_err("PostgreSQL"))?;
                let mut tx = conn.begin().await.map_err(db_err("PostgreSQL"))?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err("PostgreSQL"))?;
                let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err("exporting the snapshot"))?;
                let (counts, audit_head, schema_version) = describe_postgres(&mut tx).await?;
                let (target, password) = libpq_target(url);
                let out = out.to_path_buf();
                let dumped = tokio::task::spawn_blocking(move || {
                    let mut c = Command::new("pg_dump");
                    c.arg("--format=custom")
                        .arg(format!("--snapshot={snapshot}"))
                        .arg("--file")
                        .arg(&out)
                        .arg("--dbname")
                        .arg(&target);
                    run_tool(c, password.as_deref(), None)
                })
                .await
                .map_err(|e| BackupError(format!("pg_dump: {e}")))?;
                // The snapshot stays open until pg_dump is done.
                tx.rollback().await.map_err(db_err("PostgreSQL"))?;
                dumped?;
                Ok(manifest(Engine::Postgres, counts, audit_head, schema_version))
            }
        }
    }
}

fn manifest(engine: Engine, counts: BTreeMap<String, i64>, audit_head: AuditHead, schema_version: i64) -> Manifest {
    Manifest {
        format: FORMAT,
        engine: engine_name(engine).into(),
        schema_version,
        created_at: chrono::Utc::now(),
        satuatap_version: env!("CARGO_PKG_VERSION").into(),
        counts,
        audit_head,
        database: member_name(engine).into(),
    }
}

/// A table name from the catalogue, quoted as an identifier.
fn quoted(table: &str) -> String {
    format!("\"{}\"", table.replace('"', "\"\""))
}

type Description = (BTreeMap<String, i64>, AuditHead, i64);

/// Every table's rows, the audit head and the schema version, read on one
/// connection of either engine (`$tables` lists the engine's tables).
macro_rules! describe {
    ($c:expr, $tables:expr) => {{
        let c = $c;
        let tables: Vec<String> =
            sqlx::query_scalar($tables).fetch_all(&mut *c).await.map_err(db_err("listing the tables"))?;
        let mut counts = BTreeMap::new();
        for t in tables {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quoted(&t)))
                .fetch_one(&mut *c)
                .await
                .map_err(db_err("counting rows"))?;
            counts.insert(t, n);
        }
        let (seq, hash): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *c)
            .await
            .map_err(db_err("reading the audit head"))?;
        let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *c)
            .await
            .map_err(db_err("reading the schema version"))?;
        Ok((counts, AuditHead { seq, hash }, version))
    }};
}

async fn describe_sqlite(c: &mut SqliteConnection) -> Result<Description, BackupError> {
    describe!(
        c,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    )
}

async fn describe_postgres(c: &mut PgConnection) -> Result<Description, BackupError> {
    describe!(
        c,
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    )
}

/// The URL for libpq with its password taken out (it goes in
/// `PGPASSWORD`, not in the process list).
fn libpq_target(url: &str) -> (String, Option<String>) {
    if let (Some(s), Some(at)) = (url.find("://"), url.rfind('@')) {
        if at > s {
            if let Some((user, password)) = url[s + 3..at].split_once(':') {
                let password = percent_encoding::percent_decode_str(password).decode_utf8_lossy().into_owned();
                return (format!("{}{}{}", &url[..s + 3], user, &url[at..]), Some(password));
            }
        }
    }
    (url.to_string(), None)
}

/// Runs a PostgreSQL tool, with `input` copied to its standard input; its
/// standard error becomes the message when it fails.
fn run_tool(mut c: Command, password: Option<&str>, input: Option<&mut dyn Read>) -> Result<(), BackupError> {
    let program = c.get_program().to_string_lossy().into_owned();
    if let Some(p) = password {
        c.env("PGPASSWORD", p);
    }
    c.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() }).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = c.spawn().map_err(|e| {
        BackupError(format!("cannot run {program} ({e}): install the PostgreSQL client tools (postgresql-client)"))
    })?;
    let stderr = child.stderr.take();
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = s.read_to_string(&mut text);
        }
        text
    });
    let mut copy_error = None;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        if let Err(e) = std::io::copy(input, &mut stdin) {
            copy_error = Some(e);
        }
    }
    let status = child.wait().map_err(|e| BackupError(format!("{program}: {e}")))?;
    let stderr = reading.join().unwrap_or_default();
    if !status.success() {
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return Err(BackupError(format!("{program} failed ({status}): {first}")));
    }
    if let Some(e) = copy_error {
        return Err(BackupError(format!("{program}: reading the backup: {e}")));
    }
    Ok(())
}

/// Refuses a database that holds any table (ours or another's): a restore
/// goes into a new, empty database only. A missing SQLite file is empty.
pub async fn check_empty(url: &str) -> Result<(), BackupError> {
    let target = redact(url);
    let tables: i64 = match Engine::of_url(url) {
        Some(Engine::Sqlite) => {
            let file = sqlite_file(url)?;
            if !file.exists() {
                return Ok(());
            }
            let mut c = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&file).read_only(true))
                .await
                .map_err(db_err("opening the target"))?;
            let n = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view')")
                .fetch_one(&mut c)
                .await
                .map_err(db_err("reading the target"))?;
            let _ = c.close().await;
            n
        }
        Some(Engine::Postgres) => {
            let opts = PgConnectOptions::from_str(url).map_err(db_err("the database URL"))?;
            let mut c = PgConnection::connect_with(&opts).await.map_err(db_err("opening the target"))?;
            let n = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            )
            .fetch_one(&mut c)
            .await
            .map_err(db_err("reading the target"))?;
            let _ = c.close().await;
            n
        }
        None => return Err(BackupError(format!("database URL {target:?} is not supported"))),
    };
    if tables > 0 {
        return Err(BackupError(format!(
            "refused: the database {target} is not empty ({tables} tables); restore into a new, empty database"
        )));
    }
    Ok(())
}

/// The SQLite file `url` names when it does not exist (a backup of it is
/// refused rather than an empty file made); `None` otherwise.
pub fn missing_sqlite_file(url: &str) -> Option<PathBuf> {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => sqlite_file(url).ok().filter(|f| !f.exists()),
        _ => None,
    }
}

fn sqlite_file(url: &str) -> Result<PathBuf, BackupError> {
    let opts = SqliteConnectOptions::from_str(url).map_err(db_err("the database URL"))?;
    Ok(opts.get_filename().to_path_buf())
}

/// Loads the database member of a backup (read from `source`) into the
/// empty database `url` of the same engine ([`check_empty`] first). SQLite:
/// written to an owner-only temporary file beside the target and renamed
/// into place; PostgreSQL: `pg_restore --no-owner --no-privileges
/// --exit-on-error`. Blocking: run it off the async threads.
pub fn load(url: &str, source: &mut dyn Read) -> Result<(), BackupError> {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => {
            let file = sqlite_file(url)?;
            let dir = match file.parent().filter(|d| !d.as_os_str().is_empty()) {
                Some(d) => d.to_path_buf(),
                None => PathBuf::from("."),
            };
            let io = |what: &str, e: std::io::Error| BackupError(format!("{what} {}: {e}", dir.display()));
            std::fs::create_dir_all(&dir).map_err(|e| io("cannot create", e))?;
            let mut tmp = tempfile::Builder::new()
                .prefix(".satuatap-restore-")
                .tempfile_in(&dir)
                .map_err(|e| io("cannot write in", e))?;
            std::io::copy(source, tmp.as_file_mut()).map_err(|e| io("cannot write in", e))?;
            tmp.as_file().sync_all().map_err(|e| io("cannot write in", e))?;
            // An empty target (checked) and its leftovers make way.
            for suffix in ["", "-wal", "-shm"] {
                let mut name = file.clone().into_os_string();
                name.push(suffix);
                match std::fs::remove_file(PathBuf::from(name)) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io("cannot replace the empty database in", e)),
                }
            }
            tmp.persist(&file).map_err(|e| io("cannot rename into", e.error))?;
            Ok(())
        }
        Some(Engine::Postgres) => {
            let (target, password) = libpq_target(url);
            let mut c = Command::new("pg_restore");
            c.args(["--no-owner", "--no-privileges", "--exit-on-error", "--dbname"]).arg(&target);
            run_tool(c, password.as_deref(), Some(source)).map_err(|e| {
                BackupError(format!(
                    "{e} (the database may now hold part of the backup: drop it and create it again before \
                     another try)"
                ))
            })
        }
        None => Err(BackupError(format!("database URL {:?} is not supported", redact(url)))),
    }
}

/// What a database holds now, as a manifest would say it: the counts of
/// every table, the audit head and the schema version (after a restore,
/// to compare with the backup's manifest).
pub async fn describe(url: &str) -> Result<(BTreeMap<String, i64>, AuditHead, i64), BackupError> {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => {
            let file = sqlite_file(url)?;
            let mut c = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&file).read_only(true))
                .await
                .map_err(db_err("opening the restored database"))?;
            let d = describe_sqlite(&mut c).await;
            let _ = c.close().await;
            d
        }
        Some(Engine::Postgres) => {
            let opts = PgConnectOptions::from_str(url).map_err(db_err("the database URL"))?;
            let mut c = PgConnection::connect_with(&opts).await.map_err(db_err("opening the restored database"))?;
            let d = describe_postgres(&mut c).await;
            let _ = c.close().await;
            d
        }
        None => Err(BackupError(format!("database URL {:?} is not supported", redact(url)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            libpq_target("postgres://me:s%40cret@db:5432/x?sslmode=require"),
            ("postgres://me@db:5432/x?sslmode=require".to_string(), Some("s@cret".to_string()))
        );
        assert_eq!(libpq_target("postgres://me@db/x"), ("postgres://me@db/x".to_string(), None));
    }

    #[test]
    fn names_are_quoted_as_identifiers() {
        assert_eq!(quoted("people"), "\"people\"");
        assert_eq!(quoted("a\"b"), "\"a\"\"b\"");
    }
}
