//! Calls to our server's API: JSON in, JSON out, and every failure as something the UI can say.

use domain::wire::{ErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer at all: offline, server down, or blocked.
    Unreachable,
    /// The server answered with an error; `body.message` is a German sentence for the clerk.
    Refused { status: u16, body: ErrorBody },
    /// The answer was not what this app version expects.
    Garbled(String),
}

impl ApiFailure {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Refused { body, .. } => Some(body.error),
            _ => None,
        }
    }
}

/// Sends `body` as JSON to `path` with `method` and the given extra headers; parses the answer.
/// `R = ()` accepts an empty answer (204).
pub async fn send<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
    extra_headers: &[(&str, &str)],
) -> Result<R, ApiFailure> {
    let json = match body {
        Some(body) => {
            Some(serde_json::to_string(body).map_err(|e| ApiFailure::Garbled(e.to_string()))?)
        }
        None => None,
    };
    let answer = send_json(method, path, json.as_deref(), extra_headers).await?;
    let answer = if answer.is_empty() {
        b"null".to_vec()
    } else {
        answer
    };
    // `from_slice` everywhere in the app: one reader type means one copy of each parser in wasm.
    serde_json::from_slice(&answer).map_err(|e| ApiFailure::Garbled(e.to_string()))
}

/// Sends a JSON text and returns the answer's bytes as they came, for callers that keep them.
pub async fn send_json(
    method: &str,
    path: &str,
    body: Option<&str>,
    extra_headers: &[(&str, &str)],
) -> Result<Vec<u8>, ApiFailure> {
    let body = body.map(|json| ("application/json", JsValue::from_str(json)));
    exchange(method, path, body, extra_headers).await
}

/// Sends raw bytes (a photo) with their content type; returns the answer's bytes.
pub async fn send_bytes(
    method: &str,
    path: &str,
    content_type: &str,
    bytes: &[u8],
    extra_headers: &[(&str, &str)],
) -> Result<Vec<u8>, ApiFailure> {
    let body = js_sys::Uint8Array::from(bytes);
    exchange(
        method,
        path,
        Some((content_type, body.into())),
        extra_headers,
    )
    .await
}

async fn exchange(
    method: &str,
    path: &str,
    body: Option<(&str, JsValue)>,
    extra_headers: &[(&str, &str)],
) -> Result<Vec<u8>, ApiFailure> {
    let garbled = |error: JsValue| ApiFailure::Garbled(format!("{error:?}"));
    let headers = Headers::new().map_err(garbled)?;
    for (name, value) in extra_headers {
        headers.set(name, value).map_err(garbled)?;
    }
    let init = RequestInit::new();
    init.set_method(method);
    if let Some((content_type, body)) = body {
        headers.set("content-type", content_type).map_err(garbled)?;
        init.set_body(&body);
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(path, &init).map_err(garbled)?;
    let window = web_sys::window().ok_or(ApiFailure::Unreachable)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiFailure::Unreachable)?
        .unchecked_into();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if !response.ok() {
        let body = serde_json::from_slice::<ErrorBody>(text.as_bytes()).map_err(|_| {
            // Not our server's error format: a proxy or captive portal answered.
            ApiFailure::Unreachable
        })?;
        return Err(ApiFailure::Refused {
            status: response.status(),
            body,
        });
    }
    Ok(text.into_bytes())
}
