//! Assistance requests: `POST /api/requests` (idempotent by the `Idempotency-Key` header) and
//! `GET /api/requests/{code}?phone_last4=NNNN`.

use crate::AppState;
use crate::assistance::{self, Stored};
use crate::error::{ApiError, requested_lang};
use crate::limits::{self, ClientAddr};
use crate::outbox;
use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use ysmap_model::request::{
    AssistanceRequest, InvestorAction, Receipt, RequestStatus, RequestView, tracking_code,
};
use ysmap_model::staff::EventKind;
use ysmap_model::validation::{
    ErrorCode, invalid_body, normalize_phone, phone_last4, validate_division, validate_request,
    validate_tour_dates,
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

/// Parses a JSON body, telling a broken document (400) from a value of the wrong type (422,
/// with the field's path).
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8], lang: Lang) -> Result<T, ApiError> {
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
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let header_lang = requested_lang(&headers);
    let lang = header_lang.unwrap_or_default();
    state.limits.submit(address, lang).await?;
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
    let mut request: AssistanceRequest = parse_json(&bytes, lang)?;
    let lang = header_lang.unwrap_or(request.lang);
    // One publication for the whole submission: validated against and timed by the same one.
    let published = state.catalog.current();
    let mut errors = validate_request(&request, &published.catalog);
    errors.extend(validate_division(&request));
    // The county's centre when the parks asked about lie in one county: its time limits and
    // working calendar hold.
    let center = published.catalog.service_center_for(&request.park_ids);
    let received = chrono::Utc::now();
    errors.extend(validate_tour_dates(
        &request,
        ysmap_model::clock::county_date(received),
        &center.calendar,
    ));
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
    let (_turn, mut tx) = state.begin_write().await.map_err(internal)?;
    let existing = sqlx::query("SELECT tracking_code, body_sha256, status FROM assistance_requests WHERE idempotency_key = $1")
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

    let now = received.to_rfc3339();
    let due_at = center.due_at(received, &request.services);
    let time_limit = center.time_limit(&request.services);
    // The model's rule, as the tracker reads it back.
    let last4 = phone_last4(&phone).unwrap_or_default();
    let status = RequestStatus::Submitted;
    let mut attempt = 0;
    let (id, code) = loop {
        attempt += 1;
        let random = getrandom::u64().map_err(|e| ApiError::internal(e, lang))?;
        let code = tracking_code::from_random(random);
        let inserted = sqlx::query(
            "INSERT INTO assistance_requests (tracking_code, idempotency_key, body_sha256, company, contact_name, phone, phone_last4, industry_id, payload, status, created_at, updated_at, park_ids, services, due_at, time_limit_days)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             ON CONFLICT (tracking_code) DO NOTHING RETURNING id",
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
        .bind(serde_json::to_string(&request.park_ids).unwrap_or_else(|_| "[]".into()))
        .bind(serde_json::to_string(&request.services).unwrap_or_else(|_| "[]".into()))
        .bind(due_at.to_rfc3339())
        .bind(i64::from(time_limit))
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal)?;
        match inserted {
            Some(row) => break (row.try_get::<i64, _>("id").map_err(internal)?, code),
            // 40 random bits: a clash is rare; draw again. (Skipped, not failed: a failed
            // statement would end a PostgreSQL transaction.)
            None if attempt < 5 => continue,
            None => {
                return Err(ApiError::internal(
                    "five tracking codes in a row were taken",
                    lang,
                ));
            }
        }
    };
    assistance::record(&mut tx, id, EventKind::Status, status, None, "", received)
        .await
        .map_err(internal)?;
    outbox::enqueue(
        &mut tx,
        &state.notify,
        outbox::Notice {
            kind: outbox::NoticeKind::Submitted,
            tracking_code: &code,
            company: request.company.trim(),
            park_ids: &request.park_ids,
            services: &request.services,
            due_at,
            actor: None,
            text: "",
        },
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    state.notify.wake();
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
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// The last four digits of the phone number given in the request.
    pub phone_last4: Option<String>,
}

/// The request named by `code`, when `last4` are its phone's last four digits; one and the
/// same 404 otherwise, so a guess learns nothing. Wrong digits count against the code: after
/// [`limits::CODE_LOCK_FAILURES`] in a day the code answers 429 until the day is over, and
/// every address is limited per minute besides.
async fn investor_access(
    state: &AppState,
    code: &str,
    last4: Option<&str>,
    address: std::net::IpAddr,
    lang: Lang,
) -> Result<Stored, ApiError> {
    state.limits.lookup(address, lang).await?;
    let not_found = || ApiError::request_not_found(lang);
    let code = tracking_code::parse(code).ok_or_else(not_found)?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    if let Some(wait) = limits::code_locked(&state.db, &code)
        .await
        .map_err(internal)?
    {
        tracing::warn!(tracking_code = %code, %address, "look-up refused: too many wrong phone digits");
        return Err(limits::too_many(wait, lang));
    }
    let digits = last4
        .map(str::trim)
        .filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()));
    let matched: Option<i64> = match digits {
        Some(d) => sqlx::query_scalar(
            "SELECT id FROM assistance_requests WHERE tracking_code = $1 AND phone_last4 = $2 AND erased_at IS NULL",
        )
        .bind(&code)
        .bind(d)
        .fetch_optional(&state.db)
        .await
        .map_err(internal)?,
        None => None,
    };
    if matched.is_none() {
        limits::record_code_failure(&state.db, &code, &address.to_string())
            .await
            .map_err(internal)?;
        return Err(not_found());
    }
    assistance::load(&state.db, &code, &state.catalog.current().catalog)
        .await
        .map_err(internal)?
        .ok_or_else(not_found)
}

