//! Catalog records for staff (DESIGN.md, "Staff API contract"): `GET /api/admin/{collection}`,
//! `GET|PUT|DELETE /api/admin/{collection}/{id}`, `POST /api/admin/{collection}`, a record's
//! history and its restoration. The body of a PUT or POST is the record in the catalog's own
//! JSON format. Every save is checked three ways before anything is written: the record's own
//! shape (field paths), the account's scope (an editor touches only their parks' records), and
//! the whole catalog's consistency with the change in it (crates/model). A saved change is
//! published at once (`GET /api/catalog` has a new ETag); a record with `"published": false` is
//! a draft investors do not see. Every change is kept with its before and after, by whom and
//! when; deleting is a change too, restorable by an administrator.

use crate::AppState;
use crate::auth::{Staff, forbidden};
use crate::catalog::{Published, read_stored};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get as get_route, post as post_route};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;
use ysmap_model::staff::Role;
use ysmap_model::validation::{ErrorCode, FieldError, invalid_body};
use ysmap_model::{Catalog, Lang, Text};

/// The collections staff edit.
pub const COLLECTIONS: [&str; 5] = [
    "parks",
    "facilities",
    "industries",
    "policies",
    "transport_hubs",
];

/// `GET /api/admin/{collection}`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Records {
    /// Every record in the account's scope, drafts included, in catalog order.
    pub records: Vec<Value>,
}

/// One change in a record's history.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Version {
    /// Its number (send it to restore).
    pub version: i64,
    /// `created`, `changed`, `deleted` or `restored`.
    pub action: String,
    /// Who.
    pub actor: String,
    /// When (RFC 3339).
    pub at: String,
    /// The fields that changed, before and after.
    pub changes: Vec<FieldChange>,
    /// The record after the change (before it, for a deletion).
    pub record: Value,
}

/// One field's change.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// Its value before (absent: `null`).
    pub before: Value,
    /// Its value after.
    pub after: Value,
}

/// `GET …/history`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct History {
    /// Newest first.
    pub versions: Vec<Version>,
}

/// `POST …/{id}/restore`'s body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Restore {
    /// The version to bring back.
    pub version: i64,
}

fn not_found(lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::NOT_FOUND,
        "",
        ErrorCode::NotFound,
        Text::new("没有这条记录。", "There is no such record."),
        lang,
    )
}

/// Whether `staff` may see and change `record` of `collection`: a city administrator
/// everything; a county administrator its county's parks, their facilities, and the county's
/// policies (or those naming only its parks), not the city's shared industries and hubs;
/// editors their parks, those parks' facilities, and policies that name only their parks.
pub fn in_scope(staff: &Staff, collection: &str, record: &Value) -> bool {
    let user = &staff.user;
    let catalog = staff.stored_catalog();
    let in_county = |v: &Value| v.as_str().is_some_and(|p| user.in_county(catalog, p));
    let parks = &user.park_ids;
    let mine = |v: &Value| v.as_str().is_some_and(|p| parks.iter().any(|x| x == p));
    let names_only = |ok: &dyn Fn(&Value) -> bool| {
        record["applies_to"]["park_ids"]
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(ok))
    };
    match user.role {
        Role::Admin => match &user.region_id {
            None => true,
            Some(county) => {
                let of_county = record["region_id"].as_str() == Some(county.as_str());
                match collection {
                    "parks" => of_county,
                    "facilities" => in_county(&record["park_id"]),
                    "policies" => of_county || names_only(&in_county),
                    _ => false,
                }
            }
        },
        Role::Handler => false,
        Role::Editor => match collection {
            "parks" => mine(&record["id"]),
            "facilities" => mine(&record["park_id"]),
            "policies" => names_only(&mine),
            _ => false,
        },
    }
}

/// The stored records of a collection, in order: `(id, record)`.
pub async fn stored_records(
    db: impl sqlx::AnyExecutor<'_>,
    collection: &str,
) -> Result<Vec<(String, Value)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, data FROM catalog_records WHERE collection = $1 ORDER BY position")
            .bind(collection)
            .fetch_all(db)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let data: String = row.try_get("data")?;
        out.push((
            row.try_get("id")?,
            serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        ));
    }
    Ok(out)
}

