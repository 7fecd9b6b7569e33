//! Configuration, from flags or the environment (flags win).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How the server runs. Every option has an environment variable for deployments that set
/// configuration that way (systemd units, containers).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "ysmap-server",
    version,
    about = "营商地图 · Investment Navigation Map server"
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "YSMAP_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Folder for the SQLite database (created if missing).
    #[arg(long, env = "YSMAP_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// A PostgreSQL database instead of SQLite, for several server processes behind a load
    /// balancer: `postgres://user:password@host:5432/ysmap` (created if missing when the user
    /// may). Unset: SQLite in --data-dir.
    #[arg(long, env = "YSMAP_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// A catalog JSON file to seed an empty database with, in place of the built-in sample.
    /// It is checked at every start; a catalog with problems is refused with all of them listed.
    #[arg(long, env = "YSMAP_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Replace the catalog already in the database with the one given by --catalog (or the
    /// sample). Requests are kept.
    #[arg(long, env = "YSMAP_REPLACE_CATALOG", requires = "catalog")]
    pub replace_catalog: bool,

    /// The built app (trunk's `dist/`), served at `/`. When missing, only the API is served.
    #[arg(long, env = "YSMAP_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Base map tile hosts the page may load images from (the Content-Security-Policy's
    /// img-src), e.g. `https://*.tianditu.gov.cn`; repeat the flag or separate with commas;
    /// `none` allows none. The default covers the built-in presets (天地图, OpenStreetMap, AMap);
    /// a `custom` tile URL on the page's host element is added by itself.
    #[arg(
        long,
        env = "YSMAP_TILE_ORIGINS",
        value_delimiter = ',',
        default_values_t = crate::security::DEFAULT_TILE_ORIGINS.iter().map(|s| (*s).to_owned())
    )]
    pub tile_origin: Vec<String>,

    /// Who may put the app in a frame (the Content-Security-Policy's frame-ancestors): `self`,
    /// `none`, or origins such as `https://www.example.gov.cn` (the county portal); repeat the
    /// flag or separate with commas.
    #[arg(
        long,
        env = "YSMAP_FRAME_ANCESTORS",
        value_delimiter = ',',
        default_value = "self"
    )]
    pub frame_ancestors: Vec<String>,

    /// Other sites' pages that may call the public API from the browser (CORS): exact origins
    /// such as `https://www.example.gov.cn` (a county portal embedding the map with a
    /// `data-api-base` of this server); repeat the flag or separate with commas. The staff API
    /// never answers another origin.
    #[arg(long, env = "YSMAP_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Behind a reverse proxy: take the client's address (for rate limits and logs) from the
    /// last `X-Forwarded-For` entry, which the proxy adds. Without a proxy, leave it off: a
    /// client could otherwise name any address.
    #[arg(long, env = "YSMAP_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Assistance requests one address may send per minute.
    #[arg(long, env = "YSMAP_SUBMITS_PER_MINUTE", default_value_t = 20)]
    pub submits_per_minute: u32,

    /// Request look-ups (and investor actions) one address may make per minute.
    #[arg(long, env = "YSMAP_LOOKUPS_PER_MINUTE", default_value_t = 30)]
    pub lookups_per_minute: u32,

    /// Staff sign-in attempts one address may make per minute (besides the lockout of a user
    /// name after 5 failures).
    #[arg(long, env = "YSMAP_SIGN_INS_PER_MINUTE", default_value_t = 20)]
    pub sign_ins_per_minute: u32,

    /// Where to POST notifications (new request, assignment, message, complaint, due soon).
    #[arg(long, env = "YSMAP_WEBHOOK_URL")]
    pub webhook_url: Option<String>,

    /// The webhook's format: `json`, or a WeCom / DingTalk group robot.
    #[arg(long, env = "YSMAP_WEBHOOK_FORMAT", value_enum, default_value_t = crate::outbox::WebhookFormat::Json)]
    pub webhook_format: crate::outbox::WebhookFormat,

    /// An SMTP server to mail notifications through: `smtp://host:587?tls=required`
    /// (STARTTLS), `smtps://host:465`, or `smtp://host:25` (plain, inside a trusted network),
    /// with `user:password@` before the host when it asks for them.
    #[arg(long, env = "YSMAP_SMTP_URL", requires_all = ["smtp_from", "notify_email"])]
    pub smtp_url: Option<String>,

    /// The sender of notification mail, e.g. `营商地图 <map@example.gov.cn>`.
    #[arg(long, env = "YSMAP_SMTP_FROM")]
    pub smtp_from: Option<String>,

    /// Who receives notification mail (the service centre's mailbox, its administrators);
    /// repeat or separate with commas.
    #[arg(long, env = "YSMAP_NOTIFY_EMAIL", value_delimiter = ',')]
    pub notify_email: Vec<String>,

    /// Days after a request is finished before its personal data is purged; default: the
    /// catalog's `meta.retention_days` (the period the privacy notice states).
    #[arg(long, env = "YSMAP_RETENTION_DAYS")]
    pub retention_days: Option<u32>,

    /// Seconds between the notification worker's rounds (it also wakes on every new event);
    /// 0 runs no worker (a server that only answers, or tests that drive delivery).
    #[arg(long, env = "YSMAP_WORKER_INTERVAL_SECS", default_value_t = 30)]
    pub worker_interval_secs: u64,

    /// On PostgreSQL, milliseconds between looks at whether another server process changed
    /// the catalog (then it is published here too); 0 looks never (one process).
    #[arg(long, env = "YSMAP_CATALOG_FOLLOW_MS", default_value_t = 1000)]
    pub catalog_follow_ms: u64,

    /// A command instead of serving (`admin create …`, `backup FILE`, `restore FILE`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Commands besides serving.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Staff accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Writes a consistent copy of the database to FILE while the server runs (SQLite's
    /// `VACUUM INTO`); FILE must not exist yet.
    Backup {
        /// Where the backup goes, e.g. /var/backups/ysmap-2026-11-26.sqlite3.
        file: std::path::PathBuf,
    },
    /// Puts a backup in place as the data folder's database. Stop the server first.
    Restore {
        /// The backup to restore.
        file: std::path::PathBuf,
        /// Replace a database already in the data folder (it is kept beside it).
        #[arg(long)]
        replace: bool,
    },
}

