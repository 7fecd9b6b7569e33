//! Abuse limits that do not lock people out: per-address rates on submitting and looking up
//! requests, and a per-code lock after repeated wrong phone digits (in the database, so every
//! server and a restart see it). The rates are counted in memory (`governor`) by a server on
//! SQLite, the one process its file serves, and in the database when several processes share
//! a PostgreSQL database, so that a load balancer spreading one address's requests over them
//! does not multiply its allowance.

use crate::error::ApiError;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Duration, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use ysmap_model::validation::ErrorCode;
use ysmap_model::{Lang, Text};

/// Wrong phone digits for one tracking code within [`CODE_LOCK_HOURS`] that lock the code.
pub const CODE_LOCK_FAILURES: i64 = 10;

/// The window of the code lock, in hours: ten tries a day leaves 10,000 combinations months
/// away.
pub const CODE_LOCK_HOURS: i64 = 24;

/// The per-address limiters.
#[derive(Clone)]
pub struct Limits {
    submit: Limit,
    lookup: Limit,
    sign_in: Limit,
    /// Where the counts are shared between processes; `None`: in this process's memory.
    shared: Option<sqlx::AnyPool>,
}

/// One limit: what it is called in the shared counters, its rate, its memory counter.
#[derive(Clone)]
struct Limit {
    scope: &'static str,
    per_minute: u32,
    memory: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl Limit {
    fn new(scope: &'static str, per_minute: u32) -> Self {
        Limit {
            scope,
            per_minute,
            memory: Arc::new(RateLimiter::keyed(per_minute_quota(per_minute))),
        }
    }
}

fn per_minute_quota(n: u32) -> Quota {
    let n = NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(n).allow_burst(n)
}

impl Limits {
    /// Limiters allowing `submits` submissions, `lookups` look-ups (and investor actions) and
    /// `sign_ins` staff sign-in attempts a minute from one address; counted in `shared` when
    /// given (several processes on one database), else in memory.
    pub fn new(submits: u32, lookups: u32, sign_ins: u32, shared: Option<sqlx::AnyPool>) -> Self {
        Limits {
            submit: Limit::new("submit", submits),
            lookup: Limit::new("lookup", lookups),
            sign_in: Limit::new("sign_in", sign_ins),
            shared,
        }
    }

    /// `Ok` when `address` may try to sign in now: the per-name lockout stops guessing one
    /// account's password, this stops trying one password on many accounts.
    pub async fn sign_in(&self, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        self.check(&self.sign_in, address, lang).await
    }

    /// `Ok` when `address` may submit now.
    pub async fn submit(&self, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        self.check(&self.submit, address, lang).await
    }

    /// `Ok` when `address` may look up (or act on) a request now.
    pub async fn lookup(&self, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        self.check(&self.lookup, address, lang).await
    }

