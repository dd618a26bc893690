//! Handing a case over to the authority that decides it: a self-contained package per case
//! (`package`: a PDF/A-3a file a person reads, `pdf`, with the machine-readable case inside),
//! for one case or as a ZIP of many (`batch`), for the back office and the operator's
//! `buergerkoffer case export`.

pub mod batch;
pub mod export;
mod package;
mod pdf;

pub use package::{CASE_FILE, Gathered, Package, build, gather};

use crate::AppState;
use crate::auth::SignedIn;
use crate::cases::{ListQuery, PAGE};
use crate::database::{DataError, Db};
use crate::error::ApiError;
use crate::payload::Parameters;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::audit::SealingKey;
use domain::municipality::RegionalKey;
use domain::wire::{CaseFilter, ErrorBody};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(one))
        .routes(routes!(many))
}

/// The handover package of one case: a PDF/A-3a file with the case as `fall.json` inside.
#[utoipa::path(get, path = "/cases/{municipality}/{id}/handover", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "Case id")),
    responses((status = 200, description = "The package (PDF/A-3a)", content_type = "application/pdf", body = Vec<u8>), (status = 404, description = "No such case", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn one(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let gathered = gather(&state.db, &key, &id, &state.sealing_key, state.now() * 1000)
        .await?
        .ok_or(ApiError::NotFound)?;
    let package = tokio::task::spawn_blocking(move || build(gathered))
        .await
        .map_err(|error| ApiError::Internal(error.to_string()))?
        .map_err(ApiError::Internal)?;
    let disposition = format!("attachment; filename=\"{}\"", package.file_name());
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        package.pdf,
    )
        .into_response())
}

/// The handover packages of the cases the list shows for the same filter, one PDF per case in
/// a ZIP with `manifest.json` last; streamed as the packages are made.
#[utoipa::path(get, path = "/cases/handover", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Query, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("before" = Option<u64>, Query, description = "Only cases last changed before this version", maximum = 18446744073709551615_u64),
        ("limit" = Option<usize>, Query, description = "At most this many cases (default: all)", maximum = 18446744073709551615_u64),
        ("status" = Option<domain::cases::CaseStatus>, Query, description = "Only cases in this status"),
        ("service" = Option<String>, Query, description = "Only cases requesting this service (catalogue id)"),
        ("place" = Option<String>, Query, description = "Only cases taken at this place"),
        ("from" = Option<String>, Query, description = "Only visits on or after this day (ISO)"),
        ("to" = Option<String>, Query, description = "Only visits on or before this day (ISO)"),
        ("clerk" = Option<String>, Query, description = "Only cases opened by this clerk (display name)"),
        ("flagged" = Option<bool>, Query, description = "Only cases with parts waiting for a decision")),
    responses((status = 200, description = "A ZIP of packages and their manifest", content_type = "application/zip", body = Vec<u8>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn many(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Parameters(query): Parameters<ListQuery>,
) -> Result<Response, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &query.municipality).await?;
    let selection = Selection {
        filter: query.filter()?,
        before: query.before.unwrap_or(u64::MAX),
        limit: query.limit.unwrap_or(usize::MAX),
    };
    let (to, mut from) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let runtime = tokio::runtime::Handle::current();
    let (db, sealing_key, now) = (
        state.db.clone(),
        state.sealing_key.clone(),
        state.now() * 1000,
    );
    tokio::task::spawn_blocking(move || {
        let source = Source {
            db: &db,
            municipality: &key,
            sealing_key: &sealing_key,
            now_ms: now,
        };
        let cases = source.cases(&runtime, selection);
        if let Err(error) = batch::write(batch::Chunks::new(to), (&key.to_string(), now), cases) {
            tracing::warn!(%error, "batch handover ended early");
        }
    });
    let body = futures_util::stream::poll_fn(move |context| {
        from.poll_recv(context)
            .map(|chunk| chunk.map(Ok::<_, std::convert::Infallible>))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"uebergabe-{key}.zip\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Which cases a batch takes: the list's filter, from `before` down, at most `limit`.
pub struct Selection {
    pub filter: CaseFilter,
    pub before: u64,
    pub limit: usize,
}

/// Where a batch reads its cases from.
pub struct Source<'a> {
    pub db: &'a Db,
    pub municipality: &'a RegionalKey,
    pub sealing_key: &'a Arc<SealingKey>,
    pub now_ms: u64,
}

impl Source<'_> {
    /// The cases of `selection`, newest change first, each gathered as its turn comes (a page
    /// of ids at a time), on a thread outside the runtime that `runtime` drives the reads on.
    pub fn cases<'s>(
        &'s self,
        runtime: &'s tokio::runtime::Handle,
        selection: Selection,
    ) -> impl Iterator<Item = batch::Next> + 's {
        let mut before = selection.before;
        let mut left = selection.limit;
        let mut page: std::vec::IntoIter<String> = Vec::new().into_iter();
        std::iter::from_fn(move || {
            loop {
                if let Some(id) = page.next() {
                    let gathered = runtime
                        .block_on(gather(
                            self.db,
                            self.municipality,
                            &id,
                            self.sealing_key,
                            self.now_ms,
                        ))
                        .map_err(|error: DataError| error.to_string())
                        .and_then(|found| {
                            found.ok_or_else(|| "Der Fall ist nicht mehr da.".into())
                        });
                    return Some((id, gathered));
                }
                if left == 0 {
                    return None;
                }
                let rows = match runtime.block_on(crate::database::cases::latest(
                    self.db,
                    self.municipality,
                    &selection.filter,
                    (before, PAGE.min(left)),
                )) {
                    Ok(rows) => rows,
                    Err(error) => {
                        // The manifest says where the export stopped, rather than end short.
                        left = 0;
                        let reason = format!("Die Liste der Fälle brach ab: {error}");
                        return Some((String::new(), Err(reason)));
                    }
                };
                let (last, ..) = rows.last()?;
                before = *last;
                left -= rows.len();
                page = rows
                    .into_iter()
                    .map(|(_, _, case)| case.id)
                    .collect::<Vec<_>>()
                    .into_iter();
            }
        })
    }
}
