//! A citizen's request to be called back, made at a Bürger-Terminal when they would rather talk
//! to the administration: a name, a phone number and what it is about. The back office calls
//! back and marks it done. Checked here, on the kiosk before sending and on the server again.

use crate::tours::booking::Contact;
use serde::{Deserialize, Serialize};

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_TOPIC_CHARS: usize = 300;

/// What the citizen asks at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallbackRequest {
    pub name: String,
    /// A phone number: digits, spaces and `+ - / ( )`, at least six digits.
    pub phone: String,
    /// What it is about, in the citizen's words; may be empty.
    #[serde(default)]
    pub topic: String,
}

/// A request as the back office reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Callback {
    pub id: String,
    /// The place of the terminal it was made at.
    pub place: String,
    pub name: String,
    pub phone: String,
    pub topic: String,
    /// Seconds since the epoch.
    pub requested_at: u64,
    /// When it was marked done, and by whom (user name).
    pub done_at: Option<u64>,
    pub done_by: Option<String>,
}

/// Why a request is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackRefusal {
    NoName,
    NameTooLong,
    NotAPhone,
    TopicTooLong,
}

/// The request as kept: trimmed, or why it cannot be.
pub fn check(request: &CallbackRequest) -> Result<CallbackRequest, CallbackRefusal> {
    let name = request.name.trim();
    if name.is_empty() {
        return Err(CallbackRefusal::NoName);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(CallbackRefusal::NameTooLong);
    }
    let phone = match Contact::parse(&request.phone) {
        Ok(Contact::Phone(phone)) => phone,
        _ => return Err(CallbackRefusal::NotAPhone),
    };
    let topic = request.topic.trim();
    if topic.chars().count() > MAX_TOPIC_CHARS {
        return Err(CallbackRefusal::TopicTooLong);
    }
    Ok(CallbackRequest {
        name: name.to_owned(),
        phone,
        topic: topic.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str, phone: &str, topic: &str) -> CallbackRequest {
        CallbackRequest {
            name: name.into(),
            phone: phone.into(),
            topic: topic.into(),
        }
    }

    #[test]
    fn a_request_is_kept_trimmed() {
        assert_eq!(
            check(&request(
                "  Erna Hoffmann ",
                " 03764 12345 ",
                " Hundesteuer "
            )),
            Ok(request("Erna Hoffmann", "03764 12345", "Hundesteuer"))
        );
    }

    #[test]
    fn a_request_needs_a_name_and_a_phone_number() {
        assert_eq!(
            check(&request(" ", "03764 12345", "")),
            Err(CallbackRefusal::NoName)
        );
        assert_eq!(
            check(&request(&"x".repeat(81), "03764 12345", "")),
            Err(CallbackRefusal::NameTooLong)
        );
        for phone in ["", "erna@example.org", "12345", "0376x 12345"] {
            assert_eq!(
                check(&request("Erna", phone, "")),
                Err(CallbackRefusal::NotAPhone),
                "{phone}"
            );
        }
        assert_eq!(
            check(&request("Erna", "03764 12345", &"x".repeat(301))),
            Err(CallbackRefusal::TopicTooLong)
        );
    }
}
