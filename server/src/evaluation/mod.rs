//! The pilot's evaluation for the town hall: which services were asked for where and when, how
//! long they took at the table, which deployments drew few citizens, and what the town hall
//! refused. Aggregated by the database (`database::evaluation`); every count below
//! `domain::evaluation::SMALL_CELL` is withheld here, before it leaves the server.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::evaluation::{Aggregates, Scope, aggregate};
use crate::error::ApiError;
use crate::payload::{Parameters, iso_day};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::evaluation::{quartiles, shown};
use domain::forms::Date;
use domain::wire::{
    AppointmentFigures, DeploymentFigures, ErrorBody, Evaluation, ReasonCount, ServiceFigures,
    ServicePlaceWeek, WeekFigures,
};
use serde::Deserialize;
use tables::TableName;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

mod tables;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(evaluation))
        .routes(routes!(export))
}

#[derive(Debug, Deserialize)]
struct EvaluationQuery {
    municipality: String,
    from: Option<String>,
    to: Option<String>,
}

/// Municipalities one evaluation counts together, at most (an operator's whole service).
const MAX_MUNICIPALITIES: usize = 100;

/// Days of the period when none is asked for: the year up to today.
const DEFAULT_DAYS: i64 = 365;

/// The period asked for, both days included; by default the year up to today.
fn period(query: &EvaluationQuery, today: Date) -> Result<(Date, Date), ApiError> {
    let to = iso_day(&query.to)?.unwrap_or(today);
    let from = iso_day(&query.from)?
        .unwrap_or_else(|| Date::from_unix_days(to.unix_days() - (DEFAULT_DAYS - 1)));
    if from > to {
        return Err(ApiError::Unprocessable(
            "Der Zeitraum endet vor seinem Beginn.".into(),
        ));
    }
    Ok((from, to))
}

