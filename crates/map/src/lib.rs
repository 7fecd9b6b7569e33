//! The map engine's pure core: no web-sys here, so every rule is tested natively.
//!
//! - [`projection`]: spherical Web Mercator (EPSG:3857) between degrees and world pixels.
//! - [`crs`]: WGS-84 ↔ GCJ-02 ↔ BD-09, for base maps drawn in Chinese coordinate systems.
//! - [`cluster`]: hierarchical point clustering by zoom (supercluster-like).
//! - [`tiles`]: the XYZ tile pyramid, covering tiles nearest-first, tile sources and presets.
//! - [`simplify`]: boundary simplification by zoom.
//! - [`viewport`]: what part of the world a map element shows, and the moves on it.
//! - [`motion`]: inertia after a flung pan, eased zoom and fly-to, as values stepped by time.
//! - [`gesture`]: pointer and wheel events in, map actions out (drag, pinch, fling, double tap).
//! - [`keys`]: keyboard actions and the reading order Tab walks the features in.
//! - [`labels`]: label placement with collision avoidance, by priority.
//! - [`scale_bar`]: the metric scale bar's length and label.
//! - [`svg`]: SVG path data for projected geometry.
//! - `web` (feature `leptos`): the `<Map>` Leptos component, wiring DOM events to all this and
//!   drawing what it says.

pub mod cluster;
pub mod crs;
pub mod gesture;
pub mod keys;
pub mod labels;
pub mod motion;
pub mod order;
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

/// `v` kept within `low..=high` (`high` when the range is reversed, `low` for NaN). Not
/// `f64::clamp`, whose panic on a reversed range formats the floats: that alone brings core's
/// float formatting (~14 KB of wasm) onto the app's first screen.
///
/// ```
/// assert_eq!(ysmap_map::clamp(25.0, 3.0, 18.0), 18.0);
/// assert_eq!(ysmap_map::clamp(-1.0, 0.0, 1.0), 0.0);
/// assert_eq!(ysmap_map::clamp(0.5, 0.0, 1.0), 0.5);
/// ```
pub fn clamp(v: f64, low: f64, high: f64) -> f64 {
    v.max(low).min(high)
}
