//! The tour plan's dates (`domain::tours` decides what may be planned). A plan is written in one
//! transaction that holds the municipality's row, so that two plans at once cannot both take
//! the same hour of a place or a clerk.

use super::bookings::{self, Letters};
use super::{DataError, Db, begin_write, catalogues, to_i64};
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::tours::{
    self, Minute, Slot, Taken, TourClerk, TourDate, TourMove, TourRefusal, TourRequest, TourStatus,
};
use sqlx::{Any, Transaction};

/// What a plan came to.
pub enum Planned {
    Dates(Vec<TourDate>),
    Refused(TourRefusal),
}

pub(super) const COLUMNS: &str = "id, municipality, series, place, day, starts_min, ends_min, clerks, slots, \
                       notes, status, min_bookings, decide_on";

pub(super) type Row = (
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
);

pub(super) fn tour_date(row: Row) -> Result<TourDate, DataError> {
    let (
        id,
        municipality,
        series,
        place,
        day,
        starts,
        ends,
        clerks,
        slots,
        notes,
        status,
        min,
        decide_on,
    ) = row;
    let corrupt = |what: &str| DataError::Corrupt(format!("tour date {id}: {what}"));
    let minute = |value: i64| {
        u16::try_from(value)
            .map(Minute)
            .map_err(|_| corrupt("window"))
    };
    Ok(TourDate {
        clerks: serde_json::from_str(&clerks).map_err(|_| corrupt("clerks"))?,
        slots: serde_json::from_str::<Vec<Slot>>(&slots).map_err(|_| corrupt("slots"))?,
        status: TourStatus::from_name(&status).ok_or_else(|| corrupt("status"))?,
        starts: minute(starts)?.text(),
        ends: minute(ends)?.text(),
        min_bookings: min
            .map(|min| u16::try_from(min).map_err(|_| corrupt("min_bookings")))
            .transpose()?,
        id,
        municipality,
        series,
        place,
        date: day,
        notes,
        decide_on,
        booked: 0,
    })
}

/// The municipality's dates from `from` to `to`, both included, by day and time.
pub async fn between(
    db: &Db,
    municipality: &RegionalKey,
    (from, to): (Date, Date),
) -> Result<Vec<TourDate>, DataError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tour_dates WHERE municipality = $1 AND day >= $2 AND day <= $3
         ORDER BY day, starts_min, place"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(from.iso())
        .bind(to.iso())
        .fetch_all(db)
        .await?;
    let booked: Vec<(String, i64)> = sqlx::query_as(
        "SELECT b.tour_date, COUNT(*) FROM tour_bookings b JOIN tour_dates d ON d.id = b.tour_date
          WHERE b.municipality = $1 AND b.status = 'booked' AND d.day >= $2 AND d.day <= $3
          GROUP BY b.tour_date",
    )
    .bind(municipality.to_string())
    .bind(from.iso())
    .bind(to.iso())
    .fetch_all(db)
    .await?;
    let mut dates: Vec<TourDate> = rows.into_iter().map(tour_date).collect::<Result<_, _>>()?;
    for date in &mut dates {
        if let Some((_, count)) = booked.iter().find(|(id, _)| *id == date.id) {
            date.booked = u32::try_from(*count).unwrap_or(0);
        }
    }
    Ok(dates)
}

/// Takes the municipality's date `id` in `tx` (its row held until the transaction ends),
/// changed by `set` (SQL of constant columns, e.g. `status = status` to change nothing), as it
/// is then; `None` if there is no such date.
pub(super) async fn hold(
    tx: &mut Transaction<'_, Any>,
    (municipality, id): (&RegionalKey, &str),
    set: &'static str,
) -> Result<Option<TourDate>, DataError> {
    let sql = format!(
        "UPDATE tour_dates SET {set} WHERE municipality = $1 AND id = $2 RETURNING {COLUMNS}"
    );
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(tour_date).transpose()
}

/// The municipality's date `id`.
pub async fn find(
    db: &Db,
    municipality: &RegionalKey,
    id: &str,
) -> Result<Option<TourDate>, DataError> {
    let sql = format!("SELECT {COLUMNS} FROM tour_dates WHERE municipality = $1 AND id = $2");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(tour_date).transpose()
}

/// The clerks who may work for the municipality: its own, and those of the municipalities
/// serving it, unless disabled; by name.
pub async fn clerks(db: &Db, municipality: &RegionalKey) -> Result<Vec<TourClerk>, DataError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT username, display_name FROM users
          WHERE role = 'clerk' AND disabled_at IS NULL
            AND (municipality = $1
                 OR municipality IN (SELECT serving FROM delegations WHERE served = $1))
          ORDER BY display_name, username",
    )
    .bind(municipality.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(username, display_name)| TourClerk {
            username,
            display_name,
        })
        .collect())
}

/// A date not cancelled, as far as overlaps go.
struct Occupied {
    municipality: String,
    date: Date,
    starts: Minute,
    ends: Minute,
    place: String,
    clerks: Vec<String>,
}

