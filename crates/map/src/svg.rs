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
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}
