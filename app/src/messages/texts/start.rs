//! The start page, enrolment, unlocking and the workspace's header.

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! start_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        Tagline => (
            "Das mobile Bürgerbüro – auch ohne Netz.",
            "The mobile citizen office – with or without a network."
        ),
        Version => ("Version", "Version"),
        ServerUnreachable => (
            "Der Server ist nicht erreichbar. Die Einrichtung braucht einmal Netz.",
            "The server cannot be reached. Setting up needs the network once."
        ),
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
        AlsoServes => ("betreut auch", "also serves"),
        LockNow => ("Jetzt sperren", "Lock now"),
        SectionsLabel => ("Bereiche des Koffers", "Sections of the Koffer"),
        SectionToday => ("Heute", "Today"),
        SectionTransfer => ("Übertragung", "Transfer"),
        SectionDevices => ("Geräte", "Devices"),
        SectionSettings => ("Einstellungen", "Settings"),
        SectionHealth => ("Gerätezustand", "Device health"),
        WaitingToTransfer => ("noch nicht übertragen", "not yet transferred"),
        IdleLockAfter => ("Automatisch sperren nach (Minuten)", "Lock automatically after (minutes)"),
        }
    };
}
