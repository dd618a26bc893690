//! The Bürgerkoffer server as a library: the router and its state, so that integration tests drive
//! exactly what the binary serves.

pub mod admin_log;
pub mod assistance;
pub mod attachments;
pub mod auth;
pub mod backup;
pub mod callbacks;
pub mod cases;
pub mod catalogues;
pub mod config;
pub mod database;
pub mod demo;
pub mod devices;
pub mod error;
pub mod evaluation;
pub mod fitconnect;
pub mod handover;
pub mod headers;
pub mod health;
pub mod jobs;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod municipalities;
pub mod openapi;
pub mod payload;
pub mod sealing;
pub mod secrets;
pub mod sessions;
pub mod shell;
pub mod sync;
pub mod terminals;
pub mod tls;
pub mod tours;
pub mod users;

use crate::database::Db;
use axum::Router;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch. Passed around as a function so tests can move time.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs())
    })
}

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub checkpoints: database::Checkpoints,
    pub clock: Clock,
    /// How long a sign-in stays valid. A working day plus reserve.
    pub session_lifetime_secs: u64,
    /// Password checks under way at once (each holds Argon2's 19 MiB); a sign-in past them is
    /// answered "busy" at once rather than queued.
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Arc<Vec<IpAddr>>,
    /// API requests under way (`limits`).
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// Seals case records (`sealing`, `record`).
    pub sealing_key: Arc<domain::audit::SealingKey>,
    /// What the operator's Prometheus scrapes (`metrics`).
    pub metrics: Arc<metrics::Metrics>,
    /// Derives bookings' links to cancel or change them.
    pub link_key: Arc<secrets::LinkKey>,
    /// The mail relay, the public address and the retention of bookings.
    pub bookings: Arc<tours::BookingSettings>,
    /// Woken when there is work for the jobs (a mail queued, a case released for submission),
    /// so that it is done at once.
    pub work_queued: Arc<tokio::sync::Notify>,
    /// The operator's FIT-Connect settings; `None`: cases are not submitted over FIT-Connect.
    pub fit_connect: Option<Arc<fitconnect::sender::Settings>>,
    /// Video assistance's tickets and open sockets, in this instance's memory.
    pub assistance: Arc<assistance::exchange::Exchange>,
    /// The TURN server calls relay through; `None`: the browsers meet directly only.
    pub turn: Option<Arc<assistance::turn::TurnServer>>,
}

/// Password checks at once: enough for a town hall's morning, few enough for 2 cores.
pub const PASSWORD_CHECKS: usize = 4;

impl AppState {
    pub fn new(db: Db, sealing_key: domain::audit::SealingKey) -> Self {
        Self {
            checkpoints: database::Checkpoints::start(&db),
            db,
            clock: system_clock(),
            session_lifetime_secs: 12 * 60 * 60,
            password_checks: Arc::new(tokio::sync::Semaphore::new(PASSWORD_CHECKS)),
            trusted_proxies: Arc::default(),
            in_flight: Arc::new(tokio::sync::Semaphore::new(limits::MAX_IN_FLIGHT)),
            link_key: Arc::new(secrets::LinkKey::derive(&sealing_key)),
            sealing_key: Arc::new(sealing_key),
            metrics: Arc::default(),
            bookings: Arc::new(tours::BookingSettings::default()),
            work_queued: Arc::default(),
            fit_connect: None,
            assistance: Arc::default(),
            turn: None,
        }
    }

    /// The client's address: the connection's peer, or, behind a trusted reverse proxy, the
    /// address the proxy appended last to `X-Forwarded-For` (earlier entries are the client's
    /// own word and prove nothing).
    pub fn client_address(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
            .next_back()
            .unwrap_or(peer)
    }

    pub fn now(&self) -> u64 {
        (self.clock)()
    }

