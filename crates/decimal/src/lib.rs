//! Numbers written with a fixed number of decimals, for drawing (CSS and SVG coordinates) and
//! for the figures a page shows or keeps. Integer arithmetic only: core's float formatting
//! (Grisu and Dragon with their tables, ~14 KB of wasm) is then in none of the app's modules.
//! The app's wasm is split, and a function any chunk calls through the shared table stays in
//! the main module, so one float formatted by core anywhere puts it all on the first screen.

use std::fmt::Write;

/// The most decimals [`fixed`] writes: 10⁹ times a drawing's coordinate still fits in a `u64`.
pub const MAX_DECIMALS: u32 = 9;

/// `v` with `decimals` digits after the point (at most [`MAX_DECIMALS`]), rounded to the
/// nearest, ties to even, as `format!("{v:.decimals$}")` writes it for the numbers a map and a
/// catalog hold, except that a value rounding to zero has no sign (`-0.0` is `0.0`). Values
/// whose digits pass 2⁶⁴ are cut to it; non-finite values are written `NaN`, `inf`, `-inf`.
///
/// ```
/// use ysmap_decimal::fixed;
/// assert_eq!(fixed(12.345, 1), "12.3");
/// assert_eq!(fixed(-0.125, 2), "-0.12");
/// assert_eq!(fixed(3.0, 0), "3");
/// ```
pub fn fixed(v: f64, decimals: u32) -> String {
    if !v.is_finite() {
        let word = if v.is_nan() {
            "NaN"
        } else if v > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        return word.to_owned();
    }
    let mut out = String::new();
    let decimals = decimals.min(MAX_DECIMALS);
    let scale = 10u64.pow(decimals);
    // `as` saturates at u64::MAX.
    let n = scaled_to_nearest(v.abs(), scale as f64) as u64;
    if v < 0.0 && n != 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", n / scale);
    if decimals > 0 {
        let _ = write!(out, ".{:0width$}", n % scale, width = decimals as usize);
    }
    out
}

/// `a × scale` rounded to the nearest whole number, ties to even, as the exact product would
/// round. The product in floating point rounds too, and may land on a tie (`0.05 × 10` is
/// `0.5`, though the double nearest 0.05 is a little more): only then does the product's
/// rounding error decide, found exactly by Dekker's product (no fused multiply-add in wasm).
fn scaled_to_nearest(a: f64, scale: f64) -> f64 {
    let x = a * scale;
    let below = x.floor();
    let fraction = x - below;
    let up = if fraction != 0.5 {
        fraction > 0.5
    } else {
        let error = product_error(a, scale, x);
        error > 0.0 || (error == 0.0 && below % 2.0 != 0.0)
    };
    if up { below + 1.0 } else { below }
}

/// The exact `a × b` minus its rounded value `p` (Dekker's TwoProduct, by Veltkamp's split).
fn product_error(a: f64, b: f64, p: f64) -> f64 {
    let split = |v: f64| {
        let c = 134_217_729.0 * v; // 2^27 + 1
        let high = c - (c - v);
        (high, v - high)
    };
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    ((ah * bh - p) + ah * bl + al * bh) + al * bl
}

/// `v` with at most `decimals` decimals and no trailing zeros (nor a trailing point):
/// `1200.50` → `1200.5`, `3.0` → `3`. What a person typed, written back.
///
/// ```
/// use ysmap_decimal::trimmed;
/// assert_eq!(trimmed(1200.5, 6), "1200.5");
/// assert_eq!(trimmed(-3.0, 2), "-3");
/// ```
pub fn trimmed(v: f64, decimals: u32) -> String {
    let mut s = fixed(v, decimals);
    if s.contains('.') {
        let kept = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(kept);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_core_writes_for_a_maps_numbers() {
        let values = [
            0.0, 1.0, 0.05, 0.15, 0.25, 0.125, 1.005, 2.675, 12.3456789, 99.95, 99.999, 100.0,
            123456.789, 108.95432, 34.26871, 7.0e-7, 1.5e-3, 4095.9999,
        ];
        for v in values {
            for d in 0..=6 {
                let core = format!("{v:.*}", d as usize);
                assert_eq!(fixed(v, d), core, "{v} to {d}");
                let zero = core.bytes().all(|b| b == b'0' || b == b'.');
                let negative = if zero {
                    core.clone()
                } else {
                    format!("-{core}")
                };
                assert_eq!(fixed(-v, d), negative, "-{v} to {d}");
            }
        }
    }

    #[test]
    fn writes_what_core_writes_for_many_numbers_and_ties() {
        // A fixed sequence of pseudo-random coordinates, zooms and areas, and decimal ties.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut values = Vec::new();
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
            values.push(unit * 10f64.powi((seed % 8) as i32));
        }
        values.extend((0..2_000).map(|k| k as f64 / 200.0 + 0.0025));
        for v in values {
            for d in 0..=6 {
                assert_eq!(fixed(v, d), format!("{v:.*}", d as usize), "{v} to {d}");
            }
        }
    }

    #[test]
    fn a_value_rounding_to_zero_has_no_sign() {
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(fixed(-0.06, 1), "-0.1");
    }

    #[test]
    fn non_finite_values_and_the_limits() {
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        assert_eq!(fixed(f64::INFINITY, 2), "inf");
        assert_eq!(fixed(f64::NEG_INFINITY, 2), "-inf");
        assert_eq!(fixed(1.25, 20), "1.250000000");
        assert_eq!(fixed(1e30, 0), u64::MAX.to_string());
    }

    #[test]
    fn trimmed_drops_trailing_zeros_and_the_point() {
        assert_eq!(trimmed(8.5, 2), "8.5");
        assert_eq!(trimmed(12000.0, 2), "12000");
        assert_eq!(trimmed(0.1 + 0.2, 6), "0.3");
        assert_eq!(trimmed(-0.0001, 3), "0");
    }
}
