//! Assistance requests: `POST /api/requests` (idempotent by the `Idempotency-Key` header) and
//! `GET /api/requests/{code}?phone_last4=NNNN`.

use crate::AppState;
use crate::error::{ApiError, requested_lang};
use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use ysmap_model::request::{
    AssistanceRequest, Receipt, RequestStatus, RequestView, StatusChange, tracking_code,
};
use ysmap_model::validation::{
    ErrorCode, invalid_body, normalize_phone, phone_last4, validate_division, validate_request,
};
use ysmap_model::{Lang, Text};

/// The largest request body accepted. A full form is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The longest idempotency key accepted.
pub const MAX_KEY_CHARS: usize = 200;

fn idempotency_key(headers: &HeaderMap, lang: Lang) -> Result<String, ApiError> {
    let field = "Idempotency-Key";
    let Some(value) = headers.get(field) else {
        return Err(ApiError::single(
            StatusCode::BAD_REQUEST,
            field,
            ErrorCode::MissingHeader,
            Text::new(
                "缺少 Idempotency-Key 请求头:每次提交须带一个唯一值(如 UUID),重试时沿用同一个值。",
                "The Idempotency-Key header is missing: send a unique value (such as a UUID) with each submission and reuse it on retries.",
            ),
            lang,
        ));
    };
    let key = value.to_str().unwrap_or("").trim();
    if key.is_empty() || key.len() > MAX_KEY_CHARS || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::single(
            StatusCode::BAD_REQUEST,
            field,
            ErrorCode::InvalidHeader,
            Text::new(
                format!("Idempotency-Key 须为 1 至 {MAX_KEY_CHARS} 个可见 ASCII 字符。"),
                format!("Idempotency-Key must be 1 to {MAX_KEY_CHARS} visible ASCII characters."),
            ),
            lang,
        ));
    }
    Ok(key.to_owned())
}

/// Parses the body, telling a broken JSON document (400) from a value of the wrong type (422,
/// with the field's path).
fn parse_body(bytes: &[u8], lang: Lang) -> Result<AssistanceRequest, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let status = if e.inner().is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        let path = if e.inner().is_data() {
            e.path().to_string()
        } else {
            String::new()
        };
        ApiError::new(status, vec![invalid_body(&path)], lang)
    })
}

/// `POST /api/requests`. The record and its first status are committed before the 201 is sent;
/// the same key with the same body answers with the same tracking code and writes nothing.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let header_lang = requested_lang(&headers);
    let lang = header_lang.unwrap_or_default();
    let key = idempotency_key(&headers, lang)?;
    let bytes = to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        ApiError::single(
            StatusCode::PAYLOAD_TOO_LARGE,
            "",
            ErrorCode::PayloadTooLarge,
            Text::new(
                format!("提交内容过大(上限 {} KB)。", MAX_BODY_BYTES / 1024),
                format!(
                    "The submission is too large (limit {} KB).",
                    MAX_BODY_BYTES / 1024
                ),
            ),
            lang,
        )
    })?;
    let mut request = parse_body(&bytes, lang)?;
    let lang = header_lang.unwrap_or(request.lang);
    let mut errors = validate_request(&request, &state.catalog.catalog);
    errors.extend(validate_division(&request));
    if !errors.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            lang,
        ));
    }
    // Store the phone as it will be dialled; validation has just shown it normalizes.
    let phone = normalize_phone(&request.phone).unwrap_or_default();
    request.phone = phone.clone();
    request.email = request.email.trim().to_owned();
    let payload = serde_json::to_string(&request).map_err(|e| ApiError::internal(e, lang))?;
    let body_sha256: String = Sha256::digest(payload.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();

    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    // IMMEDIATE: take the write lock before reading the key, so two retries racing each other
    // cannot both decide that the key is new.
    let mut tx = state
        .db
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(internal)?;
    let existing = sqlx::query("SELECT tracking_code, body_sha256, status FROM assistance_requests WHERE idempotency_key = ?")
        .bind(&key)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal)?;
    if let Some(row) = existing {
        let stored_sha256: String = row.try_get("body_sha256").map_err(internal)?;
        let same_body = stored_sha256 == body_sha256;
        if !same_body {
            return Err(ApiError::single(
                StatusCode::CONFLICT,
                "Idempotency-Key",
                ErrorCode::IdempotencyConflict,
                Text::new(
                    "该 Idempotency-Key 已用于另一份不同的申请;新的申请请使用新的值。",
                    "This Idempotency-Key was already used for a different submission; use a new key for a new request.",
                ),
                lang,
            ));
        }
        let stored_status: String = row.try_get("status").map_err(internal)?;
        let receipt = Receipt {
            tracking_code: row.try_get("tracking_code").map_err(internal)?,
            status: RequestStatus::from_code(&stored_status).unwrap_or(RequestStatus::Submitted),
        };
        let mut r = (StatusCode::CREATED, Json(receipt)).into_response();
        r.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return Ok(r);
    }

    let now = chrono::Utc::now().to_rfc3339();
    // The model's rule, as the tracker reads it back.
    let last4 = phone_last4(&phone).unwrap_or_default();
    let status = RequestStatus::Submitted;
    let mut attempt = 0;
    let (id, code) = loop {
        attempt += 1;
        let random = getrandom::u64().map_err(|e| ApiError::internal(e, lang))?;
        let code = tracking_code::from_random(random);
        let inserted = sqlx::query(
            "INSERT INTO assistance_requests (tracking_code, idempotency_key, body_sha256, company, contact_name, phone, phone_last4, industry_id, payload, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&code)
        .bind(&key)
        .bind(&body_sha256)
        .bind(request.company.trim())
        .bind(request.contact_name.trim())
        .bind(&phone)
        .bind(&last4)
        .bind(&request.industry_id)
        .bind(&payload)
        .bind(status.code())
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await;
        match inserted {
            Ok(row) => break (row.try_get::<i64, _>("id").map_err(internal)?, code),
            // 40 random bits: a clash is rare; draw again.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempt < 5 => continue,
            Err(e) => return Err(internal(e)),
        }
    };
    sqlx::query("INSERT INTO request_events (request_id, status, at) VALUES (?, ?, ?)")
        .bind(id)
        .bind(status.code())
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(tracking_code = %code, industry = %request.industry_id, parks = ?request.park_ids, "assistance request received");
    Ok((
        StatusCode::CREATED,
        Json(Receipt {
            tracking_code: code,
            status,
        }),
    )
        .into_response())
}

