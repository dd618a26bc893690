//! One card payment at the terminal, as the cash register drives it: registration (06 00) →
//! the terminal's completion (06 0F) → authorization (06 01) → intermediate status (04 FF) while
//! the citizen inserts the card and types the PIN → status information (04 0F) with the result
//! and the receipt number → completion (06 0F), or the terminal's abort (06 1E). Every APDU the
//! terminal sends is answered with 80 00 00; every frame on the line with ACK (the `Link`).
//!
//! Sans-IO: bytes and the time in milliseconds come in; bytes to write and events come out. The
//! caller calls `poll` when `next_deadline` has passed.

use super::bitmaps::StatusInformation;
use super::{Apdu, GiveUpReason, Link, LinkOutput, LinkTiming};
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTiming {
    pub link: LinkTiming,
    /// How long the terminal may take to accept a command (its 80 00 00).
    pub answer_ms: u64,
    /// How long the terminal may stay silent while the citizen pays (card, PIN, bank).
    pub silence_ms: u64,
}

impl Default for PaymentTiming {
    fn default() -> Self {
        Self {
            link: LinkTiming::default(),
            answer_ms: 5_000,
            silence_ms: 180_000,
        }
    }
}

/// Where the current or last payment stands, as the clerk follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentState {
    Idle,
    Running(Option<TerminalStatus>),
    /// Paid; the receipt number if the terminal reported one.
    Approved(Option<String>),
    Failed(PaymentFailure),
}

impl PaymentState {
    pub fn is_running(&self) -> bool {
        matches!(self, PaymentState::Running(_))
    }
}

/// What the terminal's display tells the citizen (04 FF), for the clerk's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminalStatus {
    WatchPinPad,
    WaitingForBank,
    InsertCard,
    RemoveCard,
    CardNotReadable,
    PleaseWait,
    Other(u8),
}

impl TerminalStatus {
    pub fn from_code(code: u8) -> Self {
        match code {
            0x01 | 0x02 => Self::WatchPinPad,
            0x04 => Self::WaitingForBank,
            0x0A => Self::InsertCard,
            0x0B => Self::RemoveCard,
            0x0C => Self::CardNotReadable,
            0x0E | 0x17 => Self::PleaseWait,
            other => Self::Other(other),
        }
    }
}