impl Occupied {
    /// As `domain::tours` compares it with a date of the municipality `own`.
    fn taken(&self, own: &str) -> Taken<'_> {
        Taken {
            date: self.date,
            starts: self.starts,
            ends: self.ends,
            place: (self.municipality == own).then_some(self.place.as_str()),
            clerks: &self.clerks,
        }
    }
}

/// The dates not cancelled from `from` to `to`, of every municipality (a clerk cannot be at
/// two places at once), except date `except`.
async fn occupied(
    tx: &mut Transaction<'_, Any>,
    (from, to): (Date, Date),
    except: Option<&str>,
) -> Result<Vec<Occupied>, DataError> {
    let rows: Vec<(String, String, String, i64, i64, String, String)> = sqlx::query_as(
        "SELECT id, municipality, day, starts_min, ends_min, place, clerks FROM tour_dates
          WHERE status <> 'cancelled' AND day >= $1 AND day <= $2",
    )
    .bind(from.iso())
    .bind(to.iso())
    .fetch_all(&mut **tx)
    .await?;
    let corrupt = || DataError::Corrupt("a tour date's day, window or clerks".into());
    rows.into_iter()
        .filter(|(id, ..)| Some(id.as_str()) != except)
        .map(|(_, municipality, day, starts, ends, place, clerks)| {
            let minute = |value: i64| u16::try_from(value).map(Minute).map_err(|_| corrupt());
            Ok(Occupied {
                municipality,
                date: Date::parse_iso(&day).ok_or_else(corrupt)?,
                starts: minute(starts)?,
                ends: minute(ends)?,
                place,
                clerks: serde_json::from_str(&clerks).map_err(|_| corrupt())?,
            })
        })
        .collect()
}

/// Plans the dates `request` asks for, each with an id from `new_id`; refused as
/// `domain::tours` says, with nothing written.
pub async fn plan(
    db: &Db,
    municipality: &RegionalKey,
    request: &TourRequest,
    new_id: &mut (dyn FnMut() -> Result<String, String> + Send),
    (by, now, today): (&str, u64, Date),
) -> Result<Planned, DataError> {
    let catalogue = catalogues::find(db, municipality)
        .await?
        .ok_or_else(|| DataError::Invalid("Die Gemeinde hat noch keinen Katalog.".into()))?;
    let clerks: Vec<String> = clerks(db, municipality)
        .await?
        .into_iter()
        .map(|clerk| clerk.username)
        .collect();
    // The dates asked for, before knowing what else is planned on those days.
    let dates = match tours::plan(request, &catalogue, &clerks, &[], today) {
        Ok(dates) => dates,
        Err(refusal) => return Ok(Planned::Refused(refusal)),
    };
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Ok(Planned::Dates(Vec::new()));
    };

    let mut tx = begin_write(db).await?;
    // Holds the municipality's row until the commit: its plans are made one after another.
    sqlx::query("UPDATE municipalities SET name = name WHERE regional_key = $1")
        .bind(municipality.to_string())
        .execute(&mut *tx)
        .await?;
    let others = occupied(&mut tx, (first.date, last.date), None).await?;
    let own = municipality.to_string();
    let taken: Vec<Taken<'_>> = others.iter().map(|other| other.taken(&own)).collect();
    let dates = match tours::plan(request, &catalogue, &clerks, &taken, today) {
        Ok(dates) => dates,
        Err(refusal) => return Ok(Planned::Refused(refusal)),
    };

    let (status, min_bookings) = match &request.provisional {
        Some(provisional) => (TourStatus::Provisional, Some(provisional.min_bookings)),
        None => (TourStatus::Planned, None),
    };
    let clerks_json =
        serde_json::to_string(&request.clerks).map_err(|e| DataError::Corrupt(e.to_string()))?;
    let slots_json =
        serde_json::to_string(&request.slots).map_err(|e| DataError::Corrupt(e.to_string()))?;
    let mut series = None;
    let mut planned = Vec::with_capacity(dates.len());
    for date in dates {
        let id = new_id().map_err(DataError::Corrupt)?;
        let series = series.get_or_insert_with(|| id.clone()).clone();
        let sql = format!(
            "INSERT INTO tour_dates ({COLUMNS}, planned_by, planned_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             RETURNING {COLUMNS}"
        );
        let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(&id)
            .bind(&own)
            .bind(&series)
            .bind(&request.place)
            .bind(date.date.iso())
            .bind(i64::from(date.starts.0))
            .bind(i64::from(date.ends.0))
            .bind(&clerks_json)
            .bind(&slots_json)
            .bind(request.notes.trim())
            .bind(status.name())
            .bind(min_bookings.map(i64::from))
            .bind(date.decide_on.map(Date::iso))
            .bind(by)
            .bind(to_i64(now))
            .fetch_one(&mut *tx)
            .await?;
        planned.push(tour_date(row)?);
    }
    tx.commit().await?;
    Ok(Planned::Dates(planned))
}

