use super::*;
use crate::tours::Slot;

/// 09:00 to 10:00 with one clerk; sign-ups take 20 minutes, life certificates 10.
fn tour_date(clerks: usize) -> TourDate {
    TourDate {
        id: "d1".into(),
        municipality: "145245118250".into(),
        series: "d1".into(),
        place: "Tettau, Dorfgemeinschaftshaus".into(),
        date: "2026-12-10".into(),
        starts: "09:00".into(),
        ends: "10:00".into(),
        clerks: ["m.schreiber", "s.vogel"][..clerks]
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
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
        notes: String::new(),
        status: TourStatus::Planned,
        min_bookings: None,
        decide_on: None,
        booked: 0,
    }
}

fn today() -> Date {
    Date::new(2026, 12, 3).expect("date")
}

fn request(services: &[&str], starts: Option<&str>) -> BookingRequest {
    BookingRequest {
        services: services.iter().map(|s| (*s).to_owned()).collect(),
        starts: starts.map(str::to_owned),
        name: "Erna Müller".into(),
        contact: "erna@example.org".into(),
    }
}

fn at(starts: &str, ends: &str) -> Taken {
    Taken {
        starts: Minute::parse(starts).expect("time"),
        ends: Minute::parse(ends).expect("time"),
    }
}

fn texts(starts: &[Minute]) -> Vec<String> {
    starts.iter().map(|m| m.text()).collect()
}

#[test]
fn starts_lie_on_the_shortest_slot_and_fit_the_window() {
    let date = tour_date(1);
    assert_eq!(
        texts(&free_starts(&date, 20, &[])),
        ["09:00", "09:10", "09:20", "09:30", "09:40"]
    );
    assert_eq!(
        texts(&free_starts(&date, 30, &[at("09:10", "09:30")])),
        ["09:30"]
    );
}

#[test]
fn two_clerks_take_two_bookings_at_once_and_no_third() {
    let date = tour_date(2);
    let taken = [at("09:00", "09:20"), at("09:10", "09:30")];
    // Two bookings at once only from 09:10 to 09:20.
    assert_eq!(
        texts(&free_starts(&date, 10, &taken)),
        ["09:00", "09:20", "09:30", "09:40", "09:50"]
    );
    assert_eq!(
        texts(&free_starts(&tour_date(1), 10, &taken)),
        ["09:30", "09:40", "09:50"]
    );
}

#[test]
fn a_free_start_is_booked_a_taken_one_refused_and_a_full_date_waitlists() {
    let date = tour_date(1);
    let taken = [at("09:00", "09:40")];
    assert_eq!(
        check(
            &request(&["anmeldung"], Some("09:40")),
            &date,
            &taken,
            0,
            today()
        ),
        Ok(Accepted::Slot(at("09:40", "10:00")))
    );
    assert_eq!(
        check(
            &request(&["anmeldung"], Some("09:20")),
            &date,
            &taken,
            0,
            today()
        ),
        Err(BookingRefusal::SlotTaken)
    );
    assert_eq!(
        check(
            &request(&["anmeldung"], Some("09:05")),
            &date,
            &taken,
            0,
            today()
        ),
        Err(BookingRefusal::NotAStart("09:05".into()))
    );
    assert_eq!(
        check(&request(&["anmeldung"], None), &date, &taken, 0, today()),
        Err(BookingRefusal::StillFree)
    );
    let full = [at("09:00", "10:00")];
    assert_eq!(
        check(&request(&["anmeldung"], None), &date, &full, 0, today()),
        Ok(Accepted::Waitlist)
    );
}

#[test]
fn bad_requests_are_refused_each_with_its_reason() {
    let date = tour_date(1);
    let refused = |request: &BookingRequest| check(request, &date, &[], 0, today()).err();
    assert_eq!(
        refused(&request(&[], Some("09:00"))),
        Some(BookingRefusal::NoService)
    );
    assert_eq!(
        refused(&request(&["reisepass"], Some("09:00"))),
        Some(BookingRefusal::UnknownService("reisepass".into()))
    );
    assert_eq!(
        refused(&request(&["anmeldung", "anmeldung"], Some("09:00"))),
        Some(BookingRefusal::ServiceTwice("anmeldung".into()))
    );
    assert_eq!(
        refused(&request(&["anmeldung"], Some("9 Uhr"))),
        Some(BookingRefusal::NotATime("9 Uhr".into()))
    );
    let mut nameless = request(&["anmeldung"], Some("09:00"));
    nameless.name = "  ".into();
    assert_eq!(refused(&nameless), Some(BookingRefusal::NoName));
    let mut long = request(&["anmeldung"], Some("09:00"));
    long.name = "x".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(refused(&long), Some(BookingRefusal::NameTooLong));
    let mut bad_contact = request(&["anmeldung"], Some("09:00"));
    bad_contact.contact = "erna at example".into();
    assert_eq!(refused(&bad_contact), Some(BookingRefusal::NotAContact));

    let held = check(
        &request(&["anmeldung"], Some("09:00")),
        &date,
        &[],
        MAX_PER_CONTACT,
        today(),
    );
    assert_eq!(held, Err(BookingRefusal::TooManyForContact));
    let mut cancelled = date.clone();
    cancelled.status = TourStatus::Cancelled;
    let request = request(&["anmeldung"], Some("09:00"));
    assert_eq!(
        check(&request, &cancelled, &[], 0, today()),
        Err(BookingRefusal::DateCancelled)
    );
    let later = Date::new(2026, 12, 11).expect("date");
    assert_eq!(
        check(&request, &date, &[], 0, later),
        Err(BookingRefusal::DatePassed)
    );
}

