//! The service catalogue of a municipality: what a clerk can do at the citizen's table, what it
//! costs and on what legal basis, which forms and peripherals it needs, and whether it may finish
//! without a network. The server keeps one versioned catalogue per municipality; the app caches it
//! encrypted and takes a newer version whenever it has a network.

use crate::forms::{ChoiceOption, FieldKind, FieldSpec, FormSchema, Label, schema_mistakes};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalogue {
    /// The municipality's Amtlicher Regionalschlüssel.
    pub municipality: String,
    pub municipality_name: String,
    /// Rises with every change; devices replace their copy when the server's is newer.
    pub version: u32,
    /// Where the Koffer is set up (e.g. "Schönberg, Gemeindeamt").
    pub places: Vec<String>,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// Stable short id within the catalogue, e.g. `anmeldung`.
    pub id: String,
    /// LeiKa key (14 digits); `None` where we could not confirm one.
    pub leika: Option<String>,
    /// Whether the key was checked against the federal directory.
    pub leika_confirmed: bool,
    pub title: Label,
    pub offline: OfflinePolicy,
    pub fee_cents: u32,
    /// The legal basis of the fee (or of its absence).
    pub fee_basis: String,
    /// What the citizen has to show; becomes a checklist in the form.
    pub documents: Vec<ChoiceOption>,
    pub peripherals: Vec<Peripheral>,
    pub form: FormSchema,
    /// Printed on paper for a wet signature (the Meldeschein of an Anmeldung).
    #[serde(default)]
    pub paper_form: Option<PaperForm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfflinePolicy {
    /// Done at the table, even without a network.
    FinishesOffline,
    /// Captured at the table; the town hall completes it after the transfer.
    CompletedAfterTransfer,
    /// Needs the register or a certified component: only with a network.
    NeedsConnection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Peripheral {
    Signature,
    Receipt,
    IdCheck,
    Payment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaperForm {
    Meldeschein,
}

/// The id of the checklist field the engine adds for a service's documents.
pub const DOCUMENTS_FIELD: &str = "unterlagen";

impl Service {
    /// The form as the clerk fills it: the service's fields and, if it names documents, a
    /// checklist of them that must be complete.
    pub fn form_with_checklist(&self) -> FormSchema {
        let mut form = self.form.clone();
        if !self.documents.is_empty() {
            form.fields.push(FieldSpec {
                id: DOCUMENTS_FIELD.to_owned(),
                label: Label {
                    de: "Vorgelegte Unterlagen".to_owned(),
                    en: "Documents shown".to_owned(),
                },
                kind: FieldKind::Documents {
                    items: self.documents.clone(),
                },
                required: true,
                shown_if: None,
            });
        }
        form
    }

    pub fn uses(&self, peripheral: Peripheral) -> bool {
        self.peripherals.contains(&peripheral)
    }
}

impl Catalogue {
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Mistakes that make a catalogue unusable; the server refuses to store such a catalogue.
    pub fn mistakes(&self) -> Vec<String> {
        let mut mistakes = Vec::new();
        for (index, service) in self.services.iter().enumerate() {
            if self.services[..index].iter().any(|s| s.id == service.id) {
                mistakes.push(format!("service id {} repeats", service.id));
            }
            if let Some(key) = &service.leika
                && (key.len() != 14 || !key.bytes().all(|b| b.is_ascii_digit()))
            {
                mistakes.push(format!("{}: LeiKa key {key} is not 14 digits", service.id));
            }
            if service.leika.is_none() && service.leika_confirmed {
                mistakes.push(format!("{}: confirmed without a key", service.id));
            }
            for mistake in schema_mistakes(&service.form_with_checklist()) {
                mistakes.push(format!("{}: {mistake}", service.id));
            }
        }
        mistakes
    }
}

/// `12,50 €` — how German receipts and forms write an amount.
pub fn euro(cents: u32) -> String {
    let euros = cents / 100;
    let mut grouped = String::new();
    let digits = euros.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02} €", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_the_german_way() {
        assert_eq!(euro(0), "0,00 €");
        assert_eq!(euro(1250), "12,50 €");
        assert_eq!(euro(7), "0,07 €");
        assert_eq!(euro(12_345_678), "123.456,78 €");
    }
}
