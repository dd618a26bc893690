//! Every word of the Bürger-Terminal, German and English side by side (see `ui::texts`). The
//! citizen reads them standing at a kiosk, maybe hears them read aloud: short sentences, plain
//! words.

use ui::http::ApiFailure;
use ui::{Language, card_terminal_texts, case_texts, form_texts, texts};

/// The terminal's texts (see `ui::texts`).
macro_rules! terminal_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        TerminalName => ("Bürger-Terminal", "Citizen terminal"),
        SetUpHeading => ("Terminal einrichten", "Set up the terminal"),
        SetUpIntro => (
            "Dieses Gerät ist noch kein Bürger-Terminal. Bitte geben Sie den Code ein, den die Verwaltung der Gemeinde im Rathaus unter „Geräte“ erstellt hat.",
            "This device is not a citizen terminal yet. Please enter the code the municipality's administration made in the town hall's app under “Devices”."
        ),
        SetUpCode => ("Code", "Code"),
        SetUpCodeHint => ("vier Gruppen zu vier Zeichen, z. B. 7K2M-Q9XD-4HVA-B3TE", "four groups of four characters, e.g. 7K2M-Q9XD-4HVA-B3TE"),
        SetUp => ("Einrichten", "Set up"),
        PairPrinter => ("Belegdrucker verbinden", "Connect the receipt printer"),
        NoPrinter => (
            "Kein Belegdrucker verbunden (freiwillig: die Verwaltung druckt dann im Gespräch nichts aus).",
            "No receipt printer connected (optional: the administration then prints nothing in a call)."
        ),
        PrinterPaired => ("Belegdrucker: {0}", "Receipt printer: {0}"),
        PrinterNotPaired => ("Es wurde kein Drucker verbunden.", "No printer was connected."),
        Unreachable => (
            "Der Server ist nicht erreichbar. Das Terminal versucht es gleich wieder.",
            "The server cannot be reached. The terminal tries again shortly."
        ),
        UnexpectedAnswer => (
            "Unerwartete Antwort des Servers. Bitte wenden Sie sich an die Gemeinde.",
            "Unexpected answer from the server. Please contact the municipality."
        ),
        Stopped => ("Dieses Terminal ist außer Betrieb", "This terminal is out of service"),
        StoppedExplanation => (
            "Die Gemeinde hat es gesperrt; es hat gelöscht, was es hielt. Bitte wenden Sie sich an das Rathaus.",
            "The municipality has revoked it; it wiped what it held. Please contact the town hall."
        ),
        Welcome => ("Willkommen", "Welcome"),
        WelcomeIntro => (
            "Hier erfahren Sie, wann die Verwaltung mit dem Bürgerkoffer in Ihre Nähe kommt. Was Sie hier tun, bleibt nur, solange Sie hier sind: danach löscht das Terminal alles.",
            "Here you learn when the administration comes near you with the Bürgerkoffer. What you do here stays only while you are here: afterwards the terminal wipes everything."
        ),
        OtherLanguage => ("English", "Deutsch"),
        StartGerman => ("Auf Deutsch beginnen", "Auf Deutsch beginnen"),
        StartEnglish => ("Start in English", "Start in English"),
        ReadAloud => ("Vorlesen", "Read aloud"),
        Finish => ("Fertig – alles löschen", "Done – wipe everything"),
        NeedHelp => ("Ich brauche Hilfe", "I need help"),
        HelpHeld => (
            "Ihre Sitzung bleibt erhalten, während Sie Hilfe holen – bis zu 15 Minuten.",
            "Your session is kept while you fetch help – for up to 15 minutes."
        ),
        ContinueAlone => ("Ohne Hilfe weiter", "Continue without help"),
        StillThere => ("Sind Sie noch da?", "Are you still there?"),
        EndingIn => (
            "In {0} Sekunden löscht das Terminal alles, was Sie hier getan haben.",
            "In {0} seconds the terminal wipes everything you did here."
        ),
        StayHere => ("Ich bin noch da", "I am still here"),
        DatesHeading => ("Der Bürgerkoffer kommt hierher", "The Bürgerkoffer comes here"),
        DatesIntro => (
            "Die Verwaltung kommt an diesen Tagen an diesen Ort. Einen Termin buchen Sie unter:",
            "The administration comes to this place on these days. You book an appointment at:"
        ),
        NoDates => (
            "Zurzeit ist kein Termin an diesem Ort geplant. Das Rathaus hilft Ihnen gern weiter.",
            "No date is planned at this place at the moment. The town hall is glad to help."
        ),
        DateTime => ("{0}, {1} bis {2} Uhr", "{0}, {1} to {2}"),
        DateProvisional => ("findet statt, wenn genug Buchungen kommen", "takes place if enough people book"),
        DateCancelled => ("fällt aus", "cancelled"),
        BookThisDate => ("Termin buchen", "Book an appointment"),
        BookHeading => ("Einen Termin beim Bürgerkoffer buchen", "Book an appointment with the Bürgerkoffer"),
        BookChooseServices => ("Was möchten Sie erledigen?", "What would you like to take care of?"),
        ServiceMinutes => ("{0} (etwa {1} Minuten)", "{0} (about {1} minutes)"),
        ChooseService => ("Bitte wählen Sie mindestens ein Anliegen.", "Please choose at least one matter."),
        ShowStarts => ("Freie Zeiten anzeigen", "Show free times"),
        BookChooseStart => ("Wann möchten Sie kommen?", "When would you like to come?"),
        AtTime => ("um {0} Uhr", "at {0}"),
        BookFull => (
            "Dieser Termin ist für Ihre Anliegen ausgebucht. Sie kommen auf die Warteliste und bekommen den nächsten frei werdenden Platz.",
            "This date is fully booked for your matters. You go on the waitlist and get the next place that becomes free."
        ),
        BookName => ("Ihr Name", "Your name"),
        BookContact => ("Telefon oder E-Mail (freiwillig)", "Phone or e-mail (optional)"),
        BookContactHint => (
            "Damit die Gemeinde Sie erreicht, wenn sich der Termin ändert. Mit E-Mail kommt eine Erinnerung.",
            "So the municipality can reach you if the date changes. With e-mail you get a reminder."
        ),
        BookNow => ("Verbindlich buchen", "Book now"),
        Booked => ("Ihr Termin ist gebucht.", "Your appointment is booked."),
        Waitlisted => ("Sie stehen auf der Warteliste.", "You are on the waitlist."),
        BookedCodeIs => ("Ihr Buchungscode:", "Your booking code:"),
        BookedCode => ("Ihr Termin ist gebucht. Ihr Buchungscode: {0}.", "Your appointment is booked. Your booking code: {0}."),
        BookedNote => (
            "Bitte notieren Sie den Code. Unter dieser Adresse sehen Sie die Buchung, verschieben oder sagen sie ab:",
            "Please note the code. At this address you see the booking, move it or cancel it:"
        ),
        BackToDates => ("Zurück zu den Terminen", "Back to the dates"),
        BackToCall => ("Zurück zum Gespräch", "Back to the call"),
        TalkHeading => ("Lieber mit der Verwaltung sprechen?", "Would you rather talk to the administration?"),
        AskCallback => ("Rückruf erbitten", "Ask for a call back"),
        TalkToStaff => ("Mit der Verwaltung sprechen", "Talk to the administration"),
        NoOneOnDuty => (
            "Gerade ist niemand im Rathaus im Dienst. Sie können um Rückruf bitten oder einen Termin buchen.",
            "Nobody is on duty in the town hall right now. You can ask for a call back or book an appointment."
        ),
        CallStarting => ("Kamera und Mikrofon werden eingeschaltet …", "Camera and microphone are switched on …"),
        CallRinging => (
            "Es klingelt im Rathaus. Bitte warten Sie einen Moment.",
            "It is ringing in the town hall. Please wait a moment."
        ),
        CallConnected => ("Sie sprechen mit {0}.", "You are talking to {0}."),
        CallEnded => ("Das Gespräch ist beendet.", "The call has ended."),
        CallFailed => (
            "Das Gespräch kam nicht zustande. Bitte bitten Sie um Rückruf.",
            "The call could not be made. Please ask for a call back."
        ),
        NoCamera => (
            "Kamera oder Mikrofon sind nicht verfügbar. Bitte bitten Sie um Rückruf.",
            "Camera or microphone are not available. Please ask for a call back."
        ),
        HangUp => ("Auflegen", "Hang up"),
        DocumentWanted => ("Die Verwaltung bittet um ein Foto eines Dokuments", "The administration asks for a photo of a document"),
        DocumentHold => (
            "Bitte halten Sie das Dokument vor die Kamera, bis es in Ihrem Bild gut zu lesen ist. Das Foto geht nur an die Verwaltung; das Terminal behält es nicht.",
            "Please hold the document to the camera until it is easy to read in your picture. The photo goes to the administration only; the terminal does not keep it."
        ),
        SendPhoto => ("Foto aufnehmen und senden", "Take and send the photo"),
        DontSendPhoto => ("Nicht senden", "Do not send"),
        DocumentSent => ("Das Foto ist bei der Verwaltung.", "The photo has reached the administration."),
        DocumentNotSent => ("Sie haben kein Foto gesendet.", "You sent no photo."),
        NotePrinted => ("Die Verwaltung hat Ihnen einen Beleg gedruckt. Bitte nehmen Sie ihn mit.", "The administration has printed a note for you. Please take it with you."),
        NoteHeading => ("Aus dem Gespräch mit {0}", "From the call with {0}"),
        StaffPicture => ("Die Verwaltung", "The administration"),
        OwnPicture => ("Ihr Bild", "Your picture"),
        CallbackHeading => ("Die Verwaltung ruft Sie zurück", "The administration calls you back"),
        CallbackIntro => (
            "Sagen Sie uns, wie wir Sie erreichen. Das Rathaus ruft Sie zu seinen Sprechzeiten zurück.",
            "Tell us how to reach you. The town hall calls you back during its office hours."
        ),
        CallbackPhone => ("Telefonnummer", "Phone number"),
        CallbackTopic => ("Worum geht es? (freiwillig)", "What is it about? (optional)"),
        CallbackSend => ("Rückruf erbitten", "Ask for a call back"),
        CallbackTaken => (
            "Danke. Die Verwaltung ruft Sie unter {0} zurück.",
            "Thank you. The administration will call you back at {0}."
        ),
        FillTogether => ("Formular gemeinsam ausfüllen", "Fill in a form together"),
        SelfServiceHeading => ("Selbst erledigen", "Do it yourself"),
        SelfServiceStart => ("Anliegen selbst erledigen", "Take care of a matter yourself"),
        SelfServiceIntro => (
            "Diese Anliegen können Sie hier allein erledigen. Danach bekommen Sie einen Beleg.",
            "You can take care of these matters here on your own. Afterwards you get a receipt."
        ),
        SelfServiceNone => ("Hier kann gerade nichts selbst erledigt werden.", "Nothing can be done here on your own at the moment."),
        YourDetails => ("Ihre Angaben", "Your details"),
        YourMatter => ("Ihr Anliegen", "Your matter"),
        Back => ("Zurück", "Back"),
        Continue => ("Weiter", "Continue"),
        CheckHeading => ("Stimmt alles?", "Is everything right?"),
        Change => ("Angaben ändern", "Change details"),
        SignHeading => ("Unterschrift", "Signature"),
        SignExplanation => (
            "Bitte unterschreiben Sie mit dem Finger im Feld und tippen Sie dann auf „Unterschrift übernehmen“.",
            "Please sign with your finger in the box, then tap “Accept signature”."
        ),
        SignFirst => ("Bitte unterschreiben Sie zuerst.", "Please sign first."),
        Submit => ("Einreichen", "Submit"),
        Submitting => ("Wird eingereicht …", "Submitting …"),
        FiledHeading => ("Eingereicht", "Submitted"),
        FiledText => (
            "Ihr Anliegen ist bei der Verwaltung. Ihre Vorgangsnummer: {0}",
            "Your matter is with the administration. Your case number: {0}"
        ),
        ReceiptPrinted => ("Ihr Beleg wird gedruckt. Bitte nehmen Sie ihn mit.", "Your receipt is printing. Please take it with you."),
        NoReceiptNoteNumber => (
            "Es gibt hier keinen Beleg. Bitte notieren Sie sich die Vorgangsnummer.",
            "There is no receipt here. Please note the case number."
        ),
        CallbackNoName => ("Bitte geben Sie Ihren Namen an.", "Please give your name."),
        CallbackNameTooLong => ("Der Name darf höchstens 80 Zeichen lang sein.", "The name may be at most 80 characters long."),
        CallbackNotAPhone => (
            "Bitte geben Sie eine Telefonnummer an, unter der die Verwaltung Sie erreicht (mindestens sechs Ziffern).",
            "Please give a phone number where the administration can reach you (at least six digits)."
        ),
        CallbackTopicTooLong => (
            "Bitte beschreiben Sie Ihr Anliegen in höchstens 300 Zeichen.",
            "Please describe your matter in at most 300 characters."
        ),
        }
    };
}

