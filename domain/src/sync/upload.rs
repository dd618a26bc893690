//! A photo's upload in parts the server acknowledges by offset, modelled on the core of the tus
//! protocol: the device asks how much the server holds, sends the next part from there, and the
//! server answers with its new offset. A connection lost mid-part costs at most that part; the
//! next attempt resumes at the offset the server names. The server checks the SHA-256 of the
//! whole once the last part is in.
//!
//! Pure: the driver sends what `next_part` names and hands each answer to `acknowledged`.

use crate::sync::wire::UploadOffset;
use std::ops::Range;

/// Bytes per part. On a 3G link (~750 kbit/s up) a part takes about 1.4 s, so a cut wastes at
/// most that; smaller parts would spend more of the link on round trips (300 ms each).
pub const PART_BYTES: u64 = 128 * 1024;

/// One photo's upload as the device sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    length: u64,
    offset: u64,
    complete: bool,
}

/// An answer that cannot belong to this upload: the server names another length, or an offset
/// past the end. The driver starts over by asking the server's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignAnswer;

impl Upload {
    /// An upload of `length` bytes, nothing known of the server yet (it is asked first).
    pub fn new(length: u64) -> Self {
        Self {
            length,
            offset: 0,
            complete: false,
        }
    }

    /// The bytes to send next, or `None` once the server holds the whole photo.
    pub fn next_part(&self) -> Option<Range<u64>> {
        (!self.complete).then(|| self.offset..(self.offset + PART_BYTES).min(self.length))
    }

    /// Takes the server's answer: to the question how much it holds, to a part, or to a part
    /// sent at the wrong offset (then the server names its own, and the upload resumes there).
    pub fn acknowledged(&mut self, answer: &UploadOffset) -> Result<(), ForeignAnswer> {
        if answer.length != self.length || answer.offset > self.length {
            return Err(ForeignAnswer);
        }
        self.offset = answer.offset;
        self.complete = answer.complete;
        Ok(())
    }

    /// Bytes the server holds.
    pub fn sent(&self) -> u64 {
        if self.complete {
            self.length
        } else {
            self.offset
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(offset: u64, length: u64, complete: bool) -> UploadOffset {
        UploadOffset {
            offset,
            length,
            complete,
        }
    }

    #[test]
    fn parts_follow_the_servers_offsets_to_the_end() {
        let length = 2 * PART_BYTES + 10;
        let mut upload = Upload::new(length);
        assert_eq!(upload.next_part(), Some(0..PART_BYTES));
        upload
            .acknowledged(&answer(PART_BYTES, length, false))
            .unwrap();
        assert_eq!(upload.next_part(), Some(PART_BYTES..2 * PART_BYTES));
        upload
            .acknowledged(&answer(2 * PART_BYTES, length, false))
            .unwrap();
        assert_eq!(upload.next_part(), Some(2 * PART_BYTES..length));
        upload.acknowledged(&answer(length, length, true)).unwrap();
        assert_eq!(upload.next_part(), None);
        assert_eq!(upload.sent(), length);
    }

    #[test]
    fn a_cut_resumes_where_the_server_stopped_not_where_the_device_thinks() {
        let length = 3 * PART_BYTES;
        let mut upload = Upload::new(length);
        upload
            .acknowledged(&answer(PART_BYTES, length, false))
            .unwrap();
        // The second part was lost on the way; asked again, the server still holds one part.
        upload
            .acknowledged(&answer(PART_BYTES, length, false))
            .unwrap();
        assert_eq!(upload.next_part(), Some(PART_BYTES..2 * PART_BYTES));
        assert_eq!(upload.sent(), PART_BYTES);
    }

    #[test]
    fn a_photo_the_server_holds_is_not_sent_at_all() {
        let mut upload = Upload::new(500);
        upload.acknowledged(&answer(0, 500, true)).unwrap();
        assert_eq!(upload.next_part(), None);
        assert_eq!(upload.sent(), 500);
    }

    #[test]
    fn an_answer_for_another_length_or_past_the_end_is_refused_and_changes_nothing() {
        let mut upload = Upload::new(1000);
        upload.acknowledged(&answer(400, 1000, false)).unwrap();
        assert_eq!(
            upload.acknowledged(&answer(400, 999, false)),
            Err(ForeignAnswer)
        );
        assert_eq!(
            upload.acknowledged(&answer(1001, 1000, false)),
            Err(ForeignAnswer)
        );
        assert_eq!(upload.next_part(), Some(400..1000));
    }

    #[test]
    fn an_empty_photo_is_one_empty_part() {
        let upload = Upload::new(0);
        assert_eq!(upload.next_part(), Some(0..0));
    }
}