/// `GET /api/admin/{collection}`.
async fn list(
    state: AppState,
    staff: Staff,
    collection: &'static str,
) -> Result<Json<Records>, ApiError> {
    staff.require(&[Role::Admin, Role::Editor])?;
    let records = records_of(&state, &staff, collection)
        .await?
        .into_iter()
        .filter(|r| in_scope(&staff, collection, r))
        .collect();
    Ok(Json(Records { records }))
}

/// Every stored record of `collection`, drafts included, in catalog order (the caller
/// applies the scope).
pub async fn records_of(
    state: &AppState,
    staff: &Staff,
    collection: &str,
) -> Result<Vec<Value>, ApiError> {
    Ok(stored_records(&state.db, collection)
        .await
        .map_err(|e| ApiError::internal(e, staff.lang))?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// `GET /api/admin/{collection}/{id}`.
async fn get(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    id: String,
) -> Result<Json<Value>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let record = stored_records(&state.db, collection)
        .await
        .map_err(|e| ApiError::internal(e, lang))?
        .into_iter()
        .find(|(i, _)| *i == id)
        .map(|(_, r)| r)
        .ok_or_else(|| not_found(lang))?;
    if !in_scope(&staff, collection, &record) {
        return Err(forbidden(lang));
    }
    Ok(Json(record))
}

/// The record parsed as its collection's type: `Err` names the field that is wrong.
fn check_shape(collection: &str, record: &Value, lang: Lang) -> Result<(), ApiError> {
    fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Result<(), String> {
        serde_path_to_error::deserialize::<_, T>(v.clone())
            .map(|_| ())
            .map_err(|e| e.path().to_string())
    }
    use ysmap_model::catalog as c;
    let result = match collection {
        "parks" => parse::<c::Park>(record),
        "facilities" => parse::<c::Facility>(record),
        "industries" => parse::<c::Industry>(record),
        "policies" => parse::<c::Policy>(record),
        _ => parse::<c::TransportHub>(record),
    };
    result.map_err(|path| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![invalid_body(&path)],
            lang,
        )
    })
}

/// What a save does to a collection.
pub enum Edit {
    /// Create or replace the record with this id.
    Put(String, Value),
    /// Remove it.
    Delete(String),
    /// Set its 最后核实 (`verified_at`) to this date, the rest as it is stored when the change
    /// is made (read inside the write, so that no concurrent change is lost).
    Confirm(String, chrono::NaiveDate),
}

/// One change to save: the edit, the history's word for it, and whether the record must
/// exist already (`Some(true)`), must not (`Some(false)`), or may either way.
pub struct Change {
    /// The edit.
    pub edit: Edit,
    /// `created`, `changed`, `deleted`, `restored`, `confirmed` or `imported`.
    pub action: &'static str,
    /// Whether the record must exist already.
    pub must_exist: Option<bool>,
}

/// A change checked and applied to the records in memory, ready to write.
pub struct Applied {
    /// The record's id.
    pub id: String,
    /// The history's word for it.
    pub action: &'static str,
    /// The record before (absent: new).
    pub before: Option<Value>,
    /// The record after (absent: deleted).
    pub after: Option<Value>,
}

