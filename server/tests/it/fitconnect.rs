//! FIT-Connect's encryption checked against an independent implementation: Python's jwcrypto
//! makes the destination's 4096-bit key pair, we encrypt to its public JWK, and jwcrypto
//! decrypts with the private one. Keys FIT-Connect would refuse are refused here first, each
//! with its sentence.

use crate::support::test_python;
use serde_json::{Value, json};
use server::fitconnect::jwe::{Content, encrypt};
use server::fitconnect::keys::{DestinationKey, KeyRefusal};
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `script` with jwcrypto, `input` on its stdin; its stdout.
fn jwcrypto(script: &str, input: &[u8]) -> String {
    let mut python = Command::new(test_python())
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python");
    python
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("to python");
    let output = python.wait_with_output().expect("jwcrypto");
    assert!(output.status.success(), "jwcrypto failed");
    String::from_utf8(output.stdout).expect("text")
}

/// A key pair as a destination makes it: (public JWK, private JWK).
fn destination_key_pair(bits: usize) -> (Value, Value) {
    let made = jwcrypto(
        &format!(
            "import json, sys\nfrom jwcrypto import jwk\n\
             key = jwk.JWK.generate(kty='RSA', size={bits}, alg='RSA-OAEP-256', use='enc', kid='zustellpunkt-1')\n\
             print(json.dumps([key.export_public(as_dict=True), key.export_private(as_dict=True)]))"
        ),
        b"",
    );
    let pair: [Value; 2] = serde_json::from_str(&made).expect("keys");
    let [public, private] = pair;
    (public, private)
}

const DECRYPT: &str = "import json, sys, hashlib\nfrom jwcrypto import jwe, jwk\n\
    given = json.loads(sys.stdin.read())\n\
    key = jwk.JWK(**given['key'])\n\
    token = jwe.JWE()\n\
    token.deserialize(given['jwe'], key=key)\n\
    print(json.dumps({'header': json.loads(token.objects['protected']),\n\
                      'sha256': hashlib.sha256(token.payload).hexdigest(),\n\
                      'text': token.payload.decode('utf-8', 'replace')}))";

#[test]
fn what_we_encrypt_for_a_destination_jwcrypto_decrypts_with_its_private_key() {
    let (public, private) = destination_key_pair(4096);
    let key = DestinationKey::from_jwk(&public.to_string()).expect("a destination key");
    assert_eq!(key.kid, "zustellpunkt-1");

    let metadata = json!({ "hinweis": "Anmeldung einer Wohnung – Müller, Jürgen" }).to_string();
    let sealed = encrypt(metadata.as_bytes(), &key, Content::Json).expect("encrypts");
    assert_eq!(sealed.split('.').count(), 5, "compact serialization");
    let opened: Value = serde_json::from_str(&jwcrypto(
        DECRYPT,
        json!({ "key": private, "jwe": sealed })
            .to_string()
            .as_bytes(),
    ))
    .expect("jwcrypto's answer");
    assert_eq!(opened["text"], metadata);
    assert_eq!(
        opened["header"],
        json!({ "alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": "zustellpunkt-1", "cty": "application/json" })
    );

    // An attachment: bytes of its own type, every byte back.
    let pdf: Vec<u8> = (0..70_000_u32).map(|i| (i * 7 % 251) as u8).collect();
    let sealed = encrypt(&pdf, &key, Content::Bytes("application/pdf")).expect("encrypts");
    let opened: Value = serde_json::from_str(&jwcrypto(
        DECRYPT,
        json!({ "key": private, "jwe": sealed })
            .to_string()
            .as_bytes(),
    ))
    .expect("jwcrypto's answer");
    assert_eq!(opened["header"]["cty"], "application/pdf");
    assert_eq!(opened["sha256"], crate::support::sha256_hex(&pdf));

    // Two encryptions of the same content differ: a fresh content key and nonce each time.
    let again = encrypt(metadata.as_bytes(), &key, Content::Json).expect("encrypts");
    assert_ne!(
        again,
        encrypt(metadata.as_bytes(), &key, Content::Json).expect("encrypts")
    );
}

