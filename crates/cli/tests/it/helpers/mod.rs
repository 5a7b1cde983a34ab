//! `spawn_app()`: the real server on a free port against a fresh database;
//! its users through the API (`t.as_user(..)`, [`ApiUser`]) and through the
//! pages (`t.in_browser(..)`, `BrowserUser`), and the steps both take
//! ([`ReferralSteps`]).

pub mod api;
mod browser;
mod steps;

pub use api::{ApiUser, PHONE};
pub use steps::ReferralSteps;

use std::path::PathBuf;

use satuatap::config::{sqlite_url, Config};
use satuatap::{demo, startup};
use satuatap_core::App;
use satuatap_store::{Db, Engine};
use tempfile::TempDir;
use tokio::net::TcpListener;

/// Runs an async test function once per storage engine:
/// `both!(name)` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(satuatap_store::Engine::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(satuatap_store::Engine::Postgres).await;
            }
        }
    };
}

/// The PostgreSQL server used by the tests (`scripts/test.sh` sets it).
pub fn postgres_admin_url() -> String {
    std::env::var("SATUATAP_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh, empty database of the engine; the directory keeps an SQLite file alive.
pub async fn fresh_database(engine: Engine) -> (String, Option<TempDir>) {
    match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (sqlite_url(&dir.path().join("test.db")), Some(dir))
        }
        Engine::Postgres => {
            use sqlx::Connection;
            let admin = postgres_admin_url();
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                panic!("PostgreSQL for tests at {admin}: {e} (run scripts/test.sh, which starts one)")
            });
            let name = format!("satuatap_test_{}", uuid::Uuid::new_v4().simple());
            // The name is generated here, never user input.
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            conn.close().await.unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
            (format!("{base}/{name}"), None)
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub app: App,
    pub db: Db,
    pub db_url: String,
    /// The key-file line of the server's sealing key.
    pub key_line: String,
    _dir: Option<TempDir>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap())
    }

    /// GETs `path` with the header `Accept-Language: lang` (which decides
    /// the API's messages, not the pages').
    pub async fn get_with_lang(&self, path: &str, lang: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("accept-language", lang).send().await.unwrap()
    }

    /// GETs a page as a browser whose language switch chose `lang` (the
    /// language cookie; no other cookie).
    pub async fn get_in(&self, path: &str, lang: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("cookie", format!("satuatap_lang={lang}")).send().await.unwrap()
    }
}

/// The configuration of a test database: its own audit key and checkpoint
/// files (see [`seal_files`]).
pub fn config_for(url: &str) -> Config {
    on_database(base_config(), url)
}

/// The configuration every test server starts from (a small pool).
fn base_config() -> Config {
    Config { db_max_connections: 5, ..Default::default() }
}

/// `config` pointed at the database `url` and its audit files.
fn on_database(config: Config, url: &str) -> Config {
    let files = seal_files(url);
    Config {
        database_url: Some(url.to_string()),
        audit_key_file: Some(files.key_file),
        audit_checkpoint_file: Some(files.checkpoint_file),
        ..config
    }
}

/// The audit key and checkpoint files of a test database: beside an SQLite
/// file (in its temporary directory), or in a directory of the system's
/// temporary directory named after the PostgreSQL database.
pub fn seal_files(url: &str) -> satuatap_store::AuditSealFiles {
    let dir = match url.strip_prefix("sqlite://") {
        Some(file) => std::path::Path::new(file).parent().unwrap().to_path_buf(),
        None => std::env::temp_dir().join("satuatap-test-seals").join(url.rsplit('/').next().unwrap()),
    };
    satuatap_store::AuditSealFiles { key_file: dir.join("audit-key"), checkpoint_file: dir.join("audit-checkpoint") }
}

