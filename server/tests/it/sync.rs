//! Sync over the real router and SQLite: pushes applied exactly once and in order, stale edits
//! merged or flagged (never a lost field), pulls that return exactly what changed, and the
//! borders between municipalities on every sync route.

use crate::support::*;
use axum::http::StatusCode;
use domain::cases::{Attachment, Case, CaseStatus};
use domain::sync::wire::{Change, Mutation, Outcome, PullResponse, PushResponse};
use domain::sync::{CITIZEN, service_part};
use domain::wire::SignInResponse;
use serde_json::json;

fn put(id: u64, base_version: u64, case: &Case, changed: &[&str]) -> Mutation {
    Mutation {
        id,
        base_version,
        change: Change::PutCase {
            case: Box::new(case.clone()),
            changed: changed.iter().map(|p| p.to_string()).collect(),
        },
    }
}

async fn push(app: &TestApp, session: &SignInResponse, mutations: Vec<Mutation>) -> PushResponse {
    let answer = push_raw(app, session, &session.device_id, mutations).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json).expect("push response")
}

async fn push_raw(
    app: &TestApp,
    session: &SignInResponse,
    client_id: &str,
    mutations: Vec<Mutation>,
) -> Answer {
    push_edited(app, session, client_id, mutations, |_| {}).await
}

/// A push whose JSON body `edit` changes before it is sent.
async fn push_edited(
    app: &TestApp,
    session: &SignInResponse,
    client_id: &str,
    mutations: Vec<Mutation>,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Answer {
    let mut body = push_body(client_id, mutations);
    edit(&mut body);
    sign_push_with(&mut body, &device_key());
    app.post_json_as(session, "/api/sync/push", body).await
}

async fn pull(
    app: &TestApp,
    session: &SignInResponse,
    municipality: &str,
    cookie: u64,
    limit: usize,
) -> PullResponse {
    let answer = app
        .get_as(
            session,
            &format!("/api/sync/pull?municipality={municipality}&cookie={cookie}&limit={limit}"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json).expect("pull response")
}

fn outcomes(response: &PushResponse) -> Vec<Outcome> {
    response.results.iter().map(|r| r.outcome.clone()).collect()
}

#[tokio::test]
async fn a_replayed_push_changes_nothing() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let batch: Vec<Mutation> = (1..=3)
        .map(|n| {
            put(
                n,
                0,
                &captured_case(&format!("k{n}"), SCHOENBERG, "Müller"),
                &[],
            )
        })
        .collect();
    let first = push(&app, &clerk, batch.clone()).await;
    assert_eq!(outcomes(&first), vec![Outcome::Applied; 3]);
    assert_eq!(first.last_mutation_id, 3);
    let before = pull(&app, &clerk, SCHOENBERG, 0, 100).await;

    let again = push(&app, &clerk, batch).await;
    assert_eq!(outcomes(&again), vec![Outcome::AlreadyApplied; 3]);
    let after = pull(&app, &clerk, SCHOENBERG, 0, 100).await;
    assert_eq!(after, before, "nothing changed, not even a version");
    assert_eq!(after.changes.len(), 3);
}

#[tokio::test]
async fn an_out_of_order_mutation_is_refused_and_changes_nothing() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let response = push(
        &app,
        &clerk,
        vec![
            put(2, 0, &captured_case("k2", SCHOENBERG, "Zwei"), &[]),
            put(3, 0, &captured_case("k3", SCHOENBERG, "Drei"), &[]),
        ],
    )
    .await;
    assert_eq!(outcomes(&response), [Outcome::Gap { expected: 1 }]);
    assert_eq!(response.last_mutation_id, 0);
    assert!(
        pull(&app, &clerk, SCHOENBERG, 0, 100)
            .await
            .changes
            .is_empty()
    );

    let response = push(
        &app,
        &clerk,
        vec![
            put(1, 0, &captured_case("k1", SCHOENBERG, "Eins"), &[]),
            put(2, 0, &captured_case("k2", SCHOENBERG, "Zwei"), &[]),
        ],
    )
    .await;
    assert_eq!(outcomes(&response), [Outcome::Applied, Outcome::Applied]);
}

