//! Every wording, German and English side by side: one table, so that a translation or a
//! change of wording is a diff of this file. `{0}`, `{1}`, … are filled by `messages::fill`.

use super::Language;

/// Declares the texts: each name with its German and English wording.
macro_rules! texts {
    ($($name:ident => ($german:expr, $english:expr),)*) => {
        /// A piece of text shown in the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text {
            $($name,)*
        }

        impl Text {
            pub const ALL: &[Text] = &[$(Text::$name,)*];

            pub fn in_language(self, language: Language) -> &'static str {
                match (self, language) {
                    $(
                        (Text::$name, Language::German) => $german,
                        (Text::$name, Language::English) => $english,
                    )*
                }
            }
        }
    };
}

texts! {
    AppName => ("Bürgerkoffer", "Bürgerkoffer"),
    Tagline => (
        "Das mobile Bürgerbüro – auch ohne Netz.",
        "The mobile citizen office – with or without a network."
    ),
    Version => ("Version", "Version"),
    Build => ("Build", "Build"),
    BuildUnknown => ("Entwicklungsstand", "development build"),
    StatusHeading => ("Zustand dieses Geräts", "State of this device"),
    Connection => ("Verbindung", "Connection"),
    Online => ("Online", "Online"),
    Offline => ("Offline", "Offline"),
    OfflineHint => (
        "Sie können weiterarbeiten. Eingaben werden übertragen, sobald wieder Netz da ist.",
        "You can keep working. Entries are transferred once the network is back."
    ),
    Storage => ("Speicher", "Storage"),
    StorageChecking => ("wird geprüft …", "checking …"),
    StoragePersistent => (
        "dauerhaft – der Browser löscht die Daten nicht von sich aus",
        "persistent – the browser will not delete the data on its own"
    ),
    StorageBestEffort => ("nicht dauerhaft", "not persistent"),
    StorageBestEffortHint => (
        "Der Browser darf Daten bei Platzmangel löschen. Installieren Sie die App, damit sie dauerhaft gespeichert werden.",
        "The browser may delete data when space runs low. Install the app so that data is kept."
    ),
    StorageUnsupported => (
        "Dieser Browser kann keinen dauerhaften Speicher zusagen.",
        "This browser cannot promise persistent storage."
    ),
    UpdateAvailable => ("Neue Version verfügbar", "New version available"),
    UpdateExplanation => (
        "Die App lädt neu, sobald Sie zustimmen. Gespeicherte Daten bleiben erhalten.",
        "The app reloads once you agree. Stored data is kept."
    ),
    UpdateNow => ("Jetzt aktualisieren", "Update now"),
    UpdateLater => ("Später", "Later"),
    SwitchLanguage => ("English", "Deutsch"),
    Starting => ("Der Koffer wird geöffnet …", "Opening the Koffer …"),
    StoreUnavailable => (
        "Dieser Browser erlaubt der App keinen verschlüsselten Speicher. Bitte verwenden Sie Chromium oder Chrome ohne privates Fenster.",
        "This browser gives the app no encrypted storage. Please use Chromium or Chrome, not a private window."
    ),
    EnrolHeading => ("Gerät einrichten", "Set up this device"),
    EnrolIntro => (
        "Melden Sie sich einmal mit Netz an. Danach arbeitet der Koffer auch offline; Ihre Daten werden mit Ihrer Passphrase verschlüsselt.",
        "Sign in once while online. Afterwards the Koffer works offline too; your data is encrypted with your passphrase."
    ),
    Username => ("Benutzername", "User name"),
    Password => ("Passwort", "Password"),
    DeviceLabel => ("Name dieses Geräts (z. B. Koffer 2)", "Name of this device (e.g. Koffer 2)"),
    Passphrase => ("Passphrase für dieses Gerät", "Passphrase for this device"),
    PassphraseHint => (
        "Mindestens 10 Zeichen. Sie entsperrt den Koffer auch ohne Netz. Sie wird nirgends gespeichert: vergessen heißt neu einrichten.",
        "At least 10 characters. It unlocks the Koffer even offline. It is stored nowhere: forgetting it means setting up again."
    ),
    PassphraseRepeat => ("Passphrase wiederholen", "Repeat passphrase"),
    PassphraseTooShort => ("Die Passphrase muss mindestens 10 Zeichen haben.", "The passphrase needs at least 10 characters."),
    PassphraseMismatch => ("Die beiden Passphrasen stimmen nicht überein.", "The two passphrases differ."),
    FieldRequired => ("Bitte ausfüllen.", "Please fill in."),
    EnrolSubmit => ("Anmelden und einrichten", "Sign in and set up"),
    Working => ("Bitte warten …", "Please wait …"),
    ServerUnreachable => (
        "Der Server ist nicht erreichbar. Die Einrichtung braucht einmal Netz.",
        "The server cannot be reached. Setting up needs the network once."
    ),
    UnexpectedAnswer => (
        "Unerwartete Antwort des Servers. Bitte die IT verständigen.",
        "Unexpected answer from the server. Please contact IT."
    ),
    StoreFailed => (
        "Der verschlüsselte Speicher hat einen Fehler gemeldet. Bitte erneut versuchen.",
        "The encrypted store reported an error. Please try again."
    ),
    LockedHeading => ("Koffer gesperrt", "Koffer locked"),
    UnlockIntro => ("Geben Sie Ihre Passphrase ein.", "Enter your passphrase."),
    UnlockSubmit => ("Entsperren", "Unlock"),
    WrongPassphrase => ("Die Passphrase ist falsch.", "The passphrase is wrong."),
    WaitBeforeRetry => ("Nächster Versuch möglich in Sekunden:", "Next attempt possible in seconds:"),
    LeaseExpired => (
        "Dieses Gerät war zu lange nicht mit dem Server verbunden. Bitte melden Sie sich mit Netz erneut an.",
        "This device has not reached the server for too long. Please sign in again while online."
    ),
    DataVanished => (
        "Die gespeicherten Daten dieses Geräts sind verschwunden – der Browser oder jemand hat sie gelöscht. Nicht übertragene Fälle davon:",
        "The data stored on this device has vanished – the browser or someone deleted it. Untransferred cases among it:"
    ),
    SignedInAs => ("Angemeldet:", "Signed in:"),
    AlsoServes => ("betreut auch", "also serves"),
    LockNow => ("Jetzt sperren", "Lock now"),
    IdleLockAfter => ("Automatisch sperren nach (Minuten)", "Lock automatically after (minutes)"),
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
    StepCitizen => ("Person", "Person"),
    StepServices => ("Leistungen", "Services"),
    StepForm => ("Angaben", "Details"),
    StepReview => ("Prüfen", "Review"),
    StepSignature => ("Unterschrift", "Signature"),
    StepFee => ("Gebühr", "Fee"),
    Step => ("Schritt", "Step"),
    Of => ("von", "of"),
    KnownCitizens => ("Bereits erfasste Personen", "Persons met before"),
    TakeCitizen => ("Übernehmen", "Use"),
    Next => ("Weiter", "Next"),
    Back => ("Zurück", "Back"),
    ChooseServices => ("Welche Leistungen möchte die Person?", "Which services does the person want?"),
    NoServiceChosen => ("Bitte mindestens eine Leistung auswählen.", "Please choose at least one service."),
    Free => ("gebührenfrei", "free of charge"),
    FinishesOffline => ("wird vor Ort abgeschlossen", "finished on site"),
    CompletedAfterTransfer => ("wird nach der Übertragung im Rathaus abgeschlossen", "completed at the town hall after transfer"),
    NeedsConnection => ("nur mit Netz (Melderegister)", "only with a network (register)"),
    LeikaUnconfirmed => ("LeiKa-Schlüssel nicht bestätigt", "LeiKa key not confirmed"),
    FamilyName => ("Familienname", "Family name"),
    GivenNames => ("Vornamen", "Given names"),
    BirthDate => ("Geburtsdatum", "Date of birth"),
    Street => ("Straße", "Street"),
    Address => ("Anschrift", "Address"),
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
    PaidCash => ("Bar bezahlt", "Paid in cash"),
    PaidCard => ("Mit Karte bezahlt (Terminal)", "Paid by card (terminal)"),
    Invoiced => ("Rechnung – zahlt später", "Invoice – pays later"),
    ReceiptNumber => ("Belegnummer", "Receipt number"),
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
    CaseNumber => ("Fallnummer", "Case number"),
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
    DevicesHeading => ("Geräte", "Devices"),
    ReceiptPrinter => ("Belegdrucker", "Receipt printer"),
    PrinterUsb => ("USB –", "USB –"),
    PrinterBrowser => ("Druckdialog des Browsers (80-mm-Layout)", "the browser's print dialog (80 mm layout)"),
    PrinterPair => ("Drucker verbinden", "Connect printer"),
    PrinterTest => ("Testdruck", "Test print"),
    PrinterPaired => ("Drucker verbunden.", "Printer connected."),
    PrinterNotPaired => ("Kein Drucker gewählt. Quittungen gehen über den Druckdialog.", "No printer chosen. Receipts go through the print dialog."),
    ReceiptFee => ("Gebühr", "Fee"),
    ReceiptPaid => ("Bezahlt", "Paid"),
    ReceiptCase => ("Vorgang", "Case"),
    ReceiptThanks => ("Vielen Dank!", "Thank you!"),
    ReceiptCash => ("bar", "cash"),
    ReceiptCard => ("Karte", "card"),
    ReceiptVoucher => ("Beleg", "receipt"),
    ReceiptInvoiced => ("Rechnung folgt", "invoice to follow"),
    TestPrintPlace => ("Testdruck", "Test print"),
    // Umlauts and the euro sign: what a test print must show correctly.
    TestPrintSample => ("Müller, Gebühr", "Müller, Gebühr"),
    PrinterSent => ("Quittung an den Drucker gesendet.", "Receipt sent to the printer."),
    PrinterFailed => (
        "Der Drucker hat nicht geantwortet. Kabel prüfen oder über den Druckdialog drucken.",
        "The printer did not answer. Check the cable or print through the print dialog."
    ),
    NoWebUsb => (
        "Dieser Browser erreicht keine USB-Geräte; Quittungen gehen über den Druckdialog (80 mm).",
        "This browser cannot reach USB devices; receipts go through the print dialog (80 mm)."
    ),
    IdCheckHeading => ("Ausweis prüfen und übernehmen", "Check and take over an ID document"),
    MrzLabel => (
        "Maschinenlesbare Zone (scannen oder abtippen, 2 oder 3 Zeilen)",
        "Machine-readable zone (scan or type, 2 or 3 lines)"
    ),
    MrzTake => ("Daten übernehmen", "Take over the data"),
    MrzShape => (
        "Die maschinenlesbare Zone hat 3 Zeilen zu 30 Zeichen (Personalausweis) oder 2 Zeilen zu 44 Zeichen (Reisepass).",
        "The machine-readable zone has 3 lines of 30 characters (ID card) or 2 lines of 44 (passport)."
    ),
    MrzUnreadable => (
        "Die maschinenlesbare Zone ist nicht lesbar. Bitte erneut einlesen oder abtippen.",
        "The machine-readable zone cannot be read. Please scan or type it again."
    ),
    MrzCheckDigitFor => ("Die Prüfziffer stimmt nicht für:", "The check digit does not match for:"),
    MrzReadAgain => (
        "Bitte die Zone erneut einlesen oder abtippen.",
        "Please scan or type the zone again."
    ),
    MrzInconsistent => (
        "Die Prüfziffern der Zone stimmen nicht. Bitte erneut einlesen.",
        "The zone's check digits do not match. Please scan it again."
    ),
    MrzDocumentNumber => ("Dokumentnummer", "document number"),
    MrzBirthDate => ("Geburtsdatum", "date of birth"),
    MrzExpiryDate => ("Ablaufdatum", "date of expiry"),
    MrzPersonalNumber => ("persönliche Nummer", "personal number"),
    MrzComposite => ("Gesamtprüfziffer", "composite check digit"),
    IdCard => ("Personalausweis", "ID card"),
    Passport => ("Reisepass", "Passport"),
    ValidUntil => ("gültig bis", "valid until"),
    CheckSpelling => (
        "Bitte Umlaute und Schreibweise mit dem Ausweis abgleichen (die Zone schreibt UE statt Ü).",
        "Please check umlauts and spelling against the document (the zone writes UE for Ü)."
    ),
    SignaturePad => ("Unterschriftenpad", "Signature pad"),
    PadScreen => ("Unterschrift auf dem Bildschirm (Stift, Finger oder Maus)", "signature on the screen (pen, finger or mouse)"),
    PadHid => ("WebHID –", "WebHID –"),
    PadPair => ("Pad verbinden", "Connect pad"),
    PadPaired => ("Unterschriftenpad verbunden.", "Signature pad connected."),
    PadNotPaired => ("Kein Pad gewählt. Unterschrieben wird auf dem Bildschirm.", "No pad chosen. Signatures are made on the screen."),
    PadTest => ("Unterschrift testen", "Test signature"),
    PadTestTaken => ("Testunterschrift empfangen (nicht gespeichert).", "Test signature received (not kept)."),
    DevicesMissing => (
        "Fehlt ein Gerät oder antwortet es nicht: Kabel prüfen, einstecken und neu verbinden. Bis dahin geht alles ohne: Quittung über den Druckdialog, Unterschrift auf dem Bildschirm, Fallnummer ins Suchfeld tippen, Karte am eigenständigen Terminal.",
        "A device missing or not answering: check the cable, plug it in and connect again. Until then everything works without: receipts through the print dialog, signatures on the screen, case numbers typed into the search, cards on the standalone terminal."
    ),
    PadActive => ("Bitte auf dem Unterschriftenpad unterschreiben:", "Please sign on the signature pad:"),
    PadFailed => ("Das Pad antwortet nicht. Bitte auf dem Bildschirm unterschreiben.", "The pad does not answer. Please sign on the screen."),
    PaymentTerminal => ("Kartenterminal", "Card terminal"),
    TerminalSerial => ("Web Serial –", "Web Serial –"),
    TerminalStandalone => (
        "eigenständiges Terminal (Belegnummer von Hand eintragen)",
        "standalone terminal (type the receipt number by hand)"
    ),
    TerminalPair => ("Terminal verbinden", "Connect terminal"),
    TerminalPaired => ("Kartenterminal verbunden.", "Card terminal connected."),
    TerminalNotPaired => (
        "Kein Terminal gewählt. Karten werden am eigenständigen Terminal bezahlt, die Belegnummer von Hand eingetragen.",
        "No terminal chosen. Cards are paid on the standalone terminal, the receipt number typed by hand."
    ),
    NoWebSerial => (
        "Dieser Browser erreicht keine seriellen Geräte; Karten am eigenständigen Terminal bezahlen und die Belegnummer von Hand eintragen.",
        "This browser cannot reach serial devices; take cards on the standalone terminal and type the receipt number by hand."
    ),
    TerminalTest => ("Testzahlung 0,01 €", "Test payment €0.01"),
    PayOnTerminal => ("Am Terminal zahlen:", "Pay on the terminal:"),
    PayStandalone => (
        "Am eigenständigen Terminal kassieren und die Belegnummer vom Kartenbeleg eintragen.",
        "Take the card on the standalone terminal and type the receipt number from the card slip."
    ),
    ReceiptFromTerminal => ("Belegnummer vom Terminal übernommen.", "Receipt number taken from the terminal."),
    ScannerPath => ("Scanner", "Scanner"),
    ScannerWedge => (
        "Tastatur-Modus (der Scanner tippt, Enter am Ende)",
        "keyboard mode (the scanner types, Enter at the end)"
    ),
    ScannerHid => ("HID POS –", "HID POS –"),
    ScannerPair => ("Scanner im HID-POS-Modus verbinden", "Connect scanner in HID POS mode"),
    ScannerPaired => ("Scanner verbunden. Zum Testen einen Code scannen.", "Scanner connected. Scan a code to test."),
    ScannerNotPaired => (
        "Kein Scanner gewählt. Scanner im Tastatur-Modus funktionieren ohne Verbinden.",
        "No scanner chosen. Scanners in keyboard mode work without connecting."
    ),
    ScannerBroken => ("Der Scan kam unvollständig an. Bitte erneut scannen.", "The scan arrived incomplete. Please scan again."),
    LastScan => ("Zuletzt gescannt:", "Last scanned:"),
    ScanHint => (
        "Scanner: den QR-Code einer Quittung scannen öffnet den Fall.",
        "Scanner: scanning a receipt's QR code opens the case."
    ),
    ScanUnknown => ("Kein Fall mit dieser Nummer auf diesem Gerät:", "No case with this number on this device:"),
    SyncHeading => ("Übertragung ins Rathaus", "Transfer to the town hall"),
    SyncNow => ("Jetzt übertragen", "Transfer now"),
    SyncRunning => ("Wird übertragen …", "Transferring …"),
    SyncPending => ("Noch nicht übertragen:", "Not yet transferred:"),
    SyncLast => ("Zuletzt übertragen:", "Last transferred:"),
    SyncNever => ("noch nie", "never"),
    SessionExpired => (
        "Die Anmeldung beim Server ist abgelaufen. Bitte mit Passwort erneut anmelden; die Fälle bleiben bis dahin sicher auf dem Gerät.",
        "The sign-in with the server has expired. Please sign in again with your password; the cases stay safe on this device meanwhile."
    ),
    CasesUnreadable => (
        "Gespeicherte Fälle, die sich nicht lesen lassen (beschädigt oder von einer neueren App-Version); sie bleiben auf dem Gerät und werden nicht übertragen, bitte den Betrieb verständigen:",
        "Stored cases that cannot be read (damaged, or from a newer app version); they stay on this device and are not transferred, please tell the operator:"
    ),
    SignInForSigningKey => (
        "Dieser Laptop muss sich einmal mit Ihrem Passwort beim Server anmelden, damit er seine Übertragungen unterschreiben kann; die Fälle bleiben bis dahin sicher auf dem Gerät.",
        "This laptop must sign in with your password once so that it can sign what it transfers; the cases stay safe on this device meanwhile."
    ),
    ReEnrolOtherMunicipality => (
        "Der Server kennt dieses Gerät nicht mehr (er wurde aus einer älteren Sicherung wiederhergestellt). Neu einrichten lässt es sich nur mit einem Konto der Gemeinde, zu der seine Fälle gehören.",
        "The server no longer knows this device (it was restored from an older backup). It can only be set up again with an account of the municipality its cases belong to."
    ),
    SignInAgain => ("Erneut anmelden", "Sign in again"),
    SignedInAgain => ("Wieder angemeldet. Die Übertragung läuft.", "Signed in again. The transfer is running."),
    SyncPhotosProgress => ("Fotos übertragen:", "Transferring photos:"),
    SyncCasesProgress => ("Fälle übertragen:", "Transferring cases:"),
    SyncUnreachable => (
        "Der Server ist nicht erreichbar. Die Fälle bleiben verschlüsselt auf dem Gerät und werden später übertragen.",
        "The server cannot be reached. The cases stay encrypted on this device and are transferred later."
    ),
    SyncInterrupted => ("Die Übertragung wurde unterbrochen und wird wiederholt.", "The transfer was interrupted and will be repeated."),
    SyncRefused => ("Vom Rathaus abgelehnt – bitte prüfen und neu erfassen:", "Refused by the town hall – please check and capture again:"),
    SyncFlagged => ("Auf zwei Geräten geändert, das Rathaus entscheidet:", "Changed on two devices, the town hall decides:"),
    SyncSentAgain => (
        "Der Server war auf einen älteren Stand zurückgesetzt (etwa aus einer Sicherung) und hatte diese Fälle nicht mehr; sie wurden erneut übertragen:",
        "The server had been set back to an older state (from a backup, say) and no longer had these cases; they were transferred again:"
    ),
    MeldescheinTitle => ("Meldeschein", "Registration form"),
    MeldescheinNote => (
        "Mit meiner Unterschrift bestätige ich die Richtigkeit der Angaben (§ 23 BMG).",
        "With my signature I confirm these details are correct (§ 23 BMG)."
    ),
    SignatureLine => ("Datum, Unterschrift der meldepflichtigen Person", "Date, signature of the person registering"),
    ReceiptTitle => ("Quittung", "Receipt"),
    SummaryTitle => ("Zusammenfassung", "Summary"),
    Total => ("Summe", "Total"),
    Clerk => ("Sachbearbeitung", "Clerk"),
    HandBack => ("Gerät zurückgeben", "Hand back device"),
    HandBackRefused => (
        "Rückgabe nicht möglich. Noch nicht übertragene Fälle auf diesem Gerät:",
        "Cannot hand back. Cases on this device not yet transferred:"
    ),
    HandBackUnconfirmed => (
        "Rückgabe nicht möglich: Vor dem Löschen muss der Server bestätigen, dass er alle Fälle dieses Geräts hat, und die Übertragung dafür ist nicht gelungen (Grund unter „Übertragung ins Rathaus“). Bitte mit Verbindung zum Server erneut zurückgeben.",
        "Cannot hand back: before deleting, the server must confirm it holds every case of this device, and the transfer for that did not succeed (reason under “Transfer to the town hall”). Please hand back again once the server can be reached."
    ),
    HandBackTransferring => (
        "Vor der Rückgabe wird übertragen …",
        "Transferring before hand-back …"
    ),
    HandBackConfirm => (
        "Alle Daten der App auf diesem Gerät werden gelöscht. Wirklich zurückgeben?",
        "All of the app's data on this device will be deleted. Really hand back?"
    ),
    HandBackYes => ("Ja, alles löschen und zurückgeben", "Yes, delete everything and hand back"),
    Cancel => ("Abbrechen", "Cancel"),
    HandedBack => (
        "Gerät zurückgegeben. Alle Daten der App wurden von diesem Gerät gelöscht.",
        "Device handed back. All of the app's data was deleted from this device."
    ),
    Revoked => (
        "Dieses Gerät wurde gesperrt. Alle Daten der App wurden von diesem Gerät gelöscht.",
        "This device was revoked. All of the app's data was deleted from this device."
    ),
    TerminalConnecting => (
        "Verbindung zum Terminal …",
        "Connecting to the terminal …"
    ),
    TerminalInsertCard => (
        "Terminal: Karte einstecken oder auflegen.",
        "Terminal: insert or tap the card."
    ),
    TerminalEnterPin => (
        "Terminal: bitte PIN am Terminal eingeben.",
        "Terminal: please enter the PIN on the terminal."
    ),
    TerminalWaitingForBank => (
        "Terminal: wartet auf die Bank …",
        "Terminal: waiting for the bank …"
    ),
    TerminalRemoveCard => (
        "Terminal: Karte entnehmen.",
        "Terminal: remove the card."
    ),
    TerminalCardNotReadable => (
        "Terminal: Karte nicht lesbar, bitte erneut versuchen.",
        "Terminal: card not readable, please try again."
    ),
    TerminalPleaseWait => (
        "Terminal: bitte warten …",
        "Terminal: please wait …"
    ),
    PaidWithReceipt => (
        "Zahlung erfolgt. Belegnummer {0}.",
        "Paid. Receipt number {0}."
    ),
    PaidTypeReceipt => (
        "Zahlung erfolgt. Bitte die Belegnummer vom Kartenbeleg eintragen.",
        "Paid. Please type the receipt number from the card slip."
    ),
    PaymentDeclinedByBank => (
        "Die Bank hat die Zahlung abgelehnt. Bitte anders bezahlen lassen.",
        "The bank declined the payment. Please take another means of payment."
    ),
    PaymentCardUnreadable => (
        "Die Karte konnte nicht gelesen werden. Bitte erneut versuchen.",
        "The card could not be read. Please try again."
    ),
    PaymentCancelled => (
        "Die Zahlung wurde abgebrochen. Es wurde nichts abgebucht.",
        "The payment was cancelled. Nothing was charged."
    ),
    PaymentDeclinedCode => (
        "Das Terminal hat die Zahlung abgelehnt (Code {0}). Es wurde nichts abgebucht.",
        "The terminal declined the payment (code {0}). Nothing was charged."
    ),
    PaymentRefusedCode => (
        "Das Terminal nimmt gerade keine Zahlung an (Code 84 {0}). Bitte am Terminal prüfen und erneut versuchen.",
        "The terminal takes no payment right now (code 84 {0}). Please check the terminal and try again."
    ),
    PaymentNoAnswer => (
        "Das Terminal antwortet nicht. Bitte am Terminal prüfen, ob bezahlt wurde; wenn ja, die Belegnummer vom Kartenbeleg eintragen.",
        "The terminal does not answer. Please check on the terminal whether it was paid; if so, type the receipt number from the card slip."
    ),
    PaymentLineBroken => (
        "Die Verbindung zum Terminal ist gestört. Bitte das Kabel prüfen und erneut versuchen, oder am Terminal kassieren und die Belegnummer eintragen.",
        "The connection to the terminal is broken. Please check the cable and try again, or take the card on the terminal and type the receipt number."
    ),
    FieldRequiredValue => (
        "Bitte ausfüllen.",
        "Please fill in."
    ),
    FieldTooLong => (
        "Höchstens {0} Zeichen.",
        "At most {0} characters."
    ),
    FieldNameCharacter => (
        "„{0}“ gehört nicht in einen Namen. Erlaubt sind Buchstaben, Leerzeichen, Bindestrich und Apostroph.",
        "\"{0}\" does not belong in a name. Letters, spaces, hyphens and apostrophes are allowed."
    ),
    FieldNameShape => (
        "Bindestrich, Apostroph und Leerzeichen nur einzeln zwischen Buchstaben.",
        "Hyphens, apostrophes and spaces only singly between letters."
    ),
    FieldDateFormat => (
        "Bitte als TT.MM.JJJJ eingeben, z. B. 01.11.2026.",
        "Please enter as DD.MM.YYYY, e.g. 01.11.2026."
    ),
    FieldNotLeapYear => (
        "Den 29.02.{0} gibt es nicht: {0} ist kein Schaltjahr.",
        "29.02.{0} does not exist: {0} is not a leap year."
    ),
    FieldDateDoesNotExist => (
        "Den {0} gibt es nicht.",
        "{0} does not exist."
    ),
    FieldBirthDateInFuture => (
        "Das Geburtsdatum liegt in der Zukunft.",
        "The date of birth is in the future."
    ),
    FieldBirthDateTooOld => (
        "Das Geburtsdatum liegt mehr als 120 Jahre zurück – bitte prüfen.",
        "The date of birth is more than 120 years ago – please check."
    ),
    FieldPostcode => (
        "Die PLZ hat genau 5 Ziffern, z. B. 08393.",
        "The postcode has exactly 5 digits, e.g. 08393."
    ),
    FieldHouseNumber => (
        "Hausnummer beginnt mit einer Ziffer, z. B. 12 oder 12a.",
        "The house number starts with a digit, e.g. 12 or 12a."
    ),
    FieldIbanFormat => (
        "Eine IBAN beginnt mit Ländercode und Prüfziffern, z. B. DE89 …",
        "An IBAN starts with a country code and check digits, e.g. DE89 …"
    ),
    FieldIbanLength => (
        "Eine IBAN aus {0} hat {1} Zeichen, hier sind es {2}.",
        "An IBAN from {0} has {1} characters, this one has {2}."
    ),
    FieldIbanChecksum => (
        "Die Prüfziffern der IBAN stimmen nicht – bitte Zeichen für Zeichen vergleichen.",
        "The IBAN's check digits do not match – please compare character by character."
    ),
    FieldNotAChoice => (
        "Bitte einen Eintrag aus der Liste wählen.",
        "Please choose an entry from the list."
    ),
    FieldYesNo => (
        "Bitte ja oder nein wählen.",
        "Please choose yes or no."
    ),
    FieldNumberFormat => (
        "Bitte eine ganze Zahl eingeben.",
        "Please enter a whole number."
    ),
    FieldNumberRange => (
        "Bitte eine Zahl von {0} bis {1}.",
        "Please a number from {0} to {1}."
    ),
    FieldDocumentsMissing => (
        "Noch nicht vorgelegt: {0} Unterlage(n). Ohne sie kann der Fall nicht abgeschlossen werden.",
        "Not yet shown: {0} document(s). The case cannot be finished without them."
    ),
}
