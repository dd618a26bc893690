//! The API's description at /api/openapi.json: generated from the handlers and wire types, it
//! names every route the server answers, and every route it names is answered.

use crate::support::*;
use axum::http::StatusCode;

#[tokio::test]
async fn the_description_lists_every_route_and_every_listed_route_exists() {
    let app = TestApp::with_demo_data().await;
    let answer = app.call("GET", "/api/openapi.json", &[], None).await;
    assert_eq!(answer.status, StatusCode::OK);
    let description = answer.json;
    assert_eq!(description["openapi"], "3.1.0");
    assert_eq!(description["info"]["title"], "Bürgerkoffer");
    assert_eq!(description["servers"][0]["url"], "/api");

    // Error codes are a closed list a client can rely on.
    let codes = &description["components"]["schemas"]["ErrorCode"]["enum"];
    assert!(
        codes
            .as_array()
            .is_some_and(|codes| codes.contains(&"device_revoked".into())
                && codes.contains(&"quota_reached".into())),
        "{codes}"
    );

    let paths = description["paths"].as_object().expect("paths");
    let mut operations: Vec<String> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path item")
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |method| format!("{} /api{path}", method.to_uppercase()))
        })
        .collect();
    operations.sort();
    assert_eq!(
        operations,
        [
            "DELETE /api/municipality/routes/{service}",
            "DELETE /api/sessions/current",
            "GET /api/admin-log",
            "GET /api/assistance/socket",
            "GET /api/attachments/{municipality}/{sha256}",
            "GET /api/attachments/{municipality}/{sha256}/upload",
            "GET /api/callbacks/{municipality}",
            "GET /api/cases",
            "GET /api/cases/handover",
            "GET /api/cases/{municipality}/{id}",
            "GET /api/cases/{municipality}/{id}/handover",
            "GET /api/catalogues",
            "GET /api/devices",
            "GET /api/evaluation",
            "GET /api/evaluation/export",
            "GET /api/health",
            "GET /api/health/live",
            "GET /api/health/ready",
            "GET /api/municipalities/{regional_key}",
            "GET /api/municipality",
            "GET /api/municipality/routes",
            "GET /api/public/{municipality}/notice.pdf",
            "GET /api/public/{municipality}/notice.txt",
            "GET /api/public/{municipality}/tours.ics",
            "GET /api/sync/pull",
            "GET /api/terminal/dates/{id}/starts",
            "GET /api/terminal/services",
            "GET /api/terminals",
            "GET /api/tours/{municipality}",
            "GET /api/tours/{municipality}/clerks",
            "GET /api/tours/{municipality}/{id}/bookings",
            "GET /api/users",
            "PATCH /api/attachments/{municipality}/{sha256}/upload",
            "POST /api/assistance/tickets",
            "POST /api/callbacks/{municipality}/{id}/done",
            "POST /api/cases/{municipality}/{id}/conflicts",
            "POST /api/cases/{municipality}/{id}/status",
            "POST /api/cases/{municipality}/{id}/submissions",
            "POST /api/catalogue/preview",
            "POST /api/devices/contact",
            "POST /api/devices/{id}/revoke",
            "POST /api/sessions",
            "POST /api/sync/outcomes",
            "POST /api/sync/push",
            "POST /api/terminal/assistance/tickets",
            "POST /api/terminal/callbacks",
            "POST /api/terminal/cases",
            "POST /api/terminal/contact",
            "POST /api/terminal/dates/{id}/bookings",
            "POST /api/terminals",
            "POST /api/terminals/enrol",
            "POST /api/tours/{municipality}",
            "POST /api/tours/{municipality}/bookings/{booking}/cancel",
            "POST /api/tours/{municipality}/{id}/bookings",
            "POST /api/tours/{municipality}/{id}/cancel",
            "POST /api/tours/{municipality}/{id}/move",
            "POST /api/users",
            "POST /api/users/{username}/disable",
            "POST /api/users/{username}/password",
            "PUT /api/attachments/{municipality}/{sha256}",
            "PUT /api/catalogue",
            "PUT /api/municipality/lease",
            "PUT /api/municipality/places",
            "PUT /api/municipality/routes/{service}",
        ]
    );

    // Each one is answered (not "no such route"): called without credentials it asks for them,
    // or for a body, or answers.
    for operation in &operations {
        let (method, path) = operation.split_once(' ').expect("method and path");
        let path = path
            .replace("{municipality}", SCHOENBERG)
            .replace("{regional_key}", SCHOENBERG)
            .replace("{sha256}", &"a".repeat(64))
            .replace("{id}", "some-id")
            .replace("{username}", "m.schreiber")
            .replace("{service}", "anmeldung");
        let answer = app.call(method, &path, &[], None).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&answer.status),
            "{operation}: {}",
            answer.status
        );
    }

    // The sync protocol's wire types are described, down to the case.
    let schemas = description["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for name in [
        "PushRequest",
        "Mutation",
        "Change",
        "PushResponse",
        "Outcome",
        "PullResponse",
        "PulledChange",
        "Case",
        "Attachment",
        "Catalogue",
        "ErrorBody",
        "CaseSummary",
        "StatusChangeRequest",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    let push = &description["paths"]["/sync/push"]["post"];
    assert_eq!(
        push["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PushRequest"
    );
    assert!(description["components"]["securitySchemes"]["bearer"].is_object());

    // What a path or query may hold is in the description, so a generated client (or a
    // contract test) sends what the server takes.
    let pattern = |path: &str, method: &str, name: &str| {
        description["paths"][path][method]["parameters"]
            .as_array()
            .and_then(|parameters| parameters.iter().find(|p| p["name"] == name))
            .map(|parameter| parameter["schema"]["pattern"].clone())
            .unwrap_or_default()
    };
    let regional_key = r"^(0[1-9]|1[0-6])[0-9]{10}$";
    assert_eq!(
        pattern("/cases/{municipality}/{id}", "get", "municipality"),
        regional_key
    );
    assert_eq!(
        pattern("/municipalities/{regional_key}", "get", "regional_key"),
        regional_key
    );
    assert_eq!(pattern("/sync/pull", "get", "municipality"), regional_key);
    assert_eq!(
        pattern("/attachments/{municipality}/{sha256}", "put", "sha256"),
        r"^[0-9a-f]{64}$"
    );
}
