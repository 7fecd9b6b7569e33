//! Polygon simplification by zoom, so park boundaries stay light: Ramer–Douglas–Peucker (geo's
//! `Simplify`) with a tolerance of a fraction of a screen pixel at the zoom drawn.

use crate::projection::WorldPoint;
use geo::Simplify;

/// The tolerance used: half a CSS pixel.
pub const TOLERANCE_PX: f64 = 0.5;

/// A ring (world units) simplified for drawing at `zoom`; a ring that would lose its area keeps
/// its original points.
///
/// ```
/// use ysmap_map::{simplify::simplify_ring, WorldPoint};
/// // A square with a bump far smaller than a pixel at zoom 10.
/// let ring: Vec<WorldPoint> = [(0.0, 0.0), (0.1, 0.0), (0.1, 0.05), (0.10000001, 0.06), (0.1, 0.1), (0.0, 0.1), (0.0, 0.0)]
///     .into_iter().map(|(x, y)| WorldPoint::new(x, y)).collect();
/// assert_eq!(simplify_ring(&ring, 10.0).len(), 5);
/// ```
pub fn simplify_ring(ring: &[WorldPoint], zoom: f64) -> Vec<WorldPoint> {
    let epsilon = TOLERANCE_PX / 2f64.powf(zoom);
    let line = geo::LineString::from(ring.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>());
    let simple = line.simplify(epsilon);
    if simple.0.len() < 4 {
        return ring.to_vec();
    }
    simple.0.iter().map(|c| WorldPoint::new(c.x, c.y)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn circle(n: usize) -> Vec<WorldPoint> {
        let mut v: Vec<WorldPoint> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                WorldPoint::new(200.0 + 0.01 * a.cos(), 100.0 + 0.01 * a.sin())
            })
            .collect();
        v.push(v[0]);
        v
    }

    #[test]
    fn fewer_points_further_out_and_all_at_the_top() {
        let ring = circle(2000);
        let far = simplify_ring(&ring, 8.0).len();
        let near = simplify_ring(&ring, 16.0).len();
        assert!(far < near && near < ring.len(), "{far} {near}");
        assert!(far >= 4);
    }

    #[test]
    fn the_simplified_ring_stays_within_the_tolerance() {
        let ring = circle(500);
        let z = 12.0;
        let simple = simplify_ring(&ring, z);
        // Every simplified vertex is an original vertex: RDP only removes points.
        assert!(simple.iter().all(|p| ring.contains(p)));
        assert_eq!(simple.first(), simple.last());
    }
}
