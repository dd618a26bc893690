//! Citizens booking on the public page, over real HTTP from a client process of its own: the
//! back office plans ten dates (two clerks, 08:00 to 16:00, ten-minute slots); then 50 bookers
//! at once each load a date's form and post a booking, four times over, each time from another
//! address (through a trusted proxy's `X-Forwarded-For`, as behind the operator's TLS proxy, so
//! the per-address limit counts each citizen). Printed: the public page's time to first byte
//! (sequential, median and p99) and the bookings' p50 and p99, with how many lost a race for a
//! slot (409) or failed. Figures only; issue 25 names no goal.
//! Usage: BUERGERKOFFER_BIN=… booking-load [--database-url postgres://…]

use bench::sync_peer::{Error, Ours, agent, median_f64, percentile};
use domain::forms::Date;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SCHOENBERG: &str = "145245118250";
const BOOKERS: usize = 50;
const ROUNDS: usize = 4;
const DATES: usize = 10;
/// Sequential loads of the public page for its time to first byte.
const PAGE_LOADS: usize = 200;

/// Plans `DATES` weekly dates from next week on as the back office; their ids.
fn plan_dates(base: &str) -> Result<Vec<String>, Error> {
    let agent = agent();
    let text = |response: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        let mut response = response.map_err(|error| error.to_string())?;
        let status = response.status();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|error| error.to_string())?;
        if status.is_success() {
            serde_json::from_str::<Value>(&body).map_err(|error| error.to_string())
        } else {
            Err(format!("{status}: {body}"))
        }
    };
    let session = text(
        agent
            .post(format!("{base}/api/sessions"))
            .header("content-type", "application/json")
            .send(json!({ "username": "b.richter", "password": "Koffer-Demo-2026", "device_label": "Bench" }).to_string()),
    )?;
    let bearer = format!("Bearer {}", session["token"].as_str().ok_or("no token")?);
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|error| error.to_string())?
        .as_secs()
        / 86_400;
    let first = Date::from_unix_days(i64::try_from(today).map_err(|e| e.to_string())? + 7);
    let last = Date::from_unix_days(first.unix_days() + 7 * (DATES as i64 - 1));
    let request = json!({
        "place": "Tettau, Dorfgemeinschaftshaus", "date": first.iso(),
        "starts": "08:00", "ends": "16:00", "clerks": ["m.schreiber", "s.vogel"],
        "slots": [{ "service": "lebensbescheinigung", "minutes": 10 }, { "service": "anmeldung", "minutes": 20 }],
        "repeat": { "every_weeks": 1, "until": last.iso() },
    });
    let planned = text(
        agent
            .post(format!("{base}/api/tours/{SCHOENBERG}"))
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .send(request.to_string()),
    )?;
    planned
        .as_array()
        .ok_or("no dates")?
        .iter()
        .map(|date| {
            date["id"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| "a date without id".to_owned())
        })
        .collect()
}

/// The public page's time to first byte: until the status line and headers are in.
fn page_ttfb(base: &str) -> Result<Vec<f64>, Error> {
    let agent = agent();
    let mut millis = Vec::with_capacity(PAGE_LOADS);
    for _ in 0..PAGE_LOADS {
        let started = Instant::now();
        let mut response = agent
            .get(format!("{base}/termine/{SCHOENBERG}"))
            .call()
            .map_err(|error| error.to_string())?;
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
        if !response.status().is_success() {
            return Err(format!("public page: {}", response.status()));
        }
        response
            .body_mut()
            .read_to_string()
            .map_err(|error| error.to_string())?;
    }
    millis.sort_by(f64::total_cmp);
    Ok(millis)
}

/// What one booking came to.
enum Booked {
    Done(Duration),
    LostRace(Duration),
}

