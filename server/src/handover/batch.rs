//! A batch export: one handover package per case in a ZIP, written as each package is made and
//! handed on at once (to a file, or chunk by chunk to the HTTP answer), so a thousand cases
//! never sit in memory together. The manifest comes last, naming each package with its SHA-512
//! and each case whose package failed.

use super::package::{self, Gathered};
use domain::handover::{BATCH_FORMAT, BatchEntry, BatchFailure, BatchManifest};
use sha2::{Digest, Sha512};
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The name of the table of contents in the ZIP.
pub const MANIFEST: &str = "manifest.json";

/// One case to pack: its id, and what was gathered for it (or why that failed).
pub type Next = (String, Result<Gathered, String>);

/// Writes the ZIP of `cases` to `out` and returns its manifest. A case whose package cannot be
/// made is listed as failed; an error of `out` ends the export.
pub fn write(
    out: impl Write,
    (municipality, now_ms): (&str, u64),
    cases: impl Iterator<Item = Next>,
) -> Result<BatchManifest, String> {
    let mut zip = ZipWriter::new_stream(out);
    // Packages are compressed PDFs already, so every entry is stored as it is (and the ZIP
    // crate needs no compression feature).
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(false);
    let mut manifest = BatchManifest {
        format: BATCH_FORMAT.to_owned(),
        municipality: municipality.to_owned(),
        created_at_ms: now_ms,
        packages: Vec::new(),
        failed: Vec::new(),
    };
    let broken = |error: zip::result::ZipError| format!("ZIP: {error}");
    for (case_id, gathered) in cases {
        let built = gathered.and_then(package::build);
        let package = match built {
            Ok(package) => package,
            Err(reason) => {
                manifest.failed.push(BatchFailure { case_id, reason });
                continue;
            }
        };
        let file = package.file_name();
        zip.start_file(file.as_str(), options).map_err(broken)?;
        zip.write_all(&package.pdf).map_err(|e| e.to_string())?;
        zip.flush().map_err(|e| e.to_string())?;
        manifest.packages.push(BatchEntry {
            file,
            case_id,
            number: package.number,
            bytes: package.pdf.len() as u64,
            sha512: Sha512::digest(&package.pdf)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        });
    }
    zip.start_file(MANIFEST, options).map_err(broken)?;
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    zip.write_all(&text).map_err(|e| e.to_string())?;
    zip.finish()
        .map_err(broken)?
        .into_inner()
        .flush()
        .map_err(|e| e.to_string())?;
    Ok(manifest)
}

/// A `Write` that hands its bytes on in chunks through a bounded channel, from the thread that
/// writes the ZIP to the HTTP answer: the channel's bound holds the export back while the
/// client reads slowly.
pub struct Chunks {
    buffer: Vec<u8>,
    to: tokio::sync::mpsc::Sender<Vec<u8>>,
}

/// Bytes gathered before they are handed on.
const CHUNK: usize = 256 * 1024;

impl Chunks {
    pub fn new(to: tokio::sync::mpsc::Sender<Vec<u8>>) -> Self {
        Chunks {
            buffer: Vec::with_capacity(CHUNK),
            to,
        }
    }

    fn hand_on(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.to
            .blocking_send(chunk)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "Abruf abgebrochen"))
    }
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.hand_on()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.hand_on()
    }
}
