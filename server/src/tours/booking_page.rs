//! Booking on the public page, as plain HTML forms that work without script: at
//! `/termine/{Regionalschlüssel}/{date}` the citizen picks services (a GET form), then a free
//! start, and gives a name and, if they like, an e-mail address or phone number (a POST form);
//! a full date offers its waitlist. The booking's own page (`…/buchung/{id}/{secret}`, the link
//! in the mails and the QR code) shows the code and what to bring and cancels or moves it.
//! Rate limits per client address and per date, counted in the database for a few minutes,
//! keep a script from emptying a date; nothing else about a visitor is kept.

use super::bookings::{book_as, change, sentence};
use super::page::{document, escape, html};
use crate::AppState;
use crate::database::booking_attempts;
use crate::database::bookings::{self, Change};
use crate::database::catalogues;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::catalogue::Catalogue;
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::tours::booking::{self as rules, Booking, BookingRequest, Taken};
use domain::tours::{TourDate, TourStatus};
use std::fmt::Write;
use std::net::SocketAddr;

/// The window rate limits count in, in seconds.
pub(super) const WINDOW_SECS: u64 = 10 * 60;
/// Bookings, cancellations and changes one client address may send in a window.
pub const PER_ADDRESS: u32 = 10;
/// Bookings one date takes in a window, from all addresses together.
pub const PER_DATE: u32 = 30;

/// The form's fields, as the browser sends them.
#[derive(Default)]
struct Fields {
    services: Vec<String>,
    starts: Option<String>,
    name: String,
    contact: String,
    action: String,
}

fn fields(encoded: &[u8]) -> Fields {
    let mut fields = Fields::default();
    for (name, value) in form_urlencoded::parse(encoded) {
        match &*name {
            "leistung" => fields.services.push(value.into_owned()),
            "beginn" if !value.is_empty() => fields.starts = Some(value.into_owned()),
            "name" => fields.name = value.into_owned(),
            "kontakt" => fields.contact = value.into_owned(),
            "aktion" => fields.action = value.into_owned(),
            _ => {}
        }
    }
    fields
}

fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        &document(
            "Bürgerkoffer: nicht gefunden",
            "<h1>Nicht gefunden</h1>\n<p>Diesen Termin oder diese Buchung gibt es nicht (mehr). \
             Bitte prüfen Sie den Link oder rufen Sie im Rathaus an.</p>\n",
        ),
    )
}

