//! The audit log: append-only, each entry carrying the hash of the one
//! before it, so that any altered or removed row breaks the chain. The hash
//! is keyed (HMAC-SHA256, [`crate::audit::seal`]) so that only the holder of
//! the audit key can compute it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::access::{Actor, Ctx};
use crate::audit::{AuditAction, AuditEntity};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, before the store gives it a place in the chain. Written
/// through [`AuditRecord::new`] from an [`AuditAction`] and an
/// [`AuditEntity`]; their codes are kept as text, as the chain hashes them
/// and as older entries are read back to be verified.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    /// An [`AuditAction`] code, e.g. `sign_in`, `sign_in_failed`, `create`, `update`, `read`.
    pub action: String,
    /// An [`AuditEntity`] code, e.g. `organisation`, `user`, `session`.
    pub entity: String,
    pub entity_id: Option<String>,
    /// Changed field names and, for non-sensitive fields, their new values.
    pub details: serde_json::Value,
    pub op_id: String,
}

/// The records an entry is about, kept beside it so that the log can leave
/// out, for each reader, the entries about what that reader may not know
/// (restricted work, need-to-know people, a protective organisation beside
/// a person). Derived from the entry itself: never part of its hash.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditSubjects {
    pub person: Option<Uuid>,
    pub case: Option<Uuid>,
    pub referral: Option<Uuid>,
    pub visit: Option<Uuid>,
    /// An organisation named beside a person (a consent naming a shelter).
    pub organisation: Option<Uuid>,
    /// An early warning (restricted ones are need-to-know).
    pub warning: Option<Uuid>,
}

impl AuditRecord {
    /// What the entry is about: its entity and the ids its details name.
    pub fn subjects(&self) -> AuditSubjects {
        let own = self.entity_id.as_deref().and_then(|i| Uuid::parse_str(i).ok());
        let d = &self.details;
        let uuid = |key: &str| d.get(key).and_then(|v| v.as_str()).and_then(|s| Uuid::parse_str(s).ok());
        let first_of = |key: &str| {
            d.get(key)
                .and_then(|v| v.as_array())
                .and_then(|a| a.iter().find_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok())))
        };
        let of = |entity: AuditEntity| own.filter(|_| self.entity == entity.as_str());
        let about_a_person = !matches!(
            self.entity.parse::<AuditEntity>(),
            Ok(AuditEntity::User
                | AuditEntity::Office
                | AuditEntity::Organisation
                | AuditEntity::Service
                | AuditEntity::Session)
        );
        AuditSubjects {
            person: of(AuditEntity::Person)
                .or(of(AuditEntity::FamilyLink))
                .or_else(|| uuid("person_id"))
                .or_else(|| uuid("head_id"))
                .or_else(|| first_of("members"))
                .or_else(|| first_of("ids")),
            case: of(AuditEntity::Case).or_else(|| uuid("case_id")),
            referral: of(AuditEntity::Referral).or_else(|| uuid("referral_id")),
            visit: of(AuditEntity::Visit),
            warning: of(AuditEntity::EarlyWarning).or_else(|| uuid("warning_id")),
            organisation: about_a_person
                .then(|| uuid("organisation_id").or_else(|| uuid("to_organisation_id")).or_else(|| uuid("to")))
                .flatten(),
        }
    }

    pub fn new(
        ctx: &Ctx,
        action: AuditAction,
        entity: AuditEntity,
        entity_id: Option<String>,
        details: serde_json::Value,
    ) -> Self {
        let (actor_id, actor_name) = match &ctx.actor {
            Actor::User(u) => (Some(u.id), u.username.clone()),
            Actor::Anonymous => (None, "anonymous".to_string()),
            Actor::System => (None, "system".to_string()),
        };
        Self {
            // Microseconds: what both engines keep exactly.
            at: truncate_to_micros(Utc::now()),
            actor_id,
            actor_name,
            action: action.as_str().into(),
            entity: entity.as_str().into(),
            entity_id,
            details,
            op_id: ctx.op_id.clone(),
        }
    }
}

/// A stored entry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub op_id: String,
    pub prev_hash: String,
    pub hash: String,
}

pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// The hash of an entry: SHA-256 over its fields in a fixed layout. The
/// chain's unkeyed form, kept for entries written before the chain was keyed
/// (see [`crate::audit::seal::AuditKey`]).
pub fn chain_hash(seq: i64, record: &AuditRecord, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    feed_fields(seq, record, prev_hash, |bytes| h.update(bytes));
    hex(&h.finalize())
}