/// The query of a status lookup.
#[derive(Debug, Deserialize)]
pub struct LookupQuery {
    /// The last four digits of the phone number given in the request.
    pub phone_last4: Option<String>,
}

/// `GET /api/requests/{code}?phone_last4=NNNN`: the status, when code and digits both match;
/// one and the same 404 otherwise, so a guess learns nothing.
pub async fn lookup(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<LookupQuery>,
    headers: HeaderMap,
) -> Result<Json<RequestView>, ApiError> {
    let lang = requested_lang(&headers).unwrap_or_default();
    let not_found = || ApiError::request_not_found(lang);
    let code = tracking_code::parse(&code).ok_or_else(not_found)?;
    let last4 = query
        .phone_last4
        .filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(not_found)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let row = sqlx::query("SELECT id, tracking_code, status, payload, created_at FROM assistance_requests WHERE tracking_code = ? AND phone_last4 = ?")
        .bind(&code)
        .bind(&last4)
        .fetch_optional(&state.db)
        .await
        .map_err(internal)?
        .ok_or_else(not_found)?;
    let payload: String = row.try_get("payload").map_err(internal)?;
    let request: AssistanceRequest =
        serde_json::from_str(&payload).map_err(|e| ApiError::internal(e, lang))?;
    let id: i64 = row.try_get("id").map_err(internal)?;
    let events =
        sqlx::query("SELECT status, at FROM request_events WHERE request_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&state.db)
            .await
            .map_err(internal)?;
    let time = |s: String| chrono::DateTime::parse_from_rfc3339(&s).map(|t| t.to_utc());
    let history = events
        .into_iter()
        .filter_map(|e| {
            let status: String = e.try_get("status").ok()?;
            let at: String = e.try_get("at").ok()?;
            Some(StatusChange {
                status: RequestStatus::from_code(&status)?,
                at: time(at).ok()?,
            })
        })
        .collect();
    let status: String = row.try_get("status").map_err(internal)?;
    let created_at: String = row.try_get("created_at").map_err(internal)?;
    Ok(Json(RequestView {
        tracking_code: row.try_get("tracking_code").map_err(internal)?,
        status: RequestStatus::from_code(&status).unwrap_or(RequestStatus::Submitted),
        submitted_at: time(created_at).map_err(|e| ApiError::internal(e, lang))?,
        company: request.company,
        park_ids: request.park_ids,
        services: request.services,
        history,
    }))
}
