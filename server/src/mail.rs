//! Mail through the SMTP relay the operator names (`--smtp-relay`), for the bookings' letters.
//! Without a relay mail is off: nothing is queued, and the booking page says so. The outbox is
//! emptied by a scheduled job (`jobs`), right after a letter is queued and at every round.

use crate::database::mail_outbox::{self, Mail};
use crate::database::{DataError, Db};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Mails one round hands to the relay at most.
const PER_ROUND: u32 = 100;
/// How long a mail the relay refuses waits before the next try, times its tries so far.
const RETRY_SECS: u64 = 5 * 60;
/// A mail that could not be sent within this time is dropped.
const GIVE_UP_SECS: u64 = 3 * 24 * 60 * 60;

/// The operator's relay and the sender mails go out as.
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Relay {
    /// `url` as lettre reads it: `smtp://host:25` (plain, for a relay on the same host or
    /// network), `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://host:465`.
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| format!("Das SMTP-Relay „{url}“ ist keine gültige Adresse: {error}"))?
            .build();
        let from = from.parse().map_err(|error| {
            format!("„{from}“ ist kein gültiger Absender (--mail-from): {error}")
        })?;
        Ok(Self { transport, from })
    }

    /// Hands `mail` to the relay.
    pub async fn send(&self, mail: &Mail) -> Result<(), String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|error| format!("recipient: {error}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|error| format!("message: {error}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| error.to_string())
    }
}

/// Hands the due mails to `relay`; returns how many it took. A refused mail waits and is tried
/// again; one that fails for days is dropped.
pub async fn send_due(db: &Db, relay: &Relay, now: u64) -> Result<u64, DataError> {
    mail_outbox::drop_stale(db, now.saturating_sub(GIVE_UP_SECS)).await?;
    let mut sent = 0;
    for queued in mail_outbox::due(db, now, PER_ROUND).await? {
        match relay.send(&queued.mail).await {
            Ok(()) => {
                mail_outbox::sent(db, &queued.id).await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(%error, attempts = queued.attempts, "the SMTP relay did not take a mail");
                let wait = RETRY_SECS * u64::from(queued.attempts.saturating_add(1));
                mail_outbox::failed(db, &queued.id, now + wait).await?;
            }
        }
    }
    Ok(sent)
}
