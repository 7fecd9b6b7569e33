//! The built app (trunk's `dist/`) as the server sends it.
//!
//! - Files go out as they were precompressed at build time (`X.br`, `X.gz` beside `X`, made by
//!   `cargo xtask`), chosen by `Accept-Encoding`, with `Vary: Accept-Encoding`.
//! - Files whose names carry trunk's content hash (`ysmap-app-<hash>.js`, `…_bg.wasm`,
//!   `app-<hash>.css`) never change under their name: cached for a year, `immutable`. Everything
//!   else (`index.html`, `data/*.json`) is `no-cache`: stored, but revalidated every time, so a
//!   new build or an edited file shows at once.
//! - `index.html` is read once at start and sent from memory, at `/`, `/index.html` and for every
//!   path that is not a file (the app's own routes): the Content-Security-Policy holds the hashes
//!   of its inline script and style, and must describe exactly the page that is sent.
//! - The page carries the first screen (`first_screen.rs`) in the reader's language
//!   (`Accept-Language`), so its answer varies by language too.
//! - A precompressed copy that does not match its file (the file was edited after the build: a
//!   deployer sets the host element's attributes in `index.html`, or replaces
//!   `data/catalog.json`) is never sent; the server says so at start.

use crate::error::requested_lang;
use crate::first_screen;
use crate::html;
use crate::negotiate;
use anyhow::Context;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;
use ysmap_model::Lang;

/// For hashed file names: a year, the longest that caches honour.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// For everything else: keep, but ask every time (answered by a 304 when unchanged).
const REVALIDATE: &str = "no-cache";

/// `robots.txt`: the public map may be indexed; the API is not for crawlers.
pub const ROBOTS_TXT: &str = "User-agent: *\nAllow: /\nDisallow: /api/\n";

/// The built app, ready to serve.
#[derive(Clone)]
pub struct Site {
    dir: PathBuf,
    index: Arc<IndexPage>,
    /// The staff console's page (`console/index.html`), when it was built.
    console: Option<Arc<(html::Page, IndexBody)>>,
    /// The page with the live catalog's first screen, when the page has a host element.
    first_screen: Option<Arc<FirstScreen>>,
    /// `(path under dir, coding)` of precompressed copies that must not be sent.
    stale: Arc<HashSet<(String, Coding)>>,
}

/// A precompressed coding, by its `Accept-Encoding` name and file suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Coding {
    Br,
    Gzip,
}

impl Coding {
    const ALL: [Coding; 2] = [Coding::Br, Coding::Gzip];

    fn name(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gzip",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gz",
        }
    }

    /// `data` decoded, or `None` when it is not valid in this coding. Reads at most `limit`
    /// bytes: a copy that decodes to more cannot match.
    fn decode(self, data: &[u8], limit: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let limit = limit as u64 + 1;
        let read = match self {
            Coding::Br => brotli_decompressor::Decompressor::new(data, 4096)
                .take(limit)
                .read_to_end(&mut out),
            Coding::Gzip => flate2::read::GzDecoder::new(data)
                .take(limit)
                .read_to_end(&mut out),
        };
        read.ok().map(|_| out)
    }
}

/// `index.html`, as read at start: what it holds, and what is sent in each language.
struct IndexPage {
    page: html::Page,
    /// Sent to Chinese readers (and to those who ask for neither language).
    zh: IndexBody,
    /// Sent to English readers.
    en: IndexBody,
}

/// One version of `index.html`, in each coding.
struct IndexBody {
    identity: Bytes,
    br: Option<Bytes>,
    gzip: Bytes,
    etag: HeaderValue,
}

impl IndexBody {
    /// `identity` with its gzip copy (`gzip`, or made here: the page is small) and its
    /// brotli copy when the build made one.
    fn new(identity: Vec<u8>, br: Option<Bytes>, gzip: Option<Bytes>) -> anyhow::Result<Self> {
        let gzip = match gzip {
            Some(g) => g,
            None => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                gz.write_all(&identity)?;
                Bytes::from(gz.finish()?)
            }
        };
        let digest = Sha256::digest(&identity);
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        // Weak: the codings differ in bytes, not in meaning (as the catalog's).
        let etag = HeaderValue::from_str(&format!("W/\"{hex}\""))?;
        Ok(IndexBody {
            identity: Bytes::from(identity),
            br,
            gzip,
            etag,
        })
    }
}

