//! Notifications: written to the `outbox` table in the same transaction as the event they tell
//! of, then delivered by a background worker to each configured channel (a webhook: plain JSON,
//! or the WeCom / DingTalk group-robot format), at least once, with retries and backoff. Every
//! notification has a stable `event_id` (also the `X-Ysmap-Event-Id` header) so a receiver
//! drops the duplicates that "at least once" allows. A receiver that is down loses nothing: the
//! row waits.
//!
//! The same worker raises "due soon" notices for open requests near their time limit and
//! purges the personal data of finished requests past the retention period.

use crate::assistance::{self, Stored};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::Row;
use std::sync::Arc;
use tokio::sync::Notify as Wake;
use ysmap_model::request::{RequestStatus, Service};
use ysmap_model::staff::StaffUser;

/// A channel's message format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WebhookFormat {
    /// The notice as JSON ([`Payload`]).
    Json,
    /// WeCom (企业微信) group robot: `{"msgtype": "text", "text": {"content"}}`.
    Wecom,
    /// DingTalk (钉钉) group robot: the same shape.
    Dingtalk,
}

/// Mail delivery: an SMTP server, the sender, and who receives the notices (the service
/// centre's mailbox, its administrators).
#[derive(Clone, Debug)]
pub struct Mail {
    /// `smtp://host:port` (plain, or `?tls=required` for STARTTLS), or `smtps://host:port`
    /// (TLS), with `user:password@` when the server asks for them.
    pub url: String,
    /// The sender, e.g. `营商地图 <map@example.gov.cn>`.
    pub from: String,
    /// The recipients.
    pub to: Vec<String>,
}

/// Where notifications go; shared by the handlers (to enqueue and wake) and the worker.
#[derive(Clone, Default)]
pub struct Notifier {
    /// The webhook, when configured.
    pub webhook: Option<(String, WebhookFormat)>,
    /// Mail, when configured.
    pub mail: Option<Mail>,
    wake: Arc<Wake>,
}

impl Notifier {
    /// A notifier for these channels.
    pub fn new(webhook: Option<(String, WebhookFormat)>) -> Self {
        Notifier {
            webhook,
            mail: None,
            wake: Arc::new(Wake::new()),
        }
    }

    /// The notifier with mail delivery too.
    pub fn with_mail(self, mail: Option<Mail>) -> Self {
        Notifier { mail, ..self }
    }

    /// The channel names deliveries are made to.
    fn channels(&self) -> Vec<&'static str> {
        let mut c = Vec::new();
        if self.webhook.is_some() {
            c.push(WEBHOOK);
        }
        if self.mail.is_some() {
            c.push(MAIL);
        }
        c
    }

    /// Tells the worker there is something new (after a commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The webhook channel's name in `outbox_deliveries`.
const WEBHOOK: &str = "webhook";
/// The mail channel's name.
const MAIL: &str = "mail";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A new request.
    Submitted,
    /// A request was assigned to a helper.
    Assigned,
    /// A helper sent the investor a message.
    Message,
    /// The investor complained that a request is late (督办): for the administrators.
    Complaint,
    /// An open request reaches its time limit within a day.
    DueSoon,
    /// A park's listings are hidden, overdue or fall due for confirmation (weekly).
    ListingsDue,
}

/// One notification, before it is stored.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// What happened.
    pub kind: NoticeKind,
    /// The request.
    pub tracking_code: &'a str,
    /// Its company.
    pub company: &'a str,
    /// Parks it concerns.
    pub park_ids: &'a [String],
    /// Services asked for.
    pub services: &'a [Service],
    /// Its time limit.
    pub due_at: DateTime<Utc>,
    /// The staff member who acted, if one did.
    pub actor: Option<&'a StaffUser>,
    /// The message, the complaint, or the assignee.
    pub text: &'a str,
}

impl<'a> Notice<'a> {
    /// The weekly reminder of a park's records to confirm; `due_at` is when the first of them
    /// falls (or fell) due. It concerns no request: the tracking code and company are empty.
    pub fn listings_due(
        park: &'a ysmap_model::overview::ParkOverview,
        text: &'a str,
        due_at: DateTime<Utc>,
    ) -> Self {
        Notice {
            kind: NoticeKind::ListingsDue,
            tracking_code: "",
            company: "",
            park_ids: std::slice::from_ref(&park.park_id),
            services: &[],
            due_at,
            actor: None,
            text,
        }
    }

    /// A notice about a stored request.
    pub fn about(
        stored: &'a Stored,
        kind: NoticeKind,
        actor: Option<&'a StaffUser>,
        text: &'a str,
    ) -> Self {
        Notice {
            kind,
            tracking_code: &stored.tracking_code,
            company: &stored.company,
            park_ids: &stored.park_ids,
            services: &stored.services,
            due_at: stored.due_at,
            actor,
            text,
        }
    }
}

