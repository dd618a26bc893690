//! Video assistance in the town hall (back office and admin): whoever goes on duty hears the calls
//! of the Bürger-Terminals of their municipality and of those it serves, in one queue shared by
//! everyone on duty, and takes one to talk to the citizen by video. Duty lasts while the app is
//! open and signed in, whichever section the person works in meanwhile; the navigation shows the
//! waiting calls. In a call they see the form the citizen fills at the terminal and can type
//! into it (`shared_form`).

use crate::files;
use crate::messages::{Text, failure_text};
use crate::session::Session;
use crate::shared_form::SharedFormView;
use domain::assistance::messages::MAX_NOTE_CHARS;
use domain::assistance::{FromParty, InCall, SharedForm, ToParty, WaitingCall};
use domain::wire::IceServer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use ui::case_details::local_time;
use ui::video_call::{self, Line, Peer, PeerEvent, Pictures};
use ui::{Language, api, fill, http, tr};
use web_sys::MediaStream;

const CITIZEN_VIDEO: &str = "citizen-video";
const OWN_VIDEO: &str = "desk-own-video";

#[derive(Debug, Clone, PartialEq)]
pub enum Talking {
    Nobody,
    /// The terminal's place.
    With(String),
    Ended,
}

/// What duty holds while it lasts.
#[derive(Default)]
struct Held {
    line: Option<Rc<Line>>,
    /// Where calls relay through (from the ticket).
    ice_servers: Vec<IceServer>,
    media: Option<MediaStream>,
    peer: Option<Rc<Peer>>,
    citizen: Option<MediaStream>,
}

impl Drop for Held {
    /// However duty ends (signing out included), the camera and microphone go off with it.
    fn drop(&mut self) {
        if let Some(media) = self.media.take() {
            video_call::stop(&media);
        }
    }
}

/// A photo of a document asked of the citizen in the call.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    None,
    Asked,
    Declined,
    /// Shown from this address within the page, until the call ends.
    Received(String),
}

/// A note printed at the terminal for the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printing {
    Nothing,
    Sent,
    Printed,
    NotPrinted,
}

#[derive(Clone, Copy)]
pub struct DutyDesk {
    pub on_duty: RwSignal<bool>,
    pub queue: RwSignal<Vec<WaitingCall>>,
    pub talking: RwSignal<Talking>,
    pub document: RwSignal<Document>,
    /// What became of the last note sent to the terminal's printer.
    pub printing: RwSignal<Printing>,
    /// The form the citizen fills at the terminal, shown as it is filled.
    pub shared: RwSignal<Option<SharedForm>>,
    pub problem: RwSignal<Option<String>>,
    language: RwSignal<Language>,
    held: StoredValue<Held, LocalStorage>,
}

impl DutyDesk {
    pub fn new() -> Self {
        let desk = Self {
            on_duty: RwSignal::new(false),
            queue: RwSignal::new(Vec::new()),
            talking: RwSignal::new(Talking::Nobody),
            document: RwSignal::new(Document::None),
            printing: RwSignal::new(Printing::Nothing),
            shared: RwSignal::new(None),
            problem: RwSignal::new(None),
            language: expect_context::<RwSignal<Language>>(),
            held: StoredValue::new_local(Held::default()),
        };
        on_cleanup(move || desk.stop_media());
        desk
    }

    /// Turns camera and microphone on and opens the line.
    pub fn begin(self, token: String) {
        spawn_local(async move {
            let media = match video_call::camera_and_microphone().await {
                Ok(media) => media,
                Err(_) => {
                    let language = self.language.get_untracked();
                    self.problem
                        .try_set(Some(Text::NoCamera.in_language(language).into()));
                    return;
                }
            };
            let ticket = match http::send(api::assistance_ticket(&token), None).await {
                Ok(ticket) => ticket,
                Err(failure) => {
                    video_call::stop(&media);
                    let language = self.language.get_untracked();
                    self.problem.try_set(Some(failure_text(&failure, language)));
                    return;
                }
            };
            let lost = move || {
                self.on_duty.try_set(false);
                self.queue.try_set(Vec::new());
                self.talking.try_set(Talking::Nobody);
                self.stop_media();
            };
            match Line::open(&ticket.ticket, move |message| self.heard(message), lost) {
                Ok(line) => {
                    self.held.try_update_value(|held| {
                        held.line = Some(Rc::new(line));
                        held.ice_servers = ticket.ice_servers;
                        held.media = Some(media);
                    });
                    self.problem.try_set(None);
                    self.on_duty.try_set(true);
                    // The pictures are drawn with duty.
                    request_animation_frame(move || self.show_streams());
                }
                Err(_) => video_call::stop(&media),
            }
        });
    }

    /// Goes off duty: hangs up, closes the line, turns camera and microphone off.
    pub fn end(self) {
        self.hang_up();
        self.held.try_update_value(|held| held.line = None);
        self.stop_media();
        self.on_duty.set(false);
        self.queue.set(Vec::new());
    }

    pub fn accept(self, call: u64) {
        self.send(&FromParty::Accept { call });
    }

