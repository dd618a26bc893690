//! Benchmark of the clerk's desk in real Chromium: with 1,000 cases stored encrypted, unlocking
//! to the day's list (the passphrase's key derivation, decrypting, parsing, listing); then with
//! 10,000: load them into memory, list today's cases and search by name, and open the form of
//! an Anmeldung. Prints figures; never fails on time.
//! Run: cargo test -p app --target wasm32-unknown-unknown --release --test desk_bench -- --nocapture

use app::desk::CaseEntry;
use app::messages::{Language, Text};
use app::pages::day::{CaseFilter, list_cases};
use app::store::{DATABASE, Vault, new_record_id};
use domain::cases::{Address, Case, Citizen, Deployment, RequestedService};
use domain::catalogue::Service;
use domain::vault::{OfflineLease, RecordKind};
use leptos::prelude::*;
use ui::form_view::form_view;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CASES: usize = 10_000;
/// A laptop after a few weeks of visits, for unlocking to the day's list.
const FEW_CASES: usize = 1_000;
const ROUNDS: usize = 20;
const TODAY: &str = "2026-11-22";

#[derive(serde::Deserialize)]
struct StandardCatalogue {
    services: Vec<Service>,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// A filled-in Anmeldung; one case in a hundred is from today.
fn case(n: usize) -> Case {
    let family = ["Müller", "Schmidt", "von der Heide", "Schröder", "Weiß"][n % 5];
    let deployment = Deployment {
        municipality: "145245118250".into(),
        municipality_name: "Schönberg".into(),
        place: "Schönberg, Gemeindeamt".into(),
        date: if n.is_multiple_of(100) {
            TODAY.into()
        } else {
            format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 28)
        },
    };
    let citizen = Citizen {
        id: format!("citizen-{n}"),
        family_name: format!("{family}-{n}"),
        given_names: "Anna Lena".into(),
        birth_date: format!("{:02}.{:02}.{}", 1 + n % 28, 1 + n % 12, 1930 + n % 90),
        address: Address {
            street: "Hauptstraße".into(),
            house_number: format!("{}", 1 + n % 90),
            postcode: "08393".into(),
            place: "Schönberg".into(),
        },
    };
    let mut case = Case::new(
        format!("case-{n}"),
        format!("2026-BENC-{n:04}"),
        deployment,
        citizen,
        1_790_000_000_000 + n as u64,
        "Maria Schreiber",
    );
    let values = [
        ("moved_in", "01.11.2026"),
        ("new_address.street", "Hauptstraße"),
        ("new_address.house_number", "12a"),
        ("new_address.postcode", "08393"),
        ("new_address.place", "Schönberg"),
        ("previous_address.street", "Bahnhofstraße"),
        ("previous_address.house_number", "3"),
        ("previous_address.postcode", "08056"),
        ("previous_address.place", "Zwickau"),
        ("dwelling", "alleinige"),
        ("marital_status", "verheiratet"),
        ("nationality", "deutsch"),
        ("others_moving", "nein"),
    ];
    case.services.push(RequestedService {
        service: "anmeldung".into(),
        values: values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    });
    case
}

