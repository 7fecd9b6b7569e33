//! The viewport: which part of the world a map element of a given size shows. The state is a
//! centre and a fractional zoom; everything else (screen ↔ world transforms, the bounds shown)
//! is derived, so pans and zooms are a few lines each and cannot drift apart.

use crate::projection::{LngLat, TILE_SIZE, WorldPoint, project, unproject};

/// The margin kept around what a view is fitted to (the county at start, a park, a cluster),
/// CSS px. The server's first screen draws its still map with the same margin (app.css,
/// `.ysmap-first-map`), so that the live map takes over without a jump.
pub const FIT_PADDING_PX: f64 = 32.0;

/// A map view: centre, zoom and the size of the element showing it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The centre, in world pixels at zoom 0.
    pub center: WorldPoint,
    /// Zoom level; fractional values are allowed.
    pub zoom: f64,
    /// Width of the map element, CSS pixels.
    pub width: f64,
    /// Height of the map element, CSS pixels.
    pub height: f64,
    /// Least zoom allowed.
    pub min_zoom: f64,
    /// Greatest zoom allowed.
    pub max_zoom: f64,
    /// The box the view may not leave (min and max corners, world units), if any.
    pub max_bounds: Option<(WorldPoint, WorldPoint)>,
}

impl Viewport {
    /// A viewport of `width` × `height` CSS pixels centred on `center` at `zoom`, with zoom
    /// limited to 3‥18.
    pub fn new(center: LngLat, zoom: f64, width: f64, height: f64) -> Self {
        Viewport {
            center: project(center),
            zoom: crate::clamp(zoom, 3.0, 18.0),
            width,
            height,
            min_zoom: 3.0,
            max_zoom: 18.0,
            max_bounds: None,
        }
    }

    /// The same view, kept within the box from `sw` to `ne`: the edges of the view may not
    /// pass the box's (where the view is larger than the box, it stays centred on it).
    pub fn with_max_bounds(mut self, sw: LngLat, ne: LngLat) -> Self {
        let (a, b) = (project(sw), project(ne));
        self.max_bounds = Some((
            WorldPoint::new(a.x.min(b.x), a.y.min(b.y)),
            WorldPoint::new(a.x.max(b.x), a.y.max(b.y)),
        ));
        self.clamp_center();
        self
    }

    /// Pixels per world unit at the current zoom.
    pub fn scale(&self) -> f64 {
        2f64.powf(self.zoom)
    }

    /// The screen position (CSS pixels from the element's top-left) of a world point.
    pub fn world_to_screen(&self, w: WorldPoint) -> (f64, f64) {
        let s = self.scale();
        (
            (w.x - self.center.x) * s + self.width / 2.0,
            (w.y - self.center.y) * s + self.height / 2.0,
        )
    }

    /// The world point under a screen position.
    pub fn screen_to_world(&self, x: f64, y: f64) -> WorldPoint {
        let s = self.scale();
        WorldPoint::new(
            self.center.x + (x - self.width / 2.0) / s,
            self.center.y + (y - self.height / 2.0) / s,
        )
    }

    /// The screen position of a geographic position.
    pub fn lnglat_to_screen(&self, p: LngLat) -> (f64, f64) {
        self.world_to_screen(project(p))
    }

    /// The geographic position under a screen position.
    pub fn screen_to_lnglat(&self, x: f64, y: f64) -> LngLat {
        unproject(self.screen_to_world(x, y))
    }

    /// The centre as a geographic position.
    pub fn center_lnglat(&self) -> LngLat {
        unproject(self.center)
    }

    /// Moves the view so that the content shifts by `dx`, `dy` screen pixels (a drag).
    pub fn pan_by(&mut self, dx: f64, dy: f64) {
        let s = self.scale();
        self.center = WorldPoint::new(self.center.x - dx / s, self.center.y - dy / s);
        self.clamp_center();
    }

    /// Zooms to `zoom` keeping the world point under screen position (`x`, `y`) where it is
    /// (wheel zoom around the pointer).
    ///
    /// ```
    /// use ysmap_map::{LngLat, Viewport};
    /// let mut v = Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0);
    /// let before = v.screen_to_world(100.0, 50.0);
    /// v.zoom_around(12.5, 100.0, 50.0);
    /// let after = v.screen_to_world(100.0, 50.0);
    /// assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
    /// ```
    pub fn zoom_around(&mut self, zoom: f64, x: f64, y: f64) {
        let anchor = self.screen_to_world(x, y);
        self.zoom = crate::clamp(zoom, self.min_zoom, self.max_zoom);
        let s = self.scale();
        self.center = WorldPoint::new(
            anchor.x - (x - self.width / 2.0) / s,
            anchor.y - (y - self.height / 2.0) / s,
        );
        self.clamp_center();
    }

