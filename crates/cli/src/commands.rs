//! The subcommands.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use satuatap_core::access::Ctx;
use satuatap_core::users::NewUser;
use satuatap_core::Verification;

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
    /// User accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input (first line).
    Create {
        #[arg(long)]
        username: String,
        /// Code of the user's organisation, e.g. SBMI-CRB.
        #[arg(long = "org")]
        organisation: String,
        /// Role code (repeat for several): administrator, district_coordinator, front_desk, case_worker,
        /// counsellor, paralegal, supervisor, village_officer, me_officer.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Home area code (default: the organisation's area).
        #[arg(long)]
        home: Option<String>,
        /// Display name (default: the user name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable a user (their sessions and tokens end at once).
    Disable { username: String },
    /// Enable a disabled user again.
    Enable { username: String },
    /// Turn on two-step verification for a user; prints the key for their authenticator app.
    Totp { username: String },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the hash chain; exit non-zero naming the first broken entry.
    Verify,
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
        Command::Serve { demo, allow_remote_demo } => serve(config, demo, allow_remote_demo).await,
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
        Command::Areas { command: AreasCommand::Import { dir, only } } => import_areas(&config, &dir, &only).await,
        Command::User { command } => user(&config, command).await,
        Command::Audit { command: AuditCommand::Verify } => verify_audit(&config).await,
    }
}

async fn user(config: &Config, command: UserCommand) -> Result<(), CommandError> {
    let ctx = Ctx::system();
    let input = match &command {
        UserCommand::Create { username, organisation, roles, home, name } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| CommandError::Refused(format!("cannot read the password from standard input: {e}")))?;
            Some(NewUser {
                username: username.clone(),
                display_name: name.clone(),
                organisation_code: organisation.clone(),
                roles: roles.clone(),
                home_area_code: home.clone(),
                password: password.trim_end_matches(['\r', '\n']).to_string(),
            })
        }
        _ => None,
    };
    let db = startup::open_database(&config.database_url(), config).await?;
    let app = startup::app(&db);
    let result = match (command, input) {
        (UserCommand::Create { .. }, Some(input)) => app.create_user(&ctx, &input).await.map(|u| {
            println!("user {} created in {} ({})", u.username, u.organisation_code, u.id);
        }),
        (UserCommand::Disable { username }, _) => app.set_user_disabled(&ctx, &username, true).await.map(|()| {
            println!("user {username} disabled");
        }),
        (UserCommand::Enable { username }, _) => app.set_user_disabled(&ctx, &username, false).await.map(|()| {
            println!("user {username} enabled");
        }),
        (UserCommand::Totp { username }, _) => app.enrol_totp_for(&ctx, &username).await.map(|(secret, url)| {
            println!("two-step verification on for {username}\nkey: {secret}\nurl: {url}");
        }),
        (UserCommand::Create { .. }, None) => Ok(()),
    };
    db.close().await;
    result.map_err(|e| CommandError::Refused(describe_error(&e)))
}

async fn verify_audit(config: &Config) -> Result<(), CommandError> {
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = startup::app(&db).verify_audit(&Ctx::system()).await;
    db.close().await;
    match result.map_err(|e| CommandError::Refused(describe_error(&e)))? {
        Verification::Intact { entries } => {
            println!("audit log intact: {entries} entries");
            Ok(())
        }
        Verification::Broken(b) => Err(CommandError::Refused(format!("audit log broken: {b}"))),
    }
}

/// A core error in one line for the terminal.
fn describe_error(e: &satuatap_core::Error) -> String {
    match e {
        satuatap_core::Error::Invalid(fields) => fields
            .iter()
            .map(|f| {
                let args = f.args.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
                format!("{}: {} {}", f.field, f.code, args).trim_end().to_string()
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

async fn import_areas(config: &Config, dir: &Path, only: &[String]) -> Result<(), CommandError> {
    // Everything is read and checked before the database is opened.
    let rows = area_files::read_dir(dir, only)?;
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = startup::app(&db).import_areas(&satuatap_core::access::Ctx::system(), rows).await;
    db.close().await;
    match result {
        Ok(summary) => {
            println!("areas imported: {} rows read, {} written", summary.rows, summary.written);
            Ok(())
        }
        Err(errors) => {
            let shown: Vec<String> = errors
                .iter()
                .take(20)
                .map(|e| {
                    let value = e.error.args.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(" ");
                    format!("{}: {} {} {}", e.origin, e.error.field, e.error.code, value).trim_end().to_string()
                })
                .collect();
            let more = errors.len().saturating_sub(shown.len());
            let tail = if more > 0 { format!("\n… and {more} more") } else { String::new() };
            Err(CommandError::Refused(format!(
                "nothing imported: {} invalid rows\n{}{tail}",
                errors.len(),
                shown.join("\n")
            )))
        }
    }
}

async fn serve(mut config: Config, demo: bool, allow_remote_demo: bool) -> Result<(), CommandError> {
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
    let app = startup::configured_app(&db, &config);
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
    let addr = listener.local_addr().map_err(|e| StartError::Other(e.to_string()))?;
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
