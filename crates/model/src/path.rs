//! Field paths in a record's JSON, written as the server's errors name them: `name.zh`,
//! `floor_specs[1].area_m2`, `applies_to.park_ids`. The import reads spreadsheet columns by
//! them and the console binds its inputs to them, so an error lands on its field.

use serde_json::{Map, Value};

/// One step of a path: an object's key or an array's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `name`.
    Key(String),
    /// `[2]`.
    Index(usize),
}

/// The steps of `path`; an empty path is the value itself.
pub fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key.to_owned()));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Step::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

/// The path of `steps`, as [`steps`] reads it.
pub fn join(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The value at `path` of `value`.
pub fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    steps(path).iter().try_fold(value, |v, s| match s {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

/// Sets the value at `path` of `value`, making the objects on the way (an index past an
/// array's end appends).
pub fn set(value: &mut Value, path: &str, new: Value) {
    let steps = steps(path);
    let mut here = value;
    for (n, s) in steps.iter().enumerate() {
        let last = n + 1 == steps.len();
        here = match s {
            Step::Key(k) => {
                if !here.is_object() {
                    *here = Value::Object(Map::new());
                }
                let Value::Object(map) = here else { return };
                if last {
                    map.insert(k.clone(), new);
                    return;
                }
                map.entry(k.clone()).or_insert(Value::Null)
            }
            Step::Index(i) => {
                if !here.is_array() {
                    *here = Value::Array(Vec::new());
                }
                let Value::Array(items) = here else { return };
                let i = (*i).min(items.len());
                if i == items.len() {
                    items.push(Value::Null);
                }
                if last {
                    items[i] = new;
                    return;
                }
                &mut items[i]
            }
        };
    }
    *here = new;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_and_write_as_the_errors_name_them() {
        let mut v = json!({"name": {"zh": "甲"}, "floor_specs": [{"floor": 1}, {"floor": 2}]});
        assert_eq!(get(&v, "name.zh"), Some(&json!("甲")));
        assert_eq!(get(&v, "floor_specs[1].floor"), Some(&json!(2)));
        set(&mut v, "floor_specs[1].area_m2", json!(800));
        set(&mut v, "applies_to.park_ids", json!(["p"]));
        set(&mut v, "floor_specs[5].floor", json!(3));
        assert_eq!(v["floor_specs"][1]["area_m2"], 800);
        assert_eq!(v["applies_to"]["park_ids"], json!(["p"]));
        assert_eq!(v["floor_specs"][2]["floor"], 3, "past the end appends");
        for p in ["name.zh", "floor_specs[1].area_m2", "a[0][1].b", "x"] {
            assert_eq!(join(&steps(p)), p);
        }
        set(&mut v, "", json!(1));
        assert_eq!(v, json!(1));
    }
}
