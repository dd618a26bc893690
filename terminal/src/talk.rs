//! "Mit der Verwaltung sprechen": the citizen's video call to whoever is on duty in the town
//! hall. Camera and microphone are on only while this screen is; leaving it (or the session
//! ending) hangs up and turns them off. In the call the citizen may fill a form together with
//! the town hall (`self_service::sharing`).

use crate::duty_line::DutyLine;
use crate::focus;
use crate::messages::Text;
use crate::self_service::SelfService;
use crate::self_service::sharing::FormSharing;
use devices::escpos::{Note, Paper, note};
use domain::assistance::messages::MAX_NOTE_CHARS;
use domain::assistance::{AssistanceRefusal, FromParty, InCall, ToParty};
use domain::wire::{DeviceProof, TerminalContact};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use ui::case_details::local_time;
use ui::images::{self, Source};
use ui::usb_printer::PairedPrinter;
use ui::video_call::{self, Peer, PeerEvent, Pictures};
use ui::{Language, fill, tr};
use wasm_bindgen::JsCast;
use web_sys::{HtmlVideoElement, MediaStream};

const OWN_VIDEO: &str = "own-video";
const STAFF_VIDEO: &str = "staff-video";

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Starting,
    Ringing,
    /// Taken by this person; the picture may still be on its way.
    Connected(String),
    Ended,
    Failed(Text),
}

/// The town hall's wish for a photo of a document, and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    Wanted,
    Sent,
    Declined,
}

/// The language a note is printed in: the administration's, like the Koffer's receipts.
const PRINTED_IN: Language = Language::German;

/// The longer side of a document's photo: readable, and small on a village link.
const PHOTO_SIDE: u32 = 1280;

/// What the call holds while it lasts.
#[derive(Default)]
struct Held {
    media: Option<MediaStream>,
    peer: Option<Rc<Peer>>,
}

impl Drop for Held {
    /// However the call's screen goes, the camera and microphone go off with it.
    fn drop(&mut self) {
        if let Some(media) = self.media.take() {
            video_call::stop(&media);
        }
    }
}

