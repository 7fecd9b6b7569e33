//! Delivery of the built app and the headers on every answer, against a real server on a
//! temporary SQLite file and a temporary `dist/`: precompressed files chosen by
//! `Accept-Encoding`, cache headers, the page for the app's own routes, the
//! Content-Security-Policy (with the page's inline hashes and the configured sources),
//! `robots.txt`, and JSON 404s for unknown API paths.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;
use ysmap_model::{Catalog, Lang};
use ysmap_server::Server;
use ysmap_server::config::Config;
use ysmap_server::first_screen;

mod common;
use common::{Answer, send};

/// The inline module script trunk 0.21 writes into `index.html`, as this test's page has it.
const LOADER: &str = "\nimport init, * as bindings from '/ysmap-app-0123456789abcdef.js';\nconst wasm = await init({ module_or_path: '/ysmap-app-0123456789abcdef_bg.wasm' });\nwindow.wasmBindings = bindings;\n";
/// The host page's inline style.
const STYLE: &str = "\n      html, body { margin: 0; height: 100%; }\n    ";
const JS_NAME: &str = "ysmap-app-0123456789abcdef.js";

fn index_html() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\" />\n<title>营商地图</title>\n<link rel=\"modulepreload\" href=\"/{JS_NAME}\" crossorigin=\"anonymous\">\n<style>{STYLE}</style>\n<script type=\"module\">{LOADER}</script>\n</head>\n<body>\n<div id=\"ysmap\"></div>\n</body>\n</html>\n"
    )
}

/// Something that compresses well, like the real glue code.
fn js() -> String {
    (0..400)
        .map(|i| format!("export function f{i}() {{ return wasm.__wbg_f{i}(); }}\n"))
        .collect()
}

fn catalog_json() -> String {
    let parks: Vec<String> = (0..50)
        .map(|i| {
            format!("{{\"id\": \"park-{i}\", \"name\": {{\"zh\": \"园区\", \"en\": \"Park\"}}}}")
        })
        .collect();
    format!("{{\"parks\": [{}]}}", parks.join(", "))
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// Writes `name` and its `.br` and `.gz` copies, as `cargo xtask` does after a build.
fn write_precompressed(dir: &Path, name: &str, content: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("in a folder")).expect("mkdir");
    std::fs::write(&path, content).expect("write");
    std::fs::write(dir.join(format!("{name}.br")), brotli(content)).expect("write br");
    std::fs::write(dir.join(format!("{name}.gz")), gzip(content)).expect("write gz");
}

/// The CSP hash source of an inline element's text, computed here on its own.
fn sha256_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

struct Site {
    _dir: tempfile::TempDir,
    router: Router,
    dist: std::path::PathBuf,
    db: sqlx::AnyPool,
}

/// A server over a built app in a temporary `dist/`, configured with a portal and a tile host.
async fn site() -> Site {
    site_with(|_| {}).await
}

async fn site_with(edit: impl FnOnce(&Path)) -> Site {
    site_configured(edit, |_| {}).await
}

async fn site_configured(edit: impl FnOnce(&Path), configure: impl FnOnce(&mut Config)) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    write_precompressed(&dist, "index.html", index_html().as_bytes());
    write_precompressed(&dist, JS_NAME, js().as_bytes());
    write_precompressed(&dist, "data/catalog.json", catalog_json().as_bytes());
    std::fs::write(dist.join("logo.png"), b"\x89PNG not really").expect("write");
    edit(&dist);
    let mut config = Config::for_data_dir(dir.path().join("data"));
    config.static_dir = dist.clone();
    config.frame_ancestors = vec!["self".into(), "https://www.example.gov.cn".into()];
    config.tile_origin = vec![
        "https://*.tianditu.gov.cn".into(),
        "https://tiles.example.cn".into(),
    ];
    configure(&mut config);
    let server = Server::start(&config).await.expect("server starts");
    Site {
        _dir: dir,
        router: server.router,
        dist,
        db: server.db,
    }
}

fn request(method: Method, uri: &str, headers: &[(header::HeaderName, &str)]) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        b = b.header(name, *value);
    }
    b.body(Body::empty()).expect("request")
}

async fn get(router: &Router, uri: &str, accept_encoding: Option<&str>) -> Answer {
    let headers: Vec<(header::HeaderName, &str)> = accept_encoding
        .map(|v| vec![(header::ACCEPT_ENCODING, v)])
        .unwrap_or_default();
    send(router, request(Method::GET, uri, &headers)).await
}

const BROWSER: &str = "gzip, deflate, br, zstd";

