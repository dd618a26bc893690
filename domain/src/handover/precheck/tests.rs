use super::*;
use crate::catalogue::SubmissionCheck;
use serde_json::{Value, json};

/// An Anmeldung as the standard catalogue has it, in short: a required moving day and new
/// address, an optional previous one, and a choice whose one option asks for more.
fn catalogue(schema: Value) -> Catalogue {
    let address = |id: &str, required: bool| json!({ "id": id, "label": { "de": id, "en": id }, "kind": "address", "required": required });
    serde_json::from_value(json!({
        "municipality": "145245118250", "municipality_name": "Schönberg", "version": 3,
        "places": ["Schönberg, Gemeindeamt"],
        "services": [{
            "id": "anmeldung", "leika": "99115005104000", "leika_confirmed": true,
            "title": { "de": "Wohnsitz anmelden", "en": "Register a residence" },
            "offline": "completed_after_transfer", "fee_cents": 0, "fee_basis": "",
            "documents": [], "peripherals": [],
            "form": { "fields": [
                { "id": "moved_in", "label": { "de": "Einzugsdatum", "en": "Moving day" }, "kind": "date", "required": true },
                address("new_address", true),
                address("previous_address", false),
                { "id": "others_moving", "label": { "de": "Weitere", "en": "Others" }, "kind": "yes_no", "required": true },
                { "id": "others_count", "label": { "de": "Anzahl", "en": "Number" },
                  "kind": { "number": { "min": 1, "max": 9 } }, "required": true,
                  "shown_if": { "field": "others_moving", "equals": "ja" } },
            ] },
        }, {
            "id": "lebensbescheinigung", "leika": null, "leika_confirmed": false,
            "title": { "de": "Lebensbescheinigung", "en": "Life certificate" },
            "offline": "finishes_offline", "fee_cents": 0, "fee_basis": "",
            "documents": [], "peripherals": [], "form": { "fields": [] },
        }],
        "submission_checks": [{
            "service": "anmeldung", "schema_uri": "https://schema.example/anmeldung.json",
            "schema_json": schema.to_string(),
        }],
    }))
    .expect("a catalogue")
}

/// What the registration office wants: the previous address's street (the form leaves it
/// optional), at most 20 characters of street, the number of others where asked, and a phone
/// number the form does not ask at all.
fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "citizen": { "type": "object", "required": ["family_name"] },
            "values": {
                "type": "object",
                "required": ["moved_in", "previous_address.street"],
                "properties": {
                    "new_address.street": { "type": "string", "maxLength": 20 },
                    "others_count": { "type": "string", "minLength": 1 },
                },
            },
        },
    })
}

fn case(values: Value, services: &[&str]) -> Case {
    let requested: Vec<Value> = services
        .iter()
        .map(|service| match *service {
            "anmeldung" => json!({ "service": "anmeldung", "values": values }),
            other => json!({ "service": other, "values": {} }),
        })
        .collect();
    serde_json::from_value(json!({
        "id": "0190d7a6-0000-7000-8000-000000000001", "number": "2026-SCH-0001",
        "deployment": { "municipality": "145245118250", "municipality_name": "Schönberg", "place": "Schönberg, Gemeindeamt", "date": "2026-11-02" },
        "citizen": { "id": "0190d7a6-0000-7000-8000-000000000002", "family_name": "Vogt",
            "given_names": "Heinrich", "birth_date": "04.03.1941",
            "address": { "street": "Bahnhofstraße", "house_number": "9", "postcode": "08393", "place": "Schönberg" } },
        "services": requested,
        "signature": null, "payment": "open", "attachments": [],
        "history": [{ "status": "draft", "at_ms": 1, "by": "Maria Schreiber" }],
    }))
    .expect("a case")
}

fn anmeldung(street: &str) -> Value {
    json!({ "moved_in": "01.11.2026", "new_address.street": street, "others_moving": "nein" })
}

#[test]
fn a_missing_input_the_form_leaves_optional_is_for_the_clerk_at_its_input() {
    let found = findings(
        &case(anmeldung("Am Markt"), &["lebensbescheinigung", "anmeldung"]),
        &catalogue(schema()),
    );
    assert_eq!(
        found,
        vec![Finding {
            service: 1,
            input: Some("previous_address.street".into()),
            violation: Violation {
                at: "/values".into(),
                problem: Problem::Missing("previous_address.street".into()),
            },
        }]
    );
    assert!(found[0].is_for_the_clerk());
}

