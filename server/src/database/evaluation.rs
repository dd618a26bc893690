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

/// Per service: cases, of those Abgelehnt.
pub struct ServiceCount {
    pub service: String,
    pub cases: u64,
    pub rejected: u64,
}

/// Per service: cases with a handling time, and that time's first quartile, median and third
/// quartile (nearest rank; the median between the middle two), in milliseconds.
pub struct HandlingTime {
    pub service: String,
    pub cases: u64,
    pub quartiles: [u64; 3],
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
    pub cells: Vec<CellCount>,
    pub deployments: Vec<DeploymentCount>,
    /// Reasons given for Abgelehnt and how many cases they were given for.
    pub reasons: Vec<(String, u64)>,
}

/// A statement over the facts in `scope`: `select` reads from `case_facts` filtered by the
/// scope through `{where}`.
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
            cells: Vec::new(),
            deployments: Vec::new(),
            reasons: Vec::new(),
        });
    }
    let backend = super::pool_backend(db).unwrap_or(Backend::Sqlite);
    let statement = |template: &str| Statement::new(backend, scope, template);

    let total = statement(
        "SELECT count(*) FROM (SELECT DISTINCT municipality, case_id FROM case_facts
          WHERE {where}) cases",
    );
    let (cases,): (i64,) = total.query_as(scope).fetch_one(db).await?;

    let per_service = statement(
        "SELECT service, count(*), sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END)
           FROM case_facts WHERE {where} GROUP BY service ORDER BY service",
    );
    let services: Vec<(String, i64, i64)> = per_service.query_as(scope).fetch_all(db).await?;

    // Ranks within each service, then picks the ranks of the quartiles and the middle two.
    let ranked = statement(
        "SELECT service, max(total),
                max(CASE WHEN rank = (total + 3) / 4 THEN handling_ms END),
                max(CASE WHEN rank = (total + 1) / 2 THEN handling_ms END),
                max(CASE WHEN rank = total / 2 + 1 THEN handling_ms END),
                max(CASE WHEN rank = (3 * total + 3) / 4 THEN handling_ms END)
           FROM (SELECT service, handling_ms,
                        row_number() OVER (PARTITION BY service ORDER BY handling_ms) AS rank,
                        count(*) OVER (PARTITION BY service) AS total
                   FROM case_facts WHERE {where} AND handling_ms IS NOT NULL) ranked
          GROUP BY service ORDER BY service",
    );
    type Ranks = (String, i64, i64, i64, i64, i64);
    let handling: Vec<Ranks> = ranked.query_as(scope).fetch_all(db).await?;

    let per_cell = statement(
        "SELECT service, place, week, count(*) FROM case_facts WHERE {where}
          GROUP BY service, place, week ORDER BY week, place, service",
    );
    let cells: Vec<(String, String, String, i64)> = per_cell.query_as(scope).fetch_all(db).await?;

    let per_deployment = statement(
        "SELECT place, day, count(DISTINCT case_id), min(opened_ms),
                max(opened_ms + coalesce(handling_ms, 0))
           FROM case_facts WHERE {where} GROUP BY place, day ORDER BY day, place",
    );
    let deployments: Vec<(String, String, i64, i64, i64)> =
        per_deployment.query_as(scope).fetch_all(db).await?;

    let per_reason = statement(
        "SELECT rejection_reason, count(DISTINCT case_id) FROM case_facts
          WHERE {where} AND status = 'rejected' AND rejection_reason IS NOT NULL
          GROUP BY rejection_reason ORDER BY count(DISTINCT case_id) DESC, rejection_reason",
    );
    let reasons: Vec<(String, i64)> = per_reason.query_as(scope).fetch_all(db).await?;

    Ok(Aggregates {
        cases: to_u64(cases),
        services: services
            .into_iter()
            .map(|(service, cases, rejected)| ServiceCount {
                service,
                cases: to_u64(cases),
                rejected: to_u64(rejected),
            })
            .collect(),
        handling: handling
            .into_iter()
            .map(
                |(service, total, q1, middle_low, middle_high, q3)| HandlingTime {
                    service,
                    cases: to_u64(total),
                    quartiles: [
                        to_u64(q1),
                        (to_u64(middle_low) + to_u64(middle_high)) / 2,
                        to_u64(q3),
                    ],
                },
            )
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
    })
}
