//! The mails to who booked, through a real SMTP server on 127.0.0.1 (aiosmtpd from PyPI, in
//! contract/.venv, writing what it receives to a Maildir), read back as a mail client reads
//! them: the confirmation with the booking code, what to bring and the link; the reminder the
//! day before; and the mail that a provisional date without enough bookings is cancelled.

use crate::support::*;
use axum::http::StatusCode;
use serde_json::json;
use server::tours::BookingSettings;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SCHOENBERG: &str = "145245118250";

/// aiosmtpd on a free port of 127.0.0.1, stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> Self {
        let python = test_python();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let maildir = tempfile::tempdir().expect("maildir");
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let server = Self {
            child,
            port,
            maildir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// The mails received so far as (to, subject, body).
    fn received(&self) -> Vec<(String, String, String)> {
        let files: Vec<PathBuf> = std::fs::read_dir(self.maildir.path().join("mail/new"))
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files
            .iter()
            .map(|path| {
                let raw = std::fs::read(path).expect("mail");
                let mail = mailparse::parse_mail(&raw).expect("a mail");
                let header = |name: &str| {
                    mailparse::MailHeaderMap::get_first_value(&mail.headers[..], name)
                        .unwrap_or_default()
                };
                (
                    header("To"),
                    header("Subject"),
                    mail.get_body().expect("body"),
                )
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn mail_on(app: &mut TestApp, smtp: &SmtpServer) {
    let relay = server::mail::Relay::new(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        "Bürgerkoffer Schönberg <koffer@schoenberg.invalid>",
    )
    .expect("relay");
    app.set_bookings(BookingSettings {
        relay: Some(relay),
        public_url: "https://koffer.example".into(),
        retention_days: 30,
    });
}

async fn plan(app: &TestApp, date: &str, min_bookings: u16) -> String {
    let office = app.sign_in("b.richter").await;
    let request = json!({
        "place": "Tettau, Dorfgemeinschaftshaus",
        "date": date,
        "starts": "09:00",
        "ends": "10:00",
        "clerks": ["m.schreiber"],
        "slots": [{ "service": "anmeldung", "minutes": 20 }],
        "provisional": { "min_bookings": min_bookings, "decide_days_before": 7 },
    });
    let answer = app
        .post_json_as(&office, &format!("/api/tours/{SCHOENBERG}"), request)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json);
    answer.json[0]["id"].as_str().expect("id").to_owned()
}

async fn book(app: &TestApp, date: &str, starts: &str, name: &str, contact: &str) {
    let answer = app
        .post_form(
            &format!("/termine/{SCHOENBERG}/{date}"),
            &[
                ("leistung", "anmeldung"),
                ("beginn", starts),
                ("name", name),
                ("kontakt", contact),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.json);
}

async fn send(app: &TestApp) {
    server::jobs::run_due(&app.state, "instance")
        .await
        .expect("jobs");
}

#[tokio::test]
async fn who_booked_is_mailed_on_booking_the_day_before_and_when_the_date_falls_through() {
    let smtp = SmtpServer::start();
    let mut app = TestApp::with_demo_data().await;
    mail_on(&mut app, &smtp).await;
    // Thursday 28 January stands once two have booked; Friday 29 January needs three.
    let stands = plan(&app, "2027-01-28", 2).await;
    let falls = plan(&app, "2027-01-29", 3).await;
    book(&app, &stands, "09:00", "Erna Müller", "erna@example.org").await;
    book(&app, &stands, "09:20", "Karl Weber", "03764 123456").await;
    book(&app, &falls, "09:00", "Erna Müller", "Erna@Example.org").await;
    send(&app).await;

    let received = smtp.received();
    assert_eq!(
        received.len(),
        2,
        "only who gave an e-mail address: {received:?}"
    );
    let subject = "Ihr Termin beim Bürgerkoffer: Donnerstag, 28.01.2027, 09:00 Uhr";
    let (to, _, body) = received
        .iter()
        .find(|m| m.1 == subject)
        .expect("confirmation");
    assert_eq!(to, "erna@example.org");
    let listed = app
        .get_as(
            &app.sign_in("b.richter").await,
            &format!("/api/tours/{SCHOENBERG}/{stands}/bookings"),
        )
        .await;
    let erna = listed
        .json
        .as_array()
        .expect("bookings")
        .iter()
        .find(|b| b["name"] == "Erna Müller");
    let code = erna.expect("erna")["code"].as_str().expect("code");
    for expected in [
        "Guten Tag Erna Müller,",
        "Wo: Tettau, Dorfgemeinschaftshaus",
        &format!("Buchungscode: {code}"),
        "- Wohnsitz anmelden (Meldeschein)",
        "  * Wohnungsgeberbestätigung (§ 19 BMG)",
        &format!("Absagen oder ändern: https://koffer.example/termine/{SCHOENBERG}/buchung/"),
        "30 Tage nach dem Termin gelöscht",
    ] {
        assert!(body.contains(expected), "{expected} missing in\n{body}");
    }
    // The link in the mail opens the booking.
    let link = body
        .lines()
        .find_map(|line| line.strip_prefix("Absagen oder ändern: https://koffer.example"))
        .expect("link");
    let page = app.call("GET", link.trim(), &[], None).await;
    assert_eq!(page.status, StatusCode::OK);

    // The day after Friday's deadline (22 January) Friday, with one booking of three, falls.
    app.advance(8 * 86_400);
    send(&app).await;
    let received = smtp.received();
    assert_eq!(received.len(), 3, "{received:?}");
    let subject = "Abgesagt: Bürgerkoffer am Freitag, 29.01.2027";
    let (to, _, body) = received
        .iter()
        .find(|m| m.1 == subject)
        .expect("cancellation");
    assert_eq!(to, "Erna@Example.org");
    assert!(body.contains(&format!(
        "Die nächsten Termine: https://koffer.example/termine/{SCHOENBERG}"
    )));

    // The day before Thursday, the reminder with the list; once.
    app.advance(4 * 86_400);
    send(&app).await;
    app.advance(server::jobs::LEASE_SECS);
    send(&app).await;
    let received = smtp.received();
    assert_eq!(received.len(), 4, "{received:?}");
    let subject = "Erinnerung: morgen Bürgerkoffer, 09:00 Uhr";
    let reminders: Vec<_> = received.iter().filter(|m| m.1 == subject).collect();
    assert_eq!(reminders.len(), 1, "{received:?}");
    let (to, _, body) = reminders[0];
    assert_eq!(to, "erna@example.org");
    assert!(body.contains("Personalausweis oder Reisepass"), "{body}");
}

#[tokio::test]
async fn without_a_relay_the_booking_page_says_mail_is_off_and_nothing_is_queued() {
    let app = TestApp::with_demo_data().await;
    let date = plan(&app, "2027-01-28", 1).await;
    book(&app, &date, "09:00", "Erna Müller", "erna@example.org").await;
    let form = app
        .call(
            "GET",
            &format!("/termine/{SCHOENBERG}/{date}?leistung=anmeldung"),
            &[],
            None,
        )
        .await;
    assert!(
        form.json
            .as_str()
            .expect("html")
            .contains("E-Mail-Erinnerungen sind auf diesem Server ausgeschaltet")
    );
    let queued = server::database::mail_outbox::due(&app.state.db, u64::MAX / 4, 10)
        .await
        .expect("outbox");
    assert!(queued.is_empty());
}

#[tokio::test]
async fn a_date_moved_takes_its_bookings_along_and_tells_who_booked() {
    let smtp = SmtpServer::start();
    let mut app = TestApp::with_demo_data().await;
    mail_on(&mut app, &smtp).await;
    let date = plan(&app, "2027-01-28", 2).await;
    book(&app, &date, "09:20", "Erna Müller", "erna@example.org").await;
    let office = app.sign_in("b.richter").await;
    let path = format!("/api/tours/{SCHOENBERG}/{date}/move");
    let bookings = format!("/api/tours/{SCHOENBERG}/{date}/bookings");
    let before = app.get_as(&office, &bookings).await.json;

    // Too short a window for her slot, or an hour the place is taken: refused, nothing moves.
    let short = json!({ "date": "2027-02-04", "starts": "10:00", "ends": "10:15" });
    let answer = app.post_json_as(&office, &path, short).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.json
    );
    assert!(
        answer.json["message"]
            .as_str()
            .expect("message")
            .contains("passen nicht")
    );
    plan(&app, "2027-02-04", 2).await;
    let taken = json!({ "date": "2027-02-04", "starts": "09:30", "ends": "11:00" });
    let answer = app.post_json_as(&office, &path, taken).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.json);
    assert_eq!(app.get_as(&office, &bookings).await.json, before);

    // A week on and an hour later: her slot moves to 10:20, and she is told.
    let later = json!({ "date": "2027-02-11", "starts": "10:00", "ends": "11:00" });
    let answer = app.post_json_as(&office, &path, later).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert_eq!(answer.json["date"], "2027-02-11");
    assert_eq!(answer.json["decide_on"], "2027-02-04");
    let moved = app.get_as(&office, &bookings).await.json;
    assert_eq!(
        (&moved[0]["starts"], &moved[0]["ends"]),
        (&json!("10:20"), &json!("10:40"))
    );
    send(&app).await;
    let received = smtp.received();
    let subject = "Verlegt: Ihr Termin ist jetzt am Donnerstag, 11.02.2027, 10:20 Uhr";
    let (to, _, body) = received.iter().find(|m| m.1 == subject).expect("moved");
    assert_eq!(to, "erna@example.org");
    assert!(body.contains("Absagen oder ändern:"), "{body}");
}
