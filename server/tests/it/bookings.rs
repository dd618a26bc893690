//! Booking the tour plan's dates as citizens and staff meet it: the public page's plain forms,
//! the booking's own page with its code, QR code and link to cancel or move it, the waitlist,
//! one winner when two race for a slot, rate limits and the cap per contact, bad input refused
//! with a sentence and nothing booked, and bookings deleted after their retention. The test
//! clock stands on Friday, 15 January 2027.

use crate::support::*;
use axum::http::StatusCode;
use serde_json::{Value, json};

const SCHOENBERG: &str = "145245118250";

/// 09:00 to 10:00 at Tettau with one clerk: three sign-ups (20 minutes) or six life
/// certificates (10 minutes).
fn hour(date: &str) -> Value {
    json!({
        "place": "Tettau, Dorfgemeinschaftshaus",
        "date": date,
        "starts": "09:00",
        "ends": "10:00",
        "clerks": ["m.schreiber"],
        "slots": [{ "service": "anmeldung", "minutes": 20 }, { "service": "lebensbescheinigung", "minutes": 10 }],
    })
}

/// Plans `request`; the new date's id.
async fn plan(app: &TestApp, request: Value) -> String {
    let office = app.sign_in("b.richter").await;
    let answer = app
        .post_json_as(&office, &format!("/api/tours/{SCHOENBERG}"), request)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    answer.json[0]["id"].as_str().expect("id").to_owned()
}

fn html(answer: &Answer) -> &str {
    answer.json.as_str().expect("html")
}

/// Books as a citizen on the public form; the answer (a redirect to the booking's page).
async fn book(app: &TestApp, date: &str, starts: &str, name: &str, contact: &str) -> Answer {
    book_from(app, app.peer, date, (starts, name, contact)).await
}

async fn book_from(
    app: &TestApp,
    peer: std::net::SocketAddr,
    date: &str,
    (starts, name, contact): (&str, &str, &str),
) -> Answer {
    app.post_form_from(
        peer,
        &format!("/termine/{SCHOENBERG}/{date}"),
        &[
            ("leistung", "anmeldung"),
            ("beginn", starts),
            ("name", name),
            ("kontakt", contact),
        ],
    )
    .await
}

