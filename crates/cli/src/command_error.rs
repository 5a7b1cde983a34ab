//! What a command fails with.

use crate::area_files::AreaFileError;
use crate::config::ConfigError;
use crate::demo_common::DemoError;
use crate::startup::StartError;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error(transparent)]
    AreaFile(#[from] AreaFileError),
    #[error(transparent)]
    Backup(#[from] satuatap_store::backup::BackupError),
    #[error("{0}")]
    Refused(String),
}
