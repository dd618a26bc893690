//! Sync benchmark: our server and pouchdb-server (leveldb adapter) on loopback, in the same run,
//! five rounds with fresh servers, each measuring ours and then the peer. Pushes and pulls
//! 10,000 signed cases of ~1.3 KB through each in batches of 500 and prints docs/s, each server's CPU
//! time and our ratio per round and as the median over the rounds (the two servers of a round
//! run back to back, so the machine's changing speed cancels out of its ratio); then an
//! incremental pull of 10 changed cases with 10,000 and with 100,000 cases on our server.
//! Figures only: it never fails on time. The two do not promise the same: our server syncs
//! every commit to disk (SQLite `synchronous = FULL`), pouchdb-server's leveldb writes do not
//! (leveldown's `sync` defaults to false and pouchdb passes none): only ours keeps an
//! acknowledged push through a power loss. The header says so next to the figures.
//! Usage: BUERGERKOFFER_BIN=… POUCHDB_SERVER_BIN=… sync-peer

use bench::sync_peer::{
    BATCH, CHANGED, DOCS, Error, LARGE, Ours, Pouch, SyncServer, Throughput, cases, incremental,
    median_f64, push_and_pull,
};
use std::path::PathBuf;
use std::process::ExitCode;

const ROUNDS: usize = 5;

fn binary(variable: &str) -> Result<PathBuf, Error> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{variable} must name the server's executable"))
}

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn run() -> Result<(), Error> {
    let ours_bin = binary("BUERGERKOFFER_BIN")?;
    let pouch_bin = binary("POUCHDB_SERVER_BIN")?;
    println!(
        "{DOCS} signed cases of ~1.3 KB, batches of {BATCH}, {ROUNDS} rounds with fresh servers"
    );
    println!(
        "(ours syncs each push to disk before answering; pouchdb-server's leveldb writes are not synced):"
    );
    let mut rounds: Vec<(Throughput, Throughput)> = Vec::new();
    let mut last_ours = None;
    for round in 1..=ROUNDS {
        let mut ours = Ours::start(&ours_bin)?;
        let mine = push_and_pull(&mut ours)?;
        let peer = push_and_pull(&mut Pouch::start(&pouch_bin)?)?;
        for (server, figures) in [(ours.name(), &mine), ("pouchdb-server", &peer)] {
            println!(
                "  round {round}  {server:<15} push {:>7.0} docs/s   pull {:>7.0} docs/s   server CPU {:>6.2} s",
                figures.push_docs_per_s,
                figures.pull_docs_per_s,
                figures.server_cpu.as_secs_f64()
            );
        }
        println!(
            "  round {round}  ratio           push {:>6.1}×        pull {:>6.1}×",
            mine.push_docs_per_s / peer.push_docs_per_s,
            mine.pull_docs_per_s / peer.pull_docs_per_s
        );
        last_ours = Some((ours, mine.cookie.clone()));
        rounds.push((mine, peer));
    }
    let median = |pick: fn(&Throughput) -> f64, side: usize| {
        median_f64(
            rounds
                .iter()
                .map(|(mine, peer)| pick(if side == 0 { mine } else { peer })),
        )
    };
    let push = |t: &Throughput| t.push_docs_per_s;
    let pull = |t: &Throughput| t.pull_docs_per_s;
    let cpu = |t: &Throughput| t.server_cpu.as_secs_f64();
    for (side, name) in [(0, "Bürgerkoffer"), (1, "pouchdb-server")] {
        println!(
            "median         {name:<15} push {:>7.0} docs/s   pull {:>7.0} docs/s   server CPU {:>6.2} s",
            median(push, side),
            median(pull, side),
            median(cpu, side)
        );
    }
    let ratio = |pick: fn(&Throughput) -> f64| {
        median_f64(rounds.iter().map(|(mine, peer)| pick(mine) / pick(peer)))
    };
    println!(
        "ratio (ours / pouchdb-server, median of the rounds): push {:.1}× (goal ≥ 5×), pull {:.1}× (goal ≥ 10×); server CPU for the same work: {:.1}× less",
        ratio(push),
        ratio(pull),
        1.0 / ratio(cpu)
    );

    let (mut ours, cookie) = last_ours.ok_or("no round ran")?;
    let (small, cookie) = incremental(&mut ours, cookie, "a")?;
    for from in (DOCS..LARGE).step_by(1000) {
        let push = ours.prepare_push(&cases(from, 1000))?;
        ours.push(push)?;
    }
    let (_, cookie) = ours.pull_all(cookie)?;
    let (large, _) = incremental(&mut ours, cookie, "b")?;
    println!(
        "incremental pull of {CHANGED} changed: {:.1} ms with {DOCS} on the server, {:.1} ms with {LARGE} (goal ≤ 30 ms, independent of the total)",
        small.as_secs_f64() * 1000.0,
        large.as_secs_f64() * 1000.0
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sync-peer: {error}");
            ExitCode::FAILURE
        }
    }
}
