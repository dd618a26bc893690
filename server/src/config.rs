//! Command line and environment: every flag can also be set as `BUERGERKOFFER_*`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "buergerkoffer",
    version,
    about = "Server des Bürgerkoffers: hält die App bereit und gleicht Fälle ab."
)]
pub struct Cli {
    /// How log lines are written: readable for a terminal, or one JSON object per line.
    #[arg(long, env = "BUERGERKOFFER_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the API.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Keep it on 127.0.0.1 unless a reverse proxy with TLS sits in front.
    #[arg(long, env = "BUERGERKOFFER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for the embedded SQLite database.
    #[arg(long, env = "BUERGERKOFFER_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The built app (Trunk's output).
    #[arg(long, env = "BUERGERKOFFER_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,
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
        let Command::Serve(args) = cli.command;
        assert_eq!(args.listen.port(), 9000);
        assert_eq!(args.data_dir, PathBuf::from("/tmp/koffer"));
        assert_eq!(args.dist_dir, PathBuf::from("dist"));
    }

    #[test]
    fn a_malformed_address_is_a_clear_error() {
        let error = Cli::try_parse_from(["buergerkoffer", "serve", "--listen", "localhost"])
            .expect_err("refused");
        assert!(error.to_string().contains("--listen"), "{error}");
    }
}
