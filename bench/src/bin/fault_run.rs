//! Faults while laptops transfer their cases, then a count of every case (issue 26). Laptops
//! push signed batches through a relay that cuts connections mid-request and mid-answer; they
//! send batches twice, out of order and again after they were taken; some run with clocks hours
//! behind; the server is SIGKILLed and restarted while pushes are in flight; on PostgreSQL the
//! database goes away for a moment, behind a relay of its own. At the end every case must be on
//! the server exactly once: each listed once, filed once in its record, its record intact, and
//! nothing refused. Prints the faults by kind and the count; fails on any case missing or twice.
//! Usage: BUERGERKOFFER_BIN=… fault-run [--database-url postgres://…]

use bench::faults::{Dice, Server};
use bench::link::{Cut, Link};
use bench::sync_peer::{agent, case_of, letters, record_id};
use domain::audit::{SealingKey, device_key_to_hex, sha256_hex, sign_proposals};
use domain::cases::Case;
use domain::forms::Date;
use domain::sync::wire::{Change, Mutation, Outcome, PushRequest, PushResponse};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bench::sync_peer::Error;

const LAPTOPS: usize = 16;
/// Cases per laptop: enough for well over 1,000 faults in one run. PostgreSQL takes a push
/// more slowly, and a server on it takes longer to come back.
const CASES_ON_SQLITE: usize = 500;
const CASES_ON_POSTGRES: usize = 120;
/// Mutations per push: small, so that a run has many pushes to break.
const BATCH: u64 = 4;
/// The run fails if the laptops have not transferred everything by then.
const DEADLINE: Duration = Duration::from_secs(120);
const SCHOENBERG: &str = "145245118250";
const HOUR_MS: u64 = 60 * 60 * 1000;

/// Faults the laptops made themselves, by kind.
#[derive(Default)]
struct Sent {
    twice: AtomicU64,
    out_of_order: AtomicU64,
    again: AtomicU64,
}

/// One laptop: its session, key, clock and outbox of one filing per case.
struct Laptop {
    agent: ureq::Agent,
    base: String,
    bearer: String,
    device_id: String,
    key: SealingKey,
    outbox: Vec<Mutation>,
    taken: u64,
    dice: Dice,
}

