//! The day, its cases, and a visit step by step until the case is finished.

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! visit_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        DayHeading => ("Einsatz", "Deployment"),
        DeploymentPlace => ("Einsatzort", "Place"),
        DeploymentDate => ("Datum", "Date"),
        StartDeployment => ("Einsatz beginnen", "Start deployment"),
        ChangeDeployment => ("Einsatz wechseln", "Change deployment"),
        NoCatalogue => (
            "Auf diesem Gerät liegt noch kein Leistungskatalog. Bitte den Koffer einmal mit Netz öffnen.",
            "This device holds no service catalogue yet. Please open the Koffer once while online."
        ),
        NewVisit => ("Neuer Besuch", "New visit"),
        CasesHeading => ("Fälle auf diesem Gerät", "Cases on this device"),
        ListToday => ("Heute", "Today"),
        ListDrafts => ("Entwürfe", "Drafts"),
        ListUntransferred => ("Nicht übertragen", "Not transferred"),
        ListAll => ("Alle", "All"),
        SearchCases => ("Suchen (Name, Geburtsdatum oder Fallnummer)", "Search (name, birth date or case number)"),
        NoCases => ("Keine Fälle.", "No cases."),
        MoreCases => ("Weitere Treffer nicht angezeigt – bitte die Suche verfeinern:", "More matches not shown – please refine the search:"),
        OpenCase => ("Öffnen", "Open"),
        DiscardDraft => ("Entwurf verwerfen", "Discard draft"),
        StepsOfVisit => ("Schritte des Besuchs", "Steps of the visit"),
        StepDone => (" (erledigt)", " (done)"),
        StepCitizen => ("Person", "Person"),
        StepServices => ("Leistungen", "Services"),
        StepForm => ("Angaben", "Details"),
        StepReview => ("Prüfen", "Review"),
        StepSignature => ("Unterschrift", "Signature"),
        StepFee => ("Gebühr", "Fee"),
        KnownCitizens => ("Bereits erfasste Personen", "Persons met before"),
        TakeCitizen => ("Übernehmen", "Use"),
        Next => ("Weiter", "Next"),
        Back => ("Zurück", "Back"),
        ChooseServices => ("Welche Leistungen möchte die Person?", "Which services does the person want?"),
        NoServiceChosen => ("Bitte mindestens eine Leistung auswählen.", "Please choose at least one service."),
        FinishesOffline => ("wird vor Ort abgeschlossen", "finished on site"),
        CompletedAfterTransfer => ("wird nach der Übertragung im Rathaus abgeschlossen", "completed at the town hall after transfer"),
        NeedsConnection => ("nur mit Netz (Melderegister)", "only with a network (register)"),
        LeikaUnconfirmed => ("LeiKa-Schlüssel nicht bestätigt", "LeiKa key not confirmed"),
        Street => ("Straße", "Street"),
        HouseNumber => ("Hausnummer", "House number"),
        Postcode => ("PLZ", "Postcode"),
        Place => ("Ort", "Place"),
        DateHint => ("TT.MM.JJJJ", "DD.MM.YYYY"),
        Yes => ("ja", "yes"),
        No => ("nein", "no"),
        PleaseChoose => ("Bitte wählen", "Please choose"),
        ErrorSummary => ("Bitte korrigieren Sie die markierten Angaben. Anzahl:", "Please correct the marked entries. Count:"),
        ReviewHeading => ("Bitte prüfen Sie Ihre Angaben", "Please check your details"),
        ReviewConfirm => ("Die Angaben sind richtig", "The details are correct"),
        SignatureHeading => ("Bitte hier unterschreiben", "Please sign here"),
        SignatureArea => (
            "Unterschriftsfeld: mit Stift, Finger oder Maus unterschreiben",
            "Signature area: sign with pen, finger or mouse"
        ),
        SignatureClear => ("Löschen", "Clear"),
        SignatureTake => ("Unterschrift übernehmen", "Accept signature"),
        SignatureEmpty => ("Bitte zuerst unterschreiben.", "Please sign first."),
        SignatureTaken => ("Unterschrift gespeichert.", "Signature saved."),
        PhotosHeading => ("Fotos von Unterlagen", "Photos of documents"),
        PhotoPick => ("Foto aufnehmen oder Bild wählen", "Take a photo or choose a picture"),
        PhotosSaved => ("Fotos verschlüsselt gespeichert:", "Photos stored encrypted:"),
        PhotoFailed => ("Das Bild ließ sich nicht lesen. Bitte ein Foto (JPEG oder PNG) wählen.", "The picture could not be read. Please choose a photo (JPEG or PNG)."),
        Photo => ("Foto", "Photo"),
        FeeTotal => ("Zu zahlen", "To pay"),
        FinishCase => ("Fall abschließen", "Finish case"),
        FinishNoService => ("Keine Leistung ausgewählt.", "No service chosen."),
        FinishUnknownService => ("Leistung nicht im Katalog:", "Service not in the catalogue:"),
        FinishNeedsConnection => ("Braucht eine Verbindung zum Melderegister:", "Needs a connection to the register:"),
        FinishForm => ("Angaben unvollständig oder fehlerhaft:", "Details incomplete or wrong:"),
        FinishCitizen => ("Die Personendaten sind unvollständig oder fehlerhaft.", "The person's details are incomplete or wrong."),
        FinishSignature => ("Die Unterschrift fehlt.", "The signature is missing."),
        FinishPayment => ("Bitte angeben, wie die Gebühr bezahlt wird.", "Please say how the fee is paid."),
        FinishNotDraft => ("Der Fall ist bereits abgeschlossen.", "The case is already finished."),
        CaseFinished => ("Fall abgeschlossen und verschlüsselt gespeichert.", "Case finished and stored encrypted."),
        TownHallElsewhere => (
            "Die übertragenen Fälle bearbeitet das Rathaus in seiner eigenen Anwendung.",
            "The town hall works on transferred cases in its own application."
        ),
        OpenRathaus => ("Rathaus öffnen", "Open the town hall"),
        CorrectCase => ("Angaben berichtigen", "Correct details"),
        CorrectionHeading => ("Berichtigung", "Correction"),
        CorrectionHint => (
            "Angaben zur Person und Formulare berichtigen. Die Berichtigung geht mit der nächsten Übertragung ins Rathaus; hat das Rathaus dieselben Angaben inzwischen geändert, entscheidet es dort.",
            "Correct the person's details and forms. The correction goes to the town hall with the next transfer; if the town hall changed the same details meanwhile, it decides there."
        ),
        SaveCorrection => ("Berichtigung speichern", "Save correction"),
        CorrectionWaits => (
            "Eine Berichtigung wartet auf die nächste Übertragung.",
            "A correction waits for the next transfer."
        ),
        }
    };
}
