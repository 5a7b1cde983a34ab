//! The audit log: its exact entries, its chain, seal and anchor, and its
//! page and API as people read and filter them.

mod batch;
mod entries;
mod log;
pub(crate) mod seal;
