use super::*;
use serde_json::json;

fn meldung() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://schema.example/meldung.schema.json",
        "title": "Anmeldung",
        "type": "object",
        "required": ["leistung", "person", "angaben"],
        "properties": {
            "leistung": { "const": "urn:de:fim:leika:leistung:99115005104000" },
            "person": { "$ref": "#/$defs/person" },
            "angaben": {
                "type": "object",
                "required": ["moved_in", "dwelling"],
                "additionalProperties": { "type": "string", "maxLength": 20 },
                "properties": {
                    "dwelling": { "enum": ["alleinige", "haupt", "neben"] },
                    "others": { "type": "array", "items": { "$ref": "#/$defs/person" }, "maxItems": 2 }
                }
            },
            "personen": { "type": "integer", "minimum": 1, "maximum": 9 },
            "kontakt": { "anyOf": [{ "type": "null" }, { "type": "string", "minLength": 5 }] }
        },
        "additionalProperties": false,
        "$defs": {
            "person": {
                "type": "object",
                "required": ["family_name"],
                "properties": { "family_name": { "type": "string", "minLength": 1 } }
            }
        }
    })
}

fn problems(value: Value) -> Vec<(String, Problem)> {
    validate(&meldung(), &value)
        .into_iter()
        .map(|violation| (violation.at, violation.problem))
        .collect()
}

#[test]
fn a_document_that_fits_has_no_violations_and_each_break_is_named_where_it_is() {
    assert_eq!(check(&meldung()), Ok(()));
    let fitting = json!({
        "leistung": "urn:de:fim:leika:leistung:99115005104000",
        "person": { "family_name": "Müller" },
        "angaben": { "moved_in": "01.01.2027", "dwelling": "alleinige",
                     "others": [{ "family_name": "Müller" }] },
        "personen": 2,
        "kontakt": null
    });
    assert_eq!(problems(fitting), []);

    let broken = json!({
        "leistung": "urn:de:fim:leika:leistung:1",
        "person": { "family_name": "" },
        "angaben": { "dwelling": "zweit", "bemerkung": "viel zu lang für zwanzig Zeichen",
                     "others": [{}, {}, {}] },
        "personen": 0.5,
        "kontakt": "ab",
        "extra": true
    });
    assert_eq!(
        problems(broken),
        [
            ("/angaben".to_owned(), Problem::Missing("moved_in".into())),
            ("/angaben/bemerkung".to_owned(), Problem::TooLong(20)),
            ("/angaben/dwelling".to_owned(), Problem::NotAllowed),
            ("/angaben/others".to_owned(), Problem::TooManyItems(2)),
            (
                "/angaben/others/0".to_owned(),
                Problem::Missing("family_name".into())
            ),
            (
                "/angaben/others/1".to_owned(),
                Problem::Missing("family_name".into())
            ),
            (
                "/angaben/others/2".to_owned(),
                Problem::Missing("family_name".into())
            ),
            ("".to_owned(), Problem::UnexpectedProperty("extra".into())),
            ("/kontakt".to_owned(), Problem::NoAlternativeFits),
            ("/leistung".to_owned(), Problem::NotAllowed),
            ("/person/family_name".to_owned(), Problem::TooShort(1)),
            ("/personen".to_owned(), Problem::WrongType("integer".into())),
        ]
    );
    assert_eq!(
        problems(json!({ "personen": 12 })),
        [
            ("".to_owned(), Problem::Missing("leistung".into())),
            ("".to_owned(), Problem::Missing("person".into())),
            ("".to_owned(), Problem::Missing("angaben".into())),
            ("/personen".to_owned(), Problem::TooLarge("9".into())),
        ]
    );
}

#[test]
fn a_schema_using_what_is_not_checked_here_is_refused_where_it_does() {
    let mut with_pattern = meldung();
    with_pattern["properties"]["person"] = json!({ "type": "string", "pattern": "^[A-Z]" });
    assert_eq!(
        check(&with_pattern),
        Err(SchemaError::Unsupported {
            keyword: "pattern".into(),
            at: "#/properties/person".into()
        })
    );
    assert_eq!(
        check(&json!({ "oneOf": [true, false] })),
        Err(SchemaError::Unsupported {
            keyword: "oneOf".into(),
            at: "#".into()
        })
    );
    assert_eq!(
        check(&json!({ "$ref": "#/$defs/nowhere" })),
        Err(SchemaError::UnknownReference("#/$defs/nowhere".into()))
    );
    assert_eq!(
        check(&json!({ "required": "name" })),
        Err(SchemaError::Malformed {
            at: "#/required".into()
        })
    );
    assert_eq!(
        check(&json!([1])),
        Err(SchemaError::Malformed { at: "#".into() })
    );
}

#[test]
fn a_reference_leading_back_to_itself_is_refused_and_never_followed() {
    let loops = [
        json!({ "$defs": { "a": { "$ref": "#/$defs/a" } }, "$ref": "#/$defs/a" }),
        json!({ "$defs": { "a": { "allOf": [{ "$ref": "#/$defs/b" }] }, "b": { "anyOf": [true, { "$ref": "#/$defs/a" }] } } }),
        // Reached only below a property: found from the definitions themselves.
        json!({ "properties": { "x": { "$ref": "#/$defs/a" } }, "$defs": { "a": { "$ref": "#/$defs/a" } } }),
    ];
    for schema in loops {
        assert!(
            matches!(check(&schema), Err(SchemaError::ReferenceLoop(_))),
            "{schema}"
        );
        let found = validate(&schema, &json!({ "x": 1 }));
        assert!(
            matches!(
                &found[..],
                [Violation {
                    problem: Problem::Schema(SchemaError::ReferenceLoop(_)),
                    ..
                }]
            ),
            "{found:?}"
        );
    }
    // A tree: the reference comes back one level further down the value, which ends.
    let tree = json!({
        "$ref": "#/$defs/node",
        "$defs": { "node": { "type": "object", "required": ["name"],
            "properties": { "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } } } },
    });
    assert_eq!(check(&tree), Ok(()));
    let value = json!({ "name": "a", "children": [{ "name": "b", "children": [{}] }] });
    assert_eq!(
        problems_of(&tree, value),
        vec![(
            "/children/0/children/0".to_owned(),
            Problem::Missing("name".into())
        )]
    );
    // The same definition reached twice over is followed once.
    let mut wide = json!({ "$defs": {} });
    for level in 0..40 {
        wide["$defs"][format!("d{level}")] = json!({ "allOf": [
            { "$ref": format!("#/$defs/d{}", level + 1) }, { "$ref": format!("#/$defs/d{}", level + 1) },
        ] });
    }
    wide["$defs"]["d40"] = json!(true);
    assert_eq!(check(&wide), Ok(()));
}

fn problems_of(schema: &Value, value: Value) -> Vec<(String, Problem)> {
    validate(schema, &value)
        .into_iter()
        .map(|v| (v.at, v.problem))
        .collect()
}
