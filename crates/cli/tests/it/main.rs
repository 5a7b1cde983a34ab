//! The integration tests: one binary. Every test that touches storage runs
//! on SQLite and on PostgreSQL (see `both!`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod helpers;

mod api;
mod audit_seal;
mod bulk_cases;
mod case_pages;
mod cases;
mod cli;
mod complaint_pages;
mod directory;
mod hardening;
mod identity;
mod import;
mod openapi;
mod ops;
mod pages;
mod people;
mod person_pages;
mod referrals;
mod registry;
mod routes;
mod safety;
mod smtp_sink;
mod story;
mod web_auth;
