use super::*;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 22,
};

fn label(text: &str) -> Label {
    Label {
        de: text.to_owned(),
        en: text.to_owned(),
    }
}

fn field(id: &str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        id: id.to_owned(),
        label: label(id),
        kind,
        required,
        shown_if: None,
    }
}

fn values(pairs: &[(&str, &str)]) -> FormValues {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn names_with_umlauts_particles_hyphens_and_apostrophes_pass() {
    for name in [
        "Müller-Lüdenscheidt",
        "von der Heide",
        "Straßburger",
        "O'Brien",
        "Zoë",
        "Ørsted",
        "St. Clair",
        "Nguyễn",
        "Jürgen Hans-Peter",
    ] {
        assert_eq!(check_name(name), Ok(()), "{name}");
    }
}

#[test]
fn names_with_digits_or_stray_signs_are_refused_naming_the_sign() {
    assert_eq!(
        check_name("Müller2"),
        Err(Problem::NameCharacter { found: '2' })
    );
    assert_eq!(
        check_name("Anna_Lena"),
        Err(Problem::NameCharacter { found: '_' })
    );
    for shape in [
        "-Müller",
        "Müller-",
        "Müller--Lüdenscheidt",
        "von  der Heide",
        "'",
    ] {
        assert_eq!(check_name(shape), Err(Problem::NameShape), "{shape}");
    }
}

#[test]
fn dates_are_day_month_year_and_must_exist() {
    assert_eq!(
        Date::parse_german("01.03.2024"),
        Ok(Date {
            year: 2024,
            month: 3,
            day: 1
        })
    );
    assert_eq!(
        Date::parse_german("1.3.2024"),
        Ok(Date {
            year: 2024,
            month: 3,
            day: 1
        })
    );
    assert_eq!(
        Date::parse_german("29.02.2024").map(Date::german),
        Ok("29.02.2024".into())
    );
    assert_eq!(
        Date::parse_german("29.02.2023"),
        Err(Problem::DateDoesNotExist {
            day: 29,
            month: 2,
            year: 2023
        })
    );
    assert_eq!(
        Date::parse_german("31.04.2020"),
        Err(Problem::DateDoesNotExist {
            day: 31,
            month: 4,
            year: 2020
        })
    );
    assert!(Date::parse_german("29.02.1900").is_err());
    assert!(Date::parse_german("29.02.2000").is_ok());
    for wrong in [
        "2024-03-01",
        "01/03/2024",
        "01.13.2024",
        "32.01.2024",
        "1.3.24",
        "",
        "01.03.2024.",
    ] {
        assert_eq!(
            Date::parse_german(wrong),
            Err(Problem::DateFormat),
            "{wrong}"
        );
    }
}

#[test]
fn birth_dates_are_not_in_the_future_nor_older_than_120_years() {
    assert!(check_birth_date("22.11.2026", TODAY).is_ok());
    assert_eq!(
        check_birth_date("23.11.2026", TODAY),
        Err(Problem::BirthDateInFuture)
    );
    assert!(check_birth_date("22.11.1906", TODAY).is_ok());
    assert_eq!(
        check_birth_date("21.11.1906", TODAY),
        Err(Problem::BirthDateTooOld)
    );
}

#[test]
fn postcodes_are_five_digits_in_the_german_range() {
    assert_eq!(check_postcode("08393"), Ok(()));
    assert_eq!(check_postcode(" 01067 "), Ok(()));
    for wrong in ["8393", "083930", "0839a", "00999", "99999", ""] {
        assert_eq!(
            check_postcode(wrong),
            Err(Problem::PostcodeFormat),
            "{wrong}"
        );
    }
}

#[test]
fn ibans_are_checked_by_length_and_mod_97() {
    // The standard example IBAN of the German banking industry.
    assert_eq!(
        check_iban("DE89 3704 0044 0532 0130 00"),
        Ok("DE89370400440532013000".into())
    );
    assert_eq!(
        check_iban("de89370400440532013000"),
        Ok("DE89370400440532013000".into())
    );
    assert_eq!(
        check_iban("DE88 3704 0044 0532 0130 00"),
        Err(Problem::IbanChecksum)
    );
    assert_eq!(
        check_iban("DE89 3704 0044 0532 0103 00"),
        Err(Problem::IbanChecksum)
    );
    assert_eq!(
        check_iban("DE89 3704 0044 0532 0130 0"),
        Err(Problem::IbanLength {
            country: "DE".into(),
            expected: 22,
            found: 21
        })
    );
    assert_eq!(
        check_iban("AT61 1904 3002 3457 3201"),
        Ok("AT611904300234573201".into())
    );
    assert_eq!(
        check_iban("3704 0044 0532 0130 00"),
        Err(Problem::IbanFormat)
    );
    assert_eq!(
        check_iban("DE89-3704-0044-0532-0130-00"),
        Err(Problem::IbanFormat)
    );
}

#[test]
fn unix_days_become_civil_dates() {
    assert_eq!(
        Date::from_unix_days(0),
        Date {
            year: 1970,
            month: 1,
            day: 1
        }
    );
    assert_eq!(Date::from_unix_days(20_779), TODAY);
    assert_eq!(
        Date::from_unix_days(19_782),
        Date {
            year: 2024,
            month: 2,
            day: 29
        }
    );
    assert_eq!(Date::parse_iso("2026-11-22"), Some(TODAY));
    assert_eq!(TODAY.iso(), "2026-11-22");
}

#[test]
fn civil_dates_count_back_to_unix_days_and_find_their_monday() {
    for days in [-25_567, -1, 0, 59, 11_016, 19_782, 20_779, 60_000] {
        assert_eq!(Date::from_unix_days(days).unix_days(), days, "day {days}");
    }
    // 22 November 2026 is a Sunday: its ISO week began on Monday 16 November.
    assert_eq!(TODAY.monday(), Date::new(2026, 11, 16).unwrap());
    let monday = Date::new(2026, 11, 23).unwrap();
    assert_eq!(monday.monday(), monday);
    // A week across the turn of the year.
    assert_eq!(
        Date::new(2027, 1, 1).unwrap().monday(),
        Date::new(2026, 12, 28).unwrap()
    );
    assert_eq!(TODAY.german_with_weekday(), "Sonntag, 22.11.2026");
    assert_eq!(
        Date::new(2027, 1, 1).unwrap().german_with_weekday(),
        "Freitag, 01.01.2027"
    );
}

#[test]
fn a_form_reports_every_problem_in_order_with_its_input_id() {
    let schema = FormSchema {
        fields: vec![
            field("person", FieldKind::Person, true),
            field("address", FieldKind::Address, true),
            field("moved_in", FieldKind::Date, true),
            field("others", FieldKind::YesNo, true),
            FieldSpec {
                shown_if: Some(Condition {
                    field: "others".into(),
                    equals: "ja".into(),
                }),
                ..field("how_many", FieldKind::Number { min: 1, max: 20 }, true)
            },
        ],
    };
    let typed = values(&[
        ("person.family_name", "von der Heide"),
        ("person.given_names", "Jörg"),
        ("person.birth_date", "29.02.2023"),
        ("address.street", "Hauptstraße"),
        ("address.house_number", "12a"),
        ("address.postcode", "0839"),
        ("address.place", "Schönberg"),
        ("moved_in", "2026-11-01"),
        ("others", "nein"),
    ]);
    let errors = validate(&schema, &typed, TODAY);
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.input.as_str(), e.problem.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "person.birth_date",
                Problem::DateDoesNotExist {
                    day: 29,
                    month: 2,
                    year: 2023
                }
            ),
            ("address.postcode", Problem::PostcodeFormat),
            ("moved_in", Problem::DateFormat),
        ]
    );

    let mut corrected = typed.clone();
    corrected.insert("person.birth_date".into(), "28.02.1950".into());
    corrected.insert("address.postcode".into(), "08393".into());
    corrected.insert("moved_in".into(), "01.11.2026".into());
    assert_eq!(validate(&schema, &corrected, TODAY), vec![]);

    // A conditional field is checked only while shown.
    corrected.insert("others".into(), "ja".into());
    assert_eq!(
        validate(&schema, &corrected, TODAY),
        vec![FieldError {
            input: "how_many".into(),
            problem: Problem::Required
        }]
    );
    corrected.insert("how_many".into(), "21".into());
    assert_eq!(
        validate(&schema, &corrected, TODAY)[0].problem,
        Problem::NumberRange { min: 1, max: 20 }
    );
}

