//! The staff inbox of assistance requests (`/api/admin/requests…`): the list with filters, one
//! request with its whole history, and the changes staff make: status, assignee, internal
//! notes, messages to the investor, the tailored proposal. Every change checks the role, the
//! park scope, the state machine (crates/model) and the version the change was made on.

use crate::AppState;
use crate::assistance::{self, Stored};
use crate::auth::{Staff, forbidden};
use crate::error::ApiError;
use crate::outbox::{self, Notice, NoticeKind};
use crate::requests::parse_json;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use ysmap_model::request::{MAX_PROPOSAL_ITEMS, Proposal, RequestStatus, Service, tracking_code};
use ysmap_model::staff::{
    AssignBody, EventKind, Helpers, Inbox, InboxDetail, InboxItem, MAX_TEXT_CHARS, ProposalBody,
    Role, StatusBody, TextBody,
};
use ysmap_model::validation::ErrorCode;
use ysmap_model::{Lang, Text};

/// The roles that work on requests.
const INBOX_ROLES: &[Role] = &[Role::Admin, Role::Handler];

/// How the list is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Newest first.
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
    /// Soonest time limit first (the late ones at the top).
    Due,
}

/// The list's filters, all optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct InboxQuery {
    /// Only this status.
    pub status: Option<RequestStatus>,
    /// Only requests concerning this park.
    pub park: Option<String>,
    /// Only requests asking for this service.
    pub service: Option<Service>,
    /// Only overdue ones.
    pub overdue: Option<bool>,
    /// Only this assignee's; `none` for the unassigned.
    pub assignee: Option<String>,
    /// Company or tracking code contains this.
    pub q: Option<String>,
    /// The order.
    pub sort: Sort,
    /// At most this many (default 200).
    pub limit: Option<usize>,
    /// Skip this many.
    pub offset: Option<usize>,
}

fn matches(item: &InboxItem, q: &InboxQuery) -> bool {
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    q.status.is_none_or(|s| item.status == s)
        && q.park.as_ref().is_none_or(|p| item.park_ids.contains(p))
        && q.service.is_none_or(|s| item.services.contains(&s))
        && q.overdue.is_none_or(|o| item.overdue == o)
        && q.assignee.as_deref().is_none_or(|a| match a {
            "none" => item.assignee.is_none(),
            a => item.assignee.as_deref() == Some(a),
        })
        && text.is_none_or(|t| {
            item.company.contains(t)
                || tracking_code::parse(t).is_some_and(|c| c == item.tracking_code)
                || item.tracking_code.contains(&t.to_ascii_uppercase())
        })
}

/// The requests in the account's scope that match the filters, in the order asked for (the
/// list and the exports).
pub async fn select(
    state: &AppState,
    staff: &Staff,
    query: &InboxQuery,
) -> Result<Vec<Stored>, ApiError> {
    staff.require(INBOX_ROLES)?;
    let lang = staff.lang;
    let published = state.catalog.current();
    let sql = format!("SELECT {} {}", assistance::COLUMNS, assistance::FROM);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&state.db)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    let now = Utc::now();
    let mut found = Vec::new();
    for row in &rows {
        let stored =
            Stored::from_row(row, &published.catalog).map_err(|e| ApiError::internal(e, lang))?;
        if staff.user.handles(&stored.park_ids, staff.stored_catalog())
            && matches(&stored.item(now), query)
        {
            found.push(stored);
        }
    }
    match query.sort {
        Sort::Newest => found.sort_by_key(|r| std::cmp::Reverse(r.created_at)),
        Sort::Oldest => found.sort_by_key(|r| r.created_at),
        // Open ones by their time limit, then the finished ones.
        Sort::Due => found.sort_by_key(|r| (!r.status.is_open(), r.due_at)),
    }
    Ok(found)
}

/// `GET /api/admin/requests`: the requests in the account's scope that match the filters.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<InboxQuery>,
) -> Result<Json<Inbox>, ApiError> {
    let found = select(&state, &staff, &query).await?;
    let now = Utc::now();
    let total = found.len();
    let requests = found
        .iter()
        .skip(query.offset.unwrap_or(0))
        .take(query.limit.unwrap_or(200).min(1000))
        .map(|r| r.item(now))
        .collect();
    Ok(Json(Inbox { requests, total }))
}

