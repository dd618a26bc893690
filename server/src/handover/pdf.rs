//! Lays out and writes a handover package as PDF/A-3a with krilla: A4, set in DejaVu Sans
//! (embedded, as PDF/A wants, and wide enough for names in other scripts), every line and
//! picture tagged (headings, paragraphs, figures with their alternative text) in reading order,
//! header and page numbers as artifacts, and the machine-readable files embedded as associated
//! files. krilla checks PDF/A-3a's rules as it writes and refuses a document that breaks one.

use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::{FontRef, MetadataProvider};
use std::num::NonZeroU16;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 56.0;
const TOP: f32 = 72.0;
const BOTTOM: f32 = 64.0;
const BODY: f32 = 10.0;
const LINE: f32 = 1.4;
/// The label column of a row (`Block::Row`).
const LABEL_WIDTH: f32 = 170.0;
const MAX_PICTURE_HEIGHT: f32 = 320.0;

/// One piece of the document in reading order.
pub enum Block {
    Heading {
        level: u16,
        text: String,
    },
    Paragraph(String),
    /// A label and its value side by side (a form's field, a fact about the case).
    Row {
        label: String,
        value: String,
    },
    Picture(Picture),
}

pub struct Picture {
    alt: String,
    /// Read once; `None` when the bytes are no image krilla reads (the picture is left out of
    /// the pages, and still carried as a file).
    image: Option<Image>,
}

impl Picture {
    pub fn new(alt: String, bytes: &[u8], kind: PictureKind) -> Self {
        let data = bytes.to_vec().into();
        let image = match kind {
            PictureKind::Jpeg => Image::from_jpeg(data, false).ok(),
            PictureKind::Png => Image::from_png(data, false).ok(),
        };
        Picture { alt, image }
    }
}

#[derive(Clone, Copy)]
pub enum PictureKind {
    Jpeg,
    Png,
}

/// A file carried inside the PDF (PDF/A-3's associated files).
pub struct Attached {
    pub name: String,
    pub media_type: &'static str,
    pub description: String,
    pub bytes: Vec<u8>,
    /// The file the document is a rendering of (the case's JSON) rather than one it shows.
    pub source: bool,
}

/// What the document says about itself.
pub struct Heading {
    pub title: String,
    /// Repeated at the top of every page.
    pub running_head: String,
    /// When it was made (ms since 1970, UTC).
    pub created_at_ms: u64,
}

/// Writes the document; `Err` says which PDF/A rule a piece broke.
pub fn write(head: &Heading, blocks: &[Block], files: Vec<Attached>) -> Result<Vec<u8>, String> {
    let fonts = Fonts::new()?;
    let pages = lay_out(&fonts, blocks);
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_A)
        .finish()
        .map_err(|error| format!("PDF/A-3a: {error:?}"))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });
    let created = date_time(head.created_at_ms);
    document.set_metadata(
        Metadata::new()
            .title(head.title.clone())
            .language("de".into())
            .creator("Bürgerkoffer".into())
            .creation_date(created),
    );
    let mut groups: Vec<Vec<Identifier>> = blocks.iter().map(|_| Vec::new()).collect();
    let count = pages.len();
    for (number, placed) in pages.iter().enumerate() {
        let mut page = document.start_page_with(
            PageSettings::from_wh(PAGE.0, PAGE.1).ok_or("A4 ist keine Seitengröße")?,
        );
        let mut surface = page.surface();
        artifact(
            &mut surface,
            &fonts,
            ArtifactType::Header,
            &head.running_head,
            TOP - 30.0,
        );
        let footer = format!("Seite {} von {count}", number + 1);
        artifact(
            &mut surface,
            &fonts,
            ArtifactType::Footer,
            &footer,
            PAGE.1 - 36.0,
        );
        for item in placed {
            let id = draw(&mut surface, &fonts, blocks, item)?;
            groups[item.block].push(id);
        }
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("de".into()));
    for (block, ids) in blocks.iter().zip(groups) {
        let mut group = match block {
            Block::Heading { level, text } => TagGroup::new(Tag::Hn(
                NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
                Some(text.clone()),
            )),
            Block::Paragraph(_) | Block::Row { .. } => TagGroup::new(Tag::P),
            Block::Picture(picture) => TagGroup::new(Tag::Figure(Some(picture.alt.clone()))),
        };
        for id in ids {
            group.push(id);
        }
        tree.push(group);
    }
    document.set_tag_tree(tree);
    for file in files {
        document.embed_file(EmbeddedFile {
            path: file.name,
            mime_type: MimeType::new(file.media_type),
            description: Some(file.description),
            association_kind: if file.source {
                AssociationKind::Source
            } else {
                AssociationKind::Supplement
            },
            data: file.bytes.into(),
            modification_date: Some(created),
            compress: None,
            location: None,
        });
    }
    document
        .finish()
        .map_err(|error| format!("PDF/A-3a: {error:?}"))
}

