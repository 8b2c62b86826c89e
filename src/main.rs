//! `jawab`: the command line and, with `TELOXIDE_TOKEN` set, the bot.

use std::process::ExitCode;

use clap::Parser;
use jawab::cli::{self, Cli};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
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
    cli::run(Cli::parse())
}