    /// Asks the citizen for a photo of a document, taken with the terminal's camera.
    pub fn ask_for_document(self) {
        if let Some(Some(peer)) = self.held.try_with_value(|held| held.peer.clone())
            && peer.say(&InCall::DocumentWanted)
        {
            self.forget_document();
            self.document.set(Document::Asked);
        }
    }

    /// Has the terminal print `text` for the citizen.
    pub fn print_at_terminal(self, text: String) {
        if let Some(Some(peer)) = self.held.try_with_value(|held| held.peer.clone())
            && peer.say(&InCall::Print { text })
        {
            self.printing.set(Printing::Sent);
        }
    }

    /// Types `value` into the citizen's form at the terminal, where they see it.
    pub fn fill_in(self, input: String, value: String) {
        if let Some(Some(peer)) = self.held.try_with_value(|held| held.peer.clone()) {
            peer.say(&InCall::Fill { input, value });
        }
    }

    /// The photo is the call's: gone from the page with it.
    fn forget_document(self) {
        if let Some(Document::Received(url)) = self.document.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        self.document.try_set(Document::None);
    }

    pub fn hang_up(self) {
        if matches!(self.talking.get_untracked(), Talking::With(_)) {
            self.send(&FromParty::HangUp);
        }
        self.held.try_update_value(|held| {
            held.peer = None;
            held.citizen = None;
        });
        self.forget_document();
        self.printing.try_set(Printing::Nothing);
        self.shared.try_set(None);
        self.talking.try_set(Talking::Nobody);
    }

    /// Shows the streams again in a freshly drawn section.
    pub fn show_streams(self) {
        self.held.try_with_value(|held| {
            video_call::show(OWN_VIDEO, held.media.as_ref());
            video_call::show(CITIZEN_VIDEO, held.citizen.as_ref());
        });
    }

    fn send(self, message: &FromParty) {
        if let Some(Some(line)) = self.held.try_with_value(|held| held.line.clone()) {
            line.send(message);
        }
    }

    fn heard(self, message: ToParty) {
        match message {
            ToParty::Queue { calls } => {
                self.queue.try_set(calls);
            }
            ToParty::Connected { peer, .. } => {
                let parts = self.held.try_with_value(|held| {
                    (
                        held.line.clone(),
                        held.media.clone(),
                        held.ice_servers.clone(),
                    )
                });
                let Some((Some(line), Some(media), ice_servers)) = parts else {
                    return;
                };
                let on_event = move |event: PeerEvent| match event {
                    PeerEvent::Remote(stream) => {
                        video_call::show(CITIZEN_VIDEO, Some(&stream));
                        self.held
                            .try_update_value(|held| held.citizen = Some(stream));
                    }
                    // No way through (no TURN server across NAT): say so rather than show black.
                    PeerEvent::State(state) if state == "failed" => {
                        let language = self.language.get_untracked();
                        self.problem
                            .try_set(Some(Text::CallFailed.in_language(language).into()));
                    }
                    PeerEvent::Said(InCall::DocumentDeclined) => {
                        self.document.try_set(Document::Declined);
                    }
                    PeerEvent::Said(InCall::Printed) => {
                        self.printing.try_set(Printing::Printed);
                    }
                    PeerEvent::Said(InCall::NotPrinted) => {
                        self.printing.try_set(Printing::NotPrinted);
                    }
                    // What the terminal shares is shown only within a form's bounds.
                    PeerEvent::Said(InCall::Form(form)) if form.within_bounds() => {
                        self.shared.try_set(Some(form));
                    }
                    PeerEvent::Said(InCall::FormClosed) => {
                        self.shared.try_set(None);
                    }
                    PeerEvent::Photo(jpeg) => {
                        if let Ok(url) = files::object_url(&jpeg, "image/jpeg") {
                            self.forget_document();
                            self.document.try_set(Document::Received(url));
                        }
                    }
                    PeerEvent::State(_) | PeerEvent::Said(_) => {}
                };
                if let Ok(connection) = Peer::new(&media, (line, &ice_servers), on_event) {
                    self.held
                        .try_update_value(|held| held.peer = Some(connection));
                    self.talking.try_set(Talking::With(peer));
                }
            }
            ToParty::Signal(signal) => {
                if let Some(Some(peer)) = self.held.try_with_value(|held| held.peer.clone()) {
                    peer.take(signal);
                }
            }
            ToParty::Ended { .. } => {
                self.held.try_update_value(|held| {
                    held.peer = None;
                    held.citizen = None;
                });
                self.forget_document();
                self.talking.try_set(Talking::Ended);
            }
            ToParty::Refused { message, .. } => {
                self.problem.try_set(Some(message));
            }
            ToParty::Duty { .. } | ToParty::Ringing { .. } => {}
        }
    }

    fn stop_media(self) {
        self.held.try_update_value(|held| {
            held.peer = None;
            held.citizen = None;
            if let Some(media) = held.media.take() {
                video_call::stop(&media);
            }
        });
    }
}

