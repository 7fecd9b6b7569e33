//! `cargo xtask test`: every test. Native tests (model, map engine, server against a real
//! SQLite file), the server's tests again on a real PostgreSQL (a throwaway cluster), then the
//! release build in headless Chromium against the real server.

use crate::budget;
use crate::cmd::{self, command, run, step};
use crate::server::LocalServer;
use crate::tools;
use anyhow::{Context, bail};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Counts of tests run.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
}

pub fn test(args: &[String]) -> anyhow::Result<()> {
    crate::no_args(args)?;
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    let mut tally = Tally::default();
    let outcome = run_all(&mut tally);
    // The closing line CI reads, whatever happened.
    println!(
        "\nSummary: {} passed, {} failed",
        tally.passed, tally.failed
    );
    outcome?;
    if tally.failed > 0 {
        bail!("{} test(s) failed", tally.failed);
    }
    if tally.passed == 0 {
        bail!("no test ran");
    }
    Ok(())
}

/// The browser tests' staff password (a test server's, never a deployment's).
const STAFF_PASSWORD: &str = "e2e staff passphrase";

/// The staff accounts the browser tests sign in with: the city's administrator, the sample
/// industrial park's helper and editor, and the administrator of one county (东塬区).
const STAFF_ACCOUNTS: &[&[&str]] = &[
    &[
        "--username",
        "admin",
        "--role",
        "admin",
        "--display-name",
        "招商服务中心",
    ],
    &[
        "--username",
        "xiaowang",
        "--role",
        "handler",
        "--park",
        "park-industrial",
        "--display-name",
        "王园园",
        "--phone",
        "029-3312 0101",
    ],
    &[
        "--username",
        "editor",
        "--role",
        "editor",
        "--park",
        "park-industrial",
    ],
    &[
        "--username",
        "dongyuan",
        "--role",
        "admin",
        "--region",
        "dongyuan",
        "--display-name",
        "东塬区投资服务中心",
    ],
];

fn run_all(tally: &mut Tally) -> anyhow::Result<()> {
    house_rules()?;
    step("native tests: app logic, model, map engine, server (real SQLite in temporary folders)");
    let native = stream(
        command("cargo").args(["test", "--workspace", "--all-features"]),
        tally,
        parse_cargo,
    )?;
    if !native {
        bail!("native tests failed");
    }
    let postgres = crate::postgres::LocalPostgres::start()?;
    step("the server's tests again on PostgreSQL, and two server processes on one database");
    let on_postgres = stream(
        command("cargo")
            .args(["test", "-p", "ysmap-server", "--all-features"])
            .env("YSMAP_TEST_DATABASE_URL", &postgres.url),
        tally,
        parse_cargo,
    )?;
    if !on_postgres {
        bail!(
            "the server's tests on PostgreSQL failed (its log: {})",
            postgres.log().display()
        );
    }
    drop(postgres);
    tools::build_app()?;
    step("size budgets: the first screen's front-end and the whole app's (wasm + JS + CSS, gzip)");
    let shipped = budget::shipped(&cmd::root().join("dist"))?;
    budget::report(&shipped);
    if budget::within_budget(&shipped).within() {
        tally.passed += 1;
    } else {
        tally.failed += 1;
        println!("    the bundle is over budget (xtask/src/budget.rs): find what grew with twiggy");
    }
    let server_bin = tools::build_server(false)?;
    step("browser tests: the release build in headless Chromium against the real server");
    let work = cmd::root().join("target").join("e2e");
    let artifacts = cmd::root().join("tests").join("e2e").join("artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let log_path = cmd::root().join("target").join("e2e-server.log");
    let log = std::fs::File::create(&log_path)?;
    // Investors' limits high enough for the suites' many submissions from one address (the
    // limits themselves are tested natively, server/tests/assistance.rs).
    let limits: [&std::ffi::OsStr; 4] = [
        "--submits-per-minute".as_ref(),
        "1000".as_ref(),
        "--lookups-per-minute".as_ref(),
        "1000".as_ref(),
    ];
    let server = LocalServer::start(
        &server_bin,
        &work,
        &cmd::root().join("dist"),
        log.into(),
        false,
        &limits,
    )?;
    // Staff accounts, made the way a county makes its first: the command line.
    for args in STAFF_ACCOUNTS {
        run(Command::new(&server_bin)
            .arg("--data-dir")
            .arg(&server.data_dir)
            .args(["admin", "create"])
            .args(*args)
            .env("YSMAP_ADMIN_PASSWORD", STAFF_PASSWORD))?;
    }
    let ok = stream(
        command("node")
            .args([
                "--test",
                "--test-reporter=spec",
                "--test-concurrency=1",
                "tests/e2e/",
            ])
            .env("YSMAP_URL", server.url())
            .env("YSMAP_DB", server.data_dir.join("ysmap.sqlite3"))
            .env("YSMAP_ARTIFACTS", &artifacts)
            .env("YSMAP_DIST", cmd::root().join("dist"))
            .env("CHROMIUM", tools::CHROMIUM)
            .env("YSMAP_STAFF_PASSWORD", STAFF_PASSWORD),
        tally,
        parse_node,
    )?;
    drop(server);
    // The fault script (also `cargo xtask bench fault`, with the release server): a burst with
    // the server killed by SIGKILL in the middle; nothing acknowledged lost, nothing twice,
    // every notification delivered.
    step("fault test: 1,000 concurrent submissions, SIGKILL mid-burst, restart");
    let fault = crate::load::fault(
        &server_bin,
        &cmd::root().join("target").join("e2e-fault"),
        &cmd::root().join("dist"),
        1000,
        300,
    )
    .and_then(|r| crate::load::check_fault(&r));
    match fault {
        Ok(()) => tally.passed += 1,
        Err(e) => {
            println!("    fault test failed: {e:#}");
            tally.failed += 1;
        }
    }
    if !ok {
        bail!(
            "browser tests failed (screenshots in {}, server log in {})",
            artifacts.display(),
            log_path.display()
        );
    }
    Ok(())
}

/// The house rules that CI keeps: formatting, then clippy over every target with warnings as
/// errors (natively, and the app and map component for the browser's target, where their
/// web-only code is compiled).
fn house_rules() -> anyhow::Result<()> {
    step("house rules: cargo fmt --check");
    cmd::run(command("cargo").args(["fmt", "--all", "--check"]))
        .context("formatting differs: run `cargo fmt --all`")?;
    step("house rules: cargo clippy --all-targets, warnings as errors");
    cmd::run(command("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))
    .context("clippy found problems (above)")?;
    cmd::run(command("cargo").args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "ysmap-app",
        "--package",
        "ysmap-map",
        "--package",
        "ysmap-console",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))
    .context("clippy found problems in the browser build (above)")
}

/// Runs `c`, echoing its standard output line by line and counting tests with `parse`.
fn stream(c: &mut Command, tally: &mut Tally, parse: fn(&str, &mut Tally)) -> anyhow::Result<bool> {
    c.stdout(Stdio::piped());
    let mut child = c
        .spawn()
        .with_context(|| format!("cannot start {:?}", c.get_program()))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            parse(&line, tally);
        }
    }
    Ok(child.wait()?.success())
}

