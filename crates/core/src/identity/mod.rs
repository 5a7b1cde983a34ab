//! Users, roles, sign-in, sessions, API tokens, passwords and two-step verification.

pub(crate) mod accounts;
pub mod draft;
pub(crate) mod keep_draft;
pub(crate) mod language;
pub mod repo;
pub mod secrets;
pub(crate) mod sign_in;
pub mod totp;
pub mod users;
