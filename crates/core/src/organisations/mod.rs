//! Organisations of every kind and the offices they run or serve at.

pub(crate) mod offices;
pub mod organisation;
pub mod repo;
pub mod rules;
pub(crate) mod service;
