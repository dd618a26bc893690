//! A citizen files alone at a Bürger-Terminal: the services it offers, the case the server makes
//! of what the kiosk sent (numbered, placed, marked as the terminal's, its record intact), a
//! retry that files nothing twice, and every refusal changing nothing. Over the real router, on
//! both backends.

use crate::support::*;
use axum::http::StatusCode;
use domain::sync::wire::Outcome;
use serde_json::{Value, json};

const PLACE: &str = "Meerane, Seniorenwohnanlage";

/// Files `body` as terminal (`id`, `credential`).
async fn file(app: &TestApp, (id, credential): (&str, &str), body: Value) -> Answer {
    app.call(
        "POST",
        "/api/terminal/cases",
        &[("x-device-id", id), ("x-device-credential", credential)],
        Some(body),
    )
    .await
}

/// A Fundsache as the terminal sends it once the citizen has reviewed and signed.
fn fundsache(id: &str, item: &str) -> Value {
    json!({
        "id": id,
        "citizen": {
            "id": "",
            "family_name": "Köhler",
            "given_names": "Erna",
            "birth_date": "02.03.1941",
            "address": { "street": "Lindenweg", "house_number": "3", "postcode": "08393", "place": "Meerane" }
        },
        "services": [{ "service": "fundsache", "values": {
            "item": item, "found_at": "Bushaltestelle am Markt", "found_on": "14.01.2027", "claims_reward": "nein"
        } }],
        "signature": signature(),
    })
}

async fn cases(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_citizen_files_a_fundsache_alone_and_the_back_office_finds_it_marked_as_the_terminals() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = app.enrolled_terminal(&admin, PLACE).await;
    let terminal = (id.as_str(), credential.as_str());

    let offered = app
        .call(
            "GET",
            "/api/terminal/services",
            &[("x-device-id", &id), ("x-device-credential", &credential)],
            None,
        )
        .await;
    assert_eq!(offered.status, StatusCode::OK, "{}", offered.json);
    let offered: Vec<&str> = offered
        .json
        .as_array()
        .expect("services")
        .iter()
        .map(|service| service["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        offered,
        [
            "briefwahl",
            "hund_anmelden",
            "fundsache",
            "bewohnerparkausweis"
        ]
    );

    let case_id = "5f0c1e2a-7d1b-4c55-9a51-0c8f3c2e7b10";
    let before = cases(&app).await;
    let filed = file(
        &app,
        terminal,
        fundsache(case_id, "Schlüsselbund, drei Schlüssel"),
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.json);
    let tag: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let number = format!("2027-{}-0001", tag.to_uppercase());
    assert_eq!(filed.json["number"], number.as_str());
    assert_eq!(
        filed.json["reference"],
        format!("bk-{MEERANE}-{}", number.to_lowercase()).as_str()
    );
    assert_eq!(cases(&app).await, before + 1);

    // The answer got lost, the kiosk sends again: the same receipt, no second case.
    let again = file(
        &app,
        terminal,
        fundsache(case_id, "Schlüsselbund, drei Schlüssel"),
    )
    .await;
    assert_eq!(again.json, filed.json);
    assert_eq!(cases(&app).await, before + 1);
    let next = file(&app, terminal, fundsache("second-case", "Regenschirm")).await;
    assert_eq!(
        next.json["number"],
        format!("2027-{}-0002", tag.to_uppercase()).as_str()
    );

    let office = app.sign_in("b.richter").await;
    let detail = app
        .get_as(&office, &format!("/api/cases/{MEERANE}/{case_id}"))
        .await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.json);
    let case = &detail.json["case"];
    assert_eq!(case["channel"], "terminal");
    assert_eq!(case["deployment"]["place"], PLACE);
    assert_eq!(case["deployment"]["date"], "2027-01-15");
    assert_eq!(
        case["citizen"]["id"], case_id,
        "the server names the citizen"
    );
    let steps: Vec<(&str, &str)> = case["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|step| {
            (
                step["status"].as_str().unwrap_or_default(),
                step["by"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("draft", "Terminal"),
            ("captured", "Terminal"),
            ("transferred", "Server")
        ]
    );
    assert_eq!(
        detail.json["record_problem"],
        Value::Null,
        "{}",
        detail.json
    );
    assert_eq!(detail.json["record"][0]["kind"], "filed");
    assert_eq!(detail.json["record"][0]["device"], id.as_str());
    let listed = app
        .get_as(&office, &format!("/api/cases?municipality={MEERANE}"))
        .await;
    assert!(
        listed
            .json
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["id"] == case_id),
        "{}",
        listed.json
    );
}

