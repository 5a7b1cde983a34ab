//! The files of the audit seal, outside the database: the audit key file
//! (read, or made with a new key on first start) and the checkpoint file,
//! the signed `(seq, hash)` of the chain's head, advanced after every commit
//! that appended audit entries. The formats and the cryptography are the
//! core's ([`satuatap_core::audit::seal`]); this module does the file work,
//! next to the transactions whose commits it follows.
//!
//! The checkpoint only moves forward, and only along the chain: it is
//! replaced when the new entry is later than the one it names and that entry
//! still carries the hash it names. A checkpoint that is missing, unreadable,
//! signed with another key, or whose entry was replaced (the log cut and
//! regrown) is left as it is, for `audit verify` to report; appends go on.
//! Writes are a temporary file renamed over the old one, under an advisory
//! lock on `<checkpoint>.lock` shared by every process on the database,
//! without fsync.

use std::fs::File;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use satuatap_core::audit::chain::{AuditRecord, GENESIS};
use satuatap_core::audit::seal::{AuditKey, AuditSealState, Checkpoint, StoredCheckpoint};

use crate::driver::{db_error, on_pool, Pool};

/// Where the seal's files are.
#[derive(Debug, Clone)]
pub struct AuditSealFiles {
    pub key_file: PathBuf,
    pub checkpoint_file: PathBuf,
}

/// Why the seal cannot be used; names the file, never shows the key.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("audit_key_file {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("audit_checkpoint_file {path}: {reason}")]
    Checkpoint { path: String, reason: String },
    #[error("database: {0}")]
    Db(satuatap_core::Error),
}

/// What opening the seal found, for the start-up log.
#[derive(Debug, Clone)]
pub struct SealOpened {
    /// The key file was made now.
    pub created: bool,
    pub legacy_until: i64,
    /// The last entry of the log (0: none).
    pub head: i64,
    pub checkpoint: StoredCheckpoint,
}

/// An entry appended in a transaction not yet committed; after the commit
/// it goes to [`Chain::committed`], which advances the checkpoint.
#[must_use = "after the commit, pass it to Chain::committed so that the checkpoint is written"]
#[derive(Debug, Clone)]
pub(crate) struct Appended {
    pub seq: i64,
    pub prev_hash: String,
    pub hash: String,
}

/// The key of the chain and the checkpoint writer, shared by a
/// [`crate::pool::Db`] and the bulk sessions it opens; empty for an unkeyed
/// `Db` (unit code).
#[derive(Clone, Default)]
pub(crate) struct Chain(Option<Arc<AuditSeal>>);

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Chain(keyed)" } else { "Chain(unkeyed)" })
    }
}

impl Chain {
    /// The hash entry `seq` gets.
    pub(crate) fn hash(&self, seq: i64, record: &AuditRecord, prev_hash: &str) -> String {
        match &self.0 {
            Some(seal) => seal.key.entry_hash(seq, record, prev_hash),
            None => satuatap_core::audit::chain::chain_hash(seq, record, prev_hash),
        }
    }

    /// Called after the commit that stored `appended`: advances the checkpoint.
    pub(crate) async fn committed(&self, appended: Appended) {
        if let Some(seal) = &self.0 {
            seal.advance(appended).await;
        }
    }
}

pub(crate) struct AuditSeal {
    key: AuditKey,
    checkpoint_file: PathBuf,
    pool: Pool,
    /// The latest entry committed by this process and not yet checkpointed:
    /// whoever writes next writes it, so concurrent commits share one write.
    latest: std::sync::Mutex<Option<Appended>>,
    writer: tokio::sync::Mutex<Writer>,
}

/// What the checkpoint needs, seen under the lock.
enum Step {
    /// Nothing more: the file names this entry.
    Done(i64),
    /// The checkpoint is more than one entry behind: its entry must be
    /// checked in the log first.
    Check(Checkpoint),
}

fn cut(seq: i64) -> String {
    format!("entry {seq} is not the one the checkpoint names (the log was cut and regrown?)")
}

#[derive(Default)]
struct Writer {
    /// The last attempt failed (warned once until it works again).
    failing: bool,
    lock: Option<File>,
}

impl AuditSeal {
    async fn advance(&self, appended: Appended) {
        self.with_latest(|latest| {
            if latest.as_ref().is_none_or(|l| l.seq < appended.seq) {
                *latest = Some(appended);
            }
        });
        let mut w = self.writer.lock().await;
        // Written meanwhile by the commit before (with this one's entry, or a later one).
        let Some(a) = self.with_latest(Option::take) else { return };
        match self.try_advance(&mut w, a.seq, &a.prev_hash, &a.hash).await {
            Ok(on_disk) => {
                if w.failing {
                    w.failing = false;
                    tracing::info!(target: "audit_checkpoint", seq = on_disk, "the audit checkpoint advances again");
                }
            }
            Err(reason) => {
                if !w.failing {
                    w.failing = true;
                    tracing::warn!(
                        target: "audit_checkpoint",
                        path = %self.checkpoint_file.display(),
                        %reason,
                        "the audit checkpoint is not advanced: run `satuatap audit verify`"
                    );
                }
            }
        }
    }

