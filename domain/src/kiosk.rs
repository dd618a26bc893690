//! The Bürger-Terminal's citizen session in time: what one citizen does at the kiosk lives only
//! as long as they are there. After `IDLE_MS` without a touch or key the terminal counts down
//! visibly for `COUNTDOWN_MS`, then everything of that citizen is gone. "Ich brauche Hilfe"
//! holds the session while staff come (a pilot logged a citizen out the moment he stepped away
//! to ask), but not for ever: a held session left alone for `HOLD_MS` ends too.
//!
//! Sans-IO: the app passes the time in and acts on the answer.

/// Quiet time before the countdown shows.
pub const IDLE_MS: u64 = 90_000;
/// How long the countdown runs before the session is wiped.
pub const COUNTDOWN_MS: u64 = 30_000;
/// How long a held session waits for help without a touch.
pub const HOLD_MS: u64 = 15 * 60_000;

/// One citizen's session: when they last did something, and whether they asked to be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CitizenSession {
    last_activity_ms: u64,
    held: bool,
}

/// Where a session stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    /// Held for help: no countdown.
    Held,
    /// The countdown shows: whole seconds left, rounded up.
    EndingIn {
        seconds: u64,
    },
    /// Time is up: wipe everything of this citizen.
    Over,
}

impl CitizenSession {
    pub fn start(now_ms: u64) -> Self {
        Self {
            last_activity_ms: now_ms,
            held: false,
        }
    }

    /// A touch, a key or a word read aloud finished: the citizen is there.
    pub fn touched(&mut self, now_ms: u64) {
        self.last_activity_ms = self.last_activity_ms.max(now_ms);
    }

    /// "Ich brauche Hilfe": held until released or `HOLD_MS` pass untouched.
    pub fn hold(&mut self, now_ms: u64) {
        self.held = true;
        self.touched(now_ms);
    }

    /// Help came, or the citizen carries on alone: the usual countdown applies again.
    pub fn release(&mut self, now_ms: u64) {
        self.held = false;
        self.touched(now_ms);
    }

    pub fn is_held(&self) -> bool {
        self.held
    }

    pub fn standing(&self, now_ms: u64) -> Standing {
        let quiet = now_ms.saturating_sub(self.last_activity_ms);
        if self.held {
            return if quiet >= HOLD_MS {
                Standing::Over
            } else {
                Standing::Held
            };
        }
        if quiet < IDLE_MS {
            Standing::Active
        } else if quiet < IDLE_MS + COUNTDOWN_MS {
            let left = IDLE_MS + COUNTDOWN_MS - quiet;
            Standing::EndingIn {
                seconds: left.div_ceil(1000),
            }
        } else {
            Standing::Over
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: u64 = 1_000_000;

    #[test]
    fn a_quiet_session_counts_down_visibly_then_ends() {
        let session = CitizenSession::start(START);
        assert_eq!(session.standing(START + IDLE_MS - 1), Standing::Active);
        assert_eq!(
            session.standing(START + IDLE_MS),
            Standing::EndingIn { seconds: 30 }
        );
        assert_eq!(
            session.standing(START + IDLE_MS + COUNTDOWN_MS - 1),
            Standing::EndingIn { seconds: 1 }
        );
        assert_eq!(
            session.standing(START + IDLE_MS + COUNTDOWN_MS),
            Standing::Over
        );
    }

    #[test]
    fn a_touch_during_the_countdown_keeps_the_session() {
        let mut session = CitizenSession::start(START);
        session.touched(START + IDLE_MS + 5_000);
        assert_eq!(
            session.standing(START + IDLE_MS + COUNTDOWN_MS),
            Standing::Active
        );
        // A clock reading from before the last touch (timers may fire late) moves nothing back.
        session.touched(START);
        assert_eq!(
            session.standing(START + IDLE_MS + COUNTDOWN_MS),
            Standing::Active
        );
    }

    #[test]
    fn a_held_session_waits_for_help_and_ends_only_after_the_hold() {
        let mut session = CitizenSession::start(START);
        session.hold(START + 10_000);
        assert!(session.is_held());
        assert_eq!(
            session.standing(START + 10_000 + IDLE_MS + COUNTDOWN_MS),
            Standing::Held
        );
        assert_eq!(
            session.standing(START + 10_000 + HOLD_MS - 1),
            Standing::Held
        );
        assert_eq!(session.standing(START + 10_000 + HOLD_MS), Standing::Over);
    }

    #[test]
    fn released_the_usual_countdown_applies_again() {
        let mut session = CitizenSession::start(START);
        session.hold(START);
        session.release(START + 60_000);
        assert!(!session.is_held());
        assert_eq!(
            session.standing(START + 60_000 + IDLE_MS),
            Standing::EndingIn { seconds: 30 }
        );
    }
}
