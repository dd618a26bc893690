//! What the operator watches, on both backends: the metrics read cases per status and active
//! devices from the database at each scrape.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn scrape(app: &TestApp) -> String {
    let request = Request::get("/metrics")
        .body(Body::empty())
        .expect("request");
    let response = server::metrics::router(app.state.clone())
        .oneshot(request)
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8(body.to_vec()).expect("utf-8")
}

/// The value of the series `name` (with its labels) in `text`.
fn value(text: &str, name: &str) -> i64 {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} missing in:\n{text}"))
}

#[tokio::test]
async fn metrics_count_the_cases_per_status_and_the_devices_in_contact() {
    let app = TestApp::with_demo_data().await;
    let visits = server::demo::visits::seed(&app.state)
        .await
        .expect("visits");
    assert!(visits > 0);
    let before = scrape(&app).await;
    let transferred = value(&before, r#"buergerkoffer_cases{status="transferred"}"#);
    let all: i64 = before
        .lines()
        .filter(|line| line.starts_with("buergerkoffer_cases{"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<i64>().ok())
        .sum();
    assert_eq!(
        all, visits as i64,
        "each of the demo's visits once: {before}"
    );
    assert!(transferred > 0, "{before}");
    let active = value(&before, "buergerkoffer_devices_active");

    // A laptop set up now is in contact now.
    app.sign_in("m.schreiber").await;
    let after = scrape(&app).await;
    assert_eq!(value(&after, "buergerkoffer_devices_active"), active + 1);
    assert_eq!(
        value(&after, r#"buergerkoffer_cases{status="transferred"}"#),
        transferred
    );
}
