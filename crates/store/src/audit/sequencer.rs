//! The sequencer of the audit chain on PostgreSQL.
//!
//! An audited write on PostgreSQL runs in a transaction of its own (see
//! [`super::group`]) and stores its entry there, *pending*
//! ([`stage`]): committed with the change or not at all, but not yet
//! linked. After its commit the request waits for the sequencer, which moves
//! every committed pending entry into `audit_log` in one transaction: the
//! head read and locked once, each entry numbered and hashed after the one
//! before it, all of them inserted at once, the head stored once. The chain
//! is extended once per batch instead of once per write, and no writer holds
//! the head's row lock from its entry to its commit (with sixteen writers
//! that lock made every commit wait for the one before, each a few round
//! trips through a busy machine).
//!
//! What `audit verify` proves is unchanged: the same entries, each with its
//! number, its predecessor's hash and its own, in the order the sequencer
//! linked them. (SQLite's one writer extends the chain in the write's own
//! transaction and never leaves an entry pending.) A request is answered
//! only after its entry is linked. An entry left pending by a crash between
//! the write's commit and the link (or by a request dropped at that moment)
//! is linked by the next round, and at start ([`Sequencer::settle`]). The rounds of several processes on
//! one database queue on the head's row lock; each takes whatever is
//! pending.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex as StdMutex, PoisonError};

use satuatap_core::audit::chain::AuditRecord;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use tokio::sync::Mutex;

use super::seal::{Appended, Chain};

/// The most entries one round links (a backlog after a crash is linked in
/// several rounds).
pub(crate) const ROUND: i64 = 512;

/// Takes the oldest pending entries, up to `$1`.
pub(crate) const TAKE: &str =
    "DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT $1) \
     RETURNING id, at_micros, actor_id, actor_name, action, entity, entity_id, details, op_id";

/// What one round linked.
struct Round {
    linked: usize,
    /// The pending id of its last entry (the greatest).
    last_id: i64,
    /// Its last entry, for the checkpoint.
    last: Appended,
}

/// Links the pending entries of one database, one round at a time.
#[derive(Default)]
pub(crate) struct Sequencer {
    /// Held by the round in progress. Fair: the requests that queue behind
    /// a round find their entries linked by the next one, or already.
    turn: Mutex<()>,
    linked: StdMutex<Linked>,
}

/// The entries requests of this process wait for, and where they went.
#[derive(Default)]
struct Linked {
    waiting: HashSet<i64>,
    done: HashMap<i64, Appended>,
}

/// Stores `record` as a pending entry in the transaction of `conn`; gives
/// its id, for [`Sequencer::link`] after the commit.
pub(crate) async fn stage(conn: &mut PgConnection, record: &AuditRecord) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO audit_pending (at_micros, actor_id, actor_name, action, entity, entity_id, details, op_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(record.at.timestamp_micros())
    .bind(record.actor_id)
    .bind(&record.actor_name)
    .bind(&record.action)
    .bind(&record.entity)
    .bind(&record.entity_id)
    .bind(record.details.to_string())
    .bind(&record.op_id)
    .fetch_one(conn)
    .await
}

/// A pending entry as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct PendingRow {
    pub(crate) id: i64,
    #[sqlx(flatten)]
    record: super::RecordRow,
}

impl PendingRow {
    /// Its id and its record (read back as `audit verify` reads the
    /// linked entry).
    pub(crate) fn record(self) -> Result<(i64, AuditRecord), sqlx::Error> {
        let id = self.id;
        let record = self
            .record
            .record()
            .map_err(|_| sqlx::Error::Protocol(format!("pending audit entry {id}: time out of range")))?;
        Ok((id, record))
    }
}

/// A request waiting for its pending entry to be linked: registered before
/// its write commits (so that a round of this process that links it, even
/// before the request asks, keeps its place for it), forgotten when the
/// request ends, however it ends.
pub(crate) struct Waiting<'a> {
    sequencer: &'a Sequencer,
    id: i64,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.sequencer.with_linked(|l| {
            l.waiting.remove(&self.id);
            l.done.remove(&self.id);
        });
    }
}

impl Sequencer {
    fn with_linked<T>(&self, f: impl FnOnce(&mut Linked) -> T) -> T {
        f(&mut self.linked.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Registers the pending entry `id`, before its write commits.
    pub(crate) fn wait_for(&self, id: i64) -> Waiting<'_> {
        self.with_linked(|l| l.waiting.insert(id));
        Waiting { sequencer: self, id }
    }

    /// Waits until the committed pending entry of `waiting` is linked (by a
    /// round of this process, run now if none is under way, or of
    /// another); gives its place in the chain when this process linked it.
    /// The checkpoint advances after each round.
    pub(crate) async fn link(
        &self,
        pool: &PgPool,
        chain: &Chain,
        waiting: Waiting<'_>,
    ) -> Result<Option<Appended>, sqlx::Error> {
        let id = waiting.id;
        let turn = self.turn.lock().await;
        let mut last = None;
        let mine = loop {
            if let Some(mine) = self.with_linked(|l| l.done.remove(&id)) {
                break Some(mine);
            }
            match self.round(pool, chain).await? {
                // Rounds take the oldest first, and the entry is committed:
                // a round that took later ones but not it shows that
                // another process's round linked it.
                Some(round) if round.last_id > id => {
                    last = Some(round.last);
                    break self.with_linked(|l| l.done.remove(&id));
                }
                Some(round) => last = Some(round.last),
                // Nothing pending: another process's round linked it.
                None => break None,
            }
        };
        drop(turn);
        drop(waiting);
        if let Some(last) = last {
            chain.committed(last).await;
        }
        Ok(mine)
    }

    /// Links every entry left pending (at start, after a crash); gives how
    /// many.
    pub(crate) async fn settle(&self, pool: &PgPool, chain: &Chain) -> Result<usize, sqlx::Error> {
        let _turn = self.turn.lock().await;
        let mut linked = 0;
        while let Some(round) = self.round(pool, chain).await? {
            linked += round.linked;
            chain.committed(round.last).await;
        }
        Ok(linked)
    }

    /// One round: up to [`ROUND`] pending entries linked in one
    /// transaction, in the order of their ids (none: nothing was pending).
    async fn round(&self, pool: &PgPool, chain: &Chain) -> Result<Option<Round>, sqlx::Error> {
        let mut tx = pool.begin().await?;
        let (mut seq, mut prev): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE").fetch_one(&mut *tx).await?;
        let mut rows: Vec<PendingRow> = sqlx::query_as(TAKE).bind(ROUND).fetch_all(&mut *tx).await?;
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(None);
        }
        rows.sort_unstable_by_key(|r| r.id);
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let (id, record) = row.record()?;
            seq += 1;
            let hash = chain.hash(seq, &record, &prev);
            let appended = Appended { seq, prev_hash: std::mem::replace(&mut prev, hash.clone()), hash };
            entries.push((id, record, appended));
        }
        let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(super::INSERT_ENTRIES);
        qb.push_values(&entries, |mut b, (_, record, appended)| {
            super::push_entry!(b, record, appended);
        });
        qb.build().execute(&mut *tx).await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&prev)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let round =
            entries.last().map(|(id, _, last)| Round { linked: entries.len(), last_id: *id, last: last.clone() });
        self.with_linked(|l| {
            for (id, _, appended) in entries {
                if l.waiting.contains(&id) {
                    l.done.insert(id, appended);
                }
            }
        });
        Ok(round)
    }
}

impl std::fmt::Debug for Sequencer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sequencer")
    }
}
