//! The town hall's reading of the cases: the back office's inbox filtered and paged by the
//! server, and the evaluation's figures counted by the database, small cells withheld, with
//! known counts and medians for seeded cases.

use crate::support::*;
use axum::http::StatusCode;
use domain::cases::{Case, RequestedService};
use domain::evaluation::quartiles;
use domain::sync::wire::{Change, Mutation, Outcome, PushResponse};
use domain::wire::{CaseSummary, Evaluation, SignInResponse};
use serde_json::json;

const RATHAUS: &str = "Meerane, Rathaus";
const SENIORS: &str = "Meerane, Seniorenwohnanlage";
const MINUTE: u64 = 60_000;

/// 12 January 2027, 09:00 UTC (10:00 in Meerane), three days before the test clock's start.
const TUESDAY_MS: u64 = 1_799_744_400_000;
/// A week before.
const WEEK_BEFORE_MS: u64 = TUESDAY_MS - 7 * 24 * 60 * MINUTE;

/// A case of Meerane taken at `place` on the day of `opened_ms`, finished `minutes` later.
fn taken(id: &str, service: &str, place: &str, opened_ms: u64, minutes: u64) -> Case {
    let mut case = captured_case(id, MEERANE, "Fallzahl");
    case.deployment.place = place.into();
    case.deployment.date =
        domain::forms::Date::from_unix_days((opened_ms / 86_400_000) as i64).iso();
    case.history[0].at_ms = opened_ms;
    case.history[1].at_ms = opened_ms + minutes * MINUTE;
    if service == "lebensbescheinigung" {
        case.services = vec![RequestedService {
            service: service.into(),
            values: [("for_whom", "drv"), ("unterlagen.ausweis", "ja")]
                .into_iter()
                .map(|(field, value)| (field.to_owned(), value.to_owned()))
                .collect(),
        }];
    }
    case
}

/// Ten cases of Meerane: six Anmeldungen at the Rathaus on a Tuesday (3 to 13 minutes), two
/// Lebensbescheinigungen there too, and two Anmeldungen at the seniors' home a week before.
fn seeded() -> Vec<Case> {
    let mut cases: Vec<Case> = [3, 5, 7, 9, 11, 13]
        .into_iter()
        .enumerate()
        .map(|(n, minutes)| {
            let opened = TUESDAY_MS + n as u64 * 20 * MINUTE;
            taken(&format!("r{n}"), "anmeldung", RATHAUS, opened, minutes)
        })
        .collect();
    for (n, minutes) in [4, 6].into_iter().enumerate() {
        let opened = TUESDAY_MS + (200 + n as u64 * 10) * MINUTE;
        cases.push(taken(
            &format!("l{n}"),
            "lebensbescheinigung",
            RATHAUS,
            opened,
            2,
        ));
        let opened = WEEK_BEFORE_MS + n as u64 * 30 * MINUTE;
        cases.push(taken(
            &format!("s{n}"),
            "anmeldung",
            SENIORS,
            opened,
            minutes,
        ));
    }
    cases
}

