//! The 营商地图 server: axum over SQLite or PostgreSQL.
//!
//! - [`config`]: flags and environment.
//! - [`db`]: the database, its migrations and the catalog rows.
//! - [`catalog`]: loading, checking and publishing the catalog (`GET /api/catalog`).
//! - [`requests`]: assistance requests: submitting, the investor's look-up and actions.
//! - [`assistance`]: a stored request and its events, shown to the investor and to staff.
//! - [`admin`]: the command line's `admin create`.
//! - [`auth`]: staff sign-in, sessions, CSRF, the lockout, accounts.
//! - [`staff`]: accounts, managed by administrators.
//! - [`inbox`]: the staff inbox (`/api/admin/requests…`).
//! - [`editor`]: catalog records for staff: save (checked, published at once), history, restore.
//! - [`export`]: the inbox as CSV and XLSX.
//! - [`open_data`]: the published catalog as CSV, XLSX and GeoJSON, for anyone.
//! - [`openapi`]: the API's OpenAPI 3.1 document, from the routers' tables and the types.
//! - [`outbox`]: notifications (webhook) with retries, due-soon notices, the retention purge.
//! - [`limits`]: per-address rate limits and the per-code look-up lock.
//! - [`lease`]: leases on background jobs, so that one of several processes runs each.
//! - [`error`]: the API's error answers.
//! - [`first_screen`]: the header and park list as plain HTML inside the page, before the wasm.
//! - [`site`]: the built app: precompressed files, cache headers, `index.html` for the app's
//!   routes, `robots.txt`.
//! - [`security`]: the Content-Security-Policy and the other headers on every answer.
//! - [`html`]: reading the built `index.html` for the policy.
//! - [`negotiate`]: choosing a content coding by `Accept-Encoding`.

pub mod admin;
pub mod assistance;
pub mod auth;
pub mod backup;
pub mod catalog;
pub mod config;
pub mod db;
pub mod editor;
pub mod error;
pub mod export;
pub mod first_screen;
pub mod freshness;
pub mod html;
pub mod import;
pub mod inbox;
pub mod lease;
pub mod limits;
pub mod negotiate;
pub mod open_data;
pub mod openapi;
pub mod outbox;
pub mod photos;
pub mod requests;
pub mod security;
pub mod site;
pub mod staff;

use anyhow::Context;
use axum::Router;
use axum::routing::{any, get, post, put};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: sqlx::AnyPool,
    /// The published catalog, ready to send; replaced when staff publish a change.
    pub catalog: Arc<catalog::Live>,
    /// Per-address rate limits.
    pub limits: limits::Limits,
    /// Where notifications go.
    pub notify: outbox::Notifier,
    /// Take the client's address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Whose turn it is to write (see [`AppState::begin_write`]).
    pub write_turn: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// A write transaction ([`db::begin_write`]: one writer at a time), its turn taken first
    /// in a fair queue of this process's writers. SQLite admits one writer at a time; left to
    /// itself a waiting connection polls with growing sleeps (its busy handler), which under a
    /// burst makes the slowest requests wait for sleeps rather than for work. Queued here, each
    /// waits only for the writers before it. Keep the guard until the transaction ends.
    pub async fn begin_write(
        &self,
    ) -> Result<
        (
            tokio::sync::OwnedMutexGuard<()>,
            sqlx::Transaction<'static, sqlx::Any>,
        ),
        sqlx::Error,
    > {
        // The connection first (its acquisition pings it): only the transaction itself waits
        // in the queue.
        let conn = self.db.acquire().await?;
        let turn = self.write_turn.clone().lock_owned().await;
        let tx = db::begin_write(conn).await?;
        Ok((turn, tx))
    }
}

/// Routes and the table of them: every `(method, path)` a router answers, written once beside
/// its handler, so that tests can walk every staff endpoint (a route added here cannot be
/// missed; a method given to the handler but not to the table shows as a 405 mismatch).
pub struct RouteTable {
    /// The routes.
    pub router: Router<AppState>,
    /// `(method, path)` of each, paths as written (`/api/admin/requests/{code}`).
    pub routes: Vec<(axum::http::Method, String)>,
}

