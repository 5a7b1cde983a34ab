//! Satu Atap domain core: validated types, rules and the services the web
//! layer and the command line call. It knows neither HTTP nor SQL: storage is
//! reached through the repository traits in [`repo`].

#[macro_use]
mod codes;
pub mod access;
pub mod app;
mod app_audit;
mod app_auth;
mod app_case_facts;
mod app_case_file;
pub mod app_case_import;
mod app_case_work;
mod app_cases;
mod app_complaints;
mod app_consents;
mod app_directory;
mod app_episodes;
mod app_family;
pub mod app_import;
mod app_merge;
mod app_people;
mod app_person_names;
mod app_referral_links;
mod app_referral_work;
pub mod app_referrals;
mod app_restricted;
mod app_users;
mod app_visits;
pub mod area;
pub mod attachment;
pub mod audit;
pub mod audit_seal;
pub mod case;
pub mod case_record;
pub mod complaint;
pub mod consent;
pub mod directory;
pub mod episode;
pub mod error;
pub mod family;
pub mod hsds;
pub mod matching;
pub mod money;
pub mod names;
pub mod nik;
pub mod organisation;
pub mod paging;
pub mod person;
pub mod referral;
pub mod repo;
pub mod sealing;
pub mod secrets;
pub mod text;
pub mod totp;
pub mod users;
pub mod visit;

pub use app::{App, AuthSettings};
pub use app_audit::Verification;
pub use app_auth::{Authenticated, NewSession, NewToken};
pub use app_case_file::CaseFile;
pub use app_case_work::CaseMention;
pub use app_people::Registered;
pub use app_referral_work::ReferralWork;
pub use app_referrals::ReferralBox;
pub use error::{Error, FieldError, Result};
