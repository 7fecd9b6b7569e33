//! `POST /api/requests` under load, on a hyper client: the throughput and latency benchmark
//! against a raw durable SQLite insert measured in the same run (`cargo xtask bench requests`),
//! and the fault script (`cargo xtask bench fault`): a burst of concurrent submissions with the
//! server killed by SIGKILL in the middle, then restarted, checking that every acknowledged
//! request is there once, that retries with the same keys make no second record, and that the
//! outbox delivers a notification for every request to a webhook receiver.

use crate::cmd::step;
use crate::server::LocalServer;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent clients in the throughput benchmark (the figure).
pub const CLIENTS: usize = 50;

/// How long the throughput benchmark sends.
const MEASURE: Duration = Duration::from_secs(6);

/// A valid request body (the sample catalog's industry and park).
fn body(n: usize) -> String {
    serde_json::json!({
        "company": format!("示例压测企业 {n} 有限公司"),
        "contact_name": "陈经理",
        "phone": "13912345678",
        "industry_id": "ind-general-equipment",
        "park_ids": ["park-industrial"],
        "services": ["site_selection"],
        "consent": true
    })
    .to_string()
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(1024)
        .build_http()
}

/// One submission: the status and the tracking code when it was created.
async fn submit(
    client: &HttpClient,
    port: u16,
    key: &str,
    body: String,
) -> anyhow::Result<(u16, Option<String>)> {
    let req = Request::post(format!("http://127.0.0.1:{port}/api/requests"))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Full::new(Bytes::from(body)))?;
    let res = client.request(req).await?;
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await?.to_bytes();
    let code = (status == 201)
        .then(|| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .flatten()
        .and_then(|v| v["tracking_code"].as_str().map(str::to_owned));
    Ok((status, code))
}

/// Percentile `p` (0–100) of sorted `xs`.
fn percentile(xs: &[Duration], p: f64) -> Duration {
    if xs.is_empty() {
        return Duration::ZERO;
    }
    let i = ((xs.len() as f64 - 1.0) * p / 100.0).round() as usize;
    xs[i.min(xs.len() - 1)]
}

/// What a throughput run measured.
#[derive(Debug, Clone)]
pub struct Throughput {
    /// Completed operations per second.
    pub per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Operations that failed.
    pub errors: usize,
}

/// `clients` concurrent tasks each running `op(client, n)` for [`MEASURE`]; `op` answers
/// whether the operation succeeded. Both sides of the benchmark are measured by this one loop.
async fn run_clients<F, Fut>(clients: usize, op: F) -> anyhow::Result<Throughput>
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut n = 0;
            while start.elapsed() < MEASURE {
                let t = Instant::now();
                if op(c, n).await {
                    latencies.push(t.elapsed());
                } else {
                    errors += 1;
                }
                n += 1;
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await?;
        all.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed();
    all.sort();
    Ok(Throughput {
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&all, 50.0),
        p99: percentile(&all, 99.0),
        errors,
    })
}

/// `clients` concurrent clients submitting distinct requests for [`MEASURE`].
pub fn requests_throughput(port: u16, clients: usize) -> anyhow::Result<Throughput> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let client = client();
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        run_clients(clients, move |c, n| {
            let client = client.clone();
            async move {
                let key = format!("bench-{run}-{c}-{n}");
                matches!(
                    submit(&client, port, &key, body(c * 1_000_000 + n)).await,
                    Ok((201, _))
                )
            }
        })
        .await
    })
}

