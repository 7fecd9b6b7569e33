//! The assistance loop against a real SQLite file: staff sign-in to the contract, the inbox and
//! its state machine, what the investor sees and may do, the limits, and notifications
//! delivered to a real webhook receiver on loopback that is taken down mid-run.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use ysmap_model::staff::{Role, StaffUser};
use ysmap_server::Server;
use ysmap_server::config::Config;

mod common;
use common::{Answer, send};

const PASSWORD: &str = "correct horse battery";

struct Harness {
    _dir: tempfile::TempDir,
    router: Router,
    db: sqlx::AnyPool,
}

async fn harness_with(webhook: Option<String>) -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_data_dir(dir.path().join("data"));
    config.static_dir = dir.path().join("no-app-here");
    config.webhook_url = webhook;
    // No worker: the tests drive delivery themselves.
    config.worker_interval_secs = 0;
    let server = Server::start(&config).await.expect("server starts");
    for (name, role, parks) in [
        ("admin", Role::Admin, vec![]),
        (
            "xiaowang",
            Role::Handler,
            vec!["park-industrial".to_owned()],
        ),
        ("other", Role::Handler, vec!["park-ecommerce".to_owned()]),
        ("editor", Role::Editor, vec!["park-industrial".to_owned()]),
        (
            "other_editor",
            Role::Editor,
            vec!["park-ecommerce".to_owned()],
        ),
        // The administrator of one county of the sample city.
        ("dongyuan_admin", Role::Admin, vec![]),
    ] {
        let user = StaffUser {
            username: name.into(),
            role,
            park_ids: parks,
            region_id: name
                .strip_suffix("_admin")
                .filter(|county| *county == "dongyuan")
                .map(str::to_owned),
            display_name: if name == "xiaowang" {
                "王园园".into()
            } else {
                String::new()
            },
            phone: if name == "xiaowang" {
                "029-3312 0101".into()
            } else {
                String::new()
            },
            must_change_password: false,
        };
        ysmap_server::auth::create_user(&server.db, &user, PASSWORD)
            .await
            .expect("account");
    }
    Harness {
        _dir: dir,
        router: server.router,
        db: server.db,
    }
}

async fn harness() -> Harness {
    harness_with(None).await
}

