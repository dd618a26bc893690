//! The clerk's day from the tour plan: a laptop's pull brings the dates its clerk goes to, with
//! their bookings; after the date it reports who came (with the visit it opened) and who did
//! not; every outcome is checked as if a thief sent it; and the evaluation counts booked
//! visits, walk-ins, no-shows and cancellations. The test clock stands on Friday, 15 January
//! 2027, 08:00 UTC.

use crate::support::*;
use axum::http::StatusCode;
use domain::cases::Case;
use domain::sync::wire::{Change, Mutation, PullResponse};
use domain::wire::{AppointmentFigures, Evaluation, SignInResponse};
use serde_json::{Value, json};

const TETTAU: &str = "Tettau, Dorfgemeinschaftshaus";

/// Plans a date at `place` for `clerks`; its id.
async fn plan(app: &TestApp, (date, place): (&str, &str), clerks: &[&str]) -> String {
    let office = app.sign_in("b.richter").await;
    let request = json!({
        "place": place, "date": date,
        "starts": "08:00", "ends": "16:00", "clerks": clerks,
        "slots": [{ "service": "lebensbescheinigung", "minutes": 10 }],
    });
    let answer = app
        .post_json_as(&office, &format!("/api/tours/{SCHOENBERG}"), request)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    answer.json[0]["id"].as_str().expect("id").to_owned()
}

