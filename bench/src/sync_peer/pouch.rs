//! pouchdb-server as the benchmark drives it: `_bulk_docs` and `_changes`.

use super::process::{Process, agent, answer, answer_bytes, free_port, parse, temp_dir, wait_for};
use super::{BATCH, Cookie, Error, PreparedPush, SyncServer, pull_pages};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[derive(Deserialize)]
struct PouchChanges<'a> {
    #[serde(borrow)]
    results: Vec<&'a RawValue>,
    last_seq: Value,
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
