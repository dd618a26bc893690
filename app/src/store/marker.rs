//! A note in localStorage that this browser holds an enrolment and how much untransferred work,
//! so that data vanishing from IndexedDB (eviction, a cleared profile) is noticed and told.

const KEY: &str = "buergerkoffer.enrolment";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Records that `device_id` is enrolled here with `pending` untransferred records.
pub fn remember(device_id: &str, pending: u32) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &format!("{pending} {device_id}"));
    }
}

pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}

/// When the store is empty but the note says a device was enrolled: how many untransferred
/// records were there when last counted.
pub fn vanished_pending() -> Option<u32> {
    let note = storage()?.get_item(KEY).ok()??;
    note.split_once(' ')?.0.parse().ok()
}