fn not_found(lang: Lang) -> ApiError {
    ApiError::single(
        StatusCode::NOT_FOUND,
        "",
        ErrorCode::NotFound,
        Text::new("没有这条申请。", "There is no such request."),
        lang,
    )
}

/// The request `code`, when it is in the account's scope (`404` when there is none, `403` when
/// it is someone else's).
async fn in_scope(
    db: impl sqlx::AnyExecutor<'_>,
    state: &AppState,
    staff: &Staff,
    code: &str,
) -> Result<Stored, ApiError> {
    staff.require(INBOX_ROLES)?;
    let lang = staff.lang;
    let code = tracking_code::parse(code).ok_or_else(|| not_found(lang))?;
    let stored = assistance::load(db, &code, &state.catalog.current().catalog)
        .await
        .map_err(|e| ApiError::internal(e, lang))?
        .ok_or_else(|| not_found(lang))?;
    if !staff.user.handles(&stored.park_ids, staff.stored_catalog()) {
        return Err(forbidden(lang));
    }
    Ok(stored)
}

async fn detail_of(
    state: &AppState,
    staff: &Staff,
    code: &str,
) -> Result<Json<InboxDetail>, ApiError> {
    let stored = in_scope(&state.db, state, staff, code).await?;
    let events = assistance::events(&state.db, stored.id, true)
        .await
        .map_err(|e| ApiError::internal(e, staff.lang))?;
    Ok(Json(stored.detail(events, Utc::now())))
}

/// `GET /api/admin/requests/{code}`: one request with its whole history.
pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Json<InboxDetail>, ApiError> {
    detail_of(&state, &staff, &code).await
}

fn check_text(text: &str, field: &str, required: bool, lang: Lang) -> Result<(), ApiError> {
    if required && text.trim().is_empty() {
        return Err(ApiError::invalid(
            field,
            ErrorCode::Required,
            "请填写内容。",
            "Please write something.",
            lang,
        ));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::invalid(
            field,
            ErrorCode::TooLong,
            format!("内容不超过 {MAX_TEXT_CHARS} 字。"),
            format!("At most {MAX_TEXT_CHARS} characters."),
            lang,
        ));
    }
    Ok(())
}

/// What a staff change does, inside its transaction, after the scope and version checks.
enum Change {
    Status(StatusBody),
    Assign(AssignBody),
    Note(TextBody),
    Message(TextBody),
    Proposal(ProposalBody),
}

impl Change {
    fn version(&self) -> i64 {
        match self {
            Change::Status(b) => b.version,
            Change::Assign(b) => b.version,
            Change::Note(b) | Change::Message(b) => b.version,
            Change::Proposal(b) => b.version,
        }
    }
}

