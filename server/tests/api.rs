//! The HTTP API against a real SQLite file in a temporary folder: each endpoint's success and
//! failure cases, idempotent submission, and catalog loading at start.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use std::path::Path;
use ysmap_server::Server;
use ysmap_server::config::Config;

mod common;
use common::{Answer, send};

struct Harness {
    _dir: tempfile::TempDir,
    router: Router,
    db: sqlx::AnyPool,
    /// The server's configuration, to start it again on the same database.
    config: Config,
}

fn config_in(data_dir: &Path, catalog: Option<&Path>) -> Config {
    let mut config = Config::for_data_dir(data_dir.to_owned());
    config.catalog = catalog.map(Path::to_owned);
    config.static_dir = data_dir.join("no-app-here");
    config
}

async fn start_in(data_dir: &Path, catalog: Option<&Path>) -> anyhow::Result<Server> {
    Server::start(&config_in(data_dir, catalog)).await
}

async fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config_in(&dir.path().join("data"), None);
    let server = Server::start(&config).await.expect("server starts");
    Harness {
        _dir: dir,
        router: server.router,
        db: server.db,
        config,
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

fn post(key: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::post("/api/requests").header(header::CONTENT_TYPE, "application/json");
    if let Some(k) = key {
        b = b.header("Idempotency-Key", k);
    }
    b.body(Body::from(body.to_owned())).expect("request")
}

fn valid_body() -> Value {
    json!({
        "company": "示例精密机械有限公司",
        "contact_name": "陈经理",
        "phone": "+86 139 1234 5678",
        "industry_id": "ind-general-equipment",
        "planned_investment_10k_yuan": 8000,
        "space": {"kind": "factory", "area_m2": 5000, "floor_height_m": 9, "crane_t": 10},
        "park_ids": ["park-industrial"],
        "services": ["site_selection", "construction_permit"],
        "message": "希望年内投产",
        "consent": true
    })
}

async fn count_requests(db: &sqlx::AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM assistance_requests")
        .fetch_one(db)
        .await
        .expect("count")
}

mod catalog {
    use super::*;

    #[tokio::test]
    async fn is_served_with_an_etag() {
        let h = harness().await;
        let a = send(&h.router, get("/api/catalog")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(
            a.headers[header::CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with("application/json")
        );
        let etag = a.headers[header::ETAG].to_str().expect("ascii").to_owned();
        assert!(etag.starts_with("W/\""), "{etag}");
        let c = a.json();
        assert_eq!(c["parks"].as_array().expect("parks").len(), 6);
        assert_eq!(
            c["regions"].as_array().expect("the city's counties").len(),
            3
        );
        assert!(c["facilities"].as_array().expect("facilities").len() >= 30);
        assert_eq!(c["meta"]["sample"], true);
        assert_eq!(c["parks"][0]["boundary"]["type"], "Polygon");
        assert_eq!(c["facilities"][0]["location"]["type"], "Point");
    }

    #[tokio::test]
    async fn a_county_is_served_alone_with_its_own_etag() {
        let h = harness().await;
        let city = send(&h.router, get("/api/catalog")).await;
        let county = send(&h.router, get("/api/catalog?region=dongyuan")).await;
        assert_eq!(county.status, StatusCode::OK);
        let c = county.json();
        let parks: Vec<&str> = c["parks"]
            .as_array()
            .expect("parks")
            .iter()
            .map(|p| p["region_id"].as_str().expect("a county"))
            .collect();
        assert_eq!(parks, vec!["dongyuan"]);
        assert_eq!(c["meta"]["county"]["zh"], "东塬区");
        assert_eq!(
            c["meta"]["service_center"]["name"]["zh"],
            "东塬区投资服务中心"
        );
        assert!(county.body.len() < city.body.len() / 2, "its county only");
        let etag = county.headers[header::ETAG].clone();
        assert_ne!(etag, city.headers[header::ETAG]);
        let again = Request::get("/api/catalog?region=dongyuan")
            .header(header::IF_NONE_MATCH, etag)
            .body(Body::empty())
            .expect("request");
        assert_eq!(
            send(&h.router, again).await.status,
            StatusCode::NOT_MODIFIED
        );
        let compact = send(&h.router, get("/api/catalog.postcard?region=dongyuan")).await;
        assert_eq!(compact.status, StatusCode::OK);
        let (decoded, _) =
            ysmap_model::catalog::compact::decode(&compact.body).expect("the app's encoding");
        assert_eq!(decoded.parks.len(), 1);
        // An empty region is the whole catalog; an unknown one a 404 naming the field.
        let whole = send(&h.router, get("/api/catalog?region=")).await;
        assert_eq!(whole.headers[header::ETAG], city.headers[header::ETAG]);
        let missing = send(&h.router, get("/api/catalog.postcard?region=atlantis")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let e = missing.json();
        assert_eq!(e["errors"][0]["field"], "region");
        assert!(
            e["errors"][0]["message"]
                .as_str()
                .expect("a message")
                .contains("atlantis")
        );
    }

    #[tokio::test]
    async fn answers_304_when_the_client_copy_is_current() {
        let h = harness().await;
        let etag = send(&h.router, get("/api/catalog")).await.headers[header::ETAG].clone();
        let req = Request::get("/api/catalog")
            .header(header::IF_NONE_MATCH, etag.clone())
            .body(Body::empty())
            .expect("request");
        let a = send(&h.router, req).await;
        assert_eq!(a.status, StatusCode::NOT_MODIFIED);
        assert!(a.body.is_empty());
        assert_eq!(a.headers[header::ETAG], etag);
        let stale = Request::get("/api/catalog")
            .header(header::IF_NONE_MATCH, "W/\"stale\"")
            .body(Body::empty())
            .expect("request");
        assert_eq!(send(&h.router, stale).await.status, StatusCode::OK);
    }

    #[tokio::test]
    async fn is_gzipped_when_asked_and_says_so() {
        let h = harness().await;
        let plain = send(&h.router, get("/api/catalog")).await;
        let req = Request::get("/api/catalog")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .expect("request");
        let a = send(&h.router, req).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.headers[header::CONTENT_ENCODING], "gzip");
        assert!(
            a.body.len() * 3 < plain.body.len(),
            "gzip {} vs {}",
            a.body.len(),
            plain.body.len()
        );
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&a.body[..]), &mut out)
            .expect("gunzip");
        assert_eq!(out, plain.body);
    }

    #[tokio::test]
    async fn the_apps_compact_copy_holds_the_same_catalog_and_revalidates_alike() {
        let h = harness().await;
        let json: ysmap_model::Catalog =
            serde_json::from_slice(&send(&h.router, get("/api/catalog")).await.body).expect("JSON");
        let a = send(&h.router, get("/api/catalog.postcard")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(
            a.headers[header::CONTENT_TYPE],
            ysmap_model::catalog::compact::MEDIA_TYPE
        );
        let (compact, spellings) = ysmap_model::catalog::compact::decode(&a.body).expect("decodes");
        assert_eq!(compact, json);
        // With the pinyin the app searches by (it carries no dictionary).
        let park = &json.parks[0].name.zh;
        assert_eq!(
            spellings.of(park),
            Some(&ysmap_model::search::spell(park)),
            "{park}"
        );
        let req = Request::get("/api/catalog.postcard")
            .header(header::IF_NONE_MATCH, a.headers[header::ETAG].clone())
            .body(Body::empty())
            .expect("request");
        assert_eq!(send(&h.router, req).await.status, StatusCode::NOT_MODIFIED);
    }
}

mod submit {
    use super::*;

    #[tokio::test]
    async fn a_valid_request_is_committed_and_gets_a_tracking_code() {
        let h = harness().await;
        let a = send(&h.router, post(Some("key-1"), &valid_body().to_string())).await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let r = a.json();
        assert_eq!(r["status"], "submitted");
        let code = r["tracking_code"].as_str().expect("code");
        assert!(
            ysmap_model::request::tracking_code::parse(code).as_deref() == Some(code),
            "{code}"
        );
        // Committed: a separate connection to the same database sees it.
        drop(h.router);
        h.db.close().await;
        let db = ysmap_server::db::open(&h.config.database().expect("location"))
            .await
            .expect("reopen");
        let (stored_code, phone, status): (String, String, String) =
            sqlx::query_as("SELECT tracking_code, phone, status FROM assistance_requests")
                .fetch_one(&db)
                .await
                .expect("row");
        assert_eq!(
            (stored_code.as_str(), phone.as_str(), status.as_str()),
            (code, "13912345678", "submitted")
        );
    }

    #[tokio::test]
    async fn a_retry_with_the_same_key_and_body_makes_no_second_record() {
        let h = harness().await;
        let body = valid_body().to_string();
        let first = send(&h.router, post(Some("retry-key"), &body)).await;
        let again = send(&h.router, post(Some("retry-key"), &body)).await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.json()["tracking_code"], first.json()["tracking_code"]);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        assert_eq!(count_requests(&h.db).await, 1);
    }

    #[tokio::test]
    async fn concurrent_retries_make_exactly_one_record() {
        let h = harness().await;
        let body = valid_body().to_string();
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let router = h.router.clone();
                let body = body.clone();
                tokio::spawn(async move {
                    send(&router, post(Some("racing-key"), &body)).await.json()["tracking_code"]
                        .clone()
                })
            })
            .collect();
        let mut codes = Vec::new();
        for t in tasks {
            codes.push(t.await.expect("task"));
        }
        assert!(codes.windows(2).all(|w| w[0] == w[1]), "{codes:?}");
        assert_eq!(count_requests(&h.db).await, 1);
    }

    #[tokio::test]
    async fn the_same_key_with_another_body_is_a_conflict() {
        let h = harness().await;
        send(&h.router, post(Some("k"), &valid_body().to_string())).await;
        let mut other = valid_body();
        other["company"] = json!("另一家公司");
        let a = send(&h.router, post(Some("k"), &other.to_string())).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        assert_eq!(a.json()["errors"][0]["code"], "idempotency_conflict");
        assert_eq!(count_requests(&h.db).await, 1);
    }

    #[tokio::test]
    async fn without_the_header_it_is_a_clear_400() {
        let h = harness().await;
        let a = send(&h.router, post(None, &valid_body().to_string())).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let e = &a.json()["errors"][0];
        assert_eq!(e["field"], "Idempotency-Key");
        assert_eq!(e["code"], "missing_header");
        assert!(
            e["message"]
                .as_str()
                .expect("message")
                .contains("Idempotency-Key")
        );
        assert_eq!(count_requests(&h.db).await, 0);
    }

    #[tokio::test]
    async fn invalid_input_is_422_with_every_field_named_in_the_asked_language() {
        let h = harness().await;
        let mut body = valid_body();
        body["phone"] = json!("12345");
        body["consent"] = json!(false);
        body["park_ids"] = json!(["park-industrial", "park-nowhere"]);
        let req = Request::post("/api/requests")
            .header("Idempotency-Key", "bad-1")
            .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
            .body(Body::from(body.to_string()))
            .expect("request");
        let a = send(&h.router, req).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        let errors = a.json()["errors"].as_array().expect("errors").clone();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().expect("f"),
                    e["code"].as_str().expect("c"),
                )
            })
            .collect();
        assert_eq!(
            fields,
            vec![
                ("phone", "invalid_phone"),
                ("park_ids[1]", "unknown_reference"),
                ("consent", "consent_required")
            ]
        );
        assert!(
            errors[0]["message"]
                .as_str()
                .expect("m")
                .starts_with("Please enter a valid telephone")
        );
        assert_eq!(count_requests(&h.db).await, 0);
    }

    #[tokio::test]
    async fn messages_default_to_chinese() {
        let h = harness().await;
        let mut body = valid_body();
        body["phone"] = json!("12345");
        let a = send(&h.router, post(Some("zh"), &body.to_string())).await;
        assert!(
            a.json()["errors"][0]["message"]
                .as_str()
                .expect("m")
                .starts_with("请填写有效的电话号码")
        );
    }

    #[tokio::test]
    async fn broken_json_is_400_and_a_wrong_type_is_422_at_its_path() {
        let h = harness().await;
        let a = send(&h.router, post(Some("j1"), "{\"company\": ")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(a.json()["errors"][0]["code"], "invalid_json");
        let mut body = valid_body();
        body["space"]["area_m2"] = json!("five thousand");
        let a = send(&h.router, post(Some("j2"), &body.to_string())).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["errors"][0]["field"], "space.area_m2");
        assert_eq!(a.json()["errors"][0]["code"], "invalid_value");
    }

    #[tokio::test]
    async fn an_oversized_body_is_refused() {
        let h = harness().await;
        let mut body = valid_body();
        body["message"] = json!("字".repeat(40_000));
        let a = send(&h.router, post(Some("big"), &body.to_string())).await;
        assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(a.json()["errors"][0]["code"], "payload_too_large");
    }
}

