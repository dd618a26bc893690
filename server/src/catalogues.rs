//! Service catalogues: each municipality's services, forms, fees and places. A new municipality
//! starts with the standard catalogue (`catalogue/standard.json`); the operator replaces it with
//! `buergerkoffer catalogue import`, which raises its version so devices fetch it at their next
//! contact.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::catalogues;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use domain::catalogue::Catalogue;
use domain::wire::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
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
