//! The binary's commands as an operator runs them. Backup and restore: `backup` while the
//! server is serving (its pool open, a request just written), and `restore` into a fresh data
//! folder; the restored database holds exactly what the original did, table by table. What
//! must be refused is refused, and nothing is overwritten or lost. And `admin create` of a
//! county's account, checked against the stored catalog's counties.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use sqlx::Connection;
use std::path::Path;
use std::process::Command;
use ysmap_model::staff::{Role, StaffUser};
use ysmap_server::Server;
use ysmap_server::config::Config;

mod common;
use common::send;

/// Runs `ysmap-server --data-dir DATA ARGS…`: its success and what it printed.
fn server_command(data: &Path, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ysmap-server"))
        .env("YSMAP_ADMIN_PASSWORD", "a long enough password")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("the server binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The rows of every table of `a` that `b` lacks, and the other way round (SQLite's EXCEPT,
/// blobs included), and the tables one has and the other not.
async fn differences(a: &Path, b: &Path) -> Vec<String> {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", a.display()))
        .await
        .expect("opens");
    sqlx::query("ATTACH DATABASE $1 AS other")
        .bind(format!("file:{}?mode=ro", b.display()))
        .execute(&mut conn)
        .await
        .expect("attaches");
    let tables = |schema: &str| {
        format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    };
    let mine: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(tables("main")))
        .fetch_all(&mut conn)
        .await
        .expect("tables");
    let theirs: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(tables("other")))
        .fetch_all(&mut conn)
        .await
        .expect("tables");
    let mut out = Vec::new();
    if mine != theirs {
        out.push(format!("tables differ: {mine:?} / {theirs:?}"));
    }
    for t in &mine {
        for (x, y) in [("main", "other"), ("other", "main")] {
            // Table names from the databases' own schema, not from input.
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT count(*) FROM (SELECT * FROM {x}.\"{t}\" EXCEPT SELECT * FROM {y}.\"{t}\")"
            )))
            .fetch_one(&mut conn)
            .await
            .expect("compares");
            if n > 0 {
                out.push(format!("{n} rows of {t} in {x} and not in {y}"));
            }
        }
    }
    out
}

/// SQLite in `data` whatever the test run's backend: backup and restore are SQLite's.
fn sqlite_in(data: std::path::PathBuf) -> Config {
    let mut config = Config::for_data_dir(data);
    config.database_url = None;
    config
}