mod lookup {
    use super::*;

    async fn submitted(h: &Harness) -> String {
        let a = send(&h.router, post(Some("lookup"), &valid_body().to_string())).await;
        a.json()["tracking_code"].as_str().expect("code").to_owned()
    }

    #[tokio::test]
    async fn shows_the_status_when_the_phone_digits_match() {
        let h = harness().await;
        let code = submitted(&h).await;
        let a = send(
            &h.router,
            get(&format!("/api/requests/{code}?phone_last4=5678")),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let v = a.json();
        assert_eq!(v["tracking_code"], code);
        assert_eq!(v["status"], "submitted");
        assert_eq!(v["history"].as_array().expect("history").len(), 1);
        assert_eq!(v["park_ids"], json!(["park-industrial"]));
        assert!(v.get("phone").is_none(), "the phone number is not echoed");
    }

    #[tokio::test]
    async fn accepts_the_code_as_a_person_types_it() {
        let h = harness().await;
        let code = submitted(&h).await;
        let typed = code.to_lowercase().replace('-', "");
        let a = send(
            &h.router,
            get(&format!("/api/requests/{typed}?phone_last4=5678")),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
    }

    #[tokio::test]
    async fn a_wrong_phone_and_an_unknown_code_look_the_same() {
        let h = harness().await;
        let code = submitted(&h).await;
        let wrong_phone = send(
            &h.router,
            get(&format!("/api/requests/{code}?phone_last4=0000")),
        )
        .await;
        let unknown = send(
            &h.router,
            get("/api/requests/YS-0000-0000?phone_last4=5678"),
        )
        .await;
        let malformed = send(&h.router, get("/api/requests/nonsense")).await;
        for a in [&wrong_phone, &unknown, &malformed] {
            assert_eq!(a.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(wrong_phone.body, unknown.body);
        assert_eq!(unknown.body, malformed.body);
    }

    #[tokio::test]
    async fn survives_a_restart() {
        let h = harness().await;
        let code = submitted(&h).await;
        drop(h.router);
        h.db.close().await;
        let again = Server::start(&h.config).await.expect("restarts");
        let a = send(
            &again.router,
            get(&format!("/api/requests/{code}?phone_last4=5678")),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
    }
}

mod open_data {
    use super::*;

    #[tokio::test]
    async fn every_collection_as_csv_and_xlsx_and_the_map_as_geojson() {
        let h = harness().await;
        let catalog = send(&h.router, get("/api/catalog")).await.json();
        let facilities = catalog["facilities"].as_array().expect("facilities").len();

        let a = send(&h.router, get("/api/export/facilities.csv")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(
            a.headers[header::CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with("text/csv")
        );
        assert!(a.body.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(a.body[3..].to_vec()).expect("UTF-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headings: Vec<String> = reader
            .headers()
            .expect("headings")
            .iter()
            .map(str::to_owned)
            .collect();
        for h in [
            "id",
            "park_id",
            "name.zh",
            "name.en",
            "location",
            "rent_yuan_per_m2_month",
            "verified_at",
        ] {
            assert!(headings.iter().any(|x| x == h), "{h} in {headings:?}");
        }
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), facilities);
        assert!(text.contains("工业园 1 号标准化厂房"));

        for collection in ["parks", "industries", "policies", "transport_hubs"] {
            let a = send(&h.router, get(&format!("/api/export/{collection}.xlsx"))).await;
            assert_eq!(a.status, StatusCode::OK, "{collection}");
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a.body.clone()))
                .expect("an xlsx is a zip");
            assert!(
                zip.by_name("xl/worksheets/sheet1.xml").is_ok(),
                "{collection}"
            );
        }

        let a = send(&h.router, get("/api/export/catalog.geojson")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.headers[header::CONTENT_TYPE], "application/geo+json");
        let g = a.json();
        assert_eq!(g["type"], "FeatureCollection");
        let features = g["features"].as_array().expect("features");
        let expected = catalog["parks"].as_array().expect("parks").len()
            + facilities
            + catalog["transport_hubs"].as_array().expect("hubs").len();
        assert_eq!(features.len(), expected);
        for f in features {
            assert_eq!(f["type"], "Feature");
            assert!(
                f["id"].is_string() && f["properties"]["feature_kind"].is_string(),
                "{f}"
            );
            let kind = f["geometry"]["type"].as_str().expect("geometry");
            assert!(
                ["Point", "Polygon", "MultiPolygon"].contains(&kind),
                "{kind}"
            );
        }
        // A standard reader (the `geojson` crate) takes it whole; every ring is closed.
        let parsed: geojson::GeoJson = String::from_utf8_lossy(&a.body)
            .parse()
            .expect("a GIS reader parses it");
        let geojson::GeoJson::FeatureCollection(fc) = parsed else {
            panic!("not a FeatureCollection");
        };
        assert_eq!(fc.features.len(), expected);
        for f in &fc.features {
            if let Some(geojson::Geometry {
                value: geojson::GeometryValue::Polygon { coordinates: rings },
                ..
            }) = &f.geometry
            {
                for ring in rings {
                    assert!(ring.len() >= 4 && ring.first() == ring.last(), "{ring:?}");
                }
            }
        }
        // RFC 7946: longitude first, WGS-84.
        let point = features
            .iter()
            .find(|f| f["geometry"]["type"] == "Point")
            .expect("a point");
        let (lon, lat) = (
            point["geometry"]["coordinates"][0].as_f64().expect("lon"),
            point["geometry"]["coordinates"][1].as_f64().expect("lat"),
        );
        assert!(
            (73.0..136.0).contains(&lon) && (18.0..54.0).contains(&lat),
            "{lon}, {lat}"
        );

        for wrong in [
            "/api/export/secrets.csv",
            "/api/export/parks.pdf",
            "/api/export/parks",
        ] {
            let a = send(&h.router, get(wrong)).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{wrong}");
            assert_eq!(a.json()["errors"][0]["code"], "not_found");
        }
    }
}

mod start {
    use super::*;

    #[tokio::test]
    async fn a_catalog_file_replaces_the_sample() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut c: Value =
            serde_json::from_str(ysmap_server::catalog::SAMPLE_JSON).expect("sample");
        c["meta"]["county"] = json!({"zh": "另一县", "en": "Another County"});
        c["meta"]["sample"] = json!(false);
        let file = dir.path().join("catalog.json");
        std::fs::write(&file, c.to_string()).expect("write");
        let server = start_in(&dir.path().join("data"), Some(&file))
            .await
            .expect("starts");
        let a = send(&server.router, get("/api/catalog")).await;
        assert_eq!(a.json()["meta"]["county"]["en"], "Another County");
    }

    #[tokio::test]
    async fn a_catalog_that_fails_the_check_is_refused_with_every_problem() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut c: Value =
            serde_json::from_str(ysmap_server::catalog::SAMPLE_JSON).expect("sample");
        c["facilities"][0]["park_id"] = json!("park-gone");
        c["facilities"][1]["location"]["coordinates"] = json!([0.0, 0.0]);
        c["policies"][0]["valid_to"] = json!("2000-01-01");
        let file = dir.path().join("catalog.json");
        std::fs::write(&file, c.to_string()).expect("write");
        let err = start_in(&dir.path().join("data"), Some(&file))
            .await
            .err()
            .expect("refused");
        let text = format!("{err:#}");
        assert!(text.contains("3 problem(s)"), "{text}");
        assert!(
            text.contains(".park_id") && text.contains(".location") && text.contains(".valid_to"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn a_catalog_that_is_not_json_says_where() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("catalog.json");
        std::fs::write(&file, "{\"meta\": 3}").expect("write");
        let err = start_in(&dir.path().join("data"), Some(&file))
            .await
            .err()
            .expect("refused");
        assert!(format!("{err:#}").contains("meta"), "{err:#}");
    }

    #[tokio::test]
    async fn health_is_ok() {
        let h = harness().await;
        let a = send(&h.router, get("/healthz")).await;
        assert_eq!(a.status, StatusCode::OK);
    }
}

mod cross_origin {
    //! The public API answers the configured portals' pages (CORS); the staff API never does.

    use super::*;
    use axum::http::Method;

    const PORTAL: &str = "https://www.example.gov.cn";

    async fn router_with(origins: &[&str]) -> (tempfile::TempDir, Router) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_data_dir(dir.path().join("data"));
        config.static_dir = dir.path().join("no-app-here");
        config.cors_origins = origins.iter().map(|o| (*o).to_owned()).collect();
        let server = Server::start(&config).await.expect("server starts");
        (dir, server.router)
    }

    fn from(origin: &str, method: Method, uri: &str) -> Request<Body> {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .expect("request")
    }

    fn preflight(origin: &str, uri: &str, method: &str, headers: &str) -> Request<Body> {
        Request::builder()
            .method(Method::OPTIONS)
            .uri(uri)
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers)
            .body(Body::empty())
            .expect("request")
    }

    fn allowed(a: &Answer) -> Option<&str> {
        a.headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .and_then(|v| v.to_str().ok())
    }

    #[tokio::test]
    async fn a_configured_portal_may_read_the_catalog_and_send_a_request() {
        let (_dir, router) = router_with(&[PORTAL, "https://zwfw.example.gov.cn/"]).await;
        let a = send(&router, from(PORTAL, Method::GET, "/api/catalog")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(allowed(&a), Some(PORTAL));
        // Caches keep each origin's answer apart.
        let vary: Vec<String> = a
            .headers
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
            .collect();
        assert!(vary.iter().any(|v| v.contains("origin")), "{vary:?}");
        // The second origin, given with a trailing slash, is the origin without it.
        let a = send(
            &router,
            from("https://zwfw.example.gov.cn", Method::GET, "/api/catalog"),
        )
        .await;
        assert_eq!(allowed(&a), Some("https://zwfw.example.gov.cn"));
        // The form's preflight: POST with its JSON and idempotency key.
        let a = send(
            &router,
            preflight(
                PORTAL,
                "/api/requests",
                "POST",
                "content-type,idempotency-key",
            ),
        )
        .await;
        assert!(a.status.is_success(), "{}", a.status);
        assert_eq!(allowed(&a), Some(PORTAL));
        let methods = a.header(header::ACCESS_CONTROL_ALLOW_METHODS).to_owned();
        assert!(methods.contains("POST"), "{methods}");
        let headers = a
            .header(header::ACCESS_CONTROL_ALLOW_HEADERS)
            .to_ascii_lowercase();
        assert!(headers.contains("idempotency-key") && headers.contains("content-type"));
        // The request itself, sent from the portal's page.
        let mut req = post(Some("cors-1"), &valid_body().to_string());
        req.headers_mut()
            .insert(header::ORIGIN, PORTAL.parse().expect("origin"));
        let a = send(&router, req).await;
        assert_eq!(a.status, StatusCode::CREATED);
        assert_eq!(allowed(&a), Some(PORTAL));
    }

    #[tokio::test]
    async fn any_other_origin_and_the_staff_api_get_no_cross_origin_answer() {
        let (_dir, router) = router_with(&[PORTAL]).await;
        let a = send(
            &router,
            from("https://evil.example.com", Method::GET, "/api/catalog"),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "same-origin use is unchanged");
        assert_eq!(allowed(&a), None);
        for uri in ["/api/admin/session", "/api/admin/requests"] {
            let a = send(&router, preflight(PORTAL, uri, "POST", "content-type")).await;
            assert_eq!(allowed(&a), None, "{uri}: preflight");
            let a = send(&router, from(PORTAL, Method::GET, uri)).await;
            assert_eq!(allowed(&a), None, "{uri}");
        }
    }

    #[tokio::test]
    async fn without_configured_origins_nothing_is_answered_cross_origin() {
        let (_dir, router) = router_with(&[]).await;
        let a = send(&router, from(PORTAL, Method::GET, "/api/catalog")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(allowed(&a), None);
    }

    #[test]
    fn origins_are_checked_at_start() {
        use ysmap_server::security::cors_origins;
        assert!(cors_origins(&["https://*.example.gov.cn".into()]).is_err());
        assert!(cors_origins(&["https://www.example.gov.cn/zsyz/".into()]).is_err());
        assert!(cors_origins(&["www.example.gov.cn".into()]).is_err());
        assert_eq!(
            cors_origins(&[
                "HTTPS://WWW.Example.gov.cn/".into(),
                "https://www.example.gov.cn".into()
            ])
            .expect("valid")
            .len(),
            1
        );
    }
}

mod leases {
    use super::*;
    use chrono::{Duration, Utc};
    use ysmap_server::lease;

    #[tokio::test]
    async fn one_holder_at_a_time_until_it_ends_or_is_given_up() {
        let h = harness().await;
        let now = Utc::now();
        let until = now + Duration::minutes(1);
        let take = |holder: &'static str, at: chrono::DateTime<Utc>| {
            let db = h.db.clone();
            async move {
                lease::take(&db, "job", holder, at, at + Duration::minutes(1))
                    .await
                    .expect("asked")
            }
        };
        assert!(take("a", now).await, "a free job is taken");
        assert!(!take("b", now).await, "not while a's lease runs");
        assert!(take("a", now).await, "its holder renews it");
        assert!(!take("b", until - Duration::seconds(1)).await);
        assert!(
            take("b", until + Duration::seconds(1)).await,
            "an ended lease is taken over"
        );
        assert!(!take("a", until + Duration::seconds(2)).await);
        lease::give_up(&h.db, "job", "a").await.expect("asked");
        assert!(
            !take("a", until + Duration::seconds(2)).await,
            "only its holder gives it up"
        );
        lease::give_up(&h.db, "job", "b").await.expect("asked");
        assert!(
            take("a", until + Duration::seconds(2)).await,
            "given up, it is free"
        );
    }
}

mod openapi {
    use super::*;

    /// Every `$ref` in `v`.
    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[tokio::test]
    async fn describes_every_route_the_server_answers_and_no_other() {
        let (public, staff) = (ysmap_server::public_routes(), ysmap_server::staff_routes());
        assert_eq!(
            ysmap_server::openapi::undescribed(&public, &staff),
            Vec::<String>::new()
        );
        let h = harness().await;
        let a = send(&h.router, get("/api/openapi.json")).await;
        assert_eq!(a.status, StatusCode::OK);
        let doc = a.json();
        assert!(
            doc["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1.")),
            "{}",
            doc["openapi"]
        );
        let mut routed: Vec<String> = public
            .routes
            .iter()
            .chain(&staff.routes)
            .map(|(m, p)| format!("{} {p}", m.as_str().to_lowercase()))
            .collect();
        let mut documented: Vec<String> = doc["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .expect("a path item")
                    .keys()
                    .filter(|k| ["get", "post", "put", "delete", "patch"].contains(&k.as_str()))
                    .map(move |m| format!("{m} {path}"))
            })
            .collect();
        routed.sort();
        documented.sort();
        assert_eq!(documented, routed);
        assert!(routed.len() > 60, "{}", routed.len());
        // Every reference resolves inside the document.
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 100);
        for r in found {
            let pointer = r.strip_prefix('#').expect("a local reference");
            assert!(doc.pointer(pointer).is_some(), "{r} resolves");
        }
        // The catalog's schema is the model's: its parks have the model's fields.
        let park = &doc["components"]["schemas"]["Park"]["properties"];
        for field in ["id", "name", "boundary", "region_id", "contact"] {
            assert!(park.get(field).is_some(), "Park.{field} in {park}");
        }
    }
}
