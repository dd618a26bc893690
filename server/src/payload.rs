//! JSON request bodies whose rejection is an `ApiError` with a sentence the caller can act on,
//! instead of axum's plain-text answer.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

pub struct Payload<T>(pub T);

impl<S, T> FromRequest<S> for Payload<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::BadRequest(explain(&rejection))),
        }
    }
}

fn explain(rejection: &JsonRejection) -> String {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "Die Anfrage muss JSON sein (Content-Type: application/json).".into()
        }
        JsonRejection::JsonSyntaxError(_) => "Die Anfrage ist kein gültiges JSON.".into(),
        JsonRejection::JsonDataError(error) => {
            format!(
                "Die Anfrage hat nicht die erwarteten Felder: {}",
                error.body_text()
            )
        }
        other => format!(
            "Die Anfrage konnte nicht gelesen werden: {}",
            other.body_text()
        ),
    }
}
