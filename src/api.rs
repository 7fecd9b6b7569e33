//! The API client: the catalog (from the server, or the static file when there is none),
//! submitting an assistance request, and looking one up.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use ysmap_model::catalog::compact::{self, CompactError};
use ysmap_model::request::{InvestorAction, Receipt, RequestView};
use ysmap_model::search::Spellings;
use ysmap_model::validation::{ErrorBody, WireFieldError};
use ysmap_model::{Catalog, Lang};

/// What can go wrong talking to the server.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// No answer: offline, DNS, CORS, the server down.
    #[error("the network request failed: {0}")]
    Network(String),
    /// The server answered with an error of its own making (5xx, or an unexpected status).
    #[error("the server answered {0}")]
    Status(u16),
    /// The answer was not what the contract says.
    #[error("the answer could not be read: {0}")]
    Decode(String),
    /// The catalog was encoded by another build: this page is out of date (reloading fixes it).
    #[error("the page is older than the server")]
    Outdated,
    /// The server refused the input, field by field (4xx with `{"errors": [...]}`).
    #[error("the server refused the input ({status})")]
    Rejected {
        /// The HTTP status.
        status: u16,
        /// What was wrong.
        errors: Vec<WireFieldError>,
    },
}

/// Where the catalog came from: the live API, or the static file shipped beside the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogOrigin {
    /// `GET /api/catalog.postcard`: the server is there, so requests can be sent.
    Api,
    /// `data/catalog.postcard` (static files alone): browse only; the form shows how to reach
    /// the county instead.
    StaticFile,
}

/// A loaded catalog and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    /// The catalog.
    pub catalog: Arc<Catalog>,
    /// The pinyin of its names, for search.
    pub spellings: Arc<Spellings>,
    /// Where from.
    pub origin: CatalogOrigin,
}

/// The client, configured with where the server is.
#[derive(Debug, Clone)]
pub struct Api {
    base: String,
}

impl Api {
    /// A client for the API under `base` (empty: the page's origin).
    pub fn new(base: String) -> Self {
        Api { base }
    }

    /// The staff console's address (a second page beside the app, `console/`).
    pub fn console_url(&self) -> String {
        self.url("console/")
    }

    /// A file the server keeps (`/api/photos/…`) at the API's address; another site's as it is.
    pub fn asset_url(&self, url: &str) -> String {
        self.url(url)
    }

    fn url(&self, path: &str) -> String {
        ysmap_model::page::server_address(&self.base, path)
    }

    /// The catalog from the API; when the API cannot be reached, from the static file. Both
    /// in the compact encoding (`ysmap_model::catalog::compact`); other systems read the JSON.
    ///
    /// With `region` (a county's embed, `data-region`), that county's catalog alone: the
    /// server's `?region=`, or the static file narrowed here.
    pub async fn catalog(&self, region: Option<&str>) -> Result<LoadedCatalog, ApiError> {
        let query: Vec<(&str, &str)> = region.map(|r| ("region", r)).into_iter().collect();
        let ((catalog, spellings), origin) =
            match get_catalog(Request::get(&self.url("api/catalog.postcard")).query(query)).await {
                Ok(c) => (c, CatalogOrigin::Api),
                // The server is there, and newer than this page.
                Err(ApiError::Outdated) => return Err(ApiError::Outdated),
                Err(api_error) => {
                    leptos::logging::warn!(
                        "API catalog unavailable ({api_error}); trying the static catalog"
                    );
                    let url = self.url("data/catalog.postcard");
                    (
                        get_catalog(Request::get(&url)).await?,
                        CatalogOrigin::StaticFile,
                    )
                }
            };
        mark("ysmap-catalog-parsed");
        // The static file holds the whole city; the server's answer for a county is that
        // county's already (narrowing it again finds the same).
        let catalog = match region.filter(|_| catalog.regions.len() > 1) {
            Some(r) => catalog.for_region(r).unwrap_or(catalog),
            None => catalog,
        };
        Ok(LoadedCatalog {
            catalog: Arc::new(catalog),
            spellings: Arc::new(spellings),
            origin,
        })
    }

