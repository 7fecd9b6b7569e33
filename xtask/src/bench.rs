//! `cargo xtask bench`: the shipped bundle's size against its budget; the catalog endpoint's
//! throughput, measured against a baseline (`/healthz`, the cheapest route) in the same run so
//! that the figure survives a noisy, shared machine; a simulated phone on slow 4G (Lighthouse);
//! and our map against Leaflet on 10,000 facilities. Raw results go to target/bench-results/.

use crate::bench_data;
use crate::budget;
use crate::cmd::{self, step};
use crate::server::LocalServer;
use crate::tools;
use anyhow::Context;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How long each throughput measurement runs.
const MEASURE: Duration = Duration::from_secs(5);
/// Client connections, each its own thread, kept alive.
const CLIENTS: usize = 2;

/// The parts of the benchmark, in the order they run; `cargo xtask bench [PART …]` runs some.
const PARTS: [&str; 7] = [
    "size",
    "throughput",
    "requests",
    "fault",
    "lighthouse",
    "map",
    "finder",
];

pub fn bench(args: &[String]) -> anyhow::Result<()> {
    if let Some(unknown) = args.iter().find(|a| !PARTS.contains(&a.as_str())) {
        anyhow::bail!(
            "unknown benchmark part '{unknown}' (the parts: {})",
            PARTS.join(", ")
        );
    }
    let wanted = |part: &str| args.is_empty() || args.iter().any(|a| a == part);
    tools::build_app()?;
    let server_bin = tools::build_server(true)?;

    if wanted("size") {
        step("bundle sizes (dist/) against the budget");
        budget::report(&budget::shipped(&cmd::root().join("dist"))?);
    }
    if wanted("throughput") || wanted("lighthouse") {
        let server = LocalServer::start(
            &server_bin,
            &cmd::root().join("target").join("bench"),
            &cmd::root().join("dist"),
            Stdio::null(),
            true,
            &[],
        )?;
        if wanted("throughput") {
            throughput_benchmark(server.port)?;
        }
        if wanted("lighthouse") {
            lighthouse(&server)?;
        }
    }
    if wanted("requests") {
        requests_benchmark(&server_bin)?;
    }
    if wanted("fault") {
        let report = crate::load::fault(
            &server_bin,
            &cmd::root().join("target").join("bench-fault"),
            &cmd::root().join("dist"),
            1000,
            300,
        )?;
        crate::load::check_fault(&report)?;
        write_result(
            "fault.json",
            &serde_json::json!({
                "burst": report.burst,
                "acknowledged_before_kill": report.acknowledged,
                "acknowledged_found_after_restart": report.acknowledged_found,
                "rows_after_retries": report.rows_after_retries,
                "notifications_distinct": report.notified.0,
                "notification_deliveries": report.notified.1,
                "delivery_seconds_after_restart": report.delivery_seconds,
            }),
        )?;
    }
    if wanted("map") {
        map_benchmark(&server_bin)?;
    }
    if wanted("finder") {
        finder_benchmark(&server_bin)?;
    }
    Ok(())
}

/// The facility finder per keystroke (search, filters, counts, ranking by needs, the list's and
/// map's updates) on the generated catalog, against the same keystrokes on the sample catalog
/// (35 facilities) in the same run; the page times itself (`api::time_finder_change`).
fn finder_benchmark(server_bin: &std::path::Path) -> anyhow::Result<()> {
    tools::ensure_browser()?;
    step(&format!(
        "finder: 100 keystrokes on {} facilities, against the sample catalog",
        bench_data::PARKS * bench_data::FACILITIES_PER_PARK
    ));
    let root = cmd::root();
    let work = root.join("target").join("bench-finder");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let catalog = generated_catalog(&work)?;
    let dist = root.join("dist");
    let large = LocalServer::start(
        server_bin,
        &work.join("large"),
        &dist,
        Stdio::null(),
        true,
        &["--catalog".as_ref(), catalog.as_os_str()],
    )?;
    let small = LocalServer::start(
        server_bin,
        &work.join("small"),
        &dist,
        Stdio::null(),
        true,
        &[],
    )?;
    cmd::run(
        cmd::command("node")
            .arg("tests/bench/finder.bench.mjs")
            .env("YSMAP_URL", large.url())
            .env("YSMAP_BASELINE_URL", small.url())
            .env(
                "YSMAP_BENCH_OUT",
                root.join("target/bench-results/finder.json"),
            )
            .env("CHROMIUM", tools::CHROMIUM),
    )
}

