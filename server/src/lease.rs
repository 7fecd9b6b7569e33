//! Leases on background jobs: when several server processes share one database, one of them
//! at a time runs each job (delivering notifications, raising notices, purging). A lease is a
//! row naming its holder and when it ends; the holder renews it each round, and when a holder
//! stops (crashed, stopped, cut off), another process takes the job over once the lease ends.

use chrono::{DateTime, Utc};

/// One process's name for itself in the leases: random, new at every start.
pub fn new_holder() -> String {
    let random = getrandom::u64().unwrap_or_else(|_| {
        u64::from(std::process::id()) ^ Utc::now().timestamp_micros().unsigned_abs()
    });
    format!("{random:016x}")
}

/// Takes (or renews) the lease on job `name` for `holder` until `until`: `true` when it is
/// this holder's, `false` while another holder's lease runs. One statement, so two processes
/// asking at once cannot both win.
pub async fn take(
    db: &sqlx::AnyPool,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let taken: Option<String> = sqlx::query_scalar(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
         WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < $4 \
         RETURNING holder",
    )
    .bind(name)
    .bind(holder)
    .bind(until.to_rfc3339())
    .bind(now.to_rfc3339())
    .fetch_optional(db)
    .await?;
    Ok(taken.is_some())
}

/// Gives the lease up (a process stopping cleanly), so another takes the job at once.
pub async fn give_up(db: &sqlx::AnyPool, name: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .execute(db)
        .await?;
    Ok(())
}
