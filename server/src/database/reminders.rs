//! Reminders the day before: for each booking at a date on the next day, once, a mail queued
//! with what to bring (`bookings::Letters`).

use super::bookings::{BOOKING_COLUMNS, BookingRow, Letter, Letters, booking, queue_letter};
use super::tours::{COLUMNS, Row, tour_date};
use super::{DataError, Db, begin_write, to_i64};
use domain::forms::Date;
use domain::municipality::RegionalKey;

/// The municipalities with bookings to remind of at dates on `day`.
pub async fn to_remind(db: &Db, day: Date) -> Result<Vec<String>, DataError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT b.municipality FROM tour_bookings b JOIN tour_dates d ON d.id = b.tour_date
          WHERE d.day = $1 AND d.status <> 'cancelled' AND b.status = 'booked'
            AND b.reminded_at IS NULL",
    )
    .bind(day.iso())
    .fetch_all(db)
    .await?)
}

/// Queues the reminders for the municipality's bookings at dates on `day` not reminded yet;
/// returns how many bookings it reminded.
pub async fn remind(
    db: &Db,
    municipality: &RegionalKey,
    day: Date,
    (now, new_id): (u64, &mut (dyn FnMut() -> Result<String, String> + Send)),
    letters: Letters<'_>,
) -> Result<u64, DataError> {
    let mut tx = begin_write(db).await?;
    let sql = format!(
        "UPDATE tour_bookings SET reminded_at = $3
          WHERE municipality = $1 AND status = 'booked' AND reminded_at IS NULL
            AND tour_date IN (SELECT id FROM tour_dates
                               WHERE municipality = $1 AND day = $2 AND status <> 'cancelled')
          RETURNING {BOOKING_COLUMNS}"
    );
    let rows: Vec<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(day.iso())
        .bind(to_i64(now))
        .fetch_all(&mut *tx)
        .await?;
    let mut reminded = 0;
    for row in rows {
        let due = booking(row)?;
        let sql = format!("SELECT {COLUMNS} FROM tour_dates WHERE id = $1");
        let date: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&due.tour_date)
            .fetch_one(&mut *tx)
            .await?;
        let date = tour_date(date)?;
        queue_letter(
            &mut tx,
            letters,
            (Letter::Reminder, &due, &date),
            new_id,
            now,
        )
        .await?;
        reminded += 1;
    }
    tx.commit().await?;
    Ok(reminded)
}