#[tokio::test]
async fn edits_from_a_stale_base_merge_or_are_flagged_and_no_field_is_lost() {
    // One device (the only one that may change its case) edits from a base it pulled, twice
    // over: different parts merge, the same part is kept beside the case and flagged.
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let original = captured_case("k1", SCHOENBERG, "Müller");
    push(&app, &laptop, vec![put(1, 0, &original, &[])]).await;
    let base = pull(&app, &laptop, SCHOENBERG, 0, 100).await.cookie;

    let mut moved_later = original.clone();
    moved_later.services[0]
        .values
        .insert("moved_in".into(), "02.01.2027".into());
    let form = service_part("anmeldung");
    assert_eq!(
        outcomes(&push(&app, &laptop, vec![put(2, base, &moved_later, &[&form])]).await),
        [Outcome::Applied]
    );
    let mut renamed = original.clone();
    renamed.citizen.family_name = "Müller-Lüdenscheidt".into();
    assert_eq!(
        outcomes(&push(&app, &laptop, vec![put(3, base, &renamed, &[CITIZEN])]).await),
        [Outcome::Merged {
            kept_from_server: vec![form.clone()]
        }]
    );
    let merged = pull(&app, &laptop, SCHOENBERG, base, 100).await;
    let latest = merged
        .changes
        .last()
        .and_then(|c| c.case.clone())
        .expect("case");
    assert_eq!(latest.citizen.family_name, "Müller-Lüdenscheidt");
    assert_eq!(latest.services, moved_later.services);
    assert!(!merged.changes.last().expect("change").flagged);

    // The same part from the stale base: the server's value stays, the other is kept, flagged.
    let mut other_name = original.clone();
    other_name.citizen.family_name = "Meier".into();
    assert_eq!(
        outcomes(&push(&app, &laptop, vec![put(4, base, &other_name, &[CITIZEN])]).await),
        [Outcome::Conflict {
            parts: vec![CITIZEN.into()]
        }]
    );
    let flagged = pull(&app, &laptop, SCHOENBERG, 0, 100).await;
    let change = flagged.changes.last().expect("change");
    assert!(change.flagged);
    assert_eq!(
        change.case.as_ref().expect("case").citizen.family_name,
        "Müller-Lüdenscheidt"
    );
    let kept: String = sqlx::query_scalar("SELECT meta FROM cases WHERE id = 'k1'")
        .fetch_one(&app.state.db)
        .await
        .expect("row");
    assert!(
        kept.contains("\"Meier\""),
        "the other value is kept for review"
    );

    // Conflict copies do not pile up: past the limit the push is refused and changes nothing.
    for (id, name) in (5..).zip(["Schulze", "Schmidt"]) {
        let mut again = original.clone();
        again.citizen.family_name = name.into();
        let answer = push(&app, &laptop, vec![put(id, base, &again, &[CITIZEN])]).await;
        assert!(matches!(outcomes(&answer)[0], Outcome::Conflict { .. }));
    }
    let before = pull(&app, &laptop, SCHOENBERG, 0, 100).await;
    let mut one_too_many = original.clone();
    one_too_many.citizen.family_name = "Wagner".into();
    let answer = push(&app, &laptop, vec![put(7, base, &one_too_many, &[CITIZEN])]).await;
    assert!(
        matches!(&outcomes(&answer)[0], Outcome::Rejected { reason } if reason.contains("warten schon 3")),
        "{answer:?}"
    );
    let after = pull(&app, &laptop, SCHOENBERG, 0, 100).await;
    assert_eq!(
        after.changes, before.changes,
        "the refused push changed nothing"
    );
}

#[tokio::test]
async fn the_town_hall_decides_a_flagged_conflict_and_its_record_says_so() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let original = captured_case("k1", SCHOENBERG, "Müller");
    push(&app, &laptop, vec![put(1, 0, &original, &[])]).await;
    let base = pull(&app, &laptop, SCHOENBERG, 0, 100).await.cookie;
    let mut first = original.clone();
    first.citizen.family_name = "Müller-Lüdenscheidt".into();
    push(&app, &laptop, vec![put(2, base, &first, &[CITIZEN])]).await;
    for (id, name) in [(3, "Meier"), (4, "Schulze")] {
        let mut stale = original.clone();
        stale.citizen.family_name = name.into();
        let answer = push(&app, &laptop, vec![put(id, base, &stale, &[CITIZEN])]).await;
        assert!(matches!(outcomes(&answer)[0], Outcome::Conflict { .. }));
    }
    let path = format!("/api/cases/{SCHOENBERG}/k1");
    let detail = app.get_as(&office, &path).await;
    assert_eq!(detail.json["summary"]["flagged"], true);
    let kept: Vec<&str> = detail.json["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| {
            c["theirs"]["citizen"]["family_name"]
                .as_str()
                .expect("name")
        })
        .collect();
    assert_eq!(kept, ["Meier", "Schulze"]);
    let inbox = app
        .get_as(
            &office,
            &format!("/api/cases?municipality={SCHOENBERG}&flagged=true"),
        )
        .await;
    assert_eq!(inbox.json.as_array().map(Vec::len), Some(1));

    // The device's second value is taken; then the held value is kept over the other.
    let conflicts = format!("{path}/conflicts");
    let decide = |conflict: usize, keep: &str| {
        let body = json!({ "conflict": conflict, "keep": keep });
        app.post_json_as(&office, &conflicts, body)
    };
    let answer = decide(1, "device").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert_eq!(answer.json["citizen"], "Schulze, Anna");
    assert_eq!(answer.json["flagged"], true, "one conflict still waits");
    let answer = decide(0, "held").await;
    assert_eq!(answer.json["flagged"], false);
    // Decided once: a second decision is refused and changes nothing.
    let answer = decide(0, "device").await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(
        answer.json["message"],
        "Diese widersprüchliche Änderung ist schon entschieden. Bitte den Fall neu laden."
    );

    let detail = app.get_as(&office, &path).await;
    assert_eq!(detail.json["case"]["citizen"]["family_name"], "Schulze");
    assert_eq!(detail.json["conflicts"], json!([]));
    assert_eq!(detail.json["record_problem"], serde_json::Value::Null);
    let kinds: Vec<&str> = detail.json["record"]
        .as_array()
        .expect("record")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("status"))
        .collect();
    // Each conflicting push was recorded as the device's edit it was; each decision as such.
    assert_eq!(
        kinds,
        [
            "filed", "edited", "edited", "edited", "resolved", "resolved"
        ]
    );
    // The laptop pulls the case as decided, no longer flagged.
    let pulled = pull(&app, &laptop, SCHOENBERG, 0, 100).await;
    let change = pulled.changes.last().expect("change");
    assert!(!change.flagged);
    assert_eq!(
        change.case.as_ref().expect("case").citizen.family_name,
        "Schulze"
    );
    // A clerk may not decide.
    let clerk = app
        .post_json_as(
            &laptop,
            &format!("{path}/conflicts"),
            json!({ "conflict": 0, "keep": "held" }),
        )
        .await;
    assert_eq!(clerk.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_correction_may_not_touch_what_the_citizen_signed_nor_a_finished_case() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let original = captured_case("k1", SCHOENBERG, "Müller");
    push(&app, &laptop, vec![put(1, 0, &original, &[])]).await;
    let base = pull(&app, &laptop, SCHOENBERG, 0, 100).await.cookie;
    let before = pull(&app, &laptop, SCHOENBERG, 0, 100).await.changes;

    let mut unsigned = original.clone();
    unsigned.signature = None;
    unsigned.citizen.family_name = "Meier".into();
    let answer = push(
        &app,
        &laptop,
        vec![put(2, base, &unsigned, &[CITIZEN, "signature"])],
    )
    .await;
    assert!(
        matches!(&outcomes(&answer)[0], Outcome::Rejected { reason } if reason.contains("nicht „Unterschrift“")),
        "{answer:?}"
    );
    for status in ["ready_for_pickup", "handed_over"] {
        let answer = set_status(&app, &office, SCHOENBERG, "k1", json!({ "status": status })).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    }
    let handed_over = pull(&app, &laptop, SCHOENBERG, 0, 100).await.changes;
    let mut renamed = original.clone();
    renamed.citizen.family_name = "Meier".into();
    let answer = push(&app, &laptop, vec![put(3, base, &renamed, &[CITIZEN])]).await;
    assert!(
        matches!(&outcomes(&answer)[0], Outcome::Rejected { reason } if reason.contains("schon „Ausgehändigt“")),
        "{answer:?}"
    );
    let after = pull(&app, &laptop, SCHOENBERG, 0, 100).await.changes;
    assert_eq!(
        after, handed_over,
        "the refused corrections changed nothing"
    );
    assert_eq!(
        after[0]
            .case
            .as_ref()
            .map(|c| c.citizen.family_name.as_str()),
        before[0]
            .case
            .as_ref()
            .map(|c| c.citizen.family_name.as_str())
    );
}