    async fn check(&self, limit: &Limit, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        let Some(db) = &self.shared else {
            return check_memory(&limit.memory, address, lang);
        };
        let wait = shared_wait(db, limit, address, Utc::now().timestamp())
            .await
            .map_err(|e| ApiError::internal(e, lang))?;
        match wait {
            None => Ok(()),
            Some(wait) => {
                tracing::warn!(%address, wait, scope = limit.scope, "rate limited");
                Err(too_many(wait, lang))
            }
        }
    }
}

/// Counts one attempt in the shared counters at `now` (Unix seconds): the seconds to wait when
/// it is over the limit. A sliding window: this minute's attempts, and the last minute's in
/// the share of it still within 60 seconds.
async fn shared_wait(
    db: &sqlx::AnyPool,
    limit: &Limit,
    address: IpAddr,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let window = now - now.rem_euclid(60);
    let address = address.to_string();
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limit_hits (scope, address, window_start, hits) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (scope, address, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 \
         RETURNING hits",
    )
    .bind(limit.scope)
    .bind(&address)
    .bind(window)
    .fetch_one(db)
    .await?;
    let before: i64 = sqlx::query_scalar(
        "SELECT hits FROM rate_limit_hits WHERE scope = $1 AND address = $2 AND window_start = $3",
    )
    .bind(limit.scope)
    .bind(&address)
    .bind(window - 60)
    .fetch_optional(db)
    .await?
    .unwrap_or(0);
    let elapsed = now - window;
    let estimate = sliding_estimate(before, hits, elapsed);
    Ok((estimate > i64::from(limit.per_minute)).then_some((60 - elapsed).max(1)))
}

/// Attempts within the last 60 seconds, `elapsed` seconds into this minute: this minute's
/// `hits`, and the last minute's `before` in the share of it still inside the 60 seconds,
/// rounded up (a share of an attempt still counts, so that crossing into a new minute never
/// lets one attempt more through).
fn sliding_estimate(before: i64, hits: i64, elapsed: i64) -> i64 {
    (before * (60 - elapsed) + 59) / 60 + hits
}

/// Deletes the shared counters of windows that no longer count (the worker, each round).
pub async fn forget_old_hits(db: &sqlx::AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limit_hits WHERE window_start < $1")
        .bind(Utc::now().timestamp() - 120)
        .execute(db)
        .await?;
    Ok(())
}

fn check_memory(
    limiter: &DefaultKeyedRateLimiter<IpAddr>,
    address: IpAddr,
    lang: Lang,
) -> Result<(), ApiError> {
    limiter.check_key(&address).map_err(|not_until| {
        let wait = not_until
            .wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
            .as_secs()
            .max(1);
        tracing::warn!(%address, wait, "rate limited");
        too_many(i64::try_from(wait).unwrap_or(60), lang)
    })
}

/// `429` with `Retry-After`.
pub fn too_many(wait_seconds: i64, lang: Lang) -> ApiError {
    let minutes = (wait_seconds + 59) / 60;
    ApiError::single(
        StatusCode::TOO_MANY_REQUESTS,
        "",
        ErrorCode::RateLimited,
        Text::new(
            format!("尝试次数过多,请约 {minutes} 分钟后再试;急事请致电招商服务中心。"),
            format!(
                "Too many attempts: please try again in about {minutes} minute(s), or call the service centre if it is urgent."
            ),
        ),
        lang,
    )
    .retry_after(wait_seconds)
}

/// The address a request came from: the peer, or with `trust_proxy` the last address a proxy
/// in front added to `X-Forwarded-For` (the one it saw; earlier ones the client may have made
/// up).
pub fn peer_of(headers: &HeaderMap, peer: Option<SocketAddr>, trust_proxy: bool) -> IpAddr {
    if trust_proxy
        && let Some(forwarded) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return forwarded;
    }
    peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| p.ip())
}

/// When the code is locked after too many wrong digits: the seconds until it opens.
pub async fn code_locked(db: &sqlx::AnyPool, code: &str) -> Result<Option<i64>, sqlx::Error> {
    let now = Utc::now();
    let since = (now - Duration::hours(CODE_LOCK_HOURS)).to_rfc3339();
    let oldest: Option<String> = sqlx::query_scalar(
        "SELECT at FROM lookup_failures WHERE tracking_code = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3",
    )
    .bind(code)
    .bind(&since)
    .bind(CODE_LOCK_FAILURES - 1)
    .fetch_optional(db)
    .await?;
    Ok(oldest
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|at| {
            (at.to_utc() + Duration::hours(CODE_LOCK_HOURS) - now)
                .num_seconds()
                .max(1)
        }))
}

/// Records a wrong guess at a code's phone digits.
pub async fn record_code_failure(
    db: &sqlx::AnyPool,
    code: &str,
    address: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO lookup_failures (tracking_code, address, at) VALUES ($1, $2, $3)")
        .bind(code)
        .bind(address)
        .bind(Utc::now().to_rfc3339())
        .execute(db)
        .await?;
    Ok(())
}

/// The client's address, for the per-address limits (see [`peer_of`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl axum::extract::FromRequestParts<crate::AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        Ok(ClientAddr(peer_of(&parts.headers, peer, state.trust_proxy)))
    }
}

#[cfg(test)]
mod tests {
    use super::sliding_estimate;

    #[test]
    fn the_last_minute_counts_for_the_share_still_inside_the_window() {
        // At the turn of the minute the last one counts whole; a second later, still whole
        // (rounded up); half way, half; at its end, none.
        assert_eq!(sliding_estimate(3, 1, 0), 4);
        assert_eq!(sliding_estimate(3, 1, 1), 4);
        assert_eq!(sliding_estimate(4, 0, 30), 2);
        assert_eq!(sliding_estimate(3, 2, 59), 3);
        assert_eq!(sliding_estimate(0, 5, 10), 5);
    }
}
