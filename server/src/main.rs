//! The `buergerkoffer` binary: parses the command line and runs the chosen subcommand.

use axum::serve::ListenerExt;
use domain::municipality::RegionalKey;
use domain::wire::Role;
use server::config::{
    AuditCommand, CaseCommand, CatalogueCommand, Command, DelegationCommand, DeviceCommand,
    LogFormat, MunicipalityCommand, RoleArg, ServeArgs, UserCommand,
};
use server::database::admin_log::COMMAND_LINE;
use server::database::{Db, Location};
use server::database::{catalogues, devices, municipalities, users};
use server::handover::export;
use server::{AppState, backup, database, demo, router};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// A sync push or pull of 500 cases makes tens of thousands of small allocations (parsed case
/// fields, SQL arguments, rows); glibc's allocator took a quarter of the server's time there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`; the sys crate names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once rather than after mimalloc's delay: a password
/// check (Argon2) frees 19 MiB in a blocking thread that then idles, and delayed, that memory
/// stayed with the server for good (the clerk-load benchmark prints the difference; pushes and
/// pulls take as long either way, as the sync benchmark shows).
#[allow(unsafe_code)]
fn return_freed_memory_at_once() {
    // SAFETY: sets one of mimalloc's options by value, which it reads at each purge; no pointer
    // is passed and any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

#[tokio::main]
async fn main() -> ExitCode {
    return_freed_memory_at_once();
    let cli = match server::config::file::parse() {
        Ok(cli) => cli,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    init_logging(cli.log_format);
    let location = Location::new(&cli.data_dir, cli.database_url.as_deref());
    let result = match cli.command {
        Command::Serve(args) => serve(location, &cli.data_dir, *args).await,
        Command::Backup { to } => backup::backup(location, &cli.data_dir, &to)
            .await
            .map(|done| say(&done)),
        Command::Restore { from } => {
            backup::restore(&cli.data_dir, &from, server::system_clock()())
                .await
                .map(|done| say(&done))
        }
        other => administer(location, &cli.data_dir, other).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn open_database(location: Location<'_>) -> Result<Db, String> {
    let place = match &location {
        Location::DataDir(dir) => format!("in {}", dir.display()),
        // Never log the URL: it may carry a password.
        Location::Url(_) => "behind --database-url".to_owned(),
    };
    database::open(location)
        .await
        .map_err(|error| format!("cannot open the database {place}: {error}"))
}

fn regional_key(text: &str) -> Result<RegionalKey, String> {
    RegionalKey::parse(text).map_err(|error| format!("{text}: {error}"))
}

/// Seeds the demo accounts and visits into an empty database and prints the accounts; leaves a
/// database with data alone (and says so: `false`).
async fn seed_demo(state: &AppState) -> Result<bool, String> {
    match demo::seed(&state.db, state.now())
        .await
        .map_err(|error| format!("demo data: {error}"))?
    {
        Some(accounts) => {
            let cases = demo::visits::seed(state)
                .await
                .map_err(|error| format!("{error:?}"))?;
            print_demo_accounts(&accounts);
            tracing::info!(cases, "demo visits of {} weeks filed", demo::visits::WEEKS);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Prints the demo accounts: the operator is meant to read them off the console.
#[allow(clippy::print_stdout)]
fn print_demo_accounts(accounts: &[demo::DemoAccount]) {
    println!("Demo-Zugänge (Passwort für alle: {}):", demo::DEMO_PASSWORD);
    for account in accounts {
        println!(
            "  {:<12} {:<16} {:<12} {}",
            account.username,
            account.display_name,
            account.role.as_str(),
            account.municipality
        );
    }
}

#[allow(clippy::print_stdout)]
async fn administer(
    location: Location<'_>,
    data_dir: &Path,
    command: Command,
) -> Result<(), String> {
    let db = open_database(location).await?;
    let outcome = match command {
        Command::Serve(_) | Command::Backup { .. } | Command::Restore { .. } => {
            unreachable!("handled before the database is opened")
        }
        Command::Municipality(MunicipalityCommand::Add {
            regional_key: key,
            name,
            offline_lease_days,
            places,
        }) => {
            let key = regional_key(&key)?;
            municipalities::create(&db, &key, &name, offline_lease_days, &places)
                .await
                .map(|()| format!("Gemeinde {name} ({key}) angelegt, mit dem Standardkatalog."))
        }
        Command::Catalogue(CatalogueCommand::Import {
            regional_key: key,
            file,
        }) => {
            let key = regional_key(&key)?;
            let json = std::fs::read_to_string(&file)
                .map_err(|error| format!("{} nicht lesbar: {error}", file.display()))?;
            match catalogues::parse(&json) {
                Ok(body) => catalogues::replace(
                    &db,
                    &key,
                    &body,
                    (COMMAND_LINE, (server::system_clock())()),
                )
                .await
                .map(|version| format!("Katalog von {key} ist nun Version {version}.")),
                Err(error) => Err(error),
            }
        }
        Command::Delegation(DelegationCommand::Add { serving, served }) => {
            let (serving, served) = (regional_key(&serving)?, regional_key(&served)?);
            municipalities::delegate(&db, &serving, &served)
                .await
                .map(|()| format!("{serving} betreut nun die Bürger von {served}."))
        }
        Command::User(UserCommand::Add {
            municipality,
            username,
            name,
            role,
        }) => {
            let municipality = regional_key(&municipality)?;
            let password = new_password()?;
            let role = match role {
                RoleArg::Clerk => Role::Clerk,
                RoleArg::BackOffice => Role::BackOffice,
                RoleArg::Admin => Role::Admin,
            };
            users::create(
                &db,
                users::NewUser {
                    municipality: &municipality,
                    username: &username,
                    display_name: &name,
                    role,
                    password: &password,
                },
                (COMMAND_LINE, (server::system_clock())()),
            )
            .await
            .map(|_| format!("{name} ({username}) angelegt."))
        }
        Command::User(UserCommand::List { municipality }) => {
            let municipality = municipality.as_deref().map(regional_key).transpose()?;
            let people = users::list(&db, municipality.as_ref())
                .await
                .map_err(|e| e.to_string())?;
            for person in people {
                let state = if person.disabled { "gesperrt" } else { "aktiv" };
                println!(
                    "{:<16} {:<24} {:<12} {}  {state}",
                    person.username,
                    person.display_name,
                    person.role.as_str(),
                    person.municipality
                );
            }
            Ok(String::new())
        }
        Command::User(UserCommand::Disable { username }) => {
            let now = (server::system_clock())();
            match users::disable(&db, &username, (COMMAND_LINE, now)).await {
                Ok(true) => Ok(format!(
                    "{username} gesperrt: Sitzungen beendet, eingerichtete Geräte gesperrt."
                )),
                Ok(false) => return Err(format!("Einen Benutzer {username} gibt es nicht.")),
                Err(error) => return Err(error.to_string()),
            }
        }
        Command::User(UserCommand::Password { username }) => {
            let password = new_password()?;
            let now = (server::system_clock())();
            match users::reset_password(&db, &username, &password, (COMMAND_LINE, now)).await {
                Ok(true) => Ok(format!("Neues Passwort für {username} gesetzt.")),
                Ok(false) => return Err(format!("Einen Benutzer {username} gibt es nicht.")),
                Err(error) => Err(error),
            }
        }
        Command::Audit(AuditCommand::Verify {
            regional_key: key,
            case_id,
        }) => {
            let key = regional_key(&key)?;
            let sealing_key = server::sealing::load(data_dir)?;
            let (events, problem) = server::database::record::load_and_check(
                &db,
                &key,
                &case_id,
                sealing_key.verifying_key(),
            )
            .await
            .map_err(|error| format!("{error:?}"))?;
            match problem {
                None => Ok(format!(
                    "Der Verlauf von {key}/{case_id} ist unversehrt: {} Ereignisse, vom Server versiegelt, Einreichungen vom Gerät unterschrieben.",
                    events.len()
                )),
                Some(problem) => return Err(format!("Verlauf von {key}/{case_id}: {problem}")),
            }
        }
        Command::Case(CaseCommand::Export {
            regional_key: key,
            case_id,
            all,
            out,
        }) => {
            let key = regional_key(&key)?;
            let sealing_key = std::sync::Arc::new(server::sealing::load(data_dir)?);
            let now_ms = server::system_clock()() * 1000;
            match case_id.filter(|_| !all) {
                Some(id) => Ok(export::one(&db, (&key, &id), &sealing_key, now_ms, &out).await?),
                None => Ok(export::all(&db, &key, &sealing_key, now_ms, &out).await?),
            }
        }
        Command::Route(command) => Ok(server::fitconnect::route_command::run(&db, command).await?),
        Command::Device(DeviceCommand::List) => {
            let rows = devices::list(&db).await.map_err(|e| e.to_string())?;
            for device in rows {
                let state = if device.revoked { "gesperrt" } else { "aktiv" };
                println!(
                    "{}  {}  {:<20} letzter Kontakt {}  {state}",
                    device.id, device.municipality, device.label, device.last_contact_at
                );
            }
            Ok(String::new())
        }
        Command::Device(DeviceCommand::Revoke { id }) => {
            let now = (server::system_clock())();
            match devices::revoke(&db, &id, (COMMAND_LINE, now)).await {
                Ok(true) => Ok(format!(
                    "Gerät {id} gesperrt; es löscht seine Daten beim nächsten Kontakt."
                )),
                Ok(false) => return Err(format!("Ein Gerät {id} gibt es nicht.")),
                Err(error) => return Err(error.to_string()),
            }
        }
        Command::Demo => {
            let sealing_key = server::sealing::load_or_create(data_dir)?;
            Ok(
                if seed_demo(&AppState::new(db.clone(), sealing_key)).await? {
                    String::new()
                } else {
                    "Die Datenbank ist nicht leer: keine Demo-Daten angelegt.".to_owned()
                },
            )
        }
        Command::Municipality(MunicipalityCommand::Quota {
            regional_key: key,
            megabytes,
        }) => {
            let key = regional_key(&key)?;
            let bytes = i64::try_from(megabytes.saturating_mul(1024 * 1024)).unwrap_or(i64::MAX);
            match server::database::storage::set_quota(&db, &key, bytes).await {
                Ok(true) => Ok(format!("Speicherplatz von {key}: {megabytes} MB.")),
                Ok(false) => return Err(format!("Eine Gemeinde {key} gibt es nicht.")),
                Err(error) => return Err(format!("{error:?}")),
            }
        }
    };
    db.close().await;
    let message = outcome.map_err(|error| error.to_string())?;
    if !message.is_empty() {
        say(&message);
    }
    Ok(())
}

/// What an admin command did, for the operator at the console.
#[allow(clippy::print_stdout)]
fn say(message: &str) {
    println!("{message}");
}

fn new_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("BUERGERKOFFER_NEW_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|error| format!("cannot read the password from stdin: {error}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Serves the app and the API; `data_dir` holds the record's sealing key (with PostgreSQL too).
async fn serve(location: Location<'_>, data_dir: &Path, args: ServeArgs) -> Result<(), String> {
    if !args.dist_dir.join("index.html").is_file() {
        return Err(format!(
            "no built app in {}: build it first (trunk build --release --offline)",
            args.dist_dir.display()
        ));
    }
    let backend = match location {
        Location::DataDir(dir) => format!("SQLite in {}", dir.display()),
        Location::Url(_) => "PostgreSQL".to_owned(),
    };
    // Held while serving: a restore must not replace the database under the server.
    let _data_dir = match location {
        Location::DataDir(dir) => Some(backup::ServerLock::hold(dir)?),
        Location::Url(_) => None,
    };
    let db = open_database(location).await?;
    let sealing_key = server::sealing::load_or_create(data_dir)?;
    let mut state = AppState::new(db.clone(), sealing_key);
    if args.demo && !seed_demo(&state).await? {
        tracing::info!(
            "the database is not empty: no demo data seeded (earlier demo accounts stay as they were)"
        );
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    let tls = args.tls();
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(url = %format!("{scheme}://{address}/"), database = %backend, dist_dir = %args.dist_dir.display(), "serving Bürgerkoffer");

    state.fit_connect = args.fit_connect().map(std::sync::Arc::new);
    state.turn = args.turn().map(std::sync::Arc::new);
    tracing::info!(
        turn = state.turn.is_some(),
        "video assistance relays through TURN"
    );
    state.trusted_proxies = std::sync::Arc::new(args.trusted_proxies);
    let relay = match (&args.smtp_relay, &args.mail_from) {
        (Some(url), Some(from)) => Some(server::mail::Relay::new(url, from)?),
        _ => None,
    };
    tracing::info!(mail = relay.is_some(), "mails to who booked a date");
    state.bookings = std::sync::Arc::new(server::tours::BookingSettings {
        public_url: args
            .public_url
            .clone()
            .map(|url| url.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("{scheme}://{address}")),
        relay,
        retention_days: args.booking_retention_days,
    });
    tracing::info!(
        fit_connect = state.fit_connect.is_some(),
        "submissions over FIT-Connect"
    );
    if let Some(metrics) = args.metrics_listen {
        let listener = tokio::net::TcpListener::bind(metrics)
            .await
            .map_err(|error| format!("cannot listen on {metrics}: {error}"))?;
        tracing::info!(url = %format!("http://{metrics}/metrics"), "serving metrics");
        let scrape = server::metrics::router(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, scrape).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
    }
    server::jobs::start(state.clone())?;
    let app = router(state, args.dist_dir);
    // Answers go out at once instead of waiting for the client's acknowledgement of the last
    // segment (Nagle), which can hold a response back by the delayed-ACK timer.
    let no_delay = |connection: &tokio::net::TcpStream| {
        if let Err(error) = connection.set_nodelay(true) {
            tracing::warn!(%error, "cannot set TCP_NODELAY");
        }
    };
    let served = match tls {
        None => {
            let listener = listener.tap_io(move |connection| no_delay(connection));
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await
        }
        Some(files) => {
            if let Some(plain) = args.http_redirect {
                let redirects = tokio::net::TcpListener::bind(plain)
                    .await
                    .map_err(|error| format!("cannot listen on {plain}: {error}"))?;
                tracing::info!(url = %format!("http://{plain}/"), "redirecting plain HTTP to HTTPS");
                tokio::spawn(async move {
                    let redirect = server::tls::redirect_to_https(address.port());
                    if let Err(error) = axum::serve(redirects, redirect).await {
                        tracing::error!(%error, "the HTTP redirect stopped");
                    }
                });
            }
            let app = app.layer(axum::middleware::from_fn(
                server::tls::strict_transport_security,
            ));
            let listener = server::tls::TlsListener::start(listener, files)?
                .tap_io(move |connection| no_delay(connection.get_ref().0));
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await
        }
    };
    served.map_err(|error| format!("server stopped: {error}"))?;
    // Flush the WAL so the database file is complete on its own when the operator copies it.
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
