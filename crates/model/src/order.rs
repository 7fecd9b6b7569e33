//! One sort for the whole app. Every `sort_by` over a type of its own is a copy of the standard
//! library's sort in the WebAssembly (about 5 KB each); here a list is put in order through its
//! keys as plain integers, so every list shares one copy of one sort.
//!
//! The map engine has the same two functions for its own lists (`ysmap_map::order`): it
//! depends on nothing of the app's and the model on nothing of the map's, and the build merges
//! the two identical sorts into one.

/// Sorts `items` by `key` (two integers, the first deciding), stably: equal keys keep their
/// order.
///
/// ```
/// let mut words = vec!["pear", "fig", "apple", "kiwi"];
/// ysmap_model::order::sort_by_keys(&mut words, |w| (w.len() as u64, 0));
/// assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
/// ```
pub fn sort_by_keys<T>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> (u64, u64)) {
    let keys: Vec<(u64, u64)> = items.iter().map(&mut key).collect();
    let order = order(keys);
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The positions of `keys` in ascending order, equal keys by position (not generic: the one
/// sort).
fn order(keys: Vec<(u64, u64)>) -> Vec<usize> {
    let mut keyed: Vec<(u64, u64, usize)> = keys
        .into_iter()
        .enumerate()
        .map(|(i, (a, b))| (a, b, i))
        .collect();
    // The position is the last part of the key, so the unstable sort gives a stable order.
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// A float as an integer in the same order as `f64::total_cmp` (negatives first, NaN last).
pub fn f64_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// `v` or, when there is none, a key after every float's.
pub fn f64_key_or_last(v: Option<f64>) -> u64 {
    v.map_or(u64::MAX, f64_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_keys_order_as_total_cmp() {
        let mut xs = vec![
            3.5,
            -0.0,
            0.0,
            -2.0,
            f64::INFINITY,
            -f64::INFINITY,
            1e-300,
            -1e300,
        ];
        let mut expected = xs.clone();
        expected.sort_by(f64::total_cmp);
        sort_by_keys(&mut xs, |x| (f64_key(*x), 0));
        assert_eq!(
            xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn equal_keys_keep_their_order_and_the_second_key_decides_ties() {
        let mut v = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd'), (1, 'e')];
        sort_by_keys(&mut v, |(k, _)| (*k, 0));
        assert_eq!(v, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c'), (1, 'e')]);
        sort_by_keys(&mut v, |(k, c)| (0, u64::from(*c) * 10 + k));
        assert_eq!(v.iter().map(|p| p.1).collect::<String>(), "abcde");
        let mut empty: Vec<u8> = Vec::new();
        sort_by_keys(&mut empty, |_| (0, 0));
        assert!(empty.is_empty());
    }

    #[test]
    fn a_missing_figure_sorts_last() {
        assert!(f64_key_or_last(Some(f64::MAX)) < f64_key_or_last(None));
    }
}