fn date_time(ms: u64) -> DateTime {
    let days = i64::try_from(ms / 86_400_000).unwrap_or(0);
    let date = domain::forms::Date::from_unix_days(days);
    let seconds = (ms / 1000) % 86_400;
    DateTime::new(date.year)
        .month(date.month)
        .day(date.day)
        .hour(u8::try_from(seconds / 3600).unwrap_or(0))
        .minute(u8::try_from(seconds / 60 % 60).unwrap_or(0))
        .second(u8::try_from(seconds % 60).unwrap_or(0))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The two faces, for krilla to draw with and for us to measure with.
struct Fonts {
    regular: Font,
    bold: Font,
    regular_ref: FontRef<'static>,
    bold_ref: FontRef<'static>,
}

impl Fonts {
    fn new() -> Result<Self, String> {
        let krilla = |bytes: &'static [u8]| {
            Font::new(bytes.into(), 0).ok_or("die eingebettete Schrift ist unlesbar")
        };
        let reader = |bytes: &'static [u8]| {
            FontRef::new(bytes).map_err(|_| "die eingebettete Schrift ist unlesbar")
        };
        Ok(Fonts {
            regular: krilla(REGULAR)?,
            bold: krilla(BOLD)?,
            regular_ref: reader(REGULAR)?,
            bold_ref: reader(BOLD)?,
        })
    }

    fn face(&self, bold: bool) -> (&Font, &FontRef<'static>) {
        if bold {
            (&self.bold, &self.bold_ref)
        } else {
            (&self.regular, &self.regular_ref)
        }
    }

    /// `text` with each character the font lacks replaced (PDF/A forbids drawing a missing
    /// glyph); the embedded case keeps the original.
    fn drawable(&self, text: &str, bold: bool) -> String {
        let charmap = self.face(bold).1.charmap();
        let fallback = if charmap.map('\u{FFFD}').is_some() {
            '\u{FFFD}'
        } else {
            '?'
        };
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if charmap.map(c).is_some() => c,
                _ => fallback,
            })
            .collect()
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = self.face(bold).1;
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(FontSize::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|glyph| metrics.advance_width(glyph))
            .sum()
    }

    /// `text` in lines at most `room` wide: broken at spaces, and inside a word only when the
    /// word alone is wider (a hash). Each line but the last keeps its space, so a reader that
    /// joins the lines keeps the words apart.
    fn wrap(&self, text: &str, size: f32, bold: bool, room: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in text.split(' ').filter(|word| !word.is_empty()) {
            let candidate = format!("{current}{word}");
            if self.width(&candidate, size, bold) <= room {
                current = candidate + " ";
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            for c in word.chars() {
                if self.width(&format!("{current}{c}"), size, bold) > room && !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                current.push(c);
            }
            current.push(' ');
        }
        let last = current.trim_end().to_owned();
        if !last.is_empty() || lines.is_empty() {
            lines.push(last);
        }
        lines
    }
}

/// A piece of a block placed on a page.
struct Placed {
    block: usize,
    at: (f32, f32),
    what: Piece,
}

enum Piece {
    /// One line; a row's line may carry its label in bold before the value.
    Line {
        label: Option<String>,
        text: String,
        size: f32,
        bold: bool,
    },
    Picture {
        width: f32,
        height: f32,
    },
}

