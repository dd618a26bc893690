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
    pub clock: Clock,
    pub sign_in_throttle: Arc<Mutex<SignInThrottle>>,
    /// How long a sign-in stays valid. A working day plus reserve.
    pub session_lifetime_secs: u64,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self {
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

/// Everything the server answers: the API under `/api`, the built PWA everywhere else.
pub fn router(state: AppState, dist_dir: PathBuf) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(sessions::router())
        .merge(devices::router())
        .merge(municipalities::router())
        .merge(catalogues::router())
        .merge(sync::router())
        .merge(cases::router())
        .merge(attachments::router())
        .fallback(|| async { error::ApiError::NotFound })
        .layer(axum::middleware::from_fn(headers::no_store));
    Router::new()
        .nest("/api", api)
        .fallback_service(shell::service(dist_dir))
        .layer(axum::middleware::from_fn(headers::security))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
