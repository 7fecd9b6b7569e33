//! Motion after the hand lets go: inertia for a flung pan, eased zoom, and the animated moves of
//! the view ([`Motion`]) as values stepped by time, so the web layer only asks for frames.
//!
//! # References
//! - Leaflet 1.9, `Map.Drag`: the velocity of the last 50 ms of a drag, decelerated at
//!   3400 px/s² (`inertiaDeceleration`).

use crate::projection::WorldPoint;
use crate::viewport::Viewport;
use std::collections::VecDeque;

/// How long animated zooms and fly-tos take, ms (Leaflet's zoom animation is 250 ms).
pub const ANIMATION_MS: f64 = 250.0;

/// How far back a drag's samples count for its velocity, ms.
pub const SAMPLE_WINDOW_MS: f64 = 50.0;
/// Deceleration of a flung pan, px/ms² (3400 px/s²).
pub const DECELERATION_PX_PER_MS2: f64 = 3400.0 / 1.0e6;
/// Slower than this when released (px/ms), a drag just stops.
pub const MIN_FLING_SPEED: f64 = 0.1;

/// The recent positions of a drag.
#[derive(Debug, Clone, Default)]
pub struct DragSamples {
    samples: VecDeque<(f64, f64, f64)>,
}

/// A flung pan: the distance it will still travel and for how long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fling {
    /// Total further movement, CSS pixels.
    pub dx: f64,
    /// Total further movement, CSS pixels.
    pub dy: f64,
    /// How long it lasts, ms.
    pub duration_ms: f64,
}

impl Fling {
    /// The share of the distance covered after `t_ms`: constant deceleration, so
    /// `1 − (1 − t/T)²`.
    ///
    /// ```
    /// use ysmap_map::motion::Fling;
    /// let f = Fling { dx: 100.0, dy: 0.0, duration_ms: 300.0 };
    /// assert_eq!(f.progress(150.0), 0.75);
    /// ```
    pub fn progress(&self, t_ms: f64) -> f64 {
        let f = crate::clamp(t_ms / self.duration_ms, 0.0, 1.0);
        1.0 - (1.0 - f) * (1.0 - f)
    }
}

impl DragSamples {
    /// Records the pointer at `(x, y)` (CSS px) at time `t_ms`; samples older than
    /// [`SAMPLE_WINDOW_MS`] before it are dropped.
    ///
    /// ```
    /// use ysmap_map::motion::DragSamples;
    /// let mut d = DragSamples::default();
    /// d.push(0.0, 0.0, 0.0);
    /// d.push(100.0, 50.0, 0.0); // the first is now too old to count
    /// assert!(d.fling(100.0).is_none());
    /// ```
    pub fn push(&mut self, t_ms: f64, x: f64, y: f64) {
        self.samples.push_back((t_ms, x, y));
        while self
            .samples
            .front()
            .is_some_and(|s| t_ms - s.0 > SAMPLE_WINDOW_MS)
        {
            self.samples.pop_front();
        }
    }

    /// Forgets the drag.
    ///
    /// ```
    /// use ysmap_map::motion::DragSamples;
    /// let mut d = DragSamples::default();
    /// d.push(0.0, 0.0, 0.0);
    /// d.push(10.0, 20.0, 0.0);
    /// d.clear();
    /// assert!(d.fling(10.0).is_none());
    /// ```
    pub fn clear(&mut self) {
        self.samples.clear();
    }

