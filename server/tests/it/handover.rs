//! A case's handover package: a PDF/A-3a file checked by the rules a reader can test (qpdf's
//! syntax check through pikepdf, and `pdfa_check.py`'s list), the case inside reading back
//! equal to the case the server holds, its files' SHA-512 matching the photos as taken, and its
//! record verifying, and failing once anything in it is altered. One case, a batch as a ZIP, and
//! the operator's command; only the town hall of the case's municipality gets any of them.

use crate::support::*;
use axum::http::StatusCode;
use domain::audit::{Break, device_key_to_hex};
use domain::cases::{Attachment, Case};
use domain::handover::{BatchManifest, HandoverCase};
use domain::sync::wire::Outcome;
use domain::wire::SignInResponse;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha512};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

#[derive(Deserialize)]
struct Checked {
    problems: Vec<String>,
    structure: Vec<String>,
    sha512: BTreeMap<String, String>,
    case: Option<String>,
    pages: usize,
}

/// What `pdfa_check.py` finds in `pdf`.
fn check_pdfa(pdf: &[u8]) -> Checked {
    let mut checker = Command::new(test_python())
        .args(["-c", include_str!("support/pdfa_check.py")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python");
    checker
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("pdf to pikepdf");
    let output = checker.wait_with_output().expect("pikepdf");
    assert!(output.status.success(), "pikepdf could not read the PDF");
    serde_json::from_slice(&output.stdout).expect("the checker's findings")
}

pub fn sha512_hex(bytes: &[u8]) -> String {
    Sha512::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Files `case` from the clerk's laptop as its `mutation`th change, with `photos` uploaded first.
async fn file_with_photos(
    (app, clerk): (&TestApp, &SignInResponse),
    mutation: u64,
    mut case: Case,
    photos: &[Vec<u8>],
) {
    for (number, photo) in photos.iter().enumerate() {
        let address = sha256_hex(photo);
        let path = format!("/api/attachments/{SCHOENBERG}/{address}");
        let uploaded = app
            .put_bytes(clerk, &path, "image/jpeg", photo.clone())
            .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.json);
        case.attachments.push(Attachment {
            sha256: address,
            record: format!("photo-{number}"),
            bytes: photo.len() as u64,
        });
    }
    assert_eq!(
        push(app, clerk, vec![put(mutation, 0, &case, &[])]).await,
        [Outcome::Applied]
    );
}

#[tokio::test]
async fn a_case_hands_over_as_pdf_a_with_the_case_inside_its_photos_hashed_and_its_record_verifying()
 {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    let photos: Vec<Vec<u8>> = (0..5).map(|seed| jpeg(320, 240, seed)).collect();
    // A name in letters beyond Latin-1: the package's font must have them.
    let mut case = captured_case("uebergabe-1", SCHOENBERG, "Ağaoğlu");
    case.citizen.given_names = "Łucja Zoë".into();
    file_with_photos((&app, &clerk), 1, case, &photos).await;
    let office = app.sign_in("b.richter").await;
    let moved = app
        .post_json_as(
            &office,
            &format!("/api/cases/{SCHOENBERG}/uebergabe-1/status"),
            json!({ "status": "in_progress" }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.json);

    let (status, pdf) = app
        .get_bytes(
            &office,
            &format!("/api/cases/{SCHOENBERG}/uebergabe-1/handover"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let checked = check_pdfa(&pdf);
    assert_eq!(checked.problems, Vec::<String>::new());
    assert!(checked.pages >= 2, "five photos take more than a page");
    let count = |kind: &str| checked.structure.iter().filter(|s| *s == kind).count();
    assert_eq!(count("H1"), 1);
    assert_eq!(
        count("Figure"),
        6,
        "the signature and five photos, each a figure"
    );
    assert!(count("P") > 10, "{:?}", checked.structure);

    // The case inside is the case the server holds, field for field.
    let document: HandoverCase =
        serde_json::from_str(checked.case.as_deref().expect("fall.json")).expect("the case");
    let held = app
        .get_as(&office, &format!("/api/cases/{SCHOENBERG}/uebergabe-1"))
        .await;
    let held: Case = serde_json::from_value(held.json["case"].clone()).expect("case");
    assert_eq!(document.case, held);
    assert_eq!(document.format, "buergerkoffer-handover/1");
    assert_eq!(document.municipality, SCHOENBERG);
    let anmeldung = &document.services[0];
    assert_eq!(
        anmeldung.leika.as_deref(),
        Some("urn:de:fim:leika:leistung:99115005104000")
    );
    let address = anmeldung
        .fields
        .iter()
        .find(|field| field.id == "new_address")
        .expect("the new address under its id");
    assert_eq!(address.values["new_address.street"], "Hauptstraße");
    assert_eq!(address.text, "Hauptstraße 12a 08393 Schönberg");

    // Each file: listed with the SHA-512 of the photo as taken, and carried with those bytes.
    assert_eq!(document.files.len(), 6);
    for (number, photo) in photos.iter().enumerate() {
        let name = format!("foto-{}.jpg", number + 1);
        let listed = document
            .files
            .iter()
            .find(|f| f.name == name)
            .expect("listed");
        assert_eq!(listed.sha512, sha512_hex(photo));
        assert_eq!(checked.sha512[&name], listed.sha512);
    }

    // The record inside verifies with the server's key, and breaks at any change.
    let key = app.state.sealing_key.verifying_key();
    assert_eq!(document.record.sealing_key, device_key_to_hex(key));
    assert_eq!(document.record.problem, None);
    assert_eq!(
        document.record.events.len(),
        2,
        "filed, then In Bearbeitung"
    );
    document.verify_record(key).expect("the record holds");
    let mut altered = document.clone();
    altered.case.citizen.family_name = "Aganoglu".into();
    assert_eq!(altered.verify_record(key), Err(Break::StateChanged));
    let mut shortened = document.clone();
    shortened.record.events.pop();
    assert!(shortened.verify_record(key).is_err());
}

#[tokio::test]
async fn only_the_town_hall_of_the_cases_municipality_gets_its_package() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    file_with_photos(
        (&app, &clerk),
        1,
        captured_case("uebergabe-2", SCHOENBERG, "Lange"),
        &[],
    )
    .await;
    let path = format!("/api/cases/{SCHOENBERG}/uebergabe-2/handover");
    // The clerk who filed it is not the town hall.
    assert_eq!(app.get_bytes(&clerk, &path).await.0, StatusCode::FORBIDDEN);
    let office = app.sign_in("b.richter").await;
    let missing = format!("/api/cases/{SCHOENBERG}/no-such-case/handover");
    assert_eq!(
        app.get_bytes(&office, &missing).await.0,
        StatusCode::NOT_FOUND
    );
    let elsewhere = "/api/cases/145235118300/uebergabe-2/handover";
    assert_eq!(
        app.get_bytes(&office, elsewhere).await.0,
        StatusCode::FORBIDDEN
    );
    let batch = "/api/cases/handover?municipality=145235118300";
    assert_eq!(app.get_bytes(&office, batch).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get_bytes(&office, &path).await.0, StatusCode::OK);
}

/// The entries of a ZIP by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).expect("entry");
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("read");
            (entry.name().expect("a name").into_owned(), content)
        })
        .collect()
}

#[tokio::test]
async fn a_batch_gives_one_package_per_case_of_the_filter_in_a_zip_with_its_manifest() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    for (mutation, (id, name)) in [
        ("stapel-1", "Arndt"),
        ("stapel-2", "Bauer"),
        ("stapel-3", "Conrad"),
    ]
    .into_iter()
    .enumerate()
    {
        let case = captured_case(id, SCHOENBERG, name);
        let photo = jpeg(64, 48, mutation as u8);
        file_with_photos((&app, &clerk), mutation as u64 + 1, case, &[photo]).await;
    }
    let office = app.sign_in("b.richter").await;
    let moved = app
        .post_json_as(
            &office,
            &format!("/api/cases/{SCHOENBERG}/stapel-2/status"),
            json!({ "status": "in_progress" }),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.json);

    let (status, zip) = app
        .get_bytes(
            &office,
            &format!("/api/cases/handover?municipality={SCHOENBERG}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let entries = unzip(&zip);
    let manifest: BatchManifest =
        serde_json::from_slice(&entries["manifest.json"]).expect("manifest");
    assert_eq!(manifest.failed, []);
    let listed = app
        .get_as(&office, &format!("/api/cases?municipality={SCHOENBERG}"))
        .await;
    let ids: Vec<&str> = listed
        .json
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    let packed: Vec<&str> = manifest
        .packages
        .iter()
        .map(|p| p.case_id.as_str())
        .collect();
    assert_eq!(packed, ids, "the cases the list shows, in its order");
    assert_eq!(entries.len(), ids.len() + 1);
    for package in &manifest.packages {
        let pdf = &entries[&package.file];
        assert_eq!(package.sha512, sha512_hex(pdf));
        assert_eq!(package.bytes, pdf.len() as u64);
    }
    let first = &entries[&manifest.packages[0].file];
    assert_eq!(check_pdfa(first).problems, Vec::<String>::new());

    // The list's filter applies: only the case in progress.
    let (_, zip) = app
        .get_bytes(
            &office,
            &format!("/api/cases/handover?municipality={SCHOENBERG}&status=in_progress"),
        )
        .await;
    let manifest: BatchManifest =
        serde_json::from_slice(&unzip(&zip)["manifest.json"]).expect("manifest");
    let packed: Vec<&str> = manifest
        .packages
        .iter()
        .map(|p| p.case_id.as_str())
        .collect();
    assert_eq!(packed, ["stapel-2"]);
    // A bad filter is refused with a sentence before anything is sent.
    let refused = app
        .get_as(
            &office,
            &format!("/api/cases/handover?municipality={SCHOENBERG}&from=gestern"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json["message"]
            .as_str()
            .expect("message")
            .contains("kein Datum")
    );
}

/// `buergerkoffer case export` on the test's database.
fn export(app: &TestApp, args: &[&str]) -> (bool, String) {
    let mut all = vec!["case", "export", "--regional-key", SCHOENBERG];
    all.extend_from_slice(args);
    app.command(&all)
}

#[tokio::test]
async fn the_operator_exports_one_case_or_all_of_a_municipality_from_the_command_line() {
    let app = TestApp::with_demo_data().await;
    let clerk = app.sign_in("m.schreiber").await;
    file_with_photos(
        (&app, &clerk),
        1,
        captured_case("befehl-1", SCHOENBERG, "Dietrich"),
        &[],
    )
    .await;
    let out = tempfile::tempdir().expect("dir");
    let pdf = out.path().join("fall.pdf");
    let (done, said) = export(
        &app,
        &["--case", "befehl-1", "--out", pdf.to_str().expect("path")],
    );
    assert!(done, "{said}");
    assert!(
        said.contains("Übergabepaket des Falls 2027-TESTTEST-befehl-1"),
        "{said}"
    );
    let checked = check_pdfa(&std::fs::read(&pdf).expect("written"));
    assert_eq!(checked.problems, Vec::<String>::new());

    let (done, said) = export(
        &app,
        &[
            "--case",
            "no-such-case",
            "--out",
            pdf.to_str().expect("path"),
        ],
    );
    assert!(!done);
    assert!(said.contains("hat keinen Fall no-such-case"), "{said}");

    let zip = out.path().join("alle.zip");
    let (done, said) = export(&app, &["--all", "--out", zip.to_str().expect("path")]);
    assert!(done, "{said}");
    let manifest: BatchManifest =
        serde_json::from_slice(&unzip(&std::fs::read(&zip).expect("written"))["manifest.json"])
            .expect("manifest");
    assert!(manifest.packages.iter().any(|p| p.case_id == "befehl-1"));
    assert_eq!(manifest.failed, []);
}