impl RouteTable {
    fn new() -> Self {
        RouteTable {
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    /// Adds `handler` at `path`, answering `methods`.
    pub fn add(
        mut self,
        path: &str,
        methods: &[axum::http::Method],
        handler: axum::routing::MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, handler);
        self.routes
            .extend(methods.iter().map(|m| (m.clone(), path.to_owned())));
        self
    }
}

/// The staff API (`/api/admin/…`), with its table.
pub fn staff_routes() -> RouteTable {
    use axum::http::Method;
    let table = RouteTable::new()
        .add(
            "/api/admin/session",
            &[Method::POST, Method::GET, Method::DELETE],
            post(auth::sign_in)
                .get(auth::current)
                .delete(auth::sign_out),
        )
        .add(
            "/api/admin/password",
            &[Method::PUT],
            put(auth::change_password),
        )
        .add("/api/admin/helpers", &[Method::GET], get(inbox::helpers))
        .add(
            "/api/admin/staff",
            &[Method::GET, Method::POST],
            get(staff::list).post(staff::create),
        )
        .add(
            "/api/admin/staff/{username}",
            &[Method::PUT],
            put(staff::update),
        )
        .add(
            "/api/admin/staff/{username}/password",
            &[Method::POST],
            post(staff::reset_password),
        )
        .add("/api/admin/requests", &[Method::GET], get(inbox::list))
        .add("/api/admin/requests.csv", &[Method::GET], get(export::csv))
        .add(
            "/api/admin/requests.xlsx",
            &[Method::GET],
            get(export::xlsx),
        )
        .add(
            "/api/admin/requests/{code}",
            &[Method::GET],
            get(inbox::detail),
        )
        .add(
            "/api/admin/requests/{code}/status",
            &[Method::POST],
            post(inbox::set_status),
        )
        .add(
            "/api/admin/requests/{code}/assignee",
            &[Method::POST],
            post(inbox::set_assignee),
        )
        .add(
            "/api/admin/requests/{code}/notes",
            &[Method::POST],
            post(inbox::add_note),
        )
        .add(
            "/api/admin/requests/{code}/messages",
            &[Method::POST],
            post(inbox::add_message),
        )
        .add(
            "/api/admin/requests/{code}/proposal",
            &[Method::PUT],
            put(inbox::set_proposal),
        );
    // Catalog records, one set of routes per collection; the start page and confirmation.
    import::routes(freshness::routes(editor::routes(table))).add(
        "/api/admin/photos",
        &[Method::POST],
        post(photos::upload),
    )
}

/// The public API (what investors' pages call, other sites' too when CORS allows), with its
/// table.
pub fn public_routes() -> RouteTable {
    use axum::http::Method;
    RouteTable::new()
        .add("/api/catalog", &[Method::GET], get(catalog::get_catalog))
        .add(
            "/api/catalog.postcard",
            &[Method::GET],
            get(catalog::get_compact_catalog),
        )
        .add("/api/requests", &[Method::POST], post(requests::submit))
        .add(
            "/api/requests/{code}",
            &[Method::GET],
            get(requests::lookup),
        )
        // Only the investor's verbs, only by POST; anything else there is an unknown endpoint.
        .add(
            "/api/requests/{code}/{verb}",
            &[Method::POST],
            post(requests::act).fallback(error::api_not_found),
        )
        .add("/api/export/{file}", &[Method::GET], get(open_data::export))
        .add(
            "/api/photos/{id}/{file}",
            &[Method::GET],
            get(photos::serve),
        )
        .add("/api/openapi.json", &[Method::GET], get(openapi::serve))
}

/// The router: the API, `robots.txt`, and the built app when there is one (`site`); every answer
/// with the security `headers`.
pub fn router(state: AppState, site: Option<site::Site>, headers: &security::Headers) -> Router {
    // What other sites' pages may call (CORS, when configured): what investors use.
    let public = public_routes()
        .router
        .method_not_allowed_fallback(error::api_method_not_allowed)
        .with_state(state.clone());
    // The staff API (same origin only, whatever is configured) and every other path under
    // /api/, whatever the method: a JSON 404, not the app's page.
    let rest = Router::new()
        .merge(staff_routes().router)
        .route("/api", any(error::api_not_found))
        .route("/api/", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        // A known endpoint with another method: the API's JSON error, not an empty 405.
        .method_not_allowed_fallback(error::api_method_not_allowed)
        .with_state(state);
    let api = headers
        .public_api(public)
        .merge(rest)
        // API answers only: the catalog brings its own gzip (the layer leaves an answer with a
        // Content-Encoding alone) and the app's files were compressed at build time.
        .layer(CompressionLayer::new().gzip(true));
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/robots.txt", get(site::robots))
        .merge(api);
    let app = match site {
        Some(site) => site.mount(app, headers.app_files()),
        None => app,
    };
    // A panic on a request path (there should be none: no unwrap, no panicking row.get)
    // answers the API's JSON 500 and is logged, rather than dropping the connection; inside the
    // security headers, so that answer carries them too.
    let app = app.layer(tower_http::catch_panic::CatchPanicLayer::custom(
        error::panic_answer,
    ));
    headers.apply(app).layer(TraceLayer::new_for_http())
}

/// Opens the database, loads the catalog and serves until `shutdown` completes; then finishes
/// the requests in flight and closes the database cleanly.
pub async fn run(
    config: config::Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let server = Server::start(&config).await?;
    let addr = server.listener.local_addr()?;
    tracing::info!(%addr, database = %config.database()?.describe(), "serving");
    println!("营商地图 is at http://{addr}/  (Ctrl-C stops it)");
    axum::serve(
        server.listener,
        server
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("the server stopped with an error")?;
    // Every request has finished: hand the worker's job to another process now rather than
    // when its lease runs out, checkpoint the WAL and close the database.
    if let Err(e) = lease::give_up(&server.db, outbox::WORKER_LEASE, &server.holder).await {
        tracing::warn!(error = %e, "the worker's lease could not be given up");
    }
    server.db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// A server ready to accept connections. Tests start one on a free port.
pub struct Server {
    /// The bound listener.
    pub listener: tokio::net::TcpListener,
    /// The routes.
    pub router: Router,
    /// The database.
    pub db: sqlx::AnyPool,
    /// This process's name in the job leases (src/lease.rs).
    pub holder: String,
}

impl Server {
    /// Opens the database, loads and checks the catalog, builds the router and binds.
    pub async fn start(config: &config::Config) -> anyhow::Result<Server> {
        let location = config.database()?;
        let db = db::open(&location).await?;
        // Several processes may share a PostgreSQL database: what one of them changes, the
        // others learn from the database (src/lease.rs, limits.rs, catalog::follow).
        let shared = matches!(location, db::Location::Postgres(_));
        let source = catalog::Source::from_config(config);
        let live = Arc::new(catalog::load(&db, &source, config.replace_catalog).await?);
        let published = live.current();
        let notify = outbox::Notifier::new(
            config
                .webhook_url
                .clone()
                .map(|url| (url, config.webhook_format)),
        )
        .with_mail(config.smtp_url.clone().map(|url| outbox::Mail {
            url,
            from: config.smtp_from.clone().unwrap_or_default(),
            to: config.notify_email.clone(),
        }));
        let retention_days = config
            .retention_days
            .unwrap_or(published.catalog.meta.retention_days);
        let holder = lease::new_holder();
        if config.worker_interval_secs > 0 {
            tokio::spawn(outbox::run(
                db.clone(),
                notify.clone(),
                live.clone(),
                retention_days,
                std::time::Duration::from_secs(config.worker_interval_secs),
                shared.then(|| holder.clone()),
            ));
        }
        if shared && config.catalog_follow_ms > 0 {
            tokio::spawn(catalog::follow(
                db.clone(),
                live.clone(),
                std::time::Duration::from_millis(config.catalog_follow_ms),
            ));
        }
        let state = AppState {
            db: db.clone(),
            catalog: live,
            limits: limits::Limits::new(
                config.submits_per_minute,
                config.lookups_per_minute,
                config.sign_ins_per_minute,
                shared.then(|| db.clone()),
            ),
            notify,
            trust_proxy: config.trust_proxy,
            write_turn: Arc::default(),
        };
        let site = site::Site::load(&config.static_dir)?
            .map(|s| s.with_first_screen(state.catalog.clone()))
            .transpose()?;
        if site.is_none() {
            tracing::warn!(dir = %config.static_dir.display(), "no built app there (run `cargo xtask run`); serving the API only");
        }
        let page = site.as_ref().map(site::Site::page);
        let headers = security::Headers::new(config, page.as_ref())?;
        let router = router(state, site, &headers);
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        Ok(Server {
            listener,
            router,
            db,
            holder,
        })
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
