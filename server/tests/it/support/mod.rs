//! A test app over a real SQLite database with the demo data, a clock the test moves, and helpers
//! to call the API as a device or a signed-in clerk would.

#![allow(dead_code)] // each test file uses its own subset

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode};
use base64::Engine;
use domain::audit::{SealingKey as DeviceSigningKey, device_key_to_hex, sign_proposals};
use domain::cases::{
    Address, Case, CaseStatus, Citizen, Deployment, Payment, RequestedService, Signature,
    StatusChange,
};
use domain::sync::wire::{Change, Mutation, Outcome, PROTOCOL_VERSION, PushRequest};
use domain::wire::SignInResponse;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server::{AppState, database, demo, router};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tower::ServiceExt;

pub const MEERANE: &str = "145245118180";
pub const SCHOENBERG: &str = "145245118250";
pub const TREUEN: &str = "145235118300";

/// One of the keys above, typed as the data layer takes it.
pub fn key(text: &str) -> domain::municipality::RegionalKey {
    domain::municipality::RegionalKey::parse(text).expect("a valid key")
}
pub const PASSWORD: &str = demo::DEMO_PASSWORD;
pub const START: u64 = 1_800_000_000;

/// A one-pixel PNG, as the signature pad's canvas would give a much larger one.
const SIGNATURE_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The signing key every test laptop makes at enrolment (the app makes its own in WebCrypto).
pub fn device_key() -> DeviceSigningKey {
    DeviceSigningKey::from_slice(&[42; 32]).expect("key")
}

/// Its public half as the app sends it at enrolment.
pub fn device_key_hex() -> String {
    device_key_to_hex(device_key().verifying_key())
}

/// Signs a push body (as JSON, perhaps edited by a test) with `key`, as the app signs what it
/// pushes: over each case as the server reads it. A body that is no push stays unsigned.
pub fn sign_push_with(body: &mut Value, key: &DeviceSigningKey) {
    let Ok(request) = serde_json::from_value::<PushRequest>(body.clone()) else {
        return;
    };
    let proposals: Vec<_> = request
        .mutations
        .iter()
        .map(|mutation| {
            let content = mutation.content_to_hash().expect("json");
            mutation.proposal(content.map(|bytes| sha256_hex(&bytes)))
        })
        .collect();
    body["signature"] = json!(sign_proposals(&request.client_id, &proposals, key));
}

/// A signed push of `mutations` by device `client_id`, as the app sends it.
pub fn push_body(client_id: &str, mutations: Vec<domain::sync::wire::Mutation>) -> Value {
    let mut body = serde_json::to_value(PushRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client_id.into(),
        mutations,
        signature: String::new(),
    })
    .expect("json");
    sign_push_with(&mut body, &device_key());
    body
}

/// A case's history as (step, who), to compare with what a test expects.
pub fn steps(case: &Case) -> Vec<(CaseStatus, &str)> {
    case.history
        .iter()
        .map(|s| (s.status, s.by.as_str()))
        .collect()
}

/// The citizen's signature as the app sends it: strokes, the image and its digest.
pub fn signature() -> Signature {
    let png = base64::engine::general_purpose::STANDARD
        .decode(SIGNATURE_PNG)
        .expect("png");
    Signature {
        strokes: vec![vec![[100, 200, 500], [400, 220, 600]]],
        png: format!("data:image/png;base64,{SIGNATURE_PNG}"),
        sha256: sha256_hex(&png),
    }
}