/// One raw insert of the baseline, on whichever pool (`$db`, its writers queued by `$turn`,
/// the transaction begun by `$begin`): the same statements either way.
macro_rules! raw_insert {
    ($db:expr, $turn:expr, $key:expr, $payload:expr, $begin:expr) => {{
        let conn = $db.acquire().await?;
        let _turn = $turn.lock().await;
        let mut tx = $begin(conn).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO assistance_requests (tracking_code, idempotency_key, body_sha256, company, contact_name, phone, phone_last4, industry_id, payload, status, created_at, updated_at)
             VALUES ($1, $2, '', 'c', 'n', '13912345678', '5678', 'i', $3, 'submitted', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
        )
        .bind($key)
        .bind($key)
        .bind($payload)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO request_events (request_id, status, at) VALUES ($1, 'submitted', '2026-01-01T00:00:00Z')")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }};
}

/// The baseline: the same rows inserted straight into the server's database (same schema, same
/// durable settings: WAL, `synchronous=FULL`, one `BEGIN IMMEDIATE` transaction per request with
/// its first event, writers queued fairly as the server queues them), from `clients` concurrent
/// tasks, no HTTP, no validation, no JSON. Through the server's own pool (sqlx's `Any` driver,
/// which lets one set of queries serve SQLite and PostgreSQL) or, `native`, through sqlx's
/// SQLite driver directly: what the `Any` layer costs.
pub fn raw_insert_throughput(
    data_dir: &std::path::Path,
    clients: usize,
    native: bool,
) -> anyhow::Result<Throughput> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let db = ysmap_server::db::open(&ysmap_server::db::Location::Sqlite(data_dir.to_owned()))
            .await?;
        let payload = Arc::new(body(0));
        let turn: Arc<tokio::sync::Mutex<()>> = Arc::default();
        if native {
            db.close().await;
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(data_dir.join(ysmap_server::db::FILE_NAME))
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(5));
            let native_db = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            let pool = native_db.clone();
            let result = run_clients(clients, move |c, n| {
                let (db, payload, turn) = (pool.clone(), payload.clone(), turn.clone());
                async move {
                    let key = format!("raw-{c}-{n}");
                    let begin = |conn| {
                        sqlx::Transaction::begin(
                            conn,
                            Some(sqlx::SqlSafeStr::into_sql_str("BEGIN IMMEDIATE")),
                        )
                    };
                    let insert: Result<(), sqlx::Error> =
                        async { raw_insert!(db, turn, &key, payload.as_str(), begin) }.await;
                    insert.is_ok()
                }
            })
            .await;
            native_db.close().await;
            result
        } else {
            let pool = db.clone();
            let result = run_clients(clients, move |c, n| {
                let (db, payload, turn) = (pool.clone(), payload.clone(), turn.clone());
                async move {
                    let key = format!("raw-{c}-{n}");
                    let insert: Result<(), sqlx::Error> = async {
                        raw_insert!(
                            db,
                            turn,
                            &key,
                            payload.as_str(),
                            ysmap_server::db::begin_write
                        )
                    }
                    .await;
                    insert.is_ok()
                }
            })
            .await;
            db.close().await;
            result
        }
    })
}

/// A webhook receiver on loopback: every event id it was sent, with how many times.
pub struct Receiver {
    /// Its URL.
    pub url: String,
    seen: Arc<Mutex<HashMap<String, usize>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Receiver {
    /// Starts one on a free port.
    pub fn start() -> anyhow::Result<Receiver> {
        let runtime = tokio::runtime::Runtime::new()?;
        let seen: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let keep = seen.clone();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let url = format!("http://{}/hook", listener.local_addr()?);
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let keep = keep.clone();
                tokio::spawn(async move {
                    let service =
                        hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                            let keep = keep.clone();
                            async move {
                                let id = req
                                    .headers()
                                    .get("x-ysmap-event-id")
                                    .and_then(|v| v.to_str().ok())
                                    .unwrap_or("")
                                    .to_owned();
                                let _ = req.into_body().collect().await;
                                if let Ok(mut seen) = keep.lock() {
                                    *seen.entry(id).or_default() += 1;
                                }
                                Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(
                                    Bytes::from_static(b"ok"),
                                )))
                            }
                        });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Receiver {
            url,
            seen,
            _runtime: runtime,
        })
    }

    /// Distinct event ids received, and deliveries in all.
    pub fn counts(&self) -> (usize, usize) {
        self.seen
            .lock()
            .map(|s| (s.len(), s.values().sum()))
            .unwrap_or_default()
    }
}

/// What the fault script found.
#[derive(Debug, Clone)]
pub struct FaultReport {
    /// Submissions in the burst.
    pub burst: usize,
    /// Acknowledged (201) before the kill.
    pub acknowledged: usize,
    /// Acknowledged ones found in the database after the restart.
    pub acknowledged_found: usize,
    /// Rows after everyone retried with their own key.
    pub rows_after_retries: usize,
    /// Distinct notifications the receiver got, and deliveries in all.
    pub notified: (usize, usize),
    /// Seconds from the restart until every notification had arrived.
    pub delivery_seconds: f64,
}

