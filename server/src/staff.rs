//! Staff accounts, managed by administrators (`/api/admin/staff…`): list, create with a
//! temporary password, re-scope, disable, reset a password (the user sets their own at the next
//! sign-in). The first administrator comes from the command line (`admin create`).

use crate::AppState;
use crate::auth::{CreateUserError, Staff, check_new_password, create_user};
use crate::error::ApiError;
use crate::requests::parse_json;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sqlx::Row;
use ysmap_model::staff::{
    Account, AccountChange, Accounts, NewAccount, PasswordReset, Role, StaffUser,
};
use ysmap_model::validation::ErrorCode;
use ysmap_model::{Lang, Text};

fn no_such_account(lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::NOT_FOUND,
        "",
        ErrorCode::NotFound,
        Text::new("没有这个账号。", "There is no such account."),
        lang,
    )
}

/// The role and parks checked: a role given, parks in the catalog, an editor with at least one.
fn check_scope(
    state: &AppState,
    role: Option<Role>,
    parks: &[String],
    lang: Lang,
) -> Result<Role, ApiError> {
    let role = role.ok_or_else(|| {
        ApiError::invalid(
            "role",
            ErrorCode::Required,
            "请选择角色。",
            "Please choose a role.",
            lang,
        )
    })?;
    let published = state.catalog.current();
    for (i, p) in parks.iter().enumerate() {
        if published.catalog.park(p).is_none() || parks[..i].contains(p) {
            return Err(ApiError::invalid(
                &format!("park_ids[{i}]"),
                ErrorCode::UnknownReference,
                format!("园区“{p}”不存在或重复。"),
                format!("The park “{p}” does not exist or is listed twice."),
                lang,
            ));
        }
    }
    if role == Role::Editor && parks.is_empty() {
        return Err(ApiError::invalid(
            "park_ids",
            ErrorCode::Required,
            "园区编辑至少负责一个园区。",
            "A park editor needs at least one park.",
            lang,
        ));
    }
    Ok(role)
}

async fn accounts(db: &sqlx::SqlitePool) -> Result<Vec<Account>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, disabled FROM staff_users ORDER BY username",
        crate::auth::USER_COLUMNS
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (_, user) = crate::auth::user_of(&row)?;
        let disabled: i64 = row.try_get("disabled")?;
        out.push(Account {
            user,
            disabled: disabled != 0,
        });
    }
    Ok(out)
}

/// Signs `username` out everywhere.
async fn end_sessions(tx: &mut sqlx::SqliteConnection, username: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM staff_sessions WHERE user_id = (SELECT id FROM staff_users WHERE username = ?)",
    )
    .bind(username)
    .execute(tx)
    .await
    .map(|_| ())
}

/// `GET /api/admin/staff`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<Accounts>, ApiError> {
    staff.require(&[Role::Admin])?;
    let accounts = accounts(&state.db)
        .await
        .map_err(|e| ApiError::internal(e, staff.lang))?;
    Ok(Json(Accounts { accounts }))
}

/// `POST /api/admin/staff`.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Accounts>), ApiError> {
    staff.require(&[Role::Admin])?;
    let lang = staff.lang;
    let new: NewAccount = parse_json(&body, lang)?;
    let role = check_scope(&state, new.role, &new.park_ids, lang)?;
    check_new_password(&new.password, "password", lang)?;
    let user = StaffUser {
        username: new.username.trim().to_owned(),
        role,
        park_ids: if role == Role::Admin {
            Vec::new()
        } else {
            new.park_ids
        },
        display_name: new.display_name.trim().to_owned(),
        phone: new.phone.trim().to_owned(),
        must_change_password: true,
    };
    match create_user(&state.db, &user, &new.password).await {
        Ok(()) => {}
        Err(CreateUserError::Taken(name)) => {
            return Err(ApiError::invalid(
                "username",
                ErrorCode::Duplicate,
                format!("用户名“{name}”已被使用。"),
                format!("The user name “{name}” is taken."),
                lang,
            ));
        }
        Err(CreateUserError::BadName) => {
            return Err(ApiError::invalid(
                "username",
                ErrorCode::InvalidValue,
                "用户名须为 1 至 64 个字母、数字或 . _ - @。",
                "The user name must be 1 to 64 letters, digits or . _ - @.",
                lang,
            ));
        }
        Err(e @ (CreateUserError::ShortPassword | CreateUserError::Other(_))) => {
            // The password was checked above (field `password`); anything left is ours.
            return Err(ApiError::internal(e, lang));
        }
    }
    tracing::info!(by = %staff.user.username, username = %user.username, role = %role.code(), "account created");
    let accounts = accounts(&state.db)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    Ok((StatusCode::CREATED, Json(Accounts { accounts })))
}

