//! The evaluation's aggregates over the case facts (`facts`) of one or more municipalities and
//! a period of visits: counted, grouped and ranked by the database, so no case is read.
//! Raw counts leave this module; which of them may be shown is `domain::evaluation`'s rule,
//! applied by the caller.

use super::{Backend, DataError, Db, Parameters, to_u64};
use domain::municipality::RegionalKey;

/// Which facts to aggregate: these municipalities, visits from `from` to `to` (ISO days, both
/// included).
pub struct Scope<'a> {
    pub municipalities: &'a [RegionalKey],
    pub from: &'a str,
    pub to: &'a str,
}

/// Per service: cases (a case of two services counts for each), of those Abgelehnt.
pub struct ServiceCount {
    pub service: String,
    pub cases: u64,
    pub rejected: u64,
}

/// Per service: how many cases took how long at the table, to the second (milliseconds, in
/// rising order, and their count).
pub struct HandlingTime {
    pub service: String,
    pub per_second: Vec<(u64, u64)>,
}

pub struct CellCount {
    pub service: String,
    pub place: String,
    pub week: String,
    pub cases: u64,
}

pub struct DeploymentCount {
    pub place: String,
    pub day: String,
    pub cases: u64,
    /// First case opened to last case finished.
    pub on_site_ms: u64,
}

/// Everything the evaluation shows, as counted.
pub struct Aggregates {
    pub cases: u64,
    pub services: Vec<ServiceCount>,
    pub handling: Vec<HandlingTime>,
    /// Cases per week (its Monday).
    pub weeks: Vec<(String, u64)>,
    pub cells: Vec<CellCount>,
    pub deployments: Vec<DeploymentCount>,
    /// Reasons given for Abgelehnt and how many cases they were given for.
    pub reasons: Vec<(String, u64)>,
    /// Bookings at the tour plan's dates in the scope: attended, no-show, cancelled.
    pub bookings: (u64, u64, u64),
}

/// A statement over the facts in `scope`: its template reads `case_facts` and says where the
/// scope's filter goes with `{where}`.
struct Statement {
    sql: String,
}

impl Statement {
    fn new(backend: Backend, scope: &Scope<'_>, template: &str) -> Self {
        let mut parameters = Parameters::new(backend);
        let municipalities = parameters.list(scope.municipalities.len());
        let (from, to) = (parameters.one(), parameters.one());
        let filter =
            format!("municipality IN ({municipalities}) AND day >= {from} AND day <= {to}");
        Self {
            sql: template.replace("{where}", &filter),
        }
    }

    fn query_as<'q, T>(
        &'q self,
        scope: &'q Scope<'_>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, T, sqlx::any::AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(self.sql.as_str()));
        for key in scope.municipalities {
            query = query.bind(key.to_string());
        }
        query.bind(scope.from).bind(scope.to)
    }
}

