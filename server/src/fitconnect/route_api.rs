//! The admin's FIT-Connect routes in the town-hall console: listed, set (checked as the command
//! checks them, `routes::check`) and removed, for the admin's own municipality; every change in
//! the admin log, and the catalogue's version raised so the laptops fetch the schema.

use super::routes::{RouteRequest, check};
use crate::AppState;
use crate::auth::SignedIn;
use crate::database::catalogues;
use crate::database::handover_routes::{self, Route};
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::wire::{ErrorBody, HandoverRoute, NewHandoverRoute, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(set, remove))
}

fn summary(route: Route) -> HandoverRoute {
    HandoverRoute {
        service: route.service,
        destination: route.destination,
        key_valid_until: route.key_valid_until,
        schema_uri: route.schema_uri,
    }
}

/// The routes of the admin's municipality, by service.
#[utoipa::path(get, path = "/municipality/routes", tag = "municipalities", security(("bearer" = [])),
    responses((status = 200, body = Vec<HandoverRoute>), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn list(
    admin: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<HandoverRoute>>, ApiError> {
    admin.require_role(Role::Admin)?;
    let routes = handover_routes::of(&state.db, &admin.municipality).await?;
    Ok(Json(routes.into_iter().map(summary).collect()))
}

/// Sets where the cases of `service` are submitted, in place of the route before; refused
/// with a sentence, storing nothing, where the route's check finds a fault.
#[utoipa::path(put, path = "/municipality/routes/{service}", tag = "municipalities", security(("bearer" = [])),
    params(("service" = String, Path, description = "The catalogue's id of the service")),
    request_body = NewHandoverRoute,
    responses((status = 200, description = "The route as set", body = HandoverRoute), (status = 422, description = "An unknown service or one without LeiKa key, no destination id, a key FIT-Connect would refuse or past its last day, or a schema the check before sending cannot check", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn set(
    admin: SignedIn,
    State(state): State<AppState>,
    Path(service): Path<String>,
    Payload(request): Payload<NewHandoverRoute>,
) -> Result<Json<HandoverRoute>, ApiError> {
    admin.require_role(Role::Admin)?;
    let catalogue = catalogues::find(&state.db, &admin.municipality)
        .await?
        .ok_or(ApiError::NotFound)?;
    let asked = RouteRequest {
        service: &service,
        destination: &request.destination,
        key_jwk: &request.key_jwk,
        key_valid_until: &request.key_valid_until,
        schema_uri: &request.schema_uri,
        data_schema: &request.data_schema,
    };
    let route = check(&asked, &catalogue, state.today())
        .map_err(|refusal| ApiError::Unprocessable(refusal.to_string()))?;
    handover_routes::set(&state.db, &route, (admin.username.as_str(), state.now())).await?;
    Ok(Json(summary(route)))
}

/// Removes the route of `service`: its cases are no longer submitted.
#[utoipa::path(delete, path = "/municipality/routes/{service}", tag = "municipalities", security(("bearer" = [])),
    params(("service" = String, Path, description = "The catalogue's id of the service")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No route for this service", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn remove(
    admin: SignedIn,
    State(state): State<AppState>,
    Path(service): Path<String>,
) -> Result<StatusCode, ApiError> {
    admin.require_role(Role::Admin)?;
    let by = (admin.username.as_str(), state.now());
    if handover_routes::remove(&state.db, &admin.municipality, &service, by).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
