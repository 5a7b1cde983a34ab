//! The audit log over the command line: its chain, seal and anchor.

pub(crate) mod seal;
