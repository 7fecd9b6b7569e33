//! Two server processes on one PostgreSQL database, as behind a load balancer: what one of them
//! is told, the other knows (requests, retries, sessions, rate limits, catalog edits), and the
//! background worker runs on one of them at a time. Real processes (the built binary), real
//! HTTP, a real webhook receiver.
//!
//! Needs `YSMAP_TEST_DATABASE_URL` (a PostgreSQL server, `postgres://user@host:port`), which
//! `cargo xtask test` sets for its PostgreSQL run; one SQLite file serves one process, so the
//! SQLite run has nothing to test here and says so.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "two processes, one database";

/// A server process and its address; killed when dropped.
struct Process {
    child: Child,
    base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_command(database_url: &str, data_dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ysmap-server"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .arg("--database-url")
        .arg(database_url)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--static-dir")
        .arg(data_dir.join("no-app-here"));
    c
}

/// Starts a server process; its address is read from the line it prints when it listens.
fn start(database_url: &str, data_dir: &std::path::Path, webhook: &str) -> Process {
    let mut child = server_command(database_url, data_dir)
        .args(["--bind", "127.0.0.1:0", "--worker-interval-secs", "1"])
        .args(["--catalog-follow-ms", "200", "--submits-per-minute", "3"])
        .args(["--webhook-url", webhook])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary runs");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest.split('/').next().unwrap_or_default().to_owned();
                let _ = tx.send(format!("http://{addr}"));
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server says where it listens");
    Process { child, base }
}

/// A webhook receiver, slow to answer: every body it is sent, kept.
fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let got = Arc::new(Mutex::new(Vec::new()));
    let kept = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            // A slow receiver: a delivery is in flight over a worker round of the other
            // process, which must not deliver it too.
            std::thread::sleep(Duration::from_millis(1500));
            if reader.read_exact(&mut body).is_ok()
                && let Ok(v) = serde_json::from_slice(&body)
            {
                kept.lock().expect("lock").push(v);
            }
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        }
    });
    (url, got)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// An answer: status, headers of interest, JSON body (or null).
struct Answer {
    status: u16,
    replayed: bool,
    set_cookie: Option<String>,
    etag: Option<String>,
    json: Value,
}