/// `template` as it is served to a reader of `lang`: with the first screen of the catalog the
/// server publishes inside its host element.
async fn served(s: &Site, template: &str, lang: Lang) -> String {
    let c = get(&s.router, "/api/catalog", None).await;
    let catalog: Catalog = serde_json::from_slice(&c.body).expect("the catalog");
    first_screen::insert(template, &first_screen::render(&catalog, None, lang))
        .expect("a host element")
}

mod encoding {
    use super::*;

    #[tokio::test]
    async fn brotli_when_the_client_takes_it() {
        let s = site().await;
        let a = get(&s.router, &format!("/{JS_NAME}"), Some(BROWSER)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.header(header::CONTENT_ENCODING), "br");
        assert!(a.header(header::CONTENT_TYPE).contains("javascript"));
        assert!(a.varies_by_encoding());
        assert_eq!(unbrotli(&a.body), js().as_bytes());
    }

    #[tokio::test]
    async fn gzip_when_it_does_not_take_brotli() {
        let s = site().await;
        for accept in ["gzip, deflate", "br;q=0, gzip", "gzip;q=0.5, br;q=0"] {
            let a = get(&s.router, &format!("/{JS_NAME}"), Some(accept)).await;
            assert_eq!(a.header(header::CONTENT_ENCODING), "gzip", "{accept}");
            assert!(a.varies_by_encoding());
            assert_eq!(ungzip(&a.body), js().as_bytes());
        }
    }

    #[tokio::test]
    async fn the_file_itself_when_it_takes_neither() {
        let s = site().await;
        for accept in [None, Some("identity"), Some("deflate, zstd")] {
            let a = get(&s.router, &format!("/{JS_NAME}"), accept).await;
            assert_eq!(a.status, StatusCode::OK);
            assert!(
                a.headers.get(header::CONTENT_ENCODING).is_none(),
                "{accept:?}"
            );
            assert!(a.varies_by_encoding());
            assert_eq!(a.body, js().as_bytes());
        }
    }

    #[tokio::test]
    async fn the_page_is_sent_in_the_best_coding_too() {
        let s = site().await;
        let page = served(&s, &index_html(), Lang::Zh).await;
        let br = get(&s.router, "/", Some(BROWSER)).await;
        assert_eq!(br.header(header::CONTENT_ENCODING), "br");
        assert_eq!(br.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
        assert!(br.varies_by_encoding());
        assert_eq!(unbrotli(&br.body), page.as_bytes());
        let gz = get(&s.router, "/", Some("gzip")).await;
        assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
        assert_eq!(ungzip(&gz.body), page.as_bytes());
        let plain = get(&s.router, "/index.html", None).await;
        assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.body, page.as_bytes());
    }

