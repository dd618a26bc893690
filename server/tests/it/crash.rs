//! The server process is killed (SIGKILL) while a large push is under way, restarted on the same
//! data, and the client simply retries: in the end every case is there exactly once.

use domain::cases::Case;
use domain::sync::wire::{Change, Mutation, Outcome, PullResponse, PushResponse};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SCHOENBERG, captured_case, device_key_hex, push_body};
const BATCH: u64 = 1000;
const BATCHES: u64 = 3;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Starts the binary on `data` (SQLite), or on `database_url` (PostgreSQL) when given.
pub(crate) fn start(port: u16, data: &Path, database_url: Option<&str>, dist: &Path) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"));
    if let Some(url) = database_url {
        command.env("BUERGERKOFFER_DATABASE_URL", url);
    }
    let child = command
        .args([
            "serve",
            "--demo",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--dist-dir",
        ])
        .arg(dist)
        .env("BUERGERKOFFER_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server");
    let deadline = Instant::now() + Duration::from_secs(30);
    while request(port, "GET", "/api/health", None, None).is_err() {
        assert!(Instant::now() < deadline, "server did not come up");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// One HTTP/1.1 exchange on a fresh connection: (status, JSON body).
pub(crate) fn request(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or(std::io::ErrorKind::InvalidData)?;
    let json = text.split_once("\r\n\r\n").map_or(Value::Null, |(_, b)| {
        serde_json::from_str(b).unwrap_or(Value::Null)
    });
    Ok((status, json))
}

fn case(n: u64) -> Case {
    // Names hold no digits (the server checks them as the app does): n in letters.
    let letters: String = (0..3)
        .map(|place| char::from(b'a' + (n / 26u64.pow(place) % 26) as u8))
        .collect();
    captured_case(
        &format!("case-{n:05}"),
        SCHOENBERG,
        &format!("Müller-{letters}"),
    )
}

fn batch_body(client_id: &str, batch: u64) -> Value {
    let mutations = (batch * BATCH + 1..=(batch + 1) * BATCH)
        .map(|id| Mutation {
            id,
            base_version: 0,
            change: Change::PutCase {
                case: Box::new(case(id)),
                changed: Vec::new(),
            },
        })
        .collect();
    push_body(client_id, mutations)
}

#[test]
fn a_push_killed_midway_is_retried_and_every_case_lands_exactly_once() {
    let data = tempfile::tempdir().expect("data dir");
    let dist = tempfile::tempdir().expect("dist dir");
    let database_url = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(server::database::fresh_test_url());
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
    let port = free_port();
    let mut server = start(port, data.path(), database_url.as_deref(), dist.path());

    let sign_in = json!({ "username": "m.schreiber", "password": server::demo::DEMO_PASSWORD,
        "device_label": "Koffer 1", "device_key": device_key_hex() });
    let (status, session) =
        request(port, "POST", "/api/sessions", None, Some(&sign_in)).expect("sign in");
    assert_eq!(status, 200, "{session}");
    let token = session["token"].as_str().expect("token").to_owned();
    let client_id = session["device_id"].as_str().expect("device").to_owned();

    // The first batch goes through; the second is cut off by SIGKILL while the server works on it.
    let (status, _) = request(
        port,
        "POST",
        "/api/sync/push",
        Some(&token),
        Some(&batch_body(&client_id, 0)),
    )
    .expect("push 1");
    assert_eq!(status, 200);
    let second = batch_body(&client_id, 1);
    let pushing = {
        let (token, second) = (token.clone(), second.clone());
        std::thread::spawn(move || {
            request(port, "POST", "/api/sync/push", Some(&token), Some(&second))
        })
    };
    std::thread::sleep(Duration::from_millis(30));
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    let cut_off = pushing.join().expect("thread");
    assert!(
        !matches!(cut_off, Ok((200, _))),
        "the kill came before the answer: {cut_off:?}"
    );

    // Restarted on the same data; the client retries what it has no answer for, then goes on.
    let port = free_port();
    let mut server = start(port, data.path(), database_url.as_deref(), dist.path());
    for batch in [second, batch_body(&client_id, 2)] {
        let (status, answer) =
            request(port, "POST", "/api/sync/push", Some(&token), Some(&batch)).expect("retry");
        assert_eq!(status, 200, "{answer}");
        let answer: PushResponse = serde_json::from_value(answer).expect("push response");
        let refused = answer
            .results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Gap { .. } | Outcome::Rejected { .. }));
        let refused: Vec<_> = refused.collect();
        assert!(refused.is_empty(), "{:?}", refused.first());
    }

    let mut seen = std::collections::BTreeMap::new();
    let mut cookie = 0;
    loop {
        let path = format!("/api/sync/pull?municipality={SCHOENBERG}&cookie={cookie}&limit=1000");
        let (status, page) = request(port, "GET", &path, Some(&token), None).expect("pull");
        assert_eq!(status, 200, "{page}");
        let page: PullResponse = serde_json::from_value(page).expect("pull response");
        for change in page.changes {
            *seen.entry(change.id).or_insert(0) += 1;
        }
        cookie = page.cookie;
        if !page.more {
            assert_eq!(page.last_mutation_id, BATCHES * BATCH);
            break;
        }
    }
    assert_eq!(seen.len() as u64, BATCHES * BATCH, "every case is there");
    assert!(seen.values().all(|&n| n == 1), "each exactly once");
    server.kill().expect("stop");
    server.wait().expect("reaped");
}
