//! JSON request bodies whose rejection is an `ApiError` with a sentence the caller can act on,
//! instead of axum's plain-text answer.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

pub struct Payload<T>(pub T);

/// A request's query parameters, refused with a sentence the caller can act on.
pub struct Parameters<T>(pub T);

impl<S, T> FromRequestParts<S> for Parameters<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| Self(value))
            .map_err(|rejection| {
                ApiError::BadRequest(format!(
                    "Die Angaben in der Adresse der Anfrage passen nicht ({}).",
                    rejection.body_text()
                ))
            })
    }
}

impl<S, T> FromRequest<S> for Payload<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        JsonText::from_request(request, state)
            .await?
            .read()
            .map(Self)
    }
}

/// A JSON request body as text, checked to be JSON by its content type and UTF-8 once.
struct JsonText(String);

impl JsonText {
    fn read<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_str(&self.0)
            .or_else(|error| {
                // JSON does not tell 275 from 275.0, and JSON Schema counts both as integers;
                // serde does not. Only a refused body pays for the second reading.
                let mut value: serde_json::Value = serde_json::from_str(&self.0)?;
                if error.is_data() && whole_numbers_as_integers(&mut value) {
                    T::deserialize(value)
                } else {
                    Err(error)
                }
            })
            .map_err(not_as_expected)
    }
}

/// Writes every number with a fraction of zero (`275.0`) as the integer it is; says whether
/// there was any.
fn whole_numbers_as_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(number) => {
            let Some(float) = number.as_f64().filter(|_| number.is_f64()) else {
                return false;
            };
            // Within i64 (or u64) as f64 holds them: 2^63 and 2^64 are exact as floats.
            let integer = if float.fract() != 0.0 {
                None
            } else if (-(2f64.powi(63))..2f64.powi(63)).contains(&float) {
                Some(serde_json::Number::from(float as i64))
            } else if (0.0..2f64.powi(64)).contains(&float) {
                Some(serde_json::Number::from(float as u64))
            } else {
                None
            };
            integer.map(|integer| *number = integer).is_some()
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, item| whole_numbers_as_integers(item) | any),
        Value::Object(fields) => fields
            .values_mut()
            .fold(false, |any, field| whole_numbers_as_integers(field) | any),
        Value::Null | Value::Bool(_) | Value::String(_) => false,
    }
}

/// A day given as `JJJJ-MM-TT` in a request, if any (an empty text asks for none).
pub fn iso_day(text: &Option<String>) -> Result<Option<domain::forms::Date>, ApiError> {
    text.as_deref()
        .filter(|text| !text.is_empty())
        .map(|text| {
            domain::forms::Date::parse_iso(text).ok_or_else(|| {
                ApiError::Unprocessable(format!(
                    "„{text}“ ist kein Datum; erwartet wird JJJJ-MM-TT."
                ))
            })
        })
        .transpose()
}

/// The sentence for JSON that does not parse, or does not hold what was expected.
pub fn not_as_expected(error: serde_json::Error) -> ApiError {
    ApiError::BadRequest(if error.is_syntax() || error.is_eof() {
        "Die Anfrage ist kein gültiges JSON.".into()
    } else {
        format!("Die Anfrage hat nicht die erwarteten Felder: {error}")
    })
}

impl<S> FromRequest<S> for JsonText
where
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
        // doubled the cost of a sync push of 500 cases. The text is checked to be UTF-8 once,
        // rather than string by string while parsing.
        String::from_utf8(Vec::from(bytes))
            .map(Self)
            .map_err(|_| ApiError::BadRequest("Die Anfrage ist kein gültiges JSON.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    async fn parse(content_type: &str, body: Vec<u8>) -> Result<serde_json::Value, ApiError> {
        let request = Request::builder()
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .expect("request");
        Payload::<serde_json::Value>::from_request(request, &())
            .await
            .map(|Payload(value)| value)
    }

    fn sentence(result: Result<serde_json::Value, ApiError>) -> String {
        match result {
            Err(ApiError::BadRequest(sentence)) => sentence,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn whole_numbers_written_with_a_fraction_are_integers() {
        #[derive(serde::Deserialize)]
        struct Range {
            min: i64,
            max: u64,
        }
        let read = |body: &str| JsonText(body.to_owned()).read::<Range>();
        let range = read(r#"{"min": -516.0, "max": 275.0}"#).expect("whole numbers");
        assert_eq!((range.min, range.max), (-516, 275));
        for refused in [
            r#"{"min": 1.5, "max": 2}"#,
            r#"{"min": 1, "max": -2.0}"#,
            r#"{"min": 1e300, "max": 2}"#,
        ] {
            assert!(read(refused).is_err(), "{refused}");
        }
    }

    #[tokio::test]
    async fn json_is_read_and_anything_else_is_refused_with_a_sentence() {
        let value = parse(
            "application/json; charset=utf-8",
            r#"{"name":"Weiß"}"#.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(value.expect("parsed")["name"], "Weiß");
        let not_utf8 = sentence(parse("application/json", b"{\"name\":\"\xff\"}".to_vec()).await);
        assert_eq!(not_utf8, "Die Anfrage ist kein gültiges JSON.");
        let broken = sentence(parse("application/json", b"{\"name\":".to_vec()).await);
        assert_eq!(broken, "Die Anfrage ist kein gültiges JSON.");
        let not_json = sentence(parse("text/plain", b"{}".to_vec()).await);
        assert!(not_json.contains("Content-Type"), "{not_json}");
    }
}
