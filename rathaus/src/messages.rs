//! Every word of the town hall's app: its own below, and those it shares with the clerk's Koffer
//! (`ui::texts`), chained into one `Text`.

use domain::wire::Role;
use ui::http::ApiFailure;
use ui::{Language, account_texts, case_texts, texts, town_hall_texts};

/// The town hall's own texts (see `ui::texts`).
macro_rules! rathaus_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        TakenWithKoffer => ("Mit dem Koffer aufgenommen: {0}, {1}", "Taken with the Koffer: {0}, {1}"),
        FiledAtTerminal => ("Am Bürger-Terminal eingereicht: {0}, {1}", "Filed at the citizen terminal: {0}, {1}"),
        AtTerminal => ("am Bürger-Terminal", "at the citizen terminal"),
        SharedFormHeading => ("Formular am Terminal: {0}", "Form at the terminal: {0}"),
        FillInput => ("Feld", "Field"),
        PleaseChooseField => ("Feld wählen", "Choose a field"),
        FillValue => ("Eintrag", "Entry"),
        FillSend => ("Im Formular eintragen", "Enter in the form"),
        RathausName => ("Rathaus", "Town hall"),
        RathausIntro => (
            "Die Fälle, die die Koffer übertragen haben: bearbeiten, entscheiden, aushändigen.",
            "The cases the Koffers transferred: work on them, decide, hand over."
        ),
        SignIn => ("Anmelden", "Sign in"),
        SignOut => ("Abmelden", "Sign out"),
        OnlyTownHall => (
            "Dieses Konto gehört zu einem Koffer, nicht zum Rathaus. Bitte mit einem Konto des Rathauses anmelden.",
            "This account belongs to a Koffer, not to the town hall. Please sign in with a town hall account."
        ),
        Unreachable => (
            "Der Server ist nicht erreichbar. Bitte die Verbindung prüfen und erneut versuchen.",
            "The server cannot be reached. Please check the connection and try again."
        ),
        OpenCase => ("Öffnen", "Open"),
        BackToList => ("Zurück zur Liste", "Back to the list"),
        Photos => ("Fotos von Unterlagen", "Photos of documents"),
        Signature => ("Unterschrift", "Signature"),
        SignatureOf => ("Unterschrift der Bürgerin oder des Bürgers", "The citizen's signature"),
        Record => ("Protokoll des Falls", "The case's record"),
        RecordIntact => (
            "Das Protokoll ist lückenlos und vom Server versiegelt.",
            "The record is complete and sealed by the server."
        ),
        EventFiled => ("Vom Gerät übertragen", "Filed by the device"),
        EventEdited => ("Vom Gerät berichtigt", "Corrected by the device"),
        ConflictHeading => (
            "Auf dem Gerät und im Rathaus geändert: welcher Wert gilt?",
            "Changed on the device and at the town hall: which value holds?"
        ),
        HeldValue => ("Gilt jetzt (im Rathaus)", "Holds now (at the town hall)"),
        DeviceValue => ("Vom Gerät gesendet", "Sent by the device"),
        KeepHeld => ("Geltenden Wert behalten", "Keep the value that holds"),
        TakeDevice => ("Wert des Geräts übernehmen", "Take the device's value"),
        PhotoOf => ("Foto {0} von {1}", "Photo {0} of {1}"),
        NoPhotos => ("Keine Fotos.", "No photos."),
        EventResolved => ("Im Rathaus entschieden", "Decided at the town hall"),
        SignedByDevice => ("vom Gerät signiert", "signed by the device"),
        Cases => ("Fälle", "Cases"),
        People => ("Personen", "People"),
        Name => ("Name", "Name"),
        Role => ("Aufgabe", "Role"),
        Actions => ("Aktionen", "Actions"),
        RoleClerk => ("Koffer (unterwegs)", "Koffer (on the road)"),
        RoleBackOffice => ("Rathaus (Sachbearbeitung)", "Town hall (back office)"),
        RoleAdmin => ("Betrieb (Verwaltung)", "Operations (admin)"),
        Active => ("aktiv", "active"),
        Disabled => ("gesperrt", "disabled"),
        Disable => ("Sperren", "Disable"),
        PersonDisabled => (
            "{0} ist gesperrt: die Sitzungen sind beendet, die Laptops gesperrt; ein Koffer löscht sich beim nächsten Kontakt.",
            "{0} is disabled: the sessions have ended, the laptops are revoked; a Koffer wipes itself at its next contact."
        ),
        NewPassword => ("Neues Passwort", "New password"),
        SetPassword => ("Passwort setzen", "Set password"),
        PasswordSet => (
            "Neues Passwort für {0} gesetzt; die Sitzungen der Person sind beendet.",
            "New password set for {0}; the person's sessions have ended."
        ),
        FilterHeading => ("Fälle filtern", "Filter cases"),
        AnyStatus => ("alle", "any"),
        Service => ("Leistung", "Service"),
        AnyService => ("alle Leistungen", "every service"),
        Place => ("Ort", "Place"),
        AnyPlace => ("alle Orte", "every place"),
        VisitFrom => ("Besuch ab", "Visit from"),
        VisitTo => ("Besuch bis", "Visit until"),
        TakenBy => ("Aufgenommen von", "Taken by"),
        OnlyFlagged => ("nur Fälle, die zu prüfen sind", "only cases to check"),
        ApplyFilter => ("Filtern", "Filter"),
        ResetFilter => ("Filter zurücksetzen", "Reset filter"),
        NoCaseMatches => ("Kein Fall passt zum Filter.", "No case matches the filter."),
        MoreCases => ("Weitere Fälle laden", "Load more cases"),
        Evaluation => ("Auswertung", "Evaluation"),
        EvaluationHeading => ("Auswertung des Koffers", "How the Koffer is used"),
        EvaluationIntro => (
            "Welche Leistungen wo und wann gefragt waren, wie lange sie am Tisch dauerten, wie viele Bürgerinnen und Bürger ein Einsatz erreichte und was er kostete.",
            "Which services were asked for where and when, how long they took at the table, how many citizens a deployment reached and what it cost."
        ),
        ShowFigures => ("Anzeigen", "Show"),
        EvaluationPeriod => ("Besuche vom {0} bis {1}: {2} Fälle.", "Visits from {0} to {1}: {2} cases."),
        SmallCellsWithheld => (
            "Zahlen unter {0} Fällen werden nicht einzeln gezeigt („< {0}“), damit niemand aus ihnen erkennbar wird.",
            "Counts under {0} cases are not shown individually (“< {0}”), so that nobody can be recognised from them."
        ),
        SaveCsv => ("Tabelle als CSV speichern", "Save table as CSV"),
        SaveXlsx => ("Alle Tabellen als Excel-Datei (XLSX) speichern", "Save all tables as an Excel file (XLSX)"),
        SaveFailed => ("Die Datei konnte nicht gespeichert werden.", "The file could not be saved."),
        SaveHandover => (
            "Übergabepaket speichern (PDF/A mit dem Fall als Datei)",
            "Save the handover package (PDF/A with the case as a file)"
        ),
        SaveHandoverBatch => (
            "Übergabepakete der gefilterten Fälle speichern (ZIP)",
            "Save the handover packages of the filtered cases (ZIP)"
        ),
        HandoverFile => ("fall-{0}.pdf", "case-{0}.pdf"),
        SubmissionsHeading => ("Übergabe über FIT-Connect", "Handover over FIT-Connect"),
        SubmitCase => (
            "Über FIT-Connect an die zuständige Stelle senden",
            "Send to the deciding authority over FIT-Connect"
        ),
        SubmitAgain => ("Berichtigt erneut senden", "Send again, corrected"),
        SubmissionReleased => ("freigegeben, wird gesendet", "released, being sent"),
        SubmissionSubmitted => (
            "eingereicht, noch nicht entschieden",
            "submitted, not decided yet"
        ),
        SubmissionAccepted => ("von der Zielstelle angenommen", "accepted by the destination"),
        SubmissionRejected => ("von der Zielstelle abgelehnt", "rejected by the destination"),
        SubmissionFailed => ("Senden fehlgeschlagen", "sending failed"),
        HandoverWorking => ("Das Übergabepaket wird erstellt …", "Making the handover package …"),
        FiguresServices => ("Fälle je Leistung", "Cases per service"),
        OfferedHeading => ("Angebot im Koffer", "How the Koffer offers it"),
        OfferedOnSite => ("vor Ort abgeschlossen", "finished on site"),
        OfferedAfterTransfer => ("nach Übertragung abgeschlossen", "completed after transfer"),
        OfferedNeedsRegister => ("braucht das Register (nur mit Verbindung)", "needs the register (only online)"),
        OfferedNoLonger => ("nicht mehr im Katalog", "no longer in the catalogue"),
        RejectedCount => ("davon abgelehnt", "of those rejected"),
        HandlingQ1 => ("Minuten am Tisch: 1. Quartil", "Minutes at the table: 1st quartile"),
        HandlingMedian => ("Median", "Median"),
        HandlingQ3 => ("3. Quartil", "3rd quartile"),
        FiguresHandling => ("Bearbeitungszeit am Tisch", "Time at the table"),
        HandlingExplained => (
            "Vom Öffnen des Falls bis „Erfasst“, in Minuten: die Hälfte der Fälle liegt im Kasten, der Strich ist der Median.",
            "From opening the case to “Captured”, in minutes: half of the cases lie within the box, the line is the median."
        ),
        FiguresWeeks => ("Fälle je Woche", "Cases per week"),
        WeekOf => ("Woche ab", "Week of"),
        FiguresDeployments => ("Einsätze", "Deployments"),
        FewCitizens => (
            "{0} Einsätze mit weniger als {1} Fällen.",
            "{0} deployments with fewer than {1} cases."
        ),
        StaffRate => ("Personalkosten je Stunde (Euro)", "Staff cost per hour (euros)"),
        TravelMinutesTo => ("Fahrzeit nach {0}, eine Richtung (Minuten)", "Travel time to {0}, one way (minutes)"),
        Day => ("Tag", "Day"),
        MinutesOnSite => ("Minuten vor Ort", "Minutes on site"),
        DeploymentCost => ("Kosten des Einsatzes", "Cost of the deployment"),
        CostPerCase => ("Kosten je Fall", "Cost per case"),
        FiguresCells => ("Fälle je Leistung, Ort und Woche", "Cases per service, place and week"),
        FiguresReasons => ("Gründe für Ablehnungen", "Reasons for rejections"),
        NoReasonsShown => (
            "Kein Grund wurde mindestens {0}-mal genannt.",
            "No reason was given at least {0} times."
        ),
        Reason => ("Grund", "Reason"),
        Figure => ("Kennzahl", "Figure"),
        CompareWith => ("Vergleichen mit", "Compare with"),
        CompareWithNone => ("keiner Gemeinde", "no municipality"),
        ComparisonHeading => ("Regionale Unterschiede", "Regional differences"),
        ComparisonLegend => (
            "Je Leistung oben die erste Gemeinde (gefüllt), darunter die zweite (umrandet).",
            "Per service the first municipality on top (filled), the second below (outlined)."
        ),
        FewDeployments => ("Einsätze mit weniger als 5 Fällen", "Deployments with fewer than 5 cases"),
        MunicipalitySettings => ("Gemeinde", "Municipality"),
        CatalogueVersion => ("Katalog Version {0}", "Catalogue version {0}"),
        Serves => ("Betreut auch:", "Also serves:"),
        OfflineLease => ("Offline-Frist der Laptops (Tage, 1 bis 90)", "Offline lease of the laptops (days, 1 to 90)"),
        LeaseNotANumber => ("Bitte die Offline-Frist als ganze Zahl von Tagen angeben.", "Please give the offline lease as a whole number of days."),
        LeaseSet => ("Offline-Frist: {0} Tage. Die Laptops erfahren sie beim nächsten Kontakt.", "Offline lease: {0} days. The laptops learn it at their next contact."),
        Save => ("Speichern", "Save"),
        PlacesOnePerLine => ("Einsatzorte (einer je Zeile)", "Places (one per line)"),
        CatalogueHeading => ("Leistungskatalog", "Service catalogue"),
        CatalogueFile => ("Katalog-Datei (JSON)", "Catalogue file (JSON)"),
        CheckCatalogue => ("Prüfen", "Check"),
        NoCatalogueFile => ("Bitte zuerst eine Katalog-Datei wählen.", "Please choose a catalogue file first."),
        CatalogueWouldChange => ("Gegenüber Version {0} würde sich ändern:", "Against version {0} this would change:"),
        CatalogueUnchanged => ("Nichts – der Katalog ist gleich.", "Nothing – the catalogue is the same."),
        TakeCatalogue => ("Katalog übernehmen", "Take the catalogue"),
        RoutesHeading => ("Ziele für FIT-Connect", "FIT-Connect destinations"),
        RoutesHint => (
            "Wohin die Fälle einer Leistung eingereicht werden: der Zustellpunkt der zuständigen Stelle, ihr öffentlicher Schlüssel (JWK) und das Schema der Daten, das die Laptops schon am Tisch prüfen.",
            "Where a service's cases are submitted: the deciding authority's destination, its public key (JWK) and the data schema, which the laptops check at the table already."
        ),
        NoRoutes => ("Noch kein Ziel gesetzt; Fälle werden nur als Übergabepaket weitergegeben.", "No destination set yet; cases are handed over as packages only."),
        RouteService => ("Leistung", "Service"),
        RouteDestination => ("Zustellpunkt-Id (UUID)", "Destination id (UUID)"),
        RouteKeyFile => ("Öffentlicher Schlüssel der Stelle (JWK-Datei)", "The authority's public key (JWK file)"),
        RouteKeyValidUntil => ("Schlüssel gültig bis", "Key valid until"),
        RouteSchemaUri => ("Schema-URI der Daten", "Data schema URI"),
        RouteSchemaFile => ("Schema der Daten (JSON-Datei)", "Data schema (JSON file)"),
        SetRoute => ("Ziel setzen", "Set destination"),
        RemoveRoute => ("Ziel entfernen", "Remove destination"),
        RouteFilesMissing => ("Bitte die Schlüssel-Datei und die Schema-Datei wählen.", "Please choose the key file and the schema file."),
        RouteSet => ("Fälle „{0}“ gehen an den Zustellpunkt {1}; die Laptops holen das Schema beim nächsten Kontakt.", "Cases “{0}” go to destination {1}; the laptops fetch the schema at their next contact."),
        RouteRemoved => ("Fälle „{0}“ werden nicht mehr eingereicht.", "Cases “{0}” are no longer submitted."),
        CatalogueNowVersion => ("Der Katalog ist nun Version {0}; die Laptops holen ihn beim nächsten Kontakt.", "The catalogue is now version {0}; the laptops fetch it at their next contact."),
        PlaceAdded => ("Ort neu: {0}", "Place added: {0}"),
        PlaceRemoved => ("Ort entfällt: {0}", "Place removed: {0}"),
        ServiceAdded => ("Leistung neu: {0}", "Service added: {0}"),
        ServiceRemoved => ("Leistung entfällt: {0}", "Service removed: {0}"),
        ServiceChangedHow => ("Leistung geändert: {0} – {1}", "Service changed: {0} – {1}"),
        FeeChanged => ("Gebühr {0} → {1}", "fee {0} → {1}"),
        OfferChanged => ("Angebot {0} → {1}", "offered {0} → {1}"),
        FieldsAdded => ("neue Felder: {0}", "new fields: {0}"),
        FieldsRemoved => ("entfallene Felder: {0}", "fields dropped: {0}"),
        OtherChanges => ("weitere Änderungen (Texte, Unterlagen, Geräte)", "other changes (wording, documents, devices)"),
        ActionPlacesChanged => ("Einsatzorte geändert", "Places changed"),
        ActionLeaseChanged => ("Offline-Frist geändert", "Offline lease changed"),
        ActionCatalogueReplaced => ("Katalog übernommen", "Catalogue taken"),
        ActionRouteSet => ("FIT-Connect-Ziel gesetzt", "FIT-Connect destination set"),
        ActionRouteRemoved => ("FIT-Connect-Ziel entfernt", "FIT-Connect destination removed"),
        ActionTerminalInvited => ("Code für ein Bürger-Terminal erstellt", "Code for a citizen terminal made"),
        NewPersonHeading => ("Person anlegen", "Add a person"),
        FirstPassword => ("Erstes Passwort (mindestens 12 Zeichen)", "First password (at least 12 characters)"),
        CreatePerson => ("Anlegen", "Add"),
        PersonCreated => (
            "{0} ist angelegt. Bitte das erste Passwort persönlich übergeben.",
            "{0} has been added. Please hand over the first password in person."
        ),
        Devices => ("Geräte", "Devices"),
        Laptops => ("Laptops", "Laptops"),
        LaptopsIntro => (
            "Die Koffer der Gemeinde. Ein gesperrter Laptop löscht seine Daten beim nächsten Kontakt.",
            "The municipality's Koffers. A revoked laptop wipes its data at its next contact."
        ),
        LaptopName => ("Laptop", "Laptop"),
        EnrolledBy => ("Eingerichtet von", "Enrolled by"),
        EnrolledAt => ("Eingerichtet am", "Enrolled on"),
        LastContact => ("Zuletzt gemeldet", "Last heard from"),
        Revoked => ("gesperrt", "revoked"),
        Revoke => ("Laptop sperren", "Revoke laptop"),
        LaptopRevoked => (
            "{0} ist gesperrt: seine Sitzungen sind beendet, beim nächsten Kontakt löscht er seine Daten.",
            "{0} is revoked: its sessions have ended; at its next contact it wipes its data."
        ),
        Callbacks => ("Rückrufe", "Call-backs"),
        Assistance => ("Video-Beratung", "Video assistance"),
        AssistanceIntro => (
            "Wer Dienst hat, nimmt die Anrufe der Bürger-Terminals der Gemeinde und der von ihr betreuten Gemeinden an – eine Warteschlange für alle im Dienst. Der Dienst dauert, solange die App angemeldet offen ist, auch in anderen Bereichen.",
            "Whoever is on duty takes the calls of the citizen terminals of the municipality and of those it serves – one queue for everyone on duty. Duty lasts while the app is open and signed in, also in other sections."
        ),
        BeginDuty => ("Dienst beginnen", "Go on duty"),
        EndDuty => ("Dienst beenden", "Go off duty"),
        WaitingCalls => ("Wartende Anrufe", "Waiting calls"),
        NoWaitingCalls => ("Gerade wartet kein Anruf.", "No call is waiting."),
        CallingSince => ("Wartet seit", "Waiting since"),
        AcceptCall => ("Annehmen", "Accept"),
        TalkingWith => ("Sie sprechen mit dem Bürger-Terminal {0}.", "You are talking to the citizen terminal {0}."),
        CallEnded => ("Das Gespräch ist beendet.", "The call has ended."),
        CallFailed => (
            "Die Verbindung zum Terminal kam nicht zustande. Ohne TURN-Server erreichen sich die Browser nur im selben Netz; bitte den Betrieb verständigen.",
            "The connection to the terminal could not be made. Without a TURN server the browsers reach each other only within one network; please tell the operator."
        ),
        HangUp => ("Auflegen", "Hang up"),
        AskForDocument => ("Dokument anfordern", "Ask for a document"),
        PaymentVoucher => ("Beleg {0}", "Receipt {0}"),
        NoteForTerminal => ("Beleg für die Bürgerin oder den Bürger", "Note for the citizen"),
        NoteForTerminalHint => (
            "Was vereinbart ist, ein Aktenzeichen, der nächste Schritt: Das Terminal druckt es mit Gemeinde, Ort und Zeit.",
            "What was agreed, a reference, the next step: the terminal prints it with municipality, place and time."
        ),
        PrintAtTerminal => ("Am Terminal drucken", "Print at the terminal"),
        NoteSent => ("An das Terminal gesendet …", "Sent to the terminal …"),
        NotePrinted => ("Der Beleg ist am Terminal gedruckt.", "The note is printed at the terminal."),
        NoteNotPrinted => (
            "Das Terminal konnte nicht drucken (kein Belegdrucker verbunden oder ein Fehler). Bitte lesen Sie den Beleg vor oder senden Sie ihn per Post.",
            "The terminal could not print (no receipt printer connected, or a failure). Please read the note out or send it by post."
        ),
        DocumentAsked => (
            "Angefordert: Die Bürgerin oder der Bürger hält das Dokument vor die Kamera des Terminals und sendet das Foto.",
            "Asked: the citizen holds the document to the terminal's camera and sends the photo."
        ),
        DocumentDeclined => ("Die Bürgerin oder der Bürger möchte kein Foto senden.", "The citizen would rather not send a photo."),
        DocumentPhoto => (
            "Foto des Dokuments vom Terminal (nur in diesem Gespräch)",
            "Photo of the document from the terminal (for this call only)"
        ),
        CitizenPicture => ("Bürgerin oder Bürger am Terminal", "Citizen at the terminal"),
        OwnPicture => ("Ihr Bild", "Your picture"),
        NoCamera => (
            "Kamera oder Mikrofon sind nicht verfügbar. Bitte erlauben Sie dem Browser den Zugriff.",
            "Camera or microphone are not available. Please allow the browser to use them."
        ),
        WaitingCallsCount => ("wartende Anrufe", "waiting calls"),
        CallbacksIntro => (
            "Bürgerinnen und Bürger, die am Bürger-Terminal um einen Rückruf gebeten haben. Erledigte stehen noch 30 Tage hier, dann werden sie gelöscht.",
            "Citizens who asked at a citizen terminal to be called back. Done ones stay here for 30 days, then they are deleted."
        ),
        NoCallbacks => ("Keine Rückrufwünsche.", "No call-back requests."),
        Phone => ("Telefon", "Phone"),
        Topic => ("Anliegen", "Matter"),
        CalledBack => ("Zurückgerufen", "Called back"),
        CalledBackAt => ("zurückgerufen", "called back"),
        Terminals => ("Bürger-Terminals", "Citizen terminals"),
        TerminalsIntro => (
            "Die Terminals der Gemeinde, an denen Bürgerinnen und Bürger selbst Anliegen erledigen. Ein Terminal wird mit einem Code eingerichtet, der eine Stunde und einmal gilt; ein gesperrtes Terminal hält sofort an und löscht, was es hält.",
            "The municipality's terminals, where citizens take care of matters themselves. A terminal is enrolled with a code that holds for an hour and once; a revoked terminal stops at once and wipes what it holds."
        ),
        TerminalName => ("Name des Terminals", "Terminal's name"),
        TerminalPlace => ("Ort", "Place"),
        TerminalNoPlaces => (
            "Die Gemeinde hat noch keine Orte. Bitte zuerst unter „Gemeinde“ die Orte eintragen.",
            "The municipality has no places yet. Please enter the places under “Municipality” first."
        ),
        MakeTerminalCode => ("Code erstellen", "Make a code"),
        TerminalCodeMade => (
            "Code für „{0}“: {1}. Bitte am Terminal unter /terminal/ eingeben; er gilt bis {2} und nur einmal.",
            "Code for “{0}”: {1}. Please enter it at the terminal under /terminal/; it holds until {2} and only once."
        ),
        RevokeTerminal => ("Terminal sperren", "Revoke terminal"),
        TerminalRevoked => (
            "{0} ist gesperrt: es hält sofort an und löscht, was es hält.",
            "{0} is revoked: it stops at once and wipes what it holds."
        ),
        AdminLog => ("Protokoll", "Log"),
        When => ("Zeit", "Time"),
        Who => ("Wer", "Who"),
        What => ("Was", "What"),
        Whom => ("Betroffen", "Concerning"),
        ActionPersonCreated => ("Person angelegt", "Person added"),
        ActionPersonDisabled => ("Person gesperrt", "Person disabled"),
        ActionPasswordSet => ("Passwort gesetzt", "Password set"),
        ActionDeviceRevoked => ("Laptop gesperrt", "Laptop revoked"),
        SignInAgain => (
            "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.",
            "The session has run out. Please sign in again."
        ),
        TourPlan => ("Tourenplan", "Tour plan"),
        TourPlanHeading => ("Termine des Bürgerkoffers", "The Koffer's dates"),
        TourPlanIntro => (
            "Wann der Koffer wohin fährt. Bürgerinnen und Bürger buchen auf der öffentlichen Seite {0}.",
            "When the Koffer goes where. Citizens book on the public page {0}."
        ),
        TwoClerkPlaces => (
            "Orte, an die zwei Personen fahren (einer je Zeile, aus den Orten oben)",
            "Places two people go to (one per line, from the places above)"
        ),
        NoticePdf => ("Aushang der nächsten Termine (PDF)", "Notice of the coming dates (PDF)"),
        NoticeText => ("Text für das Amtsblatt", "Text for the official gazette"),
        NoTours => ("In den nächsten Monaten ist nichts geplant.", "Nothing is planned for the coming months."),
        PlanHeading => ("Termin planen", "Plan a date"),
        TourDay => ("Datum", "Date"),
        TourStarts => ("Von", "From"),
        TourEnds => ("Bis", "To"),
        TourClerks => ("Wer fährt (eine oder zwei Personen)", "Who goes (one or two people)"),
        TourSlots => ("Angebotene Leistungen und Minuten je Termin", "Services offered and minutes per appointment"),
        MinutesOf => ("Minuten für {0}", "Minutes for {0}"),
        TourNotes => ("Hinweise zum Raum (Schlüssel, Stufen, Netz)", "Notes on the room (key, steps, network)"),
        RepeatEvery => ("Wiederholen alle … Wochen (leer: einmalig)", "Repeat every … weeks (empty: once)"),
        RepeatUntil => ("Bis einschließlich", "Up to and including"),
        MinBookings => ("Vorläufig: nötige Buchungen (leer: findet sicher statt)", "Provisional: bookings needed (empty: takes place)"),
        DecideDaysBefore => ("Tage vorher entscheiden", "Days before to decide"),
        Plan => ("Planen", "Plan"),
        Planned => ("{0} Termin(e) geplant.", "{0} date(s) planned."),
        TourPlanned => ("geplant", "planned"),
        TourProvisional => ("vorläufig bis {0}: {1} von {2} Buchungen", "provisional until {0}: {1} of {2} bookings"),
        TourCancelled => ("abgesagt", "cancelled"),
        CancelDate => ("Termin absagen", "Cancel date"),
        MoveDate => ("Verlegen", "Move"),
        MoveHeading => ("Termin vom {0} verlegen", "Move the date of {0}"),
        DateMoved => ("Termin verlegt auf {0}; wer gebucht hat, wird informiert.", "Date moved to {0}; who booked is told."),
        DateCancelled => ("Termin am {0} abgesagt; wer gebucht hat, wird informiert.", "Date on {0} cancelled; who booked is told."),
        ShowBookings => ("Buchungen", "Bookings"),
        BookingsHeading => ("Buchungen am {0}", "Bookings on {0}"),
        NoBookings => ("Noch keine Buchungen.", "No bookings yet."),
        BookingCode => ("Code", "Code"),
        BookingTime => ("Uhrzeit", "Time"),
        Contact => ("E-Mail oder Telefon", "E-mail or phone"),
        Waiting => ("Warteliste", "Waitlist"),
        Booked => ("gebucht", "booked"),
        BookingCancelled => ("storniert", "cancelled"),
        Attended => ("gekommen", "came"),
        FiguresAppointments => ("Termine aus dem Tourenplan", "Dates of the tour plan"),
        BookedVisits => ("Besuche mit Buchung", "Visits with a booking"),
        WalkIns => ("Besuche ohne Buchung", "Visits without a booking"),
        NoShows => ("Gebucht, nicht erschienen", "Booked, did not come"),
        CancelledBookings => ("Buchungen storniert", "Bookings cancelled"),
        NoShow => ("nicht erschienen", "did not come"),
        CancelBooking => ("Stornieren", "Cancel"),
        BookOnBehalf => ("Für eine Bürgerin oder einen Bürger buchen (Telefon, Empfang)", "Book for a citizen (phone, front desk)"),
        FreeStarts => ("Freie Uhrzeiten", "Free times"),
        ToWaitlist => ("Warteliste (ausgebucht)", "Waitlist (full)"),
        Book => ("Buchen", "Book"),
        BookedFor => ("Gebucht: Code {0}. Link für die Person: {1}", "Booked: code {0}. Link for the person: {1}"),
        ByStaff => ("durch {0}", "by {0}"),
        }
    };
}

