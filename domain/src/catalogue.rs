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
    /// Those of `places` where two people go (stairs to carry the Koffer up, a room that is
    /// not to be kept alone): the tour plan sends two there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub two_clerk_places: Vec<String>,
    pub services: Vec<Service>,
    /// What the destinations of these services expect of the data they are sent (the
    /// municipality's FIT-Connect routes). The server adds them to the catalogue it hands to
    /// devices, and raises the version when a route changes, so that the laptop checks a case
    /// against them while the citizen is still at the table (`handover::precheck`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submission_checks: Vec<SubmissionCheck>,
}

/// The schema a service's destination checks the service's data against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionCheck {
    pub service: String,
    pub schema_uri: String,
    /// A JSON Schema within what `handover::schema` checks (the route's check made sure), as
    /// text: read only where it is checked, so the town hall's app carries no JSON tree reader.
    pub schema_json: String,
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
    /// Whether the citizen may file it alone at a Bürger-Terminal: the form asks nothing a clerk
    /// must see for themselves.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub self_service: bool,
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

    /// Whether a terminal offers it: marked for self-service and needing no identity checked in
    /// person. A fee is paid by card, so a kiosk without a card terminal shows only free ones.
    pub fn offered_at_terminal(&self) -> bool {
        self.self_service && !self.uses(Peripheral::IdCheck)
    }
}

