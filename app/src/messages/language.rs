//! The languages of the UI: German first, English second.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    German,
    English,
}

impl Language {
    /// German unless the clerk chose English on this device before.
    pub fn from_saved_choice(saved: Option<&str>) -> Self {
        match saved {
            Some("en") => Self::English,
            _ => Self::German,
        }
    }

    /// The BCP 47 tag for `<html lang>` and for saving the choice.
    pub fn tag(self) -> &'static str {
        match self {
            Self::German => "de",
            Self::English => "en",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::German => Self::English,
            Self::English => Self::German,
        }
    }
}
