//! Measurements shared by the benchmark binaries in `src/bin/`.

pub mod bundle;
pub mod sync_peer;
