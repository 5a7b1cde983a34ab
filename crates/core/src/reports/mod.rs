//! Indicators and reports: the catalogue of what is counted, small-cell
//! suppression of every published table, SDG indicator 10.7.1 and the
//! exchange rates it converts with.

pub mod catalogue;
pub mod dhis2;
pub(crate) mod dhis2s;
pub mod exchange;
pub(crate) mod exchanges;
pub mod headline;
pub mod lines;
pub mod period;
pub mod query;
pub mod repo;
pub mod sdg;
pub mod sdgs;
pub mod suppression;
pub mod tables;