/// Feeds an entry's fields to `update`, each length-prefixed so that no two
/// layouts collide: the input of both the plain and the keyed hash.
pub(crate) fn feed_fields(seq: i64, record: &AuditRecord, prev_hash: &str, mut update: impl FnMut(&[u8])) {
    let fields: [String; 10] = [
        seq.to_string(),
        record.at.timestamp_micros().to_string(),
        record.actor_id.map(|u| u.to_string()).unwrap_or_default(),
        record.actor_name.clone(),
        record.action.clone(),
        record.entity.clone(),
        record.entity_id.clone().unwrap_or_default(),
        record.details.to_string(),
        record.op_id.clone(),
        prev_hash.to_string(),
    ];
    for f in &fields {
        update(&(f.len() as u64).to_be_bytes());
        update(f.as_bytes());
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// Entry `seq` was expected next but `found` came (rows removed).
    Missing { expected: i64, found: i64 },
    /// Entry `seq` does not carry the hash of the entry before it.
    PrevHash { seq: i64 },
    /// Entry `seq`'s content does not match its hash (row altered).
    Altered { seq: i64 },
    /// The log ends at entry `last` but `by` names the later entry `named`
    /// (entries removed from the end).
    EndMissing { last: i64, named: i64, by: Witness },
    /// Entry `seq` is there but its hash is not the one `by` names (the
    /// entry, and those around it, were rewritten).
    Differs { seq: i64, by: Witness },
    /// There is no checkpoint file, though the log has keyed entries.
    CheckpointMissing,
    /// The checkpoint file does not hold a checkpoint.
    CheckpointUnreadable,
    /// The checkpoint's MAC is not one made with the audit key.
    CheckpointForged,
    /// The anchor's MAC is not one made with the audit key.
    AnchorForged,
}

/// What names an entry and its hash from outside the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Witness {
    /// The signed checkpoint file.
    Checkpoint,
    /// A checkpoint kept elsewhere (`audit verify --anchor`).
    Anchor,
    /// The legacy boundary written in the audit key file.
    KeyFile,
}

impl std::fmt::Display for Witness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Witness::Checkpoint => "the checkpoint",
            Witness::Anchor => "the anchor",
            Witness::KeyFile => "the audit key file",
        })
    }
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Missing { expected, found } => {
                write!(f, "entry {expected} is missing (next entry is {found})")
            }
            ChainBreak::PrevHash { seq } => {
                write!(f, "entry {seq} does not follow the entry before it")
            }
            ChainBreak::Altered { seq } => write!(f, "entry {seq} was altered"),
            ChainBreak::EndMissing { last: 0, named, by } => {
                write!(f, "all entries are missing ({by} names entry {named})")
            }
            ChainBreak::EndMissing { last, named, by } if *named == last + 1 => {
                write!(f, "entry {named} is missing from the end ({by} names it; the log ends at entry {last})")
            }
            ChainBreak::EndMissing { last, named, by } => write!(
                f,
                "entries {} to {named} are missing from the end ({by} names entry {named}; the log ends at entry {last})",
                last + 1
            ),
            ChainBreak::Differs { seq, by } => write!(f, "entry {seq} was replaced (its hash is not the one {by} names)"),
            ChainBreak::CheckpointMissing => write!(f, "the checkpoint file is missing (the log has keyed entries)"),
            ChainBreak::CheckpointUnreadable => write!(f, "the checkpoint file does not hold a checkpoint"),
            ChainBreak::CheckpointForged => {
                write!(f, "the checkpoint was not signed with the audit key (its MAC is invalid)")
            }
            ChainBreak::AnchorForged => write!(f, "the anchor was not signed with the audit key (its MAC is invalid)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::seal::verify_run;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let ctx = Ctx::system();
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let r = AuditRecord::new(
                    &ctx,
                    AuditAction::Create,
                    AuditEntity::Organisation,
                    Some(seq.to_string()),
                    serde_json::json!({ "n": seq }),
                );
                let hash = chain_hash(seq, &r, &prev);
                let e = AuditEntry {
                    seq,
                    at: r.at,
                    actor_id: r.actor_id,
                    actor_name: r.actor_name,
                    action: r.action,
                    entity: r.entity,
                    entity_id: r.entity_id,
                    details: r.details,
                    op_id: r.op_id,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(5);
        assert_eq!(verify_run(None, (0, GENESIS.into()), &entries).map(|(s, _)| s), Ok(5));
    }

    #[test]
    fn altered_removed_and_reordered_entries_are_named() {
        let mut altered = chain(5);
        altered[2].details = serde_json::json!({ "n": 99 });
        assert_eq!(verify_run(None, (0, GENESIS.into()), &altered), Err(ChainBreak::Altered { seq: 3 }));

        let mut removed = chain(5);
        removed.remove(3);
        assert_eq!(verify_run(None, (0, GENESIS.into()), &removed), Err(ChainBreak::Missing { expected: 4, found: 5 }));

        let mut last_removed_and_renumbered = chain(5);
        last_removed_and_renumbered.remove(1);
        for e in last_removed_and_renumbered.iter_mut().skip(1) {
            e.seq -= 1;
        }
        assert_eq!(
            verify_run(None, (0, GENESIS.into()), &last_removed_and_renumbered),
            Err(ChainBreak::PrevHash { seq: 2 })
        );
    }
}

#[cfg(test)]
mod subject_tests {
    use super::*;

    #[test]
    fn an_entry_names_the_records_it_is_about() {
        let (person, case, org) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let consent = AuditRecord::new(
            &Ctx::system(),
            AuditAction::Create,
            AuditEntity::Consent,
            Some(Uuid::now_v7().to_string()),
            serde_json::json!({ "person_id": person, "organisation_id": org }),
        );
        assert_eq!(
            consent.subjects(),
            AuditSubjects { person: Some(person), organisation: Some(org), ..Default::default() }
        );
        let note = AuditRecord::new(
            &Ctx::system(),
            AuditAction::NoteAdded,
            AuditEntity::Case,
            Some(case.to_string()),
            serde_json::json!({}),
        );
        assert_eq!(note.subjects(), AuditSubjects { case: Some(case), ..Default::default() });
        let user = AuditRecord::new(
            &Ctx::system(),
            AuditAction::Create,
            AuditEntity::User,
            Some(Uuid::now_v7().to_string()),
            serde_json::json!({ "organisation_id": org }),
        );
        assert_eq!(user.subjects(), AuditSubjects::default(), "a user's organisation is no person's");
    }
}