    #[tokio::test]
    async fn a_published_change_shows_in_the_first_screen_at_once() {
        let s = site().await;
        let admin = ysmap_model::staff::StaffUser {
            username: "admin".into(),
            role: ysmap_model::staff::Role::Admin,
            park_ids: vec![],
            region_id: None,
            display_name: String::new(),
            phone: String::new(),
            must_change_password: false,
        };
        ysmap_server::auth::create_user(&s.db, &admin, "a long enough password")
            .await
            .expect("account");
        let json = |b: serde_json::Value| Body::from(b.to_string());
        let signed = send(
            &s.router,
            Request::post("/api/admin/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(json(
                    serde_json::json!({"username": "admin", "password": "a long enough password"}),
                ))
                .expect("request"),
        )
        .await;
        let cookie = signed
            .header(header::SET_COOKIE)
            .split(';')
            .next()
            .expect("cookie")
            .to_owned();
        let csrf = signed.json()["csrf_token"]
            .as_str()
            .expect("token")
            .to_owned();
        let uri = "/api/admin/parks/park-industrial";
        let mut park = send(
            &s.router,
            Request::get(uri)
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .json();
        park["name"]["zh"] = "示例县高端装备产业园".into();
        let a = send(
            &s.router,
            Request::put(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &cookie)
                .header("X-CSRF-Token", &csrf)
                .body(json(park))
                .expect("request"),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&a.body)
        );
        let page = String::from_utf8(get(&s.router, "/", None).await.body).expect("utf-8");
        assert!(
            page.contains("示例县高端装备产业园"),
            "the first screen follows the catalog"
        );
    }

    #[tokio::test]
    async fn a_county_chosen_in_the_address_gets_its_own_first_screen() {
        let s = site().await;
        let page = |uri: &str| {
            let router = s.router.clone();
            let uri = uri.to_owned();
            async move {
                let a = send(&router, request(Method::GET, &uri, &[])).await;
                (a.status, String::from_utf8(a.body.to_vec()).expect("utf-8"))
            }
        };
        let (status, county) = page("/?ysmap=region%3Ddongyuan%26view%3Dfacilities").await;
        assert_eq!(status, StatusCode::OK);
        assert!(county.contains("东塬经济技术开发区"));
        assert!(
            !county.contains("示例县工业园区"),
            "the county's parks alone"
        );
        assert!(county.contains("<option selected>东塬区</option>"));
        // The whole city without a county, or with one the catalog does not have.
        let (_, city) = page("/").await;
        assert!(city.contains("示例县工业园区") && city.contains("东塬经济技术开发区"));
        assert_eq!(page("/?ysmap=region%3Datlantis").await.1, city);
        assert_eq!(page("/?other=1").await.1, city);
    }

    #[tokio::test]
    async fn the_page_carries_the_first_screen_in_the_readers_language() {
        let s = site().await;
        for (accept, lang, words) in [
            (None, Lang::Zh, "产业园区"),
            (Some("zh-CN,zh;q=0.9"), Lang::Zh, "产业园区"),
            (Some("en-GB,en;q=0.9"), Lang::En, "Industrial parks"),
        ] {
            let headers: Vec<(header::HeaderName, &str)> = accept
                .map(|a| vec![(header::ACCEPT_LANGUAGE, a)])
                .unwrap_or_default();
            let a = send(&s.router, request(Method::GET, "/", &headers)).await;
            let body = String::from_utf8(a.body.to_vec()).expect("utf-8");
            assert_eq!(body, served(&s, &index_html(), lang).await, "{accept:?}");
            assert!(body.contains(words), "{accept:?}");
            assert!(body.contains("class=\"ysmap ysmap-first-screen\""));
            assert!(
                a.header(header::VARY).contains("accept-language"),
                "{accept:?}"
            );
        }
        let zh = send(&s.router, request(Method::GET, "/", &[])).await;
        let en = send(
            &s.router,
            request(Method::GET, "/", &[(header::ACCEPT_LANGUAGE, "en")]),
        )
        .await;
        assert_ne!(
            zh.header(header::ETAG),
            en.header(header::ETAG),
            "a cache must not answer one language with the other"
        );
    }

    #[tokio::test]
    async fn a_copy_that_no_longer_matches_its_file_is_never_sent() {
        // A deployer edits files after the build: the host element's settings in index.html,
        // the static catalog. Their .br and .gz copies from the build are now wrong.
        let edited_page = index_html().replace(
            "<div id=\"ysmap\">",
            "<div id=\"ysmap\" data-tiles=\"osm\">",
        );
        let edited_catalog = catalog_json().replace("Park", "Edited park");
        let s = site_with(|dist| {
            std::fs::write(dist.join("index.html"), &edited_page).expect("edit");
            std::fs::write(dist.join("data/catalog.json"), &edited_catalog).expect("edit");
        })
        .await;
        // The page is made at start from the edited file (with the first screen in it).
        let page = get(&s.router, "/", Some(BROWSER)).await;
        assert_eq!(
            unbrotli(&page.body),
            served(&s, &edited_page, Lang::Zh).await.as_bytes()
        );
        let catalog = get(&s.router, "/data/catalog.json", Some(BROWSER)).await;
        assert!(catalog.headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(catalog.body, edited_catalog.as_bytes());
        // Files whose copies still match keep them.
        let js = get(&s.router, &format!("/{JS_NAME}"), Some(BROWSER)).await;
        assert_eq!(js.header(header::CONTENT_ENCODING), "br");
        assert!(
            s.dist.join("data/catalog.json.br").exists(),
            "nothing is deleted"
        );
    }
}

mod caching {
    use super::*;

    const IMMUTABLE: &str = "public, max-age=31536000, immutable";

    #[tokio::test]
    async fn hashed_files_are_immutable_in_every_coding() {
        let s = site().await;
        for accept in [Some(BROWSER), Some("gzip"), None] {
            let a = get(&s.router, &format!("/{JS_NAME}"), accept).await;
            assert_eq!(a.header(header::CACHE_CONTROL), IMMUTABLE, "{accept:?}");
        }
    }

