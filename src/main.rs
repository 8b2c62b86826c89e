//! `jawab`: the command line and, with `TELOXIDE_TOKEN` set, the bot.

use std::process::ExitCode;

use clap::Parser;
use jawab::cli::{self, Cli};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        // A reader that stopped early (`jawab chat | head`) is not an error.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            cli::exit::OK
        }
        Err(e) => {
            eprintln!("jawab: {e:#}");
            cli::exit::error()
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    // A missing .env is normal; a broken one is worth an error.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        anyhow::bail!("cannot read .env: {e}");
    }
    let cli = Cli::parse();
    // The bot reports each question at info; the command line only warns.
    let bot =
        matches!(cli.command, Some(cli::Command::Bot)) || (cli.command.is_none() && jawab::bot::token_configured());
    let level = if bot { "info" } else { "warn" };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level)).init();
    cli::run(cli)
}
