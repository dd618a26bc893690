//! The server owns the record: a stolen or misused laptop (its own account, its own device, plain
//! API calls) can neither forge, erase nor read more than its own cases. Each hostile move is
//! refused with a German sentence and changes nothing; the honest path still works.

use crate::support::*;
use axum::http::StatusCode;
use domain::cases::{Attachment, Case, CaseStatus, Payment, StatusChange};
use domain::sync::CITIZEN;
use domain::sync::wire::{Change, Mutation, Outcome, PullResponse};
use domain::wire::SignInResponse;
use serde_json::{Value, json};

fn refusal(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Rejected { reason } => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn pull(app: &TestApp, device: &SignInResponse, municipality: &str) -> PullResponse {
    let answer = app
        .get_as(
            device,
            &format!("/api/sync/pull?municipality={municipality}&cookie=0&limit=1000"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json).expect("pull")
}

/// What the back office sees of a case.
async fn as_office(app: &TestApp, office: &SignInResponse, id: &str) -> Value {
    let answer = app
        .get_as(office, &format!("/api/cases/{SCHOENBERG}/{id}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json
}

async fn set_status(app: &TestApp, office: &SignInResponse, id: &str, body: Value) -> Value {
    let bearer = format!("Bearer {}", office.token);
    let answer = app
        .call(
            "POST",
            &format!("/api/cases/{SCHOENBERG}/{id}/status"),
            &[("authorization", &bearer)],
            Some(body),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json
}

/// A signature's strokes with `points` points (about 14 bytes of JSON each).
fn strokes(points: usize) -> Vec<Vec<[u16; 3]>> {
    vec![(0..points).map(|i| [(i % 1000) as u16, 200, 500]).collect()]
}

fn step(status: CaseStatus, by: &str) -> StatusChange {
    StatusChange {
        status,
        at_ms: 1_795_600_070_000,
        by: by.into(),
        reason: None,
    }
}

#[tokio::test]
async fn a_new_case_is_filed_only_as_the_clerk_finished_it_at_the_table() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    type Forgery = fn(&mut Case);
    // (what the thief does, a word of the sentence the clerk gets)
    let forgeries: [(&str, Forgery, &str); 11] = [
        (
            "handed out already",
            |case| {
                case.history
                    .push(step(CaseStatus::HandedOver, "Birgit Richter"))
            },
            "Ausgehändigt",
        ),
        (
            "rejected already",
            |case| {
                case.history
                    .push(step(CaseStatus::Rejected, "Birgit Richter"))
            },
            "setzt nur das Rathaus",
        ),
        (
            "still a draft",
            |case| {
                case.history.pop();
            },
            "nur abgeschlossene",
        ),
        ("no service", |case| case.services.clear(), "keine Leistung"),
        (
            "no signature",
            |case| case.signature = None,
            "Unterschrift fehlt",
        ),
        (
            "fee left open",
            |case| case.services[0].service = "beglaubigung".into(),
            "Formular „beglaubigung“",
        ),
        (
            "impossible birth date",
            |case| case.citizen.birth_date = "99.99.9999".into(),
            "Angaben zur Person",
        ),
        (
            "signature of another image",
            |case| case.signature.as_mut().expect("signed").sha256 = "0".repeat(64),
            "Prüfsumme",
        ),
        (
            "captured next year",
            |case| case.history[1].at_ms += 400 * 24 * 3_600_000,
            "Uhr des Servers",
        ),
        (
            "captured before it began",
            |case| case.history[1].at_ms = case.history[0].at_ms - 1,
            "Entwurf, dann Erfasst",
        ),
        (
            "a case of 300 KB",
            |case| case.signature.as_mut().expect("signed").strokes = strokes(22_000),
            "größer als 256 KB",
        ),
    ];
    let mut id = 0;
    for (what, forge, sentence) in forgeries {
        let mut case = captured_case(&format!("forged-{id}"), SCHOENBERG, "Fälscher");
        forge(&mut case);
        id += 1;
        let outcomes = push(&app, &laptop, vec![put(id, 0, &case, &[])]).await;
        let reason = refusal(&outcomes[0]);
        assert!(reason.contains(sentence), "{what}: {reason}");
        assert_eq!(
            server::database::cases::count_cases(&app.state.db, &key(SCHOENBERG))
                .await
                .expect("count"),
            0,
            "{what}: nothing filed"
        );
    }
    // A fee that is due and open, on a service whose form is filled.
    let mut fee_open = captured_case("fee", SCHOENBERG, "Gebühr");
    fee_open.services[0] = domain::cases::RequestedService {
        service: "beglaubigung".into(),
        values: [("document", "Zeugnis"), ("copies", "2")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    };
    fee_open.payment = Payment::Open;
    id += 1;
    let outcomes = push(&app, &laptop, vec![put(id, 0, &fee_open, &[])]).await;
    assert!(refusal(&outcomes[0]).contains("Gebühr nicht bezahlt"));

    // The honest case: filed, the clerk's steps in the name of the person signed in (whatever
    // the laptop wrote), "Übertragen" added by the server.
    let mut honest = captured_case("honest", SCHOENBERG, "Ehrlich");
    honest.history[0].by = "Birgit Richter".into();
    id += 1;
    assert_eq!(
        push(&app, &laptop, vec![put(id, 0, &honest, &[])]).await,
        [Outcome::Applied]
    );
    let filed = pull(&app, &laptop, SCHOENBERG).await.changes[0]
        .case
        .clone()
        .expect("filed");
    assert_eq!(
        steps(&filed),
        [
            (CaseStatus::Draft, "Maria Schreiber"),
            (CaseStatus::Captured, "Maria Schreiber"),
            (CaseStatus::Transferred, "Server"),
        ]
    );
    // Who filed it, from which device, by the server's clock: its record's first event.
    let (user, device, kind, at): (String, String, String, i64) = sqlx::query_as(
        "SELECT by_user, device_id, kind, at_ms FROM case_events WHERE case_id = 'honest'",
    )
    .fetch_one(&app.state.db)
    .await
    .expect("recorded");
    assert_eq!(
        (user.as_str(), device.as_str(), kind.as_str(), at),
        (
            "m.schreiber",
            laptop.device_id.as_str(),
            "filed",
            START as i64 * 1000
        )
    );
}

#[tokio::test]
async fn decisions_belong_to_the_back_office_and_cases_to_the_device_that_filed_them() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let thief = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let case = captured_case("k1", SCHOENBERG, "Müller");
    assert_eq!(
        push(&app, &laptop, vec![put(1, 0, &case, &[])]).await,
        [Outcome::Applied]
    );
    set_status(&app, &office, "k1", json!({ "status": "in_progress" })).await;
    let before = as_office(&app, &office, "k1").await;
    let held = pull(&app, &laptop, SCHOENBERG).await;
    let cookie = held.cookie;
    let as_pulled = held.changes[0].case.clone().expect("case");

    // The filing laptop appends a rejection in the back office's name.
    let mut rejected = as_pulled.clone();
    rejected.history.push(StatusChange {
        status: CaseStatus::Rejected,
        at_ms: rejected.history.last().expect("steps").at_ms + 1,
        by: "Birgit Richter".into(),
        reason: Some("Unterlagen fehlen".into()),
    });
    let outcomes = push(&app, &laptop, vec![put(2, cookie, &rejected, &[])]).await;
    assert!(refusal(&outcomes[0]).contains("„Abgelehnt“ setzt nur das Rathaus"));

    // Another laptop of the same municipality deletes it, or overwrites its citizen from a
    // base far in the future.
    let delete = Mutation {
        id: 1,
        base_version: 0,
        change: Change::DeleteCase {
            municipality: SCHOENBERG.into(),
            id: "k1".into(),
        },
    };
    let mut overwritten = as_pulled.clone();
    overwritten.citizen.family_name = "Dieb".into();
    let outcomes = push(
        &app,
        &thief,
        vec![delete, put(2, u64::MAX / 2, &overwritten, &[CITIZEN])],
    )
    .await;
    assert!(refusal(&outcomes[0]).contains("nicht gelöscht"));
    assert!(refusal(&outcomes[1]).contains("anderes Gerät"));

    // The filing laptop itself: no deleting either, and no base the server never handed out.
    let delete = Mutation {
        id: 3,
        base_version: 0,
        change: Change::DeleteCase {
            municipality: SCHOENBERG.into(),
            id: "k1".into(),
        },
    };
    let outcomes = push(
        &app,
        &laptop,
        vec![delete, put(4, u64::MAX / 2, &overwritten, &[CITIZEN])],
    )
    .await;
    assert!(refusal(&outcomes[0]).contains("nicht gelöscht"));
    assert!(refusal(&outcomes[1]).contains("nie ausgegeben"));

    assert_eq!(
        as_office(&app, &office, "k1").await,
        before,
        "nothing changed"
    );
    assert_eq!(
        pull(&app, &laptop, SCHOENBERG).await.changes,
        held.changes,
        "nothing for the laptop to pull"
    );

    // The honest edit from the version it pulled still merges (a correction of the citizen).
    let mut corrected = as_pulled;
    corrected.citizen.given_names = "Anna Maria".into();
    assert_eq!(
        push(&app, &laptop, vec![put(5, cookie, &corrected, &[CITIZEN])]).await,
        [Outcome::Applied]
    );
    let after = as_office(&app, &office, "k1").await;
    assert_eq!(after["case"]["citizen"]["given_names"], "Anna Maria");
    assert_eq!(after["summary"]["status"], "in_progress");
}

#[tokio::test]
async fn a_laptop_pulls_only_its_own_cases_and_fetches_only_its_own_photos() {
    let app = TestApp::with_demo_data().await;
    let first = app.sign_in("m.schreiber").await;
    let photo = jpeg(64, 48, 3);
    let address = sha256_hex(&photo);
    let path = format!("/api/attachments/{SCHOENBERG}/{address}");
    let uploaded = app
        .put_bytes(&first, &path, "image/jpeg", photo.clone())
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.json);
    let mut case = captured_case("k1", SCHOENBERG, "Müller");
    case.attachments.push(Attachment {
        sha256: address.clone(),
        record: "attachment-1".into(),
        bytes: photo.len() as u64,
    });
    assert_eq!(
        push(&app, &first, vec![put(1, 0, &case, &[])]).await,
        [Outcome::Applied]
    );

    // A laptop enrolled a minute later, by a colleague of the same municipality: nothing.
    app.advance(60);
    let second = app.sign_in("m.schreiber").await;
    assert!(pull(&app, &second, SCHOENBERG).await.changes.is_empty());
    assert_eq!(app.get_bytes(&second, &path).await.0, StatusCode::NOT_FOUND);
    // Its own case it pulls, and the first laptop still only its own.
    let own = captured_case("k2", SCHOENBERG, "Schulze");
    assert_eq!(
        push(&app, &second, vec![put(1, 0, &own, &[])]).await,
        [Outcome::Applied]
    );
    let ids = |page: PullResponse| page.changes.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(pull(&app, &second, SCHOENBERG).await), ["k2"]);
    assert_eq!(ids(pull(&app, &first, SCHOENBERG).await), ["k1"]);
    assert_eq!(app.get_bytes(&first, &path).await, (StatusCode::OK, photo));
}

#[tokio::test]
async fn a_pull_page_stays_small_however_large_the_cases() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    // Six cases of about 200 KB each (a signature of many strokes).
    let mutations: Vec<Mutation> = (1..=6)
        .map(|n| {
            let mut case = captured_case(&format!("gross-{n}"), SCHOENBERG, "Groß");
            case.signature.as_mut().expect("signed").strokes = strokes(14_000);
            put(n, 0, &case, &[])
        })
        .collect();
    let outcomes = push(&app, &laptop, mutations).await;
    assert_eq!(outcomes, vec![Outcome::Applied; 6], "each under 256 KB");
    let mut cookie = 0;
    let mut pages = Vec::new();
    loop {
        let answer = app
            .get_as(
                &laptop,
                &format!("/api/sync/pull?municipality={SCHOENBERG}&cookie={cookie}&limit=1000"),
            )
            .await;
        let bytes = answer.json.to_string().len();
        let page: PullResponse = serde_json::from_value(answer.json).expect("pull");
        pages.push((page.changes.len(), bytes));
        cookie = page.cookie;
        if !page.more {
            break;
        }
    }
    assert!(
        pages.iter().all(|(_, bytes)| *bytes < 1_300_000),
        "{pages:?}"
    );
    assert_eq!(pages.iter().map(|(n, _)| n).sum::<usize>(), 6, "{pages:?}");
    assert!(pages.len() >= 2, "{pages:?}");
}

#[tokio::test]
async fn a_full_municipality_takes_nothing_more_and_says_so() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    assert_eq!(
        push(
            &app,
            &laptop,
            vec![put(1, 0, &captured_case("k1", SCHOENBERG, "Erster"), &[])]
        )
        .await,
        [Outcome::Applied]
    );
    let used: i64 = sqlx::query_scalar("SELECT stored_bytes FROM spaces WHERE municipality = $1")
        .bind(SCHOENBERG)
        .fetch_one(&app.state.db)
        .await
        .expect("usage");
    assert!(used > 1000, "the first case is counted: {used}");
    assert!(
        server::database::storage::set_quota(&app.state.db, &key(SCHOENBERG), used + 100)
            .await
            .expect("quota")
    );

    let outcomes = push(
        &app,
        &laptop,
        vec![put(2, 0, &captured_case("k2", SCHOENBERG, "Zweiter"), &[])],
    )
    .await;
    assert!(refusal(&outcomes[0]).contains("Speicherplatz der Gemeinde"));
    let photo = jpeg(32, 32, 9);
    let upload = app
        .put_bytes(
            &laptop,
            &format!("/api/attachments/{SCHOENBERG}/{}", sha256_hex(&photo)),
            "image/jpeg",
            photo,
        )
        .await;
    assert_eq!(upload.status, StatusCode::INSUFFICIENT_STORAGE);
    assert!(
        upload.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("Speicherplatz der Gemeinde"))
    );
    assert_eq!(
        server::database::cases::count_cases(&app.state.db, &key(SCHOENBERG))
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        server::database::attachments::count(&app.state.db, &key(SCHOENBERG))
            .await
            .expect("count"),
        0
    );
    // Meerane, next door, is not affected.
    assert_eq!(
        push(
            &app,
            &laptop,
            vec![put(3, 0, &captured_case("m1", MEERANE, "Nachbar"), &[])]
        )
        .await,
        [Outcome::Applied]
    );
}