/// `POST /api/requests` at [`crate::load::CLIENTS`] concurrent clients with durable commits,
/// against the raw durable insert of the same rows in the same run.
fn requests_benchmark(server_bin: &std::path::Path) -> anyhow::Result<()> {
    use crate::load;
    step(&format!(
        "requests: POST /api/requests, {} concurrent clients, release server, synchronous=FULL",
        load::CLIENTS
    ));
    let raw_dir = cmd::root().join("target").join("bench-raw");
    if raw_dir.exists() {
        std::fs::remove_dir_all(&raw_dir)?;
    }
    let limits: [&std::ffi::OsStr; 2] = ["--submits-per-minute".as_ref(), "100000000".as_ref()];
    // Alternate: baseline, server, baseline, server; keep every run.
    let mut runs = Vec::new();
    for round in 0..2 {
        // The two drivers' raw inserts in alternating order too.
        let insert = |native: bool| {
            load::raw_insert_throughput(
                &raw_dir.join(format!("{round}-{native}")),
                load::CLIENTS,
                native,
            )
        };
        let (raw, native) = if round % 2 == 0 {
            let raw = insert(false)?;
            (raw, insert(true)?)
        } else {
            let native = insert(true)?;
            (insert(false)?, native)
        };
        let server = LocalServer::start(
            server_bin,
            &cmd::root().join("target").join("bench-requests"),
            &cmd::root().join("dist"),
            Stdio::null(),
            true,
            &limits,
        )?;
        let api = load::requests_throughput(server.port, load::CLIENTS)?;
        drop(server);
        println!(
            "    round {round}: raw insert on sqlx's SQLite driver {:.0}/s (p99 {:.1} ms), on its Any driver as the server {:.0}/s (p50 {:.1} ms, p99 {:.1} ms): {:.2}×; POST /api/requests {:.0}/s (p50 {:.1} ms, p99 {:.1} ms, {} errors): {:.2}× the raw insert",
            native.per_second,
            ms(native.p99),
            raw.per_second,
            ms(raw.p50),
            ms(raw.p99),
            raw.per_second / native.per_second,
            api.per_second,
            ms(api.p50),
            ms(api.p99),
            api.errors,
            api.per_second / raw.per_second
        );
        runs.push(serde_json::json!({
            "raw_native": {"per_second": native.per_second, "p50_ms": ms(native.p50), "p99_ms": ms(native.p99), "errors": native.errors},
            "raw": {"per_second": raw.per_second, "p50_ms": ms(raw.p50), "p99_ms": ms(raw.p99), "errors": raw.errors},
            "api": {"per_second": api.per_second, "p50_ms": ms(api.p50), "p99_ms": ms(api.p99), "errors": api.errors},
        }));
    }
    write_result(
        "requests.json",
        &serde_json::json!({ "clients": load::CLIENTS, "runs": runs }),
    )
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Writes a raw result to target/bench-results/.
fn write_result(name: &str, value: &serde_json::Value) -> anyhow::Result<()> {
    let dir = cmd::root().join("target").join("bench-results");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), serde_json::to_string_pretty(value)?)?;
    Ok(())
}

/// The catalog's throughput against `/healthz`, measured in the same run.
fn throughput_benchmark(port: u16) -> anyhow::Result<()> {
    step(&format!(
        "throughput: {CLIENTS} keep-alive clients, {} s per route, release server",
        MEASURE.as_secs()
    ));
    let baseline = throughput(port, "/healthz", false)?;
    let catalog = throughput(port, "/api/catalog", true)?;
    let catalog_304 = throughput_conditional(port)?;
    println!(
        "    GET /healthz (baseline)              {:>9.0} req/s",
        baseline.0
    );
    println!(
        "    GET /api/catalog (gzip, {:>5.1} KiB)   {:>9.0} req/s  = {:.2} × baseline",
        kib(catalog.1),
        catalog.0,
        catalog.0 / baseline.0
    );
    println!(
        "    GET /api/catalog (304)               {:>9.0} req/s  = {:.2} × baseline",
        catalog_304,
        catalog_304 / baseline.0
    );
    Ok(())
}

/// Lighthouse's mobile preset (slow 4G, 4× CPU slowdown, simulated) on the sample catalog.
fn lighthouse(server: &LocalServer) -> anyhow::Result<()> {
    tools::ensure_browser()?;
    step("a phone on slow 4G: Lighthouse 12, mobile preset, the sample catalog");
    cmd::run(
        cmd::command("node")
            .arg("tests/bench/lighthouse.mjs")
            .env("YSMAP_URL", server.url())
            .env(
                "YSMAP_BENCH_OUT",
                cmd::root().join("target/bench-results/lighthouse.json"),
            )
            .env("CHROMIUM", tools::CHROMIUM),
    )
}

