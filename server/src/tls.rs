//! HTTPS in the binary, for an operator without a reverse proxy: the service worker, WebCrypto,
//! WebUSB/HID/Serial and Clear-Site-Data all need a secure context off localhost. The
//! certificate and key are PEM files, read again on SIGHUP (a renewed certificate takes effect
//! for new connections; open ones keep theirs). Handshakes run beside the accept loop, so a slow
//! or silent client holds up no one else. Beside it, plain HTTP only redirects to HTTPS.

use crate::error::ApiError;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// A client that has not finished its handshake by then is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections that finished their handshake and wait for the server to take them.
const READY_CONNECTIONS: usize = 64;

/// Where the certificate chain and its key lie.
#[derive(Debug, Clone)]
pub struct CertificateFiles {
    pub certificate: PathBuf,
    pub key: PathBuf,
}

impl CertificateFiles {
    /// Reads both files into a server configuration (HTTP/1.1; rustls's safe defaults).
    pub fn load(&self) -> Result<Arc<ServerConfig>, String> {
        let chain = CertificateDer::pem_file_iter(&self.certificate)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(|error| unreadable(&self.certificate, &error))?;
        if chain.is_empty() {
            return Err(format!("no certificate in {}", self.certificate.display()));
        }
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .map_err(|error| unreadable(&self.key, &error))?;
        // ring builds with the C compiler alone (aws-lc needs cmake); it lacks the post-quantum
        // key exchange, so clients agree on X25519 or P-256 as with most servers today.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| format!("TLS: {error}"))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|error| {
                format!(
                    "the key in {} does not fit the certificate in {}: {error}",
                    self.key.display(),
                    self.certificate.display()
                )
            })?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

fn unreadable(path: &Path, error: &dyn std::fmt::Display) -> String {
    format!("cannot read {} as PEM: {error}", path.display())
}

/// The TLS side of the server, for `axum::serve`.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Accepts on `tcp` and shakes hands with the configuration in `files`, which SIGHUP reloads.
    pub fn start(tcp: TcpListener, files: CertificateFiles) -> Result<Self, String> {
        let local = tcp
            .local_addr()
            .map_err(|error| format!("cannot read the bound address: {error}"))?;
        let acceptor = Arc::new(RwLock::new(TlsAcceptor::from(files.load()?)));
        reload_on_hangup(files, Arc::clone(&acceptor))?;
        let (sender, ready) = mpsc::channel(READY_CONNECTIONS);
        tokio::spawn(accept_loop(tcp, acceptor, sender));
        Ok(Self { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accept loop ended (it never does while the listener lives): serve no more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

async fn accept_loop(
    tcp: TcpListener,
    acceptor: Arc<RwLock<TlsAcceptor>>,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let (stream, peer) = match tcp.accept().await {
            Ok(connection) => connection,
            Err(error) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tracing::warn!(%error, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let acceptor = acceptor
            .read()
            .map_or_else(|poisoned| poisoned.into_inner().clone(), |a| a.clone());
        let ready = ready.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let _ = ready.send((tls, peer)).await;
                }
                Ok(Err(error)) => tracing::debug!(%error, %peer, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// On SIGHUP, reads the certificate and key again; a file that does not load leaves the
/// current ones in place (and says so in the log).
fn reload_on_hangup(
    files: CertificateFiles,
    acceptor: Arc<RwLock<TlsAcceptor>>,
) -> Result<(), String> {
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .map_err(|error| format!("cannot listen for SIGHUP: {error}"))?;
    tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            match files.load() {
                Ok(config) => {
                    let fresh = TlsAcceptor::from(config);
                    match acceptor.write() {
                        Ok(mut current) => *current = fresh,
                        Err(poisoned) => *poisoned.into_inner() = fresh,
                    }
                    tracing::info!(certificate = %files.certificate.display(), "SIGHUP: certificate reloaded");
                }
                Err(error) => {
                    tracing::error!(%error, "SIGHUP: certificate not reloaded, the current one stays");
                }
            }
        }
    });
    Ok(())
}

/// HSTS: once a browser has seen the server over HTTPS, it never asks over plain HTTP again.
pub async fn strict_transport_security(request: Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000"),
    );
    response
}

/// The plain-HTTP side: every request is sent on to the same host and path over HTTPS on
/// `https_port`, nothing is served.
pub fn redirect_to_https(https_port: u16) -> Router {
    Router::new().fallback(move |request: Request| async move { redirect(&request, https_port) })
}

fn redirect(request: &Request, https_port: u16) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .and_then(|host| host.parse::<axum::http::uri::Authority>().ok());
    let Some(host) = host else {
        return no_host();
    };
    let authority = match https_port {
        443 => host.host().to_owned(),
        port => format!("{}:{port}", host.host()),
    };
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |path| path.as_str());
    match Uri::builder()
        .scheme("https")
        .authority(authority)
        .path_and_query(path)
        .build()
    {
        Ok(target) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, target.to_string())],
        )
            .into_response(),
        Err(_) => no_host(),
    }
}

fn no_host() -> Response {
    ApiError::BadRequest(
        "Die Anfrage nennt keinen Host; der Server ist nur über HTTPS zu erreichen.".into(),
    )
    .into_response()
}
