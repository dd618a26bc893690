//! The evaluation's response time over 1,000,000 cases: 50 municipalities of 20,000 cases each,
//! a year of visits at three places, 14 services. Prints the time the database takes for a
//! year of one municipality (goal ≤ 200 ms) and for a year of all 50 (goal ≤ 1 s), on SQLite
//! and, when `BUERGERKOFFER_TEST_DATABASE_URL` names a PostgreSQL server, on PostgreSQL.
//!
//! Run: `cargo bench -p server --bench evaluation`. The cases are seeded through the data layer
//! the server writes with (`database::facts`); the evaluation reads nothing else.

#![allow(clippy::print_stdout)] // a benchmark prints its figures

use domain::cases::{
    Address, Case, CaseStatus, Citizen, Deployment, Payment, RequestedService, StatusChange,
};
use domain::forms::Date;
use domain::municipality::RegionalKey;
use server::database::evaluation::{Scope, aggregate};
use server::database::{self, Db, Location};
use std::time::{Duration, Instant};

const MUNICIPALITIES: usize = 50;
const CASES_EACH: usize = 20_000;
const SERVICES: [&str; 14] = [
    "anmeldung",
    "ummeldung",
    "abmeldung",
    "meldebescheinigung",
    "lebensbescheinigung",
    "beglaubigung",
    "fuehrungszeugnis",
    "briefwahl",
    "hund_anmelden",
    "hund_abmelden",
    "fundsache",
    "ausweis_abholung",
    "personalausweis_vorerfassung",
    "bewohnerparkausweis",
];
/// 1 January 2026.
const FIRST_DAY: i64 = 20_454;
const DAYS: usize = 365;
/// Cases written per transaction while seeding.
const SEED_BATCH: usize = 5_000;
/// Each figure is the median of this many runs (after one to warm the caches).
const RUNS: usize = 3;

fn key(n: usize) -> RegionalKey {
    RegionalKey::parse(&format!("14524{n:07}")).expect("key")
}

/// A small deterministic generator: the same cases on every run and every backend.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// Case `n` of municipality `m`: one service (a fifth also a second), visited on one of the
/// year's days at one of three places, 2 to 40 minutes at the table; one in twenty refused.
fn case(m: usize, n: usize, numbers: &mut Numbers) -> Case {
    let day = Date::from_unix_days(FIRST_DAY + numbers.next(DAYS) as i64);
    let opened_ms = day.unix_days() as u64 * 86_400_000 + 8 * 3_600_000 + n as u64 * 1_000;
    let minutes = 2 + numbers.next(39) as u64;
    let mut services = vec![SERVICES[numbers.next(SERVICES.len())]];
    if numbers.next(5) == 0 {
        services.push(SERVICES[numbers.next(SERVICES.len())]);
    }
    let mut history = vec![
        step(CaseStatus::Draft, opened_ms, None),
        step(CaseStatus::Captured, opened_ms + minutes * 60_000, None),
        step(CaseStatus::Transferred, opened_ms + 3_600_000, None),
    ];
    if numbers.next(20) == 0 {
        let reason = ["Unterlagen fehlen", "Register nötig", "Zuständigkeit"][numbers.next(3)];
        history.push(step(
            CaseStatus::Rejected,
            opened_ms + 86_400_000,
            Some(reason),
        ));
    }
    Case {
        id: format!("case-{m}-{n}"),
        number: format!("2026-BNCH-{n}"),
        deployment: Deployment {
            municipality: key(m).to_string(),
            municipality_name: format!("Gemeinde {m}"),
            place: format!("Ort {}", numbers.next(3)),
            date: day.iso(),
        },
        citizen: Citizen {
            id: String::new(),
            family_name: String::new(),
            given_names: String::new(),
            birth_date: String::new(),
            address: Address {
                street: String::new(),
                house_number: String::new(),
                postcode: String::new(),
                place: String::new(),
            },
        },
        services: services
            .into_iter()
            .map(|service| RequestedService {
                service: service.into(),
                values: Default::default(),
            })
            .collect(),
        signature: None,
        payment: Payment::Free,
        attachments: Vec::new(),
        channel: domain::cases::Channel::Koffer,
        history,
    }
}

fn step(status: CaseStatus, at_ms: u64, reason: Option<&str>) -> StatusChange {
    StatusChange {
        status,
        at_ms,
        by: "Maria Schreiber".into(),
        reason: reason.map(str::to_owned),
    }
}

async fn seed(db: &Db) {
    let mut numbers = Numbers(0x9e37_79b9_7f4a_7c15);
    for m in 0..MUNICIPALITIES {
        let places = ["Ort 0", "Ort 1", "Ort 2"].map(str::to_owned);
        database::municipalities::create(db, &key(m), &format!("Gemeinde {m}"), 14, &places)
            .await
            .expect("municipality");
        let keyed = key(m).to_string();
        for batch in (0..CASES_EACH).collect::<Vec<_>>().chunks(SEED_BATCH) {
            let cases: Vec<Case> = batch.iter().map(|n| case(m, *n, &mut numbers)).collect();
            let rows: Vec<(&str, &Case)> = cases.iter().map(|c| (keyed.as_str(), c)).collect();
            let mut tx = database::begin_write(db).await.expect("transaction");
            database::facts::write(&mut tx, &rows).await.expect("facts");
            tx.commit().await.expect("commit");
        }
    }
}

/// The median time of `RUNS` evaluations of `scope`, after one to warm up.
async fn time(db: &Db, scope: &Scope<'_>) -> (Duration, u64) {
    let cases = aggregate(db, scope).await.expect("evaluation").cases;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        aggregate(db, scope).await.expect("evaluation");
        times.push(started.elapsed());
    }
    times.sort();
    (times[RUNS / 2], cases)
}

async fn run(backend: &str, db: Db) {
    let started = Instant::now();
    seed(&db).await;
    println!(
        "evaluation on {backend}: seeded {} cases in {:.1} s",
        MUNICIPALITIES * CASES_EACH,
        started.elapsed().as_secs_f64()
    );
    let (from, to) = ("2026-01-01", "2026-12-31");
    let one = [key(7)];
    let (elapsed, cases) = time(
        &db,
        &Scope {
            municipalities: &one,
            from,
            to,
        },
    )
    .await;
    println!(
        "evaluation on {backend}: a year of one municipality ({cases} cases): {:.1} ms (goal ≤ 200 ms)",
        elapsed.as_secs_f64() * 1000.0
    );
    let all: Vec<RegionalKey> = (0..MUNICIPALITIES).map(key).collect();
    let (elapsed, cases) = time(
        &db,
        &Scope {
            municipalities: &all,
            from,
            to,
        },
    )
    .await;
    println!(
        "evaluation on {backend}: a year of {MUNICIPALITIES} municipalities ({cases} cases): {:.1} ms (goal ≤ 1000 ms)",
        elapsed.as_secs_f64() * 1000.0
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = database::open(Location::DataDir(dir.path()))
        .await
        .expect("SQLite");
    run("SQLite", sqlite).await;
    match database::fresh_test_url().await {
        Some(url) => {
            let postgres = database::open(Location::Url(&url))
                .await
                .expect("PostgreSQL");
            run("PostgreSQL", postgres).await;
        }
        None => println!("evaluation on PostgreSQL: skipped (no BUERGERKOFFER_TEST_DATABASE_URL)"),
    }
}
