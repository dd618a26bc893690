//! The operator's admin commands, run as the binary: clear errors, nothing changed on bad input.

use std::path::Path;
use std::process::{Command, Output};

/// Where one test's commands keep their data: SQLite in a temporary directory, or a fresh
/// PostgreSQL database when the tests run against PostgreSQL.
struct Store {
    dir: tempfile::TempDir,
    database_url: Option<String>,
}

impl Store {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("dir"),
            database_url: tokio::runtime::Runtime::new()
                .expect("runtime")
                .block_on(server::database::fresh_test_url()),
        }
    }
}

fn koffer(store: &Store, args: &[&str], password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"));
    command.args(args).arg("--data-dir").arg(store.dir.path());
    if let Some(url) = &store.database_url {
        command.env("BUERGERKOFFER_DATABASE_URL", url);
    }
    if let Some(password) = password {
        command.env("BUERGERKOFFER_NEW_PASSWORD", password);
    }
    command.output().expect("run buergerkoffer")
}

fn all_output(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn an_operator_sets_up_two_municipalities_a_delegation_and_a_clerk() {
    let dir = Store::new();
    let data = &dir;
    for (key, name) in [("145245118180", "Meerane"), ("145245118250", "Schönberg")] {
        let output = koffer(
            data,
            &["municipality", "add", "--regional-key", key, "--name", name],
            None,
        );
        assert!(output.status.success(), "{}", all_output(&output));
    }
    let output = koffer(
        data,
        &[
            "delegation",
            "add",
            "--serving",
            "145245118180",
            "--served",
            "145245118250",
        ],
        None,
    );
    assert!(output.status.success(), "{}", all_output(&output));
    let output = koffer(
        data,
        &[
            "user",
            "add",
            "--municipality",
            "145245118180",
            "--username",
            "k.berger",
            "--name",
            "Karin Berger",
            "--role",
            "clerk",
        ],
        Some("ein-langes-Passwort"),
    );
    assert!(output.status.success(), "{}", all_output(&output));
    assert!(all_output(&output).contains("Karin Berger (k.berger) angelegt."));

    let duplicate = koffer(
        data,
        &[
            "user",
            "add",
            "--municipality",
            "145245118180",
            "--username",
            "K.Berger",
            "--name",
            "Noch eine",
            "--role",
            "admin",
        ],
        Some("ein-langes-Passwort"),
    );
    assert!(!duplicate.status.success());
    assert!(
        all_output(&duplicate).contains("Den Benutzernamen k.berger gibt es schon."),
        "{}",
        all_output(&duplicate)
    );
}

#[test]
fn bad_input_is_refused_with_a_reason_and_changes_nothing() {
    let dir = Store::new();
    let data = &dir;
    let cases: [(&[&str], Option<&str>, &str); 4] = [
        (
            &[
                "municipality",
                "add",
                "--regional-key",
                "1452",
                "--name",
                "Kurz",
            ],
            None,
            "12 Ziffern",
        ),
        (
            &[
                "municipality",
                "add",
                "--regional-key",
                "145245118180",
                "--name",
                "  ",
            ],
            None,
            "Name der Gemeinde fehlt",
        ),
        (
            &[
                "user",
                "add",
                "--municipality",
                "145245118180",
                "--username",
                "x",
                "--name",
                "X",
                "--role",
                "clerk",
            ],
            Some("ein-langes-Passwort"),
            "Die Gemeinde 145245118180 gibt es nicht.",
        ),
        (
            &["device", "revoke", "abc"],
            None,
            "Ein Gerät abc gibt es nicht.",
        ),
    ];
    for (args, password, reason) in cases {
        let output = koffer(data, args, password);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            all_output(&output).contains(reason),
            "{args:?}: {}",
            all_output(&output)
        );
    }
    let output = koffer(data, &["device", "list"], None);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "",
        "no devices were created"
    );

    let short_password = koffer(
        data,
        &[
            "municipality",
            "add",
            "--regional-key",
            "145245118180",
            "--name",
            "Meerane",
        ],
        None,
    );
    assert!(short_password.status.success());
    let output = koffer(
        data,
        &[
            "user",
            "add",
            "--municipality",
            "145245118180",
            "--username",
            "kurz",
            "--name",
            "Kurz",
            "--role",
            "clerk",
        ],
        Some("kurz"),
    );
    assert!(
        all_output(&output).contains("mindestens 12 Zeichen"),
        "{}",
        all_output(&output)
    );
}

