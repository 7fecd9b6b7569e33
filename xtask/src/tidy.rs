//! "Tests as linters": the project's own conventions, checked on every `cargo xtask test`, each
//! failure naming the file and line and how to fix it.

#[cfg(test)]
mod tests {
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
        let mut rs = Vec::new();
        for dir in ["src", "crates", "server/src"] {
            files(&cmd::root().join(dir), ".rs", &mut rs);
        }
        let mut found = Vec::new();
        for p in rs {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            // Everything after `#[cfg(test)]` is test code.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (i, line) in code.lines().enumerate() {
                let l = line.trim_start();
                if !l.starts_with("//") && l.contains(".unwrap()") {
                    found.push(format!(
                        "{}:{}: use `?`, `expect(\"why it holds\")` or handle the case",
                        p.display(),
                        i + 1
                    ));
                }
            }
        }
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
