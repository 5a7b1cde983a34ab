//! Cases by the coordinated SOP: workflow, facts (classification, GBV incident), tasks, notes,
//! attachments, complaints and mediation, transfers, the case file, need-to-know, bulk loading.

pub mod actions;
pub mod attachment;
pub mod case;
pub mod complaint;
pub(crate) mod complaints;
pub(crate) mod facts;
pub mod file;
pub mod import;
pub mod read_rule;
pub mod record;
pub mod repo;
pub(crate) mod restricted;
pub(crate) mod work;
pub(crate) mod workflow;
