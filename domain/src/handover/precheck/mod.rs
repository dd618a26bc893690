//! The laptop's check before a case is finished: each requested service whose destination's
//! schema the catalogue carries (`Catalogue::submission_checks`) is checked as the release at
//! the town hall checks it, so that what the destination will miss is asked while the citizen
//! is still at the table. The server does not refuse a filing on it: a route may change after a
//! case was captured, and the release decides what is sent.

use super::schema::{Problem, SchemaError, Violation, validate};
use super::submission_data;
use crate::cases::Case;
use crate::catalogue::Catalogue;

/// A break of a destination's schema in one requested service's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The service's place among the case's requested services.
    pub service: usize,
    /// The input of the service's form it is about, if the form shows that input now: the
    /// clerk can fill it in. Anything else the form does not ask; the town hall settles it.
    pub input: Option<String>,
    pub violation: Violation,
}

impl Finding {
    /// Whether the clerk can mend it in the service's form, and so must before finishing.
    pub fn is_for_the_clerk(&self) -> bool {
        self.input.is_some()
    }
}

/// Every break of its destinations' schemas in `case`, by requested service in order.
pub fn findings(case: &Case, catalogue: &Catalogue) -> Vec<Finding> {
    let mut found = Vec::new();
    for (index, requested) in case.services.iter().enumerate() {
        let Some(check) = catalogue
            .submission_checks
            .iter()
            .find(|check| check.service == requested.service)
        else {
            continue;
        };
        let Some(service) = catalogue.service(&requested.service) else {
            continue;
        };
        // Without a LeiKa key there is nothing to send; the release says so by name.
        let Some(data) = submission_data(case, service, &check.schema_uri) else {
            continue;
        };
        // The server read the schema when the route was set; one that does not read now is
        // the town hall's to settle, and says so.
        let violations = match serde_json::from_slice(check.schema_json.as_bytes()) {
            Ok(schema) => validate(&schema, &data),
            Err(_) => vec![Violation {
                at: String::new(),
                problem: Problem::Schema(SchemaError::Malformed { at: "#".into() }),
            }],
        };
        let form = service.form_with_checklist();
        for violation in violations {
            let input = violated_input(&violation)
                .filter(|input| {
                    form.field_of_input(input)
                        .is_some_and(|(field, _)| field.is_shown(&requested.values))
                })
                .map(str::to_owned);
            found.push(Finding {
                service: index,
                input,
                violation,
            });
        }
    }
    found
}

/// The input of the form a violation is about: one under `/values`, or one missing from it
/// (`submission_data` puts a service's answers there under their input ids).
fn violated_input(violation: &Violation) -> Option<&str> {
    let below = violation.at.strip_prefix("/values")?;
    match (below, &violation.problem) {
        ("", Problem::Missing(input)) => Some(input),
        (below, _) => below.strip_prefix('/')?.split('/').next(),
    }
}

#[cfg(test)]
mod tests;
