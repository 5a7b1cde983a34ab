//! The audit log: its keyed hash chain, its seal outside the database, reading and verifying it.

pub mod action;
pub mod chain;
pub mod changes;
pub mod entity;
pub(crate) mod log;
pub mod names;
pub mod repo;
pub mod seal;

pub use action::AuditAction;
pub use entity::AuditEntity;