#[test]
fn keys_fit_connect_would_refuse_are_refused_with_a_sentence() {
    let (public, private) = destination_key_pair(2048);
    let refused = |jwk: &Value| DestinationKey::from_jwk(&jwk.to_string()).expect_err("refused");
    assert_eq!(refused(&public), KeyRefusal::TooShort(2048));
    assert_eq!(
        refused(&public).to_string(),
        "Der Schlüssel hat 2048 Bit; FIT-Connect verlangt mindestens 4096."
    );
    assert_eq!(refused(&private), KeyRefusal::Private);
    let with = |field: &str, value: Value| {
        let mut jwk = public.clone();
        jwk[field] = value;
        jwk
    };
    assert_eq!(
        refused(&with("alg", json!("RSA1_5"))),
        KeyRefusal::WrongAlgorithm("RSA1_5".into())
    );
    assert_eq!(
        refused(&with("key_ops", json!(["verify"]))),
        KeyRefusal::NotForWrapping
    );
    assert_eq!(
        refused(&with("use", json!("sig"))),
        KeyRefusal::NotForWrapping
    );
    assert_eq!(refused(&with("kty", json!("EC"))), KeyRefusal::NotRsa);
    assert_eq!(refused(&with("n", json!("!!"))), KeyRefusal::Malformed);
    assert!(matches!(
        DestinationKey::from_jwk("kein JSON"),
        Err(KeyRefusal::NotAJwk(_))
    ));
}

/// What FITKO's metadata schema 1.0.0 (from its test SDK on PyPI) finds wrong in `metadata`,
/// formats (uuid, uri, date) included.
fn schema_errors(metadata: &str) -> Vec<String> {
    let found = jwcrypto(
        "import json, sys, importlib.resources, jsonschema\n\
         schema = json.loads(importlib.resources.files('fitconnect').joinpath('schema/metadata.schema.v1.0.0.json').read_text())\n\
         validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)\n\
         print(json.dumps([e.message for e in validator.iter_errors(json.loads(sys.stdin.read()))]))",
        metadata.as_bytes(),
    );
    serde_json::from_str(&found).expect("the schema's findings")
}

#[test]
fn the_metadata_we_write_is_valid_by_the_schema_fitko_publishes() {
    use server::fitconnect::metadata::{Part, Purpose, describe, uuid_v4};
    let data = br#"{"format":"buergerkoffer-handover/1"}"#;
    let (form, photo) = (uuid_v4().expect("uuid"), uuid_v4().expect("uuid"));
    assert_ne!(form, photo);
    let parts = [
        Part {
            id: &form,
            filename: "fall-2027-TEST-1.pdf",
            media_type: "application/pdf",
            purpose: Purpose::Form,
            bytes: b"%PDF-1.7",
        },
        Part {
            id: &photo,
            filename: "foto-1.jpg",
            media_type: "image/jpeg",
            purpose: Purpose::Attachment,
            bytes: b"\xff\xd8\xff",
        },
    ];
    let metadata = describe(
        (
            "Wohnsitz anmelden",
            "urn:de:fim:leika:leistung:99115005104000",
        ),
        (
            data,
            "https://schema.example/buergerkoffer-handover/1.schema.json",
        ),
        &parts,
        ("2027-TEST-1", "2027-01-15"),
    );
    let text = serde_json::to_string(&metadata).expect("json");
    assert_eq!(schema_errors(&text), Vec::<String>::new(), "{text}");
    let written: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        written["contentStructure"]["attachments"][1]["hash"]["content"],
        crate::handover::sha512_hex(b"\xff\xd8\xff")
    );
    // Something the schema refuses is found: the check is not blind.
    let mut broken = written.clone();
    broken["publicServiceType"]["identifier"] = json!("99115005104000");
    assert_eq!(schema_errors(&broken.to_string()).len(), 1);
}

/// `buergerkoffer route …` on the test's database: whether it succeeded, and what it said.
fn route_command(app: &crate::support::TestApp, args: &[&str]) -> (bool, String) {
    let mut all = vec!["route"];
    all.extend_from_slice(args);
    app.command(&all)
}

/// `route set` for a service of Schönberg: to `destination`, with the key and schema files.
fn set_route(
    app: &crate::support::TestApp,
    (service, destination): (&str, &str),
    (key_file, valid_until): (&str, &str),
    schema_file: &str,
) -> (bool, String) {
    route_command(
        app,
        &[
            "set",
            "--regional-key",
            crate::support::SCHOENBERG,
            "--service",
            service,
            "--destination",
            destination,
            "--key-file",
            key_file,
            "--key-valid-until",
            valid_until,
            "--schema-uri",
            "https://schema.example/meldung.schema.json",
            "--schema-file",
            schema_file,
        ],
    )
}

