//! The tour plan as the clerk's laptop meets it: the dates its clerk goes to with their
//! bookings (the day's lists a pull brings), and what the clerk reports from a date — a visit
//! opened for a booking, or a citizen who did not come (`domain::tours::booking::check_outcome`).

use super::bookings::{find, of_date};
use super::{DataError, Db};
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::tours::TourStatus;
use domain::tours::booking::{self, BookingStatus, DayList, OutcomeRefusal};

/// The municipality's dates in `period` that `clerk` goes to (not cancelled), each with its
/// bookings that are not cancelled: the laptop's day lists.
pub async fn day_lists(
    db: &Db,
    municipality: &RegionalKey,
    clerk: &str,
    period: (Date, Date),
) -> Result<Vec<DayList>, DataError> {
    let dates = super::tours::between(db, municipality, period).await?;
    let mut lists = Vec::new();
    for date in dates {
        if date.status == TourStatus::Cancelled || !date.clerks.iter().any(|c| c == clerk) {
            continue;
        }
        let bookings = of_date(db, municipality, &date.id)
            .await?
            .into_iter()
            .filter(|b| b.status != BookingStatus::Cancelled)
            .collect();
        lists.push(DayList { date, bookings });
    }
    Ok(lists)
}

/// Records `outcome` of one of the municipality's bookings, reported by `clerk` from laptop
/// `device` on `today`, unless it is refused or names what the server does not know.
pub async fn record_outcome(
    db: &Db,
    municipality: &RegionalKey,
    outcome: &booking::BookingOutcome,
    (clerk, device, today): (&str, &str, Date),
) -> Result<Result<(), OutcomeRefusal>, DataError> {
    let Some((found, date)) = find(db, municipality, &outcome.booking).await? else {
        return Ok(Err(OutcomeRefusal::UnknownBooking));
    };
    if let Some(case) = &outcome.case {
        let filed: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM cases
              WHERE municipality = $1 AND id = $2 AND device_id = $3 AND deleted = 0",
        )
        .bind(municipality.to_string())
        .bind(case)
        .bind(device)
        .fetch_optional(db)
        .await?;
        if filed.is_none() {
            return Ok(Err(OutcomeRefusal::CaseNotTransferred));
        }
    }
    match booking::check_outcome(outcome, (&found, &date), clerk, today) {
        Err(refusal) => return Ok(Err(refusal)),
        Ok(false) => return Ok(Ok(())),
        Ok(true) => {}
    }
    let status = match outcome.case {
        Some(_) => BookingStatus::Attended,
        None => BookingStatus::NoShow,
    };
    // Only from the status it was checked in: a cancellation meanwhile wins.
    sqlx::query(
        "UPDATE tour_bookings SET status = $3, case_id = $4
          WHERE municipality = $1 AND id = $2 AND status IN ('booked', 'waiting')",
    )
    .bind(municipality.to_string())
    .bind(&outcome.booking)
    .bind(status.name())
    .bind(&outcome.case)
    .execute(db)
    .await?;
    Ok(Ok(()))
}
