//! A stored assistance request and its events, read once and shown two ways: to the investor
//! ([`RequestView`]) and to staff ([`InboxItem`], [`InboxDetail`]). Writing an event, with the
//! version check that stops two people overwriting each other, is here too.

use crate::error::ApiError;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use ysmap_model::Catalog;
use ysmap_model::request::{
    AssistanceRequest, Helper, Message, Proposal, RATING_EDITABLE_HOURS, Rating, RequestStatus,
    RequestView, Service, StatusChange,
};
use ysmap_model::staff::{Event, EventKind, InboxDetail, InboxItem, StaffUser};
use ysmap_model::validation::ErrorCode;
use ysmap_model::{Lang, Text};

/// The columns [`Stored::from_row`] reads.
pub const COLUMNS: &str = "r.id, r.tracking_code, r.company, r.status, r.payload, r.created_at, r.park_ids, r.services, r.due_at, r.time_limit_days, r.version, r.proposal, r.rating, r.rating_comment, r.rated_at, r.complained_at, r.erased_at, u.username AS assignee, u.display_name AS assignee_name, u.phone AS assignee_phone";

/// `FROM` with the assignee joined, for [`COLUMNS`].
pub const FROM: &str = "FROM assistance_requests r LEFT JOIN staff_users u ON u.id = r.assignee_id";

/// A request as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Row id.
    pub id: i64,
    /// Tracking code.
    pub tracking_code: String,
    /// Company (empty once erased).
    pub company: String,
    /// Status.
    pub status: RequestStatus,
    /// The request as accepted (personal fields empty once erased).
    pub request: AssistanceRequest,
    /// When it came in.
    pub created_at: DateTime<Utc>,
    /// Parks it concerns.
    pub park_ids: Vec<String>,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Promised time limit.
    pub due_at: DateTime<Utc>,
    /// The time limit in working days.
    pub time_limit_days: u32,
    /// Version, for concurrent changes.
    pub version: i64,
    /// Assignee's user name, display name and phone.
    pub assignee: Option<(String, String, String)>,
    /// Proposal, draft or published.
    pub proposal: Option<Proposal>,
    /// Rating.
    pub rating: Option<Rating>,
    /// When the investor complained.
    pub complained_at: Option<DateTime<Utc>>,
    /// When the personal data was erased.
    pub erased_at: Option<DateTime<Utc>>,
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.to_utc())
}

impl Stored {
    /// Reads a row of [`COLUMNS`]; the time limit of an older row without one is worked out
    /// now from the service centre of its parks in `catalog`.
    pub fn from_row(row: &AnyRow, catalog: &Catalog) -> Result<Stored, sqlx::Error> {
        let text = |name: &str| row.try_get::<String, _>(name);
        let opt = |name: &str| row.try_get::<Option<String>, _>(name);
        let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
        let request: AssistanceRequest = serde_json::from_str(&text("payload")?).map_err(decode)?;
        let services: Vec<Service> = serde_json::from_str(&text("services")?).map_err(decode)?;
        let created_at = time(&text("created_at")?).unwrap_or_default();
        let park_ids: Vec<String> = serde_json::from_str(&text("park_ids")?).map_err(decode)?;
        let center = catalog.service_center_for(&park_ids);
        let due_at = opt("due_at")?
            .as_deref()
            .and_then(time)
            .unwrap_or_else(|| center.due_at(created_at, &services));
        let limit: Option<i64> = row.try_get("time_limit_days")?;
        let rating = match row.try_get::<Option<i64>, _>("rating")? {
            Some(stars) => {
                let at = opt("rated_at")?
                    .as_deref()
                    .and_then(time)
                    .unwrap_or_default();
                Some(Rating {
                    stars: u8::try_from(stars).unwrap_or(0),
                    comment: text("rating_comment")?,
                    at,
                    editable_until: at + Duration::hours(RATING_EDITABLE_HOURS),
                })
            }
            None => None,
        };
        let assignee = match opt("assignee")? {
            Some(name) => Some((
                name,
                opt("assignee_name")?.unwrap_or_default(),
                opt("assignee_phone")?.unwrap_or_default(),
            )),
            None => None,
        };
        Ok(Stored {
            id: row.try_get("id")?,
            tracking_code: text("tracking_code")?,
            company: text("company")?,
            status: RequestStatus::from_code(&text("status")?).unwrap_or(RequestStatus::Submitted),
            request,
            created_at,
            park_ids,
            services: services.clone(),
            due_at,
            time_limit_days: limit
                .and_then(|d| u32::try_from(d).ok())
                .unwrap_or_else(|| center.time_limit(&services)),
            version: row.try_get("version")?,
            assignee,
            proposal: opt("proposal")?
                .map(|p| serde_json::from_str(&p))
                .transpose()
                .map_err(decode)?,
            rating,
            complained_at: opt("complained_at")?.as_deref().and_then(time),
            erased_at: opt("erased_at")?.as_deref().and_then(time),
        })
    }