/// Checks `change` against `records` as they stand (scope, shape, existence) and applies it
/// to them. Nothing is written.
pub fn apply(
    staff: &Staff,
    collection: &str,
    records: &mut Vec<(String, Value)>,
    change: Change,
) -> Result<Applied, ApiError> {
    let lang = staff.lang;
    let id = match &change.edit {
        Edit::Put(id, _) | Edit::Delete(id) | Edit::Confirm(id, _) => id.clone(),
    };
    let existing = records.iter().position(|(i, _)| *i == id);
    let before = existing.map(|i| records[i].1.clone());
    // Scope first: what is outside it is refused before anything about it is said.
    if let Some(b) = &before
        && !in_scope(staff, collection, b)
    {
        return Err(forbidden(lang));
    }
    match (change.must_exist, existing) {
        (Some(true), None) => return Err(not_found(lang)),
        (Some(false), Some(_)) => {
            return Err(ApiError::single(
                StatusCode::CONFLICT,
                "id",
                ErrorCode::Duplicate,
                Text::new(
                    format!("已有 id 为“{id}”的记录。"),
                    format!("A record with the id “{id}” exists already."),
                ),
                lang,
            ));
        }
        _ => {}
    }
    // A record to store: the server keeps the time of the change; shape and scope checked.
    let stored = |mut record: Value| -> Result<Value, ApiError> {
        record["updated_at"] = Value::String(Utc::now().to_rfc3339());
        check_shape(collection, &record, lang)?;
        if !in_scope(staff, collection, &record) {
            return Err(forbidden(lang));
        }
        Ok(record)
    };
    let after = match change.edit {
        Edit::Put(_, record) => Some(stored(record)?),
        Edit::Confirm(_, day) => {
            let Some(mut record) = before.clone() else {
                return Err(not_found(lang));
            };
            record["verified_at"] = Value::String(ysmap_model::clock::iso_date(day));
            Some(stored(record)?)
        }
        Edit::Delete(_) => None,
    };
    match (&after, existing) {
        (Some(record), Some(i)) => records[i].1 = record.clone(),
        (Some(record), None) => records.push((id.clone(), record.clone())),
        (None, Some(i)) => {
            records.remove(i);
        }
        (None, None) => {}
    }
    Ok(Applied {
        id,
        action: change.action,
        before,
        after,
    })
}

/// The whole stored catalog with `collection` replaced by `records`, and the consistency
/// check's problems with it (none: it may be saved).
pub async fn check_catalog(
    tx: &mut sqlx::AnyConnection,
    collection: &str,
    records: &[(String, Value)],
    lang: Lang,
) -> Result<(Catalog, Vec<ysmap_model::consistency::Problem>), ApiError> {
    let mut catalog = read_stored(tx)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    replace_collection(&mut catalog, collection, records)
        .map_err(|e| ApiError::internal(e, lang))?;
    let problems = ysmap_model::consistency::check(&catalog, Utc::now());
    Ok((catalog, problems))
}

/// The consistency check's problems as the `422` that names each.
fn inconsistent(problems: Vec<ysmap_model::consistency::Problem>, lang: Lang) -> ApiError {
    let errors = problems
        .into_iter()
        .map(|p| FieldError::new(p.at, ErrorCode::InvalidValue, p.message))
        .collect();
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, errors, lang)
}

/// Applies one change after every check, records it in the history and publishes. Answers
/// the record as saved (or as it was, for a deletion).
async fn save(
    state: &AppState,
    staff: &Staff,
    collection: &'static str,
    edit: Edit,
    action: &'static str,
    must_exist: Option<bool>,
) -> Result<Value, ApiError> {
    let mut saved = save_all(
        state,
        staff,
        collection,
        vec![Change {
            edit,
            action,
            must_exist,
        }],
    )
    .await?;
    let applied = saved.pop().ok_or_else(|| not_found(staff.lang))?;
    Ok(applied.after.or(applied.before).unwrap_or(Value::Null))
}

/// Applies `changes` to `collection` all together or not at all, after every check; records
/// each in the history; publishes once.
pub async fn save_all(
    state: &AppState,
    staff: &Staff,
    collection: &'static str,
    changes: Vec<Change>,
) -> Result<Vec<Applied>, ApiError> {
    let lang = staff.lang;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    // One catalog writer at a time: the check sees the catalog the change is written over.
    let (_turn, mut tx) = state.begin_write().await.map_err(internal)?;
    let mut records = stored_records(&mut *tx, collection)
        .await
        .map_err(internal)?;
    let mut applied = Vec::with_capacity(changes.len());
    for change in changes {
        applied.push(apply(staff, collection, &mut records, change)?);
    }
    // The whole catalog with the changes in it must still hold together.
    let (catalog, problems) = check_catalog(&mut tx, collection, &records, lang).await?;
    if !problems.is_empty() {
        return Err(inconsistent(problems, lang));
    }
    let now = Utc::now().to_rfc3339();
    for a in &applied {
        write(&mut tx, collection, a, &staff.user.username, &now)
            .await
            .map_err(internal)?;
    }
    commit_and_publish(state, tx, &catalog, lang).await?;
    for a in &applied {
        tracing::info!(by = %staff.user.username, collection, id = %a.id, action = a.action, "catalog record saved and published");
    }
    Ok(applied)
}

