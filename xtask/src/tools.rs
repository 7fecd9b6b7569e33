//! Installing what the build and the tests need, when it is missing: the wasm target, trunk,
//! wasm-bindgen-cli at the crate's exact version, the npm tools, and (for browser tests)
//! Chromium, ChromeDriver and a CJK font from Debian.

use crate::cmd::{self, command, output, run, step};
use anyhow::{Context, bail};

/// trunk's version requirement (0.22 needs a newer rustc than the project's).
const TRUNK_REQ: &str = "~0.21";
const TRUNK_PREFIX: &str = "trunk 0.21.";

/// The `wasm-bindgen` crate's exact version, from Cargo.toml (`wasm-bindgen = "=X"`), so the
/// CLI always matches the crate.
pub fn wasm_bindgen_version() -> anyhow::Result<String> {
    let manifest = std::fs::read_to_string(cmd::root().join("Cargo.toml"))?;
    manifest
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("wasm-bindgen = \"=")
                .and_then(|r| r.split('"').next())
        })
        .map(str::to_owned)
        .context("Cargo.toml must pin wasm-bindgen with `=`")
}

/// Everything `trunk build` needs.
pub fn ensure_build_tools() -> anyhow::Result<()> {
    let installed =
        output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        step("installing the wasm32-unknown-unknown target");
        run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk = output(command("trunk").arg("--version")).unwrap_or_default();
    if !trunk.starts_with(TRUNK_PREFIX) {
        step(&format!(
            "installing trunk {TRUNK_REQ} (found: {})",
            if trunk.is_empty() { "none" } else { &trunk }
        ));
        run(command("cargo").args(["install", "trunk", "--version", TRUNK_REQ, "--locked"]))?;
    }
    let wanted = wasm_bindgen_version()?;
    let found = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if found != format!("wasm-bindgen {wanted}") {
        step(&format!(
            "installing wasm-bindgen-cli {wanted} (found: {})",
            if found.is_empty() { "none" } else { &found }
        ));
        // Not --locked: one of its locked dependencies is not served by the registry.
        run(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    }
    ensure_npm_tools()
}

/// The npm tools from package.json, installed by the lockfile.
pub fn ensure_npm_tools() -> anyhow::Result<()> {
    let root = cmd::root();
    let stamp = root.join("node_modules").join(".package-lock.json");
    let lock = root.join("package-lock.json");
    let fresh = match (
        std::fs::metadata(&stamp).and_then(|m| m.modified()),
        std::fs::metadata(&lock).and_then(|m| m.modified()),
    ) {
        (Ok(installed), Ok(locked)) => installed >= locked,
        _ => false,
    };
    if fresh && root.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    if output(command("npm").arg("--version")).is_none() {
        if is_root() {
            apt_install(&["nodejs", "npm"])?;
        } else {
            bail!(
                "npm is missing: install Node.js 18 or newer (Debian: apt-get install nodejs npm)"
            );
        }
    }
    step(
        "installing npm tools (binaryen's wasm-opt, playwright-core, axe-core) from package-lock.json",
    );
    run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// The Chromium binary the browser tests drive.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, ChromeDriver and a CJK font for the browser tests.
pub fn ensure_browser() -> anyhow::Result<()> {
    let have_browser = std::path::Path::new(CHROMIUM).exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists();
    let have_font = output(command("fc-list").arg(":lang=zh")).is_some_and(|s| !s.is_empty());
    if have_browser && have_font {
        return Ok(());
    }
    let packages = ["chromium", "chromium-driver", "fonts-noto-cjk"];
    if !is_root() {
        bail!(
            "the browser tests need Debian's {} (run as root to have them installed, or: sudo apt-get install {})",
            packages.join(", "),
            packages.join(" ")
        );
    }
    apt_install(&packages)
}

pub fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    step(&format!("installing {} with apt", packages.join(", ")));
    run(command("apt-get").args(["update", "-qq"]))?;
    run(command("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

pub fn is_root() -> bool {
    output(std::process::Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// Builds the app in release mode into `dist/`, with brotli and gzip copies of its files for
/// the server to send as they are.
pub fn build_app() -> anyhow::Result<()> {
    ensure_build_tools()?;
    step("building the app (trunk, release, wasm-opt)");
    run(command("trunk").args(["build", "--release"]))?;
    crate::split::split_app(&cmd::root().join("dist"))?;
    // The staff console: a second page and wasm of its own, into dist/console/ (after the
    // app's build, which empties dist/).
    step("building the staff console (trunk, release, wasm-opt)");
    run(command("trunk").args(["build", "--release", "--config", "console/Trunk.toml"]))?;
    write_embed_loader(&cmd::root().join("dist"))?;
    minify_js(&cmd::root().join("dist"))?;
    minify_css(&cmd::root().join("dist"))?;
    minify_css(&cmd::root().join("dist/console"))?;
    compact_static_catalog(&cmd::root().join("dist/data"))?;
    step("precompressing dist/ (brotli 11, gzip 9)");
    let s = crate::precompress::precompress_dir(&cmd::root().join("dist"))?;
    println!(
        "    {} files, {:.1} KiB: brotli {:.1} KiB, gzip {:.1} KiB",
        s.files,
        s.raw as f64 / 1024.0,
        s.br as f64 / 1024.0,
        s.gz as f64 / 1024.0
    );
    Ok(())
}

/// Writes `embed.js`, the loader for inline embedding (assets/embed.js), with the names of the
/// files this build made: the stylesheets, the JS glue and the wasm the page's own loader
/// names (Trunk.toml).
fn write_embed_loader(dist: &std::path::Path) -> anyhow::Result<()> {
    step("writing the inline-embedding loader (dist/embed.js)");
    let page = std::fs::read_to_string(dist.join("index.html"))?;
    let template = std::fs::read_to_string(cmd::root().join("assets/embed.js"))?;
    let loader = embed_loader(&template, &page)?;
    std::fs::write(dist.join("embed.js"), loader)?;
    Ok(())
}

/// The loader `template` with the files `page` (the built index.html) loads put in.
fn embed_loader(template: &str, page: &str) -> anyhow::Result<String> {
    // The quoted values in `page` that start `./` and end with `ext`, in order.
    let files = |ext: &str| -> Vec<String> {
        page.split(['"', '\''])
            .filter(|v| v.starts_with("./") && v.ends_with(ext) && !v.contains(char::is_whitespace))
            .map(|v| v.trim_start_matches("./").to_owned())
            .collect()
    };
    let one = |ext: &str| -> anyhow::Result<String> {
        match files(ext).as_slice() {
            [only] => Ok(format!("'{only}'")),
            other => anyhow::bail!(
                "the built page names {} {ext} files, not one: {other:?}",
                other.len()
            ),
        }
    };
    let styles = files(".css");
    anyhow::ensure!(!styles.is_empty(), "the built page names no stylesheet");
    let styles = format!(
        "[{}]",
        styles
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(template
        .replace("__YSMAP_STYLES__", &styles)
        .replace("__YSMAP_JS__", &one(".js")?)
        .replace("__YSMAP_WASM__", &one("_bg.wasm")?))
}

/// Minifies the JS trunk wrote (wasm-bindgen's glue) with terser, in place: trunk's own
/// minifier fails on it. The file keeps its hashed name: the same build always minifies to the
/// same bytes, and the page's loader names no integrity hash for it (Trunk.toml).
fn minify_js(dist: &std::path::Path) -> anyhow::Result<()> {
    step("minifying the JS (terser)");
    let terser = cmd::root().join("node_modules/.bin/terser");
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "js") {
            run(std::process::Command::new(&terser)
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&path))?;
        }
    }
    Ok(())
}

/// The lightningcss binary npm installed: the platform package's own (present without
/// install scripts), else the package's bin link.
fn lightningcss() -> std::path::PathBuf {
    let modules = cmd::root().join("node_modules");
    std::fs::read_dir(&modules)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("lightningcss"))
        .find(|p| {
            p.is_file()
                && p.parent()
                    .and_then(|d| d.file_name())
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("lightningcss-cli-"))
        })
        .unwrap_or_else(|| modules.join(".bin/lightningcss"))
}

/// Minifies the stylesheets trunk wrote in `dir` with lightningcss, in place, and writes their
/// new subresource-integrity hashes into `dir/index.html`. Not trunk's own minification: it
/// would minify the page too, and the server and the counties' web teams find the host
/// element in it as written (`id="ysmap"`). The sources keep their comments, which are for
/// developers.
fn minify_css(dir: &std::path::Path) -> anyhow::Result<()> {
    use base64::Engine;
    use sha2::Digest;
    step(&format!(
        "minifying the CSS in {} (lightningcss)",
        dir.display()
    ));
    let page_path = dir.join("index.html");
    let mut page = std::fs::read_to_string(&page_path)
        .with_context(|| format!("cannot read {}", page_path.display()))?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let before = std::fs::read(&path)?;
        run(std::process::Command::new(lightningcss())
            .arg("--minify")
            .arg(&path)
            .arg("--output-file")
            .arg(&path))?;
        let after = std::fs::read(&path)?;
        let old = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&before))
        );
        let new = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&after))
        );
        anyhow::ensure!(
            page.contains(&old),
            "{} names no integrity hash for {name}",
            page_path.display()
        );
        page = page.replace(&old, &new);
    }
    std::fs::write(&page_path, page)?;
    Ok(())
}

