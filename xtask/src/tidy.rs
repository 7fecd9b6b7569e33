//! "Tests as linters": the project's own conventions, checked on every `cargo xtask test`, each
//! failure naming the file and line and how to fix it.

/// The lines of a Rust file that are not test code, numbered from 1: everything except the
/// items marked `#[cfg(test)]` (a `mod tests { … }` block, a test-only function or `use`).
/// Code after a test module is code like any other: a file may go on after its tests.
#[cfg(test)]
fn non_test_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            skip_item(
                &mut lines,
                line.trim_start().trim_start_matches("#[cfg(test)]"),
            );
        } else {
            out.push((i + 1, line));
        }
    }
    out
}

/// Consumes the item that follows an attribute: up to its closing brace when it has a body,
/// or its `;` when it has none. `rest` is what stood after the attribute on its own line.
#[cfg(test)]
fn skip_item<'a>(lines: &mut impl Iterator<Item = (usize, &'a str)>, rest: &str) {
    let mut depth: i64 = 0;
    let mut opened = false;
    let mut take = |line: &str| -> bool {
        for c in code_of(line).chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                ';' if !opened => return true,
                _ => {}
            }
        }
        opened && depth <= 0
    };
    if take(rest) {
        return;
    }
    for (_, line) in lines.by_ref() {
        if take(line) {
            return;
        }
    }
}

/// A line without its string and character literals and its `//` comment, so that braces
/// inside them are not counted.
#[cfg(test)]
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => break,
            // A char literal such as '{' (a lifetime such as 'a has no closing quote after one char).
            '\'' => {
                let mut ahead = chars.clone();
                let (a, b) = (ahead.next(), ahead.next());
                if b == Some('\'') && a.is_some() {
                    chars.next();
                    chars.next();
                } else if a == Some('\\') {
                    // An escaped char literal ('\n', '\u{7b}'): skip to its closing quote.
                    for x in chars.by_ref() {
                        if x == '\'' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd;
    use std::path::{Path, PathBuf};

    fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(
                    name.as_str(),
                    "target" | "node_modules" | "dist" | ".git" | "data"
                ) {
                    files(&path, ext, out);
                }
            } else if name.ends_with(ext) {
                out.push(path);
            }
        }
    }

    /// The Rust files under `dirs` (relative to the repository's root).
    fn rust_files(dirs: &[&str]) -> Vec<PathBuf> {
        let mut rs = Vec::new();
        for dir in dirs {
            files(&cmd::root().join(dir), ".rs", &mut rs);
        }
        rs
    }

    /// Every non-test line of `files` for which `bad` holds, as `path:line: hint`.
    fn offending(files: &[PathBuf], bad: impl Fn(&str) -> bool, hint: &str) -> Vec<String> {
        let mut found = Vec::new();
        for p in files {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            for (n, line) in non_test_lines(&text) {
                let l = line.trim_start();
                if !l.starts_with("//") && bad(l) {
                    found.push(format!("{}:{n}: {hint}", p.display()));
                }
            }
        }
        found
    }

    mod the_scanner {
        use super::*;

        #[test]
        fn skips_a_test_module_and_keeps_code_after_it() {
            let text = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn t() { let s = \"}\"; x.unwrap(); }\n}\nfn b() { y.unwrap() }\n";
            let kept: Vec<usize> = non_test_lines(text).into_iter().map(|(n, _)| n).collect();
            assert_eq!(kept, vec![1, 6]);
        }

        #[test]
        fn skips_a_test_only_use_and_a_braced_char() {
            let text = "#[cfg(test)]\nuse std::fmt;\n#[cfg(test)]\nfn f() {\n    let c = '{';\n}\nfn g() {}\n";
            let kept: Vec<usize> = non_test_lines(text).into_iter().map(|(n, _)| n).collect();
            assert_eq!(kept, vec![7]);
        }

        #[test]
        fn ignores_braces_in_comments() {
            let text = "#[cfg(test)]\nmod t {\n    // }\n}\nfn g() {}\n";
            let kept: Vec<usize> = non_test_lines(text).into_iter().map(|(n, _)| n).collect();
            assert_eq!(kept, vec![5]);
        }
    }

    #[test]
    fn every_rust_file_says_what_it_is_for() {
        let mut rs = Vec::new();
        files(&cmd::root(), ".rs", &mut rs);
        let missing: Vec<String> = rs
            .iter()
            .filter(|p| {
                let text = std::fs::read_to_string(p).unwrap_or_default();
                !text.trim_start().starts_with("//!")
            })
            .map(|p| {
                format!(
                    "{}:1: start the file with a `//!` line saying what it is for",
                    p.display()
                )
            })
            .collect();
        assert!(missing.is_empty(), "\n{}", missing.join("\n"));
    }

    #[test]
    fn no_unwrap_outside_tests() {
        let found = offending(
            &rust_files(&["src", "crates", "server/src", "xtask/src"]),
            |l| l.contains(".unwrap()"),
            "use `?`, `expect(\"why it holds\")` or handle the case",
        );
        assert!(found.is_empty(), "\n{}", found.join("\n"));
    }

    /// sqlx's `Row::get` panics when a column is missing or of another type: on a request path
    /// that is a crashed handler instead of an error answer.
    #[test]
    fn no_panicking_row_get_in_the_server() {
        let found = offending(
            &rust_files(&["server/src"]),
            |l| l.contains("row.get(") || l.contains("row.get::<"),
            "use `row.try_get(..)?` (sqlx's `get` panics on a missing or mistyped column)",
        );
        assert!(found.is_empty(), "\n{}", found.join("\n"));
    }

    #[test]
    fn both_locales_have_the_same_keys() {
        let keys = |name: &str| -> Vec<String> {
            let text = std::fs::read_to_string(cmd::root().join("locales").join(name))
                .expect("locale file");
            let mut keys: Vec<String> = text
                .lines()
                .filter_map(|l| {
                    l.trim()
                        .strip_prefix('"')
                        .and_then(|r| r.split_once("\":"))
                        .map(|(k, _)| k.to_owned())
                })
                .collect();
            keys.sort();
            keys
        };
        let (zh, en) = (keys("zh-CN.json"), keys("en.json"));
        let only_zh: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "locales/en.json lacks {only_zh:?}; locales/zh-CN.json lacks {only_en:?}"
        );
    }
}