#[test]
fn optional_composites_are_all_or_nothing_and_checklists_count_missing_documents() {
    let item = |v: &str| ChoiceOption {
        value: v.into(),
        label: label(v),
    };
    let schema = FormSchema {
        fields: vec![
            field("previous", FieldKind::Address, false),
            field(
                "docs",
                FieldKind::Documents {
                    items: vec![item("ausweis"), item("wgb")],
                },
                true,
            ),
        ],
    };
    assert_eq!(
        validate(&schema, &values(&[("docs.ausweis", "ja")]), TODAY),
        vec![FieldError {
            input: "docs.wgb".into(),
            problem: Problem::DocumentsMissing { missing: 1 }
        }]
    );
    let half = values(&[
        ("previous.place", "Meerane"),
        ("docs.ausweis", "ja"),
        ("docs.wgb", "ja"),
    ]);
    let inputs: Vec<_> = validate(&schema, &half, TODAY)
        .into_iter()
        .map(|e| e.input)
        .collect();
    assert_eq!(
        inputs,
        [
            "previous.street",
            "previous.house_number",
            "previous.postcode"
        ]
    );
}

#[test]
fn schemas_round_trip_as_json_and_mistakes_are_found() {
    let json = r#"{"fields":[
        {"id":"reason","label":{"de":"Grund","en":"Reason"},"required":true,
         "kind":{"choice":{"options":[{"value":"a","label":{"de":"A","en":"A"}}]}}},
        {"id":"note","label":{"de":"Notiz","en":"Note"},"kind":{"text":{}},"shown_if":{"field":"reason","equals":"a"}},
        {"id":"note","label":{"de":"x","en":"x"},"kind":"iban"},
        {"id":"late","label":{"de":"x","en":"x"},"kind":"yes_no","shown_if":{"field":"nope","equals":"ja"}}
    ]}"#;
    let schema: FormSchema = serde_json::from_str(json).expect("parses");
    assert_eq!(schema.fields[1].kind, FieldKind::Text { max_chars: 200 });
    assert_eq!(schema_mistakes(&schema).len(), 2);
    let again: FormSchema =
        serde_json::from_str(&serde_json::to_string(&schema).expect("serializes")).expect("parses");
    assert_eq!(again, schema);
}
