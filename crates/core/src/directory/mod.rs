//! The service directory (Open Referral HSDS 3.x): services, locations, the taxonomy, import
//! and export.

pub mod catalogue;
pub mod hsds;
pub mod model;
pub mod repo;
