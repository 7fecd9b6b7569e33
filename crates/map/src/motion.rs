//! Motion after the hand lets go: inertia for a flung pan, and eased zoom animation.
//!
//! # References
//! - Leaflet 1.9, `Map.Drag`: the velocity of the last 50 ms of a drag, decelerated at
//!   3400 px/s² (`inertiaDeceleration`).

use std::collections::VecDeque;

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
    pub fn progress(&self, t_ms: f64) -> f64 {
        let f = (t_ms / self.duration_ms).clamp(0.0, 1.0);
        1.0 - (1.0 - f) * (1.0 - f)
    }
}

impl DragSamples {
    /// Records the pointer at `(x, y)` at time `t_ms`.
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
    pub fn clear(&mut self) {
        self.samples.clear();
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
        let first = self.samples.front()?;
        let last = self.samples.back()?;
        if now_ms - last.0 > SAMPLE_WINDOW_MS || last.0 - first.0 <= 0.0 {
            return None;
        }
        let dt = last.0 - first.0;
        let (vx, vy) = ((last.1 - first.1) / dt, (last.2 - first.2) / dt);
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
pub fn ease_out_cubic(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    1.0 - (1.0 - t).powi(3)
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
