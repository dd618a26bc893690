//! Sign-in, device enrolment, sessions, revocation and the borders between municipalities, over
//! the real router and SQLite.

use crate::support::*;
use axum::http::StatusCode;
use domain::wire::Role;

#[tokio::test]
async fn passwords_are_stored_as_argon2id_only() {
    let app = TestApp::with_demo_data().await;
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_all(&app.state.db)
        .await
        .expect("select");
    assert_eq!(hashes.len(), 5);
    for hash in hashes {
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(!hash.contains(PASSWORD));
    }
}

#[tokio::test]
async fn first_sign_in_enrols_the_device_and_later_ones_reuse_it() {
    let app = TestApp::with_demo_data().await;
    let first = app.sign_in("M.Schreiber").await;
    let credential = first
        .device_credential
        .clone()
        .expect("credential at enrolment");
    assert_eq!(first.clerk.username, "m.schreiber");
    assert_eq!(first.clerk.role, Role::Clerk);
    assert_eq!(first.clerk.municipality.name, "Meerane");
    assert_eq!(first.clerk.municipality.offline_lease_days, 14);
    let served: Vec<&str> = first.clerk.serves.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(served, ["Schönberg"]);
    assert_eq!(first.expires_at, START + 12 * 60 * 60);

    let again = app
        .sign_in_raw(
            "m.schreiber",
            PASSWORD,
            Some((&first.device_id, &credential)),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json);
    assert_eq!(again.json["device_id"], first.device_id.as_str());
    assert!(
        again.json["device_credential"].is_null(),
        "the credential is handed out once"
    );
    let devices: i64 = sqlx::query_scalar("SELECT count(*) FROM devices")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(devices, 1);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT credential_hash FROM devices")
        .fetch_one(&app.state.db)
        .await
        .expect("hash");
    assert_ne!(stored, credential.as_bytes(), "only a digest is stored");
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = TestApp::with_demo_data().await;
    let wrong_password = app.sign_in_raw("m.schreiber", "falsch", None).await;
    let unknown_account = app.sign_in_raw("niemand", "falsch", None).await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.status, unknown_account.status);
    assert_eq!(wrong_password.json, unknown_account.json);
    assert_eq!(
        wrong_password.json["message"],
        "Benutzername oder Passwort ist falsch."
    );
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(sessions, 0, "a failed sign-in creates nothing");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::with_demo_data().await;
    let session = app.sign_in("m.schreiber").await;
    let path = format!("/api/municipalities/{MEERANE}");
    assert_eq!(app.get_as(&session, &path).await.status, StatusCode::OK);
    app.advance(12 * 60 * 60);
    let answer = app.get_as(&session, &path).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.json["error"], "session_expired");
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::with_demo_data().await;
    let session = app.sign_in("m.schreiber").await;
    let answer = app.sign_out(&session).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let answer = app
        .get_as(&session, &format!("/api/municipalities/{MEERANE}"))
        .await;
    assert_eq!(answer.json["error"], "not_signed_in");
}

