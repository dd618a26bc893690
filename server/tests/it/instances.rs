//! Several instances of the server on one PostgreSQL, as an operator runs them behind a load
//! balancer: a client that alternates between them meets one server. Failed sign-ins count the
//! same on both, and a session from one is good on the other.

use crate::crash::{request, start};
use crate::serve::{built_app, free_port};
use serde_json::json;

#[test]
fn two_instances_on_one_database_count_failed_sign_ins_together_and_share_sessions() {
    let Some(url) = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(server::database::fresh_test_url())
    else {
        // SQLite is one instance's own file (the data directory is locked while it serves).
        return;
    };
    let dist = tempfile::tempdir().expect("dist");
    let data = tempfile::tempdir().expect("data");
    built_app(dist.path());
    let ports = [free_port(), free_port()];
    let mut servers: Vec<_> = ports
        .iter()
        .map(|port| start(*port, data.path(), Some(&url), dist.path()))
        .collect();

    let sign_in = |port: u16, username: &str, password: &str| {
        let body = json!({ "username": username, "password": password, "device_label": "Prüfung" });
        request(port, "POST", "/api/sessions", None, Some(&body)).expect("sign-in answered")
    };
    // Five wrong passwords, alternating between the instances, are free; the sixth, on either,
    // must wait: each instance counted the other's failures.
    for attempt in 0..5 {
        let (status, body) = sign_in(ports[attempt % 2], "s.vogel", "falsch geraten");
        assert_eq!(status, 401, "attempt {attempt}: {body}");
    }
    for port in ports {
        let (status, body) = sign_in(port, "s.vogel", "Koffer-Demo-2026");
        assert_eq!(status, 429, "{body}");
        assert_eq!(body["error"], "too_many_attempts");
    }

    // Signed in on one, served by the other.
    let (status, session) = sign_in(ports[0], "m.schreiber", "Koffer-Demo-2026");
    assert_eq!(status, 200, "{session}");
    let token = session["token"].as_str().expect("token");
    let (status, catalogues) =
        request(ports[1], "GET", "/api/catalogues", Some(token), None).expect("answered");
    assert_eq!(status, 200, "{catalogues}");
    let (status, _) = request(
        ports[1],
        "DELETE",
        "/api/sessions/current",
        Some(token),
        None,
    )
    .expect("answered");
    assert!(status < 300);
    let (status, _) =
        request(ports[0], "GET", "/api/catalogues", Some(token), None).expect("answered");
    assert_eq!(status, 401, "signed out on one, signed out on both");

    for server in &mut servers {
        let _ = server.kill();
        let _ = server.wait();
    }
}
