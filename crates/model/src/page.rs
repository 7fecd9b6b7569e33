//! What the server's page, the app and the build agree on about the page and its files.

/// The class of the first screen the server puts inside the host element (the header and the
/// park list as plain HTML, `server/src/first_screen.rs`), which the app takes away once it has
/// drawn its own.
pub const FIRST_SCREEN_CLASS: &str = "ysmap-first-screen";

/// The one query key of the page's address the app keeps its state in (`?ysmap=…`, a query
/// string of its own); the server reads the county from it to send that county's first screen.
pub const STATE_KEY: &str = "ysmap";

/// The county chosen, a key inside [`STATE_KEY`]'s value (`?ysmap=region%3Dshili`).
pub const STATE_REGION: &str = "region";

/// An address the server wrote (`/api/photos/…`), as a page reaches it from `base`: the
/// server's address from that page (the app's `data-api-base`, empty for its own; the console's
/// `../`). Relative, so that the server works under any path a reverse proxy gives it; another
/// site's address stays as it is.
///
/// ```
/// use ysmap_model::page::server_address;
/// assert_eq!(server_address("../", "/api/photos/a/thumb.jpg"), "../api/photos/a/thumb.jpg");
/// assert_eq!(server_address("", "/api/photos/a/thumb.jpg"), "api/photos/a/thumb.jpg");
/// assert_eq!(server_address("https://map.example.gov.cn/", "api/catalog"), "https://map.example.gov.cn/api/catalog");
/// assert_eq!(server_address("../", "https://img.example.cn/a.jpg"), "https://img.example.cn/a.jpg");
/// ```
pub fn server_address(base: &str, url: &str) -> String {
    if url.contains("://") {
        return url.to_owned();
    }
    format!("{base}{}", url.trim_start_matches('/'))
}

/// Extensions of the built app's files that the build writes brotli and gzip copies of and the
/// server sends those copies for: text and wasm. Images and fonts are compressed already.
const PRECOMPRESSED: &[&str] = &[
    "wasm", "js", "css", "html", "json", "postcard", "svg", "tsv", "txt",
];

/// Whether the built file at `path` is one the build precompresses (by its extension).
///
/// ```
/// use std::path::Path;
/// use ysmap_model::page::is_precompressed;
/// assert!(is_precompressed(Path::new("dist/ysmap-app_bg.WASM")));
/// assert!(!is_precompressed(Path::new("dist/photo.jpg")));
/// ```
pub fn is_precompressed(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PRECOMPRESSED.iter().any(|c| e.eq_ignore_ascii_case(c)))
}
