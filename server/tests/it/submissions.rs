//! A case on its way to the deciding authority over FIT-Connect, through the real router, the
//! sending job and the test destination (`fit_connect_destination.py`): released by the back
//! office, sent with its package and photo, accepted and shown on the case; rejected, corrected
//! at the Koffer and sent again; and every refusal — FIT-Connect off, no route, an expired key,
//! data the destination's schema does not take, a second release — a German sentence with
//! nothing stored and nothing sent.

use crate::fitconnect::{ANMELDUNG_SCHEMA, Destination};
use crate::handover::sha512_hex;
use crate::support::*;
use axum::http::StatusCode;
use domain::cases::{Attachment, Case};
use domain::sync::service_part;
use domain::sync::wire::Outcome;
use domain::wire::{CaseDetail, SignInResponse, SubmissionState};
use server::database::handover_routes::{self, Route};
use server::fitconnect::job;

async fn route(app: &TestApp, destination: &Destination, (valid_until, schema): (&str, &str)) {
    let route = Route {
        municipality: SCHOENBERG.into(),
        service: "anmeldung".into(),
        destination: destination.id.clone(),
        key_jwk: destination.public_key.to_string(),
        key_valid_until: valid_until.into(),
        schema_uri: "https://schema.example/anmeldung.schema.json".into(),
        data_schema: schema.into(),
    };
    handover_routes::set(&app.state.db, &route, ("test", app.state.now()))
        .await
        .expect("route");
}

async fn release(app: &TestApp, office: &SignInResponse, id: &str) -> Answer {
    app.post_as(office, &format!("/api/cases/{SCHOENBERG}/{id}/submissions"))
        .await
}

