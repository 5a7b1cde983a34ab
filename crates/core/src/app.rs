//! The services: every use of the system goes through [`App`], whichever the
//! door (web page, JSON API, command line).

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::repo::Store;

#[derive(Clone)]
pub struct App {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) settings: Arc<AuthSettings>,
    /// Demo mode only: one password whose hash is reused for every demo
    /// user, so that loading the demo does not spend a second per user.
    pub(crate) shared_demo_hash: Option<(String, String)>,
    /// Roles change rarely and are read on every authenticated request.
    pub(crate) roles_cache: Arc<std::sync::RwLock<Option<CachedRoles>>>,
    /// Keys of confidential text (case notes); kept outside the database.
    pub(crate) keyring: Option<Arc<crate::sealing::Keyring>>,
    /// The office's time zone: local dates (e.g. the audit log's date
    /// filters) are days of this zone.
    pub(crate) time_zone: chrono_tz::Tz,
    /// The smallest count a published table shows (small-cell suppression).
    pub(crate) min_cell: i64,
    /// Rows read per page of a line list.
    pub(crate) line_page: u32,
}

/// The roles and when they were read.
/// Rows read per page of a line list: large enough that a list of 100,000
/// rows takes a few dozen queries, small enough to keep memory flat.
pub const DEFAULT_LINE_PAGE: u32 = 2_000;

pub(crate) type CachedRoles = (std::time::Instant, Vec<crate::identity::users::Role>);

/// How long the roles read from the database are reused. Changes made
/// through this process take effect at once; other processes (several
/// servers on one PostgreSQL) see them within this time.
pub(crate) const ROLES_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(30);

/// The time zone of an office unless configured: Western Indonesia (WIB).
pub const DEFAULT_TIME_ZONE: chrono_tz::Tz = chrono_tz::Asia::Jakarta;

/// Timeouts and limits of sign-in, sessions and tokens.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub session_idle: chrono::Duration,
    /// A user holding one of these roles may stay idle this long instead
    /// (the longest of the user's roles applies; roles not named here count
    /// as `session_idle`).
    pub session_idle_by_role: Vec<(crate::access::RoleCode, chrono::Duration)>,
    /// A session ends this long after sign-in, used or not.
    pub session_absolute: chrono::Duration,
    /// API tokens expire after this.
    pub token_lifetime: chrono::Duration,
    /// Failed sign-ins in a row before the account is locked.
    pub lockout_after: i32,
    /// How long a locked account stays locked.
    pub lockout_for: chrono::Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::minutes(30),
            session_idle_by_role: Vec::new(),
            session_absolute: chrono::Duration::hours(12),
            token_lifetime: chrono::Duration::hours(12),
            lockout_after: 5,
            lockout_for: chrono::Duration::minutes(15),
        }
    }
}

impl AuthSettings {
    /// How long a session of a user with `roles` may stay idle: the longest
    /// of their roles' limits, each role's own or else the default.
    pub fn idle_for(&self, roles: &[crate::access::RoleCode]) -> chrono::Duration {
        roles
            .iter()
            .map(|r| {
                self.session_idle_by_role.iter().find(|(role, _)| role == r).map_or(self.session_idle, |(_, d)| *d)
            })
            .max()
            .unwrap_or(self.session_idle)
    }
}

impl App {
    pub fn new(store: Arc<dyn Store>, settings: AuthSettings) -> Self {
        Self {
            store,
            settings: Arc::new(settings),
            shared_demo_hash: None,
            roles_cache: Arc::default(),
            keyring: None,
            time_zone: DEFAULT_TIME_ZONE,
            min_cell: crate::reports::suppression::DEFAULT_K,
            line_page: DEFAULT_LINE_PAGE,
        }
    }

    /// The office's time zone (default [`DEFAULT_TIME_ZONE`]).
    pub fn with_time_zone(mut self, time_zone: chrono_tz::Tz) -> Self {
        self.time_zone = time_zone;
        self
    }

    /// The office's time zone, in which pages show times and local dates are read.
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.time_zone
    }

    /// The smallest count published tables show (default
    /// [`crate::reports::suppression::DEFAULT_K`]); smaller ones are suppressed.
    pub fn with_min_cell(mut self, k: i64) -> Self {
        self.min_cell = k.max(2);
        self
    }

    /// Rows read per page of a line list (default
    /// [`DEFAULT_LINE_PAGE`]; tests make it small to cross pages).
    pub fn with_line_page(mut self, rows: u32) -> Self {
        self.line_page = rows.max(1);
        self
    }

    /// The small-cell threshold in force.
    pub fn suppression_k(&self) -> i64 {
        self.min_cell
    }

    /// Other sign-in and session settings (tests shorten the idle limit).
    pub fn with_auth_settings(mut self, settings: AuthSettings) -> Self {
        self.settings = Arc::new(settings);
        self
    }

    /// The keys that seal confidential text.
    pub fn with_keyring(mut self, keyring: crate::sealing::Keyring) -> Self {
        self.keyring = Some(Arc::new(keyring));
        self
    }

    pub(crate) fn keyring(&self) -> Result<&crate::sealing::Keyring> {
        self.keyring.as_deref().ok_or_else(|| Error::internal("no encryption key configured"))
    }

    /// Reuses one Argon2id hash for every user created with `password`
    /// (demo data only).
    pub fn with_shared_demo_password(mut self, password: &str) -> Result<Self> {
        self.shared_demo_hash = Some((password.to_string(), crate::identity::secrets::hash_password(password)?));
        Ok(self)
    }

    pub fn engine(&self) -> &'static str {
        self.store.engine()
    }

    pub async fn ready(&self) -> Result<()> {
        self.store.ping().await
    }
}