fn json_req(method: &str, uri: &str, body: &Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request")
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

/// A signed-in staff member: the cookie and the CSRF token.
struct Signed {
    cookie: String,
    csrf: String,
}

impl Signed {
    /// A request with raw bytes as its body (a file to import).
    fn upload(&self, uri: &str, bytes: Vec<u8>) -> Request<Body> {
        Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::COOKIE, &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .body(Body::from(bytes))
            .expect("request")
    }

    fn req(&self, method: &str, uri: &str, body: Option<&Value>) -> Request<Body> {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .body(body.map_or(Body::empty(), |b| Body::from(b.to_string())))
            .expect("request")
    }
}

async fn sign_in(h: &Harness, user: &str) -> Signed {
    sign_in_with(h, user, PASSWORD).await
}

async fn sign_in_with(h: &Harness, user: &str, password: &str) -> Signed {
    let a = send(
        &h.router,
        json_req(
            "POST",
            "/api/admin/session",
            &json!({"username": user, "password": password}),
        ),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    let set_cookie = a.header(header::SET_COOKIE).to_owned();
    Signed {
        cookie: set_cookie.split(';').next().expect("pair").to_owned(),
        csrf: a.json()["csrf_token"].as_str().expect("token").to_owned(),
    }
}

fn request_body(parks: &[&str]) -> Value {
    json!({
        "company": "示例精密机械有限公司",
        "contact_name": "陈经理",
        "phone": "13912345678",
        "industry_id": "ind-general-equipment",
        "park_ids": parks,
        "services": ["site_selection", "video_tour"],
        "message": "希望年内投产",
        "consent": true
    })
}

async fn submit(h: &Harness, parks: &[&str]) -> String {
    let req = Request::post("/api/requests")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", format!("k-{}", rand_suffix()))
        .body(Body::from(request_body(parks).to_string()))
        .expect("request");
    let a = send(&h.router, req).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    a.json()["tracking_code"].as_str().expect("code").to_owned()
}

fn rand_suffix() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random");
    u64::from_le_bytes(b)
}

async fn detail(h: &Harness, s: &Signed, code: &str) -> Value {
    let a = send(
        &h.router,
        s.req("GET", &format!("/api/admin/requests/{code}"), None),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    a.json()
}

async fn change(h: &Harness, s: &Signed, code: &str, what: &str, body: Value) -> Answer {
    let method = if what == "proposal" { "PUT" } else { "POST" };
    send(
        &h.router,
        s.req(
            method,
            &format!("/api/admin/requests/{code}/{what}"),
            Some(&body),
        ),
    )
    .await
}

async fn investor(h: &Harness, code: &str) -> Value {
    let a = send(
        &h.router,
        get(&format!("/api/requests/{code}?phone_last4=5678")),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    a.json()
}

/// `POST {record}/restore` of `version`.
async fn restore(h: &Harness, s: &Signed, record: &str, version: Value) -> Answer {
    send(
        &h.router,
        s.req(
            "POST",
            &format!("{record}/restore"),
            Some(&json!({ "version": version })),
        ),
    )
    .await
}

async fn act(h: &Harness, code: &str, verb: &str, body: Value) -> Answer {
    send(
        &h.router,
        json_req("POST", &format!("/api/requests/{code}/{verb}"), &body),
    )
    .await
}

fn first_code(a: &Answer) -> String {
    a.json()["errors"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

mod sign_in {
    use super::*;

    #[tokio::test]
    async fn answers_the_contract_with_a_strict_http_only_cookie() {
        let h = harness().await;
        let a = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "xiaowang", "password": PASSWORD}),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let body = a.json();
        assert_eq!(body["user"]["username"], "xiaowang");
        assert_eq!(body["user"]["role"], "handler");
        assert_eq!(body["user"]["park_ids"], json!(["park-industrial"]));
        assert!(body["csrf_token"].as_str().is_some_and(|t| t.len() >= 32));
        let cookie = a.header(header::SET_COOKIE);
        for flag in ["HttpOnly", "SameSite=Strict"] {
            assert!(cookie.contains(flag), "{cookie}");
        }
        // No Path: the browser's default, the folder of /api/admin/session under whatever
        // sub-path a proxy mounts the server at.
        assert!(!cookie.contains("Path="), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
        // Behind a TLS proxy the cookie is Secure.
        let req = Request::post("/api/admin/session")
            .header(header::CONTENT_TYPE, "application/json")
            .header("X-Forwarded-Proto", "https")
            .body(Body::from(
                json!({"username": "admin", "password": PASSWORD}).to_string(),
            ))
            .expect("request");
        assert!(
            send(&h.router, req)
                .await
                .header(header::SET_COOKIE)
                .contains("; Secure")
        );

        let s = sign_in(&h, "xiaowang").await;
        let a = send(&h.router, s.req("GET", "/api/admin/session", None)).await;
        assert_eq!(a.json()["csrf_token"], s.csrf.as_str());
        // Signing out ends the session.
        assert_eq!(
            send(&h.router, s.req("DELETE", "/api/admin/session", None))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            send(&h.router, s.req("GET", "/api/admin/session", None))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }

    #[tokio::test]
    async fn an_unknown_user_and_a_wrong_password_get_one_answer() {
        let h = harness().await;
        let wrong = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "admin", "password": "nope nope nope"}),
            ),
        )
        .await;
        let unknown = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "nobody", "password": "nope nope nope"}),
            ),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            (wrong.status, wrong.body.clone()),
            (unknown.status, unknown.body)
        );
        assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    }

    #[tokio::test]
    async fn five_failures_lock_the_name_for_the_rest_of_fifteen_minutes() {
        let h = harness().await;
        for _ in 0..5 {
            let a = send(
                &h.router,
                json_req(
                    "POST",
                    "/api/admin/session",
                    &json!({"username": "xiaowang", "password": "wrong wrong wrong"}),
                ),
            )
            .await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        }
        // Now even the right password waits.
        let a = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "xiaowang", "password": PASSWORD}),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: i64 = a.header(header::RETRY_AFTER).parse().expect("seconds");
        assert!((800..=900).contains(&wait), "{wait}");
        assert_eq!(first_code(&a), "rate_limited");
        // Another name is not locked.
        let a = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "admin", "password": PASSWORD}),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        // The failures were logged with the address (in the table the lockout reads).
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM signin_failures WHERE username = 'xiaowang'")
                .fetch_one(&h.db)
                .await
                .expect("count");
        assert_eq!(n, 5);
    }

    #[tokio::test]
    async fn one_address_trying_many_names_is_slowed_down() {
        let h = harness().await;
        let mut last = StatusCode::OK;
        for i in 0..21 {
            let body = json!({"username": format!("guess{i}"), "password": "Password123!"});
            last = send(&h.router, json_req("POST", "/api/admin/session", &body))
                .await
                .status;
            if last == StatusCode::TOO_MANY_REQUESTS {
                break;
            }
            assert_eq!(last, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    }

    #[tokio::test]
    async fn admin_api_needs_a_session_and_changes_need_the_csrf_token() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let a = send(&h.router, get("/api/admin/requests")).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(first_code(&a), "sign_in_required");
        // A known endpoint with a method it does not take: the API's JSON error.
        let a = send(&h.router, get("/api/admin/password")).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(first_code(&a), "not_found");
        let s = sign_in(&h, "xiaowang").await;
        let mut req = s.req(
            "POST",
            &format!("/api/admin/requests/{code}/notes"),
            Some(&json!({"text": "x", "version": 1})),
        );
        req.headers_mut().remove("X-CSRF-Token");
        let a = send(&h.router, req).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let forged = Signed {
            cookie: s.cookie.clone(),
            csrf: "0".repeat(64),
        };
        let a = change(
            &h,
            &forged,
            &code,
            "notes",
            json!({"text": "x", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        // Nothing was written.
        let events = detail(&h, &s, &code).await["events"]
            .as_array()
            .expect("events")
            .len();
        assert_eq!(events, 1);
    }

    #[tokio::test]
    async fn a_password_change_needs_the_current_one_and_twelve_characters() {
        let h = harness().await;
        let s = sign_in(&h, "xiaowang").await;
        let a = send(
            &h.router,
            s.req(
                "PUT",
                "/api/admin/password",
                Some(&json!({"current": PASSWORD, "new": "short"})),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["errors"][0]["field"], "new");
        let a = send(
            &h.router,
            s.req(
                "PUT",
                "/api/admin/password",
                Some(&json!({"current": "not it at all", "new": "a much better passphrase"})),
            ),
        )
        .await;
        assert_eq!(a.json()["errors"][0]["field"], "current");
        let a = send(
            &h.router,
            s.req(
                "PUT",
                "/api/admin/password",
                Some(&json!({"current": PASSWORD, "new": "a much better passphrase"})),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::NO_CONTENT);
        let a = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "xiaowang", "password": "a much better passphrase"}),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
    }
}

mod inbox {
    use super::*;

    #[tokio::test]
    async fn the_whole_loop_as_staff_and_investor_see_it() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let s = sign_in(&h, "xiaowang").await;

        let list = send(&h.router, s.req("GET", "/api/admin/requests", None))
            .await
            .json();
        assert_eq!(list["total"], 1);
        let item = &list["requests"][0];
        for field in [
            "tracking_code",
            "company",
            "status",
            "created_at",
            "park_ids",
            "assignee",
            "due_at",
        ] {
            assert!(item.get(field).is_some(), "{field} in {item}");
        }
        assert_eq!(item["status"], "submitted");
        assert_eq!(item["overdue"], false);

        // Accepting an unassigned request makes it the acceptor's.
        let a = change(
            &h,
            &s,
            &code,
            "status",
            json!({"to": "accepted", "version": 1}),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let d = a.json();
        assert_eq!(d["item"]["assignee"], "xiaowang");
        assert_eq!(d["item"]["version"], 2);
        assert_eq!(d["next"], json!(["in_progress", "completed", "rejected"]));

        let a = change(
            &h,
            &s,
            &code,
            "notes",
            json!({"text": "客户背景已核实(内部)", "version": 2}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let a = change(
            &h,
            &s,
            &code,
            "messages",
            json!({"text": "您好,我是园区的王园园,明天上午致电您。", "version": 3}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let a = change(&h, &s, &code, "proposal", json!({"facility_ids": ["fac-industrial-factory-1"], "policy_ids": ["pol-nat-small-micro"], "note": "1 号厂房层高 9 米", "publish": true, "version": 4})).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let a = change(
            &h,
            &s,
            &code,
            "status",
            json!({"to": "completed", "version": 5}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);

        let v = investor(&h, &code).await;
        assert_eq!(v["status"], "completed");
        assert_eq!(
            v["helper"],
            json!({"name": "王园园", "phone": "029-3312 0101"})
        );
        assert_eq!(v["messages"].as_array().expect("messages").len(), 1);
        assert_eq!(v["messages"][0]["from"], "王园园");
        assert_eq!(
            v["proposal"]["facility_ids"],
            json!(["fac-industrial-factory-1"])
        );
        let history: Vec<&str> = v["history"]
            .as_array()
            .expect("history")
            .iter()
            .map(|h| h["status"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(history, ["submitted", "accepted", "completed"]);
        // The internal note is never shown to the investor.
        assert!(!v.to_string().contains("内部"), "{v}");
        assert_eq!(v["time_limit_working_days"], 5);

        // Rating: once resolved, 1–5, changeable for a day.
        let a = act(
            &h,
            &code,
            "rating",
            json!({"phone_last4": "5678", "stars": 6}),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        let a = act(
            &h,
            &code,
            "rating",
            json!({"phone_last4": "5678", "stars": 4, "text": "回复及时"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json()["rating"]["stars"], 4);
        let a = act(
            &h,
            &code,
            "rating",
            json!({"phone_last4": "5678", "stars": 5, "text": "回复及时"}),
        )
        .await;
        assert_eq!(a.json()["rating"]["stars"], 5);
        // A day later it stands.
        sqlx::query("UPDATE assistance_requests SET rated_at = '2020-01-01T00:00:00+00:00'")
            .execute(&h.db)
            .await
            .expect("age it");
        let a = act(
            &h,
            &code,
            "rating",
            json!({"phone_last4": "5678", "stars": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        // Staff see the rating and every event in order.
        let d = detail(&h, &s, &code).await;
        assert_eq!(d["rating"]["stars"], 5);
        let kinds: Vec<&str> = d["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e["kind"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            kinds,
            [
                "status", "assigned", "status", "note", "message", "proposal", "status", "rating",
                "rating"
            ]
        );
    }

    #[tokio::test]
    async fn illegal_moves_and_stale_versions_are_refused_clearly() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let s = sign_in(&h, "admin").await;
        let a = change(
            &h,
            &s,
            &code,
            "status",
            json!({"to": "completed", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        assert_eq!(first_code(&a), "invalid_transition");
        assert!(
            a.json()["errors"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("已提交")
        );
        // A refusal needs a reason.
        let a = change(
            &h,
            &s,
            &code,
            "status",
            json!({"to": "rejected", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["errors"][0]["field"], "reason");
        // Two people at once: the second, on the old version, is told.
        let a = change(
            &h,
            &s,
            &code,
            "status",
            json!({"to": "accepted", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let a = change(
            &h,
            &s,
            &code,
            "messages",
            json!({"text": "我来处理", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        assert_eq!(first_code(&a), "edit_conflict");
        // Nothing of the refused change was written.
        assert_eq!(investor(&h, &code).await["messages"], json!([]));
    }

    #[tokio::test]
    async fn scope_holds_on_every_inbox_endpoint() {
        let h = harness().await;
        let mine = submit(&h, &["park-industrial"]).await;
        let other = sign_in(&h, "other").await;
        let editor = sign_in(&h, "editor").await;
        let list = send(&h.router, other.req("GET", "/api/admin/requests", None))
            .await
            .json();
        assert_eq!(list["total"], 0);
        assert_eq!(
            send(&h.router, editor.req("GET", "/api/admin/requests", None))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        for s in [&other, &editor] {
            assert_eq!(
                send(
                    &h.router,
                    s.req("GET", &format!("/api/admin/requests/{mine}"), None)
                )
                .await
                .status,
                StatusCode::FORBIDDEN
            );
            for (what, body) in [
                ("status", json!({"to": "accepted", "version": 1})),
                ("assignee", json!({"assignee": "other", "version": 1})),
                ("notes", json!({"text": "x", "version": 1})),
                ("messages", json!({"text": "x", "version": 1})),
                (
                    "proposal",
                    json!({"facility_ids": [], "policy_ids": [], "version": 1}),
                ),
            ] {
                let a = change(&h, s, &mine, what, body).await;
                assert_eq!(a.status, StatusCode::FORBIDDEN, "{what}");
            }
        }
        // Nor can a request be given to someone outside its parks.
        let admin = sign_in(&h, "admin").await;
        let a = change(
            &h,
            &admin,
            &mine,
            "assignee",
            json!({"assignee": "other", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        let a = change(
            &h,
            &admin,
            &mine,
            "assignee",
            json!({"assignee": "xiaowang", "version": 1}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json()["item"]["assignee"], "xiaowang");
    }

    #[tokio::test]
    async fn filters_search_and_sort() {
        let h = harness().await;
        let a = submit(&h, &["park-industrial"]).await;
        let b = submit(&h, &[]).await;
        let s = sign_in(&h, "admin").await;
        let codes = |v: Value| -> Vec<String> {
            v["requests"]
                .as_array()
                .expect("list")
                .iter()
                .map(|r| r["tracking_code"].as_str().unwrap_or("").to_owned())
                .collect()
        };
        let list = |q: &str| s.req("GET", &format!("/api/admin/requests?{q}"), None);
        assert_eq!(
            codes(send(&h.router, list("park=park-industrial")).await.json()),
            std::slice::from_ref(&a)
        );
        assert_eq!(
            codes(send(&h.router, list("sort=oldest")).await.json()),
            [a.clone(), b.clone()]
        );
        assert_eq!(
            codes(send(&h.router, list("sort=newest")).await.json()),
            [b.clone(), a.clone()]
        );
        assert_eq!(
            codes(
                send(&h.router, list(&format!("q={}", b.to_lowercase())))
                    .await
                    .json()
            ),
            std::slice::from_ref(&b)
        );
        assert_eq!(
            codes(send(&h.router, list("q=%E7%B2%BE%E5%AF%86")).await.json()).len(),
            2
        );
        assert_eq!(
            codes(
                send(
                    &h.router,
                    list("assignee=none&status=submitted&service=video_tour")
                )
                .await
                .json()
            )
            .len(),
            2
        );
        assert_eq!(
            codes(send(&h.router, list("overdue=true")).await.json()).len(),
            0
        );
        // A handler of one park does not see the request that names none.
        let x = sign_in(&h, "xiaowang").await;
        assert_eq!(
            codes(
                send(&h.router, x.req("GET", "/api/admin/requests", None))
                    .await
                    .json()
            ),
            [a]
        );
    }
}

mod export {
    use super::*;

    #[tokio::test]
    async fn csv_and_xlsx_hold_the_scope_and_the_chinese_text() {
        let h = harness().await;
        let mine = submit(&h, &["park-industrial"]).await;
        let other = submit(&h, &["park-ecommerce"]).await;
        let s = sign_in(&h, "xiaowang").await;
        let a = send(&h.router, s.req("GET", "/api/admin/requests.csv", None)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.header(header::CONTENT_TYPE).starts_with("text/csv"));
        assert!(a.header(header::CONTENT_DISPOSITION).contains(".csv"));
        assert_eq!(a.header(header::CACHE_CONTROL), "no-store");
        assert!(
            a.body.starts_with(b"\xEF\xBB\xBF"),
            "a BOM for spreadsheet programs"
        );
        let text = String::from_utf8(a.body[3..].to_vec()).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("受理编号,企业名称"), "{}", lines[0]);
        assert_eq!(lines.len(), 2, "the handler's own park only: {text}");
        assert!(
            lines[1].contains(&mine)
                && lines[1].contains("示例精密机械有限公司")
                && lines[1].contains("示例县工业园区"),
            "{}",
            lines[1]
        );
        assert!(!text.contains(&other));

        let a = send(
            &h.router,
            s.req("GET", "/api/admin/requests.xlsx?status=submitted", None),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let mut zip =
            zip::ZipArchive::new(std::io::Cursor::new(a.body.clone())).expect("an xlsx is a zip");
        let mut shared = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").expect("strings"),
            &mut shared,
        )
        .expect("read");
        assert!(
            shared.contains("示例精密机械有限公司") && shared.contains(&mine),
            "{shared}"
        );
        // Editors have no inbox, so no export either.
        let editor = sign_in(&h, "editor").await;
        assert_eq!(
            send(
                &h.router,
                editor.req("GET", "/api/admin/requests.csv", None)
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(&h.router, get("/api/admin/requests.xlsx"))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
}

mod investor {
    use super::*;

    #[tokio::test]
    async fn a_late_request_can_be_escalated_once_and_tells_the_administrators() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let a = act(
            &h,
            &code,
            "complaint",
            json!({"phone_last4": "5678", "text": "一周没有回复"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT, "not late yet");
        sqlx::query("UPDATE assistance_requests SET due_at = '2026-01-05T15:59:59+00:00'")
            .execute(&h.db)
            .await
            .expect("make it late");
        let v = investor(&h, &code).await;
        assert_eq!(v["overdue"], true);
        let a = act(
            &h,
            &code,
            "complaint",
            json!({"phone_last4": "5678", "text": "一周没有回复"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.json()["complained_at"].is_string());
        act(&h, &code, "complaint", json!({"phone_last4": "5678"})).await;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'complaint'")
            .fetch_one(&h.db)
            .await
            .expect("count");
        assert_eq!(n, 1);
        let s = sign_in(&h, "admin").await;
        let list = send(
            &h.router,
            s.req("GET", "/api/admin/requests?overdue=true", None),
        )
        .await
        .json();
        assert_eq!(list["requests"][0]["complained"], true);
    }

    #[tokio::test]
    async fn withdrawing_and_deleting_leave_only_anonymous_fields() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let a = act(
            &h,
            &code,
            "withdraw",
            json!({"phone_last4": "5678", "text": "项目暂缓"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json()["status"], "withdrawn");
        let a = act(&h, &code, "withdraw", json!({"phone_last4": "5678"})).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        let a = act(&h, &code, "erase", json!({"phone_last4": "5678"})).await;
        assert_eq!(a.status, StatusCode::OK);
        let v = a.json();
        assert_eq!(v["erased"], true);
        assert_eq!(v["company"], "");
        // Nothing personal remains in the row.
        let (company, phone, payload): (String, String, String) =
            sqlx::query_as("SELECT company, phone, payload FROM assistance_requests")
                .fetch_one(&h.db)
                .await
                .expect("row");
        assert_eq!((company.as_str(), phone.as_str()), ("", ""));
        for personal in ["示例精密", "陈经理", "1391234", "希望年内"] {
            assert!(!payload.contains(personal), "{personal} in {payload}");
        }
        assert!(payload.contains("ind-general-equipment"), "{payload}");
        // And the code no longer opens anything.
        let a = send(
            &h.router,
            get(&format!("/api/requests/{code}?phone_last4=5678")),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn wrong_digits_lock_the_code_so_ten_thousand_cannot_be_tried() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        for d in 0..10 {
            let a = send(
                &h.router,
                get(&format!("/api/requests/{code}?phone_last4={d:04}")),
            )
            .await;
            assert_eq!(a.status, StatusCode::NOT_FOUND);
        }
        let a = send(
            &h.router,
            get(&format!("/api/requests/{code}?phone_last4=5678")),
        )
        .await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            a.header(header::RETRY_AFTER)
                .parse::<i64>()
                .expect("seconds")
                > 3600
        );
    }

    #[tokio::test]
    async fn one_address_is_limited_per_minute() {
        let h = harness().await;
        let mut last = StatusCode::OK;
        for _ in 0..31 {
            last = send(
                &h.router,
                get("/api/requests/YS-0000-0000?phone_last4=1234"),
            )
            .await
            .status;
            if last == StatusCode::TOO_MANY_REQUESTS {
                break;
            }
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    }

    #[tokio::test]
    async fn new_form_fields_are_checked() {
        let h = harness().await;
        let mut body = request_body(&["park-industrial"]);
        body["credit_code"] = json!("91350100M000100Y44");
        body["website"] = json!("http://spam.example");
        body["tour_slots"] = json!([{"date": "2020-01-06", "part": "morning"}]);
        body["jobs"] = json!(120);
        let req = Request::post("/api/requests")
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", "fields")
            .body(Body::from(body.to_string()))
            .expect("request");
        let a = send(&h.router, req).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<String> = a.json()["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap_or("").to_owned())
            .collect();
        assert_eq!(fields, ["credit_code", "website", "tour_slots"]);
    }
}

#[tokio::test]
async fn a_panic_answers_the_json_500_and_is_logged() {
    let router: Router = Router::new()
        .route(
            "/api/boom",
            axum::routing::get(|| async {
                if std::hint::black_box(true) {
                    panic!("a bug in a handler");
                }
                "unreachable"
            }),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            ysmap_server::error::panic_answer,
        ));
    let a = send(&router, get("/api/boom")).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(first_code(&a), "internal");
}

mod notifications {
    use super::*;
    use axum::routing::post;

    type Seen = Arc<Mutex<Vec<(String, Value)>>>;

    /// A webhook receiver on loopback that records what it gets; dropped, it is down.
    async fn receiver() -> (String, Seen, tokio::task::JoinHandle<()>) {
        let seen: Seen = Arc::default();
        let keep = seen.clone();
        let app = Router::new().route(
            "/hook",
            post(
                move |headers: axum::http::HeaderMap, body: axum::Json<Value>| {
                    let keep = keep.clone();
                    async move {
                        let id = headers
                            .get("x-ysmap-event-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_owned();
                        keep.lock().expect("lock").push((id, body.0));
                        StatusCode::OK
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (url, seen, task)
    }

    #[tokio::test]
    async fn a_receiver_that_is_down_loses_nothing() {
        let (url, seen, task) = receiver().await;
        let h = harness_with(Some(url.clone())).await;
        let notifier = ysmap_server::outbox::Notifier::new(Some((
            url.clone(),
            ysmap_server::outbox::WebhookFormat::Json,
        )));
        let first = submit(&h, &["park-industrial"]).await;
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            1
        );
        {
            let got = seen.lock().expect("lock");
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].1["kind"], "submitted");
            assert_eq!(got[0].1["tracking_code"], first.as_str());
            assert_eq!(got[0].0, got[0].1["event_id"].as_str().expect("id"));
        }
        // Down: the next notice is kept and retried with backoff.
        task.abort();
        let _ = task.await;
        let second = submit(&h, &["park-industrial"]).await;
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            0
        );
        let (attempts, delivered): (i64, Option<String>) = sqlx::query_as(
            "SELECT d.attempts, d.delivered_at FROM outbox_deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE o.payload LIKE $1",
        )
        .bind(format!("%{second}%"))
        .fetch_one(&h.db)
        .await
        .expect("row");
        assert_eq!((attempts, delivered), (1, None));
        // Up again (same address), and the retry is due: it arrives, once.
        let (url2, seen2, _task2) = receiver().await;
        let notifier = ysmap_server::outbox::Notifier::new(Some((
            url2,
            ysmap_server::outbox::WebhookFormat::Json,
        )));
        sqlx::query("UPDATE outbox_deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00' WHERE delivered_at IS NULL")
            .execute(&h.db)
            .await
            .expect("due now");
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            1
        );
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            0
        );
        let got = seen2.lock().expect("lock");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1["tracking_code"], second.as_str());
    }

    /// A minimal SMTP server on loopback (RFC 5321's happy path: greeting, EHLO, MAIL, RCPT,
    /// DATA, QUIT) that keeps every message it accepts.
    async fn smtp_receiver() -> (u16, Arc<Mutex<Vec<String>>>, tokio::task::JoinHandle<()>) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let got: Arc<Mutex<Vec<String>>> = Arc::default();
        let keep = got.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let keep = keep.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 test ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(d) = data.as_mut() {
                            if line == "." {
                                keep.lock().expect("lock").push(std::mem::take(d));
                                data = None;
                                let _ = write.write_all(b"250 queued\r\n").await;
                            } else {
                                d.push_str(&line);
                                d.push('\n');
                            }
                            continue;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let answer: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 test\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go on\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                return;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = write.write_all(answer).await;
                    }
                });
            }
        });
        (port, got, task)
    }

    #[tokio::test]
    async fn mail_goes_through_a_real_smtp_server_and_waits_while_it_is_down() {
        let (port, got, task) = smtp_receiver().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_data_dir(dir.path().join("data"));
        config.static_dir = dir.path().join("no-app-here");
        config.worker_interval_secs = 0;
        let mail = ysmap_server::outbox::Mail {
            url: format!("smtp://127.0.0.1:{port}"),
            from: "营商地图 <map@example.gov.cn>".into(),
            to: vec!["zhaoshang@example.gov.cn".into()],
        };
        config.smtp_url = Some(mail.url.clone());
        config.smtp_from = Some(mail.from.clone());
        config.notify_email = mail.to.clone();
        let server = Server::start(&config).await.expect("server starts");
        let h = Harness {
            _dir: dir,
            router: server.router,
            db: server.db,
        };
        let notifier = ysmap_server::outbox::Notifier::new(None).with_mail(Some(mail.clone()));
        let code = submit(&h, &["park-industrial"]).await;
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            1
        );
        {
            let got = got.lock().expect("lock");
            assert_eq!(got.len(), 1);
            assert!(got[0].contains(&code), "{}", got[0]);
            assert!(
                got[0].to_ascii_lowercase().contains("message-id: <"),
                "{}",
                got[0]
            );
        }
        // Down: kept, and sent once it is back.
        task.abort();
        let _ = task.await;
        let second = submit(&h, &["park-industrial"]).await;
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            0
        );
        let (port2, got2, _task2) = smtp_receiver().await;
        let notifier =
            ysmap_server::outbox::Notifier::new(None).with_mail(Some(ysmap_server::outbox::Mail {
                url: format!("smtp://127.0.0.1:{port2}"),
                ..mail
            }));
        sqlx::query("UPDATE outbox_deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00' WHERE delivered_at IS NULL")
            .execute(&h.db)
            .await
            .expect("due now");
        assert_eq!(
            ysmap_server::outbox::deliver_due(&h.db, &notifier)
                .await
                .expect("deliver"),
            1
        );
        let got2 = got2.lock().expect("lock");
        assert_eq!(got2.len(), 1);
        assert!(got2[0].contains(&second));
    }

    #[test]
    fn group_robot_formats_carry_the_event_id_in_the_text() {
        let p = ysmap_server::outbox::Payload {
            event_id: "e1".into(),
            kind: "complaint".into(),
            tracking_code: "YS-0000-0001".into(),
            company: "甲公司".into(),
            park_ids: vec![],
            services: vec![],
            due_at: chrono::DateTime::from_timestamp(0, 0).expect("time"),
            actor: None,
            text: "超时".into(),
            created_at: chrono::DateTime::from_timestamp(0, 0).expect("time"),
        };
        for f in [
            ysmap_server::outbox::WebhookFormat::Wecom,
            ysmap_server::outbox::WebhookFormat::Dingtalk,
        ] {
            let b = ysmap_server::outbox::body_for(f, &p);
            assert_eq!(b["msgtype"], "text");
            let text = b["text"]["content"].as_str().expect("text");
            assert!(
                text.contains("督办") && text.contains("e1") && text.contains("YS-0000-0001"),
                "{text}"
            );
        }
    }

    #[tokio::test]
    async fn finished_requests_are_purged_after_the_retention_period() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let open = submit(&h, &["park-industrial"]).await;
        let catalog: ysmap_model::Catalog =
            serde_json::from_str(ysmap_server::catalog::SAMPLE_JSON).expect("sample");
        sqlx::query("UPDATE assistance_requests SET status = 'closed' WHERE tracking_code = $1")
            .bind(&code)
            .execute(&h.db)
            .await
            .expect("close");
        sqlx::query("UPDATE assistance_requests SET updated_at = '2020-01-01T00:00:00+00:00'")
            .execute(&h.db)
            .await
            .expect("age");
        assert_eq!(
            ysmap_server::outbox::purge_expired(&h.db, 365, &catalog)
                .await
                .expect("purge"),
            1
        );
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT tracking_code, company FROM assistance_requests ORDER BY tracking_code",
        )
        .fetch_all(&h.db)
        .await
        .expect("rows");
        for (c, company) in rows {
            assert_eq!(
                company.is_empty(),
                c == code,
                "{c}: an open request ({open}) keeps its data"
            );
        }
    }
}

mod accounts {
    use super::*;

    #[tokio::test]
    async fn an_administrator_creates_rescopes_disables_and_resets() {
        let h = harness().await;
        let admin = sign_in(&h, "admin").await;
        // A handler cannot manage accounts.
        let x = sign_in(&h, "xiaowang").await;
        assert_eq!(
            send(&h.router, x.req("GET", "/api/admin/staff", None))
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        let new = json!({"username": "lihua", "role": "handler", "park_ids": ["park-ecommerce"], "display_name": "李华", "password": "temporary passphrase"});
        let a = send(&h.router, admin.req("POST", "/api/admin/staff", Some(&new))).await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        assert!(
            a.json()["accounts"]
                .as_array()
                .expect("list")
                .iter()
                .any(|u| u["username"] == "lihua" && u["must_change_password"] == true)
        );
        // The same name again, a bad park, an editor without parks, a short password: refused by field.
        for (body, field) in [
            (new.clone(), "username"),
            (
                json!({"username": "a1", "role": "handler", "park_ids": ["park-nowhere"], "password": "temporary passphrase"}),
                "park_ids[0]",
            ),
            (
                json!({"username": "a2", "role": "editor", "park_ids": [], "password": "temporary passphrase"}),
                "park_ids",
            ),
            (
                json!({"username": "a3", "role": "handler", "password": "short"}),
                "password",
            ),
            (
                json!({"username": "a4", "password": "temporary passphrase"}),
                "role",
            ),
        ] {
            let a = send(
                &h.router,
                admin.req("POST", "/api/admin/staff", Some(&body)),
            )
            .await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(a.json()["errors"][0]["field"], field, "{body}");
        }

        // The temporary password opens only the change of it.
        let lihua = sign_in_with(&h, "lihua", "temporary passphrase").await;
        let a = send(&h.router, lihua.req("GET", "/api/admin/requests", None)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        assert_eq!(first_code(&a), "password_change_required");
        let a = send(
            &h.router,
            lihua.req(
                "PUT",
                "/api/admin/password",
                Some(&json!({"current": "temporary passphrase", "new": "lihua's own passphrase"})),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::NO_CONTENT);
        assert_eq!(
            send(&h.router, lihua.req("GET", "/api/admin/requests", None))
                .await
                .status,
            StatusCode::OK
        );

        // Re-scoped to the industrial park, she sees its requests.
        let code = submit(&h, &["park-industrial"]).await;
        let change = json!({"role": "handler", "park_ids": ["park-industrial"], "display_name": "李华", "phone": "029-3312 0102", "disabled": false});
        let a = send(
            &h.router,
            admin.req("PUT", "/api/admin/staff/lihua", Some(&change)),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let list = send(&h.router, lihua.req("GET", "/api/admin/requests", None))
            .await
            .json();
        assert_eq!(list["requests"][0]["tracking_code"], code.as_str());

        // Reset: her sessions end, and the new temporary password must be changed again.
        let a = send(
            &h.router,
            admin.req(
                "POST",
                "/api/admin/staff/lihua/password",
                Some(&json!({"password": "another temporary one"})),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::NO_CONTENT);
        assert_eq!(
            send(&h.router, lihua.req("GET", "/api/admin/session", None))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let again = sign_in_with(&h, "lihua", "another temporary one").await;
        assert_eq!(
            first_code(&send(&h.router, again.req("GET", "/api/admin/requests", None)).await),
            "password_change_required"
        );

        // Disabled: signed out, and cannot sign in.
        let off = json!({"role": "handler", "park_ids": ["park-industrial"], "disabled": true});
        assert_eq!(
            send(
                &h.router,
                admin.req("PUT", "/api/admin/staff/lihua", Some(&off))
            )
            .await
            .status,
            StatusCode::OK
        );
        assert_eq!(
            send(&h.router, again.req("GET", "/api/admin/session", None))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let a = send(
            &h.router,
            json_req(
                "POST",
                "/api/admin/session",
                &json!({"username": "lihua", "password": "another temporary one"}),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        // The only administrator cannot disable or demote itself.
        let a = send(
            &h.router,
            admin.req(
                "PUT",
                "/api/admin/staff/admin",
                Some(&json!({"role": "handler", "disabled": false})),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        assert_eq!(
            send(
                &h.router,
                admin.req("PUT", "/api/admin/staff/nobody", Some(&change))
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        // Changes need the CSRF token like every other.
        let mut req = admin.req(
            "POST",
            "/api/admin/staff/xiaowang/password",
            Some(&json!({"password": "temporary passphrase"})),
        );
        req.headers_mut().remove("X-CSRF-Token");
        assert_eq!(send(&h.router, req).await.status, StatusCode::FORBIDDEN);
    }
}

mod editor {
    use super::*;

    const FACTORY: &str = "/api/admin/facilities/fac-industrial-factory-2";

    async fn record(h: &Harness, s: &Signed, uri: &str) -> Value {
        let a = send(&h.router, s.req("GET", uri, None)).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        a.json()
    }

    async fn public_factory(h: &Harness) -> (Value, String) {
        let a = send(&h.router, get("/api/catalog")).await;
        let etag = a.header(header::ETAG).to_owned();
        let f = a.json()["facilities"]
            .as_array()
            .expect("facilities")
            .iter()
            .find(|f| f["id"] == "fac-industrial-factory-2")
            .cloned()
            .unwrap_or(Value::Null);
        (f, etag)
    }

    #[tokio::test]
    async fn an_editor_changes_a_rent_and_investors_see_it_at_once() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let (_, etag_before) = public_factory(&h).await;
        let mut f = record(&h, &s, FACTORY).await;
        f["rent_yuan_per_m2_month"] = json!(8.5);
        let a = send(&h.router, s.req("PUT", FACTORY, Some(&f))).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let (public, etag_after) = public_factory(&h).await;
        assert_eq!(public["rent_yuan_per_m2_month"], 8.5);
        assert_ne!(etag_before, etag_after, "a new ETag");

        // A draft is kept but not shown.
        f["published"] = json!(false);
        assert_eq!(
            send(&h.router, s.req("PUT", FACTORY, Some(&f)))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(public_factory(&h).await.0, Value::Null);
        let mine = send(&h.router, s.req("GET", "/api/admin/facilities", None))
            .await
            .json();
        assert!(
            mine["records"]
                .as_array()
                .expect("records")
                .iter()
                .any(|r| r["id"] == "fac-industrial-factory-2")
        );

        // History: newest first, with what changed.
        let history = record(&h, &s, &format!("{FACTORY}/history")).await;
        let versions = history["versions"].as_array().expect("versions");
        assert_eq!(versions.len(), 2);
        assert_eq!(
            versions[1]["changes"],
            json!([{"field": "rent_yuan_per_m2_month", "before": 10.0, "after": 8.5}])
        );
        assert_eq!(versions[0]["changes"][0]["field"], "published");
        assert_eq!(versions[0]["actor"], "editor");
        // Restoring the first change is a change of its own: published again at 8.5.
        let first = versions[1]["version"].clone();
        let a = restore(&h, &s, FACTORY, first).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(public_factory(&h).await.0["rent_yuan_per_m2_month"], 8.5);
        assert_eq!(
            record(&h, &s, &format!("{FACTORY}/history")).await["versions"][0]["action"],
            "restored"
        );
    }

    #[tokio::test]
    async fn shape_scope_and_consistency_are_checked_before_anything_is_written() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let f = record(&h, &s, FACTORY).await;
        // A wrong type is named by its path.
        let mut bad = f.clone();
        bad["rent_yuan_per_m2_month"] = json!("cheap");
        let a = send(&h.router, s.req("PUT", FACTORY, Some(&bad))).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["errors"][0]["field"], "rent_yuan_per_m2_month");
        // Outside its park: the consistency check names the problem.
        let mut outside = f.clone();
        outside["location"]["coordinates"] = json!([100.0, 30.0]);
        let a = send(&h.router, s.req("PUT", FACTORY, Some(&outside))).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            a.json()["errors"][0]["field"]
                .as_str()
                .unwrap_or("")
                .contains("location"),
            "{}",
            a.json()
        );
        // Another park's facility: neither read nor changed nor moved into.
        let other = "/api/admin/facilities/fac-ecommerce-building-1";
        assert_eq!(
            send(&h.router, s.req("GET", other, None)).await.status,
            StatusCode::FORBIDDEN
        );
        let admin = sign_in(&h, "admin").await;
        let theirs = record(&h, &admin, other).await;
        assert_eq!(
            send(&h.router, s.req("PUT", other, Some(&theirs)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut moved = f.clone();
        moved["park_id"] = json!("park-ecommerce");
        assert_eq!(
            send(&h.router, s.req("PUT", FACTORY, Some(&moved)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // The path's id rules.
        let mut renamed = f.clone();
        renamed["id"] = json!("fac-new");
        assert_eq!(
            send(&h.router, s.req("PUT", FACTORY, Some(&renamed)))
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // Industries are the administrators'.
        assert_eq!(
            send(
                &h.router,
                s.req("GET", "/api/admin/industries/ind-general-equipment", None)
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        // Handlers have no editor; no CSRF token, no change.
        let x = sign_in(&h, "xiaowang").await;
        assert_eq!(
            send(&h.router, x.req("GET", "/api/admin/facilities", None))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut req = s.req("PUT", FACTORY, Some(&f));
        req.headers_mut().remove("X-CSRF-Token");
        assert_eq!(send(&h.router, req).await.status, StatusCode::FORBIDDEN);
        // Nothing was written by any of it.
        let history = send(
            &h.router,
            admin.req("GET", &format!("{FACTORY}/history"), None),
        )
        .await;
        assert_eq!(
            history.status,
            StatusCode::NOT_FOUND,
            "no change, no history"
        );
        assert_eq!(
            send(&h.router, get("/api/admin/nonsense")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&h.router, admin.req("GET", "/api/admin/nonsense", None))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }

    #[tokio::test]
    async fn deleting_is_soft_and_an_administrator_restores() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let a = send(&h.router, s.req("DELETE", FACTORY, None)).await;
        assert_eq!(
            a.status,
            StatusCode::NO_CONTENT,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(public_factory(&h).await.0, Value::Null);
        assert_eq!(
            send(&h.router, s.req("GET", FACTORY, None)).await.status,
            StatusCode::NOT_FOUND
        );
        let history = record(&h, &s, &format!("{FACTORY}/history")).await;
        let version = history["versions"][0]["version"].clone();
        assert_eq!(history["versions"][0]["action"], "deleted");
        let restore = json!({"version": version});
        assert_eq!(
            send(
                &h.router,
                s.req("POST", &format!("{FACTORY}/restore"), Some(&restore))
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let admin = sign_in(&h, "admin").await;
        let a = send(
            &h.router,
            admin.req("POST", &format!("{FACTORY}/restore"), Some(&restore)),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(public_factory(&h).await.0["id"], "fac-industrial-factory-2");
        // A park its facilities still name cannot go.
        let a = send(
            &h.router,
            admin.req("DELETE", "/api/admin/parks/park-industrial", None),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[tokio::test]
    async fn a_new_record_is_created_once() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let mut f = record(&h, &s, FACTORY).await;
        f["id"] = json!("fac-industrial-factory-new");
        f["name"] = json!({"zh": "工业园新厂房", "en": "New factory"});
        let a = send(&h.router, s.req("POST", "/api/admin/facilities", Some(&f))).await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let a = send(&h.router, s.req("POST", "/api/admin/facilities", Some(&f))).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        let list = send(&h.router, get("/api/catalog")).await.json();
        assert!(
            list["facilities"]
                .as_array()
                .expect("facilities")
                .iter()
                .any(|x| x["id"] == "fac-industrial-factory-new")
        );
    }
}

mod freshness {
    use super::*;

    const FACTORY: &str = "/api/admin/facilities/fac-industrial-factory-2";

    async fn age(h: &Harness, s: &Signed, uri: &str, days: u64) {
        let mut f = send(&h.router, s.req("GET", uri, None)).await.json();
        let day = ysmap_model::clock::county_date(chrono::Utc::now()) - chrono::Days::new(days);
        f["verified_at"] = json!(ysmap_model::clock::iso_date(day));
        let a = send(&h.router, s.req("PUT", uri, Some(&f))).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
    }

    fn public_ids(catalog: &Value) -> Vec<String> {
        catalog["facilities"]
            .as_array()
            .expect("facilities")
            .iter()
            .map(|f| f["id"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    #[tokio::test]
    async fn the_start_page_shows_each_park_what_is_due_and_confirming_clears_it() {
        let h = harness().await;
        submit(&h, &["park-industrial"]).await;
        let s = sign_in(&h, "editor").await;
        age(&h, &s, FACTORY, 120).await;
        let o = send(&h.router, s.req("GET", "/api/admin/overview", None)).await;
        assert_eq!(o.status, StatusCode::OK);
        let o = o.json();
        let parks = o["parks"].as_array().expect("parks");
        assert_eq!(parks.len(), 1, "an editor sees their own park only");
        let p = &parks[0];
        assert_eq!(p["park_id"], "park-industrial");
        assert_eq!(p["open_requests"], 1);
        assert_eq!(p["due"][0]["id"], "fac-industrial-factory-2");
        assert_eq!(p["due"][0]["state"], "overdue");
        assert_eq!(
            p["verified_within_age"].as_u64(),
            p["listings"].as_u64().map(|n| n - 1)
        );
        // Investors still see it (due, not hidden).
        let public = send(&h.router, get("/api/catalog")).await.json();
        assert!(public_ids(&public).contains(&"fac-industrial-factory-2".to_owned()));

        let a = send(
            &h.router,
            s.req(
                "POST",
                "/api/admin/facilities/confirm",
                Some(&json!({"ids": ["fac-industrial-factory-2"]})),
            ),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let today =
            ysmap_model::clock::iso_date(ysmap_model::clock::county_date(chrono::Utc::now()));
        assert_eq!(a.json()["records"][0]["verified_at"], today.as_str());
        let o = send(&h.router, s.req("GET", "/api/admin/overview", None))
            .await
            .json();
        assert!(o["parks"][0]["due"].as_array().expect("due").is_empty());
        let history = send(&h.router, s.req("GET", &format!("{FACTORY}/history"), None))
            .await
            .json();
        assert_eq!(history["versions"][0]["action"], "confirmed");
        assert_eq!(history["versions"][0]["changes"][0]["field"], "verified_at");

        // The administrator sees every park; a handler has no start page of listings.
        let admin = sign_in(&h, "admin").await;
        let all = send(&h.router, admin.req("GET", "/api/admin/overview", None))
            .await
            .json();
        assert_eq!(all["parks"].as_array().map(Vec::len), Some(6));
        let handler = sign_in(&h, "xiaowang").await;
        assert_eq!(
            send(&h.router, handler.req("GET", "/api/admin/overview", None))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }

    #[tokio::test]
    async fn a_selection_is_confirmed_whole_or_not_at_all() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        age(&h, &s, FACTORY, 100).await;
        let before = send(&h.router, s.req("GET", FACTORY, None)).await.json();
        for (ids, status) in [
            (
                json!(["fac-industrial-factory-2", "fac-ecommerce-building-1"]),
                StatusCode::FORBIDDEN,
            ),
            (
                json!(["fac-industrial-factory-2", "fac-no-such"]),
                StatusCode::NOT_FOUND,
            ),
            (json!([]), StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let a = send(
                &h.router,
                s.req(
                    "POST",
                    "/api/admin/facilities/confirm",
                    Some(&json!({ "ids": ids })),
                ),
            )
            .await;
            assert_eq!(
                a.status,
                status,
                "{ids}: {}",
                String::from_utf8_lossy(&a.body)
            );
        }
        let after = send(&h.router, s.req("GET", FACTORY, None)).await.json();
        assert_eq!(
            before["verified_at"], after["verified_at"],
            "nothing confirmed"
        );
    }

    #[tokio::test]
    async fn a_listing_past_its_second_age_is_hidden_until_confirmed() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        age(&h, &s, FACTORY, 200).await;
        let public = send(&h.router, get("/api/catalog")).await.json();
        assert!(!public_ids(&public).contains(&"fac-industrial-factory-2".to_owned()));
        let o = send(&h.router, s.req("GET", "/api/admin/overview", None))
            .await
            .json();
        assert_eq!(o["parks"][0]["due"][0]["state"], "hidden");
        let a = send(
            &h.router,
            s.req(
                "POST",
                "/api/admin/facilities/confirm",
                Some(&json!({"ids": ["fac-industrial-factory-2"]})),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let public = send(&h.router, get("/api/catalog")).await.json();
        assert!(public_ids(&public).contains(&"fac-industrial-factory-2".to_owned()));
    }

    #[tokio::test]
    async fn staff_are_reminded_once_a_week_of_what_falls_due() {
        let h = harness_with(Some("http://127.0.0.1:9/hook".to_owned())).await;
        let s = sign_in(&h, "editor").await;
        age(&h, &s, FACTORY, 100).await;
        let notifier = ysmap_server::outbox::Notifier::new(Some((
            "http://127.0.0.1:9/hook".to_owned(),
            ysmap_server::outbox::WebhookFormat::Json,
        )));
        let raised = ysmap_server::freshness::raise_reminders(&h.db, &notifier)
            .await
            .expect("raised");
        assert_eq!(raised, 1, "one park has something due");
        let again = ysmap_server::freshness::raise_reminders(&h.db, &notifier)
            .await
            .expect("raised");
        assert_eq!(again, 0, "not twice in a week");
        let payload: String =
            sqlx::query_scalar("SELECT payload FROM outbox WHERE kind = 'listings_due'")
                .fetch_one(&h.db)
                .await
                .expect("a reminder");
        let p: Value = serde_json::from_str(&payload).expect("json");
        assert_eq!(p["park_ids"], json!(["park-industrial"]));
        assert!(
            p["text"].as_str().unwrap_or("").contains("1 条已过核实期"),
            "{p}"
        );
    }

    #[tokio::test]
    async fn an_editor_keeps_the_policies_of_their_own_park_only() {
        let h = harness().await;
        let mine = sign_in(&h, "other_editor").await;
        let uri = "/api/admin/policies/pol-county-ecommerce";
        let mut p = send(&h.router, mine.req("GET", uri, None)).await.json();
        p["summary"]["zh"] = json!("电商园区专项政策(已核实)");
        let a = send(&h.router, mine.req("PUT", uri, Some(&p))).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let theirs = sign_in(&h, "editor").await;
        assert_eq!(
            send(&h.router, theirs.req("PUT", uri, Some(&p)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // A county-wide policy is the administrator's.
        let county = "/api/admin/policies/pol-county-jobs";
        assert_eq!(
            send(&h.router, mine.req("GET", county, None)).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

mod import {
    use super::*;

    /// Whether the report's first refusal says `words`.
    fn first_refusal_says(r: &Value, words: &str) -> bool {
        r["refused"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains(words)
    }

    async fn export(h: &Harness, s: &Signed, file: &str) -> Vec<u8> {
        let a = send(
            &h.router,
            s.req("GET", &format!("/api/admin/export/{file}"), None),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{file}");
        a.body
    }

    async fn import(h: &Harness, s: &Signed, uri: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let a = send(&h.router, s.upload(uri, bytes)).await;
        let status = a.status;
        (status, a.json())
    }

    async fn history_len(h: &Harness) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM catalog_history")
            .fetch_one(&h.db)
            .await
            .expect("count")
    }

    #[tokio::test]
    async fn export_then_import_changes_nothing_for_every_collection_in_both_formats() {
        let h = harness().await;
        let admin = sign_in(&h, "admin").await;
        for c in [
            "parks",
            "facilities",
            "industries",
            "policies",
            "transport_hubs",
        ] {
            for ext in ["csv", "xlsx"] {
                let file = export(&h, &admin, &format!("{c}.{ext}")).await;
                let (status, r) = import(
                    &h,
                    &admin,
                    &format!("/api/admin/import/{c}?apply=true"),
                    file,
                )
                .await;
                assert_eq!(status, StatusCode::OK, "{c}.{ext}: {r}");
                assert_eq!(r["refused"], json!([]), "{c}.{ext}: {r}");
                assert_eq!(r["added"], json!([]), "{c}.{ext}");
                assert_eq!(r["changed"], json!([]), "{c}.{ext}: {r}");
                assert!(r["unchanged"].as_u64().unwrap_or(0) > 0, "{c}.{ext}");
                assert_eq!(r["rows"], r["unchanged"], "{c}.{ext}");
            }
        }
        assert_eq!(history_len(&h).await, 0, "nothing was written");
    }

    #[tokio::test]
    async fn a_dry_run_names_each_bad_row_and_field_and_applying_is_all_or_nothing() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        // A file may carry only the columns it changes; the rest keep their values.
        let csv = "id,rent_yuan_per_m2_month\n\
            fac-industrial-factory-2,9.5\n\
            fac-industrial-factory-3,abc\n\
            fac-ecommerce-building-1,20\n"
            .to_owned();
        let (status, r) = import(
            &h,
            &s,
            "/api/admin/import/facilities",
            csv.clone().into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "a dry run answers 200: {r}");
        assert_eq!(r["applied"], false);
        assert_eq!(r["rows"], 3);
        assert_eq!(r["changed"][0]["id"], "fac-industrial-factory-2", "{r}");
        assert_eq!(r["changed"][0]["fields"], json!(["rent_yuan_per_m2_month"]));
        let refused = r["refused"].as_array().expect("refused");
        let on = |row: u64| {
            refused
                .iter()
                .find(|p| p["row"] == row)
                .cloned()
                .unwrap_or(Value::Null)
        };
        assert_eq!(on(3)["field"], "rent_yuan_per_m2_month", "{r}");
        assert!(
            on(3)["message"].as_str().unwrap_or("").contains("应为数字"),
            "{r}"
        );
        assert!(
            on(4)["message"]
                .as_str()
                .unwrap_or("")
                .contains("不属于您负责的园区"),
            "{r}"
        );
        assert_eq!(history_len(&h).await, 0);

        let (status, r) = import(
            &h,
            &s,
            "/api/admin/import/facilities?apply=true",
            csv.into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert_eq!(r["applied"], false);
        assert_eq!(history_len(&h).await, 0, "all or nothing");

        let good = "id,rent_yuan_per_m2_month\nfac-industrial-factory-2,9.5\n";
        let (status, r) = import(
            &h,
            &s,
            "/api/admin/import/facilities?apply=true",
            good.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["applied"], true);
        let public = send(&h.router, get("/api/catalog")).await.json();
        let f = public["facilities"]
            .as_array()
            .expect("facilities")
            .iter()
            .find(|f| f["id"] == "fac-industrial-factory-2")
            .cloned()
            .expect("there");
        assert_eq!(f["rent_yuan_per_m2_month"], 9.5);
        let history = send(
            &h.router,
            s.req(
                "GET",
                "/api/admin/facilities/fac-industrial-factory-2/history",
                None,
            ),
        )
        .await
        .json();
        assert_eq!(history["versions"][0]["action"], "imported");
    }

    #[tokio::test]
    async fn a_new_record_is_added_and_what_breaks_the_catalog_is_named() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let row = |id: &str, lon: f64| {
            format!(
                "{id},工业园新厂房(示例数据),New factory (sample),factory,park-industrial,\"{{\"\"type\"\":\"\"Point\"\",\"\"coordinates\"\":[{lon},35.1]}}\",true,industrial,for_rent,2000,12\n"
            )
        };
        let head = "id,name.zh,name.en,kind,park_id,location,eia_allowed,land_use,availability,building_area_m2,rent_yuan_per_m2_month\n";
        // Far outside the park: the consistency check names the row's location.
        let outside = format!("{head}{}", row("fac-industrial-new", 100.0));
        let (_, r) = import(&h, &s, "/api/admin/import/facilities", outside.into_bytes()).await;
        assert_eq!(r["refused"][0]["row"], 2, "{r}");
        assert_eq!(r["refused"][0]["field"], "location", "{r}");
        // Inside it: added, confirmed today by the import.
        let park: Value = send(
            &h.router,
            s.req(
                "GET",
                "/api/admin/facilities/fac-industrial-factory-2",
                None,
            ),
        )
        .await
        .json();
        let lon = park["location"]["coordinates"][0].as_f64().expect("lon");
        let lat = park["location"]["coordinates"][1].as_f64().expect("lat");
        let inside = format!("{head}{}", row("fac-industrial-new", lon))
            .replace("35.1]", &format!("{lat}]"));
        let (status, r) = import(
            &h,
            &s,
            "/api/admin/import/facilities?apply=true",
            inside.into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["added"][0]["id"], "fac-industrial-new", "{r}");
        let saved = send(
            &h.router,
            s.req("GET", "/api/admin/facilities/fac-industrial-new", None),
        )
        .await
        .json();
        let today =
            ysmap_model::clock::iso_date(ysmap_model::clock::county_date(chrono::Utc::now()));
        assert_eq!(saved["verified_at"], today.as_str());
        // A missing required column is named.
        let (_, r) = import(
            &h,
            &s,
            "/api/admin/import/facilities",
            "id,name.zh\nfac-x,新\n".as_bytes().to_vec(),
        )
        .await;
        assert!(first_refusal_says(&r, "缺少必填项"), "{r}");
    }

    #[tokio::test]
    async fn files_that_are_not_what_they_claim_are_refused_in_the_staff_members_language() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let uri = "/api/admin/import/facilities";
        // A PNG named .csv.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
        let (status, r) = import(&h, &s, uri, png).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("无法读取"),
            "{r}"
        );
        // An unknown column.
        let (_, r) = import(
            &h,
            &s,
            uri,
            b"id,rent\nfac-industrial-factory-2,9\n".to_vec(),
        )
        .await;
        assert_eq!(r["refused"][0]["row"], 0);
        assert_eq!(r["refused"][0]["field"], "rent");
        // No id column.
        let (status, _) = import(&h, &s, uri, b"name.zh\nx\n".to_vec()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // A CSV saved by Excel in GBK reads as Chinese.
        let (gbk, _, _) =
            encoding_rs::GBK.encode("id,name.zh\nfac-industrial-factory-2,工业园二号厂房\n");
        let (status, r) = import(&h, &s, uri, gbk.into_owned()).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["changed"][0]["fields"], json!(["name.zh"]), "{r}");
        // An XLSX that unpacks to far more than it weighs.
        let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        bomb.start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        std::io::Write::write_all(&mut bomb, &vec![b' '; 8 * 1024 * 1024]).expect("write");
        let bytes = bomb.finish().expect("zip").into_inner();
        let (status, r) = import(&h, &s, uri, bytes).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("解压后过大"),
            "{r}"
        );
        // Too large a file.
        let big = vec![b'a'; ysmap_model::import::MAX_IMPORT_BYTES + 1];
        let (status, r) = import(&h, &s, uri, big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{r}");
    }

    #[tokio::test]
    async fn a_boundary_from_geojson_names_the_facilities_it_would_leave_outside() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let park = send(
            &h.router,
            s.req("GET", "/api/admin/parks/park-industrial", None),
        )
        .await
        .json();
        let tiny = json!({"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": "park-industrial",
            "geometry": {"type": "Polygon", "coordinates": [[[100.0, 30.0], [100.001, 30.0], [100.001, 30.001], [100.0, 30.0]]]},
            "properties": {}
        }]});
        let (status, r) = import(
            &h,
            &s,
            "/api/admin/import/boundaries?apply=true",
            tiny.to_string().into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert_eq!(r["collection"], "boundaries");
        assert!(
            r["refused"]
                .as_array()
                .expect("refused")
                .iter()
                .any(|p| p["field"]
                    .as_str()
                    .unwrap_or("")
                    .contains("facilities[fac-industrial")),
            "{r}"
        );
        // The same boundary back: nothing to change.
        let same = json!({"type": "FeatureCollection", "features": [{
            "type": "Feature", "properties": {"id": "park-industrial"}, "geometry": park["boundary"]
        }]});
        let (status, r) = import(
            &h,
            &s,
            "/api/admin/import/boundaries",
            same.to_string().into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["unchanged"], 1, "{r}");
        // Another park's boundary is not the editor's.
        let other = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "id": "park-ecommerce", "geometry": park["boundary"], "properties": {}}]});
        let (_, r) = import(
            &h,
            &s,
            "/api/admin/import/boundaries",
            other.to_string().into_bytes(),
        )
        .await;
        assert!(first_refusal_says(&r, "不属于"), "{r}");
    }

    #[tokio::test]
    async fn the_template_has_every_column_and_an_example_of_ones_own() {
        let h = harness().await;
        let s = sign_in(&h, "other_editor").await;
        let a = send(
            &h.router,
            s.req("GET", "/api/admin/import/facilities/template.csv", None),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let text = String::from_utf8_lossy(&a.body).to_string();
        let mut lines = text.lines();
        let head = lines.next().unwrap_or("");
        for col in [
            "id",
            "name.zh",
            "rent_yuan_per_m2_month",
            "verified_at",
            "floor_specs",
        ] {
            assert!(
                head.split(',').any(|h| ysmap_model::fields::column_field(
                    h.trim_start_matches('\u{feff}')
                ) == col),
                "{col} in {head}"
            );
        }
        assert!(
            head.contains("rent_yuan_per_m2_month 租金(元/平方米/月)"),
            "a column says what it is: {head}"
        );
        let example = lines.next().unwrap_or("");
        assert!(
            example.contains("park-ecommerce") && !example.contains("park-industrial"),
            "{example}"
        );
        // The template imports as it is: its one row is unchanged.
        let (status, r) = import(&h, &s, "/api/admin/import/facilities", a.body).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["unchanged"], 1, "{r}");
    }
}

mod photos {
    use super::*;

    fn jpeg_with_gps() -> Vec<u8> {
        let img = image::RgbImage::from_pixel(64, 48, image::Rgb([10, 120, 200]));
        let mut plain = std::io::Cursor::new(Vec::new());
        img.write_to(&mut plain, image::ImageFormat::Jpeg)
            .expect("jpeg");
        let plain = plain.into_inner();
        // An APP1 Exif segment right after the start marker, with a GPS tag's words in it.
        let payload = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 34.27 SECRET-PLACE";
        let len = u16::try_from(payload.len() + 2).expect("short");
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[tokio::test]
    async fn an_uploaded_photo_is_reencoded_without_its_metadata_and_cached_for_a_year() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        let a = send(&h.router, s.upload("/api/admin/photos", jpeg_with_gps())).await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let u = a.json();
        for key in ["url", "thumbnail_url"] {
            let got = send(&h.router, get(u[key].as_str().expect("url"))).await;
            assert_eq!(got.status, StatusCode::OK);
            assert_eq!(got.header(header::CONTENT_TYPE), "image/jpeg");
            assert!(got.header(header::CACHE_CONTROL).contains("immutable"));
            let body = String::from_utf8_lossy(&got.body);
            assert!(
                !body.contains("SECRET-PLACE") && !body.contains("Exif"),
                "metadata stripped"
            );
        }
        // A record shows it once it has a caption in both languages.
        let uri = "/api/admin/facilities/fac-industrial-factory-2";
        let mut f = send(&h.router, s.req("GET", uri, None)).await.json();
        f["photos"] = json!([{"url": u["url"], "thumbnail_url": u["thumbnail_url"], "caption": {"zh": "", "en": ""}}]);
        let a = send(&h.router, s.req("PUT", uri, Some(&f))).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            a.json()["errors"][0]["field"],
            "facilities[fac-industrial-factory-2].photos[0].caption"
        );
        f["photos"][0]["caption"] = json!({"zh": "厂房外景(示例)", "en": "The factory (sample)"});
        assert_eq!(
            send(&h.router, s.req("PUT", uri, Some(&f))).await.status,
            StatusCode::OK
        );
        let public = send(&h.router, get("/api/catalog")).await.json();
        let shown = public["facilities"]
            .as_array()
            .expect("list")
            .iter()
            .find(|x| x["id"] == "fac-industrial-factory-2")
            .cloned()
            .expect("there");
        assert_eq!(shown["photos"][0]["url"], u["url"]);
        assert_eq!(
            send(&h.router, get("/api/photos/0000/display.jpg"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }

    #[tokio::test]
    async fn lying_files_bombs_and_oversized_images_are_refused() {
        let h = harness().await;
        let s = sign_in(&h, "editor").await;
        // Text named as a picture.
        let a = send(
            &h.router,
            s.upload("/api/admin/photos", b"<svg onload=alert(1)>".to_vec()),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(
            a.json()["errors"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("不是 JPEG、PNG 或 WebP")
        );
        // A GIF is an image, but not one of ours.
        let a = send(
            &h.router,
            s.upload("/api/admin/photos", b"GIF89a\x01\0\x01\0\0\0\0;".to_vec()),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // A PNG that declares 15000 × 15000 pixels in a few bytes.
        let mut bomb = Vec::new();
        {
            let mut e = png::Encoder::new(&mut bomb, 15_000, 15_000);
            e.set_color(png::ColorType::Rgb);
            e.set_depth(png::BitDepth::Eight);
            let mut w = e.write_header().expect("header");
            // The start of its pixels (an empty zlib stream): readers stop at it for the size.
            w.write_chunk(png::chunk::IDAT, b"\x78\x9c\x03\x00\x00\x00\x00\x01")
                .expect("chunk");
            drop(w);
        }
        let a = send(&h.router, s.upload("/api/admin/photos", bomb)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            a.json()["errors"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("像素过多"),
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        // More than 10 MB.
        let a = send(
            &h.router,
            s.upload(
                "/api/admin/photos",
                vec![0xFF; ysmap_server::photos::MAX_PHOTO_BYTES + 1],
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
        // A handler uploads nothing.
        let handler = sign_in(&h, "xiaowang").await;
        assert_eq!(
            send(
                &h.router,
                handler.upload("/api/admin/photos", jpeg_with_gps())
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM photos")
            .fetch_one(&h.db)
            .await
            .expect("count");
        assert_eq!(stored, 0);
    }
}

mod parts {
    use super::*;

    #[tokio::test]
    async fn an_administrator_sets_the_verification_ages_and_the_start_page_follows() {
        let h = harness().await;
        let admin = sign_in(&h, "admin").await;
        let mut meta = send(&h.router, admin.req("GET", "/api/admin/parts/meta", None))
            .await
            .json();
        assert_eq!(meta["freshness"]["facilities"]["due_after_days"], 90);
        // A hiding age not after the due age is named.
        meta["freshness"]["facilities"] = json!({"due_after_days": 30, "hide_after_days": 20});
        let a = send(
            &h.router,
            admin.req("PUT", "/api/admin/parts/meta", Some(&meta)),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["errors"][0]["field"], "meta.freshness.facilities");
        // Due after 2 days: every sample listing confirmed more than 2 days ago is due now.
        meta["freshness"]["facilities"] = json!({"due_after_days": 2, "hide_after_days": 3650});
        let a = send(
            &h.router,
            admin.req("PUT", "/api/admin/parts/meta", Some(&meta)),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let public = send(&h.router, get("/api/catalog")).await.json();
        assert_eq!(
            public["meta"]["freshness"]["facilities"]["due_after_days"],
            2
        );
        let o = send(&h.router, admin.req("GET", "/api/admin/overview", None))
            .await
            .json();
        let due: usize = o["parks"]
            .as_array()
            .expect("parks")
            .iter()
            .map(|p| p["due"].as_array().map_or(0, Vec::len))
            .sum();
        assert!(due > 0, "{o}");
        let editor = sign_in(&h, "editor").await;
        assert_eq!(
            send(&h.router, editor.req("GET", "/api/admin/parts/meta", None))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(
                &h.router,
                editor.req("PUT", "/api/admin/parts/base_layer", Some(&meta))
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        // The vector base is a part too: its shape is checked.
        let mut base = send(
            &h.router,
            admin.req("GET", "/api/admin/parts/base_layer", None),
        )
        .await
        .json();
        base["outline"] = json!("not a polygon");
        assert_eq!(
            send(
                &h.router,
                admin.req("PUT", "/api/admin/parts/base_layer", Some(&base))
            )
            .await
            .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    #[tokio::test]
    async fn an_administrator_lists_deleted_records_and_brings_one_back() {
        let h = harness().await;
        let admin = sign_in(&h, "admin").await;
        let uri = "/api/admin/facilities/fac-industrial-land-3";
        assert_eq!(
            send(&h.router, admin.req("DELETE", uri, None)).await.status,
            StatusCode::NO_CONTENT
        );
        let list = send(
            &h.router,
            admin.req("GET", "/api/admin/facilities/deleted", None),
        )
        .await
        .json();
        assert_eq!(list[0]["id"], "fac-industrial-land-3", "{list}");
        assert_eq!(list[0]["actor"], "admin");
        let version = list[0]["version"].clone();
        let a = restore(&h, &admin, uri, version).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let list = send(
            &h.router,
            admin.req("GET", "/api/admin/facilities/deleted", None),
        )
        .await
        .json();
        assert_eq!(list, json!([]));
        let editor = sign_in(&h, "editor").await;
        assert_eq!(
            send(
                &h.router,
                editor.req("GET", "/api/admin/facilities/deleted", None)
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }
}

mod route_table {
    use super::*;
    use axum::http::Method;

    /// A record of the industrial park for each collection's `{id}`.
    fn id_for(path: &str) -> &'static str {
        match path.split('/').nth(3) {
            Some("parks") => "park-industrial",
            Some("facilities") => "fac-industrial-factory-2",
            Some("industries") => "ind-general-equipment",
            Some("policies") => "pol-nat-small-micro",
            _ => "hub-g30-west",
        }
    }

    #[tokio::test]
    async fn no_endpoint_opens_another_parks_records_to_an_editor_or_a_handler() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let admin = sign_in(&h, "admin").await;
        let table = ysmap_server::staff_routes().routes;
        assert!(table.len() > 30, "{}", table.len());
        for who in ["other_editor", "other"] {
            let s = sign_in(&h, who).await;
            for (method, path) in &table {
                // One's own session and password are one's own.
                if path == "/api/admin/session" || path == "/api/admin/password" {
                    continue;
                }
                let uri = path
                    .replace("{code}", &code)
                    .replace("{username}", "xiaowang")
                    .replace("{id}", id_for(path));
                // A valid body where a record is expected, so that scope, not shape, decides.
                let body = if path.contains("{id}")
                    || path.ends_with("s")
                        && path.matches('/').count() == 3
                        && *method == Method::POST
                {
                    let record_uri = if path.contains("{id}") {
                        uri.trim_end_matches("/history")
                            .trim_end_matches("/restore")
                            .to_owned()
                    } else {
                        format!("{uri}/{}", id_for(&format!("{path}/x")))
                    };
                    let r = send(&h.router, admin.req("GET", &record_uri, None)).await;
                    if r.status == StatusCode::OK {
                        r.json()
                    } else {
                        json!({"version": 1})
                    }
                } else {
                    json!({"to": "accepted", "assignee": who, "text": "x", "version": 1, "ids": [id_for(path)], "facility_ids": [], "policy_ids": [], "password": "a long temporary one", "role": "handler", "park_ids": ["park-ecommerce"]})
                };
                // A photo belongs to no park until a record names it: what is not an image is
                // refused whoever sends it.
                if path == "/api/admin/photos" {
                    let a = send(&h.router, s.upload(&uri, b"not an image".to_vec())).await;
                    assert!(
                        [StatusCode::FORBIDDEN, StatusCode::UNSUPPORTED_MEDIA_TYPE]
                            .contains(&a.status),
                        "{who} {path}: {}",
                        a.status
                    );
                    continue;
                }
                // An import names the industrial park's record in a file, to be applied.
                if path.starts_with("/api/admin/import/") && *method == Method::POST {
                    let collection = path.rsplit('/').next().unwrap_or("");
                    let bytes = if collection == "boundaries" {
                        let park = send(
                            &h.router,
                            admin.req("GET", "/api/admin/parks/park-industrial", None),
                        )
                        .await
                        .json();
                        json!({"type": "FeatureCollection", "features": [{"type": "Feature", "id": "park-industrial", "geometry": park["boundary"], "properties": {}}]})
                            .to_string()
                            .into_bytes()
                    } else {
                        format!("id\n{}\n", id_for(&format!("/api/admin/{collection}")))
                            .into_bytes()
                    };
                    let a = send(&h.router, s.upload(&format!("{uri}?apply=true"), bytes)).await;
                    let text = String::from_utf8_lossy(&a.body);
                    assert!(
                        a.status == StatusCode::FORBIDDEN
                            || a.status == StatusCode::UNPROCESSABLE_ENTITY
                                && text.contains("不属于您负责的园区"),
                        "{who} {path}: {} {text}",
                        a.status
                    );
                    continue;
                }
                let a = send(&h.router, s.req(method.as_str(), &uri, Some(&body))).await;
                let listing = *method == Method::GET && !path.contains('{');
                if listing && a.status == StatusCode::OK && path != "/api/admin/helpers" {
                    let text = String::from_utf8_lossy(&a.body);
                    assert!(
                        !text.contains(&code)
                            && !text.contains("park-industrial")
                            && !text.contains("fac-industrial"),
                        "{who} {method} {path} shows another park's: {}",
                        text.chars().take(300).collect::<String>()
                    );
                } else if listing && path == "/api/admin/helpers" {
                    // The list of colleagues one can hand a request to: names, not records.
                    assert!(
                        a.status == StatusCode::OK || a.status == StatusCode::FORBIDDEN,
                        "{who} {path}"
                    );
                } else {
                    assert!(
                        [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&a.status),
                        "{who} {method} {uri}: {} {}",
                        a.status,
                        String::from_utf8_lossy(&a.body)
                    );
                }
            }
        }
        // Nothing changed: the request untouched, the catalog's history empty.
        let v = investor(&h, &code).await;
        assert_eq!(v["status"], "submitted");
        let changes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM catalog_history")
            .fetch_one(&h.db)
            .await
            .expect("count");
        assert_eq!(changes, 0);
    }

    #[tokio::test]
    async fn every_change_needs_the_csrf_token_and_every_other_method_is_405() {
        let h = harness().await;
        let code = submit(&h, &["park-industrial"]).await;
        let admin = sign_in(&h, "admin").await;
        let table = ysmap_server::staff_routes().routes;
        for (method, path) in &table {
            let uri = path
                .replace("{code}", &code)
                .replace("{username}", "xiaowang")
                .replace("{id}", id_for(path));
            if *method != Method::GET && path != "/api/admin/session" {
                let mut req = admin.req(method.as_str(), &uri, Some(&json!({})));
                req.headers_mut().remove("X-CSRF-Token");
                let a = send(&h.router, req).await;
                assert_eq!(a.status, StatusCode::FORBIDDEN, "{method} {path}");
                assert_eq!(
                    a.json()["errors"][0]["field"],
                    "X-CSRF-Token",
                    "{method} {path}"
                );
            }
            // A method the table does not list is not answered by any handler.
            for other in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
                if table.iter().any(|(m, p)| p == path && *m == other) {
                    continue;
                }
                let a = send(&h.router, admin.req(other.as_str(), &uri, Some(&json!({})))).await;
                assert_eq!(
                    a.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{other} {path} answers without being in the table"
                );
            }
        }
    }
}

/// A county's administrator (of 东塬区 in the sample city) manages its county alone; a city's
/// administrator everything.
mod county_scope {
    use super::*;

    fn ids(v: &Value, list: &str, key: &str) -> Vec<String> {
        v[list]
            .as_array()
            .expect("a list")
            .iter()
            .map(|r| r[key].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[tokio::test]
    async fn records_parts_and_the_start_page_are_the_county_s() {
        let h = harness().await;
        let s = sign_in(&h, "dongyuan_admin").await;
        let parks = send(&h.router, s.req("GET", "/api/admin/parks", None))
            .await
            .json();
        assert_eq!(ids(&parks, "records", "id"), vec!["park-dongyuan-etdz"]);
        let facilities = send(&h.router, s.req("GET", "/api/admin/facilities", None))
            .await
            .json();
        let facilities = ids(&facilities, "records", "id");
        assert_eq!(facilities.len(), 3);
        assert!(
            facilities.iter().all(|f| f.starts_with("fac-dongyuan-")),
            "{facilities:?}"
        );
        let policies = send(&h.router, s.req("GET", "/api/admin/policies", None))
            .await
            .json();
        assert_eq!(
            ids(&policies, "records", "id"),
            vec!["pol-dongyuan-electronics"]
        );
        // The shared industries and hubs, and the catalog's parts, are the city's.
        let industries = send(&h.router, s.req("GET", "/api/admin/industries", None))
            .await
            .json();
        assert!(ids(&industries, "records", "id").is_empty());
        for part in ["meta", "base_layer", "regions"] {
            let a = send(
                &h.router,
                s.req("GET", &format!("/api/admin/parts/{part}"), None),
            )
            .await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{part}");
        }
        let overview = send(&h.router, s.req("GET", "/api/admin/overview", None))
            .await
            .json();
        assert_eq!(
            ids(&overview, "parks", "park_id"),
            vec!["park-dongyuan-etdz"]
        );

        // Its county's park changes; another county's is refused and stays as it was.
        let uri = "/api/admin/parks/park-dongyuan-etdz";
        let mut park = send(&h.router, s.req("GET", uri, None)).await.json();
        park["built_area_km2"] = json!(4.5);
        let a = send(&h.router, s.req("PUT", uri, Some(&park))).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let other = "/api/admin/parks/park-industrial";
        assert_ne!(
            send(&h.router, s.req("GET", other, None)).await.status,
            StatusCode::OK
        );
        // Nor can it move its park into another county, or make a county policy of another's.
        park["region_id"] = json!("shili");
        let a = send(&h.router, s.req("PUT", uri, Some(&park))).await;
        assert_ne!(a.status, StatusCode::OK);
        let city = sign_in(&h, "admin").await;
        let stored = send(&h.router, city.req("GET", uri, None)).await.json();
        assert_eq!(stored["region_id"], "dongyuan");
        assert_eq!(stored["built_area_km2"], 4.5);
        // The city's administrator keeps everything.
        let all = send(&h.router, city.req("GET", "/api/admin/parks", None))
            .await
            .json();
        assert_eq!(ids(&all, "records", "id").len(), 6);
        assert_eq!(
            send(&h.router, city.req("GET", "/api/admin/parts/regions", None))
                .await
                .json()["regions"]
                .as_array()
                .map(Vec::len),
            Some(3)
        );
    }

    #[tokio::test]
    async fn the_inbox_holds_the_county_s_requests() {
        let h = harness().await;
        let ours = submit(&h, &["park-dongyuan-etdz"]).await;
        let theirs = submit(&h, &["park-industrial"]).await;
        let s = sign_in(&h, "dongyuan_admin").await;
        let list = send(&h.router, s.req("GET", "/api/admin/requests", None))
            .await
            .json();
        assert_eq!(ids(&list, "requests", "tracking_code"), vec![ours.clone()]);
        let a = send(
            &h.router,
            s.req("GET", &format!("/api/admin/requests/{theirs}"), None),
        )
        .await;
        assert_ne!(a.status, StatusCode::OK);
        let city = sign_in(&h, "admin").await;
        let all = send(&h.router, city.req("GET", "/api/admin/requests", None))
            .await
            .json();
        assert_eq!(all["total"], 2);
    }

    #[tokio::test]
    async fn a_county_administrator_makes_and_keeps_its_county_s_accounts_only() {
        let h = harness().await;
        let s = sign_in(&h, "dongyuan_admin").await;
        let list = send(&h.router, s.req("GET", "/api/admin/staff", None))
            .await
            .json();
        assert_eq!(ids(&list, "accounts", "username"), vec!["dongyuan_admin"]);
        let account = |username: &str, region: Value, parks: Value| {
            json!({"username": username, "role": "editor", "region_id": region, "park_ids": parks,
                   "display_name": "", "phone": "", "password": "a long enough password"})
        };
        let ok = account(
            "dy_editor",
            json!("dongyuan"),
            json!(["park-dongyuan-etdz"]),
        );
        let a = send(&h.router, s.req("POST", "/api/admin/staff", Some(&ok))).await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(
            ids(&a.json(), "accounts", "username"),
            vec!["dongyuan_admin", "dy_editor"]
        );
        for (body, field) in [
            (
                account("x1", json!("shili"), json!(["park-industrial"])),
                "region_id",
            ),
            (
                account("x2", Value::Null, json!(["park-industrial"])),
                "region_id",
            ),
            (
                account("x3", json!("dongyuan"), json!(["park-industrial"])),
                "park_ids[0]",
            ),
        ] {
            let a = send(&h.router, s.req("POST", "/api/admin/staff", Some(&body))).await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(a.json()["errors"][0]["field"], field, "{body}");
        }
        // Another county's (or the city's) account is not there for it.
        let change = json!({"role": "handler", "park_ids": [], "region_id": "dongyuan", "display_name": "", "phone": "", "disabled": false});
        let a = send(
            &h.router,
            s.req("PUT", "/api/admin/staff/xiaowang", Some(&change)),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let reset = json!({"password": "another long password"});
        let a = send(
            &h.router,
            s.req("POST", "/api/admin/staff/admin/password", Some(&reset)),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        // The city's administrator sees every account, and may not give itself a county while
        // it is the only one of the city.
        let city = sign_in(&h, "admin").await;
        let all = send(&h.router, city.req("GET", "/api/admin/staff", None))
            .await
            .json();
        assert_eq!(ids(&all, "accounts", "username").len(), 7);
        let to_county = json!({"role": "admin", "park_ids": [], "region_id": "shili", "display_name": "", "phone": "", "disabled": false});
        let a = send(
            &h.router,
            city.req("PUT", "/api/admin/staff/admin", Some(&to_county)),
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
    }
}
