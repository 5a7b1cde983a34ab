//! Organisations of every kind and the offices they run or serve at.

pub mod organisation;
pub mod repo;
