//! The database: SQLite (one file in the data folder, WAL journal; the default) or PostgreSQL
//! (a `postgres://` URL, for several server processes behind a load balancer). Both are reached
//! through sqlx's `Any` driver with one set of queries, written in the SQL both understand
//! (numbered `$1` parameters, `ON CONFLICT`, `RETURNING`, text timestamps in RFC 3339); each
//! has its own migrations, which make the same tables.

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::{AnyConnection, AnyPool, Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The database file's name inside the data folder (SQLite).
pub const FILE_NAME: &str = "ysmap.sqlite3";

/// SQLite's migrations, built into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// PostgreSQL's migrations: the same tables, version for version, in PostgreSQL's types.
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The key of the PostgreSQL advisory lock that makes writers take turns across every server
/// process, as SQLite's `BEGIN IMMEDIATE` does inside one file (see [`begin_write`]).
const WRITE_LOCK_KEY: i64 = 0x7973_6d61_7000; // "ysmap"

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `ysmap.sqlite3` in this folder, created when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL database (`postgres://user:password@host/name`), created when missing if
    /// the user may.
    Postgres(String),
}

impl Location {
    /// The database named by `--database-url` (`postgres://…` or `sqlite://…`), else SQLite in
    /// `data_dir`.
    pub fn from_url(url: Option<&str>, data_dir: &Path) -> anyhow::Result<Location> {
        match url {
            None => Ok(Location::Sqlite(data_dir.to_owned())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Location::Postgres(url.to_owned()))
            }
            Some(url) => match url.strip_prefix("sqlite://") {
                Some(dir) => Ok(Location::Sqlite(PathBuf::from(dir))),
                None => anyhow::bail!(
                    "the database URL must start with postgres:// (or sqlite:// and a folder); got {}",
                    redacted(url)
                ),
            },
        }
    }

    /// For logs and messages: the folder, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(dir) => dir.join(FILE_NAME).display().to_string(),
            Location::Postgres(url) => redacted(url),
        }
    }
}

/// `url` without the password.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// The backend of `conn`.
    pub fn of(conn: &AnyConnection) -> Backend {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Opens (creating if needed) the database and brings its schema up to date.
pub async fn open(location: &Location) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    match location {
        Location::Sqlite(data_dir) => {
            std::fs::create_dir_all(data_dir)
                .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
            let path = data_dir.join(FILE_NAME);
            let absolute = std::path::absolute(&path).unwrap_or(path.clone());
            let url = format!(
                "sqlite://{}?mode=rwc",
                percent_encoding::utf8_percent_encode(&absolute.to_string_lossy(), PATH_UNSAFE)
            );
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // FULL: a write acknowledged to an investor survives a power cut, not
                        // only a crash. The busy timeout covers writers outside this process
                        // (the `backup` command, an operator's sqlite3).
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await
                .with_context(|| format!("cannot open the database {}", path.display()))?;
            MIGRATOR
                .run(&pool)
                .await
                .context("cannot bring the database schema up to date")?;
            Ok(pool)
        }
        Location::Postgres(url) => {
            let shown = redacted(url);
            if !sqlx::Any::database_exists(url)
                .await
                .with_context(|| format!("cannot reach the database {shown}"))?
            {
                match sqlx::Any::create_database(url).await {
                    Ok(()) => tracing::info!(database = %shown, "database created"),
                    // Another server process starting at the same moment made it.
                    Err(_) if sqlx::Any::database_exists(url).await.unwrap_or(false) => {}
                    Err(e) => {
                        return Err(anyhow::Error::new(e).context(format!(
                            "the database {shown} does not exist and cannot be created (create it, or give its user CREATEDB)"
                        )));
                    }
                }
            }
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .with_context(|| format!("cannot open the database {shown}"))?;
            // The migrator takes PostgreSQL's advisory lock: processes starting together
            // migrate once.
            POSTGRES_MIGRATOR
                .run(&pool)
                .await
                .context("cannot bring the database schema up to date")?;
            Ok(pool)
        }
    }
}

/// Characters escaped in the SQLite URL's path: the URL's own delimiters and `%`.
const PATH_UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'?')
    .add(b'#');

/// A write transaction whose writer has the database to itself until it ends: SQLite's
/// `BEGIN IMMEDIATE`; on PostgreSQL a transaction-scoped advisory lock, so that writers on
/// every server process take turns as they do in one SQLite file (the code that reads, checks
/// and writes inside one transaction relies on that).
pub async fn begin_write(
    conn: sqlx::pool::PoolConnection<sqlx::Any>,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match Backend::of(&conn) {
        Backend::Sqlite => {
            sqlx::Transaction::begin(
                conn,
                Some(sqlx::SqlSafeStr::into_sql_str("BEGIN IMMEDIATE")),
            )
            .await
        }
        Backend::Postgres => {
            let mut tx = sqlx::Transaction::begin(conn, None).await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_names_postgres_or_a_folder_and_nothing_else() {
        let dir = Path::new("data");
        assert_eq!(
            Location::from_url(None, dir).expect("understood"),
            Location::Sqlite(dir.to_owned())
        );
        assert_eq!(
            Location::from_url(Some("sqlite:///var/lib/ysmap"), dir).expect("understood"),
            Location::Sqlite(PathBuf::from("/var/lib/ysmap"))
        );
        let pg = "postgres://ysmap:secret@db.internal/ysmap";
        let location = Location::from_url(Some(pg), dir).expect("understood");
        assert_eq!(location, Location::Postgres(pg.to_owned()));
        assert!(!location.describe().contains("secret"));
        let err = Location::from_url(Some("mysql://u:pw@h/db"), dir).expect_err("refused");
        assert!(err.to_string().contains("postgres://"));
        assert!(!err.to_string().contains("pw@"));
    }
}