#[tokio::test]
async fn what_the_terminal_does_not_offer_or_the_forms_refuse_is_not_filed() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = app.enrolled_terminal(&admin, PLACE).await;
    let terminal = (id.as_str(), credential.as_str());
    let before = cases(&app).await;

    let mut anmeldung = fundsache("a-1", "Schirm");
    anmeldung["services"][0]["service"] = json!("anmeldung");
    let refused = file(&app, terminal, anmeldung).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json["message"],
        "„anmeldung“ kann am Bürger-Terminal nicht erledigt werden; nichts wurde eingereicht. Bitte wenden Sie sich an das Rathaus."
    );

    let empty_item = file(&app, terminal, fundsache("a-2", "  ")).await;
    assert_eq!(
        empty_item.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty_item.json
    );
    assert!(
        empty_item.json["message"]
            .as_str()
            .unwrap_or_default()
            .contains("item"),
        "{}",
        empty_item.json
    );

    let mut unsigned = fundsache("a-3", "Schirm");
    unsigned["signature"] = Value::Null;
    let unsigned = file(&app, terminal, unsigned).await;
    assert_eq!(unsigned.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unsigned.json["message"]
            .as_str()
            .unwrap_or_default()
            .contains("Unterschrift fehlt"),
        "{}",
        unsigned.json
    );

    let mut forged = fundsache("a-4", "Schirm");
    forged["signature"]["sha256"] = json!("0".repeat(64));
    assert_eq!(
        file(&app, terminal, forged).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let path = file(&app, terminal, fundsache("../a", "Schirm")).await;
    assert_eq!(path.status, StatusCode::UNPROCESSABLE_ENTITY);

    let malformed = file(&app, terminal, json!({ "id": "a-5" })).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);

    // A laptop's credential proves no terminal, and neither does a revoked terminal's.
    let laptop = app.sign_in("m.schreiber").await;
    let as_laptop = file(
        &app,
        (&laptop.device_id, "not-a-credential"),
        fundsache("a-6", "Schirm"),
    )
    .await;
    assert_eq!(as_laptop.status, StatusCode::UNAUTHORIZED);
    let revoked = app
        .post_as(&admin, &format!("/api/devices/{id}/revoke"))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.json);
    let after = file(&app, terminal, fundsache("a-7", "Schirm")).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    assert_eq!(cases(&app).await, before, "nothing refused was filed");
}

/// A resident parking permit (30,70 €) as the terminal sends it, paid by card as `paid`.
fn parking_permit(id: &str, paid: Value) -> Value {
    let mut filing = fundsache(id, "");
    filing["services"] = json!([{ "service": "bewohnerparkausweis", "values": {
        "plate": "Z-AB 123", "zone": "Altstadt", "own_vehicle": "ja"
    } }]);
    filing["paid_by_card"] = paid;
    filing
}

#[tokio::test]
async fn a_fee_is_filed_only_as_the_card_payment_of_exactly_that_fee() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = app.enrolled_terminal(&admin, PLACE).await;
    let terminal = (id.as_str(), credential.as_str());
    let before = cases(&app).await;

    let unpaid = file(&app, terminal, parking_permit("p-1", Value::Null)).await;
    assert_eq!(unpaid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unpaid.json["message"],
        "Die Gebühr von 30,70 € ist nicht bezahlt; nichts wurde eingereicht. Bitte am Kartenterminal bezahlen."
    );
    let short = parking_permit("p-2", json!({ "amount_cents": 70, "receipt": "0001" }));
    let short = file(&app, terminal, short).await;
    assert_eq!(
        short.json["message"],
        "Bezahlt wurden 0,70 €, die Gebühr beträgt 30,70 €; nichts wurde eingereicht. Bitte wenden Sie sich mit Ihrem Kartenbeleg an das Rathaus."
    );
    let unreadable = parking_permit(
        "p-3",
        json!({ "amount_cents": 3070, "receipt": "<b>1</b>" }),
    );
    assert_eq!(
        file(&app, terminal, unreadable).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut free_but_paid = fundsache("p-4", "Schirm");
    free_but_paid["paid_by_card"] = json!({ "amount_cents": 3070, "receipt": "0001" });
    let free_but_paid = file(&app, terminal, free_but_paid).await;
    assert_eq!(free_but_paid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cases(&app).await, before, "nothing refused was filed");

    let paid = parking_permit("p-5", json!({ "amount_cents": 3070, "receipt": "0001" }));
    let filed = file(&app, terminal, paid).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.json);
    let office = app.sign_in("b.richter").await;
    let detail = app
        .get_as(&office, &format!("/api/cases/{MEERANE}/p-5"))
        .await;
    assert_eq!(
        detail.json["case"]["payment"],
        json!({ "paid": { "method": "card", "receipt": "0001" } })
    );
    assert_eq!(detail.json["record_problem"], Value::Null);
}