fn location(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.json);
    answer.headers["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

async fn bookings_of(app: &TestApp, date: &str) -> Vec<Value> {
    let office = app.sign_in("b.richter").await;
    let answer = app
        .get_as(&office, &format!("/api/tours/{SCHOENBERG}/{date}/bookings"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json.as_array().expect("bookings").clone()
}

#[tokio::test]
async fn a_citizen_books_a_free_start_and_keeps_the_code_the_qr_code_and_the_list() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;

    let list = app
        .call("GET", &format!("/termine/{SCHOENBERG}"), &[], None)
        .await;
    assert!(html(&list).contains(&format!("href=\"/termine/{SCHOENBERG}/{date}\"")));
    let services = app
        .call("GET", &format!("/termine/{SCHOENBERG}/{date}"), &[], None)
        .await;
    assert_eq!(services.status, StatusCode::OK);
    assert!(html(&services).contains("name=\"leistung\" value=\"anmeldung\""));
    assert!(
        !html(&services).contains("name=\"beginn\""),
        "no starts before services"
    );
    let starts = app
        .call(
            "GET",
            &format!("/termine/{SCHOENBERG}/{date}?leistung=anmeldung"),
            &[],
            None,
        )
        .await;
    for start in ["09:00", "09:10", "09:20", "09:30", "09:40"] {
        assert!(
            html(&starts).contains(&format!("value=\"{start}\"")),
            "{start}"
        );
    }
    assert!(
        !html(&starts).contains("value=\"09:50\""),
        "a sign-up does not fit at 09:50"
    );
    assert!(html(&starts).contains("30 Tage nach dem Termin"));

    let page = location(&book(&app, &date, "09:20", "Erna Müller", "erna@example.org").await);
    assert!(page.starts_with(&format!("/termine/{SCHOENBERG}/buchung/")));
    let booking = app.call("GET", &page, &[], None).await;
    assert_eq!(booking.status, StatusCode::OK);
    assert_eq!(booking.headers["cache-control"], "no-store");
    let text = html(&booking);
    let listed = bookings_of(&app, &date).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["starts"], "09:20");
    assert_eq!(listed[0]["ends"], "09:40");
    assert_eq!(listed[0]["status"], "booked");
    assert_eq!(listed[0]["booked_by"], Value::Null);
    let code = listed[0]["code"].as_str().expect("code");
    assert_eq!(code.len(), 9);
    for expected in [
        code,
        "Gebucht.",
        "09:20 Uhr",
        "Bitte mitbringen",
        "<svg",
        "Buchung stornieren",
        "Erna Müller",
    ] {
        assert!(text.contains(expected), "{expected} missing in\n{text}");
    }
    // The slot is gone from the form; a sign-up still fits at 09:00 and 09:40.
    let starts = app
        .call(
            "GET",
            &format!("/termine/{SCHOENBERG}/{date}?leistung=anmeldung"),
            &[],
            None,
        )
        .await;
    assert!(html(&starts).contains("value=\"09:00\"") && html(&starts).contains("value=\"09:40\""));
    assert!(!html(&starts).contains("value=\"09:20\""));

    // Only the link's secret opens the page.
    let forged = format!("{}0", &page[..page.len() - 1]);
    let forged = if forged == page {
        format!("{}1", &page[..page.len() - 1])
    } else {
        forged
    };
    assert_eq!(
        app.call("GET", &forged, &[], None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form(&forged, &[("aktion", "stornieren")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(bookings_of(&app, &date).await[0]["status"], "booked");
}

#[tokio::test]
async fn two_citizens_racing_for_one_slot_one_wins() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;
    let names: Vec<String> = (0..8).map(|n| format!("Person {n}")).collect();
    let answers = futures_util::future::join_all(names.iter().enumerate().map(|(n, name)| {
        let peer = format!("192.0.2.{}:5000", n + 1).parse().expect("addr");
        book_from(&app, peer, &date, ("09:00", name, ""))
    }))
    .await;
    let won = answers
        .iter()
        .filter(|a| a.status == StatusCode::SEE_OTHER)
        .count();
    let lost: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == StatusCode::CONFLICT)
        .collect();
    assert_eq!((won, lost.len()), (1, 7));
    assert!(html(lost[0]).contains("gerade jemand anderes gebucht"));
    assert_eq!(bookings_of(&app, &date).await.len(), 1);
}

#[tokio::test]
async fn a_full_date_takes_a_waitlist_that_moves_up_when_a_booking_is_cancelled_by_its_link() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;
    let mut pages = Vec::new();
    for (n, starts) in ["09:00", "09:20", "09:40"].into_iter().enumerate() {
        let peer = format!("192.0.2.{}:5000", n + 1).parse().expect("addr");
        pages.push(location(
            &book_from(&app, peer, &date, (starts, &format!("Person {n}"), "")).await,
        ));
    }
    // Full: the form offers the waitlist, and a start is refused.
    let full = app
        .call(
            "GET",
            &format!("/termine/{SCHOENBERG}/{date}?leistung=anmeldung"),
            &[],
            None,
        )
        .await;
    assert!(
        html(&full).contains("Auf die Warteliste"),
        "{}",
        html(&full)
    );
    let refused = book(&app, &date, "09:00", "Karl Weber", "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let waiting = location(
        &app.post_form(
            &format!("/termine/{SCHOENBERG}/{date}"),
            &[("leistung", "anmeldung"), ("name", "Karl Weber")],
        )
        .await,
    );
    assert!(html(&app.call("GET", &waiting, &[], None).await).contains("Warteliste"));

    // Person 1 moves to 09:40? Taken. Cancelling by the link frees 09:20 for Karl Weber.
    let moved = app
        .post_form(&pages[1], &[("aktion", "aendern"), ("beginn", "09:40")])
        .await;
    assert_eq!(moved.status, StatusCode::CONFLICT, "{}", html(&moved));
    let cancelled = app.post_form(&pages[1], &[("aktion", "stornieren")]).await;
    assert_eq!(location(&cancelled), pages[1]);
    assert!(html(&app.call("GET", &pages[1], &[], None).await).contains("storniert"));
    let listed = bookings_of(&app, &date).await;
    let karl = listed
        .iter()
        .find(|b| b["name"] == "Karl Weber")
        .expect("karl");
    assert_eq!(
        (karl["status"].as_str(), karl["starts"].as_str()),
        (Some("booked"), Some("09:20"))
    );
    assert!(html(&app.call("GET", &waiting, &[], None).await).contains("Gebucht."));
}

#[tokio::test]
async fn a_booking_moves_to_another_free_start_by_its_link() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;
    let page = location(&book(&app, &date, "09:00", "Erna Müller", "").await);
    let moved = app
        .post_form(&page, &[("aktion", "aendern"), ("beginn", "09:30")])
        .await;
    assert_eq!(location(&moved), page);
    let listed = bookings_of(&app, &date).await;
    assert_eq!(
        (listed[0]["starts"].as_str(), listed[0]["ends"].as_str()),
        (Some("09:30"), Some("09:50"))
    );
    let nonsense = app.post_form(&page, &[("aktion", "aendern")]).await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bookings_of(&app, &date).await, listed, "nothing changed");
}

