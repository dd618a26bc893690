//! The tour plan's notice for the Amtsblatt (plain text) and the notice board (PDF, read back
//! with pypdf as a PDF reader reads it), for anyone, over a period.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use std::io::Write;
use std::process::{Command, Stdio};
use tower::ServiceExt;

async fn plan(app: &TestApp, date: &str) {
    let office = app.sign_in("b.richter").await;
    let request = json!({
        "place": "Tettau, Dorfgemeinschaftshaus", "date": date,
        "starts": "09:00", "ends": "12:00", "clerks": ["m.schreiber"],
        "slots": [{ "service": "anmeldung", "minutes": 20 }, { "service": "lebensbescheinigung", "minutes": 10 }],
        "notes": "Schlüssel beim Ortsvorsteher",
    });
    let answer = app
        .post_json_as(&office, &format!("/api/tours/{SCHOENBERG}"), request)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
}

async fn fetch(app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let request = Request::get(path).body(Body::empty()).expect("request");
    let response = app
        .app
        .clone()
        .layer(axum::extract::connect_info::MockConnectInfo(app.peer))
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, kind, bytes.to_vec())
}

/// The text of a PDF as pypdf extracts it.
fn pdf_text(pdf: &[u8]) -> String {
    let mut reader = Command::new(test_python())
        .args([
            "-c",
            "import io, sys, pypdf\n\
             pdf = pypdf.PdfReader(io.BytesIO(sys.stdin.buffer.read()))\n\
             print(pdf.metadata.title)\n\
             print('\\n'.join(page.extract_text() for page in pdf.pages))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python");
    reader
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("pdf to pypdf");
    let output = reader.wait_with_output().expect("pypdf");
    assert!(output.status.success(), "pypdf could not read the PDF");
    String::from_utf8(output.stdout).expect("text")
}

#[tokio::test]
async fn the_notice_comes_as_text_for_the_amtsblatt_and_as_a_pdf_for_the_notice_board() {
    let app = TestApp::with_demo_data().await;
    // A quarter of weekly dates: the PDF takes more than one page.
    for week in 0..12 {
        let day = domain::forms::Date::from_unix_days(
            domain::forms::Date::new(2027, 1, 21)
                .expect("date")
                .unix_days()
                + 7 * week,
        );
        plan(&app, &day.iso()).await;
    }
    let base = format!("/api/public/{SCHOENBERG}");
    let (status, kind, text) = fetch(&app, &format!("{base}/notice.txt?to=2027-01-31")).await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "text/plain; charset=utf-8")
    );
    let text = String::from_utf8(text).expect("utf-8");
    for expected in [
        "Bürgerkoffer in Schönberg: Termine vom 15.01.2027 bis 31.01.2027",
        "Donnerstag, 21.01.2027, 09:00 bis 12:00 Uhr",
        "  - Wohnsitz anmelden (Meldeschein) – bitte mitbringen: Personalausweis oder Reisepass, Wohnungsgeberbestätigung (§ 19 BMG)",
        &format!("Termine buchen: http://127.0.0.1:8080/termine/{SCHOENBERG}"),
    ] {
        assert!(text.contains(expected), "{expected} missing in\n{text}");
    }
    assert!(
        !text.contains("04.02.2027") && !text.contains("Ortsvorsteher"),
        "{text}"
    );

    let (status, kind, pdf) = fetch(&app, &format!("{base}/notice.pdf")).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    let read = pdf_text(&pdf);
    for expected in [
        "Bürgerkoffer Schönberg: Termine",
        "Bürgerkoffer in Schönberg: Termine vom 15.01.2027",
        "Donnerstag, 21.01.2027, 09:00 bis 12:00 Uhr",
        "Wohnungsgeberbestätigung (§ 19 BMG)",
        "Donnerstag, 08.04.2027",
    ] {
        assert!(read.contains(expected), "{expected} missing in\n{read}");
    }

    for (query, status) in [
        (
            "?from=2027-02-01&to=2027-01-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "?from=2027-01-01&to=2028-06-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("?from=gestern", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        assert_eq!(
            fetch(&app, &format!("{base}/notice.txt{query}")).await.0,
            status,
            "{query}"
        );
    }
    assert_eq!(
        fetch(&app, "/api/public/145235118399/notice.pdf").await.0,
        StatusCode::NOT_FOUND
    );
}
