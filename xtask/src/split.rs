//! Cutting the app's wasm in two kinds of file: the main module, which the first screen needs,
//! and the chunks of the parts it does not show (src/chunks.rs marks them `#[wasm_split]`),
//! fetched when one of their parts is first shown. Trunk has no step for it
//! (trunk-rs/trunk#1022), so this runs after `trunk build`, on the wasm cargo linked for trunk
//! (with its relocations kept: `--emit-relocs` in .cargo/config.toml), and puts its files where
//! trunk put the unsplit ones:
//!
//! 1. `wasm_split_cli_support` (the splitter cargo-leptos uses) cuts the wasm and writes the JS
//!    that fetches and links the chunks;
//! 2. wasm-bindgen makes the main module's JS glue, keeping the exports the chunks link to;
//! 3. wasm-opt optimises each module for size, as trunk does.
//!
//! The glue and the main module keep trunk's names (the page and embed.js name them). The
//! other files carry the same hash, which changes with every change to the app, so the server
//! can let browsers keep them for a year (`site::is_hashed`).

use crate::cmd::{self, command, run, step};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The prefix of a chunk's file name in `dist/`: what the first screen does not fetch.
pub const CHUNK_PREFIX: &str = "ysmap-lazy_";

/// Splits the wasm of the app trunk built into `dist`, in place.
pub fn split_app(dist: &Path) -> anyhow::Result<()> {
    step("splitting the app's wasm: the first screen's, and the chunks of the parts fetched later");
    let (stem, hash) = trunk_output(dist)?;
    let input = target_dir().join("wasm32-unknown-unknown/wasm-release/ysmap-app.wasm");
    let wasm = std::fs::read(&input).with_context(|| format!("cannot read {}", input.display()))?;
    let work = cmd::root().join("target/wasm-split");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let main_out = work.join("main.wasm");
    let link_name = format!("./ysmap-split-{hash}.js");
    let main_module = format!("./{stem}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &work;
        opts.main_out_path = &main_out;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| anyhow::anyhow!("splitting {}: {e:?}", input.display()))?;
    anyhow::ensure!(
        !split.split_modules.is_empty(),
        "{} has no split points: was it linked with --emit-relocs (.cargo/config.toml)?",
        input.display()
    );

    let glue = work.join("bindgen");
    run(command("wasm-bindgen")
        .args([
            "--target=web",
            "--no-typescript",
            "--keep-lld-exports",
            "--no-demangle",
        ])
        .arg(format!("--out-dir={}", glue.display()))
        .arg(format!("--out-name={stem}"))
        .arg(&main_out))?;
    std::fs::copy(
        glue.join(format!("{stem}.js")),
        dist.join(format!("{stem}.js")),
    )?;
    optimise(
        &glue.join(format!("{stem}_bg.wasm")),
        &dist.join(format!("{stem}_bg.wasm")),
    )?;

    let mut loader = tolerant_loader(&std::fs::read_to_string(work.join(&link_name))?)?;
    for chunk in &split.split_modules {
        let name = chunk
            .file_stem()
            .and_then(|n| n.to_str())
            .context("a chunk without a name")?;
        let shipped = format!("{CHUNK_PREFIX}{name}-{hash}.wasm");
        let named = format!("\"./{name}.wasm\"");
        anyhow::ensure!(
            loader.contains(&named),
            "the chunks' loader does not fetch {name}.wasm"
        );
        loader = loader.replace(&named, &format!("\"./{shipped}\""));
        optimise(chunk, &dist.join(shipped))?;
    }
    std::fs::write(dist.join(&link_name), loader)?;
    println!(
        "    {} chunks beside {stem}_bg.wasm, fetched by {}",
        split.split_modules.len(),
        link_name.trim_start_matches("./")
    );
    Ok(())
}

/// The splitter's loader instantiates a chunk with `WebAssembly.instantiateStreaming`, which
/// fails when the web server sends `.wasm` without its type (`application/wasm`), as older ones
/// do (a county may host the app's files on its own). wasm-bindgen's glue falls back to the
/// bytes for the main module; this makes the chunks' loader do the same, and fail on an error
/// status (a 404 after a new version of the site) rather than on its body.
fn tolerant_loader(loader: &str) -> anyhow::Result<String> {
    const STREAMING: &str = "WebAssembly.instantiateStreaming(src, imports)";
    const FALLBACK: &str = r#"
async function instantiateChunk(fetched, imports) {
    const response = await fetched;
    if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
    if ((response.headers.get('Content-Type') ?? '').startsWith('application/wasm')) {
        return WebAssembly.instantiateStreaming(response, imports);
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
"#;
    anyhow::ensure!(
        loader.contains(STREAMING),
        "the chunks' loader no longer instantiates with `{STREAMING}`: wasm_split_cli_support changed"
    );
    Ok(loader.replace(STREAMING, "instantiateChunk(src, imports)") + FALLBACK)
}

/// The name trunk gave the app's files in `dist` (`ysmap-app-<hash>`, of `<that>_bg.wasm` and
/// `<that>.js`), and its hash.
fn trunk_output(dist: &Path) -> anyhow::Result<(String, String)> {
    for entry in std::fs::read_dir(dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name
            .strip_suffix("_bg.wasm")
            .filter(|s| s.starts_with("ysmap-app-"))
        {
            let hash = stem.trim_start_matches("ysmap-app-").to_owned();
            return Ok((stem.to_owned(), hash));
        }
    }
    anyhow::bail!(
        "{} has no ysmap-app-<hash>_bg.wasm (did trunk build?)",
        dist.display()
    )
}

/// Cargo's target folder, where trunk had cargo link the wasm: `CARGO_TARGET_DIR` when set (a
/// relative one is the workspace's), else `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => cmd::root().join(dir),
        None => cmd::root().join("target"),
    }
}

/// wasm-opt at trunk's level for the app (index.html's `data-wasm-opt="z"`).
fn optimise(from: &Path, to: &Path) -> anyhow::Result<()> {
    run(command("wasm-opt")
        .args(["-Oz", "--quiet", "--output"])
        .arg(to)
        .arg(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_falls_back_to_the_bytes() {
        let loader = "const a = () => WebAssembly.instantiateStreaming(src, imports);";
        let tolerant = tolerant_loader(loader).expect("rewritten");
        assert!(tolerant.starts_with("const a = () => instantiateChunk(src, imports);"));
        assert!(
            tolerant.contains("WebAssembly.instantiate(await response.arrayBuffer(), imports)")
        );
        assert!(tolerant_loader("something else").is_err());
    }
}
