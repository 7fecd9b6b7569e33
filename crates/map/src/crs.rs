//! Chinese map coordinate systems. The catalog is stored in WGS-84 (CGCS2000 differs by
//! centimetres). Base maps from AMap and Tencent use GCJ-02, Baidu uses BD-09; a map over such a
//! base converts each feature for display and each click back, so a point lands on the same
//! street whatever the base.
//!
//! GCJ-02 is WGS-84 plus a published, deterministic offset field (a few hundred metres); BD-09 is
//! GCJ-02 with a further polar offset. Both forward transforms are closed-form. Their inverses
//! are not: [`Crs::to_wgs84`] solves them by fixed-point iteration to 1e-10°, where the common
//! one-step approximation is off by up to a few metres.
//!
//! Outside mainland China (a rough box, as every implementation uses) GCJ-02 equals WGS-84.
//!
//! # References
//! - The GCJ-02 offset function and constants (Krasovsky 1940 ellipsoid, a = 6 378 245 m,
//!   e² = 0.006 693 421 622 965 943 23) as published in open implementations, e.g.
//!   wandergis/coordtransform, whose test values the tests below use.
//! - BD-09: Baidu's published GCJ-02 ↔ BD-09 formulas (x_pi = π · 3000 / 180).

use crate::projection::LngLat;
use std::f64::consts::PI;

/// A coordinate system a base map may be drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Crs {
    /// WGS-84 / CGCS2000: 天地图, OpenStreetMap, the catalog itself.
    #[default]
    Wgs84,
    /// GCJ-02: AMap (高德), Tencent.
    Gcj02,
    /// BD-09: Baidu.
    Bd09,
}

impl Crs {
    /// A WGS-84 position in this system.
    ///
    /// ```
    /// use ysmap_map::{crs::Crs, LngLat};
    /// let p = Crs::Gcj02.from_wgs84(LngLat::new(116.404, 39.915));
    /// assert!((p.lng - 116.410_244_499).abs() < 1e-8 && (p.lat - 39.916_404_281).abs() < 1e-8);
    /// ```
    pub fn from_wgs84(self, p: LngLat) -> LngLat {
        match self {
            Crs::Wgs84 => p,
            Crs::Gcj02 => wgs84_to_gcj02(p),
            Crs::Bd09 => gcj02_to_bd09(wgs84_to_gcj02(p)),
        }
    }

    /// The WGS-84 position of a position in this system (exact to about 1e-10°).
    ///
    /// ```
    /// use ysmap_map::{crs::Crs, LngLat};
    /// let p = LngLat::new(108.2, 34.28);
    /// let back = Crs::Bd09.to_wgs84(Crs::Bd09.from_wgs84(p));
    /// assert!((back.lng - p.lng).abs() < 1e-9 && (back.lat - p.lat).abs() < 1e-9);
    /// ```
    pub fn to_wgs84(self, p: LngLat) -> LngLat {
        match self {
            Crs::Wgs84 => p,
            Crs::Gcj02 => invert(p, wgs84_to_gcj02),
            Crs::Bd09 => invert(invert(p, gcj02_to_bd09), wgs84_to_gcj02),
        }
    }
}

/// True outside the box where the GCJ-02 offset applies.
fn out_of_china(p: LngLat) -> bool {
    !(72.004..=137.8347).contains(&p.lng) || !(0.8293..=55.8271).contains(&p.lat)
}

const KRASOVSKY_A: f64 = 6_378_245.0;
// Published as 0.00669342162296594323; written to f64 precision.
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;

