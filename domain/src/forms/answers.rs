//! A filled form as a person reads it: each shown field with its answer, choices and ticked
//! documents by their labels. The Koffer's review, the town hall's case view and the handover
//! package all read a form through here.

use super::{FieldKind, FieldSpec, FormSchema, FormValues, Label};

/// One shown field and its answer in both languages (the same text where the citizen typed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer<'a> {
    pub field: &'a FieldSpec,
    pub text: Label,
}

/// The shown fields of `form` in its order, each with what `values` answer.
pub fn answers<'a>(form: &'a FormSchema, values: &FormValues) -> Vec<Answer<'a>> {
    form.fields
        .iter()
        .filter(|field| field.is_shown(values))
        .map(|field| Answer {
            field,
            text: answer(field, values),
        })
        .collect()
}

fn answer(field: &FieldSpec, values: &FormValues) -> Label {
    let given = |id: &str| values.get(id).filter(|value| !value.is_empty());
    let both = |text: String| Label {
        de: text.clone(),
        en: text,
    };
    match &field.kind {
        FieldKind::Choice { options } => options
            .iter()
            .find(|option| Some(&option.value) == given(&field.id))
            .map(|option| option.label.clone())
            .unwrap_or_else(|| both(String::new())),
        FieldKind::Documents { items } => {
            let ticked: Vec<&Label> = items
                .iter()
                .filter(|item| {
                    given(&format!("{}.{}", field.id, item.value)).map(String::as_str) == Some("ja")
                })
                .map(|item| &item.label)
                .collect();
            let join = |pick: fn(&Label) -> &str| {
                ticked
                    .iter()
                    .map(|l| pick(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Label {
                de: join(|l| &l.de),
                en: join(|l| &l.en),
            }
        }
        _ => both(
            field
                .input_ids()
                .iter()
                .filter_map(|id| given(id).cloned())
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{ChoiceOption, Condition};

    fn label(text: &str) -> Label {
        Label {
            de: text.into(),
            en: format!("{text} (en)"),
        }
    }

    fn field(id: &str, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            id: id.into(),
            label: label(id),
            kind,
            required: false,
            shown_if: None,
        }
    }

    #[test]
    fn choices_and_documents_read_as_their_labels_and_hidden_fields_are_left_out() {
        let mut hidden = field("grund", FieldKind::Text { max_chars: 50 });
        hidden.shown_if = Some(Condition {
            field: "art".into(),
            equals: "sonstiges".into(),
        });
        let option = |value: &str| ChoiceOption {
            value: value.into(),
            label: label(&format!("Wahl {value}")),
        };
        let form = FormSchema {
            fields: vec![
                field(
                    "art",
                    FieldKind::Choice {
                        options: vec![option("a"), option("b")],
                    },
                ),
                hidden,
                field("adresse", FieldKind::Address),
                field(
                    "unterlagen",
                    FieldKind::Documents {
                        items: vec![option("ausweis"), option("vertrag"), option("pass")],
                    },
                ),
            ],
        };
        let values: FormValues = [
            ("art", "b"),
            ("grund", "nicht gezeigt"),
            ("adresse.street", "Markt"),
            ("adresse.house_number", "3"),
            ("adresse.postcode", "08393"),
            ("adresse.place", "Meerane"),
            ("unterlagen.ausweis", "ja"),
            ("unterlagen.vertrag", "nein"),
            ("unterlagen.pass", "ja"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let read: Vec<(&str, Label)> = answers(&form, &values)
            .into_iter()
            .map(|answer| (answer.field.id.as_str(), answer.text))
            .collect();
        assert_eq!(
            read,
            vec![
                ("art", label("Wahl b")),
                (
                    "adresse",
                    Label {
                        de: "Markt 3 08393 Meerane".into(),
                        en: "Markt 3 08393 Meerane".into()
                    }
                ),
                (
                    "unterlagen",
                    Label {
                        de: "Wahl ausweis, Wahl pass".into(),
                        en: "Wahl ausweis (en), Wahl pass (en)".into()
                    }
                ),
            ]
        );
    }
}
