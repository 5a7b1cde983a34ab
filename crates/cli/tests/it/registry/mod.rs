//! The registry: people over the API, episodes, families and merging, the person pages, imports.

mod handover;
mod import;
mod pages;
mod people;
mod records;
