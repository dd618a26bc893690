//! One citizen at the kiosk. Everything they do lives in this component's memory and nowhere
//! else; when it ends (they say "Fertig", or the countdown after `domain::kiosk::IDLE_MS` of
//! quiet runs out) the terminal drops it. "Ich brauche Hilfe" holds it while staff come.

use crate::booking::BookDate;
use crate::callback::AskCallback;
use crate::duty_line::DutyLine;
use crate::focus;
use crate::messages::Text;
use crate::place_dates::{PlaceDates, spoken};
use crate::read_aloud::{ReadAloud, read_focus, read_screen};
use crate::self_service::SelfService;
use crate::talk::Talk;
use domain::kiosk::{COUNTDOWN_MS, CitizenSession, Standing};
use domain::wire::{DeviceProof, PlaceDate, TerminalContact};
use leptos::prelude::*;
use std::time::Duration;
use ui::card_terminal::CardTerminal;
use ui::{Language, fill, tr};

/// What the session shows.
#[derive(Debug, Clone, PartialEq)]
enum Screen {
    /// When the Koffer comes here, and the way to the town hall.
    Dates,
    Booking(Box<PlaceDate>),
    Callback,
    /// A video call to whoever is on duty.
    Talk,
    /// A matter filed alone.
    SelfService,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[component]
pub fn Session(
    contact: Signal<Option<TerminalContact>>,
    device: DeviceProof,
    on_end: Callback<()>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let duty = expect_context::<DutyLine>();
    let card = expect_context::<CardTerminal>();
    let clock = StoredValue::new(CitizenSession::start(now_ms()));
    let standing = RwSignal::new(Standing::Active);
    // `try_`: a timer or listener may still fire in the moment the session is torn down.
    let recheck = move || {
        // Talking to the town hall, or paying at the card terminal, is being there, touch or
        // not; once it is over the usual quiet counts again.
        if duty.calling.try_get_untracked() == Some(true) || card.is_running_now() {
            clock.try_update_value(|session| session.touched(now_ms()));
        }
        if let Some(now) = clock.try_with_value(|session| session.standing(now_ms())) {
            standing.try_set(now);
            if now == Standing::Over {
                on_end.run(());
            }
        }
    };
    let touched = move || {
        clock.try_update_value(|session| session.touched(now_ms()));
        recheck();
    };
    let listeners = [
        window_event_listener(leptos::ev::pointerdown, move |_| touched()),
        window_event_listener(leptos::ev::keydown, move |_| touched()),
        read_focus(read_aloud, language),
    ];
    let ticker = set_interval_with_handle(recheck, Duration::from_secs(1));
    on_cleanup(move || {
        for listener in listeners {
            listener.remove();
        }
        if let Ok(ticker) = ticker {
            ticker.clear();
        }
    });

    let held = move || standing.get() == Standing::Held;
    let toggle_help = move |_| {
        clock.update_value(|session| {
            if session.is_held() {
                session.release(now_ms());
            } else {
                session.hold(now_ms());
            }
        });
        recheck();
    };
    let seconds_left = move || match standing.get() {
        Standing::EndingIn { seconds } => Some(seconds),
        _ => None,
    };
    // What was read is read again only when it changed: the terminal reports in every few
    // seconds, mostly with the same dates.
    let dates_spoken = Memo::new(move |_| {
        contact.with(|c| {
            c.as_ref()
                .map(|c| spoken(c, language.get()))
                .unwrap_or_default()
        })
    });
    read_screen(read_aloud, language, dates_spoken.into());
    let countdown_spoken = Memo::new(move |_| {
        let language = language.get();
        if matches!(standing.get(), Standing::EndingIn { .. }) {
            let seconds = COUNTDOWN_MS / 1000;
            format!(
                "{} {}",
                Text::StillThere.in_language(language),
                fill(Text::EndingIn, language, &[&seconds])
            )
        } else {
            String::new()
        }
    });
    read_screen(read_aloud, language, countdown_spoken.into());
    let screen = RwSignal::new(Screen::Dates);
    let back_to_dates = Callback::new(move |()| {
        screen.set(Screen::Dates);
        focus::move_to("dates-title");
    });
    let device = StoredValue::new(device);
    let counting_down = move || seconds_left().is_some();
    focus::move_to("dates-title");
    view! {
        <div class="session" data-testid="citizen-session">
            <div role="status">
                {move || held().then(|| view! { <p class="saved" data-testid="held">{tr(Text::HelpHeld)}</p> })}
            </div>
            <Show when=counting_down>
                <div class="countdown" role="alertdialog" aria-modal="false" aria-labelledby="countdown-title"
                    aria-describedby="countdown-text" data-testid="countdown">
                    <h2 id="countdown-title">{tr(Text::StillThere)}</h2>
                    <p id="countdown-text">
                        {move || fill(Text::EndingIn, language.get(), &[&seconds_left().unwrap_or_default()])}
                    </p>
                    <button type="button" class="primary" on:click=move |_| touched()>{tr(Text::StayHere)}</button>
                </div>
            </Show>
            {move || match screen.get() {
                Screen::Booking(date) => view! {
                    <BookDate date=*date device=device.get_value() on_close=back_to_dates />
                }
                .into_any(),
                Screen::Callback => view! {
                    <AskCallback device=device.get_value() on_close=back_to_dates />
                }
                .into_any(),
                Screen::Talk => view! { <Talk device=device.get_value() contact=contact on_close=back_to_dates /> }.into_any(),
                Screen::SelfService => view! {
                    <SelfService device=device.get_value() contact close_label=Text::BackToDates on_close=back_to_dates />
                }
                .into_any(),
                Screen::Dates => view! {
                    <PlaceDates contact=contact on_book=Callback::new(move |date| screen.set(Screen::Booking(Box::new(date)))) />
                    <section aria-labelledby="self-service-start-title">
                        <h2 id="self-service-start-title">{tr(Text::SelfServiceHeading)}</h2>
                        <button type="button" class="primary" on:click=move |_| screen.set(Screen::SelfService)>{tr(Text::SelfServiceStart)}</button>
                    </section>
                    <section aria-labelledby="talk-title">
                        <h2 id="talk-title">{tr(Text::TalkHeading)}</h2>
                        {move || if duty.staffed.get() {
                            view! {
                                <button type="button" class="primary" on:click=move |_| screen.set(Screen::Talk)>{tr(Text::TalkToStaff)}</button>
                            }
                            .into_any()
                        } else {
                            view! { <p data-testid="no-one-on-duty">{tr(Text::NoOneOnDuty)}</p> }.into_any()
                        }}
                        <button type="button" on:click=move |_| screen.set(Screen::Callback)>{tr(Text::AskCallback)}</button>
                    </section>
                }
                .into_any(),
            }}
            // Last in the page, first to reach from the end: what every screen offers.
            <div class="kiosk-actions" role="group" aria-label=move || Text::TerminalName.in_language(language.get())>
                <button type="button" aria-pressed=move || read_aloud.0.get().to_string()
                    on:click=move |_| read_aloud.0.update(|on| *on = !*on)>{tr(Text::ReadAloud)}</button>
                <button type="button" lang=move || language.get().other().tag()
                    on:click=move |_| language.update(|l| *l = l.other())>{tr(Text::OtherLanguage)}</button>
                <button type="button" aria-pressed=move || held().to_string() on:click=toggle_help>
                    {move || if held() { tr(Text::ContinueAlone)() } else { tr(Text::NeedHelp)() }}
                </button>
                <button type="button" class="danger" on:click=move |_| on_end.run(())>{tr(Text::Finish)}</button>
            </div>
        </div>
    }
}
