//! Content-coding negotiation (`Accept-Encoding`) for the answers the server compresses itself
//! (the catalog, the app's page); `ServeDir` negotiates the other files on its own.

use axum::http::{HeaderMap, header};

/// How much the client wants `coding` (`gzip`, `br`), from 0 (refused or not named) to 1, by
/// its own entry or else by `*`.
pub fn quality(headers: &HeaderMap, coding: &str) -> f32 {
    let mut wildcard = None;
    for entry in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| {
                let p = p.trim();
                p.strip_prefix("q=")
                    .or_else(|| p.strip_prefix("Q="))
                    .map(|v| v.trim().parse::<f32>().unwrap_or(0.0))
            })
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q;
        }
        if name == "*" {
            wildcard = Some(q);
        }
    }
    wildcard.unwrap_or(0.0)
}

/// Of `offered` codings (in the server's order of preference), the one the client wants most;
/// `None` means the identity.
pub fn choose<'a>(headers: &HeaderMap, offered: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<(&str, f32)> = None;
    for &coding in offered {
        let q = quality(headers, coding);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((coding, q));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn h(v: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(v).expect("valid"),
        );
        m
    }

    #[test]
    fn reads_qualities() {
        assert_eq!(quality(&h("gzip, deflate, br"), "gzip"), 1.0);
        assert_eq!(quality(&h("br;q=1.0, gzip;q=0.8"), "gzip"), 0.8);
        assert_eq!(quality(&h("gzip;q=0"), "gzip"), 0.0);
        assert_eq!(quality(&h("gzip; q=0.000"), "gzip"), 0.0);
        assert_eq!(quality(&h("br"), "gzip"), 0.0);
        assert_eq!(quality(&h("*;q=0.5, br;q=0"), "gzip"), 0.5);
        assert_eq!(quality(&h("*;q=0.5, br;q=0"), "br"), 0.0);
        assert_eq!(quality(&HeaderMap::new(), "gzip"), 0.0);
    }

    #[test]
    fn chooses_by_quality_then_by_our_order() {
        let offered = ["br", "gzip"];
        assert_eq!(choose(&h("gzip, deflate, br, zstd"), &offered), Some("br"));
        assert_eq!(choose(&h("gzip, deflate"), &offered), Some("gzip"));
        assert_eq!(choose(&h("br;q=0.5, gzip"), &offered), Some("gzip"));
        assert_eq!(choose(&h("identity"), &offered), None);
        assert_eq!(choose(&HeaderMap::new(), &offered), None);
        assert_eq!(choose(&h("br"), &["gzip"]), None);
    }
}
