//! The `satuatap` command: configuration, start-up, demo data and the
//! administrative commands. Everything it does goes through the core
//! services, like the web layer.

pub mod area_files;
pub mod commands;
pub mod config;
pub mod demo;
pub mod startup;
pub mod telemetry;