#[tokio::test]
async fn a_pull_after_n_changes_returns_exactly_those_n_in_pages() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    push(
        &app,
        &clerk,
        (1..=5)
            .map(|n| {
                put(
                    n,
                    0,
                    &captured_case(&format!("k{n}"), SCHOENBERG, "Alt"),
                    &[],
                )
            })
            .collect(),
    )
    .await;
    let cookie = pull(&app, &clerk, SCHOENBERG, 0, 1000).await.cookie;

    let mut changed = captured_case("k2", SCHOENBERG, "Alt");
    changed.citizen.given_names = "Berta".into();
    let mut renamed = captured_case("k4", SCHOENBERG, "Alt");
    renamed.citizen.family_name = "Neu".into();
    push(
        &app,
        &clerk,
        vec![
            put(6, cookie, &changed, &[CITIZEN]),
            put(7, cookie, &captured_case("k6", SCHOENBERG, "Neu"), &[]),
            put(8, cookie, &renamed, &[CITIZEN]),
        ],
    )
    .await;

    let first = pull(&app, &clerk, SCHOENBERG, cookie, 2).await;
    assert!(first.more);
    let second = pull(&app, &clerk, SCHOENBERG, first.cookie, 2).await;
    assert!(!second.more);
    let ids: Vec<_> = first
        .changes
        .iter()
        .chain(&second.changes)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["k2", "k6", "k4"]);
    assert_eq!(second.last_mutation_id, 8);
    let nothing = pull(&app, &clerk, SCHOENBERG, second.cookie, 2).await;
    assert!(nothing.changes.is_empty());
    assert_eq!(nothing.cookie, second.cookie);
}

#[tokio::test]
async fn a_pulled_page_carries_every_case_as_filed_whatever_its_id() {
    // The database writes each change's JSON around the stored case; ids that need escaping
    // in JSON come back intact and in version order, each case as sent plus the server's
    // transfer step.
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let ids = ["fall \"1\"", "fall\\2", "fäll-3", "fall\t4", "fall-5"];
    let cases: Vec<Case> = ids
        .iter()
        .map(|id| captured_case(id, SCHOENBERG, "Weiß"))
        .collect();
    let mutations: Vec<Mutation> = cases
        .iter()
        .zip(1..)
        .map(|(case, n)| put(n, 0, case, &[]))
        .collect();
    let outcomes = outcomes(&push(&app, &clerk, mutations).await);
    assert!(
        outcomes.iter().all(|o| *o == Outcome::Applied),
        "{outcomes:?}"
    );

    let first = pull(&app, &clerk, SCHOENBERG, 0, 3).await;
    let second = pull(&app, &clerk, SCHOENBERG, first.cookie, 3).await;
    assert!(first.more);
    assert!(!second.more);
    let pulled: Vec<_> = first.changes.iter().chain(&second.changes).collect();
    let versions: Vec<u64> = pulled.iter().map(|c| c.version).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(first.cookie, versions[2]);
    assert_eq!(second.cookie, versions[4]);
    let pulled_ids: Vec<&str> = pulled.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(pulled_ids, ids);
    for (change, case) in pulled.iter().zip(&cases) {
        let mut filed = change.case.clone().expect("a case");
        let transfer = filed.history.pop().expect("the transfer step");
        assert_eq!(transfer.status, domain::cases::CaseStatus::Transferred);
        assert_eq!(&filed, case);
        assert!(!change.flagged);
    }
}

