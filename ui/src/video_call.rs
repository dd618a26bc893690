//! A video call between a Bürger-Terminal and the town hall, as both apps hold it: the
//! assistance socket (`Line`, speaking `domain::assistance`), the camera and microphone, and
//! WebRTC's peer connection (`Peer`) with its data channel, where the two parties pass what the
//! server never sees (`InCall`, a document's photo). The terminal makes the offer, the town hall
//! answers; the server only relays the negotiation.

use domain::assistance::messages::MAX_PHOTO_BYTES;
use domain::assistance::{FromParty, InCall, Signal, ToParty};
use domain::wire::IceServer;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    MediaStream, MediaStreamConstraints, MediaStreamTrack, MessageEvent, RtcConfiguration,
    RtcDataChannel, RtcDataChannelInit, RtcDataChannelState, RtcDataChannelType,
    RtcIceCandidateInit, RtcIceServer, RtcPeerConnection, RtcPeerConnectionIceEvent, RtcSdpType,
    RtcSessionDescriptionInit, RtcTrackEvent, WebSocket,
};

/// The open assistance socket. Dropping it closes it without telling anyone again.
pub struct Line {
    socket: WebSocket,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut()>,
}

impl Line {
    /// Opens the socket with a ticket (`ui::api::assistance_ticket`); each message the server
    /// sends goes to `on_message`, and `on_close` runs once when the server or the network ends
    /// it.
    pub fn open(
        ticket: &str,
        on_message: impl Fn(ToParty) + 'static,
        on_close: impl Fn() + 'static,
    ) -> Result<Self, JsValue> {
        let location = web_sys::window()
            .ok_or_else(|| JsValue::from_str("no window"))?
            .location();
        let scheme = if location.protocol()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        let url = format!(
            "{scheme}://{}/api/assistance/socket?ticket={ticket}",
            location.host()?
        );
        let socket = WebSocket::new(&url)?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            // A message this app cannot read (a newer server's) is passed over.
            if let Ok(message) = serde_json::from_str::<ToParty>(&text) {
                on_message(message);
            }
        });
        let on_close = Closure::<dyn FnMut()>::new(on_close);
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Self {
            socket,
            _on_message: on_message,
            _on_close: on_close,
        })
    }

    pub fn send(&self, message: &FromParty) {
        if let Ok(text) = serde_json::to_string(message) {
            // Not open (any more): the close handler tells the app.
            let _ = self.socket.send_with_str(&text);
        }
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

/// The camera and microphone, after the browser's permission.
pub async fn camera_and_microphone() -> Result<MediaStream, JsValue> {
    let devices = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .navigator()
        .media_devices()?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    constraints.set_video(&JsValue::TRUE);
    let stream = JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?;
    stream.dyn_into()
}

/// Turns camera and microphone off.
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// What a call's peer connection tells the app.
pub enum PeerEvent {
    /// The other side's camera and microphone.
    Remote(MediaStream),
    /// The connection's state: `"connected"`, `"failed"`, …
    State(String),
    Said(InCall),
    /// A document's photo, JPEG bytes as the other side sent them (at most `MAX_PHOTO_BYTES`).
    Photo(Vec<u8>),
}

/// The peer connection of one call, sending its negotiation over `Line`.
pub struct Peer {
    connection: RtcPeerConnection,
    channel: RtcDataChannel,
    line: Rc<Line>,
    /// Signals wait here and are taken one after the other: a candidate must not be added while
    /// the description before it is still being set.
    inbox: RefCell<VecDeque<Signal>>,
    busy: Cell<bool>,
    _on_candidate: Closure<dyn FnMut(RtcPeerConnectionIceEvent)>,
    _on_track: Closure<dyn FnMut(RtcTrackEvent)>,
    _on_state: Closure<dyn FnMut()>,
    _on_channel: Closure<dyn FnMut(MessageEvent)>,
}

impl Peer {
    /// A connection sending `local`'s tracks, relaying through `ice_servers` where the browsers
    /// cannot meet directly; what comes of it goes to `on_event`.
    pub fn new(
        local: &MediaStream,
        (line, ice_servers): (Rc<Line>, &[IceServer]),
        on_event: impl Fn(PeerEvent) + 'static,
    ) -> Result<Rc<Self>, JsValue> {
        let on_event = Rc::new(on_event);
        let configuration = RtcConfiguration::new();
        let servers = js_sys::Array::new();
        for server in ice_servers {
            let urls: js_sys::Array = server
                .urls
                .iter()
                .map(|url| JsValue::from_str(url))
                .collect();
            let ice = RtcIceServer::new();
            ice.set_urls(&urls);
            if let (Some(username), Some(credential)) = (&server.username, &server.credential) {
                ice.set_username(username);
                ice.set_credential(credential);
            }
            servers.push(&ice);
        }
        configuration.set_ice_servers(&servers);
        let connection = RtcPeerConnection::new_with_configuration(&configuration)?;
        for track in local.get_tracks() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                connection.add_track_0(&track, local);
            }
        }
        let candidate_line = line.clone();
        let on_candidate = Closure::<dyn FnMut(RtcPeerConnectionIceEvent)>::new(
            move |event: RtcPeerConnectionIceEvent| {
                if let Some(candidate) = event.candidate() {
                    candidate_line.send(&FromParty::Signal(Signal::Candidate {
                        candidate: candidate.candidate(),
                        sdp_mid: candidate.sdp_mid(),
                        sdp_m_line_index: candidate.sdp_m_line_index(),
                    }));
                }
            },
        );
        let events = on_event.clone();
        let on_track = Closure::<dyn FnMut(RtcTrackEvent)>::new(move |event: RtcTrackEvent| {
            if let Ok(stream) = event.streams().get(0).dyn_into::<MediaStream>() {
                events(PeerEvent::Remote(stream));
            }
        });
        let state_of = connection.clone();
        let events = on_event.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            events(PeerEvent::State(
                js_sys::Reflect::get(&state_of, &JsValue::from_str("connectionState"))
                    .ok()
                    .and_then(|state| state.as_string())
                    .unwrap_or_default(),
            ));
        });
        // Negotiated with a fixed id on both sides: open with the connection, no announcement.
        let init = RtcDataChannelInit::new();
        init.set_negotiated(true);
        init.set_id(0);
        let channel = connection.create_data_channel_with_data_channel_dict("assistance", &init);
        channel.set_binary_type(RtcDataChannelType::Arraybuffer);
        let on_channel = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if let Some(text) = data.as_string() {
                // What this app cannot read (a newer one's) is passed over.
                if let Ok(said) = serde_json::from_str::<InCall>(&text) {
                    on_event(PeerEvent::Said(said));
                }
            } else if let Ok(buffer) = data.dyn_into::<js_sys::ArrayBuffer>() {
                let bytes = js_sys::Uint8Array::new(&buffer);
                if bytes.length() as usize <= MAX_PHOTO_BYTES {
                    on_event(PeerEvent::Photo(bytes.to_vec()));
                }
            }
        });
        channel.set_onmessage(Some(on_channel.as_ref().unchecked_ref()));
        connection.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
        connection.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
        connection.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));
        Ok(Rc::new(Self {
            connection,
            channel,
            line,
            inbox: RefCell::default(),
            busy: Cell::new(false),
            _on_candidate: on_candidate,
            _on_track: on_track,
            _on_state: on_state,
            _on_channel: on_channel,
        }))
    }

    /// Tells the other side directly; false while the channel is not open.
    pub fn say(&self, message: &InCall) -> bool {
        self.channel.ready_state() == RtcDataChannelState::Open
            && serde_json::to_string(message)
                .is_ok_and(|text| self.channel.send_with_str(&text).is_ok())
    }

    /// Sends a document's photo (JPEG bytes); false while the channel is not open or the photo
    /// is larger than the other side takes.
    pub fn send_photo(&self, jpeg: &[u8]) -> bool {
        self.channel.ready_state() == RtcDataChannelState::Open
            && jpeg.len() <= MAX_PHOTO_BYTES
            && self.channel.send_with_u8_array(jpeg).is_ok()
    }

    /// The caller's side: makes the offer and sends it.
    pub async fn offer(&self) -> Result<(), JsValue> {
        let offer = JsFuture::from(self.connection.create_offer()).await?;
        let sdp = sdp_of(&offer);
        self.describe_local(RtcSdpType::Offer, &sdp).await?;
        self.line.send(&FromParty::Signal(Signal::Offer { sdp }));
        Ok(())
    }

    /// Takes the other side's signal, in the order signals came.
    pub fn take(self: &Rc<Self>, signal: Signal) {
        self.inbox.borrow_mut().push_back(signal);
        if self.busy.replace(true) {
            return;
        }
        let peer = self.clone();
        spawn_local(async move {
            loop {
                let next = peer.inbox.borrow_mut().pop_front();
                let Some(signal) = next else { break };
                if let Err(error) = peer.apply(signal).await {
                    web_sys::console::warn_2(&JsValue::from_str("WebRTC:"), &error);
                }
            }
            peer.busy.set(false);
        });
    }

    async fn apply(&self, signal: Signal) -> Result<(), JsValue> {
        match signal {
            Signal::Offer { sdp } => {
                self.describe_remote(RtcSdpType::Offer, &sdp).await?;
                let answer = JsFuture::from(self.connection.create_answer()).await?;
                let sdp = sdp_of(&answer);
                self.describe_local(RtcSdpType::Answer, &sdp).await?;
                self.line.send(&FromParty::Signal(Signal::Answer { sdp }));
            }
            Signal::Answer { sdp } => self.describe_remote(RtcSdpType::Answer, &sdp).await?,
            Signal::Candidate {
                candidate,
                sdp_mid,
                sdp_m_line_index,
            } => {
                let init = RtcIceCandidateInit::new(&candidate);
                init.set_sdp_mid(sdp_mid.as_deref());
                init.set_sdp_m_line_index(sdp_m_line_index);
                JsFuture::from(
                    self.connection
                        .add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(&init)),
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn describe_local(&self, kind: RtcSdpType, sdp: &str) -> Result<(), JsValue> {
        let description = RtcSessionDescriptionInit::new(kind);
        description.set_sdp(sdp);
        JsFuture::from(self.connection.set_local_description(&description)).await?;
        Ok(())
    }

    async fn describe_remote(&self, kind: RtcSdpType, sdp: &str) -> Result<(), JsValue> {
        let description = RtcSessionDescriptionInit::new(kind);
        description.set_sdp(sdp);
        JsFuture::from(self.connection.set_remote_description(&description)).await?;
        Ok(())
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
        self.connection.set_onicecandidate(None);
        self.connection.set_ontrack(None);
        self.connection.set_onconnectionstatechange(None);
        self.connection.close();
    }
}

fn sdp_of(description: &JsValue) -> String {
    js_sys::Reflect::get(description, &JsValue::from_str("sdp"))
        .ok()
        .and_then(|sdp| sdp.as_string())
        .unwrap_or_default()
}

/// Shows `stream` in the video element with id `element_id` (none: shows nothing).
pub fn show(element_id: &str, stream: Option<&MediaStream>) {
    if let Some(video) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(element_id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlMediaElement>().ok())
    {
        video.set_src_object(stream);
    }
}

/// The two pictures of a call: the other side's, heard, and one's own, silent (nobody wants to
/// hear themselves). Each video's id (for `show`) is its test id too.
#[component]
pub fn Pictures(
    other: &'static str,
    other_label: leptos::prelude::Signal<&'static str>,
    own: &'static str,
    own_label: leptos::prelude::Signal<&'static str>,
) -> impl IntoView {
    view! {
        <div class="videos">
            <figure>
                <video id=other autoplay playsinline data-testid=other></video>
                <figcaption>{other_label}</figcaption>
            </figure>
            <figure>
                <video id=own autoplay playsinline muted data-testid=own></video>
                <figcaption>{own_label}</figcaption>
            </figure>
        </div>
    }
}