/// Commits a change to the stored catalog, now `catalog`, counted in its revision, and
/// publishes it: investors see it from the next request on, through the other server processes
/// from their next look at the revision.
async fn commit_and_publish(
    state: &AppState,
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    catalog: &ysmap_model::Catalog,
    lang: Lang,
) -> Result<(), ApiError> {
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    // Encoded before the commit: a catalog that cannot be published is not saved either.
    let published = Published::new(catalog).map_err(|e| ApiError::internal(e, lang))?;
    let revision = crate::catalog::bump_revision(&mut tx)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    state.catalog.replace(published, revision);
    Ok(())
}

/// Writes one applied change and its history entry.
async fn write(
    tx: &mut sqlx::AnyConnection,
    collection: &str,
    a: &Applied,
    actor: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    match (&a.after, &a.before) {
        (Some(record), Some(_)) => {
            sqlx::query("UPDATE catalog_records SET data = $1, updated_at = $2 WHERE collection = $3 AND id = $4")
                .bind(record.to_string())
                .bind(now)
                .bind(collection)
                .bind(&a.id)
                .execute(&mut *tx)
                .await?;
        }
        (Some(record), None) => {
            sqlx::query("INSERT INTO catalog_records (collection, id, position, data, updated_at) VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM catalog_records), $3, $4)")
                .bind(collection)
                .bind(&a.id)
                .bind(record.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        (None, _) => {
            sqlx::query("DELETE FROM catalog_records WHERE collection = $1 AND id = $2")
                .bind(collection)
                .bind(&a.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("INSERT INTO catalog_history (collection, record_id, action, before, after, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(collection)
        .bind(&a.id)
        .bind(a.action)
        .bind(a.before.as_ref().map(Value::to_string))
        .bind(a.after.as_ref().map(Value::to_string))
        .bind(actor)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// `collection` of `catalog` replaced by `records`.
fn replace_collection(
    catalog: &mut Catalog,
    collection: &str,
    records: &[(String, Value)],
) -> Result<(), serde_json::Error> {
    let values = Value::Array(records.iter().map(|(_, r)| r.clone()).collect());
    match collection {
        "parks" => catalog.parks = serde_json::from_value(values)?,
        "facilities" => catalog.facilities = serde_json::from_value(values)?,
        "industries" => catalog.industries = serde_json::from_value(values)?,
        "policies" => catalog.policies = serde_json::from_value(values)?,
        _ => catalog.transport_hubs = serde_json::from_value(values)?,
    }
    Ok(())
}

fn parse_record(body: &[u8], lang: Lang) -> Result<Value, ApiError> {
    let v: Value = crate::requests::parse_json(body, lang)?;
    if !v.is_object() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![invalid_body("")],
            lang,
        ));
    }
    Ok(v)
}

/// `PUT /api/admin/{collection}/{id}`: replaces the record (its `id` must be the path's).
async fn put(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    id: String,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let record = parse_record(&body, lang)?;
    if record["id"].as_str() != Some(id.as_str()) {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            "id",
            ErrorCode::InvalidValue,
            Text::new(
                "记录的 id 须与地址中的一致;改 id 请新建记录。",
                "The record's id must be the one in the address; to change an id, create a new record.",
            ),
            lang,
        ));
    }
    save(
        &state,
        &staff,
        collection,
        Edit::Put(id, record),
        "changed",
        Some(true),
    )
    .await
    .map(Json)
}

/// `POST /api/admin/{collection}`: a new record.
async fn create(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let record = parse_record(&body, lang)?;
    let id = record["id"].as_str().unwrap_or("").trim().to_owned();
    if id.is_empty() {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            "id",
            ErrorCode::Required,
            Text::new("请填写 id。", "The record needs an id."),
            lang,
        ));
    }
    let saved = save(
        &state,
        &staff,
        collection,
        Edit::Put(id, record),
        "created",
        Some(false),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// `DELETE /api/admin/{collection}/{id}`: removes it from the catalog, kept in its history
/// (an administrator can restore it). Refused when other records still refer to it.
async fn delete(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    id: String,
) -> Result<StatusCode, ApiError> {
    staff.require(&[Role::Admin, Role::Editor])?;
    save(
        &state,
        &staff,
        collection,
        Edit::Delete(id),
        "deleted",
        Some(true),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The top-level fields that differ between `before` and `after`.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut fields: Vec<&String> = b.keys().chain(a.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| b.get(*f) != a.get(*f) && *f != "updated_at")
        .map(|f| FieldChange {
            field: f.clone(),
            before: b.get(f).cloned().unwrap_or(Value::Null),
            after: a.get(f).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

async fn versions(
    db: &sqlx::AnyPool,
    collection: &str,
    id: &str,
) -> Result<Vec<(Version, Option<Value>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, action, before, after, actor, at FROM catalog_history WHERE collection = $1 AND record_id = $2 ORDER BY id DESC",
    )
    .bind(collection)
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let json = |name: &str| -> Result<Option<Value>, sqlx::Error> {
            let s: Option<String> = row.try_get(name)?;
            Ok(s.and_then(|s| serde_json::from_str(&s).ok()))
        };
        let (before, after) = (json("before")?, json("after")?);
        out.push((
            Version {
                version: row.try_get("id")?,
                action: row.try_get("action")?,
                actor: row.try_get("actor")?,
                at: row.try_get("at")?,
                changes: diff(before.as_ref(), after.as_ref()),
                record: after.clone().or(before.clone()).unwrap_or(Value::Null),
            },
            after,
        ));
    }
    Ok(out)
}

/// `GET /api/admin/{collection}/{id}/history`: every change, newest first, with a readable
/// diff (deleted records too, for an administrator).
async fn history(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    id: String,
) -> Result<Json<History>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let found = versions(&state.db, collection, &id)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    let Some((latest, _)) = found.first() else {
        return Err(not_found(lang));
    };
    if !in_scope(&staff, collection, &latest.record) {
        return Err(forbidden(lang));
    }
    Ok(Json(History {
        versions: found.into_iter().map(|(v, _)| v).collect(),
    }))
}

/// `POST /api/admin/{collection}/{id}/restore` `{"version"}`: brings that version back (the
/// record before a deletion, else the record after that change), as a change of its own.
/// Restoring a deleted record is for administrators.
async fn restore(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    id: String,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let wanted: Restore = crate::requests::parse_json(&body, lang)?;
    let found = versions(&state.db, collection, &id)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    let deleted_now = found.first().is_some_and(|(v, _)| v.action == "deleted");
    if deleted_now && staff.user.role != Role::Admin {
        return Err(forbidden(lang));
    }
    let (version, _) = found
        .into_iter()
        .find(|(v, _)| v.version == wanted.version)
        .ok_or_else(|| not_found(lang))?;
    let record = version.record;
    save(
        &state,
        &staff,
        collection,
        Edit::Put(id, record),
        "restored",
        None,
    )
    .await
    .map(Json)
}

/// The parts of the catalog that are one document each, not a collection of records.
pub const PARTS: [&str; 3] = ["meta", "base_layer", "regions"];

/// `GET /api/admin/parts/{name}` (administrators): the catalog's `meta` (the county, the
/// service centre, the privacy notice, the verification ages…), its `base_layer` (the vector
/// base map) or its `regions` (a city's counties; `[]` in a single county's catalog).
async fn get_part(
    state: AppState,
    staff: Staff,
    name: &'static str,
) -> Result<Json<Value>, ApiError> {
    let lang = staff.lang;
    staff.require_city_admin()?;
    let data = stored_part(&state.db, name)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    serde_json::from_str(&data)
        .map(|stored| Json(as_document(name, stored)))
        .map_err(|e| ApiError::internal(e, lang))
}

/// The stored part `name`, as JSON text. A database stored before regions existed has no
/// `regions` row: no counties.
async fn stored_part(db: impl sqlx::AnyExecutor<'_>, name: &str) -> Result<String, sqlx::Error> {
    Ok(
        sqlx::query_scalar("SELECT data FROM catalog_parts WHERE name = $1")
            .bind(name)
            .fetch_optional(db)
            .await?
            .unwrap_or_else(|| "[]".to_owned()),
    )
}

/// A part as staff edit it: one object (the counties, stored as a list, as `{"regions": […]}`).
fn as_document(name: &str, stored: Value) -> Value {
    if name == "regions" {
        serde_json::json!({ "regions": stored })
    } else {
        stored
    }
}

/// [`as_document`] undone: the part as the catalog holds it.
fn from_document(name: &str, mut document: Value) -> Value {
    if name == "regions" {
        document["regions"].take()
    } else {
        document
    }
}

/// `PUT /api/admin/parts/{name}`: replaces the part after the same checks as a record (its
/// shape, then the whole catalog's consistency with it), kept in the history under the
/// collection `parts`, published at once.
async fn put_part(
    state: AppState,
    staff: Staff,
    name: &'static str,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let lang = staff.lang;
    staff.require_city_admin()?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let part = parse_record(&body, lang)?;
    let check = |v: &Value| -> Option<String> {
        fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Option<String> {
            serde_path_to_error::deserialize::<_, T>(v.clone())
                .err()
                .map(|e| e.path().to_string())
        }
        match name {
            "meta" => parse::<ysmap_model::catalog::CatalogMeta>(v),
            "regions" => parse::<ysmap_model::catalog::RegionsPart>(v),
            _ => parse::<ysmap_model::catalog::BaseLayer>(v),
        }
    };
    if let Some(path) = check(&part) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![invalid_body(&path)],
            lang,
        ));
    }
    let document = part;
    let part = from_document(name, document.clone());
    let (_turn, mut tx) = state.begin_write().await.map_err(internal)?;
    let before = stored_part(&mut *tx, name).await.map_err(internal)?;
    let mut catalog = read_stored(&mut tx)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    let parsed = |e: serde_json::Error| ApiError::internal(e, lang);
    match name {
        "meta" => catalog.meta = serde_json::from_value(part.clone()).map_err(parsed)?,
        "regions" => catalog.regions = serde_json::from_value(part.clone()).map_err(parsed)?,
        _ => catalog.base_layer = serde_json::from_value(part.clone()).map_err(parsed)?,
    }
    let problems = ysmap_model::consistency::check(&catalog, Utc::now());
    if !problems.is_empty() {
        return Err(inconsistent(problems, lang));
    }
    let now = Utc::now().to_rfc3339();
    sqlx::query("INSERT INTO catalog_parts (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = excluded.data")
        .bind(name)
        .bind(part.to_string())
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    sqlx::query("INSERT INTO catalog_history (collection, record_id, action, before, after, actor, at) VALUES ('parts', $1, 'changed', $2, $3, $4, $5)")
        .bind(name)
        .bind(&before)
        .bind(part.to_string())
        .bind(&staff.user.username)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    commit_and_publish(&state, tx, &catalog, lang).await?;
    tracing::info!(by = %staff.user.username, part = name, "catalog part saved and published");
    Ok(Json(document))
}

