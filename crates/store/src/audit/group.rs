//! Group commit: the audited writes of many requests in one transaction.
//!
//! On SQLite every audited write (a change and its audit entry, or an
//! audited read's entry alone) runs on the one writer connection as an
//! *item* of the open batch: under a savepoint, so that an item that fails
//! (or whose request is dropped half-way) is undone alone. When it is done
//! the item lets the lock go and waits for its batch to be committed; the
//! committer task takes the lock after whoever queued before it (tokio's
//! lock is fair), commits everything they wrote at once, and wakes them. A
//! request is answered only after its batch is durable, and the chain is
//! extended in the order the items ran, as before: what `audit verify`
//! proves is unchanged. One `COMMIT` (one fsync with `synchronous=FULL`)
//! serves a batch instead of each write.
//!
//! On PostgreSQL each item runs in a transaction of its own (see
//! [`Group::begin`]); the server itself flushes together the commits that
//! wait at the same moment. There an item's audit entries are stored
//! pending and linked into the chain after the commit, in batches, by the
//! [`Sequencer`].

use std::sync::{Arc, Weak};

use satuatap_core::audit::chain::AuditRecord;
use sqlx::pool::PoolConnection;
use sqlx::{Database, Executor};
use tokio::sync::{watch, Mutex, MutexGuard, Notify};

use super::seal::{Appended, Chain};
use super::sequencer::{self, Sequencer};

/// The writer of whichever engine.
#[derive(Clone, Debug)]
pub(crate) enum Writers {
    Sqlite(Arc<Group<sqlx::Sqlite>>),
    Postgres(Arc<Group<sqlx::Postgres>>),
}

impl Writers {
    pub(crate) fn of(pool: &crate::driver::Pool) -> Self {
        match pool {
            crate::driver::Pool::Sqlite(p) => Writers::Sqlite(Group::new(p.clone(), Some("BEGIN IMMEDIATE"))),
            // Each item in a transaction of its own (see `Group::begin`).
            crate::driver::Pool::Postgres(p) => Writers::Postgres(Group::new(p.clone(), None)),
        }
    }
}

/// Runs the same body against whichever engine's writer is behind
/// `$writers`; inside, `$g` is the concrete [`Group`].
macro_rules! on_group {
    ($writers:expr, |$g:ident| $body:expr) => {
        match $writers {
            $crate::audit::group::Writers::Sqlite($g) => $body,
            $crate::audit::group::Writers::Postgres($g) => $body,
        }
    };
}
pub(crate) use on_group;

/// The most items in a batch before the next one must wait for its commit:
/// an acknowledgement never waits behind an unbounded queue.
const MAX_ITEMS: usize = 64;

/// The writer of one database.
pub(crate) struct Group<DB: Database> {
    pool: sqlx::Pool<DB>,
    /// How a batch begins: `BEGIN IMMEDIATE` on SQLite (the write lock at
    /// once, not at the first write). None on PostgreSQL: there each item
    /// runs in a transaction of its own, as many at once as the pool has
    /// connections, and the server flushes the commits that wait together
    /// in one write of its log. Batched on one connection, every statement
    /// of every request waited its turn across the socket, and under load
    /// each turn waited for a busy core (registrations at 16 connections
    /// fell from about 230/s to 90/s).
    begin: Option<&'static str>,
    batch: Mutex<Batch<DB>>,
    wake: Arc<Notify>,
    started: std::sync::Once,
    /// Links the entries of items run alone (PostgreSQL).
    sequencer: Sequencer,
}

/// The open batch, under the lock.
struct Batch<DB: Database> {
    /// The connection with the open transaction; none between batches.
    conn: Option<PoolConnection<DB>>,
    /// Told whether the batch committed; its receivers are the items.
    done: Option<watch::Sender<Option<bool>>>,
    items: usize,
    /// An item that did not finish (failed, or its request was dropped):
    /// its savepoint is rolled back by whoever takes the lock next.
    unfinished: bool,
    /// An item whose request was dropped while its `RELEASE` was on its
    /// way: its writes and entries were complete and stay in the batch (like
    /// any request whose client went away after the work was done); whoever
    /// takes the lock next releases the savepoint again, if it still is.
    /// (Undoing it instead found no savepoint, and rolled back the whole
    /// batch, other requests' writes with it: seen as a load generator
    /// closed its connections.)
    releasing: bool,
}

