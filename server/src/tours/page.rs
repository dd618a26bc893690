//! The public page of a municipality's coming dates (`/termine/{Regionalschlüssel}`): the
//! server's own HTML, without script, styles from elsewhere or tracking, readable by any browser
//! and screen reader. Each date with its place, time and services, and what to bring for each
//! (the catalogue's document list); provisional and cancelled dates say so; a link subscribes
//! to the iCalendar feed.

use super::public_dates;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::catalogue::Catalogue;
use domain::forms::Date;
use domain::tours::{TourDate, TourStatus};
use std::fmt::Write;

/// Days ahead the page shows.
pub(super) const DAYS_AHEAD: i64 = 120;

pub async fn page(State(state): State<AppState>, Path(municipality): Path<String>) -> Response {
    let from = state.today();
    let to = Date::from_unix_days(from.unix_days() + DAYS_AHEAD);
    match public_dates(&state, &municipality, None, (from, to)).await {
        Ok((catalogue, dates)) => html(StatusCode::OK, &render(&municipality, &catalogue, &dates)),
        Err(_) => html(
            StatusCode::NOT_FOUND,
            &document(
                "Bürgerkoffer: keine Termine",
                "<h1>Keine Termine gefunden</h1>\n<p>Für diese Adresse plant keine Gemeinde \
                 Termine des Bürgerkoffers. Bitte prüfen Sie den Link oder fragen Sie im \
                 Rathaus.</p>\n",
            ),
        ),
    }
}

pub(super) fn html(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.to_owned(),
    )
        .into_response()
}

pub(super) fn document(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n</head>\n<body>\n<main>\n{main}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

/// The page of `dates`, which belong to `catalogue`'s municipality.
fn render(municipality: &str, catalogue: &Catalogue, dates: &[TourDate]) -> String {
    let name = escape(&catalogue.municipality_name);
    let mut main = format!(
        "<h1>Bürgerkoffer in {name}: die nächsten Termine</h1>\n<p>Die Verwaltung kommt mit \
         dem Bürgerkoffer zu Ihnen. Bitte bringen Sie mit, was bei Ihrem Anliegen steht.</p>\n\
         <p><a href=\"/api/public/{0}/tours.ics\">Alle Termine als Kalender abonnieren</a> · \
         <a href=\"/api/public/{0}/notice.pdf\">Aushang zum Ausdrucken (PDF)</a> · \
         <a href=\"/api/public/{0}/notice.txt\">Text für das Amtsblatt</a></p>\n",
        escape(municipality)
    );
    if dates.is_empty() {
        main.push_str("<p>Zurzeit sind keine Termine geplant.</p>\n");
    }
    for (n, date) in dates.iter().enumerate() {
        let Some(day) = Date::parse_iso(&date.date) else {
            continue;
        };
        let _ = write!(
            main,
            "<section aria-labelledby=\"termin-{n}\">\n<h2 id=\"termin-{n}\">{}, {} bis {} \
             Uhr</h2>\n<p>Ort: {}</p>\n",
            day.german_with_weekday(),
            escape(&date.starts),
            escape(&date.ends),
            escape(&date.place)
        );
        match date.status {
            TourStatus::Cancelled => main.push_str("<p><strong>Abgesagt.</strong></p>\n"),
            TourStatus::Provisional => {
                if let Some(deadline) = date.decide_on.as_deref().and_then(Date::parse_iso) {
                    let _ = writeln!(
                        main,
                        "<p>Vorläufig: Der Termin findet statt, wenn bis zum {} genug \
                         Anmeldungen eingehen.</p>",
                        deadline.german()
                    );
                }
            }
            TourStatus::Planned => {}
        }
        if date.status != TourStatus::Cancelled {
            let _ = writeln!(
                main,
                "<p><a href=\"/termine/{}/{}\">Termin am {} buchen</a></p>",
                escape(municipality),
                escape(&date.id),
                day.german()
            );
        }
        main.push_str("<ul>\n");
        for slot in &date.slots {
            let Some(service) = catalogue.services.iter().find(|s| s.id == slot.service) else {
                continue;
            };
            let _ = write!(main, "<li>{}", escape(&service.title.de));
            let documents: Vec<String> = service
                .documents
                .iter()
                .map(|document| escape(&document.label.de))
                .collect();
            if !documents.is_empty() {
                let _ = write!(main, " – bitte mitbringen: {}", documents.join(", "));
            }
            main.push_str("</li>\n");
        }
        main.push_str("</ul>\n</section>\n");
    }
    document(
        &format!("Bürgerkoffer {}: Termine", catalogue.municipality_name),
        &main,
    )
}

/// Text for HTML: the five characters that could end an element or an attribute.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(
            escape("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
