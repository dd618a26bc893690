//! The server's layout, checked by machine: no module imports one that imports it back, so each
//! can be read, changed and tested with only what lies below it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Cycles the house still has, each with what will break it. The test fails on any other, and on
/// one of these once it is gone (so the list only shrinks). None left.
const KNOWN_CYCLES: [(&str, &str); 0] = [];

/// For each top-level module of `server/src`, the other top-level modules its code names as
/// `crate::…` (in `use` lines or paths), its submodules included.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut pending = vec![source.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(&source).expect("below src");
            let top = relative
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|name| name.trim_end_matches(".rs").to_owned())
                .expect("a name");
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source file");
            // Code only: a comment naming another module imports nothing.
            let code = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            texts.entry(top).or_default().push_str(&code);
        }
    }
    let modules: BTreeSet<String> = texts.keys().cloned().collect();
    texts
        .iter()
        .map(|(module, text)| {
            let named = text
                .split("crate::")
                .skip(1)
                .filter_map(|rest| {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    (name != *module && modules.contains(&name)).then_some(name)
                })
                .collect();
            (module.clone(), named)
        })
        .collect()
}

#[test]
fn no_server_module_imports_one_that_imports_it_back() {
    let imports = imports();
    assert!(
        imports["sync"].contains("auth") && imports["auth"].contains("database"),
        "the scan sees the imports: {imports:?}"
    );
    let mut cycles = BTreeSet::new();
    for (module, named) in &imports {
        for other in named {
            if imports[other].contains(module) {
                let pair = if module < other {
                    (module.clone(), other.clone())
                } else {
                    (other.clone(), module.clone())
                };
                cycles.insert(pair);
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN_CYCLES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        cycles, known,
        "modules importing each other (left) against the known ones (right)"
    );
}