/// Counts, groups and ranks the facts in `scope`.
pub async fn aggregate(db: &Db, scope: &Scope<'_>) -> Result<Aggregates, DataError> {
    if scope.municipalities.is_empty() {
        return Ok(Aggregates {
            cases: 0,
            services: Vec::new(),
            handling: Vec::new(),
            weeks: Vec::new(),
            cells: Vec::new(),
            deployments: Vec::new(),
            reasons: Vec::new(),
            bookings: (0, 0, 0),
        });
    }
    let backend = super::pool_backend(db).unwrap_or(Backend::Sqlite);
    let statement = |template: &str| Statement::new(backend, scope, template);

    // Cases are counted by `first_service` (one row per case), so no count needs a DISTINCT.
    let per_service = statement(
        "SELECT service, count(*), sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END),
                sum(first_service)
           FROM case_facts WHERE {where} GROUP BY service ORDER BY service",
    );

    // Handling times counted per second: the quartiles are ranked over these counts, rather
    // than over every case sorted (which took the database ten times as long).
    let per_second = statement(
        "SELECT service, handling_ms / 1000, count(*) FROM case_facts
          WHERE {where} AND handling_ms IS NOT NULL
          GROUP BY service, handling_ms / 1000 ORDER BY service, handling_ms / 1000",
    );

    let per_week = statement(
        "SELECT week, sum(first_service) FROM case_facts WHERE {where}
          GROUP BY week ORDER BY week",
    );

    let per_cell = statement(
        "SELECT service, place, week, count(*) FROM case_facts WHERE {where}
          GROUP BY service, place, week ORDER BY week, place, service",
    );

    // A terminal's cases are no deployment: no Koffer was set up for them.
    let per_deployment = statement(
        "SELECT place, day, sum(first_service), min(opened_ms),
                max(opened_ms + coalesce(handling_ms, 0))
           FROM case_facts WHERE {where} AND channel = 'koffer'
          GROUP BY place, day ORDER BY day, place",
    );

    let per_reason = statement(
        "SELECT rejection_reason, sum(first_service) FROM case_facts
          WHERE {where} AND status = 'rejected' AND rejection_reason IS NOT NULL
          GROUP BY rejection_reason ORDER BY sum(first_service) DESC, rejection_reason",
    );

    // The dates' filter reads the same columns of `tour_dates` as of the facts.
    let per_outcome = statement(
        "SELECT coalesce(sum(CASE WHEN status = 'attended' THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), 0)
           FROM tour_bookings WHERE tour_date IN (SELECT id FROM tour_dates WHERE {where})",
    );

    // Each on a connection of its own, at the same time: the database works on them in
    // parallel where it can (PostgreSQL; SQLite readers beside each other).
    let (services, seconds, weeks, cells, deployments, reasons, outcomes) = tokio::try_join!(
        per_service
            .query_as::<(String, i64, i64, i64)>(scope)
            .fetch_all(db),
        per_second
            .query_as::<(String, i64, i64)>(scope)
            .fetch_all(db),
        per_week.query_as::<(String, i64)>(scope).fetch_all(db),
        per_cell
            .query_as::<(String, String, String, i64)>(scope)
            .fetch_all(db),
        per_deployment
            .query_as::<(String, String, i64, i64, i64)>(scope)
            .fetch_all(db),
        per_reason.query_as::<(String, i64)>(scope).fetch_all(db),
        per_outcome.query_as::<(i64, i64, i64)>(scope).fetch_one(db),
    )?;

    let mut handling: Vec<HandlingTime> = Vec::new();
    for (service, second, count) in seconds {
        let bucket = (to_u64(second) * 1000, to_u64(count));
        match handling.last_mut() {
            Some(last) if last.service == service => last.per_second.push(bucket),
            _ => handling.push(HandlingTime {
                service,
                per_second: vec![bucket],
            }),
        }
    }

    Ok(Aggregates {
        cases: services.iter().map(|(.., cases)| to_u64(*cases)).sum(),
        services: services
            .into_iter()
            .map(|(service, _, rejected, cases)| ServiceCount {
                service,
                cases: to_u64(cases),
                rejected: to_u64(rejected),
            })
            .collect(),
        handling,
        weeks: weeks
            .into_iter()
            .map(|(week, cases)| (week, to_u64(cases)))
            .collect(),
        cells: cells
            .into_iter()
            .map(|(service, place, week, cases)| CellCount {
                service,
                place,
                week,
                cases: to_u64(cases),
            })
            .collect(),
        deployments: deployments
            .into_iter()
            .map(|(place, day, cases, first, last)| DeploymentCount {
                place,
                day,
                cases: to_u64(cases),
                on_site_ms: to_u64(last - first),
            })
            .collect(),
        reasons: reasons
            .into_iter()
            .map(|(reason, cases)| (reason, to_u64(cases)))
            .collect(),
        bookings: (to_u64(outcomes.0), to_u64(outcomes.1), to_u64(outcomes.2)),
    })
}
