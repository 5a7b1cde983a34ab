//! Storage: one repository layer over SQLite (embedded default) and
//! PostgreSQL. The same SQL text serves both engines wherever the dialects
//! agree; [`pool::Pool`] picks the driver and nothing above this crate knows
//! which engine is behind it.

mod areas;
mod audit;
mod audit_seal;
mod case_import;
mod cases;
mod complaints;
mod connect;
mod consents;
mod directory;
mod episodes;
mod families;
mod import;
mod import_copy;
mod need_to_know;
mod offices;
mod organisations;
mod people;
mod pool;
mod referrals;
mod restricted;
mod search;
mod sessions;
mod users;
mod visits;

pub use audit_seal::{signed_checkpoint, AuditSealFiles, SealError, SealOpened};
pub use connect::{connect, redact, ConnectError, DbOptions, Engine};
pub use pool::Db;
