//! Demo visits: eight weeks of the Koffer in Meerane, Schönberg and Treuen before the current
//! week, so the town hall's inbox and evaluation show something real. Each clerk's cases are
//! filed as their laptop files them (a signed push through `sync::push::file`, checked like any
//! other) from a demo laptop enrolled for them, and Birgit Richter decides some of them at the
//! town hall (`cases::decide`). Nothing is written past the server's own rules.
//!
//! The weeks, as a reader of the evaluation will find them (week 1 is the week before this one):
//! - Meerane, Seniorenwohnanlage, every Tuesday: three Lebensbescheinigungen (6, 8 and 10
//!   minutes at the table), two Anmeldungen (12 and 16) and a Beglaubigung (4).
//! - Meerane, Rathaus, Thursdays of weeks 2, 4, 6 and 8: two Fundsachen (5 and 7): deployments
//!   with few citizens.
//! - Tettau, Dorfgemeinschaftshaus (Schönberg), every Wednesday: two Briefwahlen, a
//!   Lebensbescheinigung and a Meldebescheinigung: four citizens a deployment.
//! - Schönberg, Gemeindeamt, Mondays of weeks 1, 3, 5 and 7: three Anmeldungen, three Fundsachen.
//! - Treuen, Rathaus, every Friday: four Meldebescheinigungen, two Beglaubigungen, two
//!   Anmeldungen.
//!
//! In Meerane the Anmeldungen of weeks 4 to 8 (their first of the day) are refused for a missing
//! Wohnungsgeberbestätigung, those of weeks 1 to 3 are in progress, and the Lebensbescheinigungen
//! of weeks 3 to 8 are handed over.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::{devices, users};
use crate::error::ApiError;
use domain::audit::{SealingKey, device_key_to_hex, sha256_hex, sign_proposals};
use domain::cases::{
    Address, Case, CaseStatus, Channel, Citizen, Deployment, Payment, PaymentMethod,
    RequestedService, Signature, StatusChange,
};
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::sync::wire::{Change, Mutation, PROTOCOL_VERSION, PushRequest};
use domain::wire::StatusChangeRequest;

/// Weeks of visits before the current one.
pub const WEEKS: i64 = 8;

/// A one-pixel PNG: the signature pad's image, as small as a valid one gets.
const SIGNATURE_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const SIGNATURE_PNG_SHA256: &str =
    "497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581";

/// Where the clerk of a municipality sets up, on which weekday (0 = Monday), in which weeks, and
/// the services of the day with their minutes at the table.
struct Day {
    place: &'static str,
    weekday: i64,
    weeks: &'static [i64],
    services: &'static [(&'static str, u64)],
}

const EVERY_WEEK: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 8];

const MEERANE_DAYS: &[Day] = &[
    Day {
        place: "Meerane, Seniorenwohnanlage",
        weekday: 1,
        weeks: EVERY_WEEK,
        services: &[
            ("lebensbescheinigung", 6),
            ("lebensbescheinigung", 8),
            ("lebensbescheinigung", 10),
            ("anmeldung", 12),
            ("anmeldung", 16),
            ("beglaubigung", 4),
        ],
    },
    Day {
        place: "Meerane, Rathaus",
        weekday: 3,
        weeks: &[2, 4, 6, 8],
        services: &[("fundsache", 5), ("fundsache", 7)],
    },
];

const SCHOENBERG_DAYS: &[Day] = &[
    Day {
        place: "Tettau, Dorfgemeinschaftshaus",
        weekday: 2,
        weeks: EVERY_WEEK,
        services: &[
            ("briefwahl", 3),
            ("briefwahl", 5),
            ("lebensbescheinigung", 7),
            ("meldebescheinigung", 6),
        ],
    },
    Day {
        place: "Schönberg, Gemeindeamt",
        weekday: 0,
        weeks: &[1, 3, 5, 7],
        services: &[
            ("anmeldung", 10),
            ("anmeldung", 14),
            ("anmeldung", 18),
            ("fundsache", 4),
            ("fundsache", 5),
            ("fundsache", 6),
        ],
    },
];

