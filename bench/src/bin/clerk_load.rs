//! Clerks at work against one server, from a client process of their own over real HTTP: each
//! simulated clerk has their own laptop (enrolled, with its own signing key) and every few
//! seconds transfers the visit just finished, then pulls what changed, as the Koffer's sync run
//! does. Printed: requests per second, p50 and p99 latency of those requests, the server's
//! resident memory under the load (and its peak, which includes the sign-ins' Argon2).
//! Goals (issue 26) at 50 clerks on 2 cores: p99 ≤ 50 ms, memory ≤ 100 MB. Figures only.
//! Usage: BUERGERKOFFER_BIN=… clerk-load [--database-url postgres://…]

use bench::sync_peer::{Error, Ours, agent, case_text, letters, median_f64, percentile};
use domain::audit::{SealingKey, device_key_to_hex, sha256_hex, sign_proposals};
use domain::sync::wire::{Change, Mutation};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the clerks work, after all have signed in.
const WORKING: Duration = Duration::from_secs(20);
/// A clerk transfers a visit about this often (each clerk starts at a different moment).
const EVERY: Duration = Duration::from_secs(3);
const SCHOENBERG: &str = "145245118250";

/// One simulated clerk: a laptop, its session, its own mutations and pull cookie.
struct Clerk {
    agent: ureq::Agent,
    base: String,
    bearer: String,
    device_id: String,
    key: SealingKey,
    mutation: u64,
    cookie: u64,
    /// The first case number of this clerk's visits (16 of them at most, one every 3 s).
    first_case: usize,
}

impl Clerk {
    /// Signs in on a new laptop, waiting as told (as the app does) while the server checks other
    /// passwords or holds the account back: hundreds of laptops of one demo account sign in at
    /// once here.
    fn sign_in(base: &str, n: usize, round: usize) -> Result<Self, Error> {
        let agent = agent();
        // A valid P-256 scalar per laptop; laptops need not differ for the server's work.
        let key = SealingKey::from_slice(&[(n % 200 + 20) as u8; 32]).map_err(|e| e.to_string())?;
        let body = json!({ "username": "m.schreiber", "password": "Koffer-Demo-2026",
            "device_label": format!("Last {n}"), "device_key": device_key_to_hex(key.verifying_key()) });
        loop {
            let mut response = agent
                .post(format!("{base}/api/sessions"))
                .header("content-type", "application/json")
                .send(body.to_string())
                .map_err(|error| error.to_string())?;
            let status = response.status().as_u16();
            let text = response
                .body_mut()
                .read_to_string()
                .map_err(|error| error.to_string())?;
            match status {
                200 => {
                    let session: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                    let field = |name: &str| session[name].as_str().map(str::to_owned);
                    return Ok(Self {
                        agent,
                        base: base.to_owned(),
                        bearer: format!("Bearer {}", field("token").ok_or("no token")?),
                        device_id: field("device_id").ok_or("no device id")?,
                        key,
                        mutation: 0,
                        cookie: 0,
                        // Apart from every other clerk's, in this round and the other; close
                        // together, as the case's time and its deployment's day must agree.
                        first_case: 200_000 + (round * 1_000 + n) * 16,
                    });
                }
                503 | 429 => std::thread::sleep(Duration::from_millis(500)),
                _ => return Err(format!("sign-in {n}: {status} {text}")),
            }
        }
    }

    /// Transfers visit `visit` (signed as the app signs) and pulls; the time of each request.
    fn transfer(&mut self, visit: usize) -> Result<[Duration; 2], Error> {
        let n = self.first_case + visit;
        let case = case_text(n, &format!("Lastig-{}", letters(n)));
        self.mutation += 1;
        let mutation = Mutation {
            id: self.mutation,
            base_version: 0,
            change: Change::PutCase {
                case: serde_json::from_str(&case).map_err(|e| e.to_string())?,
                changed: vec!["citizen".into()],
            },
        };
        let content = mutation.content_to_hash().map_err(|e| e.to_string())?;
        let proposal = mutation.proposal(content.map(|bytes| sha256_hex(&bytes)));
        let signature = sign_proposals(&self.device_id, &[proposal], &self.key);
        let body = format!(
            "{{\"protocol\":1,\"client_id\":{},\"signature\":\"{signature}\",\"mutations\":[{{\"id\":{},\"base_version\":0,\"change\":{{\"put_case\":{{\"case\":{case},\"changed\":[\"citizen\"]}}}}}}]}}",
            json!(self.device_id),
            self.mutation
        );
        let started = Instant::now();
        let pushed = self.exchange(
            self.agent
                .post(format!("{}/api/sync/push", self.base))
                .header("authorization", &self.bearer)
                .header("content-type", "application/json")
                .send(body),
        )?;
        let push = started.elapsed();
        if !pushed.contains("\"applied\"") {
            return Err(format!("push not applied: {pushed}"));
        }
        let started = Instant::now();
        let pulled = self.exchange(
            self.agent
                .get(format!(
                    "{}/api/sync/pull?municipality={SCHOENBERG}&cookie={}",
                    self.base, self.cookie
                ))
                .header("authorization", &self.bearer)
                .call(),
        )?;
        let pull = started.elapsed();
        let page: Value = serde_json::from_str(&pulled).map_err(|e| e.to_string())?;
        self.cookie = page["cookie"].as_u64().unwrap_or(self.cookie);
        Ok([push, pull])
    }