async fn push_all(app: &TestApp, clerk: &SignInResponse, cases: &[Case]) {
    let mutations = cases
        .iter()
        .enumerate()
        .map(|(n, case)| Mutation {
            id: n as u64 + 1,
            base_version: 0,
            change: Change::PutCase {
                case: Box::new(case.clone()),
                changed: Vec::new(),
            },
        })
        .collect();
    let answer = app
        .post_json_as(
            clerk,
            "/api/sync/push",
            push_body(&clerk.device_id, mutations),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let response: PushResponse = serde_json::from_value(answer.json).expect("push response");
    for result in response.results {
        assert_eq!(result.outcome, Outcome::Applied, "mutation {}", result.id);
    }
}

async fn decide(app: &TestApp, office: &SignInResponse, id: &str, status: &str, reason: &str) {
    let answer = app
        .post_json_as(
            office,
            &format!("/api/cases/{MEERANE}/{id}/status"),
            json!({ "status": status, "reason": reason }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
}

/// Ten cases filed and decided: five Anmeldungen refused for one reason, one
/// Lebensbescheinigung for another.
async fn town_with_ten_cases() -> (TestApp, SignInResponse) {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    push_all(&app, &clerk, &seeded()).await;
    for n in 0..5 {
        decide(
            &app,
            &office,
            &format!("r{n}"),
            "rejected",
            "Wohnungsgeberbestätigung fehlt",
        )
        .await;
    }
    decide(&app, &office, "l0", "rejected", "Rente ruht").await;
    decide(&app, &office, "r5", "in_progress", "").await;
    (app, office)
}

fn encoded(text: &str) -> String {
    text.replace(' ', "%20")
}

async fn evaluation(app: &TestApp, who: &SignInResponse, query: &str) -> Evaluation {
    let answer = app
        .get_as(
            who,
            &format!("/api/evaluation?municipality={MEERANE}{query}"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json).expect("evaluation")
}

#[tokio::test]
async fn the_evaluation_counts_in_the_database_and_withholds_cells_under_five() {
    let (app, office) = town_with_ten_cases().await;
    let figures = evaluation(&app, &office, "&from=2027-01-01&to=2027-01-31").await;
    assert_eq!(figures.cases, Some(10));

    let service = |id: &str| {
        figures
            .services
            .iter()
            .find(|figures| figures.service == id)
            .unwrap_or_else(|| panic!("{id} counted"))
    };
    let anmeldung = service("anmeldung");
    assert_eq!(anmeldung.cases, Some(8));
    assert_eq!(anmeldung.rejected, Some(5));
    assert_eq!(
        anmeldung.offline,
        Some(domain::catalogue::OfflinePolicy::CompletedAfterTransfer)
    );
    // Minutes 3, 4, 5, 6, 7, 9, 11, 13: quartiles by nearest rank, the median between 6 and 7.
    let minutes = [3, 4, 5, 6, 7, 9, 11, 13].map(|m| m * MINUTE);
    assert_eq!(
        anmeldung.handling_ms,
        Some([4 * MINUTE, 6 * MINUTE + MINUTE / 2, 9 * MINUTE])
    );
    assert_eq!(
        quartiles(&minutes.map(|ms| (ms, 1))),
        anmeldung.handling_ms,
        "the database ranks as domain::evaluation does"
    );
    let lebensbescheinigung = service("lebensbescheinigung");
    assert_eq!(
        (
            lebensbescheinigung.cases,
            lebensbescheinigung.rejected,
            lebensbescheinigung.handling_ms
        ),
        (None, None, None),
        "two cases are a small cell: withheld, with everything that would give them away"
    );

    let weeks: Vec<_> = figures
        .weeks
        .iter()
        .map(|w| (w.week.as_str(), w.cases))
        .collect();
    assert_eq!(weeks, [("2027-01-04", None), ("2027-01-11", Some(8))]);

    let weeks: Vec<_> = figures
        .weeks
        .iter()
        .map(|w| (w.week.as_str(), w.cases))
        .collect();
    assert_eq!(weeks, [("2027-01-04", None), ("2027-01-11", Some(8))]);

    let cell = |service: &str, place: &str, week: &str| {
        figures
            .per_service_place_week
            .iter()
            .find(|cell| cell.service == service && cell.place == place && cell.week == week)
            .unwrap_or_else(|| panic!("{service} at {place} in {week}"))
            .cases
    };
    assert_eq!(cell("anmeldung", RATHAUS, "2027-01-11"), Some(6));
    assert_eq!(cell("anmeldung", SENIORS, "2027-01-04"), None);
    assert_eq!(cell("lebensbescheinigung", RATHAUS, "2027-01-11"), None);

    let deployments: Vec<_> = figures
        .deployments
        .iter()
        .map(|d| (d.place.as_str(), d.day.as_str(), d.cases))
        .collect();
    assert_eq!(
        deployments,
        [
            (SENIORS, "2027-01-05", None),
            (RATHAUS, "2027-01-12", Some(8))
        ]
    );
    // First case opened at 10:00, the last (opened at 13:30) finished two minutes later.
    assert_eq!(figures.deployments[1].minutes_on_site, 212);

    let reasons: Vec<_> = figures
        .rejection_reasons
        .iter()
        .map(|r| (r.reason.as_str(), r.cases))
        .collect();
    assert_eq!(reasons, [("Wohnungsgeberbestätigung fehlt", 5)]);

    // A period holds the visits within it, both days included.
    let week = evaluation(&app, &office, "&from=2027-01-11&to=2027-01-12").await;
    assert_eq!(week.cases, Some(8));
    assert!(week.deployments.iter().all(|d| d.place == RATHAUS));

    // Facts lost (or never written, by an earlier release) are filled in from the cases.
    sqlx::query("DELETE FROM case_facts")
        .execute(&app.state.db)
        .await
        .expect("facts gone");
    let filled = server::database::facts::fill_missing(&app.state.db)
        .await
        .expect("filled");
    assert_eq!(filled, 10);
    assert_eq!(
        evaluation(&app, &office, "&from=2027-01-01&to=2027-01-31").await,
        figures
    );
}

#[tokio::test]
async fn every_table_exports_as_csv_for_german_excel_and_all_as_one_xlsx() {
    let (app, office) = town_with_ten_cases().await;
    let answer = app
        .get_as(
            &office,
            &format!("/api/evaluation/export?municipality={MEERANE}&format=csv&table=services&from=2027-01-01&to=2027-01-31"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        answer.headers["content-disposition"],
        "attachment; filename=\"auswertung-145245118180-2027-01-01-2027-01-31-Leistungen.csv\"; \
         filename*=UTF-8''auswertung-145245118180-2027-01-01-2027-01-31-Leistungen.csv"
    );
    let csv = answer.json.as_str().expect("text").to_owned();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert_eq!(
        lines,
        [
            "Leistung;LeiKa-Schlüssel;Angebot im Koffer;Fälle;davon abgelehnt;\
             Bearbeitungszeit 1. Quartil (Min.);Bearbeitungszeit Median (Min.);\
             Bearbeitungszeit 3. Quartil (Min.)",
            "Wohnsitz anmelden (Meldeschein);99115005104000;nach Übertragung abgeschlossen;8;5;4;6,5;9",
            "Lebensbescheinigung;;vor Ort abgeschlossen;< 5;< 5;< 5;< 5;< 5",
        ]
    );

    let path = format!(
        "/api/evaluation/export?municipality={MEERANE}&format=xlsx&from=2027-01-01&to=2027-01-31"
    );
    let (status, bytes) = app.get_bytes(&office, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        bytes.starts_with(b"PK\x03\x04"),
        "an XLSX workbook is a ZIP file"
    );

    let refused = app
        .get_as(
            &office,
            &format!("/api/evaluation/export?municipality={MEERANE}&format=csv"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Für CSV bitte eine Tabelle wählen")),
        "{}",
        refused.json
    );
    let clerk = app.sign_in("m.schreiber").await;
    assert_eq!(app.get_bytes(&clerk, &path).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_evaluation_is_for_the_town_hall_of_the_municipality_and_asks_for_real_days() {
    let (app, office) = town_with_ten_cases().await;
    let clerk = app.sign_in("m.schreiber").await;
    let admin = app.sign_in("m.admin").await;
    let path = format!("/api/evaluation?municipality={MEERANE}");
    assert_eq!(
        app.get_as(&clerk, &path).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get_as(&admin, &path).await.status, StatusCode::OK);
    let treuen = format!("/api/evaluation?municipality={TREUEN}");
    assert_eq!(
        app.get_as(&office, &treuen).await.status,
        StatusCode::FORBIDDEN
    );
    for (query, sentence) in [
        (
            "&from=12.01.2027",
            "„12.01.2027“ ist kein Datum; erwartet wird JJJJ-MM-TT.",
        ),
        (
            "&from=2027-02-01&to=2027-01-01",
            "Der Zeitraum endet vor seinem Beginn.",
        ),
    ] {
        let answer = app.get_as(&office, &format!("{path}{query}")).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.json["message"], sentence);
    }
    let answer = app.get_as(&office, "/api/evaluation").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Die Angaben in der Adresse der Anfrage passen nicht")),
        "{}",
        answer.json
    );
}

async fn inbox(app: &TestApp, office: &SignInResponse, query: &str) -> Vec<CaseSummary> {
    let answer = app
        .get_as(office, &format!("/api/cases?municipality={MEERANE}{query}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.json);
    serde_json::from_value(answer.json).expect("summaries")
}

fn ids(cases: &[CaseSummary]) -> Vec<&str> {
    let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn the_inbox_is_filtered_and_paged_by_the_server() {
    let (app, office) = town_with_ten_cases().await;
    let table: [(String, Vec<&str>); 8] = [
        (
            "&status=rejected".into(),
            vec!["l0", "r0", "r1", "r2", "r3", "r4"],
        ),
        ("&status=in_progress".into(), vec!["r5"]),
        ("&service=lebensbescheinigung".into(), vec!["l0", "l1"]),
        (format!("&place={}", encoded(SENIORS)), vec!["s0", "s1"]),
        (
            "&from=2027-01-06&to=2027-01-12&service=anmeldung".into(),
            vec!["r0", "r1", "r2", "r3", "r4", "r5"],
        ),
        (
            "&status=rejected&service=lebensbescheinigung".into(),
            vec!["l0"],
        ),
        ("&clerk=Niemand".into(), vec![]),
        ("&flagged=true".into(), vec![]),
    ];
    for (query, expected) in table {
        assert_eq!(
            ids(&inbox(&app, &office, &query).await),
            expected,
            "{query}"
        );
    }
    assert_eq!(
        inbox(
            &app,
            &office,
            &format!("&clerk={}", encoded("Maria Schreiber"))
        )
        .await
        .len(),
        10
    );

    // Pages of four, newest change first, each continuing where the last ended.
    let mut seen = Vec::new();
    let mut query = "&limit=4".to_owned();
    loop {
        let page = inbox(&app, &office, &query).await;
        assert!(page.len() <= 4);
        let Some(last) = page.last() else { break };
        assert!(
            page.windows(2)
                .all(|pair| pair[0].version > pair[1].version)
        );
        query = format!("&limit=4&before={}", last.version);
        seen.extend(page.iter().map(|c| c.id.clone()));
    }
    seen.sort_unstable();
    assert_eq!(seen, ids(&inbox(&app, &office, "").await));

    for (query, refused_as, sentence) in [
        (
            "&from=12.01.2027",
            StatusCode::UNPROCESSABLE_ENTITY,
            "„12.01.2027“ ist kein Datum; erwartet wird JJJJ-MM-TT.",
        ),
        (
            "&status=erledigt",
            StatusCode::BAD_REQUEST,
            "Die Angaben in der Adresse der Anfrage passen nicht",
        ),
    ] {
        let answer = app
            .get_as(
                &office,
                &format!("/api/cases?municipality={MEERANE}{query}"),
            )
            .await;
        assert_eq!(answer.status, refused_as, "{query}");
        assert!(
            answer.json["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(sentence)),
            "{}",
            answer.json
        );
    }
}

#[tokio::test]
async fn the_demo_visits_are_filed_like_a_laptops_and_give_the_evaluation_its_figures() {
    let app = TestApp::with_demo_data().await;
    let filed = server::demo::visits::seed(&app.state)
        .await
        .expect("demo visits");
    // Meerane 8 × 6 + 4 × 2, Schönberg 8 × 4 + 4 × 6, Treuen 8 × 8.
    assert_eq!(filed, 56 + 56 + 64);
    let office = app.sign_in("b.richter").await;
    let meerane = evaluation(&app, &office, "").await;
    assert_eq!(meerane.cases, Some(56));
    let service = |figures: &Evaluation, id: &str| {
        figures
            .services
            .iter()
            .find(|s| s.service == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    let lebensbescheinigung = service(&meerane, "lebensbescheinigung");
    assert_eq!(lebensbescheinigung.cases, Some(24));
    assert_eq!(
        lebensbescheinigung.handling_ms,
        Some([6 * MINUTE, 8 * MINUTE, 10 * MINUTE])
    );
    assert_eq!(service(&meerane, "anmeldung").rejected, Some(5));
    assert_eq!(
        meerane
            .rejection_reasons
            .iter()
            .map(|r| (r.reason.as_str(), r.cases))
            .collect::<Vec<_>>(),
        [("Wohnungsgeberbestätigung fehlt", 5)]
    );
    assert!(
        meerane
            .deployments
            .iter()
            .filter(|d| d.place == RATHAUS)
            .all(|d| d.cases.is_none()),
        "two Fundsachen a Thursday: few citizens, withheld"
    );
    assert_eq!(meerane.weeks.len(), 8);

    // Both municipalities Birgit Richter works for, counted together.
    let both = app
        .get_as(
            &office,
            &format!("/api/evaluation?municipality={MEERANE},{SCHOENBERG}"),
        )
        .await;
    let both: Evaluation = serde_json::from_value(both.json).expect("figures");
    assert_eq!(both.cases, Some(112));
    assert_eq!(both.municipality, format!("{MEERANE},{SCHOENBERG}"));
    let with_treuen = app
        .get_as(
            &office,
            &format!("/api/evaluation?municipality={MEERANE},{TREUEN}"),
        )
        .await;
    assert_eq!(
        with_treuen.status,
        StatusCode::FORBIDDEN,
        "not one she may act for"
    );

    // Schönberg is served by Meerane: its Tettau deployments have four citizens each.
    let schoenberg = app
        .get_as(
            &office,
            &format!("/api/evaluation?municipality={SCHOENBERG}"),
        )
        .await;
    let schoenberg: Evaluation = serde_json::from_value(schoenberg.json).expect("figures");
    assert_eq!(schoenberg.cases, Some(56));
    assert!(
        schoenberg
            .deployments
            .iter()
            .filter(|d| d.place.starts_with("Tettau"))
            .all(|d| d.cases.is_none())
    );

    // Every demo case's record holds: filed under the demo laptop's signature, decided by the
    // town hall.
    for summary in inbox(&app, &office, "&status=handed_over").await {
        let detail = app
            .get_as(&office, &format!("/api/cases/{MEERANE}/{}", summary.id))
            .await;
        assert_eq!(
            detail.json["record_problem"],
            serde_json::Value::Null,
            "{}",
            summary.id
        );
        assert_eq!(detail.json["record"].as_array().map(Vec::len), Some(3));
    }
}

#[tokio::test]
async fn no_route_of_the_town_hall_app_answers_a_clerk() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    push_all(&app, &clerk, &seeded()[..1]).await;
    let bearer = format!("Bearer {}", clerk.token);
    let routes: [(&str, String, Option<serde_json::Value>); 18] = [
        ("GET", format!("/api/cases?municipality={MEERANE}"), None),
        ("GET", format!("/api/cases/{MEERANE}/r0"), None),
        (
            "POST",
            format!("/api/cases/{MEERANE}/r0/status"),
            Some(json!({ "status": "in_progress" })),
        ),
        (
            "POST",
            format!("/api/cases/{MEERANE}/r0/conflicts"),
            Some(json!({ "conflict": 0, "keep": "held" })),
        ),
        (
            "GET",
            format!("/api/evaluation?municipality={MEERANE}"),
            None,
        ),
        (
            "GET",
            format!("/api/evaluation/export?municipality={MEERANE}&format=xlsx"),
            None,
        ),
        ("GET", "/api/users".into(), None),
        (
            "POST",
            "/api/users".into(),
            Some(json!({ "username": "x.y", "display_name": "X",
            "role": "admin", "password": "Ein-gutes-Passwort-1" })),
        ),
        ("POST", "/api/users/b.richter/disable".into(), None),
        (
            "POST",
            "/api/users/b.richter/password".into(),
            Some(json!({ "password": "Ein-gutes-Passwort-1" })),
        ),
        ("GET", "/api/devices".into(), None),
        (
            "POST",
            format!("/api/devices/{}/revoke", clerk.device_id),
            None,
        ),
        ("GET", "/api/admin-log".into(), None),
        ("GET", "/api/municipality".into(), None),
        (
            "PUT",
            "/api/municipality/lease".into(),
            Some(json!({ "offline_lease_days": 1 })),
        ),
        (
            "PUT",
            "/api/municipality/places".into(),
            Some(json!({ "places": ["X"] })),
        ),
        (
            "POST",
            "/api/catalogue/preview".into(),
            Some(json!({ "services": [] })),
        ),
        (
            "PUT",
            "/api/catalogue".into(),
            Some(json!({ "services": [] })),
        ),
    ];
    for (method, path, body) in routes {
        let answer = app
            .call(method, &path, &[("authorization", &bearer)], body)
            .await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            answer.json
        );
    }
    // Nothing changed: the clerk still signs in, the case is still Übertragen.
    let office = app.sign_in("b.richter").await;
    let list = inbox(&app, &office, "&status=transferred").await;
    assert_eq!(ids(&list), ["r0"]);
}
