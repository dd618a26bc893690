//! The admin log of a municipality, as its admins read it in the console: who created, disabled
//! or gave a new password to whom, and which laptops were revoked (`database::admin_log`).

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::admin_log::newest;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use domain::wire::{AdminLogEntry, ErrorBody, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Entries shown: a console shows the recent ones; older ones stay in the database.
const SHOWN: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(admin_log))
}

/// The newest entries of the admin's municipality's log, newest first.
#[utoipa::path(get, path = "/admin-log", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminLogEntry>), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn admin_log(
    admin: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<AdminLogEntry>>, ApiError> {
    admin.require_role(Role::Admin)?;
    Ok(Json(newest(&state.db, &admin.municipality, SHOWN).await?))
}
