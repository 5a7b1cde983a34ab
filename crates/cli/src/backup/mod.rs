//! `satuatap backup` and `restore`, the key pair they use, and the scheduled
//! backups of `serve`.
//!
//! A backup is one age-encrypted stream (to an x25519 recipient, `age1…`)
//! holding a tar: `manifest.json` first, then the database (an SQLite copy
//! or a `pg_dump` custom-format archive). The only plaintext ever written is
//! the database copy, to an owner-only temporary file beside the backup,
//! removed whatever happens.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use age::secrecy::ExposeSecret as _;
use satuatap_core::access::Ctx;
use satuatap_core::backup::manifest::{Manifest, FORMAT, MANIFEST_NAME};
use satuatap_core::backup::retention;
use satuatap_core::Verification;
use satuatap_store::backup::{self as store_backup, BackupError};
use satuatap_store::{Db, Engine};

use crate::command_error::CommandError;
use crate::config::Config;
use crate::startup;

pub mod recipient;

pub use recipient::parse_recipient;

/// The largest manifest read (a few kilobytes in practice).
const MANIFEST_LIMIT: u64 = 1 << 20;

fn refused(message: impl Into<String>) -> CommandError {
    CommandError::Refused(message.into())
}

/// Reads an identity file (as `satuatap backup keygen` or `age-keygen` write it).
pub fn read_identity(path: &Path) -> Result<age::x25519::Identity, CommandError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| refused(format!("cannot read the identity file {}: {e}", path.display())))?;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    line.and_then(|l| l.parse::<age::x25519::Identity>().ok())
        .ok_or_else(|| refused(format!("{} holds no age identity (a line AGE-SECRET-KEY-1…)", path.display())))
}