#[tokio::test]
async fn a_regional_key_written_with_spaces_names_the_same_space() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let spaced = captured_case("k1", "14 524 511 8250", "Leerzeichen");
    let plain = captured_case("k2", SCHOENBERG, "Ohne");
    let pushed = push(
        &app,
        &clerk,
        vec![put(1, 0, &spaced, &[]), put(2, 0, &plain, &[])],
    )
    .await;
    assert_eq!(outcomes(&pushed), [Outcome::Applied, Outcome::Applied]);
    let page = pull(&app, &clerk, SCHOENBERG, 0, 10).await;
    let ids: Vec<&str> = page.changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["k1", "k2"]);
}

#[tokio::test]
async fn every_sync_route_refuses_another_municipality() {
    let app = TestApp::with_demo_data().await;
    let meerane = app.sign_in("m.schreiber").await;
    push(
        &app,
        &meerane,
        vec![put(1, 0, &captured_case("k1", MEERANE, "Meeraner"), &[])],
    )
    .await;
    let treuen = app.sign_in("t.lehmann").await;
    let schoenberg = app.sign_in("s.vogel").await;

    // (caller, municipality, allowed): own space, a delegation (Meerane serves Schönberg), and
    // never the other way round or across.
    let table = [
        (&meerane, MEERANE, true),
        (&meerane, SCHOENBERG, true),
        (&meerane, TREUEN, false),
        (&treuen, MEERANE, false),
        (&treuen, SCHOENBERG, false),
        (&schoenberg, MEERANE, false),
        (&schoenberg, SCHOENBERG, true),
    ];
    let mut next_id = std::collections::BTreeMap::from([(meerane.device_id.clone(), 2u64)]);
    let photo = jpeg(16, 16, 1);
    let address = sha256_hex(&photo);
    for (caller, municipality, allowed) in table {
        let path = format!("/api/attachments/{municipality}/{address}");
        let upload = app
            .put_bytes(caller, &path, "image/jpeg", photo.clone())
            .await;
        // Created the first time in a space, OK when someone uploaded it there before.
        let uploaded = matches!(upload.status, StatusCode::CREATED | StatusCode::OK);
        assert_eq!(
            (uploaded, upload.status == StatusCode::FORBIDDEN),
            (allowed, !allowed),
            "upload to {} as {}: {}",
            municipality,
            caller.clerk.username,
            upload.status
        );
        let download = app.get_as(caller, &path).await;
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            download.status, expected,
            "download from {} as {}",
            municipality, caller.clerk.username
        );

        let answer = app
            .get_as(
                caller,
                &format!("/api/sync/pull?municipality={municipality}&cookie=0"),
            )
            .await;
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            answer.status, expected,
            "pull {} as {}",
            municipality, caller.clerk.username
        );

        let id = next_id.entry(caller.device_id.clone()).or_insert(1);
        let own = captured_case(
            &format!("x-{}", caller.clerk.username),
            municipality,
            "Fremd",
        );
        let mutation = put(*id, 0, &own, &[]);
        *id += 1;
        let push = push_raw(&app, caller, &caller.device_id, vec![mutation]).await;
        assert_eq!(push.status, StatusCode::OK);
        let outcome = &push.json["results"][0]["outcome"];
        if allowed {
            assert!(
                outcome == "applied" || outcome == "already_applied",
                "{outcome}"
            );
        } else {
            assert!(
                outcome["rejected"]["reason"]
                    .as_str()
                    .is_some_and(|r| r.contains("darf dieses Konto nicht")),
                "{outcome}"
            );
        }
    }
    let treuen_cases = server::database::cases::count_cases(&app.state.db, &key(TREUEN))
        .await
        .expect("count");
    assert_eq!(treuen_cases, 0, "Meerane's clerk was refused in Treuen");
    let treuen_photos = server::database::attachments::count(&app.state.db, &key(TREUEN))
        .await
        .expect("count");
    assert_eq!(treuen_photos, 0, "no photo reached Treuen's space");
    let meerane_cases = server::database::cases::count_cases(&app.state.db, &key(MEERANE))
        .await
        .expect("count");
    assert_eq!(
        meerane_cases, 2,
        "k1 and Meerane's own new case; nobody else's"
    );
}

