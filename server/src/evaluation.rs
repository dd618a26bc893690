//! The pilot's evaluation for the town hall: which services were asked for where and when, how
//! long they took at the table, which deployments drew few citizens, and what the town hall
//! refused. Aggregated by the database (`database::evaluation`); every count below
//! `domain::evaluation::SMALL_CELL` is withheld here, before it leaves the server.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::evaluation::{Aggregates, Scope, aggregate};
use crate::error::ApiError;
use crate::payload::Parameters;
use axum::Json;
use axum::extract::State;
use domain::evaluation::{quartiles, shown};
use domain::forms::Date;
use domain::wire::{
    DeploymentFigures, ErrorBody, Evaluation, ReasonCount, Role, ServiceFigures, ServicePlaceWeek,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(evaluation))
}

#[derive(Debug, Deserialize)]
struct EvaluationQuery {
    municipality: String,
    from: Option<String>,
    to: Option<String>,
}

/// Days of the period when none is asked for: the year up to today.
const DEFAULT_DAYS: i64 = 365;

/// The period asked for, both days included; by default the year up to today.
fn period(query: &EvaluationQuery, today: Date) -> Result<(Date, Date), ApiError> {
    let day = |text: &Option<String>| -> Result<Option<Date>, ApiError> {
        text.as_deref()
            .filter(|text| !text.is_empty())
            .map(|text| {
                Date::parse_iso(text).ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "„{text}“ ist kein Datum; erwartet wird JJJJ-MM-TT."
                    ))
                })
            })
            .transpose()
    };
    let to = day(&query.to)?.unwrap_or(today);
    let from = day(&query.from)?
        .unwrap_or_else(|| Date::from_unix_days(to.unix_days() - (DEFAULT_DAYS - 1)));
    if from > to {
        return Err(ApiError::BadRequest(
            "Der Zeitraum endet vor seinem Beginn.".into(),
        ));
    }
    Ok((from, to))
}

/// The figures of one municipality (its own or one it serves) for a period of visits.
#[utoipa::path(get, path = "/evaluation", tag = "evaluation", security(("bearer" = [])),
    params(("municipality" = String, Query, description = "Regionalschlüssel"),
        ("from" = Option<String>, Query, description = "First day of the period (ISO); by default a year before `to`"),
        ("to" = Option<String>, Query, description = "Last day of the period (ISO); by default today")),
    responses((status = 200, body = Evaluation), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn evaluation(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Parameters(query): Parameters<EvaluationQuery>,
) -> Result<Json<Evaluation>, ApiError> {
    if signed_in.role == Role::Clerk {
        return Err(ApiError::Forbidden);
    }
    let key = signed_in.reach(&state.db, &query.municipality).await?;
    let today = Date::from_unix_days(i64::try_from(state.now() / 86_400).unwrap_or(0));
    let (from, to) = period(&query, today)?;
    let (from, to) = (from.iso(), to.iso());
    let scope = Scope {
        municipalities: std::slice::from_ref(&key),
        from: &from,
        to: &to,
    };
    let aggregates = aggregate(&state.db, &scope).await?;
    let catalogue = crate::database::catalogues::find(&state.db, &key).await?;
    Ok(Json(figures(
        key.to_string(),
        (from, to),
        aggregates,
        catalogue.as_ref(),
    )))
}

/// The aggregates as they may be shown: small counts withheld, each service with how its
/// catalogue offers it.
fn figures(
    municipality: String,
    (from, to): (String, String),
    aggregates: Aggregates,
    catalogue: Option<&domain::catalogue::Catalogue>,
) -> Evaluation {
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
                Err(ApiError::BadRequest(_))
            ));
        }
    }
}
