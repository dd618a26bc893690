//! The sync benchmark's two servers, ours and pouchdb-server (leveldb), each started on loopback
//! in its own temporary directory and driven by the same client: a lean HTTP/1.1 client that
//! still does a sync client's work (sends each server's request, made from the stored case JSON
//! before the clock starts as an outbox holds it; reads every answer whole and checks it is
//! JSON; counts what arrived), so the figures are the servers' and not the client's.
//!
//! `process` starts and reads the servers; `ours` and `pouch` speak each server's protocol.

mod ours;
mod pouch;
mod process;

pub use ours::Ours;
pub use pouch::Pouch;
pub use process::{agent, memory_kib};

use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub const DOCS: usize = 10_000;
pub const BATCH: usize = 500;
pub const LARGE: usize = 100_000;
pub const CHANGED: usize = 10;
const SCHOENBERG: &str = "145245118250";

pub type Error = String;

/// An id shaped like the app's (`case-` and 32 random hex digits), derived from `n` so that
/// every run pushes the same cases. Random ids land all over the database's index, as the app's
/// do; counting ones would only ever append to it.
pub fn record_id(kind: &str, n: usize) -> String {
    // splitmix64: a fixed, well-mixed stand-in for the app's random bytes.
    let mix = |seed: u64| {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let n = n as u64;
    format!("{kind}-{:016x}{:016x}", mix(n), mix(!n))
}

/// A name for case `n` the server's name check takes (letters only, no digits): `n` in base 26.
pub fn letters(n: usize) -> String {
    (0..4)
        .map(|place| char::from(b'a' + (n / 26usize.pow(place) % 26) as u8))
        .collect()
}

/// The citizen's signature as the app sends it, a one-pixel PNG here; the server checks the
/// digest against the image, so both are real.
const SIGNATURE_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const SIGNATURE_SHA256: &str = "497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581";

/// A case as the app sends it once finished at the table: a signed Anmeldung of about 1.3 KB
/// that the server's checks take.
pub fn case_of(n: usize, family_name: &str) -> Value {
    let n_ms = 1_790_000_000_000_u64 + n as u64;
    json!({
        "id": record_id("case", n),
        "number": format!("2026-BNCH-{n}"),
        "deployment": { "municipality": SCHOENBERG, "municipality_name": "Schönberg", "place": "Schönberg, Gemeindeamt", "date": "2026-09-21" },
        "citizen": {
            "id": record_id("case", n + 1_000_000_000),
            "family_name": family_name,
            "given_names": "Anna Lena",
            "birth_date": "03.05.1948",
            "address": { "street": "Hauptstraße", "house_number": "3", "postcode": "08393", "place": "Schönberg" },
        },
        "services": [{
            "service": "anmeldung",
            "values": {
                "moved_in": "01.11.2026", "new_address.street": "Hauptstraße", "new_address.house_number": "12a",
                "new_address.postcode": "08393", "new_address.place": "Schönberg", "previous_address.street": "Bahnhofstraße",
                "previous_address.house_number": "3", "previous_address.postcode": "08056", "previous_address.place": "Zwickau",
                "dwelling": "alleinige", "marital_status": "verheiratet", "nationality": "deutsch", "others_moving": "nein",
                "unterlagen.ausweis": "ja", "unterlagen.wohnungsgeber": "ja",
            },
        }],
        "signature": {
            "strokes": [[[100, 200, 500], [400, 220, 600]]],
            "png": format!("data:image/png;base64,{SIGNATURE_PNG}"),
            "sha256": SIGNATURE_SHA256,
        },
        "payment": "free",
        "attachments": [],
        "history": [
            { "status": "draft", "at_ms": n_ms, "by": "Maria Schreiber" },
            { "status": "captured", "at_ms": n_ms + 500, "by": "Maria Schreiber" },
        ],
    })
}

/// A case as the JSON text a client keeps in its outbox.
pub fn case_text(n: usize, family_name: &str) -> String {
    case_of(n, family_name).to_string()
}

/// The cases `from..from + count`, with their usual names.
pub fn cases(from: usize, count: usize) -> Vec<String> {
    (from..from + count)
        .map(|n| case_text(n, &format!("Müller-{}", letters(n))))
        .collect()
}

/// Where a pull continues: our cookie, or pouchdb's `last_seq`.
pub type Cookie = Value;

/// A request storing some cases, made before the clock starts: a client's outbox holds its
/// mutations ready to send.
pub struct PreparedPush {
    body: String,
    cases: usize,
}

impl PreparedPush {
    /// `open`, then one item per case (comma-separated), then `close`.
    fn of(
        cases: &[String],
        open: &str,
        mut item: impl FnMut(&str) -> Result<String, Error>,
        close: &str,
    ) -> Result<Self, Error> {
        let items = cases
            .iter()
            .map(|case| item(case))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Self {
            body: format!("{open}{}{close}", items.join(",")),
            cases: cases.len(),
        })
    }
}

