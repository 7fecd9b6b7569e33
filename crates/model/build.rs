//! The catalog's compact encoding (src/catalog/compact.rs) is not self-describing: an app and a
//! server must be built from the same model to read each other. This names the model's source:
//! a hash of every file the encoding depends on, which both builds embed and the encoding
//! carries at its front. Any change to the model changes it (a comment too: harmless, the two
//! are always built together).

use std::path::Path;

fn main() {
    let src = Path::new("src");
    let mut files = Vec::new();
    collect(src, &mut files);
    files.sort();
    // FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        for b in file.to_string_lossy().bytes().chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=YSMAP_CATALOG_SCHEMA={hash:016x}");
    println!("cargo:rerun-if-changed=src");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