/// Our map against Leaflet + markercluster on the generated data set, in headless Chromium.
fn map_benchmark(server_bin: &std::path::Path) -> anyhow::Result<()> {
    tools::ensure_browser()?;
    step(&format!(
        "map: ours vs Leaflet 1.9.4 + markercluster 1.5.3, {} parks and {} facilities",
        bench_data::PARKS,
        bench_data::PARKS * bench_data::FACILITIES_PER_PARK
    ));
    let root = cmd::root();
    let work = root.join("target").join("bench-map");
    let site = work.join("site");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    crate::dist::copy_dir(&root.join("dist"), &site)?;
    let leaflet = site.join("bench").join("leaflet");
    std::fs::create_dir_all(&leaflet)?;
    for page in ["leaflet.html", "leaflet-bench.js", "leaflet-bench.css"] {
        std::fs::copy(
            root.join("tests/bench").join(page),
            site.join("bench").join(page),
        )?;
    }
    for (from, name) in [
        ("node_modules/leaflet/dist/leaflet.js", "leaflet.js"),
        ("node_modules/leaflet/dist/leaflet.css", "leaflet.css"),
        (
            "node_modules/leaflet.markercluster/dist/leaflet.markercluster.js",
            "leaflet.markercluster.js",
        ),
        (
            "node_modules/leaflet.markercluster/dist/MarkerCluster.css",
            "MarkerCluster.css",
        ),
        (
            "node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css",
            "MarkerCluster.Default.css",
        ),
    ] {
        std::fs::copy(root.join(from), leaflet.join(name))
            .with_context(|| format!("copying {from}"))?;
    }
    let catalog = generated_catalog(&work)?;
    let server = LocalServer::start(
        server_bin,
        &work.join("server"),
        &site,
        Stdio::null(),
        true,
        &["--catalog".as_ref(), catalog.as_os_str()],
    )?;
    cmd::run(
        cmd::command("node")
            .arg("tests/bench/map.bench.mjs")
            .env("YSMAP_URL", server.url())
            .env(
                "YSMAP_BENCH_OUT",
                cmd::root().join("target/bench-results/map.json"),
            )
            .env("CHROMIUM", tools::CHROMIUM),
    )
}

/// The generated catalog (200 parks, 10,000 facilities, from the sample's shapes), written to
/// `work/catalog.json` for a server's `--catalog`.
fn generated_catalog(work: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    let sample: ysmap_model::Catalog = serde_json::from_str(&std::fs::read_to_string(
        cmd::root().join("public/data/catalog.json"),
    )?)?;
    let catalog = work.join("catalog.json");
    std::fs::write(
        &catalog,
        serde_json::to_vec(&bench_data::generate(&sample)?)?,
    )?;
    Ok(catalog)
}

fn kib(b: u64) -> f64 {
    b as f64 / 1024.0
}

/// Requests per second for `path`, and the size of one answer body.
fn throughput(port: u16, path: &str, gzip: bool) -> anyhow::Result<(f64, u64)> {
    let extra = if gzip {
        "Accept-Encoding: gzip\r\n"
    } else {
        ""
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{extra}\r\n");
    measure(port, request)
}

/// Requests per second for a revalidation that answers 304.
fn throughput_conditional(port: u16) -> anyhow::Result<f64> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.write_all(b"GET /api/catalog HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n")?;
    let mut reader = BufReader::new(s);
    let (_, headers) = read_response(&mut reader)?;
    let etag = headers
        .iter()
        .find_map(|h| h.strip_prefix("etag: "))
        .context("no ETag")?
        .to_owned();
    let request =
        format!("GET /api/catalog HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {etag}\r\n\r\n");
    Ok(measure(port, request)?.0)
}

fn measure(port: u16, request: String) -> anyhow::Result<(f64, u64)> {
    let start = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let request = request.clone();
            std::thread::spawn(move || -> anyhow::Result<(u64, u64)> {
                let s = TcpStream::connect(("127.0.0.1", port))?;
                s.set_nodelay(true)?;
                let mut writer = s.try_clone()?;
                let mut reader = BufReader::new(s);
                let (mut count, mut size) = (0u64, 0u64);
                while start.elapsed() < MEASURE {
                    writer.write_all(request.as_bytes())?;
                    let (body, _) = read_response(&mut reader)?;
                    size = body;
                    count += 1;
                }
                Ok((count, size))
            })
        })
        .collect();
    let mut total = 0;
    let mut size = 0;
    for w in workers {
        let (c, s) = w
            .join()
            .map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
        total += c;
        size = s;
    }
    Ok((total as f64 / start.elapsed().as_secs_f64(), size))
}

/// Reads one HTTP/1.1 response with a Content-Length (or none, for 304); returns the body
/// length and the header lines (names lower-cased, values as sent).
fn read_response(r: &mut BufReader<TcpStream>) -> anyhow::Result<(u64, Vec<String>)> {
    let mut headers = Vec::new();
    let mut length = 0u64;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            anyhow::bail!("the server closed the connection");
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let line = match line.split_once(':') {
            Some((name, value)) => format!("{}: {}", name.to_ascii_lowercase(), value.trim()),
            None => line.to_owned(),
        };
        if let Some(v) = line.strip_prefix("content-length: ") {
            length = v.parse()?;
        }
        headers.push(line);
    }
    let mut body = vec![0; length as usize];
    r.read_exact(&mut body)?;
    Ok((length, headers))
}
