//! Municipalities and their delegations: which town's data a clerk may touch; and for its
//! admin, the municipality's settings: the offline lease and the places of the Koffer.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::catalogues;
use crate::database::municipalities::{find, served_by, set_offline_lease};
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::wire::ErrorBody;
use domain::wire::MunicipalityInfo;
use domain::wire::{MunicipalitySettings, NewLease, NewPlaces, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show))
        .routes(routes!(settings))
        .routes(routes!(set_lease))
        .routes(routes!(set_places))
}

/// A municipality the caller may act for: their own, or one it serves by delegation.
#[utoipa::path(get, path = "/municipalities/{regional_key}", tag = "municipalities", security(("bearer" = [])),
    params(("regional_key" = String, Path, description = "12-digit Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$")),
    responses((status = 200, body = MunicipalityInfo), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn show(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path(regional_key): Path<String>,
) -> Result<Json<MunicipalityInfo>, ApiError> {
    let key = signed_in.reach(&state.db, &regional_key).await?;
    let info = find(&state.db, &key).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(info))
}

/// The admin's municipality as they set it up.
#[utoipa::path(get, path = "/municipality", tag = "municipalities", security(("bearer" = [])),
    responses((status = 200, body = MunicipalitySettings), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn settings(
    admin: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<MunicipalitySettings>, ApiError> {
    admin.require_role(Role::Admin)?;
    let key = &admin.municipality;
    let municipality = find(&state.db, key).await?.ok_or(ApiError::NotFound)?;
    let catalogue = catalogues::find(&state.db, key).await?;
    Ok(Json(MunicipalitySettings {
        municipality,
        places: catalogue
            .as_ref()
            .map(|c| c.places.clone())
            .unwrap_or_default(),
        two_clerk_places: catalogue
            .as_ref()
            .map(|c| c.two_clerk_places.clone())
            .unwrap_or_default(),
        catalogue_version: catalogue.map_or(0, |c| c.version),
        serves: served_by(&state.db, key).await?,
    }))
}

/// Sets the days a laptop of the admin's municipality may work without reaching the server.
#[utoipa::path(put, path = "/municipality/lease", tag = "municipalities", security(("bearer" = [])),
    request_body = NewLease,
    responses((status = 204, description = "Set"), (status = 400, description = "Outside 1 to 90 days", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn set_lease(
    admin: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<NewLease>,
) -> Result<StatusCode, ApiError> {
    admin.require_role(Role::Admin)?;
    let by = (admin.username.as_str(), state.now());
    set_offline_lease(
        &state.db,
        &admin.municipality,
        request.offline_lease_days,
        by,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets where the Koffer of the admin's municipality is set up: a new catalogue version, which
/// the laptops fetch at their next contact.
#[utoipa::path(put, path = "/municipality/places", tag = "municipalities", security(("bearer" = [])),
    request_body = NewPlaces,
    responses((status = 200, description = "The catalogue's new version", body = u32, content_type = "application/json"), (status = 400, description = "No place given", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn set_places(
    admin: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<NewPlaces>,
) -> Result<Json<u32>, ApiError> {
    admin.require_role(Role::Admin)?;
    let by = (admin.username.as_str(), state.now());
    let version = catalogues::set_places(
        &state.db,
        &admin.municipality,
        (&request.places, &request.two_clerk_places),
        by,
    )
    .await?;
    Ok(Json(version))
}