/// A deleted record: its id, the version that deleted it (send it to restore) and the record
/// as it was.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Deleted {
    /// The record's id.
    pub id: String,
    /// The deletion's version.
    pub version: i64,
    /// Who deleted it.
    pub actor: String,
    /// When.
    pub at: String,
    /// The record before its deletion.
    pub record: Value,
}

/// `GET /api/admin/{collection}/deleted` (administrators): the records whose last change is
/// their deletion, newest first, for restoring.
async fn deleted(
    state: AppState,
    staff: Staff,
    collection: &'static str,
) -> Result<Json<Vec<Deleted>>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin])?;
    let rows = sqlx::query(
        "SELECT h.id, h.record_id, h.actor, h.at, h.before FROM catalog_history h WHERE h.collection = $1 AND h.action = 'deleted' AND h.id = (SELECT MAX(id) FROM catalog_history WHERE collection = h.collection AND record_id = h.record_id) ORDER BY h.id DESC",
    )
    .bind(collection)
    .fetch_all(&state.db)
    .await
    .map_err(|e| ApiError::internal(e, lang))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let get = |e: sqlx::Error| ApiError::internal(e, lang);
        let before: Option<String> = row.try_get("before").map_err(get)?;
        let record = before
            .and_then(|b| serde_json::from_str(&b).ok())
            .unwrap_or(Value::Null);
        // A county administrator restores its county's records only.
        if !in_scope(&staff, collection, &record) {
            continue;
        }
        out.push(Deleted {
            id: row.try_get("record_id").map_err(get)?,
            version: row.try_get("id").map_err(get)?,
            actor: row.try_get("actor").map_err(get)?,
            at: row.try_get("at").map_err(get)?,
            record,
        });
    }
    Ok(Json(out))
}

