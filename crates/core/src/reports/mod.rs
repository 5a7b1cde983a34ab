//! Indicators and reports: the catalogue of what is counted, small-cell
//! suppression of every published table, and SDG indicator 10.7.1.

pub mod catalogue;
pub mod sdg;
pub mod suppression;
