//! Response headers every answer carries: the security policy, and caching rules for the API.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The app is one origin's own scripts and wasm: no inline code, no third parties, no framing.
/// `'wasm-unsafe-eval'` is what lets the browser compile our WebAssembly, nothing more.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; \
     img-src 'self' data: blob:; \
     connect-src 'self'; \
     worker-src 'self'; \
     manifest-src 'self'; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors 'none'";

/// Peripherals are reached from our own pages only; nothing embedded may ask for them. The
/// microphone is for video assistance (terminal and town hall).
pub const PERMISSIONS_POLICY: &str =
    "usb=(self), hid=(self), serial=(self), camera=(self), microphone=(self), geolocation=()";

pub async fn security(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    response
}

/// API answers hold citizen data: no cache, shared or private, may keep them.
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