fn private(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// The date's catalogue, the date and the slots booked there, if the municipality has it.
async fn date_of(
    state: &AppState,
    municipality: &str,
    id: &str,
) -> Result<Option<(Catalogue, TourDate, Vec<Taken>)>, ApiError> {
    let Ok(key) = RegionalKey::parse(municipality) else {
        return Ok(None);
    };
    let Some(catalogue) = catalogues::find(&state.db, &key).await? else {
        return Ok(None);
    };
    let Some(date) = crate::database::tours::find(&state.db, &key, id).await? else {
        return Ok(None);
    };
    let taken = rules::taken_of(&bookings::of_date(&state.db, &key, id).await?);
    Ok(Some((catalogue, date, taken)))
}

/// `GET /termine/{m}/{date}`: the form, with the free starts once services are chosen.
pub async fn form(
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let chosen = fields(query.unwrap_or_default().as_bytes());
    match date_of(&state, &municipality, &id).await {
        Ok(Some((catalogue, date, taken))) => {
            let page = form_page(&state, &catalogue, &date, &taken, &chosen, None);
            private(html(StatusCode::OK, &page))
        }
        Ok(None) => not_found(),
        Err(error) => error.into_response(),
    }
}

/// `POST /termine/{m}/{date}`: books, and sends the browser to the booking's page.
pub async fn submit(
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sent = fields(&body);
    let Ok(key) = RegionalKey::parse(&municipality) else {
        return not_found();
    };
    // The form again, as the date stands now, saying why the booking was not made; read only
    // then, so a booking that goes through reads its date once, in its transaction.
    let refuse =
        async |status: StatusCode, message: &str| match date_of(&state, &municipality, &id).await {
            Ok(Some((catalogue, date, taken))) => {
                let page = form_page(&state, &catalogue, &date, &taken, &sent, Some(message));
                private(html(status, &page))
            }
            Ok(None) => not_found(),
            Err(error) => error.into_response(),
        };
    match within_limits(
        &state,
        &[
            address_subject(&state, peer, &headers),
            format!("date {id}"),
        ],
    )
    .await
    {
        Ok(true) => {}
        Ok(false) => return refuse(StatusCode::TOO_MANY_REQUESTS, TOO_MANY).await,
        Err(error) => return error.into_response(),
    }
    let request = BookingRequest {
        services: sent.services.clone(),
        starts: sent.starts.clone(),
        name: sent.name.clone(),
        contact: sent.contact.clone(),
    };
    match book_as(&state, &key, &id, &request, None).await {
        Ok(booking) => see_other(&super::letters::booking_path(
            &municipality,
            &booking.id,
            &state.link_key,
        )),
        Err(ApiError::Conflict(message)) => refuse(StatusCode::CONFLICT, &message).await,
        Err(ApiError::Unprocessable(message)) => {
            refuse(StatusCode::UNPROCESSABLE_ENTITY, &message).await
        }
        Err(ApiError::NotFound) => not_found(),
        Err(error) => error.into_response(),
    }
}

const TOO_MANY: &str = "Zu viele Versuche in kurzer Zeit. Bitte versuchen Sie es in einigen \
                        Minuten wieder oder rufen Sie im Rathaus an.";

fn address_subject(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> String {
    // Keyed, so the table never holds an address, only whether it came before.
    let address = state.client_address(peer.ip(), headers);
    format!(
        "address {}",
        state.link_key.secret(&format!("address {address}"))
    )
}

/// Counts an attempt for each subject; whether all stay within their limits.
pub(super) async fn within_limits(state: &AppState, subjects: &[String]) -> Result<bool, ApiError> {
    let window = state.now() / WINDOW_SECS * WINDOW_SECS;
    let limited: Vec<(String, u32)> = subjects
        .iter()
        .map(|subject| {
            let limit = if subject.starts_with("date ") {
                PER_DATE
            } else {
                PER_ADDRESS
            };
            (subject.clone(), limit)
        })
        .collect();
    Ok(booking_attempts::count_attempt(&state.db, &limited, window).await?)
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

pub(super) fn heading(date: &TourDate) -> String {
    let day = Date::parse_iso(&date.date)
        .map(Date::german_with_weekday)
        .unwrap_or_else(|| date.date.clone());
    format!("{day}, {} bis {} Uhr", date.starts, date.ends)
}

pub(super) fn bring_list(out: &mut String, catalogue: &Catalogue, services: &[String]) {
    out.push_str("<h2>Bitte mitbringen</h2>\n<ul>\n");
    for id in services {
        let Some(service) = catalogue.services.iter().find(|s| s.id == *id) else {
            continue;
        };
        let documents: Vec<String> = service
            .documents
            .iter()
            .map(|d| escape(&d.label.de))
            .collect();
        let documents = if documents.is_empty() {
            "nichts Besonderes".to_owned()
        } else {
            documents.join(", ")
        };
        let _ = writeln!(out, "<li>{}: {documents}</li>", escape(&service.title.de));
    }
    out.push_str("</ul>\n");
}

pub(super) fn privacy(state: &AppState) -> String {
    let mail = if state.bookings.relay.is_some() {
        "Mit einer E-Mail-Adresse bekommen Sie eine Bestätigung und am Vortag eine Erinnerung."
    } else {
        "E-Mail-Erinnerungen sind auf diesem Server ausgeschaltet."
    };
    format!(
        "<h2>Datenschutz</h2>\n<p>Wir speichern Ihren Namen und, wenn Sie sie angeben, Ihre \
         E-Mail-Adresse oder Telefonnummer nur für diesen Termin (Art. 6 Abs. 1 lit. e DSGVO) und \
         löschen sie {} Tage nach dem Termin. Es gibt keine Cookies und kein Tracking. {mail}</p>\n",
        state.bookings.retention_days
    )
}

fn form_page(
    state: &AppState,
    catalogue: &Catalogue,
    date: &TourDate,
    taken: &[Taken],
    chosen: &Fields,
    problem: Option<&str>,
) -> String {
    let mut main = format!(
        "<p><a href=\"/termine/{}\">Alle Termine</a></p>\n<h1>Termin buchen: {}</h1>\n\
         <p>Ort: {}</p>\n",
        escape(&date.municipality),
        heading(date),
        escape(&date.place)
    );
    if let Some(problem) = problem {
        let _ = writeln!(
            main,
            "<p role=\"alert\"><strong>{}</strong></p>",
            escape(problem)
        );
    }
    if date.status == TourStatus::Cancelled {
        main.push_str("<p><strong>Dieser Termin ist abgesagt.</strong></p>\n");
        return document("Bürgerkoffer: Termin abgesagt", &main);
    }
    // Step 1: the services, by a GET form so that the next step is a plain page too.
    main.push_str("<form method=\"get\">\n<fieldset>\n<legend>Ihre Anliegen</legend>\n");
    for (n, slot) in date.slots.iter().enumerate() {
        let Some(service) = catalogue.services.iter().find(|s| s.id == slot.service) else {
            continue;
        };
        let checked = if chosen.services.contains(&slot.service) {
            " checked"
        } else {
            ""
        };
        let _ = writeln!(
            main,
            "<div><input type=\"checkbox\" id=\"leistung-{n}\" name=\"leistung\" value=\"{}\"\
             {checked}> <label for=\"leistung-{n}\">{} (etwa {} Minuten)</label></div>",
            escape(&slot.service),
            escape(&service.title.de),
            slot.minutes
        );
    }
    main.push_str(
        "</fieldset>\n<p><button type=\"submit\">Freie Zeiten anzeigen</button></p>\n</form>\n",
    );
    let length = match rules::minutes(date, &chosen.services) {
        Ok(length) => length,
        Err(_) if chosen.services.is_empty() => {
            return document("Bürgerkoffer: Termin buchen", &main);
        }
        Err(refusal) => {
            let _ = writeln!(
                main,
                "<p role=\"alert\">{}</p>",
                escape(&sentence(&refusal))
            );
            return document("Bürgerkoffer: Termin buchen", &main);
        }
    };
    bring_list(&mut main, catalogue, &chosen.services);
    // Step 2: a start (or the waitlist), name and contact.
    main.push_str("<form method=\"post\">\n");
    for service in &chosen.services {
        let _ = writeln!(
            main,
            "<input type=\"hidden\" name=\"leistung\" value=\"{}\">",
            escape(service)
        );
    }
    let free = rules::free_starts(date, length, taken);
    if free.is_empty() {
        main.push_str(
            "<p>Für diese Anliegen ist der Termin ausgebucht. Auf der Warteliste bekommen Sie \
             den nächsten frei werdenden Platz.</p>\n",
        );
    } else {
        main.push_str("<fieldset>\n<legend>Uhrzeit</legend>\n");
        for (n, start) in free.iter().enumerate() {
            let text = start.text();
            let checked = if chosen.starts.as_deref() == Some(text.as_str()) {
                " checked"
            } else {
                ""
            };
            let _ = writeln!(
                main,
                "<div><input type=\"radio\" id=\"beginn-{n}\" name=\"beginn\" value=\"{text}\" \
                 required{checked}> <label for=\"beginn-{n}\">{text} Uhr</label></div>"
            );
        }
        main.push_str("</fieldset>\n");
    }
    let _ = write!(
        main,
        "<p><label for=\"name\">Ihr Name</label><br>\n<input id=\"name\" name=\"name\" \
         autocomplete=\"name\" required maxlength=\"{}\" value=\"{}\"></p>\n\
         <p><label for=\"kontakt\">E-Mail-Adresse oder Telefonnummer (freiwillig)</label><br>\n\
         <input id=\"kontakt\" name=\"kontakt\" maxlength=\"{}\" value=\"{}\"></p>\n\
         <p><button type=\"submit\">{}</button></p>\n</form>\n",
        rules::MAX_NAME_CHARS,
        escape(&chosen.name),
        rules::MAX_CONTACT_CHARS,
        escape(&chosen.contact),
        if free.is_empty() {
            "Auf die Warteliste"
        } else {
            "Verbindlich buchen"
        }
    );
    main.push_str(&privacy(state));
    document("Bürgerkoffer: Termin buchen", &main)
}

/// The booking `id` of the municipality, if `secret` is its link's.
async fn booking_of(
    state: &AppState,
    (municipality, id, secret): (&str, &str, &str),
) -> Result<Option<(RegionalKey, Booking, TourDate)>, ApiError> {
    let Ok(key) = RegionalKey::parse(municipality) else {
        return Ok(None);
    };
    if !state.link_key.opens(id, secret) {
        return Ok(None);
    }
    Ok(bookings::find(&state.db, &key, id)
        .await?
        .map(|(booking, date)| (key, booking, date)))
}

/// `GET /termine/{m}/buchung/{id}/{secret}`: the booking, to keep, cancel or move.
pub async fn booking(
    State(state): State<AppState>,
    Path((municipality, id, secret)): Path<(String, String, String)>,
) -> Response {
    match booking_of(&state, (&municipality, &id, &secret)).await {
        Ok(Some((key, booking, date))) => {
            booking_response(&state, &key, &booking, &date, None).await
        }
        Ok(None) => not_found(),
        Err(error) => error.into_response(),
    }
}

/// `POST /termine/{m}/buchung/{id}/{secret}`: `aktion=stornieren`, or `aktion=aendern` with a
/// new `beginn`.
pub async fn act(
    State(state): State<AppState>,
    Path((municipality, id, secret)): Path<(String, String, String)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sent = fields(&body);
    let (key, booking, date) = match booking_of(&state, (&municipality, &id, &secret)).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(error) => return error.into_response(),
    };
    let problem = |status: StatusCode, message: String| (status, message);
    let outcome = match within_limits(&state, &[address_subject(&state, peer, &headers)]).await {
        Err(error) => return error.into_response(),
        Ok(false) => Err(problem(StatusCode::TOO_MANY_REQUESTS, TOO_MANY.into())),
        Ok(true) => {
            let what = match (sent.action.as_str(), sent.starts.as_deref()) {
                ("stornieren", _) => Some(Change::Cancel),
                ("aendern", Some(starts)) => Some(Change::MoveTo(starts)),
                _ => None,
            };
            match what {
                None => Err(problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Bitte wählen Sie „Stornieren“ oder eine neue Uhrzeit.".into(),
                )),
                Some(what) => match change(&state, &key, &id, what).await {
                    Ok(_) => Ok(()),
                    Err(ApiError::Conflict(message)) => Err((StatusCode::CONFLICT, message)),
                    Err(ApiError::Unprocessable(message)) => {
                        Err((StatusCode::UNPROCESSABLE_ENTITY, message))
                    }
                    Err(error) => return error.into_response(),
                },
            }
        }
    };
    match outcome {
        Ok(()) => see_other(&super::letters::booking_path(
            &municipality,
            &id,
            &state.link_key,
        )),
        Err((status, message)) => {
            let mut page = booking_response(&state, &key, &booking, &date, Some(&message)).await;
            *page.status_mut() = status;
            page
        }
    }
}

async fn booking_response(
    state: &AppState,
    key: &RegionalKey,
    booking: &Booking,
    date: &TourDate,
    problem: Option<&str>,
) -> Response {
    let catalogue = match catalogues::find(&state.db, key).await {
        Ok(Some(catalogue)) => catalogue,
        Ok(None) => return not_found(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let others = match bookings::of_date(&state.db, key, &date.id).await {
        Ok(all) => all
            .into_iter()
            .filter(|b| b.id != booking.id)
            .collect::<Vec<_>>(),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let taken = rules::taken_of(&others);
    let link = format!(
        "{}{}",
        state.bookings.public_url,
        super::letters::booking_path(&date.municipality, &booking.id, &state.link_key)
    );
    let page = super::receipt::render(state, &catalogue, (booking, date), &taken, (&link, problem));
    private(html(StatusCode::OK, &page))
}