/// One item of a batch, holding the lock: its statements run on
/// [`Item::conn`] until [`Item::finish`].
pub(crate) struct Item<'a, DB: Database> {
    group: &'a Group<DB>,
    /// Taken by `finish` and `undo`; still here when the item is dropped
    /// unfinished (see the `Drop` below).
    within: Option<Within<'a, DB>>,
    /// The chain its entries were appended to, for the checkpoint.
    chain: Option<Chain>,
    /// The last entry it appended in the batch (SQLite).
    appended: Option<Appended>,
    /// The last entry it stored pending (PostgreSQL).
    pending: Option<i64>,
}

/// Where an item runs.
enum Within<'a, DB: Database> {
    /// In the open batch, holding its lock.
    Batch(MutexGuard<'a, Batch<DB>>),
    /// In a transaction of its own (rolled back if dropped unfinished).
    Alone(sqlx::Transaction<'static, DB>),
}

fn fault(what: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("group commit: {what}"))
}

impl<DB: Database> Group<DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    pub(crate) fn new(pool: sqlx::Pool<DB>, begin: Option<&'static str>) -> Arc<Self> {
        Arc::new(Self {
            pool,
            begin,
            batch: Mutex::new(Batch { conn: None, done: None, items: 0, unfinished: false, releasing: false }),
            wake: Arc::new(Notify::new()),
            started: std::sync::Once::new(),
            sequencer: Sequencer::default(),
        })
    }

    /// Joins the open batch (opening one if none is), under a savepoint.
    pub(crate) async fn enter(self: &Arc<Self>) -> Result<Item<'_, DB>, sqlx::Error> {
        let Some(begin) = self.begin else {
            return Ok(self.item(Within::Alone(self.pool.begin().await?)));
        };
        self.started.call_once(|| {
            tokio::spawn(committer(Arc::downgrade(self), self.wake.clone()));
        });
        let mut batch = self.batch.lock().await;
        if batch.items >= MAX_ITEMS {
            // Full: committed here, by the one that found it so.
            drop(batch);
            self.commit().await;
            batch = self.batch.lock().await;
        }
        self.tidy(&mut batch).await;
        if batch.conn.is_none() {
            let mut conn = self.pool.acquire().await?;
            if conn.execute(begin).await.is_err() {
                // A transaction left open by a request dropped during its
                // `BEGIN` (nothing was written in it): ended, then begun anew.
                conn.execute("ROLLBACK").await?;
                conn.execute(begin).await?;
            }
            batch.conn = Some(conn);
            batch.done = Some(watch::channel(None).0);
            batch.items = 0;
        }
        let conn = batch.conn.as_mut().ok_or_else(|| fault("no connection"))?;
        conn.execute("SAVEPOINT item").await?;
        batch.unfinished = true;
        batch.items += 1;
        Ok(self.item(Within::Batch(batch)))
    }

    fn item<'a>(&'a self, within: Within<'a, DB>) -> Item<'a, DB> {
        Item { group: self, within: Some(within), chain: None, appended: None, pending: None }
    }

    /// Undoes an item that did not finish; if that fails, the whole batch
    /// (none of its items was acknowledged).
    async fn tidy(&self, batch: &mut Batch<DB>) {
        if std::mem::replace(&mut batch.releasing, false) {
            if let Some(conn) = batch.conn.as_mut() {
                // An error here says it was released already.
                let _ = conn.execute("RELEASE SAVEPOINT item").await;
            }
        }
        if !std::mem::replace(&mut batch.unfinished, false) {
            return;
        }
        let undone = match batch.conn.as_mut() {
            Some(conn) => undo(conn).await,
            None => Ok(()),
        };
        if let Err(e) = undone {
            // The engine's message names tables and constraints, never values.
            tracing::warn!(error = %e, "group commit: an item could not be undone; the batch is rolled back");
            self.end(batch, false).await;
        }
    }

    /// Commits the open batch, if any, and wakes its items (also before
    /// the database is closed).
    pub(crate) async fn commit(&self) {
        let mut batch = self.batch.lock().await;
        self.tidy(&mut batch).await;
        self.end(&mut batch, true).await;
    }

    /// Ends the open batch: committed (`commit`) or rolled back.
    async fn end(&self, batch: &mut Batch<DB>, commit: bool) {
        let Some(mut conn) = batch.conn.take() else { return };
        let done = batch.done.take();
        batch.items = 0;
        let committed = commit && conn.execute("COMMIT").await.is_ok();
        if !committed {
            if conn.execute("ROLLBACK").await.is_err() {
                // In no known state: not given back to the pool.
                conn.close_on_drop();
            }
            tracing::error!("group commit: a batch was rolled back; its requests are answered with an error");
        }
        drop(conn);
        if let Some(done) = done {
            done.send_replace(Some(committed));
        }
    }
}

