//! Backups: what a backup says about itself ([`manifest`]) and which of the
//! scheduled backups to keep ([`retention`]). Taking and loading one is the
//! store's (`satuatap_store::backup`); encrypting it, the command line's.

pub mod manifest;
pub mod retention;
