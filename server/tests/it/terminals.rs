//! Bürger-Terminals: enrolled with a one-time code an admin makes for one of the municipality's
//! places, reporting in with their credential, revoked from the console, and kept apart from
//! laptops and from other municipalities. Over the real router, on both backends.

use crate::support::*;
use axum::http::StatusCode;
use domain::wire::Role;
use serde_json::{Value, json};
use server::database::users::{self, NewUser};

const PLACE: &str = "Meerane, Seniorenwohnanlage";

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.db)
        .await
        .expect("count")
}

async fn enrol(app: &TestApp, code: &str) -> Answer {
    app.call(
        "POST",
        "/api/terminals/enrol",
        &[],
        Some(json!({ "code": code })),
    )
    .await
}

async fn terminal_contact(app: &TestApp, id: &str, credential: &str) -> Answer {
    app.call(
        "POST",
        "/api/terminal/contact",
        &[("x-device-id", id), ("x-device-credential", credential)],
        None,
    )
    .await
}

/// Makes a code for a terminal at `PLACE`; panics unless that works.
async fn code_for(app: &TestApp, admin: &domain::wire::SignInResponse) -> String {
    let made = app
        .post_json_as(
            admin,
            "/api/terminals",
            json!({ "label": "Terminal Seniorenwohnanlage", "place": PLACE }),
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.json);
    assert_eq!(made.json["expires_at"], START + 60 * 60);
    made.json["code"].as_str().expect("code").to_owned()
}

fn proof(answer: &Answer) -> (String, String) {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let text = |name: &str| answer.json[name].as_str().expect(name).to_owned();
    (text("id"), text("credential"))
}

#[tokio::test]
async fn an_admin_makes_a_code_and_the_kiosk_enrols_with_it_once() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;

    let unknown_place = app
        .post_json_as(
            &admin,
            "/api/terminals",
            json!({ "label": "Sparkasse", "place": "Nirgendwo" }),
        )
        .await;
    assert_eq!(unknown_place.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown_place.json["message"],
        "„Nirgendwo“ ist kein Ort der Gemeinde. Bitte wählen Sie einen der Orte unter „Gemeinde“."
    );
    assert_eq!(count(&app, "SELECT count(*) FROM terminal_codes").await, 0);

    let code = code_for(&app, &admin).await;
    assert_eq!(code.len(), 19, "four groups of four: {code}");
    let stored: Vec<u8> = sqlx::query_scalar("SELECT code_hash FROM terminal_codes")
        .fetch_one(&app.state.db)
        .await
        .expect("hash");
    assert_ne!(stored, code.as_bytes(), "only a digest is kept");

    let wrong = enrol(&app, "ABCD-EFGH-JKMN-PQRS").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.json["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Dieser Code gilt nicht (mehr)")),
        "{}",
        wrong.json
    );
    assert_eq!(
        count(&app, "SELECT count(*) FROM devices WHERE kind = 'terminal'").await,
        0
    );

    // Typed on a touch screen: case, spaces and hyphens do not matter.
    let typed = code.replace('-', " ").to_lowercase();
    let (id, credential) = proof(&enrol(&app, &typed).await);
    let again = enrol(&app, &code).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "used up");
    assert_eq!(
        count(&app, "SELECT count(*) FROM devices WHERE kind = 'terminal'").await,
        1
    );

    app.advance(30);
    let contact = terminal_contact(&app, &id, &credential).await;
    assert_eq!(contact.status, StatusCode::OK, "{}", contact.json);
    assert_eq!(contact.json["place"], PLACE);
    assert_eq!(contact.json["municipality_name"], "Meerane");
    assert!(contact.json["coming_dates"].is_array());
    assert!(
        contact.json["booking_url"]
            .as_str()
            .is_some_and(|url| url.ends_with(&format!("/termine/{MEERANE}"))),
        "{}",
        contact.json
    );

    let listed = app.get_as(&admin, "/api/terminals").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(
        listed.json,
        json!([{ "id": id, "label": "Terminal Seniorenwohnanlage", "place": PLACE,
                 "enrolled_at": START, "last_contact_at": START + 30, "revoked": false }])
    );
    let laptops = app.get_as(&admin, "/api/devices").await;
    let laptop_ids: Vec<&Value> = laptops
        .json
        .as_array()
        .expect("list")
        .iter()
        .map(|laptop| &laptop["id"])
        .collect();
    assert!(!laptop_ids.contains(&&json!(id)), "a terminal is no laptop");
    let logged: (String, String, String) =
        sqlx::query_as("SELECT action, by_user, subject FROM admin_log ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.state.db)
            .await
            .expect("log");
    assert_eq!(
        logged,
        (
            "terminal_invited".into(),
            "m.admin".into(),
            format!("Terminal Seniorenwohnanlage ({PLACE})")
        )
    );
}