/// `test result: ok. 26 passed; 0 failed; ...`
fn parse_cargo(line: &str, tally: &mut Tally) {
    let Some(rest) = line.strip_prefix("test result: ") else {
        return;
    };
    for part in rest.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        if let [.., n, what] = words.as_slice() {
            let n: u64 = n.parse().unwrap_or(0);
            match *what {
                "passed" => tally.passed += n,
                "failed" => tally.failed += n,
                _ => {}
            }
        }
    }
}

/// node's spec reporter ends with `ℹ pass 7` and `ℹ fail 0`.
fn parse_node(line: &str, tally: &mut Tally) {
    let line = line.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    if let Some(n) = line
        .strip_prefix("pass ")
        .and_then(|n| n.trim().parse::<u64>().ok())
    {
        tally.passed += n;
    } else if let Some(n) = line
        .strip_prefix("fail ")
        .and_then(|n| n.trim().parse::<u64>().ok())
    {
        tally.failed += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_results() {
        let mut t = Tally::default();
        parse_cargo(
            "test result: ok. 26 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.03s",
            &mut t,
        );
        parse_cargo("test result: FAILED. 3 passed; 2 failed; 0 ignored", &mut t);
        parse_cargo("running 3 tests", &mut t);
        assert_eq!((t.passed, t.failed), (29, 2));
    }

    #[test]
    fn counts_node_results() {
        let mut t = Tally::default();
        for l in ["ℹ tests 7", "ℹ pass 6", "ℹ fail 1", "✔ opens a park (1.2s)"] {
            parse_node(l, &mut t);
        }
        assert_eq!((t.passed, t.failed), (6, 1));
    }

    #[test]
    fn the_wasm_bindgen_pin_is_exact() {
        let v = tools::wasm_bindgen_version().expect("pinned");
        assert!(v.split('.').count() == 3, "{v}");
        let trunk = std::fs::read_to_string(cmd::root().join("Trunk.toml")).expect("Trunk.toml");
        assert!(
            trunk.contains(&format!("wasm_bindgen = \"{v}\"")),
            "Trunk.toml's wasm_bindgen must be {v}"
        );
    }

    #[test]
    fn the_loader_waits_for_the_first_screen_the_server_draws() {
        // Trunk.toml's loader names the first screen's class; the model writes it once.
        let trunk = std::fs::read_to_string(cmd::root().join("Trunk.toml")).expect("Trunk.toml");
        let class = ysmap_model::page::FIRST_SCREEN_CLASS;
        assert!(
            trunk.contains(&format!("'.{class}'")),
            "Trunk.toml's loader must look for .{class}"
        );
    }
}
