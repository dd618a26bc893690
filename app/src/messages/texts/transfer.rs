//! Transfer to the town hall, printed sheets, hand-back and revocation.

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! transfer_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        SyncHeading => ("Übertragung ins Rathaus", "Transfer to the town hall"),
        SyncNow => ("Jetzt übertragen", "Transfer now"),
        SyncRunning => ("Wird übertragen …", "Transferring …"),
        SyncPending => ("Noch nicht übertragen:", "Not yet transferred:"),
        SyncLast => ("Zuletzt übertragen:", "Last transferred:"),
        SyncNever => ("noch nie", "never"),
        SyncDetails => ("Einzelheiten", "Details"),
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
        SyncPhotosProgress => (
            "Fotos übertragen: {0} von {1} MB, noch {2} MB",
            "Transferring photos: {0} of {1} MB, {2} MB left"
        ),
        SyncCasesProgress => ("Fälle übertragen: {0} von {1}", "Transferring cases: {0} of {1}"),
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
        }
    };
}
