//! The day's lists from the tour plan on the desk: the dates the clerk goes to with their
//! bookings, as the last pull brought them (sealed in the store for offline days), and what
//! the clerk notes at the date — a visit opened for a booking, or a citizen who did not come.
//! Those outcomes wait in the store like cases until the server has answered for them.

use super::{Desk, today};
use crate::access::Problem;
use crate::store::{Batch, StoreError, put_outcomes};
use domain::cases::{Case, Deployment, RequestedService};
use domain::tours::TourDate;
use domain::tours::booking::{Booking, BookingOutcome, DayList, NotedOutcome, names_of};
use leptos::prelude::*;
use std::collections::BTreeMap;

impl Desk {
    /// Keeps the lists a pull brought for `municipality` in place of those held for it.
    pub async fn take_day_lists(
        self,
        municipality: String,
        lists: Vec<DayList>,
    ) -> Result<(), StoreError> {
        let Some(mut all) = self.day_lists.try_get_untracked() else {
            return Ok(());
        };
        all.insert(municipality, lists);
        self.open_store()?.save_day_lists(&all).await?;
        self.day_lists.try_set(all);
        Ok(())
    }

    /// The lists of dates on `day` (ISO), of every municipality.
    pub fn lists_on(&self, day: &str) -> Vec<DayList> {
        self.day_lists.with(|all| {
            all.values()
                .flatten()
                .filter(|list| list.date.date == day)
                .cloned()
                .collect()
        })
    }

    /// What was noted here for `booking`, if anything.
    pub fn noted(&self, booking: &str) -> Option<BookingOutcome> {
        self.outcomes.with(|all| {
            all.iter()
                .find(|noted| noted.outcome.booking == booking)
                .map(|noted| noted.outcome.clone())
        })
    }

    /// Starts a visit for `booking` at its date's place (today's deployment there), the
    /// person's name and the services booked filled in, and notes that the citizen came.
    pub fn start_booked_visit(self, booking: &Booking, date: &TourDate) -> Result<Case, Problem> {
        let catalogue = self
            .catalogue_of(&date.municipality)
            .ok_or(Problem::Say(crate::messages::Text::NoCatalogue))?;
        let here = Deployment {
            municipality: date.municipality.clone(),
            municipality_name: catalogue.municipality_name,
            place: date.place.clone(),
            date: today().iso(),
        };
        if self.deployment.get_untracked().as_ref() != Some(&here) {
            self.choose_deployment(here);
        }
        let mut case = self.start_case()?;
        let (given, family) = names_of(&booking.name);
        case.citizen.given_names = given;
        case.citizen.family_name = family;
        case.services = booking
            .services
            .iter()
            .map(|service| RequestedService {
                service: service.clone(),
                values: Default::default(),
            })
            .collect();
        self.save_case(case.clone());
        self.note(NotedOutcome {
            municipality: date.municipality.clone(),
            name: booking.name.clone(),
            outcome: BookingOutcome {
                booking: booking.id.clone(),
                case: Some(case.id.clone()),
            },
        });
        Ok(case)
    }

    /// Notes that who booked `booking` at `date` did not come.
    pub fn mark_no_show(self, booking: &Booking, date: &TourDate) {
        self.note(NotedOutcome {
            municipality: date.municipality.clone(),
            name: booking.name.clone(),
            outcome: BookingOutcome {
                booking: booking.id.clone(),
                case: None,
            },
        });
    }

    /// Forgets what was noted for a discarded visit: the citizen's visit was not kept.
    pub(super) fn forget_outcome_of_case(self, case_id: &str) {
        let Some(mut all) = self.outcomes.try_get_untracked() else {
            return;
        };
        all.retain(|noted| noted.outcome.case.as_deref() != Some(case_id));
        self.keep_outcomes(all);
    }

    fn note(self, noted: NotedOutcome) {
        let Some(mut all) = self.outcomes.try_get_untracked() else {
            return;
        };
        all.retain(|other| other.outcome.booking != noted.outcome.booking);
        all.push(noted);
        self.keep_outcomes(all);
    }

    /// Shows `all` and seals it through the case writer, in order with the cases' writes (a
    /// visit and the outcome naming it land in the order they were made).
    fn keep_outcomes(self, all: Vec<NotedOutcome>) {
        let mut batch = Batch::default();
        if let Err(error) = put_outcomes(&mut batch, &all) {
            self.problem.try_set(Some(error.into()));
            return;
        }
        self.outcomes.try_set(all);
        leptos::task::spawn_local(async move {
            if let Err(error) = self.write(batch).await {
                self.problem.try_set(Some(error.into()));
            }
        });
    }

    /// The outcomes ready to report: a no-show, or a visit the server holds already (one
    /// still on this device waits for its transfer), by municipality.
    pub fn outcomes_to_report(&self) -> BTreeMap<String, Vec<BookingOutcome>> {
        let transferred = |case: &str| {
            self.case(case)
                .is_some_and(|case| !case.status().is_untransferred())
        };
        let mut ready: BTreeMap<String, Vec<BookingOutcome>> = BTreeMap::new();
        self.outcomes.with_untracked(|all| {
            for noted in all {
                if noted.outcome.case.as_deref().is_none_or(transferred) {
                    ready
                        .entry(noted.municipality.clone())
                        .or_default()
                        .push(noted.outcome.clone());
                }
            }
        });
        ready
    }

    /// The server answered for these outcomes (booking ids): they leave the store.
    pub fn settle_outcomes(self, answered: &[String]) {
        let Some(mut all) = self.outcomes.try_get_untracked() else {
            return;
        };
        all.retain(|noted| !answered.contains(&noted.outcome.booking));
        self.keep_outcomes(all);
    }

    /// Who booked `booking`, as noted here.
    pub fn name_of_noted(&self, booking: &str) -> Option<String> {
        self.outcomes.with_untracked(|all| {
            all.iter()
                .find(|noted| noted.outcome.booking == booking)
                .map(|noted| noted.name.clone())
        })
    }
}
