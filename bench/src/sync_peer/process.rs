//! The server processes the benchmark starts, and the HTTP plumbing both clients share: answers
//! read whole, checked and parsed.

use super::Error;
use serde::Deserialize;
use serde_json::Value;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process in its own temporary directory; killed and removed when dropped.
pub(super) struct Process {
    child: Child,
    dir: PathBuf,
}

impl Process {
    pub(super) fn spawn(command: &mut Command, dir: PathBuf) -> Result<Self, Error> {
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start {command:?}: {error}"))?;
        Ok(Self { child, dir })
    }

    /// Its temporary directory (a server's data directory).
    pub(super) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// A memory figure of the process from /proc/PID/status, in KiB: `VmRSS` (now) or `VmHWM`
    /// (the peak so far).
    pub(super) fn memory_kib(&self, field: &str) -> Result<u64, Error> {
        memory_kib(self.child.id(), field)
    }

    /// utime + stime from /proc/PID/stat, in clock ticks of 1/100 s (Linux's USER_HZ).
    pub(super) fn cpu(&self) -> Result<Duration, Error> {
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

/// A memory figure of process `pid` from /proc/PID/status, in KiB: `VmRSS` (now) or `VmHWM`
/// (the peak so far).
pub fn memory_kib(pid: u32, field: &str) -> Result<u64, Error> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|error| format!("{path}: {error}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().trim_end_matches(" kB").parse().ok())
        .ok_or_else(|| format!("{path}: no {field}"))
}

pub(super) fn temp_dir(prefix: &str) -> Result<PathBuf, Error> {
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

pub(super) fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|error| error.to_string())?;
    Ok(listener
        .local_addr()
        .map_err(|error| error.to_string())?
        .port())
}

/// An HTTP client that takes every status as an answer (the caller reads it), patient enough for
/// large pages.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

pub(super) fn wait_for(agent: &ureq::Agent, url: &str) -> Result<(), Error> {
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
pub(super) fn answer_bytes(
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

pub(super) fn parse<'a, T: Deserialize<'a>>(what: &str, body: &'a [u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|error| format!("{what}: not the expected JSON: {error}"))
}

/// Reads an answer whole and parses it.
pub(super) fn answer(
    what: &str,
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Value, Error> {
    parse(what, &answer_bytes(what, response)?)
}

pub(super) fn to_body(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}