fn offset_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn offset_lng(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// WGS-84 → GCJ-02.
pub fn wgs84_to_gcj02(p: LngLat) -> LngLat {
    if out_of_china(p) {
        return p;
    }
    let dlat = offset_lat(p.lng - 105.0, p.lat - 35.0);
    let dlng = offset_lng(p.lng - 105.0, p.lat - 35.0);
    let rad = p.lat.to_radians();
    let magic = 1.0 - KRASOVSKY_EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = dlat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let dlng = dlng * 180.0 / (KRASOVSKY_A / sqrt_magic * rad.cos() * PI);
    LngLat::new(p.lng + dlng, p.lat + dlat)
}

const X_PI: f64 = PI * 3000.0 / 180.0;

/// GCJ-02 → BD-09.
pub fn gcj02_to_bd09(p: LngLat) -> LngLat {
    let (x, y) = (p.lng, p.lat);
    let z = (x * x + y * y).sqrt() + 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) + 0.000003 * (x * X_PI).cos();
    LngLat::new(z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// Solves `forward(x) = target` for x by fixed-point iteration: each step moves x by the
/// remaining error. The offsets vary slowly (their derivative is far below 1), so this
/// converges in a few steps.
fn invert(target: LngLat, forward: fn(LngLat) -> LngLat) -> LngLat {
    let mut x = target;
    for _ in 0..30 {
        let f = forward(x);
        let (dx, dy) = (target.lng - f.lng, target.lat - f.lat);
        x = LngLat::new(x.lng + dx, x.lat + dy);
        if dx.abs() < 1e-11 && dy.abs() < 1e-11 {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: LngLat, b: (f64, f64), tol: f64) -> bool {
        (a.lng - b.0).abs() < tol && (a.lat - b.1).abs() < tol
    }

    mod published_values {
        use super::*;

        // wandergis/coordtransform, test/app.js, for (116.404, 39.915).
        #[test]
        fn wgs84_to_gcj02_matches() {
            let p = wgs84_to_gcj02(LngLat::new(116.404, 39.915));
            assert!(
                close(p, (116.410_244_499_169_38, 39.916_404_281_501_64), 1e-12),
                "{p:?}"
            );
        }

        #[test]
        fn gcj02_to_bd09_matches() {
            let p = gcj02_to_bd09(LngLat::new(116.404, 39.915));
            assert!(
                close(p, (116.410_369_493_710_29, 39.921_336_993_510_21), 1e-12),
                "{p:?}"
            );
        }

        #[test]
        fn the_exact_inverses_agree_with_the_published_approximations() {
            // The published inverses are one-step approximations; ours is exact, so they agree
            // only to their error, a few metres (1e-4° ≈ 11 m).
            let w = Crs::Gcj02.to_wgs84(LngLat::new(116.404, 39.915));
            assert!(
                close(w, (116.397_755_500_830_61, 39.913_595_718_498_36), 1e-4),
                "{w:?}"
            );
            let g = invert(LngLat::new(116.404, 39.915), gcj02_to_bd09);
            assert!(
                close(g, (116.397_627_291_193_15, 39.908_656_739_576_31), 1e-4),
                "{g:?}"
            );
        }
    }

    mod round_trips {
        use super::*;

        #[test]
        fn across_china_to_within_1e_9_degrees() {
            for lng in [75.0, 90.5, 104.06, 108.2, 116.404, 121.47, 135.0] {
                for lat in [18.25, 23.13, 30.67, 34.28, 39.915, 45.75, 53.0] {
                    let p = LngLat::new(lng, lat);
                    for crs in [Crs::Gcj02, Crs::Bd09] {
                        let back = crs.to_wgs84(crs.from_wgs84(p));
                        assert!(close(back, (lng, lat), 1e-9), "{crs:?} {p:?} -> {back:?}");
                    }
                }
            }
        }

        #[test]
        fn outside_china_gcj02_is_wgs84() {
            let paris = LngLat::new(2.35, 48.86);
            assert_eq!(Crs::Gcj02.from_wgs84(paris), paris);
            assert_eq!(Crs::Gcj02.to_wgs84(paris), paris);
        }

        #[test]
        fn the_offset_is_hundreds_of_metres_in_shaanxi() {
            let p = LngLat::new(108.2, 34.28);
            let g = Crs::Gcj02.from_wgs84(p);
            let metres = ((g.lng - p.lng) * 92_000.0).hypot((g.lat - p.lat) * 111_000.0);
            assert!((100.0..1000.0).contains(&metres), "{metres} m");
        }
    }
}
