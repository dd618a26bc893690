//! Signing in (which enrols the laptop on first use) and signing out.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::users::{self, MAX_PASSWORD_CHARS, MAX_USERNAME_CHARS, normalize_username};
use crate::database::{devices, sessions, sign_in_failures};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::secrets;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use domain::backoff::BackoffPolicy;
use domain::municipality::RegionalKey;
use domain::wire::ErrorBody;
use domain::wire::{SignInRequest, SignInResponse};
use std::net::SocketAddr;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A clerk may mistype a few times; after that each failure doubles the wait.
const ACCOUNT_BACKOFF: BackoffPolicy = BackoffPolicy {
    free_attempts: 5,
    first_delay_secs: 2,
    max_delay_secs: 15 * 60,
};

/// One town hall's clerks may share an address: more free attempts, the same ceiling.
const ADDRESS_BACKOFF: BackoffPolicy = BackoffPolicy {
    free_attempts: 20,
    first_delay_secs: 2,
    max_delay_secs: 15 * 60,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in))
        .routes(routes!(sign_out))
}

/// Signs a clerk in; the first sign-in on a laptop enrols it (device id and credential).
#[utoipa::path(post, path = "/sessions", tag = "sessions", request_body = SignInRequest, responses(
    (status = 200, description = "Signed in", body = SignInResponse),
    (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody),
    (status = 401, description = "Wrong user name or password, or unknown device", body = ErrorBody),
    (status = 422, description = "The device key is no point of the P-256 curve", body = ErrorBody),
    (status = 403, description = "The device is enrolled, or is to be enrolled, for another municipality; or the account is disabled", body = ErrorBody),
    (status = 429, description = "Too many failed attempts; retry later", body = ErrorBody),
    (status = 503, description = "Too many sign-ins are being checked at once; retry shortly", body = ErrorBody),
))]
async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Payload(request): Payload<SignInRequest>,
) -> Result<Json<SignInResponse>, ApiError> {
    if request.username.chars().count() > MAX_USERNAME_CHARS
        || request.password.chars().count() > MAX_PASSWORD_CHARS
    {
        return Err(ApiError::BadRequest(format!(
            "Benutzername (höchstens {MAX_USERNAME_CHARS} Zeichen) oder Passwort (höchstens {MAX_PASSWORD_CHARS} Zeichen) ist zu lang."
        )));
    }
    let device_key = request
        .device_key
        .as_deref()
        .map(devices::DeviceKey::parse)
        .transpose()?;
    let now = state.now();
    let account = normalize_username(&request.username);
    let address = state.client_address(peer.ip(), &headers);
    // A laptop that proves it is enrolled is not held back by the account's failures: someone
    // who only knows the user name cannot lock the clerk out of their own Koffer.
    let proven_device = match &request.device {
        Some(proof) => crate::auth::verify_device(&state.db, &proof.id, &proof.credential)
            .await
            .is_ok(),
        None => false,
    };
    // Argon2 holds 19 MiB and tens of milliseconds of CPU per check: only a few at once.
    let _permit = state
        .password_checks
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Busy {
            retry_after_secs: 1,
        })?;
    // Counted as failed before the check and taken back after a success, so parallel guesses
    // cannot all be checked while the first one is; in the database, so every instance on it
    // counts the same failures.
    let account_subject = format!("account:{account}");
    let address_subject = format!("address:{address}");
    let mut subjects = vec![(address_subject.clone(), ADDRESS_BACKOFF)];
    if !proven_device {
        subjects.push((account_subject.clone(), ACCOUNT_BACKOFF));
    }
    let wait = sign_in_failures::count_attempt(&state.db, &subjects, now).await?;
    if wait > 0 {
        return Err(ApiError::TooManyAttempts {
            retry_after_secs: wait,
        });
    }

    let user = users::find_by_username(&state.db, &account).await?;
    let stored_hash = user
        .as_ref()
        .map_or_else(|| secrets::DECOY_HASH.clone(), |u| u.password_hash.clone());
    let password = request.password.clone();
    // Argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let password_ok =
        tokio::task::spawn_blocking(move || secrets::verify_password(&stored_hash, &password))
            .await
            .map_err(|error| ApiError::Internal(error.to_string()))?;
    let user = match user {
        Some(user) if password_ok => user,
        _ => {
            tracing::info!(%account, %address, "failed sign-in");
            return Err(ApiError::InvalidCredentials);
        }
    };
    sign_in_failures::succeeded(&state.db, &account_subject, &address_subject).await?;
    if user.disabled {
        return Err(ApiError::AccountDisabled);
    }

    let (device_id, device_credential) = match &request.device {
        Some(proof) => {
            let municipality =
                crate::auth::verify_device(&state.db, &proof.id, &proof.credential).await?;
            if municipality != user.municipality {
                return Err(ApiError::DeviceOfOtherMunicipality);
            }
            if let Some(key) = &device_key {
                devices::register_key_if_none(&state.db, &proof.id, key).await?;
            }
            (proof.id.clone(), None)
        }
        None => {
            if let Some(wanted) = &request.enrol_for {
                let wanted = RegionalKey::parse(wanted).map_err(|_| {
                    ApiError::Unprocessable(format!("Unbekannter Regionalschlüssel „{wanted}“."))
                })?;
                if wanted != user.municipality {
                    return Err(ApiError::DeviceOfOtherMunicipality);
                }
            }
            let label = request.device_label.as_deref().unwrap_or_default();
            let id = secrets::new_id().map_err(ApiError::Internal)?;
            let credential = secrets::new_token().map_err(ApiError::Internal)?;
            devices::enrol(
                &state.db,
                &user.municipality,
                user.id,
                (label, device_key.as_ref()),
                (&id, &credential),
                now,
            )
            .await?;
            tracing::info!(device = %id, user = %user.username, "device enrolled");
            (id, Some(credential))
        }
    };

    let token = secrets::new_token().map_err(ApiError::Internal)?;
    let expires_at = now + state.session_lifetime_secs;
    sessions::open(
        &state.db,
        &secrets::digest(&token),
        (user.id, &device_id),
        (expires_at, now),
    )
    .await?;

    Ok(Json(SignInResponse {
        token,
        expires_at,
        device_id,
        device_credential,
        clerk: users::profile(&state.db, &user).await?,
    }))
}

/// Ends the current session.
#[utoipa::path(delete, path = "/sessions/current", tag = "sessions", security(("bearer" = [])), responses(
    (status = 204, description = "Signed out"),
    (status = 401, description = "Not signed in", body = ErrorBody),
))]
async fn sign_out(
    signed_in: SignedIn,
    State(state): State<AppState>,
) -> Result<StatusCode, ApiError> {
    sessions::end(&state.db, &signed_in.token_digest).await?;
    state.assistance.sign_out(&signed_in.token_digest);
    Ok(StatusCode::NO_CONTENT)
}