    /// Centres and zooms the view so that the box from `sw` to `ne` fits inside the element
    /// less `padding` CSS pixels on each side, at the greatest zoom that fits (not above
    /// `max_zoom`).
    ///
    /// ```
    /// use ysmap_map::{LngLat, Viewport};
    /// let mut v = Viewport::new(LngLat::new(100.0, 30.0), 5.0, 800.0, 600.0);
    /// v.fit_bounds(LngLat::new(108.0, 34.0), LngLat::new(108.4, 34.4), 20.0);
    /// let c = v.center_lnglat();
    /// assert!((c.lng - 108.2).abs() < 1e-9 && v.zoom > 10.0);
    /// ```
    pub fn fit_bounds(&mut self, sw: LngLat, ne: LngLat, padding: f64) {
        let (a, b) = (project(sw), project(ne));
        self.fit_world_box(
            WorldPoint::new(a.x.min(b.x), a.y.min(b.y)),
            WorldPoint::new(a.x.max(b.x), a.y.max(b.y)),
            padding,
        );
    }

    /// As [`Viewport::fit_bounds`], for a box given in world units (`min` and `max` corners).
    ///
    /// ```
    /// use ysmap_map::{LngLat, Viewport, WorldPoint};
    /// let mut v = Viewport::new(LngLat::new(0.0, 0.0), 3.0, 400.0, 300.0);
    /// v.fit_world_box(WorldPoint::new(100.0, 100.0), WorldPoint::new(101.0, 100.5), 0.0);
    /// // 1 world unit across 400 px: 2^zoom = 400 (the height, 0.5 × 600 = 300, also fits).
    /// assert!((v.zoom - 400f64.log2()).abs() < 1e-9);
    /// assert_eq!(v.center, WorldPoint::new(100.5, 100.25));
    /// ```
    pub fn fit_world_box(&mut self, min: WorldPoint, max: WorldPoint, padding: f64) {
        let (w, h) = (
            (max.x - min.x).abs().max(1e-9),
            (max.y - min.y).abs().max(1e-9),
        );
        let avail_w = (self.width - 2.0 * padding).max(1.0);
        let avail_h = (self.height - 2.0 * padding).max(1.0);
        let zoom = (avail_w / w).min(avail_h / h).log2();
        self.zoom = crate::clamp(zoom, self.min_zoom, self.max_zoom);
        self.center = WorldPoint::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
        self.clamp_center();
    }

    /// The CSS transform that carries a drawing laid out for `rendered` onto this (live) view:
    /// translate by (`tx`, `ty`) CSS px, then scale by `k`, with the transform origin at the
    /// element's top left. This is how the map moves without redrawing: only this transform
    /// changes until the drawing catches up. Both views are taken to be of this view's size.
    ///
    /// ```
    /// use ysmap_map::{LngLat, Viewport};
    /// let rendered = Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0);
    /// let mut live = rendered;
    /// live.pan_by(30.0, -20.0);
    /// assert_eq!(live.pane_transform_from(&rendered), (30.0, -20.0, 1.0));
    /// ```
    pub fn pane_transform_from(&self, rendered: &Viewport) -> (f64, f64, f64) {
        let k = 2f64.powf(self.zoom - rendered.zoom);
        let s = self.scale();
        let tx = self.width / 2.0 * (1.0 - k) + (rendered.center.x - self.center.x) * s;
        let ty = self.height / 2.0 * (1.0 - k) + (rendered.center.y - self.center.y) * s;
        (tx, ty, k)
    }

