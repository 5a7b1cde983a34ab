//! The audit log over the command line: its chain, seal and anchor.

mod entries;
pub(crate) mod seal;
