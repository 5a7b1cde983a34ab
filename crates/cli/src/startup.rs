//! From a configuration to a running application: open the database, apply
//! the migrations, build the state, listen.

use std::sync::Arc;

use satuatap_core::{App, AuthSettings};
use satuatap_store::{connect, ConnectError, Db};
use satuatap_web::{AppState, WebSettings};
use tokio::net::TcpListener;

use crate::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("database: {0}")]
    Migrate(satuatap_core::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("{0}")]
    Other(String),
}

/// Opens the database named by `url` and brings its schema up to date.
pub async fn open_database(url: &str, config: &Config) -> Result<Db, StartError> {
    let db = connect(url, &config.db_options()).await?;
    db.migrate().await.map_err(StartError::Migrate)?;
    Ok(db)
}

/// The services over `db`, with default sign-in settings (command line).
pub fn app(db: &Db) -> App {
    App::new(Arc::new(db.clone()), AuthSettings::default())
}

/// The services over `db` with the configured sign-in settings (server).
pub fn configured_app(db: &Db, config: &Config) -> App {
    App::new(Arc::new(db.clone()), config.auth_settings())
}

pub fn web_state(app: App, config: &Config) -> Result<AppState, StartError> {
    satuatap_web::state(app, WebSettings { secure_cookies: config.secure_cookies })
        .map_err(|e| StartError::Other(e.to_string()))
}

pub async fn listen(addr: std::net::SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr: addr.to_string(), source })
}
