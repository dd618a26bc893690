//! `GET /api/sync/pull`: what changed after a cookie in the cases the calling device filed, a page
//! at a time, plus a newer catalogue and, on the last page, the coming dates its clerk goes to
//! with their bookings. A device never receives another device's cases: the
//! register stays on the server, and the back office reads it through its own list.

use super::MAX_BATCH;
use crate::AppState;
use crate::auth::SignedIn;
use crate::database::cases::{Page, page_after};
use crate::database::sync_clients::last_mutation_id;
use crate::database::{catalogues, day_lists};
use crate::error::ApiError;
use crate::payload::Parameters;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::forms::Date;
use domain::sync::wire::PullResponse;
use domain::tours::booking::DayList;
use domain::wire::ErrorBody;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Bytes of cases on one page, past which the page ends (it always carries at least one), so a
/// page stays small enough for a thin link whatever the cases hold.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// Days ahead a laptop receives the dates its clerk goes to (and yesterday's, for the outcomes
/// of a day's list worked offline).
pub const DAY_LIST_DAYS: i64 = 14;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(pull))
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    municipality: String,
    #[serde(default)]
    cookie: u64,
    limit: Option<usize>,
    /// The catalogue version the client holds; a newer one comes with the answer.
    catalogue: Option<u64>,
}

/// Changes after `cookie` of the cases this device filed in one space, in version order, a page
/// at a time (at most `limit` cases and about a megabyte).
#[utoipa::path(get, path = "/sync/pull", tag = "sync", security(("bearer" = [])),
    params(
        ("municipality" = String, Query, description = "The space (Regionalschlüssel)", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("cookie" = Option<u64>, Query, description = "The version pulled up to; 0 or absent for all", maximum = 18446744073709551615_u64),
        ("limit" = Option<usize>, Query, description = "Changes per page, at most 1000 (default 500); a page also ends after about a megabyte", maximum = 18446744073709551615_u64),
        ("catalogue" = Option<u64>, Query, description = "The catalogue version the client holds; a newer catalogue comes with the answer", maximum = 18446744073709551615_u64),
    ),
    responses((status = 200, body = PullResponse), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn pull(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Parameters(query): Parameters<PullQuery>,
) -> Result<Response, ApiError> {
    let key = signed_in.reach(&state.db, &query.municipality).await?;
    let limit = query.limit.unwrap_or(500).clamp(1, MAX_BATCH);
    let page = page_after(
        &state.db,
        (&key, &signed_in.device_id),
        query.cookie,
        (limit, MAX_PAGE_BYTES),
    )
    .await?;
    let catalogue = match query.catalogue {
        Some(held) => match catalogues::find(&state.db, &key).await? {
            Some(current) if u64::from(current.version) > held => {
                Some(catalogues::for_devices(&state.db, current).await?)
            }
            _ => None,
        },
        None => None,
    };
    let last_mutation_id = last_mutation_id(&state.db, &signed_in.device_id).await?;
    let day_lists = if page.more {
        None
    } else {
        let today = state.today();
        let period = (
            Date::from_unix_days(today.unix_days() - 1),
            Date::from_unix_days(today.unix_days() + DAY_LIST_DAYS),
        );
        Some(day_lists::day_lists(&state.db, &key, &signed_in.username, period).await?)
    };
    let json = page_json(
        &key.to_string(),
        &page,
        last_mutation_id,
        (catalogue.as_ref(), day_lists.as_deref()),
    )?;
    state.metrics.pulled(json.len());
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// A pull page as JSON: the fields of `PullResponse` around the changes the database wrote.
fn page_json(
    municipality: &str,
    page: &Page,
    last_mutation_id: u64,
    (catalogue, day_lists): (Option<&domain::catalogue::Catalogue>, Option<&[DayList]>),
) -> Result<String, ApiError> {
    let internal = |error: serde_json::Error| ApiError::Internal(error.to_string());
    let mut json = String::with_capacity(256 + page.changes.len());
    json.push_str("{\"municipality\":");
    json.push_str(&serde_json::to_string(municipality).map_err(internal)?);
    json.push_str(",\"changes\":[");
    json.push_str(&page.changes);
    json.push_str(&format!(
        "],\"cookie\":{},\"more\":{},\"last_mutation_id\":{last_mutation_id}",
        page.cookie, page.more
    ));
    if let Some(catalogue) = catalogue {
        json.push_str(",\"catalogue\":");
        json.push_str(&serde_json::to_string(catalogue).map_err(internal)?);
    }
    if let Some(day_lists) = day_lists {
        json.push_str(",\"day_lists\":");
        json.push_str(&serde_json::to_string(day_lists).map_err(internal)?);
    }
    json.push('}');
    Ok(json)
}
