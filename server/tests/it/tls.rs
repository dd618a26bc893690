//! HTTPS in the binary, as an operator without a reverse proxy runs it: a certificate from a test
//! CA (rcgen), HSTS on every answer, plain HTTP only redirecting, and a renewed certificate taken
//! on SIGHUP for new connections while an open one goes on; a broken file changes nothing.

use crate::serve::{built_app, free_port, http_get};
use rustls::RootCertStore;
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// A test CA, and a certificate for 127.0.0.1 it signs, written with its key as PEM into `dir`;
/// returns the CA's certificate, for a client to trust.
fn certificate_from_a_new_ca(dir: &Path) -> CertificateDer<'static> {
    let ca_key = rcgen::KeyPair::generate().expect("CA key");
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Bürgerkoffer Test-CA");
    let ca_certificate = ca.self_signed(&ca_key).expect("CA certificate");
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = rcgen::KeyPair::generate().expect("key");
    let certificate = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("params")
        .signed_by(&key, &issuer)
        .expect("certificate");
    std::fs::write(dir.join("cert.pem"), certificate.pem()).expect("write certificate");
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).expect("write key");
    ca_certificate.der().clone()
}

fn connector(ca: &CertificateDer<'static>) -> TlsConnector {
    let mut roots = RootCertStore::empty();
    roots.add(ca.clone()).expect("trust the test CA");
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

async fn connect(port: u16, ca: &CertificateDer<'static>) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    let name = ServerName::try_from("127.0.0.1").expect("name");
    connector(ca).connect(name, tcp).await
}

/// One request on a kept-alive connection: the head of the answer (status line and headers).
async fn ask(stream: &mut TlsStream<TcpStream>, path: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).await.expect("head");
        answer.push(byte[0]);
    }
    let head = String::from_utf8(answer).expect("utf-8");
    let length: usize = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .and_then(|value| value.trim().parse().ok())
        .expect("content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.expect("body");
    head
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn https_with_hsts_a_redirecting_http_port_and_a_certificate_renewed_on_sighup() {
    let dist = tempfile::tempdir().expect("dist dir");
    let data = tempfile::tempdir().expect("data dir");
    let tls = tempfile::tempdir().expect("tls dir");
    built_app(dist.path());
    let first_ca = certificate_from_a_new_ca(tls.path());
    let (port, plain) = (free_port(), free_port());
    let mut child = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"))
        .arg("serve")
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--http-redirect", &format!("127.0.0.1:{plain}")])
        .arg("--tls-cert")
        .arg(tls.path().join("cert.pem"))
        .arg("--tls-key")
        .arg(tls.path().join("key.pem"))
        .arg("--dist-dir")
        .arg(dist.path())
        .env("BUERGERKOFFER_DATA_DIR", data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");

    let deadline = Instant::now() + Duration::from_secs(20);
    let mut open = loop {
        match connect(port, &first_ca).await {
            Ok(stream) => break stream,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => {
                let _ = child.kill();
                panic!("no HTTPS: {error}");
            }
        }
    };
    let head = ask(&mut open, "/api/health").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("strict-transport-security: max-age=31536000"),
        "{head}"
    );

    // Plain HTTP answers nothing but the way to HTTPS, path and query kept.
    let redirect = http_get(plain, "/faelle/heute?filter=alle").expect("plain HTTP");
    assert!(redirect.starts_with("HTTP/1.1 308"), "{redirect}");
    assert!(
        redirect.contains(&format!(
            "location: https://127.0.0.1:{port}/faelle/heute?filter=alle"
        )),
        "{redirect}"
    );

    // A certificate from another CA, taken on SIGHUP: new connections get it, the open one
    // goes on.
    let second_ca = certificate_from_a_new_ca(tls.path());
    signal(&child, "HUP");
    let deadline = Instant::now() + Duration::from_secs(10);
    while connect(port, &second_ca).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "the renewed certificate was not taken"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        connect(port, &first_ca).await.is_err(),
        "the old certificate is gone"
    );
    let head = ask(&mut open, "/api/health").await;
    assert!(
        head.starts_with("HTTP/1.1 200"),
        "the open connection goes on: {head}"
    );

    // A broken file on SIGHUP leaves the current certificate in place.
    std::fs::write(tls.path().join("cert.pem"), "kein Zertifikat").expect("break");
    signal(&child, "HUP");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut fresh = connect(port, &second_ca).await.expect("still served");
    assert!(
        ask(&mut fresh, "/api/health")
            .await
            .starts_with("HTTP/1.1 200")
    );

    signal(&child, "TERM");
    let output = child.wait_with_output().expect("wait");
    let logs = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{logs}");
    assert!(logs.contains("certificate reloaded"), "{logs}");
    assert!(logs.contains("certificate not reloaded"), "{logs}");
}

#[test]
fn a_key_without_its_certificate_is_refused_at_start() {
    let output = Command::new(env!("CARGO_BIN_EXE_buergerkoffer"))
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-key", "key.pem"])
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--tls-cert"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