/// The investor's view of a stored request, with its events.
async fn view_of(
    state: &AppState,
    stored: &Stored,
    lang: Lang,
) -> Result<Json<RequestView>, ApiError> {
    let events = assistance::events(&state.db, stored.id, false)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    Ok(Json(stored.investor_view(&events, chrono::Utc::now())))
}

/// `GET /api/requests/{code}?phone_last4=NNNN`: the status, the helper, messages, the
/// proposal and the time limit.
pub async fn lookup(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<LookupQuery>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
) -> Result<Json<RequestView>, ApiError> {
    let lang = requested_lang(&headers).unwrap_or_default();
    let stored =
        investor_access(&state, &code, query.phone_last4.as_deref(), address, lang).await?;
    view_of(&state, &stored, lang).await
}

/// What an investor may do to their request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvestorVerb {
    /// Rate a resolved request (好差评).
    Rating,
    /// Complain that an open request is late (督办).
    Complaint,
    /// Withdraw an open request.
    Withdraw,
    /// Delete the personal data (and withdraw the request if it is open).
    Erase,
}

fn refused(field: &str, zh: &str, en: &str, lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::CONFLICT,
        field,
        ErrorCode::InvalidTransition,
        Text::new(zh, en),
        lang,
    )
}

/// The longest rating comment or complaint.
pub const MAX_INVESTOR_TEXT_CHARS: usize = 1000;

