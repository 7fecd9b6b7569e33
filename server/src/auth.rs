//! Staff sign-in (DESIGN.md, "Staff API contract"): argon2id passwords, server-side sessions in
//! an HttpOnly SameSite=Strict cookie, a CSRF token for every change, the lockout after repeated
//! failures, and the [`Staff`] extractor every `/api/admin/` handler takes.

use crate::AppState;
use crate::error::{ApiError, requested_lang};
use crate::limits::ClientAddr;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;
use ysmap_model::staff::{
    CSRF_HEADER, MIN_PASSWORD_CHARS, PasswordChange, Role, Session, SignIn, StaffUser,
};
use ysmap_model::validation::ErrorCode;
use ysmap_model::{Lang, Text};

/// The session cookie's name.
pub const COOKIE: &str = "ysmap_session";

/// How long a session lasts from sign-in (a working day and then some).
pub const SESSION_HOURS: i64 = 12;

/// Failed sign-ins for one user name within [`LOCKOUT_MINUTES`] that lock it.
pub const LOCKOUT_FAILURES: i64 = 5;

/// The lockout window, in minutes.
pub const LOCKOUT_MINUTES: i64 = 15;

/// A signed-in staff member, for handlers under `/api/admin/`. Extracting it answers `401`
/// without a valid session, and `403` for a change without the session's CSRF token or while
/// the password must be changed first.
#[derive(Clone)]
pub struct Staff {
    /// The account's row id.
    pub id: i64,
    /// The account.
    pub user: StaffUser,
    /// The language to answer in.
    pub lang: Lang,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The session's key in `staff_sessions` (the SHA-256 of the cookie's token).
    pub session: String,
    /// The catalog when the request came: which county each park lies in, for a county's
    /// account's scope.
    pub catalog: std::sync::Arc<crate::catalog::Published>,
}

impl Staff {
    /// The catalog as stored (drafts included), whose parks' counties scope the account.
    pub fn stored_catalog(&self) -> &ysmap_model::Catalog {
        self.catalog.stored()
    }

    /// `Ok` for an administrator of the whole catalog, else the contract's `403`: what is
    /// the city's (the catalog's parts, shared industries and hubs) is not a county's.
    pub fn require_city_admin(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin])?;
        if self.user.is_city_admin() {
            Ok(())
        } else {
            Err(forbidden(self.lang))
        }
    }

    /// `Ok` when the account has one of `roles`, else the contract's `403`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.user.role) {
            Ok(())
        } else {
            Err(forbidden(self.lang))
        }
    }
}

/// `403`: signed in, but not allowed.
pub fn forbidden(lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::FORBIDDEN,
        "",
        ErrorCode::Forbidden,
        Text::new(
            "您的账号没有这项操作的权限。",
            "Your account is not allowed to do this.",
        ),
        lang,
    )
}

fn sign_in_required(lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::UNAUTHORIZED,
        "",
        ErrorCode::SignInRequired,
        Text::new(
            "请先登录(或登录已过期,请重新登录)。",
            "Please sign in (or your session has expired: sign in again).",
        ),
        lang,
    )
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The session token in the request's cookies.
fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The hex SHA-256 of `s`.
pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 32 random bytes, hex: session tokens and CSRF tokens.
fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The argon2id hash of `password` (PHC string, random salt, the crate's default cost).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Whether `password` matches the PHC string `hash`. Slow on purpose; run it off the async
/// threads.
fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash of no one's password, verified against when the user name is unknown so that the
/// answer takes as long as for a wrong password (the name's existence does not leak by time).
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no one's password, for timing").unwrap_or_default())
}

/// The shortest-password rule, as an error for `field`.
pub fn check_new_password(password: &str, field: &str, lang: Lang) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            field,
            ErrorCode::OutOfRange,
            Text::new(
                format!("密码至少 {MIN_PASSWORD_CHARS} 个字符。"),
                format!("The password must have at least {MIN_PASSWORD_CHARS} characters."),
            ),
            lang,
        ));
    }
    Ok(())
}

/// Reads an account row into the API's shape.
pub fn user_of(row: &sqlx::any::AnyRow) -> Result<(i64, StaffUser), sqlx::Error> {
    let role: String = row.try_get("role")?;
    let parks: String = row.try_get("park_ids")?;
    let must: i64 = row.try_get("must_change_password")?;
    Ok((
        row.try_get("id")?,
        StaffUser {
            username: row.try_get("username")?,
            role: Role::from_code(&role).unwrap_or(Role::Handler),
            park_ids: serde_json::from_str(&parks).unwrap_or_default(),
            region_id: row.try_get("region_id")?,
            display_name: row.try_get("display_name")?,
            phone: row.try_get("phone")?,
            must_change_password: must != 0,
        },
    ))
}

/// The columns [`user_of`] reads.
pub const USER_COLUMNS: &str =
    "id, username, role, park_ids, region_id, display_name, phone, must_change_password";

