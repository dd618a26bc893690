use super::*;
use crate::catalogue::{OfflinePolicy, Service};
use crate::forms::{FormSchema, Label};

fn catalogue() -> Catalogue {
    let service = |id: &str| Service {
        id: id.into(),
        leika: None,
        leika_confirmed: false,
        title: Label {
            de: id.into(),
            en: id.into(),
        },
        offline: OfflinePolicy::FinishesOffline,
        fee_cents: 0,
        fee_basis: String::new(),
        documents: vec![],
        peripherals: vec![],
        form: FormSchema { fields: vec![] },
        paper_form: None,
        self_service: false,
    };
    Catalogue {
        municipality: "145245118250".into(),
        municipality_name: "Schönberg".into(),
        version: 1,
        places: vec![
            "Tettau, Dorfgemeinschaftshaus".into(),
            "Schönberg, Gemeindeamt".into(),
        ],
        two_clerk_places: vec!["Schönberg, Gemeindeamt".into()],
        submission_checks: Vec::new(),
        services: vec![service("anmeldung"), service("lebensbescheinigung")],
    }
}

fn clerks() -> Vec<String> {
    vec!["m.schreiber".into(), "s.vogel".into()]
}

/// Thursday, 3 December 2026.
fn today() -> Date {
    Date::new(2026, 12, 3).expect("date")
}

fn request() -> TourRequest {
    TourRequest {
        place: "Tettau, Dorfgemeinschaftshaus".into(),
        date: "2026-12-10".into(),
        starts: "09:00".into(),
        ends: "12:30".into(),
        clerks: vec!["m.schreiber".into()],
        slots: vec![
            Slot {
                service: "anmeldung".into(),
                minutes: 20,
            },
            Slot {
                service: "lebensbescheinigung".into(),
                minutes: 10,
            },
        ],
        notes: "Schlüssel beim Ortsvorsteher".into(),
        repeat: None,
        provisional: None,
    }
}

