//! Abuse limits that do not lock people out: per-address rates on submitting and looking up
//! requests (in memory, per server, `governor`), and a per-code lock after repeated wrong phone
//! digits (in the database, so every server and a restart see it).

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
    submit: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    lookup: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    sign_in: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

fn per_minute(n: u32) -> Quota {
    let n = NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(n).allow_burst(n)
}

impl Limits {
    /// Limiters allowing `submits` submissions, `lookups` look-ups (and investor actions) and
    /// `sign_ins` staff sign-in attempts a minute from one address.
    pub fn new(submits: u32, lookups: u32, sign_ins: u32) -> Self {
        Limits {
            submit: Arc::new(RateLimiter::keyed(per_minute(submits))),
            lookup: Arc::new(RateLimiter::keyed(per_minute(lookups))),
            sign_in: Arc::new(RateLimiter::keyed(per_minute(sign_ins))),
        }
    }

    /// `Ok` when `address` may try to sign in now: the per-name lockout stops guessing one
    /// account's password, this stops trying one password on many accounts.
    pub fn sign_in(&self, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        check(&self.sign_in, address, lang)
    }

    /// `Ok` when `address` may submit now.
    pub fn submit(&self, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        check(&self.submit, address, lang)
    }

    /// `Ok` when `address` may look up (or act on) a request now.
    pub fn lookup(&self, address: IpAddr, lang: Lang) -> Result<(), ApiError> {
        check(&self.lookup, address, lang)
    }
}

fn check(
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
