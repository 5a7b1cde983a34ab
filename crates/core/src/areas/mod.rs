//! Areas: Kemendagri codes (province, regency, kecamatan, village) and their import.

pub mod area;
pub mod import;
pub mod repo;
pub(crate) mod service;