impl Catalogue {
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Mistakes that make a catalogue unusable; the server refuses to store such a catalogue.
    pub fn mistakes(&self) -> Vec<String> {
        let mut mistakes = Vec::new();
        for place in &self.two_clerk_places {
            if !self.places.contains(place) {
                mistakes.push(format!("{place} needs two people but is not a place"));
            }
        }
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

/// One difference between a municipality's catalogue and one that would replace it, as the
/// admin reads it before taking the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CatalogueChange {
    PlaceAdded {
        place: String,
    },
    PlaceRemoved {
        place: String,
    },
    ServiceAdded {
        id: String,
        title: String,
    },
    ServiceRemoved {
        id: String,
        title: String,
    },
    ServiceChanged {
        id: String,
        title: String,
        /// The fee before and after, in cents, where it changed.
        fee_cents: Option<(u32, u32)>,
        /// How it is offered before and after, where that changed.
        offline: Option<(OfflinePolicy, OfflinePolicy)>,
        /// Form fields (ids) the new one adds or drops.
        fields_added: Vec<String>,
        fields_removed: Vec<String>,
        /// Anything else changed (wording, documents, peripherals, a field's kind).
        other: bool,
    },
}

/// What replacing `(places, services)` now held by `new` ones would change, in the order of
/// the new catalogue (then what it drops).
pub fn changes(
    (places, services): (&[String], &[Service]),
    (new_places, new_services): (&[String], &[Service]),
) -> Vec<CatalogueChange> {
    let mut found = Vec::new();
    for place in new_places.iter().filter(|p| !places.contains(p)) {
        found.push(CatalogueChange::PlaceAdded {
            place: place.clone(),
        });
    }
    for place in places.iter().filter(|p| !new_places.contains(p)) {
        found.push(CatalogueChange::PlaceRemoved {
            place: place.clone(),
        });
    }
    let field_ids = |service: &Service| -> Vec<String> {
        service.form.fields.iter().map(|f| f.id.clone()).collect()
    };
    for new in new_services {
        let Some(old) = services.iter().find(|s| s.id == new.id) else {
            found.push(CatalogueChange::ServiceAdded {
                id: new.id.clone(),
                title: new.title.de.clone(),
            });
            continue;
        };
        if old == new {
            continue;
        }
        let (old_fields, new_fields) = (field_ids(old), field_ids(new));
        let fields_added: Vec<String> = new_fields
            .iter()
            .filter(|f| !old_fields.contains(f))
            .cloned()
            .collect();
        let fields_removed: Vec<String> = old_fields
            .iter()
            .filter(|f| !new_fields.contains(f))
            .cloned()
            .collect();
        let fee_cents = (old.fee_cents != new.fee_cents).then_some((old.fee_cents, new.fee_cents));
        let offline = (old.offline != new.offline).then_some((old.offline, new.offline));
        // Anything but the named changes: both sides without them must be the same.
        let mut beside_new = new.clone();
        beside_new.fee_cents = old.fee_cents;
        beside_new.offline = old.offline;
        beside_new
            .form
            .fields
            .retain(|f| old_fields.contains(&f.id));
        let mut beside_old = old.clone();
        beside_old
            .form
            .fields
            .retain(|f| new_fields.contains(&f.id));
        let other = beside_new != beside_old;
        found.push(CatalogueChange::ServiceChanged {
            id: new.id.clone(),
            title: new.title.de.clone(),
            fee_cents,
            offline,
            fields_added,
            fields_removed,
            other,
        });
    }
    for old in services
        .iter()
        .filter(|s| !new_services.iter().any(|n| n.id == s.id))
    {
        found.push(CatalogueChange::ServiceRemoved {
            id: old.id.clone(),
            title: old.title.de.clone(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replacement_names_what_it_adds_drops_and_changes() {
        let service = |id: &str, fee_cents: u32, fields: &[&str]| Service {
            id: id.into(),
            leika: None,
            leika_confirmed: false,
            title: Label {
                de: id.to_uppercase(),
                en: id.into(),
            },
            offline: OfflinePolicy::FinishesOffline,
            fee_cents,
            fee_basis: "—".into(),
            documents: Vec::new(),
            peripherals: Vec::new(),
            form: FormSchema {
                fields: fields
                    .iter()
                    .map(|id| FieldSpec {
                        id: (*id).into(),
                        label: Label {
                            de: (*id).into(),
                            en: (*id).into(),
                        },
                        kind: FieldKind::Text { max_chars: 80 },
                        required: true,
                        shown_if: None,
                    })
                    .collect(),
            },
            paper_form: None,
            self_service: false,
        };
        let places = ["Rathaus".to_owned(), "Schule".to_owned()];
        let services = [
            service("fundsache", 0, &["item"]),
            service("beglaubigung", 500, &["document"]),
            service("hund", 0, &["name"]),
        ];
        let new_places = ["Rathaus".to_owned(), "Kirche".to_owned()];
        let mut renamed = service("hund", 0, &["name"]);
        renamed.title.de = "Hund anmelden".into();
        let mut needs_register = service("beglaubigung", 700, &["document", "copies"]);
        needs_register.offline = OfflinePolicy::NeedsConnection;
        let new_services = [
            service("fundsache", 0, &["item"]),
            needs_register,
            renamed,
            service("briefwahl", 0, &["election"]),
        ];
        assert_eq!(
            changes((&places, &services), (&new_places, &new_services)),
            [
                CatalogueChange::PlaceAdded {
                    place: "Kirche".into()
                },
                CatalogueChange::PlaceRemoved {
                    place: "Schule".into()
                },
                CatalogueChange::ServiceChanged {
                    id: "beglaubigung".into(),
                    title: "BEGLAUBIGUNG".into(),
                    fee_cents: Some((500, 700)),
                    offline: Some((
                        OfflinePolicy::FinishesOffline,
                        OfflinePolicy::NeedsConnection
                    )),
                    fields_added: vec!["copies".into()],
                    fields_removed: Vec::new(),
                    other: false,
                },
                CatalogueChange::ServiceChanged {
                    id: "hund".into(),
                    title: "Hund anmelden".into(),
                    fee_cents: None,
                    offline: None,
                    fields_added: Vec::new(),
                    fields_removed: Vec::new(),
                    other: true,
                },
                CatalogueChange::ServiceAdded {
                    id: "briefwahl".into(),
                    title: "BRIEFWAHL".into()
                },
            ]
        );
        assert_eq!(changes((&places, &services), (&places, &services)), []);
    }

    #[test]
    fn amounts_are_written_the_german_way() {
        assert_eq!(euro(0), "0,00 €");
        assert_eq!(euro(1250), "12,50 €");
        assert_eq!(euro(7), "0,07 €");
        assert_eq!(euro(12_345_678), "123.456,78 €");
    }
}
