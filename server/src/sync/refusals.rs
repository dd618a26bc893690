//! The German sentence for each refusal of a push: what went wrong and what the clerk can do.

use domain::cases::{CaseStatus, FinishProblem};
use domain::catalogue::euro;
use domain::filing::{MAX_CONFLICTS, Refusal};
use domain::sync::{ATTACHMENTS, HISTORY, PAYMENT, SERVICES, SIGNATURE};

pub(super) fn sentence(refusal: &Refusal) -> String {
    match refusal {
        Refusal::UnknownMunicipality(text) => format!("Unbekannter Regionalschlüssel „{text}“."),
        Refusal::NoId => "Der Fall hat keine Kennung.".into(),
        Refusal::OtherMunicipality(key) => {
            format!("Fälle der Gemeinde {key} darf dieses Konto nicht bearbeiten.")
        }
        Refusal::NotCaptured(status) => format!(
            "Übertragen werden nur abgeschlossene Fälle; dieser ist „{}“. Bitte den Besuch abschließen.",
            status_de(*status)
        ),
        Refusal::ServerStep(status) => format!(
            "Den Schritt „{}“ setzt nur das Rathaus; das Gerät darf ihn nicht senden.",
            status_de(*status)
        ),
        Refusal::HistoryOutOfOrder => {
            "Der Verlauf des Falls ist nicht „Entwurf, dann Erfasst“. Bitte den Fall neu erfassen."
                .into()
        }
        Refusal::FromTheFuture => {
            "Der Fall trägt eine Zeit nach der Uhr des Servers. Bitte Datum und Uhrzeit des Geräts prüfen."
                .into()
        }
        Refusal::Unfinished(problems) => format!(
            "Der Fall ist nicht vollständig: {}. Bitte den Fall öffnen und ergänzen.",
            problems.iter().map(problem_de).collect::<Vec<_>>().join("; ")
        ),
        Refusal::SignatureMismatch => {
            "Die Unterschrift passt nicht zu ihrer Prüfsumme. Bitte erneut unterschreiben lassen."
                .into()
        }
        Refusal::TooLarge { limit } => format!(
            "Der Fall ist größer als {} KB. Bitte Fotos nicht in Formularfelder einfügen.",
            limit / 1024
        ),
        Refusal::NumberTaken(number) => format!(
            "Die Fallnummer {number} hat schon ein anderer Fall der Gemeinde. Bitte das Gerät vom Betrieb prüfen lassen."
        ),
        Refusal::PhotosMissing => {
            "Dem Server fehlen Fotos dieses Falls; sie werden zuerst übertragen.".into()
        }
        Refusal::QuotaReached => {
            "Der Speicherplatz der Gemeinde auf dem Server ist erschöpft. Bitte den Betrieb (Rechenzentrum) verständigen; der Fall bleibt auf dem Gerät."
                .into()
        }
        Refusal::NotOwnCase => {
            "Diesen Fall hat ein anderes Gerät erfasst; nur dieses darf ihn ändern.".into()
        }
        Refusal::HistoryChanged => {
            "Den Verlauf eines Falls, den das Rathaus hat, kann ein Gerät nicht ändern.".into()
        }
        Refusal::ForgedBase => {
            "Die Änderung beruft sich auf einen Stand, den der Server nie ausgegeben hat.".into()
        }
        Refusal::DeleteOnServer => {
            "Ein Fall, den das Rathaus schon hat, kann auf dem Gerät nicht gelöscht werden.".into()
        }
        Refusal::NoSuchCase => "Diesen Fall gibt es nicht.".into(),
        Refusal::TooManyConflicts => format!(
            "Zu diesem Fall warten schon {MAX_CONFLICTS} widersprüchliche Änderungen auf eine Entscheidung im Rathaus."
        ),
        Refusal::Closed(status) => format!(
            "Der Fall ist im Rathaus schon „{}“; das Gerät kann ihn nicht mehr berichtigen. Bitte die Berichtigung dem Rathaus melden.",
            status_de(*status)
        ),
        Refusal::NotCorrectable(part) => format!(
            "Nach der Übertragung berichtigt ein Gerät nur Angaben zur Person und Formulare, nicht „{}“. Bitte die Änderung dem Rathaus melden.",
            part_de(part)
        ),
        Refusal::DeploymentMismatch => {
            "Ort oder Tag des Einsatzes passen nicht zu den Orten der Gemeinde oder zum Tag des Besuchs; der Fall wurde nicht übernommen. Bitte den Fall dem Rathaus melden.".into()
        }
        Refusal::NotAtTerminal(id) => format!(
            "„{id}“ kann am Bürger-Terminal nicht erledigt werden; nichts wurde eingereicht. Bitte wenden Sie sich an das Rathaus."
        ),
        Refusal::FeeMismatch { due_cents: 0, .. } => {
            "Für dieses Anliegen ist keine Gebühr zu zahlen; nichts wurde eingereicht. Bitte wenden Sie sich mit Ihrem Kartenbeleg an das Rathaus.".into()
        }
        Refusal::FeeMismatch {
            due_cents,
            paid_cents: 0,
        } => format!(
            "Die Gebühr von {} ist nicht bezahlt; nichts wurde eingereicht. Bitte am Kartenterminal bezahlen.",
            euro(*due_cents)
        ),
        Refusal::FeeMismatch {
            due_cents,
            paid_cents,
        } => format!(
            "Bezahlt wurden {}, die Gebühr beträgt {}; nichts wurde eingereicht. Bitte wenden Sie sich mit Ihrem Kartenbeleg an das Rathaus.",
            euro(*paid_cents),
            euro(*due_cents)
        ),
        Refusal::UnreadableCardReceipt => {
            "Die Belegnummer der Kartenzahlung ist nicht lesbar; nichts wurde eingereicht. Bitte wenden Sie sich mit Ihrem Kartenbeleg an das Rathaus.".into()
        }
    }
}

/// A part of a case as the clerk knows it.
fn part_de(part: &str) -> &str {
    match part {
        SIGNATURE => "Unterschrift",
        PAYMENT => "Zahlung",
        ATTACHMENTS => "Fotos",
        HISTORY => "Verlauf",
        SERVICES => "Wahl der Leistungen",
        other => other,
    }
}

pub(crate) fn status_de(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Draft => "Entwurf",
        CaseStatus::Captured => "Erfasst",
        CaseStatus::Transferred => "Übertragen",
        CaseStatus::InProgress => "In Bearbeitung",
        CaseStatus::ReadyForPickup => "Abholbereit",
        CaseStatus::HandedOver => "Ausgehändigt",
        CaseStatus::Rejected => "Abgelehnt",
    }
}

fn problem_de(problem: &FinishProblem) -> String {
    match problem {
        FinishProblem::NoService => "keine Leistung gewählt".into(),
        FinishProblem::UnknownService(id) => format!("Leistung „{id}“ gibt es im Katalog nicht"),
        FinishProblem::NeedsConnection(id) => format!("„{id}“ braucht eine Verbindung"),
        FinishProblem::Form { service, errors } => {
            let fields: Vec<&str> = errors.iter().map(|e| e.input.as_str()).collect();
            format!("Formular „{service}“: {}", fields.join(", "))
        }
        FinishProblem::Citizen(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.input.as_str()).collect();
            format!("Angaben zur Person: {}", fields.join(", "))
        }
        FinishProblem::SignatureMissing => "Unterschrift fehlt".into(),
        FinishProblem::PaymentOpen => "Gebühr nicht bezahlt".into(),
        FinishProblem::NotADraft(status) => format!("Status „{}“", status_de(*status)),
    }
}
