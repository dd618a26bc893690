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