#[test]
fn contacts_are_read_and_the_same_one_is_recognised_however_written() {
    assert_eq!(Contact::parse(" "), Ok(Contact::None));
    let email = Contact::parse("Erna.Mueller@Example.org").expect("e-mail");
    assert_eq!(email.email(), Some("Erna.Mueller@Example.org"));
    assert_eq!(email.key().as_deref(), Some("erna.mueller@example.org"));
    let national = Contact::parse("03764 / 12 34 56").expect("phone");
    let international = Contact::parse("+49 3764 123456").expect("phone");
    assert_eq!(national.key(), international.key());
    assert_eq!(
        Contact::parse("0049 3764 123456").expect("phone").key(),
        international.key()
    );
    for bad in [
        "erna@",
        "@example.org",
        "erna@example",
        "12 34",
        "0376+4",
        "a@b@c.de",
        "x@-a.de",
    ] {
        assert_eq!(
            Contact::parse(bad),
            Err(BookingRefusal::NotAContact),
            "{bad}"
        );
    }
}

#[test]
fn the_waitlist_moves_up_in_order_while_room_lasts() {
    let date = tour_date(1);
    let taken = [at("09:00", "09:30"), at("09:50", "10:00")];
    // 09:30–09:50 is free: the first waiting (20 minutes) takes it, the second (10) finds none.
    assert_eq!(
        move_up(&date, &[20, 10], &taken),
        [Some(Minute::parse("09:30").expect("time")), None]
    );
}

#[test]
fn codes_are_eight_readable_characters_from_every_bit() {
    assert_eq!(code([0; 5]), "0000-0000");
    assert_eq!(code([0xff; 5]), "ZZZZ-ZZZZ");
    assert_eq!(code([0x08, 0x42, 0x10, 0x84, 0x21]), "1111-1111");
    assert!(!code([0x5a, 0x3c, 0x99, 0x01, 0xe7]).contains(['I', 'L', 'O', 'U']));
}

#[test]
fn only_a_clerk_of_the_date_reports_its_outcomes_once_and_from_its_day_on() {
    let date = tour_date(1);
    let booking = |status| Booking {
        id: "b1".into(),
        tour_date: "d1".into(),
        code: "0000-0000".into(),
        services: vec!["anmeldung".into()],
        starts: Some("09:00".into()),
        ends: Some("09:20".into()),
        name: "Erna Müller".into(),
        contact: String::new(),
        status,
        booked_by: None,
    };
    let came = BookingOutcome {
        booking: "b1".into(),
        case: Some("case-1".into()),
    };
    let missed = BookingOutcome {
        booking: "b1".into(),
        case: None,
    };
    let on_the_day = Date::new(2026, 12, 10).expect("date");
    let check = |outcome: &BookingOutcome, status, clerk: &str, today| {
        check_outcome(outcome, (&booking(status), &date), clerk, today)
    };
    assert_eq!(
        check(&came, BookingStatus::Booked, "m.schreiber", on_the_day),
        Ok(true)
    );
    assert_eq!(
        check(&missed, BookingStatus::Booked, "m.schreiber", on_the_day),
        Ok(true)
    );
    assert_eq!(
        check(&came, BookingStatus::Attended, "m.schreiber", on_the_day),
        Ok(false)
    );
    assert_eq!(
        check(&missed, BookingStatus::Attended, "m.schreiber", on_the_day),
        Err(OutcomeRefusal::AlreadyReported)
    );
    assert_eq!(
        check(&came, BookingStatus::Booked, "s.vogel", on_the_day),
        Err(OutcomeRefusal::NotYourDate)
    );
    assert_eq!(
        check(&missed, BookingStatus::Booked, "m.schreiber", today()),
        Err(OutcomeRefusal::NotYet)
    );
    assert_eq!(
        check(&came, BookingStatus::Cancelled, "m.schreiber", on_the_day),
        Err(OutcomeRefusal::Cancelled)
    );
    assert_eq!(
        check(&missed, BookingStatus::Waiting, "m.schreiber", on_the_day),
        Err(OutcomeRefusal::NoSlotToMiss)
    );
    assert_eq!(
        check(&came, BookingStatus::Waiting, "m.schreiber", on_the_day),
        Ok(true)
    );
}

#[test]
fn a_booked_name_fills_the_person_form_family_name_last() {
    assert_eq!(
        names_of(" Erna  Luise Müller "),
        ("Erna Luise".into(), "Müller".into())
    );
    assert_eq!(names_of("Müller"), (String::new(), "Müller".into()));
    assert_eq!(names_of(""), (String::new(), String::new()));
}
