//! The security headers on every answer (API, app, errors, 404s): a Content-Security-Policy that
//! allows exactly what the app needs, `X-Content-Type-Options` and `Referrer-Policy`.
//!
//! The policy is built once at start from the configuration and the built `index.html`: the
//! hashes of its inline `<script>` (trunk's module loader) and `<style>`, the origin of the API
//! when the host element points elsewhere (`data-api-base`), and of a custom tile URL
//! (`data-tile-url`). The server sends that same `index.html` from memory, so the page and its
//! hashes cannot drift apart while it runs.

use crate::config::Config;
use crate::html::Page;
use anyhow::{Context, bail};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

/// The base map hosts of the app's built-in presets (`crates/map/src/tiles.rs`): 天地图
/// (`t0`…`t7`), OpenStreetMap, AMap (`webrd01`…`webrd04`). The default of `--tile-origin`.
pub const DEFAULT_TILE_ORIGINS: &[&str] = &[
    "https://*.tianditu.gov.cn",
    "https://tile.openstreetmap.org",
    "https://*.is.autonavi.com",
];

/// The headers every answer carries, and the public API's cross-origin answers.
#[derive(Debug, Clone)]
pub struct Headers {
    /// `Content-Security-Policy`.
    pub csp: HeaderValue,
    /// The origins whose pages may call the public API (`--cors-origins`); none: same origin
    /// only.
    pub cors_origins: Vec<HeaderValue>,
}

impl Headers {
    /// Builds the policy from the configuration and the page, when there is one.
    pub fn new(config: &Config, page: Option<&Page>) -> anyhow::Result<Headers> {
        let policy = content_security_policy(config, page)?;
        tracing::info!(%policy, "content security policy");
        Ok(Headers {
            csp: HeaderValue::from_str(&policy).context("the policy is not a header value")?,
            cors_origins: cors_origins(&config.cors_origins)?,
        })
    }

