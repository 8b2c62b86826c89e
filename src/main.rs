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
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    if cli.command.is_none() && std::env::var("TELOXIDE_TOKEN").is_ok_and(|t| !t.trim().is_empty()) {
        // Never print the token itself.
        log::warn!("TELOXIDE_TOKEN is set, but this version has no telegram bot yet; starting the terminal chat");
        eprintln!("jawab: TELOXIDE_TOKEN is set, but this version has no telegram bot yet; starting the terminal chat");
    }
    cli::run(cli)
}