    fn with_latest<T>(&self, f: impl FnOnce(&mut Option<Appended>) -> T) -> T {
        let mut latest = self.latest.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut latest)
    }

    /// Replaces the checkpoint with entry `seq` (whose predecessor's hash is
    /// `prev_hash`) if it is behind; returns the entry the file names
    /// afterwards. The entry right after the checkpoint's is checked for
    /// free (its predecessor's hash); a later one needs one read of the log.
    async fn try_advance(&self, w: &mut Writer, seq: i64, prev_hash: &str, hash: &str) -> Result<i64, String> {
        let next = self.key.sign(seq, hash);
        let step = self.locked(w, |path| {
            let now = self.signed_checkpoint()?;
            if now.seq >= seq {
                return Ok(Step::Done(now.seq));
            }
            if now.seq + 1 < seq {
                return Ok(Step::Check(now));
            }
            if prev_hash != now.hash {
                return Err(cut(now.seq));
            }
            write_checkpoint(path, &next).map_err(|e| e.to_string())?;
            Ok(Step::Done(seq))
        })?;
        let checked = match step {
            Step::Done(on_disk) => return Ok(on_disk),
            Step::Check(checked) => checked,
        };
        // The log must have grown from the checkpoint, not been cut and regrown.
        if entry_hash(&self.pool, checked.seq).await.map_err(|e| e.to_string())?.as_deref() != Some(&checked.hash) {
            return Err(cut(checked.seq));
        }
        self.locked(w, |path| {
            let now = self.signed_checkpoint()?;
            if now.seq >= seq {
                return Ok(now.seq);
            }
            // Another process may have moved it meanwhile, along the chain it checked.
            if now.seq < checked.seq {
                return Err(cut(checked.seq));
            }
            write_checkpoint(path, &next).map_err(|e| e.to_string())?;
            Ok(seq)
        })
    }

    /// The checkpoint file's checkpoint, if it is there and signed with the key.
    fn signed_checkpoint(&self) -> Result<Checkpoint, String> {
        match read_checkpoint(&self.checkpoint_file).map_err(|e| e.to_string())? {
            StoredCheckpoint::Missing => Err("the checkpoint file is missing".into()),
            StoredCheckpoint::Unreadable => Err("the checkpoint file does not hold a checkpoint".into()),
            StoredCheckpoint::Present(c) if self.key.is_signed(c.seq, &c.hash, &c.mac) => Ok(c),
            StoredCheckpoint::Present(_) => Err("the checkpoint was not signed with the audit key".into()),
        }
    }

    /// Runs `f` holding the lock of the checkpoint file, across processes.
    fn locked<T>(&self, w: &mut Writer, f: impl FnOnce(&Path) -> Result<T, String>) -> Result<T, String> {
        if w.lock.is_none() {
            w.lock = Some(open_lock(&self.checkpoint_file).map_err(|e| format!("lock file: {e}"))?);
        }
        let Some(lock) = &w.lock else { return Err("lock file".into()) };
        lock.lock().map_err(|e| format!("lock file: {e}"))?;
        let out = f(&self.checkpoint_file);
        let _ = lock.unlock();
        out
    }
}

fn open_lock(checkpoint: &Path) -> std::io::Result<File> {
    let mut name = checkpoint.as_os_str().to_owned();
    name.push(".lock");
    std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(PathBuf::from(name))
}

/// Writes `c` to a temporary file renamed over `path` (no fsync: after a
/// power cut the checkpoint may be lost, or ahead of a database whose last
/// commits were).
fn write_checkpoint(path: &Path, c: &Checkpoint) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, format!("{c}\n"))?;
    std::fs::rename(&tmp, path)
}

pub(crate) fn read_checkpoint(path: &Path) -> std::io::Result<StoredCheckpoint> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.trim().parse().map(StoredCheckpoint::Present).unwrap_or(StoredCheckpoint::Unreadable)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(StoredCheckpoint::Missing),
        Err(e) => Err(e),
    }
}

/// The hash of entry `seq` (GENESIS for 0; `None`: no such entry).
async fn entry_hash(pool: &Pool, seq: i64) -> Result<Option<String>, sqlx::Error> {
    if seq == 0 {
        return Ok(Some(GENESIS.to_string()));
    }
    on_pool!(pool, |p, _DB| sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_optional(p)
        .await)
}

/// The last entry of the log, `(0, GENESIS)` when empty.
async fn last_entry(pool: &Pool) -> Result<(i64, String), sqlx::Error> {
    let row: Option<(i64, String)> =
        on_pool!(pool, |p, _DB| sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(p)
            .await)?;
    Ok(row.unwrap_or((0, GENESIS.to_string())))
}

fn key_error(path: &Path, reason: impl std::fmt::Display) -> SealError {
    SealError::Key { path: path.display().to_string(), reason: reason.to_string() }
}

fn checkpoint_error(path: &Path, reason: impl std::fmt::Display) -> SealError {
    SealError::Checkpoint { path: path.display().to_string(), reason: reason.to_string() }
}

