//! German card-payment terminals (ZVT, spec rev. 13): APDUs, and their framing on a serial line
//! (DLE STX … DLE ETX, every 0x10 in the data doubled, CRC-16/XMODEM low byte first over the
//! APDU and ETX). Sans-IO: bytes in, frames and events out.
//!
//! - `bitmaps`: the tagged fields ("BMPs") inside an APDU's data, and the status information a
//!   terminal reports after a payment.
//! - `payment`: one card payment from registration to completion, over the `Link`.

pub mod bitmaps;
pub mod payment;

pub const DLE: u8 = 0x10;
pub const STX: u8 = 0x02;
pub const ETX: u8 = 0x03;
pub const ACK: u8 = 0x06;
pub const NAK: u8 = 0x15;

/// Largest APDU the extended length can announce.
pub const MAX_DATA: usize = u16::MAX as usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apdu {
    pub class: u8,
    pub instruction: u8,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApduError {
    /// Fewer bytes than the header or the announced length.
    Truncated,
    TooLong,
}

impl Apdu {
    pub fn new(class: u8, instruction: u8, data: Vec<u8>) -> Self {
        Self {
            class,
            instruction,
            data,
        }
    }

    /// Positive acknowledgement of a terminal's message (80 00 00).
    pub fn ack() -> Self {
        Self::new(0x80, 0x00, Vec::new())
    }

    /// Registration (06 00): password 000000, config byte, currency EUR (978). The config byte
    /// asks for intermediate status (0x08, so the clerk sees "Karte einstecken") and keeps the
    /// amount and the admin menu with the register (0x10, 0x20). The terminal prints the card
    /// slip itself; the Koffer's printer prints the municipality's receipt.
    pub fn registration() -> Self {
        let config = 0x08 | 0x10 | 0x20;
        Self::new(0x06, 0x00, vec![0x00, 0x00, 0x00, config, 0x09, 0x78])
    }

    /// Authorization (06 01) of `cents` in euro: the amount as 6-byte BCD under tag 04, the
    /// currency (978) under tag 49.
    pub fn authorization(cents: u64) -> Self {
        let mut data = vec![0x04];
        data.extend_from_slice(&amount_bcd(cents));
        data.extend_from_slice(&[0x49, 0x09, 0x78]);
        Self::new(0x06, 0x01, data)
    }

    /// Abort (06 B0): the cash register cancels the running payment. The terminal answers with
    /// its own abort (06 1E) once it stopped.
    pub fn cancel() -> Self {
        Self::new(0x06, 0xB0, Vec::new())
    }

    /// The terminal's abort (06 1E): the command failed; the first data byte is the result code.
    pub fn is_abort(&self) -> bool {
        (self.class, self.instruction) == (0x06, 0x1E)
    }

    /// A positive acknowledgement (80 00 …).
    pub fn is_ack(&self) -> bool {
        (self.class, self.instruction) == (0x80, 0x00)
    }

    /// The terminal could not take our command (84 xx, xx the reason).
    pub fn is_refusal(&self) -> bool {
        self.class == 0x84
    }

    pub fn is_completion(&self) -> bool {
        (self.class, self.instruction) == (0x06, 0x0F)
    }

    pub fn is_intermediate_status(&self) -> bool {
        (self.class, self.instruction) == (0x04, 0xFF)
    }

    pub fn is_status_information(&self) -> bool {
        (self.class, self.instruction) == (0x04, 0x0F)
    }

    pub fn encode(&self) -> Result<Vec<u8>, ApduError> {
        if self.data.len() > MAX_DATA {
            return Err(ApduError::TooLong);
        }
        let mut bytes = vec![self.class, self.instruction];
        match u8::try_from(self.data.len()) {
            Ok(len) if len < 0xFF => bytes.push(len),
            _ => {
                bytes.push(0xFF);
                let len = u16::try_from(self.data.len()).map_err(|_| ApduError::TooLong)?;
                bytes.extend_from_slice(&len.to_le_bytes());
            }
        }
        bytes.extend_from_slice(&self.data);
        Ok(bytes)
    }

    /// Parses one APDU from the start of `bytes`; returns it and how many bytes it used.
    pub fn decode(bytes: &[u8]) -> Result<(Self, usize), ApduError> {
        let [class, instruction, len, rest @ ..] = bytes else {
            return Err(ApduError::Truncated);
        };
        let (len, header) = if *len == 0xFF {
            let [low, high, ..] = rest else {
                return Err(ApduError::Truncated);
            };
            (usize::from(u16::from_le_bytes([*low, *high])), 5)
        } else {
            (usize::from(*len), 3)
        };
        let data = bytes
            .get(header..header + len)
            .ok_or(ApduError::Truncated)?
            .to_vec();
        Ok((Self::new(*class, *instruction, data), header + len))
    }
}

/// An amount in cents as 12 BCD digits (6 bytes), as ZVT's tag 04 wants it. Amounts beyond
/// 12 digits are capped (no payment at a citizen's table comes near).
pub fn amount_bcd(cents: u64) -> [u8; 6] {
    let mut value = cents.min(999_999_999_999);
    let mut bcd = [0u8; 6];
    for byte in bcd.iter_mut().rev() {
        let low = (value % 10) as u8;
        value /= 10;
        let high = (value % 10) as u8;
        value /= 10;
        *byte = (high << 4) | low;
    }
    bcd
}

/// CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection.
pub fn crc16_xmodem(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &byte in bytes {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Frames an encoded APDU for the serial line.
pub fn frame(apdu: &[u8]) -> Vec<u8> {
    let mut framed = vec![DLE, STX];
    for &byte in apdu {
        framed.push(byte);
        if byte == DLE {
            framed.push(DLE);
        }
    }
    framed.extend_from_slice(&[DLE, ETX]);
    let mut checked = apdu.to_vec();
    checked.push(ETX);
    framed.extend_from_slice(&crc16_xmodem(&checked).to_le_bytes());
    framed
}

/// What arrives on the serial line, one complete unit at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineEvent {
    /// A frame whose CRC matched: the APDU bytes, unstuffed. Answer with `ACK`.
    Frame(Vec<u8>),
    /// A frame whose CRC did not match. Answer with `NAK`; the terminal repeats it.
    Corrupted,
    Ack,
    Nak,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum ReaderState {
    #[default]
    Idle,
    /// Saw DLE outside a frame.
    Escape,
    InFrame,
    /// Saw DLE inside a frame.
    InFrameEscape,
    /// Saw DLE ETX; collecting the two CRC bytes.
    Crc(Vec<u8>),
}

/// Turns bytes from the serial line into `LineEvent`s. Garbage between frames is skipped; a
/// frame longer than any APDU can be is dropped, so no input can make it grow without bound.
#[derive(Debug, Default)]
pub struct FrameReader {
    state: ReaderState,
    data: Vec<u8>,
}

impl FrameReader {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, byte: u8) -> Option<LineEvent> {
        use ReaderState::*;
        match std::mem::take(&mut self.state) {
            Idle => match byte {
                ACK => return Some(LineEvent::Ack),
                NAK => return Some(LineEvent::Nak),
                DLE => self.state = Escape,
                _ => {}
            },
            Escape => {
                if byte == STX {
                    self.data.clear();
                    self.state = InFrame;
                } else if byte == DLE {
                    self.state = Escape;
                }
            }
            InFrame => {
                if byte == DLE {
                    self.state = InFrameEscape;
                } else {
                    self.keep(byte);
                }
            }
            InFrameEscape => match byte {
                DLE => self.keep(DLE),
                ETX => self.state = Crc(Vec::with_capacity(2)),
                STX => {
                    // A new frame started inside the old one: the old one is lost.
                    self.data.clear();
                    self.state = InFrame;
                }
                _ => {
                    self.data.clear();
                    self.state = Idle;
                    return Some(LineEvent::Corrupted);
                }
            },
            Crc(mut crc) => {
                crc.push(byte);
                if crc.len() < 2 {
                    self.state = Crc(crc);
                } else {
                    let mut checked = std::mem::take(&mut self.data);
                    checked.push(ETX);
                    let expected = crc16_xmodem(&checked).to_le_bytes();
                    checked.pop();
                    return Some(if crc == expected {
                        LineEvent::Frame(checked)
                    } else {
                        LineEvent::Corrupted
                    });
                }
            }
        }
        None
    }

    fn keep(&mut self, byte: u8) {
        if self.data.len() < MAX_DATA + 5 {
            self.data.push(byte);
            self.state = ReaderState::InFrame;
        } else {
            self.data.clear();
            self.state = ReaderState::Idle;
        }
    }

    /// Feeds many bytes; returns every event they complete, in order.
    pub fn push_all(&mut self, bytes: &[u8]) -> Vec<LineEvent> {
        bytes.iter().filter_map(|&b| self.push(b)).collect()
    }
}

/// Link-level timing and limits on the serial line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkTiming {
    /// How long to wait for ACK/NAK after sending a frame.
    pub ack_timeout_ms: u64,
    /// Sends of one frame before giving up (the first plus repeats after NAK or timeout).
    pub max_sends: u32,
}

impl Default for LinkTiming {
    fn default() -> Self {
        Self {
            ack_timeout_ms: 5_000,
            max_sends: 3,
        }
    }
}

/// What the link asks of its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutput {
    /// Write these bytes to the serial port.
    Write(Vec<u8>),
    /// The terminal acknowledged our frame.
    Delivered,
    /// The terminal sent this APDU (already acknowledged).
    Received(Apdu),
    /// Our frame was refused or unanswered `max_sends` times.
    GaveUp(GiveUpReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUpReason {
    Refused,
    NoAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    frame: Vec<u8>,
    sends: u32,
    deadline_ms: u64,
}

/// The cash-register side of the serial line: sends one frame at a time and repeats it on NAK
/// or silence; acknowledges what the terminal sends. Time comes in as milliseconds from any
/// fixed point; the caller calls `poll` when `next_deadline` is reached.
#[derive(Debug, Default)]
pub struct Link {
    timing: LinkTiming,
    reader: FrameReader,
    pending: Option<Pending>,
}

impl Link {
    pub fn new(timing: LinkTiming) -> Self {
        Self {
            timing,
            ..Self::default()
        }
    }

    /// Sends `apdu`. One frame is in flight at a time; a second call before the first is
    /// delivered or given up is refused.
    pub fn send(&mut self, apdu: &Apdu, now_ms: u64) -> Result<Vec<LinkOutput>, LinkBusy> {
        if self.pending.is_some() {
            return Err(LinkBusy);
        }
        let frame = frame(&apdu.encode().map_err(|_| LinkBusy)?);
        self.pending = Some(Pending {
            frame: frame.clone(),
            sends: 1,
            deadline_ms: now_ms + self.timing.ack_timeout_ms,
        });
        Ok(vec![LinkOutput::Write(frame)])
    }

    pub fn is_idle(&self) -> bool {
        self.pending.is_none()
    }

    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.as_ref().map(|p| p.deadline_ms)
    }

    /// Bytes read from the serial port.
    pub fn handle_bytes(&mut self, bytes: &[u8], now_ms: u64) -> Vec<LinkOutput> {
        let mut outputs = Vec::new();
        for event in self.reader.push_all(bytes) {
            match event {
                LineEvent::Ack => {
                    if self.pending.take().is_some() {
                        outputs.push(LinkOutput::Delivered);
                    }
                }
                LineEvent::Nak => outputs.extend(self.repeat(now_ms, GiveUpReason::Refused)),
                LineEvent::Corrupted => outputs.push(LinkOutput::Write(vec![NAK])),
                LineEvent::Frame(bytes) => match Apdu::decode(&bytes) {
                    Ok((apdu, used)) if used == bytes.len() => {
                        outputs.push(LinkOutput::Write(vec![ACK]));
                        outputs.push(LinkOutput::Received(apdu));
                    }
                    // A frame with a good CRC but no valid APDU: ask for it again.
                    _ => outputs.push(LinkOutput::Write(vec![NAK])),
                },
            }
        }
        outputs
    }

    /// Call when `next_deadline` has passed: repeats the frame or gives up.
    pub fn poll(&mut self, now_ms: u64) -> Vec<LinkOutput> {
        match &self.pending {
            Some(pending) if now_ms >= pending.deadline_ms => {
                self.repeat(now_ms, GiveUpReason::NoAnswer)
            }
            _ => Vec::new(),
        }
    }

    fn repeat(&mut self, now_ms: u64, reason: GiveUpReason) -> Vec<LinkOutput> {
        let Some(mut pending) = self.pending.take() else {
            return Vec::new();
        };
        if pending.sends >= self.timing.max_sends {
            return vec![LinkOutput::GaveUp(reason)];
        }
        pending.sends += 1;
        pending.deadline_ms = now_ms + self.timing.ack_timeout_ms;
        let frame = pending.frame.clone();
        self.pending = Some(pending);
        vec![LinkOutput::Write(frame)]
    }
}

/// A frame is already in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkBusy;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc16_xmodem_matches_the_standard_check_value() {
        assert_eq!(crc16_xmodem(b"123456789"), 0x31C3);
        assert_eq!(crc16_xmodem(b""), 0);
    }

    #[test]
    fn authorization_carries_the_amount_as_bcd_under_tag_04() {
        let apdu = Apdu::authorization(1250).encode().expect("encode");
        assert_eq!(
            apdu,
            [
                0x06, 0x01, 0x0A, 0x04, 0x00, 0x00, 0x00, 0x00, 0x12, 0x50, 0x49, 0x09, 0x78
            ]
        );
        assert_eq!(
            Apdu::registration().encode().expect("encode"),
            [0x06, 0x00, 0x06, 0x00, 0x00, 0x00, 0x38, 0x09, 0x78]
        );
        assert_eq!(amount_bcd(1), [0, 0, 0, 0, 0, 0x01]);
        assert_eq!(amount_bcd(u64::MAX), [0x99; 6]);
    }

    #[test]
    fn apdus_round_trip_with_short_and_extended_length() {
        for len in [0usize, 1, 254, 255, 256, 1000] {
            let apdu = Apdu::new(0x06, 0x0F, vec![0xAB; len]);
            let bytes = apdu.encode().expect("encode");
            assert_eq!(bytes[2] == 0xFF, len >= 255, "len {len}");
            assert_eq!(Apdu::decode(&bytes), Ok((apdu, bytes.len())));
        }
        assert_eq!(
            Apdu::decode(&[0x06, 0x01, 0x05, 0x00]),
            Err(ApduError::Truncated)
        );
        assert_eq!(
            Apdu::decode(&[0x06, 0x01, 0xFF, 0x00]),
            Err(ApduError::Truncated)
        );
        assert_eq!(Apdu::decode(&[0x06]), Err(ApduError::Truncated));
    }

    #[test]
    fn frames_double_dle_and_read_back_exactly() {
        let apdu = [0x06, 0x01, 0x03, 0x10, 0x10, 0x03];
        let framed = frame(&apdu);
        assert_eq!(&framed[..2], &[DLE, STX]);
        assert_eq!(
            &framed[2..11],
            &[0x06, 0x01, 0x03, 0x10, 0x10, 0x10, 0x10, 0x03, DLE]
        );
        let mut reader = FrameReader::new();
        assert_eq!(reader.push_all(&framed), [LineEvent::Frame(apdu.to_vec())]);
    }

    #[test]
    fn acks_naks_garbage_and_bad_crcs_are_told_apart() {
        let good = frame(&Apdu::ack().encode().expect("encode"));
        let mut bad = good.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0xFF;
        let mut line = vec![0x00, 0xFF, ACK, 0x42];
        line.extend_from_slice(&bad);
        line.push(NAK);
        line.extend_from_slice(&good);
        let mut reader = FrameReader::new();
        assert_eq!(
            reader.push_all(&line),
            [
                LineEvent::Ack,
                LineEvent::Corrupted,
                LineEvent::Nak,
                LineEvent::Frame(vec![0x80, 0x00, 0x00]),
            ]
        );
    }

    #[test]
    fn a_frame_split_anywhere_reads_the_same() {
        let apdu = Apdu::authorization(101_010).encode().expect("encode");
        let framed = frame(&apdu);
        for split in 0..framed.len() {
            let mut reader = FrameReader::new();
            let mut events = reader.push_all(&framed[..split]);
            events.extend(reader.push_all(&framed[split..]));
            assert_eq!(events, [LineEvent::Frame(apdu.clone())], "split at {split}");
        }
    }

    /// A small deterministic generator, so the random tests below repeat exactly.
    fn pseudo_random(seed: &mut u64) -> u8 {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (*seed >> 33) as u8
    }

    #[test]
    fn random_line_noise_never_panics_and_random_apdus_survive_framing() {
        let mut seed = 42;
        for round in 0..2000 {
            let len = usize::from(pseudo_random(&mut seed)) * 4;
            // Bias towards the bytes the reader treats specially.
            let noise: Vec<u8> = (0..len)
                .map(|_| match pseudo_random(&mut seed) % 4 {
                    0 => DLE,
                    1 => [STX, ETX, ACK, NAK][usize::from(pseudo_random(&mut seed) % 4)],
                    _ => pseudo_random(&mut seed),
                })
                .collect();
            let mut reader = FrameReader::new();
            reader.push_all(&noise);
            let _ = Apdu::decode(&noise);

            let data: Vec<u8> = (0..usize::from(pseudo_random(&mut seed)))
                .map(|_| pseudo_random(&mut seed))
                .collect();
            let apdu = Apdu::new(0x04, 0x0F, data).encode().expect("encode");
            // After noise the first frame may be lost (the sender gets a NAK or times out and
            // repeats it); a repeated clean frame always comes through.
            let delivered = (0..3).any(|_| {
                reader
                    .push_all(&frame(&apdu))
                    .contains(&LineEvent::Frame(apdu.clone()))
            });
            assert!(delivered, "round {round}");
        }
    }

    #[test]
    fn a_frame_is_repeated_after_nak_and_silence_then_given_up() {
        let mut link = Link::new(LinkTiming::default());
        let sent = link.send(&Apdu::authorization(1), 0).expect("idle");
        let LinkOutput::Write(framed) = &sent[0] else {
            panic!("write expected");
        };
        assert_eq!(link.send(&Apdu::cancel(), 1), Err(LinkBusy));
        assert_eq!(
            link.handle_bytes(&[NAK], 10),
            [LinkOutput::Write(framed.clone())]
        );
        assert!(link.poll(4_999).is_empty(), "not yet");
        assert_eq!(link.poll(5_010), [LinkOutput::Write(framed.clone())]);
        assert_eq!(
            link.poll(10_010),
            [LinkOutput::GaveUp(GiveUpReason::NoAnswer)]
        );
        assert!(link.is_idle());
    }

    #[test]
    fn an_ack_delivers_and_frees_the_link() {
        let mut link = Link::new(LinkTiming::default());
        link.send(&Apdu::cancel(), 0).expect("idle");
        assert_eq!(link.handle_bytes(&[0x55, ACK], 5), [LinkOutput::Delivered]);
        assert!(link.is_idle());
        assert!(
            link.handle_bytes(&[ACK], 6).is_empty(),
            "a stray ACK is ignored"
        );
    }

    #[test]
    fn terminal_messages_are_acknowledged_and_garbled_ones_refused() {
        let mut link = Link::new(LinkTiming::default());
        let status = Apdu::new(0x04, 0xFF, vec![0x0A]);
        let framed = frame(&status.encode().expect("encode"));
        assert_eq!(
            link.handle_bytes(&framed, 0),
            [
                LinkOutput::Write(vec![ACK]),
                LinkOutput::Received(status.clone())
            ]
        );
        let mut corrupted = framed.clone();
        corrupted[3] ^= 0x01;
        assert_eq!(
            link.handle_bytes(&corrupted, 1),
            [LinkOutput::Write(vec![NAK])]
        );
        // A well-framed body that is no APDU (announced length too long).
        let not_an_apdu = frame(&[0x04, 0x0F, 0x09, 0x00]);
        assert_eq!(
            link.handle_bytes(&not_an_apdu, 2),
            [LinkOutput::Write(vec![NAK])]
        );
        assert!(status.is_intermediate_status());
    }

    #[test]
    fn endless_garbage_inside_a_frame_does_not_grow_memory() {
        let mut reader = FrameReader::new();
        reader.push_all(&[DLE, STX]);
        let garbage = vec![0x55; MAX_DATA + 100];
        assert!(reader.push_all(&garbage).is_empty());
        assert!(reader.data.len() <= MAX_DATA + 5);
    }
}