fn lay_out(fonts: &Fonts, blocks: &[Block]) -> Vec<Vec<Placed>> {
    let room = PAGE.0 - 2.0 * MARGIN;
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = TOP;
    // `keep`: room the piece needs below it on the same page (a heading keeps its first lines).
    let place = |pages: &mut Vec<Vec<Placed>>, y: &mut f32, (height, keep): (f32, f32), placed| {
        let full = *y + height + keep > PAGE.1 - BOTTOM;
        if full && pages.last().is_some_and(|page| !page.is_empty()) {
            pages.push(Vec::new());
            *y = TOP;
        }
        let placed: Placed = placed;
        let at = (placed.at.0, *y);
        *y += height;
        if let Some(page) = pages.last_mut() {
            page.push(Placed { at, ..placed });
        }
    };
    for (index, block) in blocks.iter().enumerate() {
        let line = |label, text, size, bold, x| Placed {
            block: index,
            at: (x, 0.0),
            what: Piece::Line {
                label,
                text,
                size,
                bold,
            },
        };
        match block {
            Block::Heading { level, text } => {
                let size = if *level <= 1 { 16.0 } else { 12.5 };
                y += size * 0.8;
                for text in fonts.wrap(&fonts.drawable(text, true), size, true, room) {
                    let keep = blocks.get(index + 1).map_or(0.0, first_height);
                    let heading = line(None, text, size, true, MARGIN);
                    place(&mut pages, &mut y, (size * LINE, keep), heading);
                }
            }
            Block::Paragraph(text) => {
                for text in fonts.wrap(&fonts.drawable(text, false), BODY, false, room) {
                    let text = line(None, text, BODY, false, MARGIN);
                    place(&mut pages, &mut y, (BODY * LINE, 0.0), text);
                }
                y += BODY * 0.5;
            }
            Block::Row { label, value } => {
                let labels =
                    fonts.wrap(&fonts.drawable(label, true), BODY, true, LABEL_WIDTH - 8.0);
                let values = fonts.wrap(
                    &fonts.drawable(value, false),
                    BODY,
                    false,
                    room - LABEL_WIDTH,
                );
                for row in 0..labels.len().max(values.len()) {
                    let label = labels.get(row).cloned().filter(|l| !l.is_empty());
                    let value = values.get(row).cloned().unwrap_or_default();
                    let row = line(label, value, BODY, false, MARGIN);
                    place(&mut pages, &mut y, (BODY * LINE, 0.0), row);
                }
                y += BODY * 0.3;
            }
            Block::Picture(picture) => {
                let Some((width, height)) = picture_size(picture) else {
                    continue;
                };
                let (width, height) = fitted(width, height);
                place(
                    &mut pages,
                    &mut y,
                    (height + BODY, 0.0),
                    Placed {
                        block: index,
                        at: (MARGIN, 0.0),
                        what: Piece::Picture { width, height },
                    },
                );
            }
        }
    }
    pages
}

/// The height of a block's first piece, which its heading keeps on its page.
fn first_height(block: &Block) -> f32 {
    match block {
        Block::Picture(picture) => {
            picture_size(picture).map_or(0.0, |(width, height)| fitted(width, height).1 + BODY)
        }
        _ => 2.0 * BODY * LINE,
    }
}

/// A picture's size on the page: as large as it is, within the text's width and a height.
fn fitted(width: f32, height: f32) -> (f32, f32) {
    let room = PAGE.0 - 2.0 * MARGIN;
    let scale = (room / width).min(MAX_PICTURE_HEIGHT / height).min(1.0);
    (width * scale, height * scale)
}

/// A picture's size in points at 150 dpi; `None` when it could not be read.
fn picture_size(picture: &Picture) -> Option<(f32, f32)> {
    let (width, height) = picture.image.as_ref()?.size();
    let points = |pixels: u32| pixels as f32 * 72.0 / 150.0;
    Some((points(width), points(height)))
}

/// Draws one placed piece inside its own marked content, for the block's tag group.
fn draw(
    surface: &mut Surface,
    fonts: &Fonts,
    blocks: &[Block],
    item: &Placed,
) -> Result<Identifier, String> {
    match &item.what {
        Piece::Line {
            label,
            text,
            size,
            bold,
        } => {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            let baseline = item.at.1 + size;
            if let Some(label) = label {
                let font = fonts.bold.clone();
                let at = Point::from_xy(item.at.0, baseline);
                surface.draw_text(
                    at,
                    font,
                    *size,
                    &format!("{label} "),
                    false,
                    TextDirection::Auto,
                );
            }
            let x = if matches!(blocks[item.block], Block::Row { .. }) {
                item.at.0 + LABEL_WIDTH
            } else {
                item.at.0
            };
            if !text.is_empty() {
                let font = fonts.face(*bold).0.clone();
                let at = Point::from_xy(x, baseline);
                surface.draw_text(at, font, *size, text, false, TextDirection::Auto);
            }
            surface.end_tagged();
            Ok(id)
        }
        Piece::Picture { width, height } => {
            let Block::Picture(picture) = &blocks[item.block] else {
                return Err("ein Bild ohne Bild".into());
            };
            let image = picture.image.clone().ok_or("ein Bild ist unlesbar")?;
            let size = Size::from_wh(*width, *height).ok_or("ein Bild ohne Fläche")?;
            let id = surface.start_tagged(ContentTag::Other);
            surface.push_transform(&Transform::from_translate(item.at.0, item.at.1));
            surface.draw_image(image, size);
            surface.pop();
            surface.end_tagged();
            Ok(id)
        }
    }
}

/// A running head or page number: shown, but not part of the document's structure.
fn artifact(surface: &mut Surface, fonts: &Fonts, kind: ArtifactType, text: &str, y: f32) {
    surface.start_tagged(ContentTag::Artifact(Artifact::new(kind, None)));
    let text = fonts.drawable(text, false);
    surface.draw_text(
        Point::from_xy(MARGIN, y),
        fonts.regular.clone(),
        8.0,
        &text,
        false,
        TextDirection::Auto,
    );
    surface.end_tagged();
}
