//! The `satuatap` command: configuration, start-up, demo data and the
//! administrative commands. Everything it does goes through the core
//! services, like the web layer.

pub mod area_files;
pub mod audit;
pub mod backup;
pub mod command_error;
pub mod commands;
pub mod config;
pub mod demo;
pub mod demo_bulk_cases;
pub mod demo_cases;
pub mod demo_common;
mod demo_community;
mod demo_community_year;
pub mod demo_directory;
pub mod demo_events;
pub mod demo_people;
pub mod demo_referrals;
pub mod directory_import;
pub mod match_eval;
pub mod outbox;
pub mod people_import;
pub mod startup;
pub mod synth;
pub mod telemetry;