#[tokio::test]
async fn a_terminal_that_files_like_a_script_is_stopped_for_a_while() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = app.enrolled_terminal(&admin, PLACE).await;
    let terminal = (id.as_str(), credential.as_str());
    // Refused filings count too: what is limited is the kiosk's attempts.
    for n in 0..20 {
        let refused = file(&app, terminal, fundsache(&format!("s-{n}"), "")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let before = cases(&app).await;
    let limited = file(&app, terminal, fundsache("s-20", "Schirm")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        limited.json["message"],
        "An diesem Terminal wurde in kurzer Zeit zu oft etwas eingereicht; nichts wurde übernommen. Bitte versuchen Sie es in einigen Minuten wieder oder rufen Sie im Rathaus an."
    );
    assert_eq!(cases(&app).await, before);
    app.advance(10 * 60);
    let later = file(&app, terminal, fundsache("s-20", "Schirm")).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.json);
}

#[tokio::test]
async fn a_case_filed_under_another_devices_id_is_not_the_terminals() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = app.enrolled_terminal(&admin, PLACE).await;
    let laptop = app.sign_in("m.schreiber").await;
    let taken = captured_case("k-taken", MEERANE, "Lehmann");
    assert_eq!(
        push(&app, &laptop, vec![put(1, 0, &taken, &[])]).await,
        [Outcome::Applied]
    );

    let answer = file(&app, (&id, &credential), fundsache("k-taken", "Schirm")).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.json);
    let office = app.sign_in("b.richter").await;
    let detail = app
        .get_as(&office, &format!("/api/cases/{MEERANE}/k-taken"))
        .await;
    assert_eq!(detail.json["case"]["citizen"]["family_name"], "Lehmann");

    // Nor may a laptop claim a case was filed at a terminal.
    let mut claimed = captured_case("k-claimed", MEERANE, "Lehmann");
    claimed.channel = domain::cases::Channel::Terminal;
    claimed.number = "2027-TESTTEST-claimed".into();
    let outcome = push(&app, &laptop, vec![put(2, 0, &claimed, &[])]).await;
    assert!(
        matches!(&outcome[0], Outcome::Rejected { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn the_evaluation_counts_a_terminals_cases_but_no_deployment_for_them() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let (id, credential) = app.enrolled_terminal(&admin, PLACE).await;
    for n in 0..5 {
        let filed = file(
            &app,
            (&id, &credential),
            fundsache(&format!("t-{n}"), "Schirm"),
        )
        .await;
        assert_eq!(filed.status, StatusCode::OK, "{}", filed.json);
    }
    let office = app.sign_in("b.richter").await;
    let answer = app
        .get_as(
            &office,
            &format!("/api/evaluation?municipality={MEERANE}&from=2027-01-15&to=2027-01-15"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let evaluation: domain::wire::Evaluation =
        serde_json::from_value(answer.json).expect("evaluation");
    let found = evaluation
        .services
        .iter()
        .find(|figures| figures.service == "fundsache")
        .expect("fundsache counted");
    assert_eq!(found.cases, Some(5));
    assert_eq!(found.handling_ms, None, "no clerk's time to measure");
    assert!(
        evaluation.deployments.iter().all(|d| d.place != PLACE),
        "{:?}",
        evaluation.deployments
    );
}
