//! The person registry's repositories: people, consents, episodes, families and households,
//! visits and the desk queue, bulk imports.

pub(crate) mod consents;
pub(crate) mod episodes;
pub(crate) mod families;
pub(crate) mod import;
pub(crate) mod import_copy;
pub(crate) mod name_keys;
pub(crate) mod people;
pub(crate) mod visits;
