//! The tour plan's dates (`domain::tours` decides what may be planned). A plan is written in one
//! transaction that holds the municipality's row, so that two plans at once cannot both take
//! the same hour of a place or a clerk.

use super::{DataError, Db, begin_write, catalogues, to_i64};
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::tours::{self, Minute, Slot, Taken, TourDate, TourRefusal, TourRequest, TourStatus};

/// What a plan came to.
pub enum Planned {
    Dates(Vec<TourDate>),
    Refused(TourRefusal),
}

const COLUMNS: &str = "id, municipality, series, place, day, starts_min, ends_min, clerks, slots, \
                       notes, status, min_bookings, decide_on";

type Row = (
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

fn tour_date(row: Row) -> Result<TourDate, DataError> {
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
    rows.into_iter().map(tour_date).collect()
}

/// User names of the clerks who may work for the municipality: its own, and those of the
/// municipalities serving it, unless disabled.
async fn clerks_for(db: &Db, municipality: &RegionalKey) -> Result<Vec<String>, DataError> {
    Ok(sqlx::query_scalar(
        "SELECT username FROM users
          WHERE role = 'clerk' AND disabled_at IS NULL
            AND (municipality = $1
                 OR municipality IN (SELECT serving FROM delegations WHERE served = $1))",
    )
    .bind(municipality.to_string())
    .fetch_all(db)
    .await?)
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
    let clerks = clerks_for(db, municipality).await?;
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
    let others: Vec<(String, String, i64, i64, String, String)> = sqlx::query_as(
        "SELECT municipality, day, starts_min, ends_min, place, clerks FROM tour_dates
          WHERE status <> 'cancelled' AND day >= $1 AND day <= $2",
    )
    .bind(first.date.iso())
    .bind(last.date.iso())
    .fetch_all(&mut *tx)
    .await?;
    let mut taken_clerks = Vec::with_capacity(others.len());
    for (_, _, _, _, _, clerks) in &others {
        let names: Vec<String> = serde_json::from_str(clerks)
            .map_err(|_| DataError::Corrupt("a tour date's clerks".into()))?;
        taken_clerks.push(names);
    }
    let own = municipality.to_string();
    let taken: Vec<Taken<'_>> = others
        .iter()
        .zip(&taken_clerks)
        .filter_map(|((of, day, starts, ends, place, _), clerks)| {
            Some(Taken {
                date: Date::parse_iso(day)?,
                starts: Minute(u16::try_from(*starts).ok()?),
                ends: Minute(u16::try_from(*ends).ok()?),
                place: (*of == own).then_some(place.as_str()),
                clerks,
            })
        })
        .collect();
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

/// Cancels one of the municipality's dates (again: no change); `None` if there is no such date.
pub async fn cancel(
    db: &Db,
    municipality: &RegionalKey,
    id: &str,
) -> Result<Option<TourDate>, DataError> {
    let sql = format!(
        "UPDATE tour_dates SET status = 'cancelled' WHERE municipality = $1 AND id = $2
         RETURNING {COLUMNS}"
    );
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(tour_date).transpose()
}

/// Cancels the provisional dates whose deadline has come (`decide_on` up to `today`) without the
/// bookings they needed; returns how many. (Bookings come with the public booking page; until
/// then a provisional date has none.)
pub async fn decide_due(db: &Db, today: Date) -> Result<u64, DataError> {
    let done = sqlx::query(
        "UPDATE tour_dates SET status = 'cancelled'
          WHERE status = 'provisional' AND decide_on <= $1 AND min_bookings > 0",
    )
    .bind(today.iso())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
