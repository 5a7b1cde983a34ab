//! The person registry: people and their names, NIK, duplicate matching, migration episodes,
//! families and households, consents, visits and the desk queue, imports.

pub mod consent;
pub(crate) mod consents;
pub mod episode;
pub(crate) mod episodes;
pub(crate) mod families;
pub mod family;
pub mod file;
pub mod import;
pub mod matching;
pub(crate) mod merge;
pub mod name_keys;
pub mod names;
pub mod nik;
pub(crate) mod people;
pub mod person;
pub(crate) mod person_names;
pub mod repo;
pub mod visit;
pub(crate) mod visits;
