//! Who is signed in on the unlocked Koffer: the clerk, the laptop's id and the session's token,
//! renewed in place when the session ran out. Kept apart from what the desk shows; sync and the
//! desk's own calls read them here.

use crate::access::{Problem, Workspace};
use crate::store::Unlocked;
use domain::wire::Role;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SignedIn {
    pub clerk_name: StoredValue<String>,
    pub username: StoredValue<String>,
    pub role: StoredValue<Role>,
    device_id: StoredValue<String>,
    token: StoredValue<String>,
}

impl SignedIn {
    pub fn new(workspace: &Workspace) -> Self {
        let session = &workspace.session;
        Self {
            clerk_name: StoredValue::new(session.clerk.display_name.clone()),
            username: StoredValue::new(session.clerk.username.clone()),
            role: StoredValue::new(session.clerk.role),
            device_id: StoredValue::new(session.device_id.clone()),
            token: StoredValue::new(session.token.clone()),
        }
    }

    /// The bearer token of the session (empty once the Koffer is locked).
    pub fn token(&self) -> String {
        self.token.try_get_value().unwrap_or_default()
    }

    /// The laptop's id at the server (empty once the Koffer is locked).
    pub fn device_id(&self) -> String {
        self.device_id.try_get_value().unwrap_or_default()
    }

    /// Signs the clerk in again after the session ran out; later calls use the new token.
    pub async fn renew(
        self,
        store: &Unlocked,
        username: String,
        password: String,
    ) -> Result<(), Problem> {
        let session = crate::access::renew_session(store, username, password).await?;
        self.token.try_set_value(session.token);
        // A new id where the server no longer knew the device (see `renew_session`).
        self.device_id.try_set_value(session.device_id);
        Ok(())
    }
}
