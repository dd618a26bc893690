//! The configuration file (`/etc/buergerkoffer/config.toml` in the Debian package): each entry
//! names a flag by its long name and becomes that flag's default, so that the command line and
//! the environment still win over it. Only flags the server reads at start belong there: the
//! global ones and those of `serve`.

use super::Cli;
use clap::{Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Where the Debian package puts it; read only when it exists.
pub const DEFAULT_PATH: &str = "/etc/buergerkoffer/config.toml";

/// The command line as `Cli`, with the configuration file's entries as defaults. Exits the
/// process as clap does for `--help`, `--version` and malformed flags.
pub fn parse() -> Result<Cli, String> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let path = named_path(&args)
        .or_else(|| std::env::var_os("BUERGERKOFFER_CONFIG").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
    let command = match std::fs::read_to_string(&path) {
        Ok(text) => with_entries(Cli::command(), &text, &path)?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Cli::command(),
        Err(error) => {
            return Err(format!(
                "Die Konfiguration {} ist nicht lesbar: {error}",
                path.display()
            ));
        }
    };
    Cli::from_arg_matches(&command.get_matches_from(args)).map_err(|error| error.to_string())
}

/// `--config PATH` or `--config=PATH` on the command line, before clap reads it (the file
/// changes what clap is told).
fn named_path(args: &[OsString]) -> Option<PathBuf> {
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_str()?;
        if arg == "--config" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// `command` with each entry of the file `text` (at `path`) as the default of its flag.
pub fn with_entries(mut command: Command, text: &str, path: &Path) -> Result<Command, String> {
    let where_ = path.display();
    let table: toml::Table = text
        .parse()
        .map_err(|error| format!("Die Konfiguration {where_} ist kein gültiges TOML: {error}"))?;
    for (key, value) in table {
        let values = match value {
            toml::Value::String(text) => vec![text],
            toml::Value::Integer(number) => vec![number.to_string()],
            toml::Value::Boolean(yes) => vec![yes.to_string()],
            toml::Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    toml::Value::String(text) => Ok(text),
                    _ => Err(format!(
                        "„{key}“ in {where_}: eine Liste hält nur Texte in Anführungszeichen."
                    )),
                })
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(format!(
                    "„{key}“ in {where_}: erwartet wird ein Text, eine Zahl, true/false oder eine Liste von Texten."
                ));
            }
        };
        command = match settable(&command, &key) {
            Some((Level::Global, id)) => command.mut_arg(id, |arg| arg.default_values(values)),
            Some((Level::Serve, id)) => command.mut_subcommand("serve", |serve| {
                serve.mut_arg(id, |arg| arg.default_values(values))
            }),
            None => {
                return Err(format!(
                    "Unbekannter Eintrag „{key}“ in {where_}. Möglich sind: {}.",
                    settable_keys(&command).join(", ")
                ));
            }
        };
    }
    Ok(command)
}

#[derive(Debug, Clone, Copy)]
enum Level {
    Global,
    Serve,
}

/// Where the flag named `key` is and its id, if the file may set it (not `config` itself, nor
/// help or version).
fn settable(command: &Command, key: &str) -> Option<(Level, String)> {
    let named = |command: &Command| {
        command
            .get_arguments()
            .find(|arg| arg.get_long() == Some(key) && arg.get_env().is_some())
            .map(|arg| arg.get_id().to_string())
    };
    if key == "config" {
        return None;
    }
    named(command).map(|id| (Level::Global, id)).or_else(|| {
        let serve = command.find_subcommand("serve")?;
        named(serve).map(|id| (Level::Serve, id))
    })
}