fn planned(request: &TourRequest, taken: &[Taken<'_>]) -> Result<Vec<PlannedDate>, TourRefusal> {
    plan(request, &catalogue(), &clerks(), taken, today())
}

#[test]
fn a_date_is_planned_in_its_window() {
    let dates = planned(&request(), &[]).expect("planned");
    assert_eq!(
        dates,
        vec![PlannedDate {
            date: Date::new(2026, 12, 10).expect("date"),
            starts: Minute(9 * 60),
            ends: Minute(12 * 60 + 30),
            decide_on: None,
        }]
    );
    assert_eq!(dates[0].ends.text(), "12:30");
}

#[test]
fn every_second_thursday_until_a_last_date() {
    let mut every_second = request();
    every_second.repeat = Some(Repeat {
        every_weeks: 2,
        until: "2027-01-21".into(),
    });
    let days: Vec<String> = planned(&every_second, &[])
        .expect("planned")
        .iter()
        .map(|d| d.date.iso())
        .collect();
    assert_eq!(
        days,
        ["2026-12-10", "2026-12-24", "2027-01-07", "2027-01-21"]
    );

    every_second.repeat = Some(Repeat {
        every_weeks: 1,
        until: "2028-12-31".into(),
    });
    assert_eq!(planned(&every_second, &[]), Err(TourRefusal::TooManyDates));
}

#[test]
fn a_provisional_date_is_decided_days_before_it_and_not_in_the_past() {
    let mut provisional = request();
    provisional.provisional = Some(Provisional {
        min_bookings: 3,
        decide_days_before: 5,
    });
    let dates = planned(&provisional, &[]).expect("planned");
    assert_eq!(dates[0].decide_on, Date::new(2026, 12, 5));

    provisional.provisional = Some(Provisional {
        min_bookings: 3,
        decide_days_before: 14,
    });
    assert_eq!(planned(&provisional, &[]), Err(TourRefusal::DecidedTooLate));
}

/// An hour on 10 December 2026 from `starts` (minutes) at `place` with `clerks`.
fn an_hour<'a>(place: &'a str, clerks: &'a [String], starts: u16) -> Taken<'a> {
    Taken {
        date: Date::new(2026, 12, 10).expect("date"),
        starts: Minute(starts),
        ends: Minute(starts + 60),
        place: Some(place),
        clerks,
    }
}

#[test]
fn another_date_at_the_same_place_or_with_the_same_clerk_may_not_overlap() {
    let (schreiber, vogel) = (["m.schreiber".to_owned()], ["s.vogel".to_owned()]);
    let (tettau, schoenberg) = ("Tettau, Dorfgemeinschaftshaus", "Schönberg, Gemeindeamt");
    for (taken, refused) in [
        (an_hour(tettau, &vogel, 11 * 60), true),
        (an_hour(schoenberg, &schreiber, 8 * 60 + 30), true),
        // Another place and clerk, or right after the window: no overlap.
        (an_hour(schoenberg, &vogel, 10 * 60), false),
        (an_hour(tettau, &schreiber, 12 * 60 + 30), false),
    ] {
        let result = planned(&request(), std::slice::from_ref(&taken));
        assert_eq!(
            result == Err(TourRefusal::Overlaps(taken.date)),
            refused,
            "{taken:?}"
        );
    }
}

#[test]
fn bad_input_is_refused_with_its_reason() {
    let changed = |change: fn(&mut TourRequest)| {
        let mut request = request();
        change(&mut request);
        planned(&request, &[]).expect_err("refused")
    };
    assert_eq!(
        changed(|r| r.place = "Rathaus Mond".into()),
        TourRefusal::UnknownPlace
    );
    assert_eq!(
        changed(|r| r.date = "2026-12-02".into()),
        TourRefusal::InThePast
    );
    assert_eq!(
        changed(|r| r.date = "2026-02-30".into()),
        TourRefusal::NotADate("2026-02-30".into())
    );
    assert_eq!(
        changed(|r| r.date = "2029-01-01".into()),
        TourRefusal::TooFarAhead
    );
    assert_eq!(
        changed(|r| r.starts = "9:00".into()),
        TourRefusal::NotATime("9:00".into())
    );
    assert_eq!(
        changed(|r| r.ends = "24:00".into()),
        TourRefusal::NotATime("24:00".into())
    );
    assert_eq!(
        changed(|r| r.ends = "08:00".into()),
        TourRefusal::WindowEndsBeforeItStarts
    );
    assert_eq!(changed(|r| r.clerks.clear()), TourRefusal::NoClerk);
    assert_eq!(
        changed(|r| r.clerks = vec!["m.schreiber".into(), "s.vogel".into(), "x".into()]),
        TourRefusal::TooManyClerks
    );
    assert_eq!(
        changed(|r| r.clerks = vec!["b.richter".into()]),
        TourRefusal::UnknownClerk("b.richter".into())
    );
    assert_eq!(
        changed(|r| r.clerks = vec!["s.vogel".into(), "s.vogel".into()]),
        TourRefusal::ClerkTwice("s.vogel".into())
    );
    assert_eq!(changed(|r| r.slots.clear()), TourRefusal::NoService);
    assert_eq!(
        changed(|r| r.slots[0].service = "hundesteuer".into()),
        TourRefusal::UnknownService("hundesteuer".into())
    );
    assert_eq!(
        changed(|r| r.slots[1].service = "anmeldung".into()),
        TourRefusal::ServiceTwice("anmeldung".into())
    );
    assert_eq!(
        changed(|r| r.slots[0].minutes = 4),
        TourRefusal::SlotLength("anmeldung".into())
    );
    assert_eq!(
        changed(|r| r.repeat = Some(Repeat {
            every_weeks: 1,
            until: "2026-12-09".into()
        })),
        TourRefusal::RepeatEndsBeforeItStarts
    );
}

#[test]
fn times_read_as_people_write_them_on_a_plan() {
    assert_eq!(Minute::parse("00:00"), Some(Minute(0)));
    assert_eq!(Minute::parse("23:59"), Some(Minute(23 * 60 + 59)));
    for wrong in [
        "", "9", "09:60", "24:00", "0900", "09:00:00", "+9:00", "09:0x",
    ] {
        assert_eq!(Minute::parse(wrong), None, "{wrong}");
    }
    for status in [
        TourStatus::Planned,
        TourStatus::Provisional,
        TourStatus::Cancelled,
    ] {
        assert_eq!(TourStatus::from_name(status.name()), Some(status));
    }
}

/// The request's date as planned: Thursday 10 December, 09:00 to 12:30, provisional with its
/// deadline on the 3rd.
fn standing_date() -> TourDate {
    TourDate {
        id: "d1".into(),
        municipality: "145245118250".into(),
        series: "d1".into(),
        place: "Tettau, Dorfgemeinschaftshaus".into(),
        date: "2026-12-10".into(),
        starts: "09:00".into(),
        ends: "12:30".into(),
        clerks: vec!["m.schreiber".into()],
        slots: request().slots,
        notes: String::new(),
        status: TourStatus::Provisional,
        min_bookings: Some(3),
        decide_on: Some("2026-12-05".into()),
        booked: 1,
    }
}

fn moving(date: &str, starts: &str, ends: &str) -> TourMove {
    TourMove {
        date: date.into(),
        starts: starts.into(),
        ends: ends.into(),
    }
}

#[test]
fn a_date_moves_with_its_bookings_and_its_deadline() {
    let booked = [(Minute(9 * 60 + 20), Minute(9 * 60 + 40))];
    let (moved, shift) = relocate(
        &standing_date(),
        &moving("2026-12-17", "10:00", "13:30"),
        &[],
        &booked,
        today(),
    )
    .expect("moved");
    assert_eq!(moved.date, Date::new(2026, 12, 17).expect("date"));
    assert_eq!((moved.starts, moved.ends), (Minute(600), Minute(810)));
    assert_eq!(
        moved.decide_on,
        Date::new(2026, 12, 12),
        "five days before, as before"
    );
    assert_eq!(shift, 60);

    // A shorter window that would cut the booking off is refused; so are the past, a taken
    // hour and a cancelled date.
    let refused = |request: &TourMove, taken: &[Taken<'_>]| {
        relocate(&standing_date(), request, taken, &booked, today()).err()
    };
    assert_eq!(
        refused(&moving("2026-12-10", "09:30", "09:45"), &[]),
        Some(TourRefusal::BookingsDoNotFit)
    );
    assert_eq!(
        refused(&moving("2026-12-01", "09:00", "12:30"), &[]),
        Some(TourRefusal::InThePast)
    );
    let clerks = clerks();
    let mut taken = an_hour("Schönberg, Gemeindeamt", &clerks[..1], 10 * 60);
    taken.date = Date::new(2026, 12, 17).expect("date");
    assert_eq!(
        refused(&moving("2026-12-17", "09:00", "12:30"), &[taken]),
        Some(TourRefusal::Overlaps(
            Date::new(2026, 12, 17).expect("date")
        ))
    );
    let mut cancelled = standing_date();
    cancelled.status = TourStatus::Cancelled;
    assert_eq!(
        relocate(
            &cancelled,
            &moving("2026-12-17", "09:00", "12:30"),
            &[],
            &[],
            today()
        )
        .err(),
        Some(TourRefusal::Cancelled)
    );
    // Moved earlier, the deadline would lie in the past.
    assert_eq!(
        refused(&moving("2026-12-06", "09:00", "12:30"), &[]),
        Some(TourRefusal::DecidedTooLate)
    );
}

#[test]
fn a_place_where_two_people_go_is_planned_with_two() {
    let mut request = request();
    request.place = "Schönberg, Gemeindeamt".into();
    assert_eq!(planned(&request, &[]), Err(TourRefusal::PlaceNeedsTwo));
    request.clerks.push("s.vogel".into());
    assert!(planned(&request, &[]).is_ok());
}
