//! Carries out calls to our server's API (`crate::api` says which): JSON in, JSON out, and every
//! failure as something the UI can say.

use domain::wire::{ErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;
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

    /// What the person reads: the server's own sentence where it gave one, otherwise the app's
    /// `unreachable` or `unexpected` text in `language`.
    pub fn sentence<T: crate::Wording>(
        &self,
        language: crate::Language,
        (unreachable, unexpected): (T, T),
    ) -> String {
        match self {
            Self::Unreachable => unreachable.in_language(language).to_owned(),
            Self::Refused { body, .. } => body.message.clone(),
            Self::Garbled(_) => unexpected.in_language(language).to_owned(),
        }
    }
}

/// One route of the API: method, path and headers, typed with the body it takes (`B`) and the
/// answer it gives (`R`).
pub struct Call<B: ?Sized, R> {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, String)>,
    types: PhantomData<Types<B, R>>,
}

/// Takes a `B`, gives an `R` (function pointers keep `Call` free of their auto traits).
type Types<B, R> = (fn(&B), fn() -> R);

/// The answer of a route whose bytes the caller keeps as they came.
pub struct RawAnswer;

impl<B: ?Sized, R> Call<B, R> {
    pub fn new(method: &'static str, path: String, headers: Vec<(&'static str, String)>) -> Self {
        Self {
            method,
            path,
            headers,
            types: PhantomData,
        }
    }

    fn headers(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect()
    }
}

/// Sends `body` as JSON; parses the answer. `R = ()` accepts an empty answer (204).
pub async fn send<B: Serialize, R: DeserializeOwned>(
    call: Call<B, R>,
    body: Option<&B>,
) -> Result<R, ApiFailure> {
    let json = match body {
        Some(body) => {
            Some(serde_json::to_string(body).map_err(|e| ApiFailure::Garbled(e.to_string()))?)
        }
        None => None,
    };
    let body = json.map(|json| ("application/json", JsValue::from_str(&json)));
    let answer = exchange(call.method, &call.path, body, &call.headers()).await?;
    let answer = if answer.is_empty() {
        b"null".to_vec()
    } else {
        answer
    };
    // `from_slice` everywhere in the app: one reader type means one copy of each parser in wasm.
    serde_json::from_slice(&answer).map_err(|e| ApiFailure::Garbled(e.to_string()))
}

/// Sends JSON the caller holds as text (a file the person chose), unparsed: the server checks
/// it and says what is wrong; parses the answer.
pub async fn send_json_text<R: DeserializeOwned>(
    call: Call<str, R>,
    json: &str,
) -> Result<R, ApiFailure> {
    let body = Some(("application/json", JsValue::from_str(json)));
    let answer = exchange(call.method, &call.path, body, &call.headers()).await?;
    serde_json::from_slice(&answer).map_err(|e| ApiFailure::Garbled(e.to_string()))
}

/// Returns the answer's bytes as they came, for callers that keep them.
pub async fn fetch_raw(call: Call<(), RawAnswer>) -> Result<Vec<u8>, ApiFailure> {
    exchange(call.method, &call.path, None, &call.headers()).await
}

/// Sends raw bytes (a part of a photo) with their content type; parses the answer.
pub async fn send_bytes<R: DeserializeOwned>(
    call: Call<[u8], R>,
    content_type: &str,
    bytes: &[u8],
) -> Result<R, ApiFailure> {
    let body = js_sys::Uint8Array::from(bytes);
    let answer = exchange(
        call.method,
        &call.path,
        Some((content_type, body.into())),
        &call.headers(),
    )
    .await?;
    serde_json::from_slice(&answer).map_err(|e| ApiFailure::Garbled(e.to_string()))
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
    // The bytes as they came: an answer may be a file (a spreadsheet), not text.
    let bytes = match response.array_buffer() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    if !response.ok() {
        let body = serde_json::from_slice::<ErrorBody>(&bytes).map_err(|_| {
            // Not our server's error format: a proxy or captive portal answered.
            ApiFailure::Unreachable
        })?;
        return Err(ApiFailure::Refused {
            status: response.status(),
            body,
        });
    }
    Ok(bytes)
}
