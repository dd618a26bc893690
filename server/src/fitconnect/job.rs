//! The sending job: each round it sends the released submissions (the case's handover package
//! as the form, its photos as attachments, the service's data, all encrypted for the
//! destination) and reads the submitted ones' event logs for the destination's decision. The
//! case and its route are read again at sending: a correction made meanwhile goes with it, an
//! expired key or a schema the data no longer fits stops it with the reason on the case.

use super::events::Decision;
use super::metadata::Purpose;
use super::release::{Unfit, checked_data};
use super::routes::key_for;
use super::sender::{Attachment, Failed, Outgoing, Settings, Submitted, decided, send};
use crate::AppState;
use crate::database::handover_submissions::{self, Progress, Waiting};
use crate::database::{DataError, handover_routes};
use crate::handover::{build, gather};
use domain::municipality::RegionalKey;
use domain::wire::SubmissionState;
use std::sync::Arc;

/// Tries to send a submission this often (once a round) before it is given up as failed.
pub const ATTEMPTS: u32 = 5;

/// Moves every waiting submission on as far as it goes now; how many changed.
pub async fn run(state: &AppState) -> Result<u64, DataError> {
    let Some(settings) = state.fit_connect.clone() else {
        return Ok(0);
    };
    let mut moved = 0;
    for mut waiting in handover_submissions::waiting(&state.db).await? {
        if waiting.state == SubmissionState::Released {
            let Some(step) = send_one(state, &settings, &waiting).await? else {
                continue;
            };
            handover_submissions::progress(&state.db, &waiting, step.as_progress(), state.now())
                .await?;
            moved += 1;
            let Some(ids) = step
                .ids
                .filter(|_| step.state == SubmissionState::Submitted)
            else {
                continue;
            };
            // A destination may decide at once: look right away rather than a round later.
            waiting.state = SubmissionState::Submitted;
            waiting.attempts = step.attempts;
            waiting.submission_id = Some(ids.submission_id);
            waiting.fit_case_id = Some(ids.case_id);
        }
        if let Some(step) = follow(&settings, &waiting).await {
            handover_submissions::progress(&state.db, &waiting, step.as_progress(), state.now())
                .await?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// What a step found, owning its texts.
struct Step {
    state: SubmissionState,
    ids: Option<Submitted>,
    problems: Vec<String>,
    attempts: u32,
}

impl Step {
    fn as_progress(&self) -> Progress<'_> {
        Progress {
            state: self.state,
            ids: self
                .ids
                .as_ref()
                .map(|ids| (ids.submission_id.as_str(), ids.case_id.as_str())),
            problems: &self.problems,
            attempts: self.attempts,
        }
    }

    fn stopped(problem: String, attempts: u32) -> Option<Step> {
        Some(Step {
            state: SubmissionState::Failed,
            ids: None,
            problems: vec![problem],
            attempts,
        })
    }
}

/// Sends one released submission; a failed attempt is retried next round, up to `ATTEMPTS`.
async fn send_one(
    state: &AppState,
    settings: &Arc<Settings>,
    waiting: &Waiting,
) -> Result<Option<Step>, DataError> {
    let attempts = waiting.attempts + 1;
    let outgoing = match outgoing(state, waiting).await? {
        Ok(outgoing) => outgoing,
        Err(problem) => return Ok(Step::stopped(problem, attempts)),
    };
    let settings = settings.clone();
    let sent = tokio::task::spawn_blocking(move || send(&settings, &outgoing))
        .await
        .unwrap_or_else(|error| {
            Err(Failed {
                step: "Senden",
                why: error.to_string(),
            })
        });
    Ok(Some(match sent {
        Ok(ids) => Step {
            state: SubmissionState::Submitted,
            ids: Some(ids),
            problems: Vec::new(),
            attempts,
        },
        Err(failed) if attempts >= ATTEMPTS => Step {
            state: SubmissionState::Failed,
            ids: None,
            problems: vec![failed.to_string()],
            attempts,
        },
        Err(failed) => Step {
            state: SubmissionState::Released,
            ids: None,
            problems: vec![format!("{failed}; neuer Versuch in der nächsten Runde")],
            attempts,
        },
    }))
}

/// What goes to the destination for `waiting`, read now; `Err` says why it cannot go.
async fn outgoing(
    state: &AppState,
    waiting: &Waiting,
) -> Result<Result<Outgoing, String>, DataError> {
    let Ok(key) = RegionalKey::parse(&waiting.municipality) else {
        return Ok(Err("unbekannte Gemeinde".into()));
    };
    let Some(route) = handover_routes::find(&state.db, &key, &waiting.service).await? else {
        return Ok(Err(
            "Das FIT-Connect-Ziel dieser Leistung wurde entfernt.".into()
        ));
    };
    let destination_key = match key_for(&route, state.today()) {
        Ok(destination_key) => destination_key,
        Err(refusal) => return Ok(Err(refusal.to_string())),
    };
    let Some(gathered) = gather(
        &state.db,
        &key,
        &waiting.case_id,
        &state.sealing_key,
        state.now() * 1000,
    )
    .await?
    else {
        return Ok(Err("Den Fall gibt es nicht mehr.".into()));
    };
    let Some(service) = gathered
        .catalogue()
        .and_then(|c| c.service(&waiting.service))
        .cloned()
    else {
        return Ok(Err("Die Leistung steht nicht mehr im Katalog.".into()));
    };
    let case = gathered.document.case.clone();
    let data = match checked_data(&route, &case, &service)? {
        Ok(data) => data,
        Err(Unfit::NoLeikaKey) => {
            return Ok(Err("Der Fall beantragt diese Leistung nicht mehr.".into()));
        }
        Err(Unfit::Schema(listed)) => {
            return Ok(Err(format!(
                "Die Angaben passen nicht zum Schema der Zielstelle: {}",
                listed.join("; ")
            )));
        }
    };
    let photos: Vec<Attachment> = gathered
        .files()
        .iter()
        .filter(|(_, media_type, _)| *media_type == "image/jpeg")
        .map(|(name, media_type, bytes)| Attachment {
            filename: name.clone(),
            media_type: (*media_type).to_owned(),
            purpose: Purpose::Attachment,
            bytes: bytes.clone(),
        })
        .collect();
    let package = match tokio::task::spawn_blocking(move || build(gathered)).await {
        Ok(Ok(package)) => package,
        Ok(Err(problem)) => return Ok(Err(problem)),
        Err(error) => return Ok(Err(error.to_string())),
    };
    let mut attachments = vec![Attachment {
        filename: package.file_name(),
        media_type: "application/pdf".into(),
        purpose: Purpose::Form,
        bytes: package.pdf,
    }];
    attachments.extend(photos);
    Ok(Ok(Outgoing {
        destination: route.destination,
        key: destination_key,
        service: (
            service.title.de.clone(),
            domain::handover::leika_urn(service.leika.as_deref().unwrap_or_default()),
        ),
        data: (data.to_string().into_bytes(), route.schema_uri),
        attachments,
        reference: (case.number.clone(), case.deployment.date.clone()),
    }))
}

/// Reads a submitted submission's event log: accepted, rejected with its problems, or nothing
/// yet (then it is read again next round).
async fn follow(settings: &Arc<Settings>, waiting: &Waiting) -> Option<Step> {
    let submitted = Submitted {
        submission_id: waiting.submission_id.clone()?,
        case_id: waiting.fit_case_id.clone()?,
    };
    let settings = settings.clone();
    let looked = tokio::task::spawn_blocking(move || decided(&settings, &submitted))
        .await
        .ok()?;
    match looked {
        Ok(Some(Decision::Accepted)) => Some(Step {
            state: SubmissionState::Accepted,
            ids: None,
            problems: Vec::new(),
            attempts: waiting.attempts,
        }),
        Ok(Some(Decision::Rejected(problems))) => Some(Step {
            state: SubmissionState::Rejected,
            ids: None,
            problems,
            attempts: waiting.attempts,
        }),
        Ok(None) => None,
        Err(failed) => {
            tracing::warn!(%failed, case = %waiting.case_id, "FIT-Connect event log unreadable");
            None
        }
    }
}
