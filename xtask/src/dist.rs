//! `cargo xtask dist`: a folder to deploy: the release server, the built app beside it, and the
//! deployment examples of `deploy/` (configuration, systemd unit, nginx site).

use crate::cmd::{self, step};
use crate::tools;
use anyhow::Context;
use std::path::Path;

/// The files of `deploy/` that go into the folder, beside the server.
pub const DEPLOY_FILES: &[&str] = &["ysmap.env", "ysmap.service", "nginx-ysmap.conf"];

/// Builds `target/dist/` with `ysmap-server`, `dist/` (the app) and [`DEPLOY_FILES`].
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
    for name in DEPLOY_FILES {
        std::fs::copy(cmd::root().join("deploy").join(name), out.join(name))
            .with_context(|| format!("copying deploy/{name}"))?;
    }
    println!(
        "    done: target/dist holds ysmap-server, dist/, {}; README \"Deploying\" installs them",
        DEPLOY_FILES.join(", ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> String {
        std::fs::read_to_string(cmd::root().join(path)).expect(path)
    }

    /// The `YSMAP_…` names in `text`, in order, once each.
    fn variables(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, _) in text.match_indices("YSMAP_") {
            let name: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    #[test]
    fn the_example_configuration_names_every_setting_the_server_reads_and_no_other() {
        let server: Vec<String> = variables(&read("server/src/config.rs"))
            .into_iter()
            // Read by `admin create`, and by the tests' configuration: never a service's
            // setting.
            .filter(|v| v != "YSMAP_ADMIN_PASSWORD" && v != "YSMAP_TEST_DATABASE_URL")
            .collect();
        let example = variables(&read("deploy/ysmap.env"));
        let missing: Vec<_> = server.iter().filter(|v| !example.contains(v)).collect();
        let unknown: Vec<_> = example.iter().filter(|v| !server.contains(v)).collect();
        assert!(missing.is_empty(), "deploy/ysmap.env lacks {missing:?}");
        assert!(unknown.is_empty(), "the server does not read {unknown:?}");
    }

    #[test]
    fn the_unit_the_configuration_and_the_nginx_site_agree() {
        let env = read("deploy/ysmap.env");
        let unit = read("deploy/ysmap.service");
        let nginx = read("deploy/nginx-ysmap.conf");
        let setting = |name: &str| {
            env.lines()
                .find_map(|l| l.strip_prefix(&format!("{name}=")))
                .unwrap_or_else(|| panic!("{name} is set in deploy/ysmap.env"))
                .to_owned()
        };
        assert!(unit.contains("EnvironmentFile=/etc/ysmap/ysmap.env"));
        assert!(unit.contains("ExecStart=/opt/ysmap/ysmap-server"));
        assert_eq!(setting("YSMAP_STATIC_DIR"), "/opt/ysmap/dist");
        assert!(unit.contains(&format!("ReadWritePaths={}", setting("YSMAP_DATA_DIR"))));
        assert!(nginx.contains(&format!("server {};", setting("YSMAP_BIND"))));
        assert!(nginx.contains("proxy_pass http://ysmap;"));
        assert_eq!(setting("YSMAP_TRUST_PROXY"), "true");
        assert!(nginx.contains("$proxy_add_x_forwarded_for"));
        // Room for the largest photo the server takes (10 MiB, server/src/photos.rs).
        assert!(read("server/src/photos.rs").contains("MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024"));
        assert!(nginx.contains("client_max_body_size 11m;"));
    }
}