impl Site {
    /// The app in `dir`, or `None` when there is no `index.html` there (API only). Checks every
    /// precompressed copy against its file.
    pub fn load(dir: &Path) -> anyhow::Result<Option<Site>> {
        let index_path = dir.join("index.html");
        if !index_path.is_file() {
            return Ok(None);
        }
        let stale = stale_copies(dir)?;
        for (path, coding) in &stale {
            tracing::warn!(
                "{}/{path}.{} does not match {path} (edited after the build?); sending {path} without it. Rebuild, or delete the .br and .gz copies of files you edit",
                dir.display(),
                coding.suffix()
            );
        }
        let identity = std::fs::read(&index_path)
            .with_context(|| format!("cannot read {}", index_path.display()))?;
        let text = std::str::from_utf8(&identity)
            .with_context(|| format!("{} is not UTF-8", index_path.display()))?;
        let page = html::read(text);
        let copy = |coding: Coding| -> Option<Bytes> {
            if stale.contains(&("index.html".to_owned(), coding)) {
                return None;
            }
            let path = dir.join(format!("index.html.{}", coding.suffix()));
            std::fs::read(path).ok().map(Bytes::from)
        };
        let body = || IndexBody::new(identity.clone(), copy(Coding::Br), copy(Coding::Gzip));
        let console = match std::fs::read(dir.join(CONSOLE_INDEX)) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                Some(Arc::new((
                    html::read(&text),
                    IndexBody::new(bytes, None, None)?,
                )))
            }
            Err(_) => None,
        };
        Ok(Some(Site {
            console,
            first_screen: None,
            dir: dir.to_owned(),
            index: Arc::new(IndexPage {
                page,
                zh: body()?,
                en: body()?,
            }),
            stale: Arc::new(stale),
        }))
    }

    /// The site with the first screen of the live catalog (`first_screen.rs`) inside the page,
    /// in the reader's language, made again after every publication; the page as it was when
    /// it has no host element.
    pub fn with_first_screen(self, live: Arc<crate::catalog::Live>) -> anyhow::Result<Site> {
        let template = String::from_utf8_lossy(&self.index.zh.identity).into_owned();
        let generation = live.generation();
        let Some(pages) = first_screen_pages(&template, &live.current().catalog)? else {
            tracing::warn!(
                "index.html has no element with id=\"ysmap\": sending it without the first screen"
            );
            return Ok(self);
        };
        Ok(Site {
            first_screen: Some(Arc::new(FirstScreen {
                template,
                live,
                pages: std::sync::RwLock::new((generation, Arc::new(pages))),
            })),
            ..self
        })
    }

    /// What the pages hold, for the Content-Security-Policy: `index.html`, with the inline
    /// script and style of the console's page added when there is one.
    pub fn page(&self) -> html::Page {
        let mut page = self.index.page.clone();
        if let Some(console) = &self.console {
            page.inline_scripts
                .extend(console.0.inline_scripts.iter().cloned());
            page.inline_styles
                .extend(console.0.inline_styles.iter().cloned());
        }
        page
    }

    /// `router` with the app added: `index.html` at `/`, the files, and `index.html` for every
    /// other path that is not a file. Routes already in `router` (the API) come first. The
    /// files answer other origins' pages through `cors` (embed.js in a portal's page).
    pub fn mount(self, router: Router, cors: Option<tower_http::cors::CorsLayer>) -> Router {
        let index = get(send_index).with_state(self.clone());
        let files = ServeDir::new(&self.dir)
            // A folder is not a page of the app: let the fallback answer with index.html.
            .append_index_html_on_directories(false)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index.clone());
        let files = tower::ServiceBuilder::new()
            .option_layer(cors)
            .layer(middleware::from_fn_with_state(self.clone(), file_headers))
            .service(files);
        let router = match self.console.clone() {
            Some(console) => {
                let page = get(move |headers: HeaderMap| {
                    let console = console.clone();
                    async move { send_page(&console.1, &headers, "accept-encoding") }
                });
                router
                    .route(
                        "/console",
                        get(|| async { axum::response::Redirect::permanent("console/") }),
                    )
                    .route("/console/", page.clone())
                    .route("/console/index.html", page)
            }
            None => router,
        };
        router
            .route("/", index.clone())
            .route("/index.html", index)
            .fallback_service(files)
    }
}

