//! Sign-in under load: 300 clients sign in to our server at the same moment, each retrying after
//! a "busy" answer as the app would, and the figures say how much memory the server held at its
//! peak (Argon2 takes 19 MiB per check; the server runs at most a few at once), how many answers
//! were "busy", and how long until everyone was in. Figures only: it never fails on time.
//! Usage: BUERGERKOFFER_BIN=… sign-in-load

use bench::sync_peer::{Error, Ours};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CLIENTS: usize = 300;
/// How long one client keeps trying before it counts as failed.
const PATIENCE: Duration = Duration::from_secs(120);

#[derive(Default)]
struct Tally {
    signed_in: AtomicUsize,
    busy: AtomicUsize,
    other: AtomicUsize,
    /// What the first failed client got, to print beside the count.
    first_failure: std::sync::Mutex<Option<String>>,
}

impl Tally {
    fn failed(&self, what: String) {
        self.other.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut first) = self.first_failure.lock() {
            first.get_or_insert(what);
        }
    }
}

/// One client: signs in (enrolling a laptop), waiting as told after each "busy".
fn client(base: &str, tally: &Tally) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let body = r#"{"username":"m.schreiber","password":"Koffer-Demo-2026","device_label":"Last"}"#;
    let started = Instant::now();
    while started.elapsed() < PATIENCE {
        let response = agent
            .post(format!("{base}/api/sessions"))
            .header("content-type", "application/json")
            .send(body);
        match response.as_ref().map(|r| r.status().as_u16()) {
            Ok(200) => {
                tally.signed_in.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Ok(503) => {
                tally.busy.fetch_add(1, Ordering::Relaxed);
                let wait = response
                    .ok()
                    .and_then(|r| r.headers().get("retry-after")?.to_str().ok()?.parse().ok())
                    .unwrap_or(1);
                std::thread::sleep(Duration::from_secs(wait));
            }
            Ok(status) => return tally.failed(format!("answer {status}")),
            Err(error) => return tally.failed(error.to_string()),
        }
    }
    tally.failed(format!("no sign-in within {PATIENCE:?}"));
}

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn run() -> Result<(), Error> {
    let bin = std::env::var_os("BUERGERKOFFER_BIN")
        .map(PathBuf::from)
        .ok_or("BUERGERKOFFER_BIN must name the server's executable")?;
    let server = Ours::start(&bin)?;
    let before = server.rss_kib()?;
    let base = Arc::new(server.base().to_owned());
    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (base, tally) = (base.clone(), tally.clone());
            std::thread::spawn(move || client(&base, &tally))
        })
        .collect();
    for client in clients {
        client.join().map_err(|_| "a client thread panicked")?;
    }
    let took = started.elapsed();
    println!(
        "{CLIENTS} parallel sign-ins: {} signed in, {} busy answers (retried), {} failed, in {:.1} s",
        tally.signed_in.load(Ordering::Relaxed),
        tally.busy.load(Ordering::Relaxed),
        tally.other.load(Ordering::Relaxed),
        took.as_secs_f64()
    );
    if let Some(first) = tally.first_failure.lock().map_err(|_| "poisoned")?.as_ref() {
        println!("  first failure: {first}");
    }
    println!(
        "server memory: {:.1} MiB before, peak {:.1} MiB, {:.1} MiB after",
        before as f64 / 1024.0,
        server.peak_rss_kib()? as f64 / 1024.0,
        server.rss_kib()? as f64 / 1024.0
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sign-in-load: {error}");
            ExitCode::FAILURE
        }
    }
}