/// The JSON a webhook receives.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Payload {
    /// Stable across retries: drop a second delivery with an id already seen.
    pub event_id: String,
    /// `submitted`, `assigned`, `message`, `complaint`, `due_soon`, or `listings_due` (a
    /// park's records to confirm: then the request's fields are empty).
    pub kind: String,
    /// The request.
    pub tracking_code: String,
    /// Its company.
    pub company: String,
    /// Parks it concerns.
    pub park_ids: Vec<String>,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Its time limit.
    pub due_at: DateTime<Utc>,
    /// Who acted (a staff user name), if anyone did.
    pub actor: Option<String>,
    /// The message, complaint or assignee.
    pub text: String,
    /// When it happened.
    pub created_at: DateTime<Utc>,
}

fn random_id() -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| sqlx::Error::Protocol(format!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Stores a notification and one delivery per channel, inside the caller's transaction.
pub async fn enqueue(
    tx: &mut sqlx::AnyConnection,
    notifier: &Notifier,
    notice: Notice<'_>,
) -> Result<(), sqlx::Error> {
    enqueue_once(tx, notifier, notice, &random_id()?)
        .await
        .map(|_| ())
}

/// [`enqueue`] with a given event id; a second notice with the same id is dropped (how "due
/// soon" is raised once per request). True when this one was new.
pub async fn enqueue_once(
    tx: &mut sqlx::AnyConnection,
    notifier: &Notifier,
    notice: Notice<'_>,
    event_id: &str,
) -> Result<bool, sqlx::Error> {
    let now = Utc::now();
    let payload = Payload {
        event_id: event_id.to_owned(),
        kind: ysmap_model::wire::code(notice.kind),
        tracking_code: notice.tracking_code.to_owned(),
        company: notice.company.to_owned(),
        park_ids: notice.park_ids.to_vec(),
        services: notice.services.to_vec(),
        due_at: notice.due_at,
        actor: notice.actor.map(|a| a.username.clone()),
        text: notice.text.to_owned(),
        created_at: now,
    };
    let json = serde_json::to_string(&payload).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO outbox (event_id, kind, payload, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(&payload.kind)
    .bind(&json)
    .bind(now.to_rfc3339())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    for channel in notifier.channels() {
        sqlx::query(
            "INSERT INTO outbox_deliveries (outbox_id, channel, next_attempt_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(channel)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
    }
    Ok(true)
}

/// The wait before attempt `attempts + 1`: 5 s doubling to an hour at most.
pub fn backoff(attempts: i64) -> Duration {
    let exp = attempts.clamp(0, 10) as u32;
    Duration::seconds((5_i64 << exp).min(3600))
}

/// What a notice is about, for people.
fn what(kind: &str) -> &'static str {
    match kind {
        "submitted" => "新的帮办代办申请",
        "assigned" => "申请已分派",
        "message" => "经办人已回复投资者",
        "complaint" => "投资者督办(申请已超时)",
        "due_soon" => "申请即将到期",
        "listings_due" => "载体待核实",
        _ => "申请动态",
    }
}

/// A readable line for the group-robot formats and mail.
fn robot_text(p: &Payload) -> String {
    let what = what(&p.kind);
    if p.tracking_code.is_empty() {
        // Not about a request (the weekly reminder of listings to confirm).
        return format!("【营商地图】{what}:{} [事件 {}]", p.text, p.event_id);
    }
    let due = ysmap_model::clock::county_time(p.due_at).format("%Y-%m-%d");
    let mut line = format!(
        "【营商地图】{what}:{} {}(承诺时限 {due})",
        p.tracking_code, p.company
    );
    if let Some(a) = &p.actor {
        line.push_str(&format!(" · {a}"));
    }
    if !p.text.is_empty() {
        line.push_str(&format!(" · {}", p.text));
    }
    line.push_str(&format!(" [事件 {}]", p.event_id));
    line
}

/// The body a channel receives.
pub fn body_for(format: WebhookFormat, payload: &Payload) -> serde_json::Value {
    match format {
        WebhookFormat::Json => serde_json::to_value(payload).unwrap_or_default(),
        WebhookFormat::Wecom | WebhookFormat::Dingtalk => serde_json::json!({
            "msgtype": "text",
            "text": { "content": robot_text(payload) },
        }),
    }
}

/// Posts one notification to the webhook; `Err` with what went wrong.
fn post(url: &str, format: WebhookFormat, payload: &Payload) -> Result<(), String> {
    // One agent for every delivery: it keeps the connection to the receiver.
    static AGENT: std::sync::OnceLock<ureq::Agent> = std::sync::OnceLock::new();
    let agent = AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(10)))
            .http_status_as_error(true)
            .build()
            .into()
    });
    agent
        .post(url)
        .header("X-Ysmap-Event-Id", &payload.event_id)
        .send_json(body_for(format, payload))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Sends one notice by mail.