#[tokio::test]
async fn a_case_number_names_one_case_of_a_municipality() {
    let app = TestApp::with_demo_data().await;
    let first = app.sign_in("m.schreiber").await;
    let second = app.sign_in("m.schreiber").await;
    let case = captured_case("k1", SCHOENBERG, "Erster");
    assert_eq!(
        push(&app, &first, vec![put(1, 0, &case, &[])]).await,
        [Outcome::Applied]
    );
    let mut clash = captured_case("k2", SCHOENBERG, "Zweiter");
    clash.number = case.number.clone();
    let outcomes = push(&app, &second, vec![put(1, 0, &clash, &[])]).await;
    assert!(refusal(&outcomes[0]).contains(&format!("Fallnummer {}", case.number)));
    // In one push, too; and the same number in another municipality is another case.
    let mut twin = captured_case("k3", SCHOENBERG, "Dritter");
    twin.number = "2027-TWIN".into();
    let mut twin_again = captured_case("k4", SCHOENBERG, "Vierter");
    twin_again.number = "2027-TWIN".into();
    let mut elsewhere = captured_case("k5", MEERANE, "Fünfter");
    elsewhere.number = "2027-TWIN".into();
    let outcomes = push(
        &app,
        &second,
        vec![
            put(2, 0, &twin, &[]),
            put(3, 0, &twin_again, &[]),
            put(4, 0, &elsewhere, &[]),
        ],
    )
    .await;
    assert_eq!(outcomes[0], Outcome::Applied);
    assert!(refusal(&outcomes[1]).contains("Fallnummer 2027-TWIN"));
    assert_eq!(outcomes[2], Outcome::Applied);
}