#[tokio::test]
async fn a_revoked_device_is_refused_everywhere_and_told_to_wipe_itself() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let credential = clerk.device_credential.clone().expect("credential");
    let contact = app.contact(&clerk.device_id, &credential).await;
    assert_eq!(contact.status, StatusCode::OK, "{}", contact.json);
    assert_eq!(contact.json["offline_lease_days"], 14);

    let admin = app.sign_in("m.admin").await;
    let revoked = app
        .post_as(&admin, &format!("/api/devices/{}/revoke", clerk.device_id))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.json);

    let contact = app.contact(&clerk.device_id, &credential).await;
    assert_eq!(contact.status, StatusCode::UNAUTHORIZED);
    assert_eq!(contact.json["error"], "device_revoked");
    assert_eq!(contact.headers["clear-site-data"], "\"storage\", \"cache\"");

    let with_token = app
        .get_as(&clerk, &format!("/api/municipalities/{MEERANE}"))
        .await;
    assert_eq!(with_token.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        with_token.json["error"], "not_signed_in",
        "its sessions were ended"
    );

    let sign_in = app
        .sign_in_raw(
            "m.schreiber",
            PASSWORD,
            Some((&clerk.device_id, &credential)),
        )
        .await;
    assert_eq!(sign_in.json["error"], "device_revoked");
    assert_eq!(sign_in.headers["clear-site-data"], "\"storage\", \"cache\"");

    // The admin's own device is untouched.
    let admin_path = format!("/api/municipalities/{MEERANE}");
    assert_eq!(app.get_as(&admin, &admin_path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_device_credential_is_not_accepted() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let forged = "0".repeat(64);
    let contact = app.contact(&clerk.device_id, &forged).await;
    assert_eq!(contact.json["error"], "unknown_device");
    let sign_in = app
        .sign_in_raw("m.schreiber", PASSWORD, Some((&clerk.device_id, &forged)))
        .await;
    assert_eq!(sign_in.json["error"], "unknown_device");
}

/// An unknown device may enrol anew (the server may have been restored from a backup older
/// than its enrolment); a device of another municipality is told so instead.
#[tokio::test]
async fn a_device_of_another_municipality_is_not_taken_for_an_unknown_one() {
    let app = TestApp::with_demo_data().await;
    let raw = app.sign_in_raw("m.schreiber", PASSWORD, None).await;
    let meerane_device = raw.json["device_id"]
        .as_str()
        .expect("device id")
        .to_owned();
    let credential = raw.json["device_credential"]
        .as_str()
        .expect("credential")
        .to_owned();
    let answer = app
        .sign_in_raw("s.vogel", PASSWORD, Some((&meerane_device, &credential)))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.json);
    assert_eq!(answer.json["error"], "device_of_other_municipality");
    let unknown = app
        .sign_in_raw("s.vogel", PASSWORD, Some(("nie-eingerichtet", &credential)))
        .await;
    assert_eq!(unknown.json["error"], "unknown_device");
}

/// A laptop the server no longer knows enrols anew for the municipality its cases belong to;
/// a clerk of another one is refused before any device is enrolled.
#[tokio::test]
async fn a_laptop_enrolled_anew_only_for_its_own_municipality() {
    let app = TestApp::with_demo_data().await;
    let devices = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM devices")
            .fetch_one(&app.state.db)
            .await
            .expect("count")
    };
    let enrol_for = |username: &str, key: &str| {
        let body = serde_json::json!({ "username": username, "password": PASSWORD,
            "device_label": "Wieder eingerichtet, vorher alt", "enrol_for": key });
        app.call("POST", "/api/sessions", &[], Some(body))
    };

    // s.vogel works for Schönberg: no device for a laptop holding Meerane's cases.
    let refused = enrol_for("s.vogel", MEERANE).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.json);
    assert_eq!(refused.json["error"], "device_of_other_municipality");
    let garbled = enrol_for("s.vogel", "Meerane").await;
    assert_eq!(
        garbled.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        garbled.json
    );
    assert_eq!(devices().await, 0, "nothing enrolled");

    let spaced = enrol_for("m.schreiber", "14 524 511 8180").await;
    assert_eq!(spaced.status, StatusCode::OK, "{}", spaced.json);
    assert!(spaced.json["device_credential"].is_string());
    assert_eq!(devices().await, 1);
}

