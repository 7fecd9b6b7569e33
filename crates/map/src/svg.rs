//! SVG path data for projected geometry.

/// Path data (`M x y L x y … Z`) for a sequence of points already in the drawing's
/// coordinates, rounded to 0.1 unit; `close` ends it with `Z` (rings) or not (lines).
///
/// ```
/// use ysmap_map::svg::path_data;
/// assert_eq!(path_data([(0.0, 0.0), (10.04, 0.0), (10.0, 5.56)], true), "M0 0L10 0L10 5.6Z");
/// ```
pub fn path_data(points: impl IntoIterator<Item = (f64, f64)>, close: bool) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.into_iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        d.push_str(&coord(x));
        d.push(' ');
        d.push_str(&coord(y));
    }
    if close && !d.is_empty() {
        d.push('Z');
    }
    d
}

fn coord(v: f64) -> String {
    ysmap_decimal::trimmed(v, 1)
}

/// The parts of a polyline inside the rectangle `(x0, y0)`–`(x1, y1)`, each part a polyline
/// of its own (Liang–Barsky on every segment; segments that stay inside join up). A drawing
/// of a small frame (a printed sketch) then holds no geometry reaching past it.
///
/// ```
/// use ysmap_map::svg::clip_polyline;
/// let parts = clip_polyline(&[(-10.0, 5.0), (5.0, 5.0), (5.0, 20.0)], (0.0, 0.0, 10.0, 10.0));
/// assert_eq!(parts, vec![vec![(0.0, 5.0), (5.0, 5.0), (5.0, 10.0)]]);
/// ```
pub fn clip_polyline(
    points: &[(f64, f64)],
    (x0, y0, x1, y1): (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let mut parts: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut open = false;
    for pair in points.windows(2) {
        let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
        let (dx, dy) = (bx - ax, by - ay);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        let inside = [(-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)]
            .into_iter()
            .all(|(p, q)| {
                if p == 0.0 {
                    return q >= 0.0;
                }
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                t0 <= t1
            });
        if !inside {
            open = false;
            continue;
        }
        let start = (ax + t0 * dx, ay + t0 * dy);
        let end = (ax + t1 * dx, ay + t1 * dy);
        match parts.last_mut() {
            Some(part) if open && t0 == 0.0 => part.push(end),
            _ => parts.push(vec![start, end]),
        }
        // The next segment continues this part only when this one reached its own end.
        open = t1 == 1.0;
    }
    parts
}

#[cfg(test)]
mod clip_tests {
    use super::clip_polyline;

    const FRAME: (f64, f64, f64, f64) = (0.0, 0.0, 10.0, 10.0);

    #[test]
    fn a_line_inside_stays_whole_and_one_outside_goes() {
        let inside = [(1.0, 1.0), (2.0, 2.0), (3.0, 1.0)];
        assert_eq!(clip_polyline(&inside, FRAME), vec![inside.to_vec()]);
        assert!(clip_polyline(&[(20.0, 1.0), (30.0, 5.0)], FRAME).is_empty());
    }

    #[test]
    fn a_line_leaving_and_coming_back_is_two_parts() {
        let parts = clip_polyline(&[(5.0, 5.0), (5.0, 15.0), (8.0, 15.0), (8.0, 5.0)], FRAME);
        assert_eq!(
            parts,
            vec![vec![(5.0, 5.0), (5.0, 10.0)], vec![(8.0, 10.0), (8.0, 5.0)]]
        );
    }

    #[test]
    fn a_segment_crossing_the_whole_frame_is_cut_at_both_sides() {
        let parts = clip_polyline(&[(-5.0, 5.0), (15.0, 5.0)], FRAME);
        assert_eq!(parts, vec![vec![(0.0, 5.0), (10.0, 5.0)]]);
    }
}