    /// The GB/T 4754-2017 table (`ysmap_model::gbt4754`), shipped beside the app, as text.
    pub async fn classification(&self) -> Result<String, ApiError> {
        let url = self.url("data/gbt4754-2017-divisions.tsv");
        let res = Sendable::from(Request::get(&url)).send().await?;
        if !res.ok() {
            return Err(ApiError::Status(res.status()));
        }
        res.text()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))
    }

    /// Sends an assistance request (`request`: its JSON). `key` is the idempotency key: reuse it
    /// when retrying the same request, so that a retry never makes a second record.
    pub async fn submit(&self, key: &str, request: &str, lang: Lang) -> Result<Receipt, ApiError> {
        let req = Request::post(&self.url("api/requests"))
            .header("Idempotency-Key", key)
            .header("Accept-Language", lang.tag())
            .header("Content-Type", "application/json")
            .body(request)
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        get_json(req).await
    }

    /// The status of a request, given its code and the phone's last four digits.
    pub async fn lookup(
        &self,
        code: &str,
        phone_last4: &str,
        lang: Lang,
    ) -> Result<RequestView, ApiError> {
        let url = format!(
            "{}?phone_last4={}",
            self.url(&format!("api/requests/{code}")),
            phone_last4
        );
        get_json(Request::get(&url).header("Accept-Language", lang.tag())).await
    }

    /// Acts on a request (`rating`, `complaint`, `withdraw`, `erase`) with the phone's last
    /// four digits as proof; answers the request as it now is.
    pub async fn act(
        &self,
        code: &str,
        verb: &str,
        action: &InvestorAction,
        lang: Lang,
    ) -> Result<RequestView, ApiError> {
        let req = Request::post(&self.url(&format!("api/requests/{code}/{verb}")))
            .header("Accept-Language", lang.tag())
            .json(action)
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        get_json(req).await
    }
}

/// A `performance.mark`: the page's own clock for its milestones (benchmarks read them).
pub fn mark(name: &str) {
    if let Some(p) = leptos::prelude::window().performance() {
        let _ = p.mark(name);
    }
}

/// Times what one change of the finder costs (`cargo xtask bench finder` reads it): from the
/// change, `ysmap-finder-work` ends when the search, filters, counts, ranking and the list's and
/// map's updates have run (they run as microtasks, before the next task), `ysmap-finder-frame`
/// at the next frame, when the browser paints them.
pub fn time_finder_change() {
    const START: &str = "ysmap-finder-change";
    let Some(p) = leptos::prelude::window().performance() else {
        return;
    };
    p.clear_marks_with_mark_name(START);
    let _ = p.mark(START);
    let measure = |name: &'static str| {
        move || {
            if let Some(p) = leptos::prelude::window().performance() {
                let _ = p.measure_with_start_mark(name, START);
            }
        }
    };
    let _ = leptos::prelude::set_timeout_with_handle(
        measure("ysmap-finder-work"),
        std::time::Duration::ZERO,
    );
    leptos::prelude::request_animation_frame(measure("ysmap-finder-frame"));
}

/// A catalog in the compact encoding.
async fn get_catalog(
    req: gloo_net::http::RequestBuilder,
) -> Result<(Catalog, Spellings), ApiError> {
    let res = Sendable::from(req).send().await?;
    if !res.ok() {
        return Err(ApiError::Status(res.status()));
    }
    let bytes = res
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    compact::decode(&bytes).map_err(|e| match e {
        CompactError::OtherSchema => ApiError::Outdated,
        CompactError::Malformed(e) => ApiError::Decode(e),
    })
}

async fn get_json<T: DeserializeOwned>(req: impl Into<Sendable>) -> Result<T, ApiError> {
    let res = req.into().send().await?;
    read(res).await
}

/// A request ready to send: a built GET or a POST with its body.
pub enum Sendable {
    /// A request builder (GET).
    Builder(gloo_net::http::RequestBuilder),
    /// A request with its body (POST).
    Request(Request),
}

impl From<gloo_net::http::RequestBuilder> for Sendable {
    fn from(b: gloo_net::http::RequestBuilder) -> Self {
        Sendable::Builder(b)
    }
}

impl From<Request> for Sendable {
    fn from(r: Request) -> Self {
        Sendable::Request(r)
    }
}

impl Sendable {
    async fn send(self) -> Result<Response, ApiError> {
        let sent = match self {
            Sendable::Builder(b) => b.send().await,
            Sendable::Request(r) => r.send().await,
        };
        sent.map_err(|e| ApiError::Network(e.to_string()))
    }
}

async fn read<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    if res.ok() {
        // As bytes, parsed in place: `json()` would decode the UTF-8 into a JS string and encode
        // it back into wasm memory first.
        let bytes = res
            .binary()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        return serde_json::from_slice(&bytes).map_err(|e| ApiError::Decode(e.to_string()));
    }
    if (400..500).contains(&status)
        && let Ok(bytes) = res.binary().await
        && let Ok(body) = serde_json::from_slice::<ErrorBody>(&bytes)
    {
        return Err(ApiError::Rejected {
            status,
            errors: body.errors,
        });
    }
    Err(ApiError::Status(status))
}