fn read_key(path: &Path) -> Result<Option<AuditKey>, SealError> {
    match std::fs::read_to_string(path) {
        Ok(text) => AuditKey::parse(&text).map(Some).map_err(|e| key_error(path, e)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(key_error(path, e)),
    }
}

/// Makes the key file (owner-only) for a log whose last entry is `last`,
/// and the first checkpoint, of that entry. Another process making it at
/// the same moment wins: its key is used.
fn create_key(files: &AuditSealFiles, last: &(i64, String)) -> Result<(AuditKey, bool), SealError> {
    let path = &files.key_file;
    let (key, text) = AuditKey::generate(last.0, &last.1);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| key_error(path, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            let theirs = read_key(path)?.ok_or_else(|| key_error(path, "vanished while being made"))?;
            return Ok((theirs, false));
        }
        Err(e) => return Err(key_error(path, e)),
    };
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| key_error(path, e))?;
    let cp = &files.checkpoint_file;
    if read_checkpoint(cp).map_err(|e| checkpoint_error(cp, e))? == StoredCheckpoint::Missing {
        let lock = open_lock(cp).map_err(|e| checkpoint_error(cp, e))?;
        lock.lock().map_err(|e| checkpoint_error(cp, e))?;
        let written = write_checkpoint(cp, &key.sign(last.0, &last.1));
        let _ = lock.unlock();
        written.map_err(|e| checkpoint_error(cp, e))?;
    }
    Ok((key, true))
}

/// The checkpoint in the files, its MAC checked (`satuatap audit checkpoint`).
pub fn signed_checkpoint(files: &AuditSealFiles) -> Result<Checkpoint, SealError> {
    let key = read_key(&files.key_file)?.ok_or_else(|| key_error(&files.key_file, "does not exist"))?;
    let cp = &files.checkpoint_file;
    match read_checkpoint(cp).map_err(|e| checkpoint_error(cp, e))? {
        StoredCheckpoint::Present(c) if key.is_signed(c.seq, &c.hash, &c.mac) => Ok(c),
        StoredCheckpoint::Present(_) => Err(checkpoint_error(cp, "not signed with the audit key")),
        StoredCheckpoint::Missing => Err(checkpoint_error(cp, "does not exist")),
        StoredCheckpoint::Unreadable => Err(checkpoint_error(cp, "does not hold a checkpoint")),
    }
}

impl Chain {
    /// Reads the key (making it with `create`) and the checkpoint: the
    /// chain of [`crate::pool::Db::with_audit_seal`].
    pub(crate) async fn open(
        pool: &Pool,
        files: &AuditSealFiles,
        create: bool,
    ) -> Result<(Chain, SealOpened), SealError> {
        let last = last_entry(pool).await.map_err(|e| SealError::Db(db_error(e)))?;
        let (key, created) = match read_key(&files.key_file)? {
            Some(key) => (key, false),
            None if create => create_key(files, &last)?,
            None => return Err(key_error(&files.key_file, "does not exist")),
        };
        let checkpoint =
            read_checkpoint(&files.checkpoint_file).map_err(|e| checkpoint_error(&files.checkpoint_file, e))?;
        let opened = SealOpened { created, legacy_until: key.legacy_until(), head: last.0, checkpoint };
        let chain = Chain(Some(Arc::new(AuditSeal {
            key,
            checkpoint_file: files.checkpoint_file.clone(),
            pool: pool.clone(),
            latest: std::sync::Mutex::new(None),
            writer: tokio::sync::Mutex::new(Writer::default()),
        })));
        Ok((chain, opened))
    }

    /// The checkpoint file's checkpoint, its MAC checked (`None`: no seal).
    pub(crate) fn checkpoint(&self) -> Result<Option<Checkpoint>, String> {
        match &self.0 {
            Some(seal) => seal.signed_checkpoint().map(Some),
            None => Ok(None),
        }
    }

    /// Makes the last entry of the log in `pool` the checkpoint.
    pub(crate) async fn reset_checkpoint(&self, pool: &Pool) -> Result<Checkpoint, SealError> {
        let Some(seal) = &self.0 else {
            return Err(SealError::Db(satuatap_core::Error::internal("the audit chain is not keyed")));
        };
        let last = last_entry(pool).await.map_err(|e| SealError::Db(db_error(e)))?;
        let next = seal.key.sign(last.0, &last.1);
        let mut w = seal.writer.lock().await;
        seal.locked(&mut w, |path| write_checkpoint(path, &next).map_err(|e| e.to_string()))
            .map_err(|e| checkpoint_error(&seal.checkpoint_file, e))?;
        w.failing = false;
        Ok(next)
    }

    /// The key and the checkpoint as they are now, for verification.
    pub(crate) fn state(&self) -> satuatap_core::Result<Option<AuditSealState>> {
        let Some(seal) = &self.0 else { return Ok(None) };
        let checkpoint = read_checkpoint(&seal.checkpoint_file)
            .map_err(|e| satuatap_core::Error::internal(format!("audit checkpoint file: {e}")))?;
        Ok(Some(AuditSealState { key: seal.key.clone(), checkpoint }))
    }
}