/// Applies `change` to request `code` in one transaction: all of it, with its event and its
/// notification, or nothing.
async fn apply(
    state: &AppState,
    staff: &Staff,
    code: &str,
    change: Change,
) -> Result<Json<InboxDetail>, ApiError> {
    let lang = staff.lang;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let (_turn, mut tx) = state.begin_write().await.map_err(internal)?;
    let stored = in_scope(&mut *tx, state, staff, code).await?;
    if stored.erased_at.is_some() && !matches!(change, Change::Note(_)) {
        return Err(ApiError::single(
            StatusCode::CONFLICT,
            "",
            ErrorCode::InvalidTransition,
            Text::new(
                "投资者已删除这条申请的个人信息,不能再处理。",
                "The investor deleted this request's personal data; it can no longer be worked on.",
            ),
            lang,
        ));
    }
    assistance::bump_version(&mut tx, stored.id, change.version(), lang).await?;
    let now = Utc::now();
    let user = &staff.user;
    match change {
        Change::Status(body) => {
            if !stored.status.staff_may_move_to(body.to) {
                return Err(ApiError::single(
                    StatusCode::CONFLICT,
                    "to",
                    ErrorCode::InvalidTransition,
                    Text::new(
                        format!(
                            "申请当前为“{}”,不能改为“{}”。",
                            stored.status.name(Lang::Zh),
                            body.to.name(Lang::Zh)
                        ),
                        format!(
                            "The request is {} and cannot become {}.",
                            stored.status.name(Lang::En),
                            body.to.name(Lang::En)
                        ),
                    ),
                    lang,
                ));
            }
            let reason = body.reason.trim();
            check_text(reason, "reason", body.to == RequestStatus::Rejected, lang)?;
            sqlx::query("UPDATE assistance_requests SET status = $1 WHERE id = $2")
                .bind(body.to.code())
                .bind(stored.id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            // Accepting an unassigned request makes it the acceptor's.
            if body.to == RequestStatus::Accepted && stored.assignee.is_none() {
                assign(&mut tx, stored.id, Some(staff.id))
                    .await
                    .map_err(internal)?;
                assistance::record(
                    &mut tx,
                    stored.id,
                    EventKind::Assigned,
                    body.to,
                    Some(user),
                    &user.username,
                    now,
                )
                .await
                .map_err(internal)?;
            }
            assistance::record(
                &mut tx,
                stored.id,
                EventKind::Status,
                body.to,
                Some(user),
                reason,
                now,
            )
            .await
            .map_err(internal)?;
        }
        Change::Assign(body) => {
            let target = match body
                .assignee
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                Some(name) => {
                    let helpers = crate::auth::users_with_roles(&state.db, INBOX_ROLES)
                        .await
                        .map_err(internal)?;
                    let found = helpers.into_iter().find(|(_, u)| {
                        u.username.eq_ignore_ascii_case(name)
                            && u.handles(&stored.park_ids, staff.stored_catalog())
                    });
                    let Some((id, helper)) = found else {
                        return Err(ApiError::invalid(
                            "assignee",
                            ErrorCode::UnknownReference,
                            format!("“{name}”不是能处理这条申请的工作人员。"),
                            format!("“{name}” is not a staff member who can handle this request."),
                            lang,
                        ));
                    };
                    Some((id, helper))
                }
                None => None,
            };
            assign(&mut tx, stored.id, target.as_ref().map(|(id, _)| *id))
                .await
                .map_err(internal)?;
            let name = target
                .as_ref()
                .map(|(_, u)| u.username.clone())
                .unwrap_or_default();
            assistance::record(
                &mut tx,
                stored.id,
                EventKind::Assigned,
                stored.status,
                Some(user),
                &name,
                now,
            )
            .await
            .map_err(internal)?;
            if target.is_some() {
                outbox::enqueue(
                    &mut tx,
                    &state.notify,
                    Notice::about(&stored, NoticeKind::Assigned, Some(user), &name),
                )
                .await
                .map_err(internal)?;
            }
        }
        Change::Note(ref body) | Change::Message(ref body) => {
            // A note stays inside; a message goes to the investor and is announced.
            let message = matches!(change, Change::Message(_));
            let text = body.text.trim();
            check_text(text, "text", true, lang)?;
            let kind = if message {
                EventKind::Message
            } else {
                EventKind::Note
            };
            assistance::record(
                &mut tx,
                stored.id,
                kind,
                stored.status,
                Some(user),
                text,
                now,
            )
            .await
            .map_err(internal)?;
            if message {
                outbox::enqueue(
                    &mut tx,
                    &state.notify,
                    Notice::about(&stored, NoticeKind::Message, Some(user), text),
                )
                .await
                .map_err(internal)?;
            }
        }
        Change::Proposal(body) => {
            check_text(&body.note, "note", false, lang)?;
            let catalog = &state.catalog.current().catalog;
            check_picks(
                &body.facility_ids,
                "facility_ids",
                |id| catalog.facility(id).is_some(),
                lang,
            )?;
            check_picks(
                &body.policy_ids,
                "policy_ids",
                |id| catalog.policies.iter().any(|p| p.id == id),
                lang,
            )?;
            if body.publish && body.facility_ids.is_empty() && body.policy_ids.is_empty() {
                return Err(ApiError::invalid(
                    "facility_ids",
                    ErrorCode::Required,
                    "方案至少包含一处载体或一项政策。",
                    "A proposal lists at least one facility or policy.",
                    lang,
                ));
            }
            let published_at = if body.publish {
                Some(now)
            } else {
                stored.proposal.as_ref().and_then(|p| p.published_at)
            };
            let proposal = Proposal {
                facility_ids: body.facility_ids,
                policy_ids: body.policy_ids,
                note: body.note.trim().to_owned(),
                published_at,
            };
            let json = serde_json::to_string(&proposal).map_err(|e| ApiError::internal(e, lang))?;
            sqlx::query("UPDATE assistance_requests SET proposal = $1 WHERE id = $2")
                .bind(json)
                .bind(stored.id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            if body.publish {
                assistance::record(
                    &mut tx,
                    stored.id,
                    EventKind::Proposal,
                    stored.status,
                    Some(user),
                    &proposal.note,
                    now,
                )
                .await
                .map_err(internal)?;
                outbox::enqueue(
                    &mut tx,
                    &state.notify,
                    Notice::about(
                        &stored,
                        NoticeKind::Message,
                        Some(user),
                        "招商方案已发布 · proposal published",
                    ),
                )
                .await
                .map_err(internal)?;
            }
        }
    }
    tx.commit().await.map_err(internal)?;
    state.notify.wake();
    detail_of(state, staff, code).await
}

fn check_picks(
    ids: &[String],
    field: &str,
    exists: impl Fn(&str) -> bool,
    lang: Lang,
) -> Result<(), ApiError> {
    if ids.len() > MAX_PROPOSAL_ITEMS {
        return Err(ApiError::invalid(
            field,
            ErrorCode::TooLong,
            format!("方案每类最多 {MAX_PROPOSAL_ITEMS} 项。"),
            format!("A proposal lists at most {MAX_PROPOSAL_ITEMS} of each."),
            lang,
        ));
    }
    for (i, id) in ids.iter().enumerate() {
        if !exists(id) || ids[..i].contains(id) {
            return Err(ApiError::invalid(
                &format!("{field}[{i}]"),
                ErrorCode::UnknownReference,
                format!("“{id}”不在已发布的目录中,或重复。"),
                format!("“{id}” is not in the published catalog, or is listed twice."),
                lang,
            ));
        }
    }
    Ok(())
}

async fn assign(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    user: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE assistance_requests SET assignee_id = $1 WHERE id = $2")
        .bind(user)
        .bind(id)
        .execute(tx)
        .await
        .map(|_| ())
}

/// The handler of one kind of change: the body read as `B`, made a [`Change`] by `wrap`.
async fn change<B: serde::de::DeserializeOwned>(
    state: AppState,
    staff: Staff,
    code: String,
    body: axum::body::Bytes,
    wrap: fn(B) -> Change,
) -> Result<Json<InboxDetail>, ApiError> {
    let b = parse_json(&body, staff.lang)?;
    apply(&state, &staff, &code, wrap(b)).await
}

/// `POST /api/admin/requests/{code}/status`.
pub async fn set_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<InboxDetail>, ApiError> {
    change(state, staff, code, body, Change::Status).await
}

/// `POST /api/admin/requests/{code}/assignee`.
pub async fn set_assignee(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<InboxDetail>, ApiError> {
    change(state, staff, code, body, Change::Assign).await
}

/// `POST /api/admin/requests/{code}/notes`: an internal note.
pub async fn add_note(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<InboxDetail>, ApiError> {
    change(state, staff, code, body, Change::Note).await
}

/// `POST /api/admin/requests/{code}/messages`: a message the investor reads.
pub async fn add_message(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<InboxDetail>, ApiError> {
    change(state, staff, code, body, Change::Message).await
}

/// `PUT /api/admin/requests/{code}/proposal`: saves (and with `publish`, publishes) the
/// proposal.
pub async fn set_proposal(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<InboxDetail>, ApiError> {
    change(state, staff, code, body, Change::Proposal).await
}

/// `GET /api/admin/helpers`: who requests can be assigned to.
pub async fn helpers(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<Helpers>, ApiError> {
    staff.require(INBOX_ROLES)?;
    let helpers = crate::auth::users_with_roles(&state.db, INBOX_ROLES)
        .await
        .map_err(|e| ApiError::internal(e, staff.lang))?
        .into_iter()
        .map(|(_, u)| u)
        .collect();
    Ok(Json(Helpers { helpers }))
}
