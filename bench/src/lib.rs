//! Measurements shared by the benchmark binaries in `src/bin/`.

pub mod bundle;
pub mod faults;
pub mod link;
pub mod sync_peer;

/// The database a benchmark's server runs on: `--database-url postgres://…` (or
/// `--database-url=…`) on its command line, or the embedded SQLite; with the backend's name for
/// the figures.
pub fn database_from_args() -> (Option<String>, &'static str) {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .iter()
        .enumerate()
        .find_map(|(at, arg)| match arg.as_str() {
            "--database-url" => args.get(at + 1).cloned(),
            _ => arg.strip_prefix("--database-url=").map(str::to_owned),
        });
    let backend = if url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    (url, backend)
}
