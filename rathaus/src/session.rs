//! Who is signed in, in memory only: a reload or "Abmelden" asks for the password again, and so
//! does a session that ran out (saying so).

use crate::messages::failure_text;
use domain::catalogue::Catalogue;
use domain::wire::{ClerkProfile, MunicipalityInfo};
use leptos::prelude::*;
use ui::Language;
use ui::http::ApiFailure;

/// Set when the server ended the session (the sign-in then says why); cleared at sign-in.
#[derive(Clone, Copy)]
pub struct SessionEnded(pub RwSignal<bool>);

/// Where a failed call goes: a session that ran out shows the sign-in again; anything else is
/// said in `problem`.
pub fn on_failure(problem: RwSignal<Option<String>>) -> impl Fn(ApiFailure) + Copy {
    let signed_in = expect_context::<RwSignal<Option<Session>>>();
    let ended = expect_context::<SessionEnded>();
    let language = expect_context::<RwSignal<Language>>();
    move |failure: ApiFailure| {
        if matches!(failure, ApiFailure::Refused { status: 401, .. }) {
            ended.0.try_set(true);
            signed_in.try_set(None);
        } else {
            problem.try_set(Some(failure_text(&failure, language.get_untracked())));
        }
    }
}

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

    /// `spaces` as a select offers them: key and name, the first chosen at first.
    pub fn space_choices(&self) -> (Vec<(String, String)>, String) {
        let choices: Vec<(String, String)> = self
            .spaces()
            .into_iter()
            .map(|m| (m.regional_key, m.name))
            .collect();
        let first = choices
            .first()
            .map(|(key, _)| key.clone())
            .unwrap_or_default();
        (choices, first)
    }

    pub fn catalogue_of(&self, municipality: &str) -> Option<&Catalogue> {
        self.catalogues
            .iter()
            .find(|c| c.municipality == municipality)
    }
}
