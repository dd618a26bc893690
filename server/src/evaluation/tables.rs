//! The evaluation as the tables people open in Excel or LibreOffice: one per figure, with German
//! headings, services named by their catalogue title and LeiKa key, withheld counts written as
//! "< 5". Written as CSV (semicolons, UTF-8 with a byte-order mark, as German Excel reads it)
//! or as one XLSX workbook with a sheet per table.

use domain::catalogue::{Catalogue, OfflinePolicy};
use domain::evaluation::SMALL_CELL;
use domain::wire::Evaluation;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The tables, by the name a request picks one with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableName {
    Services,
    Weeks,
    ServicePlaceWeek,
    Deployments,
    RejectionReasons,
    Appointments,
}

impl TableName {
    pub const ALL: [TableName; 6] = [
        Self::Services,
        Self::Weeks,
        Self::ServicePlaceWeek,
        Self::Deployments,
        Self::RejectionReasons,
        Self::Appointments,
    ];

    /// The table's title, also the sheet's name and part of the file's.
    pub fn title(self) -> &'static str {
        match self {
            Self::Services => "Leistungen",
            Self::Weeks => "Wochen",
            Self::ServicePlaceWeek => "Leistung-Ort-Woche",
            Self::Deployments => "Einsätze",
            Self::RejectionReasons => "Ablehnungsgründe",
            Self::Appointments => "Termine",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// A count below `SMALL_CELL`, not shown.
    Withheld,
}

impl From<Option<u64>> for Cell {
    fn from(count: Option<u64>) -> Self {
        count.map_or(Self::Withheld, |count| Self::Number(count as f64))
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

pub struct Table {
    pub name: TableName,
    pub headings: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

fn withheld_text() -> String {
    format!("< {SMALL_CELL}")
}

fn minutes(ms: u64) -> Cell {
    Cell::Number((ms as f64 / 60_000.0 * 10.0).round() / 10.0)
}

fn offered(policy: Option<OfflinePolicy>) -> Cell {
    Cell::from(match policy {
        Some(OfflinePolicy::FinishesOffline) => "vor Ort abgeschlossen",
        Some(OfflinePolicy::CompletedAfterTransfer) => "nach Übertragung abgeschlossen",
        Some(OfflinePolicy::NeedsConnection) => "braucht das Register (nur mit Verbindung)",
        None => "nicht mehr im Katalog",
    })
}

/// The evaluation's figures as `name`'s table.
pub fn table(name: TableName, figures: &Evaluation, catalogue: Option<&Catalogue>) -> Table {
    let service = |id: &str| catalogue.and_then(|c| c.service(id));
    let title = |id: &str| Cell::from(service(id).map_or(id, |s| s.title.de.as_str()));
    let rows = match name {
        TableName::Services => figures
            .services
            .iter()
            .map(|s| {
                let handling = s
                    .handling_ms
                    .map_or([Cell::Withheld, Cell::Withheld, Cell::Withheld], |q| {
                        q.map(minutes)
                    });
                let [q1, median, q3] = handling;
                vec![
                    title(&s.service),
                    Cell::from(
                        service(&s.service)
                            .and_then(|s| s.leika.as_deref())
                            .unwrap_or(""),
                    ),
                    offered(s.offline),
                    s.cases.into(),
                    s.rejected.into(),
                    q1,
                    median,
                    q3,
                ]
            })
            .collect(),
        TableName::Weeks => figures
            .weeks
            .iter()
            .map(|w| vec![Cell::from(w.week.as_str()), w.cases.into()])
            .collect(),
        TableName::ServicePlaceWeek => figures
            .per_service_place_week
            .iter()
            .map(|c| {
                vec![
                    Cell::from(c.week.as_str()),
                    Cell::from(c.place.as_str()),
                    title(&c.service),
                    c.cases.into(),
                ]
            })
            .collect(),
        TableName::Deployments => figures
            .deployments
            .iter()
            .map(|d| {
                vec![
                    Cell::from(d.day.as_str()),
                    Cell::from(d.place.as_str()),
                    d.cases.into(),
                    Cell::Number(d.minutes_on_site as f64),
                ]
            })
            .collect(),
        TableName::RejectionReasons => figures
            .rejection_reasons
            .iter()
            .map(|r| vec![Cell::from(r.reason.as_str()), Cell::Number(r.cases as f64)])
            .collect(),
        TableName::Appointments => {
            let counts = &figures.appointments;
            [
                ("Besuche mit Buchung", counts.booked_visits),
                ("Besuche ohne Buchung", counts.walk_ins),
                ("Gebucht, nicht erschienen", counts.no_shows),
                ("Buchungen storniert", counts.cancelled),
            ]
            .into_iter()
            .map(|(label, count)| vec![Cell::from(label), count.into()])
            .collect()
        }
    };
    Table {
        name,
        headings: match name {
            TableName::Services => &[
                "Leistung",
                "LeiKa-Schlüssel",
                "Angebot im Koffer",
                "Fälle",
                "davon abgelehnt",
                "Bearbeitungszeit 1. Quartil (Min.)",
                "Bearbeitungszeit Median (Min.)",
                "Bearbeitungszeit 3. Quartil (Min.)",
            ],
            TableName::Weeks => &["Woche ab", "Fälle"],
            TableName::ServicePlaceWeek => &["Woche ab", "Ort", "Leistung", "Fälle"],
            TableName::Deployments => &["Tag", "Ort", "Fälle", "Minuten vor Ort"],
            TableName::RejectionReasons => &["Grund", "Fälle"],
            TableName::Appointments => &["Kennzahl", "Anzahl"],
        },
        rows,
    }
}

/// A field as CSV writes it: quoted where it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A number as German spreadsheets read it: a decimal comma.
fn german_number(number: f64) -> String {
    if number.fract() == 0.0 {
        format!("{number:.0}")
    } else {
        number.to_string().replace('.', ",")
    }
}

pub fn csv(table: &Table) -> String {
    let mut text = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.join(";") + "\r\n";
    text.push_str(&line(table.headings.iter().map(|h| csv_field(h)).collect()));
    for row in &table.rows {
        text.push_str(&line(
            row.iter()
                .map(|cell| match cell {
                    Cell::Text(text) => csv_field(text),
                    Cell::Number(number) => german_number(*number),
                    Cell::Withheld => withheld_text(),
                })
                .collect(),
        ));
    }
    text
}

pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name.title())?;
        for (column, heading) in (0u16..).zip(table.headings) {
            sheet.write_string_with_format(0, column, *heading, &bold)?;
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (column, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(text) => sheet.write_string(row, column, text)?,
                    Cell::Number(number) => sheet.write_number(row, column, *number)?,
                    Cell::Withheld => sheet.write_string(row, column, withheld_text())?,
                };
            }
        }
        sheet.autofit();
    }
    workbook.save_to_buffer()
}
