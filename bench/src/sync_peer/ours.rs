//! Our server as the benchmark drives it: pushes signed as the app signs them, pulls page by page.

use super::process::{
    Process, agent, answer, answer_bytes, free_port, parse, temp_dir, to_body, wait_for,
};
use super::{BATCH, Cookie, Error, PreparedPush, SCHOENBERG, SyncServer, pull_pages};
use domain::audit::{SealingKey, device_key_to_hex, sha256_hex, sign_proposals};
use domain::sync::wire::{Change, Mutation};
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A page of changes, each checked to be JSON but not taken apart: both servers' pages are read
/// the same way.
#[derive(Deserialize)]
struct OurPage<'a> {
    #[serde(borrow)]
    changes: Vec<&'a RawValue>,
    cookie: u64,
    more: bool,
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
        Self::start_on(bin, None)
    }

    /// The server on SQLite in a temporary directory, or on the (empty) PostgreSQL database
    /// `database_url`.
    pub fn start_on(bin: &Path, database_url: Option<&str>) -> Result<Self, Error> {
        Self::start_with(bin, database_url, &[])
    }

    /// As `start_on`, with more arguments for `serve`.
    pub fn start_with(
        bin: &Path,
        database_url: Option<&str>,
        serve_args: &[&str],
    ) -> Result<Self, Error> {
        let data = temp_dir("bk-bench")?;
        let dist = DistDir(temp_dir("bk-dist")?);
        std::fs::write(dist.0.join("index.html"), "<!doctype html>")
            .map_err(|error| error.to_string())?;
        let port = free_port()?;
        let mut command = Command::new(bin);
        command
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--dist-dir")
            .arg(&dist.0)
            .args(serve_args)
            .env("BUERGERKOFFER_DATA_DIR", &data)
            .env("RUST_LOG", "warn");
        if let Some(url) = database_url {
            command.env("BUERGERKOFFER_DATABASE_URL", url);
        }
        let process = Process::spawn(&mut command, data)?;
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

    /// The server's data directory (for the operator's commands on the same database).
    pub fn data_dir(&self) -> &Path {
        self.process.dir()
    }

    /// Uploads a photo as the signed-in laptop does before it files the case naming it; its
    /// SHA-256.
    pub fn upload_photo(&self, jpeg: &[u8]) -> Result<String, Error> {
        let address = sha256_hex(jpeg);
        answer_bytes(
            "photo",
            self.agent
                .put(format!(
                    "{}/api/attachments/{SCHOENBERG}/{address}",
                    self.base
                ))
                .header("authorization", &self.bearer)
                .header("content-type", "image/jpeg")
                .send(jpeg),
        )?;
        Ok(address)
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
