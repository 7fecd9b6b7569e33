//! The keyboard: which key moves the map how, which keys open a feature, and the order Tab
//! walks the features in (reading order), so that the map works without a pointer.

/// How far an arrow key pans, CSS px.
pub const KEY_PAN_PX: f64 = 80.0;
/// Features are walked in rows of this height, CSS px, left to right within a row: close
/// enough to reading order that Tab does not jump up and down between neighbours.
pub const READING_BAND_PX: f64 = 64.0;

/// What a key pressed on the map does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KeyAction {
    /// Move the content by (`dx`, `dy`) CSS px.
    PanBy {
        /// CSS px, positive to the right.
        dx: f64,
        /// CSS px, positive downwards.
        dy: f64,
    },
    /// Zoom by this many levels (animated, around the centre).
    ZoomBy(f64),
}

/// The action for a key (the DOM's `KeyboardEvent.key`) pressed on the map, if it has one.
/// An arrow moves the view that way, so the content moves the other way.
///
/// ```
/// use ysmap_map::keys::{key_action, KeyAction, KEY_PAN_PX};
/// assert_eq!(key_action("ArrowLeft"), Some(KeyAction::PanBy { dx: KEY_PAN_PX, dy: 0.0 }));
/// assert_eq!(key_action("+"), Some(KeyAction::ZoomBy(1.0)));
/// assert_eq!(key_action("a"), None);
/// ```
pub fn key_action(key: &str) -> Option<KeyAction> {
    Some(match key {
        "ArrowLeft" => KeyAction::PanBy {
            dx: KEY_PAN_PX,
            dy: 0.0,
        },
        "ArrowRight" => KeyAction::PanBy {
            dx: -KEY_PAN_PX,
            dy: 0.0,
        },
        "ArrowUp" => KeyAction::PanBy {
            dx: 0.0,
            dy: KEY_PAN_PX,
        },
        "ArrowDown" => KeyAction::PanBy {
            dx: 0.0,
            dy: -KEY_PAN_PX,
        },
        // `=` and `_` are + and − without Shift on most layouts.
        "+" | "=" => KeyAction::ZoomBy(1.0),
        "-" | "_" => KeyAction::ZoomBy(-1.0),
        _ => return None,
    })
}

/// Whether a key opens the focused feature (as a button does: Enter or Space).
///
/// ```
/// use ysmap_map::keys::activates;
/// assert!(activates("Enter") && activates(" ") && !activates("Tab"));
/// ```
pub fn activates(key: &str) -> bool {
    matches!(key, "Enter" | " ")
}

/// The sort key that puts features at screen positions (`x`, `y`) (CSS px) in reading order:
/// rows of [`READING_BAND_PX`], then left to right.
///
/// ```
/// use ysmap_map::keys::reading_order_key;
/// let mut at = vec![(300.0, 10.0), (20.0, 70.0), (50.0, 60.0)];
/// at.sort_by_key(|&(x, y)| reading_order_key(x, y));
/// assert_eq!(at, vec![(50.0, 60.0), (300.0, 10.0), (20.0, 70.0)]);
/// ```
pub fn reading_order_key(x: f64, y: f64) -> (i64, i64) {
    ((y / READING_BAND_PX).floor() as i64, x as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_the_content_against_the_key() {
        let pan = |k| match key_action(k) {
            Some(KeyAction::PanBy { dx, dy }) => (dx, dy),
            other => panic!("{k}: {other:?}"),
        };
        assert_eq!(pan("ArrowRight"), (-80.0, 0.0));
        assert_eq!(pan("ArrowUp"), (0.0, 80.0));
        assert_eq!(pan("ArrowDown"), (0.0, -80.0));
    }

    #[test]
    fn plus_and_minus_with_or_without_shift() {
        for (k, dz) in [("+", 1.0), ("=", 1.0), ("-", -1.0), ("_", -1.0)] {
            assert_eq!(key_action(k), Some(KeyAction::ZoomBy(dz)), "{k}");
        }
        assert_eq!(key_action("Enter"), None, "Enter belongs to the features");
    }

    #[test]
    fn reading_order_goes_by_rows_then_left_to_right() {
        let mut at = [
            (5.0, 130.0),
            (400.0, 0.0),
            (0.0, 63.9),
            (10.0, 64.0),
            (-30.0, -1.0),
        ];
        at.sort_by_key(|&(x, y)| reading_order_key(x, y));
        assert_eq!(
            at,
            [
                (-30.0, -1.0),
                (0.0, 63.9),
                (400.0, 0.0),
                (10.0, 64.0),
                (5.0, 130.0)
            ]
        );
    }
}