/// The fault script: `burst` concurrent submissions, SIGKILL once `kill_after` have been
/// answered, restart, check, retry everything with the same keys, check again, wait for the
/// outbox.
pub fn fault(
    server_bin: &std::path::Path,
    work: &std::path::Path,
    static_dir: &std::path::Path,
    burst: usize,
    kill_after: usize,
) -> anyhow::Result<FaultReport> {
    let receiver = Receiver::start()?;
    let extra: Vec<std::ffi::OsString> = [
        "--webhook-url",
        receiver.url.as_str(),
        "--submits-per-minute",
        "1000000",
        "--worker-interval-secs",
        "1",
    ]
    .iter()
    .map(Into::into)
    .collect();
    let extra_refs: Vec<&std::ffi::OsStr> = extra.iter().map(|s| s.as_os_str()).collect();
    let server = LocalServer::start(
        server_bin,
        work,
        static_dir,
        std::process::Stdio::null(),
        true,
        &extra_refs,
    )?;
    let port = server.port;
    let data_dir = server.data_dir.clone();
    let keys: Vec<String> = (0..burst).map(|i| format!("fault-{i}")).collect();

    step(&format!(
        "fault: {burst} concurrent submissions, SIGKILL after {kill_after} answers"
    ));
    let rt = tokio::runtime::Runtime::new()?;
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let pid = server.pid();
    rt.block_on(async {
        let client = client();
        let mut tasks = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let (client, key) = (client.clone(), key.clone());
            let (answered, acknowledged) = (answered.clone(), acknowledged.clone());
            tasks.push(tokio::spawn(async move {
                if let Ok((201, Some(code))) = submit(&client, port, &key, body(i)).await
                    && let Ok(mut a) = acknowledged.lock()
                {
                    a.push((key, code));
                }
                let n = answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                if n == kill_after {
                    let _ = std::process::Command::new("kill")
                        .args(["-9", &pid.to_string()])
                        .status();
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
    });
    drop(server);
    let acknowledged = acknowledged.lock().map(|a| a.clone()).unwrap_or_default();

    step("fault: restarting on the same data folder");
    let server = LocalServer::restart(
        server_bin,
        &data_dir,
        static_dir,
        std::process::Stdio::null(),
        &extra_refs,
    )?;
    let restarted = Instant::now();
    let db = data_dir.join("ysmap.sqlite3");
    let codes_in_db = |db: &std::path::Path| -> anyhow::Result<HashMap<String, String>> {
        let rt = tokio::runtime::Runtime::new()?;
        rt.block_on(async {
            let pool =
                sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", db.display())).await?;
            let rows: Vec<(String, String)> =
                sqlx::query_as("SELECT idempotency_key, tracking_code FROM assistance_requests")
                    .fetch_all(&pool)
                    .await?;
            pool.close().await;
            Ok(rows.into_iter().collect())
        })
    };
    let stored = codes_in_db(&db)?;
    let acknowledged_found = acknowledged
        .iter()
        .filter(|(k, c)| stored.get(k) == Some(c))
        .count();

    step("fault: every client retries with its own key");
    let port = server.port;
    let retried: Vec<(u16, Option<String>)> = rt.block_on(async {
        let client = client();
        let mut out = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            out.push(
                submit(&client, port, key, body(i))
                    .await
                    .unwrap_or((0, None)),
            );
        }
        out
    });
    let all_created = retried.iter().all(|(s, _)| *s == 201);
    anyhow::ensure!(
        all_created,
        "a retry was not answered 201: {:?}",
        retried.iter().find(|(s, _)| *s != 201)
    );
    let stored = codes_in_db(&db)?;
    let same_codes = acknowledged.iter().all(|(k, c)| stored.get(k) == Some(c));
    anyhow::ensure!(
        same_codes,
        "an acknowledged request changed its tracking code on retry"
    );

    step("fault: waiting for the outbox to deliver every notification");
    let deadline = Instant::now() + Duration::from_secs(120);
    while receiver.counts().0 < burst && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let delivery_seconds = restarted.elapsed().as_secs_f64();
    drop(server);
    let distinct: HashSet<&String> = stored.values().collect();
    Ok(FaultReport {
        burst,
        acknowledged: acknowledged.len(),
        acknowledged_found,
        rows_after_retries: distinct.len(),
        notified: receiver.counts(),
        delivery_seconds,
    })
}

/// Prints the figures and fails when a promise was broken.
pub fn check_fault(r: &FaultReport) -> anyhow::Result<()> {
    println!(
        "    burst {}: {} acknowledged before the kill, {} of them found after the restart; {} rows after every client retried (one per key); {} distinct notifications delivered ({} deliveries in all) within {:.1} s of the restart",
        r.burst,
        r.acknowledged,
        r.acknowledged_found,
        r.rows_after_retries,
        r.notified.0,
        r.notified.1,
        r.delivery_seconds
    );
    anyhow::ensure!(
        r.acknowledged_found == r.acknowledged,
        "an acknowledged request was lost"
    );
    anyhow::ensure!(
        r.rows_after_retries == r.burst,
        "retries made a second record or lost one"
    );
    anyhow::ensure!(
        r.notified.0 >= r.burst,
        "the outbox did not deliver every notification"
    );
    Ok(())
}
