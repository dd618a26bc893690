//! One module per screen of the app; which one shows depends on `access::Access`.

pub mod case;
pub mod correction;
pub mod day;
pub mod day_list;
pub mod devices;
pub mod enrol;
pub mod settings;
pub mod transfer;
pub mod unlock;
pub mod visit;
pub mod wiped;
pub mod workspace;

/// Which screen of the unlocked Koffer is showing: today's work (the day, a visit, a case)
/// first, the rest behind the navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Day,
    Visit(String),
    Case(String),
    Correction(String),
    Transfer,
    Devices,
    Settings,
    Health,
}

impl Screen {
    /// Whether this screen belongs to today's work (the navigation's first section).
    pub fn is_todays_work(&self) -> bool {
        matches!(
            self,
            Self::Day | Self::Visit(_) | Self::Case(_) | Self::Correction(_)
        )
    }
}
