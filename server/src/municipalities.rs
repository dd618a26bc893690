//! Municipalities and their delegations: which town's data a clerk may touch.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::municipalities::find;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use domain::wire::ErrorBody;
use domain::wire::MunicipalityInfo;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// A municipality the caller may act for: their own, or one it serves by delegation.
#[utoipa::path(get, path = "/municipalities/{regional_key}", tag = "municipalities", security(("bearer" = [])),
    params(("regional_key" = String, Path, description = "12-digit Regionalschlüssel")),
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