    /// The velocity (px/ms, x and y) over the last [`SAMPLE_WINDOW_MS`] of a release at
    /// `now_ms`, or `None` when the hand had stopped (no sample that recent, or only one).
    ///
    /// ```
    /// use ysmap_map::motion::DragSamples;
    /// let mut d = DragSamples::default();
    /// d.push(0.0, 0.0, 0.0);
    /// d.push(20.0, 0.0, -10.0); // 0.5 px/ms upwards
    /// assert_eq!(d.velocity(20.0), Some((0.0, -0.5)));
    /// assert_eq!(d.velocity(100.0), None); // held still before letting go
    /// ```
    pub fn velocity(&self, now_ms: f64) -> Option<(f64, f64)> {
        let first = self.samples.front()?;
        let last = self.samples.back()?;
        let dt = last.0 - first.0;
        if now_ms - last.0 > SAMPLE_WINDOW_MS || dt <= 0.0 {
            return None;
        }
        Some(((last.1 - first.1) / dt, (last.2 - first.2) / dt))
    }

    /// The fling for a release at `now_ms`, or `None` when the hand had stopped or was slow.
    ///
    /// ```
    /// use ysmap_map::motion::DragSamples;
    /// let mut d = DragSamples::default();
    /// for i in 0..=5 {
    ///     d.push(i as f64 * 10.0, i as f64 * 10.0, 0.0); // 1 px/ms to the right
    /// }
    /// let f = d.fling(50.0).expect("moving");
    /// // 1 px/ms at 0.0034 px/ms²: 294 ms, 147 px.
    /// assert!((f.duration_ms - 294.1).abs() < 0.1 && (f.dx - 147.06).abs() < 0.01);
    /// ```
    pub fn fling(&self, now_ms: f64) -> Option<Fling> {
        let (vx, vy) = self.velocity(now_ms)?;
        let speed = vx.hypot(vy);
        if speed < MIN_FLING_SPEED {
            return None;
        }
        let duration_ms = speed / DECELERATION_PX_PER_MS2;
        Some(Fling {
            dx: vx * duration_ms / 2.0,
            dy: vy * duration_ms / 2.0,
            duration_ms,
        })
    }
}

/// Ease-out cubic, for zoom animations: fast start, soft landing.
///
/// ```
/// use ysmap_map::motion::ease_out_cubic;
/// assert_eq!(ease_out_cubic(0.0), 0.0);
/// assert_eq!(ease_out_cubic(0.5), 0.875);
/// assert_eq!(ease_out_cubic(2.0), 1.0);
/// ```
pub fn ease_out_cubic(t: f64) -> f64 {
    let t = crate::clamp(t, 0.0, 1.0);
    1.0 - (1.0 - t).powi(3)
}

/// A move of the view under way, as a value: where it started, where it goes, and when it
/// began (ms, on the same clock as the `t_ms` given to [`Motion::step`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Motion {
    /// Zoom to `to` keeping screen point (`x`, `y`) (CSS px from the element's top left) fixed.
    ZoomAround {
        /// The view when it began.
        from: Viewport,
        /// The zoom it ends at.
        to: f64,
        /// The fixed point, CSS px.
        x: f64,
        /// The fixed point, CSS px.
        y: f64,
        /// When it began, ms.
        start_ms: f64,
    },
    /// Move to another view (centre and zoom eased together).
    FlyTo {
        /// The view when it began.
        from: Viewport,
        /// The view it ends at.
        to: Viewport,
        /// When it began, ms.
        start_ms: f64,
    },
    /// Coast after a flung pan.
    Coast {
        /// The view when the hand let go.
        from: Viewport,
        /// The rest of the movement.
        fling: Fling,
        /// When the hand let go, ms.
        start_ms: f64,
    },
}

impl Motion {
    /// A zoom by `dz` levels around (`x`, `y`) starting at `start_ms`, from the view `from`.
    /// When a zoom is already under way (`current`), the new one heads on from where that one
    /// was heading, so quick presses of + add up; the target stays within the zoom limits.
    ///
    /// ```
    /// use ysmap_map::motion::Motion;
    /// use ysmap_map::{LngLat, Viewport};
    /// let v = Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0);
    /// let first = Motion::zoom_by(None, v, 1.0, 400.0, 300.0, 0.0);
    /// let second = Motion::zoom_by(Some(first), v, 1.0, 400.0, 300.0, 10.0);
    /// assert!(matches!(second, Motion::ZoomAround { to, .. } if to == 13.0));
    /// ```
    pub fn zoom_by(
        current: Option<Motion>,
        from: Viewport,
        dz: f64,
        x: f64,
        y: f64,
        start_ms: f64,
    ) -> Motion {
        let to = match current {
            Some(Motion::ZoomAround { to, .. }) => to + dz,
            _ => from.zoom + dz,
        };
        Motion::ZoomAround {
            from,
            to: crate::clamp(to, from.min_zoom, from.max_zoom),
            x,
            y,
            start_ms,
        }
    }