#[test]
fn a_value_breaking_a_rule_is_found_at_its_input() {
    let mut values = anmeldung("Straße der Deutschen Einheit");
    values["previous_address.street"] = json!("Bahnhofstraße");
    let found = findings(&case(values, &["anmeldung"]), &catalogue(schema()));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].input.as_deref(), Some("new_address.street"));
    assert_eq!(found[0].violation.problem, Problem::TooLong(20));
}

#[test]
fn a_case_that_fits_has_no_findings() {
    let mut values = anmeldung("Am Markt");
    values["previous_address.street"] = json!("Bahnhofstraße");
    assert_eq!(
        findings(&case(values, &["anmeldung"]), &catalogue(schema())),
        vec![]
    );
}

#[test]
fn what_the_form_does_not_ask_now_is_left_to_the_town_hall() {
    let mut schema = schema();
    schema["properties"]["values"]["required"] = json!(["moved_in", "telefon", "others_count"]);
    let found = findings(
        &case(anmeldung("Am Markt"), &["anmeldung"]),
        &catalogue(schema),
    );
    let missing: Vec<(&Problem, Option<&str>)> = found
        .iter()
        .map(|f| (&f.violation.problem, f.input.as_deref()))
        .collect();
    // No form asks for a phone number, and the number of others is asked only when others move.
    assert_eq!(
        missing,
        vec![
            (&Problem::Missing("telefon".into()), None),
            (&Problem::Missing("others_count".into()), None),
        ]
    );
    assert!(found.iter().all(|f| !f.is_for_the_clerk()));

    let mut moving = anmeldung("Am Markt");
    moving["others_moving"] = json!("ja");
    let mut schema = self::schema();
    schema["properties"]["values"]["required"] = json!(["others_count"]);
    let found = findings(&case(moving, &["anmeldung"]), &catalogue(schema));
    assert_eq!(found[0].input.as_deref(), Some("others_count"));
}

#[test]
fn the_person_is_checked_too_but_not_at_a_form_input() {
    let mut schema = schema();
    schema["properties"]["citizen"]["required"] = json!(["phone"]);
    let mut values = anmeldung("Am Markt");
    values["previous_address.street"] = json!("Bahnhofstraße");
    let found = findings(&case(values, &["anmeldung"]), &catalogue(schema));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].violation.at, "/citizen");
    assert_eq!(found[0].input, None);
}

#[test]
fn services_without_a_check_or_a_leika_key_are_not_checked() {
    let mut catalogue = catalogue(schema());
    catalogue.submission_checks[0].service = "lebensbescheinigung".into();
    // The Lebensbescheinigung has no LeiKa key: nothing can be sent, so nothing is checked here.
    assert_eq!(
        findings(
            &case(anmeldung("Am Markt"), &["anmeldung", "lebensbescheinigung"]),
            &catalogue
        ),
        vec![]
    );
    catalogue.submission_checks.clear();
    assert_eq!(
        findings(&case(anmeldung("Am Markt"), &["anmeldung"]), &catalogue),
        vec![]
    );
}

#[test]
fn a_catalogue_without_checks_reads_as_before() {
    let mut catalogue = catalogue(schema());
    catalogue.submission_checks.clear();
    let text = serde_json::to_string(&catalogue).expect("json");
    assert!(!text.contains("submission_checks"));
    assert_eq!(
        serde_json::from_str::<Catalogue>(&text).expect("back"),
        catalogue
    );
}

#[test]
fn a_schema_that_does_not_read_is_left_to_the_town_hall() {
    let mut catalogue = catalogue(schema());
    catalogue.submission_checks[0] = SubmissionCheck {
        service: "anmeldung".into(),
        schema_uri: "urn:x".into(),
        schema_json: "{ kein JSON".into(),
    };
    let found = findings(&case(anmeldung("Am Markt"), &["anmeldung"]), &catalogue);
    assert_eq!(found.len(), 1);
    assert!(!found[0].is_for_the_clerk());
    assert!(matches!(found[0].violation.problem, Problem::Schema(_)));
}
