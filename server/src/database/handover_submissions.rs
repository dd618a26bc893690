//! The services of cases released for submission over FIT-Connect and how far each got: the
//! back office releases them, the sending job moves them on (`fitconnect::job`), the case view
//! reads them.

use super::{DataError, Db, begin_write, to_i64, to_u64};
use domain::municipality::RegionalKey;
use domain::wire::{HandoverSubmission, SubmissionState};

/// A submission the sending job has to move on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub municipality: String,
    pub case_id: String,
    pub service: String,
    pub destination: String,
    pub state: SubmissionState,
    pub submission_id: Option<String>,
    pub fit_case_id: Option<String>,
    pub attempts: u32,
}

fn state_name(state: SubmissionState) -> &'static str {
    match state {
        SubmissionState::Released => "released",
        SubmissionState::Submitted => "submitted",
        SubmissionState::Accepted => "accepted",
        SubmissionState::Rejected => "rejected",
        SubmissionState::Failed => "failed",
    }
}

fn state_of(name: &str) -> Result<SubmissionState, DataError> {
    Ok(match name {
        "released" => SubmissionState::Released,
        "submitted" => SubmissionState::Submitted,
        "accepted" => SubmissionState::Accepted,
        "rejected" => SubmissionState::Rejected,
        "failed" => SubmissionState::Failed,
        other => return Err(DataError::Corrupt(format!("submission state {other}"))),
    })
}

/// What releasing found: the services released, or one that is on its way or accepted already.
pub enum Released {
    Done,
    Busy {
        service: String,
        state: SubmissionState,
    },
}

/// Releases `services` (each with its destination) of a case: a new submission each, unless one
/// of them is still on its way or was accepted, in which case nothing changes.
pub async fn release(
    db: &Db,
    (municipality, case_id): (&RegionalKey, &str),
    services: &[(String, String)],
    (by, now): (&str, u64),
) -> Result<Released, DataError> {
    let mut tx = begin_write(db).await?;
    for (service, _) in services {
        let held: Option<(String,)> = sqlx::query_as(
            "SELECT state FROM handover_submissions
              WHERE municipality = $1 AND case_id = $2 AND service = $3",
        )
        .bind(municipality.to_string())
        .bind(case_id)
        .bind(service)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((state,)) = held {
            let state = state_of(&state)?;
            if !matches!(state, SubmissionState::Rejected | SubmissionState::Failed) {
                return Ok(Released::Busy {
                    service: service.clone(),
                    state,
                });
            }
        }
    }
    for (service, destination) in services {
        sqlx::query(
            "INSERT INTO handover_submissions (municipality, case_id, service, destination, state,
                 submission_id, fit_case_id, problems, attempts, released_by, released_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, 'released', NULL, NULL, '[]', 0, $5, $6, $6)
             ON CONFLICT (municipality, case_id, service) DO UPDATE SET
                 destination = excluded.destination, state = 'released', submission_id = NULL,
                 fit_case_id = NULL, problems = '[]', attempts = 0,
                 released_by = excluded.released_by, released_at = excluded.released_at,
                 updated_at = excluded.updated_at",
        )
        .bind(municipality.to_string())
        .bind(case_id)
        .bind(service)
        .bind(destination)
        .bind(by)
        .bind(to_i64(now))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Released::Done)
}

#[derive(sqlx::FromRow)]
struct WaitingRow {
    municipality: String,
    case_id: String,
    service: String,
    destination: String,
    state: String,
    submission_id: Option<String>,
    fit_case_id: Option<String>,
    attempts: i64,
}

/// Every submission released or submitted, oldest change first.
pub async fn waiting(db: &Db) -> Result<Vec<Waiting>, DataError> {
    let rows: Vec<WaitingRow> = sqlx::query_as(
        "SELECT municipality, case_id, service, destination, state, submission_id, fit_case_id,
                attempts
           FROM handover_submissions WHERE state IN ('released', 'submitted')
          ORDER BY updated_at",
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Waiting {
                state: state_of(&row.state)?,
                municipality: row.municipality,
                case_id: row.case_id,
                service: row.service,
                destination: row.destination,
                submission_id: row.submission_id,
                fit_case_id: row.fit_case_id,
                attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Where a submission got: its new state, the submission service's ids, what went wrong.
pub struct Progress<'a> {
    pub state: SubmissionState,
    pub ids: Option<(&'a str, &'a str)>,
    pub problems: &'a [String],
    pub attempts: u32,
}

/// Records how far `waiting` got, unless it was released anew meanwhile.
pub async fn progress(
    db: &Db,
    waiting: &Waiting,
    progress: Progress<'_>,
    now: u64,
) -> Result<(), DataError> {
    let problems =
        serde_json::to_string(progress.problems).map_err(|e| DataError::Corrupt(e.to_string()))?;
    let (submission_id, fit_case_id) = match progress.ids {
        Some((submission, case)) => (Some(submission), Some(case)),
        None => (
            waiting.submission_id.as_deref(),
            waiting.fit_case_id.as_deref(),
        ),
    };
    sqlx::query(
        "UPDATE handover_submissions SET state = $1, submission_id = $2, fit_case_id = $3,
             problems = $4, attempts = $5, updated_at = $6
          WHERE municipality = $7 AND case_id = $8 AND service = $9 AND state = $10",
    )
    .bind(state_name(progress.state))
    .bind(submission_id)
    .bind(fit_case_id)
    .bind(problems)
    .bind(i64::from(progress.attempts))
    .bind(to_i64(now))
    .bind(&waiting.municipality)
    .bind(&waiting.case_id)
    .bind(&waiting.service)
    .bind(state_name(waiting.state))
    .execute(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    service: String,
    destination: String,
    state: String,
    submission_id: Option<String>,
    problems: String,
    released_by: String,
    updated_at: i64,
}

/// The submissions of one case, by service.
pub async fn of_case(
    db: &Db,
    municipality: &RegionalKey,
    case_id: &str,
) -> Result<Vec<HandoverSubmission>, DataError> {
    let rows: Vec<SubmissionRow> = sqlx::query_as(
        "SELECT service, destination, state, submission_id, problems, released_by, updated_at
           FROM handover_submissions WHERE municipality = $1 AND case_id = $2 ORDER BY service",
    )
    .bind(municipality.to_string())
    .bind(case_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(HandoverSubmission {
                state: state_of(&row.state)?,
                problems: serde_json::from_str(&row.problems)
                    .map_err(|e| DataError::Corrupt(e.to_string()))?,
                service: row.service,
                destination: row.destination,
                submission_id: row.submission_id,
                released_by: row.released_by,
                updated_at: to_u64(row.updated_at),
            })
        })
        .collect()
}