/// The enabled account named `username`.
pub async fn find_user(
    db: &sqlx::AnyPool,
    username: &str,
) -> Result<Option<(i64, StaffUser)>, sqlx::Error> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM staff_users WHERE lower(username) = lower($1) AND disabled = 0"
    );
    match sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(db)
        .await?
    {
        Some(row) => Ok(Some(user_of(&row)?)),
        None => Ok(None),
    }
}

/// Every enabled account with one of `roles`.
pub async fn users_with_roles(
    db: &sqlx::AnyPool,
    roles: &[Role],
) -> Result<Vec<(i64, StaffUser)>, sqlx::Error> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM staff_users WHERE disabled = 0 ORDER BY lower(username)"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db).await?;
    let mut users = Vec::new();
    for row in &rows {
        let (id, user) = user_of(row)?;
        if roles.contains(&user.role) {
            users.push((id, user));
        }
    }
    Ok(users)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = requested_lang(&parts.headers).unwrap_or_default();
        let token = session_token(&parts.headers).ok_or_else(|| sign_in_required(lang))?;
        let sql = format!(
            "SELECT u.{}, s.csrf_token, s.expires_at FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id WHERE s.token_sha256 = $1 AND u.disabled = 0",
            USER_COLUMNS.replace(", ", ", u.")
        );
        let internal = |e: sqlx::Error| ApiError::internal(e, lang);
        let session = sha256_hex(&token);
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&session)
            .fetch_optional(&state.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| sign_in_required(lang))?;
        let expires: String = row.try_get("expires_at").map_err(internal)?;
        let expired = DateTime::parse_from_rfc3339(&expires).map_or(true, |t| t < Utc::now());
        if expired {
            return Err(sign_in_required(lang));
        }
        let (id, user) = user_of(&row).map_err(internal)?;
        let csrf: String = row.try_get("csrf_token").map_err(internal)?;
        if !is_safe(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if sent.is_empty() || sent != csrf {
                return Err(ApiError::single(
                    StatusCode::FORBIDDEN,
                    CSRF_HEADER,
                    ErrorCode::Forbidden,
                    Text::new(
                        "请求缺少有效的 CSRF 令牌,已拒绝;请刷新控制台后重试。",
                        "The request lacks a valid CSRF token and was refused; reload the console and try again.",
                    ),
                    lang,
                ));
            }
        }
        // An administrator's temporary password opens nothing but the change of it.
        let changing_password =
            parts.uri.path() == "/api/admin/password" || parts.uri.path() == "/api/admin/session";
        if user.must_change_password && !changing_password {
            return Err(ApiError::single(
                StatusCode::FORBIDDEN,
                "",
                ErrorCode::PasswordChangeRequired,
                Text::new("请先设置新密码。", "Please set a new password first."),
                lang,
            ));
        }
        Ok(Staff {
            id,
            user,
            lang,
            csrf_token: csrf,
            session,
            catalog: state.catalog.current(),
        })
    }
}

/// Whether the request came over HTTPS (directly, or through a proxy that says so).
fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The cookie that carries `token` (or, empty and expired, removes it). Set and removed only
/// by `/api/admin/session`, with no `Path`: the browser's default is that address's folder,
/// `/api/admin` at the server's root and `/<sub-path>/api/admin` behind a proxy that gives the
/// server a sub-path, so the cookie goes to the staff API wherever it is mounted, and nowhere
/// else.
fn cookie(token: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .ok()
}

fn wrong_credentials(lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::UNAUTHORIZED,
        "",
        ErrorCode::WrongCredentials,
        Text::new(
            "用户名或密码不正确。",
            "The user name or the password is wrong.",
        ),
        lang,
    )
}