    fn exchange(
        &self,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<String, Error> {
        let mut response = response.map_err(|error| error.to_string())?;
        let status = response.status();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|error| error.to_string())?;
        if !status.is_success() {
            return Err(format!("{status}: {text}"));
        }
        Ok(text)
    }
}

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn run(clerks: usize, database_url: Option<&str>, backend: &str) -> Result<(), Error> {
    let round = usize::from(clerks > 50);
    let bin = std::env::var_os("BUERGERKOFFER_BIN")
        .map(PathBuf::from)
        .ok_or("BUERGERKOFFER_BIN must name the server's executable")?;
    let server = Ours::start_on(&bin, database_url)?;
    let at_start = server.rss_kib()?;
    let base = server.base().to_owned();
    let signing_in: Vec<_> = (0..clerks)
        .map(|n| {
            let base = base.clone();
            std::thread::spawn(move || Clerk::sign_in(&base, n, round))
        })
        .collect();
    let mut ready = Vec::with_capacity(clerks);
    for clerk in signing_in {
        ready.push(clerk.join().map_err(|_| "a sign-in thread panicked")??);
    }
    let times = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut rss_under_load = server.rss_kib()?;
    let workers: Vec<_> = ready
        .into_iter()
        .enumerate()
        .map(|(n, mut clerk)| {
            let (times, failures) = (times.clone(), failures.clone());
            std::thread::spawn(move || {
                // Spread over the interval, as clerks finish their visits at different moments.
                std::thread::sleep(EVERY.mul_f64(n as f64 / clerks as f64));
                let mut visit = 0;
                while started.elapsed() < WORKING {
                    let round = Instant::now();
                    match clerk.transfer(visit) {
                        Ok(took) => times.lock().map(|mut t| t.extend(took)).unwrap_or(()),
                        Err(error) => failures.lock().map(|mut f| f.push(error)).unwrap_or(()),
                    }
                    visit += 1;
                    std::thread::sleep(EVERY.saturating_sub(round.elapsed()));
                }
            })
        })
        .collect();
    while started.elapsed() < WORKING {
        std::thread::sleep(Duration::from_millis(250));
        rss_under_load = rss_under_load.max(server.rss_kib()?);
    }
    for worker in workers {
        worker.join().map_err(|_| "a clerk thread panicked")?;
    }
    let took = started.elapsed().as_secs_f64();
    let mut millis: Vec<f64> = times
        .lock()
        .map_err(|_| "poisoned")?
        .iter()
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    millis.sort_by(f64::total_cmp);
    let failed = failures.lock().map_err(|_| "poisoned")?;
    if millis.is_empty() {
        return Err(format!("no request succeeded: {:?}", failed.first()));
    }
    println!(
        "{clerks:>3} clerks on {backend}: {:>6.1} requests/s, p50 {:>6.1} ms, p99 {:>7.1} ms (goal at 50: <= 50 ms), {} failed; server memory {:.1} MiB at start, {:.1} MiB under load (goal at 50: <= 100 MB), peak {:.1} MiB with the sign-ins",
        millis.len() as f64 / took,
        median_f64(millis.iter().copied()),
        percentile(&millis, 0.99),
        failed.len(),
        at_start as f64 / 1024.0,
        rss_under_load as f64 / 1024.0,
        server.peak_rss_kib()? as f64 / 1024.0,
    );
    if let Some(first) = failed.first() {
        println!("  first failure: {first}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let (database_url, backend) = bench::database_from_args();
    for clerks in [50, 500] {
        if let Err(error) = run(clerks, database_url.as_deref(), backend) {
            eprintln!("clerk-load: {error}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