/// Writes `catalog.postcard` beside the static `catalog.json`: the app reads the compact
/// encoding (`ysmap_model::catalog::compact`), also when no server is there. A county that
/// replaces the static catalog rebuilds (`cargo xtask dist`) to refresh it.
pub fn compact_static_catalog(data: &std::path::Path) -> anyhow::Result<()> {
    let json = data.join("catalog.json");
    let text = std::fs::read_to_string(&json)
        .with_context(|| format!("cannot read {}", json.display()))?;
    let catalog: ysmap_model::Catalog = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a catalog", json.display()))?;
    // Published as of the build's day (the sample dated to it, as the server does).
    let now = chrono::Utc::now();
    let today = ysmap_model::clock::county_date(now);
    let published = catalog.sample_dated(now).published(today);
    let spellings = ysmap_model::search::Spellings::of_catalog(&published);
    let bytes = ysmap_model::catalog::compact::encode(&published, &spellings)?;
    std::fs::write(data.join("catalog.postcard"), bytes)
        .with_context(|| format!("cannot write the compact catalog in {}", data.display()))
}

/// Builds the server in `profile` (`release` or `dev`) and returns its path.
pub fn build_server(release: bool) -> anyhow::Result<std::path::PathBuf> {
    step(&format!(
        "building the server ({})",
        if release { "release" } else { "debug" }
    ));
    let mut c = command("cargo");
    c.args(["build", "--package", "ysmap-server"]);
    if release {
        c.arg("--release");
    }
    run(&mut c)?;
    Ok(cmd::root()
        .join("target")
        .join(if release { "release" } else { "debug" })
        .join("ysmap-server"))
}

#[cfg(test)]
mod tests {
    use super::embed_loader;

    #[test]
    fn the_embed_loader_names_the_built_files() {
        let page = r#"<script type="module">
const wasm = fetch('./ysmap-app-0123_bg.wasm');
const { default: init } = await import('./ysmap-app-0123.js');
</script>
<link rel="stylesheet" href="./map-aa.css" integrity="sha384-x"/>
<link rel="stylesheet" href="./app-bb.css" integrity="sha384-y"/>"#;
        let template = "const STYLES = __YSMAP_STYLES__; const JS = __YSMAP_JS__; const WASM = __YSMAP_WASM__;";
        assert_eq!(
            embed_loader(template, page).expect("a loader"),
            "const STYLES = ['map-aa.css', 'app-bb.css']; const JS = 'ysmap-app-0123.js'; const WASM = 'ysmap-app-0123_bg.wasm';"
        );
        assert!(
            embed_loader(template, "<p>no app</p>").is_err(),
            "a page without the app is refused"
        );
        // The real template has every placeholder.
        let real = include_str!("../../assets/embed.js");
        let built = embed_loader(real, page).expect("a loader");
        assert!(!built.contains("__YSMAP_"), "{built}");
    }
}
