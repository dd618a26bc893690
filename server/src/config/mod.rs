//! Command line, environment and configuration file: every flag of the server can also be set as
//! `BUERGERKOFFER_*` or in the file (`file`), in this order of precedence.

pub mod file;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "buergerkoffer",
    version,
    about = "Server des Bürgerkoffers: hält die App bereit, verwaltet Gemeinden, Personen und Geräte."
)]
pub struct Cli {
    /// The configuration file: every flag of `serve` and these global ones by its long name
    /// (`listen = "127.0.0.1:8080"`); flags and BUERGERKOFFER_* win over it. Read when present.
    #[arg(long, env = "BUERGERKOFFER_CONFIG", default_value = file::DEFAULT_PATH, global = true)]
    pub config: PathBuf,

    /// How log lines are written: readable for a terminal, or one JSON object per line.
    #[arg(long, env = "BUERGERKOFFER_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Directory for the embedded SQLite database.
    #[arg(
        long,
        env = "BUERGERKOFFER_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// A PostgreSQL database instead of the embedded SQLite, e.g.
    /// `postgres://koffer:secret@127.0.0.1/buergerkoffer`, for an operator serving many
    /// municipalities. Migrations are applied on start.
    #[arg(
        long,
        env = "BUERGERKOFFER_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the API.
    Serve(Box<ServeArgs>),
    /// Municipalities (identified by their 12-digit Regionalschlüssel).
    #[command(subcommand)]
    Municipality(MunicipalityCommand),
    /// Service catalogues (services, forms, fees, places) per municipality.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Delegations: one municipality serving another's citizens.
    #[command(subcommand)]
    Delegation(DelegationCommand),
    /// Clerks, back-office staff and admins.
    #[command(subcommand)]
    User(UserCommand),
    /// Enrolled devices (laptops).
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Case records: every stored change, hash-linked and sealed by the server.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Cases: their handover packages for the authority that decides them.
    #[command(subcommand)]
    Case(CaseCommand),
    /// FIT-Connect routes: where a service's cases are submitted.
    #[command(subcommand)]
    Route(RouteCommand),
    /// Create the demo municipalities and accounts in an empty database and print the accounts
    /// (a database holding any municipality is left alone).
    Demo,
    /// Write a consistent copy of the SQLite database to a new file while the server runs, and
    /// the record's sealing key beside it (`FILE.record-sealing-key`).
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a backup in place of the database, after checking it; only while no server runs.
    /// The replaced database is kept in the data directory.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Keep it on 127.0.0.1 unless TLS is on (--tls-cert) or a reverse
    /// proxy with TLS sits in front.
    #[arg(long, env = "BUERGERKOFFER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The built app (Trunk's output).
    #[arg(long, env = "BUERGERKOFFER_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// Create the demo data before serving, and print the demo accounts; only into an empty
    /// database.
    #[arg(long, env = "BUERGERKOFFER_DEMO")]
    pub demo: bool,

    /// A reverse proxy (e.g. the TLS terminator) whose `X-Forwarded-For` names the client, so
    /// sign-in throttling counts per client rather than per proxy. Repeatable or comma-separated.
    #[arg(
        long = "trusted-proxy",
        env = "BUERGERKOFFER_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Serve HTTPS with this certificate chain (PEM; with --tls-key). SIGHUP reads it again.
    #[arg(long, env = "BUERGERKOFFER_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The certificate's private key (PEM).
    #[arg(long, env = "BUERGERKOFFER_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// With HTTPS: listen here for plain HTTP too, which only redirects to HTTPS (e.g.
    /// 0.0.0.0:80).
    #[arg(long, env = "BUERGERKOFFER_HTTP_REDIRECT", requires = "tls_cert")]
    pub http_redirect: Option<SocketAddr>,