impl<DB: Database> Item<'_, DB>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    /// The connection the item's statements run on, inside the batch's
    /// transaction (or its own).
    pub(crate) fn conn(&mut self) -> Result<&mut DB::Connection, sqlx::Error> {
        match &mut self.within {
            Some(Within::Batch(batch)) => batch.conn.as_deref_mut().ok_or_else(|| fault("no connection")),
            Some(Within::Alone(tx)) => Ok(&mut **tx),
            None => Err(fault("the item is over")),
        }
    }

    /// Keeps what the item wrote, lets the next one in and waits until the
    /// batch is committed: `Ok` only once it is durable. Then advances the
    /// checkpoint; gives the item's last entry.
    async fn keep(&mut self) -> Result<Option<Appended>, sqlx::Error> {
        let mut batch = match self.within.take() {
            Some(Within::Alone(tx)) => {
                tx.commit().await?;
                return Ok(None);
            }
            Some(Within::Batch(batch)) => batch,
            None => return Err(fault("the item is over")),
        };
        batch.unfinished = false;
        batch.releasing = true;
        let released = match batch.conn.as_deref_mut() {
            Some(conn) => conn.execute("RELEASE SAVEPOINT item").await.map(|_| ()),
            None => Err(fault("no connection")),
        };
        batch.releasing = false;
        if let Err(e) = released {
            batch.unfinished = true;
            return Err(e);
        }
        let mut done = batch.done.as_ref().ok_or_else(|| fault("no batch"))?.subscribe();
        drop(batch);
        self.group.wake.notify_one();
        match done.wait_for(|d| d.is_some()).await.map(|d| *d) {
            Ok(Some(true)) => {}
            _ => return Err(fault("the batch was not committed")),
        }
        let appended = self.appended.take();
        if let (Some(chain), Some(a)) = (&self.chain, &appended) {
            chain.committed(a.clone()).await;
        }
        Ok(appended)
    }

    /// Undoes what the item wrote and lets the next one in (a change that
    /// found nothing to change).
    pub(crate) async fn undo(mut self) -> Result<(), sqlx::Error> {
        match self.within.take() {
            Some(Within::Alone(tx)) => tx.rollback().await,
            Some(Within::Batch(mut batch)) => {
                let conn = batch.conn.as_deref_mut().ok_or_else(|| fault("no connection"))?;
                undo(conn).await?;
                batch.unfinished = false;
                drop(batch);
                // Nothing of its own to wait for; the batch may hold others'.
                self.group.wake.notify_one();
                Ok(())
            }
            None => Err(fault("the item is over")),
        }
    }
}

/// Appends `record` to the chain in the open batch.
macro_rules! append_in_batch {
    ($item:expr, $chain:expr, $record:expr) => {{
        let tx = $item.conn()?;
        let appended = $crate::audit::append_audit!($chain, tx, $record).await?;
        $item.appended = Some(appended);
        $item.chain = Some($chain.clone());
        Ok(())
    }};
}

impl Item<'_, sqlx::Sqlite> {
    /// Appends `record` to the chain with the item's change.
    pub(crate) async fn audit(&mut self, chain: &Chain, record: &AuditRecord) -> Result<(), sqlx::Error> {
        append_in_batch!(self, chain, record)
    }

    /// Keeps what the item wrote and waits until it is durable; gives its
    /// last entry.
    pub(crate) async fn finish(mut self) -> Result<Option<Appended>, sqlx::Error> {
        self.keep().await
    }
}

impl Item<'_, sqlx::Postgres> {
    /// Stores `record` pending with the item's change (linked after the
    /// commit by the sequencer).
    pub(crate) async fn audit(&mut self, chain: &Chain, record: &AuditRecord) -> Result<(), sqlx::Error> {
        let Some(Within::Alone(tx)) = &mut self.within else {
            return append_in_batch!(self, chain, record);
        };
        self.pending = Some(sequencer::stage(tx, record).await?);
        self.chain = Some(chain.clone());
        Ok(())
    }

    /// Commits the item, then waits until its entries are linked into the
    /// chain; gives its last entry (none when another process linked it).
    pub(crate) async fn finish(mut self) -> Result<Option<Appended>, sqlx::Error> {
        let group = self.group;
        let waiting = self.pending.take().map(|id| group.sequencer.wait_for(id));
        let kept = self.keep().await?;
        match (waiting, self.chain.take()) {
            (Some(waiting), Some(chain)) => group.sequencer.link(&group.pool, &chain, waiting).await,
            _ => Ok(kept),
        }
    }
}

