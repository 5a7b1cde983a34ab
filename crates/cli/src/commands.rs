//! The subcommands.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::config::{sqlite_url, Config};
use crate::startup::{self, StartError};
use crate::{area_files, demo, telemetry};

#[derive(Parser, Debug)]
#[command(
    name = "satuatap",
    version,
    about = "Satu Atap: information system of the one-roof integrated services for migrant workers"
)]
pub struct Cli {
    /// Configuration file (TOML). Default: $SATUATAP_CONFIG, else ./satuatap.toml if present.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (applies migrations first).
    Serve {
        /// Start on a fresh embedded database loaded with the demo data.
        #[arg(long)]
        demo: bool,
        /// Let the demo listen on a non-loopback address (demo data is public knowledge).
        #[arg(long, requires = "demo")]
        allow_remote_demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data of the four pilot districts into the configured (empty) database.
    Demo,
    /// Areas (Kemendagri codes).
    Areas {
        #[command(subcommand)]
        command: AreasCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum AreasCommand {
    /// Import areas from the CSV files of the npm package idn-area-data.
    Import {
        /// The package's data directory (with provinces.csv, regencies.csv, districts.csv, villages.csv).
        #[arg(default_value = "node_modules/idn-area-data/data")]
        dir: PathBuf,
        /// Only these areas (and the areas above them), e.g. --only 32.09,35.04.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Start(#[from] StartError),
    #[error(transparent)]
    Demo(#[from] demo::DemoError),
    #[error(transparent)]
    AreaFile(#[from] area_files::AreaFileError),
    #[error("{0}")]
    Refused(String),
}

pub async fn run(cli: Cli) -> Result<(), CommandError> {
    let config = Config::load(cli.config.as_deref())?;
    telemetry::init(&config);
    match cli.command {
        Command::Serve {
            demo,
            allow_remote_demo,
        } => serve(config, demo, allow_remote_demo).await,
        Command::Migrate => {
            let url = config.database_url();
            let db = startup::open_database(&url, &config).await?;
            println!("database is up to date ({})", satuatap_store::redact(&url));
            db.close().await;
            Ok(())
        }
        Command::Demo => {
            let db = startup::open_database(&config.database_url(), &config).await?;
            let summary = demo::load(&startup::app(&db)).await;
            db.close().await;
            let summary = summary?;
            println!(
                "demo loaded: {} areas, {} organisations, {} offices, {} users (password: {})",
                summary.areas,
                summary.organisations,
                summary.offices,
                summary.users,
                demo::DEMO_PASSWORD
            );
            Ok(())
        }
        Command::Areas {
            command: AreasCommand::Import { dir, only },
        } => import_areas(&config, &dir, &only).await,
    }
}

async fn import_areas(config: &Config, dir: &Path, only: &[String]) -> Result<(), CommandError> {
    // Everything is read and checked before the database is opened.
    let rows = area_files::read_dir(dir, only)?;
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = startup::app(&db)
        .import_areas(&satuatap_core::access::Ctx::system(), rows)
        .await;
    db.close().await;
    match result {
        Ok(summary) => {
            println!(
                "areas imported: {} rows read, {} written",
                summary.rows, summary.written
            );
            Ok(())
        }
        Err(errors) => {
            let shown: Vec<String> = errors
                .iter()
                .take(20)
                .map(|e| {
                    let value = e
                        .error
                        .args
                        .iter()
                        .map(|(_, v)| v.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    format!("{}: {} {} {}", e.origin, e.error.field, e.error.code, value)
                        .trim_end()
                        .to_string()
                })
                .collect();
            let more = errors.len().saturating_sub(shown.len());
            let tail = if more > 0 {
                format!("\n… and {more} more")
            } else {
                String::new()
            };
            Err(CommandError::Refused(format!(
                "nothing imported: {} invalid rows\n{}{tail}",
                errors.len(),
                shown.join("\n")
            )))
        }
    }
}

async fn serve(
    mut config: Config,
    demo: bool,
    allow_remote_demo: bool,
) -> Result<(), CommandError> {
    if demo && !is_loopback(config.bind.ip()) && !allow_remote_demo {
        return Err(CommandError::Refused(format!(
            "serve --demo listens only on a loopback address; {} is not (add --allow-remote-demo to insist)",
            config.bind
        )));
    }
    let url = if demo {
        let file = config.data_dir.join("demo.db");
        for suffix in ["", "-wal", "-shm"] {
            let mut name = file.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
        config.database_url = Some(sqlite_url(&file));
        sqlite_url(&file)
    } else {
        config.database_url()
    };
    let listener = startup::listen(config.bind).await?;
    let db = startup::open_database(&url, &config).await?;
    let app = startup::app(&db);
    if demo {
        let summary = demo::load(&app).await?;
        tracing::info!(
            areas = summary.areas,
            organisations = summary.organisations,
            offices = summary.offices,
            "demo data loaded"
        );
    }
    let state = startup::web_state(app, &config)?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Other(e.to_string()))?;
    tracing::info!(engine = state.app.engine(), %addr, "ready");
    println!("Satu Atap is ready: http://{addr}/");
    satuatap_web::serve(listener, state, shutdown_signal())
        .await
        .map_err(|e| StartError::Other(format!("server: {e}")))?;
    db.close().await;
    Ok(())
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