async fn send_mail(mail: &Mail, payload: &Payload) -> Result<(), String> {
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let line = robot_text(payload);
    let mut builder = Message::builder()
        .from(mail.from.parse().map_err(|e| format!("from: {e}"))?)
        .subject(format!(
            "【营商地图】{} {}",
            what(&payload.kind),
            payload.tracking_code
        ))
        // The event id as the message's own id: a mailbox that sees it twice can tell.
        .message_id(Some(format!("<{}@ysmap>", payload.event_id)));
    for to in &mail.to {
        builder = builder.to(to.parse().map_err(|e| format!("to {to}: {e}"))?);
    }
    let body = format!(
        "{line}\n\n{}\n",
        serde_json::to_string_pretty(payload).unwrap_or_default()
    );
    let message = builder.body(body).map_err(|e| e.to_string())?;
    let transport: AsyncSmtpTransport<Tokio1Executor> =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&mail.url)
            .map_err(|e| format!("smtp url: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(10)))
            .build();
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Sends one notice on `channel`.
async fn send(notifier: &Notifier, channel: &str, payload: &Payload) -> Result<(), String> {
    match channel {
        WEBHOOK => {
            let Some((url, format)) = notifier.webhook.clone() else {
                return Err("no webhook configured".into());
            };
            let p = payload.clone();
            tokio::task::spawn_blocking(move || post(&url, format, &p))
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
        }
        MAIL => match &notifier.mail {
            Some(mail) => send_mail(mail, payload).await,
            None => Err("no mail configured".into()),
        },
        other => Err(format!("unknown channel {other}")),
    }
}

/// Delivers what is due on every configured channel; returns how many were delivered.
pub async fn deliver_due(db: &sqlx::AnyPool, notifier: &Notifier) -> Result<usize, sqlx::Error> {
    let mut delivered = 0;
    for channel in notifier.channels() {
        delivered += deliver_channel(db, notifier, channel).await?;
    }
    Ok(delivered)
}

async fn deliver_channel(
    db: &sqlx::AnyPool,
    notifier: &Notifier,
    channel: &str,
) -> Result<usize, sqlx::Error> {
    let now = Utc::now();
    let rows = sqlx::query(
        "SELECT d.outbox_id, d.attempts, o.payload FROM outbox_deliveries d JOIN outbox o ON o.id = d.outbox_id
         WHERE d.channel = $1 AND d.delivered_at IS NULL AND d.next_attempt_at <= $2 ORDER BY d.outbox_id LIMIT 100",
    )
    .bind(channel)
    .bind(now.to_rfc3339())
    .fetch_all(db)
    .await?;
    let mut delivered = 0;
    for row in rows {
        let id: i64 = row.try_get("outbox_id")?;
        let attempts: i64 = row.try_get("attempts")?;
        let payload: String = row.try_get("payload")?;
        let Ok(payload) = serde_json::from_str::<Payload>(&payload) else {
            continue;
        };
        let result = send(notifier, channel, &payload).await;
        let done_at = Utc::now();
        match result {
            Ok(()) => {
                delivered += 1;
                sqlx::query("UPDATE outbox_deliveries SET attempts = attempts + 1, delivered_at = $1, last_error = '' WHERE outbox_id = $2 AND channel = $3")
                    .bind(done_at.to_rfc3339())
                    .bind(id)
                    .bind(channel)
                    .execute(db)
                    .await?;
            }
            Err(e) => {
                let next = done_at + backoff(attempts);
                tracing::warn!(event_id = %payload.event_id, channel, attempts = attempts + 1, error = %e, "notification delivery failed; will retry");
                sqlx::query("UPDATE outbox_deliveries SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE outbox_id = $3 AND channel = $4")
                    .bind(next.to_rfc3339())
                    .bind(e)
                    .bind(id)
                    .bind(channel)
                    .execute(db)
                    .await?;
                // The receiver is down: the rest waits for the next round rather than each
                // timing out in turn.
                break;
            }
        }
    }
    Ok(delivered)
}

/// The stored codes of the open statuses (`open`) or of the finished ones, as an SQL list.
/// They come from the model's enum, never from input.
fn status_list(open: bool) -> String {
    RequestStatus::ALL
        .iter()
        .filter(|s| s.is_open() == open)
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Raises a "due soon" notice, once, for each open request whose time limit ends within a day.
pub async fn raise_due_soon(
    db: &sqlx::AnyPool,
    notifier: &Notifier,
    catalog: &ysmap_model::Catalog,
) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let soon = (now + Duration::hours(24)).to_rfc3339();
    let sql = format!(
        "SELECT {} {} WHERE r.status IN ({}) AND r.due_at IS NOT NULL AND r.due_at <= $1 AND r.due_at > $2",
        assistance::COLUMNS,
        assistance::FROM,
        status_list(true)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&soon)
        .bind(now.to_rfc3339())
        .fetch_all(db)
        .await?;
    for row in rows {
        let stored = Stored::from_row(&row, catalog)?;
        let mut tx = db.begin().await?;
        let event_id = format!("due-soon-{}", stored.tracking_code);
        let assignee = stored
            .assignee
            .as_ref()
            .map(|(u, _, _)| u.as_str())
            .unwrap_or("");
        enqueue_once(
            &mut tx,
            notifier,
            Notice::about(&stored, NoticeKind::DueSoon, None, assignee),
            &event_id,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Deletes the personal data of requests finished (closed, refused, withdrawn) more than
/// `retention_days` ago; the anonymous fields stay for statistics. Returns how many.
pub async fn purge_expired(
    db: &sqlx::AnyPool,
    retention_days: u32,
    catalog: &ysmap_model::Catalog,
) -> Result<usize, sqlx::Error> {
    let now = Utc::now();
    let before = (now - Duration::days(i64::from(retention_days))).to_rfc3339();
    let sql = format!(
        "SELECT {} {} WHERE r.erased_at IS NULL AND r.status IN ({}) AND r.updated_at < $1",
        assistance::COLUMNS,
        assistance::FROM,
        status_list(false)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .fetch_all(db)
        .await?;
    let mut purged = 0;
    for row in rows {
        let stored = Stored::from_row(&row, catalog)?;
        let mut tx = db.begin().await?;
        crate::requests::erase(&mut tx, &stored, now).await?;
        tx.commit().await?;
        purged += 1;
        tracing::info!(tracking_code = %stored.tracking_code, retention_days, "personal data purged: retention period over");
    }
    Ok(purged)
}

/// The name of the worker's lease (src/lease.rs).
pub const WORKER_LEASE: &str = "outbox-worker";

/// The worker: delivers, raises due-soon notices and purges, on a wake-up or every
/// `interval`, until the process ends. Where several processes share the database (`holder`
/// given: this process's name in the leases), the one holding the worker's lease, renewed
/// each round, does the work; the others wait to take it over. One process on its own SQLite
/// file works without a lease, so that a restart after a crash delivers at once instead of
/// waiting for the crashed process's lease to end.
pub async fn run(
    db: sqlx::AnyPool,
    notifier: Notifier,
    catalog: std::sync::Arc<crate::catalog::Live>,
    retention_days: u32,
    interval: std::time::Duration,
    holder: Option<String>,
) {
    // Three rounds, and never under a minute: a round that runs long keeps its lease.
    let lease = Duration::from_std(interval * 3)
        .unwrap_or(Duration::minutes(1))
        .max(Duration::minutes(1));
    loop {
        let now = Utc::now();
        let mine = match &holder {
            None => Ok(true),
            Some(holder) => crate::lease::take(&db, WORKER_LEASE, holder, now, now + lease).await,
        };
        match mine {
            Ok(true) => work(&db, &notifier, &catalog, retention_days).await,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "the worker's lease could not be taken"),
        }
        tokio::select! {
            _ = notifier.wake.notified() => {}
            _ = tokio::time::sleep(interval) => {}
        }
    }
}

/// One round of the worker's jobs.
async fn work(
    db: &sqlx::AnyPool,
    notifier: &Notifier,
    catalog: &crate::catalog::Live,
    retention_days: u32,
) {
    let published = catalog.current();
    let catalog_now = &published.catalog;
    if let Err(e) = raise_due_soon(db, notifier, catalog_now).await {
        tracing::error!(error = %e, "due-soon notices failed");
    }
    match crate::freshness::raise_reminders(db, notifier).await {
        Ok(n) if n > 0 => tracing::info!(parks = n, "reminders of listings to confirm raised"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "reminders of listings to confirm failed"),
    }
    match purge_expired(db, retention_days, catalog_now).await {
        Ok(n) if n > 0 => tracing::info!(purged = n, "retention purge done"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "retention purge failed"),
    }
    if let Err(e) = crate::limits::forget_old_hits(db).await {
        tracing::error!(error = %e, "old rate-limit counters could not be deleted");
    }
    if let Err(e) = deliver_due(db, notifier).await {
        tracing::error!(error = %e, "notification delivery failed");
    }
}
