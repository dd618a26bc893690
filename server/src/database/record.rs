//! Case records in the database (`domain::audit`): the events of a push or decision, sealed with
//! one signature and stored in the transaction that stores their changes, the device signatures
//! the events of a push rest on, and a case's record read back and checked against the case as
//! stored and the keys its devices registered.

use super::{DataError, Db, Parameters, to_i64, to_u64};
use domain::audit::{
    Break, DeviceSignature, Event, EventKind, Evidence, Head, Proposal, Proposed, SealCheckingKey,
    SealingKey, case_key, seal, sha256_hex, verify,
};
use domain::cases::CaseStatus;
use domain::municipality::RegionalKey;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

/// An event about to be stored, with where it belongs and its hash.
pub(crate) struct NewEvent {
    pub municipality: String,
    pub case_id: String,
    /// The space version of the change.
    pub version: u64,
    pub event: Event,
    pub hash: String,
}

/// Events per insert statement.
const EVENTS_PER_STATEMENT: usize = 100;

/// Keeps a device's signature over a push's proposals; returns its id, which the push's events
/// name.
pub(crate) async fn keep_device_signature(
    tx: &mut Transaction<'_, Any>,
    device_id: &str,
    proposals: &[Proposal],
    signature: &str,
    now: u64,
) -> Result<u64, DataError> {
    let proposals =
        serde_json::to_string(proposals).map_err(|e| DataError::Corrupt(e.to_string()))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO device_signatures (device_id, created_at, proposals, signature)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(device_id)
    .bind(to_i64(now))
    .bind(proposals)
    .bind(signature)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(id))
}

/// Seals the newest event of each case among `events` with one signature, and stores them all.
pub(crate) async fn append(
    tx: &mut Transaction<'_, Any>,
    key: &SealingKey,
    user_id: i64,
    mut events: Vec<NewEvent>,
    now_ms: u64,
) -> Result<(), DataError> {
    if events.is_empty() {
        return Ok(());
    }
    let mut newest: BTreeMap<String, &str> = BTreeMap::new();
    for new in &events {
        newest.insert(case_key(&new.municipality, &new.case_id), &new.hash);
    }
    let heads: Vec<Head> = newest
        .into_iter()
        .map(|(case, event)| Head {
            case,
            event: event.to_owned(),
        })
        .collect();
    // The seal's id is part of what it signs: taken first, signed, then written.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_seals (created_at, heads, signature) VALUES ($1, '', '') RETURNING id",
    )
    .bind(to_i64(now_ms))
    .fetch_one(&mut **tx)
    .await?;
    let sealed = seal(to_u64(id), heads, key);
    let heads =
        serde_json::to_string(&sealed.heads).map_err(|e| DataError::Corrupt(e.to_string()))?;
    sqlx::query("UPDATE audit_seals SET heads = $1, signature = $2 WHERE id = $3")
        .bind(heads)
        .bind(&sealed.signature)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for new in &mut events {
        new.event.seal = sealed.id;
    }

    let backend = super::backend(tx);
    for chunk in events.chunks(EVENTS_PER_STATEMENT) {
        let mut parameters = Parameters::new(backend);
        let rows: Vec<String> = chunk
            .iter()
            .map(|_| format!("({})", parameters.list(16)))
            .collect();
        let sql = format!(
            "INSERT INTO case_events (municipality, case_id, seq, version, at_ms, user_id, by_user,
                 device_id, kind, status, state, prev, hash, seal_id, proposed_content,
                 proposed_signature) VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for new in chunk {
            let event = &new.event;
            let (kind, status) = match event.kind {
                EventKind::Filed => ("filed", None),
                EventKind::Edited => ("edited", None),
                EventKind::Status(status) => ("status", Some(status.name())),
                EventKind::Resolved => ("resolved", None),
            };
            query = query
                .bind(new.municipality.as_str())
                .bind(new.case_id.as_str())
                .bind(to_i64(event.seq))
                .bind(to_i64(new.version))
                .bind(to_i64(event.at_ms))
                .bind(user_id)
                .bind(event.by.as_str())
                .bind(event.device.as_str())
                .bind(kind)
                .bind(status)
                .bind(event.state.as_str())
                .bind(event.prev.as_str())
                .bind(new.hash.as_str())
                .bind(id)
                .bind(event.proposed.as_ref().map(|p| p.content.as_str()))
                .bind(event.proposed.as_ref().map(|p| to_i64(p.signature)));
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// seq, at_ms, by, device, kind, status, state, prev, seal, proposed content and signature
type EventRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    i64,
    Option<String>,
    Option<i64>,
);

/// A case's record as stored: its events in order, and what they are checked against (the
/// seals and device signatures they name, the keys of the devices they name).
pub async fn load(
    db: &Db,
    municipality: &RegionalKey,
    case_id: &str,
) -> Result<(Vec<Event>, Evidence), DataError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT seq, at_ms, by_user, device_id, kind, status, state, prev, seal_id,
                proposed_content, proposed_signature
           FROM case_events WHERE municipality = $1 AND case_id = $2 ORDER BY seq",
    )
    .bind(municipality.to_string())
    .bind(case_id)
    .fetch_all(db)
    .await?;
    let mut events = Vec::with_capacity(rows.len());
    for (seq, at_ms, by, device, kind, status, state, prev, seal, content, signature) in rows {
        let kind = match (kind.as_str(), status.as_deref()) {
            ("filed", _) => EventKind::Filed,
            ("edited", _) => EventKind::Edited,
            ("resolved", _) => EventKind::Resolved,
            (_, Some(status)) => EventKind::Status(
                CaseStatus::ALL
                    .into_iter()
                    .find(|s| s.name() == status)
                    .ok_or_else(|| DataError::Corrupt(format!("unknown status {status}")))?,
            ),
            _ => return Err(DataError::Corrupt(format!("unknown event kind {kind}"))),
        };
        events.push(Event {
            seq: to_u64(seq),
            kind,
            at_ms: to_u64(at_ms),
            by,
            device,
            state,
            prev,
            seal: to_u64(seal),
            proposed: content.zip(signature).map(|(content, signature)| Proposed {
                content,
                signature: to_u64(signature),
            }),
        });
    }
    let mut ids: Vec<i64> = events.iter().map(|e| to_i64(e.seal)).collect();
    ids.dedup();
    let mut seals = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT heads, signature FROM audit_seals WHERE id = $1")
                .bind(id)
                .fetch_optional(db)
                .await?;
        let Some((heads, signature)) = row else {
            continue;
        };
        let heads = serde_json::from_str(&heads)
            .map_err(|e| DataError::Corrupt(format!("seal {id} unreadable: {e}")))?;
        seals.push(domain::audit::Seal {
            id: to_u64(id),
            heads,
            signature,
        });
    }
    let mut device_signatures = Vec::new();
    let mut signature_ids: Vec<u64> = events
        .iter()
        .filter_map(|e| Some(e.proposed.as_ref()?.signature))
        .collect();
    signature_ids.sort_unstable();
    signature_ids.dedup();
    for id in signature_ids {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT device_id, proposals, signature FROM device_signatures WHERE id = $1",
        )
        .bind(to_i64(id))
        .fetch_optional(db)
        .await?;
        let Some((device, proposals, signature)) = row else {
            continue;
        };
        let proposals = serde_json::from_str(&proposals)
            .map_err(|e| DataError::Corrupt(format!("device signature {id} unreadable: {e}")))?;
        device_signatures.push(DeviceSignature {
            id,
            device,
            proposals,
            signature,
        });
    }
    let mut devices: Vec<&str> = events.iter().map(|e| e.device.as_str()).collect();
    devices.sort_unstable();
    devices.dedup();
    let mut device_keys = Vec::new();
    let mut terminals = Vec::new();
    for device in devices {
        if let Some(key) = super::devices::public_key(db, device).await? {
            device_keys.push((device.to_owned(), key));
        }
        if super::devices::is_terminal(db, device).await? {
            terminals.push(device.to_owned());
        }
    }
    Ok((
        events,
        Evidence {
            seals,
            device_signatures,
            device_keys,
            terminals,
        },
    ))
}

