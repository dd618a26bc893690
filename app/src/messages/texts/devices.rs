//! The devices section, printed receipts, the ID check, the pad, the card terminal and the scanner.

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! devices_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        DevicesHeading => ("Geräte", "Devices"),
        ReceiptPrinter => ("Belegdrucker", "Receipt printer"),
        PrinterUsb => ("USB –", "USB –"),
        PrinterBrowser => ("Druckdialog des Browsers (80-mm-Layout)", "the browser's print dialog (80 mm layout)"),
        PrinterPair => ("Drucker verbinden", "Connect printer"),
        PrinterTest => ("Testdruck", "Test print"),
        PrinterPaired => ("Drucker verbunden.", "Printer connected."),
        PrinterNotPaired => ("Kein Drucker gewählt. Quittungen gehen über den Druckdialog.", "No printer chosen. Receipts go through the print dialog."),
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
        }
    };
}
