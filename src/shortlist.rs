//! The investor's shortlist of parks and facilities, kept on the device (never sent), and the
//! rule for the facilities compared side by side: at most four.

/// The most facilities compared at once: four columns still fit a phone held sideways and an
/// A4 page.
pub const MAX_COMPARED: usize = 4;

/// Shortlisted parks and facilities (ids), in the order they were added.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shortlist {
    /// Parks.
    pub parks: Vec<String>,
    /// Facilities.
    pub facilities: Vec<String>,
}

impl Shortlist {
    /// True when nothing is shortlisted.
    pub fn is_empty(&self) -> bool {
        self.parks.is_empty() && self.facilities.is_empty()
    }

    /// The list of parks (`park`) or of facilities.
    fn list(&mut self, park: bool) -> &mut Vec<String> {
        if park {
            &mut self.parks
        } else {
            &mut self.facilities
        }
    }

    /// Adds `id` (a park's when `park`) or, when it is there, removes it.
    pub fn toggle(&mut self, park: bool, id: &str) {
        let list = self.list(park);
        match list.iter().position(|x| x == id) {
            Some(at) => {
                list.remove(at);
            }
            None => list.push(id.to_owned()),
        }
    }

    /// The shortlist as the device keeps it: `p=park&f=facility…`.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let pairs = |key: &str, ids: &[String]| {
            ids.iter()
                .map(|id| (key.to_owned(), id.clone()))
                .collect::<Vec<_>>()
        };
        let mut out = pairs("p", &self.parks);
        out.extend(pairs("f", &self.facilities));
        out
    }

    /// [`Shortlist::to_pairs`] undone; other keys are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut s = Shortlist::default();
        for (k, v) in pairs {
            match k {
                "p" => s.parks.push(v.to_owned()),
                "f" => s.facilities.push(v.to_owned()),
                _ => {}
            }
        }
        s
    }
}

/// The compared facilities after ticking (`on`) or unticking `id`; `None` when ticking would
/// compare more than [`MAX_COMPARED`].
pub fn tick(compared: &[String], id: &str, on: bool) -> Option<Vec<String>> {
    let mut out: Vec<String> = compared.iter().filter(|x| *x != id).cloned().collect();
    if on {
        if out.len() >= MAX_COMPARED {
            return None;
        }
        out.push(id.to_owned());
    }
    Some(out)
}

/// Whether the values of a row of the comparison differ (a missing value differs from any).
pub fn differs<T: PartialEq>(values: &[T]) -> bool {
    values.windows(2).any(|w| w[0] != w[1])
}

/// The labels of several lists in one list, each in the place its own list gives it: after the
/// label that comes before it there (a sale price after the rent, even when only the second
/// facility has one).
pub fn merged<'a, L: PartialEq + Copy + 'a>(
    lists: impl IntoIterator<Item = impl IntoIterator<Item = L>>,
) -> Vec<L> {
    let mut out: Vec<L> = Vec::new();
    for list in lists {
        let mut at = 0;
        for label in list {
            match out.iter().position(|x| *x == label) {
                Some(found) => at = found + 1,
                None => {
                    out.insert(at, label);
                    at += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_adds_then_removes_and_the_device_gets_it_back() {
        let mut s = Shortlist::default();
        s.toggle(false, "fac-1");
        s.toggle(true, "park-1");
        s.toggle(false, "fac-2");
        s.toggle(false, "fac-1");
        assert_eq!(s.facilities, vec!["fac-2"]);
        assert_eq!(s.parks, vec!["park-1"]);
        let pairs = s.to_pairs();
        let back = Shortlist::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, s);
        s.toggle(true, "park-1");
        s.toggle(false, "fac-2");
        assert!(s.is_empty());
    }

    #[test]
    fn at_most_four_are_compared() {
        let ids: Vec<String> = (1..=4).map(|i| format!("f{i}")).collect();
        assert_eq!(tick(&ids, "f5", true), None);
        assert_eq!(tick(&ids, "f2", false).map(|v| v.len()), Some(3));
        // Ticking one already compared keeps it once.
        assert_eq!(tick(&ids, "f4", true), Some(ids.clone()));
    }

    #[test]
    fn labels_merge_in_their_own_lists_order() {
        let merged = merged([
            vec!["area", "rent", "verified"],
            vec!["area", "rent", "sale", "verified"],
            vec!["land", "rent"],
        ]);
        assert_eq!(merged, vec!["land", "area", "rent", "sale", "verified"]);
    }

    #[test]
    fn a_row_differs_when_any_value_does() {
        assert!(!differs(&[Some("9 米"), Some("9 米")]));
        assert!(differs(&[Some("9 米"), None]));
        assert!(!differs::<u8>(&[]));
    }
}