    /// Serve `/metrics` (Prometheus) on this address of its own, e.g. 127.0.0.1:9100; never on
    /// the public one.
    #[arg(long, env = "BUERGERKOFFER_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// Where citizens reach this server, for the links in mails and QR codes, e.g.
    /// `https://koffer.meerane.de`; by default the listen address.
    #[arg(long, env = "BUERGERKOFFER_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// The SMTP relay for the mails to who booked a date: `smtp://host:25`,
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://host:465`. Without
    /// it no mails are sent, and the booking page says so.
    #[arg(
        long,
        env = "BUERGERKOFFER_SMTP_RELAY",
        hide_env_values = true,
        requires = "mail_from"
    )]
    pub smtp_relay: Option<String>,

    /// The sender of those mails, e.g. `Bürgerkoffer Meerane <buergerkoffer@meerane.de>`.
    #[arg(long, env = "BUERGERKOFFER_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// FIT-Connect's Submission API, e.g. `https://submission-api-testing.fit-connect.fitko.dev`
    /// (with --fit-connect-token-url, --fit-connect-client-id and --fit-connect-client-secret).
    /// Without them cases are not submitted over FIT-Connect, and the town hall is told so.
    #[arg(
        long,
        env = "BUERGERKOFFER_FIT_CONNECT_SUBMISSION_URL",
        requires_all = ["fit_connect_token_url", "fit_connect_client_id", "fit_connect_client_secret"]
    )]
    pub fit_connect_submission_url: Option<String>,

    /// FIT-Connect's OAuth token endpoint (client credentials).
    #[arg(long, env = "BUERGERKOFFER_FIT_CONNECT_TOKEN_URL")]
    pub fit_connect_token_url: Option<String>,

    /// This server's OAuth client at FIT-Connect (from its self-service portal).
    #[arg(long, env = "BUERGERKOFFER_FIT_CONNECT_CLIENT_ID")]
    pub fit_connect_client_id: Option<String>,

    /// That client's secret.
    #[arg(
        long,
        env = "BUERGERKOFFER_FIT_CONNECT_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub fit_connect_client_secret: Option<String>,

    /// The TURN server video assistance relays through when the browsers cannot reach each other
    /// directly (NAT), e.g. `turn:turn.meerane.de:3478`; repeatable or comma-separated (UDP,
    /// TCP, `turns:` for TLS). Debian's coturn with `use-auth-secret` (with --turn-secret).
    #[arg(
        long = "turn-url",
        env = "BUERGERKOFFER_TURN_URL",
        value_delimiter = ',',
        requires = "turn_secret"
    )]
    pub turn_urls: Vec<String>,

    /// coturn's `static-auth-secret`: the server derives each party's short-lived credentials
    /// from it (TURN REST API), so no lasting TURN password reaches a browser.
    #[arg(long, env = "BUERGERKOFFER_TURN_SECRET", hide_env_values = true)]
    pub turn_secret: Option<String>,

    /// Days after its date a booking (name and contact) is deleted.
    #[arg(long, env = "BUERGERKOFFER_BOOKING_RETENTION_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u16).range(1..=365))]
    pub booking_retention_days: u16,
}

impl ServeArgs {
    /// The TURN server, if one is named.
    pub fn turn(&self) -> Option<crate::assistance::turn::TurnServer> {
        if self.turn_urls.is_empty() {
            return None;
        }
        Some(crate::assistance::turn::TurnServer {
            urls: self.turn_urls.clone(),
            secret: self.turn_secret.clone()?,
        })
    }

    /// The FIT-Connect settings, if all four are given (clap requires the rest with the first).
    pub fn fit_connect(&self) -> Option<crate::fitconnect::sender::Settings> {
        Some(crate::fitconnect::sender::Settings {
            submission_url: self.fit_connect_submission_url.clone()?,
            token_url: self.fit_connect_token_url.clone()?,
            client_id: self.fit_connect_client_id.clone()?,
            client_secret: self.fit_connect_client_secret.clone()?,
        })
    }

