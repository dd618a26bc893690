//! The one error type of the API and the one place it becomes an HTTP answer.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::wire::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub enum ApiError {
    /// The request does not fit the API's schema (not JSON, a field missing or of another type,
    /// a path or header not in its pattern); the text says what to fix.
    BadRequest(String),
    /// The request fits the schema but breaks a rule the schema does not state (a key that is
    /// no point of its curve, a period ending before it begins); the text says which.
    Unprocessable(String),
    /// The request asks for a step the resource's present state does not allow (a case's next
    /// status, a conflict already decided); the text says why.
    Conflict(String),
    /// Wrong user name or password. Deliberately the same answer whether or not the account exists.
    InvalidCredentials,
    /// Too many failed sign-ins for this account or address.
    TooManyAttempts {
        retry_after_secs: u64,
    },
    /// Too many bookings from one terminal, or for one date, in the rate limits' window.
    TooManyBookings {
        retry_after_secs: u64,
    },
    /// Too many filings or call-back requests from one terminal in the rate limits' window.
    TooManyFromTerminal {
        retry_after_secs: u64,
    },
    NotSignedIn,
    SessionExpired,
    /// The assistance socket was opened without a ticket, or with one that is used, expired or
    /// made up.
    TicketInvalid,
    /// A plain HTTP request, with a valid ticket, to an address that speaks only WebSocket.
    NotWebSocket,
    /// The device proof does not match an enrolled device. A device may enrol anew after that
    /// (the server may have been restored from a backup older than its enrolment), so a device
    /// of another municipality gets `DeviceOfOtherMunicipality` instead.
    UnknownDevice,
    /// The device is enrolled for another municipality than the user signing in on it.
    DeviceOfOtherMunicipality,
    /// The device was revoked: the answer tells the browser to wipe the app's storage.
    DeviceRevoked,
    /// The account was disabled by an admin.
    AccountDisabled,
    /// Signed in, but this is not the caller's municipality or role.
    Forbidden,
    /// A push names another device as its sender than the one signed in.
    OtherDevicesClientId,
    NotFound,
    /// The municipality's storage quota is used up.
    QuotaReached,
    /// The device pushing has registered no signing key.
    DeviceKeyMissing,
    /// A push's device signature does not hold for its proposals and the device's key.
    DeviceSignatureInvalid,
    /// A part of an upload does not start where the server's held bytes end (`held`).
    UploadOffsetMismatch {
        held: u64,
    },
    /// Too many sign-ins are being checked at once; try again shortly.
    Busy {
        retry_after_secs: u64,
    },
    /// The request took longer than `limits::REQUEST_TIMEOUT`.
    TimedOut,
    /// Something failed on our side. The detail is logged, never shown to the caller.
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, ErrorCode, String) {
        match self {
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message.clone()),
            Self::Conflict(message) => (StatusCode::CONFLICT, ErrorCode::BadRequest, message.clone()),
            Self::Unprocessable(message) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::BadRequest,
                message.clone(),
            ),
            Self::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidCredentials,
                "Benutzername oder Passwort ist falsch.".into(),
            ),
            Self::TooManyAttempts { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyAttempts,
                format!(
                    "Zu viele Fehlversuche. Bitte in {retry_after_secs} Sekunden erneut versuchen."
                ),
            ),
            Self::TooManyBookings { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyAttempts,
                "Zu viele Buchungen in kurzer Zeit. Bitte versuchen Sie es in einigen Minuten wieder oder rufen Sie im Rathaus an."
                    .into(),
            ),
            Self::TooManyFromTerminal { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyAttempts,
                "An diesem Terminal wurde in kurzer Zeit zu oft etwas eingereicht; nichts wurde übernommen. Bitte versuchen Sie es in einigen Minuten wieder oder rufen Sie im Rathaus an."
                    .into(),
            ),
            Self::NotSignedIn => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::NotSignedIn,
                "Bitte melden Sie sich an.".into(),
            ),
            Self::SessionExpired => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::SessionExpired,
                "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.".into(),
            ),
            Self::TicketInvalid => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::NotSignedIn,
                "Die Verbindung zur Video-Beratung braucht ein gültiges Ticket. Bitte versuchen Sie es noch einmal."
                    .into(),
            ),
            Self::NotWebSocket => (
                StatusCode::UPGRADE_REQUIRED,
                ErrorCode::BadRequest,
                "Diese Adresse spricht nur WebSocket.".into(),
            ),
            Self::UnknownDevice => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::UnknownDevice,
                "Dieses Gerät ist nicht angemeldet. Bitte richten Sie es neu ein.".into(),
            ),
            Self::DeviceOfOtherMunicipality => (
                StatusCode::FORBIDDEN,
                ErrorCode::DeviceOfOtherMunicipality,
                "Dieses Gerät ist für eine andere Gemeinde eingerichtet. Bitte mit einem Konto dieser Gemeinde anmelden."
                    .into(),
            ),
            Self::DeviceRevoked => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::DeviceRevoked,
                "Dieses Gerät wurde gesperrt. Die Daten der App auf diesem Gerät werden gelöscht."
                    .into(),
            ),
            Self::AccountDisabled => (
                StatusCode::FORBIDDEN,
                ErrorCode::AccountDisabled,
                "Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Verwaltung Ihrer Gemeinde."
                    .into(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "Dafür fehlt Ihnen die Berechtigung.".into(),
            ),
            Self::OtherDevicesClientId => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "Die Client-Kennung gehört nicht zu diesem Gerät. Die Fälle bleiben auf dem Laptop; bitte melden Sie sich darauf erneut an."
                    .into(),
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "Diese Adresse gibt es nicht.".into(),
            ),
            Self::QuotaReached => (
                StatusCode::INSUFFICIENT_STORAGE,
                ErrorCode::QuotaReached,
                "Der Speicherplatz der Gemeinde auf dem Server ist erschöpft. Bitte den Betrieb (Rechenzentrum) verständigen; die Daten bleiben auf dem Gerät."
                    .into(),
            ),
            Self::DeviceKeyMissing => (
                StatusCode::FORBIDDEN,
                ErrorCode::DeviceKeyMissing,
                "Dieser Laptop hat dem Server noch keinen Schlüssel zum Unterschreiben genannt. Bitte melden Sie sich mit Ihrem Passwort erneut an; die Fälle bleiben bis dahin auf dem Laptop."
                    .into(),
            ),
            Self::DeviceSignatureInvalid => (
                StatusCode::FORBIDDEN,
                ErrorCode::DeviceSignatureInvalid,
                "Die Übertragung trägt keine gültige Unterschrift dieses Laptops und wurde nicht angenommen. Die Fälle bleiben auf dem Laptop; bitte verständigen Sie die Verwaltung."
                    .into(),
            ),
            Self::UploadOffsetMismatch { held } => (
                StatusCode::CONFLICT,
                ErrorCode::UploadOffsetMismatch,
                format!(
                    "Der Server hält von diesem Foto {held} Bytes; der nächste Teil muss dort ansetzen. Die Übertragung setzt dort fort."
                ),
            ),
            Self::Busy { retry_after_secs } => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Busy,
                format!(
                    "Der Server prüft gerade viele Anmeldungen. Bitte in {retry_after_secs} Sekunden erneut versuchen."
                ),
            ),
            Self::TimedOut => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::TimedOut,
                "Die Anfrage hat zu lange gedauert. Bitte erneut versuchen.".into(),
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "Interner Fehler des Servers. Bitte später erneut versuchen.".into(),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, error, message) = self.parts();
        let retry_after_secs = match self {
            Self::TooManyAttempts { retry_after_secs }
            | Self::Busy { retry_after_secs }
            | Self::TooManyBookings { retry_after_secs }
            | Self::TooManyFromTerminal { retry_after_secs } => Some(retry_after_secs),
            _ => None,
        };
        let body = ErrorBody {
            error,
            message,
            retry_after_secs,
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(secs) = retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if matches!(self, Self::NotWebSocket) {
            // RFC 9110 (15.5.22): a 426 names the protocol to switch to.
            headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        }
        if matches!(self, Self::DeviceRevoked) {
            // The browser clears the origin's storage and caches itself, even if the app's own
            // wipe never runs (e.g. the page is closed right after).
            headers.insert(
                "clear-site-data",
                HeaderValue::from_static("\"storage\", \"cache\""),
            );
        }
        response
    }
}

impl From<crate::database::DataError> for ApiError {
    fn from(error: crate::database::DataError) -> Self {
        match error {
            crate::database::DataError::Invalid(sentence) => Self::Unprocessable(sentence),
            crate::database::DataError::Database(error) => error.into(),
            crate::database::DataError::Corrupt(detail) => Self::Internal(detail),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.to_string())
    }
}
