//! The Bürgerkoffer server as a library: the router and its state, so that integration tests drive
//! exactly what the binary serves.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod cases;
pub mod catalogues;
pub mod config;
pub mod database;
pub mod demo;
pub mod devices;
pub mod error;
pub mod headers;
pub mod health;
pub mod municipalities;
pub mod payload;
pub mod secrets;
pub mod sessions;
pub mod shell;
pub mod sync;
pub mod users;

use crate::database::Db;
use axum::Router;
use domain::backoff::{BackoffPolicy, Throttle};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
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

/// Failed sign-ins, counted per account and per client address.
pub struct SignInThrottle {
    pub accounts: Throttle<String>,
    pub addresses: Throttle<IpAddr>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self {
            // A clerk may mistype a few times; after that each failure doubles the wait.
            accounts: Throttle::new(BackoffPolicy {
                free_attempts: 5,
                first_delay_secs: 2,
                max_delay_secs: 15 * 60,
            }),
            // One town hall's clerks may share an address: more free attempts, same ceiling.
            addresses: Throttle::new(BackoffPolicy {
                free_attempts: 20,
                first_delay_secs: 2,
                max_delay_secs: 15 * 60,
            }),
        }
    }
}

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub checkpoints: database::Checkpoints,
    pub clock: Clock,
    pub sign_in_throttle: Arc<Mutex<SignInThrottle>>,
    /// How long a sign-in stays valid. A working day plus reserve.
    pub session_lifetime_secs: u64,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self {
            checkpoints: database::Checkpoints::start(&db),
            db,
            clock: system_clock(),
            sign_in_throttle: Arc::default(),
            session_lifetime_secs: 12 * 60 * 60,
        }
    }

    pub fn now(&self) -> u64 {
        (self.clock)()
    }
}

/// The API's description, besides what the handlers' annotations say.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Bürgerkoffer",
        description = "API of the Bürgerkoffer server: sign-in and enrolled devices, service catalogues, \
            sync of cases per municipality (push of mutations applied at most once, pull after a cookie), \
            content-addressed photos, and the back office. Errors carry a German sentence for the clerk.",
    ),
    servers((url = "/api", description = "Paths below are relative to /api")),
    modifiers(&Security),
)]
struct ApiDescription;

/// The two ways to call: a signed-in person's bearer token, or an enrolled device's proof.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "device",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                auth::DEVICE_CREDENTIAL_HEADER,
                "The device credential, with the device id in x-device-id",
            ))),
        );
    }
}

/// The API's routes and their OpenAPI description, generated from the handlers' annotations
/// and the wire types, so the two cannot drift apart.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::OpenApi;
    let (routes, mut description) =
        utoipa_axum::router::OpenApiRouter::with_openapi(ApiDescription::openapi())
            .merge(health::router())
            .merge(sessions::router())
            .merge(devices::router())
            .merge(municipalities::router())
            .merge(catalogues::router())
            .merge(sync::router())
            .merge(cases::router())
            .merge(attachments::router())
            .split_for_parts();
    description.info.version = env!("CARGO_PKG_VERSION").to_owned();
    (routes, description)
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
        .layer(axum::middleware::from_fn(headers::no_store));
    Router::new()
        .nest("/api", api)
        .fallback_service(shell::service(dist_dir))
        .layer(axum::middleware::from_fn(headers::security))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
