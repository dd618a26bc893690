//! Enrolled laptops reporting in, and the admin's list of them and revocation (enrolment is
//! part of signing in, `sessions`).

use crate::AppState;
use crate::auth::{EnrolledDevice, SignedIn};
use crate::database::{devices, municipalities};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::wire::ErrorBody;
use domain::wire::{DeviceContact, DeviceSummary, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(contact))
        .routes(routes!(revoke_by_admin))
        .routes(routes!(list_by_admin))
}

/// An enrolled device reports in: it learns its municipality's offline lease, and a revoked
/// device is told to wipe itself (see `ApiError::DeviceRevoked`).
#[utoipa::path(post, path = "/devices/contact", tag = "devices", security(("device" = [])), responses(
    (status = 200, description = "Still enrolled", body = DeviceContact),
    (status = 401, description = "Unknown device", body = ErrorBody),
    (status = 410, description = "Revoked: the browser is told to wipe the app's storage", body = ErrorBody),
))]
async fn contact(
    device: EnrolledDevice,
    State(state): State<AppState>,
) -> Result<Json<DeviceContact>, ApiError> {
    let now = state.now();
    devices::record_contact(&state.db, &device.id, now).await?;
    let municipality = municipalities::find(&state.db, &device.municipality)
        .await?
        .ok_or(ApiError::UnknownDevice)?;
    Ok(Json(DeviceContact {
        device_id: device.id,
        offline_lease_days: municipality.offline_lease_days,
        server_time: now,
    }))
}

/// The laptops of the admin's municipality: who enrolled them, when each last reported in,
/// and which are revoked.
#[utoipa::path(get, path = "/devices", tag = "devices", security(("bearer" = [])),
    responses((status = 200, body = Vec<DeviceSummary>), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn list_by_admin(
    admin: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    admin.require_role(Role::Admin)?;
    Ok(Json(
        devices::laptops_of(&state.db, &admin.municipality).await?,
    ))
}

/// An admin revokes a device of their municipality.
#[utoipa::path(post, path = "/devices/{id}/revoke", tag = "devices", security(("bearer" = [])),
    params(("id" = String, Path, description = "Device id")),
    responses((status = 204, description = "Revoked"), (status = 404, description = "No such device", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn revoke_by_admin(
    admin: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    admin.require_role(Role::Admin)?;
    match devices::municipality_of(&state.db, &id).await? {
        None => Err(ApiError::NotFound),
        Some(m) if m != admin.municipality.to_string() => Err(ApiError::Forbidden),
        Some(_) => {
            devices::revoke(&state.db, &id, (&admin.username, state.now())).await?;
            state.assistance.revoke_terminal(&id);
            tracing::info!(device = %id, by = %admin.username, "device revoked");
            Ok(StatusCode::NO_CONTENT)
        }
    }
}
