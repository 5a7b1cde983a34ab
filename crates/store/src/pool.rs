//! The database behind the application: [`Db`], the pool of one engine or
//! the other with the key of the audit chain. The driver-level helpers of
//! [`crate::driver`] are re-exported here for the repositories.

use async_trait::async_trait;
use satuatap_core::audit::seal::{AuditSealState, Checkpoint};
use satuatap_core::repo::Store;
use satuatap_core::{Error, Result};

use crate::audit::seal::{AuditSealFiles, Chain, SealError, SealOpened};
pub(crate) use crate::driver::{bind_list, count, db_error, offset, on_pool, stored, Pool, STALE};

/// The database behind the application.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) pool: Pool,
    /// Where write transactions run. On SQLite one connection of its own:
    /// the file has one writer at a time, and writers queued here wait
    /// their turn in order, where sixteen pooled connections each starting
    /// a transaction fought for the lock (failed upgrades, the busy
    /// handler's sleeps of up to 100 ms). On PostgreSQL the same pool.
    pub(crate) writer: Pool,
    /// The audited writes, batched on `writer` (group commit).
    pub(crate) group: crate::audit::group::Writers,
    /// The key of the audit chain and its checkpoint writer
    /// ([`Db::with_audit_seal`]); unkeyed until then.
    pub(crate) chain: Chain,
}

impl Db {
    pub(crate) fn new(pool: Pool) -> Self {
        Self::with_writer(pool.clone(), pool)
    }

    /// A database whose write transactions run on `writer`.
    pub(crate) fn with_writer(pool: Pool, writer: Pool) -> Self {
        let group = crate::audit::group::Writers::of(&writer);
        Self { pool, writer, group, chain: Default::default() }
    }

    /// Applies the migrations of this engine that are not applied yet.
    pub async fn migrate(&self) -> Result<()> {
        let result = match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await,
        };
        result.map_err(|e| Error::internal(format!("migration failed: {e}")))
    }

    /// Brings the query planner's statistics up to date where they are
    /// missing or stale: on SQLite `PRAGMA optimize` over every table (a
    /// bounded ANALYZE of those that need one: tables never analyzed,
    /// tables grown many times over), in milliseconds; on PostgreSQL,
    /// whose autovacuum keeps them (and the bulk loads run ANALYZE
    /// themselves), an ANALYZE of the tables with rows that were never
    /// analyzed (a server with autovacuum off). Run after the migrations
    /// and every hour by `serve`.
    pub async fn optimize(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let mut conn = p.acquire().await.map_err(db_error)?;
                sqlx::query(&format!("PRAGMA analysis_limit = {}", crate::driver::ANALYSIS_LIMIT))
                    .execute(&mut *conn)
                    .await
                    .map_err(db_error)?;
                // 0x10000: every table, not only those this connection used.
                sqlx::query("PRAGMA optimize = 0x10002").execute(&mut *conn).await.map_err(db_error)?;
                Ok(())
            }
            Pool::Postgres(p) => {
                let never: Vec<String> = sqlx::query_scalar(
                    "SELECT c.relname::text FROM pg_class c \
                     JOIN pg_namespace ns ON ns.oid = c.relnamespace \
                     LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid \
                     WHERE ns.nspname = current_schema() AND c.relkind = 'r' AND c.reltuples < 0 \
                       AND s.last_analyze IS NULL AND s.last_autoanalyze IS NULL \
                       AND pg_relation_size(c.oid) > 0 \
                     ORDER BY 1",
                )
                .fetch_all(p)
                .await
                .map_err(db_error)?;
                for table in never {
                    // A name from the catalogue, quoted as an identifier.
                    let sql = format!("ANALYZE \"{}\"", table.replace('"', "\"\""));
                    sqlx::query(&sql).execute(p).await.map_err(db_error)?;
                }
                Ok(())
            }
        }
    }

    pub async fn close(&self) {
        // A batch left open (its last item failed) ends before its connection closes.
        crate::audit::group::on_group!(&self.group, |g| g.commit().await);
        on_pool!(&self.writer, |p, _DB| p.close().await);
        on_pool!(&self.pool, |p, _DB| p.close().await)
    }
}

#[async_trait]
impl Store for Db {
    fn engine(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    async fn ping(&self) -> Result<()> {
        on_pool!(&self.pool, |p, _DB| sqlx::query("SELECT 1").execute(p).await.map(|_| ())).map_err(db_error)
    }
}

/// The seal of the audit log (`crate::audit::seal`).
impl Db {
    /// Keys the audit chain with the key in `files.key_file` and writes the
    /// signed checkpoint of the head to `files.checkpoint_file` after every
    /// commit that appends. With `create`, a missing key file is made with a
    /// new random key, the log's last entry as its legacy boundary, and the
    /// first checkpoint; without, a missing key file is an error.
    pub async fn with_audit_seal(
        mut self,
        files: &AuditSealFiles,
        create: bool,
    ) -> std::result::Result<(Db, SealOpened), SealError> {
        let (chain, opened) = Chain::open(&self.pool, files, create).await?;
        self.chain = chain;
        Ok((self, opened))
    }

    /// The checkpoint file's checkpoint, its MAC checked (`None`: no seal).
    pub fn audit_checkpoint(&self) -> std::result::Result<Option<Checkpoint>, String> {
        self.chain.checkpoint()
    }

    /// Signs the log's current last entry and makes it the checkpoint,
    /// replacing whatever the file holds (after a restore from backup, or
    /// once a checkpoint left ahead by a power cut has been looked into).
    pub async fn reset_audit_checkpoint(&self) -> std::result::Result<Checkpoint, SealError> {
        self.chain.reset_checkpoint(&self.pool).await
    }

    /// Links into the chain the audit entries a crash left pending
    /// (PostgreSQL, see `crate::audit::sequencer`); gives how many. Run at
    /// start, after the seal is opened, and before a verification.
    pub async fn settle_audit(&self) -> Result<usize> {
        match &self.group {
            crate::audit::group::Writers::Postgres(g) => g.settle(&self.chain).await.map_err(db_error),
            crate::audit::group::Writers::Sqlite(g) => g.settle(&self.chain).await.map_err(db_error),
        }
    }

    /// The key and the checkpoint as they are now, for verification.
    pub(crate) fn seal_state(&self) -> Result<Option<AuditSealState>> {
        self.chain.state()
    }
}
