//! The map engine's pure core: no web-sys here, so every rule is tested natively.
//!
//! - [`projection`]: spherical Web Mercator (EPSG:3857) between degrees and world pixels.
//! - [`crs`]: WGS-84 ↔ GCJ-02 ↔ BD-09, for base maps drawn in Chinese coordinate systems.
//! - [`cluster`]: hierarchical point clustering by zoom (supercluster-like).
//! - [`tiles`]: the XYZ tile pyramid, covering tiles nearest-first, tile sources and presets.
//! - [`simplify`]: boundary simplification by zoom.
//! - [`motion`]: inertia after a flung pan, eased zoom.
//! - `web` (feature `leptos`): the `<Map>` Leptos component on top of all this.
//! - [`viewport`]: what part of the world a map element shows, and the moves on it.
//! - [`scale_bar`]: the metric scale bar's length and label.
//! - [`svg`]: SVG path data for projected geometry.

pub mod cluster;
pub mod crs;
pub mod motion;
pub mod projection;
pub mod scale_bar;
pub mod simplify;
pub mod svg;
pub mod tiles;
pub mod viewport;
#[cfg(feature = "leptos")]
pub mod web;

pub use projection::{LngLat, WorldPoint};
pub use viewport::Viewport;