#[tokio::test]
async fn too_many_attempts_from_one_address_or_at_one_date_are_refused_and_book_nothing() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;
    // One address: its attempts count whatever they come to (here: refused for having no name).
    for _ in 0..10 {
        let answer = book(&app, &date, "09:00", "", "").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = book(&app, &date, "09:00", "Erna Müller", "").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html(&limited).contains("Zu viele Versuche"));
    assert!(bookings_of(&app, &date).await.is_empty());
    // Another address books, until the date has taken 30 attempts in the window.
    for n in 0..19 {
        let peer = format!("198.51.100.{}:5000", n + 1).parse().expect("addr");
        let answer = book_from(&app, peer, &date, ("07:00", "Erna Müller", "")).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let peer = "203.0.113.1:5000".parse().expect("addr");
    let limited = book_from(&app, peer, &date, ("09:00", "Erna Müller", "")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(bookings_of(&app, &date).await.is_empty());
    // Ten minutes on, a new window.
    app.advance(10 * 60);
    let booked = book_from(&app, peer, &date, ("09:00", "Erna Müller", "")).await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", html(&booked));
}

#[tokio::test]
async fn one_contact_holds_three_bookings_and_bad_input_is_refused_with_a_sentence() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;
    for (n, (starts, contact)) in [
        ("09:00", "0376 4123456"),
        ("09:20", "+49 376 4123456"),
        ("09:40", "00493764123456"),
    ]
    .into_iter()
    .enumerate()
    {
        let peer = format!("192.0.2.{}:5000", n + 1).parse().expect("addr");
        location(&book_from(&app, peer, &date, (starts, "Erna Müller", contact)).await);
    }
    let second = plan(&app, hour("2027-01-22")).await;
    let capped = book(&app, &second, "09:00", "Erna Müller", "03764/123456").await;
    assert_eq!(capped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html(&capped).contains("schon 3 Termine gebucht"),
        "{}",
        html(&capped)
    );

    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}/{second}/bookings");
    for (body, status, sentence) in [
        (
            json!({ "services": ["reisepass"], "starts": "09:00", "name": "Karl" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "nicht angeboten",
        ),
        (
            json!({ "services": ["anmeldung"], "starts": "09:05", "name": "Karl" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "keine Buchung",
        ),
        (
            json!({ "services": ["anmeldung"], "starts": "09:00", "name": " " }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Namen",
        ),
        (
            json!({ "services": ["anmeldung"], "starts": "09:00", "name": "Karl", "contact": "karl@" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "E-Mail-Adresse",
        ),
        (
            json!({ "services": [], "starts": "09:00", "name": "Karl" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "mindestens ein Anliegen",
        ),
        (
            json!({ "services": ["anmeldung"], "name": "Karl" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "noch Zeiten frei",
        ),
    ] {
        let answer = app.post_json_as(&office, &path, body).await;
        assert_eq!(answer.status, status, "{}", answer.json);
        let message = answer.json["message"].as_str().expect("message");
        assert!(message.contains(sentence), "{message}");
    }
    let unknown = app
        .post_json_as(
            &office,
            &format!("/api/tours/{SCHOENBERG}/nosuchdate/bookings"),
            json!({ "services": ["anmeldung"], "starts": "09:00", "name": "Karl" }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        bookings_of(&app, &second).await.is_empty(),
        "nothing booked"
    );

    // A past date takes no booking.
    app.advance(8 * 86_400);
    let past = book(&app, &second, "09:00", "Karl Weber", "").await;
    assert_eq!(past.status, StatusCode::CONFLICT);
    assert!(html(&past).contains("Vergangenheit"));
}

#[tokio::test]
async fn staff_book_on_a_citizens_behalf_and_cancel_and_a_date_cancelled_cancels_its_bookings() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, hour("2027-01-21")).await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}/{date}/bookings");
    let body = json!({ "services": ["anmeldung", "lebensbescheinigung"], "starts": "09:00", "name": "Erna Müller", "contact": "03764 123456" });
    let receipt = app.post_json_as(&office, &path, body).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.json);
    assert_eq!(receipt.json["booking"]["ends"], "09:30");
    assert_eq!(receipt.json["booking"]["booked_by"], "b.richter");
    let link = receipt.json["link"].as_str().expect("link");
    let page = link.trim_start_matches("http://127.0.0.1:8080");
    assert!(html(&app.call("GET", page, &[], None).await).contains("Erna Müller"));

    // A clerk of another municipality sees nothing of it.
    let other = app.sign_in("t.lehmann").await;
    assert_eq!(
        app.get_as(&other, &path).await.status,
        StatusCode::FORBIDDEN
    );

    let id = receipt.json["booking"]["id"].as_str().expect("id");
    let cancel = format!("/api/tours/{SCHOENBERG}/bookings/{id}/cancel");
    assert_eq!(
        app.post_as(&office, &cancel).await.json["status"],
        "cancelled"
    );
    let again = app
        .post_json_as(
            &office,
            &path,
            json!({ "services": ["anmeldung"], "starts": "09:00", "name": "Karl Weber" }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    let cancelled = app
        .post_as(&office, &format!("/api/tours/{SCHOENBERG}/{date}/cancel"))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK);
    let statuses: Vec<Value> = bookings_of(&app, &date)
        .await
        .iter()
        .map(|b| b["status"].clone())
        .collect();
    assert_eq!(statuses, ["cancelled", "cancelled"]);
    let refused = book(&app, &date, "09:00", "Karl Weber", "").await;
    assert_eq!(
        refused.status,
        StatusCode::CONFLICT,
        "a cancelled date takes no booking"
    );
    assert!(html(&refused).contains("abgesagt"));
}

#[tokio::test]
async fn a_provisional_date_with_enough_bookings_stands_and_bookings_go_after_their_retention() {
    let app = TestApp::with_demo_data().await;
    let mut provisional = hour("2027-01-28");
    provisional["provisional"] = json!({ "min_bookings": 2, "decide_days_before": 7 });
    let date = plan(&app, provisional).await;
    let status = async || {
        let office = app.sign_in("b.richter").await;
        let path = format!("/api/tours/{SCHOENBERG}?from=2027-01-28&to=2027-01-28");
        let listed = app.get_as(&office, &path).await;
        (
            listed.json[0]["status"].clone(),
            listed.json[0]["booked"].clone(),
        )
    };
    location(&book(&app, &date, "09:00", "Erna Müller", "").await);
    assert_eq!(status().await, (json!("provisional"), json!(1)));
    // The second booking makes up the minimum: the date stands at once, and stays so when one
    // is cancelled before the deadline.
    let karl = location(&book(&app, &date, "09:20", "Karl Weber", "").await);
    assert_eq!(status().await, (json!("planned"), json!(2)));
    location(&app.post_form(&karl, &[("aktion", "stornieren")]).await);
    app.advance(6 * 86_400);
    server::jobs::run_due(&app.state, "instance")
        .await
        .expect("jobs");
    assert_eq!(status().await, (json!("planned"), json!(1)));

    // 30 days after the date, the bookings are deleted; the date stays in the plan.
    app.advance(7 * 86_400 + 29 * 86_400);
    app.advance(server::jobs::LEASE_SECS + 1);
    server::jobs::run_due(&app.state, "instance")
        .await
        .expect("jobs");
    assert_eq!(
        bookings_of(&app, &date).await.len(),
        2,
        "kept for 30 days, the cancelled one too"
    );
    app.advance(86_400);
    server::jobs::run_due(&app.state, "instance")
        .await
        .expect("jobs");
    assert!(bookings_of(&app, &date).await.is_empty());
}
