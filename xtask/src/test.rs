//! `cargo xtask test`: every test. Native tests (model, map engine, server against a real
//! SQLite file), then the release build in headless Chromium against the real server.

use crate::cmd::{self, command, step};
use crate::tools;
use anyhow::{Context, bail};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

fn run_all(tally: &mut Tally) -> anyhow::Result<()> {
    step("native tests: model, map engine, server (real SQLite in temporary folders)");
    let native = stream(
        command("cargo").args(["test", "--workspace", "--exclude", "ysmap-app"]),
        tally,
        parse_cargo,
    )?;
    if !native {
        bail!("native tests failed");
    }
    tools::build_app()?;
    let server_bin = tools::build_server(false)?;
    step("browser tests: the release build in headless Chromium against the real server");
    let work = cmd::root().join("target").join("e2e");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    let data_dir = work.join("data");
    std::fs::create_dir_all(&data_dir)?;
    let artifacts = cmd::root().join("tests").join("e2e").join("artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let port = free_port()?;
    let log = std::fs::File::create(work.join("server.log"))?;
    let server = Command::new(&server_bin)
        .current_dir(cmd::root())
        .args([
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--static-dir",
            "dist",
            "--data-dir",
        ])
        .arg(&data_dir)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("cannot start the server")?;
    let mut server = Guard(server);
    wait_healthy(port, &mut server.0)?;
    let ok = stream(
        command("node")
            .args([
                "--test",
                "--test-reporter=spec",
                "--test-concurrency=1",
                "tests/e2e/",
            ])
            .env("YSMAP_URL", format!("http://127.0.0.1:{port}/"))
            .env("YSMAP_DB", data_dir.join("ysmap.sqlite3"))
            .env("YSMAP_ARTIFACTS", &artifacts)
            .env("YSMAP_DIST", cmd::root().join("dist"))
            .env("CHROMIUM", tools::CHROMIUM),
        tally,
        parse_node,
    )?;
    stop(&mut server.0);
    if !ok {
        bail!(
            "browser tests failed (screenshots in {}, server log in {})",
            artifacts.display(),
            work.join("server.log").display()
        );
    }
    Ok(())
}

/// Kills the server if the tests end early.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Asks the server to stop (SIGTERM: it finishes what is in flight) and waits.
fn stop(child: &mut Child) {
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
}

/// A port nothing listens on now.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until `GET /healthz` answers 200, or the server exits, or 60 s pass.
pub fn wait_healthy(port: u16, child: &mut Child) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("the server exited at start ({status})");
        }
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(
                b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            );
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!("the server did not become healthy within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
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
}