/// A temporary folder, its data folder, and a configuration serving the API alone from it with
/// no worker.
fn api_only() -> (tempfile::TempDir, std::path::PathBuf, Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut config = sqlite_in(data.clone());
    config.static_dir = dir.path().join("no-app-here");
    config.worker_interval_secs = 0;
    (dir, data, config)
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_into_a_fresh_folder_whole() {
    let (dir, data, config) = api_only();
    let server = Server::start(&config).await.expect("server starts");
    let account = StaffUser {
        username: "admin".into(),
        role: Role::Admin,
        park_ids: vec![],
        region_id: None,
        display_name: String::new(),
        phone: String::new(),
        must_change_password: false,
    };
    ysmap_server::auth::create_user(&server.db, &account, "correct horse battery")
        .await
        .expect("account");
    let body = json!({
        "company": "示例精密机械有限公司", "contact_name": "陈经理", "phone": "13912345678",
        "industry_id": "ind-general-equipment", "park_ids": ["park-industrial"],
        "services": ["site_selection"], "message": "希望年内投产", "consent": true
    });
    let sent = send(
        &server.router,
        Request::post("/api/requests")
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", "backup-test-1")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED);

    // The backup, while the server's pool is open and its last write may be in the WAL.
    let backup = dir.path().join("ysmap-backup.sqlite3");
    let (ok, said) = server_command(&data, &["backup".as_ref(), backup.as_os_str()]);
    assert!(ok, "{said}");
    assert!(
        said.contains("1 assistance requests") && said.contains("1 staff accounts"),
        "{said}"
    );
    assert!(!dir.path().join("ysmap-backup.sqlite3.partial").exists());
    // Never over an existing file.
    let before = std::fs::read(&backup).expect("backup");
    let (ok, said) = server_command(&data, &["backup".as_ref(), backup.as_os_str()]);
    assert!(!ok && said.contains("already exists"), "{said}");
    assert_eq!(std::fs::read(&backup).expect("backup"), before);

    // Restored into a fresh folder: the same rows in every table.
    let fresh = dir.path().join("fresh");
    let (ok, said) = server_command(&fresh, &["restore".as_ref(), backup.as_os_str()]);
    assert!(ok, "{said}");
    server.db.close().await;
    let original = data.join("ysmap.sqlite3");
    let restored = fresh.join("ysmap.sqlite3");
    assert_eq!(
        differences(&original, &restored).await,
        Vec::<String>::new()
    );

    // A server on the restored folder starts and serves the request.
    let mut config = sqlite_in(fresh.clone());
    config.worker_interval_secs = 0;
    let again = Server::start(&config)
        .await
        .expect("the restored server starts");
    let code: String = sqlx::query_scalar("SELECT tracking_code FROM assistance_requests")
        .fetch_one(&again.db)
        .await
        .expect("the request is there");
    assert_eq!(code, sent.json()["tracking_code"].as_str().expect("code"));
    again.db.close().await;

    // Over a database already there: refused without --replace; with it, the one replaced is
    // kept beside.
    let (ok, said) = server_command(&fresh, &["restore".as_ref(), backup.as_os_str()]);
    assert!(!ok && said.contains("--replace"), "{said}");
    let (ok, said) = server_command(
        &fresh,
        &["restore".as_ref(), backup.as_os_str(), "--replace".as_ref()],
    );
    assert!(ok && said.contains("kept at"), "{said}");
    let kept: Vec<_> = std::fs::read_dir(&fresh)
        .expect("folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        differences(&kept[0].path(), &restored).await,
        Vec::<String>::new()
    );
    // (The comparison sees a difference when there is one.)
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", restored.display()))
        .await
        .expect("opens");
    sqlx::query("UPDATE staff_users SET display_name = 'changed'")
        .execute(&mut conn)
        .await
        .expect("changes");
    conn.close().await.expect("closes");
    assert_eq!(differences(&kept[0].path(), &restored).await.len(), 2);

    // Not a backup: refused, and the folder's database untouched.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"this is not a database at all, only text").expect("junk");
    let untouched = std::fs::read(&restored).expect("db");
    let (ok, said) = server_command(
        &fresh,
        &["restore".as_ref(), junk.as_os_str(), "--replace".as_ref()],
    );
    assert!(
        !ok && said.contains("is not a backup that can be restored"),
        "{said}"
    );
    assert_eq!(std::fs::read(&restored).expect("db"), untouched);
}

#[tokio::test]
async fn a_county_s_administrator_is_made_for_a_county_the_catalog_has() {
    let (_dir, data, config) = api_only();
    // The server's first start stores the sample city's catalog.
    let server = Server::start(&config).await.expect("server starts");
    server.db.close().await;
    let create = |name: &str, region: &str| {
        let args: Vec<std::ffi::OsString> = [
            "admin",
            "create",
            "--username",
            name,
            "--role",
            "admin",
            "--region",
            region,
        ]
        .into_iter()
        .map(Into::into)
        .collect();
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        server_command(&data, &args)
    };
    let (ok, text) = create("nowhere", "atlantis");
    assert!(!ok, "{text}");
    assert!(
        text.contains("shili, dongyuan, nanshan"),
        "the counties it has: {text}"
    );
    let (ok, text) = create("dongyuan", "dongyuan");
    assert!(ok, "{text}");
    let mut conn = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}",
        data.join("ysmap.sqlite3").display()
    ))
    .await
    .expect("opens");
    let regions: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT username, region_id FROM staff_users ORDER BY username")
            .fetch_all(&mut conn)
            .await
            .expect("accounts");
    assert_eq!(
        regions,
        vec![("dongyuan".to_owned(), Some("dongyuan".to_owned()))]
    );
}