    /// The certificate and key to serve HTTPS with, if both are given.
    pub fn tls(&self) -> Option<crate::tls::CertificateFiles> {
        Some(crate::tls::CertificateFiles {
            certificate: self.tls_cert.clone()?,
            key: self.tls_key.clone()?,
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum MunicipalityCommand {
    Add {
        #[arg(long)]
        regional_key: String,
        #[arg(long)]
        name: String,
        /// Days a device may work without reaching the server before it stops unlocking.
        #[arg(long, default_value_t = 14)]
        offline_lease_days: u32,
        /// Where the Koffer is set up (repeatable); default "<name>, Rathaus".
        #[arg(long = "place")]
        places: Vec<String>,
    },
    /// Set how much its cases and photos may take on the server (default 10240 MB); a push or
    /// upload past it is refused with a sentence, and the data stays on the device.
    Quota {
        #[arg(long)]
        regional_key: String,
        #[arg(long)]
        megabytes: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Replace a municipality's service catalogue with a JSON file (places and services, as in
    /// server/catalogue/standard.json); devices fetch the new version at their next contact.
    Import {
        #[arg(long)]
        regional_key: String,
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum DelegationCommand {
    Add {
        /// The municipality whose staff do the work.
        #[arg(long)]
        serving: String,
        /// The municipality whose citizens they serve.
        #[arg(long)]
        served: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// The password is read from BUERGERKOFFER_NEW_PASSWORD or, if unset, the first line of stdin.
    Add {
        #[arg(long)]
        municipality: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List people, of one municipality or of all.
    List {
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Disable a person: no sign-in, no enrolment; their sessions end and the laptops they
    /// enrolled are revoked.
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Set a new password (read like `add`'s); the person's sessions end.
    Password {
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check a case's record: each event in place, linked to the one before, sealed by this
    /// server's key (from the data directory), and the case as stored matching the newest.
    /// Exits with 1 when it does not hold.
    Verify {
        #[arg(long)]
        regional_key: String,
        /// The case's id.
        #[arg(long = "case")]
        case_id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Write a case's handover package (PDF/A-3a with the case as `fall.json` inside), or with
    /// --all the packages of every case of the municipality as a ZIP with a manifest.
    Export {
        #[arg(long)]
        regional_key: String,
        /// The case's id.
        #[arg(long = "case", conflicts_with = "all", required_unless_present = "all")]
        case_id: Option<String>,
        /// Every case of the municipality (newest change first), one package each.
        #[arg(long)]
        all: bool,
        /// The file to write (a PDF, or with --all a ZIP).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RouteCommand {
    /// Set (or replace) where a service's cases are submitted: the FIT-Connect destination, its
    /// public encryption key and its last valid day, and the schema the data must satisfy.
    Set {
        #[arg(long)]
        regional_key: String,
        /// The service's id in the catalogue, e.g. `anmeldung`.
        #[arg(long)]
        service: String,
        /// The destination's id (a UUID).
        #[arg(long)]
        destination: String,
        /// The destination's public encryption key, a JWK (RSA, at least 4096 bits).
        #[arg(long)]
        key_file: PathBuf,
        /// The last day the key is valid (JJJJ-MM-TT), as its certificate says.
        #[arg(long)]
        key_valid_until: String,
        /// The URI of the data's schema, as the destination names it.
        #[arg(long)]
        schema_uri: String,
        /// The JSON schema itself, to check each case before it is sent.
        #[arg(long)]
        schema_file: PathBuf,
    },
    /// The routes of a municipality.
    List {
        #[arg(long)]
        regional_key: String,
    },
    /// Remove a service's route: its cases are no longer submitted.
    Remove {
        #[arg(long)]
        regional_key: String,
        #[arg(long)]
        service: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Clerk,
    BackOffice,
    Admin,
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    List,
    /// The device wipes its data at its next contact and can no longer sign in.
    Revoke {
        id: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_flags_are_parsed() {
        let cli = Cli::try_parse_from([
            "buergerkoffer",
            "serve",
            "--listen",
            "127.0.0.1:9000",
            "--data-dir",
            "/tmp/koffer",
        ])
        .expect("parses");
        assert_eq!(cli.data_dir, PathBuf::from("/tmp/koffer"));
        let Command::Serve(args) = cli.command else {
            panic!("serve expected");
        };
        assert_eq!(args.listen.port(), 9000);
        assert_eq!(args.dist_dir, PathBuf::from("dist"));
        assert!(!args.demo);
    }

    #[test]
    fn a_malformed_address_is_a_clear_error() {
        let error = Cli::try_parse_from(["buergerkoffer", "serve", "--listen", "localhost"])
            .expect_err("refused");
        assert!(error.to_string().contains("--listen"), "{error}");
    }

    #[test]
    fn an_unknown_role_is_refused() {
        let error = Cli::try_parse_from([
            "buergerkoffer",
            "user",
            "add",
            "--municipality",
            "145245118180",
            "--username",
            "x",
            "--name",
            "X",
            "--role",
            "mayor",
        ])
        .expect_err("refused");
        assert!(error.to_string().contains("mayor"), "{error}");
    }
}