/// `POST /api/requests/{code}/{verb}` with `{"phone_last4", "stars", "text"}`: the investor
/// rates, complains, withdraws or deletes their data. Answers the request as it now is.
pub async fn act(
    State(state): State<AppState>,
    Path((code, verb)): Path<(String, String)>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<RequestView>, ApiError> {
    let lang = requested_lang(&headers).unwrap_or_default();
    let verb: InvestorVerb =
        ysmap_model::wire::from_code(&verb).ok_or_else(|| ApiError::no_such_endpoint(lang))?;
    let action: InvestorAction = parse_json(&body, lang)?;
    let stored = investor_access(&state, &code, Some(&action.phone_last4), address, lang).await?;
    let text = action.text.trim();
    if text.chars().count() > MAX_INVESTOR_TEXT_CHARS {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            "text",
            ErrorCode::TooLong,
            Text::new(
                format!("内容不超过 {MAX_INVESTOR_TEXT_CHARS} 字。"),
                format!("At most {MAX_INVESTOR_TEXT_CHARS} characters."),
            ),
            lang,
        ));
    }
    let now = chrono::Utc::now();
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let (_turn, mut tx) = state.begin_write().await.map_err(internal)?;
    // Read again inside the write lock: the state the checks see is the state written over.
    let stored = assistance::load(
        &mut *tx,
        &stored.tracking_code,
        &state.catalog.current().catalog,
    )
    .await
    .map_err(internal)?
    .ok_or_else(|| ApiError::request_not_found(lang))?;
    let id = stored.id;
    match verb {
        InvestorVerb::Rating => {
            let stars = action
                .stars
                .filter(|s| (1..=5).contains(s))
                .ok_or_else(|| {
                    ApiError::single(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "stars",
                        ErrorCode::OutOfRange,
                        Text::new("请选择 1 至 5 星。", "Please choose 1 to 5 stars."),
                        lang,
                    )
                })?;
            if !stored.status.is_resolved() {
                return Err(refused(
                    "stars",
                    "申请办结后才能评价。",
                    "A request can be rated once it is resolved.",
                    lang,
                ));
            }
            if stored
                .rating
                .as_ref()
                .is_some_and(|r| now > r.editable_until)
            {
                return Err(refused(
                    "stars",
                    "评价提交超过一天后不能再修改。",
                    "A rating can be changed for one day after it is given.",
                    lang,
                ));
            }
            let first = stored.rating.as_ref().map_or(now, |r| r.at);
            sqlx::query("UPDATE assistance_requests SET rating = $1, rating_comment = $2, rated_at = $3, version = version + 1 WHERE id = $4")
                .bind(i64::from(stars))
                .bind(text)
                .bind(first.to_rfc3339())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            let body = format!("{stars}/5 {text}");
            assistance::record(
                &mut tx,
                id,
                EventKind::Rating,
                stored.status,
                None,
                body.trim(),
                now,
            )
            .await
            .map_err(internal)?;
        }
        InvestorVerb::Complaint => {
            if !stored.overdue(now) {
                return Err(refused(
                    "",
                    "申请尚未超过承诺时限,暂不能督办;如有急事请致电经办人。",
                    "The request is not past its time limit yet, so it cannot be escalated; call the helper if it is urgent.",
                    lang,
                ));
            }
            if stored.complained_at.is_none() {
                sqlx::query("UPDATE assistance_requests SET complained_at = $1, version = version + 1 WHERE id = $2")
                    .bind(now.to_rfc3339())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(internal)?;
                assistance::record(
                    &mut tx,
                    id,
                    EventKind::Complaint,
                    stored.status,
                    None,
                    text,
                    now,
                )
                .await
                .map_err(internal)?;
                outbox::enqueue(
                    &mut tx,
                    &state.notify,
                    outbox::Notice::about(&stored, outbox::NoticeKind::Complaint, None, text),
                )
                .await
                .map_err(internal)?;
                tracing::warn!(tracking_code = %stored.tracking_code, "complaint: request overdue (督办)");
            }
        }
        InvestorVerb::Withdraw => {
            if !stored.status.is_open() {
                return Err(refused(
                    "",
                    "这条申请已办结或已关闭,不能撤回。",
                    "This request is resolved or closed and cannot be withdrawn.",
                    lang,
                ));
            }
            withdraw(&mut tx, &stored, text, now)
                .await
                .map_err(internal)?;
        }
        InvestorVerb::Erase => {
            if stored.status.is_open() {
                withdraw(&mut tx, &stored, text, now)
                    .await
                    .map_err(internal)?;
            }
            erase(&mut tx, &stored, now).await.map_err(internal)?;
            tracing::info!(tracking_code = %stored.tracking_code, "personal data deleted at the investor's request");
        }
    }
    tx.commit().await.map_err(internal)?;
    state.notify.wake();
    let stored = assistance::load(
        &state.db,
        &stored.tracking_code,
        &state.catalog.current().catalog,
    )
    .await
    .map_err(internal)?
    .ok_or_else(|| ApiError::request_not_found(lang))?;
    view_of(&state, &stored, lang).await
}

async fn withdraw(
    tx: &mut sqlx::AnyConnection,
    stored: &Stored,
    reason: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let to = RequestStatus::Withdrawn;
    sqlx::query("UPDATE assistance_requests SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3")
        .bind(to.code())
        .bind(now.to_rfc3339())
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
    assistance::record(tx, stored.id, EventKind::Status, to, None, reason, now).await
}

/// Removes everything that identifies the investor from a request and its events: what the
/// investor's deletion and the retention purge both do.
pub async fn erase(
    tx: &mut sqlx::AnyConnection,
    stored: &Stored,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let payload = serde_json::to_string(&stored.request.anonymized())
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("UPDATE assistance_requests SET company = '', contact_name = '', phone = '', phone_last4 = '', body_sha256 = '', payload = $1, rating_comment = '', erased_at = $2, version = version + 1, updated_at = $3 WHERE id = $4")
        .bind(payload)
        .bind(now.to_rfc3339())
        .bind(now.to_rfc3339())
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
    // Messages, notes, complaints and comments may name people; statuses and stars stay.
    sqlx::query("UPDATE request_events SET body = '' WHERE request_id = $1 AND kind IN ('message', 'note', 'complaint', 'rating')")
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
    assistance::record(
        tx,
        stored.id,
        EventKind::Erased,
        stored.status,
        None,
        "",
        now,
    )
    .await
}
