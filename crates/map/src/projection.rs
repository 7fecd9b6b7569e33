//! Spherical Web Mercator (EPSG:3857), as used by every XYZ tile service.
//!
//! World pixels: at zoom `z` the world is a square of `256 · 2^z` pixels, x growing east from
//! 180° W and y growing south from about 85.05° N. Projection here is to zoom 0 ("world units",
//! 0‥256); multiply by `2^z` for a zoom.
//!
//! # References
//! - EPSG Guidance Note 7-2, "Popular Visualisation Pseudo-Mercator" (EPSG:3857).
//! - OpenStreetMap wiki, "Slippy map tilenames".

use std::f64::consts::PI;

/// The side of one tile, and of the whole world at zoom 0, in pixels.
pub const TILE_SIZE: f64 = 256.0;

/// The latitude where Web Mercator's square world ends, in degrees (atan(sinh(π))).
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_6;

/// A geographic position in degrees (WGS-84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LngLat {
    /// Longitude, degrees east.
    pub lng: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

impl LngLat {
    /// A position at `lng`, `lat` degrees.
    pub const fn new(lng: f64, lat: f64) -> Self {
        LngLat { lng, lat }
    }
}

/// A point in world pixels at zoom 0 (0‥256 on both axes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorldPoint {
    /// Pixels east of 180° W.
    pub x: f64,
    /// Pixels south of the top edge.
    pub y: f64,
}

impl WorldPoint {
    /// A world point.
    pub const fn new(x: f64, y: f64) -> Self {
        WorldPoint { x, y }
    }
}

/// Projects a geographic position to world pixels at zoom 0. Latitudes beyond
/// [`MAX_LATITUDE`] are clamped to it.
///
/// ```
/// use ysmap_map::projection::{project, LngLat};
/// let p = project(LngLat::new(0.0, 0.0));
/// assert!((p.x - 128.0).abs() < 1e-9 && (p.y - 128.0).abs() < 1e-9);
/// ```
pub fn project(p: LngLat) -> WorldPoint {
    let lat = crate::clamp(p.lat, -MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (p.lng + 180.0) / 360.0 * TILE_SIZE;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * TILE_SIZE;
    WorldPoint::new(x, y)
}

/// The geographic position of a world point at zoom 0; the inverse of [`project`].
///
/// ```
/// use ysmap_map::projection::{project, unproject, LngLat};
/// let xian = LngLat::new(108.94, 34.34);
/// let back = unproject(project(xian));
/// assert!((back.lng - xian.lng).abs() < 1e-9 && (back.lat - xian.lat).abs() < 1e-9);
/// ```
pub fn unproject(w: WorldPoint) -> LngLat {
    let lng = w.x / TILE_SIZE * 360.0 - 180.0;
    let n = PI * (1.0 - 2.0 * w.y / TILE_SIZE);
    let lat = n.sinh().atan().to_degrees();
    LngLat::new(lng, lat)
}

/// Ground metres per screen pixel at `lat` degrees and zoom `zoom` (the Earth's equatorial
/// radius, 6 378 137 m).
///
/// ```
/// use ysmap_map::projection::metres_per_pixel;
/// // The published value at the equator, zoom 0: 156 543.03 m/px.
/// assert!((metres_per_pixel(0.0, 0.0) - 156_543.034).abs() < 0.01);
/// ```
pub fn metres_per_pixel(lat: f64, zoom: f64) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_378_137.0;
    2.0 * PI * EARTH_RADIUS_M * lat.to_radians().cos() / (TILE_SIZE * 2f64.powf(zoom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corners_of_the_world() {
        let nw = project(LngLat::new(-180.0, MAX_LATITUDE));
        let se = project(LngLat::new(180.0, -MAX_LATITUDE));
        assert!(nw.x.abs() < 1e-9 && nw.y.abs() < 1e-6, "{nw:?}");
        assert!(
            (se.x - 256.0).abs() < 1e-9 && (se.y - 256.0).abs() < 1e-6,
            "{se:?}"
        );
    }

    #[test]
    fn matches_the_slippy_map_tile_of_a_known_place() {
        // Xi'an's bell tower (108.9470 E, 34.2611 N) is in tile x = 3287, y = 1632 at z = 12 by
        // the slippy-map formula in its asinh form (computed independently of this code).
        let w = project(LngLat::new(108.9470, 34.2611));
        let scale = 2f64.powi(12);
        assert_eq!(((w.x * scale) / TILE_SIZE).floor() as i64, 3287);
        assert_eq!(((w.y * scale) / TILE_SIZE).floor() as i64, 1632);
    }

    #[test]
    fn latitudes_past_the_edge_are_clamped() {
        assert_eq!(
            project(LngLat::new(0.0, 89.0)).y,
            project(LngLat::new(0.0, MAX_LATITUDE)).y
        );
    }
}