/// A payment that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub amount_cents: u64,
    /// From the terminal's status information; `None` if it sent none or an unreadable one (the
    /// clerk then copies it from the card slip).
    pub receipt_number: Option<String>,
    pub trace_number: Option<String>,
    pub card_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentFailure {
    /// The terminal or the bank refused; the ZVT result code says why (0x01–0x63 are the
    /// bank's codes, e.g. 0x05 declined; 0x64 card not readable; 0x6C aborted at the terminal).
    Declined(u8),
    /// The clerk cancelled and the terminal confirmed.
    Cancelled,
    /// The terminal could not take our command (84 xx).
    Refused(u8),
    /// No answer in time. The payment may still have gone through: check the terminal.
    NoAnswer,
    /// Frames were refused (NAK) or unanswered on the line until the link gave up.
    LineBroken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentEvent {
    /// Write these bytes to the serial port.
    Write(Vec<u8>),
    Status(TerminalStatus),
    Approved(Approval),
    Failed(PaymentFailure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Registration,
    Authorization,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Our command is out; the terminal has not accepted it yet.
    AwaitAnswer,
    /// The terminal works (it is master of the line) until its completion or abort.
    AwaitCompletion,
    Finished,
}

#[derive(Debug)]
pub struct Payment {
    timing: PaymentTiming,
    link: Link,
    cents: u64,
    command: Command,
    phase: Phase,
    deadline_ms: u64,
    /// APDUs waiting for the line (one frame is in flight at a time).
    outbox: VecDeque<Apdu>,
    status: Option<StatusInformation>,
    cancel_requested: bool,
}

impl Payment {
    /// Starts a payment of `cents` euro cents: the registration goes out first.
    pub fn start(cents: u64, timing: PaymentTiming, now_ms: u64) -> (Self, Vec<PaymentEvent>) {
        let mut payment = Self {
            timing,
            link: Link::new(timing.link),
            cents,
            command: Command::Registration,
            phase: Phase::AwaitAnswer,
            deadline_ms: now_ms + timing.answer_ms,
            outbox: VecDeque::new(),
            status: None,
            cancel_requested: false,
        };
        payment.outbox.push_back(Apdu::registration());
        let events = payment.flush(now_ms);
        (payment, events)
    }

    /// Whether the outcome is out and the last acknowledgement delivered: the port may close.
    pub fn is_settled(&self) -> bool {
        self.phase == Phase::Finished && self.outbox.is_empty() && self.link.is_idle()
    }

    pub fn next_deadline(&self) -> Option<u64> {
        let own = (self.phase != Phase::Finished).then_some(self.deadline_ms);
        match (own, self.link.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The clerk cancels: the terminal is asked to abort and answers with its abort (06 1E).
    pub fn cancel(&mut self, now_ms: u64) -> Vec<PaymentEvent> {
        if self.phase == Phase::Finished || self.cancel_requested {
            return Vec::new();
        }
        self.cancel_requested = true;
        if self.command == Command::Registration {
            // Nothing is being paid yet: stop without bothering the terminal.
            return self.finish(PaymentEvent::Failed(PaymentFailure::Cancelled));
        }
        self.outbox.push_back(Apdu::cancel());
        self.flush(now_ms)
    }

    /// Bytes read from the serial port.
    pub fn handle_bytes(&mut self, bytes: &[u8], now_ms: u64) -> Vec<PaymentEvent> {
        let outputs = self.link.handle_bytes(bytes, now_ms);
        self.link_outputs(outputs, now_ms)
    }

    /// Call when `next_deadline` has passed.
    pub fn poll(&mut self, now_ms: u64) -> Vec<PaymentEvent> {
        let outputs = self.link.poll(now_ms);
        let mut events = self.link_outputs(outputs, now_ms);
        if self.phase != Phase::Finished && now_ms >= self.deadline_ms {
            events.extend(self.finish(PaymentEvent::Failed(PaymentFailure::NoAnswer)));
        }
        events
    }

    fn link_outputs(&mut self, outputs: Vec<LinkOutput>, now_ms: u64) -> Vec<PaymentEvent> {
        let mut events = Vec::new();
        for output in outputs {
            match output {
                LinkOutput::Write(bytes) => events.push(PaymentEvent::Write(bytes)),
                LinkOutput::Delivered => events.extend(self.flush(now_ms)),
                LinkOutput::GaveUp(GiveUpReason::Refused | GiveUpReason::NoAnswer) => {
                    self.outbox.clear();
                    events.extend(self.finish(PaymentEvent::Failed(PaymentFailure::LineBroken)));
                }
                LinkOutput::Received(apdu) => events.extend(self.received(apdu, now_ms)),
            }
        }
        events
    }

    fn received(&mut self, apdu: Apdu, now_ms: u64) -> Vec<PaymentEvent> {
        let mut events = Vec::new();
        if apdu.is_ack() {
            if self.phase == Phase::AwaitAnswer {
                self.phase = Phase::AwaitCompletion;
                self.deadline_ms = now_ms + self.timing.silence_ms;
            }
            return events;
        }
        if apdu.is_refusal() {
            return self.finish(PaymentEvent::Failed(PaymentFailure::Refused(
                apdu.instruction,
            )));
        }
        // Everything else the terminal sends is acknowledged, then acted on.
        self.outbox.push_back(Apdu::ack());
        events.extend(self.flush(now_ms));
        if self.phase == Phase::Finished {
            return events;
        }
        self.phase = Phase::AwaitCompletion;
        self.deadline_ms = now_ms + self.timing.silence_ms;
        if apdu.is_intermediate_status() {
            let code = apdu.data.first().copied().unwrap_or(0xFF);
            events.push(PaymentEvent::Status(TerminalStatus::from_code(code)));
        } else if apdu.is_status_information() {
            self.status = Some(StatusInformation::parse(&apdu.data));
        } else if apdu.is_abort() {
            let failure = if self.cancel_requested {
                PaymentFailure::Cancelled
            } else {
                PaymentFailure::Declined(apdu.data.first().copied().unwrap_or(0xFF))
            };
            events.extend(self.finish(PaymentEvent::Failed(failure)));
        } else if apdu.is_completion() {
            events.extend(self.completed(now_ms));
        }
        // Print lines (06 D1, 06 D3) and anything else: acknowledged, nothing more.
        events
    }

    fn completed(&mut self, now_ms: u64) -> Vec<PaymentEvent> {
        match self.command {
            Command::Registration => {
                self.command = Command::Authorization;
                self.phase = Phase::AwaitAnswer;
                self.deadline_ms = now_ms + self.timing.answer_ms;
                self.status = None;
                self.outbox.push_back(Apdu::authorization(self.cents));
                self.flush(now_ms)
            }
            Command::Authorization => {
                let status = self.status.take().unwrap_or_default();
                let outcome = match status.result_code {
                    Some(code) if code != 0 => PaymentEvent::Failed(PaymentFailure::Declined(code)),
                    _ => PaymentEvent::Approved(Approval {
                        amount_cents: status.amount_cents.unwrap_or(self.cents),
                        receipt_number: status.receipt_number,
                        trace_number: status.trace_number,
                        card_name: status.card_name,
                    }),
                };
                self.finish(outcome)
            }
        }
    }

    fn finish(&mut self, outcome: PaymentEvent) -> Vec<PaymentEvent> {
        if self.phase == Phase::Finished {
            return Vec::new();
        }
        self.phase = Phase::Finished;
        vec![outcome]
    }

    /// Sends the next queued APDU if the line is free.
    fn flush(&mut self, now_ms: u64) -> Vec<PaymentEvent> {
        if !self.link.is_idle() {
            return Vec::new();
        }
        let Some(apdu) = self.outbox.pop_front() else {
            return Vec::new();
        };
        match self.link.send(&apdu, now_ms) {
            Ok(outputs) => outputs
                .into_iter()
                .filter_map(|o| match o {
                    LinkOutput::Write(bytes) => Some(PaymentEvent::Write(bytes)),
                    _ => None,
                })
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ACK, FrameReader, LineEvent, NAK, frame};
    use super::*;

    /// A terminal double that speaks the protocol: it reads the register's frames, checks them,
    /// answers with ACK bytes and APDUs, and can be told to misbehave.
    struct Terminal {
        reader: FrameReader,
        /// APDUs the terminal received, in order.
        received: Vec<Apdu>,
        /// The result code and receipt number it reports for an authorization.
        result_code: u8,
        /// NAK this many of the register's frames before taking one.
        naks_left: u32,
        /// The citizen never inserts the card: the authorization stays at "insert card".
        waits_for_card: bool,
    }

    impl Terminal {
        fn new(result_code: u8) -> Self {
            Self {
                reader: FrameReader::new(),
                received: Vec::new(),
                result_code,
                naks_left: 0,
                waits_for_card: false,
            }
        }

        fn apdu(class: u8, instruction: u8, data: &[u8]) -> Vec<u8> {
            frame(
                &Apdu::new(class, instruction, data.to_vec())
                    .encode()
                    .expect("encode"),
            )
        }

        /// Bytes the register wrote; returns what the terminal writes back.
        fn hear(&mut self, bytes: &[u8]) -> Vec<u8> {
            let mut answer = Vec::new();
            for event in self.reader.push_all(bytes) {
                let LineEvent::Frame(data) = event else {
                    continue;
                };
                if self.naks_left > 0 {
                    self.naks_left -= 1;
                    answer.push(NAK);
                    continue;
                }
                answer.push(ACK);
                let (apdu, _) = Apdu::decode(&data).expect("register sends valid APDUs");
                self.received.push(apdu.clone());
                match (apdu.class, apdu.instruction) {
                    (0x06, 0x00) => {
                        answer.extend(Self::apdu(0x80, 0x00, &[]));
                        answer.extend(Self::apdu(0x06, 0x0F, &[]));
                    }
                    (0x06, 0x01) => {
                        answer.extend(Self::apdu(0x80, 0x00, &[]));
                        answer.extend(Self::apdu(0x04, 0xFF, &[0x0A]));
                        if self.waits_for_card {
                            continue;
                        }
                        answer.extend(Self::apdu(0x04, 0xFF, &[0x01]));
                        let mut info = vec![0x27, self.result_code];
                        info.extend_from_slice(&apdu.data[..7]); // the amount, as asked
                        info.extend_from_slice(&[0x87, 0x00, 0x42, 0x0B, 0x00, 0x01, 0x23]);
                        answer.extend(Self::apdu(0x04, 0x0F, &info));
                        answer.extend(Self::apdu(0x06, 0xD1, b"\x00Kundenbeleg"));
                        if self.result_code == 0 {
                            answer.extend(Self::apdu(0x06, 0x0F, &[]));
                        } else {
                            answer.extend(Self::apdu(0x06, 0x1E, &[self.result_code]));
                        }
                    }
                    (0x06, 0xB0) => {
                        answer.extend(Self::apdu(0x80, 0x00, &[]));
                        answer.extend(Self::apdu(0x06, 0x1E, &[0x6C]));
                    }
                    _ => {}
                }
            }
            answer
        }
    }

    /// The register and the terminal on one line; the terminal's answers come back in pieces of
    /// `chunk` bytes, and time jumps to the next deadline when the line is quiet.
    struct Line {
        payment: Payment,
        terminal: Terminal,
        chunk: usize,
        now: u64,
        pending: Vec<PaymentEvent>,
        /// Every event other than a write, in order.
        events: Vec<PaymentEvent>,
    }

    impl Line {
        fn new(cents: u64, terminal: Terminal, chunk: usize) -> Self {
            let (payment, pending) = Payment::start(cents, PaymentTiming::default(), 0);
            Self {
                payment,
                terminal,
                chunk,
                now: 0,
                pending,
                events: Vec::new(),
            }
        }

        /// Runs until the payment settles or `stop` accepts the events so far.
        fn run_until(&mut self, stop: impl Fn(&[PaymentEvent]) -> bool) -> &[PaymentEvent] {
            for _ in 0..200 {
                let mut to_terminal = Vec::new();
                for event in self.pending.drain(..) {
                    match event {
                        PaymentEvent::Write(bytes) => to_terminal.extend(bytes),
                        other => self.events.push(other),
                    }
                }
                let answer = self.terminal.hear(&to_terminal);
                if stop(&self.events) || (self.payment.is_settled() && answer.is_empty()) {
                    break;
                }
                self.now += 10;
                if answer.is_empty() {
                    self.now = self
                        .payment
                        .next_deadline()
                        .unwrap_or(self.now)
                        .max(self.now);
                    self.pending = self.payment.poll(self.now);
                } else {
                    for piece in answer.chunks(self.chunk) {
                        let events = self.payment.handle_bytes(piece, self.now);
                        self.pending.extend(events);
                    }
                }
            }
            &self.events
        }

        fn run(&mut self) -> &[PaymentEvent] {
            self.run_until(|_| false)
        }
    }

    #[test]
    fn a_test_payment_of_one_cent_is_approved_with_the_receipt_number() {
        let mut line = Line::new(1, Terminal::new(0x00), 5);
        assert_eq!(
            line.run(),
            [
                PaymentEvent::Status(TerminalStatus::InsertCard),
                PaymentEvent::Status(TerminalStatus::WatchPinPad),
                PaymentEvent::Approved(Approval {
                    amount_cents: 1,
                    receipt_number: Some("0042".into()),
                    trace_number: Some("000123".into()),
                    card_name: None,
                }),
            ]
        );
        let commands: Vec<(u8, u8)> = line
            .terminal
            .received
            .iter()
            .map(|a| (a.class, a.instruction))
            .collect();
        // Registration, then our ACK of its completion, the authorization, and one ACK for
        // each of the terminal's five messages (two statuses, status info, print line, completion).
        assert_eq!(
            commands,
            [
                (0x06, 0x00),
                (0x80, 0x00),
                (0x06, 0x01),
                (0x80, 0x00),
                (0x80, 0x00),
                (0x80, 0x00),
                (0x80, 0x00),
                (0x80, 0x00)
            ]
        );
        assert_eq!(
            line.terminal.received[2].data[..7],
            [0x04, 0, 0, 0, 0, 0, 0x01],
            "one cent as BCD"
        );
        assert!(line.payment.is_settled());
    }

    #[test]
    fn a_declined_card_fails_with_the_result_code() {
        let mut line = Line::new(1250, Terminal::new(0x55), 64);
        assert_eq!(
            line.run().last(),
            Some(&PaymentEvent::Failed(PaymentFailure::Declined(0x55)))
        );
    }

    #[test]
    fn naks_on_the_line_are_survived_by_repeating_the_frame() {
        let mut terminal = Terminal::new(0x00);
        terminal.naks_left = 2;
        let mut line = Line::new(1250, terminal, 3);
        let events = line.run();
        assert!(
            matches!(events.last(), Some(PaymentEvent::Approved(a)) if a.amount_cents == 1250),
            "{events:?}"
        );
    }

    #[test]
    fn too_many_naks_break_the_line_and_the_payment_fails() {
        let mut terminal = Terminal::new(0x00);
        terminal.naks_left = 10;
        let mut line = Line::new(1250, terminal, 64);
        assert_eq!(
            line.run(),
            [PaymentEvent::Failed(PaymentFailure::LineBroken)]
        );
    }

    #[test]
    fn a_silent_terminal_times_out() {
        let (mut payment, _) = Payment::start(1250, PaymentTiming::default(), 0);
        // The frame is delivered (ACK byte) but the terminal never answers the command.
        assert!(payment.handle_bytes(&[ACK], 5).is_empty());
        assert_eq!(payment.next_deadline(), Some(5_000));
        assert!(payment.poll(4_999).is_empty());
        assert_eq!(
            payment.poll(5_000),
            [PaymentEvent::Failed(PaymentFailure::NoAnswer)]
        );
        assert!(payment.poll(10_000).is_empty(), "the outcome comes once");
    }

    #[test]
    fn garbage_and_corrupted_frames_are_refused_and_the_payment_goes_on() {
        let (mut payment, _) = Payment::start(1, PaymentTiming::default(), 0);
        let mut line = vec![0x00, 0xFF, 0x42, ACK];
        let mut corrupted = Terminal::apdu(0x80, 0x00, &[]);
        corrupted[2] ^= 0x01;
        line.extend(corrupted);
        let events = payment.handle_bytes(&line, 1);
        assert_eq!(events, [PaymentEvent::Write(vec![NAK])]);
        // The terminal repeats its answer and completes the registration.
        let mut repeat = Terminal::apdu(0x80, 0x00, &[]);
        repeat.extend(Terminal::apdu(0x06, 0x0F, &[]));
        let events = payment.handle_bytes(&repeat, 2);
        assert!(events.contains(&PaymentEvent::Write(vec![ACK])));
        assert!(!payment.is_settled());
    }

    #[test]
    fn the_clerk_cancels_and_the_terminal_confirms() {
        let mut terminal = Terminal::new(0x00);
        terminal.waits_for_card = true;
        let mut line = Line::new(1250, terminal, 64);
        line.run_until(|events| events.contains(&PaymentEvent::Status(TerminalStatus::InsertCard)));
        let now = line.now;
        line.pending.extend(line.payment.cancel(now));
        assert_eq!(
            line.run(),
            [
                PaymentEvent::Status(TerminalStatus::InsertCard),
                PaymentEvent::Failed(PaymentFailure::Cancelled)
            ]
        );
        assert!(line.terminal.received.contains(&Apdu::cancel()));
        assert!(line.payment.is_settled());
    }

    #[test]
    fn a_refused_command_ends_the_payment() {
        let (mut payment, _) = Payment::start(1, PaymentTiming::default(), 0);
        let mut line = vec![ACK];
        line.extend(Terminal::apdu(0x84, 0x83, &[]));
        let events = payment.handle_bytes(&line, 1);
        assert!(events.contains(&PaymentEvent::Failed(PaymentFailure::Refused(0x83))));
    }
}
