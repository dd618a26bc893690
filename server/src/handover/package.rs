//! A case's handover package: gathered from the stored case, its catalogue, its record and its
//! photos, then laid out for a person (`pdf`) with the machine-readable case inside
//! (`domain::handover`).

use super::pdf::{Attached, Block, Heading, Picture, PictureKind};
use crate::database::{self, DataError, Db};
use crate::sync::status_de;
use base64::Engine;
use domain::audit::{EventKind, SealingKey, device_key_to_hex};
use domain::cases::{Case, Payment, PaymentMethod};
use domain::catalogue::{Catalogue, PaperForm, euro};
use domain::forms::Date;
use domain::handover::{FORMAT, FileDigest, HandoverCase, Record, services_of};
use domain::municipality::RegionalKey;
use sha2::{Digest, Sha256, Sha512};

/// The name of the machine-readable case among the package's files.
pub const CASE_FILE: &str = "fall.json";

/// Everything a package is made of, read from the database; building the PDF needs nothing
/// more (and runs apart from the async runtime).
pub struct Gathered {
    pub document: HandoverCase,
    catalogue: Option<Catalogue>,
    files: Vec<(String, &'static str, Vec<u8>)>,
}

impl Gathered {
    /// The files the case carries (signature image, photos): name, type and bytes.
    pub fn files(&self) -> &[(String, &'static str, Vec<u8>)] {
        &self.files
    }

    /// The municipality's catalogue the package reads the case through.
    pub fn catalogue(&self) -> Option<&Catalogue> {
        self.catalogue.as_ref()
    }
}

/// A finished package.
pub struct Package {
    pub number: String,
    pub pdf: Vec<u8>,
}

impl Package {
    /// Its file name: `fall-<number>.pdf`, the number's letters, digits and dashes kept and
    /// anything else `_`.
    pub fn file_name(&self) -> String {
        let safe: String = self
            .number
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("fall-{safe}.pdf")
    }
}

/// Reads what the package of `case_id` needs; `None` if the municipality holds no such case.
pub async fn gather(
    db: &Db,
    municipality: &RegionalKey,
    case_id: &str,
    sealing_key: &SealingKey,
    now_ms: u64,
) -> Result<Option<Gathered>, DataError> {
    let Some(held) = database::cases::find_case(db, municipality, case_id).await? else {
        return Ok(None);
    };
    let case = held.stored.case;
    let catalogue = database::catalogues::find(db, municipality).await?;
    let (events, evidence) = database::record::load(db, municipality, case_id).await?;
    let stored = serde_json::to_string(&case).map_err(|e| DataError::Corrupt(e.to_string()))?;
    let problem = database::record::check(
        municipality,
        case_id,
        (&events, &evidence),
        &stored,
        sealing_key.verifying_key(),
    )
    .err()
    .map(|broken| database::record::describe(&broken));
    let mut files = Vec::new();
    if let Some(signature) = &case.signature
        && let Some(png) = png_of(&signature.png)
    {
        files.push(("unterschrift.png".to_owned(), "image/png", png));
    }
    for (number, photo) in case.attachments.iter().enumerate() {
        let fetched =
            database::attachments::fetch(db, (municipality, &photo.sha256), (true, "")).await?;
        // A photo the laptop has not uploaded yet is named in the case, but not carried.
        if let Some((_, bytes)) = fetched {
            files.push((format!("foto-{}.jpg", number + 1), "image/jpeg", bytes));
        }
    }
    let mut record = Record::new(
        events,
        evidence,
        device_key_to_hex(sealing_key.verifying_key()),
    );
    record.problem = problem;
    let document = HandoverCase {
        format: FORMAT.to_owned(),
        municipality: municipality.to_string(),
        municipality_name: case.deployment.municipality_name.clone(),
        created_at_ms: now_ms,
        services: catalogue
            .as_ref()
            .map(|catalogue| services_of(&case, catalogue))
            .unwrap_or_default(),
        files: files
            .iter()
            .map(|(name, media_type, bytes)| FileDigest {
                name: name.clone(),
                media_type: (*media_type).to_owned(),
                bytes: bytes.len() as u64,
                sha256: hex(&Sha256::digest(bytes)),
                sha512: hex(&Sha512::digest(bytes)),
            })
            .collect(),
        case,
        record,
    };
    Ok(Some(Gathered {
        document,
        catalogue,
        files,
    }))
}

fn png_of(data_url: &str) -> Option<Vec<u8>> {
    let encoded = data_url.strip_prefix("data:image/png;base64,")?;
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lays the package out and writes it (CPU work: call it off the async runtime).
pub fn build(gathered: Gathered) -> Result<Package, String> {
    let document = &gathered.document;
    let case = &document.case;
    let json = serde_json::to_vec_pretty(document).map_err(|e| e.to_string())?;
    let blocks = blocks(document, gathered.catalogue.as_ref(), &gathered.files);
    let mut attached = vec![Attached {
        name: CASE_FILE.to_owned(),
        media_type: "application/json",
        description: format!(
            "Der Fall {} maschinenlesbar ({FORMAT}): Angaben, LeiKa-Schlüssel, SHA-512 der Dateien, Verlauf",
            case.number
        ),
        bytes: json,
        source: true,
    }];
    for (name, media_type, bytes) in gathered.files {
        attached.push(Attached {
            description: format!("{name} des Falls {}", case.number),
            name,
            media_type,
            bytes,
            source: false,
        });
    }
    let head = Heading {
        title: format!("Übergabe des Falls {}", case.number),
        running_head: format!(
            "{} · Fall {} · Übergabe an die zuständige Stelle",
            document.municipality_name, case.number
        ),
        created_at_ms: document.created_at_ms,
    };
    let pdf = super::pdf::write(&head, &blocks, attached)?;
    Ok(Package {
        number: case.number.clone(),
        pdf,
    })
}

fn day(iso: &str) -> String {
    Date::parse_iso(iso).map_or_else(|| iso.to_owned(), Date::german)
}

/// `ms` as a German date and time in UTC.
fn moment(ms: u64) -> String {
    let date = Date::from_unix_days(i64::try_from(ms / 86_400_000).unwrap_or(0));
    let seconds = ms / 1000 % 86_400;
    format!(
        "{} {:02}:{:02} UTC",
        date.german(),
        seconds / 3600,
        seconds / 60 % 60
    )
}

fn row(label: &str, value: impl Into<String>) -> Block {
    Block::Row {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn heading(level: u16, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn payment(case: &Case, catalogue: Option<&Catalogue>) -> String {
    let how = match &case.payment {
        Payment::Paid {
            method: PaymentMethod::Cash,
            receipt,
        } => format!("bar bezahlt, Kassenbuch {receipt}"),
        Payment::Paid {
            method: PaymentMethod::Card,
            receipt,
        } => format!("mit Karte bezahlt, Beleg {receipt}"),
        Payment::Invoiced => "per Rechnung".to_owned(),
        Payment::Free => "gebührenfrei".to_owned(),
        Payment::Open => "noch offen".to_owned(),
    };
    match catalogue {
        Some(catalogue) => format!("{} – {how}", euro(case.total_fee_cents(catalogue))),
        None => how,
    }
}

fn event_kind(kind: EventKind) -> String {
    match kind {
        EventKind::Filed => "eingereicht vom Gerät".to_owned(),
        EventKind::Edited => "berichtigt vom Gerät".to_owned(),
        EventKind::Status(status) => format!("Status „{}“", status_de(status)),
        EventKind::Resolved => "Abweichung entschieden".to_owned(),
    }
}

/// The pages' content in reading order.
fn blocks(
    document: &HandoverCase,
    catalogue: Option<&Catalogue>,
    files: &[(String, &'static str, Vec<u8>)],
) -> Vec<Block> {
    let case = &document.case;
    let citizen = &case.citizen;
    let mut blocks = vec![
        heading(1, format!("Übergabe des Falls {}", case.number)),
        Block::Paragraph(format!(
            "Aufgenommen von {} in {} am {}. Erstellt am {} vom Server der Gemeinde. Die Datei {CASE_FILE} in diesem Dokument enthält den Fall maschinenlesbar, mit dem SHA-512 jeder Datei und dem versiegelten Verlauf.",
            document.municipality_name,
            case.deployment.place,
            day(&case.deployment.date),
            moment(document.created_at_ms)
        )),
        row("Regionalschlüssel", document.municipality.clone()),
        row("Fall-Id", case.id.clone()),
        row("Status", status_de(case.status())),
        heading(2, "Person"),
        row("Familienname", citizen.family_name.clone()),
        row("Vornamen", citizen.given_names.clone()),
        row("Geburtsdatum", citizen.birth_date.clone()),
        row(
            "Anschrift",
            format!(
                "{} {}, {} {}",
                citizen.address.street,
                citizen.address.house_number,
                citizen.address.postcode,
                citizen.address.place
            ),
        ),
    ];
    for service in &document.services {
        blocks.push(heading(2, service.title.clone()));
        blocks.push(row(
            "Leistung (LeiKa)",
            match (&service.leika, service.leika_confirmed) {
                (Some(urn), true) => urn.clone(),
                (Some(urn), false) => format!("{urn} (nicht bestätigt)"),
                (None, _) => "kein LeiKa-Schlüssel im Katalog".to_owned(),
            },
        ));
        for field in &service.fields {
            blocks.push(row(&field.label, field.text.clone()));
        }
    }
    let meldeschein = case.services.iter().any(|requested| {
        catalogue
            .and_then(|c| c.service(&requested.service))
            .and_then(|service| service.paper_form)
            == Some(PaperForm::Meldeschein)
    });
    if meldeschein {
        blocks.push(heading(2, "Meldeschein"));
        blocks.push(Block::Paragraph(format!(
            "Die Angaben zur Person und zur Anmeldung oben bilden den Meldeschein (§ 23 BMG). {} hat ihn am {} in {} unterschrieben; die Unterschrift steht unten.",
            citizen.full_name(),
            day(&case.deployment.date),
            case.deployment.place
        )));
    }
    blocks.push(heading(2, "Zahlung"));
    blocks.push(row("Gebühr", payment(case, catalogue)));
    blocks.push(heading(2, "Unterschrift"));
    match files.iter().find(|(name, ..)| name == "unterschrift.png") {
        Some((_, _, png)) => blocks.push(Block::Picture(Picture::new(
            format!(
                "Unterschrift von {}, am {} auf dem Unterschriftenfeld geleistet",
                citizen.full_name(),
                day(&case.deployment.date)
            ),
            png,
            PictureKind::Png,
        ))),
        None => blocks.push(Block::Paragraph(
            "Der Fall trägt keine Unterschrift.".into(),
        )),
    }
    let photos: Vec<_> = files
        .iter()
        .filter(|(_, media_type, _)| *media_type == "image/jpeg")
        .collect();
    if !photos.is_empty() {
        blocks.push(heading(2, "Fotos der vorgelegten Unterlagen"));
        for (number, (name, _, bytes)) in photos.iter().enumerate() {
            blocks.push(Block::Picture(Picture::new(
                format!(
                    "Foto {} von {} einer vorgelegten Unterlage ({name})",
                    number + 1,
                    photos.len()
                ),
                bytes,
                PictureKind::Jpeg,
            )));
        }
    }
    if photos.len() < case.attachments.len() {
        blocks.push(Block::Paragraph(format!(
            "{} von {} Fotos hat der Server noch nicht; sie fehlen in diesem Paket.",
            case.attachments.len() - photos.len(),
            case.attachments.len()
        )));
    }
    blocks.push(heading(2, "Verlauf"));
    for event in &document.record.events {
        blocks.push(row(
            &format!("{}. {}", event.seq + 1, moment(event.at_ms)),
            format!(
                "{} – {} ({})",
                event_kind(event.kind),
                event.by,
                event.device
            ),
        ));
    }
    blocks.push(Block::Paragraph(match &document.record.problem {
        None => "Prüfung des Verlaufs: unversehrt. Jedes Ereignis nennt das vorige, ist vom Server versiegelt, und jede Einreichung trägt die Unterschrift des Geräts.".to_owned(),
        Some(problem) => format!("Prüfung des Verlaufs: {problem}"),
    }));
    blocks.push(heading(2, "Dateien in diesem Dokument"));
    blocks.push(row(CASE_FILE, "der Fall maschinenlesbar"));
    for file in &document.files {
        blocks.push(row(&file.name, format!("SHA-512 {}", file.sha512)));
    }
    blocks
}