impl Default for DutyDesk {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Assistance(session: StoredValue<Session>) -> impl IntoView {
    let desk = expect_context::<DutyDesk>();
    let note = RwSignal::new(String::new());
    request_animation_frame(move || desk.show_streams());
    let waiting = move || {
        desk.queue
            .get()
            .into_iter()
            .map(|call| {
                let number = call.call;
                view! {
                    <tr data-call=number>
                        <td>{local_time(call.since * 1000)}</td>
                        <td>{call.place.clone()}</td>
                        <td>{call.municipality_name.clone()}</td>
                        <td class="actions">
                            <button type="button" class="primary"
                                disabled=move || matches!(desk.talking.get(), Talking::With(_))
                                on:click=move |_| desk.accept(number)>{tr(Text::AcceptCall)}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let talking = move || {
        let language = desk.language.get();
        match desk.talking.get() {
            Talking::With(place) => Some(fill(Text::TalkingWith, language, &[&place])),
            Talking::Ended => Some(Text::CallEnded.in_language(language).to_owned()),
            Talking::Nobody => None,
        }
    };
    view! {
        <section class="town-hall" aria-labelledby="assistance-title" data-testid="assistance">
            <h2 id="assistance-title">{tr(Text::Assistance)}</h2>
            <p>{tr(Text::AssistanceIntro)}</p>
            <p role="alert" class="warning">{move || desk.problem.get()}</p>
            {move || if desk.on_duty.get() {
                view! {
                    <button type="button" on:click=move |_| desk.end()>{tr(Text::EndDuty)}</button>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" class="primary"
                        on:click=move |_| desk.begin(session.with_value(|s| s.token.clone()))>{tr(Text::BeginDuty)}</button>
                }
                .into_any()
            }}
            <div role="status" data-testid="talking">{talking}</div>
            <Show when=move || desk.on_duty.get()>
                <h3>{tr(Text::WaitingCalls)}</h3>
                <Show
                    when=move || desk.queue.with(|q| !q.is_empty())
                    fallback=|| view! { <p>{tr(Text::NoWaitingCalls)}</p> }
                >
                    <table class="cases">
                        <thead><tr>
                            <th scope="col">{tr(Text::CallingSince)}</th>
                            <th scope="col">{tr(Text::TerminalPlace)}</th>
                            <th scope="col">{tr(Text::Municipality)}</th>
                            <th scope="col">{tr(Text::Actions)}</th>
                        </tr></thead>
                        <tbody>{waiting}</tbody>
                    </table>
                </Show>
            </Show>
            <Show when=move || desk.on_duty.get()>
                <Pictures other=CITIZEN_VIDEO other_label=Signal::derive(tr(Text::CitizenPicture))
                    own=OWN_VIDEO own_label=Signal::derive(tr(Text::OwnPicture)) />
            </Show>
            <Show when=move || matches!(desk.talking.get(), Talking::With(_))>
                <button type="button" on:click=move |_| desk.ask_for_document()>{tr(Text::AskForDocument)}</button>
                <div role="status" data-testid="document">
                    {move || match desk.document.get() {
                        Document::None => None,
                        Document::Asked => Some(tr(Text::DocumentAsked)().into_any()),
                        Document::Declined => Some(tr(Text::DocumentDeclined)().into_any()),
                        Document::Received(url) => Some(view! {
                            <figure>
                                <img src=url alt=tr(Text::DocumentPhoto) data-testid="document-photo" />
                                <figcaption>{tr(Text::DocumentPhoto)}</figcaption>
                            </figure>
                        }
                        .into_any()),
                    }}
                </div>
                <form class="note-for-terminal" on:submit=move |event: leptos::ev::SubmitEvent| {
                    event.prevent_default();
                    let text = note.get_untracked();
                    if !text.trim().is_empty() {
                        desk.print_at_terminal(text);
                    }
                }>
                    <div class="field">
                        <label for="terminal-note">{tr(Text::NoteForTerminal)}</label>
                        <p class="hint" id="terminal-note-hint">{tr(Text::NoteForTerminalHint)}</p>
                        <textarea id="terminal-note" rows="4" autocomplete="off" maxlength=MAX_NOTE_CHARS.to_string()
                            aria-describedby="terminal-note-hint" bind:value=note></textarea>
                    </div>
                    <button type="submit">{tr(Text::PrintAtTerminal)}</button>
                    <p role="status" data-testid="printing">{move || match desk.printing.get() {
                        Printing::Nothing => None,
                        Printing::Sent => Some(tr(Text::NoteSent)()),
                        Printing::Printed => Some(tr(Text::NotePrinted)()),
                        Printing::NotPrinted => Some(tr(Text::NoteNotPrinted)()),
                    }}</p>
                </form>
                <Show when=move || desk.shared.with(Option::is_some)>
                    <SharedFormView form=desk.shared.into()
                        on_fill=Callback::new(move |(input, value)| desk.fill_in(input, value)) />
                </Show>
                <button type="button" class="danger" on:click=move |_| desk.hang_up()>{tr(Text::HangUp)}</button>
            </Show>
        </section>
    }
}
