//! Video assistance's signalling over a real WebSocket on loopback: only a fresh ticket opens the
//! socket, a call reaches only those on duty for the terminal's municipality, the negotiation
//! reaches only the other party of the call, and revoking a terminal closes its socket at once.
//! On both backends.

use crate::support::*;
use axum::http::StatusCode;
use domain::wire::{Role, SignInResponse};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use server::database::users::{self, NewUser};
use std::net::SocketAddr;
use std::time::Duration;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const PLACE: &str = "Meerane, Seniorenwohnanlage";

async fn open(address: SocketAddr, ticket: &str) -> Result<Socket, WsError> {
    let url = format!("ws://{address}/api/assistance/socket?ticket={ticket}");
    tokio_tungstenite::connect_async(url)
        .await
        .map(|(socket, _)| socket)
}

/// The status and German sentence of a refused opening.
fn refusal(opened: Result<Socket, WsError>) -> (u16, String) {
    match opened {
        Err(WsError::Http(response)) => {
            let body: Value = serde_json::from_slice(response.body().as_deref().unwrap_or(b"{}"))
                .expect("a JSON body");
            (
                response.status().as_u16(),
                body["message"].as_str().unwrap_or_default().to_owned(),
            )
        }
        Err(other) => panic!("refused otherwise: {other}"),
        Ok(_) => panic!("opened"),
    }
}

async fn staff_ticket(app: &TestApp, person: &SignInResponse) -> String {
    let answer = app.post_as(person, "/api/assistance/tickets").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json["ticket"].as_str().expect("ticket").to_owned()
}

async fn terminal_ticket_answer(app: &TestApp, (id, credential): &(String, String)) -> Answer {
    app.call(
        "POST",
        "/api/terminal/assistance/tickets",
        &[("x-device-id", id), ("x-device-credential", credential)],
        None,
    )
    .await
}

async fn terminal_ticket(app: &TestApp, terminal: &(String, String)) -> String {
    let answer = terminal_ticket_answer(app, terminal).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    answer.json["ticket"].as_str().expect("ticket").to_owned()
}

/// The next message on `socket`, within a few seconds.
async fn next(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a message in time")
            .expect("the socket is open")
            .expect("a frame");
        match message {
            Message::Text(text) => return serde_json::from_str(&text).expect("JSON"),
            Message::Close(_) => return json!("closed"),
            _ => {}
        }
    }
}

/// Nothing arrives on `socket` for a moment.
async fn quiet(socket: &mut Socket) {
    let arrived = tokio::time::timeout(Duration::from_millis(300), socket.next()).await;
    assert!(arrived.is_err(), "nothing expected: {arrived:?}");
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("sent");
}

async fn treuens_back_office(app: &TestApp) -> SignInResponse {
    users::create(
        &app.state.db,
        NewUser {
            municipality: &key(TREUEN),
            username: "t.amt",
            display_name: "Tom Amt",
            role: Role::BackOffice,
            password: PASSWORD,
        },
        ("test", START),
    )
    .await
    .expect("Treuen's back office");
    app.sign_in("t.amt").await
}

/// Birgit Richter on duty and a terminal at `PLACE` calling, everything said so far read: the
/// admin who enrolled the terminal, its proof, and the two sockets.
async fn a_call_ringing(
    app: &TestApp,
    address: SocketAddr,
) -> (SignInResponse, (String, String), Socket, Socket) {
    let admin = app.sign_in("m.admin").await;
    let terminal = app.enrolled_terminal(&admin, PLACE).await;
    let richter = app.sign_in("b.richter").await;
    let mut desk = open(address, &staff_ticket(app, &richter).await)
        .await
        .expect("desk");
    next(&mut desk).await;
    let mut kiosk = open(address, &terminal_ticket(app, &terminal).await)
        .await
        .expect("kiosk");
    next(&mut kiosk).await;
    send(&mut kiosk, json!("call")).await;
    assert_eq!(next(&mut kiosk).await, json!({ "ringing": { "call": 1 } }));
    next(&mut desk).await;
    (admin, terminal, desk, kiosk)
}

