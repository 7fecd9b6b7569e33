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

/// The role, county and parks checked: a role given; a county the catalog has, and a county
/// administrator's own (it makes accounts of its county only); parks in the catalog, in that
/// county; an editor with at least one. Answers the role and the county.
fn check_scope(
    staff: &Staff,
    role: Option<Role>,
    region: Option<String>,
    parks: &[String],
) -> Result<(Role, Option<String>), ApiError> {
    let lang = staff.lang;
    let role = role.ok_or_else(|| {
        ApiError::invalid(
            "role",
            ErrorCode::Required,
            "请选择角色。",
            "Please choose a role.",
            lang,
        )
    })?;
    let catalog = staff.stored_catalog();
    let region = region.filter(|r| !r.is_empty());
    if !staff.user.manages(region.as_deref()) {
        return Err(ApiError::invalid(
            "region_id",
            ErrorCode::Forbidden,
            "区县管理员只能管理本区县的账号。",
            "A county administrator manages the accounts of their own county only.",
            lang,
        ));
    }
    if let Some(r) = &region
        && catalog.region(r).is_none()
    {
        return Err(ApiError::invalid(
            "region_id",
            ErrorCode::UnknownReference,
            format!("区县“{r}”不存在。"),
            format!("There is no county “{r}”."),
            lang,
        ));
    }
    for (i, p) in parks.iter().enumerate() {
        if catalog.park(p).is_none()
            || parks[..i].contains(p)
            || !catalog.in_region(p, region.as_deref())
        {
            return Err(ApiError::invalid(
                &format!("park_ids[{i}]"),
                ErrorCode::UnknownReference,
                format!("园区“{p}”不存在、重复或不在该区县。"),
                format!("The park “{p}” does not exist, is listed twice or is not in the county."),
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
    Ok((role, region))
}

/// The county of the account `username`, when it exists and `staff` manages it; else the same
/// 404 as for no account (a county administrator learns nothing of other counties' staff).
async fn managed_region(
    state: &AppState,
    staff: &Staff,
    username: &str,
) -> Result<(String, Option<String>), ApiError> {
    let lang = staff.lang;
    let row =
        sqlx::query("SELECT role, region_id FROM staff_users WHERE lower(username) = lower($1)")
            .bind(username)
            .fetch_optional(&state.db)
            .await
            .map_err(|e| ApiError::internal(e, lang))?;
    let Some(row) = row else {
        return Err(no_such_account(lang));
    };
    let role: String = row
        .try_get("role")
        .map_err(|e| ApiError::internal(e, lang))?;
    let region: Option<String> = row
        .try_get("region_id")
        .map_err(|e| ApiError::internal(e, lang))?;
    if staff.user.manages(region.as_deref()) {
        Ok((role, region))
    } else {
        Err(no_such_account(lang))
    }
}

/// The accounts `staff` manages: every one for a city administrator, its county's for a
/// county administrator.
async fn accounts(db: &sqlx::AnyPool, staff: &Staff) -> Result<Vec<Account>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, disabled FROM staff_users ORDER BY lower(username)",
        crate::auth::USER_COLUMNS
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (_, user) = crate::auth::user_of(&row)?;
        if !staff.user.manages(user.region_id.as_deref()) {
            continue;
        }
        let disabled: i64 = row.try_get("disabled")?;
        out.push(Account {
            user,
            disabled: disabled != 0,
        });
    }
    Ok(out)
}

/// Signs `username` out everywhere.
async fn end_sessions(tx: &mut sqlx::AnyConnection, username: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM staff_sessions WHERE user_id = (SELECT id FROM staff_users WHERE lower(username) = lower($1))",
    )
    .bind(username)
    .execute(tx)
    .await
    .map(|_| ())
}

/// `GET /api/admin/staff`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<Accounts>, ApiError> {
    staff.require(&[Role::Admin])?;
    let accounts = accounts(&state.db, &staff)
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
    let (role, region) = check_scope(&staff, new.role, new.region_id, &new.park_ids)?;
    check_new_password(&new.password, "password", lang)?;
    let user = StaffUser {
        username: new.username.trim().to_owned(),
        role,
        park_ids: if role == Role::Admin {
            Vec::new()
        } else {
            new.park_ids
        },
        region_id: region,
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
    let accounts = accounts(&state.db, &staff)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    Ok((StatusCode::CREATED, Json(Accounts { accounts })))
}

/// Whether another enabled city administrator than `username` exists (the last one may not
/// be disabled, demoted or given a county: nobody could manage the city's accounts then).
async fn another_admin(db: &mut sqlx::AnyConnection, username: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_users WHERE role = 'admin' AND region_id IS NULL AND disabled = 0 AND lower(username) <> lower($1)",
    )
    .bind(username)
    .fetch_one(&mut *db)
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
    let (current, current_region) = managed_region(&state, &staff, &username).await?;
    let (role, region) = check_scope(&staff, change.role, change.region_id, &change.park_ids)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let city_admin = current == Role::Admin.code() && current_region.is_none();
    let leaves_admins = city_admin && (role != Role::Admin || change.disabled || region.is_some());
    // The look and the change in one writer's turn: two administrators disabling each other at
    // once (through two server processes, say) cannot leave none.
    let (_turn, mut tx) = state.begin_write().await.map_err(internal)?;
    if leaves_admins && !another_admin(&mut tx, &username).await.map_err(internal)? {
        return Err(ApiError::single(
            StatusCode::CONFLICT,
            "role",
            ErrorCode::InvalidTransition,
            Text::new(
                "这是唯一的市级管理员账号,不能停用、降级或划归区县;请先设立另一位管理员。",
                "This is the only administrator of the whole catalog: it cannot be disabled, demoted or given a county until there is another.",
            ),
            lang,
        ));
    }
    let parks = if role == Role::Admin {
        Vec::new()
    } else {
        change.park_ids
    };
    sqlx::query("UPDATE staff_users SET role = $1, park_ids = $2, region_id = $3, display_name = $4, phone = $5, disabled = $6, updated_at = $7 WHERE lower(username) = lower($8)")
        .bind(role.code())
        .bind(serde_json::to_string(&parks).unwrap_or_else(|_| "[]".to_owned()))
        .bind(&region)
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
        accounts: accounts(&state.db, &staff).await.map_err(internal)?,
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
    managed_region(&state, &staff, &username).await?;
    check_new_password(&reset.password, "password", lang)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let password = reset.password;
    let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
        .await
        .map_err(|e| ApiError::internal(e, lang))?
        .map_err(|e| ApiError::internal(e, lang))?;
    let mut tx = state.db.begin().await.map_err(internal)?;
    let done = sqlx::query("UPDATE staff_users SET password_hash = $1, must_change_password = 1, updated_at = $2 WHERE lower(username) = lower($3)")
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
