//! Sign-in under attack, and the people behind it: guesses in parallel are counted before they
//! are checked, a known user name cannot lock the clerk out of an enrolled laptop, Argon2 checks
//! are bounded, and an admin disables a person (sessions end, laptops stop) or resets a password.

use crate::support::*;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_parallel_wrong_passwords_check_at_most_the_free_attempts() {
    let app = TestApp::with_demo_data().await;
    // Room for every guess at once, so only the throttle can hold them back.
    app.state.password_checks.add_permits(30);
    let passwords: Vec<String> = (0..30).map(|n| format!("falsch-{n}")).collect();
    let guesses = passwords
        .iter()
        .map(|password| app.sign_in_raw("m.schreiber", password, None));
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    let held_back = answers
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
            )
        })
        .count();
    assert!(checked <= 5, "{checked} passwords checked");
    assert_eq!(checked + held_back, 30);
    for answer in &answers {
        assert!(answer.json["message"].is_string(), "{}", answer.json);
    }
}

#[tokio::test]
async fn a_full_house_of_password_checks_answers_busy_at_once() {
    let app = TestApp::with_demo_data().await;
    let _all = app
        .state
        .password_checks
        .acquire_many(server::PASSWORD_CHECKS as u32)
        .await
        .expect("permits");
    let answer = app.sign_in_raw("m.schreiber", PASSWORD, None).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.headers["retry-after"], "1");
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("viele Anmeldungen"))
    );
    drop(_all);
    assert_eq!(
        app.sign_in_raw("m.schreiber", PASSWORD, None).await.status,
        StatusCode::OK,
        "nothing was counted against the clerk"
    );
}

#[tokio::test]
async fn someone_who_knows_the_user_name_cannot_lock_the_clerk_out_of_the_koffer() {
    let mut app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let credential = laptop.device_credential.clone().expect("credential");
    // From elsewhere, someone tries passwords for the known user name.
    app.switch_address("192.0.2.66:4000");
    for _ in 0..8 {
        app.sign_in_raw("m.schreiber", "rate-mal-123", None).await;
    }
    assert_eq!(
        app.sign_in_raw("m.schreiber", PASSWORD, None).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a new laptop with the account waits"
    );
    // The clerk, on the enrolled laptop, is not held back.
    app.switch_address("127.0.0.1:40000");
    let answer = app
        .sign_in_raw(
            "m.schreiber",
            PASSWORD,
            Some((&laptop.device_id, &credential)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
}

#[tokio::test]
async fn overlong_names_and_passwords_are_refused_before_any_check() {
    let app = TestApp::with_demo_data().await;
    for (username, password) in [
        ("m".repeat(65), PASSWORD.to_owned()),
        ("m.schreiber".to_owned(), "x".repeat(257)),
    ] {
        let answer = app.sign_in_raw(&username, &password, None).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert!(
            answer.json["message"]
                .as_str()
                .is_some_and(|m| m.contains("zu lang"))
        );
    }
    for _ in 0..10 {
        app.sign_in_raw("m.schreiber", &"x".repeat(300), None).await;
    }
    assert_eq!(
        app.sign_in_raw("m.schreiber", PASSWORD, None).await.status,
        StatusCode::OK,
        "refused before counting"
    );
}

#[tokio::test]
async fn a_disabled_person_can_neither_sign_in_nor_enrol_and_their_laptops_stop() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let clerk = app.sign_in("m.schreiber").await;
    let credential = clerk.device_credential.clone().expect("credential");
    let bearer = format!("Bearer {}", admin.token);

    // Only an admin, only for their own municipality, and not themselves.
    assert_eq!(
        app.get_as(&clerk, "/api/users").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_as(&clerk, "/api/users/b.richter/disable")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_as(&admin, "/api/users/t.lehmann/disable")
            .await
            .status,
        StatusCode::NOT_FOUND,
        "Treuen's clerk does not exist for Meerane's admin"
    );
    let own = app.post_as(&admin, "/api/users/m.admin/disable").await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    let people = app.get_as(&admin, "/api/users").await;
    let names: Vec<&str> = people
        .json
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["username"].as_str())
        .collect();
    assert_eq!(names, ["b.richter", "m.admin", "m.schreiber"]);

    let answer = app.post_as(&admin, "/api/users/m.schreiber/disable").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert_eq!(answer.json["disabled"], true);
    // The session has ended, the laptop is revoked and wipes itself, no new one enrols.
    let session = app.get_as(&clerk, "/api/catalogues").await;
    assert_eq!(session.status, StatusCode::UNAUTHORIZED);
    let contact = app.contact(&clerk.device_id, &credential).await;
    assert_eq!(contact.json["error"], "device_revoked");
    let devices = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM devices")
            .fetch_one(&app.state.db)
            .await
            .expect("count")
    };
    let before = devices().await;
    let again = app.sign_in_raw("m.schreiber", PASSWORD, None).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert_eq!(again.json["error"], "account_disabled");
    assert_eq!(devices().await, before, "no laptop enrolled");
    let wrong = app
        .sign_in_raw("m.schreiber", "falsches-passwort", None)
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNAUTHORIZED,
        "without the password, nobody learns the account is disabled"
    );

    // A password reset: too short is refused; then the old one fails and the new one works.
    let authorization = [("authorization", bearer.as_str())];
    let set = |password: &str| {
        app.call(
            "POST",
            "/api/users/b.richter/password",
            &authorization,
            Some(json!({ "password": password })),
        )
    };
    let short = set("kurz").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("mindestens 12"))
    );
    let office = app.sign_in("b.richter").await;
    assert_eq!(
        set("Neues-Passwort-2027").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_as(&office, "/api/catalogues").await.status,
        StatusCode::UNAUTHORIZED,
        "the reset ended the session"
    );
    assert_eq!(
        app.sign_in_raw("b.richter", PASSWORD, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_raw("b.richter", "Neues-Passwort-2027", None)
            .await
            .status,
        StatusCode::OK
    );
}
