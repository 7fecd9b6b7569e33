//! The metric scale bar: the longest "round" distance (1, 2 or 5 × 10ⁿ metres) that fits.

use crate::projection::metres_per_pixel;

/// A scale bar: its length on screen and the distance it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleBar {
    /// Length in CSS pixels.
    pub pixels: f64,
    /// Ground distance in metres.
    pub metres: f64,
}

/// The scale bar for a view at latitude `lat` and zoom `zoom`, at most `max_pixels` long.
///
/// ```
/// use ysmap_map::scale_bar::scale_bar;
/// let s = scale_bar(34.3, 12.0, 100.0);
/// assert!(s.pixels <= 100.0 && s.pixels > 40.0);
/// assert_eq!(s.metres, 2000.0);
/// ```
pub fn scale_bar(lat: f64, zoom: f64, max_pixels: f64) -> ScaleBar {
    let mpp = metres_per_pixel(lat, zoom);
    let max_metres = mpp * max_pixels;
    let magnitude = 10f64.powf(max_metres.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&m| m <= max_metres)
        .unwrap_or(magnitude);
    ScaleBar {
        pixels: metres / mpp,
        metres,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn always_a_round_number_that_fits() {
        for z in [3.0, 7.5, 11.0, 14.25, 18.0] {
            let s = scale_bar(34.0, z, 120.0);
            assert!(
                s.pixels <= 120.0 + 1e-9 && s.pixels >= 120.0 / 5.0 - 1e-9,
                "{z}: {s:?}"
            );
            let lead = s.metres / 10f64.powf(s.metres.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|m| (lead - m).abs() < 1e-9),
                "{s:?}"
            );
        }
    }
}