    /// Where the motion comes to rest for a reader who asked for no motion: a zoom or a flight
    /// arrives at once; a coast after a drag does not happen (the view stays where the hand
    /// left it).
    ///
    /// ```
    /// use ysmap_map::motion::Motion;
    /// use ysmap_map::projection::LngLat;
    /// use ysmap_map::viewport::Viewport;
    /// let from = Viewport::new(LngLat::new(108.0, 34.0), 11.0, 800.0, 600.0);
    /// let to = Viewport::new(LngLat::new(108.1, 34.1), 14.0, 800.0, 600.0);
    /// assert_eq!(Motion::FlyTo { from, to, start_ms: 0.0 }.end(), Some(to));
    /// ```
    pub fn end(&self) -> Option<Viewport> {
        match self {
            Motion::ZoomAround { .. } | Motion::FlyTo { .. } => Some(self.step(f64::INFINITY).0),
            Motion::Coast { .. } => None,
        }
    }

    /// The view at time `t_ms`, and whether the motion is over.
    ///
    /// ```
    /// use ysmap_map::motion::{Motion, ANIMATION_MS};
    /// use ysmap_map::{LngLat, Viewport};
    /// let from = Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0);
    /// let m = Motion::ZoomAround { from, to: 12.0, x: 400.0, y: 300.0, start_ms: 1000.0 };
    /// let (mid, done) = m.step(1000.0 + ANIMATION_MS / 2.0);
    /// assert!(!done && mid.zoom > 11.5 && mid.zoom < 12.0);
    /// let (end, done) = m.step(1000.0 + ANIMATION_MS);
    /// assert!(done && end.zoom == 12.0);
    /// ```
    pub fn step(&self, t_ms: f64) -> (Viewport, bool) {
        match *self {
            Motion::ZoomAround {
                from,
                to,
                x,
                y,
                start_ms,
            } => {
                let f = ease_out_cubic((t_ms - start_ms) / ANIMATION_MS);
                let mut v = from;
                v.zoom_around(from.zoom + (to - from.zoom) * f, x, y);
                (v, f >= 1.0)
            }
            Motion::FlyTo { from, to, start_ms } => {
                let f = ease_out_cubic((t_ms - start_ms) / ANIMATION_MS);
                let mut v = from;
                v.zoom = from.zoom + (to.zoom - from.zoom) * f;
                v.center = WorldPoint::new(
                    from.center.x + (to.center.x - from.center.x) * f,
                    from.center.y + (to.center.y - from.center.y) * f,
                );
                (v, f >= 1.0)
            }
            Motion::Coast {
                from,
                fling,
                start_ms,
            } => {
                let f = fling.progress(t_ms - start_ms);
                let mut v = from;
                v.pan_by(fling.dx * f, fling.dy * f);
                (v, f >= 1.0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_hand_does_not_fling() {
        let mut d = DragSamples::default();
        d.push(0.0, 0.0, 0.0);
        d.push(40.0, 100.0, 0.0);
        assert!(
            d.fling(200.0).is_none(),
            "released long after the last move"
        );
        let mut slow = DragSamples::default();
        slow.push(0.0, 0.0, 0.0);
        slow.push(40.0, 2.0, 0.0);
        assert!(slow.fling(45.0).is_none(), "0.05 px/ms");
    }

    #[test]
    fn only_the_last_50_ms_count() {
        let mut d = DragSamples::default();
        d.push(0.0, 0.0, 0.0);
        d.push(100.0, 0.0, 0.0); // paused
        d.push(140.0, 0.0, 80.0); // then 2 px/ms down
        let f = d.fling(140.0).expect("moving");
        assert!(f.dx.abs() < 1e-9 && f.dy > 0.0);
    }

    fn view() -> Viewport {
        Viewport::new(crate::LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0)
    }

    #[test]
    fn a_zoom_keeps_its_fixed_point_at_every_frame() {
        let from = view();
        let m = Motion::ZoomAround {
            from,
            to: 13.0,
            x: 100.0,
            y: 50.0,
            start_ms: 0.0,
        };
        let anchor = from.screen_to_world(100.0, 50.0);
        let mut last = from.zoom;
        for t in [0.0, 40.0, 120.0, 249.0, 250.0, 400.0] {
            let (v, done) = m.step(t);
            let w = v.screen_to_world(100.0, 50.0);
            assert!((w.x - anchor.x).abs() < 1e-9 && (w.y - anchor.y).abs() < 1e-9);
            assert!(v.zoom >= last, "zoom only grows");
            last = v.zoom;
            assert_eq!(done, t >= ANIMATION_MS);
        }
        assert_eq!(last, 13.0);
    }

    #[test]
    fn quick_presses_add_up_within_the_limits() {
        let v = view();
        let mut m = None;
        for i in 0..10 {
            m = Some(Motion::zoom_by(m, v, 1.0, 0.0, 0.0, f64::from(i)));
        }
        assert!(matches!(m, Some(Motion::ZoomAround { to, .. }) if to == v.max_zoom));
        // After a coast, a zoom starts from the view, not from the coast.
        let coast = Motion::Coast {
            from: v,
            fling: Fling {
                dx: 1.0,
                dy: 0.0,
                duration_ms: 10.0,
            },
            start_ms: 0.0,
        };
        let z = Motion::zoom_by(Some(coast), v, -1.0, 0.0, 0.0, 0.0);
        assert!(matches!(z, Motion::ZoomAround { to, .. } if to == 10.0));
    }

    #[test]
    fn a_fly_to_lands_exactly_on_its_target() {
        let from = view();
        let mut to = from;
        to.zoom_around(14.0, 700.0, 100.0);
        let m = Motion::FlyTo {
            from,
            to,
            start_ms: 5.0,
        };
        assert_eq!(m.step(5.0), (from, false));
        let (mid, done) = m.step(5.0 + ANIMATION_MS / 2.0);
        assert!(!done && mid.zoom > from.zoom && mid.zoom < to.zoom);
        assert_eq!(m.step(5.0 + ANIMATION_MS), (to, true));
    }

    #[test]
    fn a_coast_travels_the_fling_and_stops() {
        let from = view();
        let fling = Fling {
            dx: 120.0,
            dy: -30.0,
            duration_ms: 200.0,
        };
        let m = Motion::Coast {
            from,
            fling,
            start_ms: 0.0,
        };
        let (half, done) = m.step(100.0);
        assert!(!done);
        let p = from.screen_to_world(400.0, 300.0);
        let (x, y) = half.world_to_screen(p);
        assert!((x - 400.0 - 90.0).abs() < 1e-6 && (y - 300.0 + 22.5).abs() < 1e-6);
        let (end, done) = m.step(1000.0);
        let (x, y) = end.world_to_screen(p);
        assert!(done && (x - 520.0).abs() < 1e-6 && (y - 270.0).abs() < 1e-6);
    }

    #[test]
    fn the_fling_ends_where_its_progress_says() {
        let f = Fling {
            dx: 100.0,
            dy: 0.0,
            duration_ms: 300.0,
        };
        assert_eq!(f.progress(0.0), 0.0);
        assert_eq!(f.progress(300.0), 1.0);
        assert!((f.progress(150.0) - 0.75).abs() < 1e-12);
    }
}
