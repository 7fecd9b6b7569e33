//! A throwaway PostgreSQL cluster for the server's tests on PostgreSQL: Debian's `postgresql`
//! (installed with apt when missing and run as root), a new cluster in a temporary folder on a
//! free port of loopback, trusting local connections, stopped and deleted when dropped.

use crate::cmd::{command, output, run, step};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// A running cluster.
pub struct LocalPostgres {
    bin: PathBuf,
    data: PathBuf,
    /// Kept until the cluster has stopped: deleted with it.
    _dir: tempfile::TempDir,
    /// The user the server runs as when we are root (PostgreSQL refuses to run as root).
    run_as: Option<&'static str>,
    /// `postgres://postgres@127.0.0.1:<port>`: the server, without a database.
    pub url: String,
}

/// The newest installed PostgreSQL's programs (`/usr/lib/postgresql/<version>/bin`).
fn installed() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

impl LocalPostgres {
    /// Installs PostgreSQL if needed (as root), makes a cluster and starts it.
    pub fn start() -> anyhow::Result<LocalPostgres> {
        let root = crate::tools::is_root();
        let bin = match installed() {
            Some(bin) => bin,
            None if root => {
                crate::tools::apt_install(&["postgresql"])?;
                installed().context("apt installed postgresql, but no initdb is there")?
            }
            None => bail!(
                "the server's tests on PostgreSQL need Debian's postgresql (run as root to have it installed, or: sudo apt-get install postgresql)"
            ),
        };
        let run_as = root.then_some("postgres");
        let dir = tempfile::Builder::new().prefix("ysmap-pg-").tempdir()?;
        if let Some(user) = run_as {
            run(command("chown").arg(user).arg(dir.path()))?;
        }
        let data = dir.path().join("data");
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        step(&format!(
            "PostgreSQL: a throwaway cluster on 127.0.0.1:{port} ({})",
            bin.display()
        ));
        let pg = LocalPostgres {
            url: format!("postgres://postgres@127.0.0.1:{port}"),
            bin,
            data,
            _dir: dir,
            run_as,
        };
        let quiet = pg.data.with_file_name("initdb.log");
        run(pg
            .as_owner("initdb")
            .arg("--pgdata")
            .arg(&pg.data)
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync"])
            .stdout(std::fs::File::create(&quiet)?))?;
        // Durability is not what is tested: no fsync. Connections: a pool per test, two tests
        // at a time, two server processes in one.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            pg.data.display()
        );
        run(pg
            .as_owner("pg_ctl")
            .arg("--pgdata")
            .arg(&pg.data)
            .arg("--log")
            .arg(pg.data.with_file_name("server.log"))
            .args(["--wait", "--options", &options, "start"]))?;
        Ok(pg)
    }

    /// `program` from PostgreSQL's folder, run as the cluster's owner.
    fn as_owner(&self, program: &str) -> std::process::Command {
        let path = self.bin.join(program);
        match self.run_as {
            Some(user) => {
                let mut c = command("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => std::process::Command::new(path),
        }
    }

    /// The server's log, for a failure's report.
    pub fn log(&self) -> PathBuf {
        self.data.with_file_name("server.log")
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        let stopped = output(
            self.as_owner("pg_ctl")
                .arg("--pgdata")
                .arg(&self.data)
                .args(["--mode=immediate", "stop"]),
        );
        if stopped.is_none() {
            eprintln!(
                "could not stop the test PostgreSQL in {}",
                Path::new(&self.data).display()
            );
        }
    }
}
