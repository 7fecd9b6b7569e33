//! Configuration, from flags or the environment (flags win).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How the server runs. Every option has an environment variable for deployments that set
/// configuration that way (systemd units, containers).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "ysmap-server",
    version,
    about = "营商地图 · Investment Navigation Map server"
)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "YSMAP_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Folder for the SQLite database (created if missing).
    #[arg(long, env = "YSMAP_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// A catalog JSON file to seed an empty database with, in place of the built-in sample.
    /// It is checked at every start; a catalog with problems is refused with all of them listed.
    #[arg(long, env = "YSMAP_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Replace the catalog already in the database with the one given by --catalog (or the
    /// sample). Requests are kept.
    #[arg(long, env = "YSMAP_REPLACE_CATALOG", requires = "catalog")]
    pub replace_catalog: bool,

    /// The built app (trunk's `dist/`), served at `/`. When missing, only the API is served.
    #[arg(long, env = "YSMAP_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Base map tile hosts the page may load images from (the Content-Security-Policy's
    /// img-src), e.g. `https://*.tianditu.gov.cn`; repeat the flag or separate with commas;
    /// `none` allows none. The default covers the built-in presets (天地图, OpenStreetMap, AMap);
    /// a `custom` tile URL on the page's host element is added by itself.
    #[arg(
        long,
        env = "YSMAP_TILE_ORIGINS",
        value_delimiter = ',',
        default_values_t = crate::security::DEFAULT_TILE_ORIGINS.iter().map(|s| (*s).to_owned())
    )]
    pub tile_origin: Vec<String>,

    /// Who may put the app in a frame (the Content-Security-Policy's frame-ancestors): `self`,
    /// `none`, or origins such as `https://www.example.gov.cn` (the county portal); repeat the
    /// flag or separate with commas.
    #[arg(
        long,
        env = "YSMAP_FRAME_ANCESTORS",
        value_delimiter = ',',
        default_value = "self"
    )]
    pub frame_ancestors: Vec<String>,
}

impl Config {
    /// A configuration for tests: a given data folder, any free port on loopback.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            catalog: None,
            replace_catalog: false,
            static_dir: PathBuf::from("dist"),
            tile_origin: crate::security::DEFAULT_TILE_ORIGINS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            frame_ancestors: vec!["self".to_owned()],
        }
    }
}