const TREUEN_DAYS: &[Day] = &[Day {
    place: "Treuen, Rathaus",
    weekday: 4,
    weeks: EVERY_WEEK,
    services: &[
        ("meldebescheinigung", 5),
        ("meldebescheinigung", 6),
        ("meldebescheinigung", 7),
        ("meldebescheinigung", 8),
        ("beglaubigung", 3),
        ("beglaubigung", 4),
        ("anmeldung", 11),
        ("anmeldung", 13),
    ],
}];

/// (Regionalschlüssel, name, clerk, the clerk's days, tag in case numbers)
const MUNICIPALITIES: [(&str, &str, &str, &[Day], &str); 3] = [
    (
        "145245118180",
        "Meerane",
        "m.schreiber",
        MEERANE_DAYS,
        "MER",
    ),
    (
        "145245118250",
        "Schönberg",
        "s.vogel",
        SCHOENBERG_DAYS,
        "SBG",
    ),
    ("145235118300", "Treuen", "t.lehmann", TREUEN_DAYS, "TRN"),
];

// Names the end-to-end journeys do not use for their own citizens.
const FAMILY_NAMES: [&str; 12] = [
    "Seidel", "Fischer", "Schubert", "Winkler", "Lorenz", "Krause", "Böhme", "Ullrich", "Pfeiffer",
    "Engel", "Voigt", "Heinrich",
];
const GIVEN_NAMES: [&str; 8] = [
    "Erna", "Gerhard", "Ilse", "Klaus", "Monika", "Heinz", "Sabine", "Uwe",
];

/// A demo visit the server's own rules refused, or a failure of the data layer: a bug here.
fn refused(why: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("demo visits: {why}"))
}

/// The person `username` signed in on a demo device enrolled for them now.
async fn on_demo_device(
    state: &AppState,
    username: &str,
    (label, key): (&str, &SealingKey),
) -> Result<SignedIn, ApiError> {
    let user = users::find_by_username(&state.db, username)
        .await?
        .ok_or_else(|| refused(format!("no demo account {username}")))?;
    let device_id = format!("demo-{username}");
    let public_key = devices::DeviceKey::parse(&device_key_to_hex(key.verifying_key()))?;
    let mut credential = [0u8; 32];
    getrandom::fill(&mut credential).map_err(refused)?;
    let credential = domain::hex::to_hex(&credential);
    devices::enrol(
        &state.db,
        &user.municipality,
        user.id,
        (label, Some(&public_key)),
        (&device_id, &credential),
        state.now(),
    )
    .await?;
    Ok(SignedIn {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        municipality: user.municipality,
        device_id,
        token_digest: Vec::new(),
        session_expires_at: state.now(),
    })
}