#[tokio::test]
async fn failed_sign_ins_slow_down_the_account() {
    let app = TestApp::with_demo_data().await;
    for _ in 0..5 {
        let answer = app.sign_in_raw("m.schreiber", "falsch", None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password must wait now.
    let answer = app.sign_in_raw("m.schreiber", PASSWORD, None).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.headers["retry-after"], "2");
    assert_eq!(answer.json["retry_after_secs"], 2);
    assert_eq!(
        answer.json["message"],
        "Zu viele Fehlversuche. Bitte in 2 Sekunden erneut versuchen."
    );
    // Other accounts are not affected.
    assert_eq!(
        app.sign_in_raw("s.vogel", PASSWORD, None).await.status,
        StatusCode::OK
    );
    app.advance(2);
    assert_eq!(
        app.sign_in_raw("m.schreiber", PASSWORD, None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn failed_sign_ins_slow_down_the_address() {
    let mut app = TestApp::with_demo_data().await;
    app.switch_address("192.0.2.7:5000");
    for n in 0..20 {
        let answer = app.sign_in_raw(&format!("rate{n}"), "falsch", None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = app.sign_in_raw("m.schreiber", PASSWORD, None).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    app.switch_address("192.0.2.8:5000");
    assert_eq!(
        app.sign_in_raw("m.schreiber", PASSWORD, None).await.status,
        StatusCode::OK,
        "another address is not slowed"
    );
}

#[tokio::test]
async fn a_clerk_acts_only_for_their_municipality_and_those_it_serves() {
    let app = TestApp::with_demo_data().await;
    let meerane = app.sign_in("m.schreiber").await;
    let schoenberg = app.sign_in("s.vogel").await;
    let cases = [
        (&meerane, MEERANE, StatusCode::OK),
        (&meerane, SCHOENBERG, StatusCode::OK), // delegated
        (&meerane, TREUEN, StatusCode::FORBIDDEN),
        (&schoenberg, SCHOENBERG, StatusCode::OK),
        (&schoenberg, MEERANE, StatusCode::FORBIDDEN), // delegation is one way
        (&schoenberg, TREUEN, StatusCode::FORBIDDEN),
    ];
    for (session, key, expected) in cases {
        let answer = app
            .get_as(session, &format!("/api/municipalities/{key}"))
            .await;
        assert_eq!(
            answer.status, expected,
            "{} → {key}: {}",
            session.clerk.username, answer.json
        );
    }
}

#[tokio::test]
async fn devices_are_revoked_only_by_an_admin_of_their_municipality() {
    let app = TestApp::with_demo_data().await;
    let treuen = app.sign_in("t.lehmann").await;
    let meerane_clerk = app.sign_in("m.schreiber").await;
    let meerane_admin = app.sign_in("m.admin").await;
    let path = format!("/api/devices/{}/revoke", treuen.device_id);
    assert_eq!(
        app.post_as(&meerane_admin, &path).await.status,
        StatusCode::FORBIDDEN
    );
    let own = format!("/api/devices/{}/revoke", meerane_admin.device_id);
    assert_eq!(
        app.post_as(&meerane_clerk, &own).await.status,
        StatusCode::FORBIDDEN
    );
    let revoked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL")
            .fetch_one(&app.state.db)
            .await
            .expect("count");
    assert_eq!(revoked, 0, "refused requests changed nothing");
}

#[tokio::test]
async fn the_admin_creates_people_lists_laptops_revokes_one_and_the_log_keeps_it_all() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let clerk = app.sign_in("m.schreiber").await;
    let treuen = app.sign_in("t.lehmann").await;

    let person = |username: &str, password: &str| {
        serde_json::json!({ "username": username, "display_name": "Jana Beck",
            "role": "clerk", "password": password })
    };
    let created = app
        .post_json_as(
            &admin,
            "/api/users",
            person("j.beck", "Ein-gutes-Passwort-1"),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    assert_eq!(created.json["municipality"], MEERANE);
    let signed_in = app
        .sign_in_raw("j.beck", "Ein-gutes-Passwort-1", None)
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.json);
    let new_clerk: domain::wire::SignInResponse =
        serde_json::from_value(signed_in.json).expect("session");
    assert_eq!(new_clerk.clerk.role, Role::Clerk);
    for (body, sentence) in [
        (
            person("j.beck", "Ein-gutes-Passwort-1"),
            "Den Benutzernamen j.beck gibt es schon.",
        ),
        (
            person("k.kurz", "kurz"),
            "Das Passwort muss mindestens 12 Zeichen haben.",
        ),
    ] {
        let refused = app.post_json_as(&admin, "/api/users", body).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json["message"], sentence);
    }
    let by_clerk = app
        .post_json_as(&clerk, "/api/users", person("x.y", "Ein-gutes-Passwort-1"))
        .await;
    assert_eq!(by_clerk.status, StatusCode::FORBIDDEN);

    // Meerane's laptops: the two clerks' and the admin's own sign-in, not Treuen's.
    let listed = app.get_as(&admin, "/api/devices").await;
    assert_eq!(listed.status, StatusCode::OK);
    let ids: Vec<&str> = listed
        .json
        .as_array()
        .expect("laptops")
        .iter()
        .map(|d| d["id"].as_str().expect("id"))
        .collect();
    assert!(ids.contains(&clerk.device_id.as_str()) && ids.contains(&new_clerk.device_id.as_str()));
    assert!(!ids.contains(&treuen.device_id.as_str()));
    assert_eq!(
        app.get_as(&clerk, "/api/devices").await.status,
        StatusCode::FORBIDDEN
    );

    let revoke = format!("/api/devices/{}/revoke", clerk.device_id);
    assert_eq!(
        app.post_as(&admin, &revoke).await.status,
        StatusCode::NO_CONTENT
    );
    let listed = app.get_as(&admin, "/api/devices").await;
    let revoked = listed
        .json
        .as_array()
        .expect("laptops")
        .iter()
        .find(|d| d["id"] == clerk.device_id.as_str())
        .expect("still listed");
    assert_eq!(revoked["revoked"], true);
    assert_eq!(revoked["enrolled_by"], "m.schreiber");
    app.post_json_as(
        &admin,
        "/api/users/j.beck/password",
        serde_json::json!({ "password": "Noch-ein-Passwort-2" }),
    )
    .await;
    app.post_as(&admin, "/api/users/j.beck/disable").await;

    let log = app.get_as(&admin, "/api/admin-log").await;
    assert_eq!(log.status, StatusCode::OK);
    let entries: Vec<(String, String, String)> = log
        .json
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            let text = |key: &str| e[key].as_str().unwrap_or_default().to_owned();
            (text("by"), text("action"), text("subject"))
        })
        .collect();
    let mine: Vec<_> = entries.iter().filter(|(by, ..)| by == "m.admin").collect();
    assert_eq!(
        mine.iter()
            .map(|(_, action, _)| action.as_str())
            .collect::<Vec<_>>(),
        [
            "person_disabled",
            "password_set",
            "device_revoked",
            "person_created"
        ],
        "newest first"
    );
    assert_eq!(mine[2].2, format!("Koffer 1 ({})", clerk.device_id));
    assert!(
        entries
            .iter()
            .any(|(by, action, subject)| by == "Demo-Daten"
                && action == "person_created"
                && subject == "m.schreiber"),
        "the demo's accounts, too"
    );
    // Treuen's admin log knows nothing of Meerane's; a clerk reads none.
    assert_eq!(
        app.get_as(&clerk, "/api/admin-log").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_as(&new_clerk, "/api/admin-log").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_as(&treuen, "/api/admin-log").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn malformed_requests_get_a_clear_answer() {
    let app = TestApp::with_demo_data().await;
    let answer = app
        .call(
            "POST",
            "/api/sessions",
            &[("content-type", "application/json")],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json["message"],
        "Die Anfrage ist kein gültiges JSON."
    );

    let answer = app
        .call(
            "POST",
            "/api/sessions",
            &[("content-type", "text/plain")],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json["message"],
        "Die Anfrage muss JSON sein (Content-Type: application/json)."
    );

    let answer = app
        .call(
            "POST",
            "/api/sessions",
            &[],
            Some(serde_json::json!({ "username": "x" })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json["message"]
            .as_str()
            .unwrap_or_default()
            .contains("password"),
        "{}",
        answer.json
    );

    let session = app.sign_in("m.schreiber").await;
    let answer = app.get_as(&session, "/api/municipalities/14524").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.json["message"],
        "Ein Regionalschlüssel hat 12 Ziffern, eingegeben wurden 5."
    );
}