/// `POST /api/admin/session`: signs in.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let lang = requested_lang(&headers).unwrap_or_default();
    state.limits.sign_in(address, lang).await?;
    let creds: SignIn = crate::requests::parse_json(&body, lang)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let now = Utc::now();
    let username = creds.username.trim().to_owned();
    let address = address.to_string();

    // Locked: the 5th most recent failure within the window sets when it opens again.
    let since = (now - Duration::minutes(LOCKOUT_MINUTES)).to_rfc3339();
    let fifth: Option<String> = sqlx::query_scalar(
        "SELECT at FROM signin_failures WHERE lower(username) = lower($1) AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3",
    )
    .bind(&username)
    .bind(&since)
    .bind(LOCKOUT_FAILURES - 1)
    .fetch_optional(&state.db)
    .await
    .map_err(internal)?;
    if let Some(at) = fifth.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()) {
        let opens = at.to_utc() + Duration::minutes(LOCKOUT_MINUTES);
        let wait = (opens - now).num_seconds().max(1);
        tracing::warn!(%username, %address, wait, "sign-in refused: account locked after repeated failures");
        return Err(crate::limits::too_many(wait, lang));
    }

    let found = find_user(&state.db, &username).await.map_err(internal)?;
    let hash = match &found {
        Some((id, _)) => {
            sqlx::query_scalar::<_, String>("SELECT password_hash FROM staff_users WHERE id = $1")
                .bind(id)
                .fetch_one(&state.db)
                .await
                .map_err(internal)?
        }
        None => dummy_hash().to_owned(),
    };
    let password = creds.password;
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    let Some((id, user)) = found.filter(|_| ok) else {
        sqlx::query("INSERT INTO signin_failures (username, address, at) VALUES ($1, $2, $3)")
            .bind(&username)
            .bind(&address)
            .bind(now.to_rfc3339())
            .execute(&state.db)
            .await
            .map_err(internal)?;
        tracing::warn!(%username, %address, "sign-in failed");
        return Err(wrong_credentials(lang));
    };

    let token = random_token().map_err(|e| ApiError::internal(e, lang))?;
    let csrf_token = random_token().map_err(|e| ApiError::internal(e, lang))?;
    let mut tx = state.db.begin().await.map_err(internal)?;
    sqlx::query("DELETE FROM signin_failures WHERE lower(username) = lower($1)")
        .bind(&username)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    // Old sessions of anyone are swept here rather than by a timer.
    sqlx::query("DELETE FROM staff_sessions WHERE expires_at < $1")
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    sqlx::query("INSERT INTO staff_sessions (token_sha256, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(sha256_hex(&token))
        .bind(id)
        .bind(&csrf_token)
        .bind(now.to_rfc3339())
        .bind((now + Duration::hours(SESSION_HOURS)).to_rfc3339())
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(username = %user.username, %address, "signed in");
    let mut response = Json(Session { user, csrf_token }).into_response();
    if let Some(c) = cookie(&token, SESSION_HOURS * 3600, over_https(&headers)) {
        response.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(response)
}

/// `GET /api/admin/session`: who is signed in, and the CSRF token (for a reloaded console).
pub async fn current(staff: Staff) -> Json<Session> {
    Json(Session {
        user: staff.user,
        csrf_token: staff.csrf_token,
    })
}

/// `DELETE /api/admin/session`: signs out (the session is deleted, the cookie cleared).
pub async fn sign_out(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_sha256 = $1")
        .bind(&staff.session)
        .execute(&state.db)
        .await
        .map_err(|e| ApiError::internal(e, staff.lang))?;
    tracing::info!(username = %staff.user.username, "signed out");
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(c) = cookie("", 0, over_https(&headers)) {
        response.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(response)
}

/// `PUT /api/admin/password`: changes one's own password (the current one proves it is you);
/// every other session of the account ends.
pub async fn change_password(
    State(state): State<AppState>,
    staff: Staff,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let lang = staff.lang;
    let change: PasswordChange = crate::requests::parse_json(&body, lang)?;
    check_new_password(&change.new, "new", lang)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM staff_users WHERE id = $1")
        .bind(staff.id)
        .fetch_one(&state.db)
        .await
        .map_err(internal)?;
    let current = change.current.clone();
    let ok = tokio::task::spawn_blocking(move || verify_password(&current, &hash))
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    if !ok {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            "current",
            ErrorCode::WrongCredentials,
            Text::new("当前密码不正确。", "The current password is wrong."),
            lang,
        ));
    }
    if change.new == change.current {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            "new",
            ErrorCode::InvalidValue,
            Text::new(
                "新密码不能与当前密码相同。",
                "The new password must differ from the current one.",
            ),
            lang,
        ));
    }
    let new = change.new;
    let new_hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| ApiError::internal(e, lang))?
        .map_err(|e| ApiError::internal(e, lang))?;
    let mut tx = state.db.begin().await.map_err(internal)?;
    sqlx::query("UPDATE staff_users SET password_hash = $1, must_change_password = 0, updated_at = $2 WHERE id = $3")
        .bind(&new_hash)
        .bind(Utc::now().to_rfc3339())
        .bind(staff.id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND token_sha256 <> $2")
        .bind(staff.id)
        .bind(&staff.session)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(username = %staff.user.username, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

/// Why an account could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// The user name is empty, too long or has other characters.
    #[error("the user name must be 1 to 64 letters, digits or . _ - @")]
    BadName,
    /// The password is too short.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    ShortPassword,
    /// The name is taken.
    #[error("there is already an account named {0}")]
    Taken(String),
    /// Anything else (the database, hashing).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// A new account, from the command line (`ysmap-server admin create`) or the console.
pub async fn create_user(
    db: &sqlx::AnyPool,
    user: &StaffUser,
    password: &str,
) -> Result<(), CreateUserError> {
    let name = user.username.trim();
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "._-@".contains(c))
    {
        return Err(CreateUserError::BadName);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(CreateUserError::ShortPassword);
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(anyhow::Error::from)??;
    let now = Utc::now().to_rfc3339();
    sqlx::query("INSERT INTO staff_users (username, password_hash, role, park_ids, region_id, display_name, phone, must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(name)
        .bind(&hash)
        .bind(user.role.code())
        .bind(serde_json::to_string(&user.park_ids).map_err(anyhow::Error::from)?)
        .bind(&user.region_id)
        .bind(&user.display_name)
        .bind(&user.phone)
        .bind(i64::from(user.must_change_password))
        .bind(&now)
        .bind(&now)
        .execute(db)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                CreateUserError::Taken(name.to_owned())
            }
            e => CreateUserError::Other(e.into()),
        })?;
    Ok(())
}