/// Books `count` citizens at `date` as the back office; their booking ids.
async fn book(app: &TestApp, date: &str, count: usize, first: usize) -> Vec<String> {
    let office = app.sign_in("b.richter").await;
    let mut ids = Vec::new();
    for n in first..first + count {
        let body = json!({ "services": ["lebensbescheinigung"],
            "starts": format!("{:02}:{:02}", 8 + n / 6, n % 6 * 10), "name": format!("Person {n}") });
        let answer = app
            .post_json_as(
                &office,
                &format!("/api/tours/{SCHOENBERG}/{date}/bookings"),
                body,
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
        ids.push(
            answer.json["booking"]["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    ids
}

async fn pull(app: &TestApp, laptop: &SignInResponse) -> PullResponse {
    let answer = app
        .get_as(
            laptop,
            &format!("/api/sync/pull?municipality={SCHOENBERG}&cookie=0"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json).expect("pull")
}

/// A visit of today at Tettau, finished before the clock's now.
fn visit(id: &str) -> Case {
    let mut case = captured_case(id, SCHOENBERG, "Besuch");
    case.deployment.place = TETTAU.into();
    case.deployment.date = "2027-01-15".into();
    case.history[0].at_ms = (START - 3600) * 1000;
    case.history[1].at_ms = (START - 3540) * 1000;
    case
}

async fn push(app: &TestApp, laptop: &SignInResponse, cases: &[Case]) {
    let mutations = cases
        .iter()
        .enumerate()
        .map(|(n, case)| Mutation {
            id: n as u64 + 1,
            base_version: 0,
            change: Change::PutCase {
                case: Box::new(case.clone()),
                changed: Vec::new(),
            },
        })
        .collect();
    let answer = app
        .post_json_as(
            laptop,
            "/api/sync/push",
            push_body(&laptop.device_id, mutations),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
}

async fn report(app: &TestApp, laptop: &SignInResponse, outcomes: Value) -> Answer {
    let body = json!({ "municipality": SCHOENBERG, "outcomes": outcomes });
    app.post_json_as(laptop, "/api/sync/outcomes", body).await
}

fn refusals(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer
        .json
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| a["refused"].clone())
        .collect()
}

#[tokio::test]
async fn a_laptop_gets_its_clerks_dates_reports_who_came_and_the_evaluation_counts_them() {
    let app = TestApp::with_demo_data().await;
    let today = plan(&app, ("2027-01-15", TETTAU), &["m.schreiber"]).await;
    let hers_later = plan(&app, ("2027-01-19", TETTAU), &["m.schreiber"]).await;
    let others = plan(&app, ("2027-01-15", "Schönberg, Gemeindeamt"), &["s.vogel"]).await;
    let came = book(&app, &today, 5, 0).await;
    let missed = book(&app, &today, 5, 5).await;
    let cancelled = book(&app, &today, 5, 10).await;
    let later = book(&app, &hers_later, 1, 0).await;
    book(&app, &others, 1, 0).await;
    let office = app.sign_in("b.richter").await;
    for id in &cancelled {
        let path = format!("/api/tours/{SCHOENBERG}/bookings/{id}/cancel");
        assert_eq!(app.post_as(&office, &path).await.status, StatusCode::OK);
    }

    // Her laptop receives her two dates, not Sabine Vogel's, without the cancelled bookings.
    let laptop = app.sign_in("m.schreiber").await;
    let lists = pull(&app, &laptop).await.day_lists.expect("day lists");
    let ids: Vec<&str> = lists.iter().map(|l| l.date.id.as_str()).collect();
    assert_eq!(ids, [today.as_str(), hers_later.as_str()]);
    assert_eq!(lists[0].bookings.len(), 10);
    assert_eq!(lists[0].bookings[0].name, "Person 0");
    assert_eq!(lists[0].bookings[0].starts.as_deref(), Some("08:00"));

    // At the date: five booked visits and five walk-ins transferred, then who came and who
    // did not.
    let visits: Vec<Case> = (0..10).map(|n| visit(&format!("v{n}"))).collect();
    push(&app, &laptop, &visits).await;
    let mut outcomes: Vec<Value> = came
        .iter()
        .enumerate()
        .map(|(n, id)| json!({ "booking": id, "case": format!("v{n}") }))
        .collect();
    outcomes.extend(missed.iter().map(|id| json!({ "booking": id })));
    assert!(
        refusals(&report(&app, &laptop, json!(outcomes)).await)
            .iter()
            .all(Value::is_null)
    );
    // The same again changes nothing.
    assert!(
        refusals(&report(&app, &laptop, json!(outcomes)).await)
            .iter()
            .all(Value::is_null)
    );

    let refused = refusals(
        &report(
            &app,
            &laptop,
            json!([
                { "booking": came[0] },
                { "booking": cancelled[0] },
                { "booking": later[0] },
                { "booking": "nosuchbooking" },
                { "booking": missed[0], "case": "never-sent" },
            ]),
        )
        .await,
    );
    let sentences: Vec<&str> = refused
        .iter()
        .map(|r| r.as_str().expect("refused"))
        .collect();
    assert_eq!(
        sentences,
        [
            "Für diese Buchung ist schon anderes gemeldet.",
            "Die Buchung oder ihr Termin ist abgesagt.",
            "Der Termin hat noch nicht stattgefunden.",
            "Diese Buchung gibt es auf dem Server nicht (mehr).",
            "Der Besuch zu dieser Buchung ist noch nicht übertragen; er wird mit der nächsten Übertragung nachgereicht.",
        ]
    );
    // A clerk who does not go there reports nothing for it; a clerk of another municipality
    // reaches nothing of it.
    let vogel = app.sign_in("s.vogel").await;
    let refused = refusals(&report(&app, &vogel, json!([{ "booking": came[1] }])).await);
    assert_eq!(
        refused[0],
        "Zu diesem Termin fahren andere Personen; nur sie melden, wer kam."
    );
    let stranger = app.sign_in("t.lehmann").await;
    assert_eq!(
        report(&app, &stranger, json!([{ "booking": came[1] }]))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The back office does not report from a date either.
    assert_eq!(
        report(&app, &office, json!([{ "booking": came[1] }]))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let statuses: Vec<String> = app
        .get_as(
            &office,
            &format!("/api/tours/{SCHOENBERG}/{today}/bookings"),
        )
        .await
        .json
        .as_array()
        .expect("bookings")
        .iter()
        .map(|b| b["status"].as_str().expect("status").to_owned())
        .collect();
    assert_eq!(statuses[..5], ["attended"; 5]);
    assert_eq!(statuses[5..10], ["no_show"; 5]);

    let answer = app
        .get_as(
            &office,
            &format!("/api/evaluation?municipality={SCHOENBERG}&from=2027-01-15&to=2027-01-15"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let evaluation: Evaluation = serde_json::from_value(answer.json).expect("evaluation");
    assert_eq!(
        evaluation.appointments,
        AppointmentFigures {
            booked_visits: Some(5),
            walk_ins: Some(5),
            no_shows: Some(5),
            cancelled: Some(5),
        }
    );
    // And as a table to open in a spreadsheet.
    let (status, csv) = app
        .get_bytes(
            &office,
            &format!(
                "/api/evaluation/export?municipality={SCHOENBERG}&from=2027-01-15&to=2027-01-15&format=csv&table=appointments"
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(csv).expect("utf-8");
    for row in [
        "Kennzahl;Anzahl",
        "Besuche mit Buchung;5",
        "Besuche ohne Buchung;5",
        "Gebucht, nicht erschienen;5",
        "Buchungen storniert;5",
    ] {
        assert!(csv.contains(row), "{row} missing in\n{csv}");
    }
}

#[tokio::test]
async fn fewer_than_five_are_withheld_and_booked_visits_and_walk_ins_go_together() {
    let app = TestApp::with_demo_data().await;
    let today = plan(&app, ("2027-01-15", TETTAU), &["m.schreiber"]).await;
    let came = book(&app, &today, 1, 0).await;
    let laptop = app.sign_in("m.schreiber").await;
    let visits: Vec<Case> = (0..6).map(|n| visit(&format!("v{n}"))).collect();
    push(&app, &laptop, &visits).await;
    let outcome = json!([{ "booking": came[0], "case": "v0" }]);
    assert!(refusals(&report(&app, &laptop, outcome).await)[0].is_null());
    let office = app.sign_in("b.richter").await;
    let answer = app
        .get_as(
            &office,
            &format!("/api/evaluation?municipality={SCHOENBERG}&from=2027-01-15&to=2027-01-15"),
        )
        .await;
    let evaluation: Evaluation = serde_json::from_value(answer.json).expect("evaluation");
    assert_eq!(evaluation.cases, Some(6));
    // Five walk-ins could be shown, but with the six cases they would tell the one booked visit.
    // None at all is no one's secret.
    assert_eq!(
        evaluation.appointments,
        AppointmentFigures {
            booked_visits: None,
            walk_ins: None,
            no_shows: Some(0),
            cancelled: Some(0),
        }
    );
}
