//! The integration tests: one binary. Every test that touches storage runs
//! on SQLite and on PostgreSQL (see `both!`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod helpers;

mod api;
mod architecture;
mod areas;
mod audit;
mod backup;
mod cases;
mod cli;
mod community;
mod directory;
mod hardening;
mod identity;
mod openapi;
mod ops;
mod organisations;
mod pages;
mod referrals;
mod registry;
mod reports;
mod routes;
mod safety;
mod smtp_sink;
mod story;
