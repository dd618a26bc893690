//! JSON request bodies whose rejection is an `ApiError` with a sentence the caller can act on,
//! instead of axum's plain-text answer.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

pub struct Payload<T>(pub T);

impl<S, T> FromRequest<S> for Payload<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::BadRequest(
                "Die Anfrage muss JSON sein (Content-Type: application/json).".into(),
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                ApiError::BadRequest(format!(
                    "Die Anfrage konnte nicht gelesen werden: {}",
                    rejection.body_text()
                ))
            })?;
        // serde_json directly: axum's `Json` tracks the path of every value it reads, which
        // doubled the cost of a sync push of 500 cases.
        serde_json::from_slice(&bytes).map(Self).map_err(|error| {
            ApiError::BadRequest(if error.is_syntax() || error.is_eof() {
                "Die Anfrage ist kein gültiges JSON.".into()
            } else {
                format!("Die Anfrage hat nicht die erwarteten Felder: {error}")
            })
        })
    }
}
