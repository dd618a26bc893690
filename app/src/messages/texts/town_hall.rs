//! The back office's screen and the statuses of a case.

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! town_hall_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        TownHallHeading => ("Rathaus: übertragene Fälle", "Town hall: transferred cases"),
        TownHallOffline => (
            "Die Liste des Rathauses braucht eine Verbindung zum Server.",
            "The town hall's list needs a connection to the server."
        ),
        TownHallEmpty => ("Noch keine Fälle übertragen.", "No cases transferred yet."),
        Refresh => ("Aktualisieren", "Refresh"),
        Person => ("Person", "Person"),
        Services => ("Leistungen", "Services"),
        Status => ("Status", "Status"),
        NextStatus => ("Nächster Status", "Next status"),
        Flagged => ("zu prüfen (auf zwei Geräten geändert)", "to check (changed on two devices)"),
        RejectReason => ("Begründung der Ablehnung", "Reason for rejection"),
        Reject => ("Ablehnen", "Reject"),
        StatusSet => ("Status gesetzt –", "Status set –"),
        History => ("Verlauf", "History"),
        Payment => ("Zahlung", "Payment"),
        PaymentOpen => ("offen", "open"),
        PrintSummary => ("Zusammenfassung drucken", "Print summary"),
        PrintMeldeschein => ("Meldeschein drucken", "Print registration form"),
        PrintReceipt => ("Quittung drucken (80 mm)", "Print receipt (80 mm)"),
        ToOverview => ("Zur Übersicht", "To the overview"),
        ContinueCase => ("Weiter bearbeiten", "Continue"),
        StatusDraft => ("Entwurf", "Draft"),
        StatusCaptured => ("Erfasst", "Captured"),
        StatusTransferred => ("Übertragen", "Transferred"),
        StatusInProgress => ("In Bearbeitung", "In progress"),
        StatusReadyForPickup => ("Abholbereit", "Ready for pickup"),
        StatusHandedOver => ("Ausgehändigt", "Handed over"),
        StatusRejected => ("Abgelehnt", "Rejected"),
        Municipality => ("Gemeinde", "Municipality"),
        }
    };
}