fn remove_route(app: &crate::support::TestApp, service: &str) -> (bool, String) {
    let args = ["remove", "--regional-key", crate::support::SCHOENBERG];
    route_command(app, &[&args[..], &["--service", service]].concat())
}

#[tokio::test]
async fn the_operator_sets_a_route_only_with_a_key_and_schema_fit_connect_accepts() {
    use crate::support::{SCHOENBERG, TestApp};
    use server::database::handover_routes;
    use server::fitconnect::routes::{RouteRefusal, key_for};
    let app = TestApp::with_demo_data().await;
    let files = tempfile::tempdir().expect("dir");
    let write = |name: &str, content: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, content).expect("written");
        path.to_str().expect("path").to_owned()
    };
    let (public, private) = destination_key_pair(4096);
    let (short, _) = destination_key_pair(2048);
    let key = write("key.json", &public.to_string());
    let schema = write(
        "schema.json",
        r#"{"type": "object", "required": ["format"]}"#,
    );
    let set = |service: &str, destination: &str, key: &str, until: &str, schema: &str| {
        set_route(&app, (service, destination), (key, until), schema)
    };
    let destination = "8A1F0A86-3C7B-4D3E-9F5E-0123456789AB";
    // The server's day is the real one here: far enough ahead, and long past.
    let (ahead, past) = ("2099-12-31", "2020-01-31");

    let refusals = [
        (
            set("hundesteuer", destination, &key, ahead, &schema),
            "Eine Leistung „hundesteuer“ gibt es im Katalog dieser Gemeinde nicht.",
        ),
        (
            set("lebensbescheinigung", destination, &key, ahead, &schema),
            "kein LeiKa-Schlüssel im Katalog",
        ),
        (
            set("anmeldung", "zustellpunkt-1", &key, ahead, &schema),
            "ist keine Zustellpunkt-Id",
        ),
        (
            set(
                "anmeldung",
                destination,
                &write("short.json", &short.to_string()),
                ahead,
                &schema,
            ),
            "Der Schlüssel hat 2048 Bit",
        ),
        (
            set(
                "anmeldung",
                destination,
                &write("private.json", &private.to_string()),
                ahead,
                &schema,
            ),
            "Das ist ein privater Schlüssel.",
        ),
        (
            set("anmeldung", destination, &key, past, &schema),
            "galt bis zum 31.01.2020",
        ),
        (
            set(
                "anmeldung",
                destination,
                &key,
                ahead,
                &write("list.json", "[1, 2]"),
            ),
            "Das Datenschema ist kein JSON-Schema",
        ),
        (
            set(
                "anmeldung",
                destination,
                &key,
                ahead,
                &write(
                    "pattern.json",
                    r#"{"properties": {"values": {"pattern": "^a"}}}"#,
                ),
            ),
            "Das Datenschema verlangt bei #/properties/values „pattern“",
        ),
    ];
    for ((done, said), expected) in refusals {
        assert!(!done, "{said}");
        assert!(said.contains(expected), "{expected:?} not in {said}");
    }
    let held = handover_routes::of(&app.state.db, &crate::support::key(SCHOENBERG))
        .await
        .expect("routes");
    assert_eq!(held, [], "nothing refused is stored");

    let (done, said) = set("anmeldung", destination, &key, ahead, &schema);
    assert!(done, "{said}");
    assert!(
        said.contains("gehen an den Zustellpunkt 8a1f0a86-3c7b-4d3e-9f5e-0123456789ab"),
        "{said}"
    );
    let (done, listed) = route_command(&app, &["list", "--regional-key", SCHOENBERG]);
    assert!(
        done && listed.contains("anmeldung") && listed.contains("2099-12-31"),
        "{listed}"
    );
    let route = handover_routes::find(&app.state.db, &crate::support::key(SCHOENBERG), "anmeldung")
        .await
        .expect("read")
        .expect("set");
    // Used on a day after its key's last day, the route is refused, and says since when.
    let day = |text: &str| domain::forms::Date::parse_iso(text).expect("day");
    assert_eq!(
        key_for(&route, day("2099-12-31")).expect("valid").kid,
        "zustellpunkt-1"
    );
    assert_eq!(
        key_for(&route, day("2100-01-01")).expect_err("expired"),
        RouteRefusal::KeyExpired(day("2099-12-31"))
    );

    let (done, said) = remove_route(&app, "anmeldung");
    assert!(done, "{said}");
    let (done, said) = remove_route(&app, "anmeldung");
    assert!(!done && said.contains("ist kein Ziel gesetzt"), "{said}");
    let logged: Vec<(String,)> = sqlx::query_as("SELECT action FROM admin_log WHERE municipality = $1 AND action LIKE 'route_%' ORDER BY id")
        .bind(SCHOENBERG)
        .fetch_all(&app.state.db)
        .await
        .expect("log");
    let logged: Vec<&str> = logged.iter().map(|(action,)| action.as_str()).collect();
    assert_eq!(logged, ["route_set", "route_removed"]);
}

