//! The sync benchmark's two servers, ours and pouchdb-server (leveldb), each started on loopback
//! in its own temporary directory and driven by the same client: a lean HTTP/1.1 client that
//! still does a sync client's work (sends each server's request, made from the stored case JSON
//! before the clock starts as an outbox holds it; reads every answer whole and checks it is
//! JSON; counts what arrived), so the figures are the servers' and not the client's.

use domain::audit::{SealingKey, device_key_to_hex, sha256_hex, sign_proposals};
use domain::sync::wire::{Change, Mutation};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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
        "deployment": { "municipality": SCHOENBERG, "municipality_name": "Schönberg", "place": "Schönberg, Gemeindeamt", "date": "2026-11-22" },
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

/// A server process in its own temporary directory; killed and removed when dropped.
struct Process {
    child: Child,
    dir: PathBuf,
}

impl Process {
    fn spawn(command: &mut Command, dir: PathBuf) -> Result<Self, Error> {
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start {command:?}: {error}"))?;
        Ok(Self { child, dir })
    }

    /// A memory figure of the process from /proc/PID/status, in KiB: `VmRSS` (now) or `VmHWM`
    /// (the peak so far).
    fn memory_kib(&self, field: &str) -> Result<u64, Error> {
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path).map_err(|error| format!("{path}: {error}"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|value| value.trim().trim_end_matches(" kB").parse().ok())
            .ok_or_else(|| format!("{path}: no {field}"))
    }

    /// utime + stime from /proc/PID/stat, in clock ticks of 1/100 s (Linux's USER_HZ).
    fn cpu(&self) -> Result<Duration, Error> {
        let path = format!("/proc/{}/stat", self.child.id());
        let stat = std::fs::read_to_string(&path).map_err(|error| format!("{path}: {error}"))?;
        // The command name may hold spaces; the fields after it are space-separated.
        let fields: Vec<&str> = stat
            .rsplit_once(") ")
            .map(|(_, rest)| rest.split(' ').collect())
            .unwrap_or_default();
        let tick = |index: usize| -> Result<u64, Error> {
            fields
                .get(index)
                .and_then(|field| field.parse().ok())
                .ok_or_else(|| format!("{path}: no CPU time in field {index}"))
        };
        // Fields 14 and 15 of stat(5); 0-based after the name and state: 11 and 12.
        Ok(Duration::from_millis((tick(11)? + tick(12)?) * 10))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn temp_dir(prefix: &str) -> Result<PathBuf, Error> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    Ok(dir)
}

fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| error.to_string())?;
    Ok(listener
        .local_addr()
        .map_err(|error| error.to_string())?
        .port())
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

fn wait_for(agent: &ureq::Agent, url: &str) -> Result<(), Error> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(response) = agent.get(url).call()
            && response.status().is_success()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{url} did not come up within 60 s"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Reads an answer whole; a status other than 2xx is an error with the body.
fn answer_bytes(
    what: &str,
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Vec<u8>, Error> {
    let mut response = response.map_err(|error| format!("{what}: {error}"))?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .map_err(|error| format!("{what}: {error}"))?;
    if !status.is_success() {
        return Err(format!(
            "{what}: {status} {}",
            String::from_utf8_lossy(&body)
        ));
    }
    Ok(body)
}

fn parse<'a, T: Deserialize<'a>>(what: &str, body: &'a [u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|error| format!("{what}: not the expected JSON: {error}"))
}

/// Reads an answer whole and parses it.
fn answer(
    what: &str,
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Value, Error> {
    parse(what, &answer_bytes(what, response)?)
}

/// A page of changes, each checked to be JSON but not taken apart: both servers' pages are read
/// the same way.
#[derive(Deserialize)]
struct OurPage<'a> {
    #[serde(borrow)]
    changes: Vec<&'a RawValue>,
    cookie: u64,
    more: bool,
}

#[derive(Deserialize)]
struct PouchChanges<'a> {
    #[serde(borrow)]
    results: Vec<&'a RawValue>,
    last_seq: Value,
}