    fn clamp_center(&mut self) {
        self.center.x = crate::clamp(self.center.x, 0.0, TILE_SIZE);
        self.center.y = crate::clamp(self.center.y, 0.0, TILE_SIZE);
        if let Some((min, max)) = self.max_bounds {
            let s = self.scale();
            let keep = |c: f64, lo: f64, hi: f64, half: f64| {
                if hi - lo <= 2.0 * half {
                    (lo + hi) / 2.0
                } else {
                    crate::clamp(c, lo + half, hi - half)
                }
            };
            self.center.x = keep(self.center.x, min.x, max.x, self.width / 2.0 / s);
            self.center.y = keep(self.center.y, min.y, max.y, self.height / 2.0 / s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> Viewport {
        Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0)
    }

    #[test]
    fn screen_and_world_round_trip() {
        let v = view();
        for (x, y) in [(0.0, 0.0), (400.0, 300.0), (799.0, 12.5)] {
            let (sx, sy) = v.world_to_screen(v.screen_to_world(x, y));
            assert!((sx - x).abs() < 1e-6 && (sy - y).abs() < 1e-6);
        }
    }

    #[test]
    fn the_centre_is_in_the_middle_of_the_element() {
        let v = view();
        let (x, y) = v.lnglat_to_screen(LngLat::new(108.2, 34.28));
        assert!((x - 400.0).abs() < 1e-6 && (y - 300.0).abs() < 1e-6);
    }

    #[test]
    fn panning_moves_content_with_the_pointer() {
        let mut v = view();
        let p = LngLat::new(108.25, 34.3);
        let (x0, y0) = v.lnglat_to_screen(p);
        v.pan_by(30.0, -20.0);
        let (x1, y1) = v.lnglat_to_screen(p);
        assert!((x1 - x0 - 30.0).abs() < 1e-6 && (y1 - y0 + 20.0).abs() < 1e-6);
    }

    #[test]
    fn fit_bounds_shows_the_whole_box() {
        let mut v = view();
        let (sw, ne) = (LngLat::new(108.03, 34.15), LngLat::new(108.37, 34.42));
        v.fit_bounds(sw, ne, 20.0);
        let (x0, y0) = v.lnglat_to_screen(sw);
        let (x1, y1) = v.lnglat_to_screen(ne);
        assert!(
            x0 >= 19.9 && x1 <= 780.1 && y1 >= 19.9 && y0 <= 580.1,
            "{x0} {y0} {x1} {y1}"
        );
        // ...and fills one of the two directions.
        assert!((x1 - x0 - 760.0).abs() < 0.5 || (y0 - y1 - 560.0).abs() < 0.5);
    }

    #[test]
    fn the_view_stays_within_its_max_bounds() {
        let (sw, ne) = (LngLat::new(108.0, 34.1), LngLat::new(108.4, 34.5));
        let mut v =
            Viewport::new(LngLat::new(108.2, 34.3), 12.0, 800.0, 600.0).with_max_bounds(sw, ne);
        for _ in 0..50 {
            v.pan_by(400.0, -300.0);
        }
        let (x, y) = v.lnglat_to_screen(sw);
        // The bounds' west edge is at the view's left edge, not beyond it.
        assert!((x - 0.0).abs() < 1e-6, "{x}");
        let (_, y_ne) = v.lnglat_to_screen(ne);
        assert!(y_ne <= 0.0 + 1e-6 && y >= 600.0 - 1e-6);
        // A view larger than the bounds stays centred on them.
        v.zoom_around(3.0, 400.0, 300.0);
        let c = v.center_lnglat();
        assert!((c.lng - 108.2).abs() < 1e-6, "{c:?}");
    }

    mod pane_transform {
        use super::*;

        /// Where the pane transform puts a point drawn at `(x, y)` for the rendered view.
        fn carry(t: (f64, f64, f64), (x, y): (f64, f64)) -> (f64, f64) {
            (t.0 + t.2 * x, t.1 + t.2 * y)
        }

        #[test]
        fn identity_when_the_views_are_equal() {
            let v = view();
            assert_eq!(v.pane_transform_from(&v), (0.0, 0.0, 1.0));
        }

        #[test]
        fn a_pure_pan_is_a_translation() {
            let r = view();
            let mut v = r;
            v.pan_by(-12.5, 40.0);
            let (tx, ty, k) = v.pane_transform_from(&r);
            assert!((tx + 12.5).abs() < 1e-9 && (ty - 40.0).abs() < 1e-9 && k == 1.0);
        }

        #[test]
        fn a_zoom_about_the_centre_scales_about_the_centre() {
            let r = view();
            let mut v = r;
            v.zoom_around(12.0, 400.0, 300.0);
            let t = v.pane_transform_from(&r);
            assert!((t.2 - 2.0).abs() < 1e-12);
            // The centre stays; a corner moves out to twice its distance.
            let c = carry(t, (400.0, 300.0));
            assert!(
                (c.0 - 400.0).abs() < 1e-9 && (c.1 - 300.0).abs() < 1e-9,
                "{c:?}"
            );
            let corner = carry(t, (0.0, 0.0));
            assert!((corner.0 + 400.0).abs() < 1e-9 && (corner.1 + 300.0).abs() < 1e-9);
        }

        #[test]
        fn every_point_lands_where_the_live_view_shows_it() {
            let r = view();
            let mut v = r;
            v.zoom_around(12.7, 123.0, 456.0);
            v.pan_by(33.0, -7.0);
            let t = v.pane_transform_from(&r);
            for (x, y) in [(0.0, 0.0), (800.0, 600.0), (250.0, 75.0)] {
                let w = r.screen_to_world(x, y);
                let (lx, ly) = v.world_to_screen(w);
                let (cx, cy) = carry(t, (x, y));
                assert!((lx - cx).abs() < 1e-6 && (ly - cy).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn zoom_is_kept_within_limits() {
        let mut v = view();
        v.zoom_around(40.0, 0.0, 0.0);
        assert_eq!(v.zoom, 18.0);
        v.zoom_around(-3.0, 0.0, 0.0);
        assert_eq!(v.zoom, 3.0);
    }
}