    #[tokio::test]
    async fn the_page_is_revalidated_and_answers_304_when_current() {
        let s = site().await;
        for path in ["/", "/index.html"] {
            let a = get(&s.router, path, Some(BROWSER)).await;
            assert_eq!(a.status, StatusCode::OK);
            assert_eq!(a.header(header::CACHE_CONTROL), "no-cache");
            let etag = a.header(header::ETAG).to_owned();
            let again = send(
                &s.router,
                request(
                    Method::GET,
                    path,
                    &[
                        (header::IF_NONE_MATCH, &etag),
                        (header::ACCEPT_ENCODING, BROWSER),
                    ],
                ),
            )
            .await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED);
            assert!(again.body.is_empty());
            assert_eq!(again.header(header::CACHE_CONTROL), "no-cache");
        }
    }

    #[tokio::test]
    async fn the_apps_own_routes_get_the_page_revalidated() {
        let s = site().await;
        // An app route, a folder, and a hashed name that is not there (an old build's asset):
        // the page, never cached for a year.
        for path in [
            "/parks/park-industrial",
            "/data/",
            "/ysmap-app-ffffffffffffffff.js",
        ] {
            let a = get(&s.router, path, Some("gzip")).await;
            assert_eq!(a.status, StatusCode::OK, "{path}");
            assert_eq!(
                a.header(header::CONTENT_TYPE),
                "text/html; charset=utf-8",
                "{path}"
            );
            assert_eq!(a.header(header::CACHE_CONTROL), "no-cache", "{path}");
            assert!(a.varies_by_encoding());
            assert_eq!(
                ungzip(&a.body),
                served(&s, &index_html(), Lang::Zh).await.as_bytes(),
                "{path}"
            );
        }
    }

    #[tokio::test]
    async fn data_files_are_revalidated_by_their_modification_time() {
        let s = site().await;
        let a = get(&s.router, "/data/catalog.json", Some(BROWSER)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.header(header::CACHE_CONTROL), "no-cache");
        assert_eq!(a.header(header::CONTENT_ENCODING), "br");
        let modified = a.header(header::LAST_MODIFIED).to_owned();
        let again = send(
            &s.router,
            request(
                Method::GET,
                "/data/catalog.json",
                &[
                    (header::IF_MODIFIED_SINCE, &modified),
                    (header::ACCEPT_ENCODING, BROWSER),
                ],
            ),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert_eq!(again.header(header::CACHE_CONTROL), "no-cache");
        let png = get(&s.router, "/logo.png", Some(BROWSER)).await;
        assert!(png.headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(png.header(header::CACHE_CONTROL), "no-cache");
    }
}

mod headers {
    use super::*;

    /// Every kind of answer: the API, its errors, the page, a file, the app's routes, robots,
    /// health, a method the files do not take.
    const ANSWERS: &[(&str, &str)] = &[
        ("GET", "/api/catalog"),
        ("GET", "/api/requests/YS-0000-0000?phone_last4=1234"),
        ("GET", "/api/nothing-here"),
        ("POST", "/api/catalog"),
        ("GET", "/"),
        ("GET", "/ysmap-app-0123456789abcdef.js"),
        ("GET", "/data/catalog.json"),
        ("GET", "/parks/park-industrial"),
        ("GET", "/robots.txt"),
        ("GET", "/healthz"),
        ("POST", "/ysmap-app-0123456789abcdef.js"),
    ];

    #[tokio::test]
    async fn every_answer_carries_the_policy_and_the_other_headers() {
        let s = site().await;
        for (method, path) in ANSWERS {
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let a = send(
                &s.router,
                request(method.clone(), path, &[(header::ACCEPT_ENCODING, BROWSER)]),
            )
            .await;
            let what = format!("{method} {path} ({})", a.status);
            let csp = a.header(header::CONTENT_SECURITY_POLICY);
            for part in [
                "default-src 'none'",
                &format!(
                    "script-src 'self' 'wasm-unsafe-eval' {}",
                    sha256_source(LOADER)
                ),
                &format!("style-src 'self' {}", sha256_source(STYLE)),
                "img-src 'self' data: https://*.tianditu.gov.cn https://tiles.example.cn",
                "connect-src 'self'",
                "frame-ancestors 'self' https://www.example.gov.cn",
                "base-uri 'self'",
                "form-action 'self'",
                "object-src 'none'",
            ] {
                assert!(csp.contains(part), "{what}: {part:?} missing from {csp}");
            }
            assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
            assert_eq!(
                a.header(header::X_CONTENT_TYPE_OPTIONS),
                "nosniff",
                "{what}"
            );
            assert_eq!(
                a.header(header::REFERRER_POLICY),
                "strict-origin-when-cross-origin",
                "{what}"
            );
            assert!(a.headers.get(header::X_FRAME_OPTIONS).is_none(), "{what}");
        }
    }

    #[tokio::test]
    async fn without_the_app_the_api_still_carries_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_data_dir(dir.path().join("data"));
        config.static_dir = dir.path().join("no-app-here");
        let server = Server::start(&config).await.expect("starts");
        for path in ["/api/catalog", "/", "/robots.txt"] {
            let a = get(&server.router, path, None).await;
            let csp = a.header(header::CONTENT_SECURITY_POLICY);
            assert!(
                csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval';"),
                "{csp}"
            );
            assert!(csp.contains("frame-ancestors 'self';"), "{csp}");
            assert!(csp.contains("https://*.tianditu.gov.cn https://tile.openstreetmap.org https://*.is.autonavi.com"), "{csp}");
            assert_eq!(a.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        }
    }

    #[tokio::test]
    async fn a_bad_source_in_the_configuration_stops_the_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_data_dir(dir.path().join("data"));
        config.frame_ancestors = vec!["https://portal.example.gov.cn; script-src *".into()];
        let err = Server::start(&config).await.err().expect("refused");
        assert!(format!("{err:#}").contains("--frame-ancestors"), "{err:#}");
    }
}

