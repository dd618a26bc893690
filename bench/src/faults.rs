//! What the fault run (`src/bin/fault_run.rs`) breaks things with besides the relay
//! (`link`): a server process it kills and starts again on the same port and data, and a small
//! deterministic source of chance.

use crate::sync_peer::{Error, agent};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic random source (xorshift64*), one per thread.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The server process, restartable on the same port and data.
pub struct Server {
    pub bin: PathBuf,
    pub port: u16,
    /// Its own data directory (SQLite, the sealing key), removed with it.
    pub data: PathBuf,
    /// A stand-in for the built app, removed with it.
    pub dist: PathBuf,
    pub database_url: Option<String>,
    pub child: Option<Child>,
}

impl Server {
    /// Starts the server and waits until it is ready. A server that ends while starting (its
    /// database away) is started again, as systemd's `Restart=on-failure` does.
    pub fn start(&mut self) -> Result<(), Error> {
        let ready = format!("http://127.0.0.1:{}/api/health/ready", self.port);
        let deadline = Instant::now() + Duration::from_secs(30);
        self.spawn()?;
        while Instant::now() < deadline {
            if agent().get(&ready).call().is_ok_and(|r| r.status() == 200) {
                return Ok(());
            }
            if let Some(Ok(Some(_))) = self.child.as_mut().map(Child::try_wait) {
                std::thread::sleep(Duration::from_millis(200));
                self.spawn()?;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let log = std::fs::read_to_string(self.data.with_extension("log")).unwrap_or_default();
        Err(format!("the server did not come up within 30 s:\n{log}"))
    }

    fn spawn(&mut self) -> Result<(), Error> {
        let mut command = Command::new(&self.bin);
        command
            .args([
                "serve",
                "--demo",
                "--listen",
                &format!("127.0.0.1:{}", self.port),
            ])
            .arg("--dist-dir")
            .arg(&self.dist)
            .env("BUERGERKOFFER_DATA_DIR", &self.data)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(self.log()?)
            .stderr(self.log()?);
        if let Some(url) = &self.database_url {
            command.env("BUERGERKOFFER_DATABASE_URL", url);
        }
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        self.child = Some(child);
        Ok(())
    }

    /// The server's log, kept beside its data (the data directory is the server's own).
    fn log(&self) -> Result<std::fs::File, Error> {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data.with_extension("log"))
            .map_err(|e| e.to_string())
    }

    /// SIGKILL: no chance to finish what it was doing.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.data);
        let _ = std::fs::remove_file(self.data.with_extension("log"));
        let _ = std::fs::remove_dir_all(&self.dist);
    }
}
