//! The tour plan as the town hall meets it: dates planned once or every few weeks, provisional
//! ones with their deadline, overlaps refused (also two plans racing for one hour), bad input
//! refused with a German sentence and nothing planned, and cancelling. The test clock stands on
//! Friday, 15 January 2027.

use crate::support::*;
use axum::http::StatusCode;
use serde_json::{Value, json};

const SCHOENBERG: &str = "145245118250";
const TREUEN: &str = "145235118300";

/// Thursday mornings at Tettau with Maria Schreiber, who serves Schönberg from Meerane.
fn tettau(date: &str) -> Value {
    json!({
        "place": "Tettau, Dorfgemeinschaftshaus",
        "date": date,
        "starts": "09:00",
        "ends": "12:00",
        "clerks": ["m.schreiber"],
        "slots": [{ "service": "anmeldung", "minutes": 20 }, { "service": "lebensbescheinigung", "minutes": 10 }],
        "notes": "Schlüssel beim Ortsvorsteher",
    })
}

fn days(answer: &Answer) -> Vec<String> {
    answer
        .json
        .as_array()
        .expect("dates")
        .iter()
        .map(|d| d["date"].as_str().expect("date").to_owned())
        .collect()
}

#[tokio::test]
async fn the_back_office_plans_every_second_thursday_and_a_provisional_date() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");

    let mut every_second = tettau("2027-01-21");
    every_second["repeat"] = json!({ "every_weeks": 2, "until": "2027-03-04" });
    let answer = app.post_json_as(&office, &path, every_second).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    assert_eq!(
        days(&answer),
        ["2027-01-21", "2027-02-04", "2027-02-18", "2027-03-04"]
    );
    let first = &answer.json[0];
    assert_eq!(first["status"], "planned");
    assert_eq!(first["starts"], "09:00");
    assert!(
        answer
            .json
            .as_array()
            .expect("dates")
            .iter()
            .all(|d| d["series"] == first["id"])
    );

    let mut provisional = tettau("2027-01-28");
    provisional["provisional"] = json!({ "min_bookings": 3, "decide_days_before": 7 });
    let answer = app.post_json_as(&office, &path, provisional).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    assert_eq!(answer.json[0]["status"], "provisional");
    assert_eq!(answer.json[0]["decide_on"], "2027-01-21");
    assert_eq!(answer.json[0]["min_bookings"], 3);

    let listed = app
        .get_as(&office, &format!("{path}?from=2027-01-01&to=2027-02-28"))
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(
        days(&listed),
        ["2027-01-21", "2027-01-28", "2027-02-04", "2027-02-18"]
    );
}

#[tokio::test]
async fn an_hour_taken_by_the_place_or_the_clerk_is_refused_until_its_date_is_cancelled() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");
    let planned = app.post_json_as(&office, &path, tettau("2027-01-21")).await;
    assert_eq!(planned.status, StatusCode::CREATED);

    // The same clerk at the other place an hour later, still within the first window.
    let mut elsewhere = tettau("2027-01-21");
    elsewhere["place"] = json!("Schönberg, Gemeindeamt");
    elsewhere["starts"] = json!("11:00");
    elsewhere["ends"] = json!("13:00");
    let answer = app.post_json_as(&office, &path, elsewhere.clone()).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.json);
    assert_eq!(
        answer.json["message"],
        "Am 21.01.2027 ist der Ort oder eine der Personen zu dieser Zeit schon verplant."
    );

    let id = planned.json[0]["id"].as_str().expect("id");
    let cancelled = app.post_as(&office, &format!("{path}/{id}/cancel")).await;
    assert_eq!(cancelled.status, StatusCode::OK);
    assert_eq!(cancelled.json["status"], "cancelled");
    let answer = app.post_json_as(&office, &path, elsewhere).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);

    let unknown = app
        .post_as(&office, &format!("{path}/no-such-date/cancel"))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_plans_racing_for_one_hour_one_wins() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");
    let mut second = tettau("2027-01-21");
    second["starts"] = json!("10:00");
    second["ends"] = json!("11:00");
    let (a, b) = tokio::join!(
        app.post_json_as(&office, &path, tettau("2027-01-21")),
        app.post_json_as(&office, &path, second)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{} {}",
        a.json,
        b.json
    );
    let listed = app
        .get_as(&office, &format!("{path}?from=2027-01-21&to=2027-01-21"))
        .await;
    assert_eq!(days(&listed), ["2027-01-21"]);
}

