//! Bookings of the tour plan's dates (`domain::tours::booking` decides what fits). Each change
//! runs in one transaction that first holds its date's row, so two citizens after the same
//! slot are served one after the other and only one gets it; the mails a change makes due are
//! queued in that transaction too (`mail_outbox`), composed by the caller's `Letters`.

use super::mail_outbox::{self, Mail};
use super::tours::{COLUMNS, Row, tour_date};
use super::{DataError, Db, begin_write, to_i64};
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::tours::booking::{
    self, Accepted, Booking, BookingRefusal, BookingRequest, BookingStatus, Contact, Taken,
    taken_of,
};
use domain::tours::{Minute, TourDate, TourStatus};
use sqlx::{Any, Transaction};

/// Why a mail goes to who booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letter {
    Booked,
    Waiting,
    Changed,
    Cancelled,
    MovedUp,
    DateCancelled,
    /// The date moved to another day or time.
    Moved,
    Reminder,
}

/// Composes the mail of a letter to a booking's contact, or none (no e-mail address, mail off).
pub type Letters<'a> = &'a (dyn Fn(Letter, &Booking, &TourDate) -> Option<Mail> + Send + Sync);

/// What a booking or change came to.
pub enum Outcome {
    Done(Booking),
    Refused(BookingRefusal),
    /// No such date (or booking) in the municipality.
    Missing,
}

pub(super) const BOOKING_COLUMNS: &str =
    "id, tour_date, code, services, starts_min, ends_min, name, contact, status, booked_by";

pub(super) type BookingRow = (
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
);

pub(super) fn booking(row: BookingRow) -> Result<Booking, DataError> {
    let (id, tour_date, code, services, starts, ends, name, contact, status, booked_by) = row;
    let corrupt = |what: &str| DataError::Corrupt(format!("booking {id}: {what}"));
    let minute = |value: Option<i64>| {
        value
            .map(|value| {
                u16::try_from(value)
                    .map(|minute| Minute(minute).text())
                    .map_err(|_| corrupt("slot"))
            })
            .transpose()
    };
    Ok(Booking {
        services: serde_json::from_str(&services).map_err(|_| corrupt("services"))?,
        starts: minute(starts)?,
        ends: minute(ends)?,
        status: BookingStatus::from_name(&status).ok_or_else(|| corrupt("status"))?,
        id,
        tour_date,
        code,
        name,
        contact,
        booked_by,
    })
}

/// Holds the date's row until the transaction ends and reads it with its bookings that are not
/// cancelled, in the order they came.
async fn hold_date(
    tx: &mut Transaction<'_, Any>,
    municipality: &RegionalKey,
    id: &str,
) -> Result<Option<(TourDate, Vec<Booking>)>, DataError> {
    let Some(date) = super::tours::hold(tx, (municipality, id), "status = status").await? else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {BOOKING_COLUMNS} FROM tour_bookings WHERE tour_date = $1 AND status <> 'cancelled'
         ORDER BY arrival"
    );
    let rows: Vec<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    let bookings = rows.into_iter().map(booking).collect::<Result<_, _>>()?;
    Ok(Some((date, bookings)))
}

pub(super) async fn queue_letter(
    tx: &mut Transaction<'_, Any>,
    letters: Letters<'_>,
    (letter, booking, date): (Letter, &Booking, &TourDate),
    new_id: &mut (dyn FnMut() -> Result<String, String> + Send),
    now: u64,
) -> Result<(), DataError> {
    if let Some(mail) = letters(letter, booking, date) {
        let id = new_id().map_err(DataError::Corrupt)?;
        mail_outbox::queue(tx, &id, &mail, now).await?;
    }
    Ok(())
}

/// Ids and codes for a new booking.
pub struct Fresh<'a> {
    pub new_id: &'a mut (dyn FnMut() -> Result<String, String> + Send),
    pub new_code: &'a mut (dyn FnMut() -> Result<String, String> + Send),
}

