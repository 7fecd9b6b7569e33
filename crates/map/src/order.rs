//! One sort for the map's lists (tiles by distance, markers in reading order, labels by
//! priority). Every `sort_by` over a type of its own is a copy of the standard library's sort in
//! the WebAssembly (about 5 KB each); here a list is put in order through its keys as plain
//! integers, so every list shares one copy. (An app that also sorts its own lists this way,
//! with the same key type, shares the same copy once the build merges identical functions.)

/// Sorts `items` by `key` (two integers, the first deciding), stably: equal keys keep their
/// order.
///
/// ```
/// let mut words = vec!["pear", "fig", "apple", "kiwi"];
/// ysmap_map::order::sort_by_keys(&mut words, |w| (w.len() as u64, 0));
/// assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
/// ```
pub fn sort_by_keys<T>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> (u64, u64)) {
    let mut keyed: Vec<(u64, u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (a, b) = key(item);
            (a, b, i)
        })
        .collect();
    // The position is the last part of the key, so the unstable sort gives a stable order.
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(keyed.into_iter().filter_map(|(_, _, i)| slots[i].take()));
}

/// A float as an integer in the same order as `f64::total_cmp`.
pub fn f64_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// A signed integer as an unsigned one in the same order.
pub fn i64_key(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_order_of_what_they_stand_for() {
        let mut xs = vec![3.5, -0.0, 0.0, -2.0, f64::INFINITY, -f64::INFINITY, 1e-300];
        let mut expected = xs.clone();
        expected.sort_by(f64::total_cmp);
        sort_by_keys(&mut xs, |x| (f64_key(*x), 0));
        assert_eq!(
            xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        let mut ns = vec![5, i64::MIN, -1, 0, i64::MAX, -7];
        sort_by_keys(&mut ns, |n| (i64_key(*n), 0));
        assert_eq!(ns, [i64::MIN, -7, -1, 0, 5, i64::MAX]);
    }

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        sort_by_keys(&mut v, |(k, _)| (*k, 0));
        assert_eq!(v, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
    }
}