/// The figures of one municipality (its own or one it serves) for a period of visits.
#[utoipa::path(get, path = "/evaluation", tag = "evaluation", security(("bearer" = [])),
    params(("municipality" = String, Query, description = "Regionalschlüssel, or several comma-separated to count together", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}(,(0[1-9]|1[0-6])[0-9]{10})*$"),
        ("from" = Option<String>, Query, description = "First day of the period (ISO); by default a year before `to`", format = Date),
        ("to" = Option<String>, Query, description = "Last day of the period (ISO); by default today", format = Date)),
    responses((status = 200, body = Evaluation), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn evaluation(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Parameters(query): Parameters<EvaluationQuery>,
) -> Result<Json<Evaluation>, ApiError> {
    let (figures, _) = evaluate(&signed_in, &state, &query).await?;
    Ok(Json(figures))
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    municipality: String,
    from: Option<String>,
    to: Option<String>,
    format: ExportFormat,
    /// The table, for CSV (an XLSX workbook holds every table).
    table: Option<TableName>,
}

/// The evaluation's tables as a file: one table as CSV, or all as an XLSX workbook.
#[utoipa::path(get, path = "/evaluation/export", tag = "evaluation", security(("bearer" = [])),
    params(("municipality" = String, Query, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}(,(0[1-9]|1[0-6])[0-9]{10})*$"),
        ("from" = Option<String>, Query, description = "First day of the period (ISO)", format = Date),
        ("to" = Option<String>, Query, description = "Last day of the period (ISO)", format = Date),
        ("format" = String, Query, description = "`csv` or `xlsx`", pattern = r"^(csv|xlsx)$"),
        ("table" = Option<String>, Query, description = "For CSV: `services`, `weeks`, `service_place_week`, `deployments`, `rejection_reasons` or `appointments`", pattern = r"^(services|weeks|service_place_week|deployments|rejection_reasons|appointments)$")),
    responses((status = 200, description = "The file: text/csv or an XLSX workbook"), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn export(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Parameters(query): Parameters<ExportQuery>,
) -> Result<Response, ApiError> {
    let asked = EvaluationQuery {
        municipality: query.municipality,
        from: query.from,
        to: query.to,
    };
    let (figures, catalogue) = evaluate(&signed_in, &state, &asked).await?;
    let catalogue = catalogue.as_ref();
    let file = format!(
        "auswertung-{}-{}-{}",
        figures.municipality, figures.from, figures.to
    );
    let (content_type, name, bytes) = match (query.format, query.table) {
        (ExportFormat::Csv, Some(name)) => {
            let table = tables::table(name, &figures, catalogue);
            let title = name.title();
            (
                "text/csv; charset=utf-8",
                format!("{file}-{title}.csv"),
                tables::csv(&table).into_bytes(),
            )
        }
        (ExportFormat::Csv, None) => {
            return Err(ApiError::Unprocessable(
                "Für CSV bitte eine Tabelle wählen (table=services, weeks, service_place_week, deployments, rejection_reasons oder appointments).".into(),
            ));
        }
        (ExportFormat::Xlsx, _) => {
            let all: Vec<_> = TableName::ALL
                .into_iter()
                .map(|name| tables::table(name, &figures, catalogue))
                .collect();
            let bytes = tables::xlsx(&all)
                .map_err(|error| ApiError::Internal(format!("XLSX not written: {error}")))?;
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("{file}.xlsx"),
                bytes,
            )
        }
    };
    // The file name is ASCII but for the table's title, given also encoded (RFC 6266).
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encoded(&name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// A file name as RFC 5987 carries it: unreserved ASCII as is, every other byte as %XX.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// The figures asked for, as the person signed in may see them, and the catalogue that names
/// their services.
async fn evaluate(
    signed_in: &SignedIn,
    state: &AppState,
    query: &EvaluationQuery,
) -> Result<(Evaluation, Option<domain::catalogue::Catalogue>), ApiError> {
    signed_in.require_town_hall()?;
    // One municipality, or several counted together (comma-separated), each one the person
    // may act for.
    let mut keys = Vec::new();
    for named in query.municipality.split(',').take(MAX_MUNICIPALITIES + 1) {
        let key = signed_in.reach(&state.db, named).await?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    if keys.len() > MAX_MUNICIPALITIES {
        return Err(ApiError::Unprocessable(format!(
            "Höchstens {MAX_MUNICIPALITIES} Gemeinden werden zusammen ausgewertet."
        )));
    }
    let today = state.today();
    let (from, to) = period(query, today)?;
    let (from, to) = (from.iso(), to.iso());
    let scope = Scope {
        municipalities: &keys,
        from: &from,
        to: &to,
    };
    let aggregates = aggregate(&state.db, &scope).await?;
    // The services are named by the first municipality's catalogue (the standard catalogue's
    // ids are the same everywhere).
    let catalogue = crate::database::catalogues::find(&state.db, &keys[0]).await?;
    let named: Vec<String> = keys.iter().map(ToString::to_string).collect();
    let figures = figures(named.join(","), (from, to), aggregates, catalogue.as_ref());
    Ok((figures, catalogue))
}

/// The aggregates as they may be shown: small counts withheld, each service with how its
/// catalogue offers it.
fn figures(
    municipality: String,
    (from, to): (String, String),
    aggregates: Aggregates,
    catalogue: Option<&domain::catalogue::Catalogue>,
) -> Evaluation {
    let (attended, no_shows, cancelled) = aggregates.bookings;
    let walk_ins = aggregates.cases.saturating_sub(attended);
    let services = aggregates
        .services
        .into_iter()
        .map(|counted| {
            let handling = aggregates
                .handling
                .iter()
                .find(|time| time.service == counted.service)
                .filter(|time| {
                    let timed: u64 = time.per_second.iter().map(|(_, count)| count).sum();
                    shown(timed).is_some()
                })
                .and_then(|time| quartiles(&time.per_second));
            ServiceFigures {
                offline: catalogue
                    .and_then(|catalogue| catalogue.service(&counted.service))
                    .map(|service| service.offline),
                cases: shown(counted.cases),
                // A share of a withheld count would give it away.
                rejected: shown(counted.cases).and(shown(counted.rejected)),
                handling_ms: handling,
                service: counted.service,
            }
        })
        .collect();
    Evaluation {
        municipality,
        from,
        to,
        cases: shown(aggregates.cases),
        services,
        weeks: aggregates
            .weeks
            .into_iter()
            .map(|(week, cases)| WeekFigures {
                week,
                cases: shown(cases),
            })
            .collect(),
        per_service_place_week: aggregates
            .cells
            .into_iter()
            .map(|cell| ServicePlaceWeek {
                service: cell.service,
                place: cell.place,
                week: cell.week,
                cases: shown(cell.cases),
            })
            .collect(),
        deployments: aggregates
            .deployments
            .into_iter()
            .map(|deployment| DeploymentFigures {
                place: deployment.place,
                day: deployment.day,
                cases: shown(deployment.cases),
                minutes_on_site: deployment.on_site_ms / 60_000,
            })
            .collect(),
        rejection_reasons: aggregates
            .reasons
            .into_iter()
            .filter(|(_, cases)| shown(*cases).is_some())
            .map(|(reason, cases)| ReasonCount { reason, cases })
            .collect(),
        appointments: AppointmentFigures {
            // Both or neither: with the cases shown, either gives the other away.
            booked_visits: shown(walk_ins).and(shown(attended)),
            walk_ins: shown(attended).and(shown(walk_ins)),
            no_shows: shown(no_shows),
            cancelled: shown(cancelled),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(from: Option<&str>, to: Option<&str>) -> EvaluationQuery {
        EvaluationQuery {
            municipality: "145240000000".into(),
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
        }
    }

    #[test]
    fn the_period_is_the_year_up_to_today_unless_asked() {
        let today = Date::new(2026, 12, 5).unwrap();
        let (from, to) = period(&query(None, None), today).expect("default");
        assert_eq!(
            (from.iso(), to.iso()),
            ("2025-12-06".into(), "2026-12-05".into())
        );
        let (from, to) =
            period(&query(Some("2026-11-01"), Some("2026-11-30")), today).expect("asked");
        assert_eq!(
            (from.iso(), to.iso()),
            ("2026-11-01".into(), "2026-11-30".into())
        );
        for (from, to) in [
            (Some("1.11.2026"), None),
            (Some("2026-12-01"), Some("2026-11-01")),
        ] {
            assert!(matches!(
                period(&query(from, to), today),
                Err(ApiError::Unprocessable(_))
            ));
        }
    }
}
