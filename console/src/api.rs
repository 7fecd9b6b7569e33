//! The console's client of the staff API (DESIGN.md, "Staff API contract"): same origin, the
//! session cookie sent by the browser, the CSRF token on every change, answers in the console's
//! language.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use ysmap_model::Lang;
use ysmap_model::staff::CSRF_HEADER;
use ysmap_model::validation::ErrorBody;

/// What went wrong, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The HTTP status (0 when there was no answer).
    pub status: u16,
    /// The field the server named, if any.
    pub field: String,
    /// The message, in the console's language.
    pub message: String,
    /// Every error the server named: `(field, message)`.
    pub all: Vec<(String, String)>,
}

impl Failure {
    /// `401`: the session is gone.
    pub fn signed_out(&self) -> bool {
        self.status == 401
    }

    /// `409` for a version that someone else moved on.
    pub fn conflict(&self) -> bool {
        self.status == 409
    }
}

fn network(lang: Lang) -> Failure {
    Failure {
        status: 0,
        field: String::new(),
        all: Vec::new(),
        message: match lang {
            Lang::Zh => "网络连接失败,请检查网络后重试。".into(),
            Lang::En => "The network request failed; check the connection and try again.".into(),
        },
    }
}

fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

async fn read<T: DeserializeOwned>(
    r: Result<Response, gloo_net::Error>,
    lang: Lang,
) -> Result<T, Failure> {
    let r = r.map_err(|_| network(lang))?;
    if r.ok() {
        return r.json::<T>().await.map_err(|_| network(lang));
    }
    let status = r.status();
    Err(failure(status, r.json::<ErrorBody>().await.ok()))
}

/// The failure an error answer describes: its first error, or the bare status.
fn failure(status: u16, body: Option<ErrorBody>) -> Failure {
    let errors = body.map(|b| b.errors).unwrap_or_default();
    let all = errors
        .iter()
        .map(|e| (e.field.clone(), e.message.clone()))
        .collect();
    match errors.into_iter().next() {
        Some(e) => Failure {
            status,
            field: e.field,
            message: e.message,
            all,
        },
        None => Failure {
            status,
            field: String::new(),
            message: format!("HTTP {status}"),
            all,
        },
    }
}

/// A server address as the console's page (`<base>/console/`) reaches it
/// (`ysmap_model::page::server_address`): `api/admin/session` → `../api/admin/session`; an
/// address the server wrote (`/api/photos/…`) the same way.
pub fn server_url(path: &str) -> String {
    ysmap_model::page::server_address("../", path)
}

fn builder(method: &str, path: &str, lang: Lang, csrf: &str) -> RequestBuilder {
    let url = server_url(&format!("api/admin/{path}"));
    let b = match method {
        "POST" => Request::post(&url),
        "PUT" => Request::put(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::get(&url),
    };
    let b = b.header("Accept-Language", tag(lang));
    if csrf.is_empty() {
        b
    } else {
        b.header(CSRF_HEADER, csrf)
    }
}

/// `GET /api/admin/{path}`.
pub async fn get<T: DeserializeOwned>(path: &str, lang: Lang) -> Result<T, Failure> {
    read(builder("GET", path, lang, "").send().await, lang).await
}

/// A change (`POST`/`PUT`) with a JSON body and the CSRF token.
pub async fn send<T: DeserializeOwned, B: Serialize>(
    method: &str,
    path: &str,
    body: &B,
    lang: Lang,
    csrf: &str,
) -> Result<T, Failure> {
    let req = builder(method, path, lang, csrf)
        .json(body)
        .map_err(|_| network(lang))?;
    read(req.send().await, lang).await
}

/// A change that answers no body (`204`).
pub async fn send_empty<B: Serialize>(
    method: &str,
    path: &str,
    body: Option<&B>,
    lang: Lang,
    csrf: &str,
) -> Result<(), Failure> {
    let b = builder(method, path, lang, csrf);
    let sent = match body {
        Some(body) => b.json(body).map_err(|_| network(lang))?.send().await,
        None => b.send().await,
    };
    let r = sent.map_err(|_| network(lang))?;
    if r.ok() {
        return Ok(());
    }
    read::<serde_json::Value>(Ok(r), lang).await.map(|_| ())
}

/// The published catalog, for names and the proposal's choices.
pub async fn catalog(lang: Lang) -> Result<ysmap_model::Catalog, Failure> {
    read(Request::get(&server_url("api/catalog")).send().await, lang).await
}

/// `POST /api/admin/{path}` with a file as the body: the status and the answer's text.
async fn post_file(
    path: &str,
    file: &web_sys::File,
    lang: Lang,
    csrf: &str,
) -> Result<(u16, String), Failure> {
    let req = builder("POST", path, lang, csrf)
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| network(lang))?;
    let r = req.send().await.map_err(|_| network(lang))?;
    let text = r.text().await.map_err(|_| network(lang))?;
    Ok((r.status(), text))
}

/// An import: the report, also when the server refused to apply it (422 with the report); a
/// `Failure` when the file itself was refused.
pub async fn upload(
    path: &str,
    file: &web_sys::File,
    lang: Lang,
    csrf: &str,
) -> Result<ysmap_model::import::ImportReport, Failure> {
    let (status, text) = post_file(path, file, lang, csrf).await?;
    serde_json::from_str(&text).map_err(|_| failure(status, serde_json::from_str(&text).ok()))
}

/// A file sent (a photo): the answer on success, else the server's reason.
pub async fn upload_json<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    lang: Lang,
    csrf: &str,
) -> Result<T, Failure> {
    let (status, text) = post_file(path, file, lang, csrf).await?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| network(lang));
    }
    Err(failure(status, serde_json::from_str(&text).ok()))
}