/// A fee paid at the kiosk's card terminal, as the citizen reads it.
macro_rules! payment_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        PairCardTerminal => ("Kartenterminal verbinden", "Connect the card terminal"),
        CardTerminalPaired => ("Kartenterminal: {0}", "Card terminal: {0}"),
        CardTerminalNotPaired => ("Es wurde kein Kartenterminal verbunden.", "No card terminal was connected."),
        NoCardTerminal => (
            "Kein Kartenterminal: Anliegen mit Gebühr werden hier nicht angeboten.",
            "No card terminal: matters with a fee are not offered here."
        ),
        FeeDue => ("Gebühr: {0}", "Fee: {0}"),
        FeeByCard => (
            "Sie bezahlen mit Ihrer Karte am Kartenterminal. Danach wird Ihr Anliegen eingereicht.",
            "You pay with your card at the card terminal. Then your matter is submitted."
        ),
        PayAndSubmit => ("Mit Karte bezahlen und einreichen", "Pay by card and submit"),
        KioskPaidWithReceipt => ("Bezahlt. Belegnummer {0}.", "Paid. Receipt number {0}."),
        KioskPaid => ("Bezahlt.", "Paid."),
        KioskDeclinedByBank => (
            "Die Bank hat die Zahlung abgelehnt. Es wurde nichts abgebucht. Sie können es mit einer anderen Karte versuchen.",
            "The bank declined the payment. Nothing was charged. You can try another card."
        ),
        KioskCardUnreadable => (
            "Die Karte konnte nicht gelesen werden. Bitte versuchen Sie es noch einmal.",
            "The card could not be read. Please try again."
        ),
        KioskPaymentCancelled => (
            "Die Zahlung wurde abgebrochen. Es wurde nichts abgebucht.",
            "The payment was cancelled. Nothing was charged."
        ),
        KioskDeclinedCode => (
            "Das Kartenterminal hat die Zahlung abgelehnt (Code {0}). Es wurde nichts abgebucht.",
            "The card terminal declined the payment (code {0}). Nothing was charged."
        ),
        KioskRefusedCode => (
            "Das Kartenterminal nimmt gerade keine Zahlung an (Code 84 {0}). Bitte wenden Sie sich an die Verwaltung.",
            "The card terminal takes no payment right now (code 84 {0}). Please turn to the administration."
        ),
        KioskNoAnswer => (
            "Das Kartenterminal antwortet nicht. Haben Sie einen Kartenbeleg bekommen, wenden Sie sich damit bitte an die Verwaltung.",
            "The card terminal does not answer. If you got a card slip, please take it to the administration."
        ),
        KioskLineBroken => (
            "Das Kartenterminal ist nicht erreichbar. Bitte wenden Sie sich an die Verwaltung.",
            "The card terminal cannot be reached. Please turn to the administration."
        ),
        }
    };
}

terminal_texts! { [payment_texts card_terminal_texts case_texts form_texts texts] }

ui::citizen_words!();

ui::form_words!();

ui::payment_words! {
    PAID_WITH_RECEIPT = KioskPaidWithReceipt,
    PAID_WITHOUT_RECEIPT = KioskPaid,
    DECLINED_BY_BANK = KioskDeclinedByBank,
    CARD_UNREADABLE = KioskCardUnreadable,
    CANCELLED = KioskPaymentCancelled,
    DECLINED_CODE = KioskDeclinedCode,
    REFUSED_CODE = KioskRefusedCode,
    NO_ANSWER = KioskNoAnswer,
    LINE_BROKEN = KioskLineBroken,
}

/// A failed call as the terminal says it: the server's own sentence where it gave one.
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