#[tokio::test]
async fn bad_pushes_get_a_reason_and_change_nothing() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let other = app.sign_in("m.schreiber").await;
    let bearer = format!("Bearer {}", clerk.token);
    let wrong_protocol = json!({ "protocol": 99, "client_id": clerk.device_id, "mutations": [] });
    let answer = app
        .call(
            "POST",
            "/api/sync/push",
            &[("authorization", &bearer)],
            Some(wrong_protocol),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("Protokoll"))
    );

    let answer = push_raw(
        &app,
        &clerk,
        &other.device_id,
        vec![put(1, 0, &captured_case("k1", SCHOENBERG, "X"), &[])],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::FORBIDDEN,
        "a session pushes only for its own device"
    );
    assert_eq!(answer.json["error"], "forbidden");

    let garbage =
        json!({ "protocol": 1, "client_id": clerk.device_id, "mutations": [{ "id": 1 }] });
    let answer = app
        .call(
            "POST",
            "/api/sync/push",
            &[("authorization", &bearer)],
            Some(garbage),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    let unknown_key = put(1, 0, &captured_case("k1", "12345", "X"), &[]);
    let response = push(&app, &clerk, vec![unknown_key]).await;
    assert!(
        matches!(&outcomes(&response)[0], Outcome::Rejected { reason } if reason.contains("Regionalschlüssel"))
    );
    assert!(
        pull(&app, &clerk, SCHOENBERG, 0, 10)
            .await
            .changes
            .is_empty()
    );
    let answer = app
        .call("GET", "/api/sync/pull?municipality=145245118250", &[], None)
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_case_is_stored_as_the_case_it_was_sent_as_whatever_fields_came_with_it() {
    // A push is read as typed mutations: fields the server does not know are dropped, and a
    // push holding something that is no case changes nothing.
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let plain = captured_case("plain \"1\"", SCHOENBERG, "Abholer");
    let extra = captured_case("extra-2", SCHOENBERG, "Abholer");
    let device = clerk.device_id.clone();

    let answer = push_edited(
        &app,
        &clerk,
        &device,
        vec![put(1, 0, &plain, &[])],
        |body| {
            let case = &mut body["mutations"][0]["change"]["put_case"]["case"];
            case.as_object_mut().expect("case").remove("history");
        },
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.json);
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("erwarteten Felder") && m.contains("history")),
        "{}",
        answer.json
    );
    assert!(
        pull(&app, &clerk, SCHOENBERG, 0, 10)
            .await
            .changes
            .is_empty()
    );

    let mutations = vec![put(1, 0, &plain, &[]), put(2, 0, &extra, &[])];
    let answer = push_edited(&app, &clerk, &device, mutations, |body| {
        let case = &mut body["mutations"][1]["change"]["put_case"]["case"];
        case["unknown"] = json!("not the server's");
        case["citizen"]["nickname"] = json!("Anni");
    })
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let pulled = app
        .get_as(
            &clerk,
            &format!("/api/sync/pull?municipality={SCHOENBERG}&cookie=0"),
        )
        .await;
    let text = pulled.json.to_string();
    assert!(
        !text.contains("unknown") && !text.contains("nickname"),
        "{text}"
    );
    let pulled: PullResponse = serde_json::from_value(pulled.json).expect("pull");
    assert_eq!(pulled.changes.len(), 2);
    for (change, sent) in pulled.changes.iter().zip([&plain, &extra]) {
        let mut stored = change.case.clone().expect("a case");
        let transfer = stored.history.pop().expect("a step");
        assert_eq!(transfer.status, domain::cases::CaseStatus::Transferred);
        assert_eq!(transfer.by, "Server");
        assert_eq!(&stored, sent, "as sent, with the transfer step");
    }

    // The server merges a later edit into what it stored.
    let mut edited = plain.clone();
    edited.citizen.family_name = "Neumann".into();
    let base = pulled.changes[0].version;
    let response = push(&app, &clerk, vec![put(3, base, &edited, &[CITIZEN])]).await;
    assert_eq!(outcomes(&response), [Outcome::Applied]);
    let after = pull(&app, &clerk, SCHOENBERG, pulled.cookie, 10).await;
    let merged = after.changes[0].case.as_ref().expect("a case");
    assert_eq!(merged.citizen.family_name, "Neumann");
    assert_eq!(
        merged.history.len(),
        plain.history.len() + 1,
        "the transfer step stays"
    );
}

async fn set_status(
    app: &TestApp,
    who: &SignInResponse,
    municipality: &str,
    id: &str,
    body: serde_json::Value,
) -> Answer {
    let bearer = format!("Bearer {}", who.token);
    app.call(
        "POST",
        &format!("/api/cases/{municipality}/{id}/status"),
        &[("authorization", &bearer)],
        Some(body),
    )
    .await
}

/// What a backup holds of one space and one case row. Putting it back sets both to what they
/// were, as restoring the whole database would (the rest of it does not matter here).
struct Backup {
    municipality: &'static str,
    id: &'static str,
    space_version: i64,
    row: (i64, i64, Option<String>, Option<String>),
}

impl Backup {
    async fn take(app: &TestApp, municipality: &'static str, id: &'static str) -> Self {
        let space_version =
            sqlx::query_scalar("SELECT version FROM spaces WHERE municipality = $1")
                .bind(municipality)
                .fetch_one(&app.state.db)
                .await
                .expect("space");
        let row = sqlx::query_as(
            "SELECT version, flagged, body, meta FROM cases WHERE municipality = $1 AND id = $2",
        )
        .bind(municipality)
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .expect("case");
        Self {
            municipality,
            id,
            space_version,
            row,
        }
    }

    async fn put_back(self, app: &TestApp) {
        sqlx::query("UPDATE spaces SET version = $1 WHERE municipality = $2")
            .bind(self.space_version)
            .bind(self.municipality)
            .execute(&app.state.db)
            .await
            .expect("space");
        let (version, flagged, body, meta) = self.row;
        sqlx::query(
            "UPDATE cases SET version = $1, flagged = $2, body = $3, meta = $4
             WHERE municipality = $5 AND id = $6",
        )
        .bind(version)
        .bind(flagged)
        .bind(body)
        .bind(meta)
        .bind(self.municipality)
        .bind(self.id)
        .execute(&app.state.db)
        .await
        .expect("case");
    }
}

