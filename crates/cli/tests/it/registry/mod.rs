//! The registry: people over the API, episodes, families and merging, the person pages, imports.

mod durability;
mod handover;
mod import;
mod matching;
mod pages;
mod people;
mod records;
