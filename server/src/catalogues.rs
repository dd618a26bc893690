//! Service catalogues: each municipality's services, forms, fees and places. A new municipality
//! starts with the standard catalogue (`catalogue/standard.json`); its admin replaces it in the
//! console, after reading what would change (or the operator with `buergerkoffer catalogue
//! import`), which raises its version so devices fetch it at their next contact.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::catalogues;
use crate::database::catalogues::CatalogueBody;
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::State;
use domain::catalogue::{Catalogue, changes};
use domain::wire::{CatalogueReview, ErrorBody, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(preview))
        .routes(routes!(replace))
}

/// The catalogues of the caller's municipality and of those it serves by delegation.
#[utoipa::path(get, path = "/catalogues", tag = "catalogues", security(("bearer" = [])),
    responses((status = 200, body = Vec<Catalogue>), (status = 401, description = "Not signed in", body = ErrorBody)))]
async fn list(
    signed_in: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<Catalogue>>, ApiError> {
    let catalogues = catalogues::of_person(&state.db, &signed_in.municipality).await?;
    Ok(Json(catalogues))
}

/// What a catalogue would change against the admin's municipality's own, once checked; nothing
/// is stored.
async fn review(
    state: &AppState,
    admin: &SignedIn,
    body: &CatalogueBody,
) -> Result<CatalogueReview, ApiError> {
    admin.require_role(Role::Admin)?;
    let held = catalogues::find(&state.db, &admin.municipality).await?;
    let (places, services) = held
        .as_ref()
        .map_or((&[][..], &[][..]), |c| (&c.places[..], &c.services[..]));
    Ok(CatalogueReview {
        version: held.as_ref().map_or(0, |c| c.version),
        changes: changes((places, services), (&body.places, &body.services)),
    })
}

/// Checks a catalogue the admin uploads and says what it would change; a catalogue with
/// mistakes is refused naming each.
#[utoipa::path(post, path = "/catalogue/preview", tag = "catalogues", security(("bearer" = [])),
    request_body = CatalogueBody,
    responses((status = 200, body = CatalogueReview), (status = 400, description = "Not a usable catalogue; the body names each mistake", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn preview(
    admin: SignedIn,
    State(state): State<AppState>,
    Payload(body): Payload<CatalogueBody>,
) -> Result<Json<CatalogueReview>, ApiError> {
    admin.require_role(Role::Admin)?;
    let body = catalogues::check(body)?;
    Ok(Json(review(&state, &admin, &body).await?))
}

/// Replaces the admin's municipality's catalogue; the laptops fetch the new version at their
/// next contact. Answers what changed.
#[utoipa::path(put, path = "/catalogue", tag = "catalogues", security(("bearer" = [])),
    request_body = CatalogueBody,
    responses((status = 200, body = CatalogueReview), (status = 400, description = "Not a usable catalogue; the body names each mistake", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn replace(
    admin: SignedIn,
    State(state): State<AppState>,
    Payload(body): Payload<CatalogueBody>,
) -> Result<Json<CatalogueReview>, ApiError> {
    admin.require_role(Role::Admin)?;
    let body = catalogues::check(body)?;
    let reviewed = review(&state, &admin, &body).await?;
    let by = (admin.username.as_str(), state.now());
    catalogues::replace(&state.db, &admin.municipality, &body, by).await?;
    Ok(Json(reviewed))
}