/// Booker `n` in `round`: loads the form of a date for a life certificate and books a start,
/// from an address of their own.
fn book(base: &str, dates: &[String], n: usize, round: usize) -> Result<Booked, Error> {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent();
    let address = format!("10.{}.{}.{}", round, n / 250, n % 250 + 1);
    let date = &dates[(n + round * 7) % dates.len()];
    let form = format!("{base}/termine/{SCHOENBERG}/{date}");
    let mut page = agent
        .get(format!("{form}?leistung=lebensbescheinigung"))
        .header("x-forwarded-for", &address)
        .call()
        .map_err(|error| error.to_string())?;
    let html = page
        .body_mut()
        .read_to_string()
        .map_err(|error| error.to_string())?;
    // The free starts offered; each booker takes one by their number, as people pick apart.
    let starts: Vec<&str> = html
        .split("name=\"beginn\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.get(..5))
        .collect();
    let start = starts
        .get(n % starts.len().max(1))
        .ok_or("no free start left")?;
    let body = format!(
        "leistung=lebensbescheinigung&beginn={}&name=Person+{round}-{n}&kontakt=",
        start.replace(':', "%3A")
    );
    let started = Instant::now();
    let response = agent
        .post(&form)
        .header("x-forwarded-for", &address)
        .header("content-type", "application/x-www-form-urlencoded")
        .send(body)
        .map_err(|error| error.to_string())?;
    let took = started.elapsed();
    match response.status().as_u16() {
        303 => Ok(Booked::Done(took)),
        409 => Ok(Booked::LostRace(took)),
        status => Err(format!("booking {round}-{n}: {status}")),
    }
}

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn run(database_url: Option<&str>, backend: &str) -> Result<(), Error> {
    let bin = std::env::var_os("BUERGERKOFFER_BIN")
        .map(PathBuf::from)
        .ok_or("BUERGERKOFFER_BIN must name the server's executable")?;
    let server = Ours::start_with(&bin, database_url, &["--trusted-proxy", "127.0.0.1"])?;
    let base = server.base().to_owned();
    let dates = plan_dates(&base)?;
    let ttfb = page_ttfb(&base)?;

    let mut millis = Vec::new();
    let (mut lost, mut failed, mut first_failure) = (0, 0, None);
    for round in 0..ROUNDS {
        let bookers: Vec<_> = (0..BOOKERS)
            .map(|n| {
                let (base, dates) = (base.clone(), dates.clone());
                std::thread::spawn(move || book(&base, &dates, n, round))
            })
            .collect();
        for booker in bookers {
            match booker.join().map_err(|_| "a booker panicked")? {
                Ok(Booked::Done(took)) => millis.push(took.as_secs_f64() * 1000.0),
                Ok(Booked::LostRace(took)) => {
                    lost += 1;
                    millis.push(took.as_secs_f64() * 1000.0);
                }
                Err(error) => {
                    failed += 1;
                    first_failure.get_or_insert(error);
                }
            }
        }
    }
    millis.sort_by(f64::total_cmp);
    if millis.is_empty() {
        return Err(format!("no booking went through: {first_failure:?}"));
    }
    println!(
        "public page on {backend}: time to first byte median {:.2} ms, p99 {:.2} ms ({PAGE_LOADS} loads, {DATES} dates)",
        median_f64(ttfb.iter().copied()),
        percentile(&ttfb, 0.99),
    );
    println!(
        "{BOOKERS} bookers at once on {backend}, {ROUNDS} rounds: booking p50 {:.1} ms, p99 {:.1} ms; {} booked, {lost} lost a race for their slot (409), {failed} failed",
        percentile(&millis, 0.5),
        percentile(&millis, 0.99),
        millis.len() - lost,
    );
    match first_failure {
        Some(first) => Err(format!("{failed} bookings failed; the first: {first}")),
        None => Ok(()),
    }
}

fn main() -> ExitCode {
    let (database_url, backend) = bench::database_from_args();
    match run(database_url.as_deref(), backend) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("booking-load: {error}");
            ExitCode::FAILURE
        }
    }
}
