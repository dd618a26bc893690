//! The server as the browser meets it: the router over a real SQLite database and a built app
//! directory, and the binary started, asked and stopped like an operator would.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use server::{AppState, database, router};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const INDEX: &str = "<!doctype html><title>Bürgerkoffer</title>";
const RATHAUS_INDEX: &str = "<!doctype html><title>Bürgerkoffer · Rathaus</title>";

/// A dist directory shaped like Trunk's output after scripts/precache_shell.py.
pub(crate) fn built_app(dir: &Path) {
    let files: &[(&str, &[u8])] = &[
        ("index.html", INDEX.as_bytes()),
        (
            "app-3f2a9c0d1e4b5a6f.js",
            b"export default function init() {}",
        ),
        ("app-3f2a9c0d1e4b5a6f_bg.wasm", b"\0asm\x01\0\0\0"),
        // The compressed copies the build writes (their bytes stand in for real ones).
        ("app-3f2a9c0d1e4b5a6f_bg.wasm.br", b"brotli of the wasm"),
        ("app-3f2a9c0d1e4b5a6f_bg.wasm.gz", b"gzip of the wasm"),
        ("index.html.br", b"brotli of the page"),
        ("style-0a1b2c3d4e5f6071.css", b"body{}"),
        ("sw.js", b"self.addEventListener('fetch', () => {});"),
        (
            "manifest.webmanifest",
            b"{\"name\":\"B\xc3\xbcrgerkoffer\"}",
        ),
        ("icons/icon-192.png", b"\x89PNG\r\n\x1a\n"),
        ("rathaus/index.html", RATHAUS_INDEX.as_bytes()),
        (
            "rathaus/rathaus-0a1b2c3d4e5f6071_bg.wasm",
            b"\0asm\x01\0\0\0",
        ),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}

struct TestApp {
    app: axum::Router,
    state: AppState,
    db: database::Db,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

impl TestApp {
    async fn init() -> Self {
        let dist = tempfile::tempdir().expect("dist dir");
        let data = tempfile::tempdir().expect("data dir");
        built_app(dist.path());
        let db = database::open_for_test(data.path()).await;
        let key = server::sealing::load_or_create(data.path()).expect("sealing key");
        let state = AppState::new(db.clone(), key);
        let app = router(state.clone(), dist.path().to_path_buf());
        Self {
            app,
            state,
            db,
            _dirs: (dist, data),
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        self.get_accepting(path, "identity").await
    }

    async fn get_accepting(
        &self,
        path: &str,
        encodings: &str,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let request = Request::get(path)
            .header(header::ACCEPT_ENCODING, encodings)
            .body(Body::empty())
            .expect("request");
        let response = self.app.clone().oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes().to_vec();
        (parts.status, parts.headers, bytes)
    }
}

fn header(headers: &axum::http::HeaderMap, name: impl header::AsHeaderName) -> &str {
    headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header"))
        .unwrap_or_default()
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_cached_forever() {
    let app = TestApp::init().await;
    let (status, headers, body) = app.get("/app-3f2a9c0d1e4b5a6f_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&headers, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body, b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn the_shell_goes_out_compressed_as_the_browser_accepts_and_so_do_large_api_answers() {
    let app = TestApp::init().await;
    let wasm = "/app-3f2a9c0d1e4b5a6f_bg.wasm";
    for (accepted, encoding, body) in [
        ("br, gzip", "br", &b"brotli of the wasm"[..]),
        ("gzip", "gzip", b"gzip of the wasm"),
        ("identity", "", b"\0asm\x01\0\0\0"),
    ] {
        let (status, headers, bytes) = app.get_accepting(wasm, accepted).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            header(&headers, header::CONTENT_ENCODING),
            encoding,
            "{accepted}"
        );
        assert_eq!(bytes, body, "{accepted}");
        assert_eq!(header(&headers, header::CONTENT_TYPE), "application/wasm");
        assert!(header(&headers, header::VARY).contains("accept-encoding"));
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
    }
    // A deep link is answered with the page, compressed too.
    let (_, headers, bytes) = app.get_accepting("/faelle/42", "br").await;
    assert_eq!(header(&headers, header::CONTENT_ENCODING), "br");
    assert_eq!(bytes, b"brotli of the page");

    // The API description is large: compressed; the health answer is small: as it is.
    let (status, headers, bytes) = app.get_accepting("/api/openapi.json", "gzip").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CONTENT_ENCODING), "gzip");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut json)
        .expect("gzip");
    assert!(json.contains("\"openapi\""));
    let (_, headers, _) = app.get_accepting("/api/health", "gzip").await;
    assert_eq!(header(&headers, header::CONTENT_ENCODING), "");
}

#[tokio::test]
async fn shell_entry_points_are_revalidated_on_every_load() {
    let app = TestApp::init().await;
    for (path, content_type) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        ("/sw.js", "text/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
    ] {
        let (status, headers, _) = app.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            header(&headers, header::CONTENT_TYPE).starts_with(content_type),
            "{path}: {}",
            header(&headers, header::CONTENT_TYPE)
        );
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            "no-cache",
            "{path}"
        );
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_policy() {
    let app = TestApp::init().await;
    for path in ["/", "/api/health", "/nope.js", "/api/nope"] {
        let (_, headers, _) = app.get(path).await;
        let csp = header(&headers, header::CONTENT_SECURITY_POLICY);
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(header(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(header(&headers, header::REFERRER_POLICY), "no-referrer");
        let permissions = header(&headers, "permissions-policy");
        for feature in ["usb=(self)", "hid=(self)", "serial=(self)"] {
            assert!(permissions.contains(feature), "{path}: {permissions}");
        }
    }
}

#[tokio::test]
async fn a_deep_link_gets_the_app_shell_but_a_missing_asset_is_404() {
    let app = TestApp::init().await;
    let (status, headers, body) = app.get("/faelle/42").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CACHE_CONTROL), "no-cache");
    assert_eq!(body, INDEX.as_bytes());

    let (status, _, body) = app.get("/app-0000000000000000.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.is_empty());
}

#[tokio::test]
async fn the_town_halls_app_is_served_under_its_own_path_with_the_same_headers() {
    let app = TestApp::init().await;
    for path in ["/rathaus/", "/rathaus/faelle/42"] {
        let (status, headers, body) = app.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            body,
            RATHAUS_INDEX.as_bytes(),
            "{path}: the Rathaus app, not the Koffer"
        );
        assert_eq!(header(&headers, header::CACHE_CONTROL), "no-cache");
        assert!(
            headers.contains_key(header::CONTENT_SECURITY_POLICY),
            "{path}"
        );
    }
    let (status, headers, _) = app.get("/rathaus/rathaus-0a1b2c3d4e5f6071_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&headers, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn health_says_alive_and_ready_apart_with_version_and_database() {
    let app = TestApp::init().await;
    let (status, headers, body) = app.get("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CACHE_CONTROL), "no-store");
    let report: domain::wire::HealthReport = serde_json::from_slice(&body).expect("json");
    assert_eq!(report.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(report.database, domain::wire::HealthStatus::Ok);
    for path in ["/api/health/live", "/api/health/ready"] {
        assert_eq!(app.get(path).await.0, StatusCode::OK, "{path}");
    }

    // Without its database the server is alive but not ready.
    app.db.close().await;
    assert_eq!(app.get("/api/health/live").await.0, StatusCode::OK);
    for path in ["/api/health/ready", "/api/health"] {
        let (status, _, body) = app.get(path).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        let report: domain::wire::HealthReport = serde_json::from_slice(&body).expect("json");
        assert_eq!(report.database, domain::wire::HealthStatus::Failing);
    }
}

#[tokio::test]
async fn metrics_count_requests_per_declared_route_and_read_the_database_at_each_scrape() {
    let app = TestApp::init().await;
    for path in [
        "/api/health",
        "/api/health",
        "/api/nope/42",
        "/api/cases/123/abc",
    ] {
        app.get(path).await;
    }
    let scrape = Request::get("/metrics")
        .body(Body::empty())
        .expect("request");
    let response = server::metrics::router(app.state.clone())
        .oneshot(scrape)
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        header(response.headers(), header::CONTENT_TYPE)
            .starts_with("application/openmetrics-text")
    );
    let text = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec(),
    )
    .expect("utf-8");
    for line in [
        r#"buergerkoffer_requests_total{method="GET",route="/api/health",status="200"} 2"#,
        // Unknown paths and the parameters of a route make no series of their own.
        r#"buergerkoffer_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"buergerkoffer_requests_total{method="GET",route="/api/cases/{municipality}/{id}",status="401"} 1"#,
        "buergerkoffer_devices_active 0",
        "buergerkoffer_password_checks_free 4",
    ] {
        assert!(text.contains(line), "{line} missing in:\n{text}");
    }
    assert!(
        text.contains("buergerkoffer_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(
        text.contains("buergerkoffer_database_connections "),
        "{text}"
    );
    assert!(!text.contains("/api/nope/42"), "{text}");
}

#[tokio::test]
async fn unknown_api_path_is_a_json_404_not_the_app() {
    let app = TestApp::init().await;
    let (status, headers, body) = app.get("/api/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(header(&headers, header::CACHE_CONTROL), "no-store");
    let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(json["error"], "not_found");
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

pub(crate) fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

#[test]
fn binary_serves_from_flags_and_stops_cleanly_on_sigterm() {
    let dist = tempfile::tempdir().expect("dist dir");
    let data = tempfile::tempdir().expect("data dir");
    built_app(dist.path());
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"))
        .arg("serve")
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--dist-dir")
        .arg(dist.path())
        .env("BUERGERKOFFER_DATA_DIR", data.path())
        .env("BUERGERKOFFER_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");

    let deadline = Instant::now() + Duration::from_secs(20);
    let answer = loop {
        match http_get(port, "/api/health") {
            Ok(answer) => break answer,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(error) => {
                let _ = child.kill();
                panic!("server did not answer: {error}");
            }
        }
    };
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""database":"ok""#), "{answer}");

    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
    let output = child.wait_with_output().expect("wait");
    let logs = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "exit: {:?}\n{logs}", output.status);
    assert!(logs.contains("SIGTERM received"), "{logs}");
    assert!(
        logs.lines().all(|line| line.starts_with('{')),
        "JSON log lines only:\n{logs}"
    );
    assert!(data.path().join(database::FILE_NAME).is_file());
}

#[test]
fn binary_refuses_to_start_without_a_built_app() {
    let empty = tempfile::tempdir().expect("dir");
    let output = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"))
        .args(["serve", "--listen", "127.0.0.1:0", "--dist-dir"])
        .arg(empty.path())
        .arg("--data-dir")
        .arg(empty.path().join("data"))
        .output()
        .expect("run");
    assert!(!output.status.success());
    let logs = String::from_utf8_lossy(&output.stdout);
    assert!(logs.contains("no built app"), "{logs}");
    assert!(!empty.path().join("data").exists(), "nothing created");
}