#[test]
fn demo_data_goes_only_into_an_empty_database() {
    let dir = Store::new();
    let output = koffer(&dir, &["demo"], None);
    assert!(output.status.success(), "{}", all_output(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Koffer-Demo-2026"), "{text}");
    assert!(
        text.contains("m.schreiber") && text.contains("Meerane"),
        "{text}"
    );
    assert!(
        text.contains("s.vogel") && text.contains("Schönberg"),
        "{text}"
    );
    let again = koffer(&dir, &["demo"], None);
    assert!(again.status.success(), "{}", all_output(&again));
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(text.contains("nicht leer"), "{text}");
    assert!(!text.contains("Koffer-Demo-2026"), "{text}");

    // A real database: the operator's own municipality, and no demo account gets in.
    let real = Store::new();
    let add = [
        "municipality",
        "add",
        "--regional-key",
        "146120000000",
        "--name",
        "Dresden",
    ];
    assert!(koffer(&real, &add, None).status.success());
    let refused = koffer(&real, &["demo"], None);
    assert!(refused.status.success(), "{}", all_output(&refused));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("nicht leer"));
}

#[test]
fn an_operator_replaces_a_catalogue_and_a_faulty_one_changes_nothing() {
    let dir = Store::new();
    let data = &dir;
    let key = "145245118180";
    let add = [
        "municipality",
        "add",
        "--regional-key",
        key,
        "--name",
        "Meerane",
        "--place",
        "Meerane, Rathaus",
    ];
    assert!(koffer(data, &add, None).status.success());

    let catalogue = dir.dir.path().join("catalogue.json");
    let import = |file: &Path| {
        koffer(
            data,
            &[
                "catalogue",
                "import",
                "--regional-key",
                key,
                "--file",
                file.to_str().expect("utf-8"),
            ],
            None,
        )
    };
    std::fs::write(
        &catalogue,
        server::database::catalogues::STANDARD.replacen(
            "\"id\": \"ummeldung\"",
            "\"id\": \"anmeldung\"",
            1,
        ),
    )
    .expect("write");
    let output = import(&catalogue);
    assert!(!output.status.success());
    assert!(
        all_output(&output).contains("anmeldung repeats"),
        "{}",
        all_output(&output)
    );

    std::fs::write(&catalogue, server::database::catalogues::STANDARD).expect("write");
    let output = import(&catalogue);
    assert!(output.status.success(), "{}", all_output(&output));
    assert!(
        all_output(&output).contains("Version 2"),
        "the faulty import did not count: {}",
        all_output(&output)
    );
}

#[test]
fn a_backup_taken_while_the_server_runs_is_checked_and_restored_only_while_it_is_stopped() {
    let store = Store::new();
    let output = koffer(&store, &["demo"], None);
    assert!(output.status.success(), "{}", all_output(&output));
    let backups = tempfile::tempdir().expect("backups");
    let file = backups.path().join("nacht.sqlite3");
    let file_arg = file.to_str().expect("utf-8 path");
    if store.database_url.is_some() {
        // PostgreSQL keeps its own tools; the command says so and writes nothing.
        let output = koffer(&store, &["backup", "--to", file_arg], None);
        assert!(!output.status.success());
        assert!(
            all_output(&output).contains("pg_dump"),
            "{}",
            all_output(&output)
        );
        assert!(!file.exists());
        return;
    }

    // The server runs while the backup is taken.
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
    let mut server = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"))
        .args(["serve", "--listen", "127.0.0.1:0", "--dist-dir"])
        .arg(dist.path())
        .arg("--data-dir")
        .arg(store.dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let lock = store.dir.path().join("buergerkoffer.lock");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !lock.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let output = koffer(&store, &["backup", "--to", file_arg], None);
    assert!(output.status.success(), "{}", all_output(&output));
    assert!(
        all_output(&output).contains("Gemeinden"),
        "{}",
        all_output(&output)
    );
    assert!(
        backups
            .path()
            .join("nacht.sqlite3.record-sealing-key")
            .is_file()
    );
    // It overwrites nothing.
    let again = koffer(&store, &["backup", "--to", file_arg], None);
    assert!(!again.status.success());
    assert!(
        all_output(&again).contains("gibt es schon"),
        "{}",
        all_output(&again)
    );

    // Later that day a municipality is added; a restore while the server runs is refused.
    let add_neudorf = || {
        let args = [
            "municipality",
            "add",
            "--regional-key",
            "145245118999",
            "--name",
            "Neudorf",
        ];
        koffer(&store, &args, None)
    };
    let added = add_neudorf();
    assert!(added.status.success(), "{}", all_output(&added));
    let refused = koffer(&store, &["restore", "--from", file_arg], None);
    assert!(!refused.status.success());
    assert!(
        all_output(&refused).contains("Server stoppen"),
        "{}",
        all_output(&refused)
    );
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    server.wait().expect("server stops");

    // What is not a backup is refused and changes nothing.
    let bogus = backups.path().join("kaputt.sqlite3");
    std::fs::write(&bogus, "keine Datenbank").expect("write");
    std::fs::copy(
        backups.path().join("nacht.sqlite3.record-sealing-key"),
        backups.path().join("kaputt.sqlite3.record-sealing-key"),
    )
    .expect("key");
    let output = koffer(
        &store,
        &["restore", "--from", bogus.to_str().expect("path")],
        None,
    );
    assert!(!output.status.success());
    assert!(
        all_output(&output).contains("keine brauchbare Sicherung"),
        "{}",
        all_output(&output)
    );
    let listed = add_neudorf();
    assert!(!listed.status.success(), "Neudorf is still there");

    // The backup comes back: Neudorf is gone, the demo is there, the replaced files are kept.
    let output = koffer(&store, &["restore", "--from", file_arg], None);
    assert!(output.status.success(), "{}", all_output(&output));
    let readded = add_neudorf();
    assert!(
        readded.status.success(),
        "Neudorf was added after the backup: {}",
        all_output(&readded)
    );
    let kept = std::fs::read_dir(store.dir.path())
        .expect("data dir")
        .filter_map(Result::ok)
        .any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("vor-wiederherstellung-")
        });
    assert!(kept, "the replaced database is kept");
    let verify = koffer(&store, &["user", "list"], None);
    assert!(
        all_output(&verify).contains("m.schreiber"),
        "{}",
        all_output(&verify)
    );
}