    /// The public API `router` answering the configured origins' pages (CORS): their
    /// preflights, and `Access-Control-Allow-Origin` on the answers; nothing for any other
    /// origin, and nothing at all when none is configured. The methods and headers are the
    /// public API's: GET and POST, `Content-Type`, `Idempotency-Key`, `Accept-Language`.
    pub fn public_api(&self, router: Router) -> Router {
        if self.cors_origins.is_empty() {
            return router;
        }
        router.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(self.cors_origins.clone())
                .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::ACCEPT_LANGUAGE,
                    HeaderName::from_static("idempotency-key"),
                ])
                .expose_headers([header::ETAG, header::LAST_MODIFIED])
                .max_age(std::time::Duration::from_secs(86_400)),
        )
    }

    /// The app's files answering the configured origins' pages too (CORS, GET only): a
    /// portal's page that embeds the map inline (embed.js) imports the app's JS module and
    /// fetches its wasm from here, which a browser allows across origins only so. None when no
    /// origin is configured.
    pub fn app_files(&self) -> Option<tower_http::cors::CorsLayer> {
        (!self.cors_origins.is_empty()).then(|| {
            tower_http::cors::CorsLayer::new()
                .allow_origin(self.cors_origins.clone())
                .allow_methods([axum::http::Method::GET])
                .max_age(std::time::Duration::from_secs(86_400))
        })
    }

    /// `router` with the headers set on every answer it gives, its fallbacks' included.
    pub fn apply(&self, router: Router) -> Router {
        let set =
            |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
        router
            .layer(set(header::CONTENT_SECURITY_POLICY, self.csp.clone()))
            .layer(set(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            // The origin, not the path, goes to other sites; not stricter, because a 天地图 key
            // restricted to the portal's domain is checked against the Referer of tile requests.
            .layer(set(
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ))
        // No X-Frame-Options: it cannot name the county's portal as an allowed framer, and
        // every browser that runs the app (WebAssembly) obeys frame-ancestors instead.
    }
}

/// The policy's text.
pub fn content_security_policy(config: &Config, page: Option<&Page>) -> anyhow::Result<String> {
    let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    // Styles: the app's stylesheet and the host page's inline <style>, by hash. Leptos sets
    // `style:` properties through the CSSOM (element.style), which CSP does not govern, so
    // 'unsafe-inline' is not needed.
    let mut style = vec!["'self'".to_owned()];
    let mut img = vec!["'self'".to_owned(), "data:".to_owned()];
    let mut connect = vec!["'self'".to_owned()];
    for origin in tile_origins(&config.tile_origin)? {
        push_new(&mut img, origin);
    }
    if let Some(page) = page {
        for s in &page.inline_scripts {
            push_new(&mut script, hash_source(s));
        }
        for s in &page.inline_styles {
            push_new(&mut style, hash_source(s));
        }
        if let Some(base) = page.host_attr("data-api-base") {
            match url_origin(base) {
                Ok(Some(origin)) => push_new(&mut connect, origin),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!("index.html: data-api-base: {e:#}; not added to connect-src")
                }
            }
        }
        if page.host_attr("data-tiles") == Some("custom")
            && let Some(url) = page.host_attr("data-tile-url")
        {
            match url_origin(url) {
                Ok(Some(origin)) => push_new(&mut img, origin),
                Ok(None) => {}
                Err(e) => tracing::warn!("index.html: data-tile-url: {e:#}; not added to img-src"),
            }
        }
        for attr in &page.blocked_attributes {
            tracing::warn!(
                "index.html has an inline {attr}, which the Content-Security-Policy blocks; move it into the stylesheet or a script file"
            );
        }
    }
    let frame_ancestors = frame_ancestors(&config.frame_ancestors)?;
    let directives = [
        ("default-src", vec!["'none'".to_owned()]),
        ("script-src", script),
        ("style-src", style),
        ("img-src", img),
        ("connect-src", connect),
        ("base-uri", vec!["'self'".to_owned()]),
        ("form-action", vec!["'self'".to_owned()]),
        // The demonstration portal page (public/demo/) frames the app itself; nothing else is
        // framed.
        ("frame-src", vec!["'self'".to_owned()]),
        ("frame-ancestors", frame_ancestors),
        ("object-src", vec!["'none'".to_owned()]),
    ];
    Ok(directives
        .iter()
        .map(|(name, sources)| format!("{name} {}", sources.join(" ")))
        .collect::<Vec<_>>()
        .join("; "))
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// `'sha256-…'` of an inline element's text, as browsers compute it (over its UTF-8 bytes).
pub fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The `--tile-origin` list checked; `none` alone allows no tile host.
pub fn tile_origins(values: &[String]) -> anyhow::Result<Vec<String>> {
    if let [only] = values
        && is_keyword(only, "none")
    {
        return Ok(Vec::new());
    }
    values
        .iter()
        .map(|v| origin(v).with_context(|| format!("--tile-origin / YSMAP_TILE_ORIGINS: {v:?}")))
        .collect()
}

/// The `--frame-ancestors` list checked: `self`, `none` (alone) or origins. The quotes CSP
/// puts around keywords may be left out, as they are awkward in a shell or a unit file.
pub fn frame_ancestors(values: &[String]) -> anyhow::Result<Vec<String>> {
    let context = "--frame-ancestors / YSMAP_FRAME_ANCESTORS";
    if values.is_empty() {
        bail!("{context}: give at least one of self, none or an origin");
    }
    let mut out = Vec::new();
    for v in values {
        if is_keyword(v, "none") {
            if values.len() > 1 {
                bail!("{context}: none cannot be combined with other sources");
            }
            return Ok(vec!["'none'".to_owned()]);
        }
        let source = if is_keyword(v, "self") {
            "'self'".to_owned()
        } else {
            origin(v).with_context(|| format!("{context}: {v:?}"))?
        };
        push_new(&mut out, source);
    }
    Ok(out)
}

/// The `--cors-origins` list checked: exact origins (a browser names one exact origin, so no
/// wildcard), lower-cased as browsers send them.
pub fn cors_origins(values: &[String]) -> anyhow::Result<Vec<HeaderValue>> {
    let context = "--cors-origins / YSMAP_CORS_ORIGINS";
    let mut out: Vec<HeaderValue> = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        if v.contains('*') {
            bail!(
                "{context}: {v:?}: name each origin exactly (https://www.example.gov.cn); a wildcard would let any site's pages in"
            );
        }
        let o = origin(v).with_context(|| format!("{context}: {v:?}"))?;
        let value = HeaderValue::from_str(&o.to_ascii_lowercase())
            .with_context(|| format!("{context}: {v:?}"))?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

fn is_keyword(v: &str, keyword: &str) -> bool {
    let v = v.trim();
    v.eq_ignore_ascii_case(keyword) || v.eq_ignore_ascii_case(&format!("'{keyword}'"))
}

/// Checks an origin for a CSP source list: `https://host`, `https://*.host`, with an optional
/// port; a trailing `/` is dropped. Anything else (a path, a bare scheme, spaces or `;`, which
/// would open or end a directive) is refused with an example.
pub fn origin(value: &str) -> anyhow::Result<String> {
    let v = value.trim().trim_end_matches('/');
    let hint = "give an origin such as https://portal.example.gov.cn or https://*.example.gov.cn";
    let Some((scheme, authority)) = v.split_once("://") else {
        bail!("not an origin: {hint}");
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "https" | "http") {
        bail!("the scheme must be https (or http); {hint}");
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port
        && (p.is_empty() || !(p == "*" || p.bytes().all(|b| b.is_ascii_digit())))
    {
        bail!("the port {p:?} is not a number; {hint}");
    }
    let name = host.strip_prefix("*.").unwrap_or(host);
    let label_ok =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !name.split('.').all(label_ok) {
        bail!("{host:?} is not a host name (no path, query or spaces); {hint}");
    }
    Ok(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    ))
}

/// The origin of an absolute URL from the page (`https://api.example.cn/v1/` →
/// `https://api.example.cn`); `None` for a relative URL (same origin: `'self'` covers it). A
/// leading `{s}.` label of a tile template stands for any subdomain.
pub fn url_origin(url: &str) -> anyhow::Result<Option<String>> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(None);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = match authority.strip_prefix('{').and_then(|a| a.split_once("}.")) {
        Some((_, host)) => format!("*.{host}"),
        None => authority.to_owned(),
    };
    origin(&format!("{scheme}://{authority}")).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn config() -> Config {
        Config::for_data_dir(PathBuf::from("unused"))
    }

    #[test]
    fn the_default_policy_allows_the_presets_and_nothing_inline() {
        let csp = content_security_policy(&config(), None).expect("policy");
        assert_eq!(
            csp,
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data: https://*.tianditu.gov.cn https://tile.openstreetmap.org https://*.is.autonavi.com; \
             connect-src 'self'; base-uri 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; object-src 'none'"
        );
    }

    #[test]
    fn inline_elements_are_allowed_by_their_hashes() {
        // The digest of "alert(1)" as published by CSP hash calculators.
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        let page = crate::html::read(
            "<style>b{}</style><script type=module>import x from '/a.js';</script><div id=ysmap data-api-base='https://api.example.cn/v1/' data-tiles=custom data-tile-url='https://{s}.tiles.example.cn/{z}/{x}/{y}.png'></div>",
        );
        let csp = content_security_policy(&config(), Some(&page)).expect("policy");
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' {};",
                hash_source("import x from '/a.js';")
            )),
            "{csp}"
        );
        assert!(
            csp.contains(&format!("style-src 'self' {};", hash_source("b{}"))),
            "{csp}"
        );
        assert!(
            csp.contains("connect-src 'self' https://api.example.cn;"),
            "{csp}"
        );
        assert!(
            csp.contains("https://*.is.autonavi.com https://*.tiles.example.cn;"),
            "{csp}"
        );
    }

    #[test]
    fn configured_sources_are_checked() {
        let mut c = config();
        c.tile_origin = vec!["https://t0.tianditu.gov.cn".into()];
        c.frame_ancestors = vec!["self".into(), "https://www.example.gov.cn/".into()];
        let csp = content_security_policy(&c, None).expect("policy");
        assert!(
            csp.contains("img-src 'self' data: https://t0.tianditu.gov.cn;"),
            "{csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'self' https://www.example.gov.cn;"),
            "{csp}"
        );
        assert_eq!(
            tile_origins(&["none".into()]).expect("none"),
            Vec::<String>::new()
        );
        assert_eq!(
            frame_ancestors(&["'none'".into()]).expect("none"),
            ["'none'"]
        );
        for bad in [
            "example.gov.cn",
            "https://example.gov.cn/path",
            "https://a.cn; script-src *",
            "https://a.cn https://b.cn",
            "javascript://x",
            "https://a.cn:80x",
            "https://",
            "*",
        ] {
            assert!(origin(bad).is_err(), "{bad} should be refused");
        }
        assert!(frame_ancestors(&["none".into(), "self".into()]).is_err());
        assert!(frame_ancestors(&[]).is_err());
        assert_eq!(
            origin("HTTPS://Portal.Example.gov.cn:8443/").expect("ok"),
            "https://portal.example.gov.cn:8443"
        );
        assert_eq!(url_origin("/api/").expect("relative"), None);
    }
}
