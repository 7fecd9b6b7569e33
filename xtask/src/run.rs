//! `cargo xtask run`: build the app and serve it, seeded with the sample catalog on first start.

use crate::cmd::{self, step};
use crate::tools;
use anyhow::{Context, bail};
use std::process::Command;

/// Builds everything and replaces this process with the server, so that Ctrl-C reaches the
/// server alone and it stops cleanly.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let (port, server_args) = parse(args)?;
    tools::build_app()?;
    let server = tools::build_server(true)?;
    let mut c = Command::new(&server);
    c.current_dir(cmd::root()).args(["--static-dir", "dist"]);
    match port {
        Some(p) => {
            c.args(["--bind", &format!("127.0.0.1:{p}")]);
        }
        // YSMAP_BIND, when set, is read by the server itself.
        None if std::env::var_os("YSMAP_BIND").is_some() => {}
        None => {
            c.args(["--bind", "127.0.0.1:8080"]);
        }
    }
    c.args(server_args);
    step("starting the server (data in ./data, seeded with the sample catalog on first start)");
    exec(c)
}

fn parse(args: &[String]) -> anyhow::Result<(Option<u16>, Vec<String>)> {
    let mut port = None;
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "--port" => {
                let v = rest.next().context("--port needs a number")?;
                port = Some(
                    v.parse()
                        .with_context(|| format!("--port: '{v}' is not a port number"))?,
                );
            }
            "--" => return Ok((port, rest.cloned().collect())),
            other => bail!("unknown option '{other}' (server options go after `--`)"),
        }
    }
    Ok((port, Vec::new()))
}

#[cfg(unix)]
fn exec(mut c: Command) -> anyhow::Result<()> {
    use std::os::unix::process::CommandExt;
    Err(c.exec()).context("cannot start the server")
}

#[cfg(not(unix))]
fn exec(mut c: Command) -> anyhow::Result<()> {
    crate::cmd::run(&mut c)
}