/// Books `request` at date `date_id` of the municipality, by a citizen (`by` absent) or by
/// staff; refused as `domain::tours::booking` says, with nothing written.
pub async fn book(
    db: &Db,
    (municipality, date_id): (&RegionalKey, &str),
    request: &BookingRequest,
    (by, now, today): (Option<&str>, u64, Date),
    fresh: Fresh<'_>,
    letters: Letters<'_>,
) -> Result<Outcome, DataError> {
    let contact = match Contact::parse(&request.contact) {
        Ok(contact) => contact,
        Err(refusal) => return Ok(Outcome::Refused(refusal)),
    };
    let mut tx = begin_write(db).await?;
    let Some((date, bookings)) = hold_date(&mut tx, municipality, date_id).await? else {
        return Ok(Outcome::Missing);
    };
    let held: i64 = match contact.key() {
        None => 0,
        Some(key) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM tour_bookings b JOIN tour_dates d ON d.id = b.tour_date
                  WHERE b.municipality = $1 AND b.contact_key = $2
                    AND b.status <> 'cancelled' AND d.day >= $3",
            )
            .bind(municipality.to_string())
            .bind(key)
            .bind(today.iso())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let held = usize::try_from(held).unwrap_or(usize::MAX);
    let slot = match booking::check(request, &date, &taken_of(&bookings), held, today) {
        Ok(Accepted::Slot(slot)) => Some(slot),
        Ok(Accepted::Waitlist) => None,
        Err(refusal) => return Ok(Outcome::Refused(refusal)),
    };
    let id = (fresh.new_id)().map_err(DataError::Corrupt)?;
    let code = (fresh.new_code)().map_err(DataError::Corrupt)?;
    let services =
        serde_json::to_string(&request.services).map_err(|e| DataError::Corrupt(e.to_string()))?;
    let status = match slot {
        Some(_) => BookingStatus::Booked,
        None => BookingStatus::Waiting,
    };
    let sql = format!(
        "INSERT INTO tour_bookings (id, municipality, tour_date, code, services, starts_min,
             ends_min, name, contact, contact_key, status, booked_by, created_at, arrival)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
                 (SELECT COALESCE(MAX(arrival), 0) + 1 FROM tour_bookings WHERE tour_date = $3))
         RETURNING {BOOKING_COLUMNS}"
    );
    let row: BookingRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&id)
        .bind(municipality.to_string())
        .bind(date_id)
        .bind(&code)
        .bind(services)
        .bind(slot.map(|slot| i64::from(slot.starts.0)))
        .bind(slot.map(|slot| i64::from(slot.ends.0)))
        .bind(request.name.trim())
        .bind(request.contact.trim())
        .bind(contact.key())
        .bind(status.name())
        .bind(by)
        .bind(to_i64(now))
        .fetch_one(&mut *tx)
        .await?;
    let booked = booking(row)?;
    // A provisional date stands as soon as it has the bookings it needs.
    let standing = taken_of(&bookings).len() + usize::from(status == BookingStatus::Booked);
    if date.status == TourStatus::Provisional
        && date
            .min_bookings
            .is_some_and(|min| standing >= usize::from(min))
    {
        sqlx::query("UPDATE tour_dates SET status = 'planned' WHERE id = $1")
            .bind(date_id)
            .execute(&mut *tx)
            .await?;
    }
    let letter = match status {
        BookingStatus::Waiting => Letter::Waiting,
        _ => Letter::Booked,
    };
    queue_letter(
        &mut tx,
        letters,
        (letter, &booked, &date),
        fresh.new_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done(booked))
}

/// The municipality's booking `id` and its date.
pub async fn find(
    db: &Db,
    municipality: &RegionalKey,
    id: &str,
) -> Result<Option<(Booking, TourDate)>, DataError> {
    let sql =
        format!("SELECT {BOOKING_COLUMNS} FROM tour_bookings WHERE municipality = $1 AND id = $2");
    let row: Option<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(found) = row.map(booking).transpose()? else {
        return Ok(None);
    };
    let sql = format!("SELECT {COLUMNS} FROM tour_dates WHERE id = $1");
    let date: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&found.tour_date)
        .fetch_one(db)
        .await?;
    Ok(Some((found, tour_date(date)?)))
}

/// The bookings of the municipality's date `date_id`, cancelled ones too, in the order they came.
pub async fn of_date(
    db: &Db,
    municipality: &RegionalKey,
    date_id: &str,
) -> Result<Vec<Booking>, DataError> {
    let sql = format!(
        "SELECT {BOOKING_COLUMNS} FROM tour_bookings WHERE municipality = $1 AND tour_date = $2
         ORDER BY arrival"
    );
    let rows: Vec<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(date_id)
        .fetch_all(db)
        .await?;
    rows.into_iter().map(booking).collect()
}

/// What to do with a booking.
pub enum Change<'a> {
    Cancel,
    /// Another start at the same date.
    MoveTo(&'a str),
}