#[tokio::test]
async fn bad_plans_are_refused_with_a_sentence_and_plan_nothing() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");
    let changed = |field: &str, value: Value| {
        let mut request = tettau("2027-01-21");
        request[field] = value;
        request
    };
    for (request, says) in [
        (changed("date", json!("2027-01-14")), "in der Vergangenheit"),
        (changed("date", json!("2027-02-30")), "ist kein Datum"),
        (
            changed("ends", json!("08:00")),
            "Das Ende liegt nicht nach dem Beginn",
        ),
        (
            changed("place", json!("Rathaus Meerane")),
            "Diesen Ort kennt der Katalog",
        ),
        (
            changed("clerks", json!(["b.richter"])),
            "keine Sachbearbeiterin",
        ),
        (
            changed(
                "slots",
                json!([{ "service": "hundesteuer", "minutes": 15 }]),
            ),
            "„hundesteuer“ steht nicht im Katalog",
        ),
        (
            changed("slots", json!([{ "service": "anmeldung", "minutes": 300 }])),
            "dauert 5 bis 240 Minuten",
        ),
        (
            changed("repeat", json!({ "every_weeks": 1, "until": "2029-12-31" })),
            "Höchstens 53 Termine",
        ),
        (
            changed(
                "provisional",
                json!({ "min_bookings": 2, "decide_days_before": 30 }),
            ),
            "Frist",
        ),
    ] {
        let answer = app.post_json_as(&office, &path, request).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{says}: {}",
            answer.json
        );
        let message = answer.json["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{says}: {message}");
    }
    let listed = app
        .get_as(&office, &format!("{path}?from=2027-01-01&to=2029-12-31"))
        .await;
    assert_eq!(listed.json, json!([]), "nothing planned");
}

#[tokio::test]
async fn only_the_town_hall_of_the_municipality_plans_its_tours() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let answer = app
        .post_json_as(
            &clerk,
            &format!("/api/tours/{SCHOENBERG}"),
            tettau("2027-01-21"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let office = app.sign_in("b.richter").await;
    for answer in [
        app.post_json_as(
            &office,
            &format!("/api/tours/{TREUEN}"),
            tettau("2027-01-21"),
        )
        .await,
        app.get_as(&office, &format!("/api/tours/{TREUEN}")).await,
    ] {
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.json);
    }
}

#[tokio::test]
async fn a_provisional_date_past_its_deadline_is_decided_by_one_instance_only() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");
    let mut provisional = tettau("2027-01-28");
    provisional["provisional"] = json!({ "min_bookings": 2, "decide_days_before": 7 });
    let planned = app.post_json_as(&office, &path, provisional).await;
    assert_eq!(planned.status, StatusCode::CREATED, "{}", planned.json);
    let standing = app.post_json_as(&office, &path, tettau("2027-01-29")).await;
    assert_eq!(standing.status, StatusCode::CREATED, "{}", standing.json);

    // Before its deadline (21 January) nothing is decided, by whichever instance runs the job.
    let decided = |ran: Vec<(&str, u64)>| {
        ran.into_iter()
            .find(|(job, _)| *job == "decide_provisional_tours")
            .map(|(_, done)| done)
    };
    assert_eq!(
        decided(
            server::jobs::run_due(&app.state, "instance-a")
                .await
                .expect("jobs")
        ),
        Some(0)
    );
    // On the deadline bookings may still come; the day after, none has, so the date is
    // cancelled, once. The other instance finds the job's lease taken and runs nothing until
    // the lease has run out.
    app.advance(6 * 86_400);
    assert_eq!(
        decided(
            server::jobs::run_due(&app.state, "instance-a")
                .await
                .expect("jobs")
        ),
        Some(0)
    );
    app.advance(86_400);
    assert_eq!(
        decided(
            server::jobs::run_due(&app.state, "instance-a")
                .await
                .expect("jobs")
        ),
        Some(1)
    );
    assert_eq!(
        server::jobs::run_due(&app.state, "instance-b")
            .await
            .expect("jobs"),
        []
    );
    app.advance(server::jobs::LEASE_SECS + 1);
    assert_eq!(
        decided(
            server::jobs::run_due(&app.state, "instance-b")
                .await
                .expect("jobs")
        ),
        Some(0),
        "taken over once the lease ran out; nothing left to decide"
    );
    // A week on, her session has ended: she signs in again to look.
    let office = app.sign_in("b.richter").await;
    let listed = app
        .get_as(&office, &format!("{path}?from=2027-01-28&to=2027-01-29"))
        .await;
    let statuses: Vec<&str> = listed
        .json
        .as_array()
        .expect("dates")
        .iter()
        .map(|d| d["status"].as_str().expect("status"))
        .collect();
    assert_eq!(statuses, ["cancelled", "planned"]);
}