#[tokio::test]
async fn a_code_holds_for_one_hour() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let code = code_for(&app, &admin).await;
    app.advance(60 * 60);
    let late = enrol(&app, &code).await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.json
    );
    assert_eq!(count(&app, "SELECT count(*) FROM devices").await, 1);
}

#[tokio::test]
async fn a_terminal_is_no_laptop_and_a_laptop_no_terminal() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let admin_laptop = admin.device_credential.clone().expect("credential");
    let (id, credential) = proof(&enrol(&app, &code_for(&app, &admin).await).await);

    let sign_in = app
        .sign_in_raw("m.schreiber", PASSWORD, Some((&id, &credential)))
        .await;
    assert_eq!(sign_in.status, StatusCode::UNAUTHORIZED, "{}", sign_in.json);
    assert_eq!(sign_in.json["error"], "unknown_device");
    assert_eq!(
        count(&app, "SELECT count(*) FROM sessions").await,
        1,
        "nobody signs in on a kiosk"
    );
    let as_laptop = app.contact(&id, &credential).await;
    assert_eq!(as_laptop.status, StatusCode::UNAUTHORIZED);
    assert_eq!(as_laptop.json["error"], "unknown_device");

    let as_terminal = terminal_contact(&app, &admin.device_id, &admin_laptop).await;
    assert_eq!(as_terminal.status, StatusCode::UNAUTHORIZED);
    assert_eq!(as_terminal.json["error"], "unknown_device");
    let forged = terminal_contact(&app, &id, &admin_laptop).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    let none = app.call("POST", "/api/terminal/contact", &[], None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_an_admin_of_its_municipality_makes_codes_lists_and_revokes_terminals() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = proof(&enrol(&app, &code_for(&app, &admin).await).await);

    let nobody = app
        .call(
            "POST",
            "/api/terminals",
            &[],
            Some(json!({ "label": "x", "place": PLACE })),
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    for username in ["m.schreiber", "b.richter"] {
        let person = app.sign_in(username).await;
        let made = app
            .post_json_as(
                &person,
                "/api/terminals",
                json!({ "label": "x", "place": PLACE }),
            )
            .await;
        assert_eq!(made.status, StatusCode::FORBIDDEN, "{username}");
        let listed = app.get_as(&person, "/api/terminals").await;
        assert_eq!(listed.status, StatusCode::FORBIDDEN, "{username}");
    }

    users::create(
        &app.state.db,
        NewUser {
            municipality: &key(TREUEN),
            username: "t.admin",
            display_name: "Tina Admin",
            role: Role::Admin,
            password: PASSWORD,
        },
        ("test", START),
    )
    .await
    .expect("Treuen's admin");
    let other = app.sign_in("t.admin").await;
    let listed = app.get_as(&other, "/api/terminals").await;
    assert_eq!(listed.json, json!([]), "Meerane's terminal is not Treuen's");
    let meerane_place = app
        .post_json_as(
            &other,
            "/api/terminals",
            json!({ "label": "x", "place": PLACE }),
        )
        .await;
    assert_eq!(
        meerane_place.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Treuen cannot put a terminal at Meerane's place"
    );
    let revoked = app
        .post_as(&other, &format!("/api/devices/{id}/revoke"))
        .await;
    assert_eq!(revoked.status, StatusCode::FORBIDDEN);
    assert_eq!(
        terminal_contact(&app, &id, &credential).await.status,
        StatusCode::OK,
        "refused, so nothing changed"
    );

    let revoked = app
        .post_as(&admin, &format!("/api/devices/{id}/revoke"))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.json);
    let contact = terminal_contact(&app, &id, &credential).await;
    assert_eq!(contact.status, StatusCode::UNAUTHORIZED);
    assert_eq!(contact.json["error"], "device_revoked");
    assert_eq!(contact.headers["clear-site-data"], "\"storage\", \"cache\"");
    let listed = app.get_as(&admin, "/api/terminals").await;
    assert_eq!(listed.json[0]["revoked"], true);
}

