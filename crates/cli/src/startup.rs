//! From a configuration to a running application: open the database, apply
//! the migrations, build the state, listen.

use std::sync::Arc;

use satuatap_core::audit::seal::StoredCheckpoint;
use satuatap_core::sealing::Keyring;
use satuatap_core::{App, AuthSettings};
use satuatap_store::{connect, ConnectError, Db};
use satuatap_web::{AppState, WebSettings};
use tokio::net::TcpListener;

use crate::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("database: {0}")]
    Migrate(satuatap_core::Error),
    #[error(transparent)]
    Seal(#[from] satuatap_store::SealError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("{0}")]
    Other(String),
}

/// Opens the database named by `url`, brings its schema up to date and seals
/// its audit chain: the audit key file (created with a new key on first
/// start) keys every append, and the checkpoint file follows every commit.
pub async fn open_database(url: &str, config: &Config) -> Result<Db, StartError> {
    let files = config.audit_seal_files();
    let db = connect(url, &config.db_options()).await?;
    db.migrate().await.map_err(StartError::Migrate)?;
    // New tables (a migration's) and tables a bulk load filled get their
    // statistics before the first question plans with none.
    db.optimize().await.map_err(StartError::Migrate)?;
    let (db, opened) = db.with_audit_seal(&files, true).await?;
    settle_audit(&db).await?;
    // The reports count by the local day of the configured time zone.
    let offset = {
        use chrono::Offset as _;
        chrono::Utc::now().with_timezone(&config.time_zone()).offset().fix().local_minus_utc() / 60
    };
    if satuatap_core::repo::ReportRepository::set_report_offset(&db, offset)
        .await
        .map_err(|e| StartError::Other(format!("cannot set the reports' time zone: {e}")))?
    {
        tracing::warn!(offset_minutes = offset, "the time zone changed: the report aggregates were rebuilt");
    }
    // A database filed under older duplicate-detection keys is filed again.
    let rekeyed = app(&db)
        .rekey_people()
        .await
        .map_err(|e| StartError::Other(format!("cannot file the people under the new name keys: {e}")))?;
    if rekeyed > 0 {
        tracing::warn!(people = rekeyed, "filed every person under the new duplicate-detection keys");
    }
    if opened.created {
        tracing::warn!(
            path = %files.key_file.display(),
            legacy_until = opened.legacy_until,
            "created a new audit key file: back it up, apart from the database"
        );
    }
    if let StoredCheckpoint::Present(c) = &opened.checkpoint {
        if c.seq > opened.head {
            tracing::warn!(
                checkpoint = c.seq,
                head = opened.head,
                "the audit checkpoint names a later entry than the log's last: run `satuatap audit verify`"
            );
        }
    }
    Ok(db)
}

/// Opens the database to check its audit log: like [`open_database`], but
/// the audit key file must exist (it is never made here) and nothing is
/// logged.
pub async fn open_database_to_verify(url: &str, config: &Config) -> Result<Db, StartError> {
    let db = connect(url, &config.db_options()).await?;
    db.migrate().await.map_err(StartError::Migrate)?;
    let db = db.with_audit_seal(&config.audit_seal_files(), false).await?.0;
    settle_audit(&db).await?;
    Ok(db)
}

/// Links the audit entries a crash left pending, before anything else
/// reads or extends the chain.
async fn settle_audit(db: &Db) -> Result<(), StartError> {
    let linked = db.settle_audit().await.map_err(StartError::Migrate)?;
    if linked > 0 {
        tracing::warn!(entries = linked, "linked the audit entries a stop left pending into the chain");
    }
    Ok(())
}

/// The services over `db`, with default sign-in settings (command line).
pub fn app(db: &Db) -> App {
    App::new(Arc::new(db.clone()), AuthSettings::default())
}

/// The services over `db` with the configured sign-in settings and keys.
pub fn configured_app(db: &Db, config: &Config) -> Result<App, StartError> {
    Ok(App::new(Arc::new(db.clone()), config.auth_settings())
        .with_keyring(keyring(config)?)
        .with_time_zone(config.time_zone())
        .with_min_cell(config.report_min_cell))
}

/// The keys of confidential text: the configured key file, or `case-keys`
/// in the data directory, created with a new random key when missing.
pub fn keyring(config: &Config) -> Result<Keyring, StartError> {
    let path = match &config.key_file {
        Some(p) => p.clone(),
        None => {
            let path = config.data_dir.join("case-keys");
            if !path.exists() {
                create_key_file(&path)?;
                tracing::warn!(path = %path.display(), "created a new key file for confidential text: back it up");
            }
            path
        }
    };
    let text =
        std::fs::read_to_string(&path).map_err(|e| StartError::Other(format!("key_file {}: {e}", path.display())))?;
    Keyring::parse(&text).map_err(|e| StartError::Other(format!("key_file {}: {e}", path.display())))
}

fn create_key_file(path: &std::path::Path) -> Result<(), StartError> {
    use std::io::Write as _;
    let fail = |e: std::io::Error| StartError::Other(format!("cannot create the key file {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(fail)?;
    let id = chrono::Utc::now().format("k%Y%m%d").to_string();
    writeln!(file, "# Keys of confidential text (first line: current key). Keep outside backups of the database.")
        .and_then(|()| writeln!(file, "{}", Keyring::new_key_line(&id)))
        .map_err(fail)
}

pub fn web_state(app: App, config: &Config) -> Result<AppState, StartError> {
    let settings = WebSettings {
        secure_cookies: config.secure_cookies,
        public_url: config.public_url(),
        header_timeout: std::time::Duration::from_secs(u64::from(config.header_timeout_seconds)),
    };
    satuatap_web::state(app, settings).map_err(|e| StartError::Other(e.to_string()))
}

pub async fn listen(addr: std::net::SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr: addr.to_string(), source })
}