/// Cancels booking `id` (again: no change) or moves it to another start at its date; a
/// cancellation moves up who waits, as far as room allows, and mails them.
pub async fn change(
    db: &Db,
    (municipality, id): (&RegionalKey, &str),
    change: Change<'_>,
    (now, today): (u64, Date),
    new_id: &mut (dyn FnMut() -> Result<String, String> + Send),
    letters: Letters<'_>,
) -> Result<Outcome, DataError> {
    let Some((found, _)) = find(db, municipality, id).await? else {
        return Ok(Outcome::Missing);
    };
    let mut tx = begin_write(db).await?;
    let Some((date, bookings)) = hold_date(&mut tx, municipality, &found.tour_date).await? else {
        return Ok(Outcome::Missing);
    };
    let Some(current) = bookings.iter().find(|b| b.id == id).cloned() else {
        // Cancelled already.
        return Ok(Outcome::Done(found));
    };
    let reported = matches!(
        current.status,
        BookingStatus::Attended | BookingStatus::NoShow
    );
    if reported || Date::parse_iso(&date.date).is_none_or(|day| day < today) {
        return Ok(Outcome::Refused(BookingRefusal::DatePassed));
    }
    let others: Vec<Booking> = bookings.iter().filter(|b| b.id != id).cloned().collect();
    let (status, slot, letter) = match change {
        Change::Cancel => (BookingStatus::Cancelled, None, Letter::Cancelled),
        Change::MoveTo(starts) => {
            let request = BookingRequest {
                services: current.services.clone(),
                starts: Some(starts.to_owned()),
                name: current.name.clone(),
                contact: String::new(),
            };
            match booking::check(&request, &date, &taken_of(&others), 0, today) {
                Ok(Accepted::Slot(slot)) => (BookingStatus::Booked, Some(slot), Letter::Changed),
                Ok(Accepted::Waitlist) => return Ok(Outcome::Refused(BookingRefusal::SlotTaken)),
                Err(refusal) => return Ok(Outcome::Refused(refusal)),
            }
        }
    };
    let changed = set_slot(&mut tx, id, status, slot).await?;
    queue_letter(&mut tx, letters, (letter, &changed, &date), new_id, now).await?;
    if status == BookingStatus::Cancelled {
        let mut standing: Vec<Booking> = others
            .iter()
            .filter(|b| b.status == BookingStatus::Booked)
            .cloned()
            .collect();
        let waiting: Vec<&Booking> = others
            .iter()
            .filter(|b| b.status == BookingStatus::Waiting)
            .collect();
        for waiter in waiting {
            let Ok(length) = booking::minutes(&date, &waiter.services) else {
                continue;
            };
            let Some(start) = booking::move_up(&date, &[length], &taken_of(&standing))[0] else {
                continue;
            };
            let slot = Taken {
                starts: start,
                ends: Minute(start.0 + length),
            };
            let moved = set_slot(&mut tx, &waiter.id, BookingStatus::Booked, Some(slot)).await?;
            queue_letter(
                &mut tx,
                letters,
                (Letter::MovedUp, &moved, &date),
                new_id,
                now,
            )
            .await?;
            standing.push(moved);
        }
    }
    tx.commit().await?;
    Ok(Outcome::Done(changed))
}

/// Cancels every booking of `date`, which was cancelled, and mails who booked.
pub(super) async fn cancel_all(
    tx: &mut Transaction<'_, Any>,
    date: &TourDate,
    (now, new_id): (u64, &mut (dyn FnMut() -> Result<String, String> + Send)),
    letters: Letters<'_>,
) -> Result<(), DataError> {
    let sql = format!(
        "UPDATE tour_bookings SET status = 'cancelled'
          WHERE tour_date = $1 AND status <> 'cancelled' RETURNING {BOOKING_COLUMNS}"
    );
    let rows: Vec<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&date.id)
        .fetch_all(&mut **tx)
        .await?;
    for row in rows {
        let cancelled = booking(row)?;
        queue_letter(
            tx,
            letters,
            (Letter::DateCancelled, &cancelled, date),
            new_id,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Shifts the slots of `date`'s bookings (booked or waiting) by `shift` minutes, after the
/// date moved, and mails who booked; their reminders are due anew.
pub(super) async fn shift_all(
    tx: &mut Transaction<'_, Any>,
    date: &TourDate,
    shift: i32,
    (now, new_id): (u64, &mut (dyn FnMut() -> Result<String, String> + Send)),
    letters: Letters<'_>,
) -> Result<(), DataError> {
    let sql = format!(
        "UPDATE tour_bookings SET starts_min = starts_min + $2, ends_min = ends_min + $2,
             reminded_at = NULL
          WHERE tour_date = $1 AND status IN ('booked', 'waiting') RETURNING {BOOKING_COLUMNS}"
    );
    let rows: Vec<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&date.id)
        .bind(i64::from(shift))
        .fetch_all(&mut **tx)
        .await?;
    for row in rows {
        let moved = booking(row)?;
        queue_letter(tx, letters, (Letter::Moved, &moved, date), new_id, now).await?;
    }
    Ok(())
}

async fn set_slot(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    status: BookingStatus,
    slot: Option<Taken>,
) -> Result<Booking, DataError> {
    let sql = format!(
        "UPDATE tour_bookings SET status = $2, starts_min = COALESCE($3, starts_min),
             ends_min = COALESCE($4, ends_min), reminded_at = NULL
          WHERE id = $1 RETURNING {BOOKING_COLUMNS}"
    );
    let row: BookingRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(status.name())
        .bind(slot.map(|slot| i64::from(slot.starts.0)))
        .bind(slot.map(|slot| i64::from(slot.ends.0)))
        .fetch_one(&mut **tx)
        .await?;
    booking(row)
}

/// Deletes the bookings of dates before `before` (the retention time after their date);
/// returns how many.
pub async fn delete_past(db: &Db, before: Date) -> Result<u64, DataError> {
    Ok(sqlx::query(
        "DELETE FROM tour_bookings
          WHERE tour_date IN (SELECT id FROM tour_dates WHERE day < $1)",
    )
    .bind(before.iso())
    .execute(db)
    .await?
    .rows_affected())
}