/// An Anmeldung as the app sends it once finished at the table: Entwurf, then Erfasst a minute
/// later, on 25 November 2026 (before the test clock's start and before the real clock, which
/// a test against the binary uses) at the municipality's first place, every required field
/// filled, signed, nothing to pay.
pub fn captured_case(id: &str, municipality: &str, family_name: &str) -> Case {
    let started_ms = 1_795_600_000_000;
    let place = match municipality {
        MEERANE => "Meerane, Rathaus",
        TREUEN => "Treuen, Rathaus",
        _ => "Schönberg, Gemeindeamt",
    };
    let values = [
        ("moved_in", "01.01.2027"),
        ("new_address.street", "Hauptstraße"),
        ("new_address.house_number", "12a"),
        ("new_address.postcode", "08393"),
        ("new_address.place", "Schönberg"),
        ("dwelling", "alleinige"),
        ("marital_status", "verheiratet"),
        ("nationality", "deutsch"),
        ("others_moving", "nein"),
        ("unterlagen.ausweis", "ja"),
        ("unterlagen.wohnungsgeber", "ja"),
    ];
    let mut case = Case::new(
        id.into(),
        format!("2027-TESTTEST-{id}"),
        Deployment {
            municipality: municipality.into(),
            municipality_name: "Schönberg".into(),
            place: place.into(),
            date: "2026-11-25".into(),
        },
        Citizen {
            id: format!("citizen-{id}"),
            family_name: family_name.into(),
            given_names: "Anna".into(),
            birth_date: "03.05.1948".into(),
            address: Address {
                street: "Hauptstraße".into(),
                house_number: "3".into(),
                postcode: "08393".into(),
                place: "Schönberg".into(),
            },
        },
        started_ms,
        "Maria Schreiber",
    );
    case.services.push(RequestedService {
        service: "anmeldung".into(),
        values: values
            .into_iter()
            .map(|(field, value)| (field.to_owned(), value.to_owned()))
            .collect(),
    });
    case.signature = Some(signature());
    case.payment = Payment::Free;
    case.history.push(StatusChange {
        status: CaseStatus::Captured,
        at_ms: started_ms + 60_000,
        by: "Maria Schreiber".into(),
        reason: None,
    });
    case
}

/// The Python of the test tools from PyPI (aiosmtpd, pypdf), which `scripts/bootstrap.sh test`
/// installs into contract/.venv; `BUERGERKOFFER_TEST_PYTHON` names another.
pub fn test_python() -> std::path::PathBuf {
    let python = std::env::var_os("BUERGERKOFFER_TEST_PYTHON").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../contract/.venv/bin/python"),
        std::path::PathBuf::from,
    );
    assert!(
        python.exists(),
        "{} is missing: `scripts/bootstrap.sh test` installs the test tools there",
        python.display()
    );
    python
}

/// A real JPEG of `width` × `height` pixels, its content varied by `seed`.
pub fn jpeg(width: u16, height: u16, seed: u8) -> Vec<u8> {
    let pixels: Vec<u8> = (0..usize::from(width) * usize::from(height) * 3)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect();
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 80)
        .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
        .expect("encodes");
    bytes
}