/// The events of an iCalendar feed as a calendar library reads them: each a map of property
/// names to values.
fn events_in(feed: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(feed.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("an iCalendar feed");
    assert_eq!(calendars.len(), 1);
    calendars[0]
        .events
        .iter()
        .map(|event| {
            event
                .properties
                .iter()
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn anyone_subscribes_to_the_coming_dates_of_a_municipality_or_a_place() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");
    let mut provisional = tettau("2027-01-28");
    provisional["provisional"] = json!({ "min_bookings": 3, "decide_days_before": 7 });
    let mut at_the_office = tettau("2027-02-04");
    at_the_office["place"] = json!("Schönberg, Gemeindeamt");
    let mut planned = Vec::new();
    for request in [tettau("2027-01-21"), provisional, at_the_office] {
        let answer = app.post_json_as(&office, &path, request).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
        planned.push(answer.json[0]["id"].as_str().expect("id").to_owned());
    }
    app.post_as(&office, &format!("{path}/{}/cancel", planned[2]))
        .await;

    let feed = app
        .call(
            "GET",
            &format!("/api/public/{SCHOENBERG}/tours.ics"),
            &[],
            None,
        )
        .await;
    assert_eq!(feed.status, StatusCode::OK, "no sign-in needed");
    assert_eq!(feed.headers["content-type"], "text/calendar; charset=utf-8");
    let text = feed.json.as_str().expect("text");
    let events = events_in(text);
    assert_eq!(events.len(), 3);
    let field = |n: usize, name: &str| events[n].get(name).map(String::as_str).unwrap_or_default();
    assert_eq!(field(0, "DTSTART"), "20270121T090000");
    assert_eq!(field(0, "DTEND"), "20270121T120000");
    assert_eq!(field(0, "LOCATION"), "Tettau\\, Dorfgemeinschaftshaus");
    assert_eq!(field(0, "STATUS"), "CONFIRMED");
    assert_eq!(field(0, "UID"), format!("{}@buergerkoffer", planned[0]));
    assert!(
        field(0, "DESCRIPTION").contains("(20 Min.)"),
        "{}",
        field(0, "DESCRIPTION")
    );
    assert_eq!(field(1, "STATUS"), "TENTATIVE");
    assert!(field(1, "DESCRIPTION").contains("bis zum 21.01.2027"));
    assert_eq!(field(2, "STATUS"), "CANCELLED");
    assert!(
        !text.contains("Ortsvorsteher") && !text.contains("schreiber"),
        "no notes, no staff"
    );
    assert!(text.split("\r\n").all(|line| line.len() <= 75));

    let at_tettau = app
        .call(
            "GET",
            &format!("/api/public/{SCHOENBERG}/tours.ics?place=Tettau%2C%20Dorfgemeinschaftshaus"),
            &[],
            None,
        )
        .await;
    assert_eq!(events_in(at_tettau.json.as_str().expect("text")).len(), 2);
    for missing in [
        format!("/api/public/{SCHOENBERG}/tours.ics?place=Mond"),
        "/api/public/145235118399/tours.ics".to_owned(),
    ] {
        assert_eq!(
            app.call("GET", &missing, &[], None).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn the_public_page_lists_the_coming_dates_with_what_to_bring() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}");
    let mut provisional = tettau("2027-01-28");
    provisional["provisional"] = json!({ "min_bookings": 3, "decide_days_before": 7 });
    for request in [tettau("2027-01-21"), provisional] {
        assert_eq!(
            app.post_json_as(&office, &path, request).await.status,
            StatusCode::CREATED
        );
    }
    let page = app
        .call("GET", &format!("/termine/{SCHOENBERG}"), &[], None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["content-type"], "text/html; charset=utf-8");
    let html = page.json.as_str().expect("html");
    for expected in [
        "<html lang=\"de\">",
        "Bürgerkoffer in Schönberg",
        "Donnerstag, 21.01.2027, 09:00 bis 12:00 Uhr",
        "Ort: Tettau, Dorfgemeinschaftshaus",
        "bitte mitbringen:",
        "findet statt, wenn bis zum 21.01.2027 genug Anmeldungen eingehen",
        &format!("href=\"/api/public/{SCHOENBERG}/tours.ics\""),
    ] {
        assert!(html.contains(expected), "{expected} missing in\n{html}");
    }
    assert!(
        !html.contains("<script") && !html.contains("Ortsvorsteher"),
        "{html}"
    );
    let missing = app.call("GET", "/termine/145235118399", &[], None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing
            .json
            .as_str()
            .is_some_and(|html| html.contains("Keine Termine gefunden"))
    );
}

#[tokio::test]
async fn the_plans_form_offers_the_clerks_who_may_go() {
    let app = TestApp::with_demo_data().await;
    let office = app.sign_in("b.richter").await;
    let answer = app
        .get_as(&office, &format!("/api/tours/{SCHOENBERG}/clerks"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    // Schönberg's own clerk and Meerane's, who serves it; not Treuen's.
    assert_eq!(
        answer.json,
        json!([
            { "username": "m.schreiber", "display_name": "Maria Schreiber" },
            { "username": "s.vogel", "display_name": "Sabine Vogel" },
        ])
    );
    let clerk = app.sign_in("m.schreiber").await;
    let refused = app
        .get_as(&clerk, &format!("/api/tours/{SCHOENBERG}/clerks"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_place_where_two_people_go_is_not_planned_with_one() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let places = json!({ "places": ["Meerane, Rathaus", "Meerane, Seniorenwohnanlage"],
        "two_clerk_places": ["Meerane, Seniorenwohnanlage"] });
    let answer = app
        .call(
            "PUT",
            "/api/municipality/places",
            &[("authorization", &format!("Bearer {}", admin.token))],
            Some(places),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let settings = app.get_as(&admin, "/api/municipality").await;
    assert_eq!(
        settings.json["two_clerk_places"],
        json!(["Meerane, Seniorenwohnanlage"])
    );

    let mut request = tettau("2027-01-21");
    request["place"] = json!("Meerane, Seniorenwohnanlage");
    let office = app.sign_in("b.richter").await;
    let answer = app
        .post_json_as(&office, "/api/tours/145245118180", request)
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.json
    );
    assert!(
        answer.json["message"]
            .as_str()
            .expect("message")
            .contains("zwei Personen")
    );

    // Only one of the places can need two.
    let stranger = json!({ "places": ["Meerane, Rathaus"], "two_clerk_places": ["Crimmitschau"] });
    let answer = app
        .call(
            "PUT",
            "/api/municipality/places",
            &[("authorization", &format!("Bearer {}", admin.token))],
            Some(stranger),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.json
    );
    assert_eq!(
        app.get_as(&admin, "/api/municipality").await.json["places"],
        json!(["Meerane, Rathaus", "Meerane, Seniorenwohnanlage"]),
        "nothing changed"
    );
}
