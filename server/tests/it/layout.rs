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
    assert!(
        server["sync::space"].contains("database::record"),
        "{server:?}"
    );
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
    for crate_name in ["app", "ui", "rathaus", "terminal"] {
        assert_eq!(
            cycles(&crate_source(crate_name)),
            BTreeSet::new(),
            "{crate_name}"
        );
    }
}

/// Every `.rs` file below `source` with its code before its tests (tests sit at the end of a
/// file, under `#[cfg(test)]`).
fn code_before_tests(source: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![source.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                found.push((path, code.to_owned()));
            }
        }
    }
    found.sort();
    found
}

/// The text of every string literal in `code` ("…", r"…", r#"…"#; byte strings are bytes,
/// not text), with its line; comments and char literals are skipped.
fn string_literals(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
        }
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '\'' {
            // A char literal ('"', '\'', 'x'); otherwise a lifetime.
            if at(i + 1) == '\\' {
                i += 4;
                while i < chars.len() && chars[i - 1] != '\'' {
                    i += 1;
                }
                continue;
            }
            if at(i + 2) == '\'' {
                i += 3;
                continue;
            }
            i += 1;
            continue;
        }
        let word_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let byte_string = (c == 'b' && (at(i + 1) == '"' || at(i + 1) == 'r')) && !word_before;
        let raw = (c == 'r' && (at(i + 1) == '"' || at(i + 1) == '#')) && !word_before;
        if byte_string || raw || c == '"' {
            let mut j = i;
            if byte_string {
                j += 1;
            }
            let is_raw = chars.get(j) == Some(&'r');
            if is_raw {
                j += 1;
            }
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            if at(j) != '"' {
                i += 1;
                continue;
            }
            j += 1;
            let start = j;
            let start_line = line;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '\n' {
                    line += 1;
                }
                if !is_raw && chars[j] == '\\' {
                    j += 2;
                    continue;
                }
                if chars[j] == '"' && (0..hashes).all(|k| at(j + 1 + k) == '#') {
                    break;
                }
                j += 1;
            }
            if !byte_string {
                found.push((
                    start_line,
                    chars[start..j.min(chars.len())].iter().collect(),
                ));
            }
            i = j + 1 + hashes;
            continue;
        }
        i += 1;
    }
    found
}

/// Words that mark a literal as German text meant for a person.
#[rustfmt::skip]
const GERMAN_WORDS: &[&str] = &[
    "der", "die", "das", "und", "oder", "nicht", "ist", "sind", "mit", "für", "bitte", "ein",
    "eine", "zu", "auf", "dem", "den", "des", "im", "noch", "kein", "keine", "wird", "werden",
    "karte", "beleg", "rechnung", "folgt", "gebühr", "bezahlt", "vorgang", "vielen", "dank",
    "gemeinde", "testdruck", "fehler", "gerät", "fall", "fälle", "bericht",
];

/// Literals with German text in `code`: a non-ASCII letter, or a German word.
fn german_literals(code: &str) -> Vec<(usize, String)> {
    string_literals(code)
        .into_iter()
        .filter(|(_, text)| {
            text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
                || text
                    .split(|c: char| !c.is_alphabetic())
                    .any(|word| GERMAN_WORDS.contains(&word.to_lowercase().as_str()))
        })
        .collect()
}

#[test]
fn the_scan_finds_text_in_literals_and_only_there() {
    let code = r##"
        // "Bitte nicht" in a comment
        let c = '"'; let q = '\''; fn f<'a>(x: &'a str) {}
        let text = "Bitte warten";
        let raw = r#"Gebühr "bar""#;
        let bytes = b"Vielen Dank";
        let plain = "application/json";
    "##;
    assert_eq!(
        german_literals(code),
        [
            (4, "Bitte warten".to_owned()),
            (5, "Gebühr \"bar\"".to_owned())
        ]
    );
}

/// Every word the clerk or citizen reads — on screen or on a printed receipt — comes from an
/// app's `messages` (or, for words both apps show, `ui`'s `texts`), so wording stays consistent
/// and a translation is one place.
#[test]
fn no_german_text_outside_the_apps_messages() {
    let mut found = Vec::new();
    for crate_name in ["app", "devices", "ui", "rathaus", "terminal"] {
        for (path, code) in code_before_tests(&crate_source(crate_name)) {
            let in_messages = path.components().any(|part| {
                part.as_os_str()
                    .to_str()
                    .is_some_and(|p| p.starts_with("messages") || p == "texts.rs")
            });
            if in_messages {
                continue;
            }
            for (line, text) in german_literals(&code) {
                found.push(format!("{}:{line}: {text:?}", path.display()));
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
}

/// Every field a clerk types into says what the browser may remember (`off` for citizens'
/// data, the credential kinds at sign-in), so nothing typed lands in the browser's form history.
#[test]
fn every_text_field_of_the_app_says_what_the_browser_may_remember() {
    let mut found = Vec::new();
    let sources = ["app", "ui", "rathaus", "terminal"].map(crate_source);
    for (path, code) in sources.iter().flat_map(|source| code_before_tests(source)) {
        let code: String = code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for opening in ["<input", "<textarea"] {
            for (at, _) in code.match_indices(opening) {
                let rest = &code[at..];
                // The tag ends at the first `>` that is not part of `=>` or `->`.
                let end = rest
                    .char_indices()
                    .find(|&(i, c)| {
                        c == '>' && !matches!(rest[..i].chars().last(), Some('=' | '-'))
                    })
                    .map_or(rest.len(), |(i, _)| i);
                let tag = &rest[..end];
                let not_typed = ["checkbox", "radio", "file", "hidden"]
                    .iter()
                    .any(|kind| tag.contains(&format!("type=\"{kind}\"")));
                if !not_typed && !tag.contains("autocomplete") {
                    let line = code[..at].lines().count();
                    found.push(format!("{}:{line}: {tag}", path.display()));
                }
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
}

/// The server's SQL lives in its data layer: handlers and the rest reach the database only
/// through `database`.
#[test]
fn no_sql_outside_the_servers_data_layer() {
    let source = crate_source("server");
    let found: Vec<String> = code_before_tests(&source)
        .into_iter()
        .filter(|(path, code)| {
            !path.starts_with(source.join("database")) && code.contains("sqlx::query")
        })
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert_eq!(found, Vec::<String>::new());
}