/// `admin …`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum AdminCommand {
    /// Creates a staff account. The password comes from YSMAP_ADMIN_PASSWORD or, when that is
    /// unset, one line of standard input; at least 12 characters.
    Create {
        /// The sign-in name.
        #[arg(long)]
        username: String,
        /// `admin`, `editor` or `handler`.
        #[arg(long, value_parser = ["admin", "editor", "handler"])]
        role: String,
        /// A park in the account's scope (editors: at least one; handlers: none means all).
        #[arg(long = "park")]
        parks: Vec<String>,
        /// The county (区县) of a city's catalog the account works for: a county
        /// administrator manages that county alone. Unset: the city's.
        #[arg(long)]
        region: Option<String>,
        /// The name investors see when this person handles their request.
        #[arg(long, default_value = "")]
        display_name: String,
        /// The work phone investors see.
        #[arg(long, default_value = "")]
        phone: String,
    },
}

impl Config {
    /// Where the data lives: `--database-url`, else SQLite in `--data-dir`.
    pub fn database(&self) -> anyhow::Result<crate::db::Location> {
        crate::db::Location::from_url(self.database_url.as_deref(), &self.data_dir)
    }

    /// A configuration for tests: a given data folder, any free port on loopback. When
    /// `YSMAP_TEST_DATABASE_URL` names a PostgreSQL server (`postgres://user@host:port`, as
    /// `cargo xtask test` sets for its second run), the data goes to a new database there, one
    /// per configuration, so that the same tests run against both backends.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        let database_url = std::env::var("YSMAP_TEST_DATABASE_URL")
            .ok()
            .filter(|url| !url.is_empty())
            .map(|server| {
                static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                format!(
                    "{}/ysmap_test_{}_{}_{n}",
                    server.trim_end_matches('/'),
                    std::process::id(),
                    chrono::Utc::now().timestamp_micros()
                )
            });
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            database_url,
            catalog: None,
            replace_catalog: false,
            static_dir: PathBuf::from("dist"),
            tile_origin: crate::security::DEFAULT_TILE_ORIGINS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            frame_ancestors: vec!["self".to_owned()],
            cors_origins: Vec::new(),
            trust_proxy: false,
            submits_per_minute: 20,
            lookups_per_minute: 30,
            sign_ins_per_minute: 20,
            webhook_url: None,
            webhook_format: crate::outbox::WebhookFormat::Json,
            smtp_url: None,
            smtp_from: None,
            notify_email: Vec::new(),
            retention_days: None,
            worker_interval_secs: 30,
            catalog_follow_ms: 1000,
            command: None,
        }
    }
}
