//! `cargo xtask`: the project's single entry point. Each command installs what it needs when it
//! is missing, and says what it is doing.
//!
//! - `run`: build the app (release) and serve it with the server on an embedded SQLite.
//! - `test`: every test: native unit and integration tests, then browser tests of the release
//!   build against the real server.
//! - `bench`: the bundle's size against its budget, the catalog's throughput, a phone on slow
//!   4G (Lighthouse), and our map against Leaflet.
//! - `dist`: a deployable folder: the server binary and the built app.

mod bench;
mod bench_data;
mod budget;
mod cmd;
mod dist;
mod load;
mod postgres;
mod precompress;
mod run;
mod server;
mod split;
mod test;
mod tidy;
mod tools;

use anyhow::bail;

const USAGE: &str = "usage: cargo xtask <command> [options]

commands:
  run [--port N] [-- SERVER-ARGS]   build the app and serve it on http://127.0.0.1:8080 (or --port)
  test                              run every test (native, server, browser)
  bench [size|throughput|lighthouse|map]...
                                    bundle size, catalog throughput, a phone on slow 4G
                                    (Lighthouse), our map against Leaflet; all when none named
  dist                              build a deployable folder in target/dist";

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::run(&args[1..]),
        Some("test") => test::test(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("dist") => dist::dist(),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Fails unless `args` is empty (commands that take none).
fn no_args(args: &[String]) -> anyhow::Result<()> {
    if let Some(a) = args.first() {
        bail!("unexpected argument '{a}'\n\n{USAGE}");
    }
    Ok(())
}
