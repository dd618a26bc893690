//! The tour plan's notice (`domain::tours::notice`) as a PDF to print for the notice board:
//! A4, set in Helvetica, one of the fonts every PDF reader has, so nothing is embedded; its
//! WinAnsi encoding holds German's letters and the dashes and quotes the texts use. Lines are
//! wrapped by Helvetica's widths, roughly; pages follow as the lines need them. The document
//! says its title and language; it is not tagged (the public page is the accessible form).

use domain::tours::notice::{Line, Role};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// `text` in WinAnsiEncoding; a character it lacks becomes `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// About how wide `text` is in Helvetica at `size` points: narrow, wide and capital letters
/// apart, the rest as an average letter.
fn width(text: &str, size: f32) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | ' ' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.28,
            'f' | 't' | 'r' | '(' | ')' | '-' => 0.35,
            'm' | 'w' | 'M' | 'W' => 0.85,
            c if c.is_uppercase() => 0.68,
            _ => 0.56,
        })
        .sum();
    em * size
}

/// `text` broken into lines at most `room` points wide, at spaces.
fn wrap(text: &str, size: f32, room: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate, size) > room && !current.is_empty() {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        } else {
            current = candidate;
        }
    }
    lines.push(current);
    lines
}

/// The notice's lines as a PDF titled `title`.
pub fn render(lines: &[Line], title: &str) -> Vec<u8> {
    // Each printed line: font, size, indent, and the space before it.
    let mut printed: Vec<(Name<'static>, f32, f32, f32, String)> = Vec::new();
    for line in lines {
        let (font, size, indent, before, prefix) = match line.role {
            Role::Title => (BOLD, 16.0, 0.0, 0.0, ""),
            Role::Heading => (BOLD, 12.0, 0.0, 14.0, ""),
            Role::Text => (REGULAR, 11.0, 0.0, 3.0, ""),
            Role::Item => (REGULAR, 11.0, 14.0, 3.0, "• "),
        };
        let room = PAGE.0 - 2.0 * MARGIN - indent;
        for (n, part) in wrap(&format!("{prefix}{}", line.text), size, room)
            .into_iter()
            .enumerate()
        {
            let space = if n == 0 { before } else { 0.0 };
            printed.push((font, size, indent, space, part));
        }
    }

    let mut pdf = Pdf::new();
    let (catalog, tree, regular, bold, info) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
    );
    let mut next = 6;
    let mut pages: Vec<(Ref, Content)> = Vec::new();
    let mut y = 0.0;
    for (font, size, indent, before, text) in printed {
        let height = size * 1.35 + before;
        if pages.is_empty() || y - height < MARGIN {
            pages.push((Ref::new(next), Content::new()));
            next += 2;
            y = PAGE.1 - MARGIN;
        }
        y -= height;
        let Some((_, content)) = pages.last_mut() else {
            continue;
        };
        content.begin_text();
        content.set_font(font, size);
        content.next_line(MARGIN + indent, y);
        content.show(Str(&win_ansi(&text)));
        content.end_text();
    }

    pdf.catalog(catalog)
        .pages(tree)
        .lang(TextStr("de-DE"))
        .finish();
    pdf.pages(tree)
        .kids(pages.iter().map(|(id, _)| *id))
        .count(pages.len() as i32);
    for (id, content) in pages {
        let contents = Ref::new(id.get() + 1);
        let mut page = pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1));
        page.parent(tree);
        page.contents(contents);
        let mut resources = page.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
        resources.finish();
        page.finish();
        pdf.stream(contents, &content.finish());
    }
    for (id, name) in [(regular, &b"Helvetica"[..]), (bold, b"Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(title));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_letters_and_dashes_are_encoded_and_others_marked() {
        assert_eq!(
            win_ansi("Größe – „ja“ 5 €"),
            b"Gr\xf6\xdfe \x96 \x84ja\x93 5 \x80"
        );
        assert_eq!(win_ansi("ĉ"), b"?");
    }

    #[test]
    fn long_lines_wrap_at_spaces_within_the_room() {
        let text = "Wohnsitz anmelden (Meldeschein) – bitte mitbringen: Personalausweis oder \
                    Reisepass, Wohnungsgeberbestätigung (§ 19 BMG)";
        let lines = wrap(text, 11.0, 300.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|line| width(line, 11.0) <= 300.0));
        assert_eq!(lines.join(" "), text);
    }
}