mod robots {
    use super::*;

    #[tokio::test]
    async fn allows_the_map_and_keeps_crawlers_off_the_api() {
        let s = site().await;
        let a = get(&s.router, "/robots.txt", None).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.header(header::CONTENT_TYPE).starts_with("text/plain"));
        let text = String::from_utf8(a.body).expect("utf-8");
        assert!(text.contains("User-agent: *\n"), "{text}");
        assert!(text.contains("Allow: /\n"), "{text}");
        assert!(text.contains("Disallow: /api/\n"), "{text}");
    }
}

mod unknown_api_paths {
    use super::*;

    #[tokio::test]
    async fn answer_a_json_404_in_the_asked_language_whatever_the_method() {
        let s = site().await;
        for method in [Method::GET, Method::POST, Method::DELETE, Method::HEAD] {
            for path in [
                "/api/nothing-here",
                "/api/requests/YS-1/extra",
                "/api",
                "/api/",
            ] {
                for (lang, expected) in [
                    (None, "没有这个接口"),
                    (Some("en-GB,en;q=0.9"), "There is no such API endpoint"),
                ] {
                    let mut headers = vec![(header::ACCEPT_ENCODING, "identity")];
                    if let Some(l) = lang {
                        headers.push((header::ACCEPT_LANGUAGE, l));
                    }
                    let a = send(&s.router, request(method.clone(), path, &headers)).await;
                    let what = format!("{method} {path} {lang:?}");
                    assert_eq!(a.status, StatusCode::NOT_FOUND, "{what}");
                    assert!(
                        a.header(header::CONTENT_TYPE)
                            .starts_with("application/json"),
                        "{what}"
                    );
                    if method == Method::HEAD {
                        continue;
                    }
                    let body = a.json();
                    let error = &body["errors"][0];
                    assert_eq!(error["code"], "not_found", "{what}: {body}");
                    assert_eq!(error["field"], "", "{what}: {body}");
                    assert!(
                        error["message"]
                            .as_str()
                            .expect("message")
                            .contains(expected),
                        "{what}: {body}"
                    );
                }
            }
        }
    }

    #[tokio::test]
    async fn zh_is_answered_in_chinese() {
        let s = site().await;
        let a = send(
            &s.router,
            request(
                Method::POST,
                "/api/nothing-here",
                &[(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9,en;q=0.8")],
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        assert_eq!(a.header(header::CONTENT_LANGUAGE), "zh-CN");
        assert!(
            a.json()["errors"][0]["message"]
                .as_str()
                .expect("message")
                .contains("没有这个接口")
        );
    }
}

/// A portal's page that embeds the map inline (embed.js) imports the app's files from here:
/// they answer the configured portals, and only them.
#[tokio::test]
async fn the_app_s_files_answer_the_configured_portals_pages() {
    const PORTAL: &str = "https://www.example.gov.cn";
    let s = site_configured(
        |dist| std::fs::write(dist.join("embed.js"), "(() => {})();").expect("write"),
        |config| config.cors_origins = vec![PORTAL.into()],
    )
    .await;
    let from = |origin: &str, uri: &str| {
        request(
            Method::GET,
            uri,
            &[(header::ORIGIN, origin), (header::ACCEPT_ENCODING, BROWSER)],
        )
    };
    for uri in ["/embed.js", &format!("/{JS_NAME}")] {
        let a = send(&s.router, from(PORTAL, uri)).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert_eq!(
            a.header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            PORTAL,
            "{uri}"
        );
        let other = send(&s.router, from("https://elsewhere.example.com", uri)).await;
        assert!(
            other
                .headers
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none(),
            "{uri}"
        );
    }
    // Without a configured portal, nothing answers another origin.
    let plain = site().await;
    let a = send(&plain.router, from(PORTAL, &format!("/{JS_NAME}"))).await;
    assert!(a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}
