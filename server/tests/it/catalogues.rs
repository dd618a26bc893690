//! Service catalogues over the real router and SQLite: each clerk gets their own municipality's
//! catalogue and those it serves, never another's.

use crate::support::*;
use axum::http::StatusCode;

fn keys_and_places(answer: &Answer) -> Vec<(String, String)> {
    answer
        .json
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| {
            (
                c["municipality_name"].as_str().unwrap_or("").to_owned(),
                c["places"][0].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_clerk_gets_the_catalogues_of_their_municipality_and_those_it_serves() {
    let app = TestApp::with_demo_data().await;
    let meerane = app.sign_in("m.schreiber").await;
    let answer = app.get_as(&meerane, "/api/catalogues").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert_eq!(
        keys_and_places(&answer),
        [
            ("Meerane".to_owned(), "Meerane, Rathaus".to_owned()),
            ("Schönberg".to_owned(), "Schönberg, Gemeindeamt".to_owned())
        ]
    );
    let first = &answer.json[0];
    assert_eq!(first["version"], 1);
    assert!(first["services"].as_array().expect("services").len() >= 12);
    assert_eq!(first["services"][0]["leika"], "99115005104000");

    let treuen = app.sign_in("t.lehmann").await;
    let answer = app.get_as(&treuen, "/api/catalogues").await;
    assert_eq!(
        keys_and_places(&answer),
        [("Treuen".to_owned(), "Treuen, Rathaus".to_owned())]
    );

    // Schönberg's own clerk does not get Meerane's catalogue: delegation is one-way.
    let schoenberg = app.sign_in("s.vogel").await;
    let answer = app.get_as(&schoenberg, "/api/catalogues").await;
    assert_eq!(answer.json.as_array().map(Vec::len), Some(1));
    assert_eq!(answer.json[0]["municipality_name"], "Schönberg");
}

#[tokio::test]
async fn catalogues_need_a_signed_in_clerk() {
    let app = TestApp::with_demo_data().await;
    let answer = app.call("GET", "/api/catalogues", &[], None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn the_admin_reviews_a_new_catalogue_takes_it_and_sets_places_and_lease() {
    let app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let clerk = app.sign_in("m.schreiber").await;
    let held = app.get_as(&clerk, "/api/catalogues").await.json[0].clone();
    let mut upload = serde_json::json!({ "places": held["places"], "services": held["services"] });
    let services = upload["services"].as_array_mut().expect("services");
    let beglaubigung = services
        .iter_mut()
        .find(|s| s["id"] == "beglaubigung")
        .expect("beglaubigung");
    beglaubigung["fee_cents"] = 700.into();
    services.retain(|s| s["id"] != "fundsache");
    upload["places"]
        .as_array_mut()
        .expect("places")
        .push("Meerane, Bibliothek".into());

    let preview = app
        .post_json_as(&admin, "/api/catalogue/preview", upload.clone())
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.json);
    assert_eq!(preview.json["version"], 1);
    assert_eq!(
        preview.json["changes"],
        serde_json::json!([
            { "place_added": { "place": "Meerane, Bibliothek" } },
            { "service_changed": { "id": "beglaubigung", "title": "Amtliche Beglaubigung von Abschriften",
                "fee_cents": [500, 700], "offline": null, "fields_added": [], "fields_removed": [],
                "other": false } },
            { "service_removed": { "id": "fundsache", "title": "Fundsache abgeben" } },
        ])
    );
    assert_eq!(
        app.get_as(&clerk, "/api/catalogues").await.json[0]["version"],
        1,
        "a preview stores nothing"
    );

    // A catalogue with a mistake is refused, naming it; a clerk may do neither.
    let mut broken = upload.clone();
    let first = broken["services"][0].clone();
    broken["services"]
        .as_array_mut()
        .expect("services")
        .push(first);
    let refused = app
        .post_json_as(&admin, "/api/catalogue/preview", broken)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Der Katalog hat Fehler: service id anmeldung repeats")),
        "{}",
        refused.json
    );
    assert_eq!(
        app.post_json_as(&clerk, "/api/catalogue/preview", upload.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let taken = app
        .call(
            "PUT",
            "/api/catalogue",
            &[("authorization", &format!("Bearer {}", admin.token))],
            Some(upload),
        )
        .await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.json);
    let now = app.get_as(&clerk, "/api/catalogues").await.json[0].clone();
    assert_eq!(now["version"], 2);
    assert_eq!(now["places"][2], "Meerane, Bibliothek");

    let put = |path: &'static str, body: serde_json::Value| {
        let bearer = format!("Bearer {}", admin.token);
        let app = &app;
        async move {
            app.call("PUT", path, &[("authorization", &bearer)], Some(body))
                .await
        }
    };
    let places = put(
        "/api/municipality/places",
        serde_json::json!({ "places": ["Meerane, Rathaus", " "] }),
    )
    .await;
    assert_eq!(places.json, 3, "the catalogue's next version");
    let none = put(
        "/api/municipality/places",
        serde_json::json!({ "places": [" "] }),
    )
    .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        none.json["message"],
        "Mindestens ein Ort wird gebraucht, an dem der Koffer aufgebaut wird."
    );
    let lease = put(
        "/api/municipality/lease",
        serde_json::json!({ "offline_lease_days": 7 }),
    )
    .await;
    assert_eq!(lease.status, StatusCode::NO_CONTENT);
    let too_long = put(
        "/api/municipality/lease",
        serde_json::json!({ "offline_lease_days": 365 }),
    )
    .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);

    let settings = app.get_as(&admin, "/api/municipality").await;
    assert_eq!(settings.json["municipality"]["offline_lease_days"], 7);
    assert_eq!(
        settings.json["places"],
        serde_json::json!(["Meerane, Rathaus"])
    );
    assert_eq!(settings.json["catalogue_version"], 3);
    assert_eq!(settings.json["serves"][0]["name"], "Schönberg");
    assert_eq!(
        app.get_as(&clerk, "/api/municipality").await.status,
        StatusCode::FORBIDDEN
    );

    let log = app.get_as(&admin, "/api/admin-log").await;
    let actions: Vec<&str> = log
        .json
        .as_array()
        .expect("log")
        .iter()
        .take(3)
        .map(|e| e["action"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        actions,
        ["lease_changed", "places_changed", "catalogue_replaced"]
    );
}