    /// Today's date by the server's clock: the day plans, deadlines and periods count from.
    pub fn today(&self) -> domain::forms::Date {
        domain::forms::Date::from_unix_days(i64::try_from(self.now() / 86_400).unwrap_or(0))
    }
}

/// The API's routes and their OpenAPI description, generated from the handlers' annotations
/// and the wire types, so the two cannot drift apart.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (routes, mut description) =
        utoipa_axum::router::OpenApiRouter::with_openapi(openapi::described())
            .merge(health::router())
            .merge(sessions::router())
            .merge(devices::router())
            .merge(terminals::router())
            .merge(callbacks::router())
            .merge(assistance::router())
            .merge(municipalities::router())
            .merge(catalogues::router())
            .merge(sync::router())
            .merge(cases::router())
            .merge(handover::router())
            .merge(fitconnect::release::router())
            .merge(fitconnect::route_api::router())
            .merge(evaluation::router())
            .merge(attachments::router())
            .merge(users::router())
            .merge(admin_log::router())
            .merge(tours::router())
            .split_for_parts();
    openapi::complete(&mut description);
    (routes, description)
}

/// API answers above a few packets go out compressed (brotli or gzip, as the client accepts):
/// a pull page or a catalogue over a village link. A middle quality: the server compresses each
/// answer anew, and the best ones cost more time than they save.
fn compressed_answers() -> tower_http::compression::CompressionLayer<
    tower_http::compression::predicate::And<
        tower_http::compression::predicate::SizeAbove,
        tower_http::compression::predicate::DefaultPredicate,
    >,
> {
    use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(SizeAbove::new(1024).and(DefaultPredicate::new()))
}

/// Everything the server answers: the API under `/api` (with its description at
/// `/api/openapi.json`), the built PWA everywhere else.
pub fn router(state: AppState, dist_dir: PathBuf) -> Router {
    let (routes, description) = api();
    let description = Arc::new(description);
    let api = routes
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let description = description.clone();
                async move { axum::Json((*description).clone()) }
            }),
        )
        .fallback(|| async { error::ApiError::NotFound })
        .layer(compressed_answers())
        .layer(axum::middleware::from_fn(headers::no_store))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::bounded,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ));
    Router::new()
        .nest("/api", api)
        .route(
            "/termine/{municipality}",
            axum::routing::get(tours::page::page),
        )
        .route(
            "/termine/{municipality}/{date}",
            axum::routing::get(tours::booking_page::form).post(tours::booking_page::submit),
        )
        .route(
            "/termine/{municipality}/buchung/{id}/{secret}",
            axum::routing::get(tours::booking_page::booking).post(tours::booking_page::act),
        )
        .fallback_service(shell::service(dist_dir))
        .layer(axum::middleware::from_fn(headers::security))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    #[tokio::test]
    async fn only_a_trusted_proxy_names_the_client_and_only_its_own_entry_counts() {
        let dir = tempfile::tempdir().expect("dir");
        let key = sealing::load_or_create(dir.path()).expect("key");
        let mut state = AppState::new(database::open_for_test(dir.path()).await, key);
        let proxy: IpAddr = "127.0.0.1".parse().expect("ip");
        let stranger: IpAddr = "192.0.2.9".parse().expect("ip");
        let mut headers = HeaderMap::new();
        // The client wrote the first entry itself; the proxy appended the real one.
        headers.insert(
            "x-forwarded-for",
            "10.9.9.9, 198.51.100.4".parse().expect("header"),
        );
        assert_eq!(
            state.client_address(proxy, &headers),
            proxy,
            "no proxy is trusted by default"
        );
        state.trusted_proxies = Arc::new(vec![proxy]);
        assert_eq!(
            state.client_address(proxy, &headers),
            "198.51.100.4".parse::<IpAddr>().expect("ip")
        );
        assert_eq!(
            state.client_address(stranger, &headers),
            stranger,
            "anyone else's header is ignored"
        );
        assert_eq!(state.client_address(proxy, &HeaderMap::new()), proxy);
    }
}
