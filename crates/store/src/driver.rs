//! The pool of one engine or the other, the mapping of driver errors to
//! the core's error type, and the small helpers every repository's SQL uses.
//! [`crate::pool::Db`] holds the pool; the repositories import these
//! through `crate::pool`.

use satuatap_core::{Error, Result};
use sqlx::{PgPool, QueryBuilder, SqlitePool};

#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body against whichever pool is behind `$pool`. Inside the
/// body `$p` is the concrete pool and `$db` the concrete `sqlx::Database`.
macro_rules! on_pool {
    ($pool:expr, |$p:ident, $db:ident| $body:expr) => {
        match $pool {
            $crate::driver::Pool::Sqlite($p) => {
                #[allow(dead_code)]
                type $db = sqlx::Sqlite;
                $body
            }
            $crate::driver::Pool::Postgres($p) => {
                #[allow(dead_code)]
                type $db = sqlx::Postgres;
                $body
            }
        }
    };
}
pub(crate) use on_pool;

/// Raised inside a transaction when a conditional update finds its row
/// changed meanwhile (the transaction rolls back); maps to `Conflict { code: "stale" }`.
pub(crate) const STALE: &str = "satuatap: the row changed meanwhile";

/// Maps a driver error to the core's meaning: unique violations are
/// conflicts, everything else is an internal fault (logged, never shown).
pub(crate) fn db_error(e: sqlx::Error) -> Error {
    if let sqlx::Error::Protocol(m) = &e {
        if m == STALE {
            return Error::Conflict { code: "stale", field: None };
        }
    }
    if let sqlx::Error::Database(db) = &e {
        if db.is_unique_violation() {
            return Error::Conflict { code: "duplicate_code", field: Some("code".into()) };
        }
    }
    Error::internal(e)
}

/// Turns a stored value back into a domain type; a failure means the
/// database holds something the code never writes.
pub(crate) fn stored<T, E: std::fmt::Debug>(what: &str, r: std::result::Result<T, E>) -> Result<T> {
    r.map_err(|e| Error::internal(format!("bad stored {what}: {e:?}")))
}

pub(crate) fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub(crate) fn offset(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Binds each of `values`, separated by commas: the inside of `IN (…)`
/// (the caller keeps an empty list out of the statement).
pub(crate) fn bind_list<'args, DB, T>(qb: &mut QueryBuilder<'args, DB>, values: impl IntoIterator<Item = T>)
where
    DB: sqlx::Database,
    T: 'args + sqlx::Encode<'args, DB> + sqlx::Type<DB>,
{
    let mut list = qb.separated(", ");
    for v in values {
        list.push_bind(v);
    }
}

/// Rows of each index an ANALYZE run by `PRAGMA optimize` reads on SQLite
/// (an estimate from a sample, in milliseconds on any size of table).
pub(crate) const ANALYSIS_LIMIT: u32 = 400;