fn answer(mut res: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (replayed, set_cookie, etag) = (
        header("idempotent-replayed").is_some(),
        header("set-cookie"),
        header("etag"),
    );
    let text = res.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status: res.status().as_u16(),
        replayed,
        set_cookie,
        etag,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

fn submit(base: &str, key: &str, company: &str) -> Answer {
    let body = json!({
        "company": company,
        "contact_name": "陈经理",
        "phone": "13912345678",
        "industry_id": "ind-general-equipment",
        "park_ids": ["park-industrial"],
        "services": ["site_selection"],
        "message": "",
        "consent": true
    });
    answer(
        agent()
            .post(format!("{base}/api/requests"))
            .header("Idempotency-Key", key)
            .send_json(&body)
            .expect("sent"),
    )
}

/// A signed-in staff member.
struct Signed {
    cookie: String,
    csrf: String,
}

impl Signed {
    fn send(&self, method: &str, url: &str, body: Option<&Value>) -> Answer {
        let req = ureq::http::Request::builder()
            .method(method)
            .uri(url)
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .header("Content-Type", "application/json")
            .body(body.map(Value::to_string).unwrap_or_default())
            .expect("request");
        answer(agent().run(req).expect("sent"))
    }
}

fn sign_in(base: &str) -> Signed {
    let a = answer(
        agent()
            .post(format!("{base}/api/admin/session"))
            .send_json(json!({"username": "admin", "password": PASSWORD}))
            .expect("sent"),
    );
    assert_eq!(a.status, 200, "{}", a.json);
    Signed {
        cookie: a
            .set_cookie
            .expect("a session cookie")
            .split(';')
            .next()
            .expect("pair")
            .to_owned(),
        csrf: a.json["csrf_token"].as_str().expect("token").to_owned(),
    }
}

fn catalog(base: &str) -> Answer {
    answer(
        agent()
            .get(format!("{base}/api/catalog"))
            .call()
            .expect("sent"),
    )
}

/// Waits up to ten seconds for `ready`.
fn eventually(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(10), "never: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn two_processes_on_one_database_act_as_one_server() {
    let Some(server) = std::env::var("YSMAP_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "two_processes_on_one_database_act_as_one_server: skipped, it needs PostgreSQL (YSMAP_TEST_DATABASE_URL; `cargo xtask test` sets it)"
        );
        return;
    };
    let database_url = format!(
        "{}/ysmap_two_{}_{}",
        server.trim_end_matches('/'),
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let (webhook, delivered) = receiver();

    // Both start at once on a database that does not exist yet: it is made, migrated and
    // seeded once.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| start(&database_url, &dir.path().join("a"), &webhook));
        let b = s.spawn(|| start(&database_url, &dir.path().join("b"), &webhook));
        (a.join().expect("a"), b.join().expect("b"))
    });
    let made = server_command(&database_url, &dir.path().join("a"))
        .args(["admin", "create", "--username", "admin", "--role", "admin"])
        .env("YSMAP_ADMIN_PASSWORD", PASSWORD)
        .output()
        .expect("admin create runs");
    assert!(made.status.success(), "{made:?}");
    let (first_a, first_b) = (catalog(&a.base), catalog(&b.base));
    assert_eq!((first_a.status, first_b.status), (200, 200));
    assert_eq!(first_a.etag, first_b.etag, "one catalog, published alike");

    // A request through A; its retry through B is the same request, not a second one.
    let sent = submit(&a.base, "two-processes-1", "示例双进程有限公司");
    assert_eq!(sent.status, 201, "{}", sent.json);
    let code = sent.json["tracking_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let retried = submit(&b.base, "two-processes-1", "示例双进程有限公司");
    assert_eq!(retried.status, 201, "{}", retried.json);
    assert!(retried.replayed);
    assert_eq!(retried.json["tracking_code"], code.as_str());

    // Staff signed in through B see it once; A honours B's session and handles it.
    let staff = sign_in(&b.base);
    let inbox = staff.send("GET", &format!("{}/api/admin/requests", b.base), None);
    assert_eq!(inbox.status, 200, "{}", inbox.json);
    assert_eq!(inbox.json["total"], 1, "{}", inbox.json);
    let accepted = staff.send(
        "POST",
        &format!("{}/api/admin/requests/{code}/status", a.base),
        Some(&json!({"to": "accepted", "version": 1})),
    );
    assert_eq!(accepted.status, 200, "{}", accepted.json);
    let tracked = answer(
        agent()
            .get(format!("{}/api/requests/{code}?phone_last4=5678", b.base))
            .call()
            .expect("sent"),
    );
    assert_eq!(tracked.json["status"], "accepted", "{}", tracked.json);

    // The rate limit counts across both: three submissions a minute from one address, the
    // retry included, wherever they land.
    assert_eq!(
        submit(&a.base, "two-processes-2", "示例第二有限公司").status,
        201
    );
    let over = submit(&b.base, "two-processes-3", "示例第三有限公司");
    assert_eq!(over.status, 429, "{}", over.json);

    // A catalog edit through A is published by B too.
    let uri = |base: &str| format!("{base}/api/admin/parks/park-industrial");
    let mut park = staff.send("GET", &uri(&a.base), None).json;
    park["built_area_km2"] = json!(9.75);
    let saved = staff.send("PUT", &uri(&a.base), Some(&park));
    assert_eq!(saved.status, 200, "{}", saved.json);
    let area = |base: &str| {
        catalog(base).json["parks"]
            .as_array()
            .and_then(|parks| parks.iter().find(|p| p["id"] == "park-industrial"))
            .map(|p| p["built_area_km2"].clone())
    };
    assert_eq!(area(&a.base), Some(json!(9.75)));
    eventually("B publishes A's edit", || {
        area(&b.base) == Some(json!(9.75))
    });
    assert_eq!(catalog(&a.base).etag, catalog(&b.base).etag);

    // Each notification reaches the receiver once, though both processes run a worker.
    let submitted = |v: &Value| v["kind"] == "submitted" && v["tracking_code"] == code.as_str();
    eventually("the submission is notified", || {
        delivered.lock().expect("lock").iter().any(submitted)
    });
    std::thread::sleep(Duration::from_secs(3));
    let got = delivered.lock().expect("lock").clone();
    let mut ids: Vec<&str> = got.iter().filter_map(|v| v["event_id"].as_str()).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "a notification came twice: {got:?}");
    assert_eq!(got.iter().filter(|v| submitted(v)).count(), 1);
}
