//! The audit log: its keyed hash chain, its seal outside the database, reading and verifying it.

pub mod chain;
pub(crate) mod log;
pub mod repo;
pub mod seal;
