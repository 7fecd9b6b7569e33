//! Content-coding negotiation (`Accept-Encoding`) and revalidation (`If-None-Match`) for the
//! answers the server makes itself (the catalog, the app's page); `ServeDir` negotiates the
//! other files on its own.

use axum::http::{HeaderMap, HeaderValue, header};

/// True when the client's `If-None-Match` names `etag` (weakly compared, as for a `GET`) or is
/// `*`: its copy is current, and the answer is `304`.
pub fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or("").trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == ours
        })
}

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

#[cfg(test)]
mod revalidation {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(value).expect("ascii"),
        );
        h
    }

    #[test]
    fn a_weak_or_strong_match_anywhere_in_the_list_or_a_star() {
        let ours = HeaderValue::from_static("W/\"abc\"");
        assert!(not_modified(&asking("\"x\", W/\"abc\""), &ours));
        assert!(not_modified(&asking("\"abc\""), &ours));
        assert!(not_modified(&asking("*"), &ours));
        assert!(!not_modified(&asking("W/\"abd\""), &ours));
        assert!(!not_modified(&HeaderMap::new(), &ours));
    }
}
