//! Clerks, back-office staff and admins, each belonging to one municipality; an admin (or the
//! operator) lists them, creates one, disables one (their sessions end, their laptops are
//! revoked) and resets a password.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::Db;
use crate::database::users::{
    NewUser, User, create, disable, find_by_username, list, reset_password,
};
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::wire::{ErrorBody, NewPassword, NewPerson};
use domain::wire::{Role, UserSummary};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_by_admin, create_by_admin))
        .routes(routes!(disable_by_admin))
        .routes(routes!(reset_password_by_admin))
}

/// The people of the admin's municipality.
#[utoipa::path(get, path = "/users", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = Vec<UserSummary>), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn list_by_admin(
    admin: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    admin.require_role(Role::Admin)?;
    let people = list(&state.db, Some(&admin.municipality)).await?;
    Ok(Json(people.iter().map(User::summary).collect()))
}

/// Creates a person in the admin's municipality, with a first password the admin passes on.
#[utoipa::path(post, path = "/users", tag = "people", security(("bearer" = [])),
    request_body = NewPerson,
    responses((status = 201, body = UserSummary), (status = 400, description = "A name taken or malformed, or the password too short; the body says which", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn create_by_admin(
    admin: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<NewPerson>,
) -> Result<(StatusCode, Json<UserSummary>), ApiError> {
    admin.require_role(Role::Admin)?;
    create(
        &state.db,
        NewUser {
            municipality: &admin.municipality,
            username: &request.username,
            display_name: &request.display_name,
            role: request.role,
            password: &request.password,
        },
        (&admin.username, state.now()),
    )
    .await?;
    let person = find_by_username(&state.db, &request.username)
        .await?
        .ok_or(ApiError::NotFound)?;
    tracing::info!(user = %person.username, by = %admin.username, "user created");
    Ok((StatusCode::CREATED, Json(person.summary())))
}

/// A person of the admin's municipality, or `NotFound` (another municipality's people do not
/// exist for this admin).
async fn of_admins_municipality(
    db: &Db,
    admin: &SignedIn,
    username: &str,
) -> Result<User, ApiError> {
    admin.require_role(Role::Admin)?;
    find_by_username(db, username)
        .await?
        .filter(|person| person.municipality == admin.municipality)
        .ok_or(ApiError::NotFound)
}

/// Disables a person of the admin's municipality: their sessions end and their laptops are
/// revoked at once.
#[utoipa::path(post, path = "/users/{username}/disable", tag = "people", security(("bearer" = [])),
    params(("username" = String, Path, description = "User name")),
    responses((status = 200, body = UserSummary), (status = 400, description = "The admin's own account", body = ErrorBody), (status = 404, description = "No such person in this municipality", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn disable_by_admin(
    admin: SignedIn,
    State(state): State<AppState>,
    Path(username): Path<String>,
) -> Result<Json<UserSummary>, ApiError> {
    let person = of_admins_municipality(&state.db, &admin, &username).await?;
    if person.id == admin.user_id {
        return Err(ApiError::Unprocessable(
            "Das eigene Konto kann nicht gesperrt werden.".into(),
        ));
    }
    disable(&state.db, &person.username, (&admin.username, state.now())).await?;
    tracing::info!(user = %person.username, by = %admin.username, "user disabled");
    Ok(Json(UserSummary {
        disabled: true,
        ..person.summary()
    }))
}

/// Sets a new password for a person of the admin's municipality; their sessions end.
#[utoipa::path(post, path = "/users/{username}/password", tag = "people", security(("bearer" = [])),
    params(("username" = String, Path, description = "User name")),
    request_body = NewPassword,
    responses((status = 204, description = "Set"), (status = 400, description = "Too short or too long; the body says why", body = ErrorBody), (status = 404, description = "No such person in this municipality", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn reset_password_by_admin(
    admin: SignedIn,
    State(state): State<AppState>,
    Path(username): Path<String>,
    Payload(request): Payload<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let person = of_admins_municipality(&state.db, &admin, &username).await?;
    reset_password(
        &state.db,
        &person.username,
        &request.password,
        (&admin.username, state.now()),
    )
    .await?;
    tracing::info!(user = %person.username, by = %admin.username, "password reset");
    Ok(StatusCode::NO_CONTENT)
}
