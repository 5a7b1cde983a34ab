//! Storage: one repository layer over SQLite (embedded default) and
//! PostgreSQL. The same SQL text serves both engines wherever the dialects
//! agree; [`driver::Pool`] picks the driver and nothing above this crate knows
//! which engine is behind it.

mod access;
mod areas;
mod audit;
pub mod backup;
mod cases;
mod community;
mod connect;
mod directory;
mod driver;
mod identity;
mod organisations;
mod pg_copy;
mod pool;
mod referrals;
mod registry;
pub mod reports;
mod sealing;
mod search;

pub use audit::seal::{signed_checkpoint, AuditSealFiles, SealError, SealOpened};
pub use connect::{connect, redact, ConnectError, DbOptions, Engine, SqliteSync};
pub use pool::Db;