pub struct TestApp {
    pub app: axum::Router,
    pub state: AppState,
    pub time: Arc<AtomicU64>,
    pub peer: SocketAddr,
    /// Where the database lives: PostgreSQL's URL, or `None` for SQLite in `data_dir`.
    pub database_url: Option<String>,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl TestApp {
    pub async fn with_demo_data() -> Self {
        let dist = tempfile::tempdir().expect("dist dir");
        std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
        let data = tempfile::tempdir().expect("data dir");
        let database_url = database::fresh_test_url().await;
        let db = match &database_url {
            Some(url) => database::open(database::Location::Url(url)).await,
            None => database::open(database::Location::DataDir(data.path())).await,
        }
        .expect("test database");
        demo::seed(&db, START)
            .await
            .expect("demo data")
            .expect("an empty database");
        let time = Arc::new(AtomicU64::new(START));
        let key = server::sealing::load_or_create(data.path()).expect("sealing key");
        let mut state = AppState::new(db, key);
        let clock_time = time.clone();
        state.clock = Arc::new(move || clock_time.load(Ordering::SeqCst));
        let peer: SocketAddr = "127.0.0.1:40000".parse().expect("addr");
        Self {
            app: router(state.clone(), dist.path().to_path_buf()),
            state,
            time,
            peer,
            database_url,
            _dirs: (dist, data),
        }
    }

    /// Serves on with other booking settings (a mail relay, a public address).
    pub fn set_bookings(&mut self, settings: server::tours::BookingSettings) {
        self.state.bookings = Arc::new(settings);
        self.app = router(self.state.clone(), self._dirs.0.path().to_path_buf());
    }

    /// Serves on submitting over FIT-Connect with `settings` (`None`: off).
    pub fn set_fit_connect(&mut self, settings: Option<server::fitconnect::sender::Settings>) {
        self.state.fit_connect = settings.map(Arc::new);
        self.app = router(self.state.clone(), self._dirs.0.path().to_path_buf());
    }

    /// Serves on with a TURN server for video assistance (`None`: none).
    pub fn set_turn(&mut self, turn: Option<server::assistance::turn::TurnServer>) {
        self.state.turn = turn.map(Arc::new);
        self.app = router(self.state.clone(), self._dirs.0.path().to_path_buf());
    }

    /// Runs an operator's command of the binary on this test's database: whether it succeeded,
    /// and what it said (stdout and stderr).
    pub fn command(&self, args: &[&str]) -> (bool, String) {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_buergerkoffer"));
        command.args(args).arg("--data-dir").arg(self.data_dir());
        if let Some(url) = &self.database_url {
            command.args(["--database-url", url]);
        }
        let output = command.output().expect("runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), said)
    }

    /// The data directory (SQLite's file, the sealing key).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dirs.1.path()
    }

    pub fn advance(&self, secs: u64) {
        self.time.fetch_add(secs, Ordering::SeqCst);
    }

    /// Later requests come from another client address.
    pub fn switch_address(&mut self, address: &str) {
        self.peer = address.parse().expect("addr");
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(json) => {
                request = request.header("content-type", "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        let request = request.body(body).expect("request");
        let app = self.app.clone().layer(MockConnectInfo(self.peer));
        let response = app.oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Answer {
            status: parts.status,
            headers: parts.headers,
            json,
        }
    }

    /// Posts a form as a browser does (`application/x-www-form-urlencoded`) from the current
    /// client address; the answer as `call` gives it (an HTML page as a JSON string).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_form_from(self.peer, path, fields).await
    }

    /// Posts a form from client address `peer`.
    pub async fn post_form_from(
        &self,
        peer: SocketAddr,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let request = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        let app = self.app.clone().layer(MockConnectInfo(peer));
        let response = app.oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        Answer {
            status: parts.status,
            headers: parts.headers,
            json: Value::String(String::from_utf8_lossy(&bytes).into()),
        }
    }

    /// Sends raw bytes (an attachment) with a content type; the answer as `call` gives it.
    pub async fn put_bytes(
        &self,
        session: &SignInResponse,
        path: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Answer {
        let headers = [("content-type", content_type)];
        self.send_bytes(session, ("PUT", path), &headers, bytes)
            .await
    }

    /// Sends raw bytes with the given headers; the answer as `call` gives it.
    pub async fn send_bytes(
        &self,
        session: &SignInResponse,
        (method, path): (&str, &str),
        headers: &[(&str, &str)],
        bytes: Vec<u8>,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", session.token));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::from(bytes)).expect("request");
        let app = self.app.clone().layer(MockConnectInfo(self.peer));
        let response = app.oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        Answer {
            status: parts.status,
            headers: parts.headers,
            json: serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into())),
        }
    }

    /// Fetches bytes (a photo): the status, and the body for a 200.
    pub async fn get_bytes(&self, session: &SignInResponse, path: &str) -> (StatusCode, Vec<u8>) {
        let request = Request::builder()
            .method("GET")
            .uri(path)
            .header("authorization", format!("Bearer {}", session.token))
            .body(Body::empty())
            .expect("request");
        let app = self.app.clone().layer(MockConnectInfo(self.peer));
        let response = app.oneshot(request).await.expect("infallible");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, bytes.to_vec())
    }