    /// Open and past its time limit at `now`.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && now > self.due_at
    }

    /// The inbox's summary.
    pub fn item(&self, now: DateTime<Utc>) -> InboxItem {
        InboxItem {
            tracking_code: self.tracking_code.clone(),
            company: self.company.clone(),
            status: self.status,
            created_at: self.created_at,
            park_ids: self.park_ids.clone(),
            services: self.services.clone(),
            assignee: self.assignee.as_ref().map(|(u, _, _)| u.clone()),
            due_at: self.due_at,
            overdue: self.overdue(now),
            complained: self.complained_at.is_some(),
            version: self.version,
        }
    }

    /// The proposal as the investor may see it: published ones only.
    fn published_proposal(&self) -> Option<Proposal> {
        self.proposal.clone().filter(|p| p.published_at.is_some())
    }

    /// What the investor sees.
    pub fn investor_view(&self, events: &[Event], now: DateTime<Utc>) -> RequestView {
        let history = events
            .iter()
            .filter(|e| e.kind == EventKind::Status)
            .map(|e| StatusChange {
                status: e.status,
                at: e.at,
                reason: e.body.clone(),
            })
            .collect();
        let helper_name = |actor: &Option<String>| {
            // The name investors see, as it is now on the assignee's account when it is theirs.
            match (&self.assignee, actor) {
                (Some((u, shown, _)), Some(a)) if u == a && !shown.is_empty() => shown.clone(),
                (_, Some(a)) => a.clone(),
                (_, None) => String::new(),
            }
        };
        let messages = events
            .iter()
            .filter(|e| e.kind == EventKind::Message)
            .map(|e| Message {
                at: e.at,
                from: helper_name(&e.actor),
                text: e.body.clone(),
            })
            .collect();
        RequestView {
            tracking_code: self.tracking_code.clone(),
            status: self.status,
            submitted_at: self.created_at,
            company: self.company.clone(),
            park_ids: self.park_ids.clone(),
            services: self.services.clone(),
            history,
            due_at: Some(self.due_at),
            time_limit_working_days: Some(self.time_limit_days),
            overdue: self.overdue(now),
            helper: self.assignee.as_ref().map(|(u, name, phone)| Helper {
                name: if name.is_empty() {
                    u.clone()
                } else {
                    name.clone()
                },
                phone: phone.clone(),
            }),
            messages,
            proposal: self.published_proposal(),
            rating: self.rating.clone(),
            complained_at: self.complained_at,
            erased: self.erased_at.is_some(),
        }
    }

    /// What staff see.
    pub fn detail(&self, events: Vec<Event>, now: DateTime<Utc>) -> InboxDetail {
        InboxDetail {
            item: self.item(now),
            request: self.request.clone(),
            events,
            proposal: self.proposal.clone(),
            rating: self.rating.clone(),
            next: self.status.staff_next().to_vec(),
        }
    }
}

/// The request with this tracking code.
pub async fn load(
    db: impl sqlx::AnyExecutor<'_>,
    code: &str,
    catalog: &Catalog,
) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE r.tracking_code = $1");
    match sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(db)
        .await?
    {
        Some(row) => Ok(Some(Stored::from_row(&row, catalog)?)),
        None => Ok(None),
    }
}

/// Every event of request `id`, oldest first; internal notes only when `with_notes`.
pub async fn events(
    db: impl sqlx::AnyExecutor<'_>,
    id: i64,
    with_notes: bool,
) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT kind, status, at, actor, body FROM request_events WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let Some(kind) = EventKind::from_code(&kind) else {
            continue;
        };
        if kind == EventKind::Note && !with_notes {
            continue;
        }
        let status: String = row.try_get("status")?;
        let at: String = row.try_get("at")?;
        events.push(Event {
            kind,
            status: RequestStatus::from_code(&status).unwrap_or(RequestStatus::Submitted),
            at: time(&at).unwrap_or_default(),
            actor: row.try_get("actor")?,
            body: row.try_get("body")?,
        });
    }
    Ok(events)
}

/// Appends an event.
pub async fn record(
    tx: &mut sqlx::AnyConnection,
    request_id: i64,
    kind: EventKind,
    status: RequestStatus,
    actor: Option<&StaffUser>,
    body: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO request_events (request_id, kind, status, actor, body, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id)
    .bind(kind.code())
    .bind(status.code())
    .bind(actor.map(|a| a.username.clone()))
    .bind(body)
    .bind(at.to_rfc3339())
    .execute(tx)
    .await?;
    Ok(())
}

/// Takes the next version of request `id` if it is still at `version`; the contract's `409`
/// when someone else changed it in between.
pub async fn bump_version(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    version: i64,
    lang: Lang,
) -> Result<(), ApiError> {
    let done = sqlx::query(
        "UPDATE assistance_requests SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3",
    )
    .bind(Utc::now().to_rfc3339())
    .bind(id)
    .bind(version)
    .execute(tx)
    .await
    .map_err(|e| ApiError::internal(e, lang))?;
    if done.rows_affected() == 0 {
        return Err(ApiError::single(
            StatusCode::CONFLICT,
            "version",
            ErrorCode::EditConflict,
            Text::new(
                "这条申请刚被其他人修改过;已为您载入最新内容,请核对后重新操作。",
                "Someone else changed this request a moment ago; reload it, check, and do it again.",
            ),
            lang,
        ));
    }
    Ok(())
}