/// Plans 09:00 to 10:00 on `day` (January 2027) at `place` for life certificates of 15
/// minutes; the date's id.
async fn plan_at(app: &TestApp, place: &str, day: u8) -> String {
    let office = app.sign_in("b.richter").await;
    let answer = app
        .post_json_as(
            &office,
            &format!("/api/tours/{MEERANE}"),
            json!({ "place": place, "date": format!("2027-01-{day}"), "starts": "09:00", "ends": "10:00",
                    "clerks": ["m.schreiber"],
                    "slots": [{ "service": "lebensbescheinigung", "minutes": 15 }] }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    answer.json[0]["id"].as_str().expect("id").to_owned()
}

async fn as_terminal(
    app: &TestApp,
    (method, path): (&str, &str),
    (id, credential): (&str, &str),
    body: Option<Value>,
) -> Answer {
    app.call(
        method,
        path,
        &[("x-device-id", id), ("x-device-credential", credential)],
        body,
    )
    .await
}

#[tokio::test]
async fn a_citizen_books_the_koffer_at_the_terminal_of_its_place_only() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = proof(&enrol(&app, &code_for(&app, &admin).await).await);
    let terminal = (id.as_str(), credential.as_str());
    let here = plan_at(&app, PLACE, 22).await;
    let elsewhere = plan_at(&app, "Meerane, Rathaus", 23).await;

    let contact = terminal_contact(&app, &id, &credential).await;
    assert_eq!(
        contact.json["coming_dates"],
        json!([{ "id": here, "date": "2027-01-22", "starts": "09:00", "ends": "10:00",
                 "status": "planned",
                 "services": [{ "service": "lebensbescheinigung",
                                "title": { "de": "Lebensbescheinigung", "en": "Certificate of life" },
                                "minutes": 15 }] }]),
        "only the dates at its place"
    );

    let starts_path = format!("/api/terminal/dates/{here}/starts?services=lebensbescheinigung");
    let free = as_terminal(&app, ("GET", &starts_path), terminal, None).await;
    assert_eq!(free.status, StatusCode::OK, "{}", free.json);
    assert_eq!(
        free.json,
        json!({ "minutes": 15, "starts": ["09:00", "09:15", "09:30", "09:45"] })
    );
    let unknown = as_terminal(
        &app,
        (
            "GET",
            &format!("/api/terminal/dates/{here}/starts?services=anmeldung"),
        ),
        terminal,
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown.json["message"],
        "Das Anliegen „anmeldung“ wird an diesem Termin nicht angeboten."
    );

    let booking = json!({ "services": ["lebensbescheinigung"], "starts": "09:15",
                          "name": "Erna Hoffmann", "contact": "" });
    let book_path = format!("/api/terminal/dates/{here}/bookings");
    let booked = as_terminal(&app, ("POST", &book_path), terminal, Some(booking.clone())).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.json);
    assert_eq!(booked.json["booking"]["starts"], "09:15");
    assert!(
        booked.json["booking"]["booked_by"].is_null(),
        "the citizen booked"
    );
    assert!(
        booked.json["link"]
            .as_str()
            .is_some_and(|link| link.contains(&format!("/termine/{MEERANE}/buchung/"))),
        "{}",
        booked.json
    );
    let again = as_terminal(&app, ("POST", &book_path), terminal, Some(booking.clone())).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "the slot is taken");

    let office = app.sign_in("b.richter").await;
    let listed = app
        .get_as(&office, &format!("/api/tours/{MEERANE}/{here}/bookings"))
        .await;
    let names: Vec<&Value> = listed
        .json
        .as_array()
        .expect("bookings")
        .iter()
        .map(|b| &b["name"])
        .collect();
    assert_eq!(names, [&json!("Erna Hoffmann")]);

    // Another place's date, or any date for a laptop's credential, is not the terminal's.
    let other_place = as_terminal(
        &app,
        ("POST", &format!("/api/terminal/dates/{elsewhere}/bookings")),
        terminal,
        Some(booking.clone()),
    )
    .await;
    assert_eq!(other_place.status, StatusCode::NOT_FOUND);
    let laptop = (
        admin.device_id.as_str(),
        admin.device_credential.as_deref().expect("credential"),
    );
    let from_laptop = as_terminal(&app, ("POST", &book_path), laptop, Some(booking)).await;
    assert_eq!(from_laptop.status, StatusCode::UNAUTHORIZED);
    let listed = app
        .get_as(
            &office,
            &format!("/api/tours/{MEERANE}/{elsewhere}/bookings"),
        )
        .await;
    assert_eq!(listed.json, json!([]), "nothing booked by the refused");
}

