//! The handover package's figures (issue 27), against the release server over real HTTP and the
//! operator's command on its database:
//! - one case with 5 document photos (1600 × 1200 JPEG): the time the server takes to answer
//!   its package (median of 5 after one to warm up) and the package's size;
//! - a batch export of 1,000 cases (and the demo's): `buergerkoffer case export --all`, its time,
//!   the ZIP's size and the command's peak memory; and the same batch over HTTP, its time and
//!   the server's resident memory while it streams. The packages are streamed into the ZIP, so
//!   the peak stays far below the ZIP's size. Figures only; no goal is named.
//!
//! Usage: BUERGERKOFFER_BIN=… handover-export [--database-url postgres://…]

#![allow(clippy::print_stdout)] // a benchmark prints its figures

use bench::sync_peer::{Error, Ours, SyncServer, agent, case_of, cases, median_f64, memory_kib};
use serde_json::{Value, json};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const SCHOENBERG: &str = "145245118250";
const CASES: usize = 1_000;
const PHOTOS: usize = 5;
/// Timed package builds of the case with photos, after one to warm up.
const RUNS: usize = 5;

fn main() -> ExitCode {
    let Some(bin) = std::env::var_os("BUERGERKOFFER_BIN").map(PathBuf::from) else {
        eprintln!("BUERGERKOFFER_BIN must name the buergerkoffer binary");
        return ExitCode::FAILURE;
    };
    let (database_url, backend) = bench::database_from_args();
    match run(&bin, database_url.as_deref(), backend) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("handover-export: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A document photo: a page-like gradient with grain, so the JPEG is as large as a camera's.
fn photo(seed: u32) -> Result<Vec<u8>, Error> {
    let (width, height) = (1600_u16, 1200_u16);
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut pixels = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    for y in 0..u32::from(height) {
        for x in 0..u32::from(width) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state % 24) as u8;
            let paper = 200_u8.saturating_sub(((x + y) / 40) as u8);
            let ink = if (y / 24) % 3 == 0 && x % 97 < 80 {
                120
            } else {
                0
            };
            let value = paper.saturating_sub(ink).saturating_add(grain);
            pixels.extend_from_slice(&[value, value, value.saturating_sub(8)]);
        }
    }
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 85)
        .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|error| error.to_string())?;
    Ok(jpeg)
}

fn run(bin: &Path, database_url: Option<&str>, backend: &str) -> Result<(), Error> {
    let mut ours = Ours::start_on(bin, database_url)?;
    // The case with photos: uploaded as the laptop uploads them, then filed naming them.
    let mut attachments = Vec::new();
    let mut photo_bytes = 0;
    for seed in 0..PHOTOS {
        let jpeg = photo(seed as u32 + 1)?;
        photo_bytes += jpeg.len();
        let sha256 = ours.upload_photo(&jpeg)?;
        attachments.push(
            json!({ "sha256": sha256, "record": format!("foto-{seed}"), "bytes": jpeg.len() }),
        );
    }
    let mut with_photos = case_of(1, "Fotografin");
    with_photos["attachments"] = Value::Array(attachments);
    let id = with_photos["id"].as_str().ok_or("no id")?.to_owned();
    let push = ours.prepare_push(&[with_photos.to_string()])?;
    ours.push(push)?;
    for first in (2..=CASES).step_by(100) {
        let push = ours.prepare_push(&cases(first, 100.min(CASES + 1 - first)))?;
        ours.push(push)?;
    }

    let agent = agent();
    let base = ours.base().to_owned();
    let session: Value = {
        let mut response = agent
            .post(format!("{base}/api/sessions"))
            .header("content-type", "application/json")
            .send(json!({ "username": "b.richter", "password": "Koffer-Demo-2026" }).to_string())
            .map_err(|error| error.to_string())?;
        serde_json::from_reader(response.body_mut().as_reader()).map_err(|e| e.to_string())?
    };
    let bearer = format!("Bearer {}", session["token"].as_str().ok_or("no token")?);
    let fetch = |path: &str| -> Result<(Duration, usize, u64), Error> {
        let started = Instant::now();
        let mut response = agent
            .get(format!("{base}{path}"))
            .header("authorization", &bearer)
            .call()
            .map_err(|error| error.to_string())?;
        if !response.status().is_success() {
            return Err(format!("{path}: {}", response.status()));
        }
        let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
        let (mut bytes, mut chunk, mut peak) = (0, vec![0; 256 * 1024], 0);
        loop {
            let read = reader.read(&mut chunk).map_err(|error| error.to_string())?;
            if read == 0 {
                break;
            }
            bytes += read;
            peak = peak.max(ours.rss_kib().unwrap_or(0));
        }
        Ok((started.elapsed(), bytes, peak))
    };

    let one = format!("/api/cases/{SCHOENBERG}/{id}/handover");
    fetch(&one)?;
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..RUNS {
        let (took, bytes, _) = fetch(&one)?;
        times.push(took.as_secs_f64() * 1000.0);
        size = bytes;
    }
    println!(
        "{backend}: one case with {PHOTOS} photos ({:.1} MB of JPEG): package in {:.0} ms (median of {RUNS}), {:.2} MB PDF/A-3a",
        photo_bytes as f64 / 1e6,
        median_f64(times),
        size as f64 / 1e6
    );

    let (_, (_, _, alone)) = export(bin, (&ours, database_url), &["--case", &id])?;
    let (took, (packages, size, peak)) = export(bin, (&ours, database_url), &["--all"])?;
    println!(
        "{backend}: `case export --all` of {packages} cases: {:.1} s, ZIP {:.1} MB, peak memory {:.1} MB (the case with photos alone: {:.1} MB)",
        took.as_secs_f64(),
        size as f64 / 1e6,
        peak as f64 / 1024.0,
        alone as f64 / 1024.0
    );
    let before = ours.rss_kib()?;
    let (took, bytes, peak) = fetch(&format!("/api/cases/handover?municipality={SCHOENBERG}"))?;
    println!(
        "{backend}: the same batch over HTTP: {:.1} s, {:.1} MB streamed, server resident {:.1} MB before, at most {:.1} MB while streaming",
        took.as_secs_f64(),
        bytes as f64 / 1e6,
        before as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    Ok(())
}

/// Runs the operator's export (`which`: `--all`, or `--case ID`); its time, and the packages
/// written, the file's size and the command's peak resident memory (KiB, read while it runs).
fn export(
    bin: &Path,
    (ours, database_url): (&Ours, Option<&str>),
    which: &[&str],
) -> Result<(Duration, (usize, u64, u64)), Error> {
    let out = ours.data_dir().join("export");
    let mut command = Command::new(bin);
    command
        .args(["case", "export", "--regional-key", SCHOENBERG, "--out"])
        .arg(&out)
        .args(which)
        .env("BUERGERKOFFER_DATA_DIR", ours.data_dir())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(url) = database_url {
        command.env("BUERGERKOFFER_DATABASE_URL", url);
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|error| error.to_string())?;
    let mut peak = 0;
    let status = loop {
        if let Ok(high) = memory_kib(child.id(), "VmHWM") {
            peak = peak.max(high);
        }
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = started.elapsed();
    let mut said = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_string(&mut said)
            .map_err(|e| e.to_string())?;
    }
    if !status.success() {
        return Err(format!("case export: {status} {said}"));
    }
    // "1056 Übergabepakete geschrieben: …", or "Übergabepaket des Falls … geschrieben: …".
    let packages = said
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok())
        .unwrap_or(1);
    let size = std::fs::metadata(&out).map_err(|e| e.to_string())?.len();
    Ok((took, (packages, size, peak)))
}
