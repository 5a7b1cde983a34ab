//! The seal of the audit log: a key and a signed checkpoint of the chain's
//! head, both kept outside the database. With them `audit verify` finds
//! entries rewritten with recomputed hashes (the hash is keyed) and entries
//! removed from the end (the checkpoint names the head), by someone who has
//! the database but not the key file.
//!
//! The **audit key file** (text; `#` starts a comment):
//!
//! ```text
//! key <base64 of 32 random bytes>
//! legacy-until <seq> <hash of entry seq>
//! ```
//!
//! Entries up to `seq` were written before the chain was keyed and carry
//! plain SHA-256 hashes; later entries carry HMAC-SHA256 under the key. A
//! database that was empty when the key was made has `legacy-until 0` and
//! [`GENESIS`]. The hash of entry `seq` is recorded too, so the legacy part
//! cannot be rewritten either.
//!
//! A **checkpoint** (the checkpoint file, a log line, `audit verify
//! --anchor`) is `SEQ:HASH:MAC`: an entry's number, its hash, and an
//! HMAC-SHA256 of both under the key. Entry hashes and checkpoint MACs use
//! keys derived from the file's key for each purpose, so one can never pass
//! for the other.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::audit::chain::{chain_hash, feed_fields, hex, AuditEntry, AuditRecord, ChainBreak, Witness, GENESIS};

type HmacSha256 = Hmac<Sha256>;

/// The key of the chain and its legacy boundary. Its `Debug` never shows
/// the key.
#[derive(Clone)]
pub struct AuditKey {
    chain: [u8; 32],
    checkpoint: [u8; 32],
    legacy_until: i64,
    legacy_hash: String,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey").field("legacy_until", &self.legacy_until).finish_non_exhaustive()
    }
}

/// Why an audit key file cannot be used (never shows the key).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {problem}")]
pub struct AuditKeyError {
    pub line: usize,
    pub problem: &'static str,
}