#[tokio::test]
async fn after_a_restore_a_device_that_pulled_since_the_backup_still_pulls_what_follows() {
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    push(
        &app,
        &laptop,
        vec![put(1, 0, &captured_case("k1", SCHOENBERG, "Abholer"), &[])],
    )
    .await;
    let backup = Backup::take(&app, SCHOENBERG, "k1").await;

    // After the nightly backup the back office takes the case up, and the laptop pulls that.
    app.advance(3_600);
    let answer = set_status(
        &app,
        &office,
        SCHOENBERG,
        "k1",
        json!({ "status": "in_progress" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    let seen = pull(&app, &laptop, SCHOENBERG, 0, 100).await;
    let status = |pulled: &PullResponse| pulled.changes[0].case.as_ref().map(Case::status);
    assert_eq!(status(&seen), Some(CaseStatus::InProgress));

    // The disk fails; the backup is put back, and later that day the back office decides anew.
    backup.put_back(&app).await;
    app.advance(7_200);
    let answer = set_status(
        &app,
        &office,
        SCHOENBERG,
        "k1",
        json!({ "status": "rejected", "reason": "Unterlagen fehlen" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);

    // The laptop pulls from where it was: the decision lies past its cookie.
    let after = pull(&app, &laptop, SCHOENBERG, seen.cookie, 100).await;
    assert_eq!(after.changes.len(), 1, "{:?}", after.changes);
    assert_eq!(status(&after), Some(CaseStatus::Rejected));
    assert!(after.cookie > seen.cookie);
}

#[tokio::test]
async fn the_back_office_decides_and_the_clerks_device_pulls_the_decision() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    push(
        &app,
        &clerk,
        vec![put(1, 0, &captured_case("k1", SCHOENBERG, "Abholer"), &[])],
    )
    .await;
    let arrived = pull(&app, &clerk, SCHOENBERG, 0, 100).await;
    let history = &arrived.changes[0].case.as_ref().expect("case").history;
    assert_eq!(
        history.last().map(|s| (s.status, s.by.as_str())),
        Some((CaseStatus::Transferred, "Server"))
    );

    let list = app
        .get_as(&office, &format!("/api/cases?municipality={SCHOENBERG}"))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    assert_eq!(list.json[0]["number"], "2027-TESTTEST-k1");
    assert_eq!(list.json[0]["status"], "transferred");

    // A shortcut is refused and changes nothing.
    let answer = set_status(
        &app,
        &office,
        SCHOENBERG,
        "k1",
        json!({ "status": "handed_over" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(
        answer.json["message"],
        "Ein Fall im Status „Übertragen“ kann nicht „Ausgehändigt“ werden."
    );
    let answer = set_status(
        &app,
        &office,
        SCHOENBERG,
        "k1",
        json!({ "status": "rejected", "reason": " " }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        pull(&app, &clerk, SCHOENBERG, arrived.cookie, 100)
            .await
            .changes
            .is_empty()
    );

    for status in ["in_progress", "ready_for_pickup"] {
        let answer = set_status(&app, &office, SCHOENBERG, "k1", json!({ "status": status })).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
        assert_eq!(answer.json["status"], status);
    }
    let decided = pull(&app, &clerk, SCHOENBERG, arrived.cookie, 100).await;
    assert_eq!(decided.changes.len(), 1, "one row, at its newest version");
    let case = decided.changes[0].case.as_ref().expect("case");
    assert_eq!(case.status(), CaseStatus::ReadyForPickup);
    assert_eq!(
        steps(case),
        [
            (CaseStatus::Draft, "Maria Schreiber"),
            (CaseStatus::Captured, "Maria Schreiber"),
            (CaseStatus::Transferred, "Server"),
            (CaseStatus::InProgress, "Birgit Richter"),
            (CaseStatus::ReadyForPickup, "Birgit Richter"),
        ]
    );
}

#[tokio::test]
async fn back_office_routes_refuse_clerks_and_other_municipalities() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let treuen = app.sign_in("t.lehmann").await;
    push(
        &app,
        &clerk,
        vec![put(1, 0, &captured_case("k1", MEERANE, "Abholer"), &[])],
    )
    .await;
    push(
        &app,
        &treuen,
        vec![put(1, 0, &captured_case("t1", TREUEN, "Abholer"), &[])],
    )
    .await;

    // (caller, municipality, case, expected status of list and of a status change)
    let table = [
        (&office, MEERANE, "k1", StatusCode::OK),
        (&office, TREUEN, "t1", StatusCode::FORBIDDEN),
        (&clerk, MEERANE, "k1", StatusCode::FORBIDDEN),
        (&treuen, TREUEN, "t1", StatusCode::FORBIDDEN),
    ];
    for (caller, municipality, id, expected) in table {
        let list = app
            .get_as(caller, &format!("/api/cases?municipality={municipality}"))
            .await;
        assert_eq!(
            list.status, expected,
            "list {municipality} as {}",
            caller.clerk.username
        );
        let change = set_status(
            &app,
            caller,
            municipality,
            id,
            json!({ "status": "in_progress" }),
        )
        .await;
        assert_eq!(
            change.status, expected,
            "status {municipality} as {}",
            caller.clerk.username
        );
    }
    let untouched = pull(&app, &treuen, TREUEN, 0, 10).await;
    assert_eq!(
        untouched.changes[0].case.as_ref().expect("case").status(),
        domain::cases::CaseStatus::Transferred,
        "refused calls changed nothing"
    );
}

#[tokio::test]
async fn photos_are_uploaded_by_their_hash_checked_once_and_needed_before_their_case() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let photo = jpeg(400, 300, 7);
    let address = sha256_hex(&photo);
    let path = format!("/api/attachments/{SCHOENBERG}/{address}");

    // A case referencing a photo the server lacks is refused with a reason, and stored nowhere.
    let mut with_photo = captured_case("p1", SCHOENBERG, "Fotografin");
    with_photo.attachments.push(Attachment {
        sha256: address.clone(),
        record: "attachment-local".into(),
        bytes: photo.len() as u64,
    });
    let refused = push(&app, &clerk, vec![put(1, 0, &with_photo, &[])]).await;
    assert!(
        matches!(&outcomes(&refused)[0], Outcome::Rejected { reason } if reason.contains("Foto")),
        "{refused:?}"
    );
    let stored = server::database::cases::count_cases(&app.state.db, &key(SCHOENBERG))
        .await
        .expect("count");
    assert_eq!(stored, 0);

    // Bytes that do not match their address, are not sent as a JPEG, or only start like one
    // (an HTML page behind a JPEG header), change nothing.
    let mut damaged = photo.clone();
    damaged[100] ^= 1;
    let answer = app.put_bytes(&clerk, &path, "image/jpeg", damaged).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("passt nicht"))
    );
    let answer = app
        .put_bytes(&clerk, &path, "text/plain", photo.clone())
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = app
        .put_bytes(
            &clerk,
            &format!("/api/attachments/{SCHOENBERG}/NOT-A-HASH"),
            "image/jpeg",
            photo.clone(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let disguised = [
        b"\xFF\xD8\xFF\xE0".as_slice(),
        b"<html><script>alert(1)</script></html>",
    ]
    .concat();
    let answer = app
        .put_bytes(
            &clerk,
            &format!("/api/attachments/{SCHOENBERG}/{}", sha256_hex(&disguised)),
            "image/jpeg",
            disguised,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json["message"],
        "Die Datei ist kein lesbares JPEG-Foto. Bitte das Foto neu aufnehmen."
    );
    let held = server::database::attachments::count(&app.state.db, &key(SCHOENBERG))
        .await
        .expect("count");
    assert_eq!(held, 0);

    // The upload, and its repetition after a lost answer: one copy.
    let first = app
        .put_bytes(&clerk, &path, "image/jpeg", photo.clone())
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    assert_eq!(first.json["bytes"], photo.len());
    let again = app
        .put_bytes(&clerk, &path, "image/jpeg", photo.clone())
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let held = server::database::attachments::count(&app.state.db, &key(SCHOENBERG))
        .await
        .expect("count");
    assert_eq!(held, 1);

    // Now the case goes through, and the photo comes back byte for byte to the device that
    // took it and to the back office; to another laptop it does not exist.
    let applied = push(&app, &clerk, vec![put(2, 0, &with_photo, &[])]).await;
    assert_eq!(outcomes(&applied), [Outcome::Applied]);
    let office = app.sign_in("b.richter").await;
    for who in [&clerk, &office] {
        let answer = app.get_bytes(who, &path).await;
        assert_eq!(answer.0, StatusCode::OK);
        assert_eq!(answer.1, photo);
    }
    let other_laptop = app.sign_in("m.schreiber").await;
    assert_eq!(
        app.get_bytes(&other_laptop, &path).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_pull_asked_wrongly_is_answered_with_the_apis_german_error() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let answer = app
        .get_as(
            &clerk,
            &format!("/api/sync/pull?municipality={SCHOENBERG}&cookie=gestern"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json["error"], "bad_request");
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| m.ends_with('.')),
        "{}",
        answer.json
    );
}

#[tokio::test]
async fn a_newer_catalogue_arrives_with_the_pull_and_only_when_newer() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let pull_with = |held: u64| {
        let path = format!("/api/sync/pull?municipality={SCHOENBERG}&cookie=0&catalogue={held}");
        let app = &app;
        let clerk = &clerk;
        async move {
            let answer = app.get_as(clerk, &path).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
            serde_json::from_value::<PullResponse>(answer.json).expect("pull")
        }
    };
    assert!(
        pull_with(1).await.catalogue.is_none(),
        "the device holds the current one"
    );

    let key = domain::municipality::RegionalKey::parse(SCHOENBERG).expect("key");
    let mut body = server::database::catalogues::parse(server::database::catalogues::STANDARD)
        .expect("standard");
    body.places.push("Schönberg, Feuerwehrhaus".into());
    let version =
        server::database::catalogues::replace(&app.state.db, &key, &body, ("test", START))
            .await
            .expect("replace");
    assert_eq!(version, 2);

    let newer = pull_with(1)
        .await
        .catalogue
        .expect("the newer catalogue comes along");
    assert_eq!(newer.version, 2);
    assert!(
        newer
            .places
            .contains(&"Schönberg, Feuerwehrhaus".to_string())
    );
    assert!(pull_with(2).await.catalogue.is_none());
    // Without the parameter (older apps) the answer stays as it was.
    let plain = pull(&app, &clerk, SCHOENBERG, 0, 10).await;
    assert!(plain.catalogue.is_none());
}

#[tokio::test]
async fn a_batch_applies_exactly_as_the_same_mutations_pushed_one_by_one() {
    // A case filed earlier, then in one push and in six: an edit of it from its version, two
    // new cases, an edit of one of them from a stale base (a conflict), the deletion of a case
    // the server holds and of one it never had (both refused).
    let first = captured_case("b1", SCHOENBERG, "Erstfassung");
    let mut second = first.clone();
    second.citizen.family_name = "Zweitfassung".into();
    let fresh = captured_case("b2", SCHOENBERG, "Neu");
    let mut stale = fresh.clone();
    stale.citizen.family_name = "Veraltet".into();
    let delete = |id: u64, case: &str| Mutation {
        id,
        base_version: 0,
        change: Change::DeleteCase {
            municipality: SCHOENBERG.into(),
            id: case.into(),
        },
    };

    let mut pulled = Vec::new();
    let mut answers = Vec::new();
    for batched in [true, false] {
        let app = TestApp::with_demo_data().await;
        let clerk = app.sign_in("m.schreiber").await;
        push(&app, &clerk, vec![put(1, 0, &first, &[])]).await;
        let base = pull(&app, &clerk, SCHOENBERG, 0, 100).await.cookie;
        let mutations = vec![
            put(2, base, &second, &[CITIZEN]),
            put(3, 0, &fresh, &[]),
            put(4, 0, &captured_case("b3", SCHOENBERG, "Dritte"), &[]),
            put(5, base, &stale, &[CITIZEN]),
            delete(6, "b1"),
            delete(7, "b9"),
        ];
        let outcomes: Vec<Outcome> = if batched {
            outcomes(&push(&app, &clerk, mutations).await)
        } else {
            let mut each = Vec::new();
            for mutation in mutations {
                each.extend(outcomes(&push(&app, &clerk, vec![mutation]).await));
            }
            each
        };
        answers.push(outcomes);
        pulled.push(
            pull(&app, &clerk, SCHOENBERG, 0, 100)
                .await
                .changes
                .into_iter()
                .map(|c| (c.id, c.case.map(|k| k.citizen.family_name), c.flagged))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0][..3], vec![Outcome::Applied; 3]);
    assert_eq!(
        answers[0][3],
        Outcome::Conflict {
            parts: vec![CITIZEN.into()]
        }
    );
    assert!(
        matches!(&answers[0][4], Outcome::Rejected { reason } if reason.contains("nicht gelöscht"))
    );
    assert!(
        matches!(&answers[0][5], Outcome::Rejected { reason } if reason == "Diesen Fall gibt es nicht.")
    );
    assert_eq!(pulled[0], pulled[1]);
    let mut cases = pulled[0].clone();
    cases.sort();
    assert_eq!(
        cases,
        [
            ("b1".to_string(), Some("Zweitfassung".to_string()), false),
            ("b2".to_string(), Some("Neu".to_string()), true),
            ("b3".to_string(), Some("Dritte".to_string()), false),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_and_the_back_office_at_the_same_moment_all_land_and_lose_no_field() {
    // Each laptop files new cases and corrects its own earlier case while the back office sets
    // a status (first on those two cases, then on cases filed in earlier rounds): one space,
    // written from three sides at once.
    let app = TestApp::with_demo_data().await;
    let laptop = app.sign_in("m.schreiber").await;
    let tablet = app.sign_in("m.schreiber").await;
    let office = app.sign_in("b.richter").await;
    let mut next_ids = [1u64, 1u64];
    let mut own = Vec::new();
    for (device, name) in [(&laptop, "laptop"), (&tablet, "tablet")] {
        let case = captured_case(&format!("eigen-{name}"), SCHOENBERG, "Gemeinsam");
        push(&app, device, vec![put(1, 0, &case, &[])]).await;
        own.push(case);
    }
    let office_steps = [
        "eigen-laptop",
        "eigen-tablet",
        "laptop-0-0",
        "tablet-1-0",
        "laptop-2-0",
        "tablet-3-0",
    ];
    const GIVEN_NAMES: [&str; 6] = ["Anna", "Berta", "Clara", "Dora", "Emma", "Frieda"];
    for (round, office_case) in office_steps.into_iter().enumerate() {
        let mut requests = Vec::new();
        for (index, device) in [&laptop, &tablet].into_iter().enumerate() {
            let base = pull(&app, device, SCHOENBERG, 0, 1000).await.cookie;
            let mut edited = own[index].clone();
            edited.citizen.given_names = GIVEN_NAMES[round].into();
            next_ids[index] += 1;
            let mut mutations = vec![put(next_ids[index], base, &edited, &[CITIZEN])];
            for n in 0..20 {
                next_ids[index] += 1;
                let id = format!("{}-{round}-{n}", ["laptop", "tablet"][index]);
                mutations.push(put(
                    next_ids[index],
                    0,
                    &captured_case(&id, SCHOENBERG, "Neu"),
                    &[],
                ));
            }
            requests.push(mutations);
        }
        let [from_laptop, from_tablet]: [Vec<Mutation>; 2] =
            requests.try_into().expect("two devices");
        let step = json!({ "status": "in_progress" });
        let (laptop_answer, tablet_answer, office_answer) = tokio::join!(
            push_raw(&app, &laptop, &laptop.device_id, from_laptop),
            push_raw(&app, &tablet, &tablet.device_id, from_tablet),
            set_status(&app, &office, SCHOENBERG, office_case, step),
        );
        for answer in [laptop_answer, tablet_answer, office_answer] {
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "round {round}: {}",
                answer.json
            );
            assert!(
                !answer.json.to_string().contains("rejected"),
                "round {round}: {}",
                answer.json
            );
        }
        // Each device is handed its own cases.
        let mut space = pull(&app, &laptop, SCHOENBERG, 0, 1000).await.changes;
        space.extend(pull(&app, &tablet, SCHOENBERG, 0, 1000).await.changes);
        let case_of = |id: &str| {
            space
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.case.clone())
                .expect("case")
        };
        for own_case in &own {
            assert_eq!(
                case_of(&own_case.id).citizen.given_names,
                GIVEN_NAMES[round]
            );
        }
        assert_eq!(
            case_of(office_case).status(),
            CaseStatus::InProgress,
            "the back office's step stays beside the devices' corrections"
        );
    }
    for (device, name) in [(&laptop, "laptop-"), (&tablet, "tablet-")] {
        let page = pull(&app, device, SCHOENBERG, 0, 1000).await;
        let mut ids: Vec<String> = page.changes.into_iter().map(|c| c.id).collect();
        ids.retain(|id| id.starts_with(name));
        ids.sort();
        ids.dedup();
        assert_eq!(
            ids.len(),
            6 * 20,
            "{name}: every case once, and only its own"
        );
    }
}