impl Group<sqlx::Sqlite> {
    /// Links the entries left pending: none on SQLite, whose writer
    /// appends every entry in its write's own transaction, unless rows were
    /// put there from outside (copied from a PostgreSQL database); appended
    /// to the chain in one item, in the order of their ids. Gives how many.
    pub(crate) async fn settle(self: &Arc<Self>, chain: &Chain) -> Result<usize, sqlx::Error> {
        let mut linked = 0;
        loop {
            let mut item = self.enter().await?;
            let mut rows: Vec<sequencer::PendingRow> =
                sqlx::query_as(sequencer::TAKE).bind(sequencer::ROUND).fetch_all(item.conn()?).await?;
            if rows.is_empty() {
                item.undo().await?;
                return Ok(linked);
            }
            rows.sort_unstable_by_key(|r| r.id);
            linked += rows.len();
            for row in rows {
                let (_, record) = row.record()?;
                item.audit(chain, &record).await?;
            }
            item.finish().await?;
        }
    }
}

impl Group<sqlx::Postgres> {
    /// Links the entries left pending (after a crash); gives how many.
    pub(crate) async fn settle(&self, chain: &Chain) -> Result<usize, sqlx::Error> {
        self.sequencer.settle(&self.pool, chain).await
    }
}

impl<DB: Database> Drop for Item<'_, DB> {
    /// An item dropped unfinished (its statement failed, or its request
    /// was dropped) leaves its savepoint to undo and the batch open: the
    /// committer is woken to undo it and commit the others, so that the
    /// write lock is never kept by a batch nobody is adding to.
    fn drop(&mut self) {
        if let Some(Within::Batch(batch)) = self.within.take() {
            drop(batch);
            self.group.wake.notify_one();
        }
    }
}

/// Rolls back to the item's savepoint and releases it.
async fn undo<DB: Database>(conn: &mut DB::Connection) -> Result<(), sqlx::Error>
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    conn.execute("ROLLBACK TO SAVEPOINT item").await?;
    conn.execute("RELEASE SAVEPOINT item").await?;
    Ok(())
}

/// Commits whenever an item has finished: after the items already queued
/// for the lock, so that they share the commit.
async fn committer<DB: Database>(group: Weak<Group<DB>>, wake: Arc<Notify>)
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    loop {
        wake.notified().await;
        let Some(group) = group.upgrade() else { return };
        group.commit().await;
    }
}

impl<DB: Database> Drop for Group<DB> {
    fn drop(&mut self) {
        // Lets the committer see that the database is gone.
        self.wake.notify_one();
    }
}

impl<DB: Database> std::fmt::Debug for Group<DB> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Group")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
    use std::future::Future;

    type Outcome = Result<(), Box<dyn std::error::Error>>;

    async fn rows(pool: &sqlx::SqlitePool) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(pool).await
    }

    /// A request dropped while its item's `RELEASE` is on its way: its
    /// complete write stays in the batch, and the batch (others' writes in
    /// it) is committed, not rolled back.
    #[tokio::test]
    async fn an_item_dropped_while_it_is_released_keeps_its_batch() -> Outcome {
        let dir = tempfile::tempdir()?;
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("group.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await?;
        sqlx::query("CREATE TABLE t (v INTEGER NOT NULL)").execute(&pool).await?;
        let group = Group::new(pool.clone(), Some("BEGIN IMMEDIATE"));

        let mut dropped = group.enter().await?;
        sqlx::query("INSERT INTO t VALUES (1)").execute(dropped.conn()?).await?;
        // Polled once (the RELEASE sent to the connection), then dropped,
        // as a request whose client went away.
        let mut finish = Box::pin(dropped.finish());
        let polled = std::future::poll_fn(|cx| std::task::Poll::Ready(finish.as_mut().poll(cx))).await;
        assert!(polled.is_pending(), "dropped before its batch was committed");
        drop(finish);

        let mut next = group.enter().await?;
        sqlx::query("INSERT INTO t VALUES (2)").execute(next.conn()?).await?;
        next.finish().await?;
        assert_eq!(rows(&pool).await?, 2, "both writes committed");

        // An item dropped before it finished is still undone alone.
        let mut undone = group.enter().await?;
        sqlx::query("INSERT INTO t VALUES (3)").execute(undone.conn()?).await?;
        drop(undone);
        let mut last = group.enter().await?;
        sqlx::query("INSERT INTO t VALUES (4)").execute(last.conn()?).await?;
        last.finish().await?;
        let kept: Vec<i64> = sqlx::query_scalar("SELECT v FROM t ORDER BY v").fetch_all(&pool).await?;
        assert_eq!(kept, [1, 2, 4]);
        Ok(())
    }
}