/// What moving a date came to.
pub enum Moved {
    Date(Box<TourDate>),
    Refused(TourRefusal),
    Missing,
}

/// Moves one of the municipality's dates as `request` asks, its bookings with it (each by as
/// much as the window's start), and mails who booked.
pub async fn move_date(
    db: &Db,
    (municipality, id): (&RegionalKey, &str),
    request: &TourMove,
    (now, today, new_id): (
        u64,
        Date,
        &mut (dyn FnMut() -> Result<String, String> + Send),
    ),
    letters: Letters<'_>,
) -> Result<Moved, DataError> {
    let mut tx = begin_write(db).await?;
    let Some(date) = hold(&mut tx, (municipality, id), "status = status").await? else {
        return Ok(Moved::Missing);
    };
    let Some(day) = Date::parse_iso(&request.date) else {
        return Ok(Moved::Refused(TourRefusal::NotADate(request.date.clone())));
    };
    let others = occupied(&mut tx, (day, day), Some(id)).await?;
    let own = municipality.to_string();
    let taken: Vec<Taken<'_>> = others.iter().map(|other| other.taken(&own)).collect();
    let booked: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT starts_min, ends_min FROM tour_bookings
          WHERE tour_date = $1 AND status = 'booked'",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let booked: Vec<(Minute, Minute)> = booked
        .into_iter()
        .filter_map(|(from, to)| {
            Some((
                Minute(u16::try_from(from).ok()?),
                Minute(u16::try_from(to).ok()?),
            ))
        })
        .collect();
    let (moved, shift) = match tours::relocate(&date, request, &taken, &booked, today) {
        Ok(moved) => moved,
        Err(refusal) => return Ok(Moved::Refused(refusal)),
    };
    let sql = format!(
        "UPDATE tour_dates SET day = $2, starts_min = $3, ends_min = $4, decide_on = $5
          WHERE id = $1 RETURNING {COLUMNS}"
    );
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(moved.date.iso())
        .bind(i64::from(moved.starts.0))
        .bind(i64::from(moved.ends.0))
        .bind(moved.decide_on.map(Date::iso))
        .fetch_one(&mut *tx)
        .await?;
    let date = tour_date(row)?;
    bookings::shift_all(&mut tx, &date, shift, (now, new_id), letters).await?;
    tx.commit().await?;
    Ok(Moved::Date(Box::new(date)))
}

/// Cancels one of the municipality's dates (again: no change) with its bookings, and mails
/// who booked; `None` if there is no such date.
pub async fn cancel(
    db: &Db,
    municipality: &RegionalKey,
    id: &str,
    (now, new_id): (u64, &mut (dyn FnMut() -> Result<String, String> + Send)),
    letters: Letters<'_>,
) -> Result<Option<TourDate>, DataError> {
    let mut tx = begin_write(db).await?;
    let Some(date) = hold(&mut tx, (municipality, id), "status = 'cancelled'").await? else {
        return Ok(None);
    };
    bookings::cancel_all(&mut tx, &date, (now, new_id), letters).await?;
    tx.commit().await?;
    Ok(Some(date))
}

/// The provisional dates whose deadline has passed (bookings count up to and including
/// `decide_on`), as municipality and id.
pub async fn due_provisional(db: &Db, today: Date) -> Result<Vec<(String, String)>, DataError> {
    Ok(sqlx::query_as(
        "SELECT municipality, id FROM tour_dates
          WHERE status = 'provisional' AND decide_on < $1 ORDER BY day, id",
    )
    .bind(today.iso())
    .fetch_all(db)
    .await?)
}

/// Decides a provisional date whose deadline has come: it stands if it has the bookings it
/// needs (then it would have stood already, at the booking that made them up), and is
/// cancelled otherwise, mailing who booked. Its status after; `None` if it is
/// no longer provisional (another instance decided it).
pub async fn decide(
    db: &Db,
    municipality: &RegionalKey,
    id: &str,
    (now, new_id): (u64, &mut (dyn FnMut() -> Result<String, String> + Send)),
    letters: Letters<'_>,
) -> Result<Option<TourStatus>, DataError> {
    let mut tx = begin_write(db).await?;
    let held = hold(&mut tx, (municipality, id), "status = status").await?;
    let Some(mut date) = held.filter(|date| date.status == TourStatus::Provisional) else {
        return Ok(None);
    };
    let booked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tour_bookings WHERE tour_date = $1 AND status = 'booked'",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let stands = booked >= date.min_bookings.map_or(0, i64::from);
    date.status = if stands {
        TourStatus::Planned
    } else {
        TourStatus::Cancelled
    };
    sqlx::query("UPDATE tour_dates SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(date.status.name())
        .execute(&mut *tx)
        .await?;
    if !stands {
        bookings::cancel_all(&mut tx, &date, (now, new_id), letters).await?;
    }
    tx.commit().await?;
    Ok(Some(date.status))
}