impl AuditKey {
    /// Parses an audit key file.
    pub fn parse(text: &str) -> Result<Self, AuditKeyError> {
        let mut key: Option<[u8; 32]> = None;
        let mut legacy: Option<(i64, String)> = None;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |problem| AuditKeyError { line: i + 1, problem };
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["key", b64] if key.is_none() => {
                    let bytes = STANDARD.decode(b64).map_err(|_| err("the key is not base64"))?;
                    key = Some(bytes.try_into().map_err(|_| err("the key is 32 bytes"))?);
                }
                ["legacy-until", seq, hash] if legacy.is_none() => {
                    let seq: i64 =
                        seq.parse().ok().filter(|s| *s >= 0).ok_or_else(|| err("bad legacy-until number"))?;
                    if !is_hash(hash) {
                        return Err(err("bad legacy-until hash"));
                    }
                    legacy = Some((seq, (*hash).to_string()));
                }
                ["key", ..] | ["legacy-until", ..] => {
                    return Err(err("expected `key <base64>` and `legacy-until <seq> <hash>` once each"))
                }
                _ => return Err(err("unknown line")),
            }
        }
        let key = key.ok_or(AuditKeyError { line: 0, problem: "no `key` line" })?;
        let (legacy_until, legacy_hash) = legacy.ok_or(AuditKeyError { line: 0, problem: "no `legacy-until` line" })?;
        Ok(Self::from_secret(&key, legacy_until, legacy_hash))
    }

    /// A new random key for a log whose last entry is `(seq, hash)` (`(0,
    /// GENESIS)` when empty); returns the key and its file's text.
    pub fn generate(legacy_until: i64, legacy_hash: &str) -> (Self, String) {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut secret = [0u8; 32];
        OsRng.fill_bytes(&mut secret);
        let text = format!(
            "# Satu Atap audit key: keys the hash chain of the audit log and signs its checkpoints.\n\
             # Keep it out of the database backups and back it up separately, like the case keys.\n\
             # Entries up to legacy-until were written before the chain was keyed.\n\
             key {}\nlegacy-until {legacy_until} {legacy_hash}\n",
            STANDARD.encode(secret)
        );
        (Self::from_secret(&secret, legacy_until, legacy_hash.to_string()), text)
    }

    fn from_secret(secret: &[u8; 32], legacy_until: i64, legacy_hash: String) -> Self {
        Self {
            chain: derive(secret, b"satuatap audit chain v1"),
            checkpoint: derive(secret, b"satuatap audit checkpoint v1"),
            legacy_until,
            legacy_hash,
        }
    }

    /// The last entry written before the chain was keyed (0: none).
    pub fn legacy_until(&self) -> i64 {
        self.legacy_until
    }

    /// The hash of entry [`Self::legacy_until`] ([`GENESIS`] for 0).
    pub fn legacy_hash(&self) -> &str {
        &self.legacy_hash
    }

    /// The hash entry `seq` carries: plain SHA-256 up to the legacy
    /// boundary, HMAC-SHA256 under the key after it.
    pub fn entry_hash(&self, seq: i64, record: &AuditRecord, prev_hash: &str) -> String {
        if seq <= self.legacy_until {
            return chain_hash(seq, record, prev_hash);
        }
        let mut mac = hmac(&self.chain);
        feed_fields(seq, record, prev_hash, |bytes| mac.update(bytes));
        hex(&mac.finalize().into_bytes())
    }

    /// The checkpoint of entry `seq` with hash `hash`, signed.
    pub fn sign(&self, seq: i64, hash: &str) -> Checkpoint {
        let mac = self.checkpoint_mac(seq, hash).finalize().into_bytes();
        Checkpoint { seq, hash: hash.to_string(), mac: hex(&mac) }
    }

    /// Whether `mac` is the MAC of `(seq, hash)` under this key.
    pub fn is_signed(&self, seq: i64, hash: &str, mac: &str) -> bool {
        let Ok(bytes) = ::hex::decode(mac) else { return false };
        self.checkpoint_mac(seq, hash).verify_slice(&bytes).is_ok()
    }

    fn checkpoint_mac(&self, seq: i64, hash: &str) -> HmacSha256 {
        let mut mac = hmac(&self.checkpoint);
        for field in [seq.to_string(), hash.to_string()] {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field.as_bytes());
        }
        mac
    }
}

fn hmac(key: &[u8; 32]) -> HmacSha256 {
    // HMAC pads a short key with zeros to the block size: padding it here
    // gives the same MAC through the constructor that cannot fail.
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    <HmacSha256 as KeyInit>::new(&block.into())
}

fn derive(secret: &[u8; 32], purpose: &[u8]) -> [u8; 32] {
    let mut mac = hmac(secret);
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A signed checkpoint of the chain: entry `seq` has hash `hash`.
/// Written and read as `SEQ:HASH:MAC`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub mac: String,
}

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.seq, self.hash, self.mac)
    }
}

impl std::str::FromStr for Checkpoint {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let a: Anchor = s.parse()?;
        let mac = a.mac.ok_or("expected SEQ:HASH:MAC")?;
        Ok(Checkpoint { seq: a.seq, hash: a.hash, mac })
    }
}

/// A checkpoint kept elsewhere (e.g. taken from the log collector), given
/// to `audit verify --anchor SEQ:HASH[:MAC]`; the MAC is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub mac: Option<String>,
}

impl std::str::FromStr for Anchor {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = "expected SEQ:HASH[:MAC] (a number and 64 hexadecimal digits, then optionally 64 more)";
        let mut parts = s.trim().split(':');
        let seq = parts.next().and_then(|p| p.parse::<i64>().ok()).filter(|s| *s >= 0).ok_or(bad)?;
        let hash = parts.next().filter(|h| is_hash(h)).ok_or(bad)?.to_string();
        let mac = match parts.next() {
            Some(m) if is_hash(m) => Some(m.to_string()),
            Some(_) => return Err(bad),
            None => None,
        };
        if parts.next().is_some() {
            return Err(bad);
        }
        Ok(Anchor { seq, hash, mac })
    }
}