/// The environment that points the binary at the audit files of `url`.
pub fn seal_env(url: &str) -> [(&'static str, PathBuf); 2] {
    let files = seal_files(url);
    [("SATUATAP_AUDIT_KEY_FILE", files.key_file), ("SATUATAP_AUDIT_CHECKPOINT_FILE", files.checkpoint_file)]
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn(engine, false).await
}

/// The server with the demo data of the four pilot districts loaded.
pub async fn spawn_demo(engine: Engine) -> TestApp {
    spawn(engine, true).await
}

async fn spawn(engine: Engine, with_demo: bool) -> TestApp {
    spawn_with(engine, with_demo, |_| {}, |_| {}).await
}

/// The server with the test's own touches to its configuration and to its
/// web state.
pub async fn spawn_with(
    engine: Engine,
    with_demo: bool,
    configure: impl FnOnce(&mut Config),
    tune: impl FnOnce(&mut satuatap_web::AppState),
) -> TestApp {
    // The reports' time zone is stored with their aggregates: a test that
    // sets another one starts from an empty database, as a district would.
    let mut config = base_config();
    configure(&mut config);
    let (db_url, dir, key_line) = if config.time_zone == Config::default().time_zone {
        copy_of(template(engine, with_demo).await).await
    } else {
        let (db_url, dir) = fresh_database(engine).await;
        (db_url, dir, None)
    };
    let config = on_database(config, &db_url);
    let db = startup::open_database(&db_url, &config).await.unwrap();
    let loaded = key_line.is_some();
    let key_line = key_line.unwrap_or_else(|| satuatap_core::sealing::Keyring::new_key_line("k1"));
    let app = startup::app(&db).with_keyring(satuatap_core::sealing::Keyring::parse(&key_line).unwrap());
    if with_demo && !loaded {
        demo::load(&app).await.unwrap();
    }
    let mut state = startup::web_state(app.clone(), &config).unwrap();
    tune(&mut state);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(satuatap_web::serve(listener, state, std::future::pending()));
    let client = http_client(true);
    TestApp { base: format!("http://{addr}"), client, app, db, db_url, key_line, _dir: dir }
}

/// What the tests' databases start from: made once per run, engine and
/// content (migrated; with the demo data or without), then copied for each
/// test with its sealing and audit keys. Loading the demo takes seconds, a
/// copy milliseconds; each test still opens its copy as the server does.
struct Template {
    engine: Engine,
    /// SQLite: the file; PostgreSQL: the database's name.
    source: String,
    seals: satuatap_store::AuditSealFiles,
    key_line: String,
}

static TEMPLATES: [tokio::sync::OnceCell<Template>; 4] = [const { tokio::sync::OnceCell::const_new() }; 4];

async fn template(engine: Engine, with_demo: bool) -> &'static Template {
    let i = usize::from(engine == Engine::Postgres) * 2 + usize::from(with_demo);
    TEMPLATES[i].get_or_init(|| make_template(engine, with_demo)).await
}

async fn make_template(engine: Engine, with_demo: bool) -> Template {
    let (db_url, dir) = match engine {
        Engine::Sqlite => {
            let dir = templates_dir().join(if with_demo { "demo" } else { "empty" });
            std::fs::create_dir_all(&dir).unwrap();
            (sqlite_url(&dir.join("test.db")), None)
        }
        Engine::Postgres => fresh_database(engine).await,
    };
    let config = config_for(&db_url);
    let db = startup::open_database(&db_url, &config).await.unwrap();
    let key_line = satuatap_core::sealing::Keyring::new_key_line("k1");
    let app = startup::app(&db).with_keyring(satuatap_core::sealing::Keyring::parse(&key_line).unwrap());
    if with_demo {
        demo::load(&app).await.unwrap();
    }
    drop(app);
    // Every connection closed: SQLite folds its log into the file, and
    // PostgreSQL copies only a database no one is connected to.
    db.close().await;
    drop(db);
    drop(dir);
    let source = match db_url.strip_prefix("sqlite://") {
        Some(file) => {
            fold_log(&db_url, file).await;
            file.to_string()
        }
        None => db_url.rsplit('/').next().unwrap().to_string(),
    };
    Template { engine, source, seals: seal_files(&db_url), key_line }
}

