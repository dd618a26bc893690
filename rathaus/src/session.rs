//! Who is signed in, in memory only: a reload or "Abmelden" asks for the password again.

use domain::catalogue::Catalogue;
use domain::wire::{ClerkProfile, MunicipalityInfo};

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub token: String,
    pub clerk: ClerkProfile,
    /// The service catalogues of the municipalities served, for the services' titles.
    pub catalogues: Vec<Catalogue>,
}

impl Session {
    /// The municipalities whose cases this person sees: their own first, then those it serves.
    pub fn spaces(&self) -> Vec<MunicipalityInfo> {
        let mut all = vec![self.clerk.municipality.clone()];
        all.extend(self.clerk.serves.iter().cloned());
        all
    }

    pub fn catalogue_of(&self, municipality: &str) -> Option<&Catalogue> {
        self.catalogues
            .iter()
            .find(|c| c.municipality == municipality)
    }
}
