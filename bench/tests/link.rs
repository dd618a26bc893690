//! The fault run's relay: passes a conversation through untouched, cuts where it was told and
//! counts it, and refuses everyone during an outage.

use bench::link::{Cut, Link};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// A server that answers every read with the same bytes, on one connection after another.
fn echo_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buffer = [0u8; 1024];
                while let Ok(read) = stream.read(&mut buffer) {
                    if read == 0 || stream.write_all(&buffer[..read]).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// Sends `message` and reads until `expected` bytes came back or the connection ended.
fn converse(port: u16, message: &[u8], expected: usize) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let _ = stream.write_all(message);
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while answer.len() < expected {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => answer.extend_from_slice(&buffer[..read]),
        }
    }
    answer
}

#[test]
fn a_conversation_passes_untouched_while_the_connection_stays_open() {
    let link = Link::start(echo_server(), || Cut::Never).expect("link");
    let message = vec![7u8; 5000];
    assert_eq!(converse(link.port(), &message, message.len()), message);
    assert_eq!(converse(link.port(), b"ping", 4), b"ping");
}

#[test]
fn a_cut_falls_where_planned_and_is_counted() {
    let echo = echo_server();
    let answers = Link::start(echo, || Cut::Answer(10)).expect("link");
    assert_eq!(converse(answers.port(), &[1u8; 100], 100).len(), 10);
    let requests = Link::start(echo, || Cut::Request(10)).expect("link");
    assert!(converse(requests.port(), &[1u8; 100], 100).len() <= 10);
    // A cut planned after more bytes than were sent is none.
    let late = Link::start(echo, || Cut::Answer(1000)).expect("link");
    assert_eq!(converse(late.port(), b"ping", 4), b"ping");
    for (link, requests_cut, answers_cut) in [(&answers, 0, 1), (&requests, 1, 0), (&late, 0, 0)] {
        let broken = link.broken();
        assert_eq!(
            broken.requests.load(std::sync::atomic::Ordering::Relaxed),
            requests_cut
        );
        assert_eq!(
            broken.answers.load(std::sync::atomic::Ordering::Relaxed),
            answers_cut
        );
    }
}

#[test]
fn during_an_outage_nobody_gets_through_and_then_everyone_does() {
    let link = Link::start(echo_server(), || Cut::Never).expect("link");
    link.outage(Duration::from_millis(500));
    assert!(converse(link.port(), b"ping", 4).is_empty());
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(converse(link.port(), b"ping", 4), b"ping");
}