/// `satuatap backup keygen --out FILE`: a new key pair; the identity
/// (secret) written owner-only to `out`, which must not exist; returns the
/// recipient (public) to configure as `backup_recipient`.
pub fn keygen(out: &Path) -> Result<String, CommandError> {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let fail = |e: std::io::Error| refused(format!("cannot write {}: {e}", out.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(out).map_err(fail)?;
    let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    write!(
        file,
        "# Satu Atap backup identity: it opens every backup made to its recipient. Keep it apart from the backups.\n\
         # created: {created}\n# public key: {recipient}\n{}\n",
        identity.to_string().expose_secret()
    )
    .and_then(|()| file.sync_all())
    .map_err(fail)?;
    Ok(recipient)
}

/// `satuatap backup FILE`: a consistent backup of the configured database,
/// encrypted to `recipient` (else the configured `backup_recipient`).
pub async fn backup(config: &Config, file: &Path, recipient: Option<&str>) -> Result<Manifest, CommandError> {
    let recipient = match recipient.or(config.backup_recipient.as_deref()) {
        Some(r) => parse_recipient(r).map_err(CommandError::Refused)?,
        None => {
            return Err(refused(
                "no recipient: give --recipient age1… or set backup_recipient (make a key pair with \
                 `satuatap backup keygen --out FILE`)",
            ))
        }
    };
    if file.exists() {
        return Err(refused(format!("{} exists: a backup never overwrites a file", file.display())));
    }
    let url = config.database_url();
    if let Some(missing) = store_backup::missing_sqlite_file(&url) {
        return Err(refused(format!("no database at {}: nothing to back up", missing.display())));
    }
    let db = satuatap_store::connect(&url, &config.db_options()).await.map_err(startup::StartError::from)?;
    let result = take(&db, &url, file, recipient).await;
    db.close().await;
    Ok(result?)
}

/// Takes a backup of `db` into `file` (which must not exist), encrypted to
/// `recipient`. The database copy goes to an owner-only temporary file in
/// `file`'s directory, removed when done; `file` appears whole or not at all.
pub async fn take(db: &Db, url: &str, file: &Path, recipient: age::x25519::Recipient) -> Result<Manifest, BackupError> {
    let dir = match file.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let in_dir = |e: std::io::Error| BackupError::new(format!("cannot write in {}: {e}", dir.display()));
    let copy = tempfile::Builder::new().prefix(".satuatap-copy-").tempfile_in(&dir).map_err(in_dir)?;
    let manifest = db.backup_into(url, copy.path()).await?;
    let file = file.to_path_buf();
    let written = manifest.clone();
    tokio::task::spawn_blocking(move || write_archive(&dir, &file, &written, copy.path(), recipient))
        .await
        .map_err(|e| BackupError::new(format!("writing the backup: {e}")))??;
    Ok(manifest)
}

/// Writes the encrypted tar (manifest, then the copy) to a temporary file in
/// `dir` and renames it to `file`.
fn write_archive(
    dir: &Path,
    file: &Path,
    manifest: &Manifest,
    copy: &Path,
    recipient: age::x25519::Recipient,
) -> Result<(), BackupError> {
    let io = |e: std::io::Error| BackupError::new(format!("cannot write {}: {e}", file.display()));
    let out = tempfile::Builder::new().prefix(".satuatap-backup-").tempfile_in(dir).map_err(io)?;
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .map_err(|e| BackupError::new(format!("cannot encrypt: {e}")))?;
    let writer = encryptor.wrap_output(BufWriter::new(out.as_file())).map_err(io)?;
    let mut tar = tar::Builder::new(writer);
    let json = serde_json::to_vec_pretty(manifest).map_err(|e| BackupError::new(format!("manifest: {e}")))?;
    let mtime = u64::try_from(manifest.created_at.timestamp()).unwrap_or(0);
    let mut header = member_header(json.len() as u64, mtime);
    tar.append_data(&mut header, MANIFEST_NAME, json.as_slice()).map_err(io)?;
    let mut source = std::fs::File::open(copy).map_err(io)?;
    let size = source.metadata().map_err(io)?.len();
    let mut header = member_header(size, mtime);
    tar.append_data(&mut header, &manifest.database, &mut source).map_err(io)?;
    let writer = tar.into_inner().map_err(io)?;
    let mut buffered = writer.finish().map_err(io)?;
    buffered.flush().map_err(io)?;
    drop(buffered);
    out.as_file().sync_all().map_err(io)?;
    out.persist_noclobber(file).map_err(|e| io(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn member_header(size: u64, mtime: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(mtime);
    header.set_cksum();
    header
}

/// Opens `file` with `identity`: the tar inside it.
fn open_archive(file: &Path, identity: &age::x25519::Identity) -> Result<tar::Archive<impl Read>, CommandError> {
    let f = std::fs::File::open(file).map_err(|e| refused(format!("cannot read {}: {e}", file.display())))?;
    let decryptor = age::Decryptor::new_buffered(BufReader::new(f)).map_err(|e| {
        refused(format!("{} is not a Satu Atap backup (not an age-encrypted file): {e}", file.display()))
    })?;
    let reader = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => refused(format!(
            "{} was not encrypted to this identity: wrong identity file (the backup's recipient does not match)",
            file.display()
        )),
        e => refused(format!("cannot decrypt {}: {e}", file.display())),
    })?;
    Ok(tar::Archive::new(reader))
}

/// The manifest, first member of the archive.
fn read_manifest<R: Read>(entries: &mut tar::Entries<'_, R>, file: &Path) -> Result<Manifest, CommandError> {
    let bad = |why: String| refused(format!("{} is not a Satu Atap backup: {why}", file.display()));
    let mut first = entries.next().ok_or_else(|| bad("empty".into()))?.map_err(|e| bad(e.to_string()))?;
    let name = first.path().map_err(|e| bad(e.to_string()))?.to_string_lossy().into_owned();
    if name != MANIFEST_NAME {
        return Err(bad(format!("its first member is {name:?}, not {MANIFEST_NAME}")));
    }
    let mut text = String::new();
    (&mut first).take(MANIFEST_LIMIT).read_to_string(&mut text).map_err(|e| bad(e.to_string()))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| bad(format!("manifest: {e}")))?;
    if manifest.format != FORMAT {
        return Err(bad(format!("format {} (this version reads format {FORMAT})", manifest.format)));
    }
    Ok(manifest)
}

/// What a restore did.
pub struct Restored {
    pub manifest: Manifest,
    /// Entries of the audit log, verified.
    pub audit_entries: i64,
}

/// `satuatap restore FILE --identity IDENTITY`: loads a backup into the
/// configured database, which must be empty and of the backup's engine;
/// then checks every table's count and the audit head against the manifest,
/// makes the restored head the audit checkpoint and verifies the chain with
/// the configured audit key.
pub async fn restore(config: &Config, file: &Path, identity_file: &Path) -> Result<Restored, CommandError> {
    let identity = read_identity(identity_file)?;
    let url = config.database_url();
    // First pass: the manifest only (a wrong key or file fails here).
    let manifest = {
        let (file, identity) = (file.to_path_buf(), identity.clone());
        tokio::task::spawn_blocking(move || -> Result<Manifest, CommandError> {
            let mut archive = open_archive(&file, &identity)?;
            let mut entries = archive.entries().map_err(|e| refused(e.to_string()))?;
            read_manifest(&mut entries, &file)
        })
        .await
        .map_err(|e| refused(e.to_string()))??
    };
    let engine = Engine::of_url(&url).map(store_backup::engine_name).unwrap_or("unknown");
    if manifest.engine != engine {
        return Err(refused(format!(
            "this is a backup of a {} database; restore it into a {} database (the configured one is {engine})",
            manifest.engine, manifest.engine
        )));
    }
    let key_file = config.audit_seal_files().key_file;
    if !key_file.is_file() {
        return Err(refused(format!(
            "the audit key file {} does not exist: put the audit key kept with the backups there first \
             (without it the restored audit log cannot be verified)",
            key_file.display()
        )));
    }
    store_backup::check_empty(&url).await?;
    // Second pass: the database member into the target.
    {
        let (file, url, member) = (file.to_path_buf(), url.clone(), manifest.database.clone());
        tokio::task::spawn_blocking(move || -> Result<(), CommandError> {
            let mut archive = open_archive(&file, &identity)?;
            let mut entries = archive.entries().map_err(|e| refused(e.to_string()))?;
            read_manifest(&mut entries, &file)?;
            let bad = |why: String| refused(format!("{} is damaged: {why}", file.display()));
            let mut entry =
                entries.next().ok_or_else(|| bad("no database in it".into()))?.map_err(|e| bad(e.to_string()))?;
            let name = entry.path().map_err(|e| bad(e.to_string()))?.to_string_lossy().into_owned();
            if name != member {
                return Err(bad(format!("its second member is {name:?}, not {member}")));
            }
            Ok(store_backup::load(&url, &mut entry)?)
        })
        .await
        .map_err(|e| refused(e.to_string()))??;
    }
    let (counts, head, _) = store_backup::describe(&url).await?;
    let differences = manifest.differences(&counts);
    if !differences.is_empty() {
        let lines: Vec<String> = differences.iter().map(ToString::to_string).collect();
        return Err(refused(format!(
            "the restored database does not match the backup's manifest:\n{}",
            lines.join("\n")
        )));
    }
    if head != manifest.audit_head {
        return Err(refused(format!(
            "the restored audit head ({}) is not the backup's ({})",
            head.seq, manifest.audit_head.seq
        )));
    }
    // The restored log's head becomes the checkpoint; the chain must verify
    // with the audit key.
    let db = startup::open_database_to_verify(&url, config).await?;
    let result = async {
        db.reset_audit_checkpoint().await.map_err(startup::StartError::from)?;
        startup::app(&db).verify_audit_against(&Ctx::system(), None).await.map_err(|e| refused(e.to_string()))
    }
    .await;
    db.close().await;
    match result? {
        Verification::Intact { entries } => Ok(Restored { manifest, audit_entries: entries }),
        Verification::Broken(b) => Err(refused(format!(
            "restored, but the audit log does not verify with the audit key {}: {b}",
            key_file.display()
        ))),
    }
}

/// The scheduled backups of `serve`.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub dir: PathBuf,
    pub recipient: age::x25519::Recipient,
    pub every: Duration,
    /// How many to keep (the newest).
    pub keep: usize,
}

impl Schedule {
    /// The configured schedule: `None` unless both `backup_dir` and
    /// `backup_recipient` are set.
    pub fn of(config: &Config) -> Result<Option<Schedule>, CommandError> {
        let (Some(dir), Some(recipient)) = (&config.backup_dir, &config.backup_recipient) else {
            return Ok(None);
        };
        Ok(Some(Schedule {
            dir: dir.clone(),
            recipient: parse_recipient(recipient).map_err(CommandError::Refused)?,
            every: Duration::from_secs(u64::from(config.backup_every_hours) * 3600),
            keep: usize::try_from(config.backup_keep).unwrap_or(usize::MAX),
        }))
    }
}

/// After a failed backup, the next try comes this soon (or after `every`,
/// when shorter).
const RETRY_AFTER: Duration = Duration::from_secs(15 * 60);

/// Takes a backup into `schedule.dir` whenever the newest there is `every`
/// old (at once when there is none: an office PC switched off at night still
/// gets its backups), then deletes all but the newest `keep`. Failures are
/// logged (without personal data) and retried; the server goes on.
pub fn spawn_scheduled(db: Db, url: String, schedule: Schedule) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tracing::info!(
            dir = %schedule.dir.display(),
            every_seconds = schedule.every.as_secs(),
            keep = schedule.keep,
            "scheduled backups on"
        );
        loop {
            let every = chrono::Duration::from_std(schedule.every).unwrap_or(chrono::Duration::MAX);
            let now = chrono::Utc::now();
            let due = retention::next_due(&backup_names(&schedule.dir), every, now);
            if let Ok(wait) = (due - now).to_std() {
                tokio::time::sleep(wait).await;
            }
            if let Err(e) = scheduled_once(&db, &url, &schedule).await {
                tracing::error!(error = %e, "scheduled backup failed");
                tokio::time::sleep(schedule.every.min(RETRY_AFTER)).await;
            }
        }
    })
}

/// One scheduled backup and the deletion of the surplus: the new file's name.
pub async fn scheduled_once(db: &Db, url: &str, schedule: &Schedule) -> Result<String, BackupError> {
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&schedule.dir)
        .map_err(|e| BackupError::new(format!("cannot create {}: {e}", schedule.dir.display())))?;
    let name = retention::file_name(chrono::Utc::now());
    let manifest = take(db, url, &schedule.dir.join(&name), schedule.recipient.clone()).await?;
    tracing::info!(
        file = %name,
        tables = manifest.counts.len(),
        rows = manifest.total_rows(),
        audit_seq = manifest.audit_head.seq,
        seconds = started.elapsed().as_secs_f64(),
        "backup written"
    );
    for old in retention::to_delete(&backup_names(&schedule.dir), schedule.keep) {
        match std::fs::remove_file(schedule.dir.join(&old)) {
            Ok(()) => tracing::info!(file = %old, "old backup deleted"),
            Err(e) => tracing::warn!(file = %old, error = %e, "an old backup could not be deleted"),
        }
    }
    Ok(name)
}

/// The names of the files in `dir` (none when it cannot be read).
fn backup_names(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect(),
        Err(_) => Vec::new(),
    }
}