#[tokio::test]
async fn a_routes_schema_reaches_the_laptops_with_the_catalogue() {
    use crate::support::{SCHOENBERG, TestApp};
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let files = tempfile::tempdir().expect("dir");
    let (key, schema) = (
        files.path().join("key.json"),
        files.path().join("schema.json"),
    );
    std::fs::write(&key, destination_key_pair(4096).0.to_string()).expect("key");
    std::fs::write(&schema, ANMELDUNG_SCHEMA).expect("schema");
    // The clerk's devices hold the catalogues of the municipalities the clerk serves.
    let held = |answer: crate::support::Answer| {
        let all = answer.json.as_array().expect("catalogues").clone();
        let schoenberg = all
            .into_iter()
            .find(|c| c["municipality"] == SCHOENBERG)
            .expect("Schönberg's");
        let version = schoenberg["version"].as_u64().expect("version");
        (version, schoenberg["submission_checks"].clone())
    };
    let pulled = |held: u64| {
        let path = format!("/api/sync/pull?municipality={SCHOENBERG}&cookie=0&catalogue={held}");
        let (app, clerk) = (&app, &clerk);
        async move { app.get_as(clerk, &path).await.json["catalogue"].clone() }
    };
    let (before, checks) = held(app.get_as(&clerk, "/api/catalogues").await);
    assert_eq!(checks, Value::Null, "no route, nothing to check");

    let (done, said) = set_route(
        &app,
        ("anmeldung", "8a1f0a86-3c7b-4d3e-9f5e-0123456789ab"),
        (key.to_str().expect("path"), "2099-12-31"),
        schema.to_str().expect("path"),
    );
    assert!(done, "{said}");
    // A new version, so that every laptop holding the old one fetches it at its next contact.
    let (version, checks) = held(app.get_as(&clerk, "/api/catalogues").await);
    assert_eq!(version, before + 1);
    assert_eq!(
        checks,
        serde_json::json!([{
            "service": "anmeldung",
            "schema_uri": "https://schema.example/meldung.schema.json",
            "schema_json": ANMELDUNG_SCHEMA,
        }])
    );
    let catalogue = pulled(before).await;
    assert_eq!(catalogue["version"], version);
    assert_eq!(catalogue["submission_checks"], checks);
    assert_eq!(pulled(version).await, Value::Null, "the laptop holds it");

    let (done, said) = remove_route(&app, "anmeldung");
    assert!(done, "{said}");
    let catalogue = pulled(version).await;
    assert_eq!(catalogue["version"], version + 1);
    assert_eq!(catalogue["submission_checks"], Value::Null);
}

