//! What the operator's Prometheus scrapes, in its text format (the official `prometheus-client`
//! crate): requests and their latency per route and status, how much each push and pull page
//! carries (mutations per push, bytes per pull page), and, read at each scrape, cases per status, devices in contact within a day, free
//! password checks (Argon2) and the database pool. Served on a listen address of its own
//! (`--metrics-listen`), never on the public one: routes, counts and pool sizes are nobody
//! else's business.

use crate::AppState;
use crate::database::{self, Db};
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Instant;

/// A device counts as active when it was in contact within this time.
const ACTIVE_WITHIN_SECS: u64 = 24 * 60 * 60;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    /// The route as declared (`/api/cases/{municipality}/{id}`), never the path asked for: one
    /// series per route, whatever a client sends.
    route: String,
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    status: String,
}

/// The server's metrics, registered once at start.
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    push_mutations: Histogram,
    pull_bytes: Histogram,
    cases: Family<StatusLabels, Gauge>,
    devices_active: Gauge,
    password_checks_free: Gauge,
    database_connections: Gauge,
    database_connections_idle: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RouteLabels, Counter>::default();
        // 1 ms to about 16 s.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        let push_mutations = Histogram::new(exponential_buckets(1.0, 2.0, 10));
        // 256 bytes to 16 MB.
        let pull_bytes = Histogram::new(exponential_buckets(256.0, 4.0, 9));
        let cases = Family::<StatusLabels, Gauge>::default();
        let mut registry = Registry::with_prefix("buergerkoffer");
        registry.register("requests", "API requests answered", requests.clone());
        registry.register(
            "request_duration_seconds",
            "Time to answer an API request",
            latency.clone(),
        );
        registry.register(
            "push_mutations",
            "Mutations per accepted push",
            push_mutations.clone(),
        );
        registry.register(
            "pull_page_bytes",
            "Bytes per pull page (before compression)",
            pull_bytes.clone(),
        );
        registry.register("cases", "Cases held, by status", cases.clone());
        let devices_active = Gauge::default();
        registry.register(
            "devices_active",
            "Devices in contact within the last day, not revoked",
            devices_active.clone(),
        );
        let password_checks_free = Gauge::default();
        registry.register(
            "password_checks_free",
            "Password checks (Argon2) that could start now; at 0 sign-ins are answered busy",
            password_checks_free.clone(),
        );
        let database_connections = Gauge::default();
        registry.register(
            "database_connections",
            "Connections the pool holds",
            database_connections.clone(),
        );
        let database_connections_idle = Gauge::default();
        registry.register(
            "database_connections_idle",
            "Connections of the pool waiting for work",
            database_connections_idle.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            push_mutations,
            pull_bytes,
            cases,
            devices_active,
            password_checks_free,
            database_connections,
            database_connections_idle,
        }
    }
}

impl Metrics {
    /// A push the server took, with this many mutations.
    pub fn pushed(&self, mutations: usize) {
        self.push_mutations.observe(mutations as f64);
    }

    /// A pull page the server handed out, of this many bytes.
    pub fn pulled(&self, bytes: usize) {
        self.pull_bytes.observe(bytes as f64);
    }

    /// The text Prometheus scrapes, with what is read at scrape time brought up to date.
    async fn render(&self, state: &AppState) -> Result<String, database::DataError> {
        let since = state.now().saturating_sub(ACTIVE_WITHIN_SECS);
        let (by_status, active) = tokio::try_join!(
            database::operations::cases_by_status(&state.db),
            database::operations::devices_in_contact_since(&state.db, since),
        )?;
        self.cases.clear();
        for (status, count) in by_status {
            self.cases
                .get_or_create(&StatusLabels { status })
                .set(count);
        }
        self.devices_active.set(active);
        self.password_checks_free
            .set(state.password_checks.available_permits() as i64);
        let pool: &Db = &state.db;
        self.database_connections.set(i64::from(pool.size()));
        self.database_connections_idle
            .set(i64::try_from(pool.num_idle()).unwrap_or(i64::MAX));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .map_err(|error| database::DataError::Corrupt(error.to_string()))?;
        Ok(text)
    }
}

/// Counts every API request and its time, by method, declared route and status.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let labels = RouteLabels {
        method,
        route,
        status: response.status().as_u16().to_string(),
    };
    state.metrics.requests.get_or_create(&labels).inc();
    state
        .metrics
        .latency
        .get_or_create(&labels)
        .observe(started.elapsed().as_secs_f64());
    response
}

/// The metrics listener's one route: `GET /metrics`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    match state.metrics.render(&state).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            )],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::warn!(%error, "metrics: the database does not answer");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