/// Whether another enabled administrator than `username` exists (the last one may not be
/// disabled or demoted: nobody could manage accounts then).
async fn another_admin(db: &sqlx::SqlitePool, username: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_users WHERE role = 'admin' AND disabled = 0 AND username <> ?",
    )
    .bind(username)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// `PUT /api/admin/staff/{username}`: re-scope, rename, disable or enable. Disabling ends the
/// account's sessions.
pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(username): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Accounts>, ApiError> {
    staff.require(&[Role::Admin])?;
    let lang = staff.lang;
    let change: AccountChange = parse_json(&body, lang)?;
    let role = check_scope(&state, change.role, &change.park_ids, lang)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let current: Option<String> =
        sqlx::query_scalar("SELECT role FROM staff_users WHERE username = ?")
            .bind(&username)
            .fetch_optional(&state.db)
            .await
            .map_err(internal)?;
    let Some(current) = current else {
        return Err(no_such_account(lang));
    };
    let leaves_admins = current == Role::Admin.code() && (role != Role::Admin || change.disabled);
    if leaves_admins
        && !another_admin(&state.db, &username)
            .await
            .map_err(internal)?
    {
        return Err(ApiError::single(
            StatusCode::CONFLICT,
            "role",
            ErrorCode::InvalidTransition,
            Text::new(
                "这是唯一的管理员账号,不能停用或降级;请先设立另一位管理员。",
                "This is the only administrator: it cannot be disabled or demoted until there is another.",
            ),
            lang,
        ));
    }
    let parks = if role == Role::Admin {
        Vec::new()
    } else {
        change.park_ids
    };
    let mut tx = state.db.begin().await.map_err(internal)?;
    sqlx::query("UPDATE staff_users SET role = ?, park_ids = ?, display_name = ?, phone = ?, disabled = ?, updated_at = ? WHERE username = ?")
        .bind(role.code())
        .bind(serde_json::to_string(&parks).unwrap_or_else(|_| "[]".to_owned()))
        .bind(change.display_name.trim())
        .bind(change.phone.trim())
        .bind(i64::from(change.disabled))
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(&username)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    if change.disabled {
        end_sessions(&mut tx, &username).await.map_err(internal)?;
    }
    tx.commit().await.map_err(internal)?;
    tracing::info!(by = %staff.user.username, %username, role = %role.code(), disabled = change.disabled, "account changed");
    Ok(Json(Accounts {
        accounts: accounts(&state.db).await.map_err(internal)?,
    }))
}

/// `POST /api/admin/staff/{username}/password`: a temporary password; the user must set their
/// own at the next sign-in, and their sessions end now.
pub async fn reset_password(
    State(state): State<AppState>,
    staff: Staff,
    Path(username): Path<String>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    staff.require(&[Role::Admin])?;
    let lang = staff.lang;
    let reset: PasswordReset = parse_json(&body, lang)?;
    check_new_password(&reset.password, "password", lang)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let password = reset.password;
    let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
        .await
        .map_err(|e| ApiError::internal(e, lang))?
        .map_err(|e| ApiError::internal(e, lang))?;
    let mut tx = state.db.begin().await.map_err(internal)?;
    let done = sqlx::query("UPDATE staff_users SET password_hash = ?, must_change_password = 1, updated_at = ? WHERE username = ?")
        .bind(&hash)
        .bind(chrono::Utc::now().to_rfc3339())
        .bind(&username)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    if done.rows_affected() == 0 {
        return Err(no_such_account(lang));
    }
    end_sessions(&mut tx, &username).await.map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(by = %staff.user.username, %username, "password reset by an administrator");
    Ok(StatusCode::NO_CONTENT)
}
