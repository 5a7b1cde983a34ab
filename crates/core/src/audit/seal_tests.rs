use super::*;
use crate::access::Ctx;
use crate::audit::chain::AuditEntry;
use crate::audit::{AuditAction, AuditEntity};

/// `n` entries, hashed with `key` (plain SHA-256 without one).
fn chain(key: Option<&AuditKey>, n: i64) -> Vec<AuditEntry> {
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
            let hash = match key {
                Some(k) => k.entry_hash(seq, &r, &prev),
                None => chain_hash(seq, &r, &prev),
            };
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

/// Rehashes every entry from index `from` on with `key`, as an attacker
/// who rewrites the chain would.
fn rehash(entries: &mut [AuditEntry], from: usize, key: Option<&AuditKey>) {
    for i in from..entries.len() {
        let prev = if i == 0 { GENESIS.to_string() } else { entries[i - 1].hash.clone() };
        let e = &mut entries[i];
        let r = AuditRecord {
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name.clone(),
            action: e.action.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id.clone(),
            details: e.details.clone(),
            op_id: e.op_id.clone(),
        };
        e.prev_hash = prev.clone();
        e.hash = match key {
            Some(k) => k.entry_hash(e.seq, &r, &prev),
            None => chain_hash(e.seq, &r, &prev),
        };
    }
}

fn fresh_key() -> AuditKey {
    AuditKey::generate(0, GENESIS).0
}

fn start() -> (i64, String) {
    (0, GENESIS.to_string())
}

#[test]
fn a_keyed_chain_verifies_only_with_its_key() {
    let key = fresh_key();
    let entries = chain(Some(&key), 5);
    assert_eq!(verify_run(Some(&key), start(), &entries).map(|(s, _)| s), Ok(5));
    assert_eq!(verify_run(None, start(), &entries), Err(ChainBreak::Altered { seq: 1 }), "not plain SHA-256");
    assert_eq!(verify_run(Some(&fresh_key()), start(), &entries), Err(ChainBreak::Altered { seq: 1 }));
    assert_ne!(entries[0].hash, chain(None, 1)[0].hash);
}

#[test]
fn a_rewritten_chain_is_found_whatever_the_attacker_hashes_with() {
    let key = fresh_key();
    for attacker in [None, Some(fresh_key())] {
        let mut entries = chain(Some(&key), 6);
        entries[2].details = serde_json::json!({ "n": 99 });
        rehash(&mut entries, 2, attacker.as_ref());
        assert_eq!(verify_run(Some(&key), start(), &entries), Err(ChainBreak::Altered { seq: 3 }));
    }
}

#[test]
fn entries_up_to_the_legacy_boundary_are_plain_and_later_ones_keyed() {
    let plain = chain(None, 4);
    let (key, text) = AuditKey::generate(4, &plain[3].hash);
    assert!(text.contains(&format!("legacy-until 4 {}", plain[3].hash)), "{text}");
    let mut entries = plain.clone();
    // Four more entries appended under the key.
    let more = {
        let ctx = Ctx::system();
        let mut prev = plain[3].hash.clone();
        (5..=8)
            .map(|seq| {
                let r = AuditRecord::new(
                    &ctx,
                    AuditAction::Update,
                    AuditEntity::User,
                    None,
                    serde_json::json!({ "seq": seq }),
                );
                let hash = key.entry_hash(seq, &r, &prev);
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
            .collect::<Vec<_>>()
    };
    entries.extend(more);
    assert_eq!(verify_run(Some(&key), start(), &entries).map(|(s, _)| s), Ok(8));
    assert_eq!(key.entry_hash(4, &record_of(&entries[3]), &entries[3].prev_hash), entries[3].hash, "plain up to 4");

    // A legacy entry rewritten with plain hashes up to the boundary breaks the first keyed entry...
    let mut legacy_rewritten = entries.clone();
    legacy_rewritten[1].details = serde_json::json!({ "n": 0 });
    rehash(&mut legacy_rewritten[..4], 1, None);
    assert_eq!(verify_run(Some(&key), start(), &legacy_rewritten), Err(ChainBreak::PrevHash { seq: 5 }));
    // ...and rewritten further with plain hashes, entry 5 is not keyed.
    rehash(&mut legacy_rewritten, 4, None);
    assert_eq!(verify_run(Some(&key), start(), &legacy_rewritten), Err(ChainBreak::Altered { seq: 5 }));
    // With only legacy entries, the key file's boundary names entry 4's hash.
    let mut only_legacy = plain.clone();
    only_legacy[0].details = serde_json::json!({ "n": 0 });
    rehash(&mut only_legacy, 0, None);
    let seal = AuditSealState { key: key.clone(), checkpoint: StoredCheckpoint::Missing };
    let (head, _) = verify_run(Some(&key), start(), &only_legacy).unwrap();
    let at = |s: i64| only_legacy.iter().find(|e| e.seq == s).map(|e| e.hash.clone());
    assert_eq!(check_head(Some(&seal), None, head, at), Err(ChainBreak::Differs { seq: 4, by: Witness::KeyFile }));
    let at = |s: i64| plain.iter().find(|e| e.seq == s).map(|e| e.hash.clone());
    assert_eq!(check_head(Some(&seal), None, 4, at), Ok(()), "legacy entries need no checkpoint");
    assert_eq!(
        check_head(Some(&seal), None, 2, |_| None),
        Err(ChainBreak::EndMissing { last: 2, named: 4, by: Witness::KeyFile })
    );
}

fn record_of(e: &AuditEntry) -> AuditRecord {
    AuditRecord {
        at: e.at,
        actor_id: e.actor_id,
        actor_name: e.actor_name.clone(),
        action: e.action.clone(),
        entity: e.entity.clone(),
        entity_id: e.entity_id.clone(),
        details: e.details.clone(),
        op_id: e.op_id.clone(),
    }
}

#[test]
fn the_key_file_round_trips_and_never_shows_the_key() {
    let (key, text) = AuditKey::generate(0, GENESIS);
    let parsed = AuditKey::parse(&text).unwrap();
    let r = AuditRecord::new(&Ctx::system(), AuditAction::Read, AuditEntity::Case, None, serde_json::json!({}));
    assert_eq!(parsed.entry_hash(1, &r, GENESIS), key.entry_hash(1, &r, GENESIS));
    assert_eq!((parsed.legacy_until(), parsed.legacy_hash()), (0, GENESIS));
    let secret = text.lines().find_map(|l| l.strip_prefix("key ")).unwrap();
    assert!(!format!("{key:?}").contains(secret));
    // The padded-key constructor is HMAC with the 32-byte key.
    let raw = STANDARD.decode(secret).unwrap();
    let mut reference = <HmacSha256 as Mac>::new_from_slice(&raw).unwrap();
    reference.update(b"satuatap audit chain v1");
    assert_eq!(
        <[u8; 32]>::from(reference.finalize().into_bytes()),
        derive(&raw.try_into().unwrap(), b"satuatap audit chain v1")
    );

    for (bad, problem) in [
        ("", "no `key` line"),
        (&format!("key {secret}\n"), "no `legacy-until` line"),
        ("key AAAA\nlegacy-until 0 x\n", "the key is 32 bytes"),
        ("key !!\n", "the key is not base64"),
        (&format!("key {secret}\nlegacy-until -1 {GENESIS}\n"), "bad legacy-until number"),
        (&format!("key {secret}\nlegacy-until 3 abc\n"), "bad legacy-until hash"),
        (&format!("key {secret}\nkey {secret}\n"), "expected `key <base64>` and `legacy-until <seq> <hash>` once each"),
        ("secret 1\n", "unknown line"),
    ] {
        assert_eq!(AuditKey::parse(bad).map(|_| ()).unwrap_err().problem, problem, "{bad}");
    }
}

#[test]
fn checkpoints_are_signed_and_parsed() {
    let key = fresh_key();
    let hash = chain(Some(&key), 1)[0].hash.clone();
    let c = key.sign(1, &hash);
    assert!(key.is_signed(c.seq, &c.hash, &c.mac));
    assert!(!key.is_signed(2, &c.hash, &c.mac), "another entry");
    assert!(!key.is_signed(1, GENESIS, &c.mac), "another hash");
    assert!(!fresh_key().is_signed(c.seq, &c.hash, &c.mac), "another key");
    assert!(!key.is_signed(1, &hash, "zz"));
    // The MAC of a checkpoint is not the keyed hash of anything: separate keys.
    assert_ne!(c.mac, hash);
    assert_eq!(c.to_string().parse::<Checkpoint>(), Ok(c.clone()));
    let anchor: Anchor = format!("1:{hash}").parse().unwrap();
    assert_eq!((anchor.seq, anchor.mac), (1, None));
    for bad in ["", "1", "x:y", &format!("-1:{hash}"), &format!("1:{hash}:abc"), &format!("1:{hash}:{hash}:{hash}")] {
        assert!(bad.parse::<Anchor>().is_err(), "{bad}");
    }
    assert!(format!("1:{hash}").parse::<Checkpoint>().is_err(), "a checkpoint has a MAC");
}

#[test]
fn the_head_is_checked_against_the_checkpoint_and_the_anchor() {
    let key = fresh_key();
    let entries = chain(Some(&key), 10);
    let at = |s: i64| entries.iter().find(|e| e.seq == s).map(|e| e.hash.clone());
    let seal = |checkpoint| AuditSealState { key: key.clone(), checkpoint };
    let signed = key.sign(10, &entries[9].hash);
    let ok = seal(StoredCheckpoint::Present(signed.clone()));
    assert_eq!(check_head(Some(&ok), None, 10, at), Ok(()));
    assert_eq!(
        check_head(Some(&ok), None, 9, at),
        Err(ChainBreak::EndMissing { last: 9, named: 10, by: Witness::Checkpoint })
    );
    assert_eq!(
        check_head(Some(&ok), None, 0, at),
        Err(ChainBreak::EndMissing { last: 0, named: 10, by: Witness::Checkpoint })
    );
    assert_eq!(
        check_head(Some(&ok), None, 10, |_| Some(GENESIS.into())),
        Err(ChainBreak::Differs { seq: 10, by: Witness::Checkpoint })
    );
    assert_eq!(check_head(Some(&seal(StoredCheckpoint::Missing)), None, 10, at), Err(ChainBreak::CheckpointMissing));
    assert_eq!(check_head(Some(&seal(StoredCheckpoint::Missing)), None, 0, at), Ok(()), "an empty log");
    assert_eq!(
        check_head(Some(&seal(StoredCheckpoint::Unreadable)), None, 10, at),
        Err(ChainBreak::CheckpointUnreadable)
    );
    let forged = Checkpoint { mac: fresh_key().sign(10, &entries[9].hash).mac, ..signed.clone() };
    assert_eq!(
        check_head(Some(&seal(StoredCheckpoint::Present(forged))), None, 10, at),
        Err(ChainBreak::CheckpointForged)
    );

    // An anchor kept elsewhere: the log and the checkpoint rolled back together to entry 6.
    let rolled_back = seal(StoredCheckpoint::Present(key.sign(6, &entries[5].hash)));
    assert_eq!(check_head(Some(&rolled_back), None, 6, at), Ok(()));
    let anchor = Anchor { seq: 8, hash: entries[7].hash.clone(), mac: Some(key.sign(8, &entries[7].hash).mac) };
    assert_eq!(
        check_head(Some(&rolled_back), Some(&anchor), 6, at),
        Err(ChainBreak::EndMissing { last: 6, named: 8, by: Witness::Anchor })
    );
    assert_eq!(check_head(Some(&ok), Some(&anchor), 10, at), Ok(()));
    let wrong_mac = Anchor { mac: Some(fresh_key().sign(8, &entries[7].hash).mac), ..anchor.clone() };
    assert_eq!(check_head(Some(&ok), Some(&wrong_mac), 10, at), Err(ChainBreak::AnchorForged));
    let no_mac = Anchor { seq: 8, hash: entries[6].hash.clone(), mac: None };
    assert_eq!(check_head(Some(&ok), Some(&no_mac), 10, at), Err(ChainBreak::Differs { seq: 8, by: Witness::Anchor }));
}

#[test]
fn breaks_read_clearly() {
    let by = Witness::Checkpoint;
    assert_eq!(
        ChainBreak::EndMissing { last: 0, named: 5, by }.to_string(),
        "all entries are missing (the checkpoint names entry 5)"
    );
    assert_eq!(
        ChainBreak::EndMissing { last: 4, named: 5, by }.to_string(),
        "entry 5 is missing from the end (the checkpoint names it; the log ends at entry 4)"
    );
    assert_eq!(
        ChainBreak::EndMissing { last: 2, named: 5, by: Witness::Anchor }.to_string(),
        "entries 3 to 5 are missing from the end (the anchor names entry 5; the log ends at entry 2)"
    );
    assert_eq!(
        ChainBreak::Differs { seq: 5, by }.to_string(),
        "entry 5 was replaced (its hash is not the one the checkpoint names)"
    );
}
