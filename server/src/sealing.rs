//! The server's key for sealing case records (`domain::audit`): 32 random bytes in the data
//! directory, made on first start and kept from then on, readable by the server's user only.
//! Whoever can write the database but not read this file cannot forge a record. Several
//! instances on one database share it (copy the file).

use domain::audit::{SealingKey, sealing_key_from_hex, sealing_key_to_hex};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

pub const FILE_NAME: &str = "record-sealing-key";

/// The key in `dir`, made there if it has none yet.
pub fn load_or_create(dir: &Path) -> Result<SealingKey, String> {
    let path = dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => sealing_key_from_hex(&text)
            .ok_or_else(|| format!("{} holds no sealing key", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let key = loop {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
                // One in 2^128 draws is no valid scalar; draw again.
                if let Ok(key) = SealingKey::from_slice(&bytes) {
                    break key;
                }
            };
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            writeln!(file, "{}", sealing_key_to_hex(&key))
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(key)
        }
        Err(error) => Err(format!("{}: {error}", path.display())),
    }
}

/// The key in `dir`, which must have one (for checking records without serving).
pub fn load(dir: &Path) -> Result<SealingKey, String> {
    let path = dir.join(FILE_NAME);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    sealing_key_from_hex(&text).ok_or_else(|| format!("{} holds no sealing key", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_key_is_made_once_kept_and_readable_by_the_server_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let first = load_or_create(dir.path()).expect("made");
        let again = load_or_create(dir.path()).expect("kept");
        assert_eq!(first, again);
        assert_eq!(load(dir.path()).expect("read"), first);
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.path().join(FILE_NAME), "not a key").expect("write");
        assert!(
            load_or_create(dir.path()).is_err(),
            "a broken key is not replaced"
        );
    }
}
