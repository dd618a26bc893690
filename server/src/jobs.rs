//! Scheduled jobs. Each runs on exactly one instance at a time, however many serve one database:
//! the one holding the job's lease (`database::leases`), renewed at every round; if that
//! instance dies, its lease runs out and another takes the job over. The jobs so far: deciding
//! the provisional tour dates whose deadline has come.

use crate::AppState;
use crate::database::{DataError, leases, tours};
use domain::forms::Date;
use std::time::Duration;

/// How often an instance looks for due work.
pub const EVERY: Duration = Duration::from_secs(60);
/// How long a lease outlives its last renewal: a few rounds, so a slow round keeps it.
pub const LEASE_SECS: u64 = 3 * 60;

const DECIDE_PROVISIONAL_TOURS: &str = "decide_provisional_tours";

/// Runs each job whose lease `holder` gets now; returns the jobs it ran and what each did.
pub async fn run_due(
    state: &AppState,
    holder: &str,
) -> Result<Vec<(&'static str, u64)>, DataError> {
    let now = state.now();
    let mut ran = Vec::new();
    if leases::take(
        &state.db,
        DECIDE_PROVISIONAL_TOURS,
        holder,
        (now, LEASE_SECS),
    )
    .await?
    {
        let today = Date::from_unix_days(i64::try_from(now / 86_400).unwrap_or(0));
        let cancelled = tours::decide_due(&state.db, today).await?;
        if cancelled > 0 {
            tracing::info!(
                cancelled,
                "provisional tour dates without enough bookings cancelled"
            );
        }
        ran.push((DECIDE_PROVISIONAL_TOURS, cancelled));
    }
    Ok(ran)
}

/// Runs the jobs every `EVERY` for as long as the server runs, as one holder among instances.
pub fn start(state: AppState) -> Result<(), String> {
    let holder = crate::secrets::new_id()?;
    tokio::spawn(async move {
        let mut rounds = tokio::time::interval(EVERY);
        loop {
            rounds.tick().await;
            if let Err(error) = run_due(&state, &holder).await {
                tracing::warn!(%error, "a scheduled job failed; it runs again next round");
            }
        }
    });
    Ok(())
}
