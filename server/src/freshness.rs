//! Keeping listings true (DESIGN.md, "Staff API contract"): the console's start page
//! (`GET /api/admin/overview`: per park, its listings, how many are confirmed within their age,
//! drafts, open requests, and what is due), "confirm still true" for a selection
//! (`POST /api/admin/{collection}/confirm`), and the weekly reminder of what falls due through
//! the notification outbox. The ages are the county's, in the catalog's meta
//! (`ysmap_model::catalog::Freshness`).

use crate::AppState;
use crate::auth::Staff;
use crate::catalog::read_stored;
use crate::editor::{Change, Edit, save_all};
use crate::error::ApiError;
use crate::outbox::{self, Notice, Notifier};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{Datelike, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;
use std::collections::HashMap;
use ysmap_model::Text;
use ysmap_model::overview::{DueState, Overview};
use ysmap_model::staff::Role;
use ysmap_model::validation::ErrorCode;

/// The collections whose records are confirmed.
pub const CONFIRMED: [&str; 4] = ["parks", "facilities", "policies", "industries"];

/// `POST /api/admin/{collection}/confirm`'s body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Confirm {
    /// The records to confirm as still true today.
    pub ids: Vec<String>,
}

/// `POST …/confirm`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Confirmed {
    /// The records as saved.
    pub records: Vec<Value>,
}

fn today() -> chrono::NaiveDate {
    ysmap_model::clock::county_date(Utc::now())
}

/// How many unfinished requests name each park.
async fn open_requests_by_park(db: &sqlx::AnyPool) -> Result<HashMap<String, u32>, sqlx::Error> {
    let open: Vec<String> = ysmap_model::request::RequestStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.code())
        .collect();
    let mut counts = HashMap::new();
    for row in sqlx::query("SELECT status, park_ids FROM assistance_requests")
        .fetch_all(db)
        .await?
    {
        let status: String = row.try_get("status")?;
        if !open.contains(&status) {
            continue;
        }
        let parks: String = row.try_get("park_ids")?;
        for park in serde_json::from_str::<Vec<String>>(&parks).unwrap_or_default() {
            *counts.entry(park).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// `GET /api/admin/overview`: the start page of an editor (their parks) or an administrator
/// (every park).
async fn overview(State(state): State<AppState>, staff: Staff) -> Result<Json<Overview>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let mut conn = state.db.acquire().await.map_err(internal)?;
    let catalog = read_stored(&mut conn)
        .await
        .map_err(|e| ApiError::internal(e, lang))?;
    drop(conn);
    let open = open_requests_by_park(&state.db).await.map_err(internal)?;
    let scope = |park: &str| match staff.user.role {
        Role::Admin => staff.user.in_county(&catalog, park),
        _ => staff.user.park_ids.iter().any(|p| p == park),
    };
    Ok(Json(Overview::of(
        &catalog,
        scope,
        |park| open.get(park).copied().unwrap_or(0),
        today(),
    )))
}

/// `POST /api/admin/{collection}/confirm` `{"ids"}`: sets each record's 最后核实 to today, all
/// together or none (a record out of scope or unknown refuses the whole selection).
async fn confirm(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    body: axum::body::Bytes,
) -> Result<Json<Confirmed>, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let wanted: Confirm = crate::requests::parse_json(&body, lang)?;
    if wanted.ids.is_empty() {
        return Err(ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ids",
            ErrorCode::Required,
            Text::new("请选择要确认的记录。", "Choose the records to confirm."),
            lang,
        ));
    }
    let day = today();
    let changes = wanted
        .ids
        .iter()
        .map(|id| Change {
            edit: Edit::Confirm(id.clone(), day),
            action: "confirmed",
            must_exist: Some(true),
        })
        .collect();
    let saved = save_all(&state, &staff, collection, changes).await?;
    Ok(Json(Confirmed {
        records: saved.into_iter().filter_map(|a| a.after).collect(),
    }))
}

/// The routes added to `table`: the overview and each confirmed collection's `confirm`.
pub fn routes(mut table: crate::RouteTable) -> crate::RouteTable {
    use axum::http::Method;
    table = table.add("/api/admin/overview", &[Method::GET], get(overview));
    for c in CONFIRMED {
        table = table.add(
            &format!("/api/admin/{c}/confirm"),
            &[Method::POST],
            post(
                move |State(s): State<AppState>, staff: Staff, body: axum::body::Bytes| {
                    confirm(s, staff, c, body)
                },
            ),
        );
    }
    table
}

/// The reminder's text for one park, in Chinese (the staff's group chats and mail): how many
/// records are hidden, overdue and falling due, and the first few names.
fn reminder_text(park: &ysmap_model::overview::ParkOverview) -> String {
    let count = |s: DueState| park.due.iter().filter(|d| d.state == s).count();
    let names: Vec<&str> = park
        .due
        .iter()
        .take(5)
        .map(|d| d.name.zh.as_str())
        .collect();
    let more = if park.due.len() > names.len() {
        " 等"
    } else {
        ""
    };
    format!(
        "{}:{} 条已对投资者隐藏,{} 条已过核实期,{} 条即将到期。请在控制台“工作台”确认:{}{more}",
        park.name.zh,
        count(DueState::Hidden),
        count(DueState::Overdue),
        count(DueState::DueSoon),
        names.join("、"),
    )
}

/// Raises, once a week per park, a reminder of its records that are hidden, overdue or fall
/// due soon. Returns how many were raised.
pub async fn raise_reminders(db: &sqlx::AnyPool, notifier: &Notifier) -> anyhow::Result<usize> {
    let mut conn = db.acquire().await?;
    let catalog = read_stored(&mut conn).await?;
    drop(conn);
    let day = today();
    let week = day.iso_week();
    let overview = Overview::of(&catalog, |_| true, |_| 0, day);
    let mut raised = 0;
    for park in overview.parks.iter().filter(|p| !p.due.is_empty()) {
        let event_id = format!(
            "listings-due-{}-{}-W{:02}",
            park.park_id,
            week.year(),
            week.week()
        );
        let text = reminder_text(park);
        let due_at = park
            .due
            .iter()
            .map(|d| ysmap_model::clock::end_of_county_day(d.due_on))
            .min()
            .unwrap_or_else(Utc::now);
        let mut tx = db.begin().await?;
        if outbox::enqueue_once(
            &mut tx,
            notifier,
            Notice::listings_due(park, &text, due_at),
            &event_id,
        )
        .await?
        {
            raised += 1;
        }
        tx.commit().await?;
    }
    Ok(raised)
}