#[tokio::test]
async fn the_admin_sets_and_removes_a_route_in_the_console() {
    use crate::support::{MEERANE, TestApp};
    use axum::http::StatusCode;
    use server::database::handover_routes;
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let clerk = app.sign_in("m.schreiber").await;
    let send =
        |method: &'static str, session: &domain::wire::SignInResponse, service: &str, body| {
            let path = format!("/api/municipality/routes/{service}");
            let bearer = format!("Bearer {}", session.token);
            let app = &app;
            async move {
                app.call(method, &path, &[("authorization", &bearer)], body)
                    .await
            }
        };
    let key_jwk = destination_key_pair(4096).0.to_string();
    let route = |until: &str| {
        serde_json::json!({
            "destination": "8a1f0a86-3c7b-4d3e-9f5e-0123456789ab",
            "key_jwk": key_jwk,
            "key_valid_until": until,
            "schema_uri": "https://schema.example/anmeldung.schema.json",
            "data_schema": ANMELDUNG_SCHEMA,
        })
    };
    let version = || {
        let (app, admin) = (&app, &admin);
        async move {
            let all = app.get_as(admin, "/api/catalogues").await.json;
            all.as_array()
                .expect("catalogues")
                .iter()
                .find(|c| c["municipality"] == MEERANE)
                .map(|c| c["version"].as_u64().expect("version"))
                .expect("Meerane's")
        }
    };
    let before = version().await;

    let refusals = [
        (
            send("PUT", &clerk, "anmeldung", Some(route("2099-12-31"))).await,
            StatusCode::FORBIDDEN,
            "",
        ),
        (
            send("PUT", &admin, "anmeldung", Some(route("2020-01-31"))).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "galt bis zum 31.01.2020",
        ),
        (
            send("PUT", &admin, "hundesteuer", Some(route("2099-12-31"))).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "„hundesteuer“ gibt es im Katalog dieser Gemeinde nicht",
        ),
        (
            send(
                "PUT",
                &admin,
                "lebensbescheinigung",
                Some(route("2099-12-31")),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "kein LeiKa-Schlüssel",
        ),
        (
            send("DELETE", &admin, "anmeldung", None).await,
            StatusCode::NOT_FOUND,
            "",
        ),
    ];
    for (answer, status, sentence) in refusals {
        assert_eq!(answer.status, status, "{}", answer.json);
        let message = answer.json["message"].as_str().unwrap_or_default();
        assert!(message.contains(sentence), "{sentence:?} not in {message}");
    }
    assert_eq!(
        app.get_as(&admin, "/api/municipality/routes").await.json,
        serde_json::json!([]),
        "nothing refused is stored"
    );
    assert_eq!(version().await, before);
    assert_eq!(
        app.get_as(&clerk, "/api/municipality/routes").await.status,
        StatusCode::FORBIDDEN
    );

    let set = send("PUT", &admin, "anmeldung", Some(route("2099-12-31"))).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.json);
    let listed = app.get_as(&admin, "/api/municipality/routes").await.json;
    assert_eq!(
        listed,
        serde_json::json!([{ "service": "anmeldung", "destination": "8a1f0a86-3c7b-4d3e-9f5e-0123456789ab",
            "key_valid_until": "2099-12-31", "schema_uri": "https://schema.example/anmeldung.schema.json" }])
    );
    assert_eq!(version().await, before + 1, "the laptops fetch the schema");
    // Meerane's route is Meerane's: Schönberg's cases do not go there.
    let schoenberg = handover_routes::of(
        &app.state.db,
        &crate::support::key(crate::support::SCHOENBERG),
    )
    .await
    .expect("routes");
    assert_eq!(schoenberg, []);

    let removed = send("DELETE", &admin, "anmeldung", None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get_as(&admin, "/api/municipality/routes").await.json,
        serde_json::json!([])
    );
    let logged: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, by_user FROM admin_log WHERE municipality = $1 AND action LIKE 'route_%' ORDER BY id",
    )
    .bind(MEERANE)
    .fetch_all(&app.state.db)
    .await
    .expect("log");
    let by = |action: &str| (action.to_owned(), "m.admin".to_owned());
    assert_eq!(logged, [by("route_set"), by("route_removed")]);
}

/// The test destination (`fit_connect_destination.py`) running on loopback; stopped when
/// dropped.
pub struct Destination {
    child: std::process::Child,
    pub base: String,
    pub id: String,
    /// Its public encryption key (JWK).
    pub public_key: Value,
    _files: tempfile::TempDir,
}

impl Drop for Destination {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The data schema the test destination expects for an Anmeldung.
pub const ANMELDUNG_SCHEMA: &str = r#"{
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["service", "case", "citizen", "values"],
    "properties": {
        "service": { "const": "urn:de:fim:leika:leistung:99115005104000" },
        "citizen": { "type": "object", "required": ["family_name", "given_names", "birth_date"] },
        "values": {
            "type": "object",
            "required": ["moved_in", "new_address.street", "new_address.postcode"],
            "additionalProperties": { "type": "string" }
        }
    }
}"#;