    pub async fn sign_in_raw(
        &self,
        username: &str,
        password: &str,
        device: Option<(&str, &str)>,
    ) -> Answer {
        let mut body = json!({ "username": username, "password": password,
            "device_label": "Koffer 1", "device_key": device_key_hex() });
        if let Some((id, credential)) = device {
            body["device"] = json!({ "id": id, "credential": credential });
        }
        self.call("POST", "/api/sessions", &[], Some(body)).await
    }

    /// Signs in and enrols a new device; panics unless that works.
    pub async fn sign_in(&self, username: &str) -> SignInResponse {
        let answer = self.sign_in_raw(username, PASSWORD, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
        serde_json::from_value(answer.json).expect("sign-in response")
    }

    pub async fn get_as(&self, session: &SignInResponse, path: &str) -> Answer {
        let bearer = format!("Bearer {}", session.token);
        self.call("GET", path, &[("authorization", &bearer)], None)
            .await
    }

    /// POSTs `body` as JSON, signed in as `session`.
    pub async fn post_json_as(&self, session: &SignInResponse, path: &str, body: Value) -> Answer {
        let bearer = format!("Bearer {}", session.token);
        self.call("POST", path, &[("authorization", &bearer)], Some(body))
            .await
    }

    pub async fn post_as(&self, session: &SignInResponse, path: &str) -> Answer {
        let bearer = format!("Bearer {}", session.token);
        self.call("POST", path, &[("authorization", &bearer)], None)
            .await
    }

    pub async fn sign_out(&self, session: &SignInResponse) -> Answer {
        let bearer = format!("Bearer {}", session.token);
        self.call(
            "DELETE",
            "/api/sessions/current",
            &[("authorization", &bearer)],
            None,
        )
        .await
    }

    /// A terminal enrolled at `place` with a code `admin` made: its id and credential.
    pub async fn enrolled_terminal(&self, admin: &SignInResponse, place: &str) -> (String, String) {
        let made = self
            .post_json_as(
                admin,
                "/api/terminals",
                json!({ "label": "Terminal", "place": place }),
            )
            .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.json);
        let enrolled = self
            .call(
                "POST",
                "/api/terminals/enrol",
                &[],
                Some(json!({ "code": made.json["code"] })),
            )
            .await;
        assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.json);
        let text = |name: &str| enrolled.json[name].as_str().expect(name).to_owned();
        (text("id"), text("credential"))
    }

    /// Serves this app on a loopback port until the test ends, for what needs a real
    /// connection (a WebSocket).
    pub async fn serve_on_loopback(&self) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("loopback port");
        let address = listener.local_addr().expect("address");
        let app = self.app.clone();
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        address
    }

    pub async fn contact(&self, device_id: &str, credential: &str) -> Answer {
        self.call(
            "POST",
            "/api/devices/contact",
            &[
                ("x-device-id", device_id),
                ("x-device-credential", credential),
            ],
            None,
        )
        .await
    }
}

/// A mutation filing or correcting `case` (`changed`: the parts a correction changes).
pub fn put(id: u64, base_version: u64, case: &Case, changed: &[&str]) -> Mutation {
    Mutation {
        id,
        base_version,
        change: Change::PutCase {
            case: Box::new(case.clone()),
            changed: changed.iter().map(|p| p.to_string()).collect(),
        },
    }
}

/// Pushes `mutations`; the outcome of each.
pub async fn push(
    app: &TestApp,
    device: &SignInResponse,
    mutations: Vec<Mutation>,
) -> Vec<Outcome> {
    let body = push_body(&device.device_id, mutations);
    let answer = app.post_json_as(device, "/api/sync/push", body).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| serde_json::from_value(r["outcome"].clone()).expect("outcome"))
        .collect()
}
