//! Satu Atap domain core: validated types, rules and the services the web
//! layer and the command line call. It knows neither HTTP nor SQL: storage is
//! reached through the repository traits in [`repo`].

#[macro_use]
mod codes;
pub mod access;
pub mod app;
pub mod areas;
pub mod audit;
pub mod backup;
pub mod cases;
pub mod community;
pub mod directory;
pub mod error;
pub mod identity;
pub mod money;
pub mod organisations;
pub mod paging;
pub mod referrals;
pub mod registry;
pub mod repo;
pub mod reports;
pub mod sealing;
pub mod text;

pub use app::{App, AuthSettings, DEFAULT_TIME_ZONE};
pub use audit::log::Verification;
pub use cases::file::CaseFile;
pub use cases::work::CaseMention;
pub use error::{Error, FieldError, Result};
pub use identity::sign_in::{Authenticated, NewSession, NewToken};
pub use referrals::service::ReferralBox;
pub use referrals::work::ReferralWork;
pub use registry::people::Registered;
