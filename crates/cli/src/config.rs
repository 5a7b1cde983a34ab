//! Configuration: defaults, then an optional TOML file, then `SATUATAP_*`
//! environment variables. It is read once and passed down; there is no
//! global.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Environment variables that configure the service (`SATUATAP_` + key).
pub const KEYS: [&str; 28] = [
    "database_url",
    "data_dir",
    "bind",
    "log_format",
    "log_level",
    "db_max_connections",
    "sqlite_synchronous",
    "secure_cookies",
    "key_file",
    "audit_key_file",
    "audit_checkpoint_file",
    "session_idle_minutes",
    "session_idle_minutes_by_role",
    "session_hours",
    "token_hours",
    "lockout_after",
    "lockout_minutes",
    "public_url",
    "smtp_url",
    "mail_from",
    "outbox_seconds",
    "header_timeout_seconds",
    "time_zone",
    "report_min_cell",
    "backup_recipient",
    "backup_dir",
    "backup_every_hours",
    "backup_keep",
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`. Default: an SQLite
    /// file `satuatap.db` in `data_dir`.
    pub database_url: Option<String>,
    /// Where the embedded database and other files live.
    pub data_dir: PathBuf,
    /// Address and port to listen on.
    pub bind: SocketAddr,
    pub log_format: LogFormat,
    /// A tracing filter, e.g. `info` or `satuatap=debug,info`.
    pub log_level: String,
    pub db_max_connections: u32,
    /// When an SQLite commit is on disk: `full` (default: before it is
    /// acknowledged; a power cut loses nothing acknowledged) or `normal`
    /// (at the next checkpoint; faster, a power cut may lose the last
    /// commits). PostgreSQL keeps its own `synchronous_commit`.
    pub sqlite_synchronous: satuatap_store::SqliteSync,
    /// Mark cookies `Secure`: set when users reach the site over HTTPS.
    pub secure_cookies: bool,
    /// The keys that seal confidential text (case notes), outside the
    /// database. Default: `case-keys` in `data_dir`, created on first use.
    pub key_file: Option<PathBuf>,
    /// The key of the audit log's hash chain, outside the database. Default:
    /// `audit-key` in `data_dir`, created on first start.
    pub audit_key_file: Option<PathBuf>,
    /// The signed checkpoint of the audit log's head, rewritten after every
    /// commit that appends. Default: `audit-checkpoint` in `data_dir`.
    pub audit_checkpoint_file: Option<PathBuf>,
    /// A browser session unused this long ends.
    pub session_idle_minutes: u32,
    /// Longer (or shorter) idle limits for some roles, by role code, e.g.
    /// `{ counsellor = 120 }`: the longest of a user's roles applies, the
    /// others count as `session_idle_minutes`.
    pub session_idle_minutes_by_role: std::collections::BTreeMap<String, u32>,
    /// A browser session ends this long after sign-in.
    pub session_hours: u32,
    /// API tokens expire after this.
    pub token_hours: u32,
    /// Failed sign-ins in a row before an account is locked.
    pub lockout_after: u32,
    /// How long a locked account stays locked.
    pub lockout_minutes: u32,
    /// The address users and outside providers reach the site at (links in
    /// e-mails and printed referral forms). Default: `http://` + `bind`.
    pub public_url: Option<String>,
    /// Where e-mail is sent: `smtp://HOST[:PORT]` (plain, a local relay),
    /// `smtp://USER:PASSWORD@HOST:587?tls=required` (STARTTLS),
    /// `smtps://USER:PASSWORD@HOST[:465]` (TLS).
    /// Without it the outbox keeps e-mails until one is configured.
    pub smtp_url: Option<String>,
    /// The sender of e-mails.
    pub mail_from: String,
    /// How often `serve` runs the outbox (overdue referrals, e-mails); 0: never
    /// (run `satuatap outbox send` from cron instead).
    pub outbox_seconds: u32,
    /// How long a client has to send a request's head (request line and
    /// headers) before its connection is closed.
    pub header_timeout_seconds: u32,
    /// The office's time zone (an IANA name): pages show times in it and
    /// read local dates in it. The API keeps UTC.
    pub time_zone: String,
    /// The smallest count a published table shows: counts from 1 to this
    /// less one are suppressed (with complementary cells).
    pub report_min_cell: i64,
    /// The age public key (`age1…`, from `satuatap backup keygen`) backups
    /// are encrypted to; its identity file opens them and stays elsewhere.
    pub backup_recipient: Option<String>,
    /// Where `serve` writes its scheduled backups (with `backup_recipient`;
    /// without it no backup is scheduled).
    pub backup_dir: Option<PathBuf>,
    /// How often `serve` takes a backup (the first at start when the newest
    /// in `backup_dir` is older than this).
    pub backup_every_hours: u32,
    /// How many scheduled backups to keep in `backup_dir` (the newest).
    pub backup_keep: u32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: None,
            data_dir: PathBuf::from("data"),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            log_format: LogFormat::Text,
            log_level: "info".into(),
            db_max_connections: 16,
            sqlite_synchronous: satuatap_store::SqliteSync::Full,
            secure_cookies: false,
            key_file: None,
            audit_key_file: None,
            audit_checkpoint_file: None,
            session_idle_minutes: 30,
            session_idle_minutes_by_role: std::collections::BTreeMap::new(),
            session_hours: 12,
            token_hours: 12,
            lockout_after: 5,
            lockout_minutes: 15,
            public_url: None,
            smtp_url: None,
            mail_from: "Satu Atap <satuatap@localhost>".into(),
            outbox_seconds: 60,
            header_timeout_seconds: 10,
            time_zone: "Asia/Jakarta".into(),
            report_min_cell: satuatap_core::reports::suppression::DEFAULT_K,
            backup_recipient: None,
            backup_dir: None,
            backup_every_hours: 24,
            backup_keep: 14,
        }
    }
}