/// The values a demo case fills in for `service`, on a visit on `day`.
fn form_values(service: &str, day: Date) -> Vec<(&'static str, String)> {
    let earlier = Date::from_unix_days(day.unix_days() - 3).german();
    let fixed = |pairs: &[(&'static str, &str)]| {
        pairs
            .iter()
            .map(|(field, value)| (*field, (*value).to_owned()))
            .collect::<Vec<_>>()
    };
    let mut values = match service {
        "anmeldung" => fixed(&[
            ("new_address.street", "Hauptstraße"),
            ("new_address.house_number", "12"),
            ("new_address.postcode", "08393"),
            ("new_address.place", "Meerane"),
            ("dwelling", "alleinige"),
            ("marital_status", "verwitwet"),
            ("nationality", "deutsch"),
            ("others_moving", "nein"),
            ("unterlagen.ausweis", "ja"),
            ("unterlagen.wohnungsgeber", "ja"),
        ]),
        "lebensbescheinigung" => fixed(&[("for_whom", "drv"), ("unterlagen.ausweis", "ja")]),
        "beglaubigung" => fixed(&[("document", "Rentenbescheid"), ("copies", "2")]),
        "fundsache" => fixed(&[
            ("item", "Schlüsselbund"),
            ("found_at", "Bushaltestelle Markt"),
            ("claims_reward", "nein"),
        ]),
        "briefwahl" => fixed(&[
            ("election", "Bürgermeisterwahl"),
            ("dispatch", "abholung"),
            ("unterlagen.ausweis", "ja"),
        ]),
        "meldebescheinigung" => fixed(&[("kind", "einfach"), ("unterlagen.ausweis", "ja")]),
        _ => Vec::new(),
    };
    match service {
        "anmeldung" => values.push(("moved_in", earlier)),
        "fundsache" => values.push(("found_on", earlier)),
        _ => {}
    }
    values
}

/// Fees of the demo's services, in cents (as the standard catalogue charges them).
fn fee_cents(service: &str) -> u32 {
    match service {
        "beglaubigung" => 500,
        "meldebescheinigung" => 1000,
        _ => 0,
    }
}

/// Case `number` of a municipality, taken on `day` at `place`, opened at `opened_ms`.
fn demo_case(
    (key, name, tag): (&str, &str, &str),
    number: usize,
    (day, place, opened_ms): (Date, &str, u64),
    (service, minutes): (&str, u64),
    clerk: &str,
) -> Case {
    let values = form_values(service, day)
        .into_iter()
        .map(|(field, value)| (field.to_owned(), value))
        .collect();
    let signature =
        (!matches!(service, "beglaubigung" | "meldebescheinigung")).then(|| Signature {
            strokes: vec![vec![[100, 200, 500], [400, 220, 600]]],
            png: format!("data:image/png;base64,{SIGNATURE_PNG}"),
            sha256: SIGNATURE_PNG_SHA256.to_owned(),
        });
    let payment = if fee_cents(service) > 0 {
        Payment::Paid {
            method: PaymentMethod::Cash,
            receipt: format!("K-{number:04}"),
        }
    } else {
        Payment::Free
    };
    let year = day.year;
    Case {
        id: format!("demo-{key}-{number:04}"),
        number: format!("{year}-DEMO{tag}-{number:04}"),
        deployment: Deployment {
            municipality: key.to_owned(),
            municipality_name: name.to_owned(),
            place: place.to_owned(),
            date: day.iso(),
        },
        citizen: Citizen {
            id: format!("demo-citizen-{key}-{number:04}"),
            family_name: FAMILY_NAMES[number % FAMILY_NAMES.len()].to_owned(),
            given_names: GIVEN_NAMES[number % GIVEN_NAMES.len()].to_owned(),
            birth_date: format!(
                "{:02}.{:02}.{}",
                1 + number % 28,
                1 + number % 12,
                1938 + number % 45
            ),
            address: Address {
                street: "Lindenweg".into(),
                house_number: format!("{}", 1 + number % 40),
                postcode: "08393".into(),
                place: name.to_owned(),
            },
        },
        services: vec![RequestedService {
            service: service.to_owned(),
            values,
        }],
        signature,
        payment,
        attachments: Vec::new(),
        channel: Channel::Koffer,
        history: vec![
            StatusChange {
                status: CaseStatus::Draft,
                at_ms: opened_ms,
                by: clerk.to_owned(),
                reason: None,
            },
            StatusChange {
                status: CaseStatus::Captured,
                at_ms: opened_ms + minutes * 60_000,
                by: clerk.to_owned(),
                reason: None,
            },
        ],
    }
}

/// A week's day as a date: `weekday` (0 = Monday) of week `week` before the one of `today`.
fn day_of(today: Date, week: i64, weekday: i64) -> Date {
    Date::from_unix_days(today.monday().unix_days() - 7 * week + weekday)
}

/// Files the demo visits and the town hall's decisions on them; returns how many cases.
pub async fn seed(state: &AppState) -> Result<usize, ApiError> {
    let today = state.today();
    let mut filed = 0;
    let mut decisions: Vec<(String, String, CaseStatus, Option<&str>)> = Vec::new();
    for (key, name, clerk_name, days, tag) in MUNICIPALITIES {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(refused)?;
        let device_key = SealingKey::from_slice(&seed).map_err(refused)?;
        let clerk = on_demo_device(state, clerk_name, ("Demo-Koffer", &device_key)).await?;
        let key_text = RegionalKey::parse(key).map_err(refused)?.to_string();
        let mut cases = Vec::new();
        for week in (1..=WEEKS).rev() {
            for day in days.iter().filter(|day| day.weeks.contains(&week)) {
                let date = day_of(today, week, day.weekday);
                // From 10:00 in Saxony (09:00 UTC in winter), a citizen every 25 minutes.
                let start_ms =
                    u64::try_from(date.unix_days()).unwrap_or(0) * 86_400_000 + 9 * 3_600_000;
                let mut first_anmeldung = true;
                for (index, (service, minutes)) in day.services.iter().enumerate() {
                    let number = cases.len() + 1;
                    let opened_ms = start_ms + index as u64 * 25 * 60_000;
                    let case = demo_case(
                        (key, name, tag),
                        number,
                        (date, day.place, opened_ms),
                        (service, *minutes),
                        &clerk.display_name,
                    );
                    if key_text == "145245118180" {
                        let decided = match (*service, week) {
                            ("anmeldung", 4..=8) if first_anmeldung => {
                                Some((CaseStatus::Rejected, Some("Wohnungsgeberbestätigung fehlt")))
                            }
                            ("anmeldung", 1..=3) => Some((CaseStatus::InProgress, None)),
                            ("lebensbescheinigung", 3..=8) => Some((CaseStatus::HandedOver, None)),
                            _ => None,
                        };
                        if *service == "anmeldung" {
                            first_anmeldung = false;
                        }
                        if let Some((status, reason)) = decided {
                            decisions.push((key_text.clone(), case.id.clone(), status, reason));
                        }
                    }
                    cases.push(case);
                }
            }
        }
        filed += cases.len();
        push(state, &clerk, &device_key, cases).await?;
    }
    let office =
        on_demo_device(state, "b.richter", ("Rathaus (Demo)", &demo_office_key()?)).await?;
    for (municipality, id, status, reason) in decisions {
        let steps: &[CaseStatus] = match status {
            CaseStatus::HandedOver => &[CaseStatus::ReadyForPickup, CaseStatus::HandedOver],
            other => &[other],
        };
        for step in steps {
            let request = StatusChangeRequest {
                status: *step,
                reason: reason.map(str::to_owned),
            };
            crate::cases::decide(state, &office, (&municipality, &id), request).await?;
        }
    }
    Ok(filed)
}

/// The town hall's demo device signs nothing; it still gets a key, as every device does.
fn demo_office_key() -> Result<SealingKey, ApiError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(refused)?;
    SealingKey::from_slice(&seed).map_err(refused)
}