#[wasm_bindgen_test]
async fn desk_figures() {
    let _ = app::platform::indexed_db::delete(DATABASE).await;
    let vault = Vault::open().await.expect("open");
    let lease = OfflineLease {
        last_contact_at: 0,
        days: 14,
    };
    vault
        .enrol(
            ("bench".into(), "bench".into()),
            lease,
            "Apfelbaum im Mai 1987",
            app::platform::crypto::generate_signing_key()
                .await
                .expect("signing key"),
        )
        .await
        .expect("enrol");
    let mut device = vault.device().await.expect("read").expect("device");
    let store = vault
        .unlock(&mut device, "Apfelbaum im Mai 1987")
        .await
        .expect("unlock");
    let records: Vec<(String, Vec<u8>)> = (0..CASES)
        .map(|n| {
            (
                new_record_id(RecordKind::Case).expect("id"),
                serde_json::to_vec(&case(n)).expect("json"),
            )
        })
        .collect();
    let bytes: usize = records.iter().map(|(_, r)| r.len()).sum();
    let (few, rest) = records.split_at(FEW_CASES);
    store.put_many(RecordKind::Case, few).await.expect("batch");

    // Unlocking to the day's list, as the clerk waits for it: the passphrase's key derivation
    // (PBKDF2), decrypting and parsing every case, listing today's.
    let mut unlocking = Vec::new();
    for _ in 0..5 {
        let mut device = vault.device().await.expect("read").expect("device");
        let started = now_ms();
        let store = vault
            .unlock(&mut device, "Apfelbaum im Mai 1987")
            .await
            .expect("unlock");
        let entries: Vec<CaseEntry> = store
            .all(RecordKind::Case)
            .await
            .expect("load")
            .iter()
            .map(|(_, json)| CaseEntry::new(serde_json::from_slice(json).expect("case")))
            .collect();
        let (shown, _) = list_cases(&entries, CaseFilter::Today, "", TODAY);
        unlocking.push(now_ms() - started);
        assert_eq!(shown.len(), FEW_CASES / 100);
    }
    console_log!(
        "unlock to the day's list with {FEW_CASES} cases: {:>8.1} ms median of 5",
        median(unlocking)
    );

    for batch in rest.chunks(1000) {
        store
            .put_many(RecordKind::Case, batch)
            .await
            .expect("batch");
    }
    console_log!(
        "stored {CASES} cases, {:.0} bytes each on average",
        bytes as f64 / CASES as f64
    );

    let started = now_ms();
    let loaded = store.all(RecordKind::Case).await.expect("load");
    let mut entries: Vec<CaseEntry> = loaded
        .iter()
        .map(|(_, json)| CaseEntry::new(serde_json::from_slice(json).expect("case")))
        .collect();
    entries.sort_by_key(|e| e.case.started_at_ms());
    console_log!(
        "unlock → {CASES} cases decrypted, parsed, indexed: {:>8.1} ms",
        now_ms() - started
    );

    let mut today = Vec::new();
    let mut search = Vec::new();
    for round in 0..ROUNDS {
        let started = now_ms();
        let (shown, _) = list_cases(&entries, CaseFilter::Today, "", TODAY);
        today.push(now_ms() - started);
        assert_eq!(shown.len(), 50.min(CASES / 100));
        let started = now_ms();
        let query = format!("müller-{} anna", 5 * (round + 1));
        let (found, _) = list_cases(&entries, CaseFilter::All, &query, TODAY);
        search.push(now_ms() - started);
        assert!(!found.is_empty(), "{query}");
    }
    console_log!(
        "list today's cases of {CASES}:  {:>8.2} ms median of {ROUNDS} (goal ≤ 50 ms)",
        median(today)
    );
    console_log!(
        "search name over {CASES}:       {:>8.2} ms median of {ROUNDS} (goal ≤ 50 ms)",
        median(search)
    );

    let standard: StandardCatalogue =
        serde_json::from_str(include_str!("../../server/catalogue/standard.json"))
            .expect("catalogue");
    let anmeldung = standard
        .services
        .into_iter()
        .find(|s| s.id == "anmeldung")
        .expect("anmeldung");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let mut opening = Vec::new();
    for _ in 0..ROUNDS {
        let host: web_sys::HtmlElement = document
            .create_element("div")
            .expect("div")
            .unchecked_into();
        document
            .body()
            .expect("body")
            .append_child(&host)
            .expect("append");
        let schema = anmeldung.form_with_checklist();
        let values = entries[0].case.services[0].values.clone();
        let started = now_ms();
        let handle = leptos::mount::mount_to(host.clone(), move || {
            provide_context(RwSignal::new(Language::German));
            form_view::<Text>(schema, RwSignal::new(values), RwSignal::new(Vec::new()))
        });
        opening.push(now_ms() - started);
        assert!(
            host.query_selector("[id='f-new_address.postcode']")
                .expect("query")
                .is_some()
        );
        drop(handle);
        host.remove();
    }
    console_log!(
        "open the Anmeldung form (render {} fields): {:>6.2} ms median of {ROUNDS}",
        anmeldung.form.fields.len() + 1,
        median(opening)
    );
}
