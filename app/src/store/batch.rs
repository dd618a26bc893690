//! Writes that land together or not at all: the unit `Unlocked::commit` writes in one
//! transaction.

use domain::vault::RecordKind;

#[derive(Debug, Default, Clone)]
pub struct Batch {
    pub(super) puts: Vec<(RecordKind, String, Vec<u8>)>,
    pub(super) deletes: Vec<(RecordKind, String)>,
}

impl Batch {
    pub fn put(&mut self, kind: RecordKind, id: &str, plaintext: Vec<u8>) {
        self.puts.push((kind, id.to_owned(), plaintext));
    }

    pub fn delete(&mut self, kind: RecordKind, id: &str) {
        self.deletes.push((kind, id.to_owned()));
    }

    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
}