account_texts! { [case_texts town_hall_texts rathaus_texts texts] }

ui::case_words!(status_text);

ui::update_words!();

ui::status_texts!();

/// How the Koffer offers a service.
pub fn offered_text(policy: Option<domain::catalogue::OfflinePolicy>) -> Text {
    use domain::catalogue::OfflinePolicy;
    match policy {
        Some(OfflinePolicy::FinishesOffline) => Text::OfferedOnSite,
        Some(OfflinePolicy::CompletedAfterTransfer) => Text::OfferedAfterTransfer,
        Some(OfflinePolicy::NeedsConnection) => Text::OfferedNeedsRegister,
        None => Text::OfferedNoLonger,
    }
}

/// What a role is called.
pub fn role_text(role: Role) -> Text {
    match role {
        Role::Clerk => Text::RoleClerk,
        Role::BackOffice => Text::RoleBackOffice,
        Role::Admin => Text::RoleAdmin,
    }
}

/// A failed call as the back office reads it: the server's own sentence where it gave one.
pub fn failure_text(failure: &ApiFailure, language: Language) -> String {
    failure.sentence(language, (Text::Unreachable, Text::UnexpectedAnswer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_text_exists_in_both_languages() {
        assert_eq!(ui::missing_wordings(Text::ALL), Vec::<String>::new());
    }
}