impl Destination {
    pub fn start() -> Self {
        use std::io::BufRead;
        let (public, private) = destination_key_pair(4096);
        let files = tempfile::tempdir().expect("dir");
        let key_file = files.path().join("private.json");
        std::fs::write(&key_file, private.to_string()).expect("key");
        let schema_file = files.path().join("schema.json");
        std::fs::write(&schema_file, ANMELDUNG_SCHEMA).expect("schema");
        let id = "8a1f0a86-3c7b-4d3e-9f5e-0123456789ab".to_owned();
        let mut child = Command::new(test_python())
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/it/support/fit_connect_destination.py"
            ))
            .args([id.as_str()])
            .arg(&key_file)
            .arg(&schema_file)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the test destination");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("its port");
        let port = line
            .trim()
            .strip_prefix("port ")
            .expect("port line")
            .to_owned();
        Destination {
            child,
            base: format!("http://127.0.0.1:{port}"),
            id,
            public_key: public,
            _files: files,
        }
    }

    pub fn settings(&self) -> server::fitconnect::sender::Settings {
        server::fitconnect::sender::Settings {
            submission_url: self.base.clone(),
            token_url: format!("{}/token", self.base),
            client_id: "buergerkoffer".into(),
            client_secret: "geheim".into(),
        }
    }

    /// What the destination received and decided, in order.
    pub fn received(&self) -> Vec<Value> {
        let mut response = ureq::get(format!("{}/received", self.base))
            .call()
            .expect("received");
        serde_json::from_reader(response.body_mut().as_reader()).expect("json")
    }
}

#[test]
fn a_submission_reaches_the_destination_whole_and_its_decision_comes_back_signed() {
    use server::fitconnect::events::Decision;
    use server::fitconnect::metadata::Purpose;
    use server::fitconnect::sender::{Attachment, Outgoing, decided, send};
    let destination = Destination::start();
    let key = DestinationKey::from_jwk(&destination.public_key.to_string()).expect("key");
    let outgoing = |postcode: &str| {
        Outgoing {
        destination: destination.id.clone(),
        key: key.clone(),
        service: (
            "Wohnsitz anmelden".into(),
            "urn:de:fim:leika:leistung:99115005104000".into(),
        ),
        data: (
            json!({
                "service": "urn:de:fim:leika:leistung:99115005104000",
                "case": { "number": "2027-TEST-1" },
                "citizen": { "family_name": "Müller", "given_names": "Anna", "birth_date": "03.05.1948" },
                "values": { "moved_in": "01.01.2027", "new_address.street": "Hauptstraße",
                            "new_address.postcode": postcode },
            })
            .to_string()
            .into_bytes(),
            "https://schema.example/anmeldung.schema.json".into(),
        ),
        attachments: vec![
            Attachment {
                filename: "fall-2027-TEST-1.pdf".into(),
                media_type: "application/pdf".into(),
                purpose: Purpose::Form,
                bytes: b"%PDF-1.7 package".to_vec(),
            },
            Attachment {
                filename: "foto-1.jpg".into(),
                media_type: "image/jpeg".into(),
                purpose: Purpose::Attachment,
                bytes: vec![0xff, 0xd8, 0xff, 0xe0],
            },
        ],
        reference: ("2027-TEST-1".into(), "2027-01-15".into()),
    }
    };
    let settings = destination.settings();
    let accepted = send(&settings, &outgoing("08393")).expect("sent");
    assert_eq!(
        decided(&settings, &accepted).expect("log"),
        Some(Decision::Accepted)
    );
    let rejected = send(&settings, &outgoing("08056")).expect("sent");
    assert_eq!(
        decided(&settings, &rejected).expect("log"),
        Some(Decision::Rejected(vec![
            "Zustaendigkeit: Die neue Wohnung (PLZ 08056) liegt nicht im Gebiet dieser Meldebehörde."
                .into()
        ]))
    );
    // What arrived is what was sent: the destination decrypted every part and checked each hash.
    let received = destination.received();
    assert_eq!(received[0]["accepted"], true, "{}", received[0]);
    assert_eq!(received[0]["data"]["citizen"]["family_name"], "Müller");
    assert_eq!(
        received[0]["attachments"].as_object().expect("parts").len(),
        2
    );
    assert_eq!(
        received[0]["metadata"]["publicServiceType"]["identifier"],
        "urn:de:fim:leika:leistung:99115005104000"
    );

    // Wrong client credentials: refused at the first step, nothing announced.
    let mut wrong = settings.clone();
    wrong.client_secret = "falsch".into();
    let failed = send(&wrong, &outgoing("08393")).expect_err("refused");
    assert_eq!(failed.step, "Anmeldung");
    assert_eq!(destination.received().len(), 2);
}
