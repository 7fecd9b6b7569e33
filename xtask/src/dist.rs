//! `cargo xtask dist`: a folder to deploy: the release server and the built app beside it.

use crate::cmd::{self, step};
use crate::tools;
use anyhow::Context;
use std::path::Path;

/// Builds `target/dist/` with `ysmap-server` and `dist/` (the app).
pub fn dist() -> anyhow::Result<()> {
    tools::build_app()?;
    let server = tools::build_server(true)?;
    let out = cmd::root().join("target").join("dist");
    step(&format!("assembling {}", out.display()));
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    std::fs::copy(&server, out.join("ysmap-server")).context("copying the server")?;
    copy_dir(&cmd::root().join("dist"), &out.join("dist"))?;
    println!(
        "    done: run `cd target/dist && ./ysmap-server --bind 0.0.0.0:8080` (see README, Deploying)"
    );
    Ok(())
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
