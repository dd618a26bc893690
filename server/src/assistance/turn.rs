//! The TURN server a call relays through when the two browsers cannot reach each other directly.
//! coturn's "TURN REST API" (`use-auth-secret`): the server and coturn share a secret; a
//! party's user name is the time its credential ends and its name, the password the secret's
//! HMAC-SHA1 over that user name, so coturn checks it without asking us and it stops working on
//! its own.

use base64::Engine;
use domain::wire::IceServer;
use hmac::{Hmac, Mac};

/// How long a credential holds: a town-hall sign-in's day, and twice the time after which a
/// terminal opens its line anew; a long call refreshes its relay with the same one.
pub const CREDENTIAL_SECS: u64 = 24 * 60 * 60;

#[derive(Debug, Clone)]
pub struct TurnServer {
    pub urls: Vec<String>,
    pub secret: String,
}

impl TurnServer {
    /// The server for `party` (a name for coturn's log), with a credential from `now` on.
    pub fn for_party(&self, party: &str, now: u64) -> IceServer {
        let username = format!("{}:{party}", now + CREDENTIAL_SECS);
        IceServer {
            urls: self.urls.clone(),
            credential: Some(password(&self.secret, &username)),
            username: Some(username),
        }
    }
}

fn password(secret: &str, username: &str) -> String {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(username.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_coturns_hmac_sha1_of_the_user_name() {
        // Computed apart, with Python's hmac and hashlib.sha1.
        assert_eq!(
            password("north-wind", "1700043200:terminal"),
            "E/miz0TKpp6xdadlKTjQzqUlp04="
        );
        let server = TurnServer {
            urls: vec!["turn:turn.meerane.de:3478".into()],
            secret: "north-wind".into(),
        };
        let given = server.for_party("terminal", 1_700_043_200 - CREDENTIAL_SECS);
        assert_eq!(given.username.as_deref(), Some("1700043200:terminal"));
        assert_eq!(
            given.credential.as_deref(),
            Some("E/miz0TKpp6xdadlKTjQzqUlp04=")
        );
        assert_eq!(given.urls, ["turn:turn.meerane.de:3478"]);
    }
}