/// One clear message naming what is wrong with the configuration.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Reads the configuration. `file` is the `--config` option; without it
    /// `SATUATAP_CONFIG` or, if present, `./satuatap.toml` is used.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let env_file = std::env::var_os("SATUATAP_CONFIG").map(PathBuf::from);
        let (path, required) = match (file, env_file) {
            (Some(p), _) => (p.to_path_buf(), true),
            (None, Some(p)) => (p, true),
            (None, None) => (PathBuf::from("satuatap.toml"), false),
        };
        if required && !path.is_file() {
            return Err(ConfigError(format!("file {} does not exist", path.display())));
        }
        let figment = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(&path))
            .merge(Env::prefixed("SATUATAP_").only(&KEYS));
        let config: Config = figment.extract().map_err(|e| ConfigError(describe(&e)))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        for (value, key) in [
            (self.session_idle_minutes, "session_idle_minutes"),
            (self.session_hours, "session_hours"),
            (self.token_hours, "token_hours"),
            (self.lockout_after, "lockout_after"),
            (self.header_timeout_seconds, "header_timeout_seconds"),
            (self.backup_every_hours, "backup_every_hours"),
            (self.backup_keep, "backup_keep"),
        ] {
            if value == 0 {
                return Err(ConfigError(format!("{key} (SATUATAP_{}) must be at least 1", key.to_uppercase())));
            }
        }
        for (role, minutes) in &self.session_idle_minutes_by_role {
            if satuatap_core::access::RoleCode::parse("role", role).is_err() {
                return Err(ConfigError(format!(
                    "session_idle_minutes_by_role (SATUATAP_SESSION_IDLE_MINUTES_BY_ROLE): {role:?} is not a role"
                )));
            }
            if *minutes == 0 {
                return Err(ConfigError(format!(
                    "session_idle_minutes_by_role (SATUATAP_SESSION_IDLE_MINUTES_BY_ROLE): {role} must be at least 1"
                )));
            }
        }
        if self.db_max_connections == 0 {
            return Err(ConfigError("db_max_connections (SATUATAP_DB_MAX_CONNECTIONS) must be at least 1".into()));
        }
        if let Some(url) = &self.database_url {
            if satuatap_store::Engine::of_url(url).is_none() {
                return Err(ConfigError(format!(
                    "database_url (SATUATAP_DATABASE_URL) {:?} is not supported: use sqlite://PATH or postgres://USER@HOST/DB",
                    satuatap_store::redact(url)
                )));
            }
        }
        if let Some(url) = &self.public_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.ends_with('/') {
                return Err(ConfigError(format!(
                    "public_url (SATUATAP_PUBLIC_URL) {url:?} must start with http:// or https:// and not end with /"
                )));
            }
        }
        if let Some(url) = &self.smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError("smtp_url (SATUATAP_SMTP_URL) must start with smtp:// or smtps://".into()));
            }
        }
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(ConfigError(format!(
                "time_zone (SATUATAP_TIME_ZONE) {:?} is not a time zone: use an IANA name, e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura",
                self.time_zone
            )));
        }
        if !(2..=100).contains(&self.report_min_cell) {
            return Err(ConfigError(format!(
                "report_min_cell (SATUATAP_REPORT_MIN_CELL) {} must be from 2 to 100",
                self.report_min_cell
            )));
        }
        if let Some(recipient) = &self.backup_recipient {
            crate::backup::recipient::parse_recipient(recipient)
                .map_err(|e| ConfigError(format!("backup_recipient (SATUATAP_BACKUP_RECIPIENT): {e}")))?;
        }
        if self.backup_dir.is_some() && self.backup_recipient.is_none() {
            return Err(ConfigError(
                "backup_dir (SATUATAP_BACKUP_DIR) needs backup_recipient (SATUATAP_BACKUP_RECIPIENT): \
                 backups are written encrypted only"
                    .into(),
            ));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log_level).is_err() {
            return Err(ConfigError(format!(
                "log_level (SATUATAP_LOG_LEVEL) {:?} is not a valid filter",
                self.log_level
            )));
        }
        Ok(())
    }

    /// The database URL in force: the configured one or the embedded default.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => sqlite_url(&self.data_dir.join("satuatap.db")),
        }
    }

    /// The office's time zone (checked when the configuration is read).
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(satuatap_core::DEFAULT_TIME_ZONE)
    }

    pub fn auth_settings(&self) -> satuatap_core::AuthSettings {
        satuatap_core::AuthSettings {
            session_idle: chrono::Duration::minutes(i64::from(self.session_idle_minutes)),
            session_idle_by_role: self
                .session_idle_minutes_by_role
                .iter()
                .filter_map(|(role, minutes)| {
                    let role = satuatap_core::access::RoleCode::parse("role", role).ok()?;
                    Some((role, chrono::Duration::minutes(i64::from(*minutes))))
                })
                .collect(),
            session_absolute: chrono::Duration::hours(i64::from(self.session_hours)),
            token_lifetime: chrono::Duration::hours(i64::from(self.token_hours)),
            lockout_after: i32::try_from(self.lockout_after).unwrap_or(i32::MAX),
            lockout_for: chrono::Duration::minutes(i64::from(self.lockout_minutes)),
        }
    }

    /// The public address of the site, without a trailing `/`.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.bind))
    }

    /// The audit key file and checkpoint file in force.
    pub fn audit_seal_files(&self) -> satuatap_store::AuditSealFiles {
        satuatap_store::AuditSealFiles {
            key_file: self.audit_key_file.clone().unwrap_or_else(|| self.data_dir.join("audit-key")),
            checkpoint_file: self
                .audit_checkpoint_file
                .clone()
                .unwrap_or_else(|| self.data_dir.join("audit-checkpoint")),
        }
    }

    pub fn db_options(&self) -> satuatap_store::DbOptions {
        satuatap_store::DbOptions {
            max_connections: self.db_max_connections,
            sqlite_synchronous: self.sqlite_synchronous,
            ..Default::default()
        }
    }
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Figment's error, in one line that names the key and where it came from.
fn describe(e: &figment::Error) -> String {
    e.clone()
        .into_iter()
        .map(|err| {
            let key = err.path.join(".");
            let source = match &err.metadata {
                Some(meta) if meta.name.contains("environment") && !key.is_empty() => {
                    format!(" (environment variable SATUATAP_{})", key.to_uppercase())
                }
                Some(meta) => match &meta.source {
                    Some(src) => format!(" (in {src})"),
                    None => String::new(),
                },
                None => String::new(),
            };
            if key.is_empty() {
                format!("{}{source}", err.kind)
            } else {
                format!("{key}: {}{source}", err.kind)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closures return figment::Error
mod tests {
    use super::*;

    #[test]
    fn defaults_are_safe() {
        let c = Config::default();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url(), "sqlite://data/satuatap.db");
    }

    #[test]
    fn file_values_and_typos_are_checked() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("satuatap.toml", "bind = \"0.0.0.0:9000\"\nlog_format = \"json\"")?;
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.bind.to_string(), "0.0.0.0:9000");
            assert_eq!(c.log_format, LogFormat::Json);
            jail.create_file("satuatap.toml", "bnd = \"0.0.0.0:9000\"")?;
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("bnd"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn every_setting_can_come_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("SATUATAP_SESSION_IDLE_MINUTES", "5");
            jail.set_env("SATUATAP_SMTP_URL", "smtp://127.0.0.1:2525");
            jail.set_env("SATUATAP_OUTBOX_SECONDS", "0");
            jail.set_env("SATUATAP_AUDIT_KEY_FILE", "/srv/keys/audit-key");
            jail.set_env("SATUATAP_HEADER_TIMEOUT_SECONDS", "3");
            jail.set_env("SATUATAP_TIME_ZONE", "Asia/Makassar");
            jail.set_env("SATUATAP_SESSION_IDLE_MINUTES_BY_ROLE", "{counsellor=120}");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            let auth = c.auth_settings();
            use satuatap_core::access::RoleCode;
            assert_eq!(auth.idle_for(&[RoleCode::Counsellor, RoleCode::CaseWorker]), chrono::Duration::minutes(120));
            assert_eq!(auth.idle_for(&[RoleCode::CaseWorker]), chrono::Duration::minutes(5));
            assert_eq!(c.time_zone(), chrono_tz::Asia::Makassar);
            assert_eq!((c.session_idle_minutes, c.outbox_seconds, c.header_timeout_seconds), (5, 0, 3));
            let files = c.audit_seal_files();
            assert_eq!(files.key_file, PathBuf::from("/srv/keys/audit-key"));
            assert_eq!(files.checkpoint_file, PathBuf::from("data/audit-checkpoint"));
            assert_eq!(c.smtp_url.as_deref(), Some("smtp://127.0.0.1:2525"));
            jail.set_env("SATUATAP_BACKUP_DIR", "/srv/backups");
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("SATUATAP_BACKUP_RECIPIENT"), "a directory without a recipient: {err}");
            jail.set_env("SATUATAP_BACKUP_RECIPIENT", "age1nonsense");
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("SATUATAP_BACKUP_RECIPIENT") && err.contains("age1"), "{err}");
            let recipient = age::x25519::Identity::generate().to_public().to_string();
            jail.set_env("SATUATAP_BACKUP_RECIPIENT", &recipient);
            jail.set_env("SATUATAP_BACKUP_EVERY_HOURS", "6");
            jail.set_env("SATUATAP_BACKUP_KEEP", "3");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.backup_dir, Some(PathBuf::from("/srv/backups")));
            assert_eq!((c.backup_every_hours, c.backup_keep), (6, 3));
            assert_eq!(c.backup_recipient.as_deref(), Some(recipient.as_str()));
            jail.set_env("SATUATAP_PUBLIC_URL", "satuatap.example/");
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("SATUATAP_PUBLIC_URL"), "{err}");
            jail.set_env("SATUATAP_PUBLIC_URL", "https://satuatap.example");
            jail.set_env("SATUATAP_TIME_ZONE", "Asia/Bandung");
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("SATUATAP_TIME_ZONE"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn malformed_environment_value_names_the_variable() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("SATUATAP_BIND", "not-an-address");
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("SATUATAP_BIND"), "{err}");
            jail.set_env("SATUATAP_BIND", "127.0.0.1:8080");
            jail.set_env("SATUATAP_SESSION_IDLE_MINUTES_BY_ROLE", "{counselor=120}");
            let err = Config::load(None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("SATUATAP_SESSION_IDLE_MINUTES_BY_ROLE") && err.contains("counselor"), "{err}");
            Ok(())
        });
    }
}