/// Every key the file may hold: the long names of the global flags and those of `serve`.
pub fn settable_keys(command: &Command) -> Vec<String> {
    let serve = command.find_subcommand("serve").into_iter();
    std::iter::once(command)
        .chain(serve)
        .flat_map(Command::get_arguments)
        .filter_map(|arg| arg.get_long())
        .filter(|key| settable(command, key).is_some())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Command as Subcommand;

    fn parsed(file: &str, args: &[&str]) -> Result<Cli, String> {
        let command = with_entries(Cli::command(), file, Path::new("config.toml"))?;
        let args = std::iter::once("buergerkoffer").chain(args.iter().copied());
        let matches = command
            .try_get_matches_from(args)
            .map_err(|error| error.to_string())?;
        Cli::from_arg_matches(&matches).map_err(|error| error.to_string())
    }

    fn serve_args(cli: Cli) -> crate::config::ServeArgs {
        match cli.command {
            Subcommand::Serve(args) => *args,
            other => panic!("not serve: {other:?}"),
        }
    }

    #[test]
    fn every_flag_of_the_server_can_be_set_in_the_file() {
        let keys = settable_keys(&Cli::command());
        for key in [
            "log-format",
            "data-dir",
            "database-url",
            "listen",
            "dist-dir",
            "demo",
            "trusted-proxy",
            "tls-cert",
            "tls-key",
            "http-redirect",
            "metrics-listen",
        ] {
            assert!(keys.iter().any(|k| k == key), "{key} missing in {keys:?}");
        }
        // Every flag with an environment variable is settable, so a new flag cannot be missed.
        let with_env = Cli::command()
            .get_arguments()
            .chain(
                Cli::command()
                    .find_subcommand("serve")
                    .expect("serve")
                    .get_arguments(),
            )
            .filter(|arg| arg.get_env().is_some() && arg.get_long() != Some("config"))
            .count();
        assert_eq!(keys.len(), with_env);
    }

    #[test]
    fn the_file_sets_defaults_and_flags_win() {
        let file = r#"
            data-dir = "/var/lib/buergerkoffer"
            listen = "0.0.0.0:8443"
            demo = true
            trusted-proxy = ["10.0.0.1", "10.0.0.2"]
            tls-cert = "/etc/buergerkoffer/cert.pem"
            tls-key = "/etc/buergerkoffer/key.pem"
        "#;
        let cli = parsed(file, &["serve"]).expect("parsed");
        assert_eq!(cli.data_dir, PathBuf::from("/var/lib/buergerkoffer"));
        let serve = serve_args(cli);
        assert_eq!(serve.listen.to_string(), "0.0.0.0:8443");
        assert!(serve.demo);
        assert_eq!(serve.trusted_proxies.len(), 2);
        assert!(serve.tls().is_some());

        let cli = parsed(
            file,
            &["--data-dir", "/tmp/k", "serve", "--listen", "127.0.0.1:9"],
        )
        .expect("parsed");
        assert_eq!(cli.data_dir, PathBuf::from("/tmp/k"));
        assert_eq!(serve_args(cli).listen.to_string(), "127.0.0.1:9");
        // Global flags reach the administration commands too.
        let cli = parsed(file, &["user", "list"]).expect("parsed");
        assert_eq!(cli.data_dir, PathBuf::from("/var/lib/buergerkoffer"));
    }

    #[test]
    fn the_packaged_settings_file_reads_and_names_every_flag() {
        let shipped = include_str!("../../debian/config.toml");
        let cli = parsed(shipped, &["serve"]).expect("the file as shipped");
        assert_eq!(cli.data_dir, PathBuf::from("/var/lib/buergerkoffer"));
        // Each flag the file leaves out is there as an example in a comment.
        let examples: String = shipped
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(entry) if entry.contains(" = ") => entry,
                _ => line,
            })
            .flat_map(|line| [line, "\n"])
            .collect();
        let table: toml::Table = examples.parse().expect("the examples are TOML");
        for key in settable_keys(&Cli::command()) {
            assert!(
                table.contains_key(&key),
                "{key} is not in debian/config.toml"
            );
        }
        parsed(&examples, &["serve"]).expect("every example reads");
    }

    #[test]
    fn a_wrong_entry_is_refused_with_a_sentence() {
        for (file, says) in [
            ("lisen = \"0.0.0.0:80\"", "Unbekannter Eintrag „lisen“"),
            ("config = \"/etc/x.toml\"", "Unbekannter Eintrag „config“"),
            ("listen = [1, 2]", "nur Texte"),
            ("listen = 1.5", "erwartet wird"),
            ("listen = ", "kein gültiges TOML"),
        ] {
            let error = parsed(file, &["serve"]).expect_err(file);
            assert!(error.contains(says), "{file}: {error}");
        }
        assert!(parsed("listen = \"nicht-da\"", &["serve"]).is_err());
    }
}
