//! "Mit der Verwaltung sprechen": the citizen's video call to whoever is on duty in the town
//! hall. Camera and microphone are on only while this screen is; leaving it (or the session
//! ending) hangs up and turns them off.

use crate::duty_line::DutyLine;
use crate::focus;
use crate::messages::Text;
use domain::assistance::{AssistanceRefusal, FromParty, ToParty};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use ui::video_call::{self, Peer, Pictures};
use ui::{Language, fill, tr};
use web_sys::MediaStream;

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

/// What the call holds while it lasts.
#[derive(Default)]
struct Held {
    media: Option<MediaStream>,
    peer: Option<Rc<Peer>>,
}

#[component]
pub fn Talk(on_close: Callback<()>) -> impl IntoView {
    let duty = expect_context::<DutyLine>();
    let language = expect_context::<RwSignal<Language>>();
    let stage = RwSignal::new(Stage::Starting);
    let held = StoredValue::new_local(Held::default());
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
            let on_remote = |stream: MediaStream| video_call::show(STAFF_VIDEO, Some(&stream));
            match Peer::new(&media, line, on_remote, |_| ()) {
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
            <Pictures other=STAFF_VIDEO other_label=Signal::derive(tr(Text::StaffPicture))
                own=OWN_VIDEO own_label=Signal::derive(tr(Text::OwnPicture)) />
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
