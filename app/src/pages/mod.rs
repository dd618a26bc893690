//! One module per screen of the app; which one shows depends on `access::Access`.

pub mod case;
pub mod correction;
pub mod day;
pub mod enrol;
pub mod unlock;
pub mod visit;
pub mod wiped;
pub mod workspace;

/// Which screen of the unlocked Koffer is showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Day,
    Visit(String),
    Case(String),
    Correction(String),
}