#[tokio::test]
async fn a_call_reaches_only_those_on_duty_for_the_terminals_municipality() {
    let app = TestApp::with_demo_data().await;
    let address = app.serve_on_loopback().await;
    let admin = app.sign_in("m.admin").await;
    let terminal = app.enrolled_terminal(&admin, PLACE).await;

    let mut kiosk = open(address, &terminal_ticket(&app, &terminal).await)
        .await
        .expect("the terminal's socket");
    assert_eq!(
        next(&mut kiosk).await,
        json!({ "duty": { "staffed": false } })
    );
    send(&mut kiosk, json!("call")).await;
    let nobody = next(&mut kiosk).await;
    assert_eq!(nobody["refused"]["refusal"], "no_one_on_duty");
    assert_eq!(
        nobody["refused"]["message"],
        "Gerade ist niemand im Dienst. Bitte bitten Sie um Rückruf oder buchen Sie einen Termin."
    );

    let treuen = treuens_back_office(&app).await;
    let mut stranger = open(address, &staff_ticket(&app, &treuen).await)
        .await
        .expect("Treuen's socket");
    assert_eq!(
        next(&mut stranger).await,
        json!({ "queue": { "calls": [] } })
    );
    quiet(&mut kiosk).await;

    let richter = app.sign_in("b.richter").await;
    let mut desk = open(address, &staff_ticket(&app, &richter).await)
        .await
        .expect("Meerane's socket");
    assert_eq!(next(&mut desk).await, json!({ "queue": { "calls": [] } }));
    assert_eq!(
        next(&mut kiosk).await,
        json!({ "duty": { "staffed": true } })
    );

    send(&mut kiosk, json!("call")).await;
    assert_eq!(next(&mut kiosk).await, json!({ "ringing": { "call": 1 } }));
    assert_eq!(
        next(&mut desk).await,
        json!({ "queue": { "calls": [{ "call": 1, "municipality_name": "Meerane",
                "place": PLACE, "since": START }] } })
    );
    quiet(&mut stranger).await;

    send(&mut stranger, json!({ "accept": { "call": 1 } })).await;
    assert_eq!(
        next(&mut stranger).await["refused"]["refusal"],
        "not_your_municipality"
    );
    send(&mut desk, json!({ "accept": { "call": 1 } })).await;
    assert_eq!(
        next(&mut kiosk).await,
        json!({ "connected": { "call": 1, "peer": "Birgit Richter", "makes_offer": true } })
    );
    assert_eq!(
        next(&mut desk).await,
        json!({ "connected": { "call": 1, "peer": format!("{PLACE} (Meerane)"),
                "makes_offer": false } })
    );
    assert_eq!(next(&mut desk).await, json!({ "queue": { "calls": [] } }));

    let offer = json!({ "offer": { "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } });
    send(&mut kiosk, json!({ "signal": offer })).await;
    assert_eq!(next(&mut desk).await, json!({ "signal": offer }));
    send(&mut stranger, json!({ "signal": offer })).await;
    assert_eq!(
        next(&mut stranger).await["refused"]["refusal"],
        "not_in_call"
    );
    quiet(&mut kiosk).await;

    send(&mut desk, json!({ "relay": { "to": "anyone" } })).await;
    let malformed = next(&mut desk).await;
    assert_eq!(malformed["refused"]["refusal"], "malformed", "{malformed}");

    send(&mut desk, json!("hang_up")).await;
    assert_eq!(
        next(&mut kiosk).await,
        json!({ "ended": { "reason": "hung_up" } })
    );
    assert_eq!(next(&mut desk).await, json!({ "queue": { "calls": [] } }));

    // Signing out ends duty: the terminal learns that nobody is there any more.
    let signed_out = app.sign_out(&richter).await;
    assert!(signed_out.status.is_success(), "{}", signed_out.json);
    assert_eq!(next(&mut desk).await, "closed");
    assert_eq!(
        next(&mut kiosk).await,
        json!({ "duty": { "staffed": false } })
    );
}

#[tokio::test]
async fn the_socket_opens_only_with_a_fresh_ticket_of_an_enrolled_terminal_or_the_town_hall() {
    let app = TestApp::with_demo_data().await;
    let address = app.serve_on_loopback().await;
    let admin = app.sign_in("m.admin").await;
    let terminal = app.enrolled_terminal(&admin, PLACE).await;
    let sentence = "Die Verbindung zur Video-Beratung braucht ein gültiges Ticket. Bitte versuchen Sie es noch einmal.";

    let without = tokio_tungstenite::connect_async(format!("ws://{address}/api/assistance/socket"))
        .await
        .map(|(socket, _)| socket);
    assert_eq!(refusal(without), (401, sentence.to_owned()));
    assert_eq!(
        refusal(open(address, "made-up").await),
        (401, sentence.to_owned())
    );

    let ticket = terminal_ticket(&app, &terminal).await;
    let first = open(address, &ticket).await.expect("opens once");
    drop(first);
    assert_eq!(
        refusal(open(address, &ticket).await),
        (401, sentence.to_owned()),
        "a ticket opens once"
    );
    let ticket = terminal_ticket(&app, &terminal).await;
    let plain = app
        .call(
            "GET",
            &format!("/api/assistance/socket?ticket={ticket}"),
            &[],
            None,
        )
        .await;
    assert_eq!(plain.status, StatusCode::UPGRADE_REQUIRED);
    assert_eq!(plain.headers["upgrade"], "websocket");
    assert_eq!(
        plain.json["message"],
        "Diese Adresse spricht nur WebSocket."
    );

    let ticket = terminal_ticket(&app, &terminal).await;
    app.advance(31);
    assert_eq!(
        refusal(open(address, &ticket).await),
        (401, sentence.to_owned()),
        "an old ticket opens nothing"
    );

    let clerk = app.sign_in("m.schreiber").await;
    let koffer = app.post_as(&clerk, "/api/assistance/tickets").await;
    assert_eq!(
        koffer.status,
        StatusCode::FORBIDDEN,
        "the Koffer's clerks take no calls"
    );
    let no_ticket = app.call("POST", "/api/assistance/tickets", &[], None).await;
    assert_eq!(no_ticket.status, StatusCode::UNAUTHORIZED);

    // A laptop's credential proves no terminal.
    let laptop = (clerk.device_id.clone(), "not the terminal's".to_owned());
    assert_eq!(
        terminal_ticket_answer(&app, &laptop).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn revoking_a_terminal_ends_its_call_and_closes_its_socket_at_once() {
    let app = TestApp::with_demo_data().await;
    let address = app.serve_on_loopback().await;
    let (admin, terminal, mut desk, mut kiosk) = a_call_ringing(&app, address).await;
    send(&mut desk, json!({ "accept": { "call": 1 } })).await;
    next(&mut kiosk).await;
    next(&mut desk).await;
    next(&mut desk).await;

    let revoked = app
        .post_as(&admin, &format!("/api/devices/{}/revoke", terminal.0))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.json);
    assert_eq!(
        next(&mut kiosk).await,
        json!({ "ended": { "reason": "revoked" } })
    );
    assert_eq!(next(&mut kiosk).await, "closed");
    assert_eq!(
        next(&mut desk).await,
        json!({ "ended": { "reason": "revoked" } })
    );
    assert_eq!(
        terminal_ticket_answer(&app, &terminal).await.status,
        StatusCode::UNAUTHORIZED,
        "and gets no new ticket"
    );
}

#[tokio::test]
async fn a_ticket_carries_a_turn_credential_that_ends_by_itself() {
    let mut app = TestApp::with_demo_data().await;
    let admin = app.sign_in("m.admin").await;
    let terminal = app.enrolled_terminal(&admin, PLACE).await;
    let without = terminal_ticket_answer(&app, &terminal).await;
    assert_eq!(
        without.json["ice_servers"],
        json!([]),
        "no TURN server named"
    );

    app.set_turn(Some(server::assistance::turn::TurnServer {
        urls: vec!["turn:turn.meerane.de:3478".into()],
        secret: "north-wind".into(),
    }));
    let with = terminal_ticket_answer(&app, &terminal).await;
    let [server] = with.json["ice_servers"]
        .as_array()
        .expect("servers")
        .as_slice()
    else {
        panic!("one server: {}", with.json);
    };
    assert_eq!(server["urls"], json!(["turn:turn.meerane.de:3478"]));
    let ends = START + server::assistance::turn::CREDENTIAL_SECS;
    assert_eq!(
        server["username"],
        format!("{ends}:terminal-{}", terminal.0)
    );
    assert!(
        server["credential"].as_str().is_some_and(|c| c.len() == 28),
        "{server}"
    );

    let richter = app.sign_in("b.richter").await;
    let staff = app.post_as(&richter, "/api/assistance/tickets").await;
    assert_eq!(
        staff.json["ice_servers"][0]["username"],
        format!("{ends}:b.richter")
    );
}

#[tokio::test]
async fn a_flood_closes_the_socket_and_the_call_ends_for_the_other_side() {
    let app = TestApp::with_demo_data().await;
    let address = app.serve_on_loopback().await;
    let (_, _, mut desk, mut kiosk) = a_call_ringing(&app, address).await;

    // Far more than a call's negotiation sends in a second, as fast as the socket takes them.
    for _ in 0..200 {
        if kiosk
            .send(Message::Binary(vec![0; 16].into()))
            .await
            .is_err()
        {
            break;
        }
    }
    assert_eq!(
        next(&mut desk).await,
        json!({ "queue": { "calls": [] } }),
        "the flooding terminal's call is gone from the queue"
    );
    // Closed: with a close frame, or (the frames it never read still queued) reset.
    let mut refusals = 0;
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), kiosk.next())
            .await
            .expect("closed in time");
        match frame {
            Some(Ok(Message::Text(text))) => {
                let heard: Value = serde_json::from_str(&text).expect("JSON");
                assert_eq!(heard["refused"]["refusal"], "malformed", "{heard}");
                refusals += 1;
            }
            Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            Some(Ok(_)) => {}
        }
    }
    assert!(
        refusals <= 50,
        "at most a second's worth answered: {refusals}"
    );
}