/// Every `X.br` / `X.gz` under `dir` that does not decode to `X`.
fn stale_copies(dir: &Path) -> anyhow::Result<HashSet<(String, Coding)>> {
    let mut stale = HashSet::new();
    let mut files = Vec::new();
    walk(dir, &mut files).with_context(|| format!("cannot list {}", dir.display()))?;
    for file in files {
        if !ysmap_model::page::is_precompressed(&file) {
            continue;
        }
        let mut original: Option<Vec<u8>> = None;
        for coding in Coding::ALL {
            let mut name = file.as_os_str().to_owned();
            name.push(".");
            name.push(coding.suffix());
            let Ok(copy) = std::fs::read(PathBuf::from(name)) else {
                continue;
            };
            let original = match &mut original {
                Some(o) => o,
                None => original.insert(
                    std::fs::read(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?,
                ),
            };
            if coding.decode(&copy, original.len()).as_deref() != Some(&original[..]) {
                let relative = file.strip_prefix(dir).unwrap_or(&file);
                let relative: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                stale.insert((relative.join("/"), coding));
            }
        }
    }
    Ok(stale)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The page with the first screen of the live catalog, both languages, and the publication it
/// was made from.
struct FirstScreen {
    template: String,
    live: Arc<crate::catalog::Live>,
    pages: std::sync::RwLock<(u64, Arc<Pages>)>,
}

/// The page with a first screen inside, in Chinese and in English, for the whole catalog (key
/// `""`) and for each county of a city's (its id: the app's address chose it).
type Pages = std::collections::HashMap<String, (IndexBody, IndexBody)>;

impl FirstScreen {
    /// The pages for the catalog as published now: made again (once) after a publication.
    async fn pages(self: &Arc<Self>) -> Arc<Pages> {
        let generation = self.live.generation();
        let cached = match self.pages.read() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if cached.0 == generation {
            return cached.1;
        }
        let me = self.clone();
        // Brotli at quality 11 takes a moment: off the async threads.
        let made = tokio::task::spawn_blocking(move || {
            first_screen_pages(&me.template, &me.live.current().catalog)
        })
        .await;
        match made {
            Ok(Ok(Some(pages))) => {
                let pages = Arc::new(pages);
                if let Ok(mut p) = self.pages.write() {
                    *p = (generation, pages.clone());
                }
                pages
            }
            _ => {
                tracing::error!("the first screen could not be made again; sending the last one");
                cached.1
            }
        }
    }
}

/// The pages with `catalog`'s first screens inside ([`Pages`]); `None` when the page has no
/// host element.
fn first_screen_pages(
    template: &str,
    catalog: &ysmap_model::Catalog,
) -> anyhow::Result<Option<Pages>> {
    let mut pages = Pages::new();
    let counties = catalog.regions.iter().map(|r| Some(r.id.as_str()));
    for region in std::iter::once(None).chain(counties.filter(|_| catalog.regions.len() > 1)) {
        let Some(both) = first_screen_page(template, catalog, region)? else {
            return Ok(None);
        };
        pages.insert(region.unwrap_or_default().to_owned(), both);
    }
    Ok(Some(pages))
}

/// The page with the first screen of `catalog` (or its county `region`) inside, in Chinese and
/// in English; `None` when the page has no host element.
fn first_screen_page(
    template: &str,
    catalog: &ysmap_model::Catalog,
    region: Option<&str>,
) -> anyhow::Result<Option<(IndexBody, IndexBody)>> {
    let body = |lang| -> anyhow::Result<Option<IndexBody>> {
        first_screen::insert(template, &first_screen::render(catalog, region, lang))
            .map(|page| {
                let mut br = Vec::new();
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 11,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut page.as_bytes(), &mut br, &params)?;
                IndexBody::new(page.into_bytes(), Some(Bytes::from(br)), None)
            })
            .transpose()
    };
    Ok(match (body(Lang::Zh)?, body(Lang::En)?) {
        (Some(zh), Some(en)) => Some((zh, en)),
        _ => None,
    })
}

/// `index.html` from memory, in the best coding the client takes; 304 when its copy is current.
async fn send_index(
    State(site): State<Site>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Response {
    let english = requested_lang(&headers) == Some(Lang::En);
    // The first screen inside the page is in the reader's language, and of the county the
    // address chose.
    let vary = "accept-encoding, accept-language";
    if let Some(first) = &site.first_screen {
        let pages = first.pages().await;
        let region = query
            .as_deref()
            .and_then(region_in_address)
            .unwrap_or_default();
        let Some(both) = pages.get(&region).or_else(|| pages.get("")) else {
            return send_page(&site.index.zh, &headers, vary);
        };
        return send_page(if english { &both.1 } else { &both.0 }, &headers, vary);
    }
    let page = if english {
        &site.index.en
    } else {
        &site.index.zh
    };
    send_page(page, &headers, vary)
}

/// The county the app's address chose: `region` inside the app's own query key (`ysmap`, a
/// query string of its own: `?ysmap=region%3Dshili`, src/url_state.rs).
fn region_in_address(query: &str) -> Option<String> {
    use ysmap_model::page::{STATE_KEY, STATE_REGION};
    let (_, state) = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == STATE_KEY)?;
    form_urlencoded::parse(state.as_bytes())
        .find(|(k, _)| k == STATE_REGION)
        .map(|(_, v)| v.into_owned())
}

/// The console's page, under `dist/`.
pub const CONSOLE_INDEX: &str = "console/index.html";

/// A page from memory, in the best coding the client takes; 304 when its copy is current.
fn send_page(page: &IndexBody, headers: &HeaderMap, vary: &'static str) -> Response {
    let current = negotiate::not_modified(headers, &page.etag);
    let mut response = if current {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let offered: &[&str] = if page.br.is_some() {
            &["br", "gzip"]
        } else {
            &["gzip"]
        };
        let (body, coding) = match negotiate::choose(headers, offered) {
            Some("br") => (page.br.clone().unwrap_or_default(), Some("br")),
            Some(_) => (page.gzip.clone(), Some("gzip")),
            None => (page.identity.clone(), None),
        };
        let mut r = Response::new(Body::from(body));
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        if let Some(c) = coding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
        }
        r
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, page.etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    h.insert(header::VARY, HeaderValue::from_static(vary));
    response
}

/// Around `ServeDir`: keeps stale precompressed copies out of the negotiation, and sets
/// `Cache-Control` and `Vary` on what it sends.
async fn file_headers(State(site): State<Site>, mut req: Request, next: Next) -> Response {
    let path = percent_encoding::percent_decode_str(req.uri().path())
        .decode_utf8_lossy()
        .trim_start_matches('/')
        .to_owned();
    let refused: Vec<&str> = Coding::ALL
        .into_iter()
        .filter(|c| site.stale.contains(&(path.clone(), *c)))
        .map(Coding::name)
        .collect();
    if !refused.is_empty() {
        let kept = without_codings(req.headers(), &refused);
        let h = req.headers_mut();
        h.remove(header::ACCEPT_ENCODING);
        if let Ok(v) = HeaderValue::from_str(&kept) {
            h.insert(header::ACCEPT_ENCODING, v);
        }
    }
    let mut response = next.run(req).await;
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let h = response.headers_mut();
    // Already set: the page from memory (also the answer for a hashed name that is not there,
    // which must not be kept for a year).
    if !h.contains_key(header::CACHE_CONTROL) {
        let policy = if ok && is_hashed(&path) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    let varies = h.get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    });
    if !varies {
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// `Accept-Encoding` without the `refused` codings.
fn without_codings(headers: &HeaderMap, refused: &[&str]) -> String {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter(|entry| {
            let name = entry.split(';').next().unwrap_or("").trim();
            !refused.iter().any(|r| name.eq_ignore_ascii_case(r))
        })
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a file's name carries trunk's content hash: `name-<16 hex>` before the extension,
/// with wasm-bindgen's `_bg` after it for the wasm (`ysmap-app-0123456789abcdef_bg.wasm`).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _extension)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(base, hash)| {
        !base.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// `GET /robots.txt`.
pub async fn robots() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ROBOTS_TXT,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_trunks_hashed_names() {
        for hashed in [
            "ysmap-app-0123456789abcdef.js",
            "ysmap-app-0123456789abcdef_bg.wasm",
            "app-fedcba9876543210.css",
            "sub/dir/app-fedcba9876543210.css",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "index.html",
            "data/catalog.json",
            "robots.txt",
            "-0123456789abcdef.js",
            "app-0123456789abcdeg.js",
            "app-0123456789abcdef",
            "snippets/ysmap-map-0123456789abcdef/inline0.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn drops_only_the_refused_codings() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br;q=1, zstd"),
        );
        assert_eq!(without_codings(&h, &["br"]), "gzip, deflate, zstd");
        assert_eq!(without_codings(&h, &["br", "gzip"]), "deflate, zstd");
    }

    #[test]
    fn finds_copies_that_do_not_match_their_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write =
            |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("write");
        let gzip = |bytes: &[u8]| {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(bytes).expect("gzip");
            gz.finish().expect("gzip")
        };
        write("a.js", b"let a = 1;");
        write("a.js.gz", &gzip(b"let a = 1;"));
        write("b.json", b"{\"edited\": true}");
        write("b.json.gz", &gzip(b"{\"edited\": false}"));
        write("b.json.br", b"not brotli");
        write("c.png", b"png");
        write("c.png.gz", b"not ours to check");
        let stale = stale_copies(dir.path()).expect("scan");
        let expected: HashSet<(String, Coding)> = [
            ("b.json".to_owned(), Coding::Gzip),
            ("b.json".to_owned(), Coding::Br),
        ]
        .into();
        assert_eq!(stale, expected);
    }
}