/// Checks a case's record against the case as stored (`body`, its JSON).
pub fn check(
    municipality: &RegionalKey,
    case_id: &str,
    (events, evidence): (&[Event], &Evidence),
    body: &str,
    key: &SealCheckingKey,
) -> Result<(), Break> {
    verify(
        &case_key(&municipality.to_string(), case_id),
        events,
        evidence,
        key,
        &sha256_hex(body.as_bytes()),
    )
}

/// A case's record and, if it does not hold against the case as stored, what is wrong.
pub async fn load_and_check(
    db: &Db,
    municipality: &RegionalKey,
    case_id: &str,
    key: &SealCheckingKey,
) -> Result<(Vec<Event>, Option<String>), DataError> {
    let body: Option<Option<String>> =
        sqlx::query_scalar("SELECT body FROM cases WHERE municipality = $1 AND id = $2")
            .bind(municipality.to_string())
            .bind(case_id)
            .fetch_optional(db)
            .await?;
    let body = body.flatten().unwrap_or_default();
    let (events, evidence) = load(db, municipality, case_id).await?;
    let problem = check(municipality, case_id, (&events, &evidence), &body, key)
        .err()
        .map(|broken| describe(&broken));
    Ok((events, problem))
}

/// What a broken record means, for the operator and the back office.
pub fn describe(broken: &Break) -> String {
    match broken {
        Break::Empty => "Zu diesem Fall gibt es keinen Verlauf.".into(),
        Break::OutOfOrder { seq } => {
            format!("Ereignis {seq} fehlt oder steht nicht an seinem Platz.")
        }
        Break::Altered { seq } => {
            format!("Ereignis {seq} nennt seinen Vorgänger nicht: dieser wurde verändert.")
        }
        Break::Unsealed { seq } => {
            format!("Ereignis {seq} ist nicht vom Server versiegelt (verändert oder fremd signiert).")
        }
        Break::NotSignedByDevice { seq } => {
            format!("Ereignis {seq} trägt keine gültige Unterschrift des Geräts, das es eingereicht hat.")
        }
        Break::StateChanged => {
            "Der gespeicherte Fall entspricht nicht seinem letzten Ereignis: er wurde ohne Eintrag geändert."
                .into()
        }
    }
}