#[tokio::test]
async fn a_terminal_books_a_few_times_in_ten_minutes_then_waits() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = proof(&enrol(&app, &code_for(&app, &admin).await).await);
    let here = plan_at(&app, PLACE, 22).await;
    let path = format!("/api/terminal/dates/{here}/bookings");
    // Unbookable requests count too: what is limited is the kiosk's attempts.
    for n in 0..10 {
        let attempt = as_terminal(
            &app,
            ("POST", &path),
            (&id, &credential),
            Some(json!({ "services": ["lebensbescheinigung"], "starts": "11:00", "name": format!("Person {n}") })),
        )
        .await;
        assert_eq!(
            attempt.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            attempt.json
        );
    }
    let eleventh = as_terminal(
        &app,
        ("POST", &path),
        (&id, &credential),
        Some(json!({ "services": ["lebensbescheinigung"], "starts": "09:00", "name": "Erna Hoffmann" })),
    )
    .await;
    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        eleventh.json["message"],
        "Zu viele Buchungen in kurzer Zeit. Bitte versuchen Sie es in einigen Minuten wieder oder rufen Sie im Rathaus an."
    );
    assert_eq!(count(&app, "SELECT count(*) FROM tour_bookings").await, 0);
    app.advance(10 * 60);
    let later = as_terminal(
        &app,
        ("POST", &path),
        (&id, &credential),
        Some(json!({ "services": ["lebensbescheinigung"], "starts": "09:00", "name": "Erna Hoffmann" })),
    )
    .await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.json);
}

