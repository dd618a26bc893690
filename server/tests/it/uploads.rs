//! Photos sent in parts over the real router: each part taken only at the offset the server
//! holds, a cut part costing only itself, the whole checked against its address once, and one
//! device's upload neither visible to nor completable by another.

use crate::support::*;
use axum::http::StatusCode;
use domain::sync::upload::{PART_BYTES, Upload};
use domain::sync::wire::UploadOffset;
use domain::wire::SignInResponse;

fn upload_path(municipality: &str, sha256: &str) -> String {
    format!("/api/attachments/{municipality}/{sha256}/upload")
}

async fn ask(app: &TestApp, who: &SignInResponse, path: &str, length: usize) -> Answer {
    let length = length.to_string();
    app.send_bytes(
        who,
        ("GET", path),
        &[("upload-length", &length)],
        Vec::new(),
    )
    .await
}

async fn send_part(
    app: &TestApp,
    who: &SignInResponse,
    path: &str,
    (offset, length): (usize, usize),
    part: &[u8],
) -> Answer {
    let (offset, length) = (offset.to_string(), length.to_string());
    let headers = [
        ("content-type", "application/offset+octet-stream"),
        ("upload-offset", offset.as_str()),
        ("upload-length", length.as_str()),
    ];
    app.send_bytes(who, ("PATCH", path), &headers, part.to_vec())
        .await
}

fn offset_of(answer: &Answer) -> UploadOffset {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    serde_json::from_value(answer.json.clone()).expect("offset")
}

/// Sends `photo` to the end the way the app does: ask, then each part `Upload` names.
async fn send_whole(app: &TestApp, who: &SignInResponse, path: &str, photo: &[u8]) {
    let mut upload = Upload::new(photo.len() as u64);
    upload
        .acknowledged(&offset_of(&ask(app, who, path, photo.len()).await))
        .expect("own upload");
    while let Some(range) = upload.next_part() {
        let part = &photo[range.start as usize..range.end as usize];
        let answer = send_part(app, who, path, (range.start as usize, photo.len()), part).await;
        upload
            .acknowledged(&offset_of(&answer))
            .expect("own upload");
    }
}