/// Follows pages until the last: `page` fetches the one after a cookie and returns how many
/// changes it held, the cookie after them and whether more follow.
fn pull_pages(
    mut cookie: Cookie,
    mut page: impl FnMut(&Cookie) -> Result<(usize, Cookie, bool), Error>,
) -> Result<(usize, Cookie), Error> {
    let mut docs = 0;
    loop {
        let (count, next, more) = page(&cookie)?;
        docs += count;
        cookie = next;
        if !more {
            return Ok((docs, cookie));
        }
    }
}

/// What the benchmark does with a server.
pub trait SyncServer {
    fn name(&self) -> &'static str;
    /// The request that stores the cases (new or changed; JSON texts). Pushes are sent in the
    /// order they were prepared.
    fn prepare_push(&mut self, cases: &[String]) -> Result<PreparedPush, Error>;
    /// Sends a prepared push; every case must be taken.
    fn push(&mut self, push: PreparedPush) -> Result<(), Error>;
    /// Pulls everything after `cookie`, a page of `BATCH` at a time; returns how many changes
    /// arrived and the cookie after them.
    fn pull_all(&mut self, cookie: Cookie) -> Result<(usize, Cookie), Error>;
    /// CPU time the server process has used so far (all its threads).
    fn cpu(&self) -> Result<Duration, Error>;
}

/// One server's figures for pushing and pulling `DOCS` cases.
#[derive(Debug, Clone)]
pub struct Throughput {
    pub push_docs_per_s: f64,
    pub pull_docs_per_s: f64,
    /// The server's CPU time for the push and the pull together.
    pub server_cpu: Duration,
    pub cookie: Cookie,
}

/// Pushes `DOCS` new cases in batches of `BATCH`, then pulls them all.
pub fn push_and_pull(server: &mut dyn SyncServer) -> Result<Throughput, Error> {
    // The pushes exist before the clock starts, as they do in a client's outbox.
    let pushes = (0..DOCS)
        .step_by(BATCH)
        .map(|from| server.prepare_push(&cases(from, BATCH)))
        .collect::<Result<Vec<_>, Error>>()?;
    let cpu_before = server.cpu()?;
    let started = Instant::now();
    for push in pushes {
        server.push(push)?;
    }
    let push_time = started.elapsed();
    let started = Instant::now();
    let (docs, cookie) = server.pull_all(json!(0))?;
    let pull_time = started.elapsed();
    if docs != DOCS {
        return Err(format!("{} pulled {docs} of {DOCS}", server.name()));
    }
    Ok(Throughput {
        push_docs_per_s: DOCS as f64 / push_time.as_secs_f64(),
        pull_docs_per_s: DOCS as f64 / pull_time.as_secs_f64(),
        server_cpu: server.cpu()? - cpu_before,
        cookie,
    })
}

/// Median time to pull `CHANGED` changed cases after a cookie, over 5 rounds; and the cookie.
pub fn incremental(
    server: &mut dyn SyncServer,
    mut cookie: Cookie,
    round: &str,
) -> Result<(Duration, Cookie), Error> {
    let mut times = Vec::new();
    for r in 0..5 {
        let changed: Vec<String> = (0..CHANGED)
            .map(|i| case_text(i * 97 + r, &format!("Geändert-{round}-{}", letters(r))))
            .collect();
        let push = server.prepare_push(&changed)?;
        server.push(push)?;
        let started = Instant::now();
        let (docs, next) = server.pull_all(cookie)?;
        times.push(started.elapsed());
        if docs != CHANGED {
            return Err(format!("incremental pull gave {docs} of {CHANGED}"));
        }
        cookie = next;
    }
    Ok((median(&mut times), cookie))
}

pub fn median<T: Ord + Copy>(values: &mut [T]) -> T {
    values.sort();
    values[values.len() / 2]
}

/// The median of figures from several rounds.
/// The value `share` (0 to 1) of the way up `sorted`, e.g. 0.99 for the 99th percentile.
pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    let index = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

pub fn median_f64(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.into_iter().collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_is_about_one_kilobyte_and_named_as_asked() {
        let case = case_of(7, "Müller-hbaa");
        let size = serde_json::to_vec(&case).expect("json").len();
        assert!((1100..1500).contains(&size), "{size} bytes");
        assert_eq!(case["id"], record_id("case", 7));
        assert_eq!(case["citizen"]["family_name"], "Müller-hbaa");
        assert_eq!(letters(7), "haaa");
        assert_ne!(letters(26), letters(0));
    }

    #[test]
    fn ids_look_like_the_apps_and_differ() {
        let ids: std::collections::BTreeSet<String> =
            (0..10_000).map(|n| record_id("case", n)).collect();
        assert_eq!(ids.len(), 10_000);
        let id = record_id("case", 0);
        assert_eq!(id.len(), "case-".len() + 32);
        assert!(id["case-".len()..].chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median(&mut [5, 1, 3]), 3);
        assert_eq!(median_f64([2.0, 9.0, 4.0]), 4.0);
    }
}