#[component]
pub fn Talk(
    device: DeviceProof,
    contact: Signal<Option<TerminalContact>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let duty = expect_context::<DutyLine>();
    let printer = expect_context::<PairedPrinter>();
    let note_printed = RwSignal::new(false);
    let language = expect_context::<RwSignal<Language>>();
    let stage = RwSignal::new(Stage::Starting);
    let document = RwSignal::new(None::<Document>);
    let held = StoredValue::new_local(Held::default());
    let sharing = FormSharing::new(Callback::new(move |message: InCall| {
        if let Some(Some(peer)) = held.try_with_value(|held| held.peer.clone()) {
            peer.say(&message);
        }
    }));
    provide_context(sharing);
    let together = RwSignal::new(false);
    Effect::new(move |_| {
        let under_way = matches!(
            stage.get(),
            Stage::Starting | Stage::Ringing | Stage::Connected(_)
        );
        duty.calling.try_set(under_way);
    });

    let hang_up = move || {
        duty.listen(None);
        duty.calling.try_set(false);
        if matches!(
            stage.try_get_untracked(),
            Some(Stage::Ringing | Stage::Connected(_))
        ) {
            duty.send(&FromParty::HangUp);
        }
        held.try_update_value(|held| {
            held.peer = None;
            if let Some(media) = held.media.take() {
                video_call::stop(&media);
            }
        });
    };
    on_cleanup(hang_up);

    // What the town hall prints for the citizen, at the kiosk's printer; it answers whether it
    // did.
    let print_note = move |text: String| {
        let Some(Some(peer)) = held.try_with_value(|held| held.peer.clone()) else {
            return;
        };
        let person = match stage.try_get_untracked() {
            Some(Stage::Connected(person)) => person,
            _ => String::new(),
        };
        let (municipality, place) = contact
            .with_untracked(|c| {
                c.as_ref()
                    .map(|c| (c.municipality_name.clone(), c.place.clone()))
            })
            .unwrap_or_default();
        if text.chars().count() > MAX_NOTE_CHARS || !printer.is_paired() {
            peer.say(&InCall::NotPrinted);
            return;
        }
        let bytes = note(
            &Note {
                municipality,
                place,
                date: local_time(js_sys::Date::now() as u64),
                heading: fill(Text::NoteHeading, PRINTED_IN, &[&person]),
                text,
            },
            Paper::Mm80,
        );
        spawn_local(async move {
            let printed = printer.print(&bytes).await.is_ok();
            note_printed.try_set(printed);
            peer.say(if printed {
                &InCall::Printed
            } else {
                &InCall::NotPrinted
            });
        });
    };

    let heard = move |message: ToParty| match message {
        ToParty::Ringing { .. } => {
            stage.try_set(Stage::Ringing);
        }
        ToParty::Connected {
            peer, makes_offer, ..
        } => {
            stage.try_set(Stage::Connected(peer));
            let (Some(line), Some(Some(media))) =
                (duty.line(), held.try_with_value(|held| held.media.clone()))
            else {
                return;
            };
            let on_event = move |event: PeerEvent| match event {
                PeerEvent::Remote(stream) => video_call::show(STAFF_VIDEO, Some(&stream)),
                // No way through (no TURN server across NAT): say so rather than show black.
                PeerEvent::State(state) if state == "failed" => {
                    stage.try_set(Stage::Failed(Text::CallFailed));
                }
                PeerEvent::Said(InCall::DocumentWanted) => {
                    document.try_set(Some(Document::Wanted));
                }
                PeerEvent::Said(InCall::Print { text }) => print_note(text),
                PeerEvent::Said(InCall::Fill { input, value }) => {
                    sharing.filled.try_set(Some((input, value)));
                }
                PeerEvent::State(_) | PeerEvent::Said(_) | PeerEvent::Photo(_) => {}
            };
            match Peer::new(&media, (line, &duty.ice_servers()), on_event) {
                Ok(peer) => {
                    held.try_update_value(|held| held.peer = Some(peer.clone()));
                    if makes_offer {
                        spawn_local(async move {
                            if peer.offer().await.is_err() {
                                stage.try_set(Stage::Failed(Text::CallFailed));
                            }
                        });
                    }
                }
                Err(_) => {
                    stage.try_set(Stage::Failed(Text::CallFailed));
                }
            }
        }
        ToParty::Signal(signal) => {
            if let Some(Some(peer)) = held.try_with_value(|held| held.peer.clone()) {
                peer.take(signal);
            }
        }
        ToParty::Ended { .. } => {
            stage.try_set(Stage::Ended);
            hang_up();
        }
        ToParty::Refused { refusal, .. } => {
            stage.try_set(Stage::Failed(match refusal {
                AssistanceRefusal::NoOneOnDuty => Text::NoOneOnDuty,
                _ => Text::CallFailed,
            }));
            hang_up();
        }
        ToParty::Duty { .. } | ToParty::Queue { .. } => {}
    };

    spawn_local(async move {
        match video_call::camera_and_microphone().await {
            Ok(media) => {
                video_call::show(OWN_VIDEO, Some(&media));
                if held
                    .try_update_value(|held| held.media = Some(media.clone()))
                    .is_none()
                {
                    // The citizen left while the browser was still asking.
                    video_call::stop(&media);
                    return;
                }
                duty.listen(Some(Rc::new(heard)));
                duty.send(&FromParty::Call);
            }
            Err(_) => {
                stage.try_set(Stage::Failed(Text::NoCamera));
            }
        }
    });
    focus::move_to("talk-call-title");

    // The photo is taken from the kiosk's own picture, sent, and not kept.
    let send_photo = move || {
        let Some(Some(peer)) = held.try_with_value(|held| held.peer.clone()) else {
            return;
        };
        let frame = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(OWN_VIDEO))
            .and_then(|e| e.dyn_into::<HtmlVideoElement>().ok());
        let sent = frame
            .and_then(|video| images::jpeg(&Source::Frame(&video), PHOTO_SIDE).ok())
            .is_some_and(|photo| peer.send_photo(&photo.jpeg));
        if sent {
            document.set(Some(Document::Sent));
        }
    };
    let decline = move || {
        if let Some(Some(peer)) = held.try_with_value(|held| held.peer.clone()) {
            peer.say(&InCall::DocumentDeclined);
        }
        document.set(Some(Document::Declined));
    };

    let said = move || {
        let language = language.get();
        match stage.get() {
            Stage::Starting => Text::CallStarting.in_language(language).to_owned(),
            Stage::Ringing => Text::CallRinging.in_language(language).to_owned(),
            Stage::Connected(person) => fill(Text::CallConnected, language, &[&person]),
            Stage::Ended => Text::CallEnded.in_language(language).to_owned(),
            Stage::Failed(text) => text.in_language(language).to_owned(),
        }
    };
    let under_way = move || {
        matches!(
            stage.get(),
            Stage::Starting | Stage::Ringing | Stage::Connected(_)
        )
    };
    view! {
        <section aria-labelledby="talk-call-title" class="talk" data-testid="talk">
            <h2 id="talk-call-title" tabindex="-1">{tr(Text::TalkToStaff)}</h2>
            <p role="status" data-testid="call-stage">{said}</p>
            {move || document.get().map(|wish| {
                let answered = wish != Document::Wanted;
                view! {
                    <div class="document-wish" role="group" aria-labelledby="document-title" data-testid="document-wish">
                        <h3 id="document-title">{tr(Text::DocumentWanted)}</h3>
                        <p role="status">{move || match document.get() {
                            Some(Document::Sent) => tr(Text::DocumentSent)(),
                            Some(Document::Declined) => tr(Text::DocumentNotSent)(),
                            _ => tr(Text::DocumentHold)(),
                        }}</p>
                        <Show when=move || !answered>
                            <button type="button" class="primary" on:click=move |_| send_photo()>{tr(Text::SendPhoto)}</button>
                            <button type="button" on:click=move |_| decline()>{tr(Text::DontSendPhoto)}</button>
                        </Show>
                    </div>
                }
            })}
            <Show when=move || note_printed.get()>
                <p class="saved" data-testid="note-printed">{tr(Text::NotePrinted)}</p>
            </Show>
            <Pictures other=STAFF_VIDEO other_label=Signal::derive(tr(Text::StaffPicture))
                own=OWN_VIDEO own_label=Signal::derive(tr(Text::OwnPicture)) />
            <Show when=move || matches!(stage.get(), Stage::Connected(_)) && !together.get()>
                <button type="button" on:click=move |_| together.set(true)>{tr(Text::FillTogether)}</button>
            </Show>
            <Show when=move || together.get()>
                <SelfService device=device.clone() contact close_label=Text::BackToCall on_close=Callback::new(move |()| together.set(false)) />
            </Show>
            <button type="button" class=move || if under_way() { "danger" } else { "" }
                on:click=move |_| {
                    hang_up();
                    on_close.run(());
                }>
                {move || if under_way() { tr(Text::HangUp)() } else { tr(Text::BackToDates)() }}
            </button>
        </section>
    }
}