fn to_body(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Our server, with its demo data, signed in as a clerk of Schönberg.
pub struct Ours {
    process: Process,
    _dist: DistDir,
    agent: ureq::Agent,
    base: String,
    bearer: String,
    device_id: String,
    /// The laptop's signing key, registered at sign-in.
    device_key: SealingKey,
    last_mutation_id: u64,
}

/// The smallest built app the server will start with.
struct DistDir(PathBuf);

impl Drop for DistDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Ours {
    pub fn start(bin: &Path) -> Result<Self, Error> {
        let data = temp_dir("bk-bench")?;
        let dist = DistDir(temp_dir("bk-dist")?);
        std::fs::write(dist.0.join("index.html"), "<!doctype html>")
            .map_err(|error| error.to_string())?;
        let port = free_port()?;
        let process = Process::spawn(
            Command::new(bin)
                .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
                .arg("--dist-dir")
                .arg(&dist.0)
                .env("BUERGERKOFFER_DATA_DIR", &data)
                .env("RUST_LOG", "warn"),
            data,
        )?;
        let agent = agent();
        let base = format!("http://127.0.0.1:{port}");
        wait_for(&agent, &format!("{base}/api/health"))?;
        let device_key = SealingKey::from_slice(&[42; 32]).map_err(|error| error.to_string())?;
        let session = answer(
            "sign-in",
            agent
                .post(format!("{base}/api/sessions"))
                .header("content-type", "application/json")
                .send(to_body(&json!({ "username": "m.schreiber", "password": "Koffer-Demo-2026",
                    "device_label": "Bench", "device_key": device_key_to_hex(device_key.verifying_key()) }))),
        )?;
        let field = |name: &str| {
            session[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("sign-in answer without {name}"))
        };
        Ok(Self {
            bearer: format!("Bearer {}", field("token")?),
            device_id: field("device_id")?,
            device_key,
            process,
            _dist: dist,
            agent,
            base,
            last_mutation_id: 0,
        })
    }
}

impl Ours {
    /// Where the server answers, e.g. `http://127.0.0.1:40123`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The server's resident memory now, in KiB.
    pub fn rss_kib(&self) -> Result<u64, Error> {
        self.process.memory_kib("VmRSS")
    }

    /// The most resident memory the server has held so far, in KiB.
    pub fn peak_rss_kib(&self) -> Result<u64, Error> {
        self.process.memory_kib("VmHWM")
    }
}

impl SyncServer for Ours {
    fn name(&self) -> &'static str {
        "Bürgerkoffer"
    }

    fn prepare_push(&mut self, cases: &[String]) -> Result<PreparedPush, Error> {
        // Signed as the app signs: over each case as the server reads it.
        let mut proposals = Vec::with_capacity(cases.len());
        for (n, case) in cases.iter().enumerate() {
            let mutation = Mutation {
                id: self.last_mutation_id + 1 + n as u64,
                base_version: 0,
                change: Change::PutCase {
                    case: serde_json::from_str(case).map_err(|error| error.to_string())?,
                    changed: vec!["citizen".into()],
                },
            };
            let content = mutation
                .content_to_hash()
                .map_err(|error| error.to_string())?;
            proposals.push(mutation.proposal(content.map(|bytes| sha256_hex(&bytes))));
        }
        let signature = sign_proposals(&self.device_id, &proposals, &self.device_key);
        let open = format!(
            "{{\"protocol\":1,\"client_id\":{},\"signature\":\"{signature}\",\"mutations\":[",
            json!(self.device_id)
        );
        PreparedPush::of(
            cases,
            &open,
            |case| {
                self.last_mutation_id += 1;
                Ok(format!(
                    "{{\"id\":{},\"base_version\":0,\"change\":{{\"put_case\":{{\"case\":{case},\"changed\":[\"citizen\"]}}}}}}",
                    self.last_mutation_id
                ))
            },
            "]}",
        )
    }

    fn push(&mut self, push: PreparedPush) -> Result<(), Error> {
        let results = answer(
            "push",
            self.agent
                .post(format!("{}/api/sync/push", self.base))
                .header("authorization", &self.bearer)
                .header("content-type", "application/json")
                .send(push.body),
        )?;
        // Applied, or merged into a case the server already holds; never refused.
        let taken = results["results"].as_array().map_or(0, |results| {
            results
                .iter()
                .filter(|result| {
                    result.get("outcome").is_some_and(|outcome| {
                        outcome == "applied"
                            || outcome.get("merged").is_some()
                            || outcome.get("conflict").is_some()
                    })
                })
                .count()
        });
        if taken != push.cases {
            return Err(format!("push: {taken} of {} taken: {results}", push.cases));
        }
        Ok(())
    }

    fn pull_all(&mut self, cookie: Cookie) -> Result<(usize, Cookie), Error> {
        pull_pages(cookie, |cookie| {
            let body = answer_bytes(
                "pull",
                self.agent
                    .get(format!(
                        "{}/api/sync/pull?municipality={SCHOENBERG}&cookie={cookie}&limit={BATCH}",
                        self.base
                    ))
                    .header("authorization", &self.bearer)
                    .call(),
            )?;
            let page: OurPage = parse("pull", &body)?;
            Ok((page.changes.len(), json!(page.cookie), page.more))
        })
    }

    fn cpu(&self) -> Result<Duration, Error> {
        self.process.cpu()
    }
}