/// What the checkpoint file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredCheckpoint {
    Missing,
    /// The file is there but is not `SEQ:HASH:MAC`.
    Unreadable,
    Present(Checkpoint),
}

/// The seal as verification sees it: the key and the checkpoint file.
#[derive(Debug, Clone)]
pub struct AuditSealState {
    pub key: AuditKey,
    pub checkpoint: StoredCheckpoint,
}

/// Checks the head of a chain that verified up to entry `head` against what
/// names it from outside the database: the key file's legacy boundary, the
/// checkpoint and an anchor. `hash_at(seq)` is the hash of entry `seq` of
/// the log (`None` if the walk did not keep it).
pub fn check_head(
    seal: Option<&AuditSealState>,
    anchor: Option<&Anchor>,
    head: i64,
    hash_at: impl Fn(i64) -> Option<String>,
) -> Result<(), ChainBreak> {
    let named = |seq: i64, hash: &str, by: Witness| -> Result<(), ChainBreak> {
        if head < seq {
            return Err(ChainBreak::EndMissing { last: head, named: seq, by });
        }
        let found = if seq == 0 { Some(GENESIS.to_string()) } else { hash_at(seq) };
        if found.as_deref() != Some(hash) {
            return Err(ChainBreak::Differs { seq, by });
        }
        Ok(())
    };
    if let Some(seal) = seal {
        let key = &seal.key;
        named(key.legacy_until, &key.legacy_hash, Witness::KeyFile)?;
        match &seal.checkpoint {
            StoredCheckpoint::Missing if head > key.legacy_until => return Err(ChainBreak::CheckpointMissing),
            StoredCheckpoint::Missing => {}
            StoredCheckpoint::Unreadable => return Err(ChainBreak::CheckpointUnreadable),
            StoredCheckpoint::Present(c) => {
                if !key.is_signed(c.seq, &c.hash, &c.mac) {
                    return Err(ChainBreak::CheckpointForged);
                }
                named(c.seq, &c.hash, Witness::Checkpoint)?;
            }
        }
    }
    if let Some(a) = anchor {
        if let (Some(mac), Some(seal)) = (&a.mac, seal) {
            if !seal.key.is_signed(a.seq, &a.hash, mac) {
                return Err(ChainBreak::AnchorForged);
            }
        }
        named(a.seq, &a.hash, Witness::Anchor)?;
    }
    Ok(())
}

/// Checks a run of entries that follows `prev` (`(seq, hash)` of the entry
/// before, or `(0, GENESIS)`); returns the last `(seq, hash)`. With a key,
/// entries after its legacy boundary must carry its keyed hash; without
/// one, every entry is checked as plain SHA-256.
pub fn verify_run(
    key: Option<&AuditKey>,
    prev: (i64, String),
    entries: &[AuditEntry],
) -> Result<(i64, String), ChainBreak> {
    let (mut last_seq, mut last_hash) = prev;
    for e in entries {
        if e.seq != last_seq + 1 {
            return Err(ChainBreak::Missing { expected: last_seq + 1, found: e.seq });
        }
        if e.prev_hash != last_hash {
            return Err(ChainBreak::PrevHash { seq: e.seq });
        }
        let record = AuditRecord {
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name.clone(),
            action: e.action.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id.clone(),
            details: e.details.clone(),
            op_id: e.op_id.clone(),
        };
        let expected = match key {
            Some(k) => k.entry_hash(e.seq, &record, &e.prev_hash),
            None => chain_hash(e.seq, &record, &e.prev_hash),
        };
        if expected != e.hash {
            return Err(ChainBreak::Altered { seq: e.seq });
        }
        last_seq = e.seq;
        last_hash = e.hash.clone();
    }
    Ok((last_seq, last_hash))
}

#[cfg(test)]
#[path = "seal_tests.rs"]
mod tests;
