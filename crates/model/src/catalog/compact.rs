//! The catalog in the app's own compact encoding: a schema line, then the catalog in postcard
//! (serde's compact binary format). The app reads this instead of the JSON document because
//! JSON's field-by-field decoding is most of its download (a third of the wasm) and most of its
//! start-up time on a large catalog. Other systems keep reading `GET /api/catalog` (JSON), the
//! public contract; this encoding is private to one build of the app and the server. The
//! pinyin of the catalog's names travels with it (see `crate::search`).

use super::Catalog;
use crate::search::Spellings;

/// The model this build was compiled from (see build.rs): the encoding's first line.
pub const SCHEMA: &str = env!("YSMAP_CATALOG_SCHEMA");

/// The media type the server sends the compact catalog as.
pub const MEDIA_TYPE: &str = "application/vnd.ysmap.catalog+postcard";

/// Why a compact catalog could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompactError {
    /// Written by a build of another model: the page is older (or newer) than the server.
    OtherSchema,
    /// Not a compact catalog, or cut short.
    Malformed(String),
}

impl std::fmt::Display for CompactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompactError::OtherSchema => write!(f, "the catalog was encoded by another version"),
            CompactError::Malformed(e) => write!(f, "the catalog cannot be read: {e}"),
        }
    }
}

impl std::error::Error for CompactError {}

/// `catalog` and the spellings of its names, encoded.
pub fn encode(catalog: &Catalog, spellings: &Spellings) -> Result<Vec<u8>, CompactError> {
    let mut out = format!("{SCHEMA}\n").into_bytes();
    out.extend(
        postcard::to_allocvec(&(catalog, spellings))
            .map_err(|e| CompactError::Malformed(e.to_string()))?,
    );
    Ok(out)
}

/// The catalog in `bytes` and its spellings, when this build's model wrote them.
pub fn decode(bytes: &[u8]) -> Result<(Catalog, Spellings), CompactError> {
    let body = bytes
        .strip_prefix(SCHEMA.as_bytes())
        .and_then(|rest| rest.strip_prefix(b"\n"))
        .ok_or(CompactError::OtherSchema)?;
    postcard::from_bytes(body).map_err(|e| CompactError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::sample;

    #[test]
    fn the_sample_comes_back_as_it_went() {
        let c = sample();
        let mut spellings = Spellings::default();
        spellings.0.insert(
            "工业".into(),
            crate::search::Spelling {
                full: "gongye".into(),
                initials: "gy".into(),
            },
        );
        let bytes = encode(&c, &spellings).expect("encodes");
        assert_eq!(decode(&bytes).expect("decodes"), (c.clone(), spellings));
        let json = serde_json::to_vec(&c).expect("JSON");
        // Text is most of it, and stays text: about half the JSON.
        assert!(
            bytes.len() * 3 < json.len() * 2,
            "{} vs {} bytes",
            bytes.len(),
            json.len()
        );
    }

    #[test]
    fn another_schema_or_a_cut_is_refused() {
        let mut bytes = encode(&sample(), &Spellings::default()).expect("encodes");
        let cut = bytes[..bytes.len() / 2].to_vec();
        assert!(matches!(decode(&cut), Err(CompactError::Malformed(_))));
        bytes[0] ^= 1;
        assert_eq!(decode(&bytes), Err(CompactError::OtherSchema));
        assert_eq!(decode(b"{\"meta\":{}}"), Err(CompactError::OtherSchema));
    }
}
