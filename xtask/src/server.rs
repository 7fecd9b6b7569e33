//! A server for tests and benchmarks: its own data folder, a free port on loopback, stopped
//! cleanly (SIGTERM, then kill) when dropped.

use crate::cmd;
use anyhow::{Context, bail};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server.
pub struct LocalServer {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its data folder.
    pub data_dir: PathBuf,
}

impl LocalServer {
    /// Starts `binary` serving `static_dir` with a fresh data folder under `work` (emptied
    /// first), its output to `output`, any `extra` options, and waits until it answers
    /// `/healthz`.
    pub fn start(
        binary: &Path,
        work: &Path,
        static_dir: &Path,
        output: Stdio,
        quiet: bool,
        extra: &[&std::ffi::OsStr],
    ) -> anyhow::Result<LocalServer> {
        if work.exists() {
            std::fs::remove_dir_all(work)?;
        }
        let data_dir = work.join("data");
        std::fs::create_dir_all(&data_dir)?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut c = Command::new(binary);
        c.current_dir(cmd::root())
            .args(["--bind", &format!("127.0.0.1:{port}"), "--data-dir"])
            .arg(&data_dir)
            .arg("--static-dir")
            .arg(static_dir)
            .args(extra)
            .stdout(output)
            .stderr(Stdio::inherit());
        if quiet {
            c.env("RUST_LOG", "warn");
        }
        let child = c.spawn().context("cannot start the server")?;
        let mut server = LocalServer {
            child,
            port,
            data_dir,
        };
        server.wait_healthy()?;
        Ok(server)
    }

    /// Starts `binary` again on an existing data folder (after a crash), as [`start`] does
    /// otherwise.
    ///
    /// [`start`]: LocalServer::start
    pub fn restart(
        binary: &Path,
        data_dir: &Path,
        static_dir: &Path,
        output: Stdio,
        extra: &[&std::ffi::OsStr],
    ) -> anyhow::Result<LocalServer> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(binary)
            .current_dir(cmd::root())
            .args(["--bind", &format!("127.0.0.1:{port}"), "--data-dir"])
            .arg(data_dir)
            .arg("--static-dir")
            .arg(static_dir)
            .args(extra)
            .stdout(output)
            .stderr(Stdio::inherit())
            .env("RUST_LOG", "warn")
            .spawn()
            .context("cannot restart the server")?;
        let mut server = LocalServer {
            child,
            port,
            data_dir: data_dir.to_owned(),
        };
        server.wait_healthy()?;
        Ok(server)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's base URL, with a trailing slash.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn wait_healthy(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server exited at start ({status})");
            }
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) {
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
}

impl Drop for LocalServer {
    /// SIGTERM first, so the server finishes what is in flight and closes the database.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