#[tokio::test]
async fn a_callback_asked_at_the_terminal_reaches_its_town_hall_only() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = proof(&enrol(&app, &code_for(&app, &admin).await).await);
    let terminal = (id.as_str(), credential.as_str());
    let ask = |body: Value| {
        as_terminal(
            &app,
            ("POST", "/api/terminal/callbacks"),
            terminal,
            Some(body),
        )
    };

    let no_phone = ask(json!({ "name": "Erna Hoffmann", "phone": "erna@example.org" })).await;
    assert_eq!(no_phone.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        no_phone.json["message"],
        "Bitte geben Sie eine Telefonnummer an, unter der die Verwaltung Sie erreicht (mindestens sechs Ziffern)."
    );
    assert_eq!(
        count(&app, "SELECT count(*) FROM callback_requests").await,
        0
    );
    let asked =
        ask(json!({ "name": " Erna Hoffmann ", "phone": "03764 12345", "topic": "Hundesteuer" }))
            .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.json);
    let request = asked.json["id"].as_str().expect("id").to_owned();
    let laptop = (
        admin.device_id.as_str(),
        admin.device_credential.as_deref().expect("credential"),
    );
    let from_laptop = as_terminal(
        &app,
        ("POST", "/api/terminal/callbacks"),
        laptop,
        Some(json!({ "name": "Erna", "phone": "03764 12345" })),
    )
    .await;
    assert_eq!(from_laptop.status, StatusCode::UNAUTHORIZED);

    let office = app.sign_in("b.richter").await;
    let path = format!("/api/callbacks/{MEERANE}");
    let listed = app.get_as(&office, &path).await;
    assert_eq!(
        listed.json,
        json!([{ "id": request, "place": PLACE, "name": "Erna Hoffmann", "phone": "03764 12345",
                 "topic": "Hundesteuer", "requested_at": START, "done_at": null, "done_by": null }])
    );
    let clerk = app.sign_in("m.schreiber").await;
    assert_eq!(
        app.get_as(&clerk, &path).await.status,
        StatusCode::FORBIDDEN
    );
    users::create(
        &app.state.db,
        NewUser {
            municipality: &key(TREUEN),
            username: "t.buero",
            display_name: "Tom Büro",
            role: Role::BackOffice,
            password: PASSWORD,
        },
        ("test", START),
    )
    .await
    .expect("Treuen's back office");
    let other = app.sign_in("t.buero").await;
    assert_eq!(
        app.get_as(&other, &path).await.status,
        StatusCode::FORBIDDEN
    );
    let done_path = format!("/api/callbacks/{MEERANE}/{request}/done");
    assert_eq!(
        app.post_as(&other, &done_path).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as(&other, &format!("/api/callbacks/{TREUEN}"))
            .await
            .json,
        json!([]),
        "Treuen sees none of Meerane's"
    );

    app.advance(60);
    assert_eq!(
        app.post_as(&office, &done_path).await.status,
        StatusCode::NO_CONTENT
    );
    let unknown = app
        .post_as(&office, &format!("/api/callbacks/{MEERANE}/nothing/done"))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let listed = app.get_as(&office, &path).await;
    assert_eq!(listed.json[0]["done_at"], START + 60);
    assert_eq!(listed.json[0]["done_by"], "b.richter");
    app.advance(server::database::callbacks::KEPT_DONE_SECS + 1);
    // A month on, the back office signs in anew.
    let office = app.sign_in("b.richter").await;
    assert_eq!(
        app.get_as(&office, &path).await.json,
        json!([]),
        "deleted after its time"
    );
    assert_eq!(
        count(&app, "SELECT count(*) FROM callback_requests").await,
        0
    );
}

#[tokio::test]
async fn a_terminal_whose_place_left_the_catalogue_still_reports_in() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = proof(&enrol(&app, &code_for(&app, &admin).await).await);
    plan_at(&app, PLACE, 22).await;
    let bearer = format!("Bearer {}", admin.token);
    let places = app
        .call(
            "PUT",
            "/api/municipality/places",
            &[("authorization", &bearer)],
            Some(json!({ "places": ["Meerane, Rathaus"], "two_clerk_places": [] })),
        )
        .await;
    assert_eq!(places.status, StatusCode::OK, "{}", places.json);
    let contact = terminal_contact(&app, &id, &credential).await;
    assert_eq!(contact.status, StatusCode::OK, "{}", contact.json);
    assert_eq!(contact.json["place"], PLACE);
    assert_eq!(
        contact.json["coming_dates"].as_array().map(Vec::len),
        Some(1)
    );
}
