//! Referrals to the services of the directory: consent-gated sending, answers inside the roof
//! and through links, follow-up of overdue referrals, notifications and the outbox.

pub(crate) mod links;
pub mod referral;
pub mod repo;
pub mod service;
pub(crate) mod work;