/// Pushes `cases` as the clerk's laptop does: numbered mutations under its signature.
async fn push(
    state: &AppState,
    clerk: &SignedIn,
    key: &SealingKey,
    cases: Vec<Case>,
) -> Result<(), ApiError> {
    let mutations: Vec<Mutation> = cases
        .into_iter()
        .zip(1..)
        .map(|(case, id)| Mutation {
            id,
            base_version: 0,
            change: Change::PutCase {
                case: Box::new(case),
                changed: Vec::new(),
            },
        })
        .collect();
    let mut proposals = Vec::with_capacity(mutations.len());
    for mutation in &mutations {
        let content = mutation.content_to_hash().map_err(refused)?;
        proposals.push(mutation.proposal(content.map(|bytes| sha256_hex(&bytes))));
    }
    let request = PushRequest {
        protocol: PROTOCOL_VERSION,
        client_id: clerk.device_id.clone(),
        signature: sign_proposals(&clerk.device_id, &proposals, key),
        mutations,
    };
    let response = crate::sync::file(state, clerk, request).await?;
    match response
        .results
        .iter()
        .find(|result| result.outcome != domain::sync::wire::Outcome::Applied)
    {
        Some(answer) => Err(refused(format!("{answer:?}"))),
        None => Ok(()),
    }
}