/// Folds a closed SQLite database's log into its file, so that a copy of
/// the file alone holds everything. The pool's last connection usually did
/// so as it closed; a connection whose thread closed it a moment after the
/// pool said it was closed (seen on a busy machine) left the log behind.
async fn fold_log(url: &str, file: &str) {
    use sqlx::Connection;
    let log = std::path::PathBuf::from(format!("{file}-wal"));
    for _ in 0..100 {
        if std::fs::metadata(&log).map_or(true, |m| m.len() == 0) {
            return;
        }
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        let (busy, _, _): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut c).await.unwrap();
        c.close().await.unwrap();
        if busy == 0 {
            continue;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the template's log was not folded in");
}

/// This run's directory of SQLite templates; those of runs that ended are removed.
fn templates_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("satuatap-templates");
    if let Ok(entries) = std::fs::read_dir(&root) {
        for entry in entries.flatten() {
            let pid = entry.file_name().to_string_lossy().to_string();
            if !std::path::Path::new("/proc").join(&pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    root.join(std::process::id().to_string())
}

/// A new database copied from `template`, with its audit files; its URL,
/// the directory that keeps an SQLite file alive, and the sealing key.
async fn copy_of(template: &Template) -> (String, Option<TempDir>, Option<String>) {
    let (url, dir) = if template.engine == Engine::Sqlite {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&template.source, dir.path().join("test.db")).unwrap();
        (sqlite_url(&dir.path().join("test.db")), Some(dir))
    } else {
        use sqlx::Connection;
        let admin = postgres_admin_url();
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        let name = format!("satuatap_test_{}", uuid::Uuid::new_v4().simple());
        // Both names are generated here, never user input.
        sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {}", template.source)).execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
        (format!("{base}/{name}"), None)
    };
    let seals = seal_files(&url);
    std::fs::create_dir_all(seals.key_file.parent().unwrap()).unwrap();
    std::fs::copy(&template.seals.key_file, &seals.key_file).unwrap();
    if template.seals.checkpoint_file.exists() {
        std::fs::copy(&template.seals.checkpoint_file, &seals.checkpoint_file).unwrap();
    }
    (url, dir, Some(template.key_line.clone()))
}

/// The built `satuatap` binary.
/// The first column (text) of every row of a query, on either engine.
pub async fn raw_query_strings(url: &str, sql: &str) -> Vec<String> {
    use sqlx::Connection;
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut c).await.unwrap()
    }
}

/// Another browser (its own cookies) for the same server.
pub fn spawn_client(_t: &TestApp) -> reqwest::Client {
    http_client(true)
}

/// A client as the tests use (with a cookie jar or without), following no
/// redirect. It drops a connection idle for 5 s, before the server closes
/// it (after `header_timeout`, 10 s): a request sent on a connection the
/// server was closing failed with "error sending request" on a busy
/// machine.
pub fn http_client(cookies: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(cookies)
        .pool_idle_timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap()
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_satuatap"))
}

/// Runs raw SQL against a test database (to play the attacker who edits rows).
pub async fn raw_sql(url: &str, statements: &[&str]) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await?;
        for s in statements {
            sqlx::query(s).execute(&mut c).await?;
        }
    } else {
        let mut c = sqlx::PgConnection::connect(url).await?;
        for s in statements {
            sqlx::query(s).execute(&mut c).await?;
        }
    }
    Ok(())
}

/// A bearer token of a demo user. New tests: `t.as_user(username)`.
pub async fn api_token(t: &TestApp, username: &str) -> String {
    let r = t
        .client
        .post(t.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"username": username, "password": "demo-password"}))
        .send()
        .await
        .unwrap();
    r.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

/// POSTs JSON with a bearer token: the status and the JSON answer (null when
/// none). New tests: [`ApiUser::post`].
pub async fn api_post(t: &TestApp, tok: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let r = t.client.post(t.url(path)).bearer_auth(tok).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// GETs with a bearer token: the status and the JSON answer (null when
/// none). New tests: [`ApiUser::get`].
pub async fn api_get(t: &TestApp, tok: &str, path: &str) -> (u16, serde_json::Value) {
    let r = t.client.get(t.url(path)).bearer_auth(tok).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// A browser signed in as the demo user `username`, and its CSRF token.
/// New tests: `t.in_browser(username)`.
pub async fn browser(t: &TestApp, username: &str) -> (reqwest::Client, String) {
    let b = spawn_client(t);
    let html = b.get(t.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let r = b
        .post(t.url("/sign-in"))
        .form(&[("username", username), ("password", "demo-password"), ("csrf", &csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{username} signs in");
    let html = b.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&html);
    (b, csrf)
}

/// GETs a page with a browser: the status and the HTML. New tests:
/// `BrowserUser::page`.
pub async fn page(b: &reqwest::Client, t: &TestApp, path: &str) -> (u16, String) {
    let r = b.get(t.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// POSTs a form with a browser: the status, and the redirect's location on
/// 303, else the page. New tests: `BrowserUser::post_form` (which adds the
/// CSRF token).
pub async fn post_form(b: &reqwest::Client, t: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = b.post(t.url(path)).form(form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, if status == 303 { location } else { r.text().await.unwrap() })
}

/// Sets the language switch of a browser `b` (its cookie) to `lang`.
pub async fn switch_language(b: &reqwest::Client, t: &TestApp, lang: &str) {
    let r = b.get(t.url(&format!("/language/{lang}"))).send().await.unwrap();
    assert_eq!(r.status(), 303, "the switch to {lang}");
}

/// The CSRF token of the first form of a page.
pub fn csrf_of(html: &str) -> String {
    let m = "name=\"csrf\" value=\"";
    let i = html.find(m).unwrap() + m.len();
    html[i..].split('"').next().unwrap().to_string()
}