async fn detail(app: &TestApp, office: &SignInResponse, id: &str) -> CaseDetail {
    let answer = app
        .get_as(office, &format!("/api/cases/{SCHOENBERG}/{id}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json).expect("detail")
}

fn refused(answer: &Answer, status: StatusCode, words: &str) {
    assert_eq!(answer.status, status, "{}", answer.json);
    let message = answer.json["message"].as_str().expect("a sentence");
    assert!(message.contains(words), "{words:?} not in {message:?}");
}

/// An Anmeldung to a dwelling with `postcode`, filed from the clerk's laptop as its `mutation`th
/// change, with a photo.
async fn file(
    app: &TestApp,
    clerk: &SignInResponse,
    (id, mutation): (&str, u64),
    postcode: &str,
) -> (Case, Vec<u8>) {
    let photo = jpeg(80, 60, mutation as u8);
    let address = sha256_hex(&photo);
    let uploaded = app
        .put_bytes(
            clerk,
            &format!("/api/attachments/{SCHOENBERG}/{address}"),
            "image/jpeg",
            photo.clone(),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.json);
    let mut case = captured_case(id, SCHOENBERG, "Einreicher");
    case.services[0]
        .values
        .insert("new_address.postcode".into(), postcode.into());
    case.attachments.push(Attachment {
        sha256: address,
        record: "photo-1".into(),
        bytes: photo.len() as u64,
    });
    assert_eq!(
        push(app, clerk, vec![put(mutation, 0, &case, &[])]).await,
        [Outcome::Applied]
    );
    (case, photo)
}

#[tokio::test]
async fn a_released_case_reaches_the_destination_and_its_decision_shows_on_the_case() {
    let mut app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let (_, photo) = file(&app, &clerk, ("einreichung-1", 1), "08393").await;
    let (moved_away, _) = file(&app, &clerk, ("einreichung-2", 2), "08056").await;
    let destination = Destination::start();

    // Refused, each with its sentence, while nothing is stored or sent.
    refused(
        &release(&app, &office, "einreichung-1").await,
        StatusCode::CONFLICT,
        "ist auf diesem Server aus",
    );
    app.set_fit_connect(Some(destination.settings()));
    refused(
        &release(&app, &office, "einreichung-1").await,
        StatusCode::CONFLICT,
        "Für keine Leistung dieses Falls ist ein FIT-Connect-Ziel gesetzt („Wohnsitz anmelden (Meldeschein)“)",
    );
    route(&app, &destination, ("2027-01-14", ANMELDUNG_SCHEMA)).await;
    refused(
        &release(&app, &office, "einreichung-1").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Der Schlüssel der Zielstelle galt bis zum 14.01.2027",
    );
    let stricter = ANMELDUNG_SCHEMA.replace(
        r#""new_address.postcode"]"#,
        r#""new_address.postcode", "previous_address.street"]"#,
    );
    route(&app, &destination, ("2027-12-31", &stricter)).await;
    refused(
        &release(&app, &office, "einreichung-1").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "passen nicht zum Schema der Zielstelle (das Formular: „previous_address.street“ fehlt)",
    );
    assert_eq!(
        app.post_as(
            &clerk,
            &format!("/api/cases/{SCHOENBERG}/einreichung-1/submissions")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(detail(&app, &office, "einreichung-1").await.submissions, []);
    assert_eq!(job::run(&app.state).await.expect("job"), 0);
    assert_eq!(
        destination.received(),
        Vec::<serde_json::Value>::new(),
        "nothing was sent"
    );

    // Released, sent by the job, accepted by the destination, shown on the case.
    route(&app, &destination, ("2027-12-31", ANMELDUNG_SCHEMA)).await;
    let released = release(&app, &office, "einreichung-1").await;
    assert_eq!(released.status, StatusCode::OK, "{}", released.json);
    assert_eq!(released.json[0]["state"], "released");
    refused(
        &release(&app, &office, "einreichung-1").await,
        StatusCode::CONFLICT,
        "ist schon auf dem Weg zur Zielstelle",
    );
    // Sent, and the event log read at once: the test destination decides as it receives.
    assert_eq!(job::run(&app.state).await.expect("job"), 2);
    assert_eq!(
        job::run(&app.state).await.expect("job"),
        0,
        "nothing left to do"
    );
    let accepted = &detail(&app, &office, "einreichung-1").await.submissions[0];
    assert!(accepted.submission_id.is_some());
    assert_eq!(
        (accepted.state, accepted.released_by.as_str()),
        (SubmissionState::Accepted, "b.richter")
    );
    let received = destination.received();
    assert_eq!(received[0]["accepted"], true, "{}", received[0]);
    assert_eq!(received[0]["data"]["citizen"]["family_name"], "Einreicher");
    assert_eq!(
        received[0]["data"]["values"]["new_address.street"],
        "Hauptstraße"
    );
    let files: Vec<(String, String)> = received[0]["attachments"]
        .as_object()
        .expect("attachments")
        .values()
        .map(|part| {
            (
                part["filename"].as_str().expect("name").to_owned(),
                part["sha512"].as_str().expect("hash").to_owned(),
            )
        })
        .collect();
    assert!(
        files
            .iter()
            .any(|(name, _)| name == "fall-2027-TESTTEST-einreichung-1.pdf"),
        "{files:?}"
    );
    assert!(
        files.contains(&("foto-1.jpg".to_owned(), sha512_hex(&photo))),
        "{files:?}"
    );
    refused(
        &release(&app, &office, "einreichung-1").await,
        StatusCode::CONFLICT,
        "wurde von der Zielstelle schon angenommen",
    );

    // Rejected: the destination's problem shows on the case; corrected at the Koffer, sent again.
    assert_eq!(
        release(&app, &office, "einreichung-2").await.status,
        StatusCode::OK
    );
    job::run(&app.state).await.expect("job");
    let rejected = &detail(&app, &office, "einreichung-2").await.submissions[0];
    assert_eq!(rejected.state, SubmissionState::Rejected);
    assert_eq!(
        rejected.problems,
        ["Zustaendigkeit: Die neue Wohnung (PLZ 08056) liegt nicht im Gebiet dieser Meldebehörde."]
    );
    let held = detail(&app, &office, "einreichung-2").await;
    let mut corrected = moved_away;
    corrected.services[0]
        .values
        .insert("new_address.postcode".into(), "08396".into());
    assert_eq!(
        push(
            &app,
            &clerk,
            vec![put(
                3,
                held.summary.version,
                &corrected,
                &[&service_part("anmeldung")]
            )]
        )
        .await,
        [Outcome::Applied]
    );
    assert_eq!(
        release(&app, &office, "einreichung-2").await.status,
        StatusCode::OK
    );
    job::run(&app.state).await.expect("job");
    let resent = &detail(&app, &office, "einreichung-2").await.submissions[0];
    assert_eq!(
        (resent.state, resent.problems.len()),
        (SubmissionState::Accepted, 0)
    );
    let received = destination.received();
    assert_eq!(received.len(), 3);
    assert_eq!(
        received[2]["data"]["values"]["new_address.postcode"],
        "08396"
    );
}

#[tokio::test]
async fn an_unreachable_submission_service_is_tried_each_round_then_given_up_with_its_reason() {
    let mut app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    file(&app, &clerk, ("unerreichbar-1", 1), "08393").await;
    let destination = Destination::start();
    route(&app, &destination, ("2027-12-31", ANMELDUNG_SCHEMA)).await;
    let mut settings = destination.settings();
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    settings.token_url = format!("http://127.0.0.1:{port}/token");
    app.set_fit_connect(Some(settings));
    assert_eq!(
        release(&app, &office, "unerreichbar-1").await.status,
        StatusCode::OK
    );
    for round in 1..job::ATTEMPTS {
        job::run(&app.state).await.expect("job");
        let waiting = &detail(&app, &office, "unerreichbar-1").await.submissions[0];
        assert_eq!(waiting.state, SubmissionState::Released, "round {round}");
        assert!(
            waiting.problems[0].contains("neuer Versuch"),
            "{:?}",
            waiting.problems
        );
    }
    job::run(&app.state).await.expect("job");
    let failed = &detail(&app, &office, "unerreichbar-1").await.submissions[0];
    assert_eq!(failed.state, SubmissionState::Failed);
    assert!(
        failed.problems[0].starts_with("FIT-Connect (Anmeldung): nicht erreichbar"),
        "{:?}",
        failed.problems
    );
    // Once the service is back, the back office sends it again.
    app.set_fit_connect(Some(destination.settings()));
    assert_eq!(
        release(&app, &office, "unerreichbar-1").await.status,
        StatusCode::OK
    );
    job::run(&app.state).await.expect("job");
    assert_eq!(
        detail(&app, &office, "unerreichbar-1").await.submissions[0].state,
        SubmissionState::Accepted
    );
}