#[tokio::test]
async fn a_photo_cut_mid_way_resumes_at_the_servers_offset_and_is_held_once_byte_for_byte() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let photo = jpeg(900, 700, 3);
    let whole = photo.len();
    assert!(whole > 2 * PART_BYTES as usize, "three parts at least");
    let part = PART_BYTES as usize;
    let path = upload_path(SCHOENBERG, &sha256_hex(&photo));

    assert_eq!(
        offset_of(&ask(&app, &clerk, &path, whole).await),
        UploadOffset {
            offset: 0,
            length: whole as u64,
            complete: false
        }
    );
    let first = send_part(&app, &clerk, &path, (0, whole), &photo[..part]).await;
    assert_eq!(offset_of(&first).offset, part as u64);

    // The connection drops while the second part is on its way: the server never saw it whole,
    // so it holds what it held. Asked again, it names that offset.
    assert_eq!(
        offset_of(&ask(&app, &clerk, &path, whole).await).offset,
        part as u64
    );
    // A part for an offset the server does not hold (the device's own idea after the cut) is
    // refused with the held offset, and stores nothing.
    let wrong = send_part(&app, &clerk, &path, (2 * part, whole), &photo[2 * part..]).await;
    assert_eq!(wrong.status, StatusCode::CONFLICT, "{}", wrong.json);
    assert_eq!(wrong.json["error"], "upload_offset_mismatch");
    assert!(
        wrong.json["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("{part} Bytes"))),
        "{}",
        wrong.json
    );
    // The same part sent twice (an answer lost): the second is refused, the first counts once.
    let again = send_part(&app, &clerk, &path, (0, whole), &photo[..part]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    send_whole(&app, &clerk, &path, &photo).await;
    let held = server::database::attachments::count(&app.state.db, &key(SCHOENBERG))
        .await
        .expect("count");
    assert_eq!(held, 1);
    let (status, fetched) = app
        .get_bytes(
            &clerk,
            &format!("/api/attachments/{SCHOENBERG}/{}", sha256_hex(&photo)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(fetched == photo, "byte-identical");
    assert_eq!(
        offset_of(&ask(&app, &clerk, &path, whole).await),
        UploadOffset {
            offset: whole as u64,
            length: whole as u64,
            complete: true
        },
        "a second run sends nothing"
    );
    // Sending it all again (a device that lost every answer) keeps one copy.
    let repeated = send_part(&app, &clerk, &path, (0, whole), &photo[..part]).await;
    assert_eq!(offset_of(&repeated).offset, part as u64);
}

#[tokio::test]
async fn another_device_neither_sees_nor_finishes_an_upload_and_holds_a_photo_only_by_sending_it() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let other_laptop = app.sign_in("m.schreiber").await;
    let photo = jpeg(700, 500, 9);
    let whole = photo.len();
    let part = PART_BYTES as usize;
    let path = upload_path(SCHOENBERG, &sha256_hex(&photo));
    let photo_path = format!("/api/attachments/{SCHOENBERG}/{}", sha256_hex(&photo));

    offset_of(&send_part(&app, &clerk, &path, (0, whole), &photo[..part]).await);
    assert_eq!(
        offset_of(&ask(&app, &other_laptop, &path, whole).await).offset,
        0,
        "the other laptop's upload is its own"
    );
    let rest = send_part(&app, &other_laptop, &path, (part, whole), &photo[part..]).await;
    assert_eq!(rest.status, StatusCode::CONFLICT, "{}", rest.json);

    send_whole(&app, &clerk, &path, &photo).await;
    // Knowing the address is not holding the photo.
    assert!(offset_of(&ask(&app, &other_laptop, &path, whole).await).offset < whole as u64);
    assert_eq!(
        app.get_bytes(&other_laptop, &photo_path).await.0,
        StatusCode::NOT_FOUND
    );
    send_whole(&app, &other_laptop, &path, &photo).await;
    assert_eq!(
        app.get_bytes(&other_laptop, &photo_path).await.0,
        StatusCode::OK
    );
    let held = server::database::attachments::count(&app.state.db, &key(SCHOENBERG))
        .await
        .expect("count");
    assert_eq!(held, 1);
}

#[tokio::test]
async fn parts_that_do_not_make_their_photo_or_break_the_rules_are_refused_and_change_nothing() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let photo = jpeg(600, 400, 5);
    let whole = photo.len();
    let part = PART_BYTES as usize;
    let path = upload_path(SCHOENBERG, &sha256_hex(&photo));

    // Every part at its offset, but the bytes are not the photo the address names: the whole is
    // refused and the upload ends, so the next attempt starts over.
    let mut forged = photo.clone();
    forged[whole - 10] ^= 0xFF;
    offset_of(&send_part(&app, &clerk, &path, (0, whole), &forged[..part]).await);
    let last = send_part(&app, &clerk, &path, (part, whole), &forged[part..]).await;
    assert_eq!(last.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        last.json["message"]
            .as_str()
            .is_some_and(|m| m.contains("passt nicht")),
        "{}",
        last.json
    );
    assert_eq!(offset_of(&ask(&app, &clerk, &path, whole).await).offset, 0);

    let offset_header = whole.to_string();
    let refusals = [
        // Not sent as a part.
        (
            vec![
                ("content-type", "image/jpeg"),
                ("upload-offset", "0"),
                ("upload-length", offset_header.as_str()),
            ],
            StatusCode::BAD_REQUEST,
        ),
        // No offset, or none a number.
        (
            vec![
                ("content-type", "application/offset+octet-stream"),
                ("upload-length", offset_header.as_str()),
            ],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![
                ("content-type", "application/offset+octet-stream"),
                ("upload-offset", "-1"),
                ("upload-length", offset_header.as_str()),
            ],
            StatusCode::BAD_REQUEST,
        ),
        // Larger than any photo may be.
        (
            vec![
                ("content-type", "application/offset+octet-stream"),
                ("upload-offset", "0"),
                ("upload-length", "9999999999"),
            ],
            StatusCode::BAD_REQUEST,
        ),
        // A part reaching past the length it names.
        (
            vec![
                ("content-type", "application/offset+octet-stream"),
                ("upload-offset", "0"),
                ("upload-length", "10"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (headers, refused_as) in refusals {
        let answer = app
            .send_bytes(&clerk, ("PATCH", &path), &headers, photo[..part].to_vec())
            .await;
        assert_eq!(answer.status, refused_as, "{headers:?}: {}", answer.json);
        assert!(
            answer.json["message"]
                .as_str()
                .is_some_and(|m| m.ends_with('.'))
        );
    }
    // Another municipality's space is closed to this clerk, for asking and for sending.
    let treuen = upload_path(TREUEN, &sha256_hex(&photo));
    assert_eq!(
        ask(&app, &clerk, &treuen, whole).await.status,
        StatusCode::FORBIDDEN
    );
    let answer = send_part(&app, &clerk, &treuen, (0, whole), &photo[..part]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    assert_eq!(offset_of(&ask(&app, &clerk, &path, whole).await).offset, 0);
    let held = server::database::attachments::count(&app.state.db, &key(SCHOENBERG))
        .await
        .expect("count");
    assert_eq!(held, 0);
}
