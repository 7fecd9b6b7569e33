//! Precompression of the built app: beside every compressible file of `dist/` a brotli copy
//! (`X.br`, quality 11) and a gzip copy (`X.gz`, best), made once at build time, so that the
//! server only picks a file by `Accept-Encoding` and never compresses a static file per request
//! (and can afford the slowest, smallest settings).

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use ysmap_model::page::is_precompressed;

/// The precompressed encodings, by file suffix.
const SUFFIXES: &[&str] = &["br", "gz"];

/// What a run did, for the build log.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Compressible files seen.
    pub files: usize,
    /// Their bytes, uncompressed.
    pub raw: u64,
    /// Bytes of the brotli copies (or of the original where no copy was worth keeping).
    pub br: u64,
    /// Bytes of the gzip copies (likewise).
    pub gz: u64,
}

/// Writes `X.br` and `X.gz` beside every compressible file under `dir` (all levels), replacing
/// older ones, and removes copies that no longer belong to a file (left by an earlier build or
/// an edit). A copy that would not be smaller than its original is not written: the server then
/// sends the original, which costs the client no decoding.
pub fn precompress_dir(dir: &Path) -> anyhow::Result<Summary> {
    let mut files = Vec::new();
    walk(dir, &mut files).with_context(|| format!("cannot list {}", dir.display()))?;
    let mut summary = Summary::default();
    for path in &files {
        if let Some(original) = variant_of(path) {
            // A copy whose original is gone or not compressible: it would be served for a file
            // that no longer exists, or with outdated content.
            if !original.is_file() || !is_precompressed(&original) {
                std::fs::remove_file(path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
            continue;
        }
        if !is_precompressed(path) {
            continue;
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let raw = bytes.len() as u64;
        // The two encoders are independent: run them side by side (the wasm takes seconds).
        let (br, gz) = std::thread::scope(|s| {
            let gz = s.spawn(|| gzip(&bytes));
            (brotli(&bytes), gz.join())
        });
        let gz = gz.map_err(|_| anyhow::anyhow!("the gzip encoder panicked"))?;
        summary.files += 1;
        summary.raw += raw;
        summary.br += write_variant(path, "br", &br?, raw)?;
        summary.gz += write_variant(path, "gz", &gz?, raw)?;
    }
    Ok(summary)
}

/// Every regular file under `dir`, at any depth.
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

/// For `X.br` or `X.gz` where `X` is compressible, `X`; otherwise `None` (an `archive.gz` that
/// is a download of its own is left alone).
fn variant_of(path: &Path) -> Option<PathBuf> {
    let suffix = path.extension()?.to_str()?;
    if !SUFFIXES.contains(&suffix) {
        return None;
    }
    let original = path.with_extension("");
    is_precompressed(&original).then_some(original)
}

/// Writes `X.<suffix>` when it is smaller than the original and removes it otherwise; returns
/// the bytes the client will receive for that encoding.
fn write_variant(original: &Path, suffix: &str, bytes: &[u8], raw: u64) -> anyhow::Result<u64> {
    let mut name = original.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    let target = PathBuf::from(name);
    if (bytes.len() as u64) < raw {
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
        Ok(bytes.len() as u64)
    } else {
        match std::fs::remove_file(&target) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("cannot remove {}", target.display()))
            }
            _ => Ok(raw),
        }
    }
}

/// Brotli at quality 11 (the smallest; slow, which is why it is done once, here).
fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        // A 4 MiB window (brotli's default) spans the largest file we ship whole.
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).context("brotli failed")?;
    Ok(out)
}

/// Gzip at the best level; the header carries no time or name, so the output depends on the
/// input alone.
fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

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

    fn text(n: usize) -> String {
        (0..n)
            .map(|i| format!("console.log('line {i}');\n"))
            .collect()
    }

    #[test]
    fn writes_both_copies_that_decode_to_the_original_at_any_depth() {
        let dir = tempfile::tempdir().expect("temp dir");
        let js = text(500);
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), &js).expect("write");
        std::fs::create_dir(dir.path().join("data")).expect("mkdir");
        std::fs::write(dir.path().join("data/catalog.json"), text(300)).expect("write");
        let summary = precompress_dir(dir.path()).expect("precompress");
        assert_eq!(summary.files, 2);
        let br = std::fs::read(dir.path().join("app-0123456789abcdef.js.br")).expect("br");
        let gz = std::fs::read(dir.path().join("app-0123456789abcdef.js.gz")).expect("gz");
        assert_eq!(unbrotli(&br), js.as_bytes());
        assert_eq!(ungzip(&gz), js.as_bytes());
        assert!(br.len() < gz.len() && gz.len() < js.len());
        assert!(dir.path().join("data/catalog.json.br").is_file());
        assert!(dir.path().join("data/catalog.json.gz").is_file());
        assert!(summary.br < summary.gz && summary.gz < summary.raw);
    }

    #[test]
    fn leaves_images_and_own_archives_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("logo.png"), text(100)).expect("write");
        std::fs::write(dir.path().join("export.tar.gz"), b"not ours").expect("write");
        let summary = precompress_dir(dir.path()).expect("precompress");
        assert_eq!(summary, Summary::default());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["export.tar.gz", "logo.png"]);
    }

    #[test]
    fn replaces_stale_copies_and_removes_orphans_and_useless_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = dir.path().join("index.html");
        std::fs::write(&index, text(50)).expect("write");
        std::fs::write(dir.path().join("index.html.gz"), b"stale").expect("write");
        // Copies of a file that is gone (an earlier build's hashed asset).
        std::fs::write(dir.path().join("app-00000000000000aa.js.br"), b"old").expect("write");
        std::fs::write(dir.path().join("app-00000000000000aa.js.gz"), b"old").expect("write");
        // Too small to gain anything; an old copy of it must not outlive it.
        std::fs::write(dir.path().join("robots.txt"), b"x").expect("write");
        std::fs::write(dir.path().join("robots.txt.br"), b"old").expect("write");
        precompress_dir(dir.path()).expect("precompress");
        let gz = std::fs::read(dir.path().join("index.html.gz")).expect("gz");
        assert_eq!(ungzip(&gz), text(50).as_bytes());
        for gone in [
            "app-00000000000000aa.js.br",
            "app-00000000000000aa.js.gz",
            "robots.txt.br",
            "robots.txt.gz",
        ] {
            assert!(!dir.path().join(gone).exists(), "{gone} should be gone");
        }
        // Running again changes nothing.
        let before = std::fs::read(dir.path().join("index.html.br")).expect("br");
        precompress_dir(dir.path()).expect("again");
        assert_eq!(
            std::fs::read(dir.path().join("index.html.br")).expect("br"),
            before
        );
    }
}