/// The routes of every collection added to `table`: `/api/admin/{collection}` and below, one
/// set per collection (static paths, so that they sit beside `/api/admin/requests`, `/staff`
/// and `/session`).
pub fn routes(mut table: crate::RouteTable) -> crate::RouteTable {
    use axum::http::Method;
    for name in PARTS {
        table = table.add(
            &format!("/api/admin/parts/{name}"),
            &[Method::GET, Method::PUT],
            get_route(move |State(s): State<AppState>, staff: Staff| get_part(s, staff, name)).put(
                move |State(s): State<AppState>, staff: Staff, body: axum::body::Bytes| {
                    put_part(s, staff, name, body)
                },
            ),
        );
    }
    for c in COLLECTIONS {
        table = table
            .add(
                &format!("/api/admin/{c}/deleted"),
                &[Method::GET],
                get_route(move |State(s): State<AppState>, staff: Staff| deleted(s, staff, c)),
            )
            .add(
                &format!("/api/admin/{c}"),
                &[Method::GET, Method::POST],
                get_route(move |State(s): State<AppState>, staff: Staff| list(s, staff, c)).post(
                    move |State(s): State<AppState>, staff: Staff, body: axum::body::Bytes| {
                        create(s, staff, c, body)
                    },
                ),
            )
            .add(
                &format!("/api/admin/{c}/{{id}}"),
                &[Method::GET, Method::PUT, Method::DELETE],
                get_route(
                    move |State(s): State<AppState>, staff: Staff, Path(id): Path<String>| {
                        get(s, staff, c, id)
                    },
                )
                .put(
                    move |State(s): State<AppState>,
                          staff: Staff,
                          Path(id): Path<String>,
                          body: axum::body::Bytes| put(s, staff, c, id, body),
                )
                .delete(
                    move |State(s): State<AppState>, staff: Staff, Path(id): Path<String>| {
                        delete(s, staff, c, id)
                    },
                ),
            )
            .add(
                &format!("/api/admin/{c}/{{id}}/history"),
                &[Method::GET],
                get_route(
                    move |State(s): State<AppState>, staff: Staff, Path(id): Path<String>| {
                        history(s, staff, c, id)
                    },
                ),
            )
            .add(
                &format!("/api/admin/{c}/{{id}}/restore"),
                &[Method::POST],
                post_route(
                    move |State(s): State<AppState>,
                          staff: Staff,
                          Path(id): Path<String>,
                          body: axum::body::Bytes| {
                        restore(s, staff, c, id, body)
                    },
                ),
            );
    }
    table
}
