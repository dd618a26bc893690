//! Scheduled jobs. Each runs on exactly one instance at a time, however many serve one database:
//! the one holding the job's lease (`database::leases`), renewed at every round; if that
//! instance dies, its lease runs out and another takes the job over. The jobs: deciding the
//! provisional tour dates whose deadline has come, reminding who booked a date the day before,
//! deleting bookings past their retention and the rate limits' old counts, handing queued mails
//! to the SMTP relay, and submitting released cases over FIT-Connect (both also at once when
//! such work comes).

use crate::AppState;
use crate::database::{
    DataError, booking_attempts, bookings, catalogues, leases, reminders, tours,
};
use crate::tours::letterhead;
use domain::catalogue::Catalogue;
use domain::forms::Date;
use domain::municipality::RegionalKey;
use std::time::Duration;

/// How often an instance looks for due work.
pub const EVERY: Duration = Duration::from_secs(60);
/// How long a lease outlives its last renewal: a few rounds, so a slow round keeps it.
pub const LEASE_SECS: u64 = 3 * 60;

const DECIDE_PROVISIONAL_TOURS: &str = "decide_provisional_tours";
const REMIND_BOOKINGS: &str = "remind_bookings";
const DELETE_PAST_BOOKINGS: &str = "delete_past_bookings";
const SEND_MAIL: &str = "send_mail";
const SUBMIT_HANDOVERS: &str = "submit_handovers";

/// Runs each job whose lease `holder` gets now; returns the jobs it ran and what each did.
pub async fn run_due(
    state: &AppState,
    holder: &str,
) -> Result<Vec<(&'static str, u64)>, DataError> {
    let now = state.now();
    let today = state.today();
    let mut ran = Vec::new();
    let lease = async |job| leases::take(&state.db, job, holder, (now, LEASE_SECS)).await;
    if lease(DECIDE_PROVISIONAL_TOURS).await? {
        ran.push((
            DECIDE_PROVISIONAL_TOURS,
            decide_provisional(state, today).await?,
        ));
    }
    if lease(REMIND_BOOKINGS).await? {
        let tomorrow = Date::from_unix_days(today.unix_days() + 1);
        ran.push((REMIND_BOOKINGS, remind(state, tomorrow).await?));
    }
    if lease(DELETE_PAST_BOOKINGS).await? {
        // A booking goes on the retention's last day: 30 days after a date on the 1st, the 31st.
        let before =
            Date::from_unix_days(today.unix_days() - i64::from(state.bookings.retention_days) + 1);
        let deleted = bookings::delete_past(&state.db, before).await?;
        booking_attempts::forget_attempts(&state.db, now.saturating_sub(3600)).await?;
        ran.push((DELETE_PAST_BOOKINGS, deleted));
    }
    if let Some(relay) = &state.bookings.relay
        && lease(SEND_MAIL).await?
    {
        ran.push((
            SEND_MAIL,
            crate::mail::send_due(&state.db, relay, now).await?,
        ));
    }
    if state.fit_connect.is_some() && lease(SUBMIT_HANDOVERS).await? {
        ran.push((SUBMIT_HANDOVERS, crate::fitconnect::job::run(state).await?));
    }
    Ok(ran)
}

/// Decides the provisional dates whose deadline has come; returns how many were cancelled.
async fn decide_provisional(state: &AppState, today: Date) -> Result<u64, DataError> {
    let mut cancelled = 0;
    for (municipality, id) in tours::due_provisional(&state.db, today).await? {
        let Some((key, catalogue)) = catalogue_of(state, &municipality).await? else {
            continue;
        };
        let head = letterhead(state, &catalogue);
        let letters = |letter, booking: &_, date: &_| head.compose(letter, booking, date);
        let decided = tours::decide(
            &state.db,
            &key,
            &id,
            (state.now(), &mut crate::secrets::new_id),
            &letters,
        )
        .await?;
        if decided == Some(domain::tours::TourStatus::Cancelled) {
            tracing::info!(%id, "a provisional tour date without enough bookings was cancelled");
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Queues the reminders for the bookings at dates on `day`; returns how many.
async fn remind(state: &AppState, day: Date) -> Result<u64, DataError> {
    if state.bookings.relay.is_none() {
        return Ok(0);
    }
    let mut reminded = 0;
    for municipality in reminders::to_remind(&state.db, day).await? {
        let Some((key, catalogue)) = catalogue_of(state, &municipality).await? else {
            continue;
        };
        let head = letterhead(state, &catalogue);
        let letters = |letter, booking: &_, date: &_| head.compose(letter, booking, date);
        reminded += reminders::remind(
            &state.db,
            &key,
            day,
            (state.now(), &mut crate::secrets::new_id),
            &letters,
        )
        .await?;
    }
    Ok(reminded)
}

/// The municipality a row names, with its catalogue (for the letters); `None` if either is
/// gone.
async fn catalogue_of(
    state: &AppState,
    municipality: &str,
) -> Result<Option<(RegionalKey, Catalogue)>, DataError> {
    let Ok(key) = RegionalKey::parse(municipality) else {
        return Ok(None);
    };
    Ok(catalogues::find(&state.db, &key)
        .await?
        .map(|catalogue| (key, catalogue)))
}

/// Runs the jobs every `EVERY` for as long as the server runs, as one holder among instances,
/// and at once when work comes (a mail queued, a case released).
pub fn start(state: AppState) -> Result<(), String> {
    let holder = crate::secrets::new_id()?;
    tokio::spawn(async move {
        let mut rounds = tokio::time::interval(EVERY);
        loop {
            tokio::select! {
                _ = rounds.tick() => {}
                () = state.work_queued.notified() => {}
            }
            if let Err(error) = run_due(&state, &holder).await {
                tracing::warn!(%error, "a scheduled job failed; it runs again next round");
            }
        }
    });
    Ok(())
}