/// pouchdb-server 4.2.0 with its default leveldb adapter, one database.
pub struct Pouch {
    process: Process,
    agent: ureq::Agent,
    database: String,
}

impl Pouch {
    pub fn start(bin: &Path) -> Result<Self, Error> {
        let dir = temp_dir("pouch-bench")?;
        let port = free_port()?;
        // Its own directory as working directory: it writes config.json and log.txt there.
        let process = Process::spawn(
            Command::new(bin)
                .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--dir"])
                .arg(&dir)
                .current_dir(&dir),
            dir,
        )?;
        let agent = agent();
        let base = format!("http://127.0.0.1:{port}");
        wait_for(&agent, &base)?;
        let database = format!("{base}/bench");
        answer("create database", agent.put(&database).send_empty())?;
        Ok(Self {
            process,
            agent,
            database,
        })
    }
}

impl SyncServer for Pouch {
    fn name(&self) -> &'static str {
        "pouchdb-server"
    }

    fn prepare_push(&mut self, cases: &[String]) -> Result<PreparedPush, Error> {
        // Each case as a document whose `_id` is the case's id: `{"_id":…,` + the case's fields.
        PreparedPush::of(
            cases,
            "{\"docs\":[",
            |case| {
                let id: CaseId = parse("case", case.as_bytes())?;
                Ok(format!("{{\"_id\":{},{}", json!(id.id), &case[1..]))
            },
            "]}",
        )
    }

    fn push(&mut self, push: PreparedPush) -> Result<(), Error> {
        let results = answer(
            "_bulk_docs",
            self.agent
                .post(format!("{}/_bulk_docs", self.database))
                .header("content-type", "application/json")
                .send(push.body),
        )?;
        let stored = results.as_array().map_or(0, |results| {
            results.iter().filter(|r| r["ok"] == true).count()
        });
        if stored != push.cases {
            return Err(format!("_bulk_docs: {stored} of {} stored", push.cases));
        }
        Ok(())
    }

    fn pull_all(&mut self, since: Cookie) -> Result<(usize, Cookie), Error> {
        pull_pages(since, |since| {
            let body = answer_bytes(
                "_changes",
                self.agent
                    .get(format!(
                        "{}/_changes?include_docs=true&limit={BATCH}&since={since}",
                        self.database
                    ))
                    .call(),
            )?;
            let page: PouchChanges = parse("_changes", &body)?;
            let results = page.results.len();
            Ok((results, page.last_seq, results == BATCH))
        })
    }

    fn cpu(&self) -> Result<Duration, Error> {
        self.process.cpu()
    }
}

/// A case's id, read from its JSON text.
#[derive(Deserialize)]
struct CaseId<'a> {
    id: &'a str,
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
