//! The layout of the server and the app, checked by machine: no module imports one that imports
//! it back, so each can be read, changed and tested with only what lies below it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module below `source` (a crate's `src`) by its path (`sync::space`), with its code
/// (comments left out: a comment naming another module imports nothing).
fn modules(source: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut pending = vec![source.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path: PathBuf = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let relative = path.strip_prefix(source).expect("below src");
            let mut name = relative
                .with_extension("")
                .to_string_lossy()
                .replace('/', "::");
            if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_owned();
            }
            if name == "lib" || name == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source file");
            let code = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            found.insert(name, code);
        }
    }
    found
}

/// Which modules each module's code names as `crate::…`, each resolved to the longest module
/// path it starts with; a module's own ancestors and descendants do not count.
fn imports(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let related = |a: &str, b: &str| {
        a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
    };
    modules
        .iter()
        .map(|(module, code)| {
            let named = code
                .split("crate::")
                .skip(1)
                .filter_map(|rest| {
                    let path: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    let parts: Vec<&str> = path.split("::").collect();
                    (1..=parts.len())
                        .rev()
                        .map(|n| parts[..n].join("::"))
                        .find(|candidate| modules.contains_key(candidate))
                })
                .filter(|other| !related(module, other))
                .collect();
            (module.clone(), named)
        })
        .collect()
}

/// Pairs of modules that import each other.
fn cycles(source: &Path) -> BTreeSet<(String, String)> {
    let imports = imports(&modules(source));
    let mut cycles = BTreeSet::new();
    for (module, named) in &imports {
        for other in named {
            if imports.get(other).is_some_and(|back| back.contains(module)) {
                let pair = if module < other {
                    (module.clone(), other.clone())
                } else {
                    (other.clone(), module.clone())
                };
                cycles.insert(pair);
            }
        }
    }
    cycles
}

fn crate_source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn the_scan_sees_modules_and_their_imports() {
    let server = imports(&modules(&crate_source("server")));
    assert!(server["sync::space"].contains("record"), "{server:?}");
    assert!(server["auth"].contains("database"));
    let app = imports(&modules(&crate_source("app")));
    assert!(app["components::signature_pad"].contains("hardware::pad"));
}

#[test]
fn no_server_module_imports_one_that_imports_it_back() {
    assert_eq!(cycles(&crate_source("server")), BTreeSet::new());
}

#[test]
fn no_app_module_imports_one_that_imports_it_back() {
    assert_eq!(cycles(&crate_source("app")), BTreeSet::new());
}
