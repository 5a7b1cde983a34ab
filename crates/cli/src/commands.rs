//! The subcommands.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use satuatap_core::access::Ctx;
use satuatap_core::audit::seal::Anchor;
use satuatap_core::identity::users::NewUser;

use crate::command_error::CommandError;
use crate::config::{sqlite_url, Config};
use crate::startup::{self, StartError};
use crate::{
    area_files, audit, backup, demo, demo_bulk_cases, demo_common, demo_community_year, demo_events, demo_people,
    directory_import, outbox, people_import, synth, telemetry,
};
use satuatap_web::error::field_message;
use satuatap_web::i18n::{I18n, Lang};

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
    Demo {
        /// Also generate this many synthetic people (85% women) with their migration episodes;
        /// on a database that holds the demo already, only the people are added.
        #[arg(long, default_value_t = 0)]
        people: u64,
        /// Seed of the generator (the same seed gives the same people).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also generate this many synthetic cases for the people of the demo districts (written in
        /// bulk, for benchmarks), with extra case-working users; cirebon.union gets 200 open cases.
        #[arg(long, default_value_t = 0)]
        cases: u64,
        /// Also generate this many synthetic village activities (with their attendance) spread over
        /// the 36 pilot villages and the last year, for benchmarks.
        #[arg(long, default_value_t = 0)]
        community: u64,
        /// Also generate about this many service events (visits of the people at their district's
        /// offices over the last two years, two in five also served at a desk), written in bulk
        /// with the report aggregates rebuilt after, for the reports benchmark.
        #[arg(long, default_value_t = 0)]
        events: u64,
    },
    /// The person registry.
    People {
        #[command(subcommand)]
        command: PeopleCommand,
    },
    /// The service directory, as Open Referral HSDS 3.x JSON.
    Directory {
        #[command(subcommand)]
        command: DirectoryCommand,
    },
    /// Areas (Kemendagri codes).
    Areas {
        #[command(subcommand)]
        command: AreasCommand,
    },
    /// Organisations of every kind (national administration, district governments, unions,
    /// crisis centres, NGOs, …).
    Organisations {
        #[command(subcommand)]
        command: OrganisationsCommand,
    },
    /// Service offices (LTSA-MRC offices, village information centres) and the organisations
    /// serving under their roof.
    Offices {
        #[command(subcommand)]
        command: OfficesCommand,
    },
    /// User accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The keys that seal confidential text (case notes, incident narratives).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Indicators and reports.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Write an encrypted backup of the database while it serves (or make the key pair backups
    /// are encrypted to: `backup keygen`).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Backup {
        #[command(subcommand)]
        command: Option<BackupCommand>,
        /// Where to write the backup (a new file).
        #[arg(required = true)]
        file: Option<PathBuf>,
        /// The age public key (age1…) to encrypt to. Default: backup_recipient.
        #[arg(long)]
        recipient: Option<String>,
    },
    /// Load a backup into the configured database, which must be new and empty; then check the
    /// counts against the backup's manifest and verify the audit log.
    Restore {
        file: PathBuf,
        /// The identity file (from `backup keygen`) whose recipient the backup was encrypted to.
        #[arg(long)]
        identity: PathBuf,
    },
    /// The e-mail outbox and the follow-up of overdue referrals.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Make a new key pair: the identity (secret) written owner-only to --out, the recipient
    /// (public, for backup_recipient) printed.
    Keygen {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum OutboxCommand {
    /// One pass: notify the senders of referrals that became overdue, then send the waiting
    /// e-mails through `smtp_url` (`serve` does this every `outbox_seconds`).
    Send,
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Print a new random key line; put it first in the key file to make it current.
    New {
        /// The key's id (default: k + today's date).
        #[arg(long)]
        id: Option<String>,
    },
    /// Re-seal every text sealed with an older key with the current key; afterwards the older
    /// keys can be removed from the key file.
    Reseal,
}

#[derive(Subcommand, Debug)]
pub enum PeopleCommand {
    /// Import people from a CSV file (layout in the README). Every row is checked first; nothing is
    /// written when any row is refused, unless --skip-bad-rows.
    Import {
        file: PathBuf,
        /// Code of the registering organisation, e.g. DISNAKER-CRB.
        #[arg(long = "org")]
        organisation: String,
        /// Check every row and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the valid rows even when some are refused.
        #[arg(long)]
        skip_bad_rows: bool,
        /// Language of the error messages: id or en.
        #[arg(long, default_value = "id")]
        lang: String,
    },
    /// Write a CSV of synthetic people (import layout) living in the demo's villages, for trying
    /// imports and for benchmarks. Needs no database.
    Generate {
        /// Where to write the CSV.
        out: PathBuf,
        #[arg(long, default_value_t = 1000)]
        rows: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure duplicate detection on a generated evaluation set (namesakes, joined and split names,
    /// one-letter typos, the same NIK, hard negatives): imports the set's registry into the
    /// database as --org and asks every question as --desk; prints recall@1, false "likely" and
    /// the match time as JSON. For a demo database or a benchmark's, never a real one; on a database
    /// it ran on before, with another --seed.
    MatchEval {
        /// Pairs of namesakes registered (the set asks one question per pair).
        #[arg(long, default_value_t = 1200)]
        pairs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The registering organisation (its district's villages are used).
        #[arg(long = "org", default_value = "DISNAKER-CRB")]
        organisation: String,
        /// The user who asks (a desk of that organisation).
        #[arg(long, default_value = "cirebon.desk")]
        desk: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum DirectoryCommand {
    /// Import an HSDS 3.x JSON document (as GET /api/v1/directory/hsds exports it): checked against
    /// the HSDS schemas, our model and the database first, nothing written when any part is
    /// invalid; then organisations, locations and services are upserted by id in one transaction.
    Import {
        file: PathBuf,
        /// Language of the error messages: id or en.
        #[arg(long, default_value = "id")]
        lang: String,
    },
    /// Write the whole directory as one HSDS 3.x JSON document (to standard output without FILE).
    Export {
        out: Option<PathBuf>,
        /// Language of the labels (taxonomy terms, languages): id or en.
        #[arg(long, default_value = "id")]
        lang: String,
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
        /// counsellor, paralegal, supervisor, village_officer, task_force_member, me_officer.
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
    /// Confirm a user for restricted records (GBV and trafficking cases,
    /// confidential registrations): the first supervisor of a new
    /// organisation, or an account no supervisor can confirm. Users created
    /// here are confirmed already.
    Confirm { username: String },
}

#[derive(Subcommand, Debug)]
pub enum OrganisationsCommand {
    /// Add an organisation (audited as the system).
    Create {
        /// Its code: capital letters, digits and dashes, e.g. SBMI-IDM.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Kind code: national_agency, district_government, ltsa_desk, trade_union, crisis_centre,
        /// ngo, village_government, village_task_force, placement_agency, employer, service_provider.
        #[arg(long)]
        kind: String,
        /// Kemendagri code of its area, e.g. 32.12.
        #[arg(long)]
        area: String,
        /// Code of the parent organisation.
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        address: Option<String>,
    },
    /// Change an organisation, named by its code: only the options given (an empty value clears
    /// parent, phone, e-mail or address).
    Edit {
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        area: Option<String>,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        address: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum OfficesCommand {
    /// Add an office run by an organisation (which serves under its roof from the start).
    Create {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// ltsa_mrc_office or village_information_centre (in a village).
        #[arg(long, default_value = "ltsa_mrc_office")]
        kind: String,
        /// Kemendagri code of where it stands.
        #[arg(long)]
        area: String,
        /// Code of the organisation that runs it.
        #[arg(long = "org")]
        organisation: String,
        #[arg(long)]
        address: String,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Change an office, named by its code: only the options given.
    Edit {
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        area: Option<String>,
        #[arg(long = "org")]
        organisation: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Let an organisation serve under an office's roof (a desk).
    AddMember {
        /// The office's code.
        office: String,
        /// The organisation's code.
        organisation: String,
    },
    /// Take an organisation from under an office's roof (not the one running it).
    RemoveMember { office: String, organisation: String },
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Recompute the report aggregates from their source rows (one transaction);
    /// with --check, only compare them and exit non-zero when they differ.
    Rebuild {
        #[arg(long)]
        check: bool,
    },
    /// Export a period for DHIS2 through the administrators' mapping: a dataValueSets document
    /// (JSON) or ADX (XML), identifiers by code; suppressed figures and zeros left out.
    Dhis2 {
        /// `202601` (month), `2026Q1` (quarter) or `2026` (year).
        #[arg(long)]
        period: String,
        /// `json` or `adx`.
        #[arg(long, default_value = "json")]
        format: String,
        /// One mapped district (regency) code; else every mapped district.
        #[arg(long)]
        district: Option<String>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the keyed hash chain and check its head against the signed checkpoint; exit non-zero
    /// naming the first broken entry or what is wrong with the head.
    Verify {
        /// Also check the log against a checkpoint kept elsewhere (e.g. from the log collector).
        #[arg(long, value_name = "SEQ:HASH[:MAC]", value_parser = clap::value_parser!(Anchor))]
        anchor: Option<Anchor>,
    },
    /// Print the signed checkpoint of the log's head (SEQ:HASH:MAC), to keep elsewhere.
    Checkpoint {
        /// First make the log's current last entry the checkpoint (after restoring a backup, or once
        /// a checkpoint left ahead by a power cut has been looked into).
        #[arg(long)]
        reset: bool,
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
        Command::Demo { people, seed, cases, community, events } => {
            load_demo(&config, DemoSizes { people, seed, cases, community, events }).await
        }
        Command::People { command: PeopleCommand::Import { file, organisation, dry_run, skip_bad_rows, lang } } => {
            let options = people_import::ImportOptions { dry_run, skip_bad_rows };
            import_people(&config, &file, &organisation, options, &lang).await
        }
        Command::People { command: PeopleCommand::Generate { out, rows, seed } } => generate_people(&out, rows, seed),
        Command::People { command: PeopleCommand::MatchEval { pairs, seed, organisation, desk } } => {
            match_eval(&config, pairs, seed, &organisation, &desk).await
        }
        Command::Areas { command: AreasCommand::Import { dir, only } } => import_areas(&config, &dir, &only).await,
        Command::Directory { command: DirectoryCommand::Import { file, lang } } => {
            import_directory(&config, &file, &lang).await
        }
        Command::Directory { command: DirectoryCommand::Export { out, lang } } => {
            export_directory(&config, out.as_deref(), &lang).await
        }
        Command::User { command } => user(&config, command).await,
        Command::Organisations { command } => organisations(&config, command).await,
        Command::Offices { command } => offices(&config, command).await,
        Command::Audit { command: AuditCommand::Verify { anchor } } => audit::verify(&config, anchor.as_ref()).await,
        Command::Audit { command: AuditCommand::Checkpoint { reset } } => audit::checkpoint(&config, reset).await,
        Command::Report { command: ReportCommand::Rebuild { check } } => rebuild_reports(&config, check).await,
        Command::Report { command: ReportCommand::Dhis2 { period, format, district, out } } => {
            dhis2_export(&config, &period, &format, district.as_deref(), out.as_deref()).await
        }
        Command::Outbox { command: OutboxCommand::Send } => send_outbox(&config).await,
        Command::Backup { command: Some(BackupCommand::Keygen { out }), .. } => {
            let recipient = backup::keygen(&out)?;
            eprintln!("identity written to {} (keep it apart from the backups); its recipient:", out.display());
            println!("{recipient}");
            Ok(())
        }
        Command::Backup { command: None, file, recipient } => {
            let file = file.ok_or_else(|| CommandError::Refused("backup: give the FILE to write".into()))?;
            let m = backup::backup(&config, &file, recipient.as_deref()).await?;
            println!(
                "backup written to {}: {} database, schema version {}, {} tables, {} rows, audit log at entry {}",
                file.display(),
                m.engine,
                m.schema_version,
                m.counts.len(),
                m.total_rows(),
                m.audit_head.seq
            );
            Ok(())
        }
        Command::Restore { file, identity } => {
            let r = backup::restore(&config, &file, &identity).await?;
            let m = &r.manifest;
            println!(
                "restored {} ({} database of {}, schema version {}): {} tables, {} rows, as the manifest says",
                file.display(),
                m.engine,
                m.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                m.schema_version,
                m.counts.len(),
                m.total_rows()
            );
            println!("rows: {}", m.counts_line());
            println!("audit log intact: {} entries; the checkpoint is the restored head", r.audit_entries);
            Ok(())
        }
        Command::Keys { command: KeysCommand::New { id } } => {
            let id = id.unwrap_or_else(|| chrono::Utc::now().format("k%Y%m%d").to_string());
            println!("{}", satuatap_core::sealing::Keyring::new_key_line(&id));
            Ok(())
        }
        Command::Keys { command: KeysCommand::Reseal } => {
            let db = startup::open_database(&config.database_url(), &config).await?;
            let result = async {
                startup::configured_app(&db, &config)?
                    .reseal(&Ctx::system())
                    .await
                    .map_err(|e| CommandError::Refused(describe_error(&e)))
            }
            .await;
            db.close().await;
            println!("{} texts re-sealed with the current key", result?);
            Ok(())
        }
    }
}

async fn rebuild_reports(config: &Config, check_only: bool) -> Result<(), CommandError> {
    use satuatap_core::repo::ReportRepository as _;
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = db.check_aggregates(!check_only).await;
    db.close().await;
    let c = result.map_err(|e| CommandError::Refused(describe_error(&e)))?;
    let tables: Vec<String> = satuatap_core::reports::repo::AggregateCheck::TABLES
        .iter()
        .zip(c.rows.iter().zip(&c.differ))
        .map(|(t, (rows, differ))| match check_only {
            true => format!("{t}: {rows} rows, {differ} differ"),
            false => format!("{t}: {rows} rows rebuilt"),
        })
        .collect();
    println!("{}", tables.join("; "));
    if c.agrees() {
        Ok(())
    } else {
        Err(CommandError::Refused(
            "the report aggregates differ from their source rows: run `satuatap report rebuild`".into(),
        ))
    }
}

async fn dhis2_export(
    config: &Config,
    period: &str,
    format: &str,
    district: Option<&str>,
    out: Option<&std::path::Path>,
) -> Result<(), CommandError> {
    use satuatap_web::reports::dhis2::{adx, data_value_set};
    if format != "json" && format != "adx" {
        return Err(CommandError::Refused(format!("--format: `{format}` is neither json nor adx")));
    }
    let db = startup::open_database(&config.database_url(), config).await?;
    // No keys: an export reads no confidential text.
    let app = startup::app(&db).with_time_zone(config.time_zone()).with_min_cell(config.report_min_cell);
    let result = app.dhis2_export(&Ctx::system(), period, district, format).await.map_err(|e| describe_error(&e));
    db.close().await;
    let export = result.map_err(CommandError::Refused)?;
    let bytes = if format == "adx" {
        adx(&export, chrono::Utc::now()).map_err(|e| CommandError::Refused(format!("cannot write ADX: {e}")))?
    } else {
        serde_json::to_vec_pretty(&data_value_set(&export))
            .map_err(|e| CommandError::Refused(format!("cannot write JSON: {e}")))?
    };
    match out {
        Some(path) => std::fs::write(path, &bytes)
            .map_err(|e| CommandError::Refused(format!("cannot write {}: {e}", path.display())))?,
        None => {
            use std::io::Write as _;
            std::io::stdout().write_all(&bytes).map_err(|e| CommandError::Refused(format!("cannot write: {e}")))?;
        }
    }
    eprintln!(
        "{} values for {} organisation units, period {} ({} left out: suppressed or zero)",
        export.values.len(),
        export.org_units.len(),
        export.period.id,
        export.left_out
    );
    Ok(())
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
        (UserCommand::Confirm { username }, _) => app.confirm_user(&ctx, &username).await.map(|u| {
            println!("user {} confirmed for restricted records in {}", u.username, u.organisation_code);
        }),
        (UserCommand::Create { .. }, None) => Ok(()),
    };
    db.close().await;
    result.map_err(|e| CommandError::Refused(describe_error(&e)))
}

async fn organisations(config: &Config, command: OrganisationsCommand) -> Result<(), CommandError> {
    use satuatap_core::organisations::organisation::{NewOrganisation, OrganisationChanges};
    let ctx = Ctx::system();
    let db = startup::open_database(&config.database_url(), config).await?;
    let app = startup::app(&db);
    let result = async {
        match command {
            OrganisationsCommand::Create { code, name, kind, area, parent, phone, email, address } => {
                let input =
                    NewOrganisation { code, name, kind, area_code: area, parent_code: parent, phone, email, address };
                let org = app.create_organisation(&ctx, &input).await?;
                println!("organisation {} created: {} ({})", org.code, org.name, org.id);
            }
            OrganisationsCommand::Edit { code, name, kind, area, parent, phone, email, address } => {
                let org = app.organisation_by_code(&code).await?;
                let changes =
                    OrganisationChanges { name, kind, area_code: area, parent_code: parent, phone, email, address };
                let org = app.update_organisation(&ctx, org.id, &changes).await?;
                println!("organisation {} saved: {}", org.code, org.name);
            }
        }
        Ok::<(), satuatap_core::Error>(())
    }
    .await;
    db.close().await;
    result.map_err(|e| CommandError::Refused(describe_error(&e)))
}

async fn offices(config: &Config, command: OfficesCommand) -> Result<(), CommandError> {
    use satuatap_core::organisations::organisation::{NewOffice, OfficeChanges};
    let ctx = Ctx::system();
    let db = startup::open_database(&config.database_url(), config).await?;
    let app = startup::app(&db);
    let result = async {
        match command {
            OfficesCommand::Create { code, name, kind, area, organisation, address, phone } => {
                let input =
                    NewOffice { code, name, kind, area_code: area, organisation_code: organisation, address, phone };
                let office = app.create_office(&ctx, &input).await?;
                println!("office {} created: {} ({})", office.code, office.name, office.id);
            }
            OfficesCommand::Edit { code, name, kind, area, organisation, address, phone } => {
                let office = app.office_by_code(&code).await?;
                let changes =
                    OfficeChanges { name, kind, area_code: area, organisation_code: organisation, address, phone };
                let office = app.update_office(&ctx, office.id, &changes).await?;
                println!("office {} saved: {}", office.code, office.name);
            }
            OfficesCommand::AddMember { office, organisation } => {
                let o = app.office_by_code(&office).await?;
                app.add_office_member(&ctx, o.id, &organisation).await?;
                println!("{} serves under the roof of {}", organisation.trim().to_ascii_uppercase(), o.code);
            }
            OfficesCommand::RemoveMember { office, organisation } => {
                let o = app.office_by_code(&office).await?;
                app.remove_office_member(&ctx, o.id, &organisation).await?;
                println!("{} no longer serves under the roof of {}", organisation.trim().to_ascii_uppercase(), o.code);
            }
        }
        Ok::<(), satuatap_core::Error>(())
    }
    .await;
    db.close().await;
    result.map_err(|e| CommandError::Refused(describe_error(&e)))
}

/// What `demo` adds to the demo data.
struct DemoSizes {
    people: u64,
    seed: u64,
    cases: u64,
    community: u64,
    events: u64,
}

async fn load_demo(config: &Config, sizes: DemoSizes) -> Result<(), CommandError> {
    let DemoSizes { people, seed, cases, community, events } = sizes;
    let db = startup::open_database(&config.database_url(), config).await?;
    // The configured keys: demo referrals and notes are sealed like real ones.
    let app = startup::configured_app(&db, config)?;
    let result = async {
        match demo::load(&app).await {
            Ok(summary) => println!(
                "demo loaded: {} areas, {} organisations, {} offices, {} users, {} services (password: {})",
                summary.areas,
                summary.organisations,
                summary.offices,
                summary.users,
                summary.services,
                demo::DEMO_PASSWORD
            ),
            Err(demo_common::DemoError::NotEmpty) if people > 0 || cases > 0 || community > 0 || events > 0 => {
                println!("the demo is there already: adding people and cases")
            }
            Err(e) => return Err(e),
        }
        if people > 0 {
            let started = std::time::Instant::now();
            let written = demo_people::add(&app, people, seed).await?;
            println!("{written} synthetic people added in {:.1} s", started.elapsed().as_secs_f64());
        }
        if cases > 0 {
            let started = std::time::Instant::now();
            let s = demo_bulk_cases::add(&app, cases, seed).await?;
            println!(
                "{} synthetic cases added in {:.1} s ({} restricted, {} closed, {} tasks; {} users created); \
                 {} has {} open cases of them",
                s.cases,
                started.elapsed().as_secs_f64(),
                s.restricted,
                s.closed,
                s.tasks,
                s.users_created,
                demo_bulk_cases::BUSY_USER,
                s.busy_user_open
            );
        }
        if community > 0 {
            let started = std::time::Instant::now();
            let written = demo_community_year::more(&app, community, seed).await?;
            println!("{written} synthetic village activities added in {:.1} s", started.elapsed().as_secs_f64());
        }
        if events > 0 {
            let started = std::time::Instant::now();
            let s = demo_events::add(&db, events, seed).await?;
            let rows: Vec<String> = satuatap_core::reports::repo::AggregateCheck::TABLES
                .iter()
                .zip(s.aggregate_rows)
                .map(|(table, rows)| format!("{table} {rows}"))
                .collect();
            println!(
                "{} synthetic events added in {:.1} s ({} visits, {} desk services); aggregate rows rebuilt: {}",
                s.visits + s.desk_services,
                started.elapsed().as_secs_f64(),
                s.visits,
                s.desk_services,
                rows.join(", ")
            );
        }
        Ok(())
    }
    .await;
    db.close().await;
    Ok(result?)
}

async fn import_people(
    config: &Config,
    file: &Path,
    organisation: &str,
    options: people_import::ImportOptions,
    lang: &str,
) -> Result<(), CommandError> {
    let lang: Lang = lang.parse().map_err(|()| CommandError::Refused(format!("unknown language {lang}: id or en")))?;
    let i18n = I18n::load().map_err(|e| CommandError::Refused(e.to_string()))?;
    let db = startup::open_database(&config.database_url(), config).await?;
    let app = startup::app(&db);
    let started = std::time::Instant::now();
    let result = people_import::import_file(&app, &Ctx::system(), file, organisation, options).await;
    db.close().await;
    let outcome = result.map_err(|e| match e {
        people_import::ImportError::Core(e) => CommandError::Refused(describe_error(&e)),
        e => CommandError::Refused(e.to_string()),
    })?;
    for r in outcome.refused.iter().take(100) {
        let problems: Vec<String> = r.errors.iter().map(|e| field_message(&i18n, lang, e)).collect();
        eprintln!("line {}: {}", r.line, problems.join("; "));
    }
    if outcome.refused.len() > 100 {
        eprintln!("… and {} more refused rows", outcome.refused.len() - 100);
    }
    let seconds = started.elapsed().as_secs_f64();
    if options.dry_run {
        println!("dry run: {} rows checked, {} refused, nothing written", outcome.rows, outcome.refused.len());
        return if outcome.refused.is_empty() {
            Ok(())
        } else {
            Err(CommandError::Refused("some rows are refused".into()))
        };
    }
    if !outcome.refused.is_empty() && !options.skip_bad_rows {
        return Err(CommandError::Refused(format!(
            "nothing imported: {} of {} rows refused (fix them, or use --skip-bad-rows)",
            outcome.refused.len(),
            outcome.rows
        )));
    }
    println!(
        "{} people imported ({} with a migration episode), {} rows refused, in {seconds:.1} s",
        outcome.written.people,
        outcome.written.episodes,
        outcome.refused.len()
    );
    Ok(())
}

async fn match_eval(
    config: &Config,
    pairs: usize,
    seed: u64,
    organisation: &str,
    desk: &str,
) -> Result<(), CommandError> {
    let db = startup::open_database(&config.database_url(), config).await?;
    let app = startup::app(&db);
    let district = app
        .organisation_by_code(organisation)
        .await
        .map_err(|e| CommandError::Refused(describe_error(&e)))?
        .area_code
        .regency()
        .ok_or_else(|| CommandError::Refused(format!("{organisation} is not a district's organisation")))?;
    let prefix = format!("{}.", district.as_str());
    let villages: Vec<String> = area_files::pilot()?
        .into_iter()
        .filter(|a| a.code.split('.').count() == 4 && a.code.starts_with(&prefix))
        .map(|a| a.code)
        .collect();
    let set = crate::match_eval::generate(pairs, seed, villages, chrono::Utc::now().date_naive());
    let report = crate::match_eval::run(&app, &set, organisation, desk).await;
    db.close().await;
    let report = report.map_err(|e| CommandError::Refused(e.to_string()))?;
    let json = serde_json::to_string_pretty(&report).map_err(|e| CommandError::Refused(e.to_string()))?;
    println!("{json}");
    Ok(())
}

fn generate_people(out: &Path, rows: u64, seed: u64) -> Result<(), CommandError> {
    let villages: Vec<String> =
        area_files::pilot()?.into_iter().filter(|a| a.code.split('.').count() == 4).map(|a| a.code).collect();
    let agencies = demo::district_codes()?.into_iter().flat_map(|d| d.agencies).collect();
    let file = std::fs::File::create(out)
        .map_err(|e| CommandError::Refused(format!("cannot write {}: {e}", out.display())))?;
    let mut synth = synth::Synth::new(seed, villages, agencies, chrono::Utc::now().date_naive());
    synth
        .write_csv(rows, std::io::BufWriter::new(file))
        .map_err(|e| CommandError::Refused(format!("cannot write {}: {e}", out.display())))?;
    println!("{rows} synthetic people written to {}", out.display());
    Ok(())
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

fn language(lang: &str) -> Result<(Lang, I18n), CommandError> {
    let lang: Lang = lang.parse().map_err(|()| CommandError::Refused(format!("unknown language {lang}: id or en")))?;
    let i18n = I18n::load().map_err(|e| CommandError::Refused(e.to_string()))?;
    Ok((lang, i18n))
}

async fn import_directory(config: &Config, file: &Path, lang: &str) -> Result<(), CommandError> {
    use directory_import::DirectoryImportError as E;
    let (lang, i18n) = language(lang)?;
    let refused = |e: E| match e {
        E::Invalid(errors) => CommandError::Refused(format!(
            "nothing imported: {} problem{} in {}\n{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            file.display(),
            directory_import::report(&errors, &i18n, lang)
        )),
        E::Core(e) => CommandError::Refused(describe_error(&e)),
        e => CommandError::Refused(e.to_string()),
    };
    // The file is read and checked before the database is opened.
    let doc = directory_import::read_file(file).map_err(refused)?;
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = directory_import::import(&startup::app(&db), &Ctx::system(), &doc).await;
    db.close().await;
    let s = result.map_err(refused)?;
    println!(
        "directory imported: {} organisations ({} new), {} locations, {} services",
        s.organisations, s.new_organisations, s.locations, s.services
    );
    Ok(())
}

async fn export_directory(config: &Config, out: Option<&Path>, lang: &str) -> Result<(), CommandError> {
    let (lang, i18n) = language(lang)?;
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = directory_import::export(&startup::app(&db), &i18n, lang).await;
    db.close().await;
    let doc = result.map_err(|e| CommandError::Refused(describe_error(&e)))?;
    let text = serde_json::to_string_pretty(&doc).map_err(|e| CommandError::Refused(e.to_string()))?;
    match out {
        Some(path) => std::fs::write(path, text + "\n")
            .map_err(|e| CommandError::Refused(format!("cannot write {}: {e}", path.display())))?,
        None => println!("{text}"),
    }
    Ok(())
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
        // The demo database is made afresh, with its own audit key and checkpoint.
        let file = config.data_dir.join("demo.db");
        let key = config.data_dir.join("demo-audit-key");
        let checkpoint = config.data_dir.join("demo-audit-checkpoint");
        for (path, suffixes) in [(&file, &["", "-wal", "-shm"][..]), (&key, &[""]), (&checkpoint, &["", ".tmp"])] {
            for suffix in suffixes {
                let mut name = path.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
        }
        config.audit_key_file = Some(key);
        config.audit_checkpoint_file = Some(checkpoint);
        config.database_url = Some(sqlite_url(&file));
        sqlite_url(&file)
    } else {
        config.database_url()
    };
    let listener = startup::listen(config.bind).await?;
    let db = startup::open_database(&url, &config).await?;
    let app = startup::configured_app(&db, &config)?;
    if demo {
        let summary = demo::load(&app).await?;
        demo_people::add(&app, DEMO_PEOPLE, 1).await?;
        tracing::info!(
            areas = summary.areas,
            organisations = summary.organisations,
            offices = summary.offices,
            "demo data loaded"
        );
    }
    let addr = listener.local_addr().map_err(|e| StartError::Other(e.to_string()))?;
    config.public_url.get_or_insert_with(|| format!("http://{addr}"));
    let state = startup::web_state(app, &config)?;
    if config.outbox_seconds > 0 {
        let mailer = outbox::SmtpMailer::new(&config, state.i18n.clone()).map_err(CommandError::Refused)?;
        if mailer.is_none() {
            tracing::warn!("no smtp_url: e-mails wait in the outbox");
        }
        outbox::spawn_worker(
            state.app.clone(),
            mailer,
            std::time::Duration::from_secs(u64::from(config.outbox_seconds)),
        );
    }
    let anchor = audit::AnchorLog::new(db.clone());
    anchor.log_if_changed().await;
    let anchor_task = anchor.spawn(AUDIT_ANCHOR_EVERY);
    let optimize_task = spawn_optimize(db.clone(), OPTIMIZE_EVERY);
    let backup_task =
        backup::Schedule::of(&config)?.map(|schedule| backup::spawn_scheduled(db.clone(), url.clone(), schedule));
    tracing::info!(engine = state.app.engine(), %addr, "ready");
    println!("Satu Atap is ready: http://{addr}/");
    let served = satuatap_web::serve(listener, state, shutdown_signal()).await;
    anchor_task.abort();
    optimize_task.abort();
    if let Some(task) = backup_task {
        task.abort();
    }
    anchor.log_if_changed().await;
    served.map_err(|e| StartError::Other(format!("server: {e}")))?;
    db.close().await;
    Ok(())
}

async fn send_outbox(config: &Config) -> Result<(), CommandError> {
    let db = startup::open_database(&config.database_url(), config).await?;
    let result = async {
        let app = startup::configured_app(&db, config)?;
        let i18n = std::sync::Arc::new(I18n::load().map_err(|e| CommandError::Refused(e.to_string()))?);
        let mailer = outbox::SmtpMailer::new(config, i18n).map_err(CommandError::Refused)?;
        let run =
            outbox::run_once(&app, mailer.as_ref()).await.map_err(|e| CommandError::Refused(describe_error(&e)))?;
        if mailer.is_none() {
            println!("no smtp_url configured: e-mails wait in the outbox");
        }
        println!("{} referrals newly overdue, {} e-mails sent, {} failed", run.overdue_found, run.sent, run.failed);
        Ok(())
    }
    .await;
    db.close().await;
    result
}

/// How often `serve` writes the audit checkpoint to the log stream (when it changed).
const AUDIT_ANCHOR_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// How often `serve` brings the planner's statistics up to date ([`satuatap_store::Db::optimize`]).
const OPTIMIZE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs [`satuatap_store::Db::optimize`] every `every` (the first after one period: the
/// start ran it).
fn spawn_optimize(db: satuatap_store::Db, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            ticks.tick().await;
            if let Err(e) = db.optimize().await {
                tracing::warn!(error = %e, "the planner's statistics were not brought up to date");
            }
        }
    })
}

/// Synthetic people in `serve --demo`.
const DEMO_PEOPLE: u64 = 2000;

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
