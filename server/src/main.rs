//! `ysmap-server`: the HTTP API and the built app, on an embedded SQLite database.

use clap::Parser;
use tracing_subscriber::EnvFilter;
use ysmap_server::config::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn")),
        )
        .with_target(false)
        .init();
    let config = Config::parse();
    if let Some(command) = config.command.clone() {
        return match ysmap_server::admin::run(&config, command).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ysmap-server: {e:#}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    match ysmap_server::run(config, ysmap_server::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}` prints the whole chain, including every catalog problem.
            eprintln!("ysmap-server: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