impl Laptop {
    /// Signs in at the server (directly: sign-in is not what is tested) and fills its outbox
    /// with its cases, stamped by its own clock, `behind_ms` behind the server's.
    fn enrol(
        (direct, through): (&str, &str),
        n: usize,
        cases: usize,
        behind_ms: u64,
    ) -> Result<Self, Error> {
        // A connection per request, so that the relay's cuts fall on requests rather than on
        // idle connections kept for later.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_connections(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let key = SealingKey::from_slice(&[(n + 60) as u8; 32]).map_err(|e| e.to_string())?;
        let body = json!({ "username": "m.schreiber", "password": "Koffer-Demo-2026",
            "device_label": format!("Störung {n}"), "device_key": device_key_to_hex(key.verifying_key()) });
        let session: Value = read(
            agent
                .post(format!("{direct}/api/sessions"))
                .header("content-type", "application/json")
                .send(body.to_string()),
        )?;
        let field = |name: &str| session[name].as_str().map(str::to_owned).ok_or("sign-in");
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| e.to_string())?;
        let clock_ms = now_ms.as_millis() as u64 - behind_ms - HOUR_MS;
        let outbox = (0..cases)
            .map(|i| {
                let number = 300_000 + n * 1_000 + i;
                let case = case_at(number, clock_ms + i as u64 * 1000)?;
                Ok(Mutation {
                    id: i as u64 + 1,
                    base_version: 0,
                    change: Change::PutCase {
                        case: Box::new(case),
                        changed: vec!["citizen".into()],
                    },
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            agent,
            base: through.to_owned(),
            bearer: format!("Bearer {}", field("token")?),
            device_id: field("device_id")?.to_owned(),
            key,
            outbox,
            taken: 0,
            dice: Dice::new(n as u64 + 1),
        })
    }

    /// Pushes the mutations `ids` (1-based, in the order given), signed.
    fn push(&self, ids: &[u64]) -> Result<PushResponse, Error> {
        let mutations: Vec<Mutation> = ids
            .iter()
            .map(|id| self.outbox[*id as usize - 1].clone())
            .collect();
        let proposals = mutations
            .iter()
            .map(|m| {
                let content = m.content_to_hash().map_err(|e| e.to_string())?;
                Ok(m.proposal(content.map(|bytes| sha256_hex(&bytes))))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let request = PushRequest {
            protocol: 1,
            client_id: self.device_id.clone(),
            signature: sign_proposals(&self.device_id, &proposals, &self.key),
            mutations,
        };
        let body = serde_json::to_string(&request).map_err(|e| e.to_string())?;
        read(
            self.agent
                .post(format!("{}/api/sync/push", self.base))
                .header("authorization", &self.bearer)
                .header("content-type", "application/json")
                .send(body),
        )
    }

    /// Transfers the whole outbox, making its own faults on the way; fails on any refusal.
    fn transfer(&mut self, sent: &Sent) -> Result<(), Error> {
        let total = self.outbox.len() as u64;
        let started = Instant::now();
        while self.taken < total {
            if started.elapsed() > DEADLINE {
                return Err(format!(
                    "{} had {} of {total} cases taken after {DEADLINE:?}",
                    self.device_id, self.taken
                ));
            }
            let next: Vec<u64> = (self.taken + 1..=(self.taken + BATCH).min(total)).collect();
            let mut plan = vec![next.clone()];
            if self.dice.chance(12) {
                plan.push(next.clone());
                sent.twice.fetch_add(1, Ordering::Relaxed);
            }
            if next.len() > 1 && self.dice.chance(12) {
                // The later half first: the server must take nothing of it yet.
                plan.insert(0, next[next.len() / 2..].to_vec());
                sent.out_of_order.fetch_add(1, Ordering::Relaxed);
            }
            if self.taken > 0 && self.dice.chance(8) {
                let from = self.taken.saturating_sub(BATCH - 1).max(1);
                plan.insert(0, (from..=self.taken).collect());
                sent.again.fetch_add(1, Ordering::Relaxed);
            }
            for ids in plan {
                match self.push(&ids) {
                    Ok(answer) => {
                        for result in &answer.results {
                            if let Outcome::Rejected { reason } = &result.outcome {
                                return Err(format!("mutation {} refused: {reason}", result.id));
                            }
                        }
                        self.taken = self.taken.max(answer.last_mutation_id);
                    }
                    // Cut, killed or unavailable: the laptop tries again, as the app does.
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        }
        Ok(())
    }
}

/// Case `number` as the app files it, opened at `opened_ms` on that day's deployment.
fn case_at(number: usize, opened_ms: u64) -> Result<Case, Error> {
    let mut case = case_of(number, &format!("Störfall-{}", letters(number)));
    // The deployment's day as the laptop's clock tells it (German time, as the server reads it).
    let day = Date::from_unix_days(((opened_ms + 2 * HOUR_MS) / 86_400_000) as i64);
    case["deployment"]["date"] = json!(day.iso());
    case["history"][0]["at_ms"] = json!(opened_ms);
    case["history"][1]["at_ms"] = json!(opened_ms + 500);
    serde_json::from_value(case).map_err(|e| e.to_string())
}

fn read<T: serde::de::DeserializeOwned>(
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<T, Error> {
    let mut response = response.map_err(|e| e.to_string())?;
    let status = response.status();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{status}: {text}"));
    }
    serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))
}

/// Every case the back office sees, with how often each id is listed, and for each: how often
/// its record says it was filed, and whether the record holds.
fn count_cases(base: &str) -> Result<BTreeMap<String, (usize, usize)>, Error> {
    let agent = agent();
    let session: Value = read(
        agent
            .post(format!("{base}/api/sessions"))
            .header("content-type", "application/json")
            .send(json!({ "username": "b.richter", "password": "Koffer-Demo-2026" }).to_string()),
    )?;
    let bearer = format!("Bearer {}", session["token"].as_str().ok_or("no token")?);
    let mut listed: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut before = u64::MAX;
    loop {
        let page: Vec<Value> = read(
            agent
                .get(format!(
                    "{base}/api/cases?municipality={SCHOENBERG}&limit=1000&before={before}"
                ))
                .header("authorization", &bearer)
                .call(),
        )?;
        let Some(last) = page.last() else { break };
        before = last["version"].as_u64().ok_or("a case without version")?;
        for case in &page {
            let id = case["id"].as_str().ok_or("a case without id")?.to_owned();
            listed.entry(id).or_default().0 += 1;
        }
    }
    for (id, (_, filed)) in listed.iter_mut() {
        let detail: Value = read(
            agent
                .get(format!("{base}/api/cases/{SCHOENBERG}/{id}"))
                .header("authorization", &bearer)
                .call(),
        )?;
        if !detail["record_problem"].is_null() {
            return Err(format!(
                "the record of {id} does not hold: {}",
                detail["record_problem"]
            ));
        }
        let events = detail["record"].as_array().ok_or("a case without record")?;
        *filed = events.iter().filter(|e| e["kind"] == "filed").count();
    }
    Ok(listed)
}

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn run(bin: &Path, database_url: Option<&str>, backend: &str) -> Result<(), Error> {
    let temp = std::env::temp_dir();
    let stamp = format!("{}-{}", std::process::id(), backend.len());
    let dist = temp.join(format!("bk-fault-dist-{stamp}"));
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    std::fs::write(dist.join("index.html"), "<!doctype html>").map_err(|e| e.to_string())?;
    let free_port = || -> Result<u16, Error> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
    };
    // On PostgreSQL, the server reaches its database through a relay that can take it away.
    let database_link = match database_url {
        Some(url) => {
            let (head, tail) = url
                .rsplit_once('@')
                .ok_or("the database URL names no host")?;
            let (host, rest) = tail
                .split_once('/')
                .ok_or("the database URL names no database")?;
            let port: u16 = host
                .rsplit_once(':')
                .map_or(Ok(5432), |(_, p)| p.parse())
                .map_err(|_| "port")?;
            let link = Link::start(port, || Cut::Never).map_err(|e| e.to_string())?;
            let relayed = format!("{head}@127.0.0.1:{}/{rest}", link.port());
            Some((link, relayed))
        }
        None => None,
    };
    let mut server = Server {
        bin: bin.to_owned(),
        port: free_port()?,
        data: temp.join(format!("bk-fault-data-{stamp}")),
        dist,
        database_url: database_link.as_ref().map(|(_, url)| url.clone()),
        child: None,
    };
    server.start()?;
    let direct = format!("http://127.0.0.1:{}", server.port);
    let dice = Mutex::new(Dice::new(7));
    let link = Link::start(server.port, move || {
        let mut dice = dice.lock().expect("dice");
        match dice.below(100) {
            0..=11 => Cut::Request(1 + dice.below(1500) as usize),
            12..=23 => Cut::Answer(1 + dice.below(300) as usize),
            _ => Cut::Never,
        }
    })
    .map_err(|e| e.to_string())?;
    let through = format!("http://127.0.0.1:{}", link.port());

    let cases = if database_url.is_some() {
        CASES_ON_POSTGRES
    } else {
        CASES_ON_SQLITE
    };
    let mut laptops = Vec::with_capacity(LAPTOPS);
    let mut behind = Vec::new();
    for n in 0..LAPTOPS {
        // Every fourth laptop's clock runs hours behind.
        let behind_ms = if n % 4 == 1 {
            (2 + n as u64 / 4) * HOUR_MS
        } else {
            0
        };
        if behind_ms > 0 {
            behind.push(behind_ms / HOUR_MS);
        }
        laptops.push(Laptop::enrol((&direct, &through), n, cases, behind_ms)?);
    }

    let sent = Arc::new(Sent::default());
    let started = Instant::now();
    let workers: Vec<_> = laptops
        .into_iter()
        .map(|mut laptop| {
            let sent = sent.clone();
            std::thread::spawn(move || laptop.transfer(&sent))
        })
        .collect();
    let mut kills = 0u64;
    let mut chaos = Dice::new(11);
    let mut next_kill = Instant::now() + Duration::from_millis(1000 + chaos.below(2000));
    let mut next_outage = Instant::now() + Duration::from_millis(1000 + chaos.below(2000));
    while workers.iter().any(|worker| !worker.is_finished()) {
        std::thread::sleep(Duration::from_millis(20));
        if Instant::now() >= next_kill {
            server.kill();
            kills += 1;
            std::thread::sleep(Duration::from_millis(chaos.below(300)));
            server.start()?;
            next_kill = Instant::now() + Duration::from_millis(1000 + chaos.below(2000));
        }
        // The database goes away for a moment, now and then (PostgreSQL).
        if let Some((database, _)) = &database_link
            && Instant::now() >= next_outage
        {
            database.outage(Duration::from_millis(100 + chaos.below(400)));
            next_outage = Instant::now() + Duration::from_millis(1000 + chaos.below(2000));
        }
    }
    let mut failures = Vec::new();
    for worker in workers {
        if let Err(error) = worker.join().map_err(|_| "a laptop thread panicked")? {
            failures.push(error);
        }
    }
    let took = started.elapsed();

    let broken = link.broken();
    let (cut_requests, cut_answers) = (
        broken.requests.load(Ordering::Relaxed),
        broken.answers.load(Ordering::Relaxed),
    );
    let database_outages = database_link
        .as_ref()
        .map_or(0, |(link, _)| link.broken().outages.load(Ordering::Relaxed));
    let (twice, out_of_order, again) = (
        sent.twice.load(Ordering::Relaxed),
        sent.out_of_order.load(Ordering::Relaxed),
        sent.again.load(Ordering::Relaxed),
    );
    let faults =
        kills + cut_requests + cut_answers + database_outages + twice + out_of_order + again;
    let database_away = if database_link.is_some() {
        format!("database away {database_outages}×, ")
    } else {
        String::new()
    };
    println!(
        "fault run on {backend}: {faults} faults in {:.1} s — server SIGKILLed while {LAPTOPS} laptops pushed {kills}×, connections cut mid-request {cut_requests}× and mid-answer {cut_answers}×, {database_away}batches sent twice {twice}×, out of order {out_of_order}×, again after taken {again}×; {} laptops with clocks {behind:?} hours behind",
        took.as_secs_f64(),
        behind.len(),
    );
    if let Some(first) = failures.first() {
        return Err(format!("{} laptops failed; first: {first}", failures.len()));
    }

    // The count checks what is stored, not how the server fares without its database: the
    // last outage may still be under way when the last laptop is done.
    if let Some((database, _)) = &database_link {
        database.wait_until_up();
    }
    let counted = count_cases(&direct)?;
    let expected = LAPTOPS * cases;
    let ours: Vec<_> = (0..LAPTOPS)
        .flat_map(|n| (0..cases).map(move |i| 300_000 + n * 1_000 + i))
        .map(|number| record_id("case", number))
        .collect();
    let missing = ours.iter().filter(|id| !counted.contains_key(*id)).count();
    let not_once = counted
        .iter()
        .filter(|(id, (listed, filed))| ours.contains(id) && (*listed != 1 || *filed != 1))
        .count();
    println!(
        "  counted: {} of {expected} cases on the server, {missing} missing, {not_once} listed or filed other than once, every record intact",
        ours.len() - missing,
    );
    if faults < 1_000 || missing > 0 || not_once > 0 {
        return Err(format!(
            "{faults} faults (at least 1,000 wanted), {missing} cases missing, {not_once} not exactly once"
        ));
    }
    Ok(())
}

fn main() -> ExitCode {
    let (database_url, backend) = bench::database_from_args();
    let Some(bin) = std::env::var_os("BUERGERKOFFER_BIN").map(PathBuf::from) else {
        eprintln!("fault-run: BUERGERKOFFER_BIN must name the server's executable");
        return ExitCode::FAILURE;
    };
    match run(&bin, database_url.as_deref(), backend) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("fault-run: {error}");
            ExitCode::FAILURE
        }
    }
}
