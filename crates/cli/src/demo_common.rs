//! What the demo loaders share: their error, the summary of what was
//! loaded, and a demo district as the generators see it.

use satuatap_core::Error;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub areas: u64,
    pub organisations: u64,
    pub offices: u64,
    pub users: u64,
    /// Services of the directory.
    pub services: u64,
}

/// A demo district as the people generator needs it.
pub struct DemoDistrict {
    pub code: String,
    /// The registering organisation (the district's manpower office).
    pub organisation: String,
    /// Placement agencies of the district.
    pub agencies: Vec<String>,
    /// Prefix of the district's demo users.
    pub users: String,
    /// Short code, e.g. `CRB` (in `DESA-CRB-2`).
    pub short: String,
    /// The pilot villages, the first with its own demo users.
    pub villages: Vec<String>,
    /// Code of the district's crisis centre, if any.
    pub crisis_centre: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds organisations: demo data goes into an empty database")]
    NotEmpty,
    #[error("synthetic people: {0}")]
    People(String),
    #[error("demo file: {0}")]
    File(String),
    #[error("demo areas: {0}")]
    Areas(String),
    #[error("demo data {what}: {error}")]
    Core { what: String, error: Error },
}

pub(crate) fn core(what: impl Into<String>) -> impl FnOnce(Error) -> DemoError {
    let what = what.into();
    move |error| DemoError::Core { what, error }
}
