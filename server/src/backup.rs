//! `ysmap-server backup FILE` and `ysmap-server restore FILE`: the database (records, history,
//! requests, accounts, photos: everything the server keeps is in it) copied out while the
//! server runs, and put back into a data folder.
//!
//! A backup is SQLite's `VACUUM INTO`: one consistent snapshot, taken inside a read
//! transaction, so investors and staff go on working while it is made. It is written under a
//! temporary name and renamed when complete and checked, so a file with the backup's name is
//! always a whole one. A restore checks the file first (SQLite's integrity check, and that its
//! schema is this server's or older), keeps any database it replaces beside it, and leaves
//! nothing half-copied: the copy is renamed into place only when it is on disk.

use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};

/// What `backup` and `restore` say on PostgreSQL, whose own tools do both.
pub const POSTGRES_GUIDANCE: &str = "backup and restore copy the SQLite database; on PostgreSQL use its own tools: \
`pg_dump --format=custom --file=ysmap.dump \"$YSMAP_DATABASE_URL\"` while the servers run (one consistent snapshot), \
and `pg_restore --clean --if-exists --no-owner --dbname=\"$YSMAP_DATABASE_URL\" ysmap.dump` with the servers stopped (README, \"Backup and restore\")";

/// What a backup or a restore holds, to be told to the person running it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// Bytes of the database file.
    pub bytes: u64,
    /// Catalog records (parks, facilities, policies … in their current version).
    pub records: i64,
    /// Assistance requests.
    pub requests: i64,
    /// Staff accounts.
    pub accounts: i64,
    /// The newest schema migration it has.
    pub schema: i64,
}

impl std::fmt::Display for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.1} MiB: {} catalog records, {} assistance requests, {} staff accounts, schema {}",
            self.bytes as f64 / 1_048_576.0,
            self.records,
            self.requests,
            self.accounts,
            self.schema
        )
    }
}

/// Writes a consistent copy of the database in `data_dir` to `to` (which must not exist yet),
/// while the server may be running.
pub async fn backup(data_dir: &Path, to: &Path) -> anyhow::Result<Contents> {
    if to.exists() {
        bail!(
            "{} already exists: a backup never overwrites a file (choose another name)",
            to.display()
        );
    }
    let source = data_dir.join(crate::db::FILE_NAME);
    if !source.exists() {
        bail!("there is no database at {}", source.display());
    }
    let partial = partial_name(to);
    let _ = std::fs::remove_file(&partial);
    let mut conn = SqliteConnectOptions::new()
        .filename(&source)
        .read_only(true)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("cannot open the database {}", source.display()))?;
    let target = partial
        .to_str()
        .context("the backup's path must be valid UTF-8")?
        .to_owned();
    sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(&mut conn)
        .await
        .with_context(|| format!("cannot write the backup to {}", partial.display()))?;
    conn.close().await.ok();
    let contents = match check(&partial).await {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e.context("the backup just written does not check out"));
        }
    };
    sync_file(&partial)?;
    std::fs::rename(&partial, to)
        .with_context(|| format!("cannot rename the backup to {}", to.display()))?;
    sync_parent(to);
    Ok(contents)
}

/// Puts the backup `from` in place as the database of `data_dir` (the server must be
/// stopped). A database already there is refused unless `replace`, and then kept beside it as
/// `ysmap.sqlite3.before-restore-<time>`; the path of that copy is returned with the contents.
pub async fn restore(
    from: &Path,
    data_dir: &Path,
    replace: bool,
) -> anyhow::Result<(Contents, Option<PathBuf>)> {
    let contents = check(from)
        .await
        .with_context(|| format!("{} is not a backup that can be restored", from.display()))?;
    let newest = crate::db::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    if contents.schema > newest {
        bail!(
            "{} comes from a newer server (schema {}, this one knows up to {}): restore it with that server's version",
            from.display(),
            contents.schema,
            newest
        );
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
    let target = data_dir.join(crate::db::FILE_NAME);
    let kept = if target.exists() {
        if !replace {
            bail!(
                "{} already has a database: stop the server, then run restore again with --replace (the database there is kept beside it)",
                data_dir.display()
            );
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = data_dir.join(format!("{}.before-restore-{stamp}", crate::db::FILE_NAME));
        // Its write-ahead log first, so that what was last written is in the copy kept.
        checkpoint(&target).await?;
        std::fs::rename(&target, &kept)
            .with_context(|| format!("cannot move the database aside to {}", kept.display()))?;
        Some(kept)
    } else {
        None
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(data_dir.join(format!("{}{suffix}", crate::db::FILE_NAME)));
    }
    let partial = partial_name(&target);
    std::fs::copy(from, &partial)
        .with_context(|| format!("cannot copy {} into {}", from.display(), data_dir.display()))?;
    sync_file(&partial)?;
    std::fs::rename(&partial, &target)
        .with_context(|| format!("cannot put the database in place at {}", target.display()))?;
    sync_parent(&target);
    Ok((contents, kept))
}

/// The file written before it is whole: `<name>.partial`.
fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Whether `file` is a sound ysmap database, and what it holds.
async fn check(file: &Path) -> anyhow::Result<Contents> {
    let bytes = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("cannot open {} as a database", file.display()))?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .context("SQLite's integrity check could not run (not a database?)")?;
    if verdict != "ok" {
        bail!("SQLite's integrity check found: {verdict}");
    }
    let mut figures = [0i64; 4];
    for (slot, sql) in figures.iter_mut().zip([
        "SELECT count(*) FROM catalog_records",
        "SELECT count(*) FROM assistance_requests",
        "SELECT count(*) FROM staff_users",
        "SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success",
    ]) {
        *slot = sqlx::query_scalar(sql)
            .fetch_one(&mut conn)
            .await
            .context("it is not a database of this server (its tables are missing)")?;
    }
    conn.close().await.ok();
    let [records, requests, accounts, schema] = figures;
    Ok(Contents {
        bytes,
        records,
        requests,
        accounts,
        schema,
    })
}

/// Folds the write-ahead log of the database at `file` into it.
async fn checkpoint(file: &Path) -> anyhow::Result<()> {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(file))
        .await
        .with_context(|| format!("cannot open {}", file.display()))?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await
        .context("cannot fold the write-ahead log into the database")?;
    pool.close().await;
    Ok(())
}

fn sync_file(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot flush {} to disk", path.display()))
}

/// Makes a rename in `path`'s folder durable (best effort: not every platform can).
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}