/// `buergerkoffer audit verify` on the test's database: exit status and what it said.
fn audit_verify(app: &TestApp, id: &str) -> (bool, String) {
    app.command(&[
        "audit",
        "verify",
        "--regional-key",
        SCHOENBERG,
        "--case",
        id,
    ])
}

#[tokio::test]
async fn every_stored_change_is_in_the_cases_sealed_record_and_tampering_shows() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let case = captured_case("k1", SCHOENBERG, "Müller");
    let other = captured_case("k2", SCHOENBERG, "Schulze");
    assert_eq!(
        push(
            &app,
            &laptop,
            vec![put(1, 0, &case, &[]), put(2, 0, &other, &[])]
        )
        .await,
        [Outcome::Applied, Outcome::Applied]
    );
    let pulled = pull(&app, &laptop, SCHOENBERG).await;
    let mut corrected = pulled.changes[0].case.clone().expect("case");
    corrected.citizen.given_names = "Anna Maria".into();
    assert_eq!(
        push(
            &app,
            &laptop,
            vec![put(3, pulled.cookie, &corrected, &[CITIZEN])]
        )
        .await,
        [Outcome::Applied]
    );
    app.advance(60);
    set_status(&app, &office, "k1", json!({ "status": "in_progress" })).await;
    set_status(&app, &office, "k1", json!({ "status": "ready_for_pickup" })).await;

    let detail = as_office(&app, &office, "k1").await;
    assert_eq!(detail["record_problem"], Value::Null, "{detail}");
    let record = detail["record"].as_array().expect("record");
    let steps: Vec<(String, &str)> = record
        .iter()
        .map(|e| (e["kind"].to_string(), e["by"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        steps,
        [
            ("\"filed\"".to_owned(), "m.schreiber"),
            ("\"edited\"".to_owned(), "m.schreiber"),
            ("{\"status\":\"in_progress\"}".to_owned(), "b.richter"),
            ("{\"status\":\"ready_for_pickup\"}".to_owned(), "b.richter"),
        ]
    );
    assert_eq!(record[0]["device"], laptop.device_id.as_str());
    assert_eq!(record[2]["device"], office.device_id.as_str());
    let (intact, said) = audit_verify(&app, "k1");
    assert!(intact, "{said}");
    assert!(said.contains("unversehrt: 4 Ereignisse"), "{said}");

    // Someone with the database, not the key, changes the citizen behind the record ...
    sqlx::query("UPDATE cases SET body = replace(body, 'Müller', 'Meier') WHERE id = 'k1'")
        .execute(&app.state.db)
        .await
        .expect("tamper");
    let detail = as_office(&app, &office, "k1").await;
    assert!(
        detail["record_problem"]
            .as_str()
            .is_some_and(|p| p.contains("ohne Eintrag geändert")),
        "{detail}"
    );
    let (intact, said) = audit_verify(&app, "k1");
    assert!(!intact && said.contains("ohne Eintrag"), "{said}");

    // ... or who made a change; the other case's record still holds until then.
    assert!(audit_verify(&app, "k2").0);
    sqlx::query("UPDATE case_events SET by_user = 'm.admin' WHERE case_id = 'k2' AND seq = 0")
        .execute(&app.state.db)
        .await
        .expect("tamper");
    let (intact, said) = audit_verify(&app, "k2");
    assert!(
        !intact && said.contains("nicht vom Server versiegelt"),
        "{said}"
    );
}

/// Pushes `body` as `device` (no checks).
async fn push_signed_as(app: &TestApp, device: &SignInResponse, body: Value) -> Answer {
    app.post_json_as(device, "/api/sync/push", body).await
}

async fn cases_stored(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_push_the_laptops_own_key_did_not_sign_is_refused_and_changes_nothing() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let case = captured_case("k1", SCHOENBERG, "Müller");
    let before = cases_stored(&app).await;
    let other_key = domain::audit::SealingKey::from_slice(&[43; 32]).expect("key");
    type Forgery = fn(&mut Value, &domain::audit::SealingKey);
    // (what the thief does without the laptop's key)
    let forgeries: [(&str, Forgery); 4] = [
        ("no signature", |body, _| body["signature"] = json!("")),
        ("another key", |body, other| sign_push_with(body, other)),
        ("the case changed after signing", |body, _| {
            body["mutations"][0]["change"]["put_case"]["case"]["citizen"]["family_name"] =
                json!("Meier");
        }),
        ("signed as another device", |body, _| {
            let real = body["client_id"].clone();
            body["client_id"] = json!("another-device");
            sign_push_with(body, &device_key());
            body["client_id"] = real;
        }),
    ];
    for (forgery, forge) in forgeries {
        let mut body = push_body(&laptop.device_id, vec![put(1, 0, &case, &[])]);
        forge(&mut body, &other_key);
        let answer = push_signed_as(&app, &laptop, body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{forgery}");
        assert_eq!(
            answer.json["error"], "device_signature_invalid",
            "{forgery}"
        );
        assert!(
            answer.json["message"]
                .as_str()
                .is_some_and(|m| m.contains("keine gültige Unterschrift dieses Laptops")),
            "{forgery}: {}",
            answer.json
        );
        assert_eq!(
            cases_stored(&app).await,
            before,
            "{forgery}: nothing stored"
        );
    }
    // The honest push, with the mutation id the refused ones did not use up.
    assert_eq!(
        push(&app, &laptop, vec![put(1, 0, &case, &[])]).await,
        [Outcome::Applied]
    );
    let office = app.sign_in("b.richter").await;
    let detail = as_office(&app, &office, "k1").await;
    assert_eq!(detail["record_problem"], Value::Null, "{detail}");
    assert!(
        detail["record"][0]["proposed"]["signature"].is_u64(),
        "{detail}"
    );

    // Someone with the database edits what the laptop signed: the record no longer holds.
    assert!(audit_verify(&app, "k1").0);
    sqlx::query("UPDATE device_signatures SET proposals = replace(proposals, '\"mutation\":1', '\"mutation\":2')")
        .execute(&app.state.db)
        .await
        .expect("tamper");
    let (intact, said) = audit_verify(&app, "k1");
    assert!(
        !intact && said.contains("keine gültige Unterschrift des Geräts"),
        "{said}"
    );
}

#[tokio::test]
async fn a_laptop_registers_one_signing_key_and_cannot_swap_it() {
    let app = TestApp::with_demo_data().await;
    // A malformed key, or one that is no point of the curve, is refused before anything is
    // enrolled.
    let devices = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM devices")
            .fetch_one(&app.state.db)
            .await
            .expect("count")
    };
    let before = devices().await;
    for key in ["04abcd".to_owned(), format!("04{}", "11".repeat(64))] {
        let answer = app
            .call(
                "POST",
                "/api/sessions",
                &[],
                Some(json!({ "username": "m.schreiber", "password": PASSWORD,
                    "device_label": "Koffer", "device_key": key })),
            )
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
                .is_some_and(|m| m.contains("kein öffentlicher P-256-Schlüssel"))
        );
    }
    assert_eq!(devices().await, before, "no device enrolled");

    // A laptop enrolled before it had a key (as laptops of an earlier release were) is told to
    // sign in again; its cases stay with it until then.
    let answer = app
        .call(
            "POST",
            "/api/sessions",
            &[],
            Some(json!({ "username": "m.schreiber", "password": PASSWORD, "device_label": "Alt" })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let old: SignInResponse = serde_json::from_value(answer.json).expect("session");
    let case = captured_case("k1", SCHOENBERG, "Müller");
    let answer = push_signed_as(
        &app,
        &old,
        push_body(&old.device_id, vec![put(1, 0, &case, &[])]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.json);
    assert_eq!(answer.json["error"], "device_key_missing");
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("mit Ihrem Passwort erneut an"))
    );

    // Signing in with the password registers the key it sends; pushes then go through.
    let credential = old.device_credential.clone().expect("credential");
    let again = app
        .sign_in_raw("m.schreiber", PASSWORD, Some((&old.device_id, &credential)))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json);
    let renewed: SignInResponse = serde_json::from_value(again.json).expect("session");
    assert_eq!(
        push(&app, &renewed, vec![put(1, 0, &case, &[])]).await,
        [Outcome::Applied]
    );

    // Whoever copies the credential and the password cannot put their own key in its place.
    let thief_key = domain::audit::SealingKey::from_slice(&[44; 32]).expect("key");
    let thief_public = domain::audit::device_key_to_hex(thief_key.verifying_key());
    let answer = app
        .call(
            "POST",
            "/api/sessions",
            &[],
            Some(json!({ "username": "m.schreiber", "password": PASSWORD,
                "device": { "id": old.device_id, "credential": credential },
                "device_key": thief_public })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let thief: SignInResponse = serde_json::from_value(answer.json).expect("session");
    let other = captured_case("k2", SCHOENBERG, "Schulze");
    let mut body = push_body(&thief.device_id, vec![put(2, 0, &other, &[])]);
    sign_push_with(&mut body, &thief_key);
    let answer = push_signed_as(&app, &thief, body).await;
    assert_eq!(
        answer.json["error"], "device_signature_invalid",
        "{}",
        answer.json
    );
}
